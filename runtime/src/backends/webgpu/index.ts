// The WebGPU backend behind the `cuda` device. The runtime thread encodes kernels into a command
// stream (stream.ts) that a device worker runs on its GPUDevice (server.ts, Dawn in Node or a
// browser's navigator.gpu): launches are queued without waiting, as on a CUDA stream, and the
// runtime blocks only where PyTorch synchronizes (item(), tolist(), printing, .cpu(), a CPU
// fallback reading device values, torch.cuda.synchronize()).
//
// On the device: float32 values as f32, int64/int32 values as i32 and bool as u32 (0/1); float64
// stays on the host (WGSL has no f64). Float32 arithmetic, reductions, matmul, softmax, gathers,
// scatters and the fused optimizer steps run in WGSL; integer and bool arithmetic (labels, counts,
// masks) runs the CPU kernels on host copies, since 32-bit device integers would wrap where
// PyTorch's int64 does not — the device only converts to and from them (casts, comparisons into
// bool masks, argmax/argmin, where, gathers). Integer values outside the i32 range stay on the host.
import type { AdamHyper, BinaryOp, ReduceOp, SgdHyper, UnaryOp } from '../backend';
import type { CudaBackend } from '../cuda';
import { cpuBackend } from '../cpu';
import { coalesce, contiguousLayout, reductionLayout } from '../cpu/strided';
import { DType, TypedArray, castValue, float32, float64 } from '../../tensor/dtype';
import { Device, Storage } from '../../tensor/storage';
import { LazyStorage } from '../../tensor/lazy_storage';
import { Tensor } from '../../tensor/tensor';
import { numel } from '../../tensor/shape';
import { RuntimeError } from '../../errors';
import { DeviceMemory, MirroredStorage, trimAll } from '../device_storage';
import * as K from './kernels';
import { Stream } from './stream';
import { startDeviceWorker } from './platform';
import { envVar } from '../../env';
import { AdapterReport, Ctrl, readText } from './protocol';

type WStorage = MirroredStorage<number>;

/** How a dtype is held on the device, or null when it stays on the host. */
function devType(d: DType): K.DevType | null {
  if (d === float32) return 'f32';
  if (d === float64) return null;
  return d.kind === 'bool' ? 'u32' : 'i32';
}

/** Host values in their device representation, or null when an integer does not fit in i32. */
function toDevice(v: TypedArray, type: K.DevType): Float32Array | Int32Array | Uint32Array | null {
  if (type === 'f32') return v instanceof Float32Array ? v : Float32Array.from(v);
  if (type === 'u32') return Uint32Array.from(v);
  if (v instanceof Int32Array) return v;
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!(x >= -2147483648 && x <= 2147483647)) return null;
    out[i] = x;
  }
  return out;
}

/** Operands at most this large, all with current host values, are computed on the host (no launch, no later sync). */
const HOST_MAX = 256;

/** The storage bindings of one launch: one slot per distinct buffer. */
class Bindings {
  readonly ids: number[] = [];
  readonly slots: K.Slot[] = [];
  add(id: number, type: K.DevType, writable: boolean): number {
    let k = this.ids.indexOf(id);
    if (k < 0) { k = this.ids.length; this.ids.push(id); this.slots.push({ type, writable }); }
    else if (writable) this.slots[k].writable = true;
    return k;
  }
  get signature(): string { return this.slots.map((s) => s.type + (s.writable ? 'w' : 'r')).join(''); }
}

/** A dispatch of `groups` workgroups as a 2-D grid within the per-dimension limit. */
function grid(groups: number): [number, number] {
  const gx = Math.min(Math.max(groups, 1), 65535);
  return [gx, Math.ceil(groups / gx)];
}

const full = (t: Tensor): boolean => t._numel === t._storage.length && t._contiguous && t._offset === 0;

export class WebGpuBackend implements CudaBackend {
  readonly name = 'webgpu';
  readonly deviceName: string;
  private readonly kernelIds = new Map<string, number>();
  /** Buffers made for one call (uploaded host operands, scratch), freed after its launches. */
  private temps: number[] = [];
  private readonly maxWords: number;
  /** A tiling that replaces the choice by size (TORCHLAB_WEBGPU_TILE=BMxBNxBKxTMxTN; the GPU benchmark sets it). */
  tileOverride: K.Tile | null;
  private readonly mem: DeviceMemory<number> = {
    download: (id, n, dtype) => this.download(id, n, dtype),
    release: (id) => this.stream.free(id),
    exact: (dtype) => devType(dtype) !== null,
  };

