// Losses, each defined once with its gradient (PyTorch's ATen losses): nn.functional only binds
// their arguments. `reduction` is 'mean' | 'sum' | 'none', as PyTorch's enum.
import { IndexError, RuntimeError, ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { int64, typeName } from '../tensor/dtype';
import { sameShape } from '../tensor/shape';
import { record } from '../autograd/engine';
import { withGradMode } from '../autograd/graph';
import * as P from './pointwise';
import * as R from './reduce';
import * as A from './activation';
import * as C from './creation';
import { index_select } from './indexing';

export type Reduction = 'mean' | 'sum' | 'none';

export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'mean') return loss.mean();
  throw new ValueError(`${reduction} is not a valid value for reduction`);
}

/** The incoming gradient spread over the unreduced loss's shape. */
const spread = (g: Tensor, like: Tensor, reduction: Reduction): Tensor => (reduction === 'none' ? g : g.expand(like.shape));

export function mse_loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  const diff = withGradMode(false, () => P.sub(input, target));
  const sq = withGradMode(false, () => P.mul(diff, diff));
  const out = withGradMode(false, () => reduce(sq, reduction));
  const n = reduction === 'mean' ? sq.numel() : 1;
  return record(out, 'MseLossBackward0', [input, target], (g) => {
    const gi = P.mul(P.mul(diff, spread(g, diff, reduction)), 2 / n);
    return [gi, P.neg(gi)];
  }, [input, target]);
}

export function l1_loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  return reduce(P.abs(P.sub(input, target)), reduction);
}

export function binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null = null, reduction: Reduction = 'mean'): Tensor {
  // NaN fails the check too, as PyTorch's `0 <= x && x <= 1` does.
  const ok = withGradMode(false, () => input.ge(0).logical_and(input.le(1)).all().item());
  if (!ok) throw new RuntimeError('all elements of input should be between 0 and 1');
  // PyTorch clamps each log at -100 so that 0 and 1 give finite losses.
  const loss = withGradMode(false, () => {
    const logp = P.clamp(P.log(input), -100), log1mp = P.clamp(P.log(P.sub(1, input)), -100);
    let l = P.neg(P.add(P.mul(target, logp), P.mul(P.sub(1, target), log1mp)));
    if (weight) l = P.mul(l, weight);
    return reduce(l, reduction);
  });
  const n = reduction === 'mean' ? input.numel() : 1;
  return record(loss, 'BinaryCrossEntropyBackward0', [input, target], (g) => {
    const denom = P.clamp(P.mul(P.sub(1, input), input), 1e-12);
    let gi = P.div(P.mul(P.sub(input, target), spread(g, input, reduction)), denom);
    if (weight) gi = P.mul(gi, weight);
    // d/dy of -(y log x + (1 - y) log(1 - x)), with the same clamps as the forward
    let gt = P.mul(P.sub(P.clamp(P.log(P.sub(1, input)), -100), P.clamp(P.log(input), -100)), spread(g, input, reduction));
    if (weight) gt = P.mul(gt, weight);
    return [P.div(gi, n), P.div(gt, n)];
  }, [input, target, weight]);
}

export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | null = null,
  pos_weight: Tensor | null = null, reduction: Reduction = 'mean'): Tensor {
  // log(1 + exp(-|x|)) + max(-x, 0), the stable softplus(-x)
  const softplusNeg = () => P.add(P.log1p(P.exp(P.neg(P.abs(input)))), P.clamp(P.neg(input), 0));
  const loss = withGradMode(false, () => {
    // (1 - y) x + (1 + (pw - 1) y) softplus(-x)
    const lw = pos_weight ? P.add(P.mul(P.sub(pos_weight, 1), target), 1) : null;
    const soft = softplusNeg();
    let l = P.add(P.mul(P.sub(1, target), input), lw ? P.mul(lw, soft) : soft);
    if (weight) l = P.mul(l, weight);
    return reduce(l, reduction);
  });
  const n = reduction === 'mean' ? input.numel() : 1;
  return record(loss, 'BinaryCrossEntropyWithLogitsBackward0', [input, target], (g) => {
    const s = P.sigmoid(input);
    let gi = pos_weight
      ? P.sub(P.mul(s, P.add(P.mul(P.sub(pos_weight, 1), target), 1)), P.mul(pos_weight, target))
      : P.sub(s, target);
    const ge = spread(g, input, reduction);
    gi = P.mul(gi, ge);
    if (weight) gi = P.mul(gi, weight);
    // d/dy: -x, plus (pw - 1) * softplus(-x) with a pos_weight
    let gt = pos_weight ? P.add(P.neg(input), P.mul(P.sub(pos_weight, 1), softplusNeg())) : P.neg(input);
    gt = P.mul(gt, ge);
    if (weight) gt = P.mul(gt, weight);
    return [P.div(gi, n), P.div(gt, n)];
  }, [input, target, weight, pos_weight]);
}

