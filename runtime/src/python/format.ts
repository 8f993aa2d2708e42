// Python's format(value, spec): the format-spec mini-language of f-strings and str.format,
// [[fill]align][sign][z][#][0][width][grouping][.precision][type], for ints, floats, strings,
// booleans, None and 0-d tensors (PyTorch's Tensor.__format__ formats their item()).
import { formatFixed, formatSci } from '../display/decimal';
import { ValueError } from '../errors';
import { floatRepr, str } from './repr';

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([A-Za-z%])?$/su;

interface Spec { fill: string; align?: string; sign: string; z: boolean; alt: boolean; zero: boolean; width: number; group: string; precision?: number; type: string }

function parse(spec: string, what: string): Spec {
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}' for object of type '${what}'`);
  if (m[10] && !'bcdeEfFgGnosxX%'.includes(m[10])) throw new ValueError(`Unknown format code '${m[10]}' for object of type '${what}'`);
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '), align: m[2] ?? (m[6] ? '=' : undefined), sign: m[3] ?? '', z: !!m[4], alt: !!m[5],
    zero: !!m[6], width: m[7] ? Number(m[7]) : 0, group: m[8] ?? '', precision: m[9] !== undefined ? Number(m[9]) : undefined, type: m[10] ?? '',
  };
}

function group(intPart: string, sep: string, every = 3): string {
  if (!sep) return intPart;
  let out = '';
  for (let i = intPart.length; i > 0; i -= every) out = intPart.slice(Math.max(0, i - every), i) + (out ? sep + out : '');
  return out;
}

/** Sign, then the padded body, as Python's align/fill/'=' rules place them. */
function pad(sign: string, body: string, s: Spec, defaultAlign: string): string {
  const align = s.align ?? defaultAlign;
  const n = Math.max(0, s.width - [...sign].length - [...body].length);
  const fill = s.fill.repeat(n);
  switch (align) {
    case '<': return sign + body + fill;
    case '^': { const l = Math.floor(n / 2); return s.fill.repeat(l) + sign + body + s.fill.repeat(n - l); }
    case '=': return sign + fill + body;
    default: return fill + sign + body;
  }
}

/** Zero padding with grouping separators ('0' flag with ',' or '_') spreads the separators into the zeros. */
function numeric(neg: boolean, digits: string, rest: string, s: Spec): string {
  const sign = neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
  let intPart = group(digits, s.group, s.type === 'b' || s.type === 'o' || s.type === 'x' || s.type === 'X' ? 4 : 3);
  if (s.zero && s.fill === '0' && (s.align ?? '=') === '=' && s.group) {
    while ([...sign].length + intPart.length + rest.length < s.width) {
      const raw = intPart.split(s.group).join('');
      const next = group('0' + raw, s.group);
      if ([...sign].length + next.length + rest.length > s.width && next.length > intPart.length + 1) { intPart = '0' + intPart; break; }
      intPart = next;
    }
  }
  return pad(sign, intPart + rest, s, '>');
}

function formatInt(v: number | bigint, s: Spec): string {
  if (s.precision !== undefined) throw new ValueError('Precision not allowed in integer format specifier');
  const neg = v < 0;
  const a = neg ? -BigInt(v) : BigInt(v);
  let digits: string, prefix = '';
  switch (s.type) {
    case 'b': digits = a.toString(2); prefix = s.alt ? '0b' : ''; break;
    case 'o': digits = a.toString(8); prefix = s.alt ? '0o' : ''; break;
    case 'x': digits = a.toString(16); prefix = s.alt ? '0x' : ''; break;
    case 'X': digits = a.toString(16).toUpperCase(); prefix = s.alt ? '0X' : ''; break;
    case 'c': return pad('', String.fromCodePoint(Number(a)), s, '<');
    default: digits = a.toString();
  }
  if (prefix) return pad((neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '') + prefix, group(digits, s.group), s, '>');
  return numeric(neg, digits, '', s);
}

