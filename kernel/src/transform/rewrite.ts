// Python's operators on tensors in a cell, rewritten to Tensor method calls by the static types of
// their operands: `a + b` -> `a.add(b)`, `1 - a` -> `a.__rsub__(1)`, `w -= g` -> `w.sub_(g)`,
// `x[m]` -> `x.index(m)`, `x[k] = v` -> `x.set(k, v)`. Operators on anything else, `any`
// included, are compiled as written.
//
// A cell is checked as its typing text: each operator that might involve a tensor is a call of a
// typed stand-in (rules.ts), so one type check gives every operand its type, nested results
// included, and the emitter turns each stand-in into the method call or back into the operator.
// Operators whose operands the syntax alone shows to be numbers, strings or booleans (`1 + 1`,
// `t < 20` for `let t = 0`; primitive.ts) cannot involve one: they stay as written, no stand-in.
// Where the stand-ins cannot vouch that the typing text types everything as the compiled cell does
// (an operator on unusual operands, a type error anywhere, a wrong tensor operand), the cell is
// checked again as its final text, the rewritten cell itself, so diagnostics are TypeScript's own.
import * as path from 'path';
import ts = require('@tslab/typescript-for-tslab');
import { BINARY, COMPOUND, Family, UNARY } from './operators';
import { Operands, Shape, forms, toNode, toPieces } from './forms';
import { Piece, PositionMap, Replacement, print } from './printer';
import { PrimitiveOperands } from './primitive';
import { runtimeModule } from '../preload';

/** The stand-ins' object in the typing text, declared at its end. */
export const OPS = 'tl$ops';
/** Its type, a global declared by RULES_MODULE: the typing text imports nothing, so a cell's builds
 *  differ in no import and TypeScript keeps the program's structure from one build to the next. */
export const OPS_TYPE = 'TorchlabOperators';
/** The global interface through which that module gives rules.ts the runtime's Tensor type. */
export const OPS_SLOT = 'TorchlabOperatorTypes';
/** The same for what a tensor's `index()` takes. */
export const OPS_KEYS = 'TorchlabOperatorKeys';
/** The module a converter adds to its program for the stand-ins' type, over the Tensor cells see. */
export const RULES_MODULE = [
  `import type { Ops } from ${JSON.stringify(path.join(__dirname, 'rules'))};`,
  `import type { Tensor } from ${JSON.stringify(runtimeModule('index'))};`,
  `import type { IndexSpec } from ${JSON.stringify(runtimeModule('ops', 'index_spec'))};`,
  `declare global { interface ${OPS_SLOT} { tensor: Tensor } interface ${OPS_KEYS} { key: IndexSpec } type ${OPS_TYPE} = Ops; }`,
].join('\n') + '\n';

const SK = ts.SyntaxKind;
const TF = ts.TypeFlags;
const SF = ts.SymbolFlags;
const PRIMITIVE = TF.NumberLike | TF.StringLike | TF.BooleanLike | TF.BigIntLike;

/** The symbol a name declared in an enclosing scope of the checked text (or an earlier cell's) has, as the binder recorded it. */
function local(name: ts.Identifier): ts.Symbol | undefined {
  for (let n: ts.Node | undefined = name.parent; n; n = n.parent) {
    const s = (n as ts.Node & { locals?: ts.SymbolTable }).locals?.get(name.escapedText);
    if (s) return s;
  }
  return undefined;
}

const isConst = (s: ts.Symbol) => !!s.valueDeclaration && !!(ts.getCombinedNodeFlags(s.valueDeclaration) & ts.NodeFlags.Const);

export type Form = 'binary' | 'unary' | 'compound' | 'at' | 'setAt';

export interface Candidate {
  node: ts.Expression;
  form: Form;
  /** The stand-in that types it (none for `x[k] = v`, which the typing text keeps). */
  family: Family | null;
  /** Operator text as written: '+', '-=', '[]'. */
  op: string;
}

/** What an operand is to the operators. */
export type Kind = 'any' | 'tensor' | 'scalar' | 'nullish' | 'other';
/** A subscript key of a tensor: names one of its members, or is something `index()` takes, or not. */
export type KeyKind = 'member' | 'valid' | 'invalid';
/** Which operand receives the method call, if any. */
export type Decision = 'leave' | 'left' | 'right' | 'error';

