// Strided iteration for elementwise kernels: dims that every operand can walk with one stride are
// merged, so a contiguous (or uniformly broadcast) operation becomes a single flat loop, and
// anything else becomes a loop over rows of the innermost dim.
import type { TypedArray } from '../../tensor/dtype';

export interface Operand { data: TypedArray; offset: number; strides: number[] }

/** Merge dims (shape, strides per operand) where all operands are mergeable. Returns new shape and strides. */
export function coalesce(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const n = shape.length;
  if (n <= 1) return { shape: shape.slice(), strides };
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  let cur = shape[n - 1];
  let curStrides = strides.map((s) => s[n - 1]);
  for (let d = n - 2; d >= 0; d--) {
    const size = shape[d];
    if (size === 1) continue;
    if (cur === 1) { cur = size; curStrides = strides.map((s) => s[d]); continue; }
    let ok = true;
    for (let k = 0; k < strides.length; k++) if (strides[k][d] !== curStrides[k] * cur) { ok = false; break; }
    if (ok) { cur *= size; continue; }
    outShape.push(cur);
    for (let k = 0; k < strides.length; k++) outStrides[k].push(curStrides[k]);
    cur = size;
    curStrides = strides.map((s) => s[d]);
  }
  outShape.push(cur);
  for (let k = 0; k < strides.length; k++) outStrides[k].push(curStrides[k]);
  outShape.reverse();
  for (const s of outStrides) s.reverse();
  return { shape: outShape, strides: outStrides };
}

/**
 * Call `row(offsets, len, innerStrides)` once per innermost row. `offsets` is reused between calls.
 * Kept generic: the per-element work happens inside the generated row loops.
 */
export function forEachRow(
  shape: readonly number[],
  strides: number[][],
  base: number[],
  row: (offsets: number[], len: number) => void,
): void {
  const nd = shape.length;
  const k = strides.length;
  const offsets = base.slice();
  if (nd === 0) { row(offsets, 1); return; }
  const len = shape[nd - 1];
  if (nd === 1) { row(offsets, len); return; }
  const idx = new Array<number>(nd - 1).fill(0);
  let total = 1;
  for (let d = 0; d < nd - 1; d++) total *= shape[d];
  for (let r = 0; r < total; r++) {
    row(offsets, len);
    // advance the multi-index over the outer dims, updating offsets incrementally
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      for (let q = 0; q < k; q++) offsets[q] += strides[q][d];
      if (idx[d] < shape[d]) break;
      for (let q = 0; q < k; q++) offsets[q] -= strides[q][d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** The kept and the reduced dims of (shape, strides), each in the order of the dims. */
export function splitDims(shape: readonly number[], strides: readonly number[], dims: readonly number[]) {
  const red = new Set(dims);
  const keepShape: number[] = [], keepStrides: number[] = [], redShape: number[] = [], redStrides: number[] = [];
  shape.forEach((n, d) => {
    if (red.has(d)) { redShape.push(n); redStrides.push(strides[d]); } else { keepShape.push(n); keepStrides.push(strides[d]); }
  });
  return { keepShape, keepStrides, redShape, redStrides };
}

/** How a device reduction walks a strided input: kept dims (merged, at least one) and one reduced dim. */
export interface ReductionLayout { L: number; rs: number; kShape: number[]; kStrides: number[] }

/**
 * The layout of reducing `dims` of (shape, strides), or `perm` when the reduced dims do not merge into
 * one: the input is then first copied contiguous in that order (kept dims, then reduced ones) and
 * reduced with `contiguousLayout`.
 */
export function reductionLayout(shape: readonly number[], strides: readonly number[], dims: number[]): ReductionLayout | { perm: number[] } {
  const { keepShape, keepStrides, redShape, redStrides } = splitDims(shape, strides, dims);
  const r = coalesce(redShape, [redStrides]);
  if (r.shape.length > 1) return { perm: [...shape.keys()].filter((d) => !dims.includes(d)).concat(dims.slice().sort((a, b) => a - b)) };
  const k = coalesce(keepShape, [keepStrides]);
  const kShape = k.shape.length ? k.shape : [1], kStrides = k.shape.length ? k.strides[0] : [0];
  return { L: r.shape[0] ?? 1, rs: r.strides[0][0] ?? 0, kShape, kStrides };
}

/** The layout of reducing the last `L` elements of each row of a contiguous input. */
export function contiguousLayout(numel: number, L: number): ReductionLayout {
  return { L, rs: 1, kShape: [L ? numel / L : 0], kStrides: [L] };
}
