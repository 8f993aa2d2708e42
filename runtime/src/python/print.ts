// Python's print() and pprint() for cells: values as Python shows them (str at the top level,
// repr inside containers), written to stdout. `console.log` stays JavaScript's.
import { str } from './repr';
import { pformat, PprintOptions } from './pprint';

export interface PrintOptions { sep?: string | null; end?: string | null; file?: { write(s: string): unknown }; flush?: boolean }
const KEYS = new Set(['sep', 'end', 'file', 'flush']);

/** A trailing plain object whose keys are all print's keyword names is its options, not a value. */
function isOptions(x: unknown): x is PrintOptions {
  if (x === null || typeof x !== 'object' || Object.getPrototypeOf(x) !== Object.prototype) return false;
  const keys = Object.keys(x);
  return keys.length > 0 && keys.every((k) => KEYS.has(k));
}

/**
 * print(*objects, sep=' ', end='\n'): `print('loss', loss)`, `print(a, b, { sep: ', ', end: '' })`.
 * A last argument such as `{ sep: '-' }` (only print's keyword names) is read as options.
 */
export function print(...args: unknown[]): void {
  const opts: PrintOptions = args.length && isOptions(args[args.length - 1]) ? (args.pop() as PrintOptions) : {};
  const text = args.map(str).join(opts.sep ?? ' ') + (opts.end ?? '\n');
  if (opts.file) opts.file.write(text);
  else process.stdout.write(text);
}

/** pprint.pprint(object, indent=1, width=80, depth=None, compact=False, sort_dicts=True). */
export function pprint(x: unknown, opts: PprintOptions & { stream?: { write(s: string): unknown } } = {}): void {
  const text = pformat(x, opts) + '\n';
  if (opts.stream) opts.stream.write(text);
  else process.stdout.write(text);
}
