// The device worker's entry, in Node (a worker thread running Dawn from the `webgpu` package) or in
// a browser (a Worker with navigator.gpu). Dawn stays on this thread: the runtime's thread blocks
// while it waits for reads, and Dawn must keep serving them.
import { Batch, Init } from './protocol';
import { GPULike, serve } from './server';

declare const self: { onmessage: ((e: { data: unknown }) => void) | null; navigator?: { gpu?: GPULike } } | undefined;

function dawn(): GPULike {
  const path = require('path') as typeof import('path');
  let addon: { create(flags: string[]): GPULike; globals: object };
  try {
    // The package's index is an ES module; its addon loads from CommonJS directly.
    const dir = path.dirname(require.resolve('webgpu/package.json'));
    addon = require(path.join(dir, 'dist', `${process.platform}-${process.arch}.dawn.node`));
  } catch (e) {
    throw new Error(`the 'webgpu' package (Dawn) does not load here: ${(e as Error).message.split('\n')[0]}`);
  }
  Object.assign(globalThis, addon.globals);
  // Dawn's options, e.g. TORCHLAB_DAWN_FLAGS='enable-dawn-features=allow_unsafe_apis,disable_robustness'
  dawnInstance = addon.create((process.env.TORCHLAB_DAWN_FLAGS ?? '').split(/\s+/).filter(Boolean));
  return dawnInstance;
}
/** Dawn's instance lives as long as this reference. */
let dawnInstance: GPULike | null = null;

const inNode = typeof process !== 'undefined' && !!process.versions?.node;
if (inNode) {
  const { parentPort, workerData } = require('worker_threads') as typeof import('worker_threads');
  if (parentPort) void serve(dawn, workerData as Init, (f) => parentPort.on('message', (b: Batch) => f(b)));
} else if (typeof self !== 'undefined') {
  self.onmessage = (e) => {
    const init = e.data as Init;
    let handler: ((b: Batch) => void) | null = null;
    const queued: Batch[] = [];
    self!.onmessage = (m) => { if (handler) handler(m.data as Batch); else queued.push(m.data as Batch); };
    void serve(() => {
      const gpu = self!.navigator?.gpu;
      if (!gpu) throw new Error('navigator.gpu is missing in this worker (WebGPU is not enabled)');
      return gpu;
    }, init, (f) => { handler = f; for (const b of queued.splice(0)) f(b); });
  };
}