  constructor(readonly stream: Stream, readonly report: AdapterReport) {
    this.deviceName = report.name;
    this.maxWords = Math.floor(Math.min(report.limits.maxBufferSize, report.limits.maxStorageBufferBindingSize) / 4);
    const t = envVar('TORCHLAB_WEBGPU_TILE');
    this.tileOverride = t ? K.parseTile(t) : null;
  }

  synchronize(): void { this.stream.sync(); }
  emptyCache(): void {
    trimAll();
    this.stream.trim();
    this.stream.flush(0);
  }

  // ---- storage and transfers ----------------------------------------------------------------------
  alloc(dtype: DType, n: number, device: Device): Storage {
    if ((device.index ?? 0) !== 0) throw new RuntimeError('CUDA error: invalid device ordinal');
    return new MirroredStorage<number>(dtype, n, device, this.mem);
  }

  private download(id: number, n: number, dtype: DType): ArrayLike<number> {
    const buf = this.stream.read(id, 0, n);
    const type = devType(dtype);
    return type === 'f32' ? new Float32Array(buf) : type === 'i32' ? new Int32Array(buf) : new Uint32Array(buf);
  }

  private kernel(key: string, make: () => K.KernelSource): number {
    let id = this.kernelIds.get(key);
    if (id === undefined) {
      const src = make();
      id = this.kernelIds.size + 1;
      this.kernelIds.set(key, id);
      let mask = 0;
      src.slots.forEach((s, k) => { if (s.writable) mask |= 1 << k; });
      this.stream.define(id, src.wgsl, src.slots.length, mask);
    }
    return id;
  }

  private newBuffer(words: number): number | null {
    if (words > this.maxWords) return null;
    return this.stream.alloc(Math.max(1, words));
  }

  /** A scratch buffer released after this call's launches. */
  private scratch(words: number): number | null {
    const id = this.newBuffer(words);
    if (id !== null) this.temps.push(id);
    return id;
  }

  private uploadTemp(values: Float32Array | Int32Array | Uint32Array): number | null {
    const id = this.scratch(values.length);
    if (id !== null && values.length) this.stream.upload(id, 0, values);
    return id;
  }

  private releaseTemps(): void {
    for (const id of this.temps) this.stream.free(id);
    this.temps = [];
  }

  /** The buffer holding t's storage's current values (uploaded if the host holds them), or null. */
  private bufferOf(t: Tensor): number | null {
    const s = t._storage;
    const type = devType(t.dtype);
    if (!type) return null;
    if (!(s instanceof MirroredStorage)) {
      // a host tensor read by a kernel (an index list): uploaded for this call
      const dev = toDevice(s instanceof LazyStorage && !s.materialized ? this.densify(s) : s.data, type);
      return dev ? this.uploadTemp(dev) : null;
    }
    const ws = s as WStorage;
    if (ws.handle !== null) return ws.handle;
    const id = ws.anyHandle ?? this.newBuffer(ws.length);
    if (id === null) return null;
    if (ws.untouched) this.stream.clear(id, 0, Math.max(1, ws.length));
    else if (ws.sparse && type === 'f32') {
      this.stream.clear(id, 0, Math.max(1, ws.length));
      const n = ws.sparse.positions.length;
      if (n) {
        const pos = this.uploadTemp(Int32Array.from(ws.sparse.positions)), vals = this.uploadTemp(Float32Array.from(ws.sparse.values));
        if (pos === null || vals === null) return null;
        const b = new Bindings();
        b.add(id, 'f32', true); b.add(pos, 'i32', false); b.add(vals, 'f32', false);
        const k = this.kernel('scatter entries', () => K.scatterEntries(b.slots));
        this.stream.launch(k, ...grid(Math.ceil(n / K.WG)), 1, [n, 0], [NaN, Infinity], b.ids);
      }
    } else {
      const dev = toDevice(ws.hostRead(), type);
      if (!dev) return null;
      this.stream.upload(id, 0, dev);
    }
    ws.setUploaded(id);
    return id;
  }

  private densify(s: LazyStorage): TypedArray {
    const a = new s.dtype.Array(s.length);
    for (let k = 0; k < s.positions.length; k++) a[s.positions[k]] = s.values[k];
    return a;
  }

