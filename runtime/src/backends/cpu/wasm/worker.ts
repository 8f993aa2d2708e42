// A pool worker: instantiates the kernels over the shared memory, then runs the jobs the main
// thread posts in its control block until told to stop. See pool.ts for the block's layout.
import { workerData } from 'worker_threads';
import { instantiate, Kernels, Memory, Module } from './module';
import { CTL } from './pool';

const { module: compiled, memory, ctl } = workerData as { module: Module; memory: Memory; ctl: Int32Array };
const k: Kernels = instantiate(compiled, memory);
Atomics.store(ctl, CTL.ready, 1);
Atomics.notify(ctl, CTL.ready);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, CTL.posted, seen);
  seen = Atomics.load(ctl, CTL.posted);
  if (seen < 0) break;
  try {
    const gemm = ctl[CTL.kind] === 8 ? k.dgemm : k.sgemm;
    gemm(ctl[CTL.a], ctl[CTL.b], ctl[CTL.c], ctl[CTL.work], ctl[CTL.M], ctl[CTL.K], ctl[CTL.N]);
  } catch {
    Atomics.store(ctl, CTL.failed, 1);
  }
  Atomics.store(ctl, CTL.done, seen);
  Atomics.notify(ctl, CTL.done);
}
