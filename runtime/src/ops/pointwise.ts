// Elementwise ops: each defined once with its dtype rule and its gradient.
import { RuntimeError } from '../errors';
import type { BinaryOp, UnaryOp } from '../backends/backend';
import { Tensor, TensorLike, isTensor } from '../tensor/tensor';
import { DType, bool, canCast, castValue, get_default_dtype, resultType, scalarDtype, typeName } from '../tensor/dtype';
import { broadcastShapes, broadcastStrides, sameShape, fmtShape } from '../tensor/shape';
import { record, requiresGrad as rg } from '../autograd/engine';
import { is_grad_enabled } from '../autograd/graph';
import { empty, full, scalarTensor } from './creation';


export function checkSameDevice(a: Tensor, b: Tensor): void {
  if (a._storage.device.type !== b._storage.device.type && a._numel !== 0 && b._numel !== 0) {
    const [x, y] = a.is_cuda ? [a, b] : [b, a];
    throw new RuntimeError(`Expected all tensors to be on the same device, but found at least two devices, ${x.device.name} and ${y.device.name}!`);
  }
}

/** Operands on one device: a 0-dim CPU tensor joins the others' device (as PyTorch lets CPU scalars
 *  take part in CUDA ops); any other mix raises PyTorch's error. */
export function sameDevice(ts: Tensor[]): Tensor[] {
  const dev = ts.find((t) => t.device.type !== 'cpu' && t._numel !== 0)?.device;
  if (!dev) return ts;
  return ts.map((t) => {
    if (t.device.type === dev.type) return t;
    if (t.device.type === 'cpu' && t._shape.length === 0) return t.to(dev);
    const other = ts.find((u) => u.device.type === dev.type)!;
    checkSameDevice(other, t);
    return t;
  });
}

/** The dtype of `a op b` under PyTorch's promotion (dimensioned > zero-dim > scalar tiers). */
export function promoteTypes(a: TensorLike, b: TensorLike): DType {
  const dims: DType[] = [], zero: DType[] = [], scalars: DType[] = [];
  for (const x of [a, b]) {
    if (isTensor(x)) (x._shape.length ? dims : zero).push(x.dtype);
    else scalars.push(scalarDtype(x));
  }
  return resultType(dims, zero, scalars);
}

/** View `t` with `shape` (stride 0 on broadcast dims) without copying. */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t._shape, shape)) return t;
  return t._view(shape.slice(), broadcastStrides(t._shape, t._strides, shape), t._offset);
}

function operand(x: TensorLike, dtype: DType, like: Tensor): Tensor {
  return isTensor(x) ? x : scalarTensor(castValue(Number(x), dtype), dtype, like.device);
}

/** Forward of a binary op: promotion, broadcasting, one kernel call. */
export function binaryKernel(op: BinaryOp, a: TensorLike, b: TensorLike, compute: DType, out: DType): Tensor {
  const like = (isTensor(a) ? a : b) as Tensor;
  let ta = operand(a, compute, like), tb = operand(b, compute, like);
  if (ta !== tb && ta.device.type !== tb.device.type) [ta, tb] = sameDevice([ta, tb]);
  const shape = sameShape(ta._shape, tb._shape) ? ta._shape.slice() : broadcastShapes(ta._shape, tb._shape);
  const res = empty(shape, out, ta.device, true);
  ta._backend.binary(op, broadcastTo(ta, shape), broadcastTo(tb, shape), res);
  return res;
}

function arith(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const d = promoteTypes(a, b);
  return binaryKernel(op, a, b, d, d);
}

export function unaryKernel(op: UnaryOp, x: Tensor, out: DType = x.dtype, p0 = 0, p1 = 0): Tensor {
  const res = empty(x._shape.slice(), out, x.device, true);
  x._backend.unary(op, x, res, p0, p1);
  return res;
}

/** Float ops on integer tensors compute in the default float dtype, as PyTorch does. */
const floatOf = (x: Tensor): DType => (x.dtype.is_floating_point ? x.dtype : get_default_dtype());

// ---- arithmetic ---------------------------------------------------------------------------------
/**
 * Adds `other`, scaled by `alpha`, to `input`: out = input + alpha * other, broadcasting their
 * shapes and promoting their dtypes as PyTorch does.
 *
 * @param input - the first operand (a tensor or a number)
 * @param other - the tensor or number to add
 * @param opts - `{ alpha }`: the multiplier for `other` (default 1)
 */
