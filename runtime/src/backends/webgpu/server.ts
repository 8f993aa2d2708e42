// The device worker's side: owns the GPUDevice and carries out the runtime's command batches, in
// order. Each batch becomes one command buffer (compute passes with many dispatches), its uniforms
// one write into a buffer of 256-byte slots, its uploads one write into a staging buffer. Buffers
// are kept for reuse by size class (commands run in queue order, so a freed buffer can take a new
// tensor's values at once) and bind groups are cached by the buffers they bind. Errors are caught
// in error scopes and reported at the next READ or SYNC, as CUDA reports a kernel's errors.
import { AdapterReport, Batch, Ctrl, Init, MAX_LAUNCHES, Op, UNIFORM_BYTES, readText, writeText } from './protocol';

/* eslint-disable @typescript-eslint/no-explicit-any */
// The few WebGPU shapes used here (the project compiles without the DOM's and WebGPU's lib types).
type GPUBuffer = { size: number; destroy(): void; mapAsync(mode: number): Promise<void>; getMappedRange(): ArrayBuffer; unmap(): void };
type GPUDevice = any;
export interface GPULike { requestAdapter(o?: object): Promise<any> }

// GPUBufferUsage and GPUMapMode values (the WebGPU spec's constants)
const MAP_READ = 0x1, COPY_SRC = 0x4, COPY_DST = 0x8, UNIFORM = 0x40, STORAGE = 0x80;
const MODE_READ = 0x1;

/** Sizes buffers are created in, so freed ones fit later tensors of about the same size. */
function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  if (bytes <= 1 << 20) return 2 ** Math.ceil(Math.log2(bytes));
  return Math.ceil(bytes / (1 << 20)) * (1 << 20);
}

interface Kernel { pipeline: any; layoutKey: string; n: number }

export class DeviceServer {
  private readonly buffers = new Map<number, GPUBuffer>();
  private readonly pool = new Map<number, GPUBuffer[]>();
  private readonly readPool = new Map<number, GPUBuffer[]>();
  private readonly kernels: Kernel[] = [];
  private readonly layouts = new Map<string, { bgl: any; pl: any }>();
  private readonly bindGroups = new Map<string, any>();
  private readonly serial = new WeakMap<GPUBuffer, number>();
  private nextSerial = 1;
  private readonly uniform: GPUBuffer;
  private readonly uniformHost = new ArrayBuffer(MAX_LAUNCHES * UNIFORM_BYTES);
  private readonly uniformI32 = new Int32Array(this.uniformHost);
  private staging: GPUBuffer | null = null;
  private errors: Promise<string | null>[] = [];
  private lost: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly ctrl: Int32Array;
  private readonly msg: Uint8Array;
  private data: Uint8Array;

  constructor(private readonly device: GPUDevice, init: Init) {
    this.ctrl = new Int32Array(init.ctrl);
    this.msg = new Uint8Array(init.msg);
    this.data = new Uint8Array(init.data);
    this.uniform = device.createBuffer({ size: this.uniformHost.byteLength, usage: UNIFORM | COPY_DST });
    device.lost.then((info: { message: string }) => { this.lost = `the WebGPU device was lost: ${info.message}`; });
  }

  /** Batches run one after another, whatever their reads wait on. */
  onBatch(b: Batch): void {
    this.chain = this.chain.then(() => this.run(b)).catch((e) => this.answerAfterFailure(b, e));
  }

  private async answerAfterFailure(b: Batch, e: unknown): Promise<void> {
    this.errors.push(Promise.resolve(`internal error in the device worker: ${(e as Error).stack ?? e}`));
    if (b.answer) await this.answer(b.answer, null);
  }

  private buffer(id: number): GPUBuffer {
    const b = this.buffers.get(id);
    if (!b) throw new Error(`unknown device buffer ${id}`);
    return b;
  }

  private take(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const free = this.pool.get(size);
    const b = free?.pop() ?? this.device.createBuffer({ size, usage: STORAGE | COPY_SRC | COPY_DST });
    if (!this.serial.has(b)) this.serial.set(b, this.nextSerial++);
    return b;
  }