/** nll_loss over [N, C] (or [C]) log-probabilities and class indices. */
export function nll_loss(input: Tensor, target: Tensor, weight: Tensor | null = null, reduction: Reduction = 'mean', ignore_index = -100): Tensor {
  if (input.ndim < 1 || input.ndim > 2) throw new RuntimeError(`Expected 1 or 2 dimensions (got ${input.ndim})`);
  const x = input.ndim === 1 ? input.unsqueeze(0) : input;
  const t = target.ndim === 0 ? target.reshape(1) : target;
  if (x.shape[0] !== t.shape[0]) throw new ValueError(`Expected input batch_size (${x.shape[0]}) to match target batch_size (${t.shape[0]}).`);
  if (t.dtype !== int64) throw new RuntimeError(`expected scalar type Long but found ${typeName(t.dtype)}`);
  P.checkSameDevice(input, t);
  const [N, Cn] = x.shape;
  const tv = t.tolist() as number[];
  for (const c of tv) if (c !== ignore_index && (c < 0 || c >= Cn)) throw new IndexError(`Target ${c} is out of bounds.`);
  const keep = tv.map((c) => c !== ignore_index);
  const safe = tv.map((c, i) => (keep[i] ? c : 0));
  const lin = C.tensor(safe.map((c, i) => i * Cn + c), { dtype: int64, device: x.device });
  const wv = weight ? (weight.tolist() as number[]) : null;
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
  }, [input, target, weight]);
}

/** log_softmax + nll_loss over class indices, or a soft-label loss over class probabilities. */
export function cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null = null, reduction: Reduction = 'mean',
  ignore_index = -100, label_smoothing = 0): Tensor {
  const dim = input.ndim === 1 ? 0 : 1;
  const logp = A.log_softmax(input, dim);
  const ls = label_smoothing;
  // A target shaped like the input holds class probabilities; otherwise class indices.
  if (target.dtype.is_floating_point && sameShape(target._shape, input._shape)) {
    const C_ = input.shape[dim];
    const tgt = ls > 0 ? P.add(P.mul(target, 1 - ls), ls / C_) : target;
    const l = P.neg(R.sum(P.mul(logp, weight ? P.mul(tgt, weight) : tgt), dim));
    if (reduction === 'mean') return P.div(l.sum(), input.ndim === 1 ? 1 : input.shape[0]);
    return reduce(l, reduction);
  }
  const nll = nll_loss(logp, target, weight, reduction, ignore_index);
  if (ls <= 0) return nll;
  const smooth = P.neg(R.sum(logp, dim));
  const C_ = input.shape[dim];
  return P.add(P.mul(nll, 1 - ls), P.mul(reduce(smooth, reduction), ls / C_));
}

/** Class indices as one-hot int64 rows, on the indices' device. */
export function one_hot(t: Tensor, num_classes = -1): Tensor {
  if (t.dtype !== int64) throw new RuntimeError('one_hot is only applicable to index tensor.');
  if (t._numel === 0) {
    if (num_classes <= 0) throw new RuntimeError('Can not infer total number of classes from empty tensor.');
  } else {
    if ((t.min().item() as number) < 0) throw new RuntimeError('Class values must be non-negative.');
    const top = t.max().item() as number;
    if (num_classes < 0) num_classes = top + 1;
    else if (top >= num_classes) throw new RuntimeError('Class values must be smaller than num_classes.');
  }
  return C.arange(num_classes, { device: t.device }).eq(t.unsqueeze(-1)).to(int64);
}