/** `a op b`, and `a op= b` for the assign families. */
export function decideBinary(family: Family, a: Kind, b: Kind): Decision {
  const operand = (k: Kind) => k === 'tensor' || k === 'scalar';
  if (family === 'equal') return a === 'tensor' && operand(b) ? 'left' : b === 'tensor' && a === 'scalar' ? 'right' : 'leave';
  if (a === 'any' || b === 'any') return 'leave';
  if (family === 'assign' || family === 'assignPlus') return a === 'tensor' ? (operand(b) ? 'left' : 'error') : b === 'tensor' ? 'error' : 'leave';
  if (a === 'tensor') return operand(b) ? 'left' : 'error';
  if (b === 'tensor') return a === 'scalar' ? 'right' : 'error';
  return 'leave';
}

export function decideUnary(a: Kind): Decision { return a === 'tensor' ? 'left' : 'leave'; }

/** `x[k...]` and, with `value`, `x[k...] = value`. */
export function decideIndex(x: Kind, keys: KeyKind[], value?: Kind): Decision | 'badKey' | 'badValue' {
  if (x !== 'tensor' || keys.includes('member')) return 'leave';
  if (keys.includes('invalid')) return 'badKey';
  if (value !== undefined && value !== 'tensor' && value !== 'scalar') return 'badValue';
  return 'left';
}

/** A wrong operand: where to point (start, end), the whole expression (node) and TypeScript's message. */
export interface OperatorError { start: number; end: number; node: [number, number]; message: string; code: number }

/** Operands that cannot be tensors: `x == null` and `kind == 'a'` keep narrowing types. */
function plainJs(e: ts.Expression): boolean {
  return e.kind === SK.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || ts.isStringLiteral(e)
    || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e) || ts.isTypeOfExpression(e) || ts.isVoidExpression(e);
}

const isNumberLiteral = (e: ts.Expression) => ts.isNumericLiteral(e) || ts.isBigIntLiteral(e);

/** An element access that is read: not written by `=`, `++`, destructuring, `for-of` or `delete`. */
function isRead(e: ts.ElementAccessExpression): boolean {
  const p = e.parent;
  if (ts.isBinaryExpression(p) && p.left === e && p.operatorToken.kind === SK.EqualsToken) return false;
  if (ts.isBinaryExpression(p) && p.left === e && COMPOUND.has(p.operatorToken.kind)) return true;
  if (ts.isDeleteExpression(p)) return false;
  return !(ts as unknown as { isAssignmentTarget(n: ts.Node): boolean }).isAssignmentTarget(e);
}

/**
 * The operators of a cell that might involve a tensor, outermost first: not those whose operands
 * the syntax shows to be numbers, strings or booleans (primitive.ts), nor subscripts of arrays the cell declares.
 */
