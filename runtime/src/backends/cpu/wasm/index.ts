// JS side of the WebAssembly SIMD kernels. Operands are copied into the kernels' shared linear
// memory per call: for the large matmuls dispatched here the copies cost O(n^2) against O(n^3)
// arithmetic, and tensor storage stays plain typed arrays so tiny ops pay nothing. Rows of the
// product are split between the calling thread and the pool's workers.
// TORCHLAB_BACKEND=js turns the kernels off (pure-TS loops everywhere).
import { compile, instantiate, Kernels, Memory, Module, newMemory, MAXIMUM_PAGES } from './module';
import * as pool from './pool';

export { getNumThreads, setNumThreads } from './pool';

const KC = 256, MC = 64, BASE = 65536, PAGE = 65536;
/** Rows per thread below which a product is not split. */
const MIN_ROWS = 16;
/** Multiply-adds below which a product stays on the calling thread (waking a worker costs tens of microseconds). */
const MIN_PARALLEL_WORK = 1 << 23;

let state: { module: Module; memory: Memory; kernels: Kernels } | null | undefined;

function load(): typeof state {
  if (state !== undefined) return state;
  state = null;
  if (process.env.TORCHLAB_BACKEND === 'js') return state;
  const module = compile();
  if (!module) return state;
  const memory = newMemory();
  state = { module, memory, kernels: instantiate(module, memory) };
  return state;
}

export function available(): boolean { return load() !== null; }

/** Starts the pool now and waits for it (up to `ms`); returns the number of workers ready. */
export function startThreads(ms = 10000): number {
  const s = load();
  return s ? pool.waitReady(s.module, s.memory, ms) : 0;
}

/** Jobs run on workers so far (for tests and benchmarks). */
export function workerJobs(): number { return pool.jobsPosted; }

const align = (n: number) => (n + 63) & ~63;

/** Grows the kernels' memory to hold `end` bytes; false if that is past its maximum. */
function reserve(memory: Memory, end: number): boolean {
  if (end > MAXIMUM_PAGES * PAGE) return false;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
  return true;
}

/**
 * C (contiguous M x N at `co` in `od`) = A @ B for one batch, with A and B given by strides, in
 * od's precision (float32 or float64). Returns false when the kernels are unavailable or the
 * operands do not fit in the kernels' memory.
 */
export function gemm(ad: ArrayLike<number>, ao: number, sam: number, sak: number,
                     bd: ArrayLike<number>, bo: number, sbk: number, sbn: number,
                     od: Float32Array | Float64Array, co: number, M: number, K: number, N: number): boolean {
  const s = load();
  if (!s) return false;
  pool.settle();
  const size = od instanceof Float64Array ? 8 : 4, W = size === 8 ? 4 : 8;
  const M4 = (M + 3) & ~3, NW = (N + W - 1) & -W;
  const workers = M * K * N >= MIN_PARALLEL_WORK && M >= 2 * MIN_ROWS ? pool.ready(s.module, s.memory) : [];
  const T = Math.max(1, Math.min(1 + workers.length, Math.floor(M / MIN_ROWS)));
  const aOff = BASE, bOff = align(aOff + M * K * size), cOff = align(bOff + K * N * size);
  const workSize = align((KC * NW + MC * KC) * size), wOff = align(cOff + M4 * NW * size);
  const end = wOff + T * workSize;
  if (!reserve(s.memory, end)) return false;
  const f = size === 8 ? new Float64Array(s.memory.buffer) : new Float32Array(s.memory.buffer);
  copyIn(f, aOff / size, ad, ao, M, K, sam, sak);
  // t @ t: one copy serves both operands.
  const same = ad === bd && ao === bo && M === K && K === N && sam === sbk && sak === sbn;
  if (!same) copyIn(f, bOff / size, bd, bo, K, N, sbk, sbn);
  const bAt = same ? aOff : bOff;
  // Row ranges in multiples of 4 (the kernels' strip height); the calling thread takes the first.
  const rows = Math.ceil(M / T / 4) * 4;
  const jobs: pool.Job[] = [];
  for (let t = 0, i0 = 0; t < T && i0 < M; t++, i0 += rows) {
    const m = Math.min(rows, M - i0);
    jobs.push({ kind: size, a: aOff + i0 * K * size, b: bAt, c: cOff + i0 * NW * size, work: wOff + t * workSize, M: m, K, N });
  }
  for (let t = 1; t < jobs.length; t++) pool.post(workers[t - 1], jobs[t]);
  const run = (j: pool.Job) => (j.kind === 8 ? s.kernels.dgemm : s.kernels.sgemm)(j.a, j.b, j.c, j.work, j.M, j.K, j.N);
  run(jobs[0]);
  for (let t = 1; t < jobs.length; t++) if (!pool.join(workers[t - 1])) run(jobs[t]);
  const c = cOff / size;
  if (NW === N) od.set(f.subarray(c, c + M * N), co);
  else for (let i = 0; i < M; i++) od.set(f.subarray(c + i * NW, c + i * NW + N), co + i * N);
  return true;
}

