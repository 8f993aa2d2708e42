// Four-lane float32 exp, log, tanh and sigmoid for the elementwise kernels. exp, log and tanh stay
// below one ulp of the exact result, so they are within one ulp of PyTorch's own vectorized
// float32 results (SLEEF's 1-ulp functions); test/runtime/vmath.test.ts checks that against
// PyTorch over dense sweeps of inputs. sigmoid is PyTorch's float32 formula, 1 / (1 + e^-x).
// exp is evaluated in float32 (Cody and Waite's range reduction, a degree-6 polynomial); log and
// tanh, whose PyTorch kernels are slower than exp's, in float64 lanes, which leaves only the final
// rounding.
// Constants are loaded from static memory (one broadcast load each): V8 builds a v128.const from
// immediates with several instructions at every use and does not hoist it out of loops.
// pmin/pmax are single instructions; their operand order below keeps NaN.

// @ts-ignore: decorator
@inline function f32c(p: usize): v128 { return v128.load32_splat(p); }
// @ts-ignore: decorator
@inline function f64c(p: usize): v128 { return v128.load64_splat(p); }

const ONE = memory.data<f32>([1.0]);
const HALF = memory.data<f32>([0.5]);
const ZERO = memory.data<f32>([0.0]);
const MAGIC = memory.data<f32>([12582912.0]); // 1.5 * 2^23: adding it rounds to an integer kept in the low mantissa bits
const LOG2E = memory.data<f32>([1.44269504088896341]);
const LN2_HI = memory.data<f32>([0.693359375]); // 9 significant bits: n * LN2_HI is exact
const LN2_LO = memory.data<f32>([-2.12194440e-4]);
// e^r = 1 + r + r^2 (E2 + E3 r + ... + E6 r^4) on |r| <= ln2 / 2, fitted for the least maximum
// relative error in float32 coefficients (2^-28)
const E2 = memory.data<f32>([0.49999988079071045]);
const E3 = memory.data<f32>([0.166665181517601]);
const E4 = memory.data<f32>([0.04166948422789574]);
const E5 = memory.data<f32>([0.00836893729865551]);
const E6 = memory.data<f32>([0.0013754337560385466]);
// inputs whose result is a normal float32 for any y in [1/sqrt2, sqrt2]: the fast path
const EXP_LO = memory.data<f32>([-86.0]);
const EXP_HI = memory.data<f32>([88.0]);
const CLAMP_LO = memory.data<f32>([-104.0]);
const CLAMP_HI = memory.data<f32>([89.0]);
const I127 = memory.data<i32>([127]);

/** e^x for four float32 lanes (NaN stays NaN; overflow gives inf, underflow subnormals and 0). */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  if (!inRange(x, f32c(EXP_LO), f32c(EXP_HI))) return expWide(x);
  return expIn(x, f32c(LOG2E), f32c(MAGIC), f32c(LN2_HI), f32c(LN2_LO), f32c(E2), f32c(E3), f32c(E4), f32c(E5), f32c(E6), f32c(ONE));
}

/** Whether every lane of x is in [lo, hi] (NaN is not). */
// @ts-ignore: decorator
@inline function inRange(x: v128, lo: v128, hi: v128): bool {
  return i32x4.all_true(v128.and(f32x4.ge(x, lo), f32x4.le(x, hi)));
}

/** e^x for lanes in [EXP_LO, EXP_HI], its constants passed in (expMap keeps them in locals). */
// @ts-ignore: decorator
@inline function expIn(x: v128, log2e: v128, magic: v128, ln2hi: v128, ln2lo: v128,
                       e2: v128, e3: v128, e4: v128, e5: v128, e6: v128, one: v128): v128 {
  const z = f32x4.add(f32x4.mul(x, log2e), magic);
  const y = expPoly(x, f32x4.sub(z, magic), ln2hi, ln2lo, e2, e3, e4, e5, e6, one);
  // y * 2^n by adding n to y's exponent field (y * 2^n is normal here)
  return i32x4.add(y, i32x4.shl(i32x4.sub(z, magic), 23));
}

