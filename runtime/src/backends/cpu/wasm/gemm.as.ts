// Packed, cache-blocked matmuls with SIMD128. float32: a 4x8 register block keeps eight f32x4
// accumulators live; A is packed in 4-row strips and B in 8-column panels per K block so the
// inner loop reads both sequentially; C is M4 x N8 (dimensions rounded up), row-major. float64:
// the same scheme with f64x2 lanes, a 4x4 block and C of M4 x N4.
// A and B are read through their strides (in elements), so a transposed or sliced view is packed
// straight from its storage. The first K block writes C, later ones add to it.
// The memory is shared: pool workers run these on disjoint row ranges of the same operands.
// Built with relaxed SIMD, the multiply-adds are fused (f32x4.relaxed_madd).

const KC: i32 = 512;
const MC: i32 = 64;

// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/**
 * C (M4 x N8, row-major) = A @ B for A (M x K, element (i, k) at a + 4 (i sam + k sak)) and
 * B (K x N, element (k, j) at b + 4 (k sbk + j sbn)); `work` is scratch for the packed panels.
 */
export function sgemm(a: usize, sam: i32, sak: i32, b: usize, sbk: i32, sbn: i32, c: usize, work: usize, M: i32, K: i32, N: i32): void {
  const N8 = (N + 7) & ~7;
  const pb = work;                                 // packed B: N8/8 panels of kc x 8
  const pa = work + (<usize>(KC * N8) << 2);       // packed A: MC/4 strips of kc x 4
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = min(KC, K - p0);
    packB(b, sbk, sbn, pb, p0, kc, N, N8);
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA(a, sam, sak, pa, i0, p0, mc, kc);
      for (let j = 0; j < N8; j += 8) {
        const bp = pb + (<usize>(j * kc) << 2);
        for (let i = 0; i < mc; i += 4) {
          const cp = c + (<usize>((i0 + i) * N8 + j) << 2), ap = pa + (<usize>(i * kc) << 2);
          if (p0 == 0) kernel(ap, bp, cp, kc, N8, false); else kernel(ap, bp, cp, kc, N8, true);
        }
      }
    }
  }
}

function packB(b: usize, sbk: i32, sbn: i32, pb: usize, p0: i32, kc: i32, N: i32, N8: i32): void {
  for (let j = 0; j < N8; j += 8) {
    let dst = pb + (<usize>(j * kc) << 2);
    const w = min(8, N - j);
    for (let k = 0; k < kc; k++) {
      const src = b + (<usize>((p0 + k) * sbk + j * sbn) << 2);
      if (w == 8 && sbn == 1) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else {
        for (let t = 0; t < 8; t++) store<f32>(dst + (<usize>t << 2), t < w ? load<f32>(src + (<usize>(t * sbn) << 2)) : 0);
      }
      dst += 32;
    }
  }
}

function packA(a: usize, sam: i32, sak: i32, pa: usize, i0: i32, p0: i32, mc: i32, kc: i32): void {
  for (let i = 0; i < mc; i += 4) {
    const dst = pa + (<usize>(i * kc) << 2);
    if (i + 4 <= mc && sam == 1) {
      // four consecutive rows are four consecutive values of a column-major (transposed) A
      for (let k = 0; k < kc; k++) v128.store(dst + (<usize>k << 4), v128.load(a + (<usize>((p0 + k) * sak + i0 + i) << 2)));
      continue;
    }
    if (i + 4 <= mc && sak == 1) {
      // four row-major rows, four k at a time: a 4 x 4 transpose in registers
      const r0 = a + (<usize>((i0 + i) * sam + p0) << 2), rs = <usize>sam << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>k << 2;
        const x0 = v128.load(r0 + o), x1 = v128.load(r0 + rs + o), x2 = v128.load(r0 + 2 * rs + o), x3 = v128.load(r0 + 3 * rs + o);
        const t0 = v128.shuffle<u32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<u32>(x2, x3, 0, 4, 1, 5);
        const t2 = v128.shuffle<u32>(x0, x1, 2, 6, 3, 7), t3 = v128.shuffle<u32>(x2, x3, 2, 6, 3, 7);
        const d = dst + (<usize>k << 4);
        v128.store(d, v128.shuffle<u32>(t0, t1, 0, 1, 4, 5));
        v128.store(d, v128.shuffle<u32>(t0, t1, 2, 3, 6, 7), 16);
        v128.store(d, v128.shuffle<u32>(t2, t3, 0, 1, 4, 5), 32);
        v128.store(d, v128.shuffle<u32>(t2, t3, 2, 3, 6, 7), 48);
      }
      for (; k < kc; k++) {
        for (let r = 0; r < 4; r++) store<f32>(dst + (<usize>(k * 4 + r) << 2), load<f32>(r0 + <usize>r * rs + (<usize>k << 2)));
      }
      continue;
    }
    for (let r = 0; r < 4; r++) {
      if (i + r < mc) {
        const src = a + (<usize>((i0 + i + r) * sam + p0 * sak) << 2), step = <usize>sak << 2;
        for (let k = 0, s = src; k < kc; k++, s += step) store<f32>(dst + (<usize>(k * 4 + r) << 2), load<f32>(s));
      } else {
        for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * 4 + r) << 2), 0);
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function kernel(ap: usize, bp: usize, cp: usize, kc: i32, ldc: i32, accumulate: bool): void {
  const ld = <usize>ldc << 2;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(cp); c01 = v128.load(cp, 16);
    c10 = v128.load(cp + ld); c11 = v128.load(cp + ld, 16);
    c20 = v128.load(cp + 2 * ld); c21 = v128.load(cp + 2 * ld, 16);
    c30 = v128.load(cp + 3 * ld); c31 = v128.load(cp + 3 * ld, 16);
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap);
    c00 = madd(av, b0, c00); c01 = madd(av, b1, c01);
    av = v128.load32_splat(ap, 4);
    c10 = madd(av, b0, c10); c11 = madd(av, b1, c11);
    av = v128.load32_splat(ap, 8);
    c20 = madd(av, b0, c20); c21 = madd(av, b1, c21);
    av = v128.load32_splat(ap, 12);
    c30 = madd(av, b0, c30); c31 = madd(av, b1, c31);
    ap += 16; bp += 32;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ld, c10); v128.store(cp + ld, c11, 16);
  v128.store(cp + 2 * ld, c20); v128.store(cp + 2 * ld, c21, 16);
  v128.store(cp + 3 * ld, c30); v128.store(cp + 3 * ld, c31, 16);
}

