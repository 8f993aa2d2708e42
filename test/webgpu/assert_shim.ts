// Node's `assert/strict` for the browser bundle: the handful of checks the cuda suite uses, with
// the same meaning (strict equality, structural deep equality, throws with a regex or a validator).
class AssertionError extends Error {}

const show = (v: unknown): string => { try { return JSON.stringify(v); } catch { return String(v); } };

function deepEq(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEq((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function fail(message: string | undefined, fallback: string): never { throw new AssertionError(message ?? fallback); }

export const strict = {
  ok(v: unknown, message?: string): void { if (!v) fail(message, `expected a truthy value, got ${show(v)}`); },
  equal(a: unknown, b: unknown, message?: string): void { if (!Object.is(a, b)) fail(message, `${show(a)} !== ${show(b)}`); },
  notEqual(a: unknown, b: unknown, message?: string): void { if (Object.is(a, b)) fail(message, `${show(a)} === ${show(b)}`); },
  deepEqual(a: unknown, b: unknown, message?: string): void { if (!deepEq(a, b)) fail(message, `${show(a)} is not deeply equal to ${show(b)}`); },
  throws(fn: () => unknown, check?: RegExp | ((e: Error) => boolean), message?: string): void {
    try { fn(); } catch (e) {
      if (check instanceof RegExp) { if (!check.test((e as Error).message)) fail(message, `the error "${(e as Error).message}" does not match ${check}`); }
      else if (check && check(e as Error) !== true) fail(message, `the error "${(e as Error).message}" is not the one expected`);
      return;
    }
    fail(message, 'expected the function to throw');
  },
};
export default strict;
