// Argument normalisation shared by the ops: PyTorch accepts sizes as varargs or one list, and
// keyword arguments become a trailing options object.
export type Scalar = number | boolean;
export type ShapeArg = number | readonly number[];
export type DimArg = number | readonly number[] | null | { dim?: number | readonly number[] | null; keepdim?: boolean };

/** `f(2, 3)` and `f([2, 3])` both give [2, 3]. */
export function shapeOf(args: readonly ShapeArg[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return (args[0] as number[]).slice();
  const out: number[] = [];
  for (const a of args) {
    if (Array.isArray(a)) out.push(...a);
    else if (typeof a === 'number') {
      if (!Number.isInteger(a)) throw new TypeError(`expected an integer size, got ${a}`);
      out.push(a);
    } else throw new TypeError(`expected a size (int or list of ints), got ${String(a)}`);
  }
  return out;
}

/** Split a `(dim?, keepdim?)` pair where dim may be an options object. */
export function dimArgs(dim: DimArg | undefined, keepdim: boolean | undefined): { dims: number[] | null; keepdim: boolean } {
  if (dim !== null && typeof dim === 'object' && !Array.isArray(dim)) {
    const o = dim as { dim?: number | readonly number[] | null; keepdim?: boolean };
    return dimArgs(o.dim ?? null, o.keepdim ?? keepdim);
  }
  const dims = dim === undefined || dim === null ? null : typeof dim === 'number' ? [dim] : (dim as number[]).slice();
  return { dims, keepdim: keepdim ?? false };
}

const isKw = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;

/** Python's call binding: positional values by parameter name, then any options object's keys
 *  (so `x.std({ unbiased: false })` and `x.std(0, { keepdim: true })` both bind). */
export function kwargs<T extends object>(names: readonly string[], args: readonly unknown[]): Partial<T> {
  const out: Record<string, unknown> = {};
  args.forEach((a, i) => {
    if (isKw(a)) Object.assign(out, a);
    else if (a !== undefined && i < names.length) out[names[i]] = a;
  });
  return out as Partial<T>;
}

export type DimOpt = number | { dim?: number };
/** A dim given positionally or as `{ dim }`. */
export const dimOpt = (dim: DimOpt | undefined, dflt = 0): number => (typeof dim === 'object' && dim !== null ? dim.dim ?? dflt : dim ?? dflt);
