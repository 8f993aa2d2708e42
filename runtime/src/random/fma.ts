// Fused multiply-add with one rounding. PyTorch's CPU kernels are compiled for AVX2+FMA, and the
// compiler fuses `a * b + c` in the distribution transforms (uniform `x * (to - from) + from`,
// normal `z * std + mean`), so reproducing their bits needs an FMA, which JavaScript lacks.

const f = Math.fround;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1, HI = LITTLE ? 1 : 0;
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter for doubles

/**
 * fma for float32 operands: the product of two floats is exact in a double, so only the final
 * rounding needs care. When the double sum is exact one rounding to float32 is right; otherwise
 * it can only go wrong if the double sum landed exactly on a float32 midpoint, and the sum's
 * error then says which neighbour the exact value is nearer. Branches are laid out for sums that
 * are usually exact in a double (polynomials in a small argument).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - p;
  const err = (p - (s - bb)) + (c - bb);
  return err === 0 ? f(s) : nearest32(s, err);
}

/** The same fma32, laid out for sums that are usually inexact in a double. */
export function fma32Inexact(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = f(s);
  const t = 2 * s - r;
  if (f(t) !== t && r !== s) return r; // s is no float32 midpoint: one rounding is right
  const bb = s - p;
  return nearest32(s, (p - (s - bb)) + (c - bb));
}

/** float32 nearest to the exact s + err, for a double s and its rounding error err. */
function nearest32(s: number, err: number): number {
  const r = f(s);
  if (r === s || err === 0) return r;
  const t = 2 * s - r;
  if (f(t) !== t) return r;
  // s is the midpoint of r and t: the exact sum's side of it decides.
  return err > 0 ? Math.max(r, t) : Math.min(r, t);
}

/**
 * fma for doubles (Boldo and Melquiond's emulation): exact product and exact sum as pairs, the
 * low parts added with rounding to odd, then one rounding to nearest.
 */
export function fma64(a: number, b: number, c: number): number {
  const ph = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  const sh = ph + c;
  let bb = sh - c;
  const sl = (c - (sh - bb)) + (ph - bb);
  if (pl === 0 && sl === 0) return sh;
  const v = sl + pl;
  bb = v - sl;
  const w = (sl - (v - bb)) + (pl - bb);
  return sh + (w === 0 ? v : roundToOdd(v, w));
}

/** v (inexact by w) moved one ulp toward w when its last bit is even. */
function roundToOdd(v: number, w: number): number {
  f64[0] = v;
  if (u32[LO] & 1) return v;
  const away = (w > 0) === (v > 0);
  // Magnitude up or down by one unit in the last place of the 64-bit pattern.
  if (away) { if (u32[LO] === 0xffffffff) { u32[LO] = 0; u32[HI]++; } else u32[LO]++; }
  else { if (u32[LO] === 0) { u32[LO] = 0xffffffff; u32[HI]--; } else u32[LO]--; }
  return f64[0];
}
