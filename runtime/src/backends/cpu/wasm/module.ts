// The compiled kernels (dist/wasm/kernels.wasm, built from *.as.ts by `npm run build`) and the
// shared linear memory they run in. The main thread and every pool worker instantiate the same
// module over the same memory, so a kernel call in a worker sees what the main thread copied in.

import * as fs from 'fs';
import * as path from 'path';

// lib ES2022 carries no WebAssembly declarations; these are the few used here.
export interface Memory { readonly buffer: ArrayBuffer; grow(pages: number): number }
export type Module = object;
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => Module;
  Instance: new (m: Module, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => Memory;
};

export interface Kernels {
  /** C (M4 x N8, rows of N8 floats) = A (M x K) @ B (K x N), both row-major; `work` is scratch. */
  sgemm(a: number, b: number, c: number, work: number, M: number, K: number, N: number): void;
  /** Same over float64, with a 4 x 4 register block: C is M4 x N4. */
  dgemm(a: number, b: number, c: number, work: number, M: number, K: number, N: number): void;
  /** Positions (i32 at idx) and values (f32 at vals) of the non-zeros of n floats; -1 past `limit`. */
  nonzeros32(src: number, n: number, idx: number, vals: number, limit: number): number;
  /** out = a op b over R x C float32 values; b full (0), scalar (1), per row (2) or per column (3). */
  binary32(op: number, mode: number, a: number, b: number, out: number, R: number, C: number): void;
  /** Fused Adam/AdamW step over n float32 values (see kernels.as.ts); vmax 0 without amsgrad. */
  adam32(p: number, g: number, m: number, v: number, vmax: number, n: number, b1: number, b2: number,
         negStep: number, rbc2: number, eps: number, wd: number, decay: number, sign: number): void;
}

/** Must equal the build's --initialMemory / --maximumMemory (64 KiB pages; 2 GiB at most). */
export const INITIAL_PAGES = 32, MAXIMUM_PAGES = 32768;

export const WASM_FILE = path.join(__dirname, '../../../../../wasm/kernels.wasm');

export function compile(): Module | null {
  if (!fs.existsSync(WASM_FILE)) return null;
  return new WebAssembly.Module(fs.readFileSync(WASM_FILE));
}

export function newMemory(): Memory {
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
}

export function instantiate(m: Module, memory: Memory): Kernels {
  const abort = () => { throw new Error('wasm kernel aborted'); };
  return new WebAssembly.Instance(m, { env: { memory, abort } }).exports as unknown as Kernels;
}
