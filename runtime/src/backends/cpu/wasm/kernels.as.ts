// Packed, cache-blocked matmuls with SIMD128. float32: a 4x8 register block keeps eight f32x4
// accumulators live; A is packed in 4-row strips and B in 8-column panels per K block so the
// inner loop reads both sequentially; C is M4 x N8 (dimensions rounded up), row-major. float64:
// the same scheme with f64x2 lanes, a 4x4 block and C of M4 x N4.
// The memory is shared: pool workers run these on disjoint row ranges of the same operands.

const KC: i32 = 256;
const MC: i32 = 64;

/** a: M x K row-major, b: K x N row-major, c: M4 x N8 output, work: scratch for packed panels. */
export function sgemm(a: usize, b: usize, c: usize, work: usize, M: i32, K: i32, N: i32): void {
  const M4 = (M + 3) & ~3, N8 = (N + 7) & ~7;
  memory.fill(c, 0, <usize>(M4 * N8) << 2);
  const pb = work;                                 // packed B: N8/8 panels of kc x 8
  const pa = work + (<usize>(KC * N8) << 2);       // packed A: MC/4 strips of kc x 4
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = min(KC, K - p0);
    packB(b, pb, p0, kc, N, N8);
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA(a, pa, i0, p0, mc, kc, K);
      for (let j = 0; j < N8; j += 8) {
        const bp = pb + (<usize>(j * kc) << 2);
        for (let i = 0; i < mc; i += 4) {
          kernel(pa + (<usize>(i * kc) << 2), bp, c + (<usize>((i0 + i) * N8 + j) << 2), kc, N8);
        }
      }
    }
  }
}

function packB(b: usize, pb: usize, p0: i32, kc: i32, N: i32, N8: i32): void {
  for (let j = 0; j < N8; j += 8) {
    let dst = pb + (<usize>(j * kc) << 2);
    const w = min(8, N - j);
    for (let k = 0; k < kc; k++) {
      const src = b + (<usize>((p0 + k) * N + j) << 2);
      if (w == 8) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else {
        for (let t = 0; t < 8; t++) store<f32>(dst + (<usize>t << 2), t < w ? load<f32>(src + (<usize>t << 2)) : 0);
      }
      dst += 32;
    }
  }
}

function packA(a: usize, pa: usize, i0: i32, p0: i32, mc: i32, kc: i32, K: i32): void {
  for (let i = 0; i < mc; i += 4) {
    const dst = pa + (<usize>(i * kc) << 2);
    for (let r = 0; r < 4; r++) {
      if (i + r < mc) {
        const src = a + (<usize>((i0 + i + r) * K + p0) << 2);
        for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * 4 + r) << 2), load<f32>(src + (<usize>k << 2)));
      } else {
        for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * 4 + r) << 2), 0);
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function kernel(ap: usize, bp: usize, cp: usize, kc: i32, ldc: i32): void {
  const ld = <usize>ldc << 2;
  let c00 = v128.load(cp), c01 = v128.load(cp, 16);
  let c10 = v128.load(cp + ld), c11 = v128.load(cp + ld, 16);
  let c20 = v128.load(cp + 2 * ld), c21 = v128.load(cp + 2 * ld, 16);
  let c30 = v128.load(cp + 3 * ld), c31 = v128.load(cp + 3 * ld, 16);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    ap += 16; bp += 32;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ld, c10); v128.store(cp + ld, c11, 16);
  v128.store(cp + 2 * ld, c20); v128.store(cp + 2 * ld, c21, 16);
  v128.store(cp + 3 * ld, c30); v128.store(cp + 3 * ld, c31, 16);
}

// ---- float64 ----

/** a: M x K row-major, b: K x N row-major, c: M4 x N4 output, work: scratch for packed panels. */
export function dgemm(a: usize, b: usize, c: usize, work: usize, M: i32, K: i32, N: i32): void {
  const M4 = (M + 3) & ~3, N4 = (N + 3) & ~3;
  memory.fill(c, 0, <usize>(M4 * N4) << 3);
  const pb = work;                                 // packed B: N4/4 panels of kc x 4
  const pa = work + (<usize>(KC * N4) << 3);       // packed A: MC/4 strips of kc x 4
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = min(KC, K - p0);
    packB64(b, pb, p0, kc, N, N4);
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA64(a, pa, i0, p0, mc, kc, K);
      for (let j = 0; j < N4; j += 4) {
        const bp = pb + (<usize>(j * kc) << 3);
        for (let i = 0; i < mc; i += 4) {
          kernel64(pa + (<usize>(i * kc) << 3), bp, c + (<usize>((i0 + i) * N4 + j) << 3), kc, N4);
        }
      }
    }
  }
}

