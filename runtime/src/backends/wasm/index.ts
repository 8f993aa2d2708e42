// Loader and JS side of the WebAssembly SIMD kernels (compiled from *.as.ts by `npm run build`
// into dist/wasm/). Operands are copied into the module's own linear memory per call: for the
// large matmuls that are dispatched here the copies cost O(n^2) against O(n^3) arithmetic
// (about 2% at 1000^3), and tensor storage stays plain typed arrays so tiny ops pay nothing.
// TORCHLAB_BACKEND=js turns the kernels off (pure-TS loops everywhere).
import * as fs from 'fs';
import * as path from 'path';

// lib ES2022 carries no WebAssembly declarations; these are the few used here.
interface Memory { buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: object };
};
interface Exports { memory: Memory; sgemm(a: number, b: number, c: number, work: number, M: number, K: number, N: number): void }

const KC = 256, MC = 64, BASE = 65536;
let mod: Exports | null | undefined;

function load(): Exports | null {
  if (mod !== undefined) return mod;
  mod = null;
  if (process.env.TORCHLAB_BACKEND === 'js') return mod;
  const file = path.join(__dirname, '../../../../wasm/matmul.wasm');
  if (!fs.existsSync(file)) return mod;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)), {
    env: { abort: () => { throw new Error('wasm abort'); } },
  });
  mod = inst.exports as unknown as Exports;
  return mod;
}

export function available(): boolean { return load() !== null; }

/**
 * C (contiguous M x N at `co` in `od`) = A @ B for one batch, with A and B given by strides.
 * Returns false when the kernels are unavailable.
 */
export function sgemm(ad: ArrayLike<number>, ao: number, sam: number, sak: number,
                      bd: ArrayLike<number>, bo: number, sbk: number, sbn: number,
                      od: Float32Array, co: number, M: number, K: number, N: number): boolean {
  const m = load();
  if (!m) return false;
  const M4 = (M + 3) & ~3, N8 = (N + 7) & ~7;
  const aOff = BASE, bOff = aOff + M * K * 4, cOff = bOff + K * N * 4, wOff = cOff + M4 * N8 * 4;
  const end = wOff + (KC * N8 + MC * KC) * 4;
  const mem = m.memory;
  if (mem.buffer.byteLength < end) mem.grow(Math.ceil((end - mem.buffer.byteLength) / 65536));
  const f = new Float32Array(mem.buffer);
  copyIn(f, aOff >> 2, ad, ao, M, K, sam, sak);
  copyIn(f, bOff >> 2, bd, bo, K, N, sbk, sbn);
  m.sgemm(aOff, bOff, cOff, wOff, M, K, N);
  const c = cOff >> 2;
  if (N8 === N) od.set(f.subarray(c, c + M * N), co);
  else for (let i = 0; i < M; i++) od.set(f.subarray(c + i * N8, c + i * N8 + N), co + i * N);
  return true;
}

/** Gathers a strided R x C block into row-major float32 at `dst`. */
function copyIn(f: Float32Array, dst: number, d: ArrayLike<number>, o: number, R: number, C: number, sr: number, sc: number): void {
  if (sc === 1 && sr === C && d instanceof Float32Array) { f.set(d.subarray(o, o + R * C), dst); return; }
  for (let r = 0; r < R; r++) {
    for (let c = 0, s = o + r * sr; c < C; c++, s += sc) f[dst++] = d[s];
  }
}
