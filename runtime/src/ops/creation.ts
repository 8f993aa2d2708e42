// Tensor factories, conversions and random initialisers.
import { RuntimeError, ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { DType, TypedArray, bool, dtypes, float32, float64, get_default_dtype, int32, int64, tensorTypeName, typeName } from '../tensor/dtype';
import { Device, Storage, cpu } from '../tensor/storage';
import { LazyStorage } from '../tensor/lazy_storage';
import { backendFor } from '../backends/backend';
import { ShapeArg, shapeOf } from './args';
import { record } from '../autograd/engine';
import * as rng from '../random';
import { NDArray } from '../tensor/ndarray';

export interface FactoryOpts { dtype?: DType; device?: string | Device; requires_grad?: boolean }
export interface GenOpt { generator?: rng.Generator }

function deviceOf(d: string | Device | undefined): Device { return d === undefined ? cpu : Device.parse(d); }

/** Split `(...sizes, opts?)` varargs. */
export function sizeAndOpts<O extends object>(args: readonly (ShapeArg | O | undefined)[]): [number[], O] {
  const last = args[args.length - 1];
  const hasOpts = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const sizes = (hasOpts ? args.slice(0, -1) : args).filter((a) => a !== undefined) as ShapeArg[];
  return [shapeOf(sizes), (hasOpts ? last : {}) as O];
}

function finish(t: Tensor, opts: FactoryOpts): Tensor {
  if (opts.requires_grad) t.requires_grad_(true);
  return t;
}

/** A new tensor of zeros; `uninitialized` for the outputs of kernels that write every element. */
export function empty(shape: number[], dtype: DType = get_default_dtype(), device: Device = cpu, uninitialized = false): Tensor {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${shape[i]}: [${shape.join(', ')}]`);
    n *= shape[i];
  }
  const storage = device.type === 'cpu' ? Storage.alloc(dtype, n, device, uninitialized) : backendFor(device).alloc(dtype, n, device);
  return new Tensor(storage, shape);
}

export function scalarTensor(v: number, dtype: DType, device: Device = cpu): Tensor {
  const t = empty([], dtype, device);
  if (device.type === 'cpu') t._data()[0] = v; else t._backend.fill(t, v);
  return t;
}

/**
 * Returns a tensor of the given shape filled with `fill_value`; its dtype follows the value (bool,
 * int64 or the default float dtype) unless `opts.dtype` says otherwise.
 *
 * @param size - the shape of the output
 * @param fill_value - the value every element takes
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function full(shape: readonly number[], value: number | boolean, opts: FactoryOpts = {}): Tensor {
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? bool : Number.isInteger(value) ? int64 : get_default_dtype());
  const t = empty(shape.slice(), dtype, deviceOf(opts.device));
  // An integer or bool tensor stores the converted value, as PyTorch's fill does.
  const v = dtype.kind === 'int' ? Math.trunc(Number(value)) : dtype.kind === 'bool' ? Number(Boolean(value)) : Number(value);
  if (v !== 0) t._backend.fill(t, v);
  return finish(t, opts);
}

type SizeArgs = (ShapeArg | FactoryOpts)[];
/**
 * Returns a tensor filled with the scalar value 0, of the shape given by the sizes (as numbers, or
 * one array or torch.Size).
 *
 * @param size - the shape of the output; an options object may follow: `{ dtype, device,
 *   requires_grad }`
 */
export function zeros(...args: SizeArgs): Tensor { const [s, o] = sizeAndOpts<FactoryOpts>(args); return full(s, 0, { dtype: get_default_dtype(), ...o }); }
/**
 * Returns a tensor filled with the scalar value 1, of the shape given by the sizes (as numbers, or
 * one array or torch.Size).
 *
 * @param size - the shape of the output; an options object may follow: `{ dtype, device,
 *   requires_grad }`
 */
export function ones(...args: SizeArgs): Tensor { const [s, o] = sizeAndOpts<FactoryOpts>(args); return full(s, 1, { dtype: get_default_dtype(), ...o }); }
export function emptyT(...args: SizeArgs): Tensor { return zeros(...args); }
const likeOpts = (t: Tensor, o: FactoryOpts): FactoryOpts => ({ dtype: t.dtype, device: t.device, ...o });
/**
 * Returns a tensor of zeros with the shape of `input`, and its dtype and device unless `opts` says
 * otherwise.
 *
 * @param input - the tensor whose shape (dtype, device) the output takes
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function zeros_like(t: Tensor, o: FactoryOpts = {}): Tensor { return full(t._shape, 0, likeOpts(t, o)); }
/**
 * Returns a tensor of ones with the shape of `input`, and its dtype and device unless `opts` says
 * otherwise.
 *
 * @param input - the tensor whose shape (dtype, device) the output takes
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function ones_like(t: Tensor, o: FactoryOpts = {}): Tensor { return full(t._shape, 1, likeOpts(t, o)); }
export function empty_like(t: Tensor, o: FactoryOpts = {}): Tensor { return full(t._shape, 0, likeOpts(t, o)); }
export function full_like(t: Tensor, v: number, o: FactoryOpts = {}): Tensor { return full(t._shape, v, likeOpts(t, o)); }

/**
 * Returns a 1-D tensor of the values from `start` (inclusive) to `end` (exclusive) in steps of
 * `step`: `torch.arange(5)` is 0, 1, 2, 3, 4. Integer arguments give int64 values, any fractional
 * one the default float dtype.
 *
 * @param start - the first value (0 when only `end` is given)
 * @param end - the bound, not included
 * @param step - the gap between values (default 1)
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function arange(start: number, end?: number | FactoryOpts, step?: number | FactoryOpts, opts?: FactoryOpts): Tensor {
  if (typeof end === 'object') { opts = end; end = undefined; }
  if (typeof step === 'object') { opts = step; step = undefined; }
  if (end === undefined) { end = start; start = 0; }
  const st = (step as number | undefined) ?? 1;
  if (st === 0) throw new RuntimeError('step must be nonzero');
  if ((end - start) / st < 0) throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  const o = opts ?? {};
  const allInt = [start, end, st].every(Number.isInteger);
  const dtype = o.dtype ?? (allInt ? int64 : get_default_dtype());
  const n = Math.ceil((end - start) / st);
  const data = new dtype.Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * st;
  return finish(toDevice(Tensor.fromArray(data, [n], dtype), o.device), o);
}

/**
 * Returns a 1-D tensor of `steps` values evenly spaced from `start` to `end`, both included.
 *
 * @param start - the first value
 * @param end - the last value
 * @param steps - how many values
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function linspace(start: number, end: number, steps: number, opts: FactoryOpts = {}): Tensor {
  if (steps < 0) throw new RuntimeError('number of steps must be non-negative');
  const dtype = opts.dtype ?? get_default_dtype();
  const data = new dtype.Array(steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the two halves from each end, so both endpoints are exact.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = steps === 1 ? start : i < half ? start + step * i : end - step * (steps - 1 - i);
  return finish(toDevice(Tensor.fromArray(data, [steps], dtype), opts.device), opts);
}

/**
 * Returns a 2-D tensor with ones on the diagonal and zeros elsewhere.
 *
 * @param n - the number of rows
 * @param m - the number of columns (default `n`)
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function eye(n: number, m?: number | FactoryOpts, opts?: FactoryOpts): Tensor {
  if (typeof m === 'object') { opts = m; m = undefined; }
  const cols = (m as number | undefined) ?? n;
  if (n < 0) throw new RuntimeError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new RuntimeError(`m must be greater or equal to 0, got ${cols}`);
  // Built on the host, then moved where it was asked for.
  const t = full([n, cols], 0, { dtype: opts?.dtype ?? get_default_dtype() });
  const d = t._data();
  for (let i = 0; i < Math.min(n, cols); i++) d[i * cols + i] = 1;
  return finish(toDevice(t, opts?.device), opts ?? {});
}

// ---- from data ----------------------------------------------------------------------------------
type Nested = number | boolean | Nested[] | TypedArray | Tensor | NDArray;

function isTyped(x: unknown): x is TypedArray { return ArrayBuffer.isView(x) && !(x instanceof DataView); }

function typedDtype(x: TypedArray): DType {
  if (x instanceof Float32Array) return float32;
  if (x instanceof Float64Array) return float64;
  if (x instanceof Int32Array) return int32;
  if (x instanceof Uint8Array) return bool;
  return int64;
}

/** Shape, flat values and inferred dtype of nested JS data. */
function flatten(data: Nested): { shape: number[]; values: ArrayLike<number>; dtype: DType } {
  if (data instanceof Tensor) return { shape: data._shape.slice(), values: data._backend.read(data), dtype: data.dtype };
  if (data instanceof NDArray) return { shape: data.shape.slice(), values: data.data, dtype: data.dtype };
  if (isTyped(data)) return { shape: [data.length], values: data, dtype: typedDtype(data) };
  const shape: number[] = [];
  let probe: Nested = data;
  while (Array.isArray(probe)) { shape.push(probe.length); probe = probe[0]; }
  if (isTyped(probe)) shape.push(probe.length);
  const values: number[] = [];
  let kind = 0; // 0 bool, 1 int, 2 float
  let sawAny = false;
  const visit = (x: Nested, depth: number): void => {
    if (depth < shape.length) {
      const arr = x as ArrayLike<Nested>;
      if (typeof x !== 'object' || x === null || (!Array.isArray(x) && !isTyped(x))) {
        throw new TypeError(`Expected a sequence at dim ${depth}, got ${typeof x}`);
      }
      if (arr.length !== shape[depth]) throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${arr.length})`);
      if (isTyped(x)) { for (let i = 0; i < x.length; i++) values.push(x[i]); kind = Math.max(kind, x instanceof Float32Array || x instanceof Float64Array ? 2 : 1); sawAny = true; return; }
      for (let i = 0; i < arr.length; i++) visit(arr[i], depth + 1);
      return;
    }
    if (typeof x === 'boolean') { values.push(x ? 1 : 0); sawAny = true; return; }
    if (typeof x === 'number') { values.push(x); kind = Math.max(kind, Number.isInteger(x) ? 1 : 2); sawAny = true; return; }
    if (x instanceof Tensor && x._numel === 1) { values.push(Number(x.item())); kind = Math.max(kind, x.dtype.is_floating_point ? 2 : 1); sawAny = true; return; }
    throw new TypeError(`Could not infer dtype of ${x === null ? 'None' : typeof x === 'object' ? x.constructor.name : typeof x}`);
  };
  visit(data, 0);
  const dtype = !sawAny ? get_default_dtype() : kind === 2 ? get_default_dtype() : kind === 1 ? int64 : bool;
  return { shape, values, dtype };
}