function packB64(b: usize, pb: usize, p0: i32, kc: i32, N: i32, N4: i32): void {
  for (let j = 0; j < N4; j += 4) {
    let dst = pb + (<usize>(j * kc) << 3);
    const w = min(4, N - j);
    for (let k = 0; k < kc; k++) {
      const src = b + (<usize>((p0 + k) * N + j) << 3);
      if (w == 4) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else {
        for (let t = 0; t < 4; t++) store<f64>(dst + (<usize>t << 3), t < w ? load<f64>(src + (<usize>t << 3)) : 0);
      }
      dst += 32;
    }
  }
}

function packA64(a: usize, pa: usize, i0: i32, p0: i32, mc: i32, kc: i32, K: i32): void {
  for (let i = 0; i < mc; i += 4) {
    const dst = pa + (<usize>(i * kc) << 3);
    for (let r = 0; r < 4; r++) {
      if (i + r < mc) {
        const src = a + (<usize>((i0 + i + r) * K + p0) << 3);
        for (let k = 0; k < kc; k++) store<f64>(dst + (<usize>(k * 4 + r) << 3), load<f64>(src + (<usize>k << 3)));
      } else {
        for (let k = 0; k < kc; k++) store<f64>(dst + (<usize>(k * 4 + r) << 3), 0);
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function kernel64(ap: usize, bp: usize, cp: usize, kc: i32, ldc: i32): void {
  const ld = <usize>ldc << 3;
  let c00 = v128.load(cp), c01 = v128.load(cp, 16);
  let c10 = v128.load(cp + ld), c11 = v128.load(cp + ld, 16);
  let c20 = v128.load(cp + 2 * ld), c21 = v128.load(cp + 2 * ld, 16);
  let c30 = v128.load(cp + 3 * ld), c31 = v128.load(cp + 3 * ld, 16);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load64_splat(ap);
    c00 = f64x2.add(c00, f64x2.mul(av, b0)); c01 = f64x2.add(c01, f64x2.mul(av, b1));
    av = v128.load64_splat(ap, 8);
    c10 = f64x2.add(c10, f64x2.mul(av, b0)); c11 = f64x2.add(c11, f64x2.mul(av, b1));
    av = v128.load64_splat(ap, 16);
    c20 = f64x2.add(c20, f64x2.mul(av, b0)); c21 = f64x2.add(c21, f64x2.mul(av, b1));
    av = v128.load64_splat(ap, 24);
    c30 = f64x2.add(c30, f64x2.mul(av, b0)); c31 = f64x2.add(c31, f64x2.mul(av, b1));
    ap += 32; bp += 32;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ld, c10); v128.store(cp + ld, c11, 16);
  v128.store(cp + 2 * ld, c20); v128.store(cp + 2 * ld, c21, 16);
  v128.store(cp + 3 * ld, c30); v128.store(cp + 3 * ld, c31, 16);
}

// ---- sparsity scan ----

/**
 * Finds the non-zeros of n contiguous float32 values at src: writes their positions to idx (i32)
 * and values to vals (f32), in order. Returns the count, or -1 once it would exceed `limit`.
 * Sixteen values are tested per step, so all-zero stretches (bag-of-words rows) go by quickly.
 */
export function nonzeros32(src: usize, n: i32, idx: usize, vals: usize, limit: i32): i32 {
  let nz = 0, i = 0;
  const zero = f32x4.splat(0);
  for (; i + 16 <= n; i += 16) {
    const p = src + (<usize>i << 2);
    const any = v128.or(
      v128.or(f32x4.ne(v128.load(p), zero), f32x4.ne(v128.load(p, 16), zero)),
      v128.or(f32x4.ne(v128.load(p, 32), zero), f32x4.ne(v128.load(p, 48), zero)));
    if (!v128.any_true(any)) continue;
    for (let t = 0; t < 16; t++) {
      const x = load<f32>(p + (<usize>t << 2));
      if (x != 0) {
        if (nz == limit) return -1;
        store<i32>(idx + (<usize>nz << 2), i + t);
        store<f32>(vals + (<usize>nz << 2), x);
        nz++;
      }
    }
  }
  for (; i < n; i++) {
    const x = load<f32>(src + (<usize>i << 2));
    if (x != 0) {
      if (nz == limit) return -1;
      store<i32>(idx + (<usize>nz << 2), i);
      store<f32>(vals + (<usize>nz << 2), x);
      nz++;
    }
  }
  return nz;
}

// ---- fused optimizer update ----

/**
 * One Adam/AdamW step over n float32 values, four lanes at a time, with PyTorch's single-tensor
 * sequence of float32 operations: g = sign * g (+ wd * p); p *= decay; m = m * b1 + (1 - b1) * g;
 * v = v * b2 + (1 - b2) * g * g; (vmax = max(vmax, v)); p += -step * m / (sqrt(v) / rbc2 + eps).
 * vmax is 0 when amsgrad is off.
 */
export function adam32(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
                       b1: f32, b2: f32, negStep: f32, rbc2: f32, eps: f32, wd: f32, decay: f32, sign: f32): void {
  const B1 = f32x4.splat(b1), B2 = f32x4.splat(b2), C1 = f32x4.splat(1 - b1), C2 = f32x4.splat(1 - b2);
  const S = f32x4.splat(negStep), R = f32x4.splat(rbc2), E = f32x4.splat(eps), W = f32x4.splat(wd), D = f32x4.splat(decay);
  const SG = f32x4.splat(sign);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let pv = v128.load(p + o);
    let gv = f32x4.mul(v128.load(g + o), SG);
    if (wd != 0) gv = f32x4.add(gv, f32x4.mul(pv, W));
    if (decay != 1) pv = f32x4.mul(pv, D);
    const mv = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gv, C1));
    let vv = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gv, gv), C2));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    if (vmax) { vv = f32x4.max(v128.load(vmax + o), vv); v128.store(vmax + o, vv); }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), R), E);
    v128.store(p + o, f32x4.add(pv, f32x4.mul(S, f32x4.div(mv, denom))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let pi = load<f32>(p + o);
    let gi = load<f32>(g + o) * sign;
    if (wd != 0) gi = gi + pi * wd;
    if (decay != 1) pi = pi * decay;
    const mi = load<f32>(m + o) * b1 + gi * (1 - b1);
    let vi = load<f32>(v + o) * b2 + gi * gi * (1 - b2);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    if (vmax) { vi = max(load<f32>(vmax + o), vi); store<f32>(vmax + o, vi); }
    store<f32>(p + o, pi + negStep * (mi / (sqrt(vi) / rbc2 + eps)));
  }
}