  private layout(n: number, mask: number): { bgl: any; pl: any; key: string } {
    const key = `${n}:${mask}`;
    let l = this.layouts.get(key);
    if (!l) {
      const entries: object[] = [{ binding: 0, visibility: 4 /* COMPUTE */, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: UNIFORM_BYTES } }];
      for (let k = 0; k < n; k++) entries.push({ binding: k + 1, visibility: 4, buffer: { type: mask & (1 << k) ? 'storage' : 'read-only-storage' } });
      const bgl = this.device.createBindGroupLayout({ entries });
      l = { bgl, pl: this.device.createPipelineLayout({ bindGroupLayouts: [bgl] }) };
      this.layouts.set(key, l);
    }
    return { ...l, key };
  }

  private bindGroup(k: Kernel, bufs: GPUBuffer[]): any {
    let key = k.layoutKey;
    for (const b of bufs) key += `,${this.serial.get(b)}`;
    let bg = this.bindGroups.get(key);
    if (!bg) {
      if (this.bindGroups.size > 8192) this.bindGroups.clear();
      const entries: object[] = [{ binding: 0, resource: { buffer: this.uniform, offset: 0, size: UNIFORM_BYTES } }];
      bufs.forEach((b, i) => entries.push({ binding: i + 1, resource: { buffer: b } }));
      bg = this.device.createBindGroup({ layout: this.layouts.get(k.layoutKey)!.bgl, entries });
      this.bindGroups.set(key, bg);
    }
    return bg;
  }

  /** Catch the errors of what runs until the returned function is called; they are reported later. */
  private watch(label: string): () => void {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    return () => {
      const v = this.device.popErrorScope(), m = this.device.popErrorScope();
      this.errors.push(Promise.all([v, m]).then(([a, b]: ({ message: string } | null)[]) => {
        const e = a ?? b;
        return e ? `${label}: ${e.message}` : null;
      }));
    };
  }

  private async run(b: Batch): Promise<void> {
    if (b.data) this.data = new Uint8Array(b.data);
    const w = new Int32Array(b.cmd);
    const dev = this.device;
    // kernels are compiled in their own error scope, so a failure names the kernel
    for (let p = 0; p < w.length;) {
      const op = w[p];
      if (op === Op.DEFINE) {
        const [kid, si, n, mask] = [w[p + 1], w[p + 2], w[p + 3], w[p + 4]];
        const code = b.strings[si];
        const done = this.watch(`compiling kernel ${code.split('\n')[0].replace(/^\/\/ /, '')}`);
        const l = this.layout(n, mask);
        const module = dev.createShaderModule({ code });
        this.kernels[kid] = { pipeline: dev.createComputePipeline({ layout: l.pl, compute: { module, entryPoint: 'main' } }), layoutKey: l.key, n };
        done();
      }
      p += commandLength(w, p);
    }
    const done = this.watch('a queued command');
    if (b.payload) {
      if (!this.staging || this.staging.size < b.payload.byteLength) {
        this.staging?.destroy();
        this.staging = dev.createBuffer({ size: sizeClass(b.payload.byteLength), usage: COPY_SRC | COPY_DST });
      }
      dev.queue.writeBuffer(this.staging, 0, b.payload);
    }
    const enc = dev.createCommandEncoder();
    let pass: any = null;
    const endPass = () => { if (pass) { pass.end(); pass = null; } };
    let slot = 0;
    let read: { seq: number; src: GPUBuffer; bytes: number; dst: GPUBuffer } | null = null;
    let sync = 0, trim = false;
    const released: GPUBuffer[] = [];
    for (let p = 0; p < w.length; p += commandLength(w, p)) {
      switch (w[p]) {
        case Op.ALLOC: this.buffers.set(w[p + 1], this.take((w[p + 2] >>> 0) * 4)); break;
        case Op.FREE: {
          const buf = this.buffer(w[p + 1]);
          this.buffers.delete(w[p + 1]);
          released.push(buf);
          break;
        }
        case Op.UPLOAD: endPass(); enc.copyBufferToBuffer(this.staging, (w[p + 3] >>> 0) * 4, this.buffer(w[p + 1]), (w[p + 2] >>> 0) * 4, (w[p + 4] >>> 0) * 4); break;
        case Op.COPY: endPass(); enc.copyBufferToBuffer(this.buffer(w[p + 1]), (w[p + 2] >>> 0) * 4, this.buffer(w[p + 3]), (w[p + 4] >>> 0) * 4, (w[p + 5] >>> 0) * 4); break;
        case Op.CLEAR: endPass(); enc.clearBuffer(this.buffer(w[p + 1]), (w[p + 2] >>> 0) * 4, (w[p + 3] >>> 0) * 4); break;
        case Op.DEFINE: break;
        case Op.LAUNCH: {
          const k = this.kernels[w[p + 1] & 0xffffff];
          const nu = w[p + 5];
          this.uniformI32.set(w.subarray(p + 6, p + 6 + nu), slot * (UNIFORM_BYTES / 4));
          const bufs: GPUBuffer[] = [];
          for (let i = 0; i < k.n; i++) bufs.push(this.buffer(w[p + 6 + nu + i]));
          if (!pass) pass = enc.beginComputePass();
          pass.setPipeline(k.pipeline);
          pass.setBindGroup(0, this.bindGroup(k, bufs), [slot * UNIFORM_BYTES]);
          pass.dispatchWorkgroups(w[p + 2], w[p + 3], w[p + 4]);
          slot++;
          break;
        }
        case Op.READ: {
          endPass();
          const bytes = (w[p + 4] >>> 0) * 4;
          const dst = this.takeRead(bytes);
          if (bytes) enc.copyBufferToBuffer(this.buffer(w[p + 2]), (w[p + 3] >>> 0) * 4, dst, 0, bytes);
          read = { seq: w[p + 1], src: this.buffer(w[p + 2]), bytes, dst };
          break;
        }
        case Op.SYNC: sync = w[p + 1]; break;
        case Op.TRIM: trim = true; break;
        default: throw new Error(`bad command ${w[p]} at word ${p}`);
      }
    }
    endPass();
    if (slot) dev.queue.writeBuffer(this.uniform, 0, this.uniformHost, 0, slot * UNIFORM_BYTES);
    dev.queue.submit([enc.finish()]);
    done();
    for (const buf of released) {
      const size = buf.size;
      let free = this.pool.get(size);
      if (!free) this.pool.set(size, (free = []));
      free.push(buf);
    }
    if (trim) this.trim(); // after the buffers this batch released have joined the pool
    if (read) {
      await read.dst.mapAsync(MODE_READ);
      const got = new Uint8Array(read.dst.getMappedRange(), 0, read.bytes);
      this.data.set(got);
      read.dst.unmap();
      this.giveRead(read.dst);
      await this.answer(read.seq, read.bytes);
    } else if (sync) {
      await dev.queue.onSubmittedWorkDone();
      await this.answer(sync, 0);
    }
  }

  private takeRead(bytes: number): GPUBuffer {
    const size = sizeClass(Math.max(bytes, 4));
    return this.readPool.get(size)?.pop() ?? this.device.createBuffer({ size, usage: MAP_READ | COPY_DST });
  }

  private giveRead(b: GPUBuffer): void {
    let free = this.readPool.get(b.size);
    if (!free) this.readPool.set(b.size, (free = []));
    free.push(b);
  }

  /** Report what happened since the last answer, then wake the runtime. */
  private async answer(seq: number, bytes: number | null): Promise<void> {
    const errs = (await Promise.all(this.errors)).filter((e): e is string => e !== null);
    this.errors = [];
    if (this.lost) errs.push(this.lost);
    const c = this.ctrl;
    c[Ctrl.STATUS] = errs.length ? 1 : 0;
    c[Ctrl.MSG_LEN] = errs.length ? writeText(this.msg, errs.join('\n')) : 0;
    c[Ctrl.DATA_LEN] = bytes ?? -1;
    Atomics.store(c, Ctrl.DONE, seq);
    Atomics.notify(c, Ctrl.DONE);
  }

  /** Destroy the buffers kept for reuse. */
  private trim(): void {
    for (const pool of [this.pool, this.readPool]) {
      for (const list of pool.values()) for (const b of list) b.destroy();
      pool.clear();
    }
    this.bindGroups.clear();
  }
}

