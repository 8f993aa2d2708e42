// Float32 reductions and softmax over contiguous rows in the kernels' memory. Sums accumulate in
// float64 lanes (as the TS kernels accumulate in doubles); max and min propagate NaN.
import { exp4, expMap, ShiftedExp, ShiftedExpSum } from './vmath.as';

// @ts-ignore: decorator
@inline function lo64(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline function hi64(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 0, 1)); }
// @ts-ignore: decorator
@inline function hsum(v: v128): f64 { return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1); }

// Generic over these, so that each variant is compiled as its own loop.
@final class Plain { @inline f(v: v128): v128 { return v; } @inline f1(v: f64): f64 { return v; } }
@final class Squared { @inline f(v: v128): v128 { return f64x2.mul(v, v); } @inline f1(v: f64): f64 { return v * v; } }

function sumOf<F>(x: usize, n: i32): f64 {
  const f = changetype<F>(0);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2);
    let v = v128.load(p);
    s0 = f64x2.add(s0, f.f(lo64(v))); s1 = f64x2.add(s1, f.f(hi64(v)));
    v = v128.load(p, 16);
    s2 = f64x2.add(s2, f.f(lo64(v))); s3 = f64x2.add(s3, f.f(hi64(v)));
  }
  let s = hsum(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3)));
  for (; i < n; i++) s += f.f1(<f64>load<f32>(x + (<usize>i << 2)));
  return s;
}

/** Sum (sq = 0) or sum of squares (sq = 1) of n float32 values, in float64. */
export function sum32(x: usize, n: i32, sq: i32): f64 { return sq ? sumOf<Squared>(x, n) : sumOf<Plain>(x, n); }

function sumRows<F>(x: usize, R: i32, C: i32, out: usize): void {
  for (let r = 0; r < R; r++) store<f64>(out + (<usize>r << 3), sumOf<F>(x + (<usize>(r * C) << 2), C));
}

/** out[r] (float64) = sum (or sum of squares) of row r of an R x C block. */
export function sumRows32(x: usize, R: i32, C: i32, out: usize, sq: i32): void {
  if (sq) sumRows<Squared>(x, R, C, out); else sumRows<Plain>(x, R, C, out);
}

function sumCols<F>(x: usize, R: i32, C: i32, acc: usize): void {
  const f = changetype<F>(0);
  for (let r = 0; r < R; r++) {
    const row = x + (<usize>(r * C) << 2);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const v = v128.load(row + (<usize>c << 2));
      const q = acc + (<usize>c << 3);
      v128.store(q, f64x2.add(v128.load(q), f.f(lo64(v))));
      v128.store(q, f64x2.add(v128.load(q, 16), f.f(hi64(v))), 16);
    }
    for (; c < C; c++) {
      const q = acc + (<usize>c << 3);
      store<f64>(q, load<f64>(q) + f.f1(<f64>load<f32>(row + (<usize>c << 2))));
    }
  }
}

/** acc[c] (float64) += sum over rows of x[r, c] (or its square), for an R x C block. */
export function sumCols32(x: usize, R: i32, C: i32, acc: usize, sq: i32): void {
  if (sq) sumCols<Squared>(x, R, C, acc); else sumCols<Plain>(x, R, C, acc);
}

// The running max (min) of acc and v; a NaN in v sticks.
@final class Max {
  @inline pick(acc: v128, v: v128): v128 { return v128.bitselect(v, f32x4.pmax(acc, v), f32x4.ne(v, v)); }
  @inline pick1(acc: f32, v: f32): f32 { return v != v || v > acc ? v : acc; }
}
@final class Min {
  @inline pick(acc: v128, v: v128): v128 { return v128.bitselect(v, f32x4.pmin(acc, v), f32x4.ne(v, v)); }
  @inline pick1(acc: f32, v: f32): f32 { return v != v || v < acc ? v : acc; }
}

function maxOf<M>(x: usize, n: i32): f32 {
  const f = changetype<M>(0);
  let i = 0;
  let m: f32 = load<f32>(x);
  if (n >= 8) {
    let a = v128.load(x), b = v128.load(x, 16);
    for (i = 8; i + 8 <= n; i += 8) {
      const p = x + (<usize>i << 2);
      a = f.pick(a, v128.load(p));
      b = f.pick(b, v128.load(p, 16));
    }
    a = f.pick(a, b);
    m = f32x4.extract_lane(a, 0);
    m = f.pick1(m, f32x4.extract_lane(a, 1));
    m = f.pick1(m, f32x4.extract_lane(a, 2));
    m = f.pick1(m, f32x4.extract_lane(a, 3));
  }
  for (; i < n; i++) m = f.pick1(m, load<f32>(x + (<usize>i << 2)));
  return m;
}

