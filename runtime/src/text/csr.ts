// A compressed-sparse-row matrix of counts (what scikit-learn's CountVectorizer returns), with
// scipy's repr, row slicing and densification into tensors.
import { IndexError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { DType, float32, int64 } from '../tensor/dtype';
import { LazyStorage } from '../tensor/lazy_storage';

export class csr_matrix {
  constructor(
    readonly data: Float64Array,
    readonly indices: Int32Array,
    readonly indptr: Int32Array,
    readonly shape: [number, number],
  ) {}

  get nnz(): number { return this.indptr[this.shape[0]] - this.indptr[0]; }
  get ndim(): number { return 2; }

  /** Rows [start, stop) as a new matrix sharing nothing with this one. */
  slice(start: number, stop = start + 1): csr_matrix {
    const [n, m] = this.shape;
    const s = Math.max(0, start < 0 ? start + n : start), e = Math.min(n, stop < 0 ? stop + n : stop);
    const a = this.indptr[s], b = this.indptr[Math.max(s, e)];
    const indptr = new Int32Array(Math.max(0, e - s) + 1);
    for (let i = s; i <= Math.max(s, e); i++) indptr[i - s] = this.indptr[i] - a;
    return new csr_matrix(this.data.slice(a, b), this.indices.slice(a, b), indptr, [Math.max(0, e - s), m]);
  }

  /** One row as a 1 x n matrix (scipy's getrow; also what X[i] gives). */
  getrow(i: number): csr_matrix {
    const n = this.shape[0];
    if (i < -n || i >= n) throw new IndexError(`index (${i < 0 ? i + n : i}) out of range`);
    return this.slice(i < 0 ? i + n : i);
  }

  /** Rows picked by index, in the given order. */
  rows(index: ArrayLike<number>): csr_matrix {
    const idx = Array.from(index, (i) => (i < 0 ? i + this.shape[0] : i));
    const indptr = new Int32Array(idx.length + 1);
    idx.forEach((r, k) => { indptr[k + 1] = indptr[k] + this.indptr[r + 1] - this.indptr[r]; });
    const data = new Float64Array(indptr[idx.length]), indices = new Int32Array(indptr[idx.length]);
    idx.forEach((r, k) => {
      const a = this.indptr[r], b = this.indptr[r + 1];
      data.set(this.data.subarray(a, b), indptr[k]);
      indices.set(this.indices.subarray(a, b), indptr[k]);
    });
    return new csr_matrix(data, indices, indptr, [idx.length, this.shape[1]]);
  }

  /** Scatter row i into a zeroed dense buffer (the fast path for per-row densifying). */
  rowInto(i: number, out: Float32Array | Float64Array, offset = 0): void {
    for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) out[offset + this.indices[k]] = this.data[k];
  }

  /** A dense tensor of the counts: int64 as scipy's todense(), or any dtype asked for. */
  toarray(dtype: DType = int64): Tensor {
    const [n, m] = this.shape;
    if (n === 1) {
      // One row: a lazily dense tensor (see LazyStorage), so densifying a row and converting it
      // to float32 costs its non-zeros only.
      const a = this.indptr[0], b = this.indptr[1];
      const pos: number[] = [], vals: number[] = [];
      for (let k = a; k < b; k++) { pos.push(this.indices[k]); vals.push(this.data[k]); }
      let sorted = true;
      for (let k = 1; k < pos.length && sorted; k++) sorted = pos[k - 1] < pos[k];
      if (!sorted) {
        const order = pos.map((_, k) => k).sort((x, y) => pos[x] - pos[y]);
        return new Tensor(new LazyStorage(m, dtype, order.map((k) => pos[k]), order.map((k) => vals[k])), [1, m]);
      }
      return new Tensor(new LazyStorage(m, dtype, pos, vals), [1, m]);
    }
    const out = new dtype.Array(n * m) as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) this.rowInto(i, out, i * m);
    return Tensor.fromArray(out, [n, m], dtype);
  }
  todense(dtype: DType = int64): Tensor { return this.toarray(dtype); }
  /** Dense float32 rows, as the lecture feeds them to nn.Linear. */
  toTensor(dtype: DType = float32): Tensor { return this.toarray(dtype); }

  toString(): string {
    return `<${this.shape[0]}x${this.shape[1]} sparse matrix of type '<class 'numpy.int64'>'\n\twith ${this.nnz} stored elements in Compressed Sparse Row format>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}
