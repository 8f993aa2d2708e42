// JS side of the WebAssembly SIMD kernels. Tensor storage stays plain typed arrays (JavaScript
// frees them when they become unreachable; memory inside a WebAssembly instance it would not), so
// operands are copied into the kernels' memory per call (Adam's moments excepted, below):
// - elementwise ops, reductions and softmax stream through a private memory in chunks small enough
//   to stay in cache, so each copy is a cache-speed memcpy and the data crosses main memory once;
// - matmuls copy their operands into the shared memory once and split the work between the
//   calling thread and the pool's workers; the elementwise ops worth several threads copy only the
//   workers' share there, while the calling thread streams its own through the private memory.
// Callers check sizes first: small tensors never reach this module.
// TORCHLAB_BACKEND=js turns the kernels off (pure-TS loops everywhere).
import { compile, instantiate, Kernels, Memory, Module, newMemory, MAXIMUM_PAGES } from './module';
import * as pool from './pool';
import { JOB } from './pool';

export { getNumThreads, setNumThreads } from './pool';
export { relaxedSimd } from './module';

const KC = 512, MC = 64, BASE = 65536, PAGE = 65536;
/** Rows per thread below which a product is not split. */
const MIN_ROWS = 16;
/** Multiply-adds below which a product stays on the calling thread (waking a worker costs tens of microseconds). */
const MIN_PARALLEL_WORK = 1 << 22;

interface Instance { memory: Memory; kernels: Kernels; f32: Float32Array; f64: Float64Array }
type Loaded = Instance & { module: Module };
let shared: Loaded | null | undefined;
let local: Loaded | null | undefined;

const disabled = () => process.env.TORCHLAB_BACKEND === 'js';

function views(i: { memory: Memory }): { f32: Float32Array; f64: Float64Array } {
  return { f32: new Float32Array(i.memory.buffer), f64: new Float64Array(i.memory.buffer) };
}

/** One build of the kernels over a new memory (shared or private); null when turned off or not built. */
function load(kind: 'shared' | 'local'): Loaded | null {
  if (disabled()) return null;
  const module = compile(kind);
  if (!module) return null;
  const memory = newMemory(kind === 'shared');
  return { module, memory, kernels: instantiate(module, memory), ...views({ memory }) };
}

// Each is tried once: null first, so a build that fails to compile is not tried again.
function loadShared(): typeof shared {
  if (shared === undefined) { shared = null; shared = load('shared'); }
  return shared;
}

function loadLocal(): typeof local {
  if (local === undefined) { local = null; local = load('local'); }
  return local;
}

export function available(): boolean { return loadShared() !== null && loadLocal() !== null; }

/** Starts the pool now and waits for it (up to `ms`); returns the number of workers ready. */
export function startThreads(ms = 10000): number {
  const s = loadShared();
  return s ? pool.waitReady(s.module, s.memory, ms) : 0;
}

/** Jobs run on workers so far (for tests and benchmarks). */
export function workerJobs(): number { return pool.jobsPosted; }

/** Kernel calls by name (for tests, which check that a SIMD path ran). */
export const calls: Record<string, number> = {};
const count = (name: string) => { calls[name] = (calls[name] ?? 0) + 1; };

const align = (n: number) => (n + 63) & ~63;

/** Bytes a region placed by `beside` may start past its base. */
const PAGE_SLACK = 4096;

/**
 * Where, from `base` on, to put a float32 region that is copied out to out[oo...]: at the same
 * offset within a 4 KB page as that destination, taking out's buffer to start 16 bytes into a page
 * (where glibc puts its mmapped blocks: every large buffer of a process without the allocator
 * settings of kernel/src/tuning.ts, and those over 32 MB with them). On this AMD EPYC, glibc's
 * memcpy (rep movsb) is ten times slower when the destination lies 16 bytes past the source modulo
 * 4 KB: 4 MB copied out of the kernels' page-aligned chunks took 1.4 ms instead of 0.12 ms.
 */
function beside(base: number, out: Float32Array, oo: number): number {
  return base + ((16 + out.byteOffset + oo * 4) & (PAGE_SLACK - 1));
}