/**
 * Constructs a tensor with no autograd history by copying `data`: nested arrays of numbers or
 * booleans, a typed array, a tensor or a NumPy-like array. Integers give int64, fractions float32
 * (the default float dtype), booleans bool, unless `opts.dtype` says otherwise.
 *
 * @param data - the initial values
 * @param opts - `{ dtype, device, requires_grad }`
 */
export function tensor(data: Nested, opts: FactoryOpts = {}): Tensor {
  // A not-yet-dense lazy tensor (a densified sparse row) converts from its entries alone, into
  // another lazy tensor.
  if (data instanceof Tensor && data._storage instanceof LazyStorage && !data._storage.materialized && data._contiguous) {
    const dtype = opts.dtype ?? (opts.requires_grad && !data.dtype.is_floating_point ? get_default_dtype() : data.dtype);
    const copy = new Tensor(data._storage.window(data._offset, data._numel, dtype), data._shape.slice());
    return finish(toDevice(copy, opts.device), opts);
  }
  const f = flatten(data);
  // JS has no `1.` literal: integral data that must require grad is read as floating point.
  const dtype = opts.dtype ?? (opts.requires_grad && !f.dtype.is_floating_point ? get_default_dtype() : f.dtype);
  const arr = new dtype.Array(f.values.length);
  if (dtype.kind === 'float') arr.set(f.values as ArrayLike<number>);
  else for (let i = 0; i < arr.length; i++) arr[i] = dtype.kind === 'bool' ? (f.values[i] ? 1 : 0) : Math.trunc(f.values[i]);
  return finish(toDevice(Tensor.fromArray(arr, f.shape, dtype), opts.device), opts);
}

