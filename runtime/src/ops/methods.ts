// Tensor's chained methods (`x.add(y)`, `x.sum(1)`, `x.index('0:2')`, printing), attached to
// Tensor.prototype from the op side so that tensor/ imports no op (tfjs's chained_ops): each is a
// one-liner over the op modules, where the op is defined once. `interface Tensor extends
// TensorMethods` (declaration merging) gives them their types.
import { Tensor, TensorLike } from '../tensor/tensor';
import { DType, bool, float32, float64, int32, int64 } from '../tensor/dtype';
import { Device } from '../tensor/storage';
import { NDArray } from '../tensor/ndarray';
import { tensorRepr, numpyRepr, Printable } from '../display/format';
import * as E from '../autograd/engine';
import { requiresGrad as rg } from '../autograd/engine';
import { DimArg, ShapeArg } from './args';
import { IndexSpec } from './index_spec';
import * as P from './pointwise';
import * as R from './reduce';
import * as S from './shape';
import * as I from './indexing';
import * as L from './linalg';
import * as A from './activation';
import * as C from './creation';

declare module '../tensor/tensor' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Tensor extends TensorMethods {}
}

type ClampArg = P.ClampBound | { min?: P.ClampBound; max?: P.ClampBound };
type ToArg = DType | string | Device | { dtype?: DType; device?: string | Device; copy?: boolean };
type ArgDim = number | { dim?: number; keepdim?: boolean };
type MaxDim = number | { dim: number; keepdim?: boolean };

const self = (m: TensorMethods): Tensor => m as unknown as Tensor;

export class TensorMethods {
  get T(): Tensor { const t = self(this); return S.permute(t, t._shape.map((_, i) => t._shape.length - 1 - i)); }
  get mT(): Tensor { return S.transpose(self(this), -2, -1); }

  // ---- autograd -------------------------------------------------------------------------------
  retain_grad(this: Tensor): void { E.retainGrad(this); }
  /**
   * Computes the gradient of this tensor with respect to the graph leaves, accumulating it into
   * their `.grad`. For a scalar (one-element) tensor the gradient argument may be omitted.
   *
   * @param gradient - the gradient of some final result with respect to this tensor (needed unless
   *   it is a scalar)
   * @param opts - `{ retain_graph, create_graph, inputs }`
   */
  backward(this: Tensor, gradient?: Tensor, opts: { retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor[] } = {}): void {
    E.backward([this], gradient ? [gradient] : [null], opts);
  }