/** Grows an instance's memory to hold `end` bytes; false if that is past its maximum. */
function reserve(i: Instance, end: number): boolean {
  if (end > MAXIMUM_PAGES * PAGE) return false;
  if (i.memory.buffer.byteLength < end) {
    i.memory.grow(Math.ceil((end - i.memory.buffer.byteLength) / PAGE));
    Object.assign(i, views(i));
  }
  return true;
}

// ---- matmul ----

/**
 * C (contiguous M x N at `co` in `od`) = A @ B for one batch, with A and B given by strides, in
 * od's precision (float32 or float64). Returns false when the kernels are unavailable or the
 * operands do not fit in the kernels' memory.
 */
export function gemm(ad: ArrayLike<number>, ao: number, sam: number, sak: number,
                     bd: ArrayLike<number>, bo: number, sbk: number, sbn: number,
                     od: Float32Array | Float64Array, co: number, M: number, K: number, N: number): boolean {
  const s = loadShared();
  if (!s) return false;
  pool.settle();
  const size = od instanceof Float64Array ? 8 : 4, W = size === 8 ? 4 : 8;
  const M4 = (M + 3) & ~3, NW = (N + W - 1) & -W;
  const workers = M * K * N >= MIN_PARALLEL_WORK && M >= 2 * MIN_ROWS ? pool.ready(s.module, s.memory) : [];
  const T = Math.max(1, Math.min(1 + workers.length, Math.floor(M / MIN_ROWS)));
  // t @ t: one copy serves both operands.
  const same = ad === bd && ao === bo && M === K && K === N && sam === sbk && sak === sbn;
  const aSpan = span(ad, M, K, sam, sak), bSpan = same ? aSpan : span(bd, K, N, sbk, sbn);
  // A gathered operand is copied in rows of C (its strides become (C, 1)).
  const [asr, asc] = aSpan ? [sam, sak] : [K, 1], [bsr, bsc] = bSpan ? [sbk, sbn] : [N, 1];
  const aOff = BASE, bOff = same ? aOff : align(aOff + (aSpan || M * K) * size), cOff = align(bOff + (bSpan || K * N) * size);
  const workSize = align((KC * NW + MC * KC) * size), wOff = align(cOff + M4 * NW * size);
  const end = wOff + T * workSize;
  if (!reserve(s, end)) return false;
  count('gemm');
  const f = size === 8 ? s.f64 : s.f32;
  if (aSpan) f.set((ad as Float32Array).subarray(ao, ao + aSpan), aOff / size); else gather(f, aOff / size, ad, ao, M, K, sam, sak);
  if (!same) {
    if (bSpan) f.set((bd as Float32Array).subarray(bo, bo + bSpan), bOff / size); else gather(f, bOff / size, bd, bo, K, N, sbk, sbn);
  }
  // Row ranges in multiples of 4 (the kernels' strip height); the calling thread takes the first.
  const rows = Math.ceil(M / T / 4) * 4;
  const kind = size === 8 ? JOB.dgemm : JOB.sgemm;
  const jobs: pool.Job[] = [];
  for (let t = 0, i0 = 0; t < T && i0 < M; t++, i0 += rows) {
    const m = Math.min(rows, M - i0);
    jobs.push({ kind, args: [aOff + i0 * asr * size, asr, asc, bOff, bsr, bsc, cOff + i0 * NW * size, wOff + t * workSize, m, K, N] });
  }
  runJobs(s.kernels, workers, jobs);
  if (NW !== N) s.kernels.compact(cOff, M, NW, N, size);
  const c = cOff / size;
  od.set(f.subarray(c, c + M * N), co);
  return true;
}

/** Runs jobs[0] here and the others on `workers`. */
function runJobs(k: Kernels, workers: ReturnType<typeof pool.ready>, jobs: pool.Job[]): void {
  onPool(k, workers, jobs.slice(1), () => runJob(k, jobs[0]));
}

/** Posts job t to workers[t], runs `here` meanwhile, then waits for them (redoing here any a failed worker dropped). */
function onPool<T>(k: Kernels, workers: ReturnType<typeof pool.ready>, jobs: pool.Job[], here: () => T): T {
  for (let t = 0; t < jobs.length; t++) pool.post(workers[t], jobs[t]);
  const result = here();
  for (let t = 0; t < jobs.length; t++) if (!pool.join(workers[t])) runJob(k, jobs[t]);
  return result;
}

