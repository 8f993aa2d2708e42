// Python's exception types, as PyTorch raises them, so that an error reads as it does in Python
// (`ValueError: ...`) and can be told apart with `instanceof`. TypeError is JavaScript's own, whose
// name Python shares. A leaf module: every layer imports it.
export class RuntimeError extends Error { override name = 'RuntimeError'; }
export class ValueError extends Error { override name = 'ValueError'; }
export class IndexError extends Error { override name = 'IndexError'; }
export class NotImplementedError extends RuntimeError { override name = 'NotImplementedError'; }
export class AssertionError extends Error { override name = 'AssertionError'; }

/** Python's KeyError, whose text is the repr of its key: `KeyError: 'x'`, `KeyError: "attribute 'x' already exists"`. */
export class KeyError extends Error {
  override name = 'KeyError';
  constructor(key: unknown) { super(pyRepr(key)); }
}

/** Python's repr of a string (other values as their text). */
export function pyRepr(v: unknown): string {
  if (typeof v !== 'string') return String(v);
  const q = v.includes("'") && !v.includes('"') ? '"' : "'";
  return q + v.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}

/** Python's str() of an argument in a message: True/False/None for booleans and null. */
export function pyStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}

export const TypeError = globalThis.TypeError;
