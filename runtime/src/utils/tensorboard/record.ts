// TensorBoard's record framing and its event file. A record is
//   uint64 length | uint32 masked crc32c(length) | data | uint32 masked crc32c(data)
// (little-endian), as tensorboard/summary/writer/record_writer.py writes it. Records are kept in
// memory and written in batches, so logging inside a training loop costs an encode and a push.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as CRC32C from 'crc-32/crc32c';
import { messages } from './schema';

/** TFRecord's masked CRC: rotate right by 15 bits and add a constant, modulo 2^32. */
export function maskedCrc32c(data: Uint8Array): number {
  const c = CRC32C.buf(data) >>> 0;
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One framed record. */
export function frameRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length + 16);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), data.length + 12);
  return out;
}

/** An Event as protobufjs encodes it (snake_case fields). */
export interface EventObject {
  wall_time?: number;
  step?: number;
  file_version?: string;
  summary?: Record<string, unknown>;
  session_log?: { status?: number; checkpoint_path?: string; msg?: string };
}

/** Seconds since the epoch with microseconds, like Python's time.time(). */
export function now(): number { return (performance.timeOrigin + performance.now()) / 1000; }

// tensorboard's process-wide counter that numbers event files (the name's last field).
let globalUid = 0;

// Writers with records not yet on disk, flushed if the process exits before they are closed.
const open = new Set<EventFileWriter>();
process.on('exit', () => { for (const w of open) w.flush(); });

/** What Python's buffered file holds before it writes (io.DEFAULT_BUFFER_SIZE). */
const BUFFER_BYTES = 8192;

/**
 * Writes events to `<logdir>/events.out.tfevents.<time>.<host>.<pid>.<n><suffix>`. As tensorboard's
 * writer, whose thread drains a queue of `max_queue` records into a buffered file: pending records
 * reach the file when 8 KiB of them are waiting, every `flush_secs`, and on flush/close. Adding
 * never blocks here (there is no thread to wait for), so `max_queue` bounds nothing.
 */
export class EventFileWriter {
  readonly file_name: string;
  private fd: number | null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private nextFlush: number;
  private timer: NodeJS.Timeout;

  constructor(private readonly logdir: string, readonly max_queue = 10, private readonly flush_secs = 120, filename_suffix = '') {
    fs.mkdirSync(logdir, { recursive: true });
    const stamp = String(Math.floor(Date.now() / 1000)).padStart(10, '0');
    this.file_name = path.join(logdir, `events.out.tfevents.${stamp}.${os.hostname()}.${process.pid}.${globalUid++}`) + filename_suffix;
    this.fd = fs.openSync(this.file_name, 'w');
    this.nextFlush = Date.now() + flush_secs * 1000;
    // Between cells (or when a loop yields) the timer writes what a long pause left pending.
    this.timer = setInterval(() => this.flush(), Math.max(1000, flush_secs * 1000));
    this.timer.unref();
    open.add(this);
    this.add_event({ wall_time: now(), file_version: 'brain.Event:2' });
    this.flush();
  }

  get_logdir(): string { return this.logdir; }

  add_event(event: EventObject): void {
    if (this.fd === null) throw new Error('Writer is closed');
    const record = frameRecord(messages().Event.encode(event).finish());
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= BUFFER_BYTES || Date.now() >= this.nextFlush) this.flush();
  }

  flush(): void {
    if (this.fd === null || !this.pending.length) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    for (let off = 0; off < data.length;) off += fs.writeSync(this.fd, data, off);
    this.nextFlush = Date.now() + this.flush_secs * 1000;
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
    clearInterval(this.timer);
    open.delete(this);
  }
}
