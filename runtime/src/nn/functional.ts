// torch.nn.functional: the keyword arguments and Python-level checks of PyTorch's functional.py,
// over ops where each function and its gradient is defined once.
import { ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { sameShape } from '../tensor/shape';
import { activation as A, indexing as I, linalg as L, loss, pointwise as P } from '../ops';
import { Generator } from '../random';

export const normalize = A.normalize;
export type Reduction = loss.Reduction;

export const addmm = L.addmm;
export const linear = L.linear;

export const relu = (x: Tensor): Tensor => P.relu(x);
export const sigmoid = (x: Tensor): Tensor => P.sigmoid(x);
export const tanh = (x: Tensor): Tensor => P.tanh(x);
export const leaky_relu = (x: Tensor, negative_slope = 0.01): Tensor => A.leaky_relu(x, negative_slope);
export const gelu = (x: Tensor): Tensor => A.gelu(x);
export function softmax(x: Tensor, opts: number | { dim: number }): Tensor { return A.softmax(x, typeof opts === 'number' ? opts : opts.dim); }
export function log_softmax(x: Tensor, opts: number | { dim: number }): Tensor { return A.log_softmax(x, typeof opts === 'number' ? opts : opts.dim); }

export function dropout(x: Tensor, opts: { p?: number; training?: boolean; generator?: Generator } = {}): Tensor {
  const p = opts.p ?? 0.5;
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  return A.dropout(x, p, opts.training ?? true, opts.generator);
}

function checkSize(input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(`Using a target size (${target.shape}) that is different to the input size (${input.shape}) is deprecated. Please ensure they have the same size.`);
  }
}

type LossOpts = { reduction?: Reduction };
type NllOpts = LossOpts & { weight?: Tensor | null; ignore_index?: number };

/** The reduction of a loss call, checked as PyTorch's _Reduction.get_enum does. */
function reductionOf(opts: LossOpts): Reduction {
  const r = opts.reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new ValueError(`${r} is not a valid value for reduction`);
  return r;
}

export function mse_loss(input: Tensor, target: Tensor, opts: LossOpts = {}): Tensor {
  return loss.mse_loss(input, target, reductionOf(opts));
}

export function l1_loss(input: Tensor, target: Tensor, opts: LossOpts = {}): Tensor {
  return loss.l1_loss(input, target, reductionOf(opts));
}

export function binary_cross_entropy(input: Tensor, target: Tensor, opts: LossOpts & { weight?: Tensor | null } = {}): Tensor {
  checkSize(input, target);
  return loss.binary_cross_entropy(input, target, opts.weight ?? null, reductionOf(opts));
}

export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts: LossOpts & { weight?: Tensor | null; pos_weight?: Tensor | null } = {}): Tensor {
  checkSize(input, target);
  return loss.binary_cross_entropy_with_logits(input, target, opts.weight ?? null, opts.pos_weight ?? null, reductionOf(opts));
}

/** nll_loss over [N, C] (or [C]) log-probabilities and class indices. */
export function nll_loss(input: Tensor, target: Tensor, opts: NllOpts = {}): Tensor {
  return loss.nll_loss(input, target, opts.weight ?? null, reductionOf(opts), opts.ignore_index ?? -100);
}

export function cross_entropy(input: Tensor, target: Tensor, opts: NllOpts & { label_smoothing?: number } = {}): Tensor {
  return loss.cross_entropy(input, target, opts.weight ?? null, reductionOf(opts), opts.ignore_index ?? -100, opts.label_smoothing ?? 0);
}

export const one_hot = (t: Tensor, num_classes = -1): Tensor => loss.one_hot(t, num_classes);

export const embedding = (input: Tensor, weight: Tensor): Tensor => I.embedding(input, weight);
