// torch.Generator and the CPU distributions, reproducing PyTorch's streams: the same seed gives
// the same numbers as torch.rand / randn / randint / randperm / uniform_ / normal_ / bernoulli_.
import type { TypedArray } from '../tensor/dtype';
import { MT19937 } from './mt19937';

const TWO_POW_32 = 4294967296;
const TWO_PI = 2 * Math.PI;
/** PyTorch's vectorized float path multiplies by 2*pi rounded to float32. */
const TWO_PI_F32 = Math.fround(2 * Math.PI);
const f = Math.fround;

export class Generator {
  private mt = new MT19937();
  private _initial: bigint = 67280421310721n;
  /** The second Box-Muller value PyTorch keeps for the scalar normal path. */
  nextDoubleNormal: number | null = null;
  readonly device = 'cpu';

  constructor() { this.manual_seed(67280421310721n); }

  manual_seed(seed: number | bigint): this {
    const s = BigInt.asUintN(64, BigInt(seed));
    this._initial = s;
    this.mt.seed(Number(s & 0xffffffffn));
    this.nextDoubleNormal = null;
    return this;
  }
  initial_seed(): bigint { return this._initial; }
  /** Reseed from a non-deterministic source and return the seed. */
  seed(): bigint {
    const hi = Math.floor(Math.random() * TWO_POW_32), lo = Math.floor(Math.random() * TWO_POW_32);
    const s = (BigInt(hi) << 32n) | BigInt(lo);
    this.manual_seed(s);
    return s;
  }
  get_state(): { state: Uint32Array; index: number; nextDoubleNormal: number | null; initial: bigint } {
    return { state: this.mt.state.slice(), index: this.mt.index, nextDoubleNormal: this.nextDoubleNormal, initial: this._initial };
  }
  set_state(s: ReturnType<Generator['get_state']>): this {
    this.mt.state.set(s.state);
    this.mt.index = s.index;
    this.nextDoubleNormal = s.nextDoubleNormal;
    this._initial = s.initial;
    return this;
  }

