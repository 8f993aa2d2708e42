// Storage of a `cuda` tensor: its values as a float32 gpu.js texture, plus a host copy made on
// demand. Float32 storages live on the device and are read back only when the host asks for them;
// other dtypes (int64 labels, bool masks) keep their values on the host and are uploaded as float32
// when a GPU kernel reads them.
import type { DType, TypedArray } from '../../tensor/dtype';
import { Device, Storage } from '../../tensor/storage';

/** What a gpu.js pipeline texture offers here. */
export interface Tex {
  toArray(): Float32Array | number[];
  delete(): void;
  /** Another handle on the same GL texture (reference counted). */
  clone(): Tex;
}

/** Owned separately from the storage, so the finalizer can free the texture after the storage is gone. */
interface Holder { tex: Tex | null; bytes: number }

let liveBytes = 0;
const live = new Set<WeakRef<GpuStorage>>();
const registry = new FinalizationRegistry<{ holder: Holder; ref: WeakRef<GpuStorage> }>(({ holder, ref }) => {
  release(holder);
  liveBytes -= holder.bytes;
  live.delete(ref);
});

function release(h: Holder): void {
  if (h.tex) { h.tex.delete(); h.tex = null; }
}

const EMPTY = new Float32Array(0);

/** PyTorch's caching allocator rounds each block up to 512 bytes. */
const blockBytes = (bytes: number): number => Math.ceil(bytes / 512) * 512;

export class GpuStorage extends Storage {
  private readonly holder: Holder = { tex: null, bytes: 0 };
  /** The texture holds the current values. */
  devValid = false;
  /** The host array holds the current values (an unallocated host array means zeros). */
  hostValid = true;

  constructor(dtype: DType, n: number, device: Device, private readonly download: (t: Tex, n: number) => Float32Array) {
    super(EMPTY, dtype, device, n);
    // counted as PyTorch counts a device tensor's storage, wherever its values are kept
    this.holder.bytes = blockBytes(n * dtype.itemsize);
    liveBytes += this.holder.bytes;
    const ref = new WeakRef(this);
    live.add(ref);
    registry.register(this, { holder: this.holder, ref });
  }

  get tex(): Tex | null { return this.devValid ? this.holder.tex : null; }

  /** The host values, copied back when the device holds newer ones; the caller may write to them. */
  override get data(): TypedArray {
    this.syncHost();
    this.devValid = false;
    return this._host;
  }
  override set data(v: TypedArray) { this._host = v; this.hostValid = true; this.devValid = false; }

  /** Host values for reading only: the device copy stays valid. */
  hostRead(): TypedArray { this.syncHost(); return this._host; }

  /** True when the host never received values: the storage holds zeros. */
  get untouched(): boolean { return this.hostValid && !this.devValid && this._host.length !== this.length; }

  private syncHost(): void {
    if (!this.hostValid) {
      const v = this.download(this.holder.tex!, this.length);
      if (this.dtype.Array === Float32Array) this._host = v;
      else { const a = new this.dtype.Array(this.length); for (let i = 0; i < a.length; i++) a[i] = this.dtype.kind === 'bool' ? (v[i] ? 1 : 0) : v[i]; this._host = a; }
      this.hostValid = true;
    } else if (this._host.length !== this.length) {
      this._host = new this.dtype.Array(this.length);
    }
  }

  /** Make `t` the device copy (the storage takes ownership of it). */
  setTex(t: Tex): void {
    if (this.holder.tex && this.holder.tex !== t) this.holder.tex.delete();
    this.holder.tex = t;
    this.devValid = true;
    this.hostValid = false;
  }

  /** Record that the texture was made from the host values (both copies agree). */
  setUploaded(t: Tex): void {
    this.setTex(t);
    this.hostValid = true;
  }

  /** Drop the host copy where the device holds the values; drop the texture where the host does. */
  trim(): void {
    if (this.devValid && this.hostValid && this.dtype.Array === Float32Array) { this._host = EMPTY; this.hostValid = false; }
    else if (!this.devValid && this.holder.tex) release(this.holder);
  }
}

/** Bytes of the live `cuda` storages, in 512-byte blocks. */
export function memoryAllocated(): number { return liveBytes; }

/** Release what live storages do not need: stale textures and host copies of device-resident values. */
export function trimAll(): void {
  for (const ref of live) {
    const s = ref.deref();
    if (s) s.trim(); else live.delete(ref);
  }
}