  // ---- conversion and printing ----------------------------------------------------------------
  /**
   * Returns the value of this tensor as a JavaScript number. Works only for tensors with one
   * element; use `tolist()` for more.
   */
  item(this: Tensor): number { return I.item(this); }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  /**
   * Returns the tensor as a (nested) JavaScript array of numbers (or booleans), or a number for a
   * 0-dim tensor.
   */
  tolist(this: Tensor): any { return I.tolist(this); }
  /**
   * Returns this CPU tensor as a NumPy-like array sharing its memory. Fails for a tensor that
   * requires grad (call `detach()` first), as PyTorch does.
   */
  numpy(this: Tensor): NDArray { return NDArray.fromTensor(this); }
  toString(this: Tensor): string { return tensorRepr(this.printable()); }
  [Symbol.for('nodejs.util.inspect.custom')](this: Tensor): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](this: Tensor): Record<string, string> { return { 'text/plain': this.toString() }; }
  /** The read-only view the formatter needs. */
  printable(this: Tensor): Printable {
    const t = this;
    return {
      shape: t._shape, dtype: t.dtype, deviceName: t.device.name,
      gradFnName: t.grad_fn ? t.grad_fn.name() : null, requiresGrad: t._requires_grad,
      values: () => t._backend.read(t),
      // On the CPU one element is read in place, so a summarized print touches only what it shows.
      at: t.device.type === 'cpu' ? (i: number) => {
        let off = t._offset;
        for (let d = t._shape.length - 1; d >= 0; d--) {
          const n = t._shape[d];
          off += (i % n) * t._strides[d];
          i = Math.floor(i / n);
        }
        return t._storage.data[off];
      } : undefined,
    };
  }
  /**
   * Returns this tensor with the given dtype and/or device (`t.to('cuda')`, `t.to(torch.float64)`,
   * `t.to({ device, dtype })`), or this tensor itself when nothing changes.
   *
   * @param args - a dtype, a device (or its name), or `{ dtype, device, copy }`
   */
  to(this: Tensor, ...args: ToArg[]): Tensor { return C.to(this, args); }
  type(this: Tensor, dtype?: DType | string): Tensor | string { return C.type(this, dtype); }
  /**
   * Returns a copy of this tensor in CPU memory, or this tensor if it is already there.
   */
  cpu(this: Tensor): Tensor { return C.to(this, ['cpu']); }
  /**
   * Returns a copy of this tensor on the CUDA device (a GPU through gpu.js), or this tensor if it
   * is already there.
   *
   * @param device - the device index or name (default the current CUDA device)
   */
  cuda(this: Tensor, device?: number | string): Tensor { return C.to(this, [device === undefined ? 'cuda' : typeof device === 'number' ? `cuda:${device}` : device]); }
  /**
   * Returns this tensor as float32 (`self.to(torch.float32)`).
   */
  float(this: Tensor): Tensor { return C.to(this, [float32]); }
  /**
   * Returns this tensor as float64 (`self.to(torch.float64)`).
   */
  double(this: Tensor): Tensor { return C.to(this, [float64]); }
  /**
   * Returns this tensor as int64 (`self.to(torch.int64)`).
   */
  long(this: Tensor): Tensor { return C.to(this, [int64]); }
  int(this: Tensor): Tensor { return C.to(this, [int32]); }
  bool(this: Tensor): Tensor { return C.to(this, [bool]); }
  /**
   * Returns a copy of this tensor, with its own memory; the copy stays in the autograd graph
   * (gradients flow back to the original).
   */
  clone(this: Tensor): Tensor { return P.clone(this); }
  contiguous(this: Tensor): Tensor { return this._contiguous ? this : P.clone(this); }
  /** Tensors of this one's dtype and device (PyTorch's `x.new_ones(size)` and kin). */
  new_full(this: Tensor, size: readonly number[], value: number, opts: C.FactoryOpts = {}): Tensor { return C.full(size, value, { dtype: this.dtype, device: this.device, ...opts }); }
  new_zeros(this: Tensor, size: readonly number[], opts: C.FactoryOpts = {}): Tensor { return this.new_full(size, 0, opts); }
  new_ones(this: Tensor, size: readonly number[], opts: C.FactoryOpts = {}): Tensor { return this.new_full(size, 1, opts); }
  new_empty(this: Tensor, size: readonly number[], opts: C.FactoryOpts = {}): Tensor { return this.new_full(size, 0, opts); }

  // ---- in-place initialisers --------------------------------------------------------------------
  /**
   * Fills this tensor with zeros, in place, and returns it.
   */
  zero_<S extends Tensor>(this: S): S { return I.fill_(this, 0); }
  fill_<S extends Tensor>(this: S, v: number | Tensor): S { return I.fill_(this, v); }
  copy_<S extends Tensor>(this: S, src: Tensor): S { return I.copy_(this, src); }
  uniform_<S extends Tensor>(this: S, from = 0, to = 1, opts?: C.GenOpt): S { return C.uniform_(this, from, to, opts); }
  normal_<S extends Tensor>(this: S, mean = 0, std = 1, opts?: C.GenOpt): S { return C.normal_(this, mean, std, opts); }
  random_<S extends Tensor>(this: S, from?: number, to?: number, opts?: C.GenOpt): S { return C.random_(this, from, to, opts); }
  bernoulli_<S extends Tensor>(this: S, p = 0.5, opts?: C.GenOpt): S { return C.bernoulli_(this, p, opts); }

  // ---- views ----------------------------------------------------------------------------------
  /**
   * Returns a new tensor with the same data in a different shape, without copying (the tensor must
   * be contiguous enough; see `reshape`). One dimension may be -1 and is then inferred.
   *
   * @param shape - the new shape, as numbers or one array
   */
  view(this: Tensor, ...shape: ShapeArg[]): Tensor { return S.view(this, shape); }
  view_as(this: Tensor, other: Tensor): Tensor { return S.view(this, [other._shape]); }
  /**
   * Returns a tensor with the same data and number of elements in the given shape: a view when
   * possible, otherwise a copy. One dimension may be -1 and is then inferred.
   *
   * @param shape - the new shape, as numbers or one array
   */
  reshape(this: Tensor, ...shape: ShapeArg[]): Tensor { return S.reshape(this, shape); }
  reshape_as(this: Tensor, other: Tensor): Tensor { return S.reshape(this, [other._shape]); }
  /**
   * Flattens the dimensions from `start_dim` to `end_dim` into one.
   *
   * @param start_dim - the first dimension to flatten (default 0)
   * @param end_dim - the last dimension to flatten (default -1)
   */
  flatten(this: Tensor, start_dim = 0, end_dim = -1): Tensor { return S.flatten(this, start_dim, end_dim); }
  unflatten(this: Tensor, dim: number, sizes: number[]): Tensor { return S.unflatten(this, dim, sizes); }
  /**
   * Returns a view with the dimensions of size 1 removed (only `dim`, when given).
   *
   * @param dim - the dimension to remove if its size is 1
   */
  squeeze(this: Tensor, dim?: number): Tensor { return S.squeeze(this, dim); }
  /**
   * Returns a view with a dimension of size 1 inserted at position `dim`.
   *
   * @param dim - where the new dimension goes (negative counts from the end)
   */
  unsqueeze(this: Tensor, dim: number): Tensor { return S.unsqueeze(this, dim); }
  /**
   * Returns a view with the dimensions `dim0` and `dim1` swapped.
   *
   * @param dim0 - the first dimension
   * @param dim1 - the second dimension
   */
  transpose(this: Tensor, d0: number, d1: number): Tensor { return S.transpose(this, d0, d1); }
  swapaxes(this: Tensor, d0: number, d1: number): Tensor { return S.transpose(this, d0, d1); }
  /**
   * Returns the transpose of a tensor of at most two dimensions (a view).
   */
  t(this: Tensor): Tensor { return S.t(this); }
  /**
   * Returns a view with its dimensions reordered as given.
   *
   * @param dims - the new order of the dimensions
   */
  permute(this: Tensor, ...dims: ShapeArg[]): Tensor { return S.permute(this, S.flatArgs(dims)); }
  expand(this: Tensor, ...shape: ShapeArg[]): Tensor { return S.expand(this, S.flatArgs(shape)); }
  expand_as(this: Tensor, other: Tensor): Tensor { return S.expand(this, other._shape); }
  narrow(this: Tensor, dim: number, start: number, length: number): Tensor { return S.narrow(this, dim, start, length); }
  select(this: Tensor, dim: number, index: number): Tensor { return S.select(this, dim, index); }
  unbind(this: Tensor, dim = 0): Tensor[] { return S.unbind(this, dim); }
  split(this: Tensor, size: number | number[], dim: number | { dim?: number } = 0): Tensor[] { return S.split(this, size, dim); }
  chunk(this: Tensor, chunks: number, dim: number | { dim?: number } = 0): Tensor[] { return S.chunk(this, chunks, dim); }
  repeat(this: Tensor, ...sizes: ShapeArg[]): Tensor { return S.repeat(this, S.flatArgs(sizes)); }
  flip(this: Tensor, ...dims: ShapeArg[]): Tensor { return S.flip(this, S.flatArgs(dims)); }

  // ---- indexing: x[...] is x.index('...') / x.__getitem__(...), x[...] = v is x.set('...', v) ----
  /**
   * Indexing as Python's `x[...]`: a string spelled as in Python (`'0:2, 1'`, `':, None'`, `'...,
   * -1'`, `'::2'`), numbers, `torch.slice(start, stop, step)`, index lists or tensors, bool masks.
   * Basic indexing returns a view, advanced indexing a copy.
   *
   * @param spec - the indices, one per dimension
   */
  index(this: Tensor, ...spec: IndexSpec[]): Tensor { return I.getitem(this, spec); }
  __getitem__(this: Tensor, ...spec: IndexSpec[]): Tensor { return I.getitem(this, spec); }
  /**
   * Assignment as Python's `x[...] = value`, in place: `x.set(mask, 0)`, `x.set('0:2, 1', v)`;
   * `x.set(i, j, v)` is `x[i, j] = v` (the components one by one, then the value).
   *
   * @param spec - the indices (as for `index`)
   * @param value - a number or a tensor broadcast to the indexed part
   */
  set<S extends Tensor>(this: S, spec: IndexSpec | IndexSpec[], value: TensorLike): S;
  set<S extends Tensor>(this: S, ...specsAndValue: [IndexSpec, IndexSpec, ...IndexSpec[], TensorLike]): S;
  set<S extends Tensor>(this: S, ...args: unknown[]): S { return setArgs(this, args); }
  __setitem__<S extends Tensor>(this: S, spec: IndexSpec | IndexSpec[], value: TensorLike): S;
  __setitem__<S extends Tensor>(this: S, ...specsAndValue: [IndexSpec, IndexSpec, ...IndexSpec[], TensorLike]): S;
  __setitem__<S extends Tensor>(this: S, ...args: unknown[]): S { return setArgs(this, args); }
  index_select(this: Tensor, dim: number, index: Tensor | number[]): Tensor { return I.index_select(this, dim, index); }
  gather(this: Tensor, dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  masked_fill(this: Tensor, mask: Tensor, value: TensorLike): Tensor { return I.masked_fill(this, mask, value); }
  masked_fill_<S extends Tensor>(this: S, mask: Tensor, value: TensorLike): S { return I.setitem(this, mask, value); }
  masked_select(this: Tensor, mask: Tensor): Tensor { return I.getitem(this, [mask]); }
  nonzero(this: Tensor): Tensor { return I.nonzero(this); }
  __len__(this: Tensor): number { return I.len(this); }
  *[Symbol.iterator](this: Tensor): Iterator<Tensor> { yield* S.unbind(this, 0); }

  // ---- pointwise ------------------------------------------------------------------------------
  /**
   * Returns `self + alpha * other`, with broadcasting (see `torch.add`).
   *
   * @param other - the tensor or number to add
   * @param opts - `{ alpha }`
   */
  add(this: Tensor, o: TensorLike, opts?: { alpha?: number }): Tensor { return P.add(this, o, opts); }
  /**
   * Returns `self - alpha * other`, with broadcasting (see `torch.sub`).
   *
   * @param other - the tensor or number to subtract
   * @param opts - `{ alpha }`
   */
  sub(this: Tensor, o: TensorLike, opts?: { alpha?: number }): Tensor { return P.sub(this, o, opts); }
  /**
   * Returns `self * other` elementwise, with broadcasting.
   *
   * @param other - the tensor or number to multiply by
   */
  mul(this: Tensor, o: TensorLike): Tensor { return P.mul(this, o); }
  /**
   * Returns `self / other` elementwise, with broadcasting (true division unless `rounding_mode` is
   * set).
   *
   * @param other - the divisor
   * @param opts - `{ rounding_mode }`
   */
  div(this: Tensor, o: TensorLike, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor { return P.div(this, o, opts); }
  true_divide(this: Tensor, o: TensorLike): Tensor { return P.div(this, o); }
  /**
   * Returns `self ** exponent` elementwise.
   *
   * @param exponent - a tensor or a number
   */
  pow(this: Tensor, o: TensorLike): Tensor { return P.pow(this, o); }
  remainder(this: Tensor, o: TensorLike): Tensor { return P.remainder(this, o); }
  fmod(this: Tensor, o: TensorLike): Tensor { return P.fmod(this, o); }
  floor_divide(this: Tensor, o: TensorLike): Tensor { return P.floor_divide(this, o); }
  maximum(this: Tensor, o: Tensor): Tensor { return P.maximum(this, o); }
  minimum(this: Tensor, o: Tensor): Tensor { return P.minimum(this, o); }
  atan2(this: Tensor, o: Tensor): Tensor { return P.atan2(this, o); }
  neg(this: Tensor): Tensor { return P.neg(this); }
  negative(this: Tensor): Tensor { return P.neg(this); }
  /**
   * Returns the absolute value of each element.
   */
  abs(this: Tensor): Tensor { return P.abs(this); }
  /**
   * Returns the exponential of each element.
   */
  exp(this: Tensor): Tensor { return P.exp(this); }
  /**
   * Returns the natural logarithm of each element.
   */
  log(this: Tensor): Tensor { return P.log(this); }
  log1p(this: Tensor): Tensor { return P.log1p(this); }
  expm1(this: Tensor): Tensor { return P.expm1(this); }
  /**
   * Returns the square root of each element.
   */
  sqrt(this: Tensor): Tensor { return P.sqrt(this); }
  rsqrt(this: Tensor): Tensor { return P.rsqrt(this); }
  sin(this: Tensor): Tensor { return P.sin(this); }
  cos(this: Tensor): Tensor { return P.cos(this); }
  tan(this: Tensor): Tensor { return P.tan(this); }
  /**
   * Returns the hyperbolic tangent of each element.
   */
  tanh(this: Tensor): Tensor { return P.tanh(this); }
  /**
   * Returns the logistic sigmoid 1 / (1 + exp(-x)) of each element.
   */
  sigmoid(this: Tensor): Tensor { return P.sigmoid(this); }
  /**
   * Returns max(x, 0) of each element.
   */
  relu(this: Tensor): Tensor { return P.relu(this); }
  round(this: Tensor, opts?: { decimals?: number }): Tensor { return P.round(this, opts); }
  floor(this: Tensor): Tensor { return P.floor(this); }
  ceil(this: Tensor): Tensor { return P.ceil(this); }
  trunc(this: Tensor): Tensor { return P.trunc(this); }
  sign(this: Tensor): Tensor { return P.sign(this); }
  reciprocal(this: Tensor): Tensor { return P.reciprocal(this); }
  square(this: Tensor): Tensor { return P.square(this); }
  erf(this: Tensor): Tensor { return P.erf(this); }
  /**
   * Clamps every element into [min, max] (see `torch.clamp`).
   *
   * @param min - the lower bound (or `{ min, max }`)
   * @param max - the upper bound
   */
  clamp(this: Tensor, min?: ClampArg, max?: P.ClampBound): Tensor { return P.clamp(this, min, max); }
  clip(this: Tensor, min?: ClampArg, max?: P.ClampBound): Tensor { return P.clamp(this, min, max); }
  /**
   * Returns a bool tensor: true where `self == other` (with broadcasting); Python's `a == b`.
   *
   * @param other - a tensor or a number
   */
  eq(this: Tensor, o: TensorLike): Tensor { return P.cmp('eq', this, o); }
  ne(this: Tensor, o: TensorLike): Tensor { return P.cmp('ne', this, o); }
  /**
   * Returns a bool tensor: true where `self < other` (with broadcasting); Python's `a < b`.
   *
   * @param other - a tensor or a number
   */
  lt(this: Tensor, o: TensorLike): Tensor { return P.cmp('lt', this, o); }
  le(this: Tensor, o: TensorLike): Tensor { return P.cmp('le', this, o); }
  /**
   * Returns a bool tensor: true where `self > other` (with broadcasting); Python's `a > b`.
   *
   * @param other - a tensor or a number
   */
  gt(this: Tensor, o: TensorLike): Tensor { return P.cmp('gt', this, o); }
  ge(this: Tensor, o: TensorLike): Tensor { return P.cmp('ge', this, o); }
  equal(this: Tensor, o: Tensor): boolean { return P.equal(this, o); }
  allclose(this: Tensor, o: Tensor, opts?: { rtol?: number; atol?: number }): boolean { return P.allclose(this, o, opts); }
  isnan(this: Tensor): Tensor { return P.isnan(this); }
  logical_and(this: Tensor, o: TensorLike): Tensor { return P.cmp('logical_and', this, o); }
  logical_or(this: Tensor, o: TensorLike): Tensor { return P.cmp('logical_or', this, o); }
  logical_xor(this: Tensor, o: TensorLike): Tensor { return P.cmp('logical_xor', this, o); }
  logical_not(this: Tensor): Tensor { return P.logical_not(this); }
  bitwise_and(this: Tensor, o: TensorLike): Tensor { return P.bitwise_and(this, o); }
  bitwise_or(this: Tensor, o: TensorLike): Tensor { return P.bitwise_or(this, o); }
  bitwise_xor(this: Tensor, o: TensorLike): Tensor { return P.bitwise_xor(this, o); }
  bitwise_not(this: Tensor): Tensor { return P.bitwise_not(this); }
  positive(this: Tensor): Tensor { return P.positive(this); }
  where(this: Tensor, cond: Tensor, other: TensorLike): Tensor { return P.where(cond, this, other); }
  lerp(this: Tensor, end: Tensor, weight: number): Tensor { return P.add(this, P.mul(P.sub(end, this), weight)); }

  // In-place ops: `rg(o)` / `rg(this)` where the gradient reads the op's input (see P.inplace).
  /**
   * Adds `alpha * other` to this tensor in place (`self += other`) and returns it.
   *
   * @param other - the tensor or number to add
   * @param opts - `{ alpha }`
   */
  add_<S extends Tensor>(this: S, o: TensorLike, opts?: { alpha?: number }): S {
    return ((opts?.alpha ?? 1) === 1 && P.inplaceBinary(this, 'add', o)) || P.inplace(this, (s) => P.add(s, o, opts));
  }
  /**
   * Subtracts `alpha * other` from this tensor in place (`self -= other`) and returns it; for
   * example a manual gradient step `w.data.sub_(w.grad.mul(lr))`.
   *
   * @param other - the tensor or number to subtract
   * @param opts - `{ alpha }`
   */
  sub_<S extends Tensor>(this: S, o: TensorLike, opts?: { alpha?: number }): S {
    return ((opts?.alpha ?? 1) === 1 && P.inplaceBinary(this, 'sub', o)) || P.inplace(this, (s) => P.sub(s, o, opts));
  }
  /**
   * Multiplies this tensor by `other` in place (`self *= other`) and returns it.
   *
   * @param other - the tensor or number to multiply by
   */
  mul_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplaceBinary(this, 'mul', o) || P.inplace(this, (s) => P.mul(s, o), rg(o)); }
  div_<S extends Tensor>(this: S, o: TensorLike, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): S {
    return (!opts?.rounding_mode && P.inplaceBinary(this, 'div', o)) || P.inplace(this, (s) => P.div(s, o, opts), rg(o));
  }
  pow_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplace(this, (s) => P.pow(s, o), rg(this) || rg(o)); }
  remainder_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplace(this, (s) => P.remainder(s, o), rg(o)); }
  fmod_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplace(this, (s) => P.fmod(s, o), rg(o)); }
  neg_<S extends Tensor>(this: S): S { return P.inplace(this, P.neg); }
  abs_<S extends Tensor>(this: S): S { return P.inplace(this, P.abs, rg(this)); }
  exp_<S extends Tensor>(this: S): S { return P.inplace(this, P.exp); }
  log_<S extends Tensor>(this: S): S { return P.inplace(this, P.log, rg(this)); }
  sqrt_<S extends Tensor>(this: S): S { return P.inplace(this, P.sqrt); }
  sin_<S extends Tensor>(this: S): S { return P.inplace(this, P.sin, rg(this)); }
  cos_<S extends Tensor>(this: S): S { return P.inplace(this, P.cos, rg(this)); }
  tanh_<S extends Tensor>(this: S): S { return P.inplace(this, P.tanh); }
  sigmoid_<S extends Tensor>(this: S): S { return P.inplace(this, P.sigmoid); }
  relu_<S extends Tensor>(this: S): S { return P.inplace(this, P.relu); }
  round_<S extends Tensor>(this: S): S { return P.inplace(this, (s) => P.round(s)); }
  floor_<S extends Tensor>(this: S): S { return P.inplace(this, P.floor); }
  ceil_<S extends Tensor>(this: S): S { return P.inplace(this, P.ceil); }
  sign_<S extends Tensor>(this: S): S { return P.inplace(this, P.sign); }
  reciprocal_<S extends Tensor>(this: S): S { return P.inplace(this, P.reciprocal); }
  clamp_<S extends Tensor>(this: S, min?: ClampArg, max?: P.ClampBound): S { return P.inplace(this, (s) => P.clamp(s, min, max), rg(this)); }
  addcmul_<S extends Tensor>(this: S, t1: Tensor, t2: Tensor, opts: { value?: number } = {}): S { return P.inplace(this, (s) => P.add(s, P.mul(P.mul(t1, t2), opts.value ?? 1))); }
  addcdiv_<S extends Tensor>(this: S, t1: Tensor, t2: Tensor, opts: { value?: number } = {}): S { return P.inplace(this, (s) => P.add(s, P.mul(P.div(t1, t2), opts.value ?? 1))); }
  lerp_<S extends Tensor>(this: S, end: Tensor, weight: number): S { return P.inplace(this, (s) => s.lerp(end, weight)); }
  bitwise_and_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplace(this, (s) => P.bitwise_and(s, o)); }
  bitwise_or_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplace(this, (s) => P.bitwise_or(s, o)); }
  bitwise_xor_<S extends Tensor>(this: S, o: TensorLike): S { return P.inplace(this, (s) => P.bitwise_xor(s, o)); }
  bitwise_not_<S extends Tensor>(this: S): S { return P.inplace(this, P.bitwise_not); }

  // ---- Python's operator methods that no named op covers: `~x`, `1 - x`, `2 / x`, `2 ** x`, `5 % x` ----
  __invert__(this: Tensor): Tensor { return P.invert(this); }
  __rsub__(this: Tensor, o: TensorLike): Tensor { return P.rsub(this, o); }
  __rtruediv__(this: Tensor, o: TensorLike): Tensor { return P.rtruediv(this, o); }
  __rpow__(this: Tensor, o: TensorLike): Tensor { return P.rpow(this, o); }
  __rmod__(this: Tensor, o: TensorLike): Tensor { return P.rmod(this, o); }

  // ---- reductions -----------------------------------------------------------------------------
  /**
   * Returns the sum of all elements, or along `dim` (see `torch.sum`).
   *
   * @param dim - the dimension or dimensions to reduce (all when omitted)
   * @param keepdim - whether the output keeps `dim` with size 1
   */
  sum(this: Tensor, dim?: DimArg | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts): Tensor { return R.sum(this, dim, keepdim, opts); }
  /**
   * Returns the mean of all elements, or along `dim` (see `torch.mean`).
   *
   * @param dim - the dimension or dimensions to reduce (all when omitted)
   * @param keepdim - whether the output keeps `dim` with size 1
   */
  mean(this: Tensor, dim?: DimArg | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts): Tensor { return R.mean(this, dim, keepdim, opts); }
  prod(this: Tensor, dim?: ArgDim, keepdim?: boolean): Tensor { return R.prod(this, dim, keepdim); }
  std(this: Tensor, dim?: DimArg | R.VarOpts, opts?: boolean | R.VarOpts, keepdim?: boolean): Tensor { return R.std(this, dim, opts, keepdim); }
  var(this: Tensor, dim?: DimArg | R.VarOpts, opts?: boolean | R.VarOpts, keepdim?: boolean): Tensor { return R.var_(this, dim, opts, keepdim); }
  norm(this: Tensor, p?: number | 'fro' | R.NormOpts, dim?: DimArg | R.NormOpts, keepdim?: boolean | R.NormOpts): Tensor { return R.norm(this, p, dim, keepdim); }
  max(this: Tensor): Tensor;
  max(this: Tensor, dim: MaxDim, keepdim?: boolean): R.ValuesIndices;
  max(this: Tensor, other: Tensor): Tensor;
  max(this: Tensor, dim?: number | Tensor | MaxDim, keepdim?: boolean): Tensor | R.ValuesIndices { return R.maxmin('max', this, dim, keepdim); }
  min(this: Tensor): Tensor;
  min(this: Tensor, dim: MaxDim, keepdim?: boolean): R.ValuesIndices;
  min(this: Tensor, other: Tensor): Tensor;
  min(this: Tensor, dim?: number | Tensor | MaxDim, keepdim?: boolean): Tensor | R.ValuesIndices { return R.maxmin('min', this, dim, keepdim); }
  amax(this: Tensor, dim?: DimArg, keepdim?: boolean): Tensor { return R.amax(this, dim, keepdim); }
  amin(this: Tensor, dim?: DimArg, keepdim?: boolean): Tensor { return R.amin(this, dim, keepdim); }
  /**
   * Returns the index of the maximum value: over all elements (flattened), or along `dim`.
   *
   * @param dim - the dimension to reduce (all when omitted)
   * @param keepdim - whether the output keeps `dim` with size 1
   */
  argmax(this: Tensor, dim?: ArgDim, keepdim?: boolean): Tensor { return R.argmax(this, dim, keepdim); }
  argmin(this: Tensor, dim?: ArgDim, keepdim?: boolean): Tensor { return R.argmin(this, dim, keepdim); }
  all(this: Tensor, dim?: number, keepdim?: boolean): Tensor { return R.allany(this, 'all', dim, keepdim); }
  any(this: Tensor, dim?: number, keepdim?: boolean): Tensor { return R.allany(this, 'any', dim, keepdim); }
  logsumexp(this: Tensor, dim: DimArg, keepdim?: boolean): Tensor { return R.logsumexp(this, dim, keepdim); }
  cumsum(this: Tensor, dim: number): Tensor { return R.cumsum(this, dim); }

  // ---- linear algebra and activations ---------------------------------------------------------
  /**
   * Matrix product with `other`, with broadcasting of batch dimensions (Python's `a @ b`; see
   * `torch.matmul`).
   *
   * @param other - the second operand
   */
  matmul(this: Tensor, o: Tensor): Tensor { return L.matmul(this, o); }
  /**
   * Matrix product of this matrix (n x m) with `mat2` (m x p), giving n x p (see `torch.mm`).
   *
   * @param mat2 - the second matrix
   */
  mm(this: Tensor, o: Tensor): Tensor { return L.mm(this, o); }
  bmm(this: Tensor, o: Tensor): Tensor { return L.bmm(this, o); }
  mv(this: Tensor, o: Tensor): Tensor { return L.mv(this, o); }
  dot(this: Tensor, o: Tensor): Tensor { return L.dot(this, o); }
  inner(this: Tensor, o: Tensor): Tensor { return L.inner(this, o); }
  outer(this: Tensor, o: Tensor): Tensor { return L.outer(this, o); }
  /**
   * Softmax along `dim` (see `torch.softmax`).
   *
   * @param dim - the dimension along which softmax is computed
   */
  softmax(this: Tensor, dim: number | A.SoftmaxOpts, opts?: A.SoftmaxOpts): Tensor { return A.softmax(this, dim, opts); }
  log_softmax(this: Tensor, dim: number | A.SoftmaxOpts, opts?: A.SoftmaxOpts): Tensor { return A.log_softmax(this, dim, opts); }
}

/** set()'s arguments: (spec, value) or (s0, s1, ..., value). */
function setArgs<S extends Tensor>(t: S, args: unknown[]): S {
  const value = args[args.length - 1] as TensorLike;
  return args.length === 2 ? I.setitem(t, args[0] as IndexSpec | IndexSpec[], value) : I.setTuple(t, args.slice(0, -1) as IndexSpec[], value);
}

for (const key of Reflect.ownKeys(TensorMethods.prototype)) {
  if (key !== 'constructor') Object.defineProperty(Tensor.prototype, key, Object.getOwnPropertyDescriptor(TensorMethods.prototype, key)!);
}

// NumPy arrays from `x.numpy()` print as NumPy does.
Object.assign(NDArray.prototype, {
  toString(this: NDArray): string { return numpyRepr(this); },
  [Symbol.for('nodejs.util.inspect.custom')](this: NDArray): string { return this.toString(); },
  [Symbol.for('Jupyter.display')](this: NDArray): Record<string, string> { return { 'text/plain': this.toString() }; },
});
