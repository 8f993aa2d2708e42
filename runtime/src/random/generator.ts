// torch.Generator for the CPU: an MT19937 engine plus the normal sample PyTorch caches between
// scalar normal draws, seeded the way CPUGeneratorImpl is.
import { MT19937 } from './mt19937';

const TWO_POW_32 = 4294967296;
const DEFAULT_SEED = 67280421310721n;

/** A seed as PyTorch prints it: a number while exact, a bigint beyond 2^53. */
function seedValue(s: bigint): number | bigint {
  return s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
}

export interface GeneratorState {
  readonly mt: Int32Array;
  readonly index: number;
  readonly nextDoubleNormal: number | null;
  readonly nextFloatNormal: number | null;
  readonly initial: bigint;
}

export class Generator {
  private readonly mt = new MT19937();
  private initial = DEFAULT_SEED;
  /** The sine half of the last scalar Box-Muller pair, returned by the next scalar draw. */
  nextDoubleNormal: number | null = null;
  /** PyTorch keeps a float cache too; no CPU kernel fills it, but manual_seed clears it. */
  nextFloatNormal: number | null = null;
  readonly device = 'cpu';

  constructor() { this.manual_seed(DEFAULT_SEED); }

  /** Seeds from the low 32 bits of the seed taken modulo 2^64 (negative seeds wrap, as in PyTorch). */
  manual_seed(seed: number | bigint): this {
    const s = BigInt.asUintN(64, typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed)));
    this.initial = s;
    this.mt.seed(Number(s & 0xffffffffn));
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    return this;
  }

  initial_seed(): number | bigint { return seedValue(this.initial); }

  /** Reseeds from the operating system's entropy, like torch.Generator.seed(), and returns the seed. */
  seed(): number | bigint {
    const w = new Uint32Array(2);
    globalThis.crypto.getRandomValues(w);
    const s = (BigInt(w[0]) << 32n) | BigInt(w[1]);
    this.manual_seed(s);
    return seedValue(s);
  }

  get_state(): GeneratorState {
    return { mt: this.mt.state.slice(), index: this.mt.index, nextDoubleNormal: this.nextDoubleNormal, nextFloatNormal: this.nextFloatNormal, initial: this.initial };
  }

  set_state(s: GeneratorState): this {
    this.mt.state.set(s.mt);
    this.mt.index = s.index;
    this.nextDoubleNormal = s.nextDoubleNormal;
    this.nextFloatNormal = s.nextFloatNormal;
    this.initial = s.initial;
    return this;
  }

  /** One uint32 draw. */
  random(): number { return this.mt.next(); }

  /** One uint64 draw as [high, low] 32-bit words: PyTorch puts the first uint32 in the high half. */
  random64(): [number, number] { const hi = this.mt.next(); return [hi, this.mt.next()]; }

  /** The exact uint64 draw, for the rare paths that need all 64 bits. */
  random64Big(): bigint { const hi = this.mt.next(); return (BigInt(hi) << 32n) | BigInt(this.mt.next()); }

  /** Uniform float32 in [0, 1): 24 bits of one draw. */
  uniformFloat(): number { return (this.mt.next() & 0xffffff) * 5.9604644775390625e-8; }

  /** Uniform double in [0, 1): the low 53 bits of a 64-bit draw. */
  uniformDouble(): number {
    const hi = this.mt.next() & 0x1fffff;
    return (hi * TWO_POW_32 + this.mt.next()) * 1.1102230246251565e-16;
  }
}

/**
 * The default CPU generator. As in PyTorch, it is seeded from the operating system's entropy in
 * every process, so `torch.initial_seed()` differs between runs; `torch.manual_seed(s)` gives
 * PyTorch's stream for `s`. (A `new torch.Generator()` starts from PyTorch's fixed default seed.)
 */
export const default_generator = new Generator();
default_generator.seed();
/**
 * Sets the seed of the default random number generator, so that random functions (`torch.randn`,
 * `torch.rand`, dropout, shuffling) give PyTorch's numbers for that seed. Returns the generator.
 *
 * @param seed - the seed (a number or bigint)
 */
export function manual_seed(seed: number | bigint): Generator { return default_generator.manual_seed(seed); }
export function initial_seed(): number | bigint { return default_generator.initial_seed(); }
export function seed(): number | bigint { return default_generator.seed(); }
