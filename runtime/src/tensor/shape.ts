// Pure shape and stride rules.
import { IndexError, RuntimeError } from '../errors';

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== acc) return false;
    acc *= shape[i];
  }
  return true;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function fmtShape(shape: readonly number[]): string { return `[${shape.join(', ')}]`; }

/** Broadcast two shapes with PyTorch's message on mismatch. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0 || sameShape(a, b)) return a.slice();
  if (a.length === 0) return b.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RuntimeError(`The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
    }
  }
  return out;
}

/** Strides that read a tensor of `shape/strides` as if it had `target` shape (0 for broadcast dims). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const n = target.length, k = shape.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < k; i++) {
    const t = n - k + i;
    if (shape[i] === target[t]) out[t] = shape[i] === 1 ? 0 : strides[i];
    else if (shape[i] !== 1) {
      throw new RuntimeError(`The expanded size of the tensor (${target[t]}) must match the existing size (${shape[i]}) at non-singleton dimension ${t}.  Target sizes: ${fmtShape(target)}.  Tensor sizes: ${fmtShape(shape)}`);
    }
  }
  return out;
}

/** Wrap a possibly negative dim, with PyTorch's IndexError text. */
export function normDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Resolve a single -1 in a view/reshape target. */
export function inferShape(shape: readonly number[], total: number): number[] {
  const out = shape.slice();
  let neg = -1, known = 1;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -1) {
      if (neg >= 0) throw new RuntimeError('only one dimension can be inferred');
      neg = i;
    } else if (out[i] < 0) throw new RuntimeError(`invalid shape dimension ${out[i]}`);
    else known *= out[i];
  }
  if (neg >= 0) {
    if (known === 0 || total % known !== 0) throw new RuntimeError(`shape '${fmtShape(shape)}' is invalid for input of size ${total}`);
    out[neg] = total / known;
  } else if (known !== total) throw new RuntimeError(`shape '${fmtShape(shape)}' is invalid for input of size ${total}`);
  return out;
}

/**
 * Strides for viewing (shape, strides) as `target` without a copy, or null if impossible
 * (PyTorch's computeStride).
 */
export function viewStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] | null {
  if (numel(shape) === 0) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1, viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) { chunkBase = strides[d - 1]; tensorNumel = 1; viewNumel = 1; }
    }
  }
  if (viewD !== -1) return null;
  return out;
}
