// Double-precision log and sincos for the float64 normal paths. PyTorch calls glibc, whose
// results are correctly rounded in all but about 0.1% of cases; V8's Math.log/sin/cos are off by
// one ulp in several percent. These evaluate in double-double (about 2^-100 relative error)
// around small tables built at load time, then round once, so they match glibc wherever glibc
// rounds correctly.

// --- double-double arithmetic: results land in (H, L) ---
let H = 0, L = 0;
const SPLIT = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  H = p;
  L = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = H, e = L + (ah * bl + al * bh);
  H = p + e;
  L = e - (H - p);
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  let s = ah + bh, v = s - ah;
  const se = (ah - (s - v)) + (bh - v);
  const t = al + bl;
  v = t - al;
  const te = (al - (t - v)) + (bl - v);
  let e = se + t;
  let h = s + e;
  e = e - (h - s);
  e += te;
  s = h + e;
  L = e - (s - h);
  H = s;
}

function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q = ah / bh;
  ddMul(q, 0, bh, bl);
  const rh = ah - H, r = (rh + (al - L));
  const q2 = r / bh;
  H = q + q2;
  L = q2 - (H - q);
}

/** 2 atanh(s) for a double-double s by its plain series: load-time tables only. */
function atanh2Slow(sh: number, sl: number): void {
  ddMul(sh, sl, sh, sl);
  const s2h = H, s2l = L;
  let ah = 0, al = 0;
  for (let n = 60; n >= 0; n--) {
    ddDiv(1, 0, 2 * n + 1, 0);
    const ch = H, cl = L;
    ddMul(ah, al, s2h, s2l);
    ddAdd(H, L, ch, cl);
    ah = H; al = L;
  }
  ddMul(ah, al, sh, sl);
  H *= 2; L *= 2;
}

// --- constants (pi and ln 2 as sums of doubles) ---
const PI_1 = 3.141592653589793, PI_2 = 1.2246467991473532e-16, PI_3 = -2.9947698097183397e-33;
const LN2_1 = 0.6931471805599453, LN2_2 = 2.3190468138462996e-17;
ddDiv(1, 0, 3, 0);
const THIRD_H = H, THIRD_L = L;
ddDiv(1, 0, 6, 0);
const SIXTH_H = H, SIXTH_L = L;
ddDiv(1, 0, 24, 0);
const T24_H = H, T24_L = L;

// --- log: x = 2^k m, m in [0.75, 1.5), m near c_i = 0.75 + i/64 ---
const LOGC_H = new Float64Array(49), LOGC_L = new Float64Array(49);
for (let i = 0; i <= 48; i++) {
  const c = 0.75 + i / 64;
  ddAdd(c, 0, 1, 0);
  const dh = H, dl = L;
  ddDiv(c - 1, 0, dh, dl);
  atanh2Slow(H, L);
  LOGC_H[i] = H; LOGC_L[i] = L;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Natural log of a positive normal double, correctly rounded but for ~2^-80 of inputs. */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity || x < 2.2250738585072014e-308) return Math.log(x);
  f64[0] = x;
  const hw = u32[HI];
  let k = ((hw >>> 20) & 0x7ff) - 1023;
  u32[HI] = (hw & 0x000fffff) | 0x3ff00000; // mantissa as m in [1, 2)
  let m = f64[0];
  if (m >= 1.5) { m *= 0.5; k++; }
  const i = Math.round((m - 0.75) * 64);
  const c = 0.75 + i / 64;
  // s = (m - c) / (m + c) in double-double; m - c is exact
  const num = m - c;
  ddAdd(m, 0, c, 0);
  ddDiv(num, 0, H, L);
  const sh = H, sl = L;
  const s2 = sh * sh;
  const w = s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 / 13))));
  ddMul(sh, sl, sh, sl);
  const s2h = H, s2l = L;
  ddAdd(THIRD_H, THIRD_L, w, 0);
  ddMul(s2h, s2l, H, L);
  ddMul(sh, sl, H, L);
  ddAdd(sh, sl, H, L);
  let rh = 2 * H, rl = 2 * L; // 2 atanh(s) = log(m / c)
  ddAdd(LOGC_H[i], LOGC_L[i], rh, rl);
  rh = H; rl = L;
  if (k !== 0) {
    twoProd(k, LN2_1);
    ddAdd(H, L + k * LN2_2, rh, rl);
  }
  return H;
}