/** Max (min if `isMin`) of n float32 values, NaN if any is NaN; n >= 1. */
export function max32(x: usize, n: i32, isMin: i32): f32 { return isMin ? maxOf<Min>(x, n) : maxOf<Max>(x, n); }

function maxRows<M>(x: usize, R: i32, C: i32, out: usize): void {
  for (let r = 0; r < R; r++) store<f32>(out + (<usize>r << 2), maxOf<M>(x + (<usize>(r * C) << 2), C));
}

/** out[r] (float32) = max (min) of row r of an R x C block, C >= 1. */
export function maxRows32(x: usize, R: i32, C: i32, out: usize, isMin: i32): void {
  if (isMin) maxRows<Min>(x, R, C, out); else maxRows<Max>(x, R, C, out);
}

function maxCols<M>(x: usize, R: i32, C: i32, acc: usize): void {
  const f = changetype<M>(0);
  for (let r = 0; r < R; r++) {
    const row = x + (<usize>(r * C) << 2);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const q = acc + (<usize>c << 2);
      v128.store(q, f.pick(v128.load(q), v128.load(row + (<usize>c << 2))));
    }
    for (; c < C; c++) {
      const q = acc + (<usize>c << 2);
      store<f32>(q, f.pick1(load<f32>(q), load<f32>(row + (<usize>c << 2))));
    }
  }
}

/** acc[c] (float32) = max (min) of acc[c] and x[r, c] over the rows of an R x C block. */
export function maxCols32(x: usize, R: i32, C: i32, acc: usize, isMin: i32): void {
  if (isMin) maxCols<Min>(x, R, C, acc); else maxCols<Max>(x, R, C, acc);
}

/**
 * out[r] (float64) = index of the first max (min) of row r of an R x C block, or of its first
 * NaN, as the TS kernel finds it.
 */
export function argmaxRows32(x: usize, R: i32, C: i32, out: usize, isMin: i32): void {
  for (let r = 0; r < R; r++) {
    const row = x + (<usize>(r * C) << 2);
    const m = isMin ? maxOf<Min>(row, C) : maxOf<Max>(row, C);
    let i = 0;
    if (m != m) { while (load<f32>(row + (<usize>i << 2)) == load<f32>(row + (<usize>i << 2))) i++; }
    else {
      const mv = f32x4.splat(m);
      while (i + 4 <= C && !v128.any_true(f32x4.eq(v128.load(row + (<usize>i << 2)), mv))) i += 4;
      while (load<f32>(row + (<usize>i << 2)) != m) i++;
    }
    store<f64>(out + (<usize>r << 3), <f64>i);
  }
}

/**
 * Softmax (log softmax if `log`) of each row of an R x C block (out may be x), as PyTorch's
 * vectorized kernel computes it: e = exp(x - max), then e * (1 / sum e), or (x - max) - ln(sum e).
 */
export function softmax32(x: usize, out: usize, R: i32, C: i32, log: i32): void {
  for (let r = 0; r < R; r++) {
    const xr = x + (<usize>(r * C) << 2), or = out + (<usize>(r * C) << 2);
    const m = maxOf<Max>(xr, C);
    const mv = f32x4.splat(m);
    let c = C & ~3;
    let s = log ? expMap<ShiftedExpSum>(xr, or, c, m) : expMap<ShiftedExp>(xr, or, c, m);
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(xr + o) - m)), 0);
      if (!log) store<f32>(or + o, e);
      s += <f64>e;
    }
    if (log) {
      const ls = <f32>Math.log(s);
      const lv = f32x4.splat(ls);
      c = 0;
      for (; c + 4 <= C; c += 4) {
        const o = <usize>c << 2;
        v128.store(or + o, f32x4.sub(f32x4.sub(v128.load(xr + o), mv), lv));
      }
      for (; c < C; c++) store<f32>(or + (<usize>c << 2), (load<f32>(xr + (<usize>c << 2)) - m) - ls);
    } else {
      const inv = <f32>(1 / s);
      const iv = f32x4.splat(inv);
      c = 0;
      for (; c + 4 <= C; c += 4) {
        const o = <usize>c << 2;
        v128.store(or + o, f32x4.mul(v128.load(or + o), iv));
      }
      for (; c < C; c++) store<f32>(or + (<usize>c << 2), load<f32>(or + (<usize>c << 2)) * inv);
    }
  }
}
