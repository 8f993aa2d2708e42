// DataLoader: batches of a dataset through a sampler and a collate function, iterated with for..of.
import { ValueError, pyStr } from '../errors';
import { Generator, default_generator, randomInt64 } from '../random';
import { Dataset } from './dataset';
import { BatchSampler, RandomSampler, Sampler, SequentialSampler } from './sampler';
import { default_collate } from './collate';

export interface DataLoaderOpts<T, B> {
  batch_size?: number | null;
  shuffle?: boolean;
  sampler?: Iterable<number> & { __len__(): number };
  batch_sampler?: Iterable<number[]> & { __len__(): number };
  num_workers?: number;
  collate_fn?: (batch: T[]) => B;
  drop_last?: boolean;
  generator?: Generator;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
/**
 * Combines a dataset and a sampler and iterates over the dataset in batches (`for (const batch of
 * loader)`): samples are collated into tensors as PyTorch's default_collate does.
 *
 * @param dataset - the dataset to load from
 * @param opts - `{ batch_size, shuffle, sampler, batch_sampler, collate_fn, drop_last, generator }`
 *   (batch_size defaults to 1)
 */
export class DataLoader<T = unknown, B = any> implements Iterable<B> {
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<number> & { __len__(): number };
  readonly batch_sampler: (Iterable<number[]> & { __len__(): number }) | null;
  readonly collate_fn: (batch: T[]) => B;
  readonly generator?: Generator;

  constructor(readonly dataset: Dataset<T>, opts: DataLoaderOpts<T, B> = {}) {
    if (opts.shuffle && opts.sampler) throw new ValueError('sampler option is mutually exclusive with shuffle');
    if (opts.batch_sampler && (opts.batch_size !== undefined && opts.batch_size !== 1 || opts.shuffle || opts.sampler || opts.drop_last)) {
      throw new ValueError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
    }
    if (!opts.batch_sampler && opts.batch_size === null && opts.drop_last) {
      throw new ValueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    this.generator = opts.generator;
    this.batch_size = opts.batch_sampler ? null : opts.batch_size === undefined ? 1 : opts.batch_size;
    this.drop_last = opts.drop_last ?? false;
    this.sampler = opts.sampler ?? (opts.shuffle ? new RandomSampler(dataset, { generator: opts.generator }) : new SequentialSampler(dataset));
    this.batch_sampler = opts.batch_sampler ?? (this.batch_size !== null ? new BatchSampler(this.sampler, this.batch_size, this.drop_last) : null);
    this.collate_fn = opts.collate_fn ?? (this.batch_size === null && !opts.batch_sampler ? ((b: T[]) => b[0] as unknown as B) : (default_collate as (b: T[]) => B));
  }

  *[Symbol.iterator](): Iterator<B> {
    // Each epoch's iterator draws a base seed first, as PyTorch's does (it seeds worker processes).
    randomInt64(this.generator ?? default_generator);
    if (this.batch_sampler) {
      for (const idx of this.batch_sampler) yield this.collate_fn(idx.map((i) => this.dataset.__getitem__(i)));
    } else {
      for (const i of this.sampler) yield this.collate_fn([this.dataset.__getitem__(i)]);
    }
  }

  __len__(): number { return this.batch_sampler ? this.batch_sampler.__len__() : this.sampler.__len__(); }
}

export { Sampler };
