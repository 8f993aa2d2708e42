// pl (Lightning 1.9) on small data: the summary table, the order of hooks, messages, the progress
// display, logging to TensorBoard, early stopping, evaluation and prediction. pytorch_lightning is
// not installed for the oracle; where a test needs Lightning's behaviour it cites the source or
// Lightning's own tests (1.9.5) it follows.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch } from '../../runtime/src';
import * as pl from '../../runtime/src/lightning';
import * as torchmetrics from '../../runtime/src/metrics';
import { Sent } from './fake_kernel';
import { messages } from '../../runtime/src/utils/tensorboard/schema';
import { resetwarnings } from '../../runtime/src/warnings';
import { Batch, PLFeedForwardClassifier, capture, LECTURE_SUMMARY } from './pl_lecture';

const { nn } = torch;

class DS extends torch.utils.data.Dataset<Batch> {
  constructor(readonly X: torch.Tensor, readonly y: torch.Tensor) { super(); }
  override __len__() { return this.y.shape[0]; }
  override __getitem__(i: number): Batch { return { X: this.X.index(i), y: this.y.index(i) }; }
}

/** A separable two-class problem: n rows of 8 features. */
function data(n: number, seed = 0): DS {
  torch.manual_seed(seed);
  const X = torch.randn(n, 8);
  const y = X.matmul(torch.linspace(-1, 1, 8).reshape([8, 1])).squeeze().gt(0).long();
  return new DS(X, y);
}
const loader = (ds: DS, batch_size: number, shuffle = false) => new torch.utils.data.DataLoader(ds, { batch_size, shuffle });

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-pl-')); resetwarnings(); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('Lightning model summary', () => {
  // utilities/model_summary/model_summary.py, get_human_readable_count's doctest.
  it("get_human_readable_count as Lightning's doctest shows it", () => {
    const { get_human_readable_count } = pl.utilities;
    assert.deepEqual([123, 1234, 2e6, 3e9, 4e14, 5e15].map(get_human_readable_count), ['123  ', '1.2 K', '2.0 M', '3.0 B', '400 T', '5,000 T']);
  });

  it("lists the lecture model's registered children with the lecture's numbers (not the plain array)", () => {
    const model = new PLFeedForwardClassifier(10106);
    // Lecture 001's table (1.0 M / 10.1 K / 10.1 K / 202; 4.124 MB) in _format_summary_table's layout:
    // columns left-aligned to their widest cell, ' | ' between, dashes as wide as all columns + 3 each.
    assert.equal(String(pl.summarize(model)), LECTURE_SUMMARY);
  });

  it('counts frozen parameters as non-trainable, and max_depth -1 lists every module', () => {
    const model = new PLFeedForwardClassifier(50);
    model.layer_0.requires_grad_(false);
    const s = pl.summarize(model, -1);
    assert.equal(s.trainable_parameters, 100 * 100 * 2 + 200 + 202);
    assert.match(String(s), /\n5\.1 K {5}Non-trainable params\n/);
  });
});