  /** A uint32 draw. */
  random(): number { return this.mt.next(); }
  /** A uint64 draw as [high, low] words (the first uint32 is the high word). */
  random64(): [number, number] { const hi = this.mt.next(); return [hi, this.mt.next()]; }
  /** Uniform float32 in [0, 1) from 24 bits of one draw. */
  uniformFloat(): number { return (this.mt.next() & 0xffffff) * 5.9604644775390625e-8; }
  /** Uniform float64 in [0, 1) from 53 bits of a 64-bit draw. */
  uniformDouble(): number {
    const [hi, lo] = this.random64();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) * 1.1102230246251565e-16;
  }
  /** One sample of PyTorch's scalar normal_distribution<double> (Box-Muller, caching the sine half). */
  normalDouble(): number {
    if (this.nextDoubleNormal !== null) { const v = this.nextDoubleNormal; this.nextDoubleNormal = null; return v; }
    const u1 = this.uniformDouble(), u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = TWO_PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

export const default_generator = new Generator();
export function manual_seed(seed: number | bigint): Generator { return default_generator.manual_seed(seed); }
export function initial_seed(): bigint { return default_generator.initial_seed(); }
export function seed(): bigint { return default_generator.seed(); }

const isF32 = (a: TypedArray) => a instanceof Float32Array;

/** tensor.uniform_(from, to) */
export function uniform_(out: TypedArray, from: number, to: number, gen: Generator): void {
  if (isF32(out)) {
    const lo = f(from), range = f(f(to) - lo);
    for (let i = 0; i < out.length; i++) out[i] = gen.uniformFloat() * range + lo;
  } else {
    const range = to - from;
    for (let i = 0; i < out.length; i++) out[i] = gen.uniformDouble() * range + from;
  }
}

/**
 * Box-Muller over blocks of 16 (PyTorch's normal_fill for >= 16 contiguous elements). PyTorch's
 * float32 build evaluates log/sin/cos with SIMD approximations accurate to about 1 ulp, so a few
 * values per hundred differ from these correctly rounded ones in the last bits.
 */
function fill16(d: TypedArray, o: number, mean: number, std: number, single: boolean): void {
  for (let j = 0; j < 8; j++) {
    if (single) {
      const u1 = f(1 - d[o + j]), u2 = d[o + j + 8];
      const radius = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
      const theta = f(TWO_PI_F32 * u2);
      d[o + j] = f(f(radius * f(Math.cos(theta))) * std) + mean;
      d[o + j + 8] = f(f(radius * f(Math.sin(theta))) * std) + mean;
    } else {
      const u1 = 1 - d[o + j], u2 = d[o + j + 8];
      const radius = Math.sqrt(-2 * Math.log(u1));
      const theta = TWO_PI * u2;
      d[o + j] = radius * Math.cos(theta) * std + mean;
      d[o + j + 8] = radius * Math.sin(theta) * std + mean;
    }
  }
}

/** tensor.normal_(mean, std) / torch.randn */
export function normal_(out: TypedArray, mean: number, std: number, gen: Generator): void {
  const n = out.length;
  const single = isF32(out);
  if (n >= 16) {
    const draw = () => (single ? gen.uniformFloat() : gen.uniformDouble());
    const m = single ? f(mean) : mean, s = single ? f(std) : std;
    for (let i = 0; i < n; i++) out[i] = draw();
    for (let i = 0; i + 16 <= n; i += 16) fill16(out, i, m, s, single);
    if (n % 16 !== 0) {
      // PyTorch redraws and recomputes the last 16 values.
      for (let i = n - 16; i < n; i++) out[i] = draw();
      fill16(out, n - 16, m, s, single);
    }
    return;
  }
  for (let i = 0; i < n; i++) out[i] = gen.normalDouble() * std + mean;
}

/** tensor.random_(from, to) / torch.randint(from, to): uniform integers in [from, to). */
export function random_from_to_(out: TypedArray, from: number, to: number, gen: Generator): void {
  const range = to - from;
  if (range >= TWO_POW_32) {
    const r = BigInt(range), b = BigInt(from);
    for (let i = 0; i < out.length; i++) {
      const [hi, lo] = gen.random64();
      out[i] = Number((((BigInt(hi) << 32n) | BigInt(lo)) % r) + b);
    }
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = (gen.random() % range) + from;
}

/** The exact value of int64 `random_()` (uniform over [0, 2^63)). */
export function randomInt64(gen: Generator): bigint {
  const [hi, lo] = gen.random64();
  return ((BigInt(hi) << 32n) | BigInt(lo)) & 0x7fffffffffffffffn;
}

/** tensor.random_() with no range: [0, 2^63) for int64 (kept to double precision), [0, 2^24] style masks otherwise. */
export function random_full_(out: TypedArray, gen: Generator): void {
  if (out instanceof Float64Array) for (let i = 0; i < out.length; i++) out[i] = Number(randomInt64(gen));
  else if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = gen.random() % (2 ** 24 + 1);
  else if (out instanceof Int32Array) for (let i = 0; i < out.length; i++) out[i] = gen.random() % 2147483648;
  else for (let i = 0; i < out.length; i++) out[i] = gen.random() & 1;
}

/** torch.randperm(n): a Fisher-Yates walk drawing one uint32 per position. */
export function randperm(n: number, gen: Generator): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = r[i]; r[i] = r[z + i]; r[z + i] = t;
  }
  return r;
}

/** tensor.bernoulli_(p) for a scalar p: u < p with u a uniform double. */
export function bernoulli_(out: TypedArray, p: number, gen: Generator): void {
  for (let i = 0; i < out.length; i++) out[i] = gen.uniformDouble() < p ? 1 : 0;
}