  /** The buffer a kernel writes t into: its current one, or for a whole overwrite any buffer. */
  private outBuffer(t: Tensor): number | null {
    const s = t._storage as WStorage;
    if (!devType(t.dtype)) return null;
    if (s.handle !== null) return s.handle;
    if (t._numel === s.length) return s.anyHandle ?? this.newBuffer(s.length);
    return this.bufferOf(t); // a partial write keeps the other values: they must be on the device
  }

  /** Whether every operand is small and has its values on the host: then the host computes. */
  private onHostAnyway(ts: Tensor[]): boolean {
    for (const t of ts) {
      const s = t._storage;
      if (s.length > HOST_MAX) return false;
      if (s instanceof MirroredStorage && !s.hostValid) return false;
    }
    return true;
  }

  /** Run a CPU kernel on host copies: inputs are read (their device copies stay valid), outputs written. */
  private onHost(ins: Tensor[], outs: Tensor[], f: () => void): void {
    const outStorages = new Set(outs.map((t) => t._storage));
    const keep: WStorage[] = [];
    for (const t of ins) {
      const s = t._storage;
      if (s instanceof MirroredStorage && !outStorages.has(s) && s.devValid) { s.hostRead(); keep.push(s as WStorage); }
    }
    f();
    for (const s of keep) s.devValid = true;
  }

  read(x: Tensor): TypedArray {
    const s = x._storage as WStorage;
    if (!s.hostValid && s.handle !== null && x._numel * 4 < s.length && devType(x.dtype)) {
      // a small view of a large device storage: gather it on the device, read back only it
      const tmp = new Tensor(this.alloc(x.dtype, x._numel, x.device), x._shape.slice());
      if (this.ew('copy', 'a', [x], tmp, 0, 0, true)) return (tmp._storage as WStorage).hostRead();
    }
    const host = s.hostRead();
    return cpuBackend.read(new Tensor(new Storage(host, x.dtype), x._shape.slice(), x._strides.slice(), x._offset));
  }

  // ---- elementwise ----------------------------------------------------------------------------------
  /**
   * out = expr over equal-shape operands on the device; false when it must run on the host. `raw`:
   * a copy converting each value directly (exact for integers). One-element operands whose value
   * the host holds (Python scalars) go in as uniforms.
   */
  private ew(name: string, expr: string, ins: Tensor[], out: Tensor, p0 = 0, p1 = 0, raw = false): boolean {
    const n = out._numel;
    if (n === 0) return true;
    const outType = devType(out.dtype);
    if (!outType) return false;
    const c = coalesce(out._shape, [out._strides, ...ins.map((t) => t._strides)]);
    let shape = c.shape, strides = c.strides;
    if (shape.length === 0) { shape = [1]; strides = strides.map(() => [0]); }
    const R = shape.length;
    if (R > K.MAX_RANK) return false;
    try {
      const b = new Bindings();
      const ops: K.EwOperand[] = [];
      const ints: number[] = [n, ...shape.slice(1)];
      const floats: number[] = [NaN, Infinity, p0, p1];
      for (let k = 0; k < ins.length; k++) {
        const t = ins[k], s = t._storage;
        const type = devType(t.dtype);
        if (!type) return false;
        const onHost = s.length === 1 && (!(s instanceof MirroredStorage) || s.hostValid) && !(raw && t.dtype.kind === 'int');
        if (onHost) {
          floats.push(Number((s instanceof MirroredStorage ? s.hostRead() : s.data)[t._offset]));
          ops.push({ slot: -1, type: 'f32', scalar: true });
          continue;
        }
        const id = this.bufferOf(t);
        if (id === null) return false;
        ops.push({ slot: b.add(id, type, false), type, scalar: false });
        ints.push(t._offset, ...strides[k + 1]);
      }
      const oid = this.outBuffer(out);
      if (oid === null) return false;
      const oslot = b.add(oid, outType, true);
      ints.push(out._offset, ...strides[0]);
      const key = `ew|${name}|${R}|${ops.map((o) => (o.scalar ? 's' : o.type + o.slot)).join(',')}|${outType}${oslot}|${raw ? 1 : 0}|${b.signature}`;
      const kid = this.kernel(key, () => K.elementwise(name, expr, R, ops, { slot: oslot, type: outType }, b.slots, raw));
      this.stream.launch(kid, ...grid(Math.ceil(n / K.WG)), 1, ints, floats, b.ids);
      (out._storage as WStorage).setHandle(oid);
      return true;
    } finally {
      this.releaseTemps();
    }
  }