/** Words taken by the command at p. */
export function commandLength(w: Int32Array, p: number): number {
  switch (w[p]) {
    case Op.ALLOC: return 3;
    case Op.FREE: return 2;
    case Op.UPLOAD: return 5;
    case Op.COPY: return 6;
    case Op.CLEAR: return 4;
    case Op.DEFINE: return 5;
    case Op.LAUNCH: return 6 + w[p + 5] + (w[p + 1] >>> 24);
    case Op.READ: return 5;
    case Op.SYNC: return 2;
    case Op.TRIM: return 1;
    default: throw new Error(`bad command ${w[p]} at word ${p}`);
  }
}

/** Request the adapter and device, and describe them; throws when there is no adapter. */
export async function openDevice(gpu: GPULike): Promise<{ device: GPUDevice; report: AdapterReport }> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter answered (requestAdapter returned null)');
  const L = adapter.limits;
  const want = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup',
    'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxStorageBuffersPerShaderStage'];
  const requiredLimits: Record<string, number> = {};
  for (const k of want) if (typeof L[k] === 'number') requiredLimits[k] = L[k];
  const device = await adapter.requestDevice({ requiredLimits });
  const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  const name = info.device || info.description || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'WebGPU adapter';
  const software = !!(adapter.isFallbackAdapter || info.isFallbackAdapter) ||
    /swiftshader|llvmpipe|lavapipe|software/i.test([info.vendor, info.architecture, info.device, info.description].join(' '));
  return {
    device,
    report: {
      name, vendor: info.vendor ?? '', architecture: info.architecture ?? '', software,
      limits: {
        maxBufferSize: device.limits.maxBufferSize, maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
        maxComputeWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
        minUniformBufferOffsetAlignment: device.limits.minUniformBufferOffsetAlignment,
      },
    },
  };
}

/** Worker start-up, shared by the Node and browser entries: open the device and serve batches. */
export async function serve(gpu: () => GPULike, init: Init, onBatch: (f: (b: Batch) => void) => void): Promise<void> {
  const ctrl = new Int32Array(init.ctrl), msg = new Uint8Array(init.msg);
  try {
    const { device, report } = await openDevice(gpu());
    const server = new DeviceServer(device, init);
    onBatch((b) => server.onBatch(b));
    ctrl[Ctrl.MSG_LEN] = writeText(msg, JSON.stringify(report));
    Atomics.store(ctrl, Ctrl.READY, 1);
  } catch (e) {
    ctrl[Ctrl.MSG_LEN] = writeText(msg, (e as Error).message ?? String(e));
    Atomics.store(ctrl, Ctrl.READY, -1);
  }
  Atomics.notify(ctrl, Ctrl.READY);
}

export { readText };
