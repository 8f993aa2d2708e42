// The operator rewriting on its own (kernel/src/transform): which syntax is considered, what is
// decided, the rewritten text and the emitted code, position maps, and that code without tensors
// compiles exactly as the converter compiles it without rewriting (diagnostics and declared types), in this process.
import { strict as assert } from 'assert';
import { SourceMap } from 'module';
import * as ts from '@tslab/typescript-for-tslab';
import { Converter } from '../../kernel/src/converter';
import { CellRewrite, Kind, decideBinary, decideIndex, decideUnary, scan } from '../../kernel/src/transform/rewrite';
import { PositionMap, print } from '../../kernel/src/transform/printer';
import { prelude } from '../../kernel/src/preload';

const parse = (src: string) => ts.createSourceFile('cell.ts', src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);

describe('operator rewriting: syntax, decisions, position maps', () => {
  it('considers arithmetic, comparison, bitwise, unary, compound and subscript syntax, not identity, logic or plain JavaScript', () => {
    const forms = (src: string) => scan(parse(src)).map((c) => `${c.form} ${c.op}`);
    assert.deepEqual(forms('a + b * c'), ['binary +', 'binary *']);
    assert.deepEqual(forms('a ** -b; ~m; +x'), ['binary **', 'unary -', 'unary ~', 'unary +']);
    assert.deepEqual(forms('a == b; a != 1; a < b; a >= 2; a & b; a | b; a ^ b'), ['binary ==', 'binary !=', 'binary <', 'binary >=', 'binary &', 'binary |', 'binary ^']);
    assert.deepEqual(forms('w -= g; w += 1; w **= 2; w %= 3'), ['compound -=', 'compound +=', 'compound **=', 'compound %=']);
    assert.deepEqual(forms('x[0]; x[i, j] = v; x[k] += 1'), ['at []', 'setAt []=', 'compound +=', 'at []']);
    // identity, logic, literals and JavaScript idioms that cannot involve a tensor
    assert.deepEqual(forms("a === b; a !== b; a && b; a || b; a ?? b; -1; x == null; x != undefined; k == 'a'; typeof x == t; a << 1"), []);
    // writes that are not `=` or a compound assignment, optional chains, code still being typed
    assert.deepEqual(forms('x[0]++; [x[0]] = [1]; delete x[0]; for (x[0] of xs); x?.[0]; a +'), []);
  });

  it('leaves to JavaScript, without a stand-in, operators whose operands the syntax shows to be numbers, strings or booleans', () => {
    const forms = (src: string) => scan(parse(src)).map((c) => `${c.form} ${c.op}`);
    // literals, operators on them, names the cell declares once from literals or with a primitive type, lengths of its arrays
    assert.deepEqual(forms("1 + 1; 'a' + 1; -(2 * 3); !f < 1; i++ < 3; `${x}` + 1; typeof t == 's'; (x as number) * 2"), []);
    assert.deepEqual(forms('for (let t = 0; t < 20; t++) t % 2; let n = 1 + 2, s = "a"; n += s.length; -n; ~n; const lr: number = f(); lr ** 2'), []);
    assert.deepEqual(forms('const xs: number[] = []; xs[xs.length - 1] * 2; const [N, D] = [64, 1000]; N * D; const ys = [a, b]; ys[0] = ys[1]; var v = 1; v / 2'), []);
    // anything the syntax does not settle is left to the checker: names declared twice, out of scope, of other or no
    // primitive types, parameters, declarations that read themselves; an element of an array of unknown things
    assert.deepEqual(forms('let i = 0; function f(i: T) { return i + 1; }'), ['binary +']);
    assert.deepEqual(forms('{ let k = 1; } k + 1; const q: any = 1; q + 1; let z = t; z * 2; const g = (u = 1) => u - 1'), ['binary +', 'binary +', 'binary *', 'binary -']);
    assert.deepEqual(forms('let w = w + 1; const [p, r] = [t, 1]; p - r; const [c = t] = [1]; c * 2; const o = { n: 1 }; o.n + 1; xs[0] + 1; ys.length - t'),
      ['binary +', 'binary -', 'binary *', 'binary +', 'binary +', 'at []', 'binary -']);
  });

  it('decides as Python does: tensors with tensors or numbers, reflected number-first forms, errors for other operands, any left alone', () => {
    const kinds: Kind[] = ['tensor', 'scalar', 'any', 'nullish', 'other'];
    // rows: left operand tensor, scalar, any, nullish, other; columns: the right operand, same order
    assert.deepEqual(kinds.map((a) => kinds.map((b) => decideBinary('plus', a, b))), [
      ['left', 'left', 'leave', 'error', 'error'],
      ['right', 'leave', 'leave', 'leave', 'leave'],
      ['leave', 'leave', 'leave', 'leave', 'leave'],
      ['error', 'leave', 'leave', 'leave', 'leave'],
      ['error', 'leave', 'leave', 'leave', 'leave'],
    ]);
    assert.deepEqual(kinds.map((a) => kinds.map((b) => decideBinary('equal', a, b))), [
      ['left', 'left', 'leave', 'leave', 'leave'],
      ['right', 'leave', 'leave', 'leave', 'leave'],
      ['leave', 'leave', 'leave', 'leave', 'leave'],
      ['leave', 'leave', 'leave', 'leave', 'leave'],
      ['leave', 'leave', 'leave', 'leave', 'leave'],
    ]);
    // a -= b: in place on a tensor target; a tensor cannot go into a number
    assert.deepEqual(kinds.map((a) => kinds.map((b) => decideBinary('assign', a, b))), [
      ['left', 'left', 'leave', 'error', 'error'],
      ['error', 'leave', 'leave', 'leave', 'leave'],
      ['leave', 'leave', 'leave', 'leave', 'leave'],
      ['error', 'leave', 'leave', 'leave', 'leave'],
      ['error', 'leave', 'leave', 'leave', 'leave'],
    ]);
    assert.deepEqual(kinds.map(decideUnary), ['left', 'leave', 'leave', 'leave', 'leave']);
    assert.equal(decideIndex('tensor', ['valid', 'valid']), 'left');
    assert.equal(decideIndex('tensor', ['member']), 'leave');
    assert.equal(decideIndex('tensor', ['valid', 'invalid']), 'badKey');
    assert.equal(decideIndex('tensor', ['valid'], 'other'), 'badValue');
    assert.equal(decideIndex('tensor', ['valid'], 'scalar'), 'left');
    assert.equal(decideIndex('other', ['invalid']), 'leave');
    assert.equal(decideIndex('any', ['valid']), 'leave');
  });

  it('maps positions between a text and its reprint, both ways, across moved and new text', () => {
    const src = 'const z = 1 - y; // y\nz';
    const sf = parse(src);
    const minus = scan(sf)[0].node as ts.BinaryExpression;
    // 1 - y -> y.__rsub__(1): the operands swap places
    const out = print(sf, new Map([[minus, { anchor: minus.operatorToken.getStart(sf), pieces: [minus.right, '.__rsub__(', minus.left, ')'] }]]));
    assert.equal(out.text, 'const z = y.__rsub__(1); // y\nz');
    const at = (s: string, text = src) => text.indexOf(s);
    assert.equal(out.map.toOriginal(at('y.', out.text)), at('y;'));
    assert.equal(out.map.toOriginal(at('1)', out.text)), at('1 -'));
    assert.equal(out.map.toOriginal(at('__rsub__', out.text)), at('- y'), 'new text maps to the operator');
    assert.equal(out.map.toOriginal(at('// y', out.text)), at('// y'));
    assert.equal(out.map.toOriginal(out.text.length), src.length);
    assert.equal(out.map.toRewritten(at('y;')), at('y.', out.text));
    assert.equal(out.map.toRewritten(at('\nz') + 1), at('\nz', out.text) + 1);
    assert.equal(PositionMap.identity(5).toOriginal(3), 3);
  });
});

