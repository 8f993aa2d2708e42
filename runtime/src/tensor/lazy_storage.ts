// A storage whose dense buffer is built only when something reads it. It holds a few (position,
// value) entries over zeros, which is what densifying one bag-of-words row gives: `toarray()` of a
// CSR row is 10k zeros and a dozen counts. Converting such a tensor to another dtype (the lecture's
// `torch.Tensor(X.getrow(i).toarray()[0])`) scatters the entries straight into the new tensor and
// never allocates the intermediate; any other access materializes the buffer, after which the
// storage is an ordinary one.
import { DType, TypedArray } from './dtype';
import { Storage } from './storage';

export class LazyStorage extends Storage {
  private dense: TypedArray | null = null;

  constructor(private readonly length: number, dtype: DType,
              private readonly positions: Int32Array, private readonly values: Float64Array) {
    super({ length } as TypedArray, dtype);
    Object.defineProperty(this, 'data', {
      get: () => this.dense ?? this.materialize(),
      set: (d: TypedArray) => { this.dense = d; },
      enumerable: true,
    });
  }

  /** Whether the dense buffer exists yet. */
  get materialized(): boolean { return this.dense !== null; }

  private materialize(): TypedArray {
    const d = new this.dtype.Array(this.length) as TypedArray;
    this.scatter(d, 0, this.length, 0);
    this.dense = d;
    return d;
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
