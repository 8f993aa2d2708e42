// Float32 elementwise kernels over contiguous operands in the kernels' memory. Every operand
// region is padded to a multiple of four lanes (the JS side allocates them so), so loops run over
// whole vectors and never need a scalar tail.
import { expMap, ExpOf, log4, SigmoidOf, tanh4 } from './vmath.as';

// Unary op codes (runtime/src/backends/wasm/index.ts has the same table).
// @ts-ignore: decorator
@inline export const U_NEG = 0;
// @ts-ignore: decorator
@inline export const U_ABS = 1;
// @ts-ignore: decorator
@inline export const U_EXP = 2;
// @ts-ignore: decorator
@inline export const U_LOG = 3;
// @ts-ignore: decorator
@inline export const U_SQRT = 4;
// @ts-ignore: decorator
@inline export const U_RSQRT = 5;
// @ts-ignore: decorator
@inline export const U_TANH = 6;
// @ts-ignore: decorator
@inline export const U_SIGMOID = 7;
// @ts-ignore: decorator
@inline export const U_RELU = 8;
// @ts-ignore: decorator
@inline export const U_CLAMP = 9;
// @ts-ignore: decorator
@inline export const U_SQUARE = 10;
// @ts-ignore: decorator
@inline export const U_RECIPROCAL = 11;
// @ts-ignore: decorator
@inline export const U_LEAKY_RELU = 12;
// @ts-ignore: decorator
@inline export const U_CUBE = 13;
// @ts-ignore: decorator
@inline export const U_INV_SQUARE = 14;

const ONE = memory.data<f32>([1.0]);
// @ts-ignore: decorator
@inline function one(): v128 { return v128.load32_splat(ONE); }

// One class per op: the loops below are generic over it, so each op gets its own compiled loop
// (a switch inside one loop costs a jump table per vector; Binaryen folds a switch of identical
// inlined loops back into one).
// p0, p1 are splatted parameters (clamp's bounds, leaky_relu's slope).
@final class Neg { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.neg(v); } }
@final class Abs { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.abs(v); } }
@final class Log { @inline apply(v: v128, p0: v128, p1: v128): v128 { return log4(v); } }
@final class Sqrt { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.sqrt(v); } }
@final class Rsqrt { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.div(one(), f32x4.sqrt(v)); } }
@final class Tanh { @inline apply(v: v128, p0: v128, p1: v128): v128 { return tanh4(v); } }
/** x <= 0 ? 0 : x, as the TS kernel writes it (NaN passes, -0 becomes 0) */
@final class Relu { @inline apply(v: v128, p0: v128, p1: v128): v128 { return v128.andnot(v, f32x4.le(v, f32x4.splat(0))); } }
/** x < lo ? lo : x > hi ? hi : x (NaN passes) */
@final class Clamp { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.pmin(f32x4.pmax(v, p0), p1); } }
@final class Square { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.mul(v, v); } }
@final class Reciprocal { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.div(one(), v); } }
@final class LeakyRelu { @inline apply(v: v128, p0: v128, p1: v128): v128 { return v128.bitselect(v, f32x4.mul(v, p0), f32x4.gt(v, f32x4.splat(0))); } }
/** PyTorch's pow(x, 3): x * x * x, rounded at each step */
@final class Cube { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.mul(f32x4.mul(v, v), v); } }
/** PyTorch's pow(x, -2): 1 / (x * x) */
@final class InvSquare { @inline apply(v: v128, p0: v128, p1: v128): v128 { return f32x4.div(one(), f32x4.mul(v, v)); } }

function unaryLoop<Op>(x: usize, out: usize, n: i32, p0: f32, p1: f32): void {
  const op = changetype<Op>(0);
  const P0 = f32x4.splat(p0), P1 = f32x4.splat(p1);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, op.apply(v128.load(x + o), P0, P1));
  }
}

/** out[i] = op(x[i]) for n float32 values (out may be x). */
export function unary32(op: i32, x: usize, out: usize, n: i32, p0: f32, p1: f32): void {
  switch (op) {
    case U_NEG: unaryLoop<Neg>(x, out, n, p0, p1); break;
    case U_ABS: unaryLoop<Abs>(x, out, n, p0, p1); break;
    case U_EXP: expMap<ExpOf>(x, out, n, 0); break;
    case U_LOG: unaryLoop<Log>(x, out, n, p0, p1); break;
    case U_SQRT: unaryLoop<Sqrt>(x, out, n, p0, p1); break;
    case U_RSQRT: unaryLoop<Rsqrt>(x, out, n, p0, p1); break;
    case U_TANH: unaryLoop<Tanh>(x, out, n, p0, p1); break;
    case U_SIGMOID: expMap<SigmoidOf>(x, out, n, 0); break;
    case U_RELU: unaryLoop<Relu>(x, out, n, p0, p1); break;
    case U_CLAMP: unaryLoop<Clamp>(x, out, n, p0, p1); break;
    case U_SQUARE: unaryLoop<Square>(x, out, n, p0, p1); break;
    case U_RECIPROCAL: unaryLoop<Reciprocal>(x, out, n, p0, p1); break;
    case U_LEAKY_RELU: unaryLoop<LeakyRelu>(x, out, n, p0, p1); break;
    case U_CUBE: unaryLoop<Cube>(x, out, n, p0, p1); break;
    default: unaryLoop<InvSquare>(x, out, n, p0, p1);
  }
}

