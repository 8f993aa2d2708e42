// The Summary protos SummaryWriter logs, built as torch/utils/tensorboard/summary.py builds them:
// scalar, histogram (numpy.histogram over the given bin edges, trimmed to the occupied range),
// text and the three hparams summaries.
import { Tensor } from '../../tensor/tensor';
import { ValueError } from '../../errors';
import { messages } from './schema';

export type Values = Tensor | number | boolean | ArrayLike<number> | readonly unknown[];
export type SummaryObject = { value: Record<string, unknown>[] };

const DT_FLOAT = 1, DT_DOUBLE = 2, DT_STRING = 7;

function assertionError(message: string): Error {
  const e = new Error(message);
  e.name = 'AssertionError';
  return e;
}

/** PyTorch's make_np(...).astype(float), flattened. */
export function toFloat64(values: Values): Float64Array {
  if (values instanceof Tensor) {
    if (values.numel() === 1) return Float64Array.of(values.item());
    const flat = values.detach().cpu().reshape(-1).tolist() as (number | boolean)[];
    return Float64Array.from(flat, Number);
  }
  if (typeof values === 'number' || typeof values === 'boolean') return Float64Array.of(Number(values));
  if (ArrayBuffer.isView(values)) return Float64Array.from(values as ArrayLike<number>);
  const out: number[] = [];
  const walk = (a: unknown): void => {
    if (Array.isArray(a)) a.forEach(walk);
    else if (a instanceof Tensor) toFloat64(a).forEach((v) => out.push(v));
    else if (typeof a === 'number' || typeof a === 'boolean') out.push(Number(a));
    else throw new TypeError(`expected numbers or tensors, got ${typeof a}`);
  };
  walk(values);
  return Float64Array.from(out);
}

/** One scalar; `new_style` puts it in a float (or double) tensor for the scalars plugin. */
export function scalar(name: string, value: Tensor | number | boolean, new_style = false, double_precision = false): SummaryObject {
  const v = toFloat64(value);
  if (v.length !== 1) {
    const ndim = value instanceof Tensor ? value._shape.filter((n) => n !== 1).length : 1;
    throw assertionError(`Tensor should contain one element (0 dimensions). Was given size: ${v.length} and ${ndim} dimensions.`);
  }
  if (!new_style) return { value: [{ tag: name, simple_value: v[0] }] };
  const tensor = double_precision ? { dtype: DT_DOUBLE, double_val: [v[0]] } : { dtype: DT_FLOAT, float_val: [v[0]] };
  return { value: [{ tag: name, tensor, metadata: { plugin_data: { plugin_name: 'scalars' } } }] };
}

// ---- histograms ---------------------------------------------------------------------------------

let tfBins: Float64Array | null = null;
/** The edges SummaryWriter uses for bins='tensorflow': ±1e-12·1.1^k up to 1e20, and 0. */
export function defaultBins(): Float64Array {
  if (tfBins) return tfBins;
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  tfBins = Float64Array.from([...pos.map((v) => -v).reverse(), 0, ...pos]);
  return tfBins;
}

/** First index i in sorted `a` with a[i] >= x ('left') or a[i] > x ('right'). */
function searchSorted(a: ArrayLike<number>, x: number, side: 'left' | 'right'): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (side === 'left' ? a[mid] < x : a[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** numpy.histogram(values, bins): counts over [e_i, e_i+1), the last bin closed. */
function npHistogram(values: Float64Array, bins: number | ArrayLike<number>): { counts: number[]; limits: number[] } {
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) throw new ValueError('`bins` must be positive, when an integer');
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (lo === hi) { lo -= 0.5; hi += 0.5; }
    // numpy.linspace: i * step + start, with the last edge exactly `stop`.
    const step = (hi - lo) / bins;
    const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * step + lo));
    bins = edges;
  }
  const edges = Array.from(bins);
  for (let i = 1; i < edges.length; i++) if (!(edges[i] >= edges[i - 1])) throw new ValueError('`bins` must increase monotonically, when an array');
  const sorted = Float64Array.from(values).sort();
  const cum = edges.map((e, i) => searchSorted(sorted, e, i === edges.length - 1 ? 'right' : 'left'));
  return { counts: cum.slice(1).map((c, i) => c - cum[i]), limits: edges };
}

