// The types of the stand-ins that replace operators in the text a cell is checked as (the typing
// text, rewrite.ts). A stand-in's result type is what its expression has once compiled: Tensor where
// the operator runs a tensor method, JavaScript's result type for numbers, strings and `any`, so
// that nested expressions (`(1 - y) * torch.log(1 - p)`, `(a + b).sum()`) type as they run.
// Plain overloads, no generic inference: this is checked once per operator of every cell, and the
// checker checks each argument again for every overload it tries, so the common cases come first.
// Numbers come before the tensor overloads, so that a cell without tensors never makes the checker
// resolve the Tensor type's members (subscripts, `at`, differ). The overloads for `any` come after
// the tensor ones. An `any` operand matches no overload by the subtype relation, the checker's
// first pass, but one that takes `unknown` (the catch-alls take `Value` for that reason). `+` and
// `==` end with such overloads, so that `any + 1` is `any`, `any + 's'` a string and `any == t` a
// boolean in the first pass. The others leave `any` to the second pass, by assignability, where it
// takes the number overload (`number` or `boolean`, as their `any` overloads give) or, beside a
// tensor, a tensor one: the operator is then left alone and the cell checked again, as it was with
// `number`.
// What is decided is decided in rewrite.ts; whatever these overloads do not type as TypeScript
// would (`Exotic`) makes the cell be checked again as rewritten, so they only need to be fast.
// The runtime's Tensor type, and what its `index()` takes, come through global slots that the
// converter's program fills (rewrite.ts's RULES_MODULE): the kernel names the runtime only by path
// (preload.ts), where cells import it. Not a type parameter: the checker would instantiate every
// overload of a generic interface in each program it builds, one per cell.

declare global {
  /** Filled by the module the converter adds to its program: `{ tensor: Tensor }`. Empty elsewhere. */
  interface TorchlabOperatorTypes {}
  /** Filled the same way with what a tensor's `index()` takes: `{ key: IndexSpec }`. */
  interface TorchlabOperatorKeys {}
}
/**
 * The runtime's Tensor type, in the converter's program (never elsewhere). An indexed access, not a
 * conditional type: resolving it reads the slot's property and nothing of Tensor's members, which a
 * cell whose operators are all on numbers never needs.
 */
type Tensor = TorchlabOperatorTypes[keyof TorchlabOperatorTypes];
type TensorLike = Tensor | Scalar;

declare const anyOnly: unique symbol;
/** Only `any` (and never, and null or undefined without strict null checks) is assignable to this: the overloads that catch operands typed `any`. */
type AnyOnly = typeof anyOnly;
/**
 * Every value, but not `any` as overloads are first chosen (TypeScript first tries them by the
 * subtype relation, where `any` is a subtype only of `unknown`): catch-alls take this, so that an
 * `any` operand reaches the overloads that take `unknown` or, in the second, assignability pass,
 * those that take AnyOnly.
 */
type Value = {} | null | undefined;
declare const exotic: unique symbol;
/** An operator these overloads do not type as TypeScript does. */
export interface Exotic { readonly [exotic]: true }

type Scalar = number | boolean;
type NoSymbol = string | number | bigint | boolean | object | null | undefined;
/**
 * A subscript key: anything a tensor's `index()` takes. Named by the runtime, not inferred from
 * `index()`'s parameters: the checker resolves this for each `x[k]` it checks.
 */
type Key = TorchlabOperatorKeys[keyof TorchlabOperatorKeys] | boolean | undefined;

