// The CPU backend: typed arrays on the JS heap.
import { Backend, registerBackend } from '../backend';
import type { DType, TypedArray } from '../../tensor/dtype';
import { Device, Storage } from '../../tensor/storage';
import { Tensor } from '../../tensor/tensor';
import { binary, copy, fill, unary, where } from './elementwise';
import { argreduce, reduce } from './reduce';
import { matmul } from './matmul';
import { adam, adamState, sgd } from './optim';
import * as wasm from './wasm';

/** float32 softmaxes at least this large go to the WASM SIMD kernel. */
const SIMD_SOFTMAX_MIN = 256;

/** Sizes of x seen as [outer, x.shape[dim], inner] (x contiguous). */
function around(shape: readonly number[], dim: number): [number, number] {
  let outer = 1, inner = 1;
  for (let d = 0; d < dim; d++) outer *= shape[d];
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, inner];
}

/** Write (or accumulate) src's slices into out along dim at `index` (both contiguous). */
function scatter(out: Tensor, dim: number, index: Tensor, src: Tensor, accumulate: boolean): void {
  const [outer, inner] = around(out._shape, dim);
  const D = out._shape[dim], I = index._numel;
  const sd = src._data(), od = out._data(), id = index._data();
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < I; i++) {
      let j = id[index._offset + i];
      if (j < 0) j += D;
      const t = out._offset + (o * D + j) * inner, s = src._offset + (o * I + i) * inner;
      if (accumulate) for (let q = 0; q < inner; q++) od[t + q] += sd[s + q];
      else for (let q = 0; q < inner; q++) od[t + q] = sd[s + q];
    }
  }
}

export const cpuBackend: Backend = {
  name: 'cpu',
  alloc(dtype: DType, n: number, device: Device): Storage { return Storage.alloc(dtype, n, device); },
  read(x: Tensor): TypedArray {
    if (x._contiguous) return x._data().subarray(x._offset, x._offset + x._numel) as TypedArray;
    const out = new Tensor(Storage.alloc(x.dtype, x._numel, x.device), x._shape.slice());
    copy(x, out);
    return out._data();
  },
  unary, binary, where, copy, fill, reduce, argreduce, matmul, adam, adamState, sgd,
  index_select(x, dim, index, out) {
    const [outer, inner] = around(x._shape, dim);
    const D = x._shape[dim], I = index._numel;
    const xd = x._data(), od = out._data(), id = index._data();
    const xo = x._offset, io = index._offset;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < I; i++) {
        let j = id[io + i];
        if (j < 0) j += D;
        const s = xo + (o * D + j) * inner, t = (o * I + i) * inner;
        for (let q = 0; q < inner; q++) od[t + q] = xd[s + q];
      }
    }
  },
  index_add(out, dim, index, src) { scatter(out, dim, index, src, true); },
  index_copy(out, dim, index, src) { scatter(out, dim, index, src, false); },
  softmax(x, out, log) {
    const n = x._shape[x._shape.length - 1] ?? 1;
    const rows = n ? x._numel / n : 0;
    const xd = x._data(), od = out._data();
    if (x._numel >= SIMD_SOFTMAX_MIN && xd instanceof Float32Array && od instanceof Float32Array &&
        wasm.softmax32(log, xd, x._offset, od, out._offset, rows, n)) return;
    for (let r = 0; r < rows; r++) {
      const xo = x._offset + r * n, oo = out._offset + r * n;
      let max = -Infinity;
      for (let i = 0; i < n; i++) if (xd[xo + i] > max) max = xd[xo + i];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Math.exp(xd[xo + i] - max);
      if (log) { const lse = Math.log(sum); for (let i = 0; i < n; i++) od[oo + i] = xd[xo + i] - max - lse; }
      else for (let i = 0; i < n; i++) od[oo + i] = Math.exp(xd[xo + i] - max) / sum;
    }
  },
};

registerBackend('cpu', cpuBackend);