export function scan(sf: ts.SourceFile): Candidate[] {
  const out: Candidate[] = [];
  // Code being typed (completion) may have operands still missing.
  const missing = (e: ts.Node) => e.getStart(sf) === e.end;
  let primitives: PrimitiveOperands | undefined;
  const primitive = (...es: ts.Expression[]) => es.every((e) => (primitives ??= new PrimitiveOperands(sf)).is(e));
  const plainTarget = (e: ts.Expression) => primitive(e) || primitives!.isArray(e);
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && !missing(node.left) && !missing(node.right)) {
      const k = node.operatorToken.kind;
      const bin = BINARY.get(k), cmp = COMPOUND.get(k);
      const op = node.operatorToken.getText(sf);
      if (bin) {
        if (!(bin.family === 'equal' && (plainJs(node.left) || plainJs(node.right))) && !primitive(node.left, node.right)) out.push({ node, form: 'binary', family: bin.family, op });
      } else if (cmp) {
        if (!primitive(node.left, node.right)) out.push({ node, form: 'compound', family: cmp.family, op });
      } else if (k === SK.EqualsToken && ts.isElementAccessExpression(node.left) && !node.left.questionDotToken && !plainTarget(node.left.expression)) {
        out.push({ node, form: 'setAt', family: null, op: '[]=' });
      }
    } else if (ts.isPrefixUnaryExpression(node)) {
      const un = UNARY.get(node.operator);
      if (un && !isNumberLiteral(node.operand) && !missing(node.operand) && !primitive(node.operand)) out.push({ node, form: 'unary', family: un.family, op: ts.tokenToString(node.operator)! });
    } else if (ts.isElementAccessExpression(node) && !node.questionDotToken && !missing(node.argumentExpression) && isRead(node) && !plainTarget(node.expression)) {
      out.push({ node, form: 'at', family: 'at', op: '[]' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const span = (from: number, to: number) => ({ from, to });
/** The keys of a subscript: `x[i, j]` has two. */
const keysOf = (key: ts.Expression): ts.Expression[] =>
  ts.isBinaryExpression(key) && key.operatorToken.kind === SK.CommaToken ? [...keysOf(key.left), ...keysOf(key.right)] : [key];

/** One candidate's outcome. */
export interface Decided {
  c: Candidate;
  d: Decision;
  /** For `x[k] op= v`: x is a tensor, so the compound writes through `x.set(...)`. */
  subscript?: boolean;
}

/** Diagnostics TypeScript gives the typing text of an assignment that becomes a tensor method call. */
const TARGET_CODES = new Set([2588, 2540, 2538, 2695, 2542, 2322, 2364]);

/** What the typing text's check says about a cell. */
export interface Decisions {
  decided: Decided[];
  errors: OperatorError[];
  /** Whether the typing text types some expression otherwise than the final text will. */
  exact: boolean;
  /** Whether it typed a tensor's member, read by its name, as a tensor: the cell is typed again with `members`. */
  members: boolean;
  /** Why: the operators (`'+' at 12`) whose stand-ins do not type them as the final text will. */
  why: string[];
  /** Drops the typing text's diagnostics about assignments that become tensor method calls. */
  keep(d: ts.Diagnostic): boolean;
  /** Turns the typing text into the final code as it is emitted. */
  transformer: ts.TransformerFactory<ts.SourceFile>;
}

/** The final text of a cell and its position map to the cell as written. */
export interface Final { text: string; map: PositionMap }

/** A cell as written, its candidate operators and its typing text. */
export class CellRewrite {
  readonly sf: ts.SourceFile;
  readonly candidates: Candidate[];
  /** The typing text, its map to the cell, and where each candidate is in it. */
  readonly typing: string;
  readonly typingMap: PositionMap;
  /** Where the cell's own statements end in the typing text (the stand-ins' declaration follows). */
  readonly typingEnd: number;
  private readonly typingStarts: Map<ts.Node, number[]>;

  /**
   * `parsed`: the cell already parsed, with parent pointers (the converter parses each cell once).
   * `members`: subscripts typed by the `member` stand-in, which reads a tensor's members by name.
   */
  constructor(readonly src: string, parsed?: ts.SourceFile, readonly members = false) {
    this.sf = parsed?.text === src ? parsed : ts.createSourceFile('cell.ts', src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    this.candidates = scan(this.sf);
    if (!this.candidates.length) {
      this.typing = src; this.typingEnd = src.length; this.typingMap = PositionMap.identity(src.length); this.typingStarts = new Map();
      return;
    }
    const r = new Map<ts.Node, Replacement>();
    for (const c of this.candidates) r.set(c.node, this.standIn(c));
    const printed = print(this.sf, r);
    this.typing = `${printed.text}\ndeclare const ${OPS}: ${OPS_TYPE};\n`;
    this.typingEnd = printed.text.length;
    this.typingMap = printed.map;
    this.typingStarts = printed.starts;
  }

  get active(): boolean { return this.candidates.length > 0; }

  /** A candidate in the typing text: a stand-in call (for `T op= v`: `T = tl$ops.assign(T, v)`). */
  private standIn(c: Candidate): Replacement {
    const sf = this.sf, n = c.node;
    const open = `${OPS}.${c.family === 'at' && this.members ? 'member' : c.family}(`;
    if (c.form === 'binary') {
      const b = n as ts.BinaryExpression, op = b.operatorToken;
      return { anchor: op.getStart(sf), pieces: [open, b.left, span(b.left.end, op.getStart(sf)), ',', span(op.end, b.right.getStart(sf)), b.right, ')'] };
    }
    if (c.form === 'compound') {
      const b = n as ts.BinaryExpression, op = b.operatorToken;
      // The target twice: as written, assigned (TypeScript checks the assignment), and read.
      return { anchor: op.getStart(sf), pieces: [{ raw: b.left }, span(b.left.end, op.getStart(sf)), '= ', open, b.left, ', ', span(op.end, b.right.getStart(sf)), b.right, ')'] };
    }
    if (c.form === 'unary') {
      const u = n as ts.PrefixUnaryExpression;
      return { anchor: u.getStart(sf), pieces: [open, span(u.operand.pos, u.operand.getStart(sf)), u.operand, ')'] };
    }
    if (c.form === 'at') {
      const e = n as ts.ElementAccessExpression, key = e.argumentExpression, lb = key.pos - 1;
      return { anchor: lb, pieces: [open, e.expression, ', ', span(lb + 1, key.getStart(sf)), key, span(key.end, e.end - 1), ')'] };
    }
    // x[k] = v stays as written; the replacement only marks where it is.
    const b = n as ts.BinaryExpression;
    return { anchor: b.operatorToken.getStart(sf), pieces: [b.left, span(b.left.end, b.right.getStart(sf)), b.right] };
  }

  /**
   * Decide every candidate from the checked typing text: `typed` is its source file, `offset` where
   * the typing text starts in it.
   */
  decide(checker: ts.TypeChecker, typed: ts.SourceFile, offset: number): Decisions {
    const sf = this.sf;
    // The stand-ins' declaration is the typing text's last statement (the converter's export list may follow).
    const ops = typed.statements.map((st) => (ts.isVariableStatement(st) ? st.declarationList.declarations[0].name : null))
      .reverse().find((n): n is ts.Identifier => !!n && ts.isIdentifier(n) && n.text === OPS);
    if (!ops) throw new Error(`the typing text has no ${OPS} declaration`);
    const types = new Kinds(checker, checker.getTypeAtLocation(ops));
    const isStandIn = (n: ts.Node): n is ts.CallExpression => ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)
      && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === OPS;
    const isAssignment = (n: ts.Node): n is ts.BinaryExpression => ts.isBinaryExpression(n) && n.operatorToken.kind === SK.EqualsToken;
    const matches: Record<Form, (n: ts.Node) => boolean> = {
      binary: isStandIn, unary: isStandIn, at: isStandIn,
      compound: (n) => isAssignment(n) && isStandIn(n.right),
      setAt: (n) => isAssignment(n) && ts.isElementAccessExpression(n.left),
    };
    // The typing text's nodes by where they start, innermost last: one walk of the whole text,
    // down only into nodes that hold a candidate's copy.
    const wanted = new Set<number>();
    for (const starts of this.typingStarts.values()) for (const at of starts) wanted.add(at + offset);
    const byStart = new Map<number, ts.Node[]>();
    const sorted = [...wanted].sort((a, b) => a - b);
    /** Whether a wanted position lies in [pos, end). */
    const holds = (pos: number, end: number) => {
      let lo = 0, hi = sorted.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < pos) lo = mid + 1; else hi = mid; }
      return lo < sorted.length && sorted[lo] < end;
    };
    const walk = (n: ts.Node): void => {
      ts.forEachChild(n, (child) => {
        if (!holds(child.pos, child.end)) return;
        const start = child.getStart(typed);
        if (wanted.has(start)) { let list = byStart.get(start); if (!list) byStart.set(start, list = []); list.push(child); }
        walk(child);
      });
    };
    walk(typed);
    /** The innermost node starting at `at` in the typing text that `want` accepts (`x[k] = v`, not `y = x[k] = v`). */
    const nodeAt = (at: number, want: (n: ts.Node) => boolean): ts.Node | undefined =>
      (byStart.get(at + offset) ?? []).filter(want).pop();
    /** The typing text's copies of a candidate (a compound's target is there twice). */
    const copies = (c: Candidate): ts.Node[] => (this.typingStarts.get(c.node) ?? []).map((at) => {
      const node = nodeAt(at, matches[c.form]);
      if (!node) throw new Error(`the typing text has no ${c.op} at ${at}`);
      return node;
    });

    /**
     * An operand's type, or a stand-in's: for a stand-in, what the overload the check chose returns
     * (the check resolved it once; asking for the call's type would check the call again).
     */
    const typeOf = (e: ts.Expression): ts.Type => {
      let inner = e;
      while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
      const signature = isStandIn(inner) ? checker.getResolvedSignature(inner) : undefined;
      if (signature) return checker.getReturnTypeOfSignature(signature);
      // A name declared a Tensor is one wherever it is read (narrowing only gives it a subclass),
      // and a constant declared a number, string or boolean is that: their declared types, which the
      // check has resolved, are what they are here (asking for the type at this place would run the
      // control flow analysis again).
      const symbol = ts.isIdentifier(inner) ? local(inner)
        : ts.isPropertyAccessExpression(inner) && !inner.questionDotToken ? checker.getSymbolAtLocation(inner.name) : undefined;
      if (symbol && symbol.flags & (SF.Variable | SF.Property)) {
        const declared = checker.getTypeOfSymbol(symbol);
        if (declared === types.tensor) return declared;
        if (declared.flags & PRIMITIVE && !declared.isUnion() && symbol.flags & SF.BlockScopedVariable && isConst(symbol)) return declared;
      }
      return checker.getTypeAtLocation(e);
    };
    const errors: OperatorError[] = [];
    const decided: Decided[] = [];
    const emitted = new Map<ts.Node, Decided>();
    const targets: [number, number][] = [];
    const why: string[] = [];
    let members = false;
    for (const c of this.candidates) {
      const nodes = copies(c);
      const first = nodes[0];
      const n = c.node;
      const node: [number, number] = [n.getStart(sf), n.end];
      const call = (c.form === 'compound' ? (first as ts.BinaryExpression).right : first) as ts.CallExpression;
      const operands: ts.Expression[] = c.form === 'setAt'
        ? [((first as ts.BinaryExpression).left as ts.ElementAccessExpression).expression, (first as ts.BinaryExpression).right,
          ...keysOf(((first as ts.BinaryExpression).left as ts.ElementAccessExpression).argumentExpression)]
        : [...call.arguments];
      const t = operands.map(typeOf);
      const result = c.form === 'setAt' ? null : typeOf(call);
      let d: Decision = 'leave';
      if (c.form === 'binary' || c.form === 'compound') {
        d = decideBinary(c.family!, types.of(t[0]), types.of(t[1]));
        if (d === 'error') {
          const op = (n as ts.BinaryExpression).operatorToken;
          errors.push({ start: op.getStart(sf), end: op.end, node, code: 2365,
            message: `Operator '${c.op}' cannot be applied to types '${types.show(t[0])}' and '${types.show(t[1])}'.` });
        }
      } else if (c.form === 'unary') {
        d = decideUnary(types.of(t[0]));
      } else {
        const keys = t.slice(c.form === 'at' ? 1 : 2);
        const kinds = keys.map((k) => types.key(t[0], k));
        // The typing text typed a tensor's member as a tensor: the cell is typed again, undecided.
        if (c.form === 'at' && !this.members && kinds.includes('member') && types.of(t[0]) === 'tensor') { members = true; break; }
        const r = decideIndex(types.of(t[0]), kinds, c.form === 'setAt' ? types.of(t[1]) : undefined);
        const e = (c.form === 'at' ? n : (n as ts.BinaryExpression).left) as ts.ElementAccessExpression;
        if (r === 'badKey') {
          const bad = keys[kinds.indexOf('invalid')];
          errors.push({ start: e.argumentExpression.getStart(sf), end: e.argumentExpression.end, node, code: 2538,
            message: `Type '${types.show(bad)}' cannot be used as an index type.` });
          d = 'error';
        } else if (r === 'badValue') {
          const v = (n as ts.BinaryExpression).right;
          errors.push({ start: v.getStart(sf), end: v.end, node, code: 2322,
            message: `Type '${types.show(t[1])}' is not assignable to type 'Tensor | number | boolean'.` });
          d = 'error';
        } else d = r;
      }
      const x: Decided = { c, d };
      decided.push(x);
      for (const copy of nodes) emitted.set(copy, x);
      const rewritten = d === 'left' || d === 'right';
      // The typing text types this expression as the final text will: a stand-in typed Tensor for
      // a tensor operation, the operator's own JavaScript type otherwise.
      if (d === 'error' || (rewritten ? result !== null && result !== types.tensor : c.form !== 'setAt' && !types.sameAsJs(c, t, result!))) {
        why.push(`'${c.op}' at ${node[0]} (${t.map((x) => types.show(x)).join(', ')}${result ? ` -> ${types.show(result)}` : ''})`);
      }
      if (rewritten && (c.form === 'compound' || c.form === 'setAt')) {
        for (const copy of nodes) { const l = (copy as ts.BinaryExpression).left; targets.push([l.getStart(typed), l.end]); }
      }
    }
    // `x[k] op= v` on a tensor x writes through x.set(...); its target is then not an index of its own.
    for (const x of decided) {
      const target = (x.c.node as ts.BinaryExpression).left;
      if (x.c.form !== 'compound' || !ts.isElementAccessExpression(target)) continue;
      const t = decided.find((y) => y.c.node === target);
      if (!t) continue;
      x.subscript = t.d === 'left' && x.d === 'left';
      if (t.d === 'left') t.d = 'leave';
    }
    return {
      decided, errors, exact: why.length > 0, why, members,
      keep: (diag) => !(diag.start !== undefined && TARGET_CODES.has(diag.code) && targets.some(([s, e]) => s <= diag.start! && diag.start! < e)),
      transformer: (context) => (file) => (file.fileName === typed.fileName ? this.emit(file, emitted, context) : file),
    };
  }

  /** The shape of a rewritten candidate's method call. */
  private shape(x: Decided): Shape {
    const { c } = x;
    if (c.form === 'unary') return forms.unary(UNARY.get((c.node as ts.PrefixUnaryExpression).operator)!.method);
    if (c.form === 'at') return forms.index();
    const b = c.node as ts.BinaryExpression;
    if (c.form === 'binary') { const s = BINARY.get(b.operatorToken.kind)!; return x.d === 'right' ? forms.reflected(s.reflected) : forms.method(s.method); }
    if (c.form === 'setAt') return forms.set();
    const inplace = COMPOUND.get(b.operatorToken.kind)!.inplace;
    if (!x.subscript) return forms.inplace(inplace);
    const e = b.left as ts.ElementAccessExpression;
    return forms.inplaceSubscript(inplace, !isSimple(e.expression) || !isSimple(e.argumentExpression));
  }

  /** The final text: the cell with each tensor operator as its method call. */
  final(decisions: Decisions): Final {
    const sf = this.sf;
    const r = new Map<ts.Node, Replacement>();
    const rewritten = new Set<ts.Node>(decisions.decided.filter((x) => x.d === 'left' || x.d === 'right').map((x) => x.c.node));
    const parens = (e: ts.Node) => !rewritten.has(e) && needsParens(e);
    for (const x of decisions.decided) {
      if (!rewritten.has(x.c.node)) continue;
      const n = x.c.node;
      let anchor: number, o: Operands<ts.Node>;
      if (ts.isPrefixUnaryExpression(n)) { anchor = n.getStart(sf); o = { a: n.operand }; } else if (ts.isElementAccessExpression(n)) {
        anchor = n.argumentExpression.pos - 1; o = { x: n.expression, keys: [n.argumentExpression] };
      } else {
        const b = n as ts.BinaryExpression;
        anchor = b.operatorToken.getStart(sf);
        const sub = b.left as ts.ElementAccessExpression;
        o = x.c.form === 'binary' || (x.c.form === 'compound' && !x.subscript) ? { a: b.left, b: b.right }
          : { x: sub.expression, keys: [sub.argumentExpression], v: b.right };
      }
      r.set(n, { anchor, pieces: this.guardStatementStart(n, toPieces(this.shape(x), o, parens), r) });
    }
    const printed = print(sf, r);
    return { text: printed.text, map: printed.map };
  }

  /** The emitted form of the typing text: stand-ins become method calls, or their operators again. */
  private emit(file: ts.SourceFile, emitted: Map<ts.Node, Decided>, context: ts.TransformationContext): ts.SourceFile {
    const f = ts.factory;
    // Only the way down to the stand-ins is walked; everything else is emitted as it is.
    const above = new Set<ts.Node>();
    for (const node of emitted.keys()) for (let n = node.parent; n && !above.has(n); n = n.parent) above.add(n);
    const visit = (node: ts.Node): ts.Node | undefined => {
      const x = emitted.get(node);
      // The stand-ins' declaration goes (erased, it would stand after the cell's last expression).
      if (ts.isVariableStatement(node) && node.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === OPS)) return undefined;
      if (!x) return above.has(node) || ts.isSourceFile(node) ? ts.visitEachChild(node, visit, context) : node;
      const v = (e: ts.Expression) => ts.visitNode(e, visit) as ts.Expression;
      const rewritten = x.d === 'left' || x.d === 'right';
      const c = x.c;
      if (c.form === 'setAt' || c.form === 'compound') {
        const assign = node as ts.BinaryExpression;
        const target = assign.left;
        const value = c.form === 'setAt' ? assign.right : (assign.right as ts.CallExpression).arguments[1];
        if (!rewritten) {
          if (c.form === 'setAt') return ts.visitEachChild(node, visit, context);
          return f.createBinaryExpression(v(target), (c.node as ts.BinaryExpression).operatorToken.kind as ts.BinaryOperator, v(value));
        }
        const sub = target as ts.ElementAccessExpression;
        const o: Operands<ts.Expression> = c.form === 'compound' && !x.subscript ? { a: v(target), b: v(value) }
          : { x: v(sub.expression), keys: keysOf(sub.argumentExpression).map(v), v: v(value) };
        return toNode(this.shape(x), o);
      }
      const args = (node as ts.CallExpression).arguments.map(v);
      if (!rewritten) {
        const n = c.node;
        if (ts.isBinaryExpression(n)) return f.createBinaryExpression(args[0], n.operatorToken.kind as ts.BinaryOperator, args[1]);
        if (ts.isPrefixUnaryExpression(n)) return f.createPrefixUnaryExpression(n.operator, args[0]);
        return f.createElementAccessExpression(args[0], args.slice(1).reduce((l, r) => f.createComma(l, r)));
      }
      const o: Operands<ts.Expression> = c.form === 'at' ? { x: args[0], keys: args.slice(1) } : { a: args[0], b: args[1] };
      return toNode(this.shape(x), o);
    };
    return ts.visitNode(file, visit) as ts.SourceFile;
  }

  /**
   * A statement that now starts with `(` where it did not (a parenthesised receiver) would continue
   * the previous line when that has no semicolon: such a statement gets one in front.
   */
  private guardStatementStart(node: ts.Node, pieces: Piece[], done: Map<ts.Node, Replacement>): Piece[] {
    const sf = this.sf;
    const start = node.getStart(sf);
    let st: ts.Node = node;
    while (st.parent && !ts.isExpressionStatement(st) && st.parent.getStart(sf) === start) st = st.parent;
    if (!ts.isExpressionStatement(st) || st.getStart(sf) !== start) return pieces;
    const p = st.parent;
    if (!(ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p))) return pieces;
    const first = (ps: Piece[]): string => {
      const f = ps[0];
      if (typeof f === 'string') return f[0] ?? '';
      if ('kind' in f) { const inner = done.get(f); return inner ? first(inner.pieces) : sf.text[f.getStart(sf)]; }
      if ('raw' in f) return sf.text[f.raw.getStart(sf)];
      return sf.text[f.from];
    };
    const c = first(pieces);
    return '([`'.includes(c) && c !== sf.text[start] ? [';', ...pieces] : pieces;
  }
}

