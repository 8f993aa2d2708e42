// Subscripts (basic indexing gives views, advanced indexing gathers), scalar access and fills.
import { RuntimeError, IndexError, ValueError } from '../errors';
import { Tensor, TensorLike, isTensor } from '../tensor/tensor';
import { castValue, int32, int64, bool as boolT, tensorTypeName, typeName } from '../tensor/dtype';
import { broadcastShapes, fmtShape, normDim } from '../tensor/shape';
import { record } from '../autograd/engine';
import { is_grad_enabled } from '../autograd/graph';
import { Component, IndexSpec, Slice, parseIndex } from './index_spec';
import { empty, full, tensor, arange, scalarTensor } from './creation';
import * as P from './pointwise';
import * as S from './shape';


export function item(t: Tensor): number {
  if (t._numel !== 1) throw new ValueError('only one element tensors can be converted to Python scalars');
  const v = t.device.type === 'cpu' ? t._data()[t._offset] : t._backend.read(t)[0];
  // A bool tensor's item is a boolean, as Python's True/False.
  return (t.dtype === boolT ? v !== 0 : v) as number;
}

export function tolist(t: Tensor): unknown {
  const v = t._backend.read(t);
  const isBool = t.dtype === boolT;
  let i = 0;
  const build = (d: number): unknown => {
    if (d === t.ndim) { const x = v[i++]; return isBool ? x !== 0 : x; }
    return Array.from({ length: t._shape[d] }, () => build(d + 1));
  };
  return build(0);
}

export function len(t: Tensor): number {
  if (t.ndim === 0) throw new TypeError('len() of a 0-d tensor');
  return t._shape[0];
}