/**
 * Non-zeros of n contiguous float32 values (d[o], d[o + 1], ...): their positions and values,
 * or -1 as soon as there are more than `limit`. The views are valid until the next kernel call.
 */
export function nonzeros(d: Float32Array, o: number, n: number, limit: number): { count: number; idx: Int32Array; vals: Float32Array } | null {
  const s = load();
  if (!s) return null;
  pool.settle();
  const src = BASE, idx = align(src + n * 4), vals = align(idx + limit * 4), end = vals + limit * 4;
  if (!reserve(s.memory, end)) return null;
  const buf = s.memory.buffer;
  new Float32Array(buf, src, n).set(d.subarray(o, o + n));
  const count = s.kernels.nonzeros32(src, n, idx, vals, limit);
  return { count, idx: new Int32Array(buf, idx, Math.max(count, 0)), vals: new Float32Array(buf, vals, Math.max(count, 0)) };
}

/**
 * Fused Adam/AdamW step over float32 arrays (each `n` values from its offset): the arrays are
 * copied into the kernels' memory, updated four lanes at a time, and p, m, v (and vmax) copied
 * back. Returns false when the kernels are unavailable.
 */
export function adam32(arrays: { p: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array; vmax: Float32Array | null },
                       offsets: number[], n: number, h: { b1: number; b2: number; negStep: number; rbc2: number; eps: number; wd: number; decay: number; sign: number }): boolean {
  const s = load();
  if (!s) return false;
  pool.settle();
  const list = [arrays.p, arrays.g, arrays.m, arrays.v, ...(arrays.vmax ? [arrays.vmax] : [])];
  const stride = align(n * 4), end = BASE + stride * list.length;
  if (!reserve(s.memory, end)) return false;
  const f = new Float32Array(s.memory.buffer);
  list.forEach((a, q) => f.set(a.subarray(offsets[q], offsets[q] + n), (BASE + q * stride) >> 2));
  const at = (q: number) => BASE + q * stride;
  s.kernels.adam32(at(0), at(1), at(2), at(3), arrays.vmax ? at(4) : 0, n, h.b1, h.b2, h.negStep, h.rbc2, h.eps, h.wd, h.decay, h.sign);
  for (const q of [0, 2, 3, 4]) {
    if (q < list.length) list[q].set(f.subarray(at(q) >> 2, (at(q) >> 2) + n), offsets[q]);
  }
  return true;
}

const BINARY_OPS: Record<string, number> = { add: 0, sub: 1, mul: 2, div: 3 };

/** Whether `op` has a float32 SIMD kernel. */
export function hasBinary32(op: string): boolean { return op in BINARY_OPS && load() !== null; }

/**
 * out (R x C contiguous at oo) = a (R x C contiguous at ao) op b, where b is R x C (mode 0), one
 * value (1), one per row (2) or one per column (3), contiguous at bo. Returns false when the
 * kernels are unavailable.
 */
export function binary32(op: string, mode: 0 | 1 | 2 | 3, a: Float32Array, ao: number, b: Float32Array, bo: number,
                         out: Float32Array, oo: number, R: number, C: number): boolean {
  const s = load();
  if (!s || !(op in BINARY_OPS)) return false;
  pool.settle();
  const n = R * C, nb = mode === 0 ? n : mode === 1 ? 1 : mode === 2 ? R : C;
  const aOff = BASE, bOff = align(aOff + n * 4), oOff = align(bOff + nb * 4), end = oOff + n * 4;
  if (!reserve(s.memory, end)) return false;
  const f = new Float32Array(s.memory.buffer);
  f.set(a.subarray(ao, ao + n), aOff >> 2);
  f.set(b.subarray(bo, bo + nb), bOff >> 2);
  s.kernels.binary32(BINARY_OPS[op], mode, aOff, bOff, oOff, R, C);
  out.set(f.subarray(oOff >> 2, (oOff >> 2) + n), oo);
  return true;
}

/** Gathers a strided R x C block into row-major elements of f at `dst`. */
function copyIn(f: Float32Array | Float64Array, dst: number, d: ArrayLike<number>, o: number, R: number, C: number, sr: number, sc: number): void {
  if (sc === 1 && sr === C && (d instanceof Float32Array || d instanceof Float64Array)) { f.set(d.subarray(o, o + R * C), dst); return; }
  if (sc === 1) {
    for (let r = 0; r < R; r++) {
      for (let c = 0, s = o + r * sr; c < C; c++) f[dst++] = d[s + c];
    }
    return;
  }
  // Column-strided (a transposed view): walk the source in memory order, write with stride.
  if (sr === 1) {
    for (let c = 0; c < C; c++) {
      for (let r = 0, s = o + c * sc, t = dst + c; r < R; r++, t += C) f[t] = d[s + r];
    }
    return;
  }
  for (let r = 0; r < R; r++) {
    for (let c = 0, s = o + r * sr; c < C; c++, s += sc) f[dst++] = d[s];
  }
}
