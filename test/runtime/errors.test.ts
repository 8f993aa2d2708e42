// What PyTorch refuses and how (test/oracle/gen_errors.py): module registration, bounds and
// argument checks, autograd's version counter. Each case runs its TypeScript spelling and must give
// the oracle's value, or raise its exception type (by name and by `instanceof`) with its message.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { text, torch } from '../../runtime/src';
import { NotFittedError } from '../../runtime/src/sklearn/exceptions';

interface Case { name: string; py: string[]; ts: string[]; value?: unknown; error?: string; etype?: string; cpu_only?: boolean }
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'errors.json'), 'utf8'));

/** The exception classes a user can catch, by Python name. */
const TYPES: Record<string, new (...a: never[]) => Error> = {
  RuntimeError: torch.RuntimeError, ValueError: torch.ValueError, IndexError: torch.IndexError, KeyError: torch.KeyError,
  TypeError: torch.TypeError, NotImplementedError: torch.NotImplementedError, AssertionError: torch.AssertionError,
  NotFittedError,
};

function run(c: Case): unknown {
  const lines = [...c.ts];
  const last = lines.pop()!;
  const src = `${lines.join(';\n')};\nreturn (${last});`;
  const fn = new Function('torch', 'nn', 'F', 'optim', 'DataLoader', 'TensorDataset', 'text', src);
  const { DataLoader, TensorDataset } = torch.utils.data;
  return fn(torch, torch.nn, torch.nn.functional, torch.optim, DataLoader, TensorDataset, text);
}

const decode = (v: unknown): unknown => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

function normalise(x: unknown): unknown {
  if (x instanceof torch.Tensor) return { tensor: true, shape: [...x.shape], dtype: x.dtype.name, values: x.detach().reshape(-1).tolist() };
  if (x instanceof torch.nn.Module) return x.toString();
  if (x instanceof torch.ValuesIndices) return [normalise(x.values), normalise(x.indices)];
  if (Array.isArray(x)) return x.map(normalise);
  return x;
}

function same(got: unknown, want: unknown, where: string): void {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${where}: expected a list, got ${JSON.stringify(got)}`);
    assert.equal(got.length, want.length, `${where}: length`);
    want.forEach((w, i) => same(got[i], w, `${where}[${i}]`));
  } else if (want && typeof want === 'object') {
    const w = want as { values: unknown[] };
    const g = got as { values: unknown[] };
    assert.deepEqual({ ...g, values: undefined }, { ...w, values: undefined }, where);
    w.values.forEach((v, i) => same(g.values[i], v, `${where}.values[${i}]`));
  } else if (typeof want === 'number' || typeof decode(want) === 'number') {
    const wv = decode(want) as number;
    if (Number.isNaN(wv)) assert.ok(Number.isNaN(got), `${where}: ${got} is not nan`);
    else assert.ok(got === wv || Math.abs((got as number) - wv) <= 1e-6 * Math.max(1, Math.abs(wv)), `${where}: ${got} != ${wv}`);
  } else assert.deepEqual(got, want, where);
}

describe('errors and registration (oracle fixtures)', () => {
  for (const c of fixture.cases as Case[]) {
    it(c.name, function () {
      // What a machine without a GPU answers (the GPU suite checks the device itself).
      if (c.cpu_only && torch.cuda.is_available()) this.skip();
      if (c.error === undefined) { same(normalise(run(c)), c.value, c.name); return; }
      assert.throws(() => run(c), (e: Error) => {
        assert.equal(e.message, c.error);
        assert.equal(e.name, c.etype, 'exception name');
        const cls = TYPES[c.etype!];
        assert.ok(cls, `no torchlab class for ${c.etype}`);
        assert.ok(e instanceof cls, `instanceof ${c.etype}`);
        return true;
      });
    });
  }
});
