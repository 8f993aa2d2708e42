// torchmetrics 0.11's classification metrics over true/false positive/negative counts:
// BinaryAccuracy, BinaryPrecision, BinaryRecall, BinaryF1Score and their Multiclass forms, and the
// task wrappers `Accuracy({ task: 'binary' })` etc. that build them. Inputs follow torchmetrics:
// binary preds are labels, probabilities or logits (sigmoid when outside [0, 1], then `> threshold`);
// multiclass preds are labels (N, ...) or scores (N, C, ...) reduced by argmax.
import * as torch from '../torch';
import { Tensor } from '../tensor/tensor';
import { one_hot } from '../nn/functional';
import { Metric } from './metric';

export type Average = 'micro' | 'macro' | 'weighted' | 'none' | null;
type Stats = [Tensor, Tensor, Tensor, Tensor];

const { ValueError, RuntimeError, NotImplementedError } = torch;

/** torchmetrics' _safe_divide: 0 where the denominator is 0, in float. */
function safeDivide(num: Tensor, denom: Tensor): Tensor {
  const d = denom.float();
  return num.float().div(torch.where(d.eq(0), torch.ones_like(d), d));
}

const pyList = (xs: number[]) => `[${xs.join(', ')}]`;

interface BinaryOpts { threshold?: number; multidim_average?: 'global' | 'samplewise'; ignore_index?: number | null; validate_args?: boolean }

function globalOnly(multidim_average: string | undefined): void {
  const allowed = ['global', 'samplewise'];
  if (multidim_average !== undefined && !allowed.includes(multidim_average)) {
    throw new ValueError(`Expected argument \`multidim_average\` to be one of ('global', 'samplewise'), but got ${multidim_average}`);
  }
  if (multidim_average === 'samplewise') throw new NotImplementedError("multidim_average='samplewise' is not supported; use 'global'");
}

function checkIgnoreIndex(ignore_index: unknown): void {
  if (ignore_index !== null && ignore_index !== undefined && !Number.isInteger(ignore_index)) {
    throw new ValueError(`Expected argument \`ignore_index\` to either be \`None\` or an integer, but got ${ignore_index}`);
  }
}

/** tp, fp, tn, fn of binary predictions, accumulated over batches. */
abstract class BinaryStatScores extends Metric {
  declare tp: Tensor; declare fp: Tensor; declare tn: Tensor; declare fn: Tensor;
  readonly threshold: number;
  readonly ignore_index: number | null;
  readonly validate_args: boolean;
  readonly multidim_average = 'global';

  constructor(o: BinaryOpts = {}) {
    super();
    this.full_state_update = false;
    this.threshold = o.threshold ?? 0.5;
    this.ignore_index = o.ignore_index ?? null;
    this.validate_args = o.validate_args ?? true;
    if (this.validate_args) {
      if (!(typeof this.threshold === 'number' && this.threshold >= 0 && this.threshold <= 1)) {
        throw new ValueError(`Expected argument \`threshold\` to be a float in the [0,1] range, but got ${this.threshold}.`);
      }
      globalOnly(o.multidim_average);
      checkIgnoreIndex(this.ignore_index);
    }
    for (const s of ['tp', 'fp', 'tn', 'fn']) this.add_state(s, torch.zeros([1], { dtype: torch.int64 }), 'sum');
  }

  update(preds: Tensor, target: Tensor): void {
    if (this.validate_args) this.validate(preds, target);
    let p = preds;
    if (p.dtype.is_floating_point) {
      if (!p.ge(0).logical_and(p.le(1)).all().item()) p = p.sigmoid();
      p = p.gt(this.threshold);
    }
    p = p.reshape([-1]);
    let t = target.reshape([-1]);
    if (this.ignore_index !== null) {
      const keep = t.ne(this.ignore_index);
      p = p.index(keep); t = t.index(keep);
    }
    const pos = t.eq(1), neg = t.eq(0), hit = t.eq(p), miss = hit.logical_not();
    this.tp = this.tp.add(hit.logical_and(pos).sum());
    this.fn = this.fn.add(miss.logical_and(pos).sum());
    this.fp = this.fp.add(miss.logical_and(neg).sum());
    this.tn = this.tn.add(hit.logical_and(neg).sum());
  }

