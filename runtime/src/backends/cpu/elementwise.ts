// Elementwise CPU kernels, generated once per (op, dtypes) from a one-line expression so that each
// loop is monomorphic and the expression is inlined (no per-element function call).
import type { BinaryOp, UnaryOp } from '../backend';
import type { DType } from '../../tensor/dtype';
import type { Tensor } from '../../tensor/tensor';
import { coalesce, forEachRow } from './strided';
import * as wasm from './wasm';

const UNARY: Record<UnaryOp, string> = {
  neg: '-x', abs: 'Math.abs(x)', exp: 'Math.exp(x)', log: 'Math.log(x)', log1p: 'Math.log1p(x)',
  expm1: 'Math.expm1(x)', sqrt: 'Math.sqrt(x)', rsqrt: '1 / Math.sqrt(x)', sin: 'Math.sin(x)',
  cos: 'Math.cos(x)', tan: 'Math.tan(x)', tanh: 'Math.tanh(x)', sigmoid: '1 / (1 + Math.exp(-x))',
  relu: '(x <= 0 ? 0 : x)', round: 'H.rne(x)', floor: 'Math.floor(x)', ceil: 'Math.ceil(x)',
  trunc: 'Math.trunc(x)', sign: '(x > 0 ? 1 : x < 0 ? -1 : x)', reciprocal: '1 / x', square: 'x * x',
  logical_not: '(x !== 0 ? 0 : 1)', clamp: '(x < p0 ? p0 : x > p1 ? p1 : x)',
  leaky_relu: '(x > 0 ? x : x * p0)', isnan: '(x !== x ? 1 : 0)', erf: 'H.erf(x)',
  gelu: '0.5 * x * (1 + H.erf(x * Math.SQRT1_2))', bitwise_not: '(-x - 1)',
};

const BINARY: Record<BinaryOp, string> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', pow: 'Math.pow(a, b)',
  remainder: 'H.remainder(a, b)', fmod: 'a % b', floor_divide: 'Math.floor(a / b)',
  maximum: 'Math.max(a, b)', minimum: 'Math.min(a, b)',
  eq: '(a === b ? 1 : 0)', ne: '(a !== b ? 1 : 0)', lt: '(a < b ? 1 : 0)', le: '(a <= b ? 1 : 0)',
  gt: '(a > b ? 1 : 0)', ge: '(a >= b ? 1 : 0)',
  logical_and: '(a !== 0 && b !== 0 ? 1 : 0)', logical_or: '(a !== 0 || b !== 0 ? 1 : 0)',
  logical_xor: '((a !== 0) !== (b !== 0) ? 1 : 0)', atan2: 'Math.atan2(a, b)',
  relu_grad: '(b > 0 ? a : 0)', tanh_grad: 'a * (1 - b * b)', sigmoid_grad: 'a * (1 - b) * b',
  bitwise_and: 'H.bits(a, b, 0)', bitwise_or: 'H.bits(a, b, 1)', bitwise_xor: 'H.bits(a, b, 2)',
};

/** Float32 twins that round after each step, as PyTorch's float32 backward kernels (and the SIMD ones) do. */
const BINARY_F32: Partial<Record<BinaryOp, string>> = {
  tanh_grad: 'a * F(1 - F(b * b))', sigmoid_grad: 'F(a * F(1 - b)) * b',
};