function checkInplace(t: Tensor): void {
  if (t._requires_grad && t.is_leaf && is_grad_enabled()) {
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

export function fill_<T extends Tensor>(t: T, v: number | Tensor): T {
  checkInplace(t);
  const value = isTensor(v) ? item(v) : v;
  t._backend.fill(t, t.dtype.kind === 'bool' ? (value ? 1 : 0) : t.dtype.kind === 'int' ? Math.trunc(value) : value);
  t._version++;
  return t;
}

export function copy_<T extends Tensor>(t: T, src: Tensor): T {
  checkInplace(t);
  let s = src;
  if (src.device.type !== t.device.type) s = src.to(t.device);
  broadcastShapes(t._shape, s._shape); // PyTorch's message for mismatched sizes
  t._backend.copy(P.broadcastTo(s, t._shape), t);
  t._version++;
  if (is_grad_enabled() && src._requires_grad) {
    // The copied values carry src's history; the old contents of t get no gradient.
    const r = record(t.detach(), 'CopyBackwards', [t, src], (g) => [null, P.broadcastTo(g, t._shape)]);
    t.grad_fn = r.grad_fn;
    t._requires_grad = true;
  }
  return t;
}

// ---- subscripts ---------------------------------------------------------------------------------
interface Advanced { dim: number; index: Tensor }

/** Apply the basic components (views) and collect the advanced ones with the dims they index. */
function basic(x: Tensor, comps: Component[]): { view: Tensor; adv: Advanced[] } {
  const consumes = (c: Component): number => {
    if (c === null || c === 'ellipsis') return 0;
    if (isTensor(c) && c.dtype === boolT) return Math.max(c.ndim, 1);
    if (Array.isArray(c) && typeof c[0] === 'boolean') return 1;
    return 1;
  };
  const used = comps.reduce((a: number, c) => a + consumes(c), 0);
  const ell = comps.filter((c) => c === 'ellipsis').length;
  if (ell > 1) throw new RuntimeError('an index can only have a single ellipsis (...)');
  if (used > x.ndim) throw new IndexError(`too many indices for tensor of dimension ${x.ndim}`);
  let view = x;
  let dim = 0;
  let orig = 0; // the dim of x a component indexes, for error messages
  const adv: Advanced[] = [];
  for (const c of comps) {
    if (c !== null && c !== 'ellipsis') orig++;
    if (c === 'ellipsis') { dim += x.ndim - used; orig += x.ndim - used; continue; }
    if (c === null) { view = S.unsqueeze(view, dim); dim++; continue; }
    if (typeof c === 'number') {
      if (!Number.isInteger(c)) throw new TypeError(`only integers, slices, None, ellipsis and index tensors are valid indices (got ${c})`);
      const n = view._shape[dim];
      if (c < -n || c >= n) throw new IndexError(`index ${c} is out of bounds for dimension ${orig - 1} with size ${n}`);
      view = S.select(view, dim, c);
      continue;
    }
    if (c instanceof Slice) {
      const step = c.step ?? 1;
      if (step <= 0) throw new ValueError('step must be greater than zero');
      view = S.slice(view, dim, c.start ?? 0, c.stop ?? view._shape[dim], step);
      dim++;
      continue;
    }
    const t = isTensor(c) ? c : tensor(c as number[]);
    if (t.dtype === boolT) {
      const k = Math.max(t.ndim, 1);
      const mask = t.ndim === 0 ? t.reshape(1) : t;
      for (let i = 0; i < k; i++) {
        if (mask._shape[i] !== view._shape[dim + i]) {
          throw new IndexError(`The shape of the mask [${mask._shape.join(', ')}] at index ${i} does not match the shape of the indexed tensor [${view._shape.join(', ')}] at index ${dim + i}`);
        }
      }
      const nz = nonzero(mask);
      for (let i = 0; i < k; i++) adv.push({ dim: dim + i, index: S.select(nz, 1, i) });
      dim += k;
      continue;
    }
    if (t.dtype.is_floating_point) throw new IndexError('tensors used as indices must be long, byte or bool tensors');
    adv.push({ dim, index: t });
    dim++;
  }
  return { view, adv };
}

/**
 * Advanced indexing as one gather: the indexed dims are moved to the front and folded into one,
 * the index tensors become linear indices into it, and index_select does the rest.
 */
function plan(view: Tensor, adv: Advanced[]) {
  const dims = adv.map((a) => a.dim);
  const rest = view._shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = [...dims, ...rest];
  const xp = S.permute(view, perm);
  let bshape: number[] = [];
  for (const a of adv) bshape = bshape.length ? broadcastShapeOf(bshape, a.index._shape) : a.index._shape.slice();
  let lin: Tensor | null = null;
  let stride = 1;
  for (let k = adv.length - 1; k >= 0; k--) {
    const n = view._shape[adv[k].dim];
    const idx = adv[k].index.to(int64);
    if (idx._numel) {
      const lo = idx.min().item(), hi = idx.max().item();
      if (hi >= n || lo < -n) throw new IndexError(`index ${hi >= n ? hi : lo} is out of bounds for dimension ${adv[k].dim} with size ${n}`);
    }
    const wrapped = P.remainder(idx, n);
    const term = P.mul(wrapped, stride);
    lin = lin ? P.add(lin, term) : term;
    stride *= n;
  }
  const restShape = rest.map((i) => view._shape[i]);
  const flat = xp.reshape([stride, ...restShape]);
  const linear = P.broadcastTo(lin!, bshape).reshape(-1);
  // Adjacent advanced dims keep their place; separated ones go first (NumPy's rule).
  const adjacent = dims.every((d, i) => i === 0 || d === dims[i - 1] + 1);
  return { flat, linear, bshape, restShape, perm, adjacent, first: dims[0], xp };
}

function broadcastable(from: readonly number[], to: readonly number[]): boolean {
  return from.length <= to.length && from.every((n, i) => n === 1 || n === to[to.length - from.length + i]);
}

function broadcastShapeOf(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RuntimeError(`shape mismatch: indexing tensors could not be broadcast together with shapes [${a.join(', ')}], [${b.join(', ')}]`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

export function getitem(x: Tensor, specs: readonly IndexSpec[]): Tensor {
  const comps = parseIndex(specs);
  const { view, adv } = basic(x, comps);
  if (!adv.length) return view === x ? S.view(x, [x._shape]) : view;
  const p = plan(view, adv);
  const gathered = index_select(p.flat.detach(), 0, p.linear).detach();
  let out = gathered.reshape([...p.bshape, ...p.restShape]);
  if (p.adjacent && p.first > 0) {
    const nb = p.bshape.length, nr = p.first;
    const order = [...Array.from({ length: nr }, (_, i) => nb + i), ...Array.from({ length: nb }, (_, i) => i),
      ...Array.from({ length: p.restShape.length - nr }, (_, i) => nb + nr + i)];
    out = out.permute(order).contiguous();
  }
  const result = out.detach();
  return record(result, 'IndexBackward0', [x], (g) => {
    const z = full(x._shape, 0, { dtype: g.dtype, device: g.device });
    const zb = basic(z, comps);
    const zp = plan(zb.view, adv);
    let gg = g;
    if (p.adjacent && p.first > 0) {
      const nb = p.bshape.length, nr = p.first;
      const inv = [...Array.from({ length: nb }, (_, i) => nr + i), ...Array.from({ length: nr }, (_, i) => i),
        ...Array.from({ length: p.restShape.length - nr }, (_, i) => nb + nr + i)];
      gg = g.permute(inv);
    }
    const acc = full(zp.flat._shape, 0, { dtype: g.dtype, device: g.device });
    acc._backend.index_add(acc, 0, p.linear, gg.contiguous().reshape([-1, ...p.restShape]).contiguous());
    zp.flat.copy_(acc);
    zp.xp.copy_(zp.flat.reshape(zp.xp._shape));
    return [z];
  }, comps.filter(isTensor));
}

/**
 * `x.set(spec, v)` takes one component, or a tuple of them as an array. An array of plain numbers
 * or booleans is an index list (advanced indexing), as in `x[[0, 2]] = v`; `x.set(i, j, v)` spells
 * the tuple (i, j) whatever i and j are.
 */
export function asTuple(spec: IndexSpec | IndexSpec[]): IndexSpec[] {
  if (!Array.isArray(spec)) return [spec as IndexSpec];
  const plain = spec.every((c) => typeof c === 'number' || typeof c === 'boolean');
  return plain ? [spec as readonly number[]] : (spec as IndexSpec[]);
}

/** `x[spec] = value`, with spec one component or a tuple as an array (asTuple). */
export function setitem<T extends Tensor>(x: T, spec: IndexSpec | IndexSpec[], value: TensorLike): T {
  return setTuple(x, asTuple(spec), value);
}

/** `x[s0, s1, ...] = value` */
export function setTuple<T extends Tensor>(x: T, tuple: readonly IndexSpec[], value: TensorLike): T {
  checkInplace(x);
  // One assignment is one version, however many writes into x's storage it takes.
  const version = x._version;
  const wrote = (): T => { x._version = version + 1; return x; };
  const comps = parseIndex(tuple);
  // x[mask] = scalar on the CPU: a masked fill in place (lecture 002's grad_h[h < 0] = 0), without
  // listing the mask's non-zeros.
  const mask = comps.length === 1 && isTensor(comps[0]) && (comps[0] as Tensor).dtype === boolT ? (comps[0] as Tensor) : null;
  if (mask && mask.ndim > 0 && mask.ndim <= x.ndim && !isTensor(value) && x.device.type === 'cpu' && mask.device.type === 'cpu') {
    mask._shape.forEach((n, i) => {
      if (n !== x._shape[i]) throw new IndexError(`The shape of the mask [${mask._shape.join(', ')}] at index ${i} does not match the shape of the indexed tensor [${x._shape.join(', ')}] at index ${i}`);
    });
    const target = x.detach();
    const m = P.broadcastTo(mask.reshape([...mask._shape, ...new Array(x.ndim - mask.ndim).fill(1)]), x._shape);
    const v = P.broadcastTo(scalarTensor(castValue(Number(value), x.dtype), x.dtype), x._shape);
    x._backend.where(m, v, target, target); // each element is read before it is written
    return wrote();
  }
  const { view, adv } = basic(x.detach(), comps);
  if (!adv.length) {
    // Assignment expands the value to the indexed shape (PyTorch's message on a mismatch is expand's).
    if (isTensor(value)) {
      let v = value;
      while (v.ndim > view.ndim && v._shape[0] === 1) v = S.squeeze(v, 0); // x[0] = y[None] works in PyTorch
      view.copy_(S.expand(v, view._shape.slice()));
    } else fill_(view, Number(value));
    return wrote();
  }
  // A full-shape boolean mask with a broadcastable value is a masked `where`.
  const only = comps.length === 1 && isTensor(comps[0]) && (comps[0] as Tensor).dtype === boolT ? (comps[0] as Tensor) : null;
  if (only && (!isTensor(value) || value._numel === 1)) {
    const mask = only.reshape([...only._shape, ...new Array(x.ndim - only.ndim).fill(1)]);
    const v = isTensor(value) ? value.to(x.dtype).reshape([]) : value;
    view.copy_(P.where(mask, v, view));
    return wrote();
  }
  if (isTensor(value) && value.dtype !== x.dtype) {
    throw new RuntimeError(`Index put requires the source and destination dtypes match, got ${typeName(x.dtype)} for the destination and ${typeName(value.dtype)} for the source.`);
  }
  const p = plan(view, adv);
  const src = full([p.linear._numel, ...p.restShape], 0, { dtype: x.dtype, device: x.device });
  if (isTensor(value) && !broadcastable(value._shape, src._shape)) {
    throw new RuntimeError(`shape mismatch: value tensor of shape ${fmtShape(value._shape)} cannot be broadcast to indexing result of shape ${fmtShape(src._shape)}`);
  }
  src.copy_(isTensor(value) ? P.broadcastTo(value, src._shape) : full([], Number(value), { dtype: x.dtype }));
  const tmp = p.flat.contiguous();
  tmp._backend.index_copy(tmp, 0, p.linear, src);
  if (tmp !== p.flat) p.flat.copy_(tmp);
  if (p.flat._storage !== p.xp._storage || p.flat._offset !== p.xp._offset) p.xp.copy_(p.flat.reshape(p.xp._shape));
  return wrote();
}

/** The first index outside [0, n) (in order), or undefined. */
function firstOutside(index: Tensor, n: number): number | undefined {
  const v = index._backend.read(index);
  for (let i = 0; i < v.length; i++) if (v[i] < 0 || v[i] >= n) return v[i];
  return undefined;
}

export function index_select(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  const d = normDim(dim, x.ndim);
  const idx = isTensor(index) ? index : tensor(index as number[], { dtype: int64 });
  if (idx.dtype !== int64 && idx.dtype !== int32) throw new RuntimeError('index_select(): Expected dtype int32 or int64 for index');
  if (idx.ndim > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  const n = x._shape[d] ?? 1;
  const shape = x._shape.slice();
  if (x.ndim) shape[d] = idx._numel;
  const out = empty(shape, x.dtype, x.device);
  if (idx._numel) {
    const bad = firstOutside(idx, n);
    if (bad !== undefined) {
      // PyTorch's CPU kernels word this differently along dim 1 (its own fast path there).
      if (d === 1 && x.ndim > 1) throw new RuntimeError(`INDICES element is out of DATA bounds, id=${bad} axis_dim=${n}`);
      throw new IndexError('index out of range in self');
    }
    x._backend.index_select(x.contiguous(), d, idx.contiguous(), out);
  }
  return record(out, 'IndexSelectBackward0', [x], (g) => {
    const z = full(x._shape, 0, { dtype: g.dtype, device: g.device });
    z._backend.index_add(z, d, idx.contiguous(), g.contiguous());
    return [z];
  }, [idx]);
}

/** Rows of `weight` picked by `input`'s indices (F.embedding). */
export function embedding(input: Tensor, weight: Tensor): Tensor {
  if (input.dtype !== int64 && input.dtype !== int32) {
    throw new RuntimeError(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${tensorTypeName(input.dtype, input.is_cuda)} instead (while checking arguments for embedding)`);
  }
  return index_select(weight, 0, input.reshape(-1)).reshape([...input._shape, weight._shape[1]]);
}

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.ndim);
  if (index.dtype !== int64) throw new RuntimeError('gather(): Expected dtype int64 for index');
  if (index.ndim !== x.ndim && !(index.ndim <= 1 && x.ndim <= 1)) throw new RuntimeError('Index tensor must have the same number of dimensions as input tensor');
  for (let k = 0; k < index.ndim; k++) {
    if (k !== d && index._shape[k] > x._shape[k]) {
      throw new RuntimeError(`Size does not match at dimension ${k} expected index ${fmtShape(index._shape)} to be smaller than self ${fmtShape(x._shape)} apart from dimension ${d}`);
    }
  }
  const n = x._shape[d] ?? 1;
  const bad = index._numel ? firstOutside(index, n) : undefined;
  if (bad !== undefined) throw new RuntimeError(`index ${bad} is out of bounds for dimension ${d} with size ${n}`);
  // Each index becomes a position in x's contiguous elements, and one index_select reads them.
  const strides = x.contiguous()._strides;
  let lin: Tensor = P.mul(index, strides[d] ?? 1);
  for (let k = 0; k < x.ndim; k++) {
    if (k === d) continue;
    const shape = index._shape.map((_, i) => (i === k ? index._shape[k] : 1));
    lin = P.add(lin, P.mul(arange(index._shape[k], { device: index.device }).reshape(shape), strides[k]));
  }
  const flatIdx = lin.reshape(-1);
  const out = index_select(x.contiguous().reshape(-1).detach(), 0, flatIdx).reshape(index._shape).detach();
  return record(out, 'GatherBackward0', [x], (g) => {
    const z = full([x._numel], 0, { dtype: g.dtype, device: g.device });
    z._backend.index_add(z, 0, flatIdx.contiguous(), g.contiguous().reshape(-1));
    return [z.reshape(x._shape)];
  }, [x, index]);
}

export function masked_fill(x: Tensor, mask: Tensor, value: TensorLike): Tensor {
  if (mask.dtype !== boolT) throw new RuntimeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype.name}`);
  const v = isTensor(value) ? value.to(x.dtype) : value;
  const out = P.where(mask, v, x.detach()).detach();
  return record(out, 'MaskedFillBackward0', [x], (g) => [P.where(mask, 0, g)], [mask]);
}

export function nonzero(x: Tensor): Tensor {
  const v = x._backend.read(x);
  const hits: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) hits.push(i);
  const nd = x.ndim;
  const out = new Float64Array(hits.length * nd);
  hits.forEach((flat, r) => {
    for (let d = nd - 1; d >= 0; d--) { out[r * nd + d] = flat % x._shape[d]; flat = Math.floor(flat / x._shape[d]); }
  });
  return Tensor.fromArray(out, [hits.length, nd], int64).to(x.device);
}
