// The runtime's side of the command stream: commands are appended as 32-bit words and posted to
// the device worker in batches (at a sync point, or when a batch is full), so launches cost the
// runtime thread a few array writes and the device works while the runtime encodes the next batch.
// Only READ and SYNC wait, in Atomics.wait, for the worker's answer in shared memory.
import { RuntimeError } from '../../errors';
import { Batch, Ctrl, MAX_LAUNCHES, Op, readText } from './protocol';
import type { DeviceWorker } from './platform';

/** Upload bytes after which a batch is posted without waiting for more commands. */
const PAYLOAD_FLUSH = 16 << 20;
/** Launches after which a batch is posted, so the device starts while the runtime encodes the next. */
const LAUNCH_FLUSH = Math.min(128, MAX_LAUNCHES);

export class Stream {
  private words = new Int32Array(1 << 14);
  private floats = new Float32Array(this.words.buffer);
  private pos = 0;
  private strings: string[] = [];
  private payload = new Uint8Array(1 << 16);
  private payloadPos = 0;
  private launches = 0;
  private nextId = 1;
  private seq = 0;
  private flushScheduled = false;
  private readonly ctrl: Int32Array;
  private readonly msg: Uint8Array;
  private data: SharedArrayBuffer;
  /** Commands posted so far (for tests and benchmarks). */
  batches = 0;

