// scikit-learn's classification metrics over label arrays (numbers, tensors, or anything with tolist()).
import { ValueError } from '../errors';

type Labels = ArrayLike<number> | { tolist(): unknown } | Iterable<number>;

function arr(y: Labels): number[] {
  if (y && typeof (y as { tolist?: unknown }).tolist === 'function') return ((y as { tolist(): unknown }).tolist() as number[]).flat(Infinity as 1).map(Number);
  return Array.from(y as ArrayLike<number>, Number);
}

function pair(a: Labels, b: Labels): [number[], number[]] {
  const t = arr(a), p = arr(b);
  if (t.length !== p.length) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${t.length}, ${p.length}]`);
  return [t, p];
}

export function accuracy_score(y_true: Labels, y_pred: Labels, opts: { normalize?: boolean } = {}): number {
  const [t, p] = pair(y_true, y_pred);
  const hits = t.reduce((a, v, i) => a + (v === p[i] ? 1 : 0), 0);
  return opts.normalize === false ? hits : hits / t.length;
}

const labelsOf = (t: number[], p: number[], given?: number[]) => given ?? [...new Set([...t, ...p])].sort((a, b) => a - b);

export function confusion_matrix(y_true: Labels, y_pred: Labels, opts: { labels?: number[] } = {}): number[][] {
  const [t, p] = pair(y_true, y_pred);
  const labels = labelsOf(t, p, opts.labels);
  const at = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  t.forEach((v, i) => { const r = at.get(v), c = at.get(p[i]); if (r !== undefined && c !== undefined) m[r][c]++; });
  return m;
}

type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;
interface PRFOpts { average?: Average; pos_label?: number; labels?: number[]; zero_division?: number | 'warn'; beta?: number }

const div = (a: number, b: number, zero: number) => (b === 0 ? zero : a / b);

export function precision_recall_fscore_support(y_true: Labels, y_pred: Labels, o: PRFOpts = {}): [number | number[], number | number[], number | number[], number | number[] | null] {
  const [t, p] = pair(y_true, y_pred);
  const average = o.average === undefined ? null : o.average;
  const zero = o.zero_division === undefined || o.zero_division === 'warn' ? 0 : o.zero_division;
  const beta2 = (o.beta ?? 1) ** 2;
  let labels = labelsOf(t, p, o.labels);
  if (average === 'binary') {
    const pos = o.pos_label ?? 1;
    if (labels.length > 2) throw new ValueError("Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].");
    labels = [pos];
  }
  const tp = labels.map((l) => t.filter((v, i) => v === l && p[i] === l).length);
  const predicted = labels.map((l) => p.filter((v) => v === l).length);
  const support = labels.map((l) => t.filter((v) => v === l).length);
  const f = (P: number, R: number) => (P + R === 0 ? zero : ((1 + beta2) * P * R) / (beta2 * P + R));
  if (average === 'micro') {
    const TP = tp.reduce((a, b) => a + b, 0), PP = predicted.reduce((a, b) => a + b, 0), S = support.reduce((a, b) => a + b, 0);
    const P = div(TP, PP, zero), R = div(TP, S, zero);
    return [P, R, f(P, R), null];
  }
  const P = tp.map((x, i) => div(x, predicted[i], zero));
  const R = tp.map((x, i) => div(x, support[i], zero));
  const F = P.map((x, i) => f(x, R[i]));
  if (average === null) return [P, R, F, support];
  if (average === 'binary') return [P[0], R[0], F[0], null];
  const w = average === 'weighted' ? support : support.map(() => 1);
  const W = w.reduce((a, b) => a + b, 0);
  const mean = (xs: number[]) => (W === 0 ? zero : xs.reduce((a, x, i) => a + x * w[i], 0) / W);
  return [mean(P), mean(R), mean(F), null];
}

export function f1_score(y_true: Labels, y_pred: Labels, o: PRFOpts = {}): number | number[] {
  return precision_recall_fscore_support(y_true, y_pred, { average: 'binary', ...o })[2];
}
export function precision_score(y_true: Labels, y_pred: Labels, o: PRFOpts = {}): number | number[] {
  return precision_recall_fscore_support(y_true, y_pred, { average: 'binary', ...o })[0];
}
export function recall_score(y_true: Labels, y_pred: Labels, o: PRFOpts = {}): number | number[] {
  return precision_recall_fscore_support(y_true, y_pred, { average: 'binary', ...o })[1];
}
