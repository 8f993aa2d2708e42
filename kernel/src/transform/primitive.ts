// Operands that the syntax alone shows to be numbers, bigints, strings or booleans, never a tensor
// nor `any`: `1 + 1`, `'a' + 1`, `t < 20` in `for (let t = 0; ...)`, `xs[xs.length - 1] * 2` for
// `const xs: number[]`. An operator whose operands are all such is JavaScript's own operator, so the
// cell's typing text keeps it as written (rewrite.ts) and the checker never types it through a
// stand-in; a cell with no other operator is compiled as written, at no cost.
//
// Only what cannot be mistaken: literals and operators on them, and names the cell declares once
// (and nothing else of the cell declares again), without a type or with a primitive one, read
// within the scope of their declaration. Anything else is left to the checker.
import ts = require('@tslab/typescript-for-tslab');

const SK = ts.SyntaxKind;

/** Binary operators whose result is a number, bigint, string or boolean when their operands are. */
const PRIMITIVE_BINARY = new Set([
  SK.PlusToken, SK.MinusToken, SK.AsteriskToken, SK.SlashToken, SK.PercentToken, SK.AsteriskAsteriskToken,
  SK.AmpersandToken, SK.BarToken, SK.CaretToken, SK.LessThanLessThanToken, SK.GreaterThanGreaterThanToken,
  SK.GreaterThanGreaterThanGreaterThanToken, SK.LessThanToken, SK.LessThanEqualsToken, SK.GreaterThanToken,
  SK.GreaterThanEqualsToken, SK.EqualsEqualsToken, SK.ExclamationEqualsToken, SK.EqualsEqualsEqualsToken,
  SK.ExclamationEqualsEqualsToken, SK.AmpersandAmpersandToken, SK.BarBarToken, SK.QuestionQuestionToken, SK.CommaToken,
]);

const PRIMITIVE_KEYWORDS = new Set([SK.NumberKeyword, SK.StringKeyword, SK.BooleanKeyword, SK.BigIntKeyword]);

/** A name's declaration: the node that binds it. */
type Binding = ts.VariableDeclaration | ts.BindingElement | ts.Node;

export class PrimitiveOperands {
  /** Every name the cell binds, with each node that binds it. */
  private readonly bindings = new Map<string, Binding[]>();
  /** Names being looked at (a declaration that reads its own name, `let n = n + 1`, is not primitive). */
  private readonly visiting = new Set<ts.Node>();

