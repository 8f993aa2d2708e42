// Lecture 001's feed-forward classifier on one SST-2 epoch, trained twice in the same process:
// with the lecture's hand-written loop (Adam, batch 32, dev accuracy every 500 steps) and with
// Lightning (PLFeedForwardClassifier, Trainer(max_epochs=1, val_check_interval=0.25): a sanity
// check, four validations, torchmetrics accuracies, the TensorBoard logger, a checkpoint, and the
// progress bar drawn as it is in a kernel, its bundles serialised as the kernel would). The
// difference is Lightning's overhead. Preprocessing (stemming, CountVectorizer) is not timed.
// Both wall time and CPU time (this process and its worker threads) are reported: on a shared
// machine the wall time of a long epoch varies with other load, the CPU time much less.
//   node dist/bench/lightning_epoch.js [rounds]     (or `steps`: only the per-step cost of the loop)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch, text } from '../runtime/src';
import * as pl from '../runtime/src/lightning';
import { PUBLISH } from '../runtime/src/progress/live';

const DISPLAY = Symbol.for('Jupyter.display');
import { SST2Dataset, FeedForwardClassifier } from './sst2_epoch';
import { PLFeedForwardClassifier } from '../test/runtime/pl_lecture';

type Batch = { y: torch.Tensor; X: torch.Tensor };

type Timing = { wall: number; cpu: number };
function timed<T>(fn: () => T): [T, Timing] {
  const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
  const out = fn();
  const c = process.cpuUsage(c0);
  return [out, { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6 }];
}

/** The lecture's loop (notebooks/src/001_ffn_gpu.ts) on the CPU; returns its timing and the last dev accuracy. */
function handWritten(train: SST2Dataset, dev: SST2Dataset, vocab: number): [Timing, number] {
  torch.manual_seed(0);
  const model = new FeedForwardClassifier(vocab, 2);
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: 0.001 });
  const train_dataloader = new torch.utils.data.DataLoader(train, { batch_size: 32, shuffle: true });
  const dev_dataloader = new torch.utils.data.DataLoader(dev, { batch_size: 32, shuffle: false });
  const train_losses: number[] = [], train_pys: number[] = [], train_ys: number[] = [];
  let devAcc = 0, step_num = 0;
  const call = model as unknown as (b: Batch) => { loss: torch.Tensor; py: torch.Tensor };
  const evaluate = () => {
    const dev_pys: number[] = [], dev_ys: number[] = [];
    for (const dev_batch of dev_dataloader) {
      torch.no_grad(() => {
        const out = call(dev_batch);
        dev_ys.push(...(dev_batch.y.tolist() as number[]));
        dev_pys.push(...(out.py.tolist() as number[]));
      });
    }
    devAcc = text.accuracy_score(dev_ys, dev_pys);
  };
  const [, timing] = timed(() => { for (const train_batch of train_dataloader) {
    optimizer.zero_grad();
    const out = call(train_batch);
    if (step_num > 0 && step_num % 500 === 0) evaluate();
    train_losses.push(out.loss.item());
    train_ys.push(...(train_batch.y.tolist() as number[]));
    train_pys.push(...(out.py.tolist() as number[]));
    out.loss.backward();
    optimizer.step();
    step_num++;
  } });
  return [timing, devAcc];
}

/** The lecture's Lightning run; returns its timing, the last validation accuracy and the display updates sent. */
function lightning(train: SST2Dataset, dev: SST2Dataset, vocab: number): [Timing, number, number] {
  torch.manual_seed(0);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-bench-pl-'));
  let sent = 0;
  const g = globalThis as Record<symbol, unknown>;
  // The kernel's side of the display protocol, reduced to what costs: each bundle made and serialised.
  const show = (v: unknown) => { JSON.stringify((v as Record<symbol, () => unknown>)[DISPLAY]()); sent++; };
  g[PUBLISH] = (v: unknown) => { show(v); return { display_id: 'bench', update: show }; };
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    const model = new PLFeedForwardClassifier(vocab);
    const train_dataloader = new torch.utils.data.DataLoader(train, { batch_size: 32, shuffle: true });
    const dev_dataloader = new torch.utils.data.DataLoader(dev, { batch_size: 32, shuffle: false });
    const [trainer, timing] = timed(() => {
      const t = new pl.Trainer({ max_epochs: 1, val_check_interval: 0.25, default_root_dir: root });
      t.fit(model, { train_dataloaders: train_dataloader, val_dataloaders: dev_dataloader });
      return t;
    });
    return [timing, (trainer.callback_metrics.val_accuracy as torch.Tensor).item(), sent];
  } finally {
    process.stdout.write = out; process.stderr.write = err;
    delete g[PUBLISH];
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The loop's own cost per training step, where the model costs next to nothing: a Linear(8, 2) on
 * batches of 4, trained by hand and by a Trainer (no validation, logger and checkpoint on, the
 * progress bar drawn as in a kernel). Returns CPU microseconds per step for each.
 */
function perStepOverhead(steps = 2000): [number, number] {
  torch.manual_seed(0);
  const X = torch.randn(steps * 4, 8), y = X.sum(1).gt(0).long();
  const ds = new torch.utils.data.TensorDataset(X, y);
  const loader = () => new torch.utils.data.DataLoader(ds, { batch_size: 4, shuffle: true });
  class Tiny extends pl.LightningModule {
    lin = new torch.nn.Linear(8, 2);
    override configure_optimizers() { return new torch.optim.Adam(this.parameters(), { lr: 1e-3 }); }
    override training_step([xb, yb]: torch.Tensor[]) {
      const loss = torch.nn.functional.cross_entropy(this.lin(xb), yb);
      this.log('train loss', loss);
      return loss;
    }
  }
  const hand = () => {
    const lin = new torch.nn.Linear(8, 2);
    const opt = new torch.optim.Adam(lin.parameters(), { lr: 1e-3 });
    for (const [xb, yb] of loader() as Iterable<torch.Tensor[]>) {
      opt.zero_grad();
      const loss = torch.nn.functional.cross_entropy(lin(xb), yb);
      loss.item();
      loss.backward();
      opt.step();
    }
  };
  const lightningRun = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-bench-pl-'));
    const g = globalThis as Record<symbol, unknown>;
    const show = (v: unknown) => { JSON.stringify((v as Record<symbol, () => unknown>)[DISPLAY]()); };
    g[PUBLISH] = (v: unknown) => { show(v); return { display_id: 'bench', update: show }; };
    const [out, err] = [process.stdout.write, process.stderr.write];
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      new pl.Trainer({ max_epochs: 1, default_root_dir: root }).fit(new Tiny(), loader());
    } finally {
      process.stdout.write = out; process.stderr.write = err;
      delete g[PUBLISH];
      fs.rmSync(root, { recursive: true, force: true });
    }
  };
  hand(); lightningRun(); // warm-up
  const h: number[] = [], l: number[] = [];
  for (let r = 0; r < 3; r++) { h.push(timed(hand)[1].cpu); l.push(timed(lightningRun)[1].cpu); }
  return [Math.min(...h) / steps * 1e6, Math.min(...l) / steps * 1e6];
}