  unary(op: UnaryOp, x: Tensor, out: Tensor, p0 = 0, p1 = 0): void {
    const expr = K.UNARY[op];
    if (expr && x.dtype === float32 && (out.dtype === float32 || out.dtype.kind === 'bool') && !this.onHostAnyway([x, out]) &&
      this.ew(`u_${op}`, expr, [x], out, p0, p1)) return;
    this.onHost([x], [out], () => cpuBackend.unary(op, x, out, p0, p1));
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor): void {
    const expr = K.BINARY[op];
    if (expr && a.dtype === float32 && b.dtype === float32 && (out.dtype === float32 || out.dtype.kind === 'bool') &&
      !this.onHostAnyway([a, b, out]) && this.ew(`b_${op}`, expr, [a, b], out)) return;
    this.onHost([a, b], [out], () => cpuBackend.binary(op, a, b, out));
  }

  where(cond: Tensor, a: Tensor, b: Tensor, out: Tensor): void {
    if (a.dtype === float32 && b.dtype === float32 && out.dtype === float32 && cond.dtype.kind === 'bool' &&
      !this.onHostAnyway([cond, a, b, out]) && this.ew('where', 'select(c, b, a != 0.0)', [cond, a, b], out)) return;
    this.onHost([cond, a, b], [out], () => cpuBackend.where(cond, a, b, out));
  }

  copy(src: Tensor, dst: Tensor): void {
    if (src._numel === 0) return;
    const ds = dst._storage as WStorage;
    const ss = src._storage;
    if (!(ss instanceof MirroredStorage)) {
      // from the host: a whole destination takes the values on the host, uploaded when a kernel needs them
      if (full(dst)) {
        if (ss instanceof LazyStorage && !ss.materialized && full(src) && dst.dtype === float32 && ds.length > 0) {
          ds.setSparse(ss.positions, ss.values.map((v) => castValue(v, float32)));
          return;
        }
        ds.data = new dst.dtype.Array(ds.length);
        cpuBackend.copy(src, dst);
        return;
      }
      if (!ds.hostValid && this.ew('copy', 'a', [src], dst, 0, 0, true)) return;
    } else {
      const sw = ss as WStorage;
      if (src.dtype === dst.dtype && full(src) && full(dst) && sw !== ds) {
        if (sw.handle === null) { ds.data = sw.hostRead().slice(); return; }
        const oid = this.outBuffer(dst);
        if (oid !== null) {
          this.stream.copy(sw.handle, 0, oid, 0, ds.length);
          ds.setHandle(oid);
          return;
        }
      }
      if (!this.onHostAnyway([src, dst]) && this.ew('copy', 'a', [src], dst, 0, 0, true)) return;
    }
    this.onHost([src], [dst], () => cpuBackend.copy(src, dst));
  }

  fill(out: Tensor, value: number): void {
    if (out._numel === 0) return;
    const s = out._storage as WStorage;
    const type = devType(out.dtype);
    if (type && !this.onHostAnyway([out])) {
      if (value === 0 && full(out)) {
        const id = s.anyHandle ?? this.newBuffer(s.length);
        if (id !== null) { this.stream.clear(id, 0, s.length); s.setHandle(id); return; }
      }
      const exact = type === 'f32' || Math.abs(value) <= 1 << 24;
      if (exact && this.ew('fill', 'p0', [], out, value)) return;
    }
    this.onHost([], [out], () => cpuBackend.fill(out, value));
  }

  // ---- reductions ------------------------------------------------------------------------------------
  reduce(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): void {
    const logical = op === 'all' || op === 'any';
    const ok = x._numel > 0 && (logical ? (x.dtype === float32 || x.dtype.kind === 'bool') && out.dtype.kind === 'bool' : x.dtype === float32 && out.dtype === float32);
    if (!ok || this.onHostAnyway([x, out]) || !this.reduceDevice(op, x, dims, out)) {
      this.onHost([x], [out], () => cpuBackend.reduce(op, x, dims, out));
    }
  }