export function add(a: TensorLike, b: TensorLike, opts: { alpha?: number } = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  const bb = alpha === 1 ? b : isTensor(b) ? mul(b, alpha) : Number(b) * alpha;
  const out = arith('add', a, bb);
  return record(out, 'AddBackward0', [a, b], (g) => [g, alpha === 1 ? g : mul(g, alpha)]);
}

/**
 * Subtracts `other`, scaled by `alpha`, from `input`: out = input - alpha * other, with
 * broadcasting.
 *
 * @param input - the tensor or number to subtract from
 * @param other - the tensor or number to subtract
 * @param opts - `{ alpha }`: the multiplier for `other` (default 1)
 */
export function sub(a: TensorLike, b: TensorLike, opts: { alpha?: number } = {}): Tensor {
  const isBool = (x: TensorLike) => (isTensor(x) ? x.dtype === bool : typeof x === 'boolean');
  if (isBool(a) && isBool(b)) {
    throw new RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (isBool(a) || isBool(b)) {
    throw new RuntimeError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
  const alpha = opts.alpha ?? 1;
  const bb = alpha === 1 ? b : isTensor(b) ? mul(b, alpha) : Number(b) * alpha;
  const out = arith('sub', a, bb);
  return record(out, isTensor(a) ? 'SubBackward0' : 'RsubBackward1', [a, b], (g) => [g, mul(g, -alpha)]);
}

/**
 * Multiplies `input` by `other` elementwise, with broadcasting: out = input * other.
 *
 * @param input - the first factor
 * @param other - the tensor or number to multiply by
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const out = arith('mul', a, b);
  return record(out, 'MulBackward0', [a, b], (g) => [isTensor(a) ? mul(g, b) : null, isTensor(b) ? mul(g, a) : null],
    [rg(a) ? b : null, rg(b) ? a : null]);
}

/**
 * Divides `input` by `other` elementwise, with broadcasting: out = input / other (true division:
 * integer inputs give a float result unless `rounding_mode` is set).
 *
 * @param input - the dividend
 * @param other - the divisor
 * @param opts - `{ rounding_mode }`: `'trunc'` or `'floor'` to round the quotient
 */
export function div(a: TensorLike, b: TensorLike, opts: { rounding_mode?: 'trunc' | 'floor' | null } = {}): Tensor {
  const mode = opts.rounding_mode ?? null;
  if (mode) {
    const d = promoteTypes(a, b);
    if (d.kind !== 'float' && isTensor(b) ? b.eq(0).any().item() : Number(b) === 0 && d.kind !== 'float') throw new RuntimeError('ZeroDivisionError');
    const q = binaryKernel('div', a, b, d, d.kind === 'float' ? d : get_default_dtype());
    const r = mode === 'trunc' ? trunc(q) : floor(q);
    return d.kind === 'float' ? r : r.to(d);
  }
  let d = promoteTypes(a, b);
  if (!d.is_floating_point) d = get_default_dtype();
  const out = binaryKernel('div', a, b, d, d);
  return record(out, 'DivBackward0', [a, b], (g) => [
    isTensor(a) ? div(g, b) : null,
    isTensor(b) ? neg(div(mul(g, a), mul(b, b))) : null,
  ], [b, rg(b) ? a : null]);
}

/**
 * Takes the power of each element of `input` with `exponent`: out = input ** exponent, with
 * broadcasting.
 *
 * @param input - the base (a tensor or a number)
 * @param exponent - the exponent (a tensor or a number)
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (!isTensor(a)) return powScalarBase(Number(a), b as Tensor);
  const d = promoteTypes(a, b);
  if (d === bool) throw new RuntimeError('"pow" not implemented for \'Bool\'');
  if (!isTensor(b) && d.kind !== 'float' && Number(b) < 0) throw new RuntimeError('Integers to negative integer powers are not allowed.');
  const out = binaryKernel('pow', a, b, d, d);
  if (!isTensor(b)) {
    const e = Number(b);
    return record(out, 'PowBackward0', [a], (g) => [e === 0 ? mul(g, 0) : mul(mul(g, e), pow(a, e - 1))], [a]);
  }
  return record(out, 'PowBackward1', [a, b], (g) => [
    mul(mul(g, b), pow(a, sub(b, 1))),
    mul(mul(g, out), log(a)),
  ], [a, b, rg(b) ? out : null]);
}

function powScalarBase(base: number, e: Tensor): Tensor {
  const d = promoteTypes(base, e);
  const out = binaryKernel('pow', base, e, d, d);
  return record(out, 'PowBackward2', [e], (g) => [mul(mul(g, out), Math.log(base))], [out]);
}

export function remainder(a: TensorLike, b: TensorLike): Tensor {
  if (promoteTypes(a, b) === bool) throw new RuntimeError(`"remainder_${((isTensor(a) ? a : b) as Tensor).device.type}" not implemented for 'Bool'`);
  const out = arith('remainder', a, b);
  // PyTorch has no derivative for a scalar dividend: the node is named NotImplemented.
  if (!isTensor(a)) return record(out, 'NotImplemented', [b], () => { throw new RuntimeError('derivative for aten::remainder is not implemented'); });
  return record(out, isTensor(b) ? 'RemainderBackward1' : 'RemainderBackward0', [a, b], (g) => [g, isTensor(b) ? mul(neg(g), floor_divide(a, b)) : null], rg(b) ? [a, b] : undefined);
}
export function fmod(a: TensorLike, b: TensorLike): Tensor {
  const out = arith('fmod', a, b);
  return record(out, 'FmodBackward0', [a, b], (g) => [g, isTensor(b) ? mul(neg(g), trunc(div(a, b))) : null], rg(b) ? [a, b] : undefined);
}
export function floor_divide(a: TensorLike, b: TensorLike): Tensor { return arith('floor_divide', a, b); }

function minmax(op: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  const out = arith(op, a, b);
  return record(out, op === 'maximum' ? 'MaximumBackward0' : 'MinimumBackward0', [a, b], (g) => {
    const pick = op === 'maximum' ? a.gt(b) : a.lt(b);
    const tie = a.eq(b);
    const half = mul(g, 0.5);
    return [where(pick, g, where(tie, half, 0)), where(pick, 0, where(tie, half, g))];
  }, [a, b]);
}
export const maximum = (a: Tensor, b: Tensor) => minmax('maximum', a, b);
export const minimum = (a: Tensor, b: Tensor) => minmax('minimum', a, b);
export function atan2(a: Tensor, b: Tensor): Tensor {
  const d = promoteTypes(a, b);
  const f = d.is_floating_point ? d : get_default_dtype();
  const out = binaryKernel('atan2', a, b, f, f);
  return record(out, 'Atan2Backward0', [a, b], (g) => {
    const den = add(mul(a, a), mul(b, b));
    return [div(mul(g, b), den), div(mul(neg(g), a), den)];
  }, [a, b]);
}

// ---- comparisons and logic (no gradient) --------------------------------------------------------
export function cmp(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logical_and' | 'logical_or' | 'logical_xor', a: TensorLike, b: TensorLike): Tensor {
  return binaryKernel(op, a, b, promoteTypes(a, b), bool);
}
export function logical_not(x: Tensor): Tensor { return unaryKernel('logical_not', x, bool); }

// ---- bitwise, on integer and bool tensors (no gradient) ---------------------------------------
function bitwise(op: 'bitwise_and' | 'bitwise_or' | 'bitwise_xor', a: TensorLike, b: TensorLike): Tensor {
  const d = promoteTypes(a, b);
  if (d.is_floating_point) throw new RuntimeError(`"${op}_${((isTensor(a) ? a : b) as Tensor).device.type}" not implemented for '${typeName(d)}'`);
  return binaryKernel(op, a, b, d, d);
}
export const bitwise_and = (a: TensorLike, b: TensorLike): Tensor => bitwise('bitwise_and', a, b);
export const bitwise_or = (a: TensorLike, b: TensorLike): Tensor => bitwise('bitwise_or', a, b);
export const bitwise_xor = (a: TensorLike, b: TensorLike): Tensor => bitwise('bitwise_xor', a, b);
export function bitwise_not(x: Tensor): Tensor {
  if (x.dtype.is_floating_point) throw new RuntimeError(`"bitwise_not_${x.device.type}" not implemented for '${typeName(x.dtype)}'`);
  return unaryKernel(x.dtype === bool ? 'logical_not' : 'bitwise_not', x);
}

// ---- what Python's operators call beyond the named ops (torch/_tensor.py) ------------------------
/** `+x`: x itself. */
export function positive(x: Tensor): Tensor {
  if (x.dtype === bool) throw new RuntimeError('The `+` operator, on a bool tensor is not supported.');
  return x;
}
/** `~x` */
export function invert(x: Tensor): Tensor {
  if (x.dtype.is_floating_point) throw new TypeError('~ (operator.invert) is only implemented on integer and Boolean-type tensors');
  return bitwise_not(x);
}
/** `other - x` */
export const rsub = (x: Tensor, other: TensorLike): Tensor => sub(other, x);
/** `other / x`, computed as PyTorch does: x.reciprocal() * other. */
export const rtruediv = (x: Tensor, other: TensorLike): Tensor => mul(reciprocal(x), other);
/** `other ** x`: other as a zero-dim tensor of the result dtype, raised to x. */
export const rpow = (x: Tensor, other: TensorLike): Tensor =>
  pow(isTensor(other) ? other : scalarTensor(castValue(Number(other), promoteTypes(other, x)), promoteTypes(other, x), x.device), x);
/** `other % x` */
export const rmod = (x: Tensor, other: TensorLike): Tensor => remainder(other, x);
export function isnan(x: Tensor): Tensor { return unaryKernel('isnan', x, bool); }
export function equal(a: Tensor, b: Tensor): boolean {
  return sameShape(a._shape, b._shape) && Boolean(cmp('eq', a, b).all().item());
}
export function allclose(a: Tensor, b: Tensor, opts: { rtol?: number; atol?: number } = {}): boolean {
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8;
  return Boolean(sub(a, b).abs().le(add(mul(b.abs(), rtol), atol)).all().item());
}

/**
 * Returns a tensor of elements chosen from `input` where `condition` is true and from `other`
 * elsewhere, with broadcasting.
 *
 * @param condition - a bool tensor
 * @param input - the values where `condition` is true
 * @param other - the values where it is false
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const d = promoteTypes(a, b);
  const like = (isTensor(a) ? a : isTensor(b) ? b : cond) as Tensor;
  const [tc, ta, tb] = sameDevice([cond, operand(a, d, like), operand(b, d, like)]);
  const shape = broadcastShapes(broadcastShapes(tc._shape, ta._shape), tb._shape);
  const out = empty(shape, d, ta.device, true);
  ta._backend.where(broadcastTo(tc, shape), broadcastTo(ta, shape), broadcastTo(tb, shape), out);
  return record(out, 'WhereBackward0', [a, b], (g) => [isTensor(a) ? where(cond, g, 0) : null, isTensor(b) ? where(cond, 0, g) : null], [cond]);
}

// ---- unary math ---------------------------------------------------------------------------------
type Grad = (g: Tensor, x: Tensor, out: Tensor) => Tensor;
/** A unary op whose gradient reads its input ('self'), its result ('result') or neither. */
function unaryOp(op: UnaryOp, name: string, float: boolean, grad: Grad, reads: 'self' | 'result' | null) {
  return (x: Tensor): Tensor => {
    const out = unaryKernel(op, x, float ? floatOf(x) : x.dtype);
    return record(out, name, [x], (g) => [grad(g, x, out)], reads === 'self' ? [x] : reads === 'result' ? [out] : undefined);
  };
}
const zeroGrad: Grad = (g) => mul(g, 0);

const negate = unaryOp('neg', 'NegBackward0', false, (g) => neg(g), null);
export function neg(x: Tensor): Tensor {
  if (x.dtype === bool) {
    throw new RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
  return negate(x);
}
export const abs = unaryOp('abs', 'AbsBackward0', false, (g, x) => mul(g, sign(x)), 'self');
export const exp = unaryOp('exp', 'ExpBackward0', true, (g, _x, y) => mul(g, y), 'result');
export const log = unaryOp('log', 'LogBackward0', true, (g, x) => div(g, x), 'self');
export const log1p = unaryOp('log1p', 'Log1PBackward0', true, (g, x) => div(g, add(x, 1)), 'self');
export const expm1 = unaryOp('expm1', 'Expm1Backward0', true, (g, _x, y) => mul(g, add(y, 1)), 'result');
export const sqrt = unaryOp('sqrt', 'SqrtBackward0', true, (g, _x, y) => div(g, mul(y, 2)), 'result');
export const rsqrt = unaryOp('rsqrt', 'RsqrtBackward0', true, (g, _x, y) => mul(g, mul(pow(y, 3), -0.5)), 'result');
export const sin = unaryOp('sin', 'SinBackward0', true, (g, x) => mul(g, cos(x)), 'self');
export const cos = unaryOp('cos', 'CosBackward0', true, (g, x) => mul(g, neg(sin(x))), 'self');
export const tan = unaryOp('tan', 'TanBackward0', true, (g, _x, y) => mul(g, add(mul(y, y), 1)), 'result');
/**
 * A gradient as one fused kernel (tanh_grad, sigmoid_grad), or composed of differentiable ops
 * when the backward pass itself is recorded (create_graph); both round alike.
 */
const fusedGrad = (op: BinaryOp, composed: Grad): Grad => (g, x, y) =>
  is_grad_enabled() && (g._requires_grad || y._requires_grad) ? composed(g, x, y) : binaryKernel(op, g, y, promoteTypes(g, y), promoteTypes(g, y));
export const tanh = unaryOp('tanh', 'TanhBackward0', true, fusedGrad('tanh_grad', (g, _x, y) => mul(g, sub(1, mul(y, y)))), 'result');
export const sigmoid = unaryOp('sigmoid', 'SigmoidBackward0', true, fusedGrad('sigmoid_grad', (g, _x, y) => mul(mul(g, sub(1, y)), y)), 'result');
export const relu = unaryOp('relu', 'ReluBackward0', false, (g, _x, y) => binaryKernel('relu_grad', g, y, g.dtype, g.dtype), 'result');
export const erf = unaryOp('erf', 'ErfBackward0', true, (g, x) => mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI))), 'self');
export const floor = unaryOp('floor', 'FloorBackward0', false, zeroGrad, null);
export const ceil = unaryOp('ceil', 'CeilBackward0', false, zeroGrad, null);
export const trunc = unaryOp('trunc', 'TruncBackward0', false, zeroGrad, null);
export const sign = unaryOp('sign', 'SignBackward0', false, zeroGrad, null);
export const reciprocal = unaryOp('reciprocal', 'ReciprocalBackward0', true, (g, _x, y) => mul(g, neg(mul(y, y))), 'result');
export const square = (x: Tensor): Tensor => pow(x, 2);

