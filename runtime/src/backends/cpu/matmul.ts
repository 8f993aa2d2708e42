// Batched matmul on typed arrays. Three paths, chosen per batch by one scan of the left operand:
// - sparse: a left operand with at most a quarter non-zeros (bag-of-words rows, their transposes
//   in Linear's backward) is gathered into (row, k, value) triples in memory order, and only
//   those rows of the right operand are read: cost O(nnz * N) instead of O(M * K * N);
// - packed SIMD: dense floating-point products big enough to amortize the copies go to the
//   WebAssembly kernels (split over the thread pool);
// - the i-k-j loop with a float64 row accumulator for everything else (small or integer).
import type { Tensor } from '../../tensor/tensor';
import type { TypedArray } from '../../tensor/dtype';
import { LazyStorage, lowerBound } from '../../tensor/lazy_storage';
import * as wasm from './wasm';

/** Products at least this large (M * K * N) are worth a scan for sparsity or a SIMD call. */
const LARGE = 32768;

// Scratch for the triples, grown as needed and reused between calls.
let rowsOf = new Int32Array(1024), ksOf = new Int32Array(1024), valsOf = new Float64Array(1024);

function reserveTriples(n: number): void {
  if (rowsOf.length >= n) return;
  const size = Math.max(n, rowsOf.length * 2);
  rowsOf = new Int32Array(size); ksOf = new Int32Array(size); valsOf = new Float64Array(size);
}

/** Stores triple t from position q of a contiguous block whose inner extent is `inner`. */
function putFlat(t: number, q: number, inner: number, colMajor: boolean, v: number): void {
  const outer = (q / inner) | 0, w = q - outer * inner;
  if (colMajor) { rowsOf[t] = w; ksOf[t] = outer; } else { rowsOf[t] = outer; ksOf[t] = w; }
  valsOf[t] = v;
}

export function matmul(a: Tensor, b: Tensor, out: Tensor): void {
  if (lazyMatmul(a, b, out)) return;
  const [B, M, K] = a._shape;
  const N = b._shape[2];
  const [sab, sam, sak] = a._strides;
  const [sbb, sbk, sbn] = b._strides;
  const ad = a._data(), bd = b._data(), od = out._data();
  const large = M * K * N >= LARGE;
  const simd = large && (od instanceof Float32Array || od instanceof Float64Array) && wasm.available();
  let acc: Float64Array | null = null, packed: Float64Array | null = null;
  for (let bi = 0; bi < B; bi++) {
    const aBase = a._offset + bi * sab, bBase = b._offset + bi * sbb, oBase = out._offset + bi * M * N;
    if (large) {
      if (looksSparse(ad, aBase, M, K, sam, sak)) {
        const nnz = gather(ad, aBase, M, K, sam, sak, (M * K) >> 2);
        if (nnz >= 0) { sparseLeft(nnz, bd, bBase, sbk, sbn, od, oBase, M, N); continue; }
      } else if (looksSparse(bd, bBase, K, N, sbk, sbn)) {
        // A dense left operand times a sparse right one (Linear's weight gradient g^T @ x).
        const nnz = gather(bd, bBase, K, N, sbk, sbn, (K * N) >> 2);
        if (nnz >= 0) { sparseRight(nnz, ad, aBase, sam, sak, od, oBase, M, N); continue; }
      }
      if (simd && wasm.gemm(ad, aBase, sam, sak, bd, bBase, sbk, sbn, od as Float32Array | Float64Array, oBase, M, K, N)) continue;
    }
    acc ??= new Float64Array(N);
    let bData: ArrayLike<number> = bd, bo0 = bBase, bRow = sbk, bCol = sbn;
    // A column-strided right operand is packed into rows first.
    if (sbn !== 1 && N > 1 && M > 1) {
      packed ??= new Float64Array(K * N);
      for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) packed[k * N + j] = bd[bBase + k * sbk + j * sbn];
      bData = packed; bo0 = 0; bRow = N; bCol = 1;
    }
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const aRow = aBase + i * sam;
      for (let k = 0; k < K; k++) {
        const aik = ad[aRow + k * sak];
        if (aik === 0) continue;
        const bo = bo0 + k * bRow;
        if (bCol === 1) for (let j = 0; j < N; j++) acc[j] += aik * bData[bo + j];
        else for (let j = 0, o = bo; j < N; j++, o += bCol) acc[j] += aik * bData[o];
      }
      const oRow = oBase + i * N;
      for (let j = 0; j < N; j++) od[oRow + j] = acc[j];
    }
  }
}