function runJob(k: Kernels, j: pool.Job): void {
  const a = j.args;
  k.job(j.kind, a[0], a[1], a[2], a[3], a[4] ?? 0, a[5] ?? 0, a[6] ?? 0, a[7] ?? 0, a[8] ?? 0, a[9] ?? 0, a[10] ?? 0, j.f0 ?? 0, j.f1 ?? 0);
}

/**
 * A streamed op split between the calling thread and the pool: of `n` items (values or rows,
 * `width` values each) the workers take the last ones, copied into the shared memory and run as
 * `job(at, count)` (their byte offset there and their number of items), while the calling thread
 * streams the first ones through its private memory with `local(count)` (cache-sized copies, faster
 * than the shared memory's); the workers' results are copied out last. The calling thread, which
 * also does the workers' copies, takes a smaller share. False when there is no worker or no room.
 */
function splitWithPool(x: Float32Array, xo: number, out: Float32Array, oo: number, n: number, width: number, align4: boolean,
                       job: (at: number, count: number) => pool.Job, local: (count: number) => boolean): boolean {
  const s = loadShared();
  if (!s) return false;
  const workers = pool.ready(s.module, s.memory);
  if (!workers.length) return false;
  const unit = align4 ? 4 : 1;
  const mine = Math.max(unit, Math.floor(n * MAIN_SHARE / (workers.length + 1) / unit) * unit);
  const rest = n - mine, vals = rest * width;
  const X = BASE;
  pool.settle();
  if (!reserve(s, X + ((vals + 3) & ~3) * 4)) return false;
  s.f32.set(x.subarray(xo + mine * width, xo + n * width), X >> 2);
  const per = Math.ceil(rest / workers.length / unit) * unit;
  const jobs: pool.Job[] = [];
  for (let i = 0; i < rest; i += per) jobs.push(job(X + i * width * 4, Math.min(per, rest - i)));
  if (!onPool(s.kernels, workers, jobs, () => local(mine))) return false;
  out.set(s.f32.subarray(X >> 2, (X >> 2) + vals), oo + mine * width);
  return true;
}

/**
 * How many elements of d an R x C strided block spans when it is copied into the kernels' memory
 * as is (a transposed or sliced view keeps its strides: the kernels pack from them); 0 when it is
 * to be gathered into rows instead (a span much larger than the block, or negative strides).
 */
function span(d: ArrayLike<number>, R: number, C: number, sr: number, sc: number): number {
  const n = (R - 1) * sr + (C - 1) * sc + 1;
  return sr >= 0 && sc >= 0 && n <= 2 * R * C && (d instanceof Float32Array || d instanceof Float64Array) ? n : 0;
}

/** Gathers a strided R x C block into row-major elements of f at `dst`. */
function gather(f: Float32Array | Float64Array, dst: number, d: ArrayLike<number>, o: number, R: number, C: number, sr: number, sc: number): void {
  for (let r = 0; r < R; r++) {
    for (let c = 0, s = o + r * sr; c < C; c++, s += sc) f[dst++] = d[s];
  }
}

/**
 * Non-zeros of n contiguous float32 values (d[o], d[o + 1], ...): their positions and values,
 * or -1 as soon as there are more than `limit`. The views are valid until the next kernel call.
 */
export function nonzeros(d: Float32Array, o: number, n: number, limit: number): { count: number; idx: Int32Array; vals: Float32Array } | null {
  const s = loadLocal();
  if (!s) return null;
  const src = BASE, idx = align(src + n * 4), vals = align(idx + limit * 4), end = vals + limit * 4;
  if (!reserve(s, end)) return null;
  s.f32.set(d.subarray(o, o + n), src >> 2);
  const count = s.kernels.nonzeros32(src, n, idx, vals, limit);
  const buf = s.memory.buffer;
  return { count, idx: new Int32Array(buf, idx, Math.max(count, 0)), vals: new Float32Array(buf, vals, Math.max(count, 0)) };
}

/** Values per chunk of a streamed Adam step: its four or five arrays stay in the L2 cache. */
const ADAM_CHUNK = 8192;

// ---- optimizer state, resident ----
// Adam's moments can live in a memory of their own, where the kernel updates them in place: a step
// then copies the parameter and its gradient in and the parameter out, three arrays instead of
// seven. That memory is shared (growing it leaves the arrays over it valid) and holds nothing else
// but, below the blocks, the chunks a step streams through. A block is free again once its array
// has been collected.