// Helpers visible to generated code as `H` (and Math.fround as `F`).
const H = {
  /** Round half to even, as std::nearbyint does. */
  rne(x: number): number {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  /** Python-style modulo: the result takes the divisor's sign. */
  remainder(a: number, b: number): number {
    const r = a % b;
    return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
  },
  /** a & b, a | b or a ^ b (op 0, 1, 2) on integers: 32-bit operators when both fit, BigInt beyond
   *  (int64 values are exact in a double up to 2^53). */
  bits(a: number, b: number, op: number): number {
    if ((a | 0) === a && (b | 0) === b) return op === 0 ? a & b : op === 1 ? a | b : a ^ b;
    const x = BigInt(a), y = BigInt(b);
    return Number(op === 0 ? x & y : op === 1 ? x | y : x ^ y);
  },
  /** erf to about 1e-15: Maclaurin series below 2.5, erfc's continued fraction above. */
  erf(x: number): number {
    const z = Math.abs(x);
    if (z < 2.5) {
      let term = z, sum = z;
      for (let n = 1; n < 100; n++) {
        term *= -z * z / n;
        const add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
      }
      const r = sum * 1.1283791670955126;
      return x < 0 ? -r : r;
    }
    if (!Number.isFinite(z)) return Number.isNaN(x) ? x : Math.sign(x);
    // erfc(z) = exp(-z^2)/sqrt(pi) * 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))), evaluated bottom-up
    let f = z;
    for (let k = 60; k >= 1; k--) f = z + (k / 2) / f;
    const erfc = Math.exp(-z * z) / (1.7724538509055159 * f);
    return x < 0 ? erfc - 1 : 1 - erfc;
  },
};

/** How a value is stored into a dtype's array: bools normalise to 0/1, int64 truncates. */
function store(expr: string, out: DType, exact: boolean): string {
  if (out.kind === 'bool') return `((${expr}) !== 0 ? 1 : 0)`;
  if (out.name === 'int64' && !exact) return `Math.trunc(${expr})`;
  return expr;
}

type Kernel = (...args: any[]) => void;
type Pair = { flat: Kernel; strided: Kernel };

// The compiled kernel of each (op, dtypes), found without building its key string (a tiny op's
// whole budget is about a microsecond): per op, a map from the dtypes' small numbers.
const DTYPE_NO: Record<string, number> = { float32: 1, float64: 2, int32: 3, int64: 4, bool: 5 };
const byOp = new Map<string, Map<number, Pair>>();
function kernelFor(op: string, d0: DType, d1: DType | null, d2: DType | null, d3: DType | null, make: () => Pair): Pair {
  const no = ((DTYPE_NO[d0.name] * 8 + (d1 ? DTYPE_NO[d1.name] : 0)) * 8 + (d2 ? DTYPE_NO[d2.name] : 0)) * 8 + (d3 ? DTYPE_NO[d3.name] : 0);
  let m = byOp.get(op);
  if (!m) byOp.set(op, m = new Map());
  let k = m.get(no);
  if (!k) m.set(no, k = make());
  return k;
}

/** Builds the kernel pair of `expr` (callers cache it through kernelFor). */
function compile(key: string, inputs: string[], expr: string): Pair {
  const loads = inputs.map((v) => `const ${v} = ${v}d[${v}o + i];`).join(' ');
  const sLoads = inputs.map((v) => `const ${v} = ${v}d[${v}o];`).join(' ');
  const sSteps = inputs.map((v) => `${v}o += ${v}s;`).join(' ');
  const params = inputs.flatMap((v) => [`${v}d`, `${v}o`, `${v}s`]);
  // The key goes into the source: V8 caches functions by source text and shares their type
  // feedback, so kernels of equal text but different array types would turn each other polymorphic.
  const flat = new Function('H', 'F', ...params, 'od', 'oo', 'os', 'n', 'p0', 'p1',
    `// ${key} flat\nfor (let i = 0; i < n; i++) { ${loads} od[oo + i] = ${expr}; }`).bind(null, H, Math.fround) as Kernel;
  const strided = new Function('H', 'F', ...params, 'od', 'oo', 'os', 'n', 'p0', 'p1',
    `// ${key} strided\nfor (let i = 0; i < n; i++) { ${sLoads} od[oo] = ${expr}; ${sSteps} oo += os; }`).bind(null, H, Math.fround) as Kernel;
  return { flat, strided };
}

/** Run a kernel over equal-shape operands (inputs already broadcast to out's shape). */
function run(k: { flat: Kernel; strided: Kernel }, ins: Tensor[], out: Tensor, p0: number, p1: number): void {
  const shape = out._shape;
  const n = out.numel();
  if (n === 0) return;
  // Fast path: every operand contiguous with the same shape (the tiny-op path).
  let flat = out._contiguous;
  for (let i = 0; flat && i < ins.length; i++) flat = ins[i]._contiguous && ins[i]._numel === n;
  if (flat) {
    if (ins.length === 1) k.flat(ins[0]._data(), ins[0]._offset, 1, out._data(), out._offset, 1, n, p0, p1);
    else if (ins.length === 2) {
      k.flat(ins[0]._data(), ins[0]._offset, 1, ins[1]._data(), ins[1]._offset, 1, out._data(), out._offset, 1, n, p0, p1);
    } else {
      k.flat(ins[0]._data(), ins[0]._offset, 1, ins[1]._data(), ins[1]._offset, 1, ins[2]._data(), ins[2]._offset, 1,
        out._data(), out._offset, 1, n, p0, p1);
    }
    return;
  }
  // Contiguous operands and broadcast scalars (`a * 2`, `1 - a`): one strided call with steps 1 and 0.
  if (out._contiguous && ins.length === 2) {
    const step = (t: Tensor) => (t._contiguous && t._numel === n ? 1 : t._strides.every((s) => s === 0) ? 0 : -1);
    const s0 = step(ins[0]), s1 = step(ins[1]);
    if (s0 >= 0 && s1 >= 0) {
      k.strided(ins[0]._data(), ins[0]._offset, s0, ins[1]._data(), ins[1]._offset, s1, out._data(), out._offset, 1, n, p0, p1);
      return;
    }
  }
  const all = [...ins, out];
  const c = coalesce(shape, all.map((t) => t._strides));
  const nd = c.shape.length;
  const args: any[] = [];
  for (let q = 0; q < all.length; q++) args.push(all[q]._data(), 0, c.strides[q][nd - 1] ?? 1);
  args.push(0, p0, p1);
  const lenAt = all.length * 3;
  forEachRow(c.shape, c.strides, all.map((t) => t._offset), (o, len) => {
    for (let q = 0; q < all.length; q++) args[q * 3 + 1] = o[q];
    args[lenAt] = len;
    k.strided(...args);
  });
}

/** Unary ops with a float32 SIMD kernel, and the size from which it pays (its copies and call cost about two microseconds). */
const SIMD_UNARY: Partial<Record<UnaryOp, number>> = {
  exp: 256, log: 256, tanh: 256, sigmoid: 256, sqrt: 2048, rsqrt: 1024, reciprocal: 2048,
  neg: 4096, abs: 4096, relu: 4096, clamp: 4096, square: 4096, leaky_relu: 4096,
};

export function unary(op: UnaryOp, x: Tensor, out: Tensor, p0 = 0, p1 = 0): void {
  // Scalar parameters take the tensor's type first, as in PyTorch (leaky_relu's slope times x is a float32 product).
  if (out.dtype.name === 'float32') { p0 = Math.fround(p0); p1 = Math.fround(p1); }
  const min = SIMD_UNARY[op];
  if (min !== undefined && out._numel >= min && x._contiguous && out._contiguous && x._numel === out._numel) {
    const xd = x._data(), od = out._data();
    if (xd instanceof Float32Array && od instanceof Float32Array &&
        wasm.unary32(op as wasm.UnaryCode, xd, x._offset, od, out._offset, out._numel, p0, p1)) return;
  }
  const k = kernelFor(op, x.dtype, out.dtype, null, null, () => {
    const exact = out.dtype.kind !== 'float' && !['exp', 'log', 'sqrt', 'sigmoid'].includes(op);
    return compile(`u:${op}:${x.dtype.name}:${out.dtype.name}`, ['x'], store(UNARY[op], out.dtype, exact));
  });
  run(k, [x], out, p0, p1);
}

/** float32 binary ops at least this large go to the WASM SIMD kernels. */
const SIMD_MIN = 4096;

/** A broadcast b's layout against out's [R, C] (C the last dim): 1 one value, 2 per row, 3 per column; -1 otherwise. */
function broadcastMode(b: Tensor, shape: readonly number[]): 1 | 2 | 3 | -1 {
  const nd = shape.length, st = b._strides;
  if (st.every((s, i) => s === 0 || shape[i] === 1)) return 1;
  if (nd < 2) return -1;
  // per row: the last dim is broadcast, the leading ones are laid out contiguously
  let expect = 1, rows = true;
  for (let d = nd - 2; d >= 0; d--) {
    if (shape[d] !== 1 && st[d] !== expect) { rows = false; break; }
    expect *= shape[d];
  }
  if (rows && st[nd - 1] === 0) return 2;
  if (st[nd - 1] === 1 && st.slice(0, nd - 1).every((s, i) => s === 0 || shape[i] === 1)) return 3;
  return -1;
}

/** The operands the other way round: out = b op' a. */
const SWAPPED: Partial<Record<BinaryOp, wasm.BinaryCode>> = { add: 'add', mul: 'mul', sub: 'rsub', div: 'rdiv' };

/** PyTorch's pow(x, e) for these scalar exponents is a plain product, square root or reciprocal. */
const POW_AS_UNARY: Record<number, wasm.UnaryCode> = { 2: 'square', 3: 'cube', 0.5: 'sqrt', [-0.5]: 'rsqrt', [-1]: 'reciprocal', [-2]: 'inv_square' };

/** The SIMD route for a float32 binary op over contiguous or simply broadcast operands; false if there is none. */
function binarySimd(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor): boolean {
  const n = out._numel;
  if (!out._contiguous) return false;
  const od = out._data(), ad = a._data(), bd = b._data();
  if (!(od instanceof Float32Array && ad instanceof Float32Array && bd instanceof Float32Array)) return false;
  const shape = out._shape, C = shape.length ? shape[shape.length - 1] : 1;
  const full = (t: Tensor) => t._contiguous && t._numel === n;
  if (op === 'pow') {
    const u = POW_AS_UNARY[bd[b._offset]];
    return full(a) && broadcastMode(b, shape) === 1 && u !== undefined && wasm.unary32(u, ad, a._offset, od, out._offset, n);
  }
  if (!(op in wasm.BINARY_CODES)) return false;
  if (full(a)) {
    const mode = full(b) ? 0 : broadcastMode(b, shape);
    return mode >= 0 && wasm.binary32(op as wasm.BinaryCode, mode as 0 | 1 | 2 | 3, ad, a._offset, bd, b._offset, od, out._offset, n / C, C);
  }
  const swapped = SWAPPED[op];
  if (swapped && full(b)) {
    const mode = broadcastMode(a, shape);
    return mode >= 1 && wasm.binary32(swapped, mode as 1 | 2 | 3, bd, b._offset, ad, a._offset, od, out._offset, n / C, C);
  }
  return false;
}

export function binary(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor, p0 = 0): void {
  if (out._numel >= SIMD_MIN && binarySimd(op, a, b, out)) return;
  const k = kernelFor(op, a.dtype, b.dtype, out.dtype, null, () => {
    const exact = op !== 'div' && op !== 'pow';
    const expr = (out.dtype.name === 'float32' && BINARY_F32[op]) || BINARY[op];
    return compile(`b:${op}:${a.dtype.name}:${b.dtype.name}:${out.dtype.name}`, ['a', 'b'], store(expr, out.dtype, exact));
  });
  run(k, [a, b], out, p0, 0);
}

export function where(c: Tensor, a: Tensor, b: Tensor, out: Tensor): void {
  const k = kernelFor('where', c.dtype, a.dtype, b.dtype, out.dtype, () =>
    compile(`w:${c.dtype.name}:${a.dtype.name}:${b.dtype.name}:${out.dtype.name}`, ['c', 'a', 'b'], store('(c !== 0 ? a : b)', out.dtype, true)));
  run(k, [c, a, b], out, 0, 0);
}

export function copy(src: Tensor, dst: Tensor): void {
  // Same element type, both contiguous: a memmove (collate's stacking, cat, clone).
  if (src.dtype === dst.dtype && src._contiguous && dst._contiguous && src._numel === dst._numel) {
    dst._data().set(src._data().subarray(src._offset, src._offset + src._numel), dst._offset);
    return;
  }
  const k = kernelFor('copy', src.dtype, dst.dtype, null, null, () =>
    compile(`c:${src.dtype.name}:${dst.dtype.name}`, ['x'], store('x', dst.dtype, src.dtype.kind !== 'float')));
  run(k, [src], dst, 0, 0);
}

export function fill(out: Tensor, value: number): void {
  if (out._contiguous) { out._data().fill(value, out._offset, out._offset + out._numel); return; }
  run(kernelFor('fill', out.dtype, null, null, null, () => compile(`f:${out.dtype.name}`, [], 'p0')), [], out, value, 0);
}
