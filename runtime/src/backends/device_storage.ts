// Storage of a `cuda` tensor, shared by the GPU backends: the values on the device (a handle the
// backend owns: a gpu.js texture, a WebGPU buffer id) plus a host copy made on demand. Kernels
// leave their results on the device; the host copy is made when the host asks for the values
// (printing, item(), tolist(), .cpu(), a CPU fallback kernel), and a host write makes the device
// copy stale until the next upload. Memory is counted as PyTorch counts a device tensor's storage
// and released when the storage becomes unreachable (FinalizationRegistry).
import { DType, TypedArray } from '../tensor/dtype';
import { Device, Storage } from '../tensor/storage';

/** What a backend does with its device handles. */
export interface DeviceMemory<H> {
  /** The n values of a handle, in the storage dtype's array type or one convertible to it. */
  download(h: H, n: number, dtype: DType): ArrayLike<number>;
  release(h: H): void;
  /** Whether the device copy of a dtype holds its values exactly (so the host copy may be dropped). */
  exact(dtype: DType): boolean;
}

/** Owned apart from the storage, so the finalizer can free the handle after the storage is gone. */
interface Holder<H> { h: H | null; bytes: number; mem: DeviceMemory<H> }

let liveBytes = 0;
const live = new Set<WeakRef<MirroredStorage<unknown>>>();
const registry = new FinalizationRegistry<{ holder: Holder<unknown>; ref: WeakRef<MirroredStorage<unknown>> }>(({ holder, ref }) => {
  release(holder);
  liveBytes -= holder.bytes;
  live.delete(ref);
});

function release<H>(holder: Holder<H>): void {
  if (holder.h !== null) { holder.mem.release(holder.h); holder.h = null; }
}

const EMPTY = new Float32Array(0);

/** PyTorch's caching allocator rounds each block up to 512 bytes. */
const blockBytes = (bytes: number): number => Math.ceil(bytes / 512) * 512;

/** Convert downloaded values to a dtype's host array (bool as 0/1). */
function toHost(v: ArrayLike<number>, dtype: DType, n: number): TypedArray {
  if (v instanceof dtype.Array && v.length === n) return v as TypedArray;
  const a = new dtype.Array(n);
  if (dtype.kind === 'bool') for (let i = 0; i < n; i++) a[i] = v[i] ? 1 : 0;
  else for (let i = 0; i < n; i++) a[i] = v[i];
  return a;
}

export class MirroredStorage<H> extends Storage {
  private readonly holder: Holder<H>;
  /** The device handle holds the current values. */
  devValid = false;
  /** The host array holds the current values (an unallocated host array means zeros, or `sparse`). */
  hostValid = true;
  /** Non-zero entries of a host copy not yet built (a lazily densified row batch): positions ascending. */
  sparse: { positions: readonly number[]; values: readonly number[] } | null = null;

  constructor(dtype: DType, n: number, device: Device, mem: DeviceMemory<H>) {
    super(EMPTY, dtype, device, n);
    // counted as PyTorch counts a device tensor's storage, wherever its values are kept
    this.holder = { h: null, bytes: blockBytes(n * dtype.itemsize), mem };
    liveBytes += this.holder.bytes;
    const ref = new WeakRef(this as MirroredStorage<unknown>);
    live.add(ref);
    registry.register(this, { holder: this.holder as Holder<unknown>, ref });
  }

  /** The device handle when it holds the current values. */
  get handle(): H | null { return this.devValid ? this.holder.h : null; }
  /** The device handle, current or not (a backend may write into it). */
  get anyHandle(): H | null { return this.holder.h; }

  /** The host values, copied back when the device holds newer ones; the caller may write to them. */
  override get data(): TypedArray {
    this.syncHost();
    this.devValid = false;
    return this._host;
  }
  override set data(v: TypedArray) { this._host = v; this.sparse = null; this.hostValid = true; this.devValid = false; }

  /** Take values given as entries over zeros; the host array is built only if the host reads them. */
  setSparse(positions: readonly number[], values: readonly number[]): void {
    this._host = EMPTY;
    this.sparse = { positions, values };
    this.hostValid = true;
    this.devValid = false;
  }

  /** Host values for reading only: the device copy stays valid. */
  hostRead(): TypedArray { this.syncHost(); return this._host; }

  /** True when the storage holds zeros that no array was built for yet. */
  get untouched(): boolean { return this.hostValid && !this.devValid && this._host.length !== this.length && !this.sparse; }

  private syncHost(): void {
    if (!this.hostValid) {
      const h = this.holder.h as H;
      this._host = toHost(this.holder.mem.download(h, this.length, this.dtype), this.dtype, this.length);
      this.hostValid = true;
    } else if (this._host.length !== this.length) {
      const a = new this.dtype.Array(this.length);
      if (this.sparse) { const { positions: p, values: v } = this.sparse; for (let k = 0; k < p.length; k++) a[p[k]] = v[k]; }
      this._host = a;
      this.sparse = null;
    }
  }

  /** Make `h` the device copy holding the current values (the storage takes ownership of it). */
  setHandle(h: H): void {
    if (this.holder.h !== null && this.holder.h !== h) this.holder.mem.release(this.holder.h);
    this.holder.h = h;
    this.devValid = true;
    this.hostValid = false;
  }

  /** Record that the device copy was made from the host values (both copies agree). */
  setUploaded(h: H): void {
    this.setHandle(h);
    this.hostValid = true;
  }

  /** Drop the host copy where the device holds the values; drop the device copy where the host does. */
  trim(): void {
    if (this.devValid && this.hostValid && this._host.length === this.length && this.holder.mem.exact(this.dtype)) { this._host = EMPTY; this.hostValid = false; }
    else if (!this.devValid && this.holder.h !== null) release(this.holder);
  }
}

/** Bytes of the live `cuda` storages, in 512-byte blocks. */
export function memoryAllocated(): number { return liveBytes; }

/** Release what live storages do not need: stale device copies and host copies of device-resident values. */
export function trimAll(): void {
  for (const ref of live) {
    const s = ref.deref();
    if (s) s.trim(); else live.delete(ref);
  }
}
