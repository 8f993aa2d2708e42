// Reductions: each defined once with its gradient; dims and keepdim follow PyTorch.
import { IndexError, RuntimeError } from '../errors';
import type { ReduceOp } from '../backends/backend';
import { Tensor } from '../tensor/tensor';
import { DType, bool, int64, typeName } from '../tensor/dtype';
import { normDim } from '../tensor/shape';
import { record } from '../autograd/engine';
import { DimArg, dimArgs, kwargs } from './args';
import * as C from './creation';

const { empty } = C;
import * as P from './pointwise';
import * as S from './shape';

/** Normalised, sorted, de-duplicated dims (all dims when none are given). */
function reduceDims(x: Tensor, dims: number[] | null): number[] {
  if (dims === null || dims.length === 0) return x._shape.map((_, i) => i);
  const out = [...new Set(dims.map((d) => normDim(d, x.ndim)))];
  if (out.length !== dims.length) throw new RuntimeError(`dim ${dims[0]} appears multiple times in the list of dims`);
  return out.sort((a, b) => a - b);
}

function keptShape(x: Tensor, dims: number[]): number[] {
  return x._shape.map((n, i) => (dims.includes(i) ? 1 : n));
}

function squeezeDims(t: Tensor, shape: number[], dims: number[], keepdim: boolean): Tensor {
  if (keepdim) return t;
  const s = shape.filter((_, i) => !dims.includes(i));
  return t._view(s, S.contiguousStridesOf(s), t._offset);
}

/** Run one backend reduction; returns the result and the keepdim shape. */
export function reduceKernel(op: ReduceOp, x: Tensor, dims: number[], keepdim: boolean, dtype: DType): Tensor {
  const kshape = keptShape(x, dims);
  const out = empty(kshape, dtype, x.device, true);
  if (x.ndim === 0) x._backend.copy(x, out);
  else x._backend.reduce(op, x, dims, out);
  return squeezeDims(out, kshape, dims, keepdim);
}

/** Expand a reduced gradient back over the reduced dims (undoing keepdim=false first). */
function expandBack(g: Tensor, x: Tensor, dims: number[], keepdim: boolean): Tensor {
  const k = keepdim ? g : g.reshape(keptShape(x, dims));
  return k.expand(x._shape);
}

const sumDtype = (x: Tensor): DType => (x.dtype.kind === 'float' ? x.dtype : int64);

export interface ReduceOpts { dim?: number | readonly number[] | null; keepdim?: boolean; dtype?: DType }

/**
 * Returns the sum of all elements of `input`, or along the dimension(s) `dim` (removed from the
 * shape unless `keepdim`).
 *
 * @param input - the tensor
 * @param dim - the dimension or dimensions to reduce (all when omitted)
 * @param keepdim - whether the output keeps `dim` with size 1
 * @param opts - `{ dim, keepdim, dtype }`
 */
export function sum(x: Tensor, dim?: DimArg | ReduceOpts, keepdim?: boolean | ReduceOpts, opts?: ReduceOpts): Tensor {
  const o = kwargs<ReduceOpts>(['dim', 'keepdim'], [dim, keepdim, opts]);
  const { dims, keepdim: kd } = dimArgs(o.dim, o.keepdim);
  const all = dims === null;
  const rd = reduceDims(x, dims);
  const dtype = o.dtype ?? sumDtype(x);
  const out = reduceKernel('sum', x, rd, kd, dtype);
  return record(out, all ? 'SumBackward0' : 'SumBackward1', [x], (g) => [expandBack(g, x, rd, kd)]);
}

/**
 * Returns the mean of all elements of `input`, or along the dimension(s) `dim` (removed from the
 * shape unless `keepdim`). Defined for floating-point tensors.
 *
 * @param input - the tensor
 * @param dim - the dimension or dimensions to reduce (all when omitted)
 * @param keepdim - whether the output keeps `dim` with size 1
 * @param opts - `{ dim, keepdim, dtype }`
 */
