// View ops (no copy: new shape/strides/offset over the same storage) and joins.
import { RuntimeError, IndexError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { LazyStorage } from '../tensor/lazy_storage';
import { promote } from '../tensor/dtype';
import { contiguousStrides, fmtShape, inferShape, normDim, viewStrides } from '../tensor/shape';
import { record } from '../autograd/engine';
import { DimOpt, ShapeArg, dimOpt, shapeOf } from './args';
import { empty } from './creation';
import * as P from './pointwise';

export const dimOf = (t: Tensor, d: number): number => normDim(d, t.ndim);
export const contiguousStridesOf = contiguousStrides;
export const flatArgs = (a: readonly ShapeArg[]): number[] => shapeOf(a);

export function view(x: Tensor, args: readonly ShapeArg[]): Tensor {
  const shape = inferShape(shapeOf(args), x._numel);
  const strides = viewStrides(x._shape, x._strides, shape);
  if (!strides) {
    throw new RuntimeError('view size is not compatible with input tensor\'s size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.');
  }
  const out = x._view(shape, strides, x._offset);
  return record(out, 'ViewBackward0', [x], (g) => [g.reshape(x._shape)]);
}

export function reshape(x: Tensor, args: readonly ShapeArg[]): Tensor {
  const shape = inferShape(shapeOf(args), x._numel);
  const strides = viewStrides(x._shape, x._strides, shape);
  if (strides) {
    const out = x._view(shape, strides, x._offset);
    return record(out, 'ReshapeAliasBackward0', [x], (g) => [g.reshape(x._shape)]);
  }
  const c = P.clone(x);
  const out = c._view(shape, contiguousStrides(shape), 0);
  return record(out.detach(), 'UnsafeViewBackward0', [x], (g) => [g.reshape(x._shape)]);
}

export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [[1]]);
  const s = normDim(start, x.ndim), e = normDim(end, x.ndim);
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  const shape = [...x._shape.slice(0, s), x._shape.slice(s, e + 1).reduce((a, b) => a * b, 1), ...x._shape.slice(e + 1)];
  return reshape(x, [shape]);
}

export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = normDim(dim, x.ndim);
  if (!sizes.includes(-1) && sizes.reduce((a, b) => a * b, 1) !== x._shape[d]) {
    throw new RuntimeError(`unflatten: Provided sizes ${fmtShape(sizes)} don't multiply up to the size of dim ${dim} (${x._shape[d]}) in the input tensor`);
  }
  return view(x, [[...x._shape.slice(0, d), ...inferShape(sizes, x._shape[d]), ...x._shape.slice(d + 1)]]);
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  const dims = dim === undefined ? x._shape.map((n, i) => (n === 1 ? i : -1)).filter((i) => i >= 0) : [normDim(dim, x.ndim)];
  const keep = x._shape.map((n, i) => !(dims.includes(i) && n === 1));
  const out = x._view(x._shape.filter((_, i) => keep[i]), x._strides.filter((_, i) => keep[i]), x._offset);
  return record(out, dim === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1', [x], (g) => [g.reshape(x._shape)]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim + 1);
  const shape = x._shape.slice(), strides = x._strides.slice();
  const st = d < x.ndim ? x._shape[d] * x._strides[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  const out = x._view(shape, strides, x._offset);
  return record(out, 'UnsqueezeBackward0', [x], (g) => [g.squeeze(d)]);
}

export function permute(x: Tensor, dims: number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new RuntimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  }
  const d = dims.map((i) => normDim(i, x.ndim));
  if (new Set(d).size !== d.length) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  const out = x._view(d.map((i) => x._shape[i]), d.map((i) => x._strides[i]), x._offset);
  const inv = new Array<number>(d.length);
  d.forEach((src, i) => { inv[src] = i; });
  return record(out, 'PermuteBackward0', [x], (g) => [g.permute(inv)]);
}

export function transpose(x: Tensor, d0: number, d1: number): Tensor {
  if (x.ndim === 0) return x;
  const a = normDim(d0, x.ndim), b = normDim(d1, x.ndim);
  const shape = x._shape.slice(), strides = x._strides.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  const out = x._view(shape, strides, x._offset);
  return record(out, 'TransposeBackward0', [x], (g) => [g.transpose(a, b)]);
}

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  if (x.ndim < 2) return x;
  const out = x._view([x._shape[1], x._shape[0]], [x._strides[1], x._strides[0]], x._offset);
  return record(out, 'TBackward0', [x], (g) => [g.t()]);
}