export function run(rounds = 2): void {
  const { train: train_df, validation: dev_df } = text.load_sst2(text.find_sst2());
  const st = new text.PorterStemmer();
  const pre = (s: unknown) => String(s).split(' ').filter((w) => w.length > 0).map((w) => st.stem(w)).join(' ');
  const vectorizer = new text.CountVectorizer();
  const X = vectorizer.fit_transform((train_df.get('sentence').values as string[]).map(pre));
  const D = vectorizer.transform((dev_df.get('sentence').values as string[]).map(pre));
  const train = new SST2Dataset(train_df.get('label').values as number[], X);
  const dev = new SST2Dataset(dev_df.get('label').values as number[], D);
  const vocab = X.shape[1];
  const hand: Timing[] = [], pl_: Timing[] = [];
  let accs: [number, number] = [0, 0], updates = 0;
  // Interleaved, the order swapped every round, so that load from elsewhere hits both alike.
  for (let r = 0; r < rounds; r++) {
    const runHand = () => { const [t, a] = handWritten(train, dev, vocab); hand.push(t); accs[0] = a; };
    const runPl = () => { const [t, a, n] = lightning(train, dev, vocab); pl_.push(t); accs[1] = a; updates = n; };
    if (r % 2 === 0) { runHand(); runPl(); } else { runPl(); runHand(); }
  }
  const best = (xs: Timing[], k: keyof Timing) => Math.min(...xs.map((x) => x[k]));
  const runs = (xs: Timing[]) => xs.map((x) => `${x.wall.toFixed(1)}/${x.cpu.toFixed(1)}`).join(', ');
  console.log(`one SST-2 epoch of lecture 001's feed-forward classifier (${X.shape[0]} rows, vocabulary ${vocab}, batch 32, Adam 1e-3); best of ${rounds}, wall / CPU seconds:`);
  console.log(`  hand-written loop (dev accuracy every 500 steps)  ${best(hand, 'wall').toFixed(2)} / ${best(hand, 'cpu').toFixed(2)} s   dev accuracy ${accs[0].toFixed(3)}   (runs ${runs(hand)})`);
  console.log(`  Lightning (val_check_interval 0.25)               ${best(pl_, 'wall').toFixed(2)} / ${best(pl_, 'cpu').toFixed(2)} s   val accuracy ${accs[1].toFixed(3)}   (runs ${runs(pl_)})`);
  console.log(`    with the sanity check, torchmetrics, TensorBoard logging, a checkpoint per validation and the progress bar (${updates} display updates)`);
  const pct = (k: keyof Timing) => ((best(pl_, k) / best(hand, k) - 1) * 100).toFixed(1);
  console.log(`  Lightning's overhead: ${pct('cpu')}% CPU time, ${pct('wall')}% wall time`);
  const [hs, ls] = perStepOverhead();
  const stepMs = best(hand, 'cpu') / 2105 * 1e3;
  console.log(`the loop's own cost per step (Linear(8, 2), batches of 4; CPU): hand-written ${hs.toFixed(0)} us, Lightning ${ls.toFixed(0)} us:`);
  console.log(`  ${(ls - hs).toFixed(0)} us more a step, ${((ls - hs) / 1e3 / stepMs * 100).toFixed(2)}% of a lecture 001 SST-2 step (${stepMs.toFixed(1)} ms CPU)`);
}

if (require.main === module) {
  if (process.argv[2] === 'steps') {
    const [h, l] = perStepOverhead();
    console.log(`per step (CPU): hand-written ${h.toFixed(0)} us, Lightning ${l.toFixed(0)} us`);
  } else run(Number(process.argv[2] ?? 2));
}
