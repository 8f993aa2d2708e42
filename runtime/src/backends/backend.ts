// The backend boundary: every op above this line is written once in terms of these primitives;
// a backend per device kind implements them for its own storage: cpu/ (typed arrays, with its
// WebAssembly SIMD kernels in cpu/wasm/) and gpu/ (gpu.js, the `cuda` device).
import { AssertionError, RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import type { DType, TypedArray } from '../tensor/dtype';
import type { Device, Storage } from '../tensor/storage';

/** Elementwise functions of one input (plus up to two scalar parameters p0, p1). */
export type UnaryOp =
  | 'neg' | 'abs' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'sin' | 'cos' | 'tan' | 'tanh'
  | 'sigmoid' | 'relu' | 'round' | 'floor' | 'ceil' | 'trunc' | 'sign' | 'reciprocal' | 'square'
  | 'logical_not' | 'clamp' | 'leaky_relu' | 'isnan' | 'erf' | 'gelu' | 'bitwise_not';

/** Elementwise functions of two broadcast inputs. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'remainder' | 'fmod' | 'floor_divide' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logical_and' | 'logical_or' | 'logical_xor' | 'atan2'
  // integer and bool operands only
  | 'bitwise_and' | 'bitwise_or' | 'bitwise_xor'
  // gradient helpers (a is the incoming gradient, b the op's output), each one fused kernel
  // rounded as PyTorch's backward kernel rounds: relu's mask, tanh's a * (1 - b^2), sigmoid's
  // a * (1 - b) * b
  | 'relu_grad' | 'tanh_grad' | 'sigmoid_grad';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'sumsq';

/** Hyperparameters of one fused Adam/AdamW update (`step` counts from 1). */
export interface AdamHyper {
  lr: number; beta1: number; beta2: number; eps: number; weight_decay: number; step: number;
  decoupled: boolean; maximize: boolean;
}

/** Hyperparameters of one fused SGD update; `init` when the momentum buffer is new (it takes d_p). */
export interface SgdHyper {
  lr: number; momentum: number; dampening: number; weight_decay: number; nesterov: boolean; maximize: boolean; init: boolean;
}

export interface Backend {
  readonly name: string;
  alloc(dtype: DType, n: number, device: Device): Storage;
  /** Contiguous host copy of a tensor's elements, in its own dtype's array type. */
  read(x: Tensor): TypedArray;
  /** out[i] = op(x[i]) over equal shapes; out may be strided (in-place ops). */
  unary(op: UnaryOp, x: Tensor, out: Tensor, p0?: number, p1?: number): void;
  /** out = op(a, b); a and b are broadcast to out's shape by the caller (stride 0 on expanded dims). */
  binary(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor): void;
  /** out = cond ? a : b, all broadcast to out's shape. */
  where(cond: Tensor, a: Tensor, b: Tensor, out: Tensor): void;
  /** Strided copy with dtype conversion (shapes equal; src may have stride-0 dims). */
  copy(src: Tensor, dst: Tensor): void;
  fill(out: Tensor, value: number): void;
  /** Reduce x over `dims` into out, which has x's shape with those dims set to 1. */
  reduce(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): void;
  /** Index of the max/min along one dim (first occurrence), into an int64 out of keepdim shape. */
  argreduce(op: 'argmax' | 'argmin', x: Tensor, dim: number, out: Tensor): void;
  /** Batched matmul: a [B, M, K], b [B, K, N] (any strides, batch stride may be 0) into a contiguous out [B, M, N]. */
  matmul(a: Tensor, b: Tensor, out: Tensor): void;
  /** out = x.index_select(dim, index) with out preallocated. */
  index_select(x: Tensor, dim: number, index: Tensor, out: Tensor): void;
  /** out.index_add_(dim, index, src): accumulate src slices into out along dim. */
  index_add(out: Tensor, dim: number, index: Tensor, src: Tensor): void;
  /** out.index_copy_(dim, index, src): write src slices into out along dim. */
  index_copy(out: Tensor, dim: number, index: Tensor, src: Tensor): void;
  /** Softmax (or log-softmax) along the last dim of a contiguous x. */
  softmax(x: Tensor, out: Tensor, log: boolean): void;
  /**
   * Optional fused Adam/AdamW update of a contiguous parameter, its gradient and state (same
   * dtype, all contiguous), in place; `vmax` is amsgrad's running maximum. Without it the
   * optimizer runs the op-by-op update.
   */
  adam?(param: Tensor, grad: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor, vmax: Tensor | null, h: AdamHyper): void;
  /**
   * Optional: zeroed storage for one of Adam's moments of a contiguous parameter (`n` values of
   * `dtype`), held where `adam` updates it in place; null for an ordinary array.
   */
  adamState?(dtype: DType, n: number): TypedArray | null;
  /** Optional fused SGD update (same conditions as `adam`); `buf` is the momentum buffer or null. */
  sgd?(param: Tensor, grad: Tensor, buf: Tensor | null, h: SgdHyper): void;
}

const registry = new Map<string, Backend>();
/** Backends created on their first request (a GPU is probed only when someone asks for it). */
const lazy = new Map<string, () => Backend | null>();

export function registerBackend(deviceType: string, b: Backend): void { registry.set(deviceType, b); }
/** `make` returns null when the device is absent, or throws when it was demanded and cannot work. */
export function registerLazyBackend(deviceType: string, make: () => Backend | null): void { lazy.set(deviceType, make); }

export function backendFor(device: Device): Backend {
  let b = registry.get(device.type);
  if (!b) {
    const make = lazy.get(device.type);
    if (make) {
      const made = make(); // throws (each time) when a demanded backend cannot be created
      lazy.delete(device.type);
      if (made) { registry.set(device.type, made); b = made; }
    }
  }
  // Without a GPU backend, CUDA requests fail as they do in a CPU-only PyTorch build.
  if (!b) {
    if (device.type === 'cuda') throw new AssertionError('Torch not compiled with CUDA enabled');
    throw new RuntimeError(`no backend is registered for device type '${device.type}'`);
  }
  return b;
}

// How a tensor finds its kernels: `x._backend` is the backend of its storage's device.
declare module '../tensor/tensor' {
  interface Tensor {
    /** The backend that owns this tensor's storage. */
    readonly _backend: Backend;
  }
}
Object.defineProperty(Tensor.prototype, '_backend', {
  get(this: Tensor): Backend { return backendFor(this._storage.device); },
  configurable: true,
});