// --- sincos: theta = j pi/32 + r, |r| <= pi/64 ---
const SIN_H = new Float64Array(65), SIN_L = new Float64Array(65), COS_H = new Float64Array(65), COS_L = new Float64Array(65);
{
  // sin and cos of j pi/32 for j = 0..8 by Taylor series, the rest by symmetry
  const sh = new Float64Array(17), sl = new Float64Array(17), ch = new Float64Array(17), cl = new Float64Array(17);
  for (let j = 0; j <= 8; j++) {
    twoProd(j, PI_1 / 32);
    const ah = H + (L + j * (PI_2 / 32)), al = (H - ah) + (L + j * (PI_2 / 32));
    let th = 1, tl = 0, sinH = 0, sinL = 0, cosH = 0, cosL = 0;
    for (let n = 0; n < 40; n++) {
      // th,tl holds a^n / n!
      if (n % 4 === 0) { ddAdd(cosH, cosL, th, tl); cosH = H; cosL = L; }
      if (n % 4 === 2) { ddAdd(cosH, cosL, -th, -tl); cosH = H; cosL = L; }
      if (n % 4 === 1) { ddAdd(sinH, sinL, th, tl); sinH = H; sinL = L; }
      if (n % 4 === 3) { ddAdd(sinH, sinL, -th, -tl); sinH = H; sinL = L; }
      ddMul(th, tl, ah, al);
      ddDiv(H, L, n + 1, 0);
      th = H; tl = L;
    }
    sh[j] = sinH; sl[j] = sinL; ch[j] = cosH; cl[j] = cosL;
    sh[16 - j] = cosH; sl[16 - j] = cosL; ch[16 - j] = sinH; cl[16 - j] = sinL;
  }
  ch[16] = 0; cl[16] = 0; sh[16] = 1; sl[16] = 0;
  for (let j = 0; j <= 64; j++) {
    const q = (j >> 4) & 3, t = j & 15;
    const s = [sh[t], ch[t], -sh[t], -ch[t]][q], sL = [sl[t], cl[t], -sl[t], -cl[t]][q];
    const c = [ch[t], -sh[t], -ch[t], sh[t]][q], cL = [cl[t], -sl[t], -cl[t], sl[t]][q];
    SIN_H[j] = s; SIN_L[j] = sL; COS_H[j] = c; COS_L[j] = cL;
  }
}

/**
 * sin(x) into out[0] and cos(x) into out[1] for x in [0, 2 pi] (the Box-Muller angles), each
 * correctly rounded but for ~2^-80 of inputs; other x fall back to Math.
 */
export function sincos(x: number, out: Float64Array): void {
  if (!(x >= 0 && x <= 6.3)) { out[0] = Math.sin(x); out[1] = Math.cos(x); return; }
  const j = Math.round(x * (32 / Math.PI));
  // r = x - j pi/32, with pi/32 carried in three parts
  twoProd(j, PI_1 / 32);
  const d = x - H; // exact: x and j pi/32 are within a factor of two
  ddAdd(d, 0, -L, 0);
  const rh0 = H, rl0 = L;
  twoProd(j, PI_2 / 32);
  ddAdd(rh0, rl0, -H, -L - j * (PI_3 / 32));
  const rh = H, rl = L;
  const r2 = rh * rh;
  // sin r = r (1 - r^2/6 + r^4 P(r^2)), cos r = 1 - r^2/2 + r^4/24 + r^6 Q(r^2)
  const p = 1 / 120 + r2 * (-1 / 5040 + r2 * (1 / 362880 + r2 * (-1 / 39916800 + r2 * (1 / 6227020800))));
  const q = -1 / 720 + r2 * (1 / 40320 + r2 * (-1 / 3628800 + r2 * (1 / 479001600 + r2 * (-1 / 87178291200))));
  ddMul(rh, rl, rh, rl);
  const r2h = H, r2l = L;
  ddAdd(-SIXTH_H, -SIXTH_L, r2 * p, 0);
  ddMul(r2h, r2l, H, L);
  ddMul(rh, rl, H, L);
  ddAdd(rh, rl, H, L);
  const sinH = H, sinL = L;
  ddAdd(T24_H, T24_L, r2 * q, 0);
  ddMul(r2h, r2l, H, L);
  ddAdd(-0.5, 0, H, L);
  ddMul(r2h, r2l, H, L);
  ddAdd(1, 0, H, L);
  const cosH = H, cosL = L;
  // sin(a + r) = sin a cos r + cos a sin r; cos(a + r) = cos a cos r - sin a sin r
  ddMul(SIN_H[j], SIN_L[j], cosH, cosL);
  let th = H, tl = L;
  ddMul(COS_H[j], COS_L[j], sinH, sinL);
  ddAdd(th, tl, H, L);
  out[0] = H;
  ddMul(COS_H[j], COS_L[j], cosH, cosL);
  th = H; tl = L;
  ddMul(SIN_H[j], SIN_L[j], sinH, sinL);
  ddAdd(th, tl, -H, -L);
  out[1] = H;
}