  private reduceDevice(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): boolean {
    let layout = reductionLayout(x._shape, x._strides, dims), src = x;
    if ('perm' in layout) {
      // reduced dims that do not merge: lay them out last and contiguous first
      const { perm } = layout, pshape = perm.map((d) => x._shape[d]);
      src = new Tensor(this.alloc(x.dtype, x._numel, x.device), pshape);
      if (!this.ew('copy', 'a', [x._view(pshape, perm.map((d) => x._strides[d]), x._offset)], src, 0, 0, true)) return false;
      layout = contiguousLayout(x._numel, dims.reduce((p, d) => p * x._shape[d], 1));
    }
    const { L, rs, kShape, kStrides } = layout;
    const R = kShape.length;
    if (R > K.MAX_RANK) return false;
    const nOut = numel(kShape);
    const inType = devType(src.dtype)!, outType = devType(out.dtype)!;
    try {
      const xid = this.bufferOf(src), oid = this.outBuffer(out);
      if (xid === null || oid === null) return false;
      // few outputs over a long dim: chunks reduced by workgroups, then the partial results
      const nC = nOut < 128 && L > 8192 ? Math.min(Math.ceil(L / 4096), 1024) : 1;
      const chunk = Math.ceil(L / nC);
      const part = nC > 1 ? this.scratch(nOut * nC) : oid;
      if (part === null) return false;
      this.reduceLaunch(op, R, inType, nC > 1 ? 'f32' : outType, xid, part, [src._offset, ...kStrides], kShape, L, rs, chunk, nC, nC > 1 ? 0 : out._offset);
      if (nC > 1) {
        const op2 = op === 'sumsq' ? 'sum' : op;
        this.reduceLaunch(op2, 1, 'f32', outType, part, oid, [0, nC], [nOut], nC, 1, nC, 1, out._offset);
      }
      (out._storage as WStorage).setHandle(oid);
      return true;
    } finally {
      this.releaseTemps();
    }
  }

  private reduceLaunch(op: string, R: number, inType: K.DevType, outType: K.DevType, xid: number, oid: number,
    offStrides: number[], kShape: number[], L: number, rs: number, chunk: number, nC: number, outOff: number): void {
    const wide = chunk > 64;
    const b = new Bindings();
    b.add(xid, inType, false); b.add(oid, outType, true);
    const kid = this.kernel(`reduce|${op}|${R}|${inType}|${outType}|${wide}|${b.signature}`, () => K.reduce(op, R, inType, outType, wide, b.slots));
    const nOut = numel(kShape);
    const ints = [nOut, ...kShape.slice(1), ...offStrides, L, rs, chunk, nC, outOff];
    const groups = wide ? nOut * nC : Math.ceil((nOut * nC) / K.WG);
    this.stream.launch(kid, ...grid(groups), 1, ints, [NaN, Infinity], b.ids);
  }

  argreduce(op: 'argmax' | 'argmin', x: Tensor, dim: number, out: Tensor): void {
    if (x.dtype === float32 && x._numel > 0 && !this.onHostAnyway([x, out]) && this.argDevice(op, x, dim, out)) return;
    this.onHost([x], [out], () => cpuBackend.argreduce(op, x, dim, out));
  }

  private argDevice(op: 'argmax' | 'argmin', x: Tensor, dim: number, out: Tensor): boolean {
    const L = x._shape[dim];
    const k = coalesce(x._shape.filter((_, d) => d !== dim), [x._strides.filter((_, d) => d !== dim)]);
    let kShape = k.shape, kStrides = k.strides[0];
    if (kShape.length === 0) { kShape = [1]; kStrides = [0]; }
    const R = kShape.length;
    if (R > K.MAX_RANK || !devType(out.dtype)) return false;
    try {
      const xid = this.bufferOf(x), oid = this.outBuffer(out);
      if (xid === null || oid === null) return false;
      const wide = L > 256;
      const b = new Bindings();
      b.add(xid, 'f32', false); b.add(oid, 'i32', true);
      const kid = this.kernel(`${op}|${R}|${wide}|${b.signature}`, () => K.argreduce(op, R, wide, b.slots));
      const nOut = out._numel;
      this.stream.launch(kid, ...grid(wide ? nOut : Math.ceil(nOut / K.WG)), 1, [nOut, ...kShape.slice(1), x._offset, ...kStrides, L, x._strides[dim], out._offset], [NaN, Infinity], b.ids);
      (out._storage as WStorage).setHandle(oid);
      return true;
    } finally {
      this.releaseTemps();
    }
  }

