// The runtime's worker in headless Chromium: starts the WebGPU device worker (a nested Worker),
// then runs the shared cuda suite (test/runtime/cuda_suite.ts) and posts each result to the page.
// The runtime blocks in Atomics.wait at sync points, which a browser allows in a worker.
import { startBrowserWorker } from '../../runtime/src/backends/webgpu/platform';
import { install, runAll } from './suite_runner';

declare const postMessage: (m: unknown) => void;

async function main(): Promise<void> {
  install();
  await startBrowserWorker('device.js');
  require('../runtime/cuda_suite');
  await runAll((result) => postMessage({ result }), (globalThis as { TORCHLAB_TEST_GREP?: string }).TORCHLAB_TEST_GREP);
  postMessage({ done: true });
}

main().catch((e) => postMessage({ fatal: (e as Error).stack ?? String(e) }));
