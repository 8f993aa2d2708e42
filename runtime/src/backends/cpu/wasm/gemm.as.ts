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
