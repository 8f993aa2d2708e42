// Integer draws as PyTorch's CPU kernels make them: random_(from, to) / randint, random_() with
// no range, and randperm.
import { RuntimeError } from '../errors';
import type { TypedArray } from '../tensor/dtype';
import { Generator } from './generator';

const TWO_POW_32 = 4294967296;

/**
 * tensor.random_(from, to) / torch.randint(low, high): (draw mod (to - from)) + from, with one
 * uint32 draw per element, or one uint64 draw when the range reaches 2^32 (int64 and float dtypes).
 */
export function random_from_to_(out: TypedArray, from: number, toExclusive: number, gen: Generator): void {
  const range = toExclusive - from;
  if (!(range > 0)) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${toExclusive}`);
  const n = out.length;
  if (range < TWO_POW_32) {
    for (let i = 0; i < n; i++) out[i] = (gen.random() % range) + from;
    return;
  }
  // Rare wide ranges: exact 64-bit remainder through BigInt.
  const r = BigInt(range), b = BigInt(from);
  for (let i = 0; i < n; i++) out[i] = Number((gen.random64Big() % r) + b);
}

/** One int64 `random_()` draw, exactly: a uint64 draw modulo 2^63. */
export function randomInt64(gen: Generator): bigint {
  return gen.random64Big() & 0x7fffffffffffffffn;
}

export type RandomDtype = 'int64' | 'float64' | 'float32' | 'int32' | 'bool';

function dtypeOf(out: TypedArray): RandomDtype {
  if (out instanceof Float32Array) return 'float32';
  if (out instanceof Int32Array) return 'int32';
  if (out instanceof Uint8Array) return 'bool';
  return 'int64'; // int64 lives in a Float64Array; pass 'float64' for a real float64 tensor
}

/**
 * tensor.random_() with no range: int64 uniform over [0, 2^63) from a uint64 draw, float64 over
 * [0, 2^53] from a uint64 draw, float32 over [0, 2^24], int32 over [0, 2^31), bool one bit.
 * int64 values beyond 2^53 cannot sit in the Float64Array exactly, so the exact values are
 * returned as bigints (for int64; other dtypes return undefined).
 */
export function random_full_(out: TypedArray, gen: Generator, dtype: RandomDtype = dtypeOf(out)): bigint[] | undefined {
  const n = out.length;
  switch (dtype) {
    case 'int64': {
      const exact: bigint[] = new Array(n);
      for (let i = 0; i < n; i++) { exact[i] = randomInt64(gen); out[i] = Number(exact[i]); }
      return exact;
    }
    case 'float64': {
      const m = (1n << 53n) + 1n;
      for (let i = 0; i < n; i++) out[i] = Number(gen.random64Big() % m);
      return undefined;
    }
    case 'float32': for (let i = 0; i < n; i++) out[i] = gen.random() % 16777217; return undefined;
    case 'int32': for (let i = 0; i < n; i++) out[i] = gen.random() % 2147483648; return undefined;
    case 'bool': for (let i = 0; i < n; i++) out[i] = gen.random() & 1; return undefined;
  }
}

/** torch.randperm(n): identity, then a forward Fisher-Yates walk with one uint32 draw per step. */
export function randperm(n: number, gen: Generator): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = r[i]; r[i] = r[z + i]; r[z + i] = t;
  }
  return r;
}