  private validate(preds: Tensor, target: Tensor): void {
    if (preds.shape.length !== target.shape.length || preds._shape.some((n, i) => n !== target._shape[i])) {
      throw new RuntimeError(`Predictions and targets are expected to have the same shape, but got ${preds.shape} and ${target.shape}.`);
    }
    const uniq = (t: Tensor) => [...new Set((t.reshape([-1]).tolist() as number[]))].sort((a, b) => a - b);
    const tv = uniq(target);
    const allowed = this.ignore_index === null ? [0, 1] : [0, 1, this.ignore_index];
    if (tv.some((v) => !allowed.includes(v))) {
      // torchmetrics' message lists [ignore_index] alone when one is set (its expression's precedence).
      const listed = this.ignore_index === null ? [0, 1] : [this.ignore_index];
      throw new RuntimeError(`Detected the following values in \`target\`: ${torch.tensor(tv)} but expected only the following values ${pyList(listed)}.`);
    }
    if (!preds.dtype.is_floating_point) {
      const pv = uniq(preds);
      if (pv.some((v) => v !== 0 && v !== 1)) {
        throw new RuntimeError(`Detected the following values in \`preds\`: ${torch.tensor(pv)} but expected only the following values [0,1] since \`preds\` is a label tensor.`);
      }
    }
  }

  protected stats(): Stats { return [this.tp, this.fp, this.tn, this.fn]; }
}

export class BinaryAccuracy extends BinaryStatScores {
  constructor(o: BinaryOpts = {}) { super(o); this.is_differentiable = false; this.higher_is_better = true; }
  compute(): Tensor { const [tp, fp, tn, fn] = this.stats(); return safeDivide(tp.add(tn), tp.add(tn).add(fp).add(fn)); }
}
export class BinaryPrecision extends BinaryStatScores {
  constructor(o: BinaryOpts = {}) { super(o); this.is_differentiable = false; this.higher_is_better = true; }
  compute(): Tensor { const [tp, fp] = this.stats(); return safeDivide(tp, tp.add(fp)); }
}
export class BinaryRecall extends BinaryStatScores {
  constructor(o: BinaryOpts = {}) { super(o); this.is_differentiable = false; this.higher_is_better = true; }
  compute(): Tensor { const [tp, , , fn] = this.stats(); return safeDivide(tp, tp.add(fn)); }
}
export class BinaryFBetaScore extends BinaryStatScores {
  readonly beta: number;
  constructor(beta: number, o: BinaryOpts = {}) {
    super(o);
    if (!(beta > 0)) throw new ValueError(`Expected argument \`beta\` to be a float larger than 0, but got ${beta}.`);
    this.beta = beta;
    this.is_differentiable = false; this.higher_is_better = true;
  }
  compute(): Tensor { const [tp, fp, , fn] = this.stats(); return fbeta(tp, fp, fn, this.beta); }
}
export class BinaryF1Score extends BinaryFBetaScore {
  constructor(o: BinaryOpts = {}) { super(1, o); }
}

function fbeta(tp: Tensor, fp: Tensor, fn: Tensor, beta: number): Tensor {
  const b2 = beta * beta;
  return safeDivide(tp.mul(1 + b2), tp.mul(1 + b2).add(fn.mul(b2)).add(fp));
}

interface MulticlassOpts { top_k?: number; average?: Average; multidim_average?: 'global' | 'samplewise'; ignore_index?: number | null; validate_args?: boolean }

/** Per-class tp, fp, tn, fn (one count each when average is 'micro'), accumulated over batches. */
abstract class MulticlassStatScores extends Metric {
  declare tp: Tensor; declare fp: Tensor; declare tn: Tensor; declare fn: Tensor;
  readonly num_classes: number;
  readonly average: Average;
  readonly top_k: number;
  readonly ignore_index: number | null;
  readonly validate_args: boolean;
  readonly multidim_average = 'global';

  constructor(num_classes: number, o: MulticlassOpts = {}) {
    super();
    this.full_state_update = false;
    this.num_classes = num_classes;
    this.top_k = o.top_k ?? 1;
    this.average = o.average === undefined ? 'macro' : o.average;
    this.ignore_index = o.ignore_index ?? null;
    this.validate_args = o.validate_args ?? true;
    if (this.validate_args) {
      if (!Number.isInteger(num_classes) || num_classes < 2) {
        throw new ValueError(`Expected argument \`num_classes\` to be an integer larger than 1, but got ${num_classes ?? 'None'}`);
      }
      if (this.top_k > num_classes) {
        throw new ValueError(`Expected argument \`top_k\` to be smaller or equal to \`num_classes\` but got ${this.top_k} and ${num_classes}`);
      }
      if (!['micro', 'macro', 'weighted', 'none', null].includes(this.average)) {
        throw new ValueError(`Expected argument \`average\` to be one of ('micro', 'macro', 'weighted', 'none', None), but got ${this.average}`);
      }
      globalOnly(o.multidim_average);
      checkIgnoreIndex(this.ignore_index);
    }
    if (this.top_k !== 1) throw new NotImplementedError('top_k other than 1 is not supported');
    const size = this.average === 'micro' ? 1 : num_classes;
    for (const s of ['tp', 'fp', 'tn', 'fn']) this.add_state(s, torch.zeros([size], { dtype: torch.int64 }), 'sum');
  }

