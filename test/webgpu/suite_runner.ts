// A small stand-in for mocha's describe/it/before (synchronous or async tests, this.skip(),
// this.timeout()), so the cuda suite runs where mocha is not at hand: in a browser worker, and in
// Node on the GPU machine from the packed project. Results come out one by one.
type Fn = (this: Ctx) => unknown;
interface Ctx { timeout(ms?: number): void; skip(): never }
interface Suite { name: string; befores: Fn[]; tests: { name: string; fn: Fn }[] }
export interface Result { suite: string; test: string; state: 'passed' | 'failed' | 'skipped'; ms: number; error?: string }

class Skip extends Error {}
const suites: Suite[] = [];
let current: Suite | null = null;
const ctx: Ctx = { timeout() { /* the driver bounds the whole run */ }, skip() { throw new Skip('skipped'); } };

/** Define describe, it and before as globals (before the suite's modules load). */
export function install(): void {
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
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Run every registered test (those whose "suite test" name contains `grep`, if given). */
export async function runAll(onResult: (r: Result) => void, grep?: string): Promise<Result[]> {
  const results: Result[] = [];
  for (const s of suites) {
    const tests = s.tests.filter((t) => !grep || `${s.name} ${t.name}`.includes(grep));
    if (!tests.length) continue;
    let skipAll = false, beforeError: string | null = null;
    try { for (const b of s.befores) await b.call(ctx); } catch (e) {
      if (e instanceof Skip) skipAll = true; else beforeError = (e as Error).stack ?? String(e);
    }
    for (const t of tests) {
      const t0 = now();
      let r: Result;
      if (skipAll) r = { suite: s.name, test: t.name, state: 'skipped', ms: 0 };
      else if (beforeError) r = { suite: s.name, test: t.name, state: 'failed', ms: 0, error: `before hook: ${beforeError}` };
      else {
        try {
          await t.fn.call(ctx);
          r = { suite: s.name, test: t.name, state: 'passed', ms: now() - t0 };
        } catch (e) {
          r = e instanceof Skip ? { suite: s.name, test: t.name, state: 'skipped', ms: now() - t0 }
            : { suite: s.name, test: t.name, state: 'failed', ms: now() - t0, error: (e as Error).stack ?? String(e) };
        }
      }
      results.push(r);
      onResult(r);
    }
  }
  return results;
}

/** Print results as mocha's spec reporter does; returns the summary line's counts. */
export function reporter(): { onResult: (r: Result) => void; summary: (results: Result[], seconds: number, where: string) => number } {
  let last = '';
  const mark = { passed: '  ✔', failed: '  ✘', skipped: '  -' };
  return {
    onResult(r) {
      if (r.suite !== last) { console.log(`\n${r.suite}`); last = r.suite; }
      console.log(`${mark[r.state]} ${r.test}${r.state === 'skipped' ? ' (skipped)' : ''}${r.ms > 500 ? ` (${Math.round(r.ms)}ms)` : ''}`);
    },
    summary(results, seconds, where) {
      const count = (s: Result['state']) => results.filter((r) => r.state === s).length;
      console.log(`\n  ${count('passed')} passing, ${count('failed')} failing, ${count('skipped')} skipped (${seconds.toFixed(0)} s, ${where})`);
      results.filter((r) => r.state === 'failed').forEach((r, i) => console.log(`\n  ${i + 1}) ${r.suite}\n     ${r.test}:\n${r.error}`));
      return count('failed');
    },
  };
}
