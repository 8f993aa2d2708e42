// Python's pprint.pformat (CPython's PrettyPrinter, indent 1, width 80, sorted dict keys): a value
// whose repr fits in the remaining width stays on one line; otherwise dicts, lists, tuples, sets
// and long strings are broken one item per line, each indented under its opening bracket.
import { dictItems, isTuple, repr, stringRepr } from './repr';

export interface PprintOptions { indent?: number; width?: number; depth?: number | null; compact?: boolean; sort_dicts?: boolean }

/** Length in code points, as Python's len(str). */
const len = (s: string) => { let n = 0; for (const _ of s) n++; return n; };

/** Python's ordering for sorted() of dict keys and sets: numbers and strings among their own kind. */
function compareKeys(a: unknown, b: unknown): number {
  const ta = typeof a, tb = typeof b;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (ta === 'number' || ta === 'bigint' || ta === 'boolean') return Number(a) - Number(b);
  const sa = String(a), sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** How pprint lays a value out: as one of its containers, or by its repr (null). */
function kind(x: unknown): 'dict' | 'list' | 'tuple' | 'set' | null {
  if (isTuple(x)) return 'tuple';
  if (Array.isArray(x)) return x.constructor === Array ? 'list' : null;  // torch.Size prints its own repr
  if (x instanceof Set) return 'set';
  return dictItems(x) ? 'dict' : null;
}

class PrettyPrinter {
  private readonly indentPerLevel: number;
  private readonly width: number;
  private readonly depth: number | null;
  private readonly compact: boolean;
  private readonly sortDicts: boolean;
  private out = '';

  constructor(o: PprintOptions) {
    this.indentPerLevel = o.indent ?? 1;
    this.width = o.width ?? 80;
    this.depth = o.depth ?? null;
    this.compact = o.compact ?? false;
    this.sortDicts = o.sort_dicts ?? true;
  }

  pformat(x: unknown): string { this.out = ''; this.format(x, 0, 0, 0); return this.out; }

  private items(x: unknown): [unknown, unknown][] | null {
    const items = dictItems(x);
    return items && this.sortDicts ? [...items].sort((p, q) => compareKeys(p[0], q[0])) : items;
  }

  /** The one-line repr, with sorted dicts and sets and the depth limit. */
  private safeRepr(x: unknown, level: number): string {
    const k = kind(x);
    if (k === null) return repr(x);
    const items = k === 'dict' ? this.items(x)! : k === 'set' ? [...(x as Set<unknown>)].sort(compareKeys) : (x as unknown[]);
    if (this.depth !== null && level >= this.depth && items.length) return k === 'dict' || k === 'set' ? '{...}' : k === 'list' ? '[...]' : '(...)';
    if (k === 'dict') return `{${(items as [unknown, unknown][]).map(([a, b]) => `${this.safeRepr(a, level + 1)}: ${this.safeRepr(b, level + 1)}`).join(', ')}}`;
    const r = items.map((v) => this.safeRepr(v, level + 1));
    if (k === 'set') return r.length ? `{${r.join(', ')}}` : 'set()';
    if (k === 'tuple') return r.length === 1 ? `(${r[0]},)` : `(${r.join(', ')})`;
    return `[${r.join(', ')}]`;
  }

  private format(x: unknown, indent: number, allowance: number, level: number): void {
    const rep = this.safeRepr(x, level);
    const k = kind(x);
    if (len(rep) > this.width - indent - allowance && k !== null) {
      if (k === 'dict') return this.dict(this.items(x)!, indent, allowance, level + 1);
      const items = k === 'set' ? [...(x as Set<unknown>)].sort(compareKeys) : (x as unknown[]);
      if (items.length) {
        const [open, close] = k === 'set' ? ['{', '}'] : k === 'list' ? ['[', ']'] : ['(', items.length === 1 ? ',)' : ')'];
        this.out += open;
        this.formatItems(items, indent, allowance + close.length, level + 1);
        this.out += close;
        return;
      }
    }
    if (typeof x === 'string' && x.length && len(rep) > this.width - indent - allowance) return this.string(x, indent, allowance, level + 1);
    this.out += rep;
  }

  private dict(items: [unknown, unknown][], indent: number, allowance: number, level: number): void {
    this.out += '{' + ' '.repeat(Math.max(this.indentPerLevel - 1, 0));
    indent += this.indentPerLevel;
    items.forEach(([k, v], i) => {
      const last = i === items.length - 1;
      const rep = this.safeRepr(k, level);
      this.out += rep + ': ';
      this.format(v, indent + len(rep) + 2, last ? allowance + 1 : 1, level);
      if (!last) this.out += ',\n' + ' '.repeat(indent);
    });
    this.out += '}';
  }

  private formatItems(items: unknown[], indent: number, allowance: number, level: number): void {
    indent += this.indentPerLevel;
    if (this.indentPerLevel > 1) this.out += ' '.repeat(this.indentPerLevel - 1);
    const delimnl = ',\n' + ' '.repeat(indent);
    let delim = '';
    let width = this.width - indent + 1, maxWidth = width;
    items.forEach((ent, i) => {
      const last = i === items.length - 1;
      if (last) { maxWidth -= allowance; width -= allowance; }
      if (this.compact) {
        const rep = this.safeRepr(ent, level);
        const w = len(rep) + 2;
        if (width < w) { width = maxWidth; if (delim) delim = delimnl; }
        if (width >= w) { width -= w; this.out += delim; delim = ', '; this.out += rep; return; }
      }
      this.out += delim;
      delim = delimnl;
      this.format(ent, indent, last ? allowance : 1, level);
    });
  }

  /** A long string splits at whitespace into adjacent literals (in parentheses at the top level). */
  private string(s: string, indent: number, allowance: number, level: number): void {
    const chunks: string[] = [];
    const lines = s.match(/[^\n]*\n|[^\n]+$/g) ?? [s];
    if (level === 1) { indent += 1; allowance += 1; }
    let maxWidth1 = this.width - indent;
    const maxWidth = maxWidth1;
    let rep = '';
    lines.forEach((line, i) => {
      rep = stringRepr(line);
      if (i === lines.length - 1) maxWidth1 -= allowance;
      if (len(rep) <= maxWidth1) { chunks.push(rep); return; }
      const parts = line.match(/\S*\s*/g)!;
      parts.pop();  // the empty match at the end
      let maxWidth2 = maxWidth, current = '';
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
        if (len(stringRepr(candidate)) > maxWidth2) { if (current) chunks.push(stringRepr(current)); current = part; }
        else current = candidate;
      });
      if (current) chunks.push(stringRepr(current));
    });
    if (chunks.length === 1) { this.out += rep; return; }
    if (level === 1) this.out += '(';
    this.out += chunks.join('\n' + ' '.repeat(indent));
    if (level === 1) this.out += ')';
  }
}

/** Python's pprint.pformat(object, indent=1, width=80, depth=None, compact=False, sort_dicts=True). */
export function pformat(x: unknown, opts: PprintOptions = {}): string { return new PrettyPrinter(opts).pformat(x); }