/** Where the blocks start: after the chunks of a step (p and g, each at its page offset). */
const RESIDENT_BASE = BASE + 2 * (ADAM_CHUNK * 4 + PAGE_SLACK);
/**
 * Bytes of blocks at most (a memory never shrinks: past this, moments are ordinary arrays, which
 * JavaScript frees); a lecture's largest model needs 8 MB.
 */
const RESIDENT_MAX = 256 << 20;
type Resident = Loaded & { top: number; free: [at: number, bytes: number][] };
let resident: Resident | null | undefined;
/** Each resident array's address in that memory. */
const residentAt = new WeakMap<Float32Array, number>();
const release = new FinalizationRegistry<[number, number]>((block) => resident?.free.push(block));

function loadResident(): typeof resident {
  if (resident === undefined) {
    resident = null;
    const l = load('shared');
    if (l) resident = { ...l, top: RESIDENT_BASE, free: [] };
  }
  return resident;
}

/** A zeroed float32 array of n values in the resident memory; null when the kernels are unavailable or it is full. */
export function residentZeros(n: number): Float32Array | null {
  const r = loadResident();
  if (!r) return null;
  const bytes = align(n * 4);
  let at = -1;
  const i = r.free.findIndex(([, b]) => b >= bytes);
  if (i >= 0) {
    const [a, b] = r.free[i];
    at = a;
    if (b > bytes) r.free[i] = [a + bytes, b - bytes]; else r.free.splice(i, 1);
  } else {
    if (r.top + bytes > RESIDENT_BASE + RESIDENT_MAX || !reserve(r, r.top + bytes)) return null;
    at = r.top;
    r.top += bytes;
  }
  const view = new Float32Array(r.memory.buffer, at, n).fill(0);
  residentAt.set(view, at);
  release.register(view, [at, bytes]);
  return view;
}

/**
 * Fused Adam/AdamW step over float32 arrays (each `n` values from its offset), streamed in chunks
 * through the kernels' private memory: p, g, m, v (and vmax) in, four lanes at a time, p, m, v
 * (and vmax) back. Moments in the resident memory are updated where they are, and only p and g
 * stream, through that memory. Returns false when the kernels are unavailable.
 */
export function adam32(arrays: { p: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array; vmax: Float32Array | null },
                       offsets: number[], n: number, h: { b1: number; b2: number; negStep: number; rbc2: number; eps: number; wd: number; decay: number; sign: number }): boolean {
  const list = [arrays.p, arrays.g, arrays.m, arrays.v, ...(arrays.vmax ? [arrays.vmax] : [])];
  const held = list.slice(2).every((a) => residentAt.has(a));
  const s = held ? resident : loadLocal();
  if (!s) return false;
  // The first `streamed` arrays are copied through chunks; the others are addressed where they are.
  const streamed = held ? 2 : list.length;
  const stride = ADAM_CHUNK * 4 + PAGE_SLACK;
  if (!reserve(s, BASE + stride * streamed)) return false;
  count(held ? 'adam32 resident' : 'adam32');
  const f = s.f32, k = s.kernels;
  const starts = list.map((a, q) => (q < streamed ? beside(BASE + q * stride, a, offsets[q]) : residentAt.get(a)! + offsets[q] * 4));
  for (let c = 0; c < n; c += ADAM_CHUNK) {
    const len = Math.min(ADAM_CHUNK, n - c);
    const at = (q: number) => (q < streamed ? starts[q] : starts[q] + c * 4);
    for (let q = 0; q < streamed; q++) f.set(list[q].subarray(offsets[q] + c, offsets[q] + c + len), at(q) >> 2);
    k.adam32(at(0), at(1), at(2), at(3), arrays.vmax ? at(4) : 0, len, h.b1, h.b2, h.negStep, h.rbc2, h.eps, h.wd, h.decay, h.sign);
    for (let q = 0; q < streamed; q++) if (q !== 1) list[q].set(f.subarray(at(q) >> 2, (at(q) >> 2) + len), offsets[q] + c);
  }
  return true;
}

// ---- elementwise ----

/** Values per streamed chunk: three chunks (two inputs and the output) stay in the L2 cache. */
const CHUNK = 16384;
/**
 * The calling thread's share of a split elementwise op, as a fraction of an equal share: it also
 * copies the workers' operands and results.
 */
