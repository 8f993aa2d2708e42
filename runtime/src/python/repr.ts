// Python's repr() and str() for JavaScript values, as `print` shows them: True/False/None, ints and
// floats (float repr is the shortest round-trip form, as JavaScript's, laid out as CPython lays it
// out), quoted strings, lists, tuples (arrays marked with `tuple(...)`), dicts and sets. Tensors,
// modules and everything else with a display bundle print their text/plain, whose continuation
// lines Python leaves as they are: a container's repr just joins its items' reprs.

const TUPLE = Symbol.for('torchlab.python.tuple');
const DISPLAY = Symbol.for('Jupyter.display');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Python's `(a, b)`: an array marked as a tuple (it prints with parentheses). */
export function tuple<T extends unknown[]>(...items: T): T {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}
/** Python's `tuple(iterable)`. */
tuple.from = <T>(items: Iterable<T>): T[] => tuple(...items);

export function isTuple(x: unknown): x is unknown[] {
  return Array.isArray(x) && (x as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

/** Python's repr of a float (`float_repr_style` 'short'): fixed from 1e-4 up to 1e16, else exponent. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, e] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const decpt = Number(e) + 1;  // x = 0.<digits> * 10^decpt
  const sign = x < 0 ? '-' : '';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const exp = decpt - 1;
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * A JavaScript number as Python would print it. JavaScript has one number type, so an integral
 * value prints as an int (`3`), any other as a float (`0.5`); integral values from 1e16 up print
 * as floats, where Python's float repr switches to exponents.
 */
export function numberRepr(x: number): string {
  if (Number.isInteger(x) && !Object.is(x, -0) && Math.abs(x) < 1e16) return String(x);
  return floatRepr(x);
}

/** Python's repr of a str: single quotes unless the text has ' and no ", escapes for the rest. */
export function stringRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

type Methods = Record<string | symbol, unknown>;

function ownToString(x: object): string | null {
  const f = (x as Methods).toString;
  return typeof f === 'function' && f !== Object.prototype.toString && f !== Array.prototype.toString && f !== Function.prototype.toString
    ? String(f.call(x)) : null;
}

function className(x: object): string {
  return (x as { constructor?: { name?: string } }).constructor?.name || 'object';
}

/** What a Python dict's items are for a JS value that prints as a dict, or null. */
export function dictItems(x: unknown): [unknown, unknown][] | null {
  if (x instanceof Map) return [...x.entries()];
  if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
    const proto = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) return Object.entries(x);
  }
  return null;
}

/** The repr of values with a repr of their own (tensors, modules, sizes, dtypes, ...), or null. */
function objectRepr(x: object): string | null {
  const m = x as Methods;
  if (typeof m.__repr__ === 'function') return String((m.__repr__ as () => unknown).call(x));
  if (typeof m[DISPLAY] === 'function') {
    const b = (m[DISPLAY] as () => Record<string, unknown>).call(x);
    if (b && typeof b['text/plain'] === 'string') return b['text/plain'] as string;
  }
  if (typeof m[INSPECT] === 'function') {
    const s = (m[INSPECT] as () => unknown).call(x);
    if (typeof s === 'string') return s;
  }
  return null;
}

/** Python's repr(x). */
export function repr(x: unknown, seen: Set<unknown> = new Set()): string {
  if (x === null || x === undefined) return 'None';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'number') return numberRepr(x);
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'string') return stringRepr(x);
  if (typeof x === 'symbol') return x.toString();
  if (typeof x === 'function' && !objectRepr(x)) return `<function ${x.name || '<lambda>'}>`;
  const o = x as object;
  const own = objectRepr(o);
  if (own !== null) return own;
  if (x instanceof Error) return `${x.name}(${stringRepr(x.message)})`;
  if (seen.has(x)) return Array.isArray(x) ? '[...]' : '{...}';
  seen.add(x);
  try {
    if (Array.isArray(x) || ArrayBuffer.isView(x)) {
      const items = Array.from(x as ArrayLike<unknown>, (v) => repr(v, seen));
      if (isTuple(x)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      return `[${items.join(', ')}]`;
    }
    if (x instanceof Set) return x.size ? `{${[...x].map((v) => repr(v, seen)).join(', ')}}` : 'set()';
    const items = dictItems(x);
    if (items) return `{${items.map(([k, v]) => `${repr(k, seen)}: ${repr(v, seen)}`).join(', ')}}`;
  } finally {
    seen.delete(x);
  }
  return ownToString(o) ?? `<${className(o)} object>`;
}

/** Python's str(x): strings as they are, objects by their own str where they have one, else repr. */
export function str(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x !== null && typeof x === 'object') {
    const m = x as Methods;
    if (typeof m.__str__ === 'function') return String((m.__str__ as () => unknown).call(x));
    if (x instanceof Error) return x.message;
    if (!Array.isArray(x) && !dictItems(x) && !(x instanceof Set)) {
      const s = ownToString(x);
      if (s !== null) return s;
    }
  }
  return repr(x);
}
