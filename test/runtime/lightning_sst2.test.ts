// Lecture 001's acceptance run: PLFeedForwardClassifier, written as in the lecture, trains one
// SST-2 epoch with Trainer(max_epochs=1, val_check_interval=0.25), as the lecture shows it: the
// summary table with the lecture's numbers, the sanity check's and four validations' accuracy
// prints, the training accuracy, the fit-end message, and the progress bar at 2217/2217.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch, text } from '../../runtime/src';
import * as pl from '../../runtime/src/lightning';
import { Bundle } from '../../runtime/src/progress/live';
import { PLFeedForwardClassifier, capture, Batch, LECTURE_SUMMARY } from './pl_lecture';

class SST2Dataset extends torch.utils.data.Dataset<Batch> {
  y: torch.Tensor;
  constructor(labels: number[], public X: text.csr_matrix) {
    super();
    this.y = torch.tensor(labels, { dtype: torch.int64 });
  }
  override __len__() { return this.y.shape[0]; }
  override __getitem__(idx: number): Batch { return { y: this.y.index(idx), X: torch.Tensor(this.X.getrow(idx).toarray().index(0)) }; }
}

describe("lecture 001's PLFeedForwardClassifier on SST-2", function () {
  this.timeout(30 * 60 * 1000);
  let train: SST2Dataset, dev: SST2Dataset, vocab: number;
  let tmp: string;

  before(() => {
    const { train: train_df, validation: dev_df } = text.load_sst2();
    const stemmer = new text.PorterStemmer();
    const preprocess = (s: unknown) => String(s).split(' ').filter((w) => w.length > 0).map((w) => stemmer.stem(w)).join(' ');
    const vectorizer = new text.CountVectorizer();
    const X = vectorizer.fit_transform((train_df.get('sentence').values as string[]).map(preprocess));
    const D = vectorizer.transform((dev_df.get('sentence').values as string[]).map(preprocess));
    train = new SST2Dataset(train_df.get('label').values as number[], X);
    dev = new SST2Dataset(dev_df.get('label').values as number[], D);
    vocab = X.shape[1];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-pl-sst2-'));
  });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('trains one epoch with val_check_interval 0.25 as the lecture shows it', () => {
    const sent: Bundle[] = [];
    const run = capture(() => {
      torch.manual_seed(0);
      const pl_model = new PLFeedForwardClassifier(vocab);
      const train_dataloader = new torch.utils.data.DataLoader(train, { batch_size: 32, shuffle: true });
      const dev_dataloader = new torch.utils.data.DataLoader(dev, { batch_size: 32, shuffle: false });
      const trainer = new pl.Trainer({ max_epochs: 1, val_check_interval: 0.25, default_root_dir: tmp, callbacks: [new pl.callbacks.TQDMProgressBar({ refresh_rate: 20 })] });
      trainer.fit(pl_model, { train_dataloaders: train_dataloader, val_dataloaders: dev_dataloader });
      return trainer;
    }, (m) => { sent.push(m.bundle); });
    // The summary, as the lecture prints it (1.0 M / 10.1 K / 10.1 K / 202 params; 4.124 MB).
    assert.ok(run.stderr.includes(LECTURE_SUMMARY), run.stderr);
    assert.ok(run.stderr.includes('`Trainer.fit` stopped: `max_epochs=1` reached.\n'));
    // The sanity check (2 batches of 32) and four validations, then the training accuracy.
    const val = [...run.stdout.matchAll(/^Validation accuracy: tensor\((0\.\d{4})\)$/gm)].map((m) => Number(m[1]));
    assert.equal(val.length, 5, run.stdout);
    assert.ok(val.slice(1).every((a) => a >= 0.78), `validation accuracies ${val}`);
    assert.match(run.stdout, /^Training accuracy: tensor\(0\.8\d{3}\)$/m);
    // The progress bar: 2105 training batches and 4 x 28 validation batches, one display.
    assert.match(String(sent[sent.length - 1]['text/plain']), /^Epoch 0: 100%\|██████████\| 2217\/2217 \[\d\d:\d\d<00:00, +[\d.]+it\/s, loss=[\d.]+, v_num=0\]$/);
    assert.ok((run.value.callback_metrics.val_accuracy as torch.Tensor).item() >= 0.78);
    // The default logger and checkpoint: version_0, one checkpoint from the last validation.
    assert.deepEqual(fs.readdirSync(path.join(tmp, 'lightning_logs', 'version_0', 'checkpoints')), ['epoch=0-step=2104.ckpt']);
  });
});
