// Tensor: a dtype, shape, strides and offset over a shared Storage, plus autograd state.
// Methods are one-liners over the op modules, where each op is defined once.
import { DType, TypedArray, float32, float64, int32, int64, bool } from './dtype';
import { Device, Storage, cpu } from './storage';
import { contiguousStrides, isContiguous, numel } from './shape';
import { Size } from './size';
import { Node, AccumulateGrad } from '../autograd/graph';
import { backendFor } from '../backends/backend';
import * as P from '../ops/pointwise';
import * as R from '../ops/reduce';
import * as S from '../ops/shape';
import * as I from '../ops/indexing';
import * as L from '../ops/linalg';
import * as A from '../ops/activation';
import * as C from '../ops/creation';
import * as E from '../autograd/engine';
import { DimArg, ShapeArg, Scalar } from '../ops/args';
import { IndexSpec } from '../ops/index_spec';
import { NDArray } from './ndarray';
import { tensorRepr } from '../display/format';

export type TensorLike = Tensor | number | boolean;

export class Tensor {
  _storage: Storage;
  _shape: number[];
  _strides: number[];
  _offset: number;
  _numel: number;
  _contiguous: boolean;
  readonly dtype: DType;

  /** @internal set through requires_grad / requires_grad_() / ops */
  _requires_grad = false;
  grad: Tensor | null = null;
  grad_fn: Node | null = null;
  _accumulator: AccumulateGrad | null = null;
  _retains_grad = false;
  /**
   * PyTorch's version counter, bumped by in-place ops: the storage's, so views and detach() share
   * it; `.data` has one of its own (`_counter`), as in PyTorch.
   */
  get _version(): number { return this._counter ? this._counter.v : this._storage.version; }
  set _version(v: number) { if (this._counter) this._counter.v = v; else this._storage.version = v; }
  _counter: { v: number } | null = null;

  constructor(storage: Storage, shape: number[], strides?: number[], offset = 0) {
    this._storage = storage;
    this.dtype = storage.dtype;
    this._shape = shape;
    this._strides = strides ?? contiguousStrides(shape);
    this._offset = offset;
    this._numel = numel(shape);
    this._contiguous = strides === undefined || isContiguous(shape, this._strides);
  }

  /** Wrap a typed array (no copy) as a tensor of the given shape. */
  static fromArray(data: TypedArray, shape: number[], dtype: DType, device: Device = cpu): Tensor {
    if (!(data instanceof dtype.Array)) data = new dtype.Array(data);
    return new Tensor(new Storage(data, dtype, device), shape);
  }

  /** A new view of the same storage. */
  _view(shape: number[], strides: number[], offset: number): Tensor {
    const t = new Tensor(this._storage, shape, strides, offset);
    t._counter = this._counter;
    return t;
  }

  _data(): TypedArray { return this._storage.data; }
  get _backend() { return backendFor(this._storage.device); }

  // ---- metadata -------------------------------------------------------------------------------
  get shape(): Size { return new Size(this._shape); }
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number { return dim === undefined ? new Size(this._shape) : this._shape[S.dimOf(this, dim)]; }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number { return dim === undefined ? this._strides.slice() : this._strides[S.dimOf(this, dim)]; }
  get ndim(): number { return this._shape.length; }
  dim(): number { return this._shape.length; }
  numel(): number { return this._numel; }
  nelement(): number { return this._numel; }
  storage_offset(): number { return this._offset; }
  storage(): Storage { return this._storage; }
  untyped_storage(): Storage { return this._storage; }
  data_ptr(): number { return this._storage.address + this._offset * this.dtype.itemsize; }
  element_size(): number { return this.dtype.itemsize; }
  is_contiguous(): boolean { return this._contiguous; }
  is_floating_point(): boolean { return this.dtype.is_floating_point; }
  get device(): Device { return this._storage.device; }
  get is_cuda(): boolean { return this._storage.device.type === 'cuda'; }
  get T(): Tensor { return S.permute(this, this._shape.map((_, i) => this._shape.length - 1 - i)); }
  get mT(): Tensor { return S.transpose(this, -2, -1); }