/**
 * Rounds each element of `input` to the nearest integer (halves to even, as PyTorch), or to
 * `decimals` decimal places.
 *
 * @param input - the tensor
 * @param opts - `{ decimals }`
 */
export function round(x: Tensor, opts: { decimals?: number } = {}): Tensor {
  const d = opts.decimals ?? 0;
  if (d === 0) return record(unaryKernel('round', x), 'RoundBackward0', [x], (g) => [mul(g, 0)]);
  const f = Math.pow(10, d);
  return record(div(unaryKernel('round', mul(x, f).detach()), f), 'RoundBackward1', [x], (g) => [mul(g, 0)]);
}

export type ClampBound = number | Tensor | null;

/**
 * Clamps every element of `input` into the range [min, max]: elements below `min` become `min`,
 * above `max` become `max`.
 *
 * @param input - the tensor
 * @param min - the lower bound (a number, a tensor, or `{ min, max }`)
 * @param max - the upper bound
 */
export function clamp(x: Tensor, min?: ClampBound | { min?: ClampBound; max?: ClampBound }, max?: ClampBound): Tensor {
  if (min !== null && typeof min === 'object' && !isTensor(min)) return clamp(x, min.min, min.max);
  const lo = (min ?? null) as ClampBound, hi = max ?? null;
  if (lo === null && hi === null) throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (isTensor(lo) || isTensor(hi)) return clampTensor(x, lo, hi);
  // The bounds take part in type promotion (an int tensor clamped to 2.5 is float).
  const fl = [lo, hi].find((v) => v !== null && !Number.isInteger(v));
  const d = fl === undefined ? x.dtype : promoteTypes(x, fl as number);
  const out = unaryKernel('clamp', d === x.dtype ? x : x.detach().to(d), d, lo ?? -Infinity, hi ?? Infinity);
  return record(out, 'ClampBackward1', [x], (g) => {
    let m = lo !== null ? x.ge(lo) : null;
    if (hi !== null) m = m ? m.logical_and(x.le(hi)) : x.le(hi);
    return [where(m!, g, 0)];
  }, [x]);
}