/** e^r for r = x - n ln2, |r| <= ln2 / 2. */
// @ts-ignore: decorator
@inline function expPoly(x: v128, n: v128, ln2hi: v128, ln2lo: v128, e2: v128, e3: v128, e4: v128, e5: v128, e6: v128, one: v128): v128 {
  let r = f32x4.sub(x, f32x4.mul(n, ln2hi)); // exact
  r = f32x4.sub(r, f32x4.mul(n, ln2lo));
  let p = f32x4.add(f32x4.mul(e6, r), e5);
  p = f32x4.add(f32x4.mul(p, r), e4);
  p = f32x4.add(f32x4.mul(p, r), e3);
  p = f32x4.add(f32x4.mul(p, r), e2);
  return f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), one);
}

/**
 * The loops over e^x: out[i] = F.post(e^F.pre(x[i], shift)) for n float32 values (n a multiple of
 * four; out may be x) where F.stores(), returning the float64 sum of the e^ values where
 * F.sums(). exp's constants
 * are loaded into locals once, before the loop (V8 keeps them in registers, where it reloads
 * each at every use inside the loop), and the range check is made once per two vectors.
 */
export function expMap<F>(x: usize, out: usize, n: i32, shift: f32): f64 {
  const f = changetype<F>(0), a = f32x4.splat(shift);
  const lo = f32c(EXP_LO), hi = f32c(EXP_HI), log2e = f32c(LOG2E), magic = f32c(MAGIC), ln2hi = f32c(LN2_HI), ln2lo = f32c(LN2_LO);
  const e2 = f32c(E2), e3 = f32c(E3), e4 = f32c(E4), e5 = f32c(E5), e6 = f32c(E6), one = f32c(ONE);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2), q = out + (<usize>i << 2);
    const u = f.pre(v128.load(p), a), v = f.pre(v128.load(p, 16), a);
    let eu: v128, ev: v128;
    if (inRange(f32x4.pmin(u, v), lo, hi) && inRange(f32x4.pmax(u, v), lo, hi)) {
      eu = expIn(u, log2e, magic, ln2hi, ln2lo, e2, e3, e4, e5, e6, one);
      ev = expIn(v, log2e, magic, ln2hi, ln2lo, e2, e3, e4, e5, e6, one);
    } else {
      eu = exp4(u); ev = exp4(v);
    }
    if (f.stores()) {
      v128.store(q, f.post(eu, one));
      v128.store(q, f.post(ev, one), 16);
    }
    if (f.sums()) {
      s0 = f64x2.add(s0, f64x2.add(lo64(eu), lo64(ev)));
      s1 = f64x2.add(s1, f64x2.add(hi64(eu), hi64(ev)));
    }
  }
  for (; i < n; i += 4) {
    const e = exp4(f.pre(v128.load(x + (<usize>i << 2)), a));
    if (f.stores()) v128.store(out + (<usize>i << 2), f.post(e, one));
    if (f.sums()) { s0 = f64x2.add(s0, lo64(e)); s1 = f64x2.add(s1, hi64(e)); }
  }
  const s = f64x2.add(s0, s1);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** expMap's e^x. */
@final export class ExpOf {
  @inline pre(v: v128, a: v128): v128 { return v; }
  @inline post(e: v128, one: v128): v128 { return e; }
  @inline stores(): bool { return true; }
  @inline sums(): bool { return false; }
}
/** expMap's sigmoid: PyTorch's float32 1 / (1 + e^-x), rounding after each step as its vectorized kernel does. */
@final export class SigmoidOf {
  @inline pre(v: v128, a: v128): v128 { return f32x4.neg(v); }
  @inline post(e: v128, one: v128): v128 { return f32x4.div(one, f32x4.add(e, one)); }
  @inline stores(): bool { return true; }
  @inline sums(): bool { return false; }
}
/** expMap's softmax numerators e^(x - a), stored and summed. */
@final export class ShiftedExp {
  @inline pre(v: v128, a: v128): v128 { return f32x4.sub(v, a); }
  @inline post(e: v128, one: v128): v128 { return e; }
  @inline stores(): bool { return true; }
  @inline sums(): bool { return true; }
}
/** expMap's log softmax: the sum of e^(x - a) only. */
@final export class ShiftedExpSum {
  @inline pre(v: v128, a: v128): v128 { return f32x4.sub(v, a); }
  @inline post(e: v128, one: v128): v128 { return e; }
  @inline stores(): bool { return false; }
  @inline sums(): bool { return true; }
}

