// A small column-oriented DataFrame for the lecture's TSV data: read_csv, column access, map,
// head/tail, and pandas' text and HTML reprs (truncated rows and columns at pandas' defaults).
import { KeyError, ValueError } from '../errors';
import * as fs from 'fs';

export type Cell = string | number | boolean | null;

export class Series<T extends Cell = Cell> {
  constructor(readonly values: T[], readonly name: string | null = null, readonly index: number[] = values.map((_, i) => i)) {}
  get length(): number { return this.values.length; }
  __len__(): number { return this.values.length; }
  map<U extends Cell>(fn: (v: T, i: number) => U): Series<U> { return new Series(this.values.map(fn), this.name, this.index); }
  tolist(): T[] { return this.values.slice(); }
  head(n = 5): Series<T> { return new Series(this.values.slice(0, n), this.name, this.index.slice(0, n)); }
  tail(n = 5): Series<T> { return new Series(this.values.slice(-n), this.name, this.index.slice(-n)); }
  __getitem__(i: number): T { return this.values[i]; }
  *[Symbol.iterator](): Iterator<T> { yield* this.values; }
  toString(): string {
    const frame = new DataFrame({ [this.name ?? '0']: this.values }, this.index);
    const lines = frame.render({ header: false }).split('\n');
    const dtype = this.values.every((v) => typeof v === 'number' && Number.isInteger(v)) ? 'int64' : this.values.every((v) => typeof v === 'number') ? 'float64' : 'object';
    const n = this.values.length > 60 ? `, Length: ${this.values.length}` : '';
    return `${lines.filter((l) => !l.startsWith('[')).join('\n').replace(/\n+$/, '')}\nName: ${this.name}${n}, dtype: ${dtype}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

const OPTS = { max_rows: 60, min_rows: 10, max_colwidth: 50, width: 80 };

function fmtCell(v: Cell): string {
  if (v === null) return 'NaN';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return v;
}

function clip(s: string): string { return s.length > OPTS.max_colwidth ? s.slice(0, OPTS.max_colwidth - 3) + '...' : s; }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class DataFrame {
  readonly columns: string[];
  private readonly data: Map<string, Cell[]>;
  readonly index: number[];

  constructor(cols: Record<string, Cell[]>, index?: number[]) {
    this.columns = Object.keys(cols);
    this.data = new Map(Object.entries(cols));
    const n = this.columns.length ? cols[this.columns[0]].length : 0;
    this.index = index ?? Array.from({ length: n }, (_, i) => i);
  }

  get shape(): [number, number] { return [this.index.length, this.columns.length]; }
  __len__(): number { return this.index.length; }

  /** df['col'] */
  get(name: string): Series {
    const v = this.data.get(name);
    if (!v) throw new KeyError(name);
    return new Series(v, name, this.index);
  }
  __getitem__(name: string): Series { return this.get(name); }

  /** df['col'] = series (or values), in place as pandas does. */
  set(name: string, values: Series | Cell[]): this {
    const v = values instanceof Series ? values.values : values;
    if (v.length !== this.index.length) throw new ValueError(`Length of values (${v.length}) does not match length of index (${this.index.length})`);
    if (!this.data.has(name)) this.columns.push(name);
    this.data.set(name, v.slice());
    return this;
  }
  __setitem__(name: string, values: Series | Cell[]): this { return this.set(name, values); }

  private take(rows: number[]): DataFrame {
    const cols: Record<string, Cell[]> = {};
    for (const c of this.columns) cols[c] = rows.map((r) => this.data.get(c)![r]);
    return new DataFrame(cols, rows.map((r) => this.index[r]));
  }
  head(n = 5): DataFrame { return this.take(Array.from({ length: Math.min(n, this.index.length) }, (_, i) => i)); }
  tail(n = 5): DataFrame {
    const len = this.index.length, k = Math.min(n, len);
    return this.take(Array.from({ length: k }, (_, i) => len - k + i));
  }

  /** The rows shown (with null marking the '...' gap) and the columns shown (null for '...'). */
  private layout(): { rows: (number | null)[]; cols: (string | null)[] } {
    const n = this.index.length;
    const rows: (number | null)[] = n > OPTS.max_rows
      ? [...Array.from({ length: OPTS.min_rows / 2 }, (_, i) => i), null, ...Array.from({ length: OPTS.min_rows / 2 }, (_, i) => n - OPTS.min_rows / 2 + i)]
      : Array.from({ length: n }, (_, i) => i);
    const width = (c: string) => Math.max(c.length, ...rows.map((r) => (r === null ? 4 : clip(' ' + fmtCell(this.data.get(c)![r])).length)));
    const idxW = Math.max(...rows.map((r) => (r === null ? 2 : String(this.index[r]).length)));
    let cols: (string | null)[] = this.columns.slice();
    const total = (cs: (string | null)[]) => idxW + cs.reduce((a: number, c) => a + 1 + (c === null ? 4 : width(c)), 0);
    // Like pandas at a terminal width of 80, drop middle columns while the frame is too wide,
    // keeping at least the first and the last.
    while (total(cols) > OPTS.width) {
      const real = cols.filter((c): c is string => c !== null);
      if (real.length <= 2) break;
      real.splice(Math.floor(real.length / 2), 1);
      const half = Math.ceil(real.length / 2);
      cols = [...real.slice(0, half), null, ...real.slice(half)];
    }
    return { rows, cols };
  }

  /** pandas' to_string layout: values formatted with a leading space, right-justified, one space apart. */
  render(o: { header?: boolean } = {}): string {
    const { rows, cols } = this.layout();
    const cell = (c: string, r: number) => clip(' ' + fmtCell(this.data.get(c)![r]));
    const colText = (c: string | null) => [c ?? '...', ...rows.map((r) => (c === null || r === null ? ' ...' : cell(c, r)))];
    const idx = ['', ...rows.map((r) => (r === null ? '..' : String(this.index[r])))];
    const idxW = Math.max(...idx.map((s) => s.length));
    const table = cols.map((c) => {
      const t = colText(c);
      const w = Math.max(...t.map((x) => x.length));
      return t.map((x) => x.padStart(w));
    });
    const lines = idx.map((x, i) => [x.padEnd(idxW), ...table.map((t) => t[i])].join(' '));
    if (o.header === false) lines.shift();
    const truncated = rows.includes(null) || cols.includes(null);
    return lines.join('\n') + (truncated ? `\n\n[${this.index.length} rows x ${this.columns.length} columns]` : '');
  }

  toString(): string { return this.render(); }

  /** pandas' notebook HTML table (same truncation as the text). */
  to_html(): string {
    const { rows, cols } = this.layout();
    const head = `<tr style="text-align: right;">\n      <th></th>\n${cols.map((c) => `      <th>${c === null ? '...' : esc(c)}</th>`).join('\n')}\n    </tr>`;
    const body = rows.map((r) => `    <tr>\n      <th>${r === null ? '...' : this.index[r]}</th>\n${cols.map((c) =>
      `      <td>${c === null || r === null ? '...' : esc(clip(' ' + fmtCell(this.data.get(c)![r])).slice(1))}</td>`).join('\n')}\n    </tr>`).join('\n');
    const truncated = rows.includes(null) || cols.includes(null);
    return `<div>\n<table border="1" class="dataframe">\n  <thead>\n    ${head}\n  </thead>\n  <tbody>\n${body}\n  </tbody>\n</table>\n${truncated ? `<p>${this.index.length} rows × ${this.columns.length} columns</p>\n` : ''}</div>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString(), 'text/html': this.to_html() }; }
}

/** Split one delimited line, honouring double-quoted fields. */
function splitLine(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (line.startsWith(sep, i)) { out.push(cur); cur = ''; i += sep.length - 1; } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Columns whose every value parses as a number become numbers, as pandas infers int64/float64. */
function infer(values: string[]): Cell[] {
  const num = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return num ? values.map(Number) : values;
}

export function read_csv(path: string, opts: { sep?: string } = {}): DataFrame {
  const sep = opts.sep ?? ',';
  const text = fs.readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const header = splitLine(lines[0], sep);
  const cols: string[][] = header.map(() => []);
  for (let i = 1; i < lines.length; i++) {
    const f = splitLine(lines[i], sep);
    if (f.length !== header.length) throw new Error(`Error tokenizing data. C error: Expected ${header.length} fields in line ${i + 1}, saw ${f.length}`);
    f.forEach((v, k) => cols[k].push(v));
  }
  return new DataFrame(Object.fromEntries(header.map((h, k) => [h, infer(cols[k])])));
}
