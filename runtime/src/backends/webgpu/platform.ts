// What differs between Node and a browser: starting the device worker.
// Node-only modules are required inside functions, so a browser bundle can stub them.
import { Ctrl, Init } from './protocol';

export const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** The runtime's end of the device worker. */
export interface DeviceWorker {
  post(msg: unknown, transfer: ArrayBuffer[]): void;
}

export interface Started { worker: DeviceWorker; init: Init }

function channel(): Init {
  return { ctrl: new SharedArrayBuffer(Ctrl.SIZE * 4), msg: new SharedArrayBuffer(1 << 16), data: new SharedArrayBuffer(1 << 20) };
}

/** Node: a worker thread running dist's worker.js; it starts without this thread's event loop. */
export function startNodeWorker(): Started {
  const { Worker } = require('worker_threads') as typeof import('worker_threads');
  const path = require('path') as typeof import('path');
  const init = channel();
  const w = new Worker(path.join(__dirname, 'worker.js'), { workerData: init });
  w.unref(); // the process may exit while the device idles
  return { worker: { post: (m, t) => w.postMessage(m, t) }, init };
}

let browserStarted: Started | null = null;

/** A browser's Worker, as much of it as is used here. */
declare const Worker: new (url: string | URL, o?: { type?: string }) => { postMessage(m: unknown, t?: ArrayBuffer[]): void };

/**
 * Browser: a nested Worker must be started before this thread first blocks (a browser starts a
 * worker only once its creator returns to its event loop), so the page's runtime worker awaits this
 * before running synchronous code on `cuda`. Resolves when the device is ready (or has failed).
 */
export async function startBrowserWorker(url: string | URL): Promise<void> {
  const init = channel();
  const w = new Worker(url, { type: 'classic' });
  w.postMessage(init);
  const ctrl = new Int32Array(init.ctrl);
  while (Atomics.load(ctrl, Ctrl.READY) === 0) await new Promise((r) => setTimeout(r, 5));
  browserStarted = { worker: { post: (m, t) => w.postMessage(m, t) }, init };
}

/** The device worker for this platform, or the reason there is none. */
export function startDeviceWorker(): Started {
  if (isNode) return startNodeWorker();
  if (!browserStarted) throw new Error('in a browser the WebGPU device worker must be started (await startBrowserWorker(url)) before the first CUDA request');
  return browserStarted;
}