export interface Ops {
  // a + b
  plus(a: number, b: number): number;
  plus(a: Tensor, b: TensorLike): Tensor;
  plus(a: Scalar, b: Tensor): Tensor;
  plus(a: bigint, b: bigint): bigint;
  plus(a: string, b: NoSymbol): string;
  plus(a: NoSymbol, b: string): string;
  plus(a: Value, b: Value): Exotic;
  // an operand typed `any` (or unknown) reaches only these, in the checker's first pass
  plus(a: AnyOnly, b: unknown): any;
  plus(a: unknown, b: AnyOnly): any;
  plus(a: unknown, b: string): string;
  plus(a: string, b: unknown): string;
  plus(a: unknown, b: unknown): any;
  // a - b, a * b, a / b, a % b, a ** b, a & b, a | b, a ^ b
  arith(a: number, b: number): number;
  arith(a: Tensor, b: TensorLike): Tensor;
  arith(a: Scalar, b: Tensor): Tensor;
  arith(a: AnyOnly, b: unknown): number;
  arith(a: unknown, b: AnyOnly): number;
  arith(a: bigint, b: bigint): bigint;
  arith(a: Value, b: Value): Exotic;
  // a < b, a <= b, a > b, a >= b
  compare(a: number, b: number): boolean;
  compare(a: Tensor, b: TensorLike): Tensor;
  compare(a: Scalar, b: Tensor): Tensor;
  compare(a: AnyOnly, b: unknown): boolean;
  compare(a: unknown, b: AnyOnly): boolean;
  compare(a: Value, b: Value): boolean;
  // a == b, a != b
  equal(a: number, b: number): boolean;
  equal(a: Tensor, b: TensorLike): Tensor;
  equal(a: Scalar, b: Tensor): Tensor;
  equal(a: Value, b: Value): boolean;
  // an operand typed `any` (or unknown) reaches only this, in the checker's first pass
  equal(a: unknown, b: unknown): boolean;
  // -a, ~a
  unary(a: number): number;
  unary(a: Tensor): Tensor;
  unary(a: AnyOnly): number;
  unary(a: bigint): bigint;
  unary(a: Value): Exotic;
  // +a
  plus1(a: number): number;
  plus1(a: Tensor): Tensor;
  plus1(a: AnyOnly): number;
  plus1(a: Value): number;
  // a += b: the typing text reads `a = tl$ops.assignPlus(a, b)`, so TypeScript checks the assignment
  assignPlus(a: AnyOnly, b: AnyOnly): any;
  assignPlus(a: AnyOnly, b: string): string;
  assignPlus(a: string, b: AnyOnly): string;
  assignPlus(a: AnyOnly, b: unknown): any;
  assignPlus(a: unknown, b: AnyOnly): any;
  assignPlus(a: number, b: number): number;
  assignPlus(a: bigint, b: bigint): bigint;
  assignPlus(a: Tensor, b: TensorLike): Tensor;
  assignPlus(a: string, b: NoSymbol): string;
  assignPlus(a: Value, b: Value): Exotic;
  // a -= b, ...
  assign(a: number, b: number): number;
  assign(a: Tensor, b: TensorLike): Tensor;
  assign(a: AnyOnly, b: unknown): number;
  assign(a: unknown, b: AnyOnly): number;
  assign(a: bigint, b: bigint): bigint;
  assign(a: Value, b: Value): Exotic;
  // x[k], x[i, j]: a tensor's subscripts before anything's members, for which the checker would
  // compute `keyof Tensor`, all its member names, in every cell with a subscript. A tensor's member
  // read by its name (`t['shape']`) types as a tensor here: rewrite.ts then types the cell again
  // with `member`, the same overloads with the members first.
  at(x: AnyOnly, ...k: unknown[]): any;
  at(x: Tensor, ...k: Key[]): Tensor;
  at<X, K extends keyof X>(x: X, k: K): X[K];
  at(x: Value, ...k: unknown[]): Exotic;
  member(x: AnyOnly, ...k: unknown[]): any;
  member<X, K extends keyof X>(x: X, k: K): X[K];
  member(x: Tensor, ...k: Key[]): Tensor;
  member(x: Value, ...k: unknown[]): Exotic;
  /** The types rewrite.ts tells operands apart with. */
  readonly types: { tensor: Tensor; scalar: Scalar; nullish: null | undefined | void; key: Key; exotic: Exotic };
}
