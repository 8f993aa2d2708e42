// Python's operators on tensors in cells, through the kernel: every operator against its method
// form and against PyTorch (test/oracle/gen_ops_operators.py) on the op fixture's operands, in-place
// operators and version counters, gradients and grad_fn names; wrong operands as compile errors at
// the cell's position; completion and inspection inside rewritten cells.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Message } from '../../kernel/src/wire';
import { close, Value } from '../runtime/ops_fixture';
import { RawKernel, root } from './harness';

interface Outcome { value?: Value; error?: string; etype?: string }
interface Case extends Outcome { py: string; ts: string; method: string }
interface Program extends Outcome { py: string[]; ts: string[]; method: string[] }
interface GradCase { py: string; ts: string; method: string; grad_fn: string | null; w: number[]; grads?: Record<string, number[] | null>; error?: string }

const fx = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'operators.json'), 'utf8')) as {
  cases: Case[]; programs: Program[]; grads: GradCase[]; grad_inputs: Record<string, { shape: number[]; values: number[] }>;
};
const INPUTS = ['a', 'b', 'c', 'd', 'i', 'j', 'k', 'm', 'p', 's', 't3', 'v', 'mask'];

/** A program's statements as a function body: `x = e` declares x, the last statement is returned. */
const body = (statements: string[]) =>
  `{ ${statements.slice(0, -1).map((s) => s.replace(/^(\w+) = /, 'const $1 = ')).join('; ')}; return (${statements[statements.length - 1]}); }`;

