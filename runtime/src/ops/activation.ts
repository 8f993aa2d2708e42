// softmax / log_softmax along any dim, and F.normalize.
import { RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { normDim } from '../tensor/shape';
import { record } from '../autograd/engine';
import { DType } from '../tensor/dtype';
import { kwargs } from './args';
import { empty } from './creation';
import * as P from './pointwise';
import * as R from './reduce';

function softmaxKernel(x: Tensor, dim: number, log: boolean): Tensor {
  const d = normDim(dim, x.ndim);
  const last = x.ndim === 0 || d === x.ndim - 1;
  const src = (last ? x : x.transpose(d, -1)).detach().contiguous();
  if (!src.dtype.is_floating_point) {
    const names: Record<string, string> = { int64: 'Long', int32: 'Int', bool: 'Bool' };
    throw new RuntimeError(`"${log ? 'log_softmax' : 'softmax'}_${last ? 'lastdim_' : ''}kernel_impl" not implemented for '${names[src.dtype.name]}'`);
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

export function softmax(input: Tensor, dimArg: number | SoftmaxOpts, opts?: SoftmaxOpts): Tensor {
  const [x, dim] = softmaxArgs(input, dimArg, opts);
  const out = softmaxKernel(x, dim, false);
  return record(out, 'SoftmaxBackward0', [x], (g) => [P.mul(out, P.sub(g, R.sum(P.mul(g, out), dim, true)))]);
}

export function log_softmax(input: Tensor, dimArg: number | SoftmaxOpts, opts?: SoftmaxOpts): Tensor {
  const [x, dim] = softmaxArgs(input, dimArg, opts);
  const out = softmaxKernel(x, dim, true);
  return record(out, 'LogSoftmaxBackward0', [x], (g) => [P.sub(g, P.mul(P.exp(out), R.sum(g, dim, true)))]);
}

export function normalize(x: Tensor, opts: { p?: number; dim?: number; eps?: number } = {}): Tensor {
  const p = opts.p ?? 2, dim = opts.dim ?? 1, eps = opts.eps ?? 1e-12;
  const denom = P.clamp(R.norm(x, p, dim, true), eps).expand_as(x);
  return P.div(x, denom);
}
