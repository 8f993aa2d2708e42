// dtypes and PyTorch's type promotion, driven by small tables.

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type Kind = 'bool' | 'int' | 'float';

export class DType {
  constructor(
    /** PyTorch's name without the `torch.` prefix, e.g. `float32`. */
    readonly name: string,
    readonly kind: Kind,
    /** Bytes per element, as PyTorch reports with `element_size()`. */
    readonly itemsize: number,
    /** Rank within its kind: wider types win promotion. */
    readonly rank: number,
    readonly Array: { new (n: number | ArrayLike<number> | ArrayBufferLike): TypedArray; BYTES_PER_ELEMENT: number },
  ) {}
  get is_floating_point(): boolean { return this.kind === 'float'; }
  get is_signed(): boolean { return this.kind !== 'bool'; }
  toString(): string { return `torch.${this.name}`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

// int64 values live in a Float64Array: exact for |x| < 2^53, which covers every index and count
// a lecture produces, and keeps arithmetic in plain JS numbers.
export const float32 = new DType('float32', 'float', 4, 1, Float32Array);
export const float64 = new DType('float64', 'float', 8, 2, Float64Array);
export const int32 = new DType('int32', 'int', 4, 1, Int32Array);
export const int64 = new DType('int64', 'int', 8, 2, Float64Array);
export const bool = new DType('bool', 'bool', 1, 0, Uint8Array);

export const dtypes: Record<string, DType> = {
  float32, float: float32, float64, double: float64, int32, int: int32, int64, long: int64, bool,
};

let defaultDtype = float32;
export function get_default_dtype(): DType { return defaultDtype; }
export function set_default_dtype(d: DType): void {
  if (!d.is_floating_point) throw new TypeError('only floating-point types are supported as the default type');
  defaultDtype = d;
}

const TYPE_NAMES: Record<string, string> = { float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', bool: 'Bool' };

/** PyTorch's scalar type name in messages: Float, Long, Bool, ... */
export function typeName(d: DType): string { return TYPE_NAMES[d.name]; }

/** The legacy tensor type name, as `t.type()` and autograd's messages give it: torch.FloatTensor. */
export function tensorTypeName(d: DType, cuda = false): string { return `torch.${cuda ? 'cuda.' : ''}${TYPE_NAMES[d.name]}Tensor`; }

const kindOrder: Record<Kind, number> = { bool: 0, int: 1, float: 2 };

/** Promotion of two dtypes of equal standing (both dimensioned tensors, or both scalars). */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  const ka = kindOrder[a.kind], kb = kindOrder[b.kind];
  if (ka !== kb) return ka > kb ? a : b;
  return a.rank >= b.rank ? a : b;
}

/** The dtype PyTorch gives a JS scalar: bool, int64 for integers, the default float otherwise. */
export function scalarDtype(v: number | boolean): DType {
  if (typeof v === 'boolean') return bool;
  return Number.isInteger(v) ? int64 : defaultDtype;
}

/**
 * PyTorch's result_type over three tiers: dimensioned tensors, zero-dim tensors, scalars.
 * A lower tier only matters when its kind is higher than every kind above it; then a float
 * wins as the default dtype for scalars, or its own dtype for zero-dim tensors.
 */
export function resultType(tensors: DType[], zeroDim: DType[], scalars: DType[]): DType {
  let r: DType | undefined;
  for (const d of tensors) r = r ? promote(r, d) : d;
  for (const tier of [zeroDim, scalars]) {
    let t: DType | undefined;
    for (const d of tier) t = t ? promote(t, d) : d;
    if (!t) continue;
    if (!r) { r = t; continue; }
    if (kindOrder[t.kind] > kindOrder[r.kind]) {
      r = tier === scalars && t.kind === 'float' ? defaultDtype : tier === scalars && t.kind === 'int' ? int64 : t;
    }
  }
  return r ?? defaultDtype;
}

/** Whether a value of dtype `from` may be written in place into `to` (PyTorch's can_cast). */
export function canCast(from: DType, to: DType): boolean {
  return kindOrder[from.kind] <= kindOrder[to.kind];
}

/** Convert a JS number to what a dtype stores (truncation toward zero for ints, as C casts do). */
export function castValue(v: number, d: DType): number {
  switch (d.kind) {
    case 'float': return d === float32 ? Math.fround(v) : v;
    case 'bool': return v ? 1 : 0;
    default: return d === int32 ? v | 0 : Math.trunc(v);
  }
}