/** torch.as_tensor / from_numpy: share memory when dtype and device allow. */
export function as_tensor(data: Nested, opts: FactoryOpts = {}): Tensor {
  if (data instanceof Tensor && (!opts.dtype || opts.dtype === data.dtype) && !opts.device) return data;
  if (data instanceof NDArray && (!opts.dtype || opts.dtype === data.dtype) && !opts.device) return Tensor.fromArray(data.data, data.shape.slice(), data.dtype);
  return tensor(data, opts);
}
/**
 * Creates a tensor from a NumPy-like array (what `t.numpy()` returns), sharing its memory: changes
 * to one show in the other.
 *
 * @param ndarray - the array
 */
export function from_numpy(a: NDArray): Tensor { return Tensor.fromArray(a.data, a.shape.slice(), a.dtype); }

/** The legacy constructor `torch.Tensor(...)`: sizes give an (zero-filled) tensor, data gives float32. */
export function legacyTensor(dtype: DType, args: unknown[]): Tensor {
  if (args.length === 0) return empty([0], dtype);
  if (args.every((a) => typeof a === 'number')) return full(args as number[], 0, { dtype });
  if (args.length === 1 && Array.isArray(args[0]) && (args[0] as unknown[]).length === 0) return empty([0], dtype);
  if (args.length === 1 && args[0] instanceof Tensor && (args[0] as Tensor).dtype === dtype) return args[0] as Tensor;
  return tensor(args[0] as Nested, { dtype });
}

