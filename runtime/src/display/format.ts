// PyTorch's tensor repr (torch/_tensor_str.py): one formatter per tensor chooses int, fixed or
// scientific mode and a common width; summarization shows `edgeitems` at each end of every dim,
// and only those elements are ever read or formatted.
import { DType, bool, get_default_dtype, int64 } from '../tensor/dtype';
import { RuntimeError } from '../errors';
import { formatFixed, formatSci } from './decimal';

export { numpyRepr } from './numpy';

export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** All elements, contiguous row-major (bools as 0/1), read back from any device. */
  values(): ArrayLike<number>;
  /**
   * Optional reader of one element by row-major flat index. When present it is used instead of
   * `values()`, so a summarized print of a huge (or strided, or device) tensor reads only the
   * few dozen elements it shows instead of copying everything.
   */
  at?(flatIndex: number): number;
  readonly deviceName: string;
  readonly gradFnName: string | null;
  readonly requiresGrad: boolean;
}

export interface PrintOptions { precision: number; threshold: number; edgeitems: number; linewidth: number; sci_mode: boolean | null }
const opts: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };

const PROFILES: Record<'default' | 'short' | 'full', Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

export function set_printoptions(o: { precision?: number; threshold?: number; edgeitems?: number; linewidth?: number;
  profile?: 'default' | 'short' | 'full'; sci_mode?: boolean | null } = {}): void {
  if (o.profile !== undefined) {
    if (!(o.profile in PROFILES)) return set_printoptions({ ...o, profile: undefined });  // PyTorch ignores unknown names
    Object.assign(opts, PROFILES[o.profile]);
  }
  if (o.precision != null) opts.precision = o.precision;
  if (o.threshold != null) opts.threshold = o.threshold;
  if (o.edgeitems != null) opts.edgeitems = o.edgeitems;
  if (o.linewidth != null) opts.linewidth = o.linewidth;
  opts.sci_mode = o.sci_mode ?? null;  // as in PyTorch, every call resets sci_mode unless given
}

export function get_printoptions(): PrintOptions { return { ...opts }; }

type Reader = (flatIndex: number) => number;

/** A sub-block of the row-major element space: its shape, first flat index and strides. */
interface Block { shape: readonly number[]; base: number; strides: readonly number[] }

const sub = (b: Block, i: number): Block => ({ shape: b.shape.slice(1), base: b.base + i * b.strides[0], strides: b.strides.slice(1) });

function range(from: number, to: number): number[] {
  const r: number[] = [];
  for (let i = from; i < to; i++) r.push(i);
  return r;
}

/**
 * Indices shown along the first dim of a block, `null` marking the ellipsis. With edgeitems = 0
 * PyTorch's `self[-0:]` is the whole dim, so a summarized vector prints ` ...` then everything.
 */
function shown(n: number, dims: number, summarize: boolean): (number | null)[] {
  const e = opts.edgeitems;
  if (!summarize || n <= 2 * e) return range(0, n);
  if (e > 0) return [...range(0, e), null, ...range(n - e, n)];
  if (dims === 1) return [null, ...range(0, n)];
  throw new RuntimeError('stack expects a non-empty TensorList');
}

/** The elements the formatter measures (PyTorch's get_summarized_data): all, or the shown ones. */
function collect(at: Reader, b: Block, summarize: boolean, out: number[]): void {
  if (b.shape.length === 0) { out.push(at(b.base)); return; }
  if (b.shape.length === 1) {
    for (const i of shown(b.shape[0], 1, summarize)) if (i !== null) out.push(at(b.base + i * b.strides[0]));
    return;
  }
  for (const i of shown(b.shape[0], b.shape.length, summarize)) if (i !== null) collect(at, sub(b, i), summarize, out);
}

