// torchmetrics-style metrics against scikit-learn (test/oracle/gen_torchmetrics.py): forward() on
// each batch equals the metric on that batch alone, compute() the metric on all batches.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';
import * as torchmetrics from '../../runtime/src/metrics';

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'torchmetrics.json'), 'utf8'));

type Case = { task: string; kind?: string; num_classes?: number; preds: unknown; target: number[]; batches: [number, number][]; all: Record<string, number | number[]>; each: Record<string, number | number[]>[] };

const close = (got: number | number[], want: number | number[], what: string) => {
  const g = ([] as number[]).concat(got), w = ([] as number[]).concat(want);
  assert.equal(g.length, w.length, `${what}: length`);
  g.forEach((v, i) => assert.ok(Math.abs(v - w[i]) <= 1e-6, `${what}[${i}]: ${v} vs ${w[i]}`));
};
const value = (t: unknown) => (t as torch.Tensor).tolist() as number | number[];

function inputs(c: Case): [torch.Tensor, torch.Tensor] {
  const preds = c.kind === 'labels' ? torch.tensor(c.preds as number[], { dtype: torch.int64 })
    : c.task === 'regression' || c.kind === 'probs' || c.kind === 'logits' || c.kind === 'scores' ? torch.tensor(c.preds as number[], { dtype: torch.float32 })
      : torch.tensor(c.preds as number[]);
  const target = c.task === 'regression' ? torch.tensor(c.target, { dtype: torch.float32 }) : torch.tensor(c.target, { dtype: torch.int64 });
  return [preds, target];
}

/** Run a metric over the case's batches with forward(), checking each batch value, then compute(). */
function run(c: Case, metric: torchmetrics.Metric, key: string): void {
  const [preds, target] = inputs(c);
  c.batches.forEach(([a, b], i) => {
    const v = metric(preds.index(`${a}:${b}`), target.index(`${a}:${b}`));
    close(value(v), c.each[i][key], `${c.task}/${c.kind} ${key} batch ${i}`);
  });
  close(value(metric.compute()), c.all[key], `${c.task}/${c.kind} ${key}`);
  // update() alone accumulates the same state; reset() starts over.
  metric.reset();
  c.batches.forEach(([a, b]) => metric.update(preds.index(`${a}:${b}`), target.index(`${a}:${b}`)));
  close(value(metric.compute()), c.all[key], `${c.task}/${c.kind} ${key} by update()`);
}

describe('torchmetrics (scikit-learn fixtures)', () => {
  for (const c of fx.cases as Case[]) {
    if (c.task === 'binary') {
      it(`binary ${c.kind}: Accuracy, Precision, Recall, F1Score`, () => {
        run(c, torchmetrics.Accuracy({ task: 'binary' }), 'accuracy');
        run(c, new torchmetrics.Precision({ task: 'binary' }), 'precision');
        run(c, new torchmetrics.Recall({ task: 'binary' }), 'recall');
        run(c, new torchmetrics.F1Score({ task: 'binary' }), 'f1');
      });
    } else if (c.task === 'multiclass') {
      it(`multiclass ${c.kind}: micro, macro, weighted and per-class averages`, () => {
        const C = c.num_classes!;
        run(c, new torchmetrics.Accuracy({ task: 'multiclass', num_classes: C }), 'accuracy_micro');
        for (const avg of ['macro', 'weighted', 'none'] as const) {
          run(c, new torchmetrics.MulticlassAccuracy(C, { average: avg }), `accuracy_${avg}`);
          run(c, new torchmetrics.MulticlassPrecision(C, { average: avg }), `precision_${avg}`);
          run(c, new torchmetrics.MulticlassF1Score(C, { average: avg }), `f1_${avg}`);
        }
        for (const avg of ['micro', 'macro', 'weighted'] as const) run(c, new torchmetrics.Recall({ task: 'multiclass', num_classes: C, average: avg }), `recall_${avg}`);
        run(c, new torchmetrics.Precision({ task: 'multiclass', num_classes: C, average: 'micro' }), 'precision_micro');
        run(c, new torchmetrics.F1Score({ task: 'multiclass', num_classes: C, average: 'micro' }), 'f1_micro');
      });
    } else {
      it('MeanSquaredError (and squared: false)', () => {
        run(c, new torchmetrics.MeanSquaredError(), 'mse');
        const [preds, target] = inputs(c);
        close(value(new torchmetrics.MeanSquaredError({ squared: false })(preds, target)), Math.sqrt(c.all.mse as number), 'rmse');
      });
    }
  }
});