/** exp4 for vectors with a lane outside the fast range (or NaN): clamped, and 2^n applied in two exact halves. */
function expWide(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32c(CLAMP_LO)), f32c(CLAMP_HI)); // n stays in [-150, 128]
  const z = f32x4.add(f32x4.mul(x, f32c(LOG2E)), f32c(MAGIC));
  const y = expPoly(x, f32x4.sub(z, f32c(MAGIC)), f32c(LN2_HI), f32c(LN2_LO), f32c(E2), f32c(E3), f32c(E4), f32c(E5), f32c(E6), f32c(ONE));
  // y * 2^n1 * 2^n2 with n1 = n >> 1: the first product is exact, the second rounds once, so
  // subnormal results come out right and 2^128 overflows to inf as it should.
  const n = i32x4.sub(z, f32c(MAGIC));
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const s1 = i32x4.shl(i32x4.add(n1, f32c(I127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, f32c(I127)), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

// ---- float64 lanes ----

/** The low and high float32 pairs of v as float64 lanes. */
// @ts-ignore: decorator
@inline function lo64(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline function hi64(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 0, 1)); }
/** Two float64 pairs rounded into four float32 lanes. */
// @ts-ignore: decorator
@inline function join32(lo: v128, hi: v128): v128 {
  return v128.shuffle<u32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

const D_ONE = memory.data<f64>([1.0]);
const D_TWO = memory.data<f64>([2.0]);
const D_MAGIC = memory.data<f64>([6755399441055744.0]); // 1.5 * 2^52
const D_LOG2E = memory.data<f64>([1.4426950408889634]);
const D_LN2 = memory.data<f64>([0.6931471805599453]);
const D_I1023 = memory.data<i64>([1023]);
// 1/k! for Taylor's e^r
const D_F2 = memory.data<f64>([1.0 / 2]);
const D_F3 = memory.data<f64>([1.0 / 6]);
const D_F4 = memory.data<f64>([1.0 / 24]);
const D_F5 = memory.data<f64>([1.0 / 120]);
const D_F6 = memory.data<f64>([1.0 / 720]);
const D_F7 = memory.data<f64>([1.0 / 5040]);
const D_F8 = memory.data<f64>([1.0 / 40320]);

/**
 * e^x for two float64 lanes with |x| <= 20: relative error below 2^-32 (Taylor to r^8 on
 * |r| <= ln2 / 2), and below 2^-50 absolute near x = 0, where tanh needs e^x - 1.
 */
// @ts-ignore: decorator
@inline function exp2d(x: v128): v128 {
  const z = f64x2.add(f64x2.mul(x, f64c(D_LOG2E)), f64c(D_MAGIC));
  const r = f64x2.sub(x, f64x2.mul(f64x2.sub(z, f64c(D_MAGIC)), f64c(D_LN2)));
  let p = f64x2.add(f64x2.mul(f64c(D_F8), r), f64c(D_F7));
  p = f64x2.add(f64x2.mul(p, r), f64c(D_F6));
  p = f64x2.add(f64x2.mul(p, r), f64c(D_F5));
  p = f64x2.add(f64x2.mul(p, r), f64c(D_F4));
  p = f64x2.add(f64x2.mul(p, r), f64c(D_F3));
  p = f64x2.add(f64x2.mul(p, r), f64c(D_F2));
  p = f64x2.add(f64x2.mul(f64x2.mul(p, r), r), r); // e^r - 1, kept apart from the 1 for accuracy near 0
  const s = i64x2.shl(i64x2.add(i64x2.sub(z, f64c(D_MAGIC)), f64c(D_I1023)), 52); // 2^n
  return f64x2.add(f64x2.mul(p, s), s);
}

const D_T_SMALL = memory.data<f64>([0.0625]);
const D_T_BIG = memory.data<f64>([9.1]); // tanh rounds to 1 in float32 from here on
const D_T3 = memory.data<f64>([-1.0 / 3]);
const D_T5 = memory.data<f64>([2.0 / 15]);
const D_SIGN = memory.data<f64>([-0.0]);

/** tanh of two float64 lanes holding float32 values, to about 2^-30 relative. */
// @ts-ignore: decorator
@inline function tanh2d(x: v128): v128 {
  const ax = f64x2.pmin(f64x2.abs(x), f64c(D_T_BIG));
  // (e - 1) / (e + 1) with e = e^2|x|; below 1/16 Taylor's x - x^3/3 + 2x^5/15 (next term below 2^-28)
  const e = exp2d(f64x2.add(ax, ax));
  const big = f64x2.div(f64x2.sub(e, f64c(D_ONE)), f64x2.add(e, f64c(D_ONE)));
  const x2 = f64x2.mul(x, x);
  const small = f64x2.add(x, f64x2.mul(f64x2.mul(x, x2), f64x2.add(f64c(D_T3), f64x2.mul(x2, f64c(D_T5)))));
  const signed = v128.or(big, v128.and(x, f64c(D_SIGN)));
  // NaN compares false and takes the small branch, which keeps it NaN
  return v128.bitselect(signed, small, f64x2.ge(ax, f64c(D_T_SMALL)));
}

/** tanh for four float32 lanes. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 { return join32(tanh2d(lo64(x)), tanh2d(hi64(x))); }

// 2 atanh(s) = 2s (1 + s^2/3 + s^4/5 + ...) to s^11: truncation below 2^-34 for |s| <= 0.172
const D_A3 = memory.data<f64>([2.0 / 3]);
const D_A5 = memory.data<f64>([2.0 / 5]);
const D_A7 = memory.data<f64>([2.0 / 7]);
const D_A9 = memory.data<f64>([2.0 / 9]);
const D_A11 = memory.data<f64>([2.0 / 11]);

/**
 * ln x for two float64 lanes of x = (1 + f) 2^e, 1 + f in [sqrt(1/2), sqrt(2)): e ln2 + 2 atanh(s)
 * with s = f / (2 + f).
 */
// @ts-ignore: decorator
@inline function log2d(f: v128, e: v128): v128 {
  const s = f64x2.div(f, f64x2.add(f, f64c(D_TWO)));
  const s2 = f64x2.mul(s, s);
  let p = f64x2.add(f64x2.mul(f64c(D_A11), s2), f64c(D_A9));
  p = f64x2.add(f64x2.mul(p, s2), f64c(D_A7));
  p = f64x2.add(f64x2.mul(p, s2), f64c(D_A5));
  p = f64x2.add(f64x2.mul(p, s2), f64c(D_A3));
  const l = f64x2.add(f64x2.mul(f64x2.mul(p, s2), s), f64x2.add(s, s));
  return f64x2.add(f64x2.mul(e, f64c(D_LN2)), l);
}

const MIN_NORMAL = memory.data<f32>([1.17549435e-38]);
const TWO23 = memory.data<f32>([8388608.0]);
const SQRT2 = memory.data<f32>([1.41421356]);
const MANTISSA = memory.data<i32>([0x007fffff]);
const I23 = memory.data<i32>([23]);
const NEG_INF = memory.data<f32>([-Infinity]);
const POS_INF = memory.data<f32>([Infinity]);
const QNAN = memory.data<f32>([NaN]);

/** ln x for four float32 lanes: NaN and negatives give NaN, 0 gives -inf, inf gives inf. */
// @ts-ignore: decorator
@inline export function log4(x: v128): v128 {
  // Subnormals are scaled into the normal range first (by 2^23, taken back from the exponent).
  const sub = f32x4.lt(x, f32c(MIN_NORMAL));
  const bits = v128.bitselect(f32x4.mul(x, f32c(TWO23)), x, sub);
  let e = i32x4.sub(i32x4.shr_u(bits, 23), f32c(I127));
  e = i32x4.sub(e, v128.and(sub, f32c(I23)));
  // m in [1, 2); m >= sqrt(2) is halved (and e raised) so that m - 1 is small
  let m = v128.or(v128.and(bits, f32c(MANTISSA)), f32c(ONE));
  const big = f32x4.ge(m, f32c(SQRT2));
  m = v128.bitselect(f32x4.mul(m, f32c(HALF)), m, big);
  e = i32x4.sub(e, big); // big lanes are -1
  const f = f32x4.sub(m, f32c(ONE)); // exact
  const ef = f32x4.convert_i32x4_s(e);
  let y = join32(log2d(lo64(f), lo64(ef)), log2d(hi64(f), hi64(ef)));
  // x == 0 gives -inf, x == inf gives inf, x < 0 and NaN give NaN
  y = v128.bitselect(f32c(NEG_INF), y, f32x4.eq(x, f32c(ZERO)));
  y = v128.bitselect(x, y, f32x4.eq(x, f32c(POS_INF)));
  return v128.bitselect(f32c(QNAN), y, v128.or(f32x4.ne(x, x), f32x4.lt(x, f32c(ZERO))));
}
