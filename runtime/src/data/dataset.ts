// Datasets: the map-style protocol (__getitem__, __len__), TensorDataset, Subset, random_split.
import { AssertionError, NotImplementedError, ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { Generator, default_generator, randperm } from '../random';
import { tuple } from '../python/repr';

export abstract class Dataset<T = unknown> {
  abstract __getitem__(index: number): T;
  __len__(): number { throw new NotImplementedError(`${this.constructor.name} does not define __len__`); }
  /** Iterating a dataset walks its indices, as Python's fallback iteration over __getitem__ does. */
  *[Symbol.iterator](): Iterator<T> { for (let i = 0, n = this.__len__(); i < n; i++) yield this.__getitem__(i); }
}

/**
 * A dataset wrapping tensors: sample i is the tuple of each tensor's row i. All tensors must have
 * the same size in their first dimension.
 *
 * @param tensors - the tensors
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.some((t) => t.shape[0] !== tensors[0].shape[0])) throw new AssertionError('Size mismatch between tensors');
    this.tensors = tensors;
  }
  /** A tuple of the tensors' rows, as PyTorch's (it prints with parentheses). */
  __getitem__(i: number): Tensor[] { return tuple(...this.tensors.map((t) => t.index(i))); }
  override __len__(): number { return this.tensors[0].shape[0]; }
}

export class Subset<T> extends Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: number[]) { super(); }
  __getitem__(i: number): T { return this.dataset.__getitem__(this.indices[i]); }
  override __len__(): number { return this.indices.length; }
}

/** Split into non-overlapping subsets of the given lengths (or fractions), from one randperm. */
export function random_split<T>(dataset: Dataset<T>, lengths: number[], opts: { generator?: Generator } = {}): Subset<T>[] {
  const n = dataset.__len__();
  let lens = lengths;
  const total = lengths.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    lengths.forEach((f, i) => { if (f < 0 || f > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`); });
    lens = lengths.map((f) => Math.floor(n * f));
    const rest = n - lens.reduce((a, b) => a + b, 0);
    for (let i = 0; i < rest; i++) lens[i % lens.length] += 1;
  }
  if (lens.reduce((a, b) => a + b, 0) !== n) throw new ValueError('Sum of input lengths does not equal the length of the input dataset!');
  const perm = Array.from(randperm(n, opts.generator ?? default_generator));
  let at = 0;
  return lens.map((l) => { const s = new Subset(dataset, perm.slice(at, at + l)); at += l; return s; });
}