// ---- float32 elementwise ----

// @ts-ignore: decorator
@inline
function apply(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    default: return f32x4.div(a, b);
  }
}

// @ts-ignore: decorator
@inline
function apply1(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    default: return a / b;
  }
}

/**
 * out[r, c] = a[r, c] op b[...] over an R x C block, with b's layout given by `mode`:
 * 0 full R x C, 1 one value, 2 one value per row (R x 1 expanded), 3 one value per column
 * (1 x C expanded). op: 0 add, 1 sub, 2 mul, 3 div (IEEE float32, as PyTorch computes them).
 */
export function binary32(op: i32, mode: i32, a: usize, b: usize, out: usize, R: i32, C: i32): void {
  const full = mode == 0 || mode == 3;
  for (let r = 0; r < R; r++) {
    const ar = a + (<usize>(r * C) << 2), orow = out + (<usize>(r * C) << 2);
    const br = mode == 0 ? b + (<usize>(r * C) << 2) : mode == 2 ? b + (<usize>r << 2) : b;
    const bs = v128.load32_splat(br);
    let c = 0;
    if (full) {
      for (; c + 4 <= C; c += 4) {
        const o = <usize>c << 2;
        v128.store(orow + o, apply(op, v128.load(ar + o), v128.load(br + o)));
      }
    } else {
      for (; c + 4 <= C; c += 4) {
        const o = <usize>c << 2;
        v128.store(orow + o, apply(op, v128.load(ar + o), bs));
      }
    }
    for (; c < C; c++) {
      const bv = full ? load<f32>(br + (<usize>c << 2)) : load<f32>(br);
      store<f32>(orow + (<usize>c << 2), apply1(op, load<f32>(ar + (<usize>c << 2)), bv));
    }
  }
}