// ---- conversion ---------------------------------------------------------------------------------
function toDevice(t: Tensor, device: string | Device | undefined): Tensor {
  return device === undefined ? t : convert(t, t.dtype, Device.parse(device));
}

function convert(t: Tensor, dtype: DType, device: Device, copy = false): Tensor {
  const sameDev = device.type === t.device.type;
  if (dtype === t.dtype && sameDev && !copy) return t;
  let out: Tensor;
  if (sameDev) {
    out = empty(t._shape.slice(), dtype, device);
    t._backend.copy(t, out);
  } else {
    // Cross-device: read back to the host, then upload into the target backend.
    const host = t.device.type === 'cpu' ? t.contiguous() : Tensor.fromArray(t._backend.read(t), t._shape.slice(), t.dtype);
    out = empty(t._shape.slice(), dtype, device);
    if (device.type === 'cpu') host._backend.copy(host, out);
    else backendFor(device).copy(host, out);
  }
  return record(out, 'ToCopyBackward0', [t], (g) => [convert(g, t.dtype, t.device)]);
}

export function to(t: Tensor, args: unknown[]): Tensor {
  let dtype = t.dtype, device = t.device, copy = false;
  for (const a of args) {
    if (a instanceof DType) dtype = a;
    else if (typeof a === 'string' || a instanceof Device) device = Device.parse(a as string);
    else if (a instanceof Tensor) { dtype = a.dtype; device = a.device; }
    else if (a && typeof a === 'object') {
      const o = a as { dtype?: DType; device?: string | Device; copy?: boolean };
      if (o.dtype) dtype = o.dtype;
      if (o.device) device = Device.parse(o.device);
      copy = o.copy ?? false;
    }
  }
  return convert(t, dtype, device, copy);
}

/** `t.type()` names the tensor type; `t.type(dtype)` converts. */
export function type(t: Tensor, d?: DType | string): Tensor | string {
  if (d === undefined) return tensorTypeName(t.dtype, t.is_cuda);
  if (d instanceof DType) return convert(t, d, t.device);
  const m = /^torch\.(cuda\.)?(\w+)Tensor$/.exec(d);
  if (!m) throw new RuntimeError(`invalid type: '${d}'`);
  const dtype = Object.values(dtypes).find((x) => typeName(x) === m[2]);
  if (!dtype) throw new RuntimeError(`invalid type: '${d}'`);
  return convert(t, dtype, m[1] ? Device.parse('cuda') : cpu);
}

// ---- random -------------------------------------------------------------------------------------
const gen = (o?: GenOpt) => o?.generator ?? rng.default_generator;

/** Run a host-side RNG fill on t (through a host buffer when t lives elsewhere or is strided). */
function hostFill<T extends Tensor>(t: T, fill: (a: TypedArray) => void): T {
  if (t.device.type === 'cpu' && t._contiguous) {
    fill(t._data().subarray(t._offset, t._offset + t._numel) as TypedArray);
  } else {
    const host = empty(t._shape.slice(), t.dtype);
    fill(host._data());
    t._backend.copy(host, t);
  }
  t._version++;
  return t;
}