  // ---- products, softmax, gathers ---------------------------------------------------------------------
  matmul(a: Tensor, b: Tensor, out: Tensor): void {
    if (a.dtype === float32 && b.dtype === float32 && out.dtype === float32 && !this.onHostAnyway([a, b, out]) && this.matmulDevice(a, b, out)) return;
    this.onHost([a, b], [out], () => cpuBackend.matmul(a, b, out));
  }

  private matmulDevice(a: Tensor, b: Tensor, out: Tensor): boolean {
    const [B, M, Kd] = a._shape, N = b._shape[2];
    const tile = this.tileOverride ?? (B * M * N >= 2048 * 2048 && M >= 256 && N >= 256 ? K.TILE_LARGE : K.TILE_SMALL);
    // split K when the output has too few tiles to fill the device (a long K over a small output)
    const tiles = B * Math.ceil(M / tile.BM) * Math.ceil(N / tile.BN);
    const S = Kd >= 1024 && tiles < 128 ? Math.max(1, Math.min(Math.ceil(Kd / 512), Math.ceil(256 / tiles), Math.floor(65535 / B), 64)) : 1;
    const kChunk = Math.ceil(Kd / S / tile.BK) * tile.BK;
    if (B * S > 65535) return false;
    try {
      const aid = this.bufferOf(a), bid = this.bufferOf(b), oid = this.outBuffer(out);
      const part = S > 1 ? this.scratch(B * S * M * N) : oid;
      if (aid === null || bid === null || oid === null || part === null) return false;
      const bind = new Bindings();
      const sa = bind.add(aid, 'f32', false), sb = bind.add(bid, 'f32', false), sc = bind.add(part, 'f32', true);
      const aK = a._strides[2] === 1, bN = b._strides[2] === 1;
      const key = `matmul|${tile.BM}x${tile.BN}x${tile.BK}x${tile.TM}x${tile.TN}|${aK}|${bN}|${sa}${sb}${sc}|${bind.signature}`;
      const kid = this.kernel(key, () => K.matmul(tile, aK, bN, bind.slots, sa, sb, sc));
      const ints = [M, N, Kd, a._offset, a._strides[0], a._strides[1], a._strides[2], b._offset, b._strides[0], b._strides[1], b._strides[2],
        S > 1 ? 0 : out._offset, S, kChunk];
      this.stream.launch(kid, Math.ceil(N / tile.BN), Math.ceil(M / tile.BM), B * S, ints, [NaN, Infinity], bind.ids);
      // the partial products [B, S, M*N] summed over S
      if (S > 1) this.reduceLaunch('sum', 2, 'f32', 'f32', part, oid, [0, S * M * N, 1], [B, M * N], S, M * N, S, 1, out._offset);
      (out._storage as WStorage).setHandle(oid);
      return true;
    } finally {
      this.releaseTemps();
    }
  }

  softmax(x: Tensor, out: Tensor, log: boolean): void {
    const n = x._shape[x._shape.length - 1] ?? 1;
    const rows = n ? x._numel / n : 0;
    if (x.dtype === float32 && out.dtype === float32 && rows > 0 && !this.onHostAnyway([x, out])) {
      try {
        const xid = this.bufferOf(x), oid = this.outBuffer(out);
        if (xid !== null && oid !== null) {
          const wide = n > 32;
          const b = new Bindings();
          b.add(xid, 'f32', false); b.add(oid, 'f32', true);
          const kid = this.kernel(`softmax|${log}|${wide}|${b.signature}`, () => K.softmax(log, wide, b.slots));
          this.stream.launch(kid, ...grid(wide ? rows : Math.ceil(rows / K.WG)), 1, [rows, n, x._offset, out._offset], [NaN, Infinity], b.ids);
          (out._storage as WStorage).setHandle(oid);
          return;
        }
      } finally {
        this.releaseTemps();
      }
    }
    this.onHost([x], [out], () => cpuBackend.softmax(x, out, log));
  }

