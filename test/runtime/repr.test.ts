// Reprs against PyTorch's and NumPy's text, exact (fixtures from test/oracle/gen_repr.py).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import { torch } from '../../runtime/src';
import { DType, dtypes, float32, set_default_dtype } from '../../runtime/src/tensor/dtype';
import { Printable, get_printoptions, numpyRepr, parameterRepr, set_printoptions, tensorRepr } from '../../runtime/src/display/format';
import { formatFixed, formatSci } from '../../runtime/src/display/decimal';

type Value = number | string;
interface Case {
  name: string; shape: number[]; dtype: string; values?: Value[]; edges?: [number, Value][]; make?: [string, number];
  options?: Parameters<typeof set_printoptions>[0]; default_dtype?: string; grad_fn?: string; requires_grad?: boolean;
  parameter?: boolean; device?: string; repr?: string; error?: string;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'repr.json'), 'utf8'));
const cases = fixture.cases as Case[];
const decode = (v: Value) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Every element not in `edges` gets a value that would change the text if it were ever looked at. */
function filled(c: Case): ArrayLike<number> {
  const dtype = dtypes[c.dtype];
  const a = new dtype.Array(numel(c.shape));
  if (c.values) a.set(c.values.map(decode));
  else {
    a.fill(dtype.is_floating_point ? 1e30 : dtype.kind === 'int' ? -1e9 : 0);
    for (const [i, v] of c.edges!) a[i] = decode(v);
  }
  return a;
}

function printable(c: Case, read: Pick<Printable, 'values' | 'at'>): Printable {
  return {
    shape: c.shape, dtype: dtypes[c.dtype], deviceName: c.device ?? 'cpu', gradFnName: c.grad_fn ?? null,
    requiresGrad: !!(c.requires_grad || c.parameter || c.grad_fn), ...read,
  };
}

/** Runs `f` under a case's print options and default dtype, restoring the defaults after. */
function under<T>(c: Case, f: () => T): T {
  if (c.options) set_printoptions(c.options);
  if (c.default_dtype) set_default_dtype(dtypes[c.default_dtype]);
  try { return f(); } finally { set_printoptions({ profile: 'default' }); set_default_dtype(float32); }
}

const reprOf = (c: Case, p: Printable) => under(c, () => (c.parameter ? parameterRepr(p) : tensorRepr(p)));

describe('tensor repr (PyTorch oracle fixtures)', () => {
  it('has the fixture set', () => assert.ok(cases.length >= 120, `${cases.length} cases`));
  for (const c of cases) {
    it(c.name, () => {
      const data = filled(c);
      const p = printable(c, { values: () => data });
      if (c.error) assert.throws(() => reprOf(c, p), (e: Error) => `${e.name}: ${e.message}` === c.error);
      else assert.equal(reprOf(c, p), c.repr);
    });
  }
});

describe('summarized repr reads only the elements it shows', () => {
  for (const c of cases.filter((k) => k.edges)) {
    it(c.name, () => {
      const known = new Map(c.edges!.map(([i, v]) => [i, decode(v)]));
      let reads = 0;
      const p = printable(c, {
        values: () => { throw new Error('values() read for a summarized print'); },
        at: (i) => {
          reads++;
          const v = known.get(i);
          if (v === undefined) throw new Error(`read element ${i}, which the repr does not show`);
          return new (dtypes[c.dtype].Array)([v])[0];
        },
      });
      assert.equal(reprOf(c, p), c.repr);
      assert.ok(reads <= 2 * known.size, `${reads} reads for ${known.size} shown elements`);
    });
  }
});

describe('tensor repr through torch.Tensor (toString and util.inspect)', () => {
  const plain = cases.filter((c) => c.values && c.repr && !c.options && !c.device && !c.grad_fn && !c.parameter && !c.default_dtype);
  for (const c of plain) {
    it(c.name, () => {
      const vals = c.values!.map(decode);
      const dtype = dtypes[c.dtype];
      let t = torch.tensor(c.shape.length === 0 ? vals[0] : vals, { dtype }).reshape(c.shape);
      if (c.requires_grad) t = t.requires_grad_();
      assert.equal(t.toString(), c.repr);
      assert.equal(util.inspect(t), c.repr);
    });
  }
  for (const c of cases.filter((k) => k.make)) {
    it(`${c.name} (seeded ${c.make![0]})`, () => {
      torch.manual_seed(c.make![1]);
      const t = c.make![0] === 'rand' ? torch.rand(c.shape) : torch.randn(c.shape);
      assert.equal(c.device ? tensorRepr({ ...t.printable(), deviceName: c.device }) : t.toString(), c.repr);
    });
  }
});

describe('set_printoptions', () => {
  afterEach(() => set_printoptions({ profile: 'default' }));
  it("keeps options until the next call, which resets sci_mode as PyTorch's does", () => {
    set_printoptions({ precision: 2, sci_mode: true });
    assert.deepEqual(get_printoptions(), { precision: 2, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: true });
    set_printoptions({ linewidth: 40 });
    assert.deepEqual(get_printoptions(), { precision: 2, threshold: 1000, edgeitems: 3, linewidth: 40, sci_mode: null });
    set_printoptions({ profile: 'full' });
    assert.equal(get_printoptions().threshold, Infinity);
    assert.equal(get_printoptions().linewidth, 80);
  });
});

interface NpCase { name: string; shape: number[]; dtype: string; values: Value[]; repr: string }
describe('NumPy array repr (NumPy oracle fixtures)', () => {
  for (const c of fixture.numpy_cases as NpCase[]) {
    it(c.name, () => {
      const dtype: DType = dtypes[c.dtype];
      const data = new dtype.Array(c.values.map(decode));
      assert.equal(numpyRepr({ data, shape: c.shape, dtype }), c.repr);
    });
  }
  it('is what tensor.numpy() prints', () => {
    const c = (fixture.numpy_cases as NpCase[]).find((k) => k.name === 'numpy float32 2x2')!;
    assert.equal(util.inspect(torch.tensor(c.values.map(decode), { dtype: float32 }).reshape(c.shape).numpy()), c.repr);
  });
});

describe('Python float formatting (oracle fixtures)', () => {
  it("matches '{:.pf}' and '{:.pe}' digit for digit, ties to even", () => {
    for (const [v, p, fixed, sci] of fixture.pyformat as [number, number, string, string][]) {
      const x = Object.is(v, 0) && fixed.startsWith('-') ? -0 : v;
      assert.equal(formatFixed(x, p), fixed, `{:.${p}f} of ${v}`);
      assert.equal(formatSci(x, p), sci, `{:.${p}e} of ${v}`);
    }
  });
});
