// A Storage is one flat buffer; tensors are strided views over it.
import { DType, TypedArray } from './dtype';

export type DeviceType = 'cpu' | 'cuda';

export class Device {
  constructor(readonly type: DeviceType, readonly index: number | null = null) {}
  static parse(d: string | Device): Device {
    if (d instanceof Device) return d;
    const m = /^(cpu|cuda)(?::(\d+))?$/.exec(d);
    if (!m) throw new Error(`Expected one of cpu, cuda device type at start of device string: ${d}`);
    return new Device(m[1] as DeviceType, m[2] === undefined ? null : Number(m[2]));
  }
  /** The name tensors print: `cuda:0`, never a bare `cuda`. */
  get name(): string { return this.type === 'cpu' ? 'cpu' : `cuda:${this.index ?? 0}`; }
  toString(): string { return this.index === null ? this.type : `${this.type}:${this.index}`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `device(type='${this.type}'${this.index === null ? '' : `, index=${this.index}`})`; }
}

export const cpu = new Device('cpu');

// Fake but stable addresses, so `data_ptr()` compares the way PyTorch's do.
let nextAddress = 0x10000;

export class Storage {
  readonly address: number;
  constructor(public data: TypedArray, readonly dtype: DType, readonly device: Device = cpu) {
    this.address = nextAddress;
    nextAddress += Math.ceil((data.length * dtype.itemsize + 1) / 64) * 64;
  }
  static alloc(dtype: DType, n: number, device: Device = cpu): Storage {
    return new Storage(new dtype.Array(n), dtype, device);
  }
  data_ptr(): number { return this.address; }
  size(): number { return this.data.length; }
  nbytes(): number { return this.data.length * this.dtype.itemsize; }
  element_size(): number { return this.dtype.itemsize; }
  tolist(): number[] { return Array.from(this.data); }
}
