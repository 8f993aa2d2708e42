// A pool worker: instantiates the kernels over the shared memory, then runs the jobs the main
// thread posts in its control block until told to stop. See pool.ts for the block's layout.
import { workerData } from 'worker_threads';
import { instantiate, Kernels, Memory, Module } from './module';
import { CTL } from './pool';

const { module: compiled, memory, ctl } = workerData as { module: Module; memory: Memory; ctl: Int32Array };
const k: Kernels = instantiate(compiled, memory);
const floats = new Float32Array(ctl.buffer);
Atomics.store(ctl, CTL.ready, 1);
Atomics.notify(ctl, CTL.ready);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, CTL.posted, seen);
  seen = Atomics.load(ctl, CTL.posted);
  if (seen < 0) break;
  try {
    k.job(ctl[CTL.kind], ctl[CTL.a0], ctl[CTL.a1], ctl[CTL.a2], ctl[CTL.a3], ctl[CTL.a4], ctl[CTL.a5], ctl[CTL.a6],
      ctl[CTL.a7], ctl[CTL.a8], ctl[CTL.a9], ctl[CTL.a10], floats[CTL.f0], floats[CTL.f1]);
  } catch {
    Atomics.store(ctl, CTL.failed, 1);
  }
  Atomics.store(ctl, CTL.done, seen);
  Atomics.notify(ctl, CTL.done);
}