/** clamp with tensor bounds: max(x, lo) then min(., hi), broadcast; gradients go where each side wins. */
function clampTensor(x: Tensor, lo: number | Tensor | null, hi: number | Tensor | null): Tensor {
  const xd = x.detach();
  let v: Tensor = xd;
  if (lo !== null) v = where(cmp('lt', v, lo), isTensor(lo) ? lo.detach() : lo, v);
  if (hi !== null) v = where(cmp('gt', v, hi), isTensor(hi) ? hi.detach() : hi, v);
  const below = lo !== null ? cmp('lt', xd, lo) : null;
  const above = hi !== null ? cmp('gt', xd, hi) : null;
  return record(v, 'ClampBackward0', [x, lo, hi], (g) => {
    const inside = below && above ? below.logical_or(above).logical_not() : (below ?? above)!.logical_not();
    return [where(inside, g, 0), below && isTensor(lo) ? where(below, g, 0) : null,
      above && isTensor(hi) ? where(above, g, 0) : null];
  }, [x, lo, hi]);
}

export function clone(x: Tensor): Tensor {
  const out = empty(x._shape.slice(), x.dtype, x.device, true);
  x._backend.copy(x, out);
  return record(out, 'CloneBackward0', [x], (g) => [g]);
}

/**
 * `self op= o` written straight into a CPU tensor when nothing is recorded for autograd and the result
 * has self's dtype and shape (w1 -= lr * g in a training loop): no result tensor and no copy.
 * Returns null when it does not apply (or when o overlaps self's storage), for the caller's
 * general path.
 */
