// Activations beyond the pointwise basics (leaky_relu, gelu, dropout), softmax / log_softmax along
// any dim, and F.normalize.
import { RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { normDim } from '../tensor/shape';
import { record } from '../autograd/engine';
import { DType, typeName } from '../tensor/dtype';
import { kwargs } from './args';
import { empty } from './creation';
import * as P from './pointwise';
import * as R from './reduce';
import { Generator } from '../random';

function softmaxKernel(x: Tensor, dim: number, log: boolean): Tensor {
  const d = normDim(dim, x.ndim);
  const last = x.ndim === 0 || d === x.ndim - 1;
  const src = (last ? x : x.transpose(d, -1)).detach().contiguous();
  if (!src.dtype.is_floating_point) {
    throw new RuntimeError(`"${log ? 'log_softmax' : 'softmax'}_${last ? 'lastdim_' : ''}kernel_impl" not implemented for '${typeName(src.dtype)}'`);
  }
  const out = empty(src._shape.slice(), src.dtype, x.device, true);
  x._backend.softmax(src, out, log);
  return last ? out : out.transpose(d, -1).contiguous();
}

export interface SoftmaxOpts { dim?: number; dtype?: DType }

/** `(dim, {dtype})` or `({dim, dtype})`; a dtype casts the input first, as in PyTorch. */
function softmaxArgs(x: Tensor, dim: number | SoftmaxOpts, opts?: SoftmaxOpts): [Tensor, number] {
  const o = kwargs<SoftmaxOpts>(['dim'], [dim, opts]);
  if (o.dim === undefined) throw new TypeError('softmax() missing required argument: dim');
  return [o.dtype && o.dtype !== x.dtype ? x.to(o.dtype) : x, o.dim];
}

/**
 * Applies the softmax function along `dim`: exp(x_i) / sum_j exp(x_j), so that the values along
 * `dim` lie in [0, 1] and sum to 1.
 *
 * @param input - the tensor
 * @param dim - the dimension along which softmax is computed (or `{ dim, dtype }`)
 */
export function softmax(input: Tensor, dimArg: number | SoftmaxOpts, opts?: SoftmaxOpts): Tensor {
  const [x, dim] = softmaxArgs(input, dimArg, opts);
  const out = softmaxKernel(x, dim, false);
  return record(out, 'SoftmaxBackward0', [x], (g) => [P.mul(out, P.sub(g, R.sum(P.mul(g, out), dim, true)))], [out]);
}

/**
 * Applies softmax followed by a logarithm along `dim`, computed in a numerically stable way.
 *
 * @param input - the tensor
 * @param dim - the dimension along which it is computed (or `{ dim, dtype }`)
 */
export function log_softmax(input: Tensor, dimArg: number | SoftmaxOpts, opts?: SoftmaxOpts): Tensor {
  const [x, dim] = softmaxArgs(input, dimArg, opts);
  const out = softmaxKernel(x, dim, true);
  return record(out, 'LogSoftmaxBackward0', [x], (g) => [P.sub(g, P.mul(P.exp(out), R.sum(g, dim, true)))], [out]);
}

export function normalize(x: Tensor, opts: { p?: number; dim?: number; eps?: number } = {}): Tensor {
  const p = opts.p ?? 2, dim = opts.dim ?? 1, eps = opts.eps ?? 1e-12;
  const denom = P.clamp(R.norm(x, p, dim, true), eps).expand_as(x);
  return P.div(x, denom);
}

export function leaky_relu(x: Tensor, negative_slope = 0.01): Tensor {
  const out = P.unaryKernel('leaky_relu', x, x.dtype, negative_slope);
  return record(out, 'LeakyReluBackward0', [x], (g) => [P.where(x.gt(0), g, P.mul(g, negative_slope))], [x]);
}

export function gelu(x: Tensor): Tensor {
  const out = P.unaryKernel('gelu', x);
  return record(out, 'GeluBackward0', [x], (g) => {
    const cdf = P.mul(P.add(P.erf(P.mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = P.mul(P.exp(P.mul(P.mul(x, x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [P.mul(g, P.add(cdf, P.mul(x, pdf)))];
  }, [x]);
}

/** Zero each element with probability p and scale the rest by 1 / (1 - p) (when training). */
export function dropout(x: Tensor, p: number, train: boolean, generator?: Generator): Tensor {
  if (!train || p === 0) return x;
  if (p === 1) return P.mul(x, 0);
  const noise = empty(x._shape.slice(), x.dtype, x.device).bernoulli_(1 - p, { generator }).div_(1 - p);
  return P.mul(x, noise);
}
