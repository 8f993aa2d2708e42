// Real-valued distributions as PyTorch's CPU kernels compute them: uniform_, normal_ (the scalar
// Box-Muller path below 16 elements, the blocked path from 16 up), bernoulli_ with a scalar p.
import { fma32, fma64 } from './fma';
import { log32, sincos32 } from './avx_math';
import { log, sincos } from './libm';
import { Generator } from './generator';

const f = Math.fround;
const TWO_PI = 2 * Math.PI;
const TWO_PI_F32 = f(2 * Math.PI);
const sc = new Float64Array(2);
const sc32 = new Float32Array(2);

export type FloatArray = Float32Array | Float64Array;

/** tensor.uniform_(from, to); torch.rand is uniform_(0, 1). */
export function uniform_(out: FloatArray, from: number, to: number, gen: Generator): void {
  const n = out.length;
  if (out instanceof Float32Array) {
    const lo = f(from), range = f(f(to) - lo);
    if (lo === 0 && range === 1) { for (let i = 0; i < n; i++) out[i] = gen.uniformFloat(); return; }
    for (let i = 0; i < n; i++) out[i] = fma32(gen.uniformFloat(), range, lo);
  } else {
    const range = to - from;
    if (from === 0 && range === 1) { for (let i = 0; i < n; i++) out[i] = gen.uniformDouble(); return; }
    for (let i = 0; i < n; i++) out[i] = fma64(gen.uniformDouble(), range, from);
  }
}

/** One draw of PyTorch's scalar normal_distribution<double>, before scaling. */
function standardNormal(gen: Generator): number {
  if (gen.nextDoubleNormal !== null) { const v = gen.nextDoubleNormal; gen.nextDoubleNormal = null; return v; }
  const u1 = gen.uniformDouble(), u2 = gen.uniformDouble();
  const r = Math.sqrt(-2 * log(1 - u2));
  sincos(TWO_PI * u1, sc);
  gen.nextDoubleNormal = r * sc[0];
  return r * sc[1];
}

/** tensor.normal_(mean, std); torch.randn is normal_(0, 1). */
export function normal_(out: FloatArray, mean: number, std: number, gen: Generator): void {
  const n = out.length;
  if (n < 16) {
    // The scalar path runs in double for every dtype and rounds at the store.
    for (let i = 0; i < n; i++) out[i] = fma64(standardNormal(gen), std, mean);
  } else if (out instanceof Float32Array) normal32(out, f(mean), f(std), gen);
  else normal64(out, mean, std, gen);
}

// The blocked path: all uniforms first, Box-Muller over pairs (u[j], u[j+8]) of each block of 16,
// and for a ragged end the last 16 uniforms redrawn and transformed again.
function normal32(d: Float32Array, mean: number, std: number, gen: Generator): void {
  const n = d.length;
  for (let i = 0; i < n; i++) d[i] = gen.uniformFloat();
  for (let i = 0; i + 16 <= n; i += 16) block32(d, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) d[i] = gen.uniformFloat();
    block32(d, n - 16, mean, std);
  }
}

function normal64(d: Float64Array, mean: number, std: number, gen: Generator): void {
  const n = d.length;
  for (let i = 0; i < n; i++) d[i] = gen.uniformDouble();
  for (let i = 0; i + 16 <= n; i += 16) block64(d, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) d[i] = gen.uniformDouble();
    block64(d, n - 16, mean, std);
  }
}

/** One block as the AVX2 float kernel computes it. */
function block32(d: Float32Array, o: number, mean: number, std: number): void {
  for (let j = o; j < o + 8; j++) {
    const radius = f(Math.sqrt(f(-2 * log32(f(1 - d[j])))));
    sincos32(f(TWO_PI_F32 * d[j + 8]), sc32);
    d[j] = fma32(f(radius * sc32[1]), std, mean);
    d[j + 8] = fma32(f(radius * sc32[0]), std, mean);
  }
}

/** One block of doubles, through libm. */
function block64(d: Float64Array, o: number, mean: number, std: number): void {
  const plain = mean === 0 && std === 1;
  for (let j = o; j < o + 8; j++) {
    const radius = Math.sqrt(-2 * log(1 - d[j]));
    sincos(TWO_PI * d[j + 8], sc);
    const a = radius * sc[1], b = radius * sc[0];
    d[j] = plain ? a : fma64(a, std, mean);
    d[j + 8] = plain ? b : fma64(b, std, mean);
  }
}

/** tensor.bernoulli_(p) for a scalar p: 1 where a uniform double falls below p. */
export function bernoulli_(out: ArrayLike<number> & { [i: number]: number }, p: number, gen: Generator): void {
  for (let i = 0; i < out.length; i++) out[i] = gen.uniformDouble() < p ? 1 : 0;
}