const isLazy = (t: Tensor): boolean => t._storage instanceof LazyStorage && !t._storage.materialized;

/**
 * Products with a still-lazy operand (a batch of densified sparse rows, or its transpose) take
 * their triples straight from its entries: no buffer is built and nothing is scanned. Returns
 * false (the caller then goes the usual way, which builds the buffer) when the layout is not a
 * plain row- or column-major block.
 */
function lazyMatmul(a: Tensor, b: Tensor, out: Tensor): boolean {
  const left = isLazy(a);
  if (!left && !isLazy(b)) return false;
  const [B, M, K] = a._shape;
  const N = b._shape[2];
  const [sab, sam, sak] = a._strides;
  const [sbb, sbk, sbn] = b._strides;
  const od = out._data();
  for (let bi = 0; bi < B; bi++) {
    const oBase = out._offset + bi * M * N;
    if (left) {
      const nnz = entries(a._storage as LazyStorage, a._offset + bi * sab, M, K, sam, sak);
      if (nnz < 0) return false; // the layout is the same for every batch: only the first can refuse
      sparseLeft(nnz, b._data(), b._offset + bi * sbb, sbk, sbn, od, oBase, M, N);
    } else {
      const nnz = entries(b._storage as LazyStorage, b._offset + bi * sbb, K, N, sbk, sbn);
      if (nnz < 0) return false;
      sparseRight(nnz, a._data(), a._offset + bi * sab, sam, sak, od, oBase, M, N);
    }
  }
  return true;
}

/**
 * Triples (row, column, value) of an R x C block of a lazy storage starting at `base` with
 * strides (sr, sc), in the order the sparse kernels need; -1 unless the block is a contiguous
 * row-major or column-major one.
 */
function entries(s: LazyStorage, base: number, R: number, C: number, sr: number, sc: number): number {
  const rowMajor = sc === 1 && sr === C, colMajor = sr === 1 && sc === R;
  if (!rowMajor && !colMajor) return -1;
  const p = s.positions, v = s.values, lo = lowerBound(p, base);
  let end = lo;
  while (end < p.length && p[end] < base + R * C) end++;
  const nnz = end - lo;
  reserveTriples(nnz);
  for (let k = lo; k < end; k++) putFlat(k - lo, p[k] - base, rowMajor ? C : R, colMajor, v[k]);
  return nnz;
}

/** Whether a sample of 64 entries spread over an R x C strided block is at most a quarter non-zero. */
function looksSparse(d: TypedArray, base: number, R: number, C: number, sr: number, sc: number): boolean {
  const n = R * C, step = Math.max(1, Math.floor(n / 64));
  let seen = 0, nz = 0;
  for (let p = 0; p < n; p += step, seen++) {
    const r = (p / C) | 0;
    if (d[base + r * sr + (p - r * C) * sc] !== 0) nz++;
  }
  return nz * 4 <= seen;
}

/**
 * Collects the non-zeros of an M x K strided block as triples (in the scratch arrays), walking
 * memory in order (row by row, or column by column for a transposed view). Returns their count,
 * or -1 as soon as it exceeds `limit`.
 */
