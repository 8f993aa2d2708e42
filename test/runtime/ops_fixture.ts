// The op fixture (test/oracle/gen_ops.py) and how its cases are evaluated and compared: shared by
// the CPU suite (ops.test.ts) and the cuda suite (gpu.test.ts).
import { strict as assert } from 'assert';
import { torch } from '../../runtime/src';
import { dtypes } from '../../runtime/src/tensor/dtype';
import { ValuesIndices } from '../../runtime/src/ops/reduce';

export interface Enc { tensor: true; shape: number[]; dtype: string; values: (number | boolean | string)[] }
export type Value = Enc | Value[] | number | boolean | string | null;
export interface Case { expr: string; ts: string | string[] | null; prog?: string[]; value?: Value; error?: string; etype?: string }

// required as JSON (from dist/test/runtime), so a bundler can carry it into a browser
export const fixture = require('../../../test/fixtures/ops.json');
const decode = (v: number | boolean | string) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

function tensorOf(e: Enc): torch.Tensor {
  const vals = e.values.map(decode) as number[];
  return torch.tensor(e.shape.length ? vals : vals[0], { dtype: dtypes[e.dtype] }).reshape(e.shape);
}

/** The fixture's named input tensors, on the CPU. */
export function fixtureInputs(): Record<string, torch.Tensor> {
  const inputs: Record<string, torch.Tensor> = {};
  for (const [k, v] of Object.entries(fixture.inputs as Record<string, Enc>)) inputs[k] = tensorOf(v);
  return inputs;
}

/** Python keyword arguments in a case, `f(x, dim=1, keepdim=T)`, become the options object TypeScript takes. */
const KW = String.raw`\w+=(?!=)(?:'[^']*'|\[[^\]]*\]|[-\w.]+)`;
const KWARGS = new RegExp(String.raw`(\(|,\s*)(${KW}(?:\s*,\s*${KW})*)\)`, 'g');
const toTs = (expr: string) => expr.replace(KWARGS, (_m, lead: string, kws: string) =>
  `${lead}{ ${kws.split(new RegExp(String.raw`\s*,\s*(?=\w+=)`)).map((kv) => kv.replace('=', ': ')).join(', ')} })`);

/** A program's statements: `x = expr` declares x (shadowing an input), the last one is the result. */
function body(statements: string[]): string {
  const lines = statements.map((st) => toTs(st)).map((st) => st.replace(/^(\w+) = /, 'const $1 = '));
  return `{ ${lines.slice(0, -1).join('; ')}; return (${lines[lines.length - 1]}); }`;
}

export function evaluate(c: Case, inputs: Record<string, torch.Tensor>): unknown {
  const names = Object.keys(inputs);
  const src = c.prog ? body(Array.isArray(c.ts) ? c.ts : c.prog) : `return (${(c.ts as string | null) ?? toTs(c.expr)});`;
  const fn = new Function('torch', 'T', 'F', 'None', ...names, src);
  return fn(torch, true, false, null, ...names.map((n) => inputs[n]));
}

export function normalise(x: unknown): unknown {
  if (x instanceof torch.Tensor) return { tensor: true, shape: x.shape.slice(), dtype: x.dtype.name, values: (x.reshape(-1).tolist() as unknown[]) };
  if (x instanceof ValuesIndices) return [normalise(x.values), normalise(x.indices)];
  if (Array.isArray(x)) return x.map(normalise);
  if (x instanceof torch.DType) return x.toString();
  return x;
}

/** Relative and absolute tolerance per floating dtype. */
export type Tolerance = Record<string, [number, number]>;
export const CPU_TOLERANCE: Tolerance = { float32: [1e-5, 1e-6], float64: [1e-12, 1e-14] };

export function close(got: unknown, want: Value, where: string, tolerance: Tolerance = CPU_TOLERANCE, dtype?: string): void {
  if (want && typeof want === 'object' && !Array.isArray(want) && want.tensor) {
    const g = got as Enc;
    assert.ok(g && g.tensor, `${where}: expected a tensor, got ${JSON.stringify(got)}`);
    assert.deepEqual(g.shape, want.shape, `${where}: shape`);
    assert.equal(g.dtype, want.dtype, `${where}: dtype`);
    want.values.forEach((w, i) => close(g.values[i], w as Value, `${where}[${i}]`, tolerance, want.dtype));
    return;
  }
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${where}: expected a list, got ${JSON.stringify(got)}`);
    assert.equal((got as unknown[]).length, want.length, `${where}: length`);
    want.forEach((w, i) => close((got as unknown[])[i], w, `${where}[${i}]`, tolerance, dtype));
    return;
  }
  const w = decode(want as number);
  if (typeof w === 'number' && typeof got === 'number') {
    if (Number.isNaN(w)) { assert.ok(Number.isNaN(got), `${where}: ${got} is not nan`); return; }
    const [rtol, atol] = (dtype && tolerance[dtype]) || [0, 0];
    const tol = rtol * Math.abs(w) + atol;
    assert.ok(Math.abs(got - w) <= tol || got === w, `${where}: ${got} != ${w}`);
    return;
  }
  assert.deepEqual(got, w, where);
}
