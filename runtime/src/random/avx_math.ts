// float32 log and sincos exactly as PyTorch's AVX2 normal kernel computes them: Cephes-style
// polynomials (Pommier's SIMD port) evaluated in float32, with the multiply-adds the compiler
// fuses under -mfma. Every step rounds to float32 like the vector lane does; constants are the
// published Cephes coefficients rounded to float32.
import { fma32, fma32Inexact } from './fma';

const f = Math.fround;
/** 2^-(p+1) for p = 0..24. */
const INV_POW2 = Float64Array.from({ length: 26 }, (_, p) => 2 ** -(p + 1));

const SQRTHF = f(0.707106781186547524);
const P0 = f(7.0376836292e-2), P1 = f(-1.1514610310e-1), P2 = f(1.1676998740e-1), P3 = f(-1.2420140846e-1),
  P4 = f(1.4249322787e-1), P5 = f(-1.6668057665e-1), P6 = f(2.0000714765e-1), P7 = f(-2.4999993993e-1), P8 = f(3.3333331174e-1);
const LOG_Q1 = f(-2.12194440e-4), LOG_Q2 = f(0.693359375);

/**
 * Natural log of v = m / 2^24 for an integer m in [1, 2^24]: 1 - u for the kernel's uniforms u,
 * its only inputs. The exponent and mantissa split comes from the integer directly.
 */
export function log32(v: number): number {
  const m = v * 16777216;
  const p = 31 - Math.clz32(m);
  let e = p - 23;
  let x = m * INV_POW2[p]; // mantissa in [0.5, 1)
  if (x < SQRTHF) { e -= 1; x = f(f(x - 1) + x); } else x = f(x - 1);
  const z = f(x * x);
  let y = fma32(P0, x, P1);
  y = fma32(y, x, P2); y = fma32(y, x, P3); y = fma32(y, x, P4); y = fma32(y, x, P5);
  y = fma32(y, x, P6); y = fma32(y, x, P7); y = fma32(y, x, P8);
  y = f(y * x);
  y = fma32(y, z, f(e * LOG_Q1));
  y = fma32(z, -0.5, y);
  return fma32(e, LOG_Q2, f(x + y));
}

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625), DP2 = f(-2.4187564849853515625e-4), DP3 = f(-3.77489497744594108e-8);
const SIN_P0 = f(-1.9515295891e-4), SIN_P1 = f(8.3321608736e-3), SIN_P2 = f(-1.6666654611e-1);
const COS_P0 = f(2.443315711809948e-5), COS_P1 = f(-1.388731625493765e-3), COS_P2 = f(4.166664568298827e-2);

/** sin and cos of a float32 in [0, 2*pi), written to out[0] and out[1]. */
export function sincos32(theta: number, out: Float32Array): void {
  let x = Math.abs(theta);
  let j = Math.trunc(f(x * FOPI));
  j = (j + 1) & ~1;
  const y = j;
  const sinNeg = (j & 4) !== 0;
  const cosNeg = ((j - 2) & 4) === 0;
  const sinPoly = (j & 2) !== 0; // octants where sin comes from the cosine polynomial
  // extended-precision reduction by pi/4, one fused step per part
  x = fma32Inexact(y, DP1, x);
  x = fma32Inexact(y, DP2, x);
  x = fma32Inexact(y, DP3, x);
  const z = f(x * x);
  let c = fma32Inexact(COS_P0, z, COS_P1);
  c = fma32Inexact(c, z, COS_P2);
  c = f(c * z);
  c = fma32Inexact(c, z, -f(z * 0.5));
  c = f(c + 1);
  let s = fma32Inexact(SIN_P0, z, SIN_P1);
  s = fma32Inexact(s, z, SIN_P2);
  s = f(s * z);
  s = fma32Inexact(s, x, x);
  let sv = sinPoly ? c : s, cv = sinPoly ? s : c;
  if (theta < 0 !== sinNeg) sv = -sv;
  if (cosNeg) cv = -cv;
  out[0] = sv;
  out[1] = cv;
}