  index_select(x: Tensor, dim: number, index: Tensor, out: Tensor): void {
    const type = devType(x.dtype);
    if (type && out._numel > 0 && x._contiguous && index._contiguous && index.dtype.kind === 'int' && !this.onHostAnyway([x, index, out])) {
      try {
        const xid = this.bufferOf(x), iid = this.bufferOf(index), oid = this.outBuffer(out);
        if (xid !== null && iid !== null && oid !== null) {
          let inner = 1;
          for (let d = dim + 1; d < x._shape.length; d++) inner *= x._shape[d];
          const b = new Bindings();
          const sx = b.add(xid, type, false), si = b.add(iid, 'i32', false), so = b.add(oid, type, true);
          const kid = this.kernel(`index_select|${sx}${si}${so}|${b.signature}`, () => K.indexSelect(b.slots, sx, si, so));
          const n = out._numel;
          this.stream.launch(kid, ...grid(Math.ceil(n / K.WG)), 1, [n, x._shape[dim], index._numel, inner, x._offset, index._offset, out._offset], [NaN, Infinity], b.ids);
          (out._storage as WStorage).setHandle(oid);
          return;
        }
      } finally {
        this.releaseTemps();
      }
    }
    this.onHost([x, index], [out], () => cpuBackend.index_select(x, dim, index, out));
  }

  /** index_add / index_copy on the device, the index grouped by target on the host. */
  private scatterIndex(accumulate: boolean, out: Tensor, dim: number, index: Tensor, src: Tensor): boolean {
    if (!(out.dtype === float32 && src.dtype === float32 && index.dtype.kind === 'int' && out._contiguous && src._contiguous && index._contiguous)) return false;
    if (this.onHostAnyway([out, index, src]) || out._numel === 0 || index._numel === 0) return false;
    const D = out._shape[dim], I = index._numel;
    const iv = index._storage instanceof MirroredStorage ? index._storage.hostRead() : index._storage.data;
    const groups = new Map<number, number[]>();
    for (let i = 0; i < I; i++) {
      let j = iv[index._offset + i];
      if (j < 0) j += D;
      let g = groups.get(j);
      if (!g) groups.set(j, (g = []));
      g.push(i);
    }
    const targets = [...groups.keys()].sort((p, q) => p - q);
    const rowptr = new Int32Array(targets.length + 1), order = new Int32Array(I);
    let e = 0;
    targets.forEach((j, u) => { for (const i of groups.get(j)!) order[e++] = i; rowptr[u + 1] = e; });
    let inner = 1;
    for (let d = dim + 1; d < out._shape.length; d++) inner *= out._shape[d];
    const outer = out._numel / (D * inner);
    try {
      const oid = this.bufferOf(out), sid = this.bufferOf(src);
      const tid = this.uploadTemp(Int32Array.from(targets)), rid = this.uploadTemp(rowptr), ordId = this.uploadTemp(order);
      if (oid === null || sid === null || tid === null || rid === null || ordId === null) return false;
      const b = new Bindings();
      b.add(oid, 'f32', true); b.add(sid, 'f32', false); b.add(tid, 'i32', false); b.add(rid, 'i32', false); b.add(ordId, 'i32', false);
      if (b.ids.length !== 5) return false; // src sharing out's storage: the host handles it
      const kid = this.kernel(`scatter_index|${accumulate}|${b.signature}`, () => K.scatterIndex(accumulate, b.slots));
      const n = outer * targets.length * inner;
      this.stream.launch(kid, ...grid(Math.ceil(n / K.WG)), 1, [n, targets.length, inner, D, I, out._offset, src._offset], [NaN, Infinity], b.ids);
      (out._storage as WStorage).setHandle(oid);
      return true;
    } finally {
      this.releaseTemps();
    }
  }

  index_add(out: Tensor, dim: number, index: Tensor, src: Tensor): void {
    if (!this.scatterIndex(true, out, dim, index, src)) this.onHost([index, src], [out], () => cpuBackend.index_add(out, dim, index, src));
  }

  index_copy(out: Tensor, dim: number, index: Tensor, src: Tensor): void {
    if (!this.scatterIndex(false, out, dim, index, src)) this.onHost([index, src], [out], () => cpuBackend.index_copy(out, dim, index, src));
  }