describe('torchmetrics Metric behaviour', () => {
  it('is a Module shown by its class name, with no parameters and no state_dict entries', () => {
    const acc = torchmetrics.Accuracy({ task: 'binary' });
    assert.ok(acc instanceof torchmetrics.BinaryAccuracy && acc instanceof torchmetrics.Accuracy && acc instanceof torch.nn.Module);
    assert.equal(acc.toString(), 'BinaryAccuracy()');
    assert.equal(new torchmetrics.Accuracy({ task: 'multiclass', num_classes: 3 }).toString(), 'MulticlassAccuracy()');
    assert.equal([...acc.parameters()].length, 0);
    assert.equal(acc.state_dict().size, 0);
  });

  it('returns a scalar float32 tensor and caches compute() until the next update', () => {
    const acc = torchmetrics.Accuracy({ task: 'binary' });
    acc.update(torch.tensor([1, 0, 1, 1]), torch.tensor([1, 0, 0, 1]));
    const v = acc.compute() as torch.Tensor;
    assert.equal(v.toString(), 'tensor(0.7500)');
    assert.equal(acc.compute(), v);
    acc.update(torch.tensor([0]), torch.tensor([0]));
    assert.equal((acc.compute() as torch.Tensor).item(), 0.800000011920929);
  });

  it('warns once when compute() comes before update()', () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    (process.stderr as { write: unknown }).write = (s: string) => { writes.push(String(s)); return true; };
    try {
      const r = new torchmetrics.Recall({ task: 'binary' });
      assert.equal((r.compute() as torch.Tensor).item(), 0);
      r.compute();
    } finally { (process.stderr as { write: unknown }).write = orig; }
    assert.deepEqual(writes, ['UserWarning: The ``compute`` method of metric BinaryRecall was called before the ``update`` method which may lead to errors, as metric states have not yet been updated.\n']);
  });

  it("raises torchmetrics' errors for bad arguments and inputs", () => {
    assert.throws(() => torchmetrics.Accuracy({ task: 'tertiary' as 'binary' }), { name: 'ValueError', message: "Expected argument `task` to either be `'binary'`, `'multiclass'` or `'multilabel'` but got tertiary" });
    assert.throws(() => torchmetrics.Accuracy({ task: 'multiclass' }), { name: 'ValueError', message: 'Expected argument `num_classes` to be an integer larger than 1, but got None' });
    assert.throws(() => torchmetrics.Accuracy({ task: 'binary', threshold: 2 }), { message: 'Expected argument `threshold` to be a float in the [0,1] range, but got 2.' });
    const acc = torchmetrics.Accuracy({ task: 'binary' });
    assert.throws(() => acc.update(torch.tensor([0, 1]), torch.tensor([0, 2])), { name: 'RuntimeError', message: 'Detected the following values in `target`: tensor([0, 2]) but expected only the following values [0, 1].' });
    assert.throws(() => acc.update(torch.tensor([0, 3]), torch.tensor([0, 1])), { message: 'Detected the following values in `preds`: tensor([0, 3]) but expected only the following values [0,1] since `preds` is a label tensor.' });
    const mc = torchmetrics.Accuracy({ task: 'multiclass', num_classes: 3 });
    assert.throws(() => mc.update(torch.randn(4, 2), torch.tensor([0, 1, 2, 0])), { message: 'If `preds` have one dimension more than `target`, `preds.shape[1]` should be equal to number of classes.' });
  });

  it('ignores the targets equal to ignore_index', () => {
    const acc = torchmetrics.Accuracy({ task: 'binary', ignore_index: -1 });
    acc.update(torch.tensor([1, 0, 1]), torch.tensor([1, -1, 0]));
    assert.equal((acc.compute() as torch.Tensor).item(), 0.5);
  });
});
