// A storage whose dense buffer is built only when something reads it. It holds a few (position,
// value) entries over zeros, which is what densifying one bag-of-words row gives: `toarray()` of a
// CSR row is 10k zeros and a dozen counts. Converting such a tensor to another dtype (the lecture's
// `torch.Tensor(X.getrow(i).toarray()[0])`) scatters the entries straight into the new tensor and
// never allocates the intermediate; any other access materializes the buffer, after which the
// storage is an ordinary one.
import { DType, TypedArray } from './dtype';
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
    this.scatter(d, 0, this.length, 0);
    this.data = d;
    return d;
  }

  /** The entries in [offset, offset + n), shifted to start at 0, as a new lazy storage of `dtype`. */
  window(offset: number, n: number, dtype: DType): LazyStorage {
    const p = this.positions;
    let a = 0, b = p.length;
    while (a < b && p[a] < offset) a++;
    while (b > a && p[b - 1] >= offset + n) b--;
    const pos: number[] = [], vals: number[] = [];
    const int = dtype.kind !== 'float';
    for (let k = a; k < b; k++) {
      pos.push(p[k] - offset);
      const v = this.values[k];
      vals.push(!int ? (dtype.itemsize === 4 ? Math.fround(v) : v) : dtype.kind === 'bool' ? (v !== 0 ? 1 : 0) : Math.trunc(v));
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

  /**
   * Writes the entries with positions in [offset, offset + n) into `out` at `at + position -
   * offset` (out is zero-filled), converted to out's element type.
   */
  scatter(out: TypedArray, offset: number, n: number, at: number): void {
    const p = this.positions, v = this.values, int = !(out instanceof Float32Array || out instanceof Float64Array);
    for (let k = 0; k < p.length; k++) {
      const q = p[k] - offset;
      if (q >= 0 && q < n) out[at + q] = int ? (out instanceof Uint8Array ? (v[k] !== 0 ? 1 : 0) : Math.trunc(v[k])) : v[k];
    }
  }
}
