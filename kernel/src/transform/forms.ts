// The method calls an operator becomes, described once and rendered two ways: as text of the
// rewritten cell (printer pieces) and as nodes for the emitter (TypeScript's factory).
import ts = require('@tslab/typescript-for-tslab');
import type { Piece } from './printer';

/** Operand roles: `a op b`, unary `op a`, `x[keys] (op)= v`. */
export type Role = 'a' | 'b' | 'x' | 'v';

export type Shape =
  | { operand: Role }
  /** The subscript's keys, one argument or element each (`x[i, j]` has two). */
  | { keys: true }
  | { call: Shape; method: string; args: Shape[] }
  | { array: Shape[] }
  /** A parameter of the function in an `iife` (`spread`: as `...name`, the keys). */
  | { param: string; spread?: boolean }
  /** `((params) => body)(args)`: evaluates each argument once. */
  | { iife: Shape; params: string[]; args: Shape[] };

const call = (recv: Shape, method: string, ...args: Shape[]): Shape => ({ call: recv, method, args });
const A: Shape = { operand: 'a' }, B: Shape = { operand: 'b' }, X: Shape = { operand: 'x' }, V: Shape = { operand: 'v' };
const KEYS: Shape = { keys: true };

export const forms = {
  /** a.add(b) */
  method: (method: string) => call(A, method, B),
  /** 1 - a: a.__rsub__(1) */
  reflected: (method: string) => call(B, method, A),
  /** -a: a.neg() */
  unary: (method: string) => call(A, method),
  /** a -= b: a.sub_(b) */
  inplace: (method: string) => call(A, method, B),
  /** x[k] -= v, as Python's x.__setitem__(k, x.__getitem__(k).__isub__(v)); `once`: x and k evaluated once */
  inplaceSubscript(method: string, once: boolean): Shape {
    if (!once) return call(X, 'set', KEYS, call(call(X, 'index', KEYS), method, V));
    const t: Shape = { param: 'tl$t' }, k: Shape = { param: 'tl$k', spread: true };
    return { iife: call(t, 'set', k, call(call(t, 'index', k), method, V)), params: ['tl$t', 'tl$k'], args: [X, { array: [KEYS] }] };
  },
  /** x[k]: x.index(k); x[i, j]: x.index(i, j) */
  index: () => call(X, 'index', KEYS),
  /** x[k] = v: x.set(k, v); x[i, j] = v: x.set(i, j, v) */
  set: () => call(X, 'set', KEYS, V),
};

export interface Operands<T> { a?: T; b?: T; x?: T; v?: T; keys?: T[] }

/** A shape as printer pieces; `parens(n)` says whether an operand needs parentheses as a receiver. */
export function toPieces(shape: Shape, o: Operands<ts.Node>, parens: (n: ts.Node) => boolean): Piece[] {
  const list = (shapes: Shape[]): Piece[] => shapes.flatMap((s, i) => (i ? [', ', ...one(s, false)] : one(s, false)));
  const one = (s: Shape, receiver: boolean): Piece[] => {
    if ('operand' in s) { const n = o[s.operand]!; return receiver && parens(n) ? ['(', n, ')'] : [n]; }
    if ('keys' in s) return o.keys!.flatMap((k, i) => (i ? [', ', k] : [k]));
    if ('call' in s) return [...one(s.call, true), `.${s.method}(`, ...list(s.args), ')'];
    if ('array' in s) return ['[', ...list(s.array), ']'];
    if ('param' in s) return [s.spread ? `...${s.param}` : s.param];
    return [`((${s.params.join(', ')}) => `, ...one(s.iife, false), ')(', ...list(s.args), ')'];
  };
  return one(shape, false);
}

/** A shape as an expression node (the factory adds the parentheses it needs). */
export function toNode(shape: Shape, o: Operands<ts.Expression>): ts.Expression {
  const f = ts.factory;
  const list = (shapes: Shape[]): ts.Expression[] => shapes.flatMap((s) => ('keys' in s ? o.keys! : [one(s)]));
  const one = (s: Shape): ts.Expression => {
    if ('operand' in s) return o[s.operand]!;
    if ('call' in s) return f.createCallExpression(f.createPropertyAccessExpression(one(s.call), s.method), undefined, list(s.args));
    if ('array' in s) return f.createArrayLiteralExpression(list(s.array));
    if ('param' in s) return s.spread ? f.createSpreadElement(f.createIdentifier(s.param)) as unknown as ts.Expression : f.createIdentifier(s.param);
    if ('iife' in s) {
      const params = s.params.map((p) => f.createParameterDeclaration(undefined, undefined, p));
      const fn = f.createArrowFunction(undefined, undefined, params, undefined, f.createToken(ts.SyntaxKind.EqualsGreaterThanToken), one(s.iife));
      return f.createCallExpression(f.createParenthesizedExpression(fn), undefined, list(s.args));
    }
    throw new Error('the keys of a subscript stand only in an argument list or an array');
  };
  return one(shape);
}