/** Receivers that are not member-accessible as written: `(await t).add(1)`, `(t as T).add(1)`. */
function needsParens(e: ts.Node): boolean {
  switch (e.kind) {
    case SK.Identifier: case SK.ThisKeyword: case SK.SuperKeyword: case SK.PropertyAccessExpression: case SK.ElementAccessExpression:
    case SK.CallExpression: case SK.ParenthesizedExpression: case SK.NonNullExpression: case SK.ArrayLiteralExpression:
    case SK.TaggedTemplateExpression: case SK.MetaProperty:
      return false;
    case SK.NewExpression:
      return !(e as ts.NewExpression).arguments;
    default:
      return true;
  }
}

/** Expressions that may be evaluated twice: names, literals, member chains of those. */
function isSimple(e: ts.Node): boolean {
  switch (e.kind) {
    case SK.Identifier: case SK.ThisKeyword: case SK.NumericLiteral: case SK.StringLiteral: case SK.NoSubstitutionTemplateLiteral:
    case SK.NullKeyword: case SK.TrueKeyword: case SK.FalseKeyword:
      return true;
    case SK.PropertyAccessExpression: return !(e as ts.PropertyAccessExpression).questionDotToken && isSimple((e as ts.PropertyAccessExpression).expression);
    case SK.ParenthesizedExpression: case SK.NonNullExpression: return isSimple((e as ts.ParenthesizedExpression).expression);
    case SK.PrefixUnaryExpression: return isNumberLiteral((e as ts.PrefixUnaryExpression).operand);
    case SK.ArrayLiteralExpression: return (e as ts.ArrayLiteralExpression).elements.every(isSimple);
    case SK.TemplateExpression: return (e as ts.TemplateExpression).templateSpans.every((s) => isSimple(s.expression));
    case SK.BinaryExpression: {
      const b = e as ts.BinaryExpression;
      return b.operatorToken.kind === SK.CommaToken && isSimple(b.left) && isSimple(b.right);
    }
    default:
      return false;
  }
}