/** '{:.{p}g}' digits: fixed or scientific by the exponent after rounding to p significant digits. */
function general(a: number, p: number, alt: boolean, upper: boolean, reprLike: boolean): string {
  if (p === 0) p = 1;
  if (a === 0) return alt ? (0).toFixed(p - 1) : reprLike ? '0.0' : '0';
  const exp = Number(formatSci(a, p - 1).split('e')[1]);
  let out: string;
  // With no type and a precision, Python keeps a '.0' and goes scientific one digit earlier.
  if (exp >= -4 && exp < (reprLike ? p - 1 : p)) {
    out = formatFixed(a, p - 1 - exp);
    if (!alt && out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, reprLike ? '.0' : '');
    else if (reprLike && !out.includes('.')) out += '.0';
  } else {
    const [m, e] = formatSci(a, p - 1).split('e');
    out = (alt ? m : m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m) + 'e' + e;
  }
  return upper ? out.toUpperCase() : out;
}

function formatFloat(v: number, s: Spec): string {
  let neg = v < 0 || Object.is(v, -0);
  let a = Math.abs(v);
  const t = s.type;
  let body: string;
  if (Number.isNaN(v)) { body = 'nan'; neg = false; }
  else if (!Number.isFinite(v)) body = 'inf';
  else if (t === 'f' || t === 'F') body = formatFixed(a, s.precision ?? 6);
  else if (t === 'e' || t === 'E') body = formatSci(a, s.precision ?? 6);
  else if (t === '%') { a *= 100; body = formatFixed(a, s.precision ?? 6) + '%'; }
  else if (t === 'g' || t === 'G' || t === 'n') body = general(a, s.precision ?? 6, s.alt, false, false);
  else body = s.precision === undefined ? floatRepr(a) : general(a, s.precision, s.alt, false, true);
  if ((t === 'f' || t === 'F' || t === '%') && s.alt && !body.includes('.')) body = body.replace(/^(\d+)/, '$1.');
  if (t === 'E' || t === 'F' || t === 'G') body = body.toUpperCase();
  if (s.z && neg && /^[0.e+\-%]*$/i.test(body.replace(/e[+-]\d+$/i, ''))) neg = false;
  const m = /^(\d*)(.*)$/s.exec(body)!;
  return m[1] ? numeric(neg, m[1], m[2], s) : pad(neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '', body, s, '>');
}

interface Scalar { item(): number | boolean; dim(): number; dtype: { is_floating_point: boolean } }
const isTensor = (x: unknown): x is Scalar =>
  x !== null && typeof x === 'object' && typeof (x as Scalar).item === 'function' && typeof (x as Scalar).dim === 'function' && 'dtype' in (x as object);

/**
 * Python's format(value, spec), e.g. format(loss, '.3f') for f'{loss:.3f}'. Integral numbers
 * format as ints unless the spec asks for a float type (or a precision), as Python's int.__format__
 * does with float types.
 */
export function format(value: unknown, spec = ''): string {
  if (isTensor(value)) {
    if (value.dim() !== 0) {
      if (spec) throw new TypeError('unsupported format string passed to Tensor.__format__');
      return str(value);
    }
    const v = value.item();
    return value.dtype.is_floating_point ? formatFloat(Number(v), parse(spec, 'float')) : format(v, spec);
  }
  if (typeof value === 'boolean') return spec === '' ? str(value) : format(value ? 1 : 0, spec);
  if (typeof value === 'bigint') return formatInt(value, parse(spec, 'int'));
  if (typeof value === 'number') {
    const asInt = Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) < 1e16;
    const s = parse(spec, asInt ? 'int' : 'float');
    if (asInt && 'bcdoxXn'.includes(s.type) && s.type !== '') return formatInt(value, s);
    // A precision without a type is a float spec ('.3'): an int would refuse it, a float is meant.
    if (asInt && s.type === '' && s.precision === undefined) return formatInt(value, s);
    if ('bcdoxX'.includes(s.type) && s.type !== '') throw new ValueError(`Unknown format code '${s.type}' for object of type 'float'`);
    return formatFloat(value, s);
  }
  if (typeof value === 'string') {
    const s = parse(spec, 'str');
    if (s.type && s.type !== 's') throw new ValueError(`Unknown format code '${s.type}' for object of type 'str'`);
    if (s.align === '=') throw new ValueError("'=' alignment not allowed in string format specifier");
    if (s.sign) throw new ValueError('Sign not allowed in string format specifier');
    return pad('', s.precision !== undefined ? [...value].slice(0, s.precision).join('') : value, s, '<');
  }
  if (spec) throw new TypeError(`unsupported format string passed to ${value === null || value === undefined ? 'NoneType' : (value as object).constructor?.name ?? 'object'}.__format__`);
  return str(value);
}