  // ---- autograd state -------------------------------------------------------------------------
  get requires_grad(): boolean { return this._requires_grad; }
  set requires_grad(v: boolean) { E.setRequiresGrad(this, v); }
  requires_grad_(v = true): this { E.setRequiresGrad(this, v); return this; }
  get is_leaf(): boolean { return this.grad_fn === null; }
  get retains_grad(): boolean { return this._retains_grad; }
  retain_grad(): void { E.retainGrad(this); }
  backward(gradient?: Tensor, opts: { retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor[] } = {}): void {
    E.backward([this], gradient ? [gradient] : [null], opts);
  }
  detach(): Tensor { return this._view(this._shape, this._strides, this._offset); }
  detach_(): this { this.grad_fn = null; this._requires_grad = false; return this; }
  /** A view sharing storage that autograd does not track (PyTorch's `.data`). */
  get data(): Tensor { const d = this.detach(); d._counter = { v: 0 }; return d; }
  set data(t: Tensor) { E.setData(this, t); }

  // ---- conversion -----------------------------------------------------------------------------
  item(): number { return I.item(this); }
  tolist(): any { return I.tolist(this); }
  numpy(): NDArray { return NDArray.fromTensor(this); }
  toString(): string { return tensorRepr(this.printable()); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
  /** The read-only view the formatter needs. */
  printable() {
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
  to(...args: (DType | string | Device | { dtype?: DType; device?: string | Device; copy?: boolean })[]): Tensor { return C.to(this, args); }
  type(dtype?: DType | string): Tensor | string { return C.type(this, dtype); }
  cpu(): Tensor { return C.to(this, ['cpu']); }
  cuda(device?: number | string): Tensor { return C.to(this, [device === undefined ? 'cuda' : typeof device === 'number' ? `cuda:${device}` : device]); }
  float(): Tensor { return C.to(this, [float32]); }
  double(): Tensor { return C.to(this, [float64]); }
  long(): Tensor { return C.to(this, [int64]); }
  int(): Tensor { return C.to(this, [int32]); }
  bool(): Tensor { return C.to(this, [bool]); }
  clone(): Tensor { return P.clone(this); }
  contiguous(): Tensor { return this._contiguous ? this : P.clone(this); }

  // ---- in-place initialisers --------------------------------------------------------------------
  zero_(): this { return I.fill_(this, 0); }
  fill_(v: number | Tensor): this { return I.fill_(this, v); }
  copy_(src: Tensor): this { return I.copy_(this, src); }
  uniform_(from = 0, to = 1, opts?: C.GenOpt): this { return C.uniform_(this, from, to, opts); }
  normal_(mean = 0, std = 1, opts?: C.GenOpt): this { return C.normal_(this, mean, std, opts); }
  random_(from?: number, to?: number, opts?: C.GenOpt): this { return C.random_(this, from, to, opts); }
  bernoulli_(p = 0.5, opts?: C.GenOpt): this { return C.bernoulli_(this, p, opts); }

  // ---- views ----------------------------------------------------------------------------------
  view(...shape: ShapeArg[]): Tensor { return S.view(this, shape); }
  view_as(other: Tensor): Tensor { return S.view(this, [other._shape]); }
  reshape(...shape: ShapeArg[]): Tensor { return S.reshape(this, shape); }
  reshape_as(other: Tensor): Tensor { return S.reshape(this, [other._shape]); }
  flatten(start_dim = 0, end_dim = -1): Tensor { return S.flatten(this, start_dim, end_dim); }
  unflatten(dim: number, sizes: number[]): Tensor { return S.unflatten(this, dim, sizes); }
  squeeze(dim?: number): Tensor { return S.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  transpose(d0: number, d1: number): Tensor { return S.transpose(this, d0, d1); }
  swapaxes(d0: number, d1: number): Tensor { return S.transpose(this, d0, d1); }
  t(): Tensor { return S.t(this); }
  permute(...dims: ShapeArg[]): Tensor { return S.permute(this, S.flatArgs(dims)); }
  expand(...shape: ShapeArg[]): Tensor { return S.expand(this, S.flatArgs(shape)); }
  expand_as(other: Tensor): Tensor { return S.expand(this, other._shape); }
  narrow(dim: number, start: number, length: number): Tensor { return S.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return S.select(this, dim, index); }
  unbind(dim = 0): Tensor[] { return S.unbind(this, dim); }
  split(size: number | number[], dim: number | { dim?: number } = 0): Tensor[] { return S.split(this, size, dim); }
  chunk(chunks: number, dim: number | { dim?: number } = 0): Tensor[] { return S.chunk(this, chunks, dim); }
  repeat(...sizes: ShapeArg[]): Tensor { return S.repeat(this, S.flatArgs(sizes)); }
  flip(...dims: ShapeArg[]): Tensor { return S.flip(this, S.flatArgs(dims)); }

  // ---- indexing: x[...] is x.index('...') / x.__getitem__(...), x[...] = v is x.set('...', v) ----
  index(...spec: IndexSpec[]): Tensor { return I.getitem(this, spec); }
  __getitem__(...spec: IndexSpec[]): Tensor { return I.getitem(this, spec); }
  set(spec: IndexSpec | IndexSpec[], value: TensorLike): this;
  /** `x.set(i, j, v)` is `x[i, j] = v`: the components one by one, then the value. */
  set(...specsAndValue: [IndexSpec, IndexSpec, ...IndexSpec[], TensorLike]): this;
  set(...args: unknown[]): this { return setArgs(this, args); }
  __setitem__(spec: IndexSpec | IndexSpec[], value: TensorLike): this;
  __setitem__(...specsAndValue: [IndexSpec, IndexSpec, ...IndexSpec[], TensorLike]): this;
  __setitem__(...args: unknown[]): this { return setArgs(this, args); }
  index_select(dim: number, index: Tensor | number[]): Tensor { return I.index_select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  masked_fill(mask: Tensor, value: TensorLike): Tensor { return I.masked_fill(this, mask, value); }
  masked_fill_(mask: Tensor, value: TensorLike): this { return I.setitem(this, mask, value); }
  masked_select(mask: Tensor): Tensor { return I.getitem(this, [mask]); }
  nonzero(): Tensor { return I.nonzero(this); }
  __len__(): number { return I.len(this); }
  *[Symbol.iterator](): Iterator<Tensor> { yield* S.unbind(this, 0); }

  // ---- pointwise ------------------------------------------------------------------------------
  add(o: TensorLike, opts?: { alpha?: number }): Tensor { return P.add(this, o, opts); }
  sub(o: TensorLike, opts?: { alpha?: number }): Tensor { return P.sub(this, o, opts); }
  mul(o: TensorLike): Tensor { return P.mul(this, o); }
  div(o: TensorLike, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor { return P.div(this, o, opts); }
  true_divide(o: TensorLike): Tensor { return P.div(this, o); }
  pow(o: TensorLike): Tensor { return P.pow(this, o); }
  remainder(o: TensorLike): Tensor { return P.remainder(this, o); }
  fmod(o: TensorLike): Tensor { return P.fmod(this, o); }
  floor_divide(o: TensorLike): Tensor { return P.floor_divide(this, o); }
  maximum(o: Tensor): Tensor { return P.maximum(this, o); }
  minimum(o: Tensor): Tensor { return P.minimum(this, o); }
  atan2(o: Tensor): Tensor { return P.atan2(this, o); }
  neg(): Tensor { return P.neg(this); }
  negative(): Tensor { return P.neg(this); }
  abs(): Tensor { return P.abs(this); }
  exp(): Tensor { return P.exp(this); }
  log(): Tensor { return P.log(this); }
  log1p(): Tensor { return P.log1p(this); }
  expm1(): Tensor { return P.expm1(this); }
  sqrt(): Tensor { return P.sqrt(this); }
  rsqrt(): Tensor { return P.rsqrt(this); }
  sin(): Tensor { return P.sin(this); }
  cos(): Tensor { return P.cos(this); }
  tan(): Tensor { return P.tan(this); }
  tanh(): Tensor { return P.tanh(this); }
  sigmoid(): Tensor { return P.sigmoid(this); }
  relu(): Tensor { return P.relu(this); }
  round(opts?: { decimals?: number }): Tensor { return P.round(this, opts); }
  floor(): Tensor { return P.floor(this); }
  ceil(): Tensor { return P.ceil(this); }
  trunc(): Tensor { return P.trunc(this); }
  sign(): Tensor { return P.sign(this); }
  reciprocal(): Tensor { return P.reciprocal(this); }
  square(): Tensor { return P.square(this); }
  erf(): Tensor { return P.erf(this); }
  clamp(min?: P.ClampBound | { min?: P.ClampBound; max?: P.ClampBound }, max?: P.ClampBound): Tensor { return P.clamp(this, min, max); }
  clip(min?: P.ClampBound | { min?: P.ClampBound; max?: P.ClampBound }, max?: P.ClampBound): Tensor { return P.clamp(this, min, max); }
  eq(o: TensorLike): Tensor { return P.cmp('eq', this, o); }
  ne(o: TensorLike): Tensor { return P.cmp('ne', this, o); }
  lt(o: TensorLike): Tensor { return P.cmp('lt', this, o); }
  le(o: TensorLike): Tensor { return P.cmp('le', this, o); }
  gt(o: TensorLike): Tensor { return P.cmp('gt', this, o); }
  ge(o: TensorLike): Tensor { return P.cmp('ge', this, o); }
  equal(o: Tensor): boolean { return P.equal(this, o); }
  allclose(o: Tensor, opts?: { rtol?: number; atol?: number }): boolean { return P.allclose(this, o, opts); }
  isnan(): Tensor { return P.isnan(this); }
  logical_and(o: TensorLike): Tensor { return P.cmp('logical_and', this, o); }
  logical_or(o: TensorLike): Tensor { return P.cmp('logical_or', this, o); }
  logical_xor(o: TensorLike): Tensor { return P.cmp('logical_xor', this, o); }
  logical_not(): Tensor { return P.logical_not(this); }
  bitwise_and(o: TensorLike): Tensor { return P.bitwise_and(this, o); }
  bitwise_or(o: TensorLike): Tensor { return P.bitwise_or(this, o); }
  bitwise_xor(o: TensorLike): Tensor { return P.bitwise_xor(this, o); }
  bitwise_not(): Tensor { return P.bitwise_not(this); }
  positive(): Tensor { return P.positive(this); }
  where(cond: Tensor, other: TensorLike): Tensor { return P.where(cond, this, other); }
  lerp(end: Tensor, weight: number): Tensor { return P.add(this, P.mul(P.sub(end, this), weight)); }

  add_(o: TensorLike, opts?: { alpha?: number }): this { return P.inplace(this, P.add(this, o, opts)); }
  sub_(o: TensorLike, opts?: { alpha?: number }): this { return P.inplace(this, P.sub(this, o, opts)); }
  mul_(o: TensorLike): this { return P.inplace(this, P.mul(this, o)); }
  div_(o: TensorLike, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): this { return P.inplace(this, P.div(this, o, opts)); }
  pow_(o: TensorLike): this { return P.inplace(this, P.pow(this, o)); }
  remainder_(o: TensorLike): this { return P.inplace(this, P.remainder(this, o)); }
  fmod_(o: TensorLike): this { return P.inplace(this, P.fmod(this, o)); }
  neg_(): this { return P.inplace(this, P.neg(this)); }
  abs_(): this { return P.inplace(this, P.abs(this)); }
  exp_(): this { return P.inplace(this, P.exp(this)); }
  log_(): this { return P.inplace(this, P.log(this)); }
  sqrt_(): this { return P.inplace(this, P.sqrt(this)); }
  sin_(): this { return P.inplace(this, P.sin(this)); }
  cos_(): this { return P.inplace(this, P.cos(this)); }
  tanh_(): this { return P.inplace(this, P.tanh(this)); }
  sigmoid_(): this { return P.inplace(this, P.sigmoid(this)); }
  relu_(): this { return P.inplace(this, P.relu(this)); }
  round_(): this { return P.inplace(this, P.round(this)); }
  floor_(): this { return P.inplace(this, P.floor(this)); }
  ceil_(): this { return P.inplace(this, P.ceil(this)); }
  sign_(): this { return P.inplace(this, P.sign(this)); }
  reciprocal_(): this { return P.inplace(this, P.reciprocal(this)); }
  clamp_(min?: P.ClampBound | { min?: P.ClampBound; max?: P.ClampBound }, max?: P.ClampBound): this { return P.inplace(this, P.clamp(this, min, max)); }
  addcmul_(t1: Tensor, t2: Tensor, opts: { value?: number } = {}): this { return P.inplace(this, P.add(this, P.mul(P.mul(t1, t2), opts.value ?? 1))); }
  addcdiv_(t1: Tensor, t2: Tensor, opts: { value?: number } = {}): this { return P.inplace(this, P.add(this, P.mul(P.div(t1, t2), opts.value ?? 1))); }
  lerp_(end: Tensor, weight: number): this { return P.inplace(this, this.lerp(end, weight)); }
  bitwise_and_(o: TensorLike): this { return P.inplace(this, P.bitwise_and(this, o)); }
  bitwise_or_(o: TensorLike): this { return P.inplace(this, P.bitwise_or(this, o)); }
  bitwise_xor_(o: TensorLike): this { return P.inplace(this, P.bitwise_xor(this, o)); }
  bitwise_not_(): this { return P.inplace(this, P.bitwise_not(this)); }

  // ---- Python's operator methods that no named op covers: `~x`, `1 - x`, `2 / x`, `2 ** x`, `5 % x` ----
  __invert__(): Tensor { return P.invert(this); }
  __rsub__(o: TensorLike): Tensor { return P.rsub(this, o); }
  __rtruediv__(o: TensorLike): Tensor { return P.rtruediv(this, o); }
  __rpow__(o: TensorLike): Tensor { return P.rpow(this, o); }
  __rmod__(o: TensorLike): Tensor { return P.rmod(this, o); }

  // ---- reductions -----------------------------------------------------------------------------
  sum(dim?: DimArg | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts): Tensor { return R.sum(this, dim, keepdim, opts); }
  mean(dim?: DimArg | R.ReduceOpts, keepdim?: boolean | R.ReduceOpts, opts?: R.ReduceOpts): Tensor { return R.mean(this, dim, keepdim, opts); }
  prod(dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor { return R.prod(this, dim, keepdim); }
  std(dim?: DimArg | R.VarOpts, opts?: boolean | R.VarOpts, keepdim?: boolean): Tensor { return R.std(this, dim, opts, keepdim); }
  var(dim?: DimArg | R.VarOpts, opts?: boolean | R.VarOpts, keepdim?: boolean): Tensor { return R.var_(this, dim, opts, keepdim); }
  norm(p?: number | 'fro' | R.NormOpts, dim?: DimArg | R.NormOpts, keepdim?: boolean | R.NormOpts): Tensor { return R.norm(this, p, dim, keepdim); }
  max(): Tensor;
  max(dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): R.ValuesIndices;
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor | { dim: number; keepdim?: boolean }, keepdim?: boolean): Tensor | R.ValuesIndices { return R.maxmin('max', this, dim, keepdim); }
  min(): Tensor;
  min(dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): R.ValuesIndices;
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor | { dim: number; keepdim?: boolean }, keepdim?: boolean): Tensor | R.ValuesIndices { return R.maxmin('min', this, dim, keepdim); }
  amax(dim?: DimArg, keepdim?: boolean): Tensor { return R.amax(this, 'max', dim, keepdim); }
  amin(dim?: DimArg, keepdim?: boolean): Tensor { return R.amax(this, 'min', dim, keepdim); }
  argmax(dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor { return R.argmax(this, 'argmax', dim, keepdim); }
  argmin(dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean): Tensor { return R.argmax(this, 'argmin', dim, keepdim); }
  all(dim?: number, keepdim?: boolean): Tensor { return R.allany(this, 'all', dim, keepdim); }
  any(dim?: number, keepdim?: boolean): Tensor { return R.allany(this, 'any', dim, keepdim); }
  logsumexp(dim: DimArg, keepdim?: boolean): Tensor { return R.logsumexp(this, dim, keepdim); }
  cumsum(dim: number): Tensor { return R.cumsum(this, dim); }

  // ---- linear algebra and activations ---------------------------------------------------------
  matmul(o: Tensor): Tensor { return L.matmul(this, o); }
  mm(o: Tensor): Tensor { return L.mm(this, o); }
  bmm(o: Tensor): Tensor { return L.bmm(this, o); }
  mv(o: Tensor): Tensor { return L.mv(this, o); }
  dot(o: Tensor): Tensor { return L.dot(this, o); }
  inner(o: Tensor): Tensor { return L.inner(this, o); }
  outer(o: Tensor): Tensor { return L.outer(this, o); }
  softmax(dim: number | A.SoftmaxOpts, opts?: A.SoftmaxOpts): Tensor { return A.softmax(this, dim, opts); }
  log_softmax(dim: number | A.SoftmaxOpts, opts?: A.SoftmaxOpts): Tensor { return A.log_softmax(this, dim, opts); }
}

/** set()'s arguments: (spec, value) or (s0, s1, ..., value). */
function setArgs<T extends Tensor>(t: T, args: unknown[]): T {
  const value = args[args.length - 1] as TensorLike;
  return args.length === 2 ? I.setitem(t, args[0] as IndexSpec | IndexSpec[], value) : I.setTuple(t, args.slice(0, -1) as IndexSpec[], value);
}

export { Scalar };
