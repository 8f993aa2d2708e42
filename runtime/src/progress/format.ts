// tqdm's text layout (tqdm 4.64 `format_meter`, `format_interval`, `format_num`), with Python's
// number formats from runtime/src/python. Pure functions: the fixtures in
// test/fixtures/progress.json come from tqdm itself.
import { format } from '../python/format';
import { floatRepr } from '../python/repr';

/** tqdm.format_interval: seconds as [H:]MM:SS. */
export function format_interval(t: number): string {
  const whole = Math.trunc(t);
  const mins = Math.floor(whole / 60), s = whole - mins * 60;
  const h = Math.floor(mins / 60), m = mins - h * 60;
  const two = (v: number) => String(v).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** tqdm.format_num: '{:.3g}' when it is shorter than str(n). `isFloat` says what Python type n has. */
export function format_num(n: number, isFloat = !Number.isInteger(n)): string {
  const f = format(n, '.3g').replace('+0', '+').replace('-0', '-');
  const s = isFloat ? floatRepr(n) : String(n);
  return f.length < s.length ? f : s;
}

/**
 * Lightning's Tqdm.format_num (pytorch_lightning/callbacks/progress/tqdm_progress.py, 1.9): floats
 * and strings are padded with zeros to 5 characters ('0.8' -> '0.800') so the bar does not flicker.
 */
export function format_num_padded(n: number | string, isFloat = typeof n === 'number' && !Number.isInteger(n)): string {
  const padded = typeof n === 'string' || isFloat;
  let s = typeof n === 'string' ? n : format_num(n, isFloat);
  if (padded && !s.includes('e')) {
    if (!s.includes('.') && s.length < 5) {
      if (Number.isNaN(Number(s)) && !/^[+-]?(nan|inf(inity)?)$/i.test(s.trim())) return s;
      s += '.';
    }
    s += '0'.repeat(Math.max(0, 5 - s.length));
  }
  return s;
}

/** A postfix value as tqdm's set_postfix shows it: numbers through `formatNum`, strings as they are. */
export type PostfixValue = string | number | { value: number; float: boolean };

/** tqdm.set_postfix's string: `key=value` pairs joined by ', ' (values stripped). */
export function postfixString(items: Record<string, PostfixValue>, formatNum: (n: number, isFloat: boolean) => string = format_num_padded): string {
  return Object.entries(items).map(([k, v]) => {
    const s = typeof v === 'string' ? v : typeof v === 'number' ? formatNum(v, !Number.isInteger(v)) : formatNum(v.value, v.float);
    return `${k}=${s.trim()}`;
  }).join(', ');
}

const UTF = ' ▏▎▍▌▋▊▉█';

/** tqdm's Bar: `width` cells of eighth blocks for `frac`. */
export function bar(frac: number, width = 10): string {
  frac = Math.max(0, Math.min(1, frac));
  const nsyms = UTF.length - 1;
  const cells = Math.trunc(frac * width * nsyms);
  const full = Math.floor(cells / nsyms), part = cells % nsyms;
  let res = UTF[nsyms].repeat(full);
  if (full < width) res += UTF[part] + ' '.repeat(width - full - 1);
  return res;
}

export interface MeterOpts {
  /** The description (tqdm's `desc`/`prefix`). */
  prefix?: string;
  /** The set_postfix string, without the leading ', '. */
  postfix?: string;
  /** Total width; the bar takes what is left (tqdm's ncols). Without it the bar is 10 cells wide. */
  ncols?: number;
  unit?: string;
  /** Iterations per second; by default the average since the start. */
  rate?: number;
  initial?: number;
}

export interface Meter { text: string; left: string; right: string; frac: number | null }

/**
 * tqdm.format_meter with the default bar_format ('{l_bar}{bar}{r_bar}'), ascii=False and
 * unit_scale=False. `left`/`right` are the parts either side of the bar, as tqdm.notebook shows them.
 */
export function format_meter(n: number, total: number | null | undefined, elapsed: number, o: MeterOpts = {}): Meter {
  const unit = o.unit ?? 'it';
  if (total && n >= total + 0.5) total = null;
  const elapsedStr = format_interval(elapsed);
  let rate = o.rate;
  if (rate === undefined && elapsed) rate = (n - (o.initial ?? 0)) / elapsed;
  const invRate = rate ? 1 / rate : null;
  const rateNoinv = (rate ? format(rate, '5.2f') : '?') + `${unit}/s`;
  const rateInv = (invRate ? format(invRate, '5.2f') : '?') + `s/${unit}`;
  const rateFmt = invRate && invRate > 1 ? rateInv : rateNoinv;
  const nFmt = String(n), totalFmt = total === null || total === undefined ? '?' : String(total);
  const postfix = o.postfix ? `, ${o.postfix}` : '';
  const remaining = rate && total ? (total - n) / rate : 0;
  const remainingStr = rate ? format_interval(remaining) : '?';
  const prefix = o.prefix ?? '';
  let lBar = prefix ? (prefix.endsWith(': ') ? prefix : `${prefix}: `) : '';
  const rBar = `| ${nFmt}/${totalFmt} [${elapsedStr}<${remainingStr}, ${rateFmt}${postfix}]`;
  if (!total) {
    const text = `${prefix ? `${prefix}: ` : ''}${nFmt}${unit} [${elapsedStr}, ${rateFmt}${postfix}]`;
    return { text, left: lBar, right: rBar.slice(1), frac: null };
  }
  const frac = n / total;
  lBar += `${format(frac * 100, '3.0f')}%|`;
  if (o.ncols === 0) return { text: lBar.slice(0, -1) + rBar.slice(1), left: lBar.slice(0, -1), right: rBar.slice(1), frac };
  const width = o.ncols ? Math.max(1, o.ncols - (lBar.length + rBar.length)) : 10;
  let text = lBar + bar(frac, width) + rBar;
  if (o.ncols) text = text.slice(0, o.ncols);
  return { text, left: lBar.slice(0, -1), right: rBar.slice(1), frac };
}