// Binary op codes (the same table in index.ts). R* ops take their operands the other way round,
// so that a broadcast first operand can be passed second.
// @ts-ignore: decorator
@inline export const B_ADD = 0;
// @ts-ignore: decorator
@inline export const B_SUB = 1;
// @ts-ignore: decorator
@inline export const B_MUL = 2;
// @ts-ignore: decorator
@inline export const B_DIV = 3;
// @ts-ignore: decorator
@inline export const B_RSUB = 4;
// @ts-ignore: decorator
@inline export const B_RDIV = 5;
// @ts-ignore: decorator
@inline export const B_RELU_GRAD = 6;
// @ts-ignore: decorator
@inline export const B_TANH_GRAD = 7;
// @ts-ignore: decorator
@inline export const B_SIGMOID_GRAD = 8;

@final class Add { @inline apply(a: v128, b: v128): v128 { return f32x4.add(a, b); } }
@final class Sub { @inline apply(a: v128, b: v128): v128 { return f32x4.sub(a, b); } }
@final class Mul { @inline apply(a: v128, b: v128): v128 { return f32x4.mul(a, b); } }
@final class Div { @inline apply(a: v128, b: v128): v128 { return f32x4.div(a, b); } }
@final class Rsub { @inline apply(a: v128, b: v128): v128 { return f32x4.sub(b, a); } }
@final class Rdiv { @inline apply(a: v128, b: v128): v128 { return f32x4.div(b, a); } }
// Gradient helpers, each rounded as PyTorch's own backward kernel: a is the incoming gradient,
// b the op's output.
@final class ReluGrad { @inline apply(a: v128, b: v128): v128 { return v128.and(a, f32x4.gt(b, f32x4.splat(0))); } }
@final class TanhGrad { @inline apply(a: v128, b: v128): v128 { return f32x4.mul(a, f32x4.sub(one(), f32x4.mul(b, b))); } }
@final class SigmoidGrad { @inline apply(a: v128, b: v128): v128 { return f32x4.mul(f32x4.mul(a, f32x4.sub(one(), b)), b); } }

function binaryLoop<Op>(mode: i32, a: usize, b: usize, out: usize, R: i32, C: i32): void {
  const op = changetype<Op>(0);
  if (mode == 0) {
    // full: one flat run over the padded length
    const n = R * C;
    for (let i = 0; i < n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, op.apply(v128.load(a + o), v128.load(b + o)));
    }
  } else if (mode == 1) {
    const n = R * C, bs = v128.load32_splat(b);
    for (let i = 0; i < n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, op.apply(v128.load(a + o), bs));
    }
  } else {
    // per row (b[r] for row r) or per column (b[c]); rows are not padded, so each has a scalar tail
    for (let r = 0; r < R; r++) {
      const ar = a + (<usize>(r * C) << 2), orow = out + (<usize>(r * C) << 2);
      const bs = v128.load32_splat(b + (<usize>r << 2));
      let c = 0;
      if (mode == 2) {
        for (; c + 4 <= C; c += 4) {
          const o = <usize>c << 2;
          v128.store(orow + o, op.apply(v128.load(ar + o), bs));
        }
      } else {
        for (; c + 4 <= C; c += 4) {
          const o = <usize>c << 2;
          v128.store(orow + o, op.apply(v128.load(ar + o), v128.load(b + o)));
        }
      }
      for (; c < C; c++) {
        const o = <usize>c << 2;
        const bv = mode == 2 ? bs : v128.load32_splat(b + o);
        store<f32>(orow + o, f32x4.extract_lane(op.apply(v128.load32_splat(ar + o), bv), 0));
      }
    }
  }
}

/**
 * out = a op b over R x C float32 values, b being full (mode 0), one value (1), one per row (2)
 * or one per column (3). Modes 0 and 1 take R * C padded to four lanes.
 */
export function binary32(op: i32, mode: i32, a: usize, b: usize, out: usize, R: i32, C: i32): void {
  switch (op) {
    case B_ADD: binaryLoop<Add>(mode, a, b, out, R, C); break;
    case B_SUB: binaryLoop<Sub>(mode, a, b, out, R, C); break;
    case B_MUL: binaryLoop<Mul>(mode, a, b, out, R, C); break;
    case B_DIV: binaryLoop<Div>(mode, a, b, out, R, C); break;
    case B_RSUB: binaryLoop<Rsub>(mode, a, b, out, R, C); break;
    case B_RDIV: binaryLoop<Rdiv>(mode, a, b, out, R, C); break;
    case B_RELU_GRAD: binaryLoop<ReluGrad>(mode, a, b, out, R, C); break;
    case B_TANH_GRAD: binaryLoop<TanhGrad>(mode, a, b, out, R, C); break;
    default: binaryLoop<SigmoidGrad>(mode, a, b, out, R, C);
  }
}
