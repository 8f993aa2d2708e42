// Axis limits and ticks as matplotlib computes them: autoscaling with 5% margins (`axes.xmargin`,
// in log space on log axes), MaxNLocator's "nice" steps sized to the axis length, ScalarFormatter's
// decimals, LogLocator's decades with minor ticks at 2..9, and LogFormatterSciNotation's labels
// (decades only beyond one decade; 2, 3, 4, 6 between them below one; every multiple below 0.4).
import { formatFixed } from '../display/decimal';

export type Scale = 'linear' | 'log';

/** A tick label; `exp` makes it `[coeff×]10^exp` (drawn with a superscript). */
export interface TickLabel { text: string; coeff?: string; exp?: number }
export interface Tick { value: number; label: TickLabel | null }

const MINUS = '\u2212';
export const fixMinus = (s: string) => s.replace(/-/g, MINUS);

/** mtransforms.nonsingular(v0, v1, expander=0.05): widen an empty interval. */
export function nonsingular(v0: number, v1: number, expander = 0.05): [number, number] {
  if (!Number.isFinite(v0) || !Number.isFinite(v1)) return [-expander, expander];
  if (v1 < v0) [v0, v1] = [v1, v0];
  const maxabs = Math.max(Math.abs(v0), Math.abs(v1));
  if (maxabs < (1e6 / 1e-15) * 2.2250738585072014e-308) return [-expander, expander];
  if (v1 - v0 <= maxabs * 1e-15) {
    if (v0 === 0 && v1 === 0) return [-expander, expander];
    return [v0 - expander * Math.abs(v0), v1 + expander * Math.abs(v1)];
  }
  return [v0, v1];
}

/** The view interval for data limits [lo, hi]: nonsingular, then `margin` of the span on each side. */
export function autoscale(lo: number, hi: number, scale: Scale, margin = 0.05): [number, number] {
  if (scale === 'log') {
    if (!(lo > 0 && hi > 0)) return [1, 10];
    let a = Math.log10(lo), b = Math.log10(hi);
    if (a === b) { a = Math.floor(a) === a ? a - 1 : Math.floor(a); b = Math.ceil(b) === b ? b + 1 : Math.ceil(b); }
    const d = (b - a) * margin;
    return [10 ** (a - d), 10 ** (b + d)];
  }
  const [a, b] = nonsingular(lo, hi);
  const d = (b - a) * margin;
  return [a - d, b + d];
}

/** Axis.get_tick_space(): how many labels fit along the axis (its length over 3 (x) or 2 (y) font sizes). */
export function tickSpace(lengthPx: number, fontPx: number, vertical: boolean): number {
  return Math.floor(lengthPx / (fontPx * (vertical ? 2 : 3)));
}

/** MaxNLocator(nbins='auto', steps=[1, 2, 2.5, 5, 10]).tick_values, including ticks just outside. */
export function linearTicks(vmin: number, vmax: number, space: number): number[] {
  if (vmax < vmin) [vmin, vmax] = [vmax, vmin];
  const nbins = Math.min(Math.max(space, 1), 9);
  const dv = Math.abs(vmax - vmin), meanv = (vmax + vmin) / 2;
  const offset = Math.abs(meanv) / dv < 100 ? 0 : Math.sign(meanv) * 10 ** Math.floor(Math.log10(Math.abs(meanv)));
  const scale = 10 ** Math.floor(Math.log10(dv / nbins));
  const v0 = vmin - offset, v1 = vmax - offset;
  const steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20].map((s) => s * scale);
  const raw = (v1 - v0) / nbins;
  const istep = steps.findIndex((s) => s >= raw);
  let ticks: number[] = [];
  for (let i = istep; i >= 0; i--) {
    const step = steps[i];
    const best = Math.floor(v0 / step) * step;
    const divmod = (x: number) => { const d = Math.floor(x / step); return [d, x - d * step] as const; };
    // _Edge_integer: more slop when the offset is large compared to the step.
    const tol = offset ? Math.min(0.4999, Math.max(1e-10, 10 ** (Math.log10(Math.abs(offset) / step) - 12))) : 1e-10;
    const close = (ms: number, edge: number) => Math.abs(ms - edge) < tol;
    const [dl, ml] = divmod(v0 - best);
    const low = close(ml / step, 1) ? dl + 1 : dl;
    const [dh, mh] = divmod(v1 - best);
    const high = close(mh / step, 0) ? dh : dh + 1;
    ticks = [];
    for (let k = low; k <= high; k++) ticks.push(k * step + best + offset);
    if (ticks.filter((t) => t - offset <= v1 && t - offset >= v0).length >= 2) break;
  }
  return ticks;
}