  update(preds: Tensor, target: Tensor): void {
    if (this.validate_args) this.validate(preds, target);
    let p = preds.ndim === target.ndim + 1 ? preds.argmax({ dim: 1 }) : preds;
    p = p.reshape([-1]);
    let t = target.reshape([-1]);
    if (this.ignore_index !== null) {
      const keep = t.ne(this.ignore_index);
      p = p.index(keep); t = t.index(keep);
    }
    const C = this.num_classes;
    if (this.average === 'micro') {
      const tp = p.eq(t).sum(), wrong = p.ne(t).sum();
      this.tp = this.tp.add(tp); this.fp = this.fp.add(wrong); this.fn = this.fn.add(wrong);
      this.tn = this.tn.add(torch.tensor(C * p.numel(), { dtype: torch.int64, device: p.device }).sub(wrong.mul(2)).sub(tp));
      return;
    }
    const po = one_hot(p.long(), C), to = one_hot(t.long(), C);
    const tp = po.mul(to).sum(0), fp = po.sum(0).sub(tp), fn = to.sum(0).sub(tp);
    this.tp = this.tp.add(tp); this.fp = this.fp.add(fp); this.fn = this.fn.add(fn);
    this.tn = this.tn.add(tp.add(fp).add(fn).neg().add(p.numel()));
  }

  private validate(preds: Tensor, target: Tensor): void {
    const C = this.num_classes;
    if (preds.ndim === target.ndim + 1) {
      if (!preds.dtype.is_floating_point) throw new ValueError('If `preds` have one dimension more than `target`, `preds` should be a float tensor.');
      if (preds._shape[1] !== C) throw new ValueError('If `preds` have one dimension more than `target`, `preds.shape[1]` should be equal to number of classes.');
      if (preds._shape.slice(2).some((n, i) => n !== target._shape[i + 1])) {
        throw new ValueError('If `preds` have one dimension more than `target`, the shape of `preds` should be (N, C, ...), and the shape of `target` should be (N, ...).');
      }
    } else if (preds.ndim === target.ndim) {
      if (preds._shape.some((n, i) => n !== target._shape[i])) {
        throw new ValueError(`The \`preds\` and \`target\` should have the same shape, got \`preds\` with shape=${preds.shape} and \`target\` with shape=${target.shape}.`);
      }
    } else {
      throw new ValueError('Either `preds` and `target` both should have the (same) shape (N, ...), or `target` should be (N, ...) and `preds` should be (N, C, ...).');
    }
    const tv = new Set(target.reshape([-1]).tolist() as number[]);
    const limit = this.ignore_index === null ? C : C + 1;
    if (tv.size > limit) {
      throw new RuntimeError(`Detected more unique values in \`target\` than \`num_classes\`. Expected only ${limit} but found${tv.size} in \`target\`.`);
    }
    if (!preds.dtype.is_floating_point) {
      const pv = new Set(preds.reshape([-1]).tolist() as number[]);
      if (pv.size > C) throw new RuntimeError(`Detected more unique values in \`preds\` than \`num_classes\`. Expected only ${C} but found ${pv.size} in \`preds\`.`);
    }
  }

  /** Average per-class scores as torchmetrics does ('weighted' by support tp + fn). */
  protected reduce(score: Tensor): Tensor {
    if (this.average === 'none' || this.average === null) return score;
    const w = this.average === 'weighted' ? this.tp.add(this.fn) : torch.ones_like(score);
    return safeDivide(w.mul(score), w.sum(-1, true)).sum(-1);
  }
}