describe('operator rewriting: compiling cells', function () {
  this.timeout(120000);
  let conv: Converter;
  // the kernel's converter without operator rewriting
  let plain: Converter;
  const stats = () => conv.operators!.stats;
  before(() => {
    conv = new Converter(process.cwd());
    plain = new Converter(process.cwd(), { operators: false });
    const setup = `${prelude()}\nconst a = torch.ones(2, 3), b = torch.zeros(3), y = torch.ones(2, 3), m = a.gt(0);`;
    conv.compile(setup).commit();
    plain.compile(setup).commit();
  });

  const shown = (ds: { line: number; col: number; message: string }[]) => ds.map((d) => `${d.line}:${d.col} ${d.message}`);
  /** The emitted JavaScript of a cell, and whether its typing text was final (no second check). */
  function compile(src: string): { js: string; once: boolean; diagnostics: string[] } {
    const before = stats().rechecked;
    const r = conv.compile(src);
    return { js: r.js, once: stats().rechecked === before, diagnostics: shown(r.diagnostics) };
  }
  /** The declarations each converter keeps of a cell, once it is committed. */
  const declared = (c: Converter, src: string) => { const r = c.compile(src); r.commit(); return c.declarations(); };

  it('emits tensor method calls, Python reflected forms and in-place methods, checking the cell once', () => {
    const r = compile([
      'const z = 1 / (1 + torch.exp(-(a.matmul(b) + 1)));',
      'const loss = -(y * torch.log(a) + (1 - y) * torch.log(1 - a)).mean();',
      'const w = a.clone();',
      'w -= 0.1 * a;',
      'const picked = a[m] + a[0, 1];',
      "a['0:1, 1'] = 5;",
      'w[1, 2] *= 2;',
      'const flags = ~m & (a > 0) | (a == 1) ^ m;',
      'const p = 2 ** a % 3;',
    ].join('\n'));
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.once, 'typed once');
    // (a, b, y, m come from the previous cell: exports.a; parentheses as written stay)
    for (const want of ['(exports.torch.exp((exports.a.matmul(exports.b).add(1)).neg()).add(1)).__rtruediv__(1)', '(exports.y.__rsub__(1))',
      'exports.a.__rsub__(1)', 'w.sub_(exports.a.mul(0.1))', 'exports.a.index(exports.m).add(exports.a.index(0, 1))', "exports.a.set('0:1, 1', 5)",
      'w.set(1, 2, w.index(1, 2).mul_(2))', 'exports.m.__invert__().bitwise_and((exports.a.gt(0))).bitwise_or((exports.a.eq(1)).bitwise_xor(exports.m))',
      'exports.a.__rpow__(2).remainder(3)', '.mean().neg()']) {
      assert.ok(r.js.includes(want), `${want} in\n${r.js}`);
    }
  });

  it('types operands by their declared tensor type, and by narrowing where the declaration is wider', () => {
    const r = compile([
      'class M { w = torch.ones(2, 3); f(x: typeof a) { return this.w * x + 1; } }',
      'const fm = new M().f(a);',
      "function g(t: typeof a | number) { return typeof t === 'number' ? t + 1 : t * 2; }",
      'let o: typeof a | string = a;',
      'const og = o - 1;',
      'const k = 2, half = k / 2;',
      'const z1 = half * a - k;',
    ].join('\n'));
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.once, stats().why.join('\n'));
    for (const want of ['this.w.mul(x).add(1)', 't + 1', 't.mul(2)', 'o.sub(1)', 'exports.a.mul(half).sub(k)']) assert.ok(r.js.includes(want), `${want} in\n${r.js}`);
  });

  it("reads a tensor's members by name as written", () => {
    const src = "const sh = a['shape'];\nconst total = a['sum']();\nconst n = a['shape'][0] + 1;\n[sh, total, n]";
    const want = plain.compile(src);
    const r = compile(src);
    assert.deepEqual(want.diagnostics, []);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.js, want.js);
    assert.equal(declared(conv, src), declared(plain, src));
  });

  it('evaluates x and k once in x[k] op= v when they are not plain names', () => {
    const r = compile('const w = a.clone();\nconst pick = () => 0;\nw[pick()] += 1;');
    assert.ok(r.js.includes('((tl$t, tl$k) => tl$t.set(...tl$k, tl$t.index(...tl$k).add_(1)))(w, [pick()])'), r.js);
  });

  it('leaves numbers, strings, any and identity as written, and checks such cells once', () => {
    const src = "let n = 1 + 2 * 3;\nn += 1;\nconst s = 'a' + n;\nconst q: any = a;\nconst u = q + 1;\nconst same = a === y;\nconst arr = [1, 2];\narr[0] = arr[1] - 1;\n[n < 3, -n, ~n, n == 7, s, u, same]";
    const r = compile(src);
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.once);
    const want = plain.compile(src).js;
    assert.equal(r.js, want);
  });

  it('compiles cells whose operators the syntax shows to be on numbers, strings or booleans as written, without the typing text', () => {
    for (const src of ['1 + 1', "'a' + 1", 'let i = 0;\ni++;\ni < 3', 'const xs: number[] = [1, 2];\nxs[xs.length - 1] * 2']) {
      const typed = stats().typed;
      const r = compile(src);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(conv.operators!.query(src), null, src);
      assert.equal(stats().typed, typed, `${src}: not checked as a typing text`);
      assert.equal(r.js, plain.compile(src).js);
    }
    // an `any` operand and a tensor operand still go through the stand-ins, as before
    const typed = stats().typed;
    const q = compile('const q: any = 1;\nconst u = q + 1;\nu');
    assert.deepEqual(q.diagnostics, []);
    assert.ok(q.once && q.js.includes('const u = q + 1;'), q.js);
    const t = compile('for (let k = 0; k < 3; k++) a * (k + 1)');
    assert.deepEqual(t.diagnostics, []);
    assert.ok(t.js.includes('k < 3') && t.js.includes('exports.a.mul((k + 1))'), t.js);
    assert.equal(stats().typed, typed + 2);
  });

  it('checks a cell again as rewritten when its typing text cannot vouch for TypeScript\'s own result', () => {
    // Comparing dates: TypeScript's rule, not one the stand-ins reproduce.
    let r = compile('const d = new Date();\nconst later = d < new Date();\nconst t = a * 2;');
    assert.deepEqual(r.diagnostics, []);
    assert.ok(!r.once, 'checked again');
    assert.ok(r.js.includes('const later = d < new Date();') && r.js.includes('const t = exports.a.mul(2);'), r.js);
    assert.ok(stats().why.some((w) => w.startsWith("'<'")), stats().why.join('\n'));
    // the final text keeps a receiver that needs parentheses and a statement start after a line without `;`
    r = compile('const h = a\n;(a as typeof a) * 2\nconst later2 = new Date() > new Date()');
    assert.ok(r.js.includes('a.mul(2)'), r.js);
  });

  it('points type errors of rewritten cells at the cell as written', () => {
    const r = compile('const big = (a + 1) * 2 - b; const s: string = big;');
    assert.deepEqual(r.diagnostics, ["1:36 Type 'Tensor' is not assignable to type 'string'."]);
    const e = compile("const bad = a * 2 + 'x';");
    assert.deepEqual(e.diagnostics, ["1:19 Operator '+' cannot be applied to types 'Tensor' and 'string'."]);
  });

  it('maps the emitted code back to the cell as written (tracebacks read the source map)', () => {
    const src = 'const t = torch.ones(2);\nconst u = (1 - t * 2).sum(); const v = u;';
    const r = conv.compile(src);
    assert.deepEqual(r.diagnostics, []);
    const lines = r.js.split('\n');
    const line = lines.findIndex((l) => l.includes('const v'));
    const entry = new SourceMap(JSON.parse(r.map)).findEntry(line, lines[line].indexOf('const v') + 'const '.length) as { originalLine: number; originalColumn: number };
    assert.deepEqual([entry.originalLine, entry.originalColumn], [1, src.split('\n')[1].indexOf('v =')]);
  });

  it('completes and inspects at positions of the cell as written', () => {
    const code = 'const z = (a + b) * 2;\nz.su';
    const c = conv.complete(code, code.length);
    assert.ok(c.entries.some((e) => e.name === 'sum'));
    const names = conv.complete('const q = a * 2;\nt', 18).entries.map((e) => e.name);
    assert.ok(names.includes('torch') && !names.some((n) => n.startsWith('tl$') || n === 'TorchlabOperators'), names.join(' '));
    assert.deepEqual([c.start, c.end], [code.length - 2, code.length]);
    // (Shift-Tab looks at the name the cursor follows)
    const i = conv.inspect(code, code.indexOf('z.su') + 1)!;
    assert.match(ts.displayPartsToString(i.displayParts), /const z: Tensor/);
    assert.equal(i.textSpan.start, code.indexOf('z.su'));
    assert.equal(i.textSpan.length, 1);
    // inside a call's parentheses, the function called: not an operator's stand-in
    const call = 'torch.exp(-(a * 2) + b';
    assert.match(ts.displayPartsToString(conv.inspect(call, call.length)!.displayParts), /^const exp: \(x: Tensor\) => Tensor/);
  });

  // Operand types of every kind against every operator: where no tensor is involved, diagnostics
  // and declared types must be exactly those compiled without rewriting, whether the typing text was final or not.
  const TYPES: Record<string, string> = {
    number: 'number', one: '1', string: 'string', boolean: 'boolean', bigint: 'bigint', any: 'any', object: '{ k: number }',
    date: 'Date', enum: 'E', symbol: 'symbol', union: 'number | string',
  };
  const BINARY = ['+', '-', '*', '/', '%', '**', '&', '|', '^', '<', '<=', '>', '>=', '==', '!='];
  const COMPOUND = ['+=', '-=', '*=', '**=', '&=', '|='];
  it('compiles code without tensors as it is compiled without rewriting: every operator on operands of every kind', function () {
    this.timeout(600000);
    const names = Object.keys(TYPES);
    // One block of declarations and operators per pair of operand types.
    const block = (x: string, y: string, n: number) => [
      `declare let x${n}: ${TYPES[x]};`,
      `declare let y${n}: ${TYPES[y]};`,
      ...BINARY.map((op, k) => `const r${n}_${k} = x${n} ${op} y${n};`),
      ...COMPOUND.map((op, k) => `let c${n}_${k} = x${n}; c${n}_${k} ${op} y${n};`),
      `const u${n} = [-x${n}, +x${n}, ~x${n}];`,
    ];
    const pairs = names.flatMap((x) => names.map((y) => [x, y]));
    const lines = (ps: string[][]) => ['enum E { A, B }', ...ps.flatMap(([x, y], n) => block(x, y, n))];
    // Every pair: TypeScript's diagnostics, at the same positions.
    const all = lines(pairs);
    const want = plain.compile(all.join('\n'));
    const got = compile(all.join('\n'));
    assert.deepEqual(got.diagnostics, shown(want.diagnostics));
    // The pairs TypeScript accepts: the same declared types, with one check where the stand-ins vouch for them.
    const bad = new Set(want.diagnostics.map((d) => Math.floor((d.line - 2) / block('', '', 0).length)));
    const valid = pairs.filter((_p, n) => !bad.has(n));
    assert.ok(valid.length >= 12, `${valid.length} pairs without errors`);
    const clean = lines(valid).join('\n');
    const wantClean = plain.compile(clean);
    assert.deepEqual(wantClean.diagnostics, []);
    const before = stats().rechecked;
    const gotClean = conv.compile(clean);
    assert.deepEqual(gotClean.diagnostics, []);
    assert.equal(gotClean.js, wantClean.js);
    assert.equal(declared(conv, clean), declared(plain, clean));
    // numbers, enums and any among themselves: checked once
    const fast = lines(valid.filter(([x, y]) => ['number', 'enum', 'any'].includes(x) && ['number', 'enum', 'any'].includes(y))).join('\n');
    const r = compile(fast);
    assert.ok(r.once, stats().why.join('\n'));
    assert.ok(stats().rechecked >= before);
  });

  it('compiles subscripts of arrays, tuples, records, strings and objects as they are compiled without rewriting', () => {
    const src = [
      'const xs = [1, 2, 3]; const tup: [string, number] = [\'a\', 1]; const rec: Record<string, number> = { k: 1 };',
      "const obj = { k: 1, f() { return 2; } }; const str = 'abc'; const ro: readonly number[] = xs; const i = 1;",
      "const got = [xs[0] + 1, tup[0] + tup[1], tup[i], rec['k'] * 2, rec[str] - 1, obj['k'] ** 2, obj['f'](), str[i], ro[i] % 2];",
      'xs[0] = xs[1] * 2; xs[1] += 1; rec.k -= 1; tup[1] *= 3;',
      'got',
    ].join('\n');
    const want = plain.compile(src);
    const r = compile(src);
    assert.deepEqual(want.diagnostics, []);
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.once, stats().why.join('\n'));
    assert.equal(r.js, want.js);
    assert.equal(declared(conv, src), declared(plain, src));
  });
});