export function inplaceBinary<T extends Tensor>(self: T, op: 'add' | 'sub' | 'mul' | 'div', o: TensorLike): T | null {
  const ot = isTensor(o) ? o : null;
  if (self._requires_grad || (ot && ot._requires_grad && is_grad_enabled()) || !self._contiguous || self.device.type !== 'cpu') return null;
  if (ot && (ot._storage === self._storage || ot.device.type !== self.device.type)) return null;
  if (!isTensor(o) && typeof o !== 'number') return null;
  const d = promoteTypes(self, o);
  // bool tensors take the general path, with PyTorch's errors for `-` and its bool arithmetic
  if (d !== self.dtype || d === bool || (op === 'div' && !d.is_floating_point)) return null;
  if (ot && !sameShape(ot._shape, self._shape) && !sameShape(broadcastShapes(self._shape, ot._shape), self._shape)) return null;
  self._backend.binary(op, self, broadcastTo(operand(o, d, self), self._shape), self);
  self._version++;
  return self;
}

/**
 * An in-place op: `compute` gives the result out of place, which is written into `self` (with
 * PyTorch's checks), and self takes the result's place in the graph. When the op's gradient reads
 * its input (`readsSelf`), `compute` gets a copy of self's values that stands where self stands in
 * the graph: PyTorch saves the original self, which the write would otherwise change.
 */