/** ScalarFormatter: one fixed number of decimals for all ticks in view, enough to tell them apart. */
export function linearLabels(values: number[], view: [number, number]): string[] {
  const locs = values.length < 2 ? [...values, ...view] : values;
  let range = Math.max(...locs) - Math.min(...locs);
  if (range === 0) range = Math.max(...locs.map(Math.abs));
  if (range === 0) range = 1;
  const oom = Math.floor(Math.log10(range));
  let sig = Math.max(0, 3 - oom);
  const thresh = 1e-3 * 10 ** oom;
  const shown = values.length < 2 ? values : locs;
  while (sig >= 0) {
    if (Math.max(...shown.map((v) => Math.abs(v - Number(v.toFixed(sig)))), 0) < thresh) sig--;
    else break;
  }
  sig += 1;
  return values.map((v) => fixMinus(percentF(v, sig)));
}

/** '%1.{d}f' % v, with '-0' shown as '0' as matplotlib's ScalarFormatter does. */
function percentF(v: number, d: number): string {
  const s = formatFixed(v, d);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

const isCloseToInt = (x: number) => Math.abs(x - Math.round(x)) < 1e-10;
/** log base 10 as matplotlib's locators take it, ln(x) / ln(10): 1e-8 comes out a hair above -8. */
const log10 = (x: number) => Math.log(x) / Math.LN10;

/** LogLocator(base=10, subs) for an axis with room for `space` labels. */
function logLocator(vmin: number, vmax: number, space: number, minor: boolean): number[] {
  const numticks = Math.min(Math.max(space, 2), 9);
  const lo = log10(vmin), hi = log10(vmax);
  const numdec = Math.floor(hi) - Math.ceil(lo);
  let subs: number[];
  if (minor) {
    if (numdec > 10) return [];
    subs = [2, 3, 4, 5, 6, 7, 8, 9];
  } else subs = [1];
  let stride = Math.floor((numdec + 1) / numticks) + 1;
  if (stride >= numdec) stride = Math.max(1, numdec - 1);
  const decades: number[] = [];
  for (let d = Math.floor(lo) - stride; d < Math.ceil(hi) + 2 * stride; d += stride) decades.push(d);
  let locs: number[];
  if (minor) locs = stride === 1 ? decades.flatMap((d) => subs.map((s) => s * 10 ** d)) : [];
  else locs = decades.map((d) => 10 ** d);
  if (minor && stride === 1 && locs.filter((t) => vmin <= t && t <= vmax).length <= 1) {
    return linearTicks(vmin, vmax, 9);  // matplotlib falls back to AutoLocator
  }
  return locs;
}

/** LogFormatterSciNotation's label for x, given which coefficients are labelled (null: all). */
function logLabel(x: number, sublabels: Set<number> | null, onlyBase: boolean): TickLabel | null {
  const fx = log10(x);
  const decade = isCloseToInt(fx);
  const exponent = decade ? Math.round(fx) : Math.floor(fx);
  const coeffRounded = Math.round(10 ** (fx - exponent));
  if (onlyBase && !decade) return null;
  if (sublabels && !sublabels.has(coeffRounded)) return null;
  if (decade) return { text: `10^${exponent}`, exp: exponent };
  let c = 10 ** (fx - exponent);
  if (isCloseToInt(c)) c = Math.round(c);
  const coeff = String(Number(c.toPrecision(6)));
  return { text: `${coeff}×10^${exponent}`, coeff, exp: exponent };
}

export interface AxisTicks { major: Tick[]; minor: Tick[] }

/** Major and minor ticks in view, labelled, for a linear or log axis of the given length. */
export function axisTicks(view: [number, number], scale: Scale, lengthPx: number, fontPx: number, vertical: boolean): AxisTicks {
  const [vmin, vmax] = view[0] <= view[1] ? view : [view[1], view[0]];
  const space = tickSpace(lengthPx, fontPx, vertical);
  const inView = (v: number) => v >= vmin - (vmax - vmin) * 1e-10 && v <= vmax + (vmax - vmin) * 1e-10;
  if (scale === 'linear') {
    const values = linearTicks(vmin, vmax, space).filter(inView);
    const labels = linearLabels(values, [vmin, vmax]);
    return { major: values.map((value, i) => ({ value, label: { text: labels[i] } })), minor: [] };
  }
  const numdec = Math.abs(log10(vmax) - log10(vmin));
  const sublabels = numdec > 1 ? new Set([1]) : numdec > 0.4 ? new Set([1, 2, 3, 4, 6, 10]) : null;
  const major = logLocator(vmin, vmax, space, false).filter(inView);
  const minorValues = logLocator(vmin, vmax, space, true).filter((v) => inView(v) && !major.some((m) => Math.abs(m - v) <= 1e-9 * m));
  return {
    major: major.map((value) => ({ value, label: logLabel(value, new Set([1]), true) })),
    minor: minorValues.map((value) => ({ value, label: logLabel(value, sublabels ?? new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), false) })),
  };
}