function gather(d: TypedArray, base: number, M: number, K: number, sm: number, sk: number, limit: number): number {
  reserveTriples(limit);
  const rows = rowsOf, ks = ksOf, vals = valsOf;
  let nz = 0;
  // A contiguous block (rows or columns of the view, back to back) is scanned with SIMD.
  const colMajor = Math.abs(sm) < Math.abs(sk);
  const inner = colMajor ? M : K, si = colMajor ? sm : sk, so = colMajor ? sk : sm;
  if (d instanceof Float32Array && si === 1 && so === inner) {
    const r = wasm.nonzeros(d, base, M * K, limit);
    if (r) {
      if (r.count < 0) return -1;
      for (let t = 0; t < r.count; t++) putFlat(t, r.idx[t], inner, colMajor, r.vals[t]);
      return r.count;
    }
  }
  if (colMajor) {
    for (let k = 0; k < K; k++) {
      for (let i = 0, o = base + k * sk; i < M; i++, o += sm) {
        const v = d[o];
        if (v === 0) continue;
        if (nz === limit) return -1;
        rows[nz] = i; ks[nz] = k; vals[nz++] = v;
      }
    }
  } else {
    for (let i = 0; i < M; i++) {
      for (let k = 0, o = base + i * sm; k < K; k++, o += sk) {
        const v = d[o];
        if (v === 0) continue;
        if (nz === limit) return -1;
        rows[nz] = i; ks[nz] = k; vals[nz++] = v;
      }
    }
  }
  return nz;
}

/** Float64 sums for outputs up to SCRATCH_MAX entries (reused; one array type keeps the loops monomorphic). */
const SCRATCH_MAX = 1 << 16;
const scratch = new Float64Array(SCRATCH_MAX);

/**
 * out[i, :] += v * b[k, :] for the gathered triples. Each output entry receives its terms in
 * increasing k, as the dense loop adds them; sums are kept in float64 for outputs of modest size,
 * larger ones are accumulated in place.
 */
function sparseLeft(nnz: number, bd: TypedArray, bBase: number, sbk: number, sbn: number,
                    od: TypedArray, oBase: number, M: number, N: number): void {
  const rows = rowsOf, ks = ksOf, vals = valsOf;
  if (M * N <= SCRATCH_MAX) {
    const acc = scratch;
    acc.fill(0, 0, M * N);
    for (let t = 0; t < nnz; t++) {
      const v = vals[t], o = rows[t] * N;
      let s = bBase + ks[t] * sbk;
      if (sbn === 1) for (let j = 0; j < N; j++) acc[o + j] += v * bd[s + j];
      else for (let j = 0; j < N; j++, s += sbn) acc[o + j] += v * bd[s];
    }
    od.set(acc.subarray(0, M * N), oBase);
    return;
  }
  od.fill(0, oBase, oBase + M * N);
  for (let t = 0; t < nnz; t++) {
    const v = vals[t], o = oBase + rows[t] * N;
    let s = bBase + ks[t] * sbk;
    if (sbn === 1) for (let j = 0; j < N; j++) od[o + j] += v * bd[s + j];
    else for (let j = 0; j < N; j++, s += sbn) od[o + j] += v * bd[s];
  }
}

/**
 * out[:, j] += a[:, k] * v for the gathered triples (k, j, v) of the right operand; each output
 * entry again receives its terms in increasing k.
 */
function sparseRight(nnz: number, ad: TypedArray, aBase: number, sam: number, sak: number,
                     od: TypedArray, oBase: number, M: number, N: number): void {
  const ks = rowsOf, js = ksOf, vals = valsOf;
  if (M * N <= SCRATCH_MAX) {
    const acc = scratch;
    acc.fill(0, 0, M * N);
    for (let t = 0; t < nnz; t++) {
      const v = vals[t];
      let a = aBase + ks[t] * sak, o = js[t];
      for (let i = 0; i < M; i++, a += sam, o += N) acc[o] += ad[a] * v;
    }
    od.set(acc.subarray(0, M * N), oBase);
    return;
  }
  // Row by row of the output, so that the writes stay within one row (in cache) at a time; each
  // entry still receives its terms in the triples' order.
  od.fill(0, oBase, oBase + M * N);
  for (let i = 0; i < M; i++) {
    const o = oBase + i * N, a = aBase + i * sam;
    for (let t = 0; t < nnz; t++) od[o + js[t]] += ad[a + ks[t] * sak] * vals[t];
  }
}