/** Pairwise summation (numpy's order of magnitude of rounding error). */
function pairwiseSum(a: Float64Array, lo: number, n: number): number {
  if (n <= 128) { let s = 0; for (let i = lo; i < lo + n; i++) s += a[i]; return s; }
  const h = (n >> 1) - ((n >> 1) % 8);
  return pairwiseSum(a, lo, h) + pairwiseSum(a, lo + h, n - h);
}

export interface HistogramObject {
  min: number; max: number; num: number; sum: number; sum_squares: number; bucket_limit: number[]; bucket: number[];
}

/** make_histogram: numpy's counts, subsampled to max_bins, trimmed to the occupied bins plus one empty bin on the left. */
export function makeHistogram(values: Float64Array, bins: number | ArrayLike<number>, max_bins?: number | null): HistogramObject {
  if (values.length === 0) throw new ValueError('The input has no element.');
  let { counts, limits } = npHistogram(values, bins);
  if (max_bins != null && counts.length > max_bins) {
    const sub = Math.floor(counts.length / max_bins);
    const rem = counts.length % sub;
    if (rem !== 0) counts = counts.concat(new Array(sub - rem).fill(0));
    const merged: number[] = [];
    for (let i = 0; i < counts.length; i += sub) merged.push(counts.slice(i, i + sub).reduce((a, b) => a + b, 0));
    const newLimits: number[] = [];
    for (let i = 0; i < limits.length - 1 && newLimits.length < merged.length; i += sub) newLimits.push(limits[i]);
    newLimits.push(limits[limits.length - 1]);
    counts = merged;
    limits = newLimits;
  }
  const cumPositive: number[] = [];
  counts.reduce((acc, c, i) => (cumPositive[i] = acc + (c > 0 ? 1 : 0)), 0);
  const start = searchSorted(cumPositive, 0, 'right');
  const end = searchSorted(cumPositive, cumPositive[cumPositive.length - 1] - 1, 'right') + 1;
  const bucket = start > 0 ? counts.slice(start - 1, end) : [0, ...counts.slice(0, end)];
  const bucket_limit = limits.slice(start, end + 1);
  if (!bucket.length || !bucket_limit.length) throw new ValueError('The histogram is empty, please file a bug report.');
  let min = Infinity, max = -Infinity, sq = 0;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
  const squares = values.map((v) => v * v);
  sq = pairwiseSum(squares, 0, squares.length);
  return { min, max, num: values.length, sum: pairwiseSum(values, 0, values.length), sum_squares: sq, bucket_limit, bucket };
}

/** proto3 leaves zero-valued scalar fields out of the encoding; so does PyTorch's summary. */
function dropZeros<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (Object.is(o[k], 0)) delete o[k];
  return o;
}

export function histogram(name: string, values: Values, bins: 'tensorflow' | number | ArrayLike<number>, max_bins?: number | null): SummaryObject {
  const edges = bins === 'tensorflow' ? defaultBins() : bins;
  if (typeof edges === 'string') throw new ValueError(`bins='${edges}' is not supported: use 'tensorflow', a number of bins or an array of bin edges`);
  return { value: [{ tag: name, histo: dropZeros(makeHistogram(toFloat64(values), edges, max_bins)) }] };
}

// ---- text -------------------------------------------------------------------------------------

export function text(tag: string, text_string: string): SummaryObject {
  return {
    value: [{
      tag: `${tag}/text_summary`,
      // TextPluginData(version=0) encodes to no bytes, so the content is absent.
      metadata: { plugin_data: { plugin_name: 'text' } },
      tensor: { dtype: DT_STRING, string_val: [Buffer.from(text_string, 'utf8')], tensor_shape: { dim: [{ size: 1 }] } },
    }],
  };
}

// ---- hparams ------------------------------------------------------------------------------------

