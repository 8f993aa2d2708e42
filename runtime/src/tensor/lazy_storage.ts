// A storage whose dense buffer is built only when something reads it. It holds a few (position,
// value) entries over zeros, which is what densifying one bag-of-words row gives: `toarray()` of a
// CSR row is 10k zeros and a dozen counts. Converting such a tensor to another dtype (the lecture's
// `torch.Tensor(X.getrow(i).toarray()[0])`) copies the entries into another lazy storage, and
// matmul reads them as they are; any other access materializes the buffer, after which the
// storage is an ordinary one.
import { DType, TypedArray, castValue } from './dtype';
import { Storage, cpu } from './storage';

const EMPTY = new Float64Array(0);

export class LazyStorage extends Storage {
  private dense = false;

  /**
   * `positions` ascending, each in [0, length); values in the storage's dtype's range. Plain
   * arrays: these few entries live on the JS heap, where short-lived objects are cheapest.
   */
  constructor(length: number, dtype: DType, readonly positions: number[], readonly values: number[]) {
    super(EMPTY, dtype, cpu, length);
  }

  override get data(): TypedArray { return this.dense ? this._host : this.materialize(); }
  override set data(d: TypedArray) { this._host = d; this.dense = true; }

  /** Whether the dense buffer exists yet. */
  get materialized(): boolean { return this.dense; }

  private materialize(): TypedArray {
    const d = new this.dtype.Array(this.length) as TypedArray;
    const p = this.positions, v = this.values;
    for (let k = 0; k < p.length; k++) d[p[k]] = v[k];
    this.data = d;
    return d;
  }

  /** The entries in [offset, offset + n), shifted to start at 0, as a new lazy storage of `dtype`. */
  window(offset: number, n: number, dtype: DType): LazyStorage {
    const p = this.positions, pos: number[] = [], vals: number[] = [];
    for (let k = lowerBound(p, offset); k < p.length && p[k] < offset + n; k++) {
      pos.push(p[k] - offset);
      vals.push(castValue(this.values[k], dtype));
    }
    return new LazyStorage(n, dtype, pos, vals);
  }

  /** Lazy storages of equal length laid back to back (stacking rows into a batch). */
  static concat(parts: LazyStorage[], dtype: DType): LazyStorage {
    const pos: number[] = [], vals: number[] = [];
    let base = 0;
    for (const s of parts) {
      for (let k = 0; k < s.positions.length; k++) { pos.push(s.positions[k] + base); vals.push(s.values[k]); }
      base += s.length;
    }
    return new LazyStorage(base, dtype, pos, vals);
  }
}

/** The first index of an ascending array whose value is at least `x`. */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}