  // ---- fused optimizer steps ------------------------------------------------------------------------
  /** Launch an in-place update over contiguous float32 tensors: [param, grad, state...], all but grad written. */
  private fused(name: string, make: (slots: K.Slot[]) => K.KernelSource, ts: Tensor[], floats: number[]): boolean {
    if (!ts.every((t) => t.dtype === float32) || this.onHostAnyway(ts)) return false;
    try {
      const b = new Bindings();
      for (let k = 0; k < ts.length; k++) {
        const id = this.bufferOf(ts[k]);
        if (id === null) return false;
        b.add(id, 'f32', k !== 1); // all but the gradient are updated
      }
      if (b.ids.length !== ts.length) return false;
      const kid = this.kernel(`${name}|${b.signature}`, () => make(b.slots));
      const n = ts[0]._numel;
      this.stream.launch(kid, ...grid(Math.ceil(n / K.WG)), 1, [n, ...ts.map((t) => t._offset)], [NaN, Infinity, ...floats], b.ids);
      ts.forEach((t, k) => { if (k !== 1) (t._storage as WStorage).setHandle(b.ids[k]); });
      return true;
    } finally {
      this.releaseTemps();
    }
  }

  // arrow functions: the optimizers call these detached from the backend
  adam = (p: Tensor, grad: Tensor, m: Tensor, v: Tensor, vmax: Tensor | null, h: AdamHyper): void => {
    const rbc2 = Math.sqrt(1 - Math.pow(h.beta2, h.step));
    const floats = [h.beta1, h.beta2, -h.lr / (1 - Math.pow(h.beta1, h.step)), rbc2, h.eps,
      h.decoupled ? 0 : h.weight_decay, h.decoupled ? 1 - h.lr * h.weight_decay : 1, h.maximize ? -1 : 1];
    const ts = vmax ? [p, grad, m, v, vmax] : [p, grad, m, v];
    if (this.fused(`adam|${!!vmax}`, (slots) => K.adam(!!vmax, slots), ts, floats)) return;
    this.onHost([grad], [p, m, v, ...(vmax ? [vmax] : [])], () => cpuBackend.adam!(p, grad, m, v, vmax, h));
  };

  sgd = (p: Tensor, grad: Tensor, buf: Tensor | null, h: SgdHyper): void => {
    const floats = [h.lr, h.momentum, 1 - h.dampening, h.weight_decay, h.maximize ? -1 : 1, h.init ? 1 : 0, h.nesterov ? 1 : 0];
    const ts = buf ? [p, grad, buf] : [p, grad];
    if (this.fused(`sgd|${!!buf}`, (slots) => K.sgd(!!buf, slots), ts, floats)) return;
    this.onHost([grad], [p, ...(buf ? [buf] : [])], () => cpuBackend.sgd!(p, grad, buf, h));
  };
}

/**
 * Start the device worker, wait for its adapter and check a probe kernel's result; throws the
 * reason otherwise. A software adapter (the CPU running WGSL) is taken only when WebGPU was asked
 * for by name: `auto` does not call the CPU a GPU.
 */
export function createWebGPU(allowSoftware: boolean): CudaBackend {
  const { worker, init } = startDeviceWorker();
  const ctrl = new Int32Array(init.ctrl);
  const started = Date.now();
  while (Atomics.load(ctrl, Ctrl.READY) === 0) {
    Atomics.wait(ctrl, Ctrl.READY, 0, 100);
    if (Date.now() - started > 60_000) throw new Error('the WebGPU device worker did not start within 60 s');
  }
  const text = readText(new Uint8Array(init.msg), ctrl[Ctrl.MSG_LEN]);
  if (Atomics.load(ctrl, Ctrl.READY) < 0) throw new Error(text);
  const report = JSON.parse(text) as AdapterReport;
  if (report.software && !allowSoftware) throw new Error(`only a software adapter answered (${report.name}); TORCHLAB_GPU=webgpu uses it`);
  const backend = new WebGpuBackend(new Stream(worker, init), report);
  // the probe: an upload, a fill, a broadcast kernel and a read back, whose values must come back right
  const dev = new Device('cuda'), n = 1000;
  const host = Float32Array.from({ length: n }, (_, i) => i + 0.25);
  const x = new Tensor(backend.alloc(float32, n, dev), [n]);
  backend.copy(Tensor.fromArray(host, [n], float32), x);
  const two = new Tensor(backend.alloc(float32, n, dev), [n]);
  backend.fill(two, 2);
  const y = new Tensor(backend.alloc(float32, n, dev), [n]);
  backend.binary('mul', x, two._view([n], [0], 0), y);
  const got = backend.read(y);
  for (let i = 0; i < n; i++) {
    if (got[i] !== host[i] * 2) throw new Error(`the WebGPU probe kernel returned ${got[i]} instead of ${host[i] * 2} at ${i}`);
  }
  return backend;
}
