// Samplers yield dataset indices; the random ones draw from generators exactly as PyTorch's do.
import { ValueError, pyStr } from '../errors';
import { Generator, default_generator, randomInt64, randperm } from '../random';
import { Tensor } from '../tensor/tensor';
import { multinomial } from '../random';

/** PyTorch's check of a count argument: a positive integer (a bool is not one). */
function positiveCount(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ValueError(`${name} should be a positive integer value, but got ${name}=${pyStr(v)}`);
}

export abstract class Sampler implements Iterable<number> {
  abstract [Symbol.iterator](): Iterator<number>;
  abstract __len__(): number;
}

export class SequentialSampler extends Sampler {
  constructor(readonly data_source: { __len__(): number }) { super(); }
  *[Symbol.iterator](): Iterator<number> { for (let i = 0, n = this.data_source.__len__(); i < n; i++) yield i; }
  __len__(): number { return this.data_source.__len__(); }
}

export class RandomSampler extends Sampler {
  constructor(readonly data_source: { __len__(): number }, readonly opts: { replacement?: boolean; num_samples?: number; generator?: Generator } = {}) {
    super();
    if (typeof (opts.replacement ?? false) !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${pyStr(opts.replacement)}`);
    positiveCount('num_samples', this.num_samples);
  }
  get num_samples(): number { return this.opts.num_samples ?? this.data_source.__len__(); }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.__len__();
    // Without a generator PyTorch seeds a fresh one from one int64 draw of the default generator.
    let gen = this.opts.generator;
    if (!gen) gen = new Generator().manual_seed(randomInt64(default_generator));
    if (this.opts.replacement) {
      for (let i = 0; i < this.num_samples; i++) yield gen.random() % n;
      return;
    }
    for (let k = 0; k < Math.floor(this.num_samples / n); k++) yield* randperm(n, gen);
    yield* Array.from(randperm(n, gen)).slice(0, this.num_samples % n);
  }
  __len__(): number { return this.num_samples; }
}

export class SubsetRandomSampler extends Sampler {
  readonly indices: number[];
  constructor(indices: Iterable<number> | Tensor, readonly opts: { generator?: Generator } = {}) {
    super();
    this.indices = indices instanceof Tensor ? (indices.tolist() as number[]) : [...indices];
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of randperm(this.indices.length, this.opts.generator ?? default_generator)) yield this.indices[i];
  }
  __len__(): number { return this.indices.length; }
}

export class WeightedRandomSampler extends Sampler {
  readonly weights: number[];
  constructor(weights: Iterable<number> | Tensor, readonly num_samples: number, readonly opts: { replacement?: boolean; generator?: Generator } = {}) {
    super();
    positiveCount('num_samples', num_samples);
    if (typeof (opts.replacement ?? true) !== 'boolean') throw new ValueError(`replacement should be a boolean value, but got replacement=${pyStr(opts.replacement)}`);
    this.weights = weights instanceof Tensor ? (weights.tolist() as number[]) : [...weights];
  }
  *[Symbol.iterator](): Iterator<number> {
    // PyTorch samples from the weights as doubles.
    yield* multinomial(Float64Array.from(this.weights), this.num_samples, this.opts.replacement ?? true, this.opts.generator ?? default_generator);
  }
  __len__(): number { return this.num_samples; }
}

export class BatchSampler implements Iterable<number[]> {
  constructor(readonly sampler: Iterable<number> & { __len__(): number }, readonly batch_size: number, readonly drop_last: boolean) {
    positiveCount('batch_size', batch_size);
    if (typeof drop_last !== 'boolean') throw new ValueError(`drop_last should be a boolean value, but got drop_last=${pyStr(drop_last)}`);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batch_size) { yield batch; batch = []; }
    }
    if (batch.length && !this.drop_last) yield batch;
  }
  __len__(): number {
    const n = this.sampler.__len__();
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}