export class MulticlassAccuracy extends MulticlassStatScores {
  constructor(num_classes: number, o: MulticlassOpts = {}) { super(num_classes, o); this.is_differentiable = false; this.higher_is_better = true; }
  compute(): Tensor {
    if (this.average === 'micro') return safeDivide(this.tp.sum(0), this.tp.sum(0).add(this.fn.sum(0)));
    return this.reduce(safeDivide(this.tp, this.tp.add(this.fn)));
  }
}
export class MulticlassPrecision extends MulticlassStatScores {
  constructor(num_classes: number, o: MulticlassOpts = {}) { super(num_classes, o); this.is_differentiable = false; this.higher_is_better = true; }
  compute(): Tensor {
    if (this.average === 'micro') return safeDivide(this.tp.sum(0), this.tp.sum(0).add(this.fp.sum(0)));
    return this.reduce(safeDivide(this.tp, this.tp.add(this.fp)));
  }
}
export class MulticlassRecall extends MulticlassStatScores {
  constructor(num_classes: number, o: MulticlassOpts = {}) { super(num_classes, o); this.is_differentiable = false; this.higher_is_better = true; }
  compute(): Tensor {
    if (this.average === 'micro') return safeDivide(this.tp.sum(0), this.tp.sum(0).add(this.fn.sum(0)));
    return this.reduce(safeDivide(this.tp, this.tp.add(this.fn)));
  }
}
export class MulticlassFBetaScore extends MulticlassStatScores {
  readonly beta: number;
  constructor(beta: number, num_classes: number, o: MulticlassOpts = {}) {
    super(num_classes, o);
    if (!(beta > 0)) throw new ValueError(`Expected argument \`beta\` to be a float larger than 0, but got ${beta}.`);
    this.beta = beta;
    this.is_differentiable = false; this.higher_is_better = true;
  }
  compute(): Tensor {
    if (this.average === 'micro') return fbeta(this.tp.sum(0), this.fp.sum(0), this.fn.sum(0), this.beta);
    return this.reduce(fbeta(this.tp, this.fp, this.fn, this.beta));
  }
}
export class MulticlassF1Score extends MulticlassFBetaScore {
  constructor(num_classes: number, o: MulticlassOpts = {}) { super(1, num_classes, o); }
}

// ---- task wrappers ----------------------------------------------------------------------------------
export interface TaskOpts extends BinaryOpts, MulticlassOpts { task: 'binary' | 'multiclass' | 'multilabel'; num_classes?: number; num_labels?: number }

/**
 * A torchmetrics task wrapper: constructing it (with or without `new`) returns the binary or
 * multiclass metric, and `instanceof` matches either. The wrappers' `average` default is 'micro'.
 */
export interface TaskMetric<B extends Metric, M extends Metric> {
  new (o: TaskOpts & { task: 'binary' }): B;
  new (o: TaskOpts & { task: 'multiclass'; num_classes: number }): M;
  new (o: TaskOpts): B | M;
  (o: TaskOpts & { task: 'binary' }): B;
  (o: TaskOpts & { task: 'multiclass'; num_classes: number }): M;
  (o: TaskOpts): B | M;
}

function taskMetric<B extends Metric, M extends Metric>(
  name: string, binary: (o: TaskOpts) => B, multiclass: (C: number, o: TaskOpts) => M, classes: [Function, Function],
): TaskMetric<B, M> {
  const make = function (o: TaskOpts) {
    const { task } = o ?? ({} as TaskOpts);
    if (task === 'binary') return binary(o);
    if (task === 'multiclass') return multiclass(o.num_classes as number, { ...o, average: o.average === undefined ? 'micro' : o.average });
    if (task === 'multilabel') throw new NotImplementedError(`${name}: task='multilabel' is not supported`);
    throw new ValueError(`Expected argument \`task\` to either be \`'binary'\`, \`'multiclass'\` or \`'multilabel'\` but got ${task}`);
  };
  Object.defineProperty(make, 'name', { value: name });
  Object.defineProperty(make, Symbol.hasInstance, { value: (x: unknown) => classes.some((c) => x instanceof c) });
  return make as unknown as TaskMetric<B, M>;
}

export const Accuracy = taskMetric('Accuracy', (o) => new BinaryAccuracy(o), (C, o) => new MulticlassAccuracy(C, o), [BinaryAccuracy, MulticlassAccuracy]);
export const Precision = taskMetric('Precision', (o) => new BinaryPrecision(o), (C, o) => new MulticlassPrecision(C, o), [BinaryPrecision, MulticlassPrecision]);
export const Recall = taskMetric('Recall', (o) => new BinaryRecall(o), (C, o) => new MulticlassRecall(C, o), [BinaryRecall, MulticlassRecall]);
export const F1Score = taskMetric('F1Score', (o) => new BinaryF1Score(o), (C, o) => new MulticlassF1Score(C, o), [BinaryF1Score, MulticlassF1Score]);
export type Accuracy = BinaryAccuracy | MulticlassAccuracy;
export type Precision = BinaryPrecision | MulticlassPrecision;
export type Recall = BinaryRecall | MulticlassRecall;
export type F1Score = BinaryF1Score | MulticlassF1Score;
