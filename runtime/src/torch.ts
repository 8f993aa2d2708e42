// The `torch` namespace: PyTorch's top-level names, each re-exported from where it is defined.
import './backends/cpu';
import './backends/cuda';
import './ops';
import { Tensor as TensorImpl, TensorLike } from './tensor/tensor';
import { DType, float32, float64, int32, int64, bool as boolDtype } from './tensor/dtype';
import { Device } from './tensor/storage';
import * as C from './ops/creation';
import * as P from './ops/pointwise';
import * as R from './ops/reduce';
import * as S from './ops/shape';
import * as L from './ops/linalg';
import * as A from './ops/activation';
import * as I from './ops/indexing';
import { DimArg } from './ops/args';
import { is_grad_enabled, set_grad_enabled as setGrad, withGradMode } from './autograd/graph';

export { DType, float32, float64, int32, int64 };
export const float = float32, double = float64, long = int64, int = int32, bool = boolDtype;
export { get_default_dtype, set_default_dtype } from './tensor/dtype';
export { Size } from './tensor/size';
export { Storage } from './tensor/storage';
export { NDArray } from './tensor/ndarray';
export { Slice, slice, Ellipsis } from './ops/index_spec';
export { ValuesIndices } from './ops/reduce';
export { set_printoptions, get_printoptions } from './display/format';
export { Generator, default_generator, manual_seed, initial_seed, seed } from './random';
export { is_grad_enabled };
export { RuntimeError, IndexError, ValueError, NotImplementedError, KeyError, AssertionError, TypeError } from './errors';
export { typename, isTensor as is_tensor } from './tensor/tensor';
export { getNumThreads as get_num_threads, setNumThreads as set_num_threads } from './backends/cpu/wasm';
export * as autograd from './autograd';
export * as cuda from './cuda';
export * as nn from './nn';
export * as optim from './optim';
export * as utils from './utils';
import { serializers } from './serialization';
import { Parameter, OrderedDict } from './nn/module';
import { is_available as cudaAvailable, device_count as cudaDeviceCount } from './cuda';

/** torch.Tensor: the class for `instanceof` and types, callable as the legacy float32 constructor. */
export type Tensor = TensorImpl;
interface TensorConstructor {
  (...args: unknown[]): TensorImpl;
  new (...args: unknown[]): TensorImpl;
  readonly prototype: TensorImpl;
}
function legacy(dtype: DType): TensorConstructor {
  const f = function (...args: unknown[]) { return C.legacyTensor(dtype, args); } as unknown as TensorConstructor;
  Object.defineProperty(f, 'prototype', { value: TensorImpl.prototype });
  Object.defineProperty(f, Symbol.hasInstance, { value: (x: unknown) => x instanceof TensorImpl && (dtype === float32 || x.dtype === dtype) });
  return f;
}
export const Tensor = legacy(float32);
export const FloatTensor = legacy(float32), DoubleTensor = legacy(float64), LongTensor = legacy(int64), IntTensor = legacy(int32), BoolTensor = legacy(boolDtype);

export function device(type: string, index?: number): Device { return Device.parse(index === undefined ? type : `${type}:${index}`); }
export function numel(x: TensorImpl): number { return x.numel(); }

// ---- grad mode ----------------------------------------------------------------------------------
/** `torch.no_grad(() => ...)` runs the function with gradient recording off (the `with` block). */
export function no_grad<T>(fn: () => T): T { return withGradMode(false, fn); }
export function enable_grad<T>(fn: () => T): T { return withGradMode(true, fn); }
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void { if (fn) return withGradMode(mode, fn); setGrad(mode); }
export function inference_mode<T>(fn: () => T): T { return withGradMode(false, fn); }

// ---- factories ----------------------------------------------------------------------------------
export const { tensor, as_tensor, from_numpy, zeros, ones, full, zeros_like, ones_like, empty_like, full_like, arange, linspace, eye,
  rand, randn, randint, randperm, rand_like, randn_like } = C;
export const empty = C.emptyT;

// ---- pointwise ----------------------------------------------------------------------------------
type TL = TensorLike;
export const { add, sub, mul, div, pow, remainder, fmod, floor_divide, maximum, minimum, atan2, where, clamp, clone, equal, allclose,
  neg, abs, exp, log, log1p, expm1, sqrt, rsqrt, sin, cos, tan, tanh, sigmoid, relu, erf, floor, ceil, trunc, sign, reciprocal,
  square, round, isnan, logical_not, bitwise_and, bitwise_or, bitwise_xor, bitwise_not, positive } = P;