/** Operand kinds from the typing text's check, against the types rules.ts declares. */
class Kinds {
  private readonly assignable: (a: ts.Type, b: ts.Type) => boolean;
  private readonly known = new Map<string, ts.Type>();
  private types: ts.Type | null = null;

  constructor(private readonly checker: ts.TypeChecker, private readonly ops: ts.Type) {
    // TypeScript 5.0's checker has isTypeAssignableTo; its declaration came in a later release.
    const c = checker as ts.TypeChecker & { isTypeAssignableTo(a: ts.Type, b: ts.Type): boolean };
    this.assignable = (a, b) => c.isTypeAssignableTo(a, b);
  }

  /** A type rules.ts declares, resolved when first asked for. */
  private t(name: string): ts.Type {
    let type = this.known.get(name);
    if (!type) {
      this.types ??= this.checker.getTypeOfSymbol(this.ops.getProperty('types')!);
      type = this.checker.getTypeOfSymbol(this.types.getProperty(name)!);
      this.known.set(name, type);
    }
    return type;
  }

  get tensor(): ts.Type { return this.t('tensor'); }
  private get nullish(): ts.Type { return this.t('nullish'); }
  private get scalar(): ts.Type { return this.t('scalar'); }
  private get keyType(): ts.Type { return this.t('key'); }
  private get exotic(): ts.Type { return this.t('exotic'); }

