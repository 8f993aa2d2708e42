// The command stream between the runtime thread and the device worker. The runtime encodes
// commands as 32-bit words and posts them in batches; the worker answers the two blocking
// commands (READ, SYNC) through shared memory, where the runtime waits with Atomics.wait.

/** Opcodes; the words after each are listed beside it. Sizes and offsets count 4-byte words. */
export const enum Op {
  /** id words: a device buffer of `words` words (its contents are undefined until written). */
  ALLOC = 1,
  /** id: the buffer is no longer used by anything queued after this point. */
  FREE = 2,
  /** id dstWord payloadWord words: copy from the batch's payload. */
  UPLOAD = 3,
  /** src srcWord dst dstWord words */
  COPY = 4,
  /** id dstWord words: zeros */
  CLEAR = 5,
  /** kernel stringIndex nStorage writableMask: compile the WGSL at strings[stringIndex]. */
  DEFINE = 6,
  /** kernel|(nBindings << 24) gx gy gz nUniformWords uniformWords... bufferIds... (one per storage binding) */
  LAUNCH = 7,
  /** seq id word words: answer with the buffer's words (must end its batch). */
  READ = 8,
  /** seq: answer once everything queued has run (must end its batch). */
  SYNC = 9,
  /** Destroy the buffers kept for reuse (torch.cuda.empty_cache()). */
  TRIM = 10,
}

/** Slots of the control array (Int32Array over a SharedArrayBuffer). */
export const enum Ctrl {
  /** The sequence number last answered. */
  DONE = 0,
  /** 0: ok; 1: device errors since the last answer (text in the message area). */
  STATUS = 1,
  /** Bytes of text in the message area. */
  MSG_LEN = 2,
  /** Bytes of data in the data area. */
  DATA_LEN = 3,
  /** 0 while starting, 1 when ready (adapter description in the message area), -1 when it cannot run. */
  READY = 4,
  SIZE = 16,
}

/** Bytes of uniform data one launch may carry (one slot of the batch's uniform buffer). */
export const UNIFORM_BYTES = 256;
/** Launches per batch at most (the worker's uniform buffer holds one slot for each). */
export const MAX_LAUNCHES = 1024;
export const MSG_BYTES = 1 << 16;

/** A batch of commands, as posted to the worker. */
export interface Batch {
  cmd: ArrayBuffer;
  strings: string[];
  /** Upload data, 4-byte aligned. */
  payload: ArrayBuffer | null;
  /** A larger data area for a read, replacing the previous one. */
  data?: SharedArrayBuffer;
  /** The sequence number this batch's READ or SYNC waits on (0: none). */
  answer: number;
}

/** Sent once when the worker starts. */
export interface Init {
  ctrl: SharedArrayBuffer;
  msg: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

/** What the worker reports about its adapter once ready. */
export interface AdapterReport {
  name: string;
  vendor: string;
  architecture: string;
  /** A CPU implementation (SwiftShader, lavapipe, llvmpipe, a fallback adapter). */
  software: boolean;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupsPerDimension: number; minUniformBufferOffsetAlignment: number };
}

export function writeText(area: Uint8Array, text: string): number {
  const bytes = new TextEncoder().encode(text.length > area.length / 4 ? text.slice(0, area.length / 4) : text);
  area.set(bytes);
  return bytes.length;
}

/** A view of the shared message area cannot go through TextDecoder directly, so copy it first. */
export function readText(area: Uint8Array, n: number): string {
  return new TextDecoder().decode(area.slice(0, n));
}
