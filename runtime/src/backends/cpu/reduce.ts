// Reductions over any set of dims of a strided tensor, into a contiguous keepdim-shaped output.
import type { ReduceOp } from '../backend';
import type { TypedArray } from '../../tensor/dtype';
import type { Tensor } from '../../tensor/tensor';
import { coalesce, splitDims } from './strided';
import * as wasm from './wasm';

type Inner = (d: TypedArray, o: number, s: number, n: number, acc: number) => number;

const INIT: Record<ReduceOp, number> = { sum: 0, sumsq: 0, prod: 1, max: -Infinity, min: Infinity, all: 1, any: 0 };

const INNER: Record<ReduceOp, Inner> = {
  sum: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) acc += d[o]; return acc; },
  sumsq: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) acc += d[o] * d[o]; return acc; },
  prod: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) acc *= d[o]; return acc; },
  max: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) { const v = d[o]; if (v > acc || v !== v) acc = v; } return acc; },
  min: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) { const v = d[o]; if (v < acc || v !== v) acc = v; } return acc; },
  all: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) if (d[o] === 0) return 0; return acc; },
  any: (d, o, s, n, acc) => { for (let i = 0; i < n; i++, o += s) if (d[o] !== 0) return 1; return acc; },
};

/** Visit every offset of a multi-dim (shape, strides) walk, in row-major order. */
function walk(shape: number[], strides: number[], base: number, visit: (off: number) => void): void {
  const nd = shape.length;
  if (nd === 0) { visit(base); return; }
  const idx = new Array<number>(nd).fill(0);
  let off = base;
  let total = 1;
  for (const s of shape) total *= s;
  for (let r = 0; r < total; r++) {
    visit(off);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++; off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d]; idx[d] = 0;
    }
  }
}

function split(x: Tensor, dims: number[]) {
  return splitDims(x._shape, x._strides, dims);
}

/** float32 reductions at least this large go to the WASM SIMD kernels. */
const SIMD_MIN = 4096;

/**
 * The SIMD route: a contiguous float32 x whose reduced dims are consecutive (size-1 dims aside),
 * seen as [outer, red, inner] and reduced over the middle. False if it does not apply.
 */
function reduceSimd(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): boolean {
  if (op !== 'sum' && op !== 'sumsq' && op !== 'max' && op !== 'min') return false;
  const xd = x._data(), od = out._data();
  if (!(xd instanceof Float32Array) || !(od instanceof Float32Array || od instanceof Float64Array) || !x._contiguous || !out._contiguous) return false;
  const shape = x._shape;
  let first = -1, last = -1;
  for (const d of dims) if (shape[d] !== 1) { if (first < 0 || d < first) first = d; if (d > last) last = d; }
  if (first < 0) return false;
  let outer = 1, red = 1, inner = 1;
  for (let d = 0; d < shape.length; d++) {
    if (d < first) outer *= shape[d];
    else if (d > last) inner *= shape[d];
    else if (shape[d] !== 1 && !dims.includes(d)) return false;
    else red *= shape[d];
  }
  return wasm.reduce32(op, xd, x._offset, outer, red, inner, od, out._offset);
}

export function reduce(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): void {
  if (x._numel >= SIMD_MIN && reduceSimd(op, x, dims, out)) return;
  // A contiguous tensor reduced over every dim: one loop.
  if (x._contiguous && dims.length === x._shape.length) {
    out._data()[out._offset] = INNER[op](x._data(), x._offset, 1, x._numel, INIT[op]);
    return;
  }
  const { keepShape, keepStrides, redShape, redStrides } = split(x, dims);
  const c = coalesce(redShape, [redStrides]);
  const rShape = c.shape, rStrides = c.strides[0];
  const nd = rShape.length;
  const inner = INNER[op], init = INIT[op];
  const src = x._data(), dst = out._data();
  const innerN = nd ? rShape[nd - 1] : 1, innerS = nd ? rStrides[nd - 1] : 0;
  const outerShape = rShape.slice(0, -1), outerStrides = rStrides.slice(0, -1);
  let k = out._offset;
  walk(keepShape, keepStrides, x._offset, (base) => {
    let acc = init;
    if (outerShape.length === 0) acc = inner(src, base, innerS, innerN, acc);
    else walk(outerShape, outerStrides, base, (o) => { acc = inner(src, o, innerS, innerN, acc); });
    dst[k++] = acc;
  });
}

export function argreduce(op: 'argmax' | 'argmin', x: Tensor, dim: number, out: Tensor): void {
  // Rows of a contiguous float32 x (dim last, or followed only by size-1 dims): the SIMD kernel.
  const xd = x._data(), od = out._data();
  if (x._numel >= SIMD_MIN && xd instanceof Float32Array && x._contiguous && out._contiguous && x._shape[dim] > 0 &&
      x._shape.every((s, d) => d <= dim || s === 1) && (od instanceof Float64Array || od instanceof Float32Array) &&
      wasm.argmax32(op === 'argmin', xd, x._offset, x._numel / x._shape[dim], x._shape[dim], od, out._offset)) return;
  const { keepShape, keepStrides } = split(x, [dim]);
  const n = x._shape[dim], s = x._strides[dim];
  const src = x._data(), dst = out._data();
  const max = op === 'argmax';
  let k = out._offset;
  walk(keepShape, keepStrides, x._offset, (base) => {
    let best = src[base], bi = 0;
    for (let i = 1, o = base + s; i < n && best === best; i++, o += s) {
      const v = src[o];
      if (v !== v || (max ? v > best : v < best)) { best = v; bi = i; }
    }
    dst[k++] = bi;
  });
}