const MAIN_SHARE = 0.9;

/** Unary op codes of elementwise.as.ts; each has its TS twin in backends/cpu/elementwise.ts. */
export const UNARY_CODES = {
  neg: 0, abs: 1, exp: 2, log: 3, sqrt: 4, rsqrt: 5, tanh: 6, sigmoid: 7, relu: 8, clamp: 9, square: 10,
  reciprocal: 11, leaky_relu: 12, cube: 13, inv_square: 14,
} as const;
export type UnaryCode = keyof typeof UNARY_CODES;

/** Ops whose arithmetic outweighs the copies enough to split over threads, and from how many values. */
const PARALLEL_UNARY: Partial<Record<UnaryCode, number>> = { exp: 1 << 16, log: 1 << 15, tanh: 1 << 15, sigmoid: 1 << 16 };

/** out[oo + i] = op(x[xo + i]) for i < n (out may be x). Returns false when the kernels are unavailable. */
export function unary32(op: UnaryCode, x: Float32Array, xo: number, out: Float32Array, oo: number, n: number, p0 = 0, p1 = 0): boolean {
  const par = PARALLEL_UNARY[op];
  if (par !== undefined && n >= par && pool.getNumThreads() > 1 &&
      splitWithPool(x, xo, out, oo, n, 1, true, (at, len) => ({ kind: JOB.unary32, args: [UNARY_CODES[op], at, at, (len + 3) & ~3], f0: p0, f1: p1 }),
        (len) => streamUnary(op, x, xo, out, oo, len, p0, p1))) return true;
  return streamUnary(op, x, xo, out, oo, n, p0, p1);
}

/** unary32 on the calling thread, streamed through the private memory. */
function streamUnary(op: UnaryCode, x: Float32Array, xo: number, out: Float32Array, oo: number, n: number, p0: number, p1: number): boolean {
  const s = loadLocal();
  if (!s) return false;
  const X = beside(BASE, out, oo);
  if (!reserve(s, BASE + PAGE_SLACK + CHUNK * 4)) return false;
  count(`unary32:${op}`);
  const code = UNARY_CODES[op], k = s.kernels, f = s.f32;
  for (let c = 0; c < n; c += CHUNK) {
    const len = Math.min(CHUNK, n - c);
    f.set(x.subarray(xo + c, xo + c + len), X >> 2);
    k.unary32(code, X, X, (len + 3) & ~3, p0, p1);
    out.set(f.subarray(X >> 2, (X >> 2) + len), oo + c);
  }
  return true;
}

/** Binary op codes of elementwise.as.ts (r* take their operands the other way round). */
export const BINARY_CODES = { add: 0, sub: 1, mul: 2, div: 3, rsub: 4, rdiv: 5, relu_grad: 6, tanh_grad: 7, sigmoid_grad: 8 } as const;
export type BinaryCode = keyof typeof BINARY_CODES;

/**
 * out (R x C contiguous at oo) = a (R x C contiguous at ao) op b, where b is R x C (mode 0), one
 * value (1), one per row (2) or one per column (3), contiguous at bo. Returns false when the
 * kernels are unavailable.
 */