export function uniform_<T extends Tensor>(t: T, from: number, to: number, o?: GenOpt): T {
  if (from > to) throw new RuntimeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  return hostFill(t, (a) => rng.uniform_(a as Float32Array, from, to, gen(o)));
}
export function normal_<T extends Tensor>(t: T, mean: number, std: number, o?: GenOpt): T {
  if (std < 0) throw new RuntimeError(`normal expects std >= 0.0, but found std ${std}`);
  return hostFill(t, (a) => rng.normal_(a as Float32Array, mean, std, gen(o)));
}
export function random_<T extends Tensor>(t: T, from?: number, to?: number, o?: GenOpt): T {
  if (from === undefined) return hostFill(t, (a) => { rng.random_full_(a, gen(o), t.dtype.name as rng.RandomDtype); });
  if (to === undefined) { to = from; from = 0; }
  return hostFill(t, (a) => rng.random_from_to_(a, from!, to!, gen(o)));
}
export function bernoulli_<T extends Tensor>(t: T, p: number, o?: GenOpt): T {
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  return hostFill(t, (a) => rng.bernoulli_(a, p, gen(o)));
}

type RandArgs = (ShapeArg | (FactoryOpts & GenOpt))[];
/**
 * Returns a tensor filled with random numbers from a uniform distribution on the interval [0, 1).
 *
 * @param size - the shape of the output, as numbers or one array; an options object may follow: `{
 *   dtype, device, requires_grad, generator }`
 */
export function rand(...args: RandArgs): Tensor {
  const [s, o] = sizeAndOpts<FactoryOpts & GenOpt>(args);
  return finish(uniform_(empty(s, o.dtype ?? get_default_dtype()), 0, 1, o).to(deviceOf(o.device)), o);
}
/**
 * Returns a tensor filled with random numbers from a normal distribution with mean 0 and variance 1
 * (the standard normal distribution). With `torch.manual_seed(s)` first, the numbers are PyTorch's
 * for the same seed.
 *
 * @param size - the shape of the output, as numbers or one array; an options object may follow: `{
 *   dtype, device, requires_grad, generator }`
 */
export function randn(...args: RandArgs): Tensor {
  const [s, o] = sizeAndOpts<FactoryOpts & GenOpt>(args);
  return finish(normal_(empty(s, o.dtype ?? get_default_dtype()), 0, 1, o).to(deviceOf(o.device)), o);
}
/** torch.randint(high, size) or torch.randint(low, high, size), as PyTorch orders them. */
export function randint(a: number, b: number | readonly number[], c?: readonly number[] | (FactoryOpts & GenOpt), d?: FactoryOpts & GenOpt): Tensor {
  let low = 0, high: number, size: readonly number[], o: FactoryOpts & GenOpt;
  if (Array.isArray(b)) { high = a; size = b as number[]; o = (c as FactoryOpts & GenOpt) ?? {}; }
  else { low = a; high = b as number; size = c as number[]; o = d ?? {}; }
  if (!Array.isArray(size)) throw new TypeError('randint() missing required argument: size');
  if (low >= high) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const t = empty(size.slice(), o.dtype ?? int64);
  return finish(random_(t, low, high, o).to(deviceOf(o.device)), o);
}
/**
 * Returns a random permutation of the integers from 0 to n - 1.
 *
 * @param n - the upper bound (exclusive)
 * @param opts - `{ dtype, device, generator }`
 */
export function randperm(n: number, o: FactoryOpts & GenOpt = {}): Tensor {
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  const perm = rng.randperm(n, gen(o));
  const dtype = o.dtype ?? int64;
  return toDevice(Tensor.fromArray(dtype === int64 ? perm : new dtype.Array(perm), [n], dtype), o.device);
}
/**
 * Returns a tensor with the shape of `input` filled with random numbers uniform on [0, 1).
 *
 * @param input - the tensor whose shape (dtype, device) the output takes
 */
export function rand_like(t: Tensor, o: FactoryOpts & GenOpt = {}): Tensor { return rand(t._shape, likeOpts(t, o)); }
/**
 * Returns a tensor with the shape of `input` filled with random numbers from the standard normal
 * distribution.
 *
 * @param input - the tensor whose shape (dtype, device) the output takes
 */
export function randn_like(t: Tensor, o: FactoryOpts & GenOpt = {}): Tensor { return randn(t._shape, likeOpts(t, o)); }
