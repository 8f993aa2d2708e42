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
