// The compiled kernels (dist/wasm/*.wasm, built from *.as.ts by `npm run build`) and the linear
// memories they run in. The same source is built three ways:
// - kernels.wasm over a shared memory: the main thread and every pool worker instantiate it over
//   the same memory, so a kernel call in a worker sees what the main thread copied in;
// - kernels.relaxed.wasm, the same with relaxed SIMD (fused multiply-add in the matmul kernels),
//   taken instead where the engine validates it (Node 22; on Node 20, whose V8 has it behind
//   --experimental-wasm-relaxed-simd, the flag is turned on here; TORCHLAB_RELAXED_SIMD=0 keeps
//   SIMD128);
// - kernels.local.wasm over a private memory, for the calling thread's streamed elementwise work:
//   typed-array copies into a shared memory go word by word (V8 copies shared buffers with relaxed
//   atomics), copies into a private one at memcpy speed.

import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';

// lib ES2022 carries no WebAssembly declarations; these are the few used here.
export interface Memory { readonly buffer: ArrayBuffer; grow(pages: number): number }
export type Module = object;
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => Module;
  Instance: new (m: Module, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => Memory;
  validate(bytes: Uint8Array): boolean;
};

export interface Kernels {
  /** C (M4 x N8, rows of N8 floats) = A (M x K) @ B (K x N), each given by its strides in elements; `work` is scratch. */
  sgemm(a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, c: number, work: number, M: number, K: number, N: number): void;
  /** Closes up the rows of C (M rows of `ld` elements of `size` bytes) to N elements each. */
  compact(c: number, M: number, ld: number, N: number, size: number): void;
  /** Same over float64, with a 4 x 4 register block: C is M4 x N4. */
  dgemm(a: number, sam: number, sak: number, b: number, sbk: number, sbn: number, c: number, work: number, M: number, K: number, N: number): void;
  /** Positions (i32 at idx) and values (f32 at vals) of the non-zeros of n floats; -1 past `limit`. */
  nonzeros32(src: number, n: number, idx: number, vals: number, limit: number): number;
  /** out = op(x) over n float32 values, n a multiple of 4 (regions padded); p0, p1 parameters. */
  unary32(op: number, x: number, out: number, n: number, p0: number, p1: number): void;
  /** out = a op b over R x C float32 values; b full (0), scalar (1), per row (2) or per column (3). */
  binary32(op: number, mode: number, a: number, b: number, out: number, R: number, C: number): void;
  /** Sum (or sum of squares, sq = 1) of n float32 values, in float64. */
  sum32(x: number, n: number, sq: number): number;
  /** out[r] (f64) = sum (of squares) of row r of an R x C block. */
  sumRows32(x: number, R: number, C: number, out: number, sq: number): void;
  /** acc[c] (f64) += column sums (of squares) of an R x C block. */
  sumCols32(x: number, R: number, C: number, acc: number, sq: number): void;
  /** Max (min) of n >= 1 float32 values; NaN if any. */
  max32(x: number, n: number, isMin: number): number;
  /** out[r] (f32) = max (min) of row r of an R x C block. */
  maxRows32(x: number, R: number, C: number, out: number, isMin: number): void;
  /** acc[c] (f32) = max (min) of acc[c] and the column of an R x C block. */
  maxCols32(x: number, R: number, C: number, acc: number, isMin: number): void;
  /** out[r] (f64) = index of the first max (min), or first NaN, of row r. */
  argmaxRows32(x: number, R: number, C: number, out: number, isMin: number): void;
  /** Softmax (log softmax) of each row of an R x C block into out (which may be x). */
  softmax32(x: number, out: number, R: number, C: number, log: number): void;
  /** A pool job: kernel `kind` with its arguments (see kernels.as.ts). */
  job(kind: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number,
      a7: number, a8: number, a9: number, a10: number, f0: number, f1: number): void;
  /** Fused Adam/AdamW step over n float32 values (see kernels.as.ts); vmax 0 without amsgrad. */
  adam32(p: number, g: number, m: number, v: number, vmax: number, n: number, b1: number, b2: number,
         negStep: number, rbc2: number, eps: number, wd: number, decay: number, sign: number): void;
}

/** Must equal the build's --initialMemory / --maximumMemory (64 KiB pages; 2 GiB at most). */
export const INITIAL_PAGES = 32, MAXIMUM_PAGES = 32768;

const WASM_DIR = path.join(__dirname, '../../../../../wasm');

function read(file: string): Uint8Array | null {
  const p = path.join(WASM_DIR, file);
  return fs.existsSync(p) ? fs.readFileSync(p) : null;
}

/**
 * Whether the relaxed build runs here: it exists, TORCHLAB_RELAXED_SIMD is not 0, and the engine
 * validates it. Node 20's V8 (11.3) implements relaxed SIMD behind a flag, on by default from
 * V8 11.4 (Node 22); the flag is read when a module is compiled, so it is set here, once.
 */
export function relaxedSimd(): boolean {
  const bytes = read('kernels.relaxed.wasm');
  if (bytes === null || process.env.TORCHLAB_RELAXED_SIMD === '0') return false;
  if (WebAssembly.validate(bytes)) return true;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(bytes);
}

/** The module for a shared (pool) or private memory; null when the build is missing. */
export function compile(kind: 'shared' | 'local'): Module | null {
  if (kind === 'shared' && relaxedSimd()) {
    return new WebAssembly.Module(read('kernels.relaxed.wasm')!);
  }
  const bytes = read(kind === 'shared' ? 'kernels.wasm' : 'kernels.local.wasm');
  return bytes && new WebAssembly.Module(bytes);
}

export function newMemory(shared: boolean): Memory {
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared });
}

export function instantiate(m: Module, memory: Memory): Kernels {
  const abort = () => { throw new Error('wasm kernel aborted'); };
  return new WebAssembly.Instance(m, { env: { memory, abort } }).exports as unknown as Kernels;
}
