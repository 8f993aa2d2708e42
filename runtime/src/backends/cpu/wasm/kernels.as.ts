// The WebAssembly kernels (AssemblyScript, SIMD128), built by `npm run build` into dist/wasm: once
// over shared memory for the worker pool, once over private memory for the calling thread's
// streamed elementwise work (copies into shared memory are slower), and once more with relaxed
// SIMD where the engine has it (see module.ts).
export { sgemm, dgemm, compact } from './gemm.as';
export { unary32, binary32 } from './elementwise.as';
export { sum32, sumRows32, sumCols32, max32, maxRows32, maxCols32, argmaxRows32, softmax32 } from './reduce.as';
import { sgemm, dgemm } from './gemm.as';
import { unary32, binary32 } from './elementwise.as';
import { softmax32 } from './reduce.as';

/** A pool worker's job (pool.ts posts them): the kernel `kind` with its arguments. */
export function job(kind: i32, a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32, a7: i32, a8: i32, a9: i32, a10: i32,
                    f0: f32, f1: f32): void {
  switch (kind) {
    case 0: sgemm(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10); break;
    case 1: dgemm(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10); break;
    case 2: unary32(a0, a1, a2, a3, f0, f1); break;
    case 3: softmax32(a0, a1, a2, a3, a4); break;
    default: binary32(a0, a1, a2, a3, a4, a5, a6);
  }
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
  // Adam without weight decay or amsgrad (the lectures' case) gets a loop without their branches.
  if (wd == 0 && decay == 1 && !vmax) adamLoop<Plain>(p, g, m, v, vmax, n, b1, b2, negStep, rbc2, eps, wd, decay, sign);
  else adamLoop<General>(p, g, m, v, vmax, n, b1, b2, negStep, rbc2, eps, wd, decay, sign);
}

@final class Plain { @inline get general(): bool { return false; } }
@final class General { @inline get general(): bool { return true; } }

function adamLoop<T>(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
                     b1: f32, b2: f32, negStep: f32, rbc2: f32, eps: f32, wd: f32, decay: f32, sign: f32): void {
  const general = changetype<T>(0).general;
  const B1 = f32x4.splat(b1), B2 = f32x4.splat(b2), C1 = f32x4.splat(1 - b1), C2 = f32x4.splat(1 - b2);
  const S = f32x4.splat(negStep), R = f32x4.splat(rbc2), E = f32x4.splat(eps), W = f32x4.splat(wd), D = f32x4.splat(decay);
  const SG = f32x4.splat(sign);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let pv = v128.load(p + o);
    let gv = f32x4.mul(v128.load(g + o), SG);
    if (general && wd != 0) gv = f32x4.add(gv, f32x4.mul(pv, W));
    if (general && decay != 1) pv = f32x4.mul(pv, D);
    const mv = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gv, C1));
    let vv = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gv, gv), C2));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    if (general && vmax) { vv = f32x4.max(v128.load(vmax + o), vv); v128.store(vmax + o, vv); }
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