  constructor(private readonly worker: DeviceWorker, init: { ctrl: SharedArrayBuffer; msg: SharedArrayBuffer; data: SharedArrayBuffer }) {
    this.ctrl = new Int32Array(init.ctrl);
    this.msg = new Uint8Array(init.msg);
    this.data = init.data;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.words.length) return;
    const w = new Int32Array(Math.max(this.words.length * 2, this.pos + n));
    w.set(this.words.subarray(0, this.pos));
    this.words = w;
    this.floats = new Float32Array(w.buffer);
  }

  /** A new device buffer of `words` 4-byte words; its id is known at once. */
  alloc(words: number): number {
    const id = this.nextId++;
    this.reserve(3);
    const w = this.words;
    w[this.pos++] = Op.ALLOC; w[this.pos++] = id; w[this.pos++] = words;
    return id;
  }

  /** Release a buffer after everything queued so far; called from finalizers, between tasks. */
  free(id: number): void {
    this.reserve(2);
    this.words[this.pos++] = Op.FREE; this.words[this.pos++] = id;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => { if (this.flushScheduled) this.flush(0); }, 0);
    }
  }

  /** Copy host words (any 4-byte typed array) into a buffer at word offset `at`. */
  upload(id: number, at: number, src: Float32Array | Int32Array | Uint32Array): void {
    const bytes = src.byteLength;
    if (this.payloadPos + bytes > this.payload.length) {
      const p = new Uint8Array(Math.max(this.payload.length * 2, this.payloadPos + bytes));
      p.set(this.payload.subarray(0, this.payloadPos));
      this.payload = p;
    }
    this.payload.set(new Uint8Array(src.buffer, src.byteOffset, bytes), this.payloadPos);
    this.reserve(5);
    const w = this.words;
    w[this.pos++] = Op.UPLOAD; w[this.pos++] = id; w[this.pos++] = at; w[this.pos++] = this.payloadPos / 4; w[this.pos++] = src.length;
    this.payloadPos += bytes;
    if (this.payloadPos >= PAYLOAD_FLUSH) this.flush(0);
  }

  copy(src: number, srcWord: number, dst: number, dstWord: number, words: number): void {
    this.reserve(6);
    const w = this.words;
    w[this.pos++] = Op.COPY; w[this.pos++] = src; w[this.pos++] = srcWord; w[this.pos++] = dst; w[this.pos++] = dstWord; w[this.pos++] = words;
  }

  clear(id: number, at: number, words: number): void {
    this.reserve(4);
    const w = this.words;
    w[this.pos++] = Op.CLEAR; w[this.pos++] = id; w[this.pos++] = at; w[this.pos++] = words;
  }

  define(kernel: number, wgsl: string, nStorage: number, writableMask: number): void {
    this.reserve(5);
    const w = this.words;
    w[this.pos++] = Op.DEFINE; w[this.pos++] = kernel; w[this.pos++] = this.strings.length; w[this.pos++] = nStorage; w[this.pos++] = writableMask;
    this.strings.push(wgsl);
  }

  /**
   * Queue a dispatch. `ints` then `floats` fill the kernel's uniform block (ints padded to a
   * multiple of 4 words); `buffers` are the storage bindings in order.
   */
  launch(kernel: number, gx: number, gy: number, gz: number, ints: ArrayLike<number>, floats: ArrayLike<number>, buffers: ArrayLike<number>): void {
    const ni = (ints.length + 3) & ~3, nu = ni + floats.length, nb = buffers.length;
    this.reserve(6 + nu + nb);
    const w = this.words, f = this.floats;
    let p = this.pos;
    w[p] = Op.LAUNCH; w[p + 1] = kernel | (nb << 24); w[p + 2] = gx; w[p + 3] = gy; w[p + 4] = gz; w[p + 5] = nu;
    p += 6;
    for (let i = 0; i < ints.length; i++) w[p + i] = ints[i];
    for (let i = ints.length; i < ni; i++) w[p + i] = 0;
    p += ni;
    for (let i = 0; i < floats.length; i++) f[p + i] = floats[i];
    p += floats.length;
    for (let i = 0; i < nb; i++) w[p + i] = buffers[i];
    this.pos = p + nb;
    if (++this.launches >= LAUNCH_FLUSH) this.flush(0);
  }

  /** Ask the worker to destroy the buffers it keeps for reuse. */
  trim(): void {
    this.reserve(1);
    this.words[this.pos++] = Op.TRIM;
  }

  /** Post the commands queued so far. */
  flush(answer: number, data?: SharedArrayBuffer): void {
    this.flushScheduled = false;
    if (this.pos === 0 && !answer) return;
    const cmd = this.words.slice(0, this.pos).buffer;
    const payload = this.payloadPos ? this.payload.slice(0, this.payloadPos).buffer : null;
    const batch: Batch = { cmd, strings: this.strings, payload, answer, ...(data ? { data } : {}) };
    const transfer = payload ? [cmd, payload] : [cmd];
    this.worker.post(batch, transfer);
    this.pos = 0; this.payloadPos = 0; this.launches = 0; this.strings = [];
    this.batches++;
  }

  /** Block until the worker answers `seq`; raise the device errors it reports. */
  private wait(seq: number): number {
    const c = this.ctrl;
    const started = Date.now();
    while (Atomics.load(c, Ctrl.DONE) !== seq) {
      Atomics.wait(c, Ctrl.DONE, Atomics.load(c, Ctrl.DONE), 1000);
      if (Date.now() - started > 600_000) throw new RuntimeError('CUDA error: the WebGPU device worker did not answer within 10 minutes');
    }
    if (c[Ctrl.STATUS] !== 0) {
      const text = readText(this.msg, c[Ctrl.MSG_LEN]);
      throw new RuntimeError(`CUDA error: ${text}\nWebGPU errors are reported asynchronously at the next synchronization point, so the failing operation may be earlier than this one.`);
    }
    return c[Ctrl.DATA_LEN];
  }

  /** The words [word, word + words) of a buffer, once everything queued before has run. */
  read(id: number, word: number, words: number): ArrayBuffer {
    let grown: SharedArrayBuffer | undefined;
    if (words * 4 > this.data.byteLength) this.data = grown = new SharedArrayBuffer(Math.max(words * 4, this.data.byteLength * 2));
    const seq = ++this.seq;
    this.reserve(5);
    const w = this.words;
    w[this.pos++] = Op.READ; w[this.pos++] = seq; w[this.pos++] = id; w[this.pos++] = word; w[this.pos++] = words;
    this.flush(seq, grown);
    this.wait(seq);
    // a copy: the shared area is reused by the next read
    return new Uint8Array(this.data, 0, words * 4).slice().buffer;
  }

  /** Wait until everything queued has run (torch.cuda.synchronize()). */
  sync(): void {
    const seq = ++this.seq;
    this.reserve(2);
    this.words[this.pos++] = Op.SYNC; this.words[this.pos++] = seq;
    this.flush(seq);
    this.wait(seq);
  }
}
