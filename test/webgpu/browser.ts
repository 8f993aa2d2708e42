// The runtime's worker in headless Chromium: starts the WebGPU device worker (a nested Worker),
// then runs the shared cuda suite (test/runtime/cuda_suite.ts) through a small stand-in for mocha's
// describe/it/before, posting each result to the page. The runtime blocks in Atomics.wait at sync
// points, which a browser allows in a worker.
import { startBrowserWorker } from '../../runtime/src/backends/webgpu/platform';

type Fn = (this: Ctx) => unknown;
interface Ctx { timeout(ms?: number): void; skip(): never }
interface Suite { name: string; befores: Fn[]; tests: { name: string; fn: Fn }[] }
export interface Result { suite: string; test: string; state: 'passed' | 'failed' | 'skipped'; ms: number; error?: string }

declare const postMessage: (m: unknown) => void;

class Skip extends Error {}
const suites: Suite[] = [];
let current: Suite | null = null;
const ctx: Ctx = { timeout() { /* no limits here: the driver bounds the whole run */ }, skip() { throw new Skip('skipped'); } };
const g = globalThis as Record<string, unknown>;
g.describe = (name: string, fn: Fn) => {
  const s: Suite = { name, befores: [], tests: [] };
  suites.push(s);
  const outer = current;
  current = s;
  try { fn.call(ctx); } finally { current = outer; }
};
g.it = (name: string, fn: Fn) => { current!.tests.push({ name, fn }); };
g.before = (fn: Fn) => { current!.befores.push(fn); };

async function main(): Promise<void> {
  await startBrowserWorker('device.js');
  require('../runtime/cuda_suite');
  const filter = (globalThis as { TORCHLAB_TEST_GREP?: string }).TORCHLAB_TEST_GREP;
  for (const s of suites) {
    let skipAll = false, beforeError: string | null = null;
    try { for (const b of s.befores) await b.call(ctx); } catch (e) {
      if (e instanceof Skip) skipAll = true; else beforeError = (e as Error).stack ?? String(e);
    }
    for (const t of s.tests) {
      if (filter && !`${s.name} ${t.name}`.includes(filter)) continue;
      const t0 = performance.now();
      let r: Result;
      if (skipAll) r = { suite: s.name, test: t.name, state: 'skipped', ms: 0 };
      else if (beforeError) r = { suite: s.name, test: t.name, state: 'failed', ms: 0, error: `before hook: ${beforeError}` };
      else {
        try {
          await t.fn.call(ctx);
          r = { suite: s.name, test: t.name, state: 'passed', ms: performance.now() - t0 };
        } catch (e) {
          r = e instanceof Skip ? { suite: s.name, test: t.name, state: 'skipped', ms: performance.now() - t0 }
            : { suite: s.name, test: t.name, state: 'failed', ms: performance.now() - t0, error: (e as Error).stack ?? String(e) };
        }
      }
      postMessage({ result: r });
    }
  }
  postMessage({ done: true });
}

main().catch((e) => postMessage({ fatal: (e as Error).stack ?? String(e) }));