export function expand(x: Tensor, sizes: number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new RuntimeError(`expand(torch.FloatTensor{${fmtShape(x._shape)}}, size=${fmtShape(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  }
  const lead = sizes.length - x.ndim;
  const shape = sizes.map((s, i) => (s === -1 ? (i < lead ? (() => { throw new RuntimeError('The expanded size of the tensor (-1) isn\'t allowed in a leading, non-existing dimension 0'); })() : x._shape[i - lead]) : s));
  const b = P.broadcastTo(x, shape);
  const out = b === x ? x._view(shape, x._strides.slice(), x._offset) : b;
  return record(out, 'ExpandBackward0', [x], (g) => [g]);
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, x.ndim);
  if (start < 0) start += x._shape[d];
  if (start < 0 || length < 0 || start + length > x._shape[d]) throw new RuntimeError(`start (${start}) + length (${length}) exceeds dimension size (${x._shape[d]}).`);
  return slice(x, d, start, start + length, 1);
}

/** x[..., start:stop:step, ...] on one dim (indices already clamped by the caller or here). */
export function slice(x: Tensor, dim: number, start: number, stop: number, step: number, name = 'SliceBackward0'): Tensor {
  if (step <= 0) throw new RuntimeError('slice step must be positive');
  const n = x._shape[dim];
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = clamp(start), e = Math.max(clamp(stop), s);
  const len = Math.ceil((e - s) / step);
  const shape = x._shape.slice(), strides = x._strides.slice();
  shape[dim] = len;
  strides[dim] = x._strides[dim] * step;
  const out = x._view(shape, strides, x._offset + s * x._strides[dim]);
  return record(out, name, [x], (g) => {
    const z = P.full(x._shape, 0, { dtype: g.dtype, device: g.device });
    slice(z, dim, s, e, step).copy_(g);
    return [z];
  });
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new RuntimeError('select() cannot be applied to a 0-dim tensor.');
  const d = normDim(dim, x.ndim);
  const n = x._shape[d];
  if (index < -n || index >= n) throw new IndexError(`select(): index ${index} out of range for tensor of size ${fmtShape(x._shape)} at dimension ${d}`);
  const i = index < 0 ? index + n : index;
  const out = x._view(x._shape.filter((_, k) => k !== d), x._strides.filter((_, k) => k !== d), x._offset + i * x._strides[d]);
  return record(out, 'SelectBackward0', [x], (g) => {
    const z = P.full(x._shape, 0, { dtype: g.dtype, device: g.device });
    select(z, d, i).copy_(g);
    return [z];
  });
}

export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normDim(dim, x.ndim);
  return Array.from({ length: x._shape[d] }, (_, i) => select(x, d, i));
}

export function split(x: Tensor, size: number | number[], dim: DimOpt = 0): Tensor[] {
  const d = normDim(dimOpt(dim), x.ndim);
  const n = x._shape[d];
  if (!Array.isArray(size) && size === 0 && n !== 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
  const sizes = Array.isArray(size) ? size : Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size));
  if (Array.isArray(size) && size.reduce((a, b) => a + b, 0) !== n) {
    throw new RuntimeError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(size)}`);
  }
  let at = 0;
  return sizes.map((s) => { const r = slice(x, d, at, at + s, 1, Array.isArray(size) ? 'SplitWithSizesBackward0' : 'SplitBackward0'); at += s; return r; });
}

export function chunk(x: Tensor, chunks: number, dim: DimOpt = 0): Tensor[] {
  if (chunks <= 0) throw new RuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normDim(dimOpt(dim), x.ndim);
  return split(x, Math.max(1, Math.ceil(x._shape[d] / chunks)), d);
}

export function flip(x: Tensor, dims: number[]): Tensor {
  let out = x.detach();
  for (const dim of dims) {
    const d = normDim(dim, x.ndim);
    const n = x._shape[d];
    out = out.index_select(d, Array.from({ length: n }, (_, i) => n - 1 - i));
  }
  return record(out, 'FlipBackward0', [x], (g) => [flip(g, dims)]);
}