export const subtract = P.sub, multiply = P.mul, divide = P.div, true_divide = P.div, negative = P.neg, clip = P.clamp, absolute = P.abs;
export function rsub(a: TL, b: TL, opts?: { alpha?: number }): TensorImpl { return P.sub(b, a, opts); }
export const eq = (a: TL, b: TL) => P.cmp('eq', a, b), ne = (a: TL, b: TL) => P.cmp('ne', a, b);
export const lt = (a: TL, b: TL) => P.cmp('lt', a, b), le = (a: TL, b: TL) => P.cmp('le', a, b);
export const gt = (a: TL, b: TL) => P.cmp('gt', a, b), ge = (a: TL, b: TL) => P.cmp('ge', a, b);
export const logical_and = (a: TL, b: TL) => P.cmp('logical_and', a, b), logical_or = (a: TL, b: TL) => P.cmp('logical_or', a, b);
export const logical_xor = (a: TL, b: TL) => P.cmp('logical_xor', a, b);
// In-place functional forms, e.g. torch.cos_(x).
export const cos_ = (x: TensorImpl) => x.cos_(), sin_ = (x: TensorImpl) => x.sin_(), exp_ = (x: TensorImpl) => x.exp_();
export const sqrt_ = (x: TensorImpl) => x.sqrt_(), abs_ = (x: TensorImpl) => x.abs_(), relu_ = (x: TensorImpl) => x.relu_();
export const sigmoid_ = (x: TensorImpl) => x.sigmoid_(), tanh_ = (x: TensorImpl) => x.tanh_(), neg_ = (x: TensorImpl) => x.neg_();

// ---- reductions ---------------------------------------------------------------------------------
export const sum = (x: TensorImpl, dim?: DimArg | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts) => R.sum(x, dim, keepdim, opts);
export const mean = (x: TensorImpl, dim?: DimArg | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts) => R.mean(x, dim, keepdim, opts);
export const prod = (x: TensorImpl, dim?: number, keepdim?: boolean) => R.prod(x, dim, keepdim);
export const std = (x: TensorImpl, dim?: DimArg | R.VarOpts, opts?: boolean | R.VarOpts, keepdim?: boolean) => R.std(x, dim, opts, keepdim);
export const var_ = (x: TensorImpl, dim?: DimArg | R.VarOpts, opts?: boolean | R.VarOpts, keepdim?: boolean) => R.var_(x, dim, opts, keepdim);
export { var_ as var };
export const norm = (x: TensorImpl, p?: number | 'fro' | R.NormOpts, dim?: DimArg | R.NormOpts, keepdim?: boolean | R.NormOpts) => R.norm(x, p, dim, keepdim);
/**
 * Returns the maximum of all elements; with `dim`, a (values, indices) pair along that dimension;
 * with another tensor, the elementwise maximum.
 *
 * @param input - the tensor
 * @param dim - the dimension to reduce (or another tensor)
 * @param keepdim - whether the output keeps `dim` with size 1
 */
export function max(x: TensorImpl): TensorImpl;
export function max(x: TensorImpl, dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): R.ValuesIndices;
export function max(x: TensorImpl, other: TensorImpl): TensorImpl;
export function max(x: TensorImpl, dim?: number | TensorImpl | { dim: number; keepdim?: boolean }, keepdim?: boolean) { return R.maxmin('max', x, dim, keepdim); }
export function min(x: TensorImpl): TensorImpl;
export function min(x: TensorImpl, dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): R.ValuesIndices;
export function min(x: TensorImpl, other: TensorImpl): TensorImpl;
export function min(x: TensorImpl, dim?: number | TensorImpl | { dim: number; keepdim?: boolean }, keepdim?: boolean) { return R.maxmin('min', x, dim, keepdim); }
export const { amax, amin, argmax, argmin } = R;
export const all = (x: TensorImpl, dim?: number, keepdim?: boolean) => R.allany(x, 'all', dim, keepdim);
export const any = (x: TensorImpl, dim?: number, keepdim?: boolean) => R.allany(x, 'any', dim, keepdim);
export const logsumexp = R.logsumexp, cumsum = R.cumsum;

// ---- shapes, joins, indexing, linear algebra ------------------------------------------------------
export const { cat, stack, split, chunk, unbind, flatten, squeeze, unsqueeze, transpose, permute, narrow, select, t, flip } = S;
export const concat = S.cat, concatenate = S.cat;
export function reshape(x: TensorImpl, shape: readonly number[]): TensorImpl { return S.reshape(x, [shape]); }
export const { index_select, gather, masked_fill, nonzero } = I;
export const masked_select = (x: TensorImpl, mask: TensorImpl) => x.masked_select(mask);
export const { matmul, mm, bmm, mv, dot, inner, outer } = L;
export const { softmax, log_softmax } = A;

// ---- serialization ------------------------------------------------------------------------------
/** torch.save(obj, f) / torch.load(f, { map_location }): PyTorch's file format, or safetensors for `.safetensors` paths. */
export const { save, load } = serializers({ Parameter, OrderedDict, cuda: { is_available: cudaAvailable, device_count: cudaDeviceCount } });
