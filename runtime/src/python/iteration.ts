// Python's iteration builtins the lectures use: `for step_num, batch in enumerate(loader)` and
// `next(iter(loader))`, over anything iterable (DataLoaders, Datasets, arrays, Maps).
import { StopIteration } from '../errors';
import { tuple } from './repr';

/** enumerate(iterable, start=0): lazily, `(index, item)` tuples; `for (const [i, b] of enumerate(loader))`. */
export function* enumerate<T>(iterable: Iterable<T>, start = 0): Generator<[number, T]> {
  let i = start;
  for (const item of iterable) yield tuple(i++, item);
}

/** The name of the Python type a value would have, as Python's TypeErrors give it. */
function typeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'bigint') return 'int';
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'string') return 'str';
  return (x as { constructor?: { name?: string } }).constructor?.name || typeof x;
}

/** iter(iterable): its iterator (a DataLoader draws its shuffle when the first batch is taken, as in PyTorch). */
export function iter<T>(iterable: Iterable<T>): Iterator<T> {
  if (iterable === null || iterable === undefined || typeof (iterable as Partial<Iterable<T>>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`'${typeName(iterable)}' object is not iterable`);
  }
  return iterable[Symbol.iterator]();
}

/** next(iterator[, default]): the next item; StopIteration (or the default) when there is none. */
export function next<T>(iterator: Iterator<T>): T;
export function next<T, D>(iterator: Iterator<T>, dflt: D): T | D;
export function next<T, D>(iterator: Iterator<T>, ...dflt: [D?]): T | D {
  if (iterator === null || iterator === undefined || typeof iterator.next !== 'function') {
    throw new TypeError(`'${typeName(iterator)}' object is not an iterator`);
  }
  const r = iterator.next();
  if (!r.done) return r.value;
  if (dflt.length) return dflt[0] as D;
  throw new StopIteration('');
}
