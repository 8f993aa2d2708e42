// Python's subscript syntax, spelled for TypeScript: `x.index('0:5, 5:10')`, `x.index(':', 3)`,
// `x.index(mask)`, `x.index([0, 2])`, `x.index(slice(0, 5), null)`.
import { RuntimeError } from '../errors';
import type { Tensor } from '../tensor/tensor';

/** Python's slice(start, stop, step). */
export class Slice {
  constructor(readonly start: number | null = null, readonly stop: number | null = null, readonly step: number | null = null) {}
  toString(): string { return `slice(${this.start ?? 'None'}, ${this.stop ?? 'None'}, ${this.step ?? 'None'})`; }
}

export function slice(start: number | null = null, stop?: number | null, step: number | null = null): Slice {
  // slice(5) means slice(None, 5), as in Python.
  return stop === undefined ? new Slice(null, start, null) : new Slice(start, stop, step);
}

export const Ellipsis = '...' as const;

/** One component of a subscript. A string may hold several, comma-separated. */
export type IndexSpec = number | string | null | Slice | Tensor | readonly number[] | readonly boolean[];

/** A parsed component: 'ellipsis', null (newaxis), an int, a Slice, or an index tensor/array. */
export type Component = 'ellipsis' | null | number | Slice | Tensor | readonly number[] | readonly boolean[];

function parseNum(s: string, whole: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (!/^[+-]?\d+$/.test(t)) throw new SyntaxError(`invalid index '${whole}': '${t}' is not an integer`);
  return Number(t);
}

function parseOne(part: string, whole: string): Component {
  const p = part.trim();
  if (p === '...') return 'ellipsis';
  if (p === 'None' || p === 'null') return null;
  if (p.includes(':')) {
    const bits = p.split(':');
    if (bits.length > 3) throw new SyntaxError(`invalid slice '${p}' in '${whole}'`);
    const step = bits.length === 3 ? parseNum(bits[2], whole) : null;
    if (step === 0) throw new RuntimeError('slice step cannot be zero');
    return new Slice(parseNum(bits[0], whole), parseNum(bits[1], whole), step);
  }
  const n = parseNum(p, whole);
  if (n === null) throw new SyntaxError(`empty index in '${whole}'`);
  return n;
}

/** Flatten user specs into components (strings are split on commas). */
export function parseIndex(specs: readonly (IndexSpec | undefined)[]): Component[] {
  const out: Component[] = [];
  for (const s of specs) {
    if (typeof s === 'string') {
      if (s.trim() === '') throw new SyntaxError('empty index string');
      for (const part of s.split(',')) out.push(parseOne(part, s));
    } else if (s === undefined) continue;
    else out.push(s as Component);
  }
  return out;
}