export function mean(x: Tensor, dim?: DimArg | ReduceOpts, keepdim?: boolean | ReduceOpts, opts?: ReduceOpts): Tensor {
  const o = kwargs<ReduceOpts>(['dim', 'keepdim'], [dim, keepdim, opts]);
  // mean(dtype=...) casts first, as PyTorch does
  if (o.dtype && o.dtype !== x.dtype) return mean(x.to(o.dtype), o.dim, o.keepdim);
  if (!x.dtype.is_floating_point) {
    throw new RuntimeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${typeName(x.dtype)}`);
  }
  const a = dimArgs(o.dim, o.keepdim);
  const rd = reduceDims(x, a.dims);
  const n = rd.reduce((p, d) => p * x._shape[d], 1);
  const out = P.div(reduceKernel('sum', x, rd, a.keepdim, x.dtype), n).detach();
  return record(out, a.dims === null ? 'MeanBackward0' : 'MeanBackward1', [x], (g) => [P.div(expandBack(g, x, rd, a.keepdim), n)]);
}

export function prod(x: Tensor, dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor {
  const a = dimArgs(dim as DimArg, keepdim);
  const rd = reduceDims(x, a.dims);
  const out = reduceKernel('prod', x, rd, a.keepdim, sumDtype(x));
  return record(out, a.dims === null ? 'ProdBackward0' : 'ProdBackward1', [x], (g) => [
    P.div(P.mul(expandBack(g, x, rd, a.keepdim), expandBack(out, x, rd, a.keepdim)), x),
  ], [x, out]);
}

export interface VarOpts { unbiased?: boolean; correction?: number; keepdim?: boolean; dim?: number | number[] }

function varParts(x: Tensor, dim: DimArg | VarOpts | undefined, opts: boolean | VarOpts | undefined, keepdim: boolean | undefined) {
  if (!x.dtype.is_floating_point) throw new RuntimeError('std and var only support floating point and complex dtypes');
  const o = kwargs<VarOpts>(['dim', 'unbiased', 'keepdim'], [dim, opts, keepdim]);
  const a = dimArgs(o.dim, o.keepdim);
  const rd = reduceDims(x, a.dims);
  const n = rd.reduce((p, d) => p * x._shape[d], 1);
  const denom = Math.max(0, n - (o.correction ?? (o.unbiased === false ? 0 : 1)));
  const centered = P.sub(x.detach(), mean(x.detach(), rd, true));
  const v = P.div(sum(P.mul(centered, centered), rd, a.keepdim), denom);
  /** d var / dx, times the incoming gradient. */
  const grad = (g: Tensor) => P.mul(P.mul(centered, expandBack(g, x, rd, a.keepdim)), 2 / denom);
  return { v, grad, rd, keepdim: a.keepdim };
}

export function var_(x: Tensor, dim?: DimArg | VarOpts, opts?: boolean | VarOpts, keepdim?: boolean): Tensor {
  const { v, grad } = varParts(x, dim, opts, keepdim);
  return record(v, 'VarBackward0', [x], (g) => [grad(g)], [x]);
}

/**
 * Returns the standard deviation of `input`, over all elements or along `dim`, with Bessel's
 * correction (divides by N - 1) unless `correction`/`unbiased` says otherwise.
 *
 * @param input - the tensor
 * @param dim - the dimension or dimensions to reduce
 * @param opts - `{ dim, correction, unbiased, keepdim }`
 */
export function std(x: Tensor, dim?: DimArg | VarOpts, opts?: boolean | VarOpts, keepdim?: boolean): Tensor {
  const { v, grad } = varParts(x, dim, opts, keepdim);
  const s = P.sqrt(v);
  return record(s, 'StdBackward0', [x], (g) => [grad(P.div(g, P.mul(s, 2)))], [x, s]);
}

export interface NormOpts { p?: number | 'fro'; dim?: number | readonly number[] | null; keepdim?: boolean }

/**
 * Returns the p-norm of `input` (the Frobenius norm by default), over all elements or along `dim`.
 *
 * @param input - the tensor
 * @param p - the order of the norm (2, 1, Infinity, 'fro', ...)
 * @param dim - the dimension or dimensions to reduce
 * @param keepdim - whether the output keeps `dim` with size 1
 */
export function norm(x: Tensor, pArg?: number | 'fro' | NormOpts, dim?: DimArg | NormOpts, keepdim?: boolean | NormOpts): Tensor {
  const o = kwargs<NormOpts>(['p', 'dim', 'keepdim'], [pArg, dim, keepdim]);
  const p = o.p ?? 2;
  const a = dimArgs(o.dim, o.keepdim);
  const rd = reduceDims(x, a.dims);
  if (p === 2 || p === 'fro') {
    const out = P.sqrt(reduceKernel('sumsq', x, rd, a.keepdim, x.dtype)).detach();
    return record(out, 'NormBackward1', [x], (g) => [
      P.mul(x, P.div(expandBack(g, x, rd, a.keepdim), expandBack(P.where(out.eq(0), Infinity, out), x, rd, a.keepdim))),
    ], [x, out]);
  }
  if (p === Infinity) return amax(x.abs(), rd, a.keepdim);
  if (p === -Infinity) return amin(x.abs(), rd, a.keepdim);
  if (p === 0) return sum(P.cmp('ne', x, 0), rd, { keepdim: a.keepdim, dtype: x.dtype });
  if (p === 1) return sum(x.abs(), rd, a.keepdim);
  return P.pow(sum(P.pow(x.abs(), p), rd, a.keepdim), 1 / p);
}

/** torch.return_types.max / min: a (values, indices) pair that destructures like a tuple. */
export class ValuesIndices {
  constructor(readonly values: Tensor, readonly indices: Tensor, private readonly kind: string) {}
  *[Symbol.iterator]() { yield this.values; yield this.indices; }
  get 0(): Tensor { return this.values; }
  get 1(): Tensor { return this.indices; }
  toString(): string {
    return `torch.return_types.${this.kind}(\nvalues=${this.values.toString()},\nindices=${this.indices.toString()})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

/** PyTorch's refusal to reduce over nothing: `name` over `dims` of x (null: all of them). */
function checkNonEmpty(name: string, x: Tensor, dims: number[] | null, whole: typeof RuntimeError): void {
  if (dims === null) {
    if (x._numel === 0) throw new whole(`${name}(): Expected reduction dim to be specified for input.numel() == 0.${whole === RuntimeError ? " Specify the reduction dim with the 'dim' argument." : ''}`);
    return;
  }
  for (const d of dims) if (x._shape[d] === 0) throw new IndexError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
}

/** amax / amin (and max / min without a dim): the extreme values over dims; the gradient is shared among ties. */
function extremum(x: Tensor, op: 'max' | 'min', dim?: DimArg, keepdim?: boolean, name: string = op): Tensor {
  const a = dimArgs(dim, keepdim);
  const rd = reduceDims(x, a.dims);
  checkNonEmpty(name, x, a.dims === null ? null : rd, RuntimeError);
  const out = reduceKernel(op, x, rd, a.keepdim, x.dtype);
  return record(out, a.dims === null ? (op === 'max' ? 'MaxBackward1' : 'MinBackward1') : (op === 'max' ? 'AmaxBackward0' : 'AminBackward0'), [x], (g) => {
    const mask = P.cmp('eq', x, expandBack(out, x, rd, a.keepdim));
    const count = sum(mask, rd, true);
    return [P.div(P.where(mask, expandBack(g, x, rd, a.keepdim), 0), count)];
  }, [x, out]);
}
export const amax = (x: Tensor, dim?: DimArg, keepdim?: boolean): Tensor => extremum(x, 'max', dim, keepdim, 'amax');
export const amin = (x: Tensor, dim?: DimArg, keepdim?: boolean): Tensor => extremum(x, 'min', dim, keepdim, 'amin');

/** max / min: of all elements, elementwise against another tensor, or (values, indices) along a dim. */
export function maxmin(op: 'max' | 'min', x: Tensor, dim?: number | Tensor | { dim: number; keepdim?: boolean }, keepdim?: boolean): Tensor | ValuesIndices {
  if (dim instanceof Tensor) return op === 'max' ? P.maximum(x, dim) : P.minimum(x, dim);
  if (dim === undefined) return extremum(x, op);
  const a = dimArgs(dim as DimArg, keepdim);
  const d = normDim(a.dims![0], x.ndim);
  checkNonEmpty(op, x, [d], IndexError);
  const kept = argReduce(x, op === 'max' ? 'argmax' : 'argmin', d, true);
  const sq = (t: Tensor) => (a.keepdim || x.ndim === 0 ? t : t.squeeze(d));
  const values = sq(x.detach().gather(d, kept)), indices = sq(kept);
  // The gradient goes to the selected element of each slice.
  const out = record(values, op === 'max' ? 'MaxBackward0' : 'MinBackward0', [x], (g) => {
    if (x.ndim === 0) return [g];
    const n = x._shape[d];
    const pos = C.arange(n, { device: x.device }).reshape([n, ...x._shape.slice(d + 1).map(() => 1)]);
    return [P.where(pos.eq(kept), a.keepdim || x.ndim === 0 ? g : g.unsqueeze(d), 0)];
  }, [indices]);
  return new ValuesIndices(out, indices, op);
}

/** Index of the first max / min, over all elements (flattened) or along one dim. */
function argReduce(x: Tensor, op: 'argmax' | 'argmin', dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor {
  const a = dimArgs(dim as DimArg, keepdim);
  checkNonEmpty(op, x, a.dims === null ? null : [normDim(a.dims[0], x.ndim)], IndexError);
  if (a.dims === null) {
    const flat = x.reshape(-1);
    const out = empty([1], int64, x.device);
    x._backend.argreduce(op, flat, 0, out);
    return out.reshape(a.keepdim ? x._shape.map(() => 1) : []);
  }
  const d = normDim(a.dims[0], x.ndim);
  if (x.ndim === 0) return P.mul(empty([], int64, x.device), 0);
  const kshape = keptShape(x, [d]);
  const out = empty(kshape, int64, x.device);
  x._backend.argreduce(op, x, d, out);
  return a.keepdim ? out : out.squeeze(d);
}
export const argmax = (x: Tensor, dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor => argReduce(x, 'argmax', dim, keepdim);
export const argmin = (x: Tensor, dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor => argReduce(x, 'argmin', dim, keepdim);

export function allany(x: Tensor, op: 'all' | 'any', dim?: number, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  return reduceKernel(op, x, reduceDims(x, a.dims), a.keepdim, bool);
}

export function logsumexp(x: Tensor, dim: DimArg, keepdim?: boolean): Tensor {
  const a = dimArgs(dim, keepdim);
  const rd = reduceDims(x, a.dims);
  const xd = x.detach();
  const m = amax(xd, rd, true);
  const mm = P.where(m.isnan().logical_or(m.abs().eq(Infinity)), 0, m);
  const kept = P.add(P.log(sum(P.exp(P.sub(xd, mm)), rd, true)), mm);
  const out = a.keepdim ? kept : squeezeDims(kept.contiguous(), kept._shape, rd, false);
  return record(out, 'LogsumexpBackward0', [x], (g) => [P.mul(expandBack(g, x, rd, a.keepdim), P.exp(P.sub(x, kept)))], [x, out]);
}

export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim);
  const src = x.contiguous();
  const out = empty(x._shape.slice(), x.dtype.kind === 'float' ? x.dtype : int64, x.device);
  const od = out._data(), sd = src._data();
  const n = x._shape[d] ?? 1;
  let inner = 1;
  for (let i = d + 1; i < x.ndim; i++) inner *= x._shape[i];
  const outer = x._numel / Math.max(1, n * inner);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      let acc = 0;
      for (let i = 0; i < n; i++) { const k = (o * n + i) * inner + q; acc += sd[src._offset + k]; od[k] = acc; }
    }
  }
  return record(out, 'CumsumBackward0', [x], (g) => [cumsum(g.flip(d), d).flip(d)]);
}