export function repeat(x: Tensor, sizes: number[]): Tensor {
  if (sizes.length < x.ndim) throw new RuntimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  const lead = sizes.length - x.ndim;
  const src = x.reshape([...new Array(lead).fill(1), ...x._shape]);
  const target = src._shape.map((n, i) => n * sizes[i]);
  const neg = target.find((n) => n < 0);
  if (neg !== undefined) throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: ${fmtShape(target)}`);
  // Interleave a broadcast dim before each dim, expand it, and fold.
  const inter: number[] = [], exp: number[] = [];
  src._shape.forEach((n, i) => { inter.push(1, n); exp.push(sizes[i], n); });
  const out = src.detach().reshape(inter).expand(exp).reshape(src._shape.map((n, i) => n * sizes[i]));
  return record(out, 'RepeatBackward0', [x], (g) => {
    const folded = g.reshape(exp);
    const summed = folded.sum(exp.map((_, i) => i).filter((i) => i % 2 === 0));
    return [summed.reshape(x._shape)];
  });
}

/**
 * Concatenates the given tensors along the dimension `dim`. All tensors must have the same shape
 * except in that dimension.
 *
 * @param tensors - the tensors to join
 * @param dim - the dimension along which they are joined (default 0)
 */
export function cat(tensors: readonly Tensor[], dimArg: DimOpt = 0, name = 'CatBackward0'): Tensor {
  const dim = dimOpt(dimArg);
  const ts = tensors.filter((t) => !(t.ndim === 1 && t._numel === 0));
  if (ts.length === 0) {
    if (tensors.length) return tensors[0].clone();
    throw new RuntimeError('torch.cat(): expected a non-empty list of Tensors');
  }
  const d = normDim(dim, ts[0].ndim);
  const ref = ts[0];
  const dtype = ts.reduce((dt, t) => promote(dt, t.dtype), ref.dtype);
  for (const t of ts) {
    if (t.ndim !== ref.ndim) throw new RuntimeError(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    t._shape.forEach((n, i) => {
      if (i !== d && n !== ref._shape[i]) throw new RuntimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[i]} but got size ${n} for tensor number ${ts.indexOf(t)} in the list.`);
    });
    P.checkSameDevice(ref, t);
  }
  const shape = ref._shape.slice();
  shape[d] = ts.reduce((a, t) => a + t._shape[d], 0);
  const out = empty(shape, dtype, ref.device, true);
  let at = 0;
  const sizes: number[] = [];
  for (const t of ts) {
    ref._backend.copy(t, slice(out.detach(), d, at, at + t._shape[d], 1));
    at += t._shape[d];
    sizes.push(t._shape[d]);
  }
  return record(out, name, ts, (g) => split(g, sizes, d));
}

/**
 * Joins tensors of the same shape along a new dimension `dim`.
 *
 * @param tensors - the tensors to stack
 * @param dim - the index of the new dimension (default 0)
 */
export function stack(tensors: readonly Tensor[], dim: DimOpt = 0): Tensor {
  if (!tensors.length) throw new RuntimeError('stack expects a non-empty TensorList');
  const d = normDim(dimOpt(dim), tensors[0].ndim + 1);
  tensors.forEach((t, i) => {
    if (t.ndim !== tensors[0].ndim || t._shape.some((n, k) => n !== tensors[0]._shape[k])) {
      throw new RuntimeError(`stack expects each tensor to be equal size, but got ${fmtShape(tensors[0]._shape)} at entry 0 and ${fmtShape(t._shape)} at entry ${i}`);
    }
  });
  const first = tensors[0];
  // Rows that are still lazily dense (densified sparse rows) stack into a lazy batch.
  if (d === 0 && tensors.every((t) => t._storage instanceof LazyStorage && !t._storage.materialized && t.dtype === first.dtype &&
      t._offset === 0 && t._contiguous && t._numel === t._storage.size() && !t._requires_grad && t.device.type === 'cpu')) {
    return new Tensor(LazyStorage.concat(tensors.map((t) => t._storage as LazyStorage), first.dtype), [tensors.length, ...first._shape]);
  }
  // Along dim 0, tensors of one dtype and device are laid back to back: no per-tensor views.
  if (d === 0 && tensors.every((t) => t.dtype === first.dtype && t.device.name === first.device.name)) {
    const out = empty([tensors.length, ...first._shape], first.dtype, first.device, true);
    const n = first._numel;
    for (let i = 0; i < tensors.length; i++) first._backend.copy(tensors[i], out._view(first._shape.slice(), contiguousStrides(first._shape), i * n));
    return record(out, 'StackBackward0', tensors, (g) => unbind(g, 0));
  }
  return cat(tensors.map((t) => unsqueeze(t, d)), d, 'StackBackward0');
}
