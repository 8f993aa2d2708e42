// default_collate: stack tensors, tensorise numbers, recurse into objects and arrays.
import { RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { bool, float64, int64 } from '../tensor/dtype';
import { NDArray } from '../tensor/ndarray';
import { creation, shape } from '../ops';

const { tensor, from_numpy } = creation, { stack } = shape;

export function default_collate(batch: unknown[]): unknown {
  const first = batch[0];
  if (first instanceof Tensor) return stack(batch as Tensor[], 0);
  if (first instanceof NDArray) return stack((batch as NDArray[]).map(from_numpy), 0);
  if (typeof first === 'number') {
    const nums = batch as number[];
    return tensor(nums, { dtype: nums.every(Number.isInteger) ? int64 : float64 });
  }
  if (typeof first === 'boolean') return tensor(batch as boolean[], { dtype: bool });
  if (typeof first === 'string' || first === null || first === undefined) return batch;
  if (Array.isArray(first)) {
    const n = first.length;
    if (batch.some((b) => (b as unknown[]).length !== n)) throw new RuntimeError('each element in list of batch should be of equal size');
    return Array.from({ length: n }, (_, i) => default_collate(batch.map((b) => (b as unknown[])[i])));
  }
  if (typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(first as object)) out[k] = default_collate(batch.map((b) => (b as Record<string, unknown>)[k]));
    return out;
  }
  throw new TypeError(`default_collate: batch must contain tensors, numbers, dicts or lists; found ${typeof first}`);
}