export function binary32(op: BinaryCode, mode: 0 | 1 | 2 | 3, a: Float32Array, ao: number, b: Float32Array, bo: number,
                         out: Float32Array, oo: number, R: number, C: number): boolean {
  const s = loadLocal();
  if (!s) return false;
  const nb = mode === 0 ? 0 : mode === 1 ? 1 : mode === 2 ? R : C;
  // regions: the broadcast operand (whole), then a chunk of a, a chunk of b (mode 0)
  const B = BASE, A0 = align(B + nb * 4 + 16), B0 = align(A0 + PAGE_SLACK + CHUNK * 4), end = B0 + CHUNK * 4;
  if (!reserve(s, end)) return false;
  count(`binary32:${op}`);
  const code = BINARY_CODES[op], k = s.kernels;
  const f = s.f32;
  if (nb) f.set(b.subarray(bo, bo + nb), B >> 2);
  const n = R * C;
  if (mode <= 1 || C > CHUNK) {
    // flat runs: the whole block, or each long row in pieces (a per-row b is then a scalar, a
    // per-column b a full run)
    const rowLen = mode <= 1 ? n : C;
    for (let r = 0, base = 0; base < n; r++, base += rowLen) {
      for (let c = 0; c < rowLen; c += CHUNK) {
        const len = Math.min(CHUNK, rowLen - c), at = base + c, A = beside(A0, out, oo + at);
        f.set(a.subarray(ao + at, ao + at + len), A >> 2);
        let bAt = B, m = 1;
        if (mode === 0) { f.set(b.subarray(bo + at, bo + at + len), B0 >> 2); bAt = B0; m = 0; }
        else if (mode === 2) bAt = B + r * 4;
        else if (mode === 3) { bAt = B + c * 4; m = 0; }
        k.binary32(code, m, A, bAt, A, 1, (len + 3) & ~3);
        out.set(f.subarray(A >> 2, (A >> 2) + len), oo + at);
      }
    }
    return true;
  }
  // whole rows per chunk
  const rows = Math.max(1, Math.floor(CHUNK / C));
  for (let r = 0; r < R; r += rows) {
    const rr = Math.min(rows, R - r), at = r * C, len = rr * C, A = beside(A0, out, oo + at);
    f.set(a.subarray(ao + at, ao + at + len), A >> 2);
    k.binary32(code, mode, A, mode === 2 ? B + r * 4 : B, A, rr, C);
    out.set(f.subarray(A >> 2, (A >> 2) + len), oo + at);
  }
  return true;
}

// ---- reductions and softmax ----

/**
 * Reduces a contiguous float32 block seen as [outer, red, inner] over its middle dim into `out`
 * (outer * inner values from oo, in out's precision): op sum, sumsq, max or min. Returns false
 * when the kernels are unavailable.
 */
export function reduce32(op: 'sum' | 'sumsq' | 'max' | 'min', x: Float32Array, xo: number, outer: number, red: number, inner: number,
                         out: Float32Array | Float64Array, oo: number): boolean {
  const s = loadLocal();
  if (!s) return false;
  const sum = op === 'sum' || op === 'sumsq', flag = op === 'sumsq' || op === 'min' ? 1 : 0;
  const k = s.kernels;
  if (inner === 1) {
    // rows: out[o] = reduce of row o (length red), whole rows per chunk; a long row in pieces
    if (red > CHUNK) {
      const X = BASE;
      if (!reserve(s, X + CHUNK * 4)) return false;
      count(`reduce32:${op}`);
      for (let o = 0; o < outer; o++) {
        let acc = 0;
        for (let c = 0; c < red; c += CHUNK) {
          const len = Math.min(CHUNK, red - c);
          s.f32.set(x.subarray(xo + o * red + c, xo + o * red + c + len), X >> 2);
          if (sum) { acc += k.sum32(X, len, flag); continue; }
          const m = k.max32(X, len, flag);
          // NaN sticks; otherwise the running max (min)
          if (c === 0 || m !== m) acc = m;
          else if (acc === acc && (flag ? m < acc : m > acc)) acc = m;
        }
        out[oo + o] = acc;
      }
      return true;
    }
    const rows = Math.max(1, Math.floor(CHUNK / red));
    const X = BASE, O = align(X + rows * red * 4);
    if (!reserve(s, O + rows * 8)) return false;
    count(`reduce32:${op}`);
    for (let r = 0; r < outer; r += rows) {
      const rr = Math.min(rows, outer - r);
      s.f32.set(x.subarray(xo + r * red, xo + (r + rr) * red), X >> 2);
      if (sum) {
        k.sumRows32(X, rr, red, O, flag);
        const f64 = s.f64, o8 = O >> 3;
        for (let i = 0; i < rr; i++) out[oo + r + i] = f64[o8 + i];
      } else {
        k.maxRows32(X, rr, red, O, flag);
        out.set(s.f32.subarray(O >> 2, (O >> 2) + rr), oo + r);
      }
    }
    return true;
  }
  // columns: for each outer block, acc[inner] accumulates the red rows
  const X = BASE, ACC = align(X + CHUNK * 4 + 16);
  const rowsPer = Math.max(1, Math.floor(CHUNK / inner));
  if (inner > CHUNK || !reserve(s, ACC + inner * 8 + 16)) return false;
  count(`reduce32:${op}`);
  for (let o = 0; o < outer; o++) {
    const base = xo + o * red * inner;
    if (sum) s.f64.fill(0, ACC >> 3, (ACC >> 3) + inner);
    else s.f32.set(x.subarray(base, base + inner), ACC >> 2);
    for (let r = 0; r < red; r += rowsPer) {
      const rr = Math.min(rowsPer, red - r);
      s.f32.set(x.subarray(base + r * inner, base + (r + rr) * inner), X >> 2);
      if (sum) k.sumCols32(X, rr, inner, ACC, flag);
      else k.maxCols32(X, rr, inner, ACC, flag);
    }
    if (sum) { const f64 = s.f64, a8 = ACC >> 3; for (let i = 0; i < inner; i++) out[oo + o * inner + i] = f64[a8 + i]; }
    else out.set(s.f32.subarray(ACC >> 2, (ACC >> 2) + inner), oo + o * inner);
  }
  return true;
}

