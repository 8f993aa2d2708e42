// Lecture 001's Lightning model, written as the lecture writes it, for the tests and the benchmark,
// and a way to run code with its output captured (as a kernel would see it).
import { torch } from '../../runtime/src';
import * as pl from '../../runtime/src/lightning';
import * as torchmetrics from '../../runtime/src/metrics';
import { withKernel, Sent } from './fake_kernel';

const { nn } = torch;
export type Batch = { X: torch.Tensor; y: torch.Tensor };

/** Lecture 001's PLFeedForwardClassifier, written as the lecture writes it (layers in a plain array). */
export class PLFeedForwardClassifier extends pl.LightningModule {
  layer_0: torch.nn.Linear; layer_1: torch.nn.Linear; layer_2: torch.nn.Linear;
  layers: torch.nn.Linear[];
  output_layer: torch.nn.Linear;
  learning_rate: number;
  train_accuracy: torchmetrics.BinaryAccuracy; val_accuracy: torchmetrics.BinaryAccuracy;
  constructor(vocab_size: number, num_classes = 2, learning_rate = 1e-3) {
    super();
    this.layer_0 = new nn.Linear(vocab_size, 100);
    this.layer_1 = new nn.Linear(100, 100);
    this.layer_2 = new nn.Linear(100, 100);
    this.layers = [this.layer_0, this.layer_1, this.layer_2];
    this.output_layer = new nn.Linear(100, num_classes, { bias: true });
    this.learning_rate = learning_rate;
    this.train_accuracy = torchmetrics.Accuracy({ task: 'binary' });
    this.val_accuracy = torchmetrics.Accuracy({ task: 'binary' });
  }
  override forward({ X, y }: Batch) {
    let intermediate = X;
    for (const layer of this.layers) intermediate = layer(intermediate);
    const py_logits = this.output_layer(intermediate);
    const py_probs = nn.functional.softmax(py_logits, { dim: 1 });
    const py = torch.argmax(py_logits, { dim: 1 });
    const loss = nn.functional.cross_entropy(py_logits, y, { reduction: 'mean' });
    return { py_probs, py, loss };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override configure_optimizers(): any { return [new torch.optim.Adam(this.parameters(), { lr: this.learning_rate })]; }
  override training_step(batch: Batch, batch_idx: number) {
    const result = this.forward(batch);
    this.log('train loss', result.loss);
    this.train_accuracy.update(result.py, batch.y);
    return result.loss;
  }
  override training_epoch_end(outs: unknown[]) {
    this.log('train accuracy', this.train_accuracy);
    console.log('Training accuracy:', String(this.train_accuracy.compute()));
  }
  override validation_step(batch: Batch, batch_idx: number) {
    const result = this.forward(batch);
    this.val_accuracy(result.py, batch.y);
    return result.loss;
  }
  override validation_epoch_end(outs: unknown[]) {
    this.log('val_accuracy', this.val_accuracy);
    console.log('Validation accuracy:', String(this.val_accuracy.compute()));
  }
}


/**
 * Lecture 001's summary of this model on SST-2's 10106-word vocabulary (1.0 M / 10.1 K / 10.1 K / 202
 * params; 4.124 MB), in _format_summary_table's layout (utilities/model_summary/model_summary.py, 1.9):
 * columns left-aligned to their widest cell, ' | ' between, dashes as wide as all columns + 3 each.
 */
export const LECTURE_SUMMARY = [
  '  | Name           | Type           | Params',
  '--------------------------------------------------',
  '0 | layer_0        | Linear         | 1.0 M ',
  '1 | layer_1        | Linear         | 10.1 K',
  '2 | layer_2        | Linear         | 10.1 K',
  '3 | output_layer   | Linear         | 202   ',
  '4 | train_accuracy | BinaryAccuracy | 0     ',
  '5 | val_accuracy   | BinaryAccuracy | 0     ',
  '--------------------------------------------------',
  '1.0 M     Trainable params',
  '0         Non-trainable params',
  '1.0 M     Total params',
  '4.124     Total estimated model params size (MB)',
].join('\n');

/** Run fn with stdout and stderr captured (and, with `kernel`, a kernel's side of the display protocol faked). */
export function capture<T>(fn: () => T, kernel?: (sent: Sent) => void): { value: T; stdout: string; stderr: string } {
  const out: string[] = [], err: string[] = [];
  const [o, e] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => { out.push(String(s)); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err.push(String(s)); return true; }) as typeof process.stderr.write;
  try {
    if (!kernel) return { value: fn(), stdout: out.join(''), stderr: err.join('') };
    const { value, sent } = withKernel(() => fn());
    sent.forEach(kernel);
    return { value, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = o; process.stderr.write = e;
  }
}
