// PyTorch's tensor repr (torch/_tensor_str.py): one formatter per tensor chooses int, fixed or
// scientific mode and a common width; summarization shows `edgeitems` at each end.
import { DType, bool, float32, get_default_dtype, int64 } from '../tensor/dtype';
import { formatFixed, formatSci, shortestFloat32 } from './decimal';

export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** All elements, contiguous row-major (bools as 0/1), read back from any device. */
  values(): ArrayLike<number>;
  readonly deviceName: string;
  readonly gradFnName: string | null;
  readonly requiresGrad: boolean;
}

interface PrintOptions { precision: number; threshold: number; edgeitems: number; linewidth: number; sci_mode: boolean | null }
const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };
const opts: PrintOptions = { ...DEFAULTS };

export function set_printoptions(o: { precision?: number; threshold?: number; edgeitems?: number; linewidth?: number;
  profile?: 'default' | 'short' | 'full'; sci_mode?: boolean | null } = {}): void {
  if (o.profile === 'default') Object.assign(opts, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (o.profile === 'short') Object.assign(opts, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (o.profile === 'full') Object.assign(opts, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  if (o.precision !== undefined) opts.precision = o.precision;
  if (o.threshold !== undefined) opts.threshold = o.threshold;
  if (o.edgeitems !== undefined) opts.edgeitems = o.edgeitems;
  if (o.linewidth !== undefined) opts.linewidth = o.linewidth;
  opts.sci_mode = o.sci_mode ?? null;  // as in PyTorch, every call resets sci_mode unless given
}

export function get_printoptions(): PrintOptions { return { ...opts }; }

/** A strided reader over the row-major values: the sub-block at an index prefix. */
interface Block { shape: readonly number[]; base: number; strides: readonly number[] }

const sub = (b: Block, i: number): Block => ({ shape: b.shape.slice(1), base: b.base + i * b.strides[0], strides: b.strides.slice(1) });

/** Indices shown along a dim: all, or the edges when summarizing. */
function shown(n: number, summarize: boolean): (number | null)[] {
  const e = opts.edgeitems;
  if (summarize && n > 2 * e) return [...Array.from({ length: e }, (_, i) => i), null, ...Array.from({ length: e }, (_, i) => n - e + i)];
  return Array.from({ length: n }, (_, i) => i);
}

/** The values a formatter looks at: every element, or only the summarized ones. */
function collect(v: ArrayLike<number>, b: Block, summarize: boolean, out: number[]): void {
  if (b.shape.length === 0) { out.push(v[b.base]); return; }
  for (const i of shown(b.shape[0], summarize)) if (i !== null) collect(v, sub(b, i), summarize, out);
}

class Formatter {
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  constructor(readonly dtype: DType, vals: number[]) {
    const p = opts.precision;
    if (!dtype.is_floating_point) {
      for (const x of vals) this.maxWidth = Math.max(this.maxWidth, this.plain(x).length);
    } else {
      const nz = vals.filter((x) => Number.isFinite(x) && x !== 0);
      if (nz.length) {
        const abs = nz.map(Math.abs);
        const min = Math.min(...abs), max = Math.max(...abs);
        this.intMode = nz.every((x) => x === Math.ceil(x));
        if (this.intMode) {
          if (max / min > 1000 || max > 1e8) {
            this.sciMode = true;
            for (const x of nz) this.maxWidth = Math.max(this.maxWidth, formatSci(x, p).length);
          } else {
            for (const x of nz) this.maxWidth = Math.max(this.maxWidth, formatFixed(x, 0).length + 1);
          }
        } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
          this.sciMode = true;
          for (const x of nz) this.maxWidth = Math.max(this.maxWidth, formatSci(x, p).length);
        } else {
          for (const x of nz) this.maxWidth = Math.max(this.maxWidth, formatFixed(x, p).length);
        }
      }
      if (opts.sci_mode !== null) this.sciMode = opts.sci_mode;
    }
  }
  private plain(x: number): string { return this.dtype === bool ? (x ? 'True' : 'False') : String(x); }
  format(x: number): string {
    let s: string;
    if (!this.dtype.is_floating_point) s = this.plain(x);
    else if (this.sciMode) s = formatSci(x, opts.precision);
    else if (this.intMode) s = formatFixed(x, 0) + (Number.isFinite(x) ? '.' : '');
    else s = formatFixed(x, opts.precision);
    return s.length < this.maxWidth ? ' '.repeat(this.maxWidth - s.length) + s : s;
  }
}

function vectorStr(v: ArrayLike<number>, b: Block, indent: number, summarize: boolean, f: Formatter): string {
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / (f.maxWidth + 2)));
  const data = shown(b.shape[0], summarize).map((i) => (i === null ? ' ...' : f.format(v[b.base + i * b.strides[0]])));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function blockStr(v: ArrayLike<number>, b: Block, indent: number, summarize: boolean, f: Formatter): string {
  const dim = b.shape.length;
  if (dim === 0) return f.format(v[b.base]);
  if (dim === 1) return vectorStr(v, b, indent, summarize, f);
  const slices = shown(b.shape[0], summarize).map((i) => (i === null ? '...' : blockStr(v, sub(b, i), indent + 1, summarize, f)));
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** The bracketed body of a tensor (PyTorch's _tensor_str). */
export function tensorBody(t: Pick<Printable, 'shape' | 'dtype' | 'values'>, indent: number): string {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n === 0) return '[]';
  const v = t.values();
  const summarize = n > opts.threshold;
  const b: Block = { shape: t.shape, base: 0, strides: rowMajor(t.shape) };
  const picked: number[] = [];
  collect(v, b, summarize, picked);
  return blockStr(v, b, indent, summarize, new Formatter(t.dtype, picked));
}

function addSuffixes(s: string, suffixes: string[], indent: number): string {
  const parts = [s];
  let last = s.length - s.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (last + suffix.length + 2 > opts.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      last = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      last += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

const pyTuple = (s: readonly number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);

export function tensorRepr(t: Printable, o: { prefix?: string } = {}): string {
  const prefix = o.prefix ?? 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.deviceName !== 'cpu') suffixes.push(`device='${t.deviceName}'`);
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const def = get_default_dtype();
  let body: string;
  if (numel === 0) {
    if (t.shape.length !== 1) suffixes.push(`size=${pyTuple(t.shape)}`);
    if (t.dtype !== def) suffixes.push(`dtype=${t.dtype}`);
    body = '[]';
  } else {
    if (t.dtype !== def && t.dtype !== int64 && t.dtype !== bool) suffixes.push(`dtype=${t.dtype}`);
    body = tensorBody(t, indent);
  }
  if (t.gradFnName) suffixes.push(`grad_fn=<${t.gradFnName}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}

export function parameterRepr(t: Printable): string { return 'Parameter containing:\n' + tensorRepr(t); }

// ---- NumPy's array repr, for what `.numpy()` returns -----------------------------------------------
export function numpyRepr(a: { data: ArrayLike<number>; shape: readonly number[]; dtype: DType }): string {
  const n = a.shape.reduce((x, y) => x * y, 1);
  const name = a.dtype.name;
  const isFloat = a.dtype.is_floating_point;
  const vals = Array.from(a.data);
  let fmt: (x: number) => string;
  if (a.dtype === bool) fmt = (x) => (x ? 'True' : 'False');
  else if (!isFloat) fmt = (x) => String(x);
  else {
    const finite = vals.filter((x) => Number.isFinite(x) && x !== 0).map(Math.abs);
    const max = finite.length ? Math.max(...finite) : 0, min = finite.length ? Math.min(...finite) : 0;
    const sci = finite.length > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
    const digits = (x: number) => (a.dtype === float32 ? shortestFloat32(x) : String(x));
    if (sci) {
      const p = Math.max(...vals.filter(Number.isFinite).map((x) => {
        const m = Number(digits(x)).toExponential().split('e')[0];
        return m.includes('.') ? m.split('.')[1].length : 0;
      }), 0);
      fmt = (x) => (Number.isFinite(x) ? formatSci(x, p) : formatSci(x, p));
    } else {
      const p = Math.min(8, Math.max(0, ...vals.filter(Number.isFinite).map((x) => {
        const s = digits(x);
        return s.includes('.') ? s.split('.')[1].length : 0;
      })));
      fmt = (x) => {
        if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
        const s = formatFixed(x, p);
        return p === 0 ? `${s}.` : s.replace(/0+$/, '').replace(/\.$/, '.');
      };
    }
  }
  const strs = vals.map(fmt);
  const width = Math.max(1, ...strs.map((s) => s.length));
  const pad = (s: string) => ' '.repeat(width - s.length) + s;
  const prefix = 'array(';
  const build = (dim: number, off: number, indent: number): string => {
    if (dim === a.shape.length) return pad(strs[off]);
    const stride = a.shape.slice(dim + 1).reduce((x, y) => x * y, 1);
    const items = Array.from({ length: a.shape[dim] }, (_, i) => build(dim + 1, off + i * stride, indent + 1));
    if (dim === a.shape.length - 1) {
      const lines: string[] = [];
      let line = '';
      for (const it of items) {
        const next = line ? `${line}, ${it}` : it;
        if (line && indent + next.length + 2 > 75) { lines.push(line + ','); line = it; } else line = next;
      }
      lines.push(line);
      return '[' + lines.join('\n' + ' '.repeat(indent + 1)) + ']';
    }
    return '[' + items.join(',' + '\n'.repeat(a.shape.length - dim - 1) + ' '.repeat(indent + 1)) + ']';
  };
  const body = n === 0 ? '[]' : build(0, 0, prefix.length);
  const suffix = (name === 'float64' || name === 'int64' || name === 'bool') && n > 0 ? '' : `, dtype=${name}`;
  return `${prefix}${body}${suffix})`;
}