  of(t: ts.Type): Kind {
    if (t.flags & TF.Any) return 'any';
    if (t.flags & TF.Never) return 'other';
    // Most operands are plain numbers or the tensor type itself: no relation to compute.
    if (t.flags & (TF.NumberLike | TF.BooleanLike) && !(t.flags & TF.Union)) return 'scalar';
    if (t === this.tensor) return 'tensor';
    if (this.assignable(t, this.nullish)) return 'nullish';
    if (this.assignable(t, this.tensor)) return 'tensor';
    if (this.assignable(t, this.scalar)) return 'scalar';
    return 'other';
  }

  /** A key of tensor `x`: one of its members (`t['sum']`, symbols), an index, or neither. */
  key(x: ts.Type, k: ts.Type): KeyKind {
    if (k.flags & TF.ESSymbolLike) return 'member';
    if ((k.isStringLiteral() || k.isNumberLiteral()) && this.checker.getPropertyOfType(x, String(k.value))) return 'member';
    return this.assignable(k, this.keyType) ? 'valid' : 'invalid';
  }

  /** A type as an error message names it: literals by their primitive type. */
  show(t: ts.Type): string {
    return this.checker.typeToString(t.flags & TF.Literal ? this.checker.getBaseTypeOfLiteralType(t) : t);
  }

