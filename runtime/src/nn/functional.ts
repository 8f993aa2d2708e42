// torch.nn.functional: layers and losses as functions, each with PyTorch's grad_fn name.
import { IndexError, RuntimeError, ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { int64 } from '../tensor/dtype';
import { sameShape } from '../tensor/shape';
import { record } from '../autograd/engine';
import { withGradMode } from '../autograd/graph';
import * as P from '../ops/pointwise';
import * as R from '../ops/reduce';
import * as A from '../ops/activation';
import * as C from '../ops/creation';
import { index_select } from '../ops/indexing';
import { Generator } from '../random';

export { normalize } from '../ops/activation';
export type Reduction = 'mean' | 'sum' | 'none';

/** bias + x @ wt as one node, as torch.addmm records it. */
export function addmm(bias: Tensor, x: Tensor, wt: Tensor): Tensor {
  const prod = withGradMode(false, () => x.mm(wt));
  const out = withGradMode(false, () => prod.add(bias));
  // The weight's gradient is formed as (g^T x)^T: laid out like the weight itself (wt is its
  // transpose), so accumulating it into .grad is a flat pass; a sparse x is skipped over either way.
  return record(out, 'AddmmBackward0', [bias, x, wt], (g, needs) => [g, needs[1] ? g.mm(wt.t()) : null, needs[2] ? g.t().mm(x).t() : null]);
}

export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (x.ndim === 2 && bias) return addmm(bias, x, weight.t());
  if (bias && x.ndim === 3 && x.is_contiguous()) {
    const [a, b, c] = x.shape;
    return addmm(bias, x.view(a * b, c), weight.t()).view(a, b, weight.shape[0]);
  }
  const out = x.matmul(weight.t());
  return bias ? out.add(bias) : out;
}