describe('Python operators on tensors in cells', function () {
  this.timeout(300000);
  let k: RawKernel;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-ops-'));

  before(async () => { k = new RawKernel(); await k.start(); });
  after(async () => { await k?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  const of = (iopub: Message[], type: string) => iopub.filter((m) => m.header.msg_type === type).map((m) => m.content as Record<string, any>);
  async function run(code: string): Promise<{ status: string; result?: string; error?: Record<string, any>; stdout: string }> {
    const { reply, iopub } = await k.execute(code, 240000);
    return {
      status: reply.content.status as string,
      result: of(iopub, 'execute_result')[0]?.data['text/plain'],
      error: of(iopub, 'error')[0],
      stdout: of(iopub, 'stream').map((s) => s.text).join(''),
    };
  }
  /** Runs `forms` (expressions or function bodies) in one cell; their outcomes, normalised as the op suite's. */
  async function outcomes(forms: string[], prelude = ''): Promise<Outcome[]> {
    const file = path.join(dir, `out-${Date.now()}.json`);
    const cell = [
      prelude,
      'const outcomes: unknown[] = [];',
      'const run = (f: () => unknown) => {',
      '  try { outcomes.push({ value: normalise(f()) }); } catch (e) { outcomes.push({ error: (e as Error).message, etype: (e as Error).name }); }',
      '};',
      ...forms.map((f) => `run(() => ${f.startsWith('{') ? f : `(${f})`});`),
      // JSON has no NaN or Infinity: they travel as the fixture spells them.
      `require('fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify(outcomes, (_k, v) => typeof v === 'number' && !Number.isFinite(v) ? String(v).replace('Infinity', 'inf').replace('NaN', 'nan') : v));`,
    ].join('\n');
    const r = await run(cell);
    assert.equal(r.status, 'ok', JSON.stringify(r.error));
    const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };
    return JSON.parse(fs.readFileSync(file, 'utf8'), (_k, v) => (typeof v === 'string' && v in special ? special[v] : v)) as Outcome[];
  }
  function same(got: Outcome, want: Outcome, where: string): void {
    if (want.error !== undefined) {
      assert.equal(got.error, want.error, `${where}: expected the error ${JSON.stringify(want.error)}, got ${JSON.stringify(got)}`);
      assert.equal(got.etype, want.etype, `${where}: error type`);
      return;
    }
    assert.equal(got.error, undefined, `${where}: ${got.error}`);
    close(got.value, want.value!, where);
  }

  it('has the op fixture operands, typed as tensors', async () => {
    const module = JSON.stringify(path.join(root, 'dist', 'test', 'runtime', 'ops_fixture'));
    const r = await run([
      `import { fixtureInputs, normalise } from ${module};`,
      'const inputs = fixtureInputs();',
      `const ${INPUTS.map((n) => `${n}: torch.Tensor = inputs.${n}`).join(', ')};`,
      'const T = true, F = false;',
      'a + c',
    ].join('\n'));
    assert.equal(r.status, 'ok', JSON.stringify(r.error));
    assert.match(r.result!, /^tensor\(\[\[/);
  });

  it('computes every operator as its method form and as PyTorch does (values, dtypes, errors)', async () => {
    const ops = await outcomes(fx.cases.map((c) => c.ts));
    const methods = await outcomes(fx.cases.map((c) => c.method));
    fx.cases.forEach((c, n) => {
      same(ops[n], c, `${c.ts} (PyTorch: ${c.py})`);
      same(methods[n], c, c.method);
    });
  });

  it('runs in-place operators in place, with PyTorch version counters, and subscript assignments', async () => {
    const ops = await outcomes(fx.programs.map((p) => body(p.ts)));
    const methods = await outcomes(fx.programs.map((p) => body(p.method)));
    fx.programs.forEach((p, n) => {
      same(ops[n], p, `${p.ts.join('; ')} (PyTorch: ${p.py.join('; ')})`);
      same(methods[n], p, p.method.join('; '));
    });
  });

  it('builds the autograd graph PyTorch builds: grad_fn names and gradients', async () => {
    const names = Object.keys(fx.grad_inputs);
    const prelude = [
      `const G = ${JSON.stringify(fx.grad_inputs)};`,
      `const leaves = () => { const l: Record<string, torch.Tensor> = {}; for (const [n, v] of Object.entries(G)) l[n] = torch.tensor(v.values, { dtype: torch.float64 }).reshape(v.shape).requires_grad_(); return l; };`,
      'const graph = (out: torch.Tensor, w: number[], used: torch.Tensor[]) => {',
      '  const name = out.grad_fn?.name() ?? null;',
      '  const gs = torch.autograd.grad(out.mul(torch.tensor(w, { dtype: out.dtype }).reshape(out.shape.slice())).sum(), used, null, { allow_unused: true });',
      '  return [name, ...gs.map((g) => (g ? g.reshape(-1) : null))];',
      '};',
    ].join('\n');
    const form = (expr: string, c: GradCase) =>
      `{ const { ${names.join(', ')} } = leaves(); return graph(${expr}, ${JSON.stringify(c.w)}, [${Object.keys(c.grads ?? {}).join(', ')}]); }`;
    const cases = fx.grads.filter((c) => c.grads);
    const ops = await outcomes(cases.map((c) => form(c.ts, c)), prelude);
    const methods = await outcomes(cases.map((c) => form(c.method, c)), prelude);
    cases.forEach((c, n) => {
      for (const [got, where] of [[ops[n], c.ts], [methods[n], c.method]] as const) {
        assert.equal(got.error, undefined, `${where}: ${got.error}`);
        const [name, ...grads] = got.value as Value[];
        assert.equal(name, c.grad_fn, `${where}: grad_fn`);
        Object.values(c.grads!).forEach((want, i) => {
          if (want === null) { assert.equal(grads[i], null, `${where}: no gradient expected`); return; }
          close(grads[i], { tensor: true, shape: [want.length], dtype: 'float64', values: want }, `${where}: gradient ${i}`);
        });
      }
    });
    // PyTorch has no derivative of a scalar's remainder by a tensor: the node says so.
    const noGrad = fx.grads.find((c) => c.error)!;
    const r = await run(`{ const { ${names.join(', ')} } = leaves(); const out = ${noGrad.ts}; console.log(out.grad_fn!.name()); out.sum().backward(); }`);
    assert.equal(r.stdout, `${noGrad.grad_fn}\n`);
    assert.equal(r.error?.evalue, noGrad.error);
  });

  it('reports a wrong operand as a compile error naming the operator and the types, at the operator', async () => {
    const cases: [string, string, string][] = [
      ["const t = torch.ones(3);\nconst u = t + 'x';", "Operator '+' cannot be applied to types 'Tensor' and 'string'.", 'cell 2:13'],
      ['const t = torch.ones(3);\nconst u = t * {};', "Operator '*' cannot be applied to types 'Tensor' and '{}'.", 'cell 2:13'],
      ['const t = torch.ones(3);\nlet s = 0;\ns += t;', "Operator '+=' cannot be applied to types 'number' and 'Tensor'.", 'cell 3:3'],
      ["const t = torch.ones(3);\n  t -= 'a';", "Operator '-=' cannot be applied to types 'Tensor' and 'string'.", 'cell 2:5'],
      ["const t = torch.ones(3);\nconst u = t < 'a';", "Operator '<' cannot be applied to types 'Tensor' and 'string'.", 'cell 2:13'],
      ['const t = torch.ones(3);\nconst u = t[{}];', "Type '{}' cannot be used as an index type.", 'cell 2:13'],
      ["const t = torch.ones(3);\nt[0] = 'a';", "Type 'string' is not assignable to type 'Tensor | number | boolean'.", 'cell 2:8'],
    ];
    for (const [code, message, at] of cases) {
      const r = await run(code);
      assert.equal(r.status, 'error', code);
      assert.equal(r.error!.ename, 'TSError');
      assert.equal(r.error!.evalue, message, code);
      assert.ok(r.error!.traceback[0].startsWith(`${at} - error`), `${code}: ${r.error!.traceback[0]}`);
      assert.equal(r.error!.traceback.filter((l: string) => l.includes('- error')).length, 1, `${code}: one error\n${r.error!.traceback.join('\n')}`);
    }
  });

  it("keeps TypeScript's own checks and positions in rewritten cells", async () => {
    let r = await run("const n = 1;\nconst x = 'a' - n;");
    assert.equal(r.error!.evalue, "The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.");
    assert.ok(r.error!.traceback[0].startsWith('cell 2:11'), r.error!.traceback[0]);
    r = await run('const q = torch.ones(2) * 2 + 1; /* (a + b) */\nconst s: string = q;');
    assert.equal(r.error!.evalue, "Type 'Tensor' is not assignable to type 'string'.");
    assert.ok(r.error!.traceback[0].startsWith('cell 2:7'), r.error!.traceback[0]);
    r = await run('const one = torch.ones(3);\none = one + 1;');
    assert.equal(r.error!.evalue, "Cannot assign to 'one' because it is a constant.");
  });

  it('reports runtime errors of rewritten operators at their cell line', async () => {
    const r = await run('const flags = torch.tensor([true, false]);\n\nconst neg = -flags;');
    assert.equal(r.error!.ename, 'RuntimeError');
    assert.match(r.error!.evalue, /^Negation, the `-` operator, on a bool tensor is not supported/);
    assert.ok(r.error!.traceback.some((l: string) => /line 3\b/.test(l)) && r.error!.traceback.some((l: string) => l.includes('> 3 const neg = -flags;')),
      r.error!.traceback.join('\n'));
  });

  it('leaves operators on any, numbers and identity (===) as JavaScript has them', async () => {
    let r = await run('const z: any = torch.ones(2);\nz + 1');
    assert.equal(r.result, "'tensor([1., 1.])1'");
    r = await run('const u = torch.ones(2);\n[u === u, u !== u, 3 * 4 + 1, (2 ** 3) % 5, u == null]');
    assert.equal(r.result, '[True, False, 13, 3, False]');
    r = await run('const e = torch.ones(2);\n[e == e, e != 1]');
    assert.equal(r.result, '[tensor([True, True]), tensor([False, False])]');
  });

  it('types rewritten expressions as tensors: chained methods, declarations for later cells', async () => {
    let r = await run('const g = torch.arange(6).reshape(2, 3);\nconst h = (g * 2 - 1)[1];\nh.sum().item() + (g % 4 == 0).sum().item()');
    assert.equal(r.status, 'ok', JSON.stringify(r.error));
    assert.equal(r.result, '23');
    r = await run('h.float().mean()');
    assert.equal(r.result, 'tensor(7.)');
    r = await run('let acc = torch.zeros(3);\nfor (let step = 0; step < 3; step++) acc += torch.ones(3) * step;\nacc');
    assert.equal(r.result, 'tensor([3., 3., 3.])');
  });

  async function request(type: string, content: object): Promise<Record<string, any>> {
    await k.send(type, content);
    const reply = await k.shellReply(60000);
    assert.ok(reply, `no ${type} reply`);
    return reply!.content as Record<string, any>;
  }

  it('completes inside rewritten cells at positions of the cell as written', async () => {
    let code = 'const z = (a - b * 2).su';
    let r = await request('complete_request', { code, cursor_pos: code.length });
    assert.equal(r.status, 'ok');
    assert.ok(r.matches.includes('sum'), JSON.stringify(r.matches));
    assert.equal(r.cursor_start, code.length - 2);
    assert.equal(r.cursor_end, code.length);
    code = 'const y2 = -a[mask] + 1;\nconst z2 = y2.me';
    r = await request('complete_request', { code, cursor_pos: code.length });
    assert.ok(r.matches.includes('mean'), JSON.stringify(r.matches));
    assert.equal(r.cursor_start, code.length - 2);
    code = 'const w3 = (a ** 2).sum() / a.numel();\nw3.';
    r = await request('complete_request', { code, cursor_pos: code.length });
    assert.ok(r.matches.includes('backward'), JSON.stringify(r.matches));
    // a member read by its name is the member (a Size), not a tensor
    code = "const n3 = a[0] * 2;\na['shape'].";
    r = await request('complete_request', { code, cursor_pos: code.length });
    assert.ok(r.matches.includes('push') && !r.matches.includes('backward'), JSON.stringify(r.matches));
  });

  it('inspects inside rewritten cells at positions of the cell as written', async () => {
    const code = 'const sq = (a - c) ** 2;\nsq.mean()';
    let r = await request('inspect_request', { code, cursor_pos: code.indexOf('mean') + 2, detail_level: 0 });
    assert.equal(r.found, true);
    assert.match(r.data['text/plain'], /mean/);
    assert.match(r.data['text/plain'], /Tensor/);
    r = await request('inspect_request', { code, cursor_pos: code.indexOf('sq') + 1, detail_level: 0 });
    assert.match(r.data['text/plain'], /const sq: Tensor/);
    // (the name the cursor follows, as IPython)
    r = await request('inspect_request', { code, cursor_pos: code.indexOf('c)') + 1, detail_level: 0 });
    assert.match(r.data['text/plain'], /const c: Tensor/);
  });
});
