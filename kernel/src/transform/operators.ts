// Python's operators on tensors and the Tensor methods they run, as torch/_tensor.py defines them:
// `a + b` is `a.__add__(b)` = `a.add(b)`, `1 - a` is `a.__rsub__(1)`, `a -= b` is `a.__isub__(b)` =
// `a.sub_(b)`, `~a` is `a.__invert__()`.
import ts = require('@tslab/typescript-for-tslab');
import type { Ops } from './rules';

const K = ts.SyntaxKind;

/** The stand-in that types an operator before it is rewritten (rules.ts). */
export type Family = Exclude<keyof Ops, 'types'>;

export interface BinaryOperator {
  family: Family;
  /** tensor OP x: tensor.method(x) */
  method: string;
  /** scalar OP tensor: tensor.reflected(scalar) (Python's __rsub__ or, when commutative, the same op) */
  reflected: string;
}

export const BINARY = new Map<ts.SyntaxKind, BinaryOperator>([
  [K.PlusToken, { family: 'plus', method: 'add', reflected: 'add' }],
  [K.MinusToken, { family: 'arith', method: 'sub', reflected: '__rsub__' }],
  [K.AsteriskToken, { family: 'arith', method: 'mul', reflected: 'mul' }],
  [K.SlashToken, { family: 'arith', method: 'div', reflected: '__rtruediv__' }],
  [K.PercentToken, { family: 'arith', method: 'remainder', reflected: '__rmod__' }],
  [K.AsteriskAsteriskToken, { family: 'arith', method: 'pow', reflected: '__rpow__' }],
  [K.AmpersandToken, { family: 'arith', method: 'bitwise_and', reflected: 'bitwise_and' }],
  [K.BarToken, { family: 'arith', method: 'bitwise_or', reflected: 'bitwise_or' }],
  [K.CaretToken, { family: 'arith', method: 'bitwise_xor', reflected: 'bitwise_xor' }],
  // Python reflects a comparison by swapping it: 1 < a is a > 1.
  [K.LessThanToken, { family: 'compare', method: 'lt', reflected: 'gt' }],
  [K.LessThanEqualsToken, { family: 'compare', method: 'le', reflected: 'ge' }],
  [K.GreaterThanToken, { family: 'compare', method: 'gt', reflected: 'lt' }],
  [K.GreaterThanEqualsToken, { family: 'compare', method: 'ge', reflected: 'le' }],
  // Elementwise, as Python's ==; JavaScript's === and !== keep identity.
  [K.EqualsEqualsToken, { family: 'equal', method: 'eq', reflected: 'eq' }],
  [K.ExclamationEqualsToken, { family: 'equal', method: 'ne', reflected: 'ne' }],
]);

/** Augmented assignments: in place on the tensor target, as Python's __iadd__ and friends. */
export const COMPOUND = new Map<ts.SyntaxKind, { family: Family; inplace: string }>([
  [K.PlusEqualsToken, { family: 'assignPlus', inplace: 'add_' }],
  [K.MinusEqualsToken, { family: 'assign', inplace: 'sub_' }],
  [K.AsteriskEqualsToken, { family: 'assign', inplace: 'mul_' }],
  [K.SlashEqualsToken, { family: 'assign', inplace: 'div_' }],
  [K.PercentEqualsToken, { family: 'assign', inplace: 'remainder_' }],
  [K.AsteriskAsteriskEqualsToken, { family: 'assign', inplace: 'pow_' }],
  [K.AmpersandEqualsToken, { family: 'assign', inplace: 'bitwise_and_' }],
  [K.BarEqualsToken, { family: 'assign', inplace: 'bitwise_or_' }],
  [K.CaretEqualsToken, { family: 'assign', inplace: 'bitwise_xor_' }],
]);

export const UNARY = new Map<ts.SyntaxKind, { family: Family; method: string }>([
  [K.MinusToken, { family: 'unary', method: 'neg' }],
  [K.PlusToken, { family: 'plus1', method: 'positive' }],
  [K.TildeToken, { family: 'unary', method: '__invert__' }],
]);