/** out[oo + r] = index of the first max (min) of row r of a contiguous R x C float32 block. */
export function argmax32(isMin: boolean, x: Float32Array, xo: number, R: number, C: number, out: Float64Array | Float32Array, oo: number): boolean {
  const s = loadLocal();
  if (!s) return false;
  if (C > CHUNK) {
    // long rows in pieces: the first NaN, else the first strict best, as the pieces come in order
    if (!reserve(s, BASE + CHUNK * 4 + 64)) return false;
    count('argmax32');
    const X = BASE, O = BASE + CHUNK * 4;
    for (let r = 0; r < R; r++) {
      let best = NaN, at = -1;
      for (let c = 0; c < C && !(at >= 0 && best !== best); c += CHUNK) {
        const len = Math.min(CHUNK, C - c), o = xo + r * C + c;
        s.f32.set(x.subarray(o, o + len), X >> 2);
        s.kernels.argmaxRows32(X, 1, len, O, isMin ? 1 : 0);
        const i = s.f64[O >> 3], v = x[o + i];
        if (at < 0 || v !== v || (isMin ? v < best : v > best)) { best = v; at = c + i; }
      }
      out[oo + r] = at;
    }
    return true;
  }
  const rows = Math.max(1, Math.floor(CHUNK / C));
  const X = BASE, O = align(X + rows * C * 4 + 16);
  if (!reserve(s, O + rows * 8)) return false;
  count('argmax32');
  for (let r = 0; r < R; r += rows) {
    const rr = Math.min(rows, R - r);
    s.f32.set(x.subarray(xo + r * C, xo + (r + rr) * C), X >> 2);
    s.kernels.argmaxRows32(X, rr, C, O, isMin ? 1 : 0);
    const f64 = s.f64, o8 = O >> 3;
    for (let i = 0; i < rr; i++) out[oo + r + i] = f64[o8 + i];
  }
  return true;
}

/** Values from which a softmax is split over threads. */
const PARALLEL_SOFTMAX = 1 << 16;

/** Softmax (log softmax) of each row of a contiguous R x C float32 block. */
export function softmax32(log: boolean, x: Float32Array, xo: number, out: Float32Array, oo: number, R: number, C: number): boolean {
  if (R * C >= PARALLEL_SOFTMAX && R >= 2 && pool.getNumThreads() > 1 &&
      splitWithPool(x, xo, out, oo, R, C, false, (at, rows) => ({ kind: JOB.softmax32, args: [at, at, rows, C, log ? 1 : 0] }),
        (rows) => streamSoftmax(log, x, xo, out, oo, rows, C))) return true;
  return streamSoftmax(log, x, xo, out, oo, R, C);
}

/** softmax32 on the calling thread, whole rows at a time through the private memory. */
function streamSoftmax(log: boolean, x: Float32Array, xo: number, out: Float32Array, oo: number, R: number, C: number): boolean {
  const s = loadLocal();
  if (!s) return false;
  const rows = Math.max(1, Math.floor(CHUNK / C));
  if (!reserve(s, BASE + PAGE_SLACK + rows * C * 4 + 16)) return false;
  count('softmax32');
  for (let r = 0; r < R; r += rows) {
    const rr = Math.min(rows, R - r), at = r * C, X = beside(BASE, out, oo + at);
    s.f32.set(x.subarray(xo + at, xo + at + rr * C), X >> 2);
    s.kernels.softmax32(X, X, rr, C, log ? 1 : 0);
    out.set(s.f32.subarray(X >> 2, (X >> 2) + rr * C), oo + at);
  }
  return true;
}