/** Closes up the rows of C (M rows of `ld` elements of `size` bytes) to N elements each, in place. */
export function compact(c: usize, M: i32, ld: i32, N: i32, size: i32): void {
  for (let i = 1; i < M; i++) memory.copy(c + <usize>(i * N * size), c + <usize>(i * ld * size), <usize>(N * size));
}

// ---- float64 ----

/** As sgemm over float64 (element strides, 8-byte elements): C is M4 x N4. */
export function dgemm(a: usize, sam: i32, sak: i32, b: usize, sbk: i32, sbn: i32, c: usize, work: usize, M: i32, K: i32, N: i32): void {
  const N4 = (N + 3) & ~3;
  const pb = work;                                 // packed B: N4/4 panels of kc x 4
  const pa = work + (<usize>(KC * N4) << 3);       // packed A: MC/4 strips of kc x 4
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = min(KC, K - p0);
    packB64(b, sbk, sbn, pb, p0, kc, N, N4);
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA64(a, sam, sak, pa, i0, p0, mc, kc);
      for (let j = 0; j < N4; j += 4) {
        const bp = pb + (<usize>(j * kc) << 3);
        for (let i = 0; i < mc; i += 4) {
          const cp = c + (<usize>((i0 + i) * N4 + j) << 3), ap = pa + (<usize>(i * kc) << 3);
          if (p0 == 0) kernel64(ap, bp, cp, kc, N4, false); else kernel64(ap, bp, cp, kc, N4, true);
        }
      }
    }
  }
}

function packB64(b: usize, sbk: i32, sbn: i32, pb: usize, p0: i32, kc: i32, N: i32, N4: i32): void {
  for (let j = 0; j < N4; j += 4) {
    let dst = pb + (<usize>(j * kc) << 3);
    const w = min(4, N - j);
    for (let k = 0; k < kc; k++) {
      const src = b + (<usize>((p0 + k) * sbk + j * sbn) << 3);
      if (w == 4 && sbn == 1) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else {
        for (let t = 0; t < 4; t++) store<f64>(dst + (<usize>t << 3), t < w ? load<f64>(src + (<usize>(t * sbn) << 3)) : 0);
      }
      dst += 32;
    }
  }
}

function packA64(a: usize, sam: i32, sak: i32, pa: usize, i0: i32, p0: i32, mc: i32, kc: i32): void {
  for (let i = 0; i < mc; i += 4) {
    const dst = pa + (<usize>(i * kc) << 3);
    for (let r = 0; r < 4; r++) {
      if (i + r < mc) {
        const src = a + (<usize>((i0 + i + r) * sam + p0 * sak) << 3), step = <usize>sak << 3;
        for (let k = 0, s = src; k < kc; k++, s += step) store<f64>(dst + (<usize>(k * 4 + r) << 3), load<f64>(s));
      } else {
        for (let k = 0; k < kc; k++) store<f64>(dst + (<usize>(k * 4 + r) << 3), 0);
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function kernel64(ap: usize, bp: usize, cp: usize, kc: i32, ldc: i32, accumulate: bool): void {
  const ld = <usize>ldc << 3;
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  if (accumulate) {
    c00 = v128.load(cp); c01 = v128.load(cp, 16);
    c10 = v128.load(cp + ld); c11 = v128.load(cp + ld, 16);
    c20 = v128.load(cp + 2 * ld); c21 = v128.load(cp + 2 * ld, 16);
    c30 = v128.load(cp + 3 * ld); c31 = v128.load(cp + 3 * ld, 16);
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load64_splat(ap);
    c00 = madd64(av, b0, c00); c01 = madd64(av, b1, c01);
    av = v128.load64_splat(ap, 8);
    c10 = madd64(av, b0, c10); c11 = madd64(av, b1, c11);
    av = v128.load64_splat(ap, 16);
    c20 = madd64(av, b0, c20); c21 = madd64(av, b1, c21);
    av = v128.load64_splat(ap, 24);
    c30 = madd64(av, b0, c30); c31 = madd64(av, b1, c31);
    ap += 32; bp += 32;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + ld, c10); v128.store(cp + ld, c11, 16);
  v128.store(cp + 2 * ld, c20); v128.store(cp + 2 * ld, c21, 16);
  v128.store(cp + 3 * ld, c30); v128.store(cp + 3 * ld, c31, 16);
}
