// NumPy's array repr (numpy/core/arrayprint.py, default options: precision 8 'maxprec', linewidth
// 75, threshold 1000, edgeitems 3) for what `.numpy()` returns.
import { DType, bool, float32 } from '../tensor/dtype';
import { formatFixed, formatSci } from './decimal';

const LINEWIDTH = 75, THRESHOLD = 1000, EDGEITEMS = 3, PRECISION = 8;
/** dtypes NumPy leaves out of the repr on 64-bit Linux. */
const IMPLIED = new Set(['float64', 'int64', 'bool']);

/** Significant digits of the shortest decimal that reads back as x in its dtype, and x's exponent. */
function shortest(x: number, dtype: DType): { digits: number; exp: number } {
  let s = x.toExponential();
  if (dtype === float32) {
    for (let p = 0; p < 9; p++) {
      const t = x.toExponential(p);
      if (Math.fround(Number(t)) === x) { s = t; break; }
    }
  }
  const [m, e] = s.split('e');
  return { digits: m.replace(/[-.]/g, '').length, exp: Number(e) };
}

/** NumPy's FloatingFormat: one shared layout (scientific or positional, padding) per array. */
function floatFormatter(vals: number[], dtype: DType): (x: number) => string {
  const finite = vals.filter(Number.isFinite);
  let min = Infinity, max = 0;
  for (const x of finite) if (x !== 0) { min = Math.min(min, Math.abs(x)); max = Math.max(max, Math.abs(x)); }
  const expFormat = min !== Infinity && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
  let padLeft = 0, padRight = 0;
  let fmt: (x: number) => string;
  if (finite.length === 0) {
    fmt = () => '';
  } else if (expFormat) {
    // Unique digits capped at `precision` decimals; then every element gets the widest count,
    // the extra digits being the value's own (NumPy's min_digits), not zeros.
    let prec = 0, expDigits = 2;
    for (const x of finite) {
      const f = Math.min(PRECISION, x === 0 ? 0 : shortest(x, dtype).digits - 1);
      prec = Math.max(prec, f);
    }
    const parts = (x: number) => {
      const [m, e] = formatSci(x, prec).split('e');
      return { mant: prec === 0 ? `${m}.` : m, sign: e[0], exp: e.slice(1) };
    };
    for (const x of finite) {
      const { mant, exp } = parts(x);
      expDigits = Math.max(expDigits, exp.length);
      padLeft = Math.max(padLeft, mant.indexOf('.'));
    }
    padRight = expDigits + 2 + prec;
    fmt = (x) => {
      const { mant, sign, exp } = parts(x);
      return ' '.repeat(padLeft - mant.indexOf('.')) + `${mant}e${sign}${exp.padStart(expDigits, '0')}`;
    };
  } else {
    const positional = (x: number) => {
      const frac = x === 0 ? 0 : Math.max(0, shortest(x, dtype).digits - 1 - shortest(x, dtype).exp);
      const s = formatFixed(x, Math.min(frac, PRECISION));
      return frac > PRECISION ? s.replace(/0+$/, '') : s.includes('.') ? s : `${s}.`;
    };
    for (const x of finite) {
      const s = positional(x), dot = s.indexOf('.');
      padLeft = Math.max(padLeft, dot);
      padRight = Math.max(padRight, s.length - dot - 1);
    }
    fmt = (x) => {
      const s = positional(x), dot = s.indexOf('.');
      return ' '.repeat(padLeft - dot) + s + ' '.repeat(padRight - (s.length - dot - 1));
    };
  }
  if (finite.length !== vals.length) {
    const negInf = vals.some((x) => x === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  }
  const width = padLeft + padRight + 1;
  return (x) => {
    if (Number.isFinite(x)) return fmt(x);
    const s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    return ' '.repeat(Math.max(0, width - s.length)) + s;
  };
}

function elementFormatter(vals: number[], dtype: DType, zeroDim: boolean): (x: number) => string {
  if (dtype === bool) {
    const t = zeroDim ? 'True' : ' True';  // aligns with 'False'
    return (x) => (x ? t : 'False');
  }
  if (dtype.is_floating_point) return floatFormatter(vals, dtype);
  let lo = Infinity, hi = -Infinity;
  for (const x of vals) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  const w = vals.length ? Math.max(String(lo).length, String(hi).length) : 0;
  return (x) => String(x).padStart(w, ' ');
}

export function numpyRepr(a: { data: ArrayLike<number>; shape: readonly number[]; dtype: DType }): string {
  const { data, shape, dtype } = a;
  const size = shape.reduce((x, y) => x * y, 1);
  const skipDtype = IMPLIED.has(dtype.name) && size > 0;
  const suffix = skipDtype ? ')' : ',';
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((x, y) => x * y, 1));
  const summary = size > THRESHOLD;
  const shown = (n: number) => (summary && n > 2 * EDGEITEMS
    ? [...Array.from({ length: EDGEITEMS }, (_, i) => i), ...Array.from({ length: EDGEITEMS }, (_, i) => n - EDGEITEMS + i)]
    : Array.from({ length: n }, (_, i) => i));

  let body: string;
  if (size === 0) {
    body = shape.length === 1 ? '[]' : `[], shape=(${shape.join(', ')})`;  // NumPy shows the shape unless (0,)
  } else {
    const picked: number[] = [];
    const pick = (dim: number, off: number): void => {
      if (dim === shape.length) { picked.push(data[off]); return; }
      for (const i of shown(shape[dim])) pick(dim + 1, off + i * strides[dim]);
    };
    pick(0, 0);
    const format = elementFormatter(picked, dtype, shape.length === 0);
    const prefix = ' '.repeat('array('.length + 1);
    const extend = (s: string, line: string, word: string, width: number, hang: string): [string, string] => {
      if (line.length + word.length > width && line.length > hang.length) { s += line.trimEnd() + '\n'; line = hang; }
      return [s, line + word];
    };
    // NumPy's _formatArray: rows wrap at the width left after the closing brackets.
    const rec = (dim: number, off: number, hang: string, width: number): string => {
      if (dim === shape.length) return format(data[off]);
      const n = shape[dim], idx = shown(n);
      const withSummary = summary && n > 2 * EDGEITEMS;
      const words = idx.map((i) => () => rec(dim + 1, off + i * strides[dim], hang + ' ', width - 1));
      const items: (string | (() => string))[] = withSummary ? [...words.slice(0, EDGEITEMS), '...', ...words.slice(EDGEITEMS)] : words;
      let s = '';
      if (dim === shape.length - 1) {
        let line = hang;
        items.forEach((w, k) => {
          [s, line] = extend(s, line, typeof w === 'string' ? w : w(), width - 1, hang);
          if (k < items.length - 1) line += ', ';
        });
        s += line;
      } else {
        const sep = ',' + '\n'.repeat(shape.length - dim - 1);
        s = items.map((w) => hang + (typeof w === 'string' ? w : w())).join(sep);
      }
      return '[' + s.slice(hang.length) + ']';
    };
    body = rec(0, 0, prefix, LINEWIDTH - suffix.length);
  }
  const arr = `array(${body}${suffix}`;
  if (skipDtype) return arr;
  const dtypeStr = `dtype=${dtype.name})`;
  const lastLine = arr.length - (arr.lastIndexOf('\n') + 1);
  return arr + (lastLine + dtypeStr.length + 1 > LINEWIDTH ? '\n' + ' '.repeat('array('.length) : ' ') + dtypeStr;
}
