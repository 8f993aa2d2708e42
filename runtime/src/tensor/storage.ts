// A Storage is one flat buffer; tensors are strided views over it.
import { RuntimeError } from '../errors';
import { DType, TypedArray } from './dtype';

/** The device types PyTorch 1.13 parses (its message lists them all); only cpu and cuda have backends here. */
const DEVICE_TYPES = 'cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone';

export type DeviceType = 'cpu' | 'cuda';

export class Device {
  constructor(readonly type: DeviceType, readonly index: number | null = null) {}
  static parse(d: string | Device): Device {
    if (d instanceof Device) return d;
    const m = /^(cpu|cuda)(?::(\d+))?$/.exec(d);
    if (!m) throw new RuntimeError(`Expected one of ${DEVICE_TYPES} device type at start of device string: ${d}`);
    return new Device(m[1] as DeviceType, m[2] === undefined ? null : Number(m[2]));
  }
  /** The name tensors print: `cuda:0`, never a bare `cuda`. */
  get name(): string { return this.type === 'cpu' ? 'cpu' : `cuda:${this.index ?? 0}`; }
  toString(): string { return this.index === null ? this.type : `${this.type}:${this.index}`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `device(type='${this.type}'${this.index === null ? '' : `, index=${this.index}`})`; }
}

export const cpu = new Device('cpu');

/** Bytes from which an uninitialized allocation comes from Node's unzeroed allocator (below, V8's own is faster). */
const UNINITIALIZED_MIN = 1 << 16;
/** Node's unzeroed allocator; a browser has none, and gets zeroed memory. */
const unzeroed: ((bytes: number) => ArrayBuffer) | null =
  typeof Buffer === 'function' ? (bytes) => Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer : null;

// Fake but stable addresses, so `data_ptr()` compares the way PyTorch's do.
let nextAddress = 0x10000;

/** PyTorch's version counter: bumped by every in-place write, shared by a tensor and its views. */
export interface VersionCounter { version: number }

export class Storage implements VersionCounter {
  readonly address: number;
  /** The version counter of the tensors made over this storage (a `.data` tensor gets its own). */
  version = 0;
  /** Number of elements (a device storage may hold no host array). */
  readonly length: number;
  protected _host: TypedArray;
  constructor(data: TypedArray, readonly dtype: DType, readonly device: Device = cpu, length = data.length) {
    this._host = data;
    this.length = length;
    this.address = nextAddress;
    nextAddress += Math.ceil((length * dtype.itemsize + 1) / 64) * 64;
  }
  /** The elements on the host. A device storage copies them back first and treats the copy as the
   *  current values from then on (the caller may write to it). */
  get data(): TypedArray { return this._host; }
  set data(v: TypedArray) { this._host = v; }
  /**
   * A new storage of n elements, zeroed unless `uninitialized` (for outputs a kernel writes in
   * full: large ones then skip the zero fill, a memset as long as the kernel's own pass).
   */
  static alloc(dtype: DType, n: number, device: Device = cpu, uninitialized = false): Storage {
    const bytes = n * dtype.itemsize;
    if (uninitialized && unzeroed && bytes >= UNINITIALIZED_MIN) return new Storage(new dtype.Array(unzeroed(bytes)), dtype, device);
    return new Storage(new dtype.Array(n), dtype, device);
  }
  data_ptr(): number { return this.address; }
  size(): number { return this.length; }
  nbytes(): number { return this.length * this.dtype.itemsize; }
  element_size(): number { return this.dtype.itemsize; }
  tolist(): number[] { return Array.from(this.data); }
}