export function inplace<T extends Tensor>(self: T, compute: (src: Tensor) => Tensor, readsSelf = false): T {
  const grad = is_grad_enabled();
  if (self._requires_grad && self.is_leaf && grad) {
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const result = compute(readsSelf && grad ? original(self) : self);
  if (!canCast(result.dtype, self.dtype)) {
    throw new RuntimeError(`result type ${typeName(result.dtype)} can't be cast to the desired output type ${typeName(self.dtype)}`);
  }
  if (!sameShape(result._shape, self._shape)) {
    throw new RuntimeError(`output with shape ${fmtShape(self._shape)} doesn't match the broadcast shape ${fmtShape(result._shape)}`);
  }
  self._backend.copy(result, self);
  self._version++;
  if (result.grad_fn) {
    // A gradient that reads the result reads self from now on, at this version.
    result.grad_fn.rebaseOutput(result, self);
    self.grad_fn = result.grad_fn;
    self._requires_grad = true;
  }
  return self;
}

/** A copy of t's values in t's place in the graph. */
function original(t: Tensor): Tensor {
  const c = empty(t._shape.slice(), t.dtype, t.device);
  t._backend.copy(t, c);
  c.grad_fn = t.grad_fn;
  c._requires_grad = t._requires_grad;
  return c;
}

export { full };
