// Tensor: a dtype, shape, strides and offset over a shared Storage, plus its autograd state.
// This file knows no op, kernel or printer: the chained methods (`x.add(y)`, `x.sum()`, printing)
// are attached from the op side (ops/methods.ts) and the kernel dispatch (`_backend`) from the
// backend boundary (backends/backend.ts), each by declaration merging, as tfjs does.
import { RuntimeError } from '../errors';
import { DType, TypedArray, tensorTypeName } from './dtype';
import { Device, Storage, VersionCounter, cpu } from './storage';
import { contiguousStrides, isContiguous, normDim, numel } from './shape';
import { Size } from './size';
// Types only: grad_fn is an autograd Node; no autograd code is loaded from here.
import type { AccumulateGrad, Node } from '../autograd/graph';

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
  /** Shared with the tensor's views (autograd checks it for tensors saved for backward). */
  _vc: VersionCounter;

  constructor(storage: Storage, shape: number[], strides?: number[], offset = 0, versionCounter?: VersionCounter) {
    this._storage = storage;
    this._vc = versionCounter ?? storage;
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

  /** A new view of the same storage (sharing the version counter). */
  _view(shape: number[], strides: number[], offset: number): Tensor {
    return new Tensor(this._storage, shape, strides, offset, this._vc);
  }

  /** Bumped by in-place ops, as PyTorch's version counter. */
  get _version(): number { return this._vc.version; }
  set _version(v: number) { this._vc.version = v; }

  _data(): TypedArray { return this._storage.data; }

  // ---- metadata -------------------------------------------------------------------------------
  /**
   * The size of each dimension, as a `torch.Size` (an array of numbers that prints as PyTorch
   * prints it).
   */
  get shape(): Size { return new Size(this._shape); }
  /**
   * The shape of the tensor as a `torch.Size`, or the size of dimension `dim` as a number.
   *
   * @param dim - the dimension (negative counts from the end)
   */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number { return dim === undefined ? new Size(this._shape) : this._shape[normDim(dim, this._shape.length)]; }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number { return dim === undefined ? this._strides.slice() : this._strides[normDim(dim, this._shape.length)]; }
  get ndim(): number { return this._shape.length; }
  /**
   * The number of dimensions.
   */
  dim(): number { return this._shape.length; }
  /**
   * The total number of elements.
   */
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

  // ---- autograd state -------------------------------------------------------------------------
  get requires_grad(): boolean { return this._requires_grad; }
  set requires_grad(v: boolean) { this.requires_grad_(v); }
  /**
   * Makes autograd record operations on this tensor (or stop, with `false`), in place; returns the
   * tensor. Only floating-point tensors can require gradients.
   *
   * @param requires_grad - whether to record (default true)
   */
  requires_grad_(v = true): this {
    if (!this.is_leaf) {
      if (!v) throw new RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
      return this;
    }
    if (v && !this.dtype.is_floating_point) throw new RuntimeError('only Tensors of floating point and complex dtype can require gradients');
    this._requires_grad = v;
    return this;
  }
  get is_leaf(): boolean { return this.grad_fn === null; }
  get retains_grad(): boolean { return this._retains_grad; }
  /**
   * Returns a new tensor sharing this one's data, detached from the autograd graph (it never
   * requires grad).
   */
  detach(): Tensor { return this._view(this._shape, this._strides, this._offset); }
  detach_(): this { this.grad_fn = null; this._requires_grad = false; return this; }
  /** A view sharing storage that autograd does not track (PyTorch's `.data`): its in-place
   *  changes bump a version counter of its own, which no saved tensor checks. */
  get data(): Tensor { return new Tensor(this._storage, this._shape, this._strides, this._offset, { version: 0 }); }
  /** `x.data = y`: x takes y's storage, shape and dtype, keeping its own autograd identity. */
  set data(src: Tensor) {
    this._storage = src._storage;
    this._shape = src._shape.slice();
    this._strides = src._strides.slice();
    this._offset = src._offset;
    this._numel = src._numel;
    this._contiguous = src._contiguous;
    (this as { dtype: DType }).dtype = src.dtype;
  }
}

/** torch.is_tensor. */
export function isTensor(x: unknown): x is Tensor { return x instanceof Tensor; }

/** torch.typename: a tensor's type name (torch.FloatTensor), else the Python type a value would have. */
export function typename(o: unknown): string {
  if (o instanceof Tensor) return tensorTypeName(o.dtype, o.is_cuda);
  if (o === null || o === undefined) return 'NoneType';
  if (typeof o === 'number') return Number.isInteger(o) ? 'int' : 'float';
  if (typeof o === 'string') return 'str';
  if (typeof o === 'boolean') return 'bool';
  if (Array.isArray(o)) return 'list';
  if (typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype) return 'dict';
  return (o as { constructor?: { name?: string } }).constructor?.name ?? typeof o;
}