export type HParamValue = number | string | boolean | Tensor | null | undefined;
const DATA_TYPE_STRING = 1, DATA_TYPE_FLOAT64 = 3, STATUS_SUCCESS = 1;

export function entriesOf<V>(d: Record<string, V> | Map<string, V>, what: string): [string, V][] {
  if (d instanceof Map) return [...d];
  if (d !== null && typeof d === 'object' && !Array.isArray(d) && !(d instanceof Tensor)) return Object.entries(d);
  throw new TypeError(what);
}

function pluginSummary(tag: string, data: Record<string, unknown>): Record<string, unknown> {
  const content = messages().HParamsPluginData.encode(data).finish();
  return { tag, metadata: { plugin_data: { plugin_name: 'hparams', content } } };
}

/**
 * The Experiment, SessionStartInfo and SessionEndInfo summaries of the HParams plugin. Numbers
 * and booleans are FLOAT64 hyperparameters (Python's bool is an int, so PyTorch logs True as 1.0),
 * strings STRING; null is skipped.
 */
export function hparams(hparam_dict: Record<string, HParamValue> | Map<string, HParamValue>, metric_dict: Record<string, unknown> | Map<string, unknown>,
  hparam_domain_discrete?: Record<string, unknown[]> | null): [SummaryObject, SummaryObject, SummaryObject] {
  const hp = entriesOf(hparam_dict, 'parameter: hparam_dict should be a dictionary, nothing logged.');
  const metrics = entriesOf(metric_dict, 'parameter: metric_dict should be a dictionary, nothing logged.');
  const discrete = new Map(entriesOf(hparam_domain_discrete ?? {}, 'parameter: hparam_domain_discrete should be a dictionary, nothing logged.'));
  const hpMap = new Map(hp);
  for (const [k, v] of discrete) {
    const ref = hpMap.get(k);
    const kind = (x: unknown) => (typeof x === 'boolean' ? 'number' : typeof x);
    if (!hpMap.has(k) || !Array.isArray(v) || !v.every((d) => kind(d) === kind(ref) && (typeof ref !== 'boolean' || typeof d === 'boolean'))) {
      throw new TypeError(`parameter: hparam_domain_discrete[${k}] should be a list of same type as hparam_dict[${k}].`);
    }
  }
  const values: Record<string, Record<string, unknown>> = {};
  const infos: Record<string, unknown>[] = [];
  for (const [k, v] of hp) {
    if (v === null || v === undefined) continue;
    const domain = discrete.get(k);
    // google.protobuf.Value comes from protobufjs's bundled descriptor, whose fields are camelCase.
    if (typeof v === 'number' || typeof v === 'boolean') {
      values[k] = { numberValue: Number(v) };
      const info: Record<string, unknown> = { name: k, type: DATA_TYPE_FLOAT64 };
      if (domain) info.domain_discrete = { values: domain.map((d) => ({ numberValue: Number(d) })) };
      infos.push(info);
    } else if (typeof v === 'string') {
      values[k] = { stringValue: v };
      const info: Record<string, unknown> = { name: k, type: DATA_TYPE_STRING };
      if (domain) info.domain_discrete = { values: domain.map((d) => ({ stringValue: d })) };
      infos.push(info);
    } else if (v instanceof Tensor) {
      values[k] = { numberValue: toFloat64(v)[0] };
      infos.push({ name: k, type: DATA_TYPE_FLOAT64 });
    } else {
      throw new ValueError('value should be one of int, float, str, bool, or torch.Tensor');
    }
  }
  const ssi = pluginSummary('_hparams_/session_start_info', { session_start_info: { hparams: values } });
  const experiment = { hparam_infos: infos, metric_infos: metrics.map(([k]) => ({ name: { tag: k } })) };
  const exp = pluginSummary('_hparams_/experiment', { experiment });
  const sei = pluginSummary('_hparams_/session_end_info', { session_end_info: { status: STATUS_SUCCESS } });
  return [{ value: [exp] }, { value: [ssi] }, { value: [sei] }];
}
