// Worker threads that share the kernels' memory. A job is posted through a small shared control
// block per worker (Atomics.wait/notify, no message passing), so handing a slice of a matmul to
// another core costs microseconds. Workers start on the first large op and are unref'd, so they
// never keep the process alive; a worker still starting simply gets no share of the work.
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Memory, Module } from './module';
import { RuntimeError } from '../../../errors';

/** Slots of a worker's control block (Int32Array over a SharedArrayBuffer; f0, f1 hold float32 bits). */
export const enum CTL { posted, done, ready, failed, kind, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, f0, f1, size }

/** Kernel kinds a worker runs (kernels.as.ts's `job`). */
export const enum JOB { sgemm, dgemm, unary32, softmax32, binary32 }

/** A kernel call: its kind, up to eleven integer arguments and two float32 ones. */
export interface Job { kind: JOB; args: number[]; f0?: number; f1?: number }

interface Thread { worker: Worker; ctl: Int32Array; floats: Float32Array; seq: number }

let threads: Thread[] | null = null;
let numThreads = defaultThreads();

function defaultThreads(): number {
  const env = Number(process.env.TORCHLAB_NUM_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

/** Threads used for large ops (the calling thread included), as `torch.get_num_threads()`. */
export function getNumThreads(): number { return numThreads; }

export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new RuntimeError('set_num_threads expects a positive integer');
  if (n === numThreads) return;
  numThreads = n;
  stop();
}

/** Workers ready to take a job now (starting them, the first time, in the background). */
export function ready(module: Module, memory: Memory): Thread[] {
  if (numThreads <= 1) return [];
  if (!threads) {
    threads = [];
    for (let i = 1; i < numThreads; i++) {
      const ctl = new Int32Array(new SharedArrayBuffer(CTL.size * 4));
      const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { module, memory, ctl } });
      worker.unref();
      worker.on('error', () => { Atomics.store(ctl, CTL.failed, 1); });
      threads.push({ worker, ctl, floats: new Float32Array(ctl.buffer), seq: 0 });
    }
  }
  return threads.filter((t) => Atomics.load(t.ctl, CTL.ready) === 1 && Atomics.load(t.ctl, CTL.failed) === 0);
}

/** Blocks until every worker is ready or has failed (at most `ms`); returns how many are ready. */
export function waitReady(module: Module, memory: Memory, ms: number): number {
  ready(module, memory);
  const deadline = Date.now() + ms;
  for (const t of threads ?? []) {
    while (Atomics.load(t.ctl, CTL.ready) === 0 && Atomics.load(t.ctl, CTL.failed) === 0 && Date.now() < deadline) {
      Atomics.wait(t.ctl, CTL.ready, 0, 10);
    }
  }
  return ready(module, memory).length;
}

/** Jobs handed to workers since the process started. */
export let jobsPosted = 0;

export function post(t: Thread, job: Job): void {
  jobsPosted++;
  const c = t.ctl;
  c[CTL.kind] = job.kind;
  for (let i = 0; i < job.args.length; i++) c[CTL.a0 + i] = job.args[i];
  t.floats[CTL.f0] = job.f0 ?? 0; t.floats[CTL.f1] = job.f1 ?? 0;
  Atomics.store(c, CTL.posted, ++t.seq);
  Atomics.notify(c, CTL.posted);
}

/** Waits for a posted job; false if the worker failed (the caller then redoes its share). */
export function join(t: Thread): boolean {
  const c = t.ctl;
  for (;;) {
    const done = Atomics.load(c, CTL.done);
    if (done === t.seq) return Atomics.load(c, CTL.failed) === 0;
    if (Atomics.load(c, CTL.failed) !== 0) return false;
    Atomics.wait(c, CTL.done, done, 1000);
  }
}

/**
 * Waits until every worker has finished the job it was given. A call interrupted while its
 * workers ran (KeyboardInterrupt in a large matmul) leaves them writing into the shared memory,
 * which the next call must not reuse until they are done.
 */
export function settle(): void {
  for (const t of threads ?? []) {
    for (;;) {
      const done = Atomics.load(t.ctl, CTL.done);
      if (done === t.seq || Atomics.load(t.ctl, CTL.failed) !== 0) break;
      Atomics.wait(t.ctl, CTL.done, done, 1000);
    }
  }
}

function stop(): void {
  for (const t of threads ?? []) {
    Atomics.store(t.ctl, CTL.posted, -1);
    Atomics.notify(t.ctl, CTL.posted);
  }
  threads = null;
}
