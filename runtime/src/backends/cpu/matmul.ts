// Batched matmul on typed arrays: i-k-j order with a float64 row accumulator. Zero entries of the
// left operand are skipped, which makes bag-of-words batches (mostly zeros) cheap.
import type { Tensor } from '../../tensor/tensor';
import * as wasm from '../wasm';

export function matmul(a: Tensor, b: Tensor, out: Tensor): void {
  const [B, M, K] = a._shape;
  const N = b._shape[2];
  const [sab, sam, sak] = a._strides;
  const [sbb, sbk, sbn] = b._strides;
  const ad = a._data(), bd = b._data(), od = out._data();
  const acc = new Float64Array(N);
  let packed: Float64Array | null = null;
  // Dense floating-point products big enough to amortize the copies go to the packed SIMD
  // kernels; a left operand that is mostly zeros (bag-of-words rows) stays on the zero-skipping loop.
  const simd = (od instanceof Float32Array || od instanceof Float64Array) && M * K * N >= 32768 && wasm.available();
  for (let bi = 0; bi < B; bi++) {
    const aBase = a._offset + bi * sab;
    if (simd && countNonZero(ad, aBase, M, K, sam, sak, (M * K) >> 2) >= (M * K) >> 2 &&
        wasm.gemm(ad, aBase, sam, sak, bd, b._offset + bi * sbb, sbk, sbn, od as Float32Array | Float64Array, out._offset + bi * M * N, M, K, N)) continue;
    let bData: ArrayLike<number> = bd, bBase = b._offset + bi * sbb, bRow = sbk, bCol = sbn;
    // A column-strided right operand is packed into rows when the left operand is dense enough
    // for the packing to pay for itself.
    if (sbn !== 1 && N > 1 && countNonZero(ad, aBase, M, K, sam, sak, K) >= K) {
      packed ??= new Float64Array(K * N);
      for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) packed[k * N + j] = bd[bBase + k * sbk + j * sbn];
      bData = packed; bBase = 0; bRow = N; bCol = 1;
    }
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const aRow = aBase + i * sam;
      for (let k = 0; k < K; k++) {
        const aik = ad[aRow + k * sak];
        if (aik === 0) continue;
        const bo = bBase + k * bRow;
        if (bCol === 1) for (let j = 0; j < N; j++) acc[j] += aik * bData[bo + j];
        else for (let j = 0, o = bo; j < N; j++, o += bCol) acc[j] += aik * bData[o];
      }
      const oRow = out._offset + (bi * M + i) * N;
      for (let j = 0; j < N; j++) od[oRow + j] = acc[j];
    }
  }
}

/** Non-zeros of an M x K strided block, stopping early once `limit` is reached. */
function countNonZero(d: ArrayLike<number>, base: number, M: number, K: number, sm: number, sk: number, limit: number): number {
  let nz = 0;
  for (let i = 0; i < M; i++) {
    for (let k = 0, o = base + i * sm; k < K; k++, o += sk) if (d[o] !== 0 && ++nz >= limit) return nz;
  }
  return nz;
}