  constructor(sf: ts.SourceFile) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && bindsName(node)) {
        const list = this.bindings.get(node.text);
        if (list) list.push(node.parent); else this.bindings.set(node.text, [node.parent]);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  /** Whether `e`'s type is a number, bigint, string or boolean, as the syntax shows. */
  is(e: ts.Expression): boolean {
    switch (e.kind) {
      case SK.NumericLiteral: case SK.BigIntLiteral: case SK.StringLiteral: case SK.NoSubstitutionTemplateLiteral:
      case SK.TemplateExpression: case SK.TrueKeyword: case SK.FalseKeyword: case SK.TypeOfExpression: case SK.PostfixUnaryExpression:
        return true;
      case SK.ParenthesizedExpression: case SK.NonNullExpression:
        return this.is((e as ts.ParenthesizedExpression).expression);
      case SK.PrefixUnaryExpression: {
        const u = e as ts.PrefixUnaryExpression;
        // `!x` is a boolean and `++x` a number whatever x is; `-x`, `+x`, `~x` are numbers when x is one.
        return u.operator === SK.ExclamationToken || u.operator === SK.PlusPlusToken || u.operator === SK.MinusMinusToken || this.is(u.operand);
      }
      case SK.BinaryExpression: {
        const b = e as ts.BinaryExpression;
        if (b.operatorToken.kind === SK.CommaToken) return this.is(b.right);
        return PRIMITIVE_BINARY.has(b.operatorToken.kind) && this.is(b.left) && this.is(b.right);
      }
      case SK.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        return this.is(c.whenTrue) && this.is(c.whenFalse);
      }
      case SK.AsExpression: case SK.TypeAssertionExpression:
        return PRIMITIVE_KEYWORDS.has((e as ts.AsExpression).type.kind);
      case SK.PropertyAccessExpression: {
        // The length of a string or of an array the cell declares.
        const p = e as ts.PropertyAccessExpression;
        return p.name.text === 'length' && !p.questionDotToken && (this.is(p.expression) || this.isArray(p.expression));
      }
      case SK.ElementAccessExpression: {
        // An element of an array the cell declares as `number[]`, `string[]`, ...
        const x = (e as ts.ElementAccessExpression).expression;
        return !(e as ts.ElementAccessExpression).questionDotToken && ts.isIdentifier(x)
          && this.declared(x, (d) => !!d.type && ts.isArrayTypeNode(d.type) && PRIMITIVE_KEYWORDS.has(d.type.elementType.kind), () => false);
      }
      case SK.Identifier:
        return this.declared(e as ts.Identifier, (d) => (d.type ? PRIMITIVE_KEYWORDS.has(d.type.kind) : !!d.initializer && this.is(d.initializer)),
          (init) => this.is(init));
      default:
        return false;
    }
  }

  /** Whether `e` is an array or tuple the cell declares (its elements are not looked at). */
  isArray(e: ts.Expression): boolean {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    return ts.isArrayLiteralExpression(e) || (ts.isIdentifier(e) && this.declared(e,
      (d) => (d.type ? ts.isArrayTypeNode(d.type) || ts.isTupleTypeNode(d.type) : !!d.initializer && ts.isArrayLiteralExpression(skipParens(d.initializer))),
      (init) => ts.isArrayLiteralExpression(skipParens(init))));
  }

  /**
   * Whether a name is the cell's only binding of it, a variable whose declaration `plain` accepts
   * (or an element of `const [a, b] = [...]` whose initializer `element` accepts), and is read within its scope.
   */
  private declared(id: ts.Identifier, plain: (d: ts.VariableDeclaration) => boolean, element: (init: ts.Expression) => boolean): boolean {
    const list = this.bindings.get(id.text);
    if (!list || list.length !== 1 || bindsName(id)) return false;
    const d = list[0];
    if (this.visiting.has(d)) return false;
    this.visiting.add(d);
    try {
      if (ts.isVariableDeclaration(d)) return inScope(id, d) && plain(d);
      // const [a, b] = [1, 2]: the element at the same place, with no spread or default to shift or widen it.
      if (!ts.isBindingElement(d) || d.dotDotDotToken || d.initializer || !ts.isArrayBindingPattern(d.parent)) return false;
      const decl = d.parent.parent;
      if (!ts.isVariableDeclaration(decl) || decl.type || !decl.initializer || !inScope(id, decl)) return false;
      const init = skipParens(decl.initializer);
      if (!ts.isArrayLiteralExpression(init) || init.elements.some(ts.isSpreadElement)) return false;
      const value = init.elements[d.parent.elements.indexOf(d)];
      return !!value && !ts.isOmittedExpression(value) && element(value);
    } finally {
      this.visiting.delete(d);
    }
  }
}

const skipParens = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? skipParens(e.expression) : e);

/** Whether an identifier is the name a declaration binds (not a property's name, nor a reference). */
function bindsName(id: ts.Identifier): boolean {
  const p = id.parent;
  switch (p.kind) {
    case SK.VariableDeclaration: case SK.Parameter: case SK.FunctionDeclaration: case SK.FunctionExpression: case SK.ClassDeclaration:
    case SK.ClassExpression: case SK.EnumDeclaration: case SK.ModuleDeclaration: case SK.ImportClause: case SK.NamespaceImport:
    case SK.ImportEqualsDeclaration: case SK.ImportSpecifier: case SK.BindingElement:
      return (p as ts.NamedDeclaration).name === id;
    default:
      return false;
  }
}

/** Whether `id` lies within the scope of variable declaration `d`: its block for `let` and `const`, its function for `var`. */
function inScope(id: ts.Node, d: ts.VariableDeclaration): boolean {
  const list = d.parent;
  if (!ts.isVariableDeclarationList(list)) return false;
  const blockScoped = (list.flags & ts.NodeFlags.BlockScoped) !== 0;
  let scope: ts.Node = list.parent;
  if (ts.isVariableStatement(scope)) scope = scope.parent;
  else if (!(ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope))) return false;
  if (!blockScoped) {
    while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope) && !ts.isModuleBlock(scope) && !ts.isClassStaticBlockDeclaration(scope)) scope = scope.parent;
  }
  return scope.pos <= id.pos && id.end <= scope.end;
}