describe('Lightning fit', function () {
  this.timeout(60000);

  it('calls the hooks in the order Lightning does', () => {
    // The order of tests/tests_pytorch/models/test_hooks.py (test_trainer_model_hook_system_fit and
    // _auto_train_batch / _eval_epoch, 1.9.5), which records a hook when it returns; here hooks are
    // recorded when called, so optimizer_step comes before the training_step its closure runs.
    const called: string[] = [];
    const HOOKS = ['setup', 'configure_optimizers', 'on_fit_start', 'on_sanity_check_start', 'on_sanity_check_end', 'on_validation_model_eval',
      'on_validation_start', 'on_validation_epoch_start', 'on_validation_batch_start', 'validation_step', 'validation_step_end', 'on_validation_batch_end',
      'validation_epoch_end', 'on_validation_epoch_end', 'on_validation_end', 'on_validation_model_train', 'on_train_start', 'on_train_epoch_start',
      'on_before_batch_transfer', 'transfer_batch_to_device', 'on_after_batch_transfer', 'on_train_batch_start', 'training_step', 'training_step_end',
      'on_before_zero_grad', 'optimizer_zero_grad', 'on_before_backward', 'backward', 'on_after_backward', 'on_before_optimizer_step',
      'configure_gradient_clipping', 'clip_gradients', 'optimizer_step', 'on_train_batch_end', 'training_epoch_end', 'on_train_epoch_end', 'on_train_end',
      'on_fit_end', 'teardown', 'on_save_checkpoint'];
    class Hooked extends pl.LightningModule {
      lin = new nn.Linear(8, 2);
      override configure_optimizers() { return new torch.optim.SGD(this.parameters(), { lr: 0.1 }); }
      override training_step(b: Batch) { return nn.functional.cross_entropy(this.lin(b.X), b.y); }
      override training_step_end(o: unknown) { return o; }
      override validation_step(b: Batch) { return { x: nn.functional.cross_entropy(this.lin(b.X), b.y) }; }
      override validation_step_end(o: unknown) { return o; }
      override training_epoch_end(outs: unknown[]) { assert.equal(outs.length, 2); }
      override validation_epoch_end(outs: unknown[]) { assert.equal(outs.length, 1); }
    }
    const model = new Hooked();
    for (const h of HOOKS) {
      const f = (model as unknown as Record<string, (...a: unknown[]) => unknown>)[h];
      (model as unknown as Record<string, unknown>)[h] = (...a: unknown[]) => { called.push(h); return f.apply(model, a); };
    }
    class Recorder extends pl.Callback {}
    const cbHooks = ['setup', 'on_fit_start', 'on_sanity_check_start', 'on_sanity_check_end', 'on_validation_start', 'on_validation_epoch_start',
      'on_validation_batch_start', 'on_validation_batch_end', 'on_validation_epoch_end', 'on_validation_end', 'on_train_start', 'on_train_epoch_start',
      'on_train_batch_start', 'on_before_zero_grad', 'on_before_backward', 'on_after_backward', 'on_before_optimizer_step', 'on_train_batch_end',
      'on_train_epoch_end', 'on_train_end', 'on_fit_end', 'teardown', 'state_dict', 'on_save_checkpoint'];
    const rec = new Recorder();
    for (const h of cbHooks) (rec as unknown as Record<string, unknown>)[h] = () => { called.push(`Callback.${h}`); return {}; };
    const trainer = capture(() => new pl.Trainer({ max_epochs: 1, num_sanity_val_steps: 1, callbacks: [rec], logger: false, enable_checkpointing: false, enable_progress_bar: false, enable_model_summary: false, default_root_dir: tmp })).value;
    capture(() => trainer.fit(model, loader(data(8), 4), loader(data(4, 1), 4)));
    const evalEpoch = ['Callback.on_validation_epoch_start', 'on_validation_epoch_start',
      'on_before_batch_transfer', 'transfer_batch_to_device', 'on_after_batch_transfer', 'Callback.on_validation_batch_start', 'on_validation_batch_start',
      'validation_step', 'validation_step_end', 'Callback.on_validation_batch_end', 'on_validation_batch_end',
      'validation_epoch_end', 'Callback.on_validation_epoch_end', 'on_validation_epoch_end'];
    const validation = ['on_validation_model_eval', 'Callback.on_validation_start', 'on_validation_start', ...evalEpoch,
      'Callback.on_validation_end', 'on_validation_end', 'on_validation_model_train'];
    const trainBatch = ['on_before_batch_transfer', 'transfer_batch_to_device', 'on_after_batch_transfer', 'Callback.on_train_batch_start', 'on_train_batch_start',
      'optimizer_step', 'training_step', 'training_step_end', 'Callback.on_before_zero_grad', 'on_before_zero_grad', 'optimizer_zero_grad',
      'Callback.on_before_backward', 'on_before_backward', 'backward', 'Callback.on_after_backward', 'on_after_backward',
      'Callback.on_before_optimizer_step', 'on_before_optimizer_step', 'configure_gradient_clipping', 'clip_gradients',
      'Callback.on_train_batch_end', 'on_train_batch_end'];
    assert.deepEqual(called, [
      'Callback.setup', 'setup', 'configure_optimizers', 'Callback.on_fit_start', 'on_fit_start',
      'Callback.on_sanity_check_start', ...validation, 'Callback.on_sanity_check_end',
      'Callback.on_train_start', 'on_train_start', 'Callback.on_train_epoch_start', 'on_train_epoch_start', ...trainBatch, ...trainBatch,
      ...validation, 'training_epoch_end', 'Callback.on_train_epoch_end', 'on_train_epoch_end',
      'Callback.on_train_end', 'on_train_end', 'Callback.on_fit_end', 'on_fit_end', 'Callback.teardown', 'teardown',
    ]);
  });

  it("trains the lecture's model with val_check_interval 0.25: summary, messages, one progress display, the fit-end message", () => {
    const sent: Sent[] = [];
    const run = capture(() => {
      torch.manual_seed(0);
      const model = new PLFeedForwardClassifier(8, 2, 0.01);
      const trainer = new pl.Trainer({ max_epochs: 2, val_check_interval: 0.25, default_root_dir: tmp, enable_checkpointing: false, callbacks: [new pl.callbacks.TQDMProgressBar({ refresh_rate: 1 })] });
      trainer.fit(model, { train_dataloaders: loader(data(256), 16, true), val_dataloaders: loader(data(64, 1), 16) });
      return { trainer, model };
    }, (m) => sent.push(m));
    const { trainer, model } = run.value;
    // Messages, in Lightning's words, on stderr.
    const err = run.stderr.split('\n');
    assert.deepEqual(err.slice(0, 4), ['GPU available: False, used: False', 'TPU available: False, using: 0 TPU cores', 'IPU available: False, using: 0 IPUs', 'HPU available: False, using: 0 HPUs']);
    assert.ok(err.includes(`Missing logger folder: ${path.join(tmp, 'lightning_logs')}`));
    assert.ok(run.stderr.includes('\n  | Name           | Type           | Params\n'));
    assert.ok(run.stderr.includes('\n4 | train_accuracy | BinaryAccuracy | 0     \n'));
    assert.ok(err.includes('`Trainer.fit` stopped: `max_epochs=2` reached.'));
    // The lecture's prints: a sanity check on 2 batches, then 4 validations an epoch, one training accuracy an epoch.
    const out = run.stdout.split('\n').filter(Boolean);
    assert.equal(out.filter((l) => l.startsWith('Validation accuracy: tensor(')).length, 1 + 4 * 2);
    assert.equal(out.filter((l) => l.startsWith('Training accuracy: tensor(')).length, 2);
    // One display, shown once and then updated in place; its last frame is the finished main bar:
    // 16 training batches + 4 validation runs of 4 batches.
    assert.ok(sent.length >= 2);
    assert.equal(new Set(sent.map((s) => s.display_id)).size, 1);
    assert.deepEqual(sent.map((s) => s.update), [false, ...Array(sent.length - 1).fill(true)]);
    const last = String(sent[sent.length - 1].bundle['text/plain']);
    assert.match(last, /^Epoch 1: 100%\|██████████\| 32\/32 \[\d\d:\d\d<00:00, +\d+\.\d\dit\/s, loss=[\d.]+, v_num=0\]$/);
    assert.match(String(sent[sent.length - 1].bundle['text/html']), /Epoch 1: 100%/);
    assert.equal(trainer.global_step, 32);
    assert.equal(trainer.current_epoch, 2);
    assert.ok((trainer.callback_metrics.val_accuracy as torch.Tensor).item() > 0.8, 'learns the separable problem');
    assert.ok(model.training, 'back in training mode');
    assert.equal(model.val_accuracy._update_count, 0, 'logged metrics are reset after each epoch');
  });

  it('prints plain progress lines without a kernel, and none with enable_progress_bar: false', () => {
    const fit = (opts: pl.TrainerOptions) => capture(() => {
      const t = new pl.Trainer({ max_epochs: 1, default_root_dir: tmp, logger: false, enable_checkpointing: false, ...opts });
      t.fit(new PLFeedForwardClassifier(8), loader(data(64), 16), loader(data(32, 1), 16));
    }).stdout;
    assert.match(fit({}), /Epoch 0: 100%\|██████████\| 6\/6 \[/);
    assert.doesNotMatch(fit({ enable_progress_bar: false }), /Epoch 0/);
  });

  it('logs to TensorBoard in lightning_logs/version_N: step values every log_every_n_steps, epoch values, the epoch', () => {
    const fitOnce = () => capture(() => {
      const t = new pl.Trainer({ max_epochs: 2, log_every_n_steps: 2, default_root_dir: tmp, enable_checkpointing: false, enable_progress_bar: false });
      t.fit(new PLFeedForwardClassifier(8), loader(data(64), 16), loader(data(32, 1), 16));
      return t;
    });
    const { value: trainer, stderr } = fitOnce();
    assert.ok(!stderr.includes('PossibleUserWarning: The number of training batches'));
    assert.equal(trainer.log_dir, path.join(tmp, 'lightning_logs', 'version_0'));
    const files = fs.readdirSync(trainer.log_dir);
    assert.ok(files.includes('hparams.yaml'));
    assert.equal(fs.readFileSync(path.join(trainer.log_dir, 'hparams.yaml'), 'utf8'), '{}\n');
    const scalars = readScalars(path.join(trainer.log_dir, files.find((f) => f.startsWith('events.out.tfevents'))!));
    // 4 batches an epoch, logged when (batches stepped + 1) % 2 == 0: after batches 2, 4, 6, 8 at steps 1, 3, 5, 7.
    assert.deepEqual(scalars.get('train loss')!.map(([s]) => s), [1, 3, 5, 7]);
    assert.deepEqual(scalars.get('val_accuracy')!.map(([s]) => s), [3, 7]);
    assert.deepEqual(scalars.get('train accuracy')!.map(([s]) => s), [3, 7]);
    assert.deepEqual(scalars.get('epoch')!.map(([s, v]) => [s, v]), [[1, 0], [3, 0], [3, 0], [3, 0], [5, 1], [7, 1], [7, 1], [7, 1]]);
    // A second run goes to version_1.
    assert.equal(fitOnce().value.log_dir, path.join(tmp, 'lightning_logs', 'version_1'));
  });

  it('stops early when the monitored metric stalls', () => {
    class Stalled extends PLFeedForwardClassifier {
      override configure_optimizers() { return new torch.optim.SGD(this.parameters(), { lr: 0 }); }
      override validation_epoch_end() { this.log('val_accuracy', this.val_accuracy); }
    }
    const es = new pl.callbacks.EarlyStopping({ monitor: 'val_accuracy', mode: 'max', patience: 2, verbose: true });
    const { value: trainer, stderr } = capture(() => {
      const t = new pl.Trainer({ max_epochs: 20, callbacks: [es], default_root_dir: tmp, logger: false, enable_checkpointing: false, enable_progress_bar: false });
      t.fit(new Stalled(8), loader(data(64), 16), loader(data(32, 1), 16));
      return t;
    });
    // Epoch 0 sets the best score, epochs 1 and 2 do not improve it: stop after epoch 2.
    assert.equal(trainer.current_epoch, 3);
    assert.equal(es.stopped_epoch, 2);
    assert.equal(es.wait_count, 2);
    assert.ok(trainer.should_stop);
    assert.match(stderr, /Metric val_accuracy improved\. New best score: 0\.\d{3}\n/);
    assert.match(stderr, /Monitored metric val_accuracy did not improve in the last 2 records\. Best score: 0\.\d{3}\. Signaling Trainer to stop\.\n/);
    assert.ok(!stderr.includes('`Trainer.fit` stopped: `max_epochs'));
  });

  it("keeps training while the metric improves, and checks after each validation when validating within epochs", () => {
    const es = new pl.callbacks.EarlyStopping({ monitor: 'val_accuracy', mode: 'max', patience: 100 });
    const { value: trainer } = capture(() => {
      const t = new pl.Trainer({ max_epochs: 2, val_check_interval: 0.5, callbacks: [es], default_root_dir: tmp, logger: false, enable_checkpointing: false, enable_progress_bar: false });
      t.fit(new PLFeedForwardClassifier(8, 2, 0.05), loader(data(64), 16), loader(data(32, 1), 16));
      return t;
    });
    assert.equal(es._check_on_train_epoch_end, false);
    assert.equal(trainer.current_epoch, 2);
    assert.ok(es.best_score.item() > 0.5);
    assert.throws(() => new pl.callbacks.EarlyStopping({ monitor: 'x', mode: 'avg' as 'min' }), { name: 'MisconfigurationException', message: '`mode` can be min, max, got avg' });
    // min_delta: an improvement smaller than it counts as none.
    const strict = new pl.callbacks.EarlyStopping({ monitor: 'm', mode: 'max', min_delta: 0.1, patience: 1 });
    assert.deepEqual(strict._evaluate_stopping_criteria(torch.tensor(0.5)), [false, 'Metric m improved. New best score: 0.500']);
    assert.deepEqual(strict._evaluate_stopping_criteria(torch.tensor(0.55)), [true, 'Monitored metric m did not improve in the last 1 records. Best score: 0.500. Signaling Trainer to stop.']);
  });

  it('stops at max_steps, accumulates gradients, clips them, and steps schedulers', () => {
    class Sched extends PLFeedForwardClassifier {
      norms: number[] = [];
      override configure_optimizers() {
        const opt = new torch.optim.SGD(this.parameters(), { lr: 1.0 });
        return { optimizer: opt, lr_scheduler: { scheduler: new torch.optim.lr_scheduler.StepLR(opt, 1, 0.5), interval: 'step' } };
      }
      override on_before_optimizer_step() {}
      override on_train_batch_end() {
        const g = [...this.parameters()].map((p) => p.grad!.reshape([-1]));
        this.norms.push(torch.cat(g).norm().item());
      }
    }
    const model = new Sched(8);
    const { value: trainer, stderr } = capture(() => {
      const t = new pl.Trainer({ max_steps: 3, accumulate_grad_batches: 2, gradient_clip_val: 0.01, callbacks: [new pl.callbacks.LearningRateMonitor()], default_root_dir: tmp, enable_checkpointing: false, enable_progress_bar: false, log_every_n_steps: 1 });
      t.fit(model, loader(data(64), 8));
      return t;
    });
    assert.equal(trainer.global_step, 3);
    assert.ok(stderr.includes('`Trainer.fit` stopped: `max_steps=3` reached.'));
    assert.equal(model.norms.length, 6, 'two batches per optimizer step');
    for (const i of [1, 3, 5]) assert.ok(model.norms[i] <= 0.01 + 1e-6, `clipped norm ${model.norms[i]}`);
    assert.equal(trainer.optimizers[0].param_groups[0].lr, 0.125);
    const scalars = readScalars(eventFile(trainer.log_dir));
    assert.deepEqual(scalars.get('lr-SGD')!.map(([, v]) => v), [1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('saves checkpoints: the latest by default, the top k of a monitored metric, readable by Python and load_from_checkpoint', () => {
    class WithValLoss extends PLFeedForwardClassifier {
      override validation_step(batch: Batch, batch_idx: number) { const loss = super.validation_step(batch, batch_idx); this.log('val_loss', loss); return loss; }
    }
    const best = new pl.callbacks.ModelCheckpoint({ monitor: 'val_loss', save_top_k: 2, filename: '{epoch}-{val_loss:.3f}', dirpath: path.join(tmp, 'best') });
    const { value: trainer } = capture(() => {
      torch.manual_seed(0);
      const t = new pl.Trainer({ max_epochs: 3, default_root_dir: tmp, enable_progress_bar: false, callbacks: [best] });
      t.fit(new WithValLoss(8, 2, 0.01), loader(data(64), 16), loader(data(32, 1), 16));
      return t;
    });
    // Lightning adds no default ModelCheckpoint when one is given.
    assert.equal(trainer.checkpoint_callbacks.length, 1);
    const files = fs.readdirSync(path.join(tmp, 'best')).sort();
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => /^epoch=\d-val_loss=\d+\.\d{3}\.ckpt$/.test(f)), files.join());
    assert.equal(path.dirname(best.best_model_path), path.join(tmp, 'best'));
    const scores = [...best.best_k_models.values()].map((t) => t.item());
    assert.equal(best.best_model_score!.item(), Math.min(...scores));
    // The default checkpoint: one file, the last epoch, in the logger's version directory.
    const { value: t2 } = capture(() => {
      const t = new pl.Trainer({ max_epochs: 2, default_root_dir: tmp, enable_progress_bar: false });
      t.fit(new PLFeedForwardClassifier(8), loader(data(64), 16), loader(data(32, 1), 16));
      return t;
    });
    const ckptDir = path.join(tmp, 'lightning_logs', 'version_1', 'checkpoints');
    assert.deepEqual(fs.readdirSync(ckptDir), ['epoch=1-step=8.ckpt']);
    assert.equal(t2.checkpoint_callback!.best_model_path, path.join(ckptDir, 'epoch=1-step=8.ckpt'));
    // PyTorch reads it.
    const py = execFileSync('/usr/bin/python3', ['-c', [
      'import sys, json, torch', 'c = torch.load(sys.argv[1])',
      'print(json.dumps({"epoch": c["epoch"], "global_step": c["global_step"], "version": c["pytorch-lightning_version"], "keys": list(c["state_dict"].keys()), "opt": len(c["optimizer_states"]), "w": c["state_dict"]["output_layer.bias"].tolist()}))',
    ].join('\n'), t2.checkpoint_callback!.best_model_path], { encoding: 'utf8' });
    const c = JSON.parse(py);
    assert.deepEqual([c.epoch, c.global_step, c.version, c.opt], [1, 8, '1.9.5', 1]);
    assert.deepEqual(c.keys, ['layer_0.weight', 'layer_0.bias', 'layer_1.weight', 'layer_1.bias', 'layer_2.weight', 'layer_2.bias', 'output_layer.weight', 'output_layer.bias']);
    const model = t2.lightning_module as PLFeedForwardClassifier;
    assert.deepEqual(c.w, model.output_layer.bias!.tolist());
    const loaded = PLFeedForwardClassifier.load_from_checkpoint(t2.checkpoint_callback!.best_model_path, 8);
    assert.ok(torch.equal(loaded.layer_1.weight, model.layer_1.weight));
  });

  it('validates every N batches or every N epochs, limits batches, and names step/epoch values as Lightning does', () => {
    class Counting extends PLFeedForwardClassifier {
      validations = 0; trainBatches = 0;
      override training_step(batch: Batch, batch_idx: number) {
        this.trainBatches++;
        const r = this.forward(batch);
        this.log_dict({ loss_a: r.loss, loss_b: r.loss.mul(2) }, { on_step: true, on_epoch: true, prog_bar: true });
        return r.loss;
      }
      override validation_epoch_end() { this.validations++; this.log('val_accuracy', this.val_accuracy); }
    }
    const fit = (opts: pl.TrainerOptions) => capture(() => {
      const m = new Counting(8);
      const t = new pl.Trainer({ default_root_dir: tmp, logger: false, enable_checkpointing: false, enable_progress_bar: false, num_sanity_val_steps: 0, ...opts });
      t.fit(m, loader(data(96), 8), loader(data(32, 1), 8));
      return { t, m };
    }).value;
    // 12 batches an epoch: every 3 batches is 4 validations an epoch.
    assert.equal(fit({ max_epochs: 2, val_check_interval: 3 }).m.validations, 8);
    // Every other epoch.
    assert.equal(fit({ max_epochs: 4, check_val_every_n_epoch: 2 }).m.validations, 2);
    // A quarter of the training batches, 2 validation batches.
    const { t, m } = fit({ max_epochs: 1, limit_train_batches: 0.25, limit_val_batches: 2 });
    assert.equal(m.trainBatches, 3);
    assert.deepEqual(t.num_val_batches, [2]);
    // on_step and on_epoch together: `<name>_step` and `<name>_epoch`, the plain name for callbacks.
    assert.deepEqual(Object.keys(t.callback_metrics).sort(), ['loss_a', 'loss_a_epoch', 'loss_a_step', 'loss_b', 'loss_b_epoch', 'loss_b_step', 'val_accuracy']);
    assert.deepEqual(Object.keys(t.progress_bar_metrics).sort(), ['loss_a_epoch', 'loss_a_step', 'loss_b_epoch', 'loss_b_step']);
    const a = t.callback_metrics.loss_a_epoch.item(), b = t.callback_metrics.loss_b_epoch.item();
    assert.ok(Math.abs(b - 2 * a) < 1e-6, 'epoch means of the logged steps');
    assert.throws(() => capture(() => new pl.Trainer({ limit_train_batches: 1.5 })), { message: '`limit_train_batches` should be an int or a float in the [0, 1] range, got 1.5.' });
  });

  it('validate, test and predict', () => {
    class Full extends PLFeedForwardClassifier {
      override test_step(batch: Batch) { const r = this.forward(batch); this.log('test_loss', r.loss); return r.loss; }
      override predict_step(batch: Batch) { return this.forward(batch).py; }
    }
    const model = new Full(8);
    const { value, stdout } = capture(() => {
      const t = new pl.Trainer({ default_root_dir: tmp, logger: false, enable_checkpointing: false, enable_progress_bar: false, max_epochs: 1 });
      const val = t.validate(model, loader(data(32, 1), 16));
      const acc = (t.callback_metrics.val_accuracy as torch.Tensor).item();
      return { acc, val, test: t.test(model, loader(data(32, 2), 8)), pred: t.predict(model, loader(data(20, 3), 8)) };
    });
    assert.equal(value.val.length, 1);
    assert.deepEqual(Object.keys(value.val[0]), ['val_accuracy']);
    assert.equal(value.val[0].val_accuracy, value.acc);
    assert.deepEqual(Object.keys(value.test[0]), ['test_loss']);
    assert.equal(value.pred.length, 3);
    assert.deepEqual((value.pred as torch.Tensor[]).map((t) => t.shape[0]), [8, 8, 4]);
    // _print_results without rich: a 120-wide rule, centred columns 25 wide.
    const rule = '─'.repeat(120);
    assert.ok(stdout.includes(`${rule}\n     Validate metric           DataLoader 0\n${rule}\n`));
    assert.match(stdout, /\n {6}val_accuracy {16}0\.\d+\n/);
    assert.ok(stdout.includes(`${rule}\n       Test metric             DataLoader 0\n${rule}\n`));
  });

  it("raises Lightning's errors for misconfigured runs", () => {
    const trainer = capture(() => new pl.Trainer({ default_root_dir: tmp, logger: false, enable_progress_bar: false, max_epochs: 1 })).value;
    class NoStep extends pl.LightningModule { lin = new nn.Linear(2, 2); }
    assert.throws(() => trainer.fit(new NoStep(), loader(data(8), 4)), {
      name: 'MisconfigurationException',
      message: 'No `training_step()` method defined. Lightning `Trainer` expects as minimum a `training_step()`, `train_dataloader()` and `configure_optimizers()` to be defined.',
    });
    class BadOpt extends PLFeedForwardClassifier { override configure_optimizers() { return 42; } }
    assert.throws(() => capture(() => trainer.fit(new BadOpt(8), loader(data(8), 4))), { message: /^Unknown configuration for model optimizers\. Output from `model\.configure_optimizers\(\)` should be one of:\n \* `Optimizer`/ });
    assert.throws(() => trainer.fit(new PLFeedForwardClassifier(8)), { message: '`train_dataloader` must be implemented to be used with the Lightning Trainer' });
    assert.throws(() => trainer.fit(nn.Linear as unknown as pl.LightningModule, loader(data(8), 4)), { name: 'TypeError', message: '`Trainer.fit()` requires a `LightningModule`, got: Function' });
    class LogsInPredict extends PLFeedForwardClassifier { override predict_step(b: Batch) { this.log('x', 1); return b; } }
    assert.throws(() => capture(() => trainer.predict(new LogsInPredict(8), loader(data(8), 4))), { message: "You can't `self.log()` inside `predict_step`. HINT: You can still log directly to the logger by using `self.logger.experiment`." });
    class BadLevel extends PLFeedForwardClassifier { override training_epoch_end() { this.log('x', 1, { on_step: true }); } }
    assert.throws(() => capture(() => trainer.fit(new BadLevel(8), loader(data(8), 4))), { message: "You can't `self.log(on_step=True)` inside `training_epoch_end`, must be one of (False,)." });
    assert.throws(() => new pl.Trainer({ max_epoch: 1 } as pl.TrainerOptions), { name: 'TypeError', message: "Trainer.__init__() got an unexpected keyword argument 'max_epoch'" });
    assert.throws(() => capture(() => new pl.Trainer({ accelerator: 'gpu' })), {
      message: "CUDAAccelerator can not run on your system since the accelerator is not available. The following accelerator(s) is available and can be passed into `accelerator` argument of `Trainer`: ['cpu'].",
    });
  });

  it('warns where Lightning warns', () => {
    class StopAfterOneEpoch extends pl.Callback { override on_train_epoch_end(t: pl.Trainer) { t.should_stop = true; } }
    const { stderr } = capture(() => {
      const t = new pl.Trainer({ default_root_dir: tmp, logger: false, enable_progress_bar: false, enable_checkpointing: false, callbacks: [new StopAfterOneEpoch()] });
      t.fit(new PLFeedForwardClassifier(8), loader(data(8), 4), loader(data(8), 4, true));
    });
    assert.ok(stderr.includes('PossibleUserWarning: `max_epochs` was not set. Setting it to 1000 epochs. To train without an epoch limit, set `max_epochs=-1`.\n'));
    assert.ok(stderr.includes("PossibleUserWarning: Your `val_dataloader`'s sampler has shuffling enabled, it is strongly recommended that you turn shuffling off for val/test/predict dataloaders.\n"));
  });
});

// ---- reading event files ------------------------------------------------------------------------------
function eventFile(dir: string): string { return path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('events.out.tfevents'))!); }

/** tag -> [step, value] of every simple_value scalar in an event file (TFRecord framing: length, CRC, data, CRC). */
function readScalars(file: string): Map<string, [number, number][]> {
  const buf = fs.readFileSync(file);
  const { Event } = messages();
  const out = new Map<string, [number, number][]>();
  for (let o = 0; o < buf.length;) {
    const len = Number(buf.readBigUInt64LE(o));
    const ev = Event.toObject(Event.decode(buf.subarray(o + 12, o + 12 + len)), { longs: Number }) as { step?: number; summary?: { value: { tag: string; simple_value?: number }[] } };
    for (const v of ev.summary?.value ?? []) {
      if (v.simple_value === undefined) continue;
      if (!out.has(v.tag)) out.set(v.tag, []);
      out.get(v.tag)!.push([ev.step ?? 0, v.simple_value]);
    }
    o += 12 + len + 4;
  }
  return out;
}
