// Python's float formatting ('{:.4f}', '{:.4e}', '{:.0f}') for JS numbers: exact decimal
// expansion of the double and round-half-even, which is what CPython does and toFixed does not.

const view = new DataView(new ArrayBuffer(8));

/** |x| = digits * 10^exp10 exactly, for finite x (digits without leading zeros; '0' for zero). */
function exact(x: number): { digits: string; exp10: number } {
  x = Math.abs(x);
  if (x === 0) return { digits: '0', exp10: 0 };
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074; else { mant |= 1n << 52n; e = bexp - 1075; }
  if (e >= 0) return { digits: (mant << BigInt(e)).toString(), exp10: 0 };
  return { digits: (mant * 5n ** BigInt(-e)).toString(), exp10: e };
}

/** Drop the last k digits of a digit string, rounding half to even. */
function roundOff(digits: string, k: number): string {
  if (k <= 0) return digits + '0'.repeat(-k);
  if (k > digits.length) return '0';
  const keep = digits.slice(0, digits.length - k) || '0';
  const rest = digits.slice(digits.length - k);
  const half = '5' + '0'.repeat(k - 1);
  const up = rest > half || (rest === half && Number(keep[keep.length - 1]) % 2 === 1);
  return up ? (BigInt(keep) + 1n).toString() : keep;
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

// JS's toFixed/toExponential round the exact binary value too, but ties away from zero where
// Python rounds ties to even: exact ties take the BigInt path below.

/**
 * Whether |x|·10^k lies exactly halfway between integers. Then 2·|x|·10^k is an odd integer, which
 * one correctly rounded multiply or divide by an exact power of ten reproduces exactly.
 */
function maybeTie(ax: number, k: number): boolean {
  if (k > 22 || k < -22) return true;  // the power is inexact: let the exact path decide
  const twice = k >= 0 ? ax * 2 * 10 ** k : (ax * 2) / 10 ** -k;
  return Number.isInteger(twice) && (twice >= 2 ** 53 || twice % 2 === 1);
}

/** '{:.{p}f}'.format(x) */
export function formatFixed(x: number, p: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const ax = Math.abs(x);
  if (ax < 1e21 && !maybeTie(ax, p)) {
    return (x < 0 || Object.is(x, -0) ? '-' : '') + ax.toFixed(p);
  }
  const { digits, exp10 } = exact(x);
  const n = roundOff(digits, -(exp10 + p)).padStart(p + 1, '0');
  const body = p > 0 ? `${n.slice(0, n.length - p)}.${n.slice(n.length - p)}` : n;
  return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
}

/** '{:.{p}e}'.format(x) */
export function formatSci(x: number, p: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}${(0).toFixed(p)}e+00`;
  const ax = Math.abs(x);
  if (p <= 100) {
    const [mant, e] = ax.toExponential(p).split('e');
    const e10 = Number(e);  // of the rounded value: the exact one may be one less after a carry
    if (!maybeTie(ax, p - e10) && !maybeTie(ax, p - e10 + 1)) {
      return `${sign}${mant}e${e[0]}${e.slice(1).padStart(2, '0')}`;
    }
  }
  const { digits, exp10 } = exact(x);
  let m = roundOff(digits, digits.length - (p + 1));
  let e = exp10 + digits.length - 1;
  if (m.length > p + 1) { m = m.slice(0, p + 1); e += 1; }
  const mant = p > 0 ? `${m[0]}.${m.slice(1)}` : m;
  const ee = Math.abs(e).toString().padStart(2, '0');
  return `${sign}${mant}e${e < 0 ? '-' : '+'}${ee}`;
}