export const relu = (x: Tensor): Tensor => P.relu(x);
export const sigmoid = (x: Tensor): Tensor => P.sigmoid(x);
export const tanh = (x: Tensor): Tensor => P.tanh(x);
export function leaky_relu(x: Tensor, negative_slope = 0.01): Tensor {
  const out = P.unaryKernel('leaky_relu', x, x.dtype, negative_slope);
  return record(out, 'LeakyReluBackward0', [x], (g) => [P.where(x.gt(0), g, P.mul(g, negative_slope))]);
}
export function gelu(x: Tensor): Tensor {
  const out = P.unaryKernel('gelu', x);
  return record(out, 'GeluBackward0', [x], (g) => {
    const cdf = P.mul(P.add(P.erf(P.mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = P.mul(P.exp(P.mul(P.mul(x, x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [P.mul(g, P.add(cdf, P.mul(x, pdf)))];
  });
}
export function softmax(x: Tensor, opts: number | { dim: number }): Tensor { return A.softmax(x, typeof opts === 'number' ? opts : opts.dim); }
export function log_softmax(x: Tensor, opts: number | { dim: number }): Tensor { return A.log_softmax(x, typeof opts === 'number' ? opts : opts.dim); }

export function dropout(x: Tensor, opts: { p?: number; training?: boolean; generator?: Generator } = {}): Tensor {
  const p = opts.p ?? 0.5, training = opts.training ?? true;
  if (p < 0 || p > 1) throw new RuntimeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return P.mul(x, 0);
  const noise = C.empty(x.shape.slice(), x.dtype, x.device).bernoulli_(1 - p, { generator: opts.generator }).div_(1 - p);
  return P.mul(x, noise);
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'mean') return loss.mean();
  throw new RuntimeError(`${reduction} is not a valid value for reduction`);
}

function checkSize(input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(`Using a target size (${target.shape}) that is different to the input size (${input.shape}) is deprecated. Please ensure they have the same size.`);
  }
}

type LossOpts = { reduction?: Reduction };

export function mse_loss(input: Tensor, target: Tensor, opts: LossOpts = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const diff = withGradMode(false, () => P.sub(input, target));
  const sq = withGradMode(false, () => P.mul(diff, diff));
  const out = withGradMode(false, () => reduce(sq, reduction));
  const n = reduction === 'mean' ? sq.numel() : 1;
  return record(out, 'MseLossBackward0', [input, target], (g) => {
    const gi = P.mul(P.mul(diff, reduction === 'none' ? g : g.expand(diff.shape)), 2 / n);
    return [gi, P.neg(gi)];
  });
}

export function l1_loss(input: Tensor, target: Tensor, opts: LossOpts = {}): Tensor {
  return reduce(P.abs(P.sub(input, target)), opts.reduction ?? 'mean');
}

export function binary_cross_entropy(input: Tensor, target: Tensor, opts: LossOpts & { weight?: Tensor | null } = {}): Tensor {
  checkSize(input, target);
  const reduction = opts.reduction ?? 'mean';
  const bad = withGradMode(false, () => input.lt(0).logical_or(input.gt(1)).any().item());
  if (bad) throw new RuntimeError('all elements of input should be between 0 and 1');
  // PyTorch clamps each log at -100 so that 0 and 1 give finite losses.
  const loss = withGradMode(false, () => {
    const logp = P.clamp(P.log(input), -100), log1mp = P.clamp(P.log(P.sub(1, input)), -100);
    let l = P.neg(P.add(P.mul(target, logp), P.mul(P.sub(1, target), log1mp)));
    if (opts.weight) l = P.mul(l, opts.weight);
    return reduce(l, reduction);
  });
  const n = reduction === 'mean' ? input.numel() : 1;
  return record(loss, 'BinaryCrossEntropyBackward0', [input, target], (g) => {
    const denom = P.clamp(P.mul(P.sub(1, input), input), 1e-12);
    let gi = P.div(P.mul(P.sub(input, target), reduction === 'none' ? g : g.expand(input.shape)), denom);
    if (opts.weight) gi = P.mul(gi, opts.weight);
    // d/dy of -(y log x + (1 - y) log(1 - x)), with the same clamps as the forward
    let gt = P.mul(P.sub(P.clamp(P.log(P.sub(1, input)), -100), P.clamp(P.log(input), -100)), reduction === 'none' ? g : g.expand(input.shape));
    if (opts.weight) gt = P.mul(gt, opts.weight);
    return [P.div(gi, n), P.div(gt, n)];
  });
}

export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts: LossOpts & { weight?: Tensor | null; pos_weight?: Tensor | null } = {}): Tensor {
  checkSize(input, target);
  const reduction = opts.reduction ?? 'mean';
  const loss = withGradMode(false, () => {
    // (1 - y) x + (1 + (pw - 1) y) (log(1 + exp(-|x|)) + max(-x, 0))
    const lw = opts.pos_weight ? P.add(P.mul(P.sub(opts.pos_weight, 1), target), 1) : null;
    const soft = P.add(P.log1p(P.exp(P.neg(P.abs(input)))), P.clamp(P.neg(input), 0));
    let l = P.add(P.mul(P.sub(1, target), input), lw ? P.mul(lw, soft) : soft);
    if (opts.weight) l = P.mul(l, opts.weight);
    return reduce(l, reduction);
  });
  const n = reduction === 'mean' ? input.numel() : 1;
  return record(loss, 'BinaryCrossEntropyWithLogitsBackward0', [input, target], (g) => {
    const s = P.sigmoid(input);
    let gi = opts.pos_weight
      ? P.sub(P.mul(s, P.add(P.mul(P.sub(opts.pos_weight, 1), target), 1)), P.mul(opts.pos_weight, target))
      : P.sub(s, target);
    const ge = reduction === 'none' ? g : g.expand(input.shape);
    gi = P.mul(gi, ge);
    if (opts.weight) gi = P.mul(gi, opts.weight);
    // d/dy: -x, plus (pw - 1) * softplus(-x) with a pos_weight
    const soft = P.add(P.log1p(P.exp(P.neg(P.abs(input)))), P.clamp(P.neg(input), 0));
    let gt = opts.pos_weight ? P.add(P.neg(input), P.mul(P.sub(opts.pos_weight, 1), soft)) : P.neg(input);
    gt = P.mul(gt, ge);
    if (opts.weight) gt = P.mul(gt, opts.weight);
    return [P.div(gi, n), P.div(gt, n)];
  });
}

type NllOpts = LossOpts & { weight?: Tensor | null; ignore_index?: number };

/** nll_loss over [N, C] (or [C]) log-probabilities and class indices. */
export function nll_loss(input: Tensor, target: Tensor, opts: NllOpts = {}): Tensor {
  const reduction = opts.reduction ?? 'mean', ignore = opts.ignore_index ?? -100;
  if (input.ndim < 1 || input.ndim > 2) throw new RuntimeError(`Expected 1 or 2 dimensions (got ${input.ndim})`);
  const x = input.ndim === 1 ? input.unsqueeze(0) : input;
  const t = target.ndim === 0 ? target.reshape(1) : target;
  if (x.shape[0] !== t.shape[0]) throw new RuntimeError(`Expected input batch_size (${x.shape[0]}) to match target batch_size (${t.shape[0]}).`);
  if (t.dtype !== int64) throw new RuntimeError(`expected scalar type Long but found ${P.typeName(t.dtype)}`);
  P.checkSameDevice(input, t);
  const [N, Cn] = x.shape;
  const tv = t.tolist() as number[];
  for (const c of tv) if (c !== ignore && (c < 0 || c >= Cn)) throw new IndexError(`Target ${c} is out of bounds.`);
  const keep = tv.map((c) => c !== ignore);
  const safe = tv.map((c, i) => (keep[i] ? c : 0));
  const lin = C.tensor(safe.map((c, i) => i * Cn + c), { dtype: int64, device: x.device });
  const wv = opts.weight ? (opts.weight.tolist() as number[]) : null;
  const w = C.tensor(safe.map((c, i) => (keep[i] ? (wv ? wv[c] : 1) : 0)), { dtype: x.dtype, device: x.device });
  const flat = x.detach().contiguous().reshape(-1);
  const picked = index_select(flat, 0, lin);
  const losses = P.neg(P.mul(picked, w));
  const denom = reduction === 'mean' ? (w.sum().item() as number) : 1;
  let out = reduction === 'none' ? losses : P.div(losses.sum(), denom);
  if (input.ndim === 1 && reduction === 'none') out = out.reshape([]);
  return record(out.detach(), 'NllLossBackward0', [input], (g) => {
    const gw = P.div(P.mul(P.neg(w), reduction === 'none' ? g.reshape(-1) : g), denom);
    const z = C.full([N * Cn], 0, { dtype: x.dtype, device: x.device });
    z._backend.index_add(z, 0, lin, gw.contiguous().to(x.dtype));
    return [z.reshape(input.shape)];
  });
}

export function cross_entropy(input: Tensor, target: Tensor, opts: NllOpts & { label_smoothing?: number } = {}): Tensor {
  const dim = input.ndim === 1 ? 0 : 1;
  const logp = A.log_softmax(input, dim);
  const reduction = opts.reduction ?? 'mean';
  const ls = opts.label_smoothing ?? 0;
  if (target.dtype.is_floating_point) {
    // class probabilities
    const C_ = input.shape[dim];
    const tgt = ls > 0 ? P.add(P.mul(target, 1 - ls), ls / C_) : target;
    let l = P.neg(R.sum(P.mul(logp, opts.weight ? P.mul(tgt, opts.weight) : tgt), dim));
    if (reduction === 'mean') return P.div(l.sum(), input.ndim === 1 ? 1 : input.shape[0]);
    return reduce(l, reduction);
  }
  const nll = nll_loss(logp, target, opts);
  if (ls <= 0) return nll;
  const smooth = P.neg(R.sum(logp, dim));
  const C_ = input.shape[dim];
  return P.add(P.mul(nll, 1 - ls), P.mul(reduce(smooth, reduction), ls / C_));
}

export function one_hot(t: Tensor, num_classes = -1): Tensor {
  const n = num_classes < 0 ? (t.max().item() as number) + 1 : num_classes;
  const out = C.full([...t.shape, n], 0, { dtype: int64 });
  const flat = t.reshape(-1).tolist() as number[];
  const d = out._data();
  flat.forEach((c, i) => { d[i * n + c] = 1; });
  return out;
}

export function embedding(input: Tensor, weight: Tensor): Tensor {
  return index_select(weight, 0, input.reshape(-1)).reshape([...input.shape, weight.shape[1]]);
}