  /**
   * Whether a stand-in left as its operator was typed as TypeScript types the operator itself:
   * its operands are ones TypeScript accepts without a diagnostic and the stand-in's type is the
   * operator's. Anything else is for the final text's check to say.
   */
  sameAsJs(c: Candidate, t: ts.Type[], result: ts.Type): boolean {
    if (result === this.exotic) return false;
    // A tensor's own member (`t['shape']`) or anything on `any`: as TypeScript types it.
    if (c.form === 'at') return t[0].flags & TF.Any ? !!(result.flags & TF.Any) : this.of(t[0]) !== 'tensor';
    const every = (x: ts.Type, f: number) => (x.isUnion() ? x.types.every((m) => m.flags & f) : !!(x.flags & f));
    const any = (x: ts.Type) => !!(x.flags & TF.Any);
    const num = (x: ts.Type) => every(x, TF.NumberLike), big = (x: ts.Type) => every(x, TF.BigIntLike);
    const str = (x: ts.Type) => every(x, TF.StringLike), bool = (x: ts.Type) => every(x, TF.BooleanLike);
    const sym = (x: ts.Type) => !any(x) && (x.isUnion() ? x.types.some((m) => m.flags & TF.ESSymbolLike) : !!(x.flags & TF.ESSymbolLike));
    const literal = (x: ts.Type) => !bool(x) && (x.isUnion() ? x.types.some((m) => m.flags & TF.Literal) : !!(x.flags & TF.Literal))
      || (!!(x.flags & TF.BooleanLiteral) && !x.isUnion());
    const is = (flag: number) => !!(result.flags & flag) && !(result.flags & TF.Literal);
    const [a, b] = t;
    switch (c.family) {
      case 'plus': case 'assignPlus':
        if (num(a) && num(b)) return is(TF.Number);
        if (big(a) && big(b)) return is(TF.BigInt);
        if (sym(a) || sym(b)) return false;
        if (str(a) || str(b)) return is(TF.String);
        return (any(a) || any(b)) && is(TF.Any);
      case 'arith': case 'assign':
        if ((num(a) || any(a)) && (num(b) || any(b))) return is(TF.Number);
        return big(a) && big(b) && is(TF.BigInt);
      case 'compare':
        if (sym(a) || sym(b)) return false;
        return ((num(a) || big(a) || any(a)) && (num(b) || big(b) || any(b)) || (str(a) && str(b))) && !!(result.flags & TF.Boolean);
      case 'equal':
        if (!(result.flags & TF.Boolean)) return false;
        if (any(a) || any(b)) return true;
        // Two literals may not overlap (`1 == 2` is an error); a literal and its primitive do.
        if (literal(a) && literal(b) && !this.assignable(a, b) && !this.assignable(b, a)) return false;
        return (num(a) && num(b)) || (str(a) && str(b)) || (big(a) && big(b)) || (bool(a) && bool(b));
      case 'unary':
        if (num(a) || any(a)) return is(TF.Number);
        return big(a) && is(TF.BigInt);
      case 'plus1':
        return (num(a) || str(a) || bool(a) || any(a)) && is(TF.Number);
      default:
        return false;
    }
  }
}