/** PyTorch's _Formatter: the mode and width shared by every element of one tensor. */
class Formatter {
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  constructor(readonly dtype: DType, vals: number[]) {
    if (!dtype.is_floating_point) {
      let lo = Infinity, hi = -Infinity;
      for (const x of vals) { if (x < lo) lo = x; if (x > hi) hi = x; }
      if (vals.length) this.maxWidth = Math.max(this.plain(lo).length, this.plain(hi).length);
      return;
    }
    // Extremes of each sign: the longest rendering in any mode is one of these, since rounding is
    // monotonic and the exponent is widest at the largest or smallest magnitude.
    let posMin = Infinity, posMax = -Infinity, negMin = Infinity, negMax = -Infinity, any = false;
    for (const x of vals) {
      if (!Number.isFinite(x) || x === 0) continue;
      any = true;
      if (x !== Math.ceil(x)) this.intMode = false;
      if (x > 0) { if (x < posMin) posMin = x; if (x > posMax) posMax = x; }
      else { if (x < negMin) negMin = x; if (x > negMax) negMax = x; }
    }
    if (!any) return;  // nothing finite and nonzero: defaults, like PyTorch
    const min = Math.min(posMin, -negMax), max = Math.max(posMax, -negMin);
    const extremes = [posMin, posMax, negMin, negMax].filter(Number.isFinite);
    const p = opts.precision;
    const widest = (f: (x: number) => string) => Math.max(...extremes.map((x) => f(x).length));
    if (max / min > 1000 || max > 1e8 || (!this.intMode && min < 1e-4)) {
      this.sciMode = true;
      this.maxWidth = widest((x) => formatSci(x, p));
    } else if (this.intMode) {
      this.maxWidth = widest((x) => formatFixed(x, 0)) + 1;  // the '.' marking a float
    } else {
      this.maxWidth = widest((x) => formatFixed(x, p));
    }
    if (opts.sci_mode !== null) this.sciMode = opts.sci_mode;
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

function vectorStr(at: Reader, b: Block, indent: number, summarize: boolean, f: Formatter): string {
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / (f.maxWidth + 2)));
  const data = shown(b.shape[0], 1, summarize).map((i) => (i === null ? ' ...' : f.format(at(b.base + i * b.strides[0]))));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function blockStr(at: Reader, b: Block, indent: number, summarize: boolean, f: Formatter): string {
  const dim = b.shape.length;
  if (dim === 0) return f.format(at(b.base));
  if (dim === 1) return vectorStr(at, b, indent, summarize, f);
  const slices = shown(b.shape[0], dim, summarize).map((i) => (i === null ? '...' : blockStr(at, sub(b, i), indent + 1, summarize, f)));
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

const numelOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function readerOf(t: Pick<Printable, 'values' | 'at'>): Reader {
  if (t.at) return (i) => t.at!(i);
  const v = t.values();
  return (i) => v[i];
}

/** The bracketed body of a tensor (PyTorch's _tensor_str); `indent` is the prefix length. */
export function tensorBody(t: Pick<Printable, 'shape' | 'dtype' | 'values' | 'at'>, indent: number): string {
  if (numelOf(t.shape) === 0) return '[]';
  const at = readerOf(t);
  const summarize = numelOf(t.shape) > opts.threshold;
  const b: Block = { shape: t.shape, base: 0, strides: rowMajor(t.shape) };
  const picked: number[] = [];
  collect(at, b, summarize, picked);
  return blockStr(at, b, indent, summarize, new Formatter(t.dtype, picked));
}

/** Suffixes go on the last line while it stays within linewidth, else on a new indented line. */
function addSuffixes(s: string, suffixes: string[], indent: number): string {
  const parts = [s];
  let last = s.length - s.lastIndexOf('\n') + 1;  // PyTorch's count, which overshoots by 2
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

/** What `repr(t)` and `print(t)` show. */
export function tensorRepr(t: Printable, o: { prefix?: string } = {}): string {
  const prefix = o.prefix ?? 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.deviceName !== 'cpu') suffixes.push(`device='${t.deviceName}'`);
  const def = get_default_dtype();
  let body: string;
  if (numelOf(t.shape) === 0) {
    if (t.shape.length !== 1) suffixes.push(`size=${pyTuple(t.shape)}`);
    if (t.dtype !== def) suffixes.push(`dtype=${t.dtype}`);  // nothing to infer an int dtype from
    body = '[]';
  } else {
    if (t.dtype !== def && t.dtype !== int64 && t.dtype !== bool) suffixes.push(`dtype=${t.dtype}`);
    body = tensorBody(t, indent);
  }
  if (t.gradFnName) suffixes.push(`grad_fn=<${t.gradFnName}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}

/** `repr(nn.Parameter(...))`: a parameter always requires grad unless created with requires_grad=False. */
export function parameterRepr(t: Printable): string { return 'Parameter containing:\n' + tensorRepr(t); }
