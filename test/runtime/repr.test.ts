// Reprs against PyTorch's text (fixtures from test/oracle/gen_repr.py).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';
import { dtypes } from '../../runtime/src/tensor/dtype';
import { tensorRepr, parameterRepr } from '../../runtime/src/display/format';
import { formatFixed, formatSci } from '../../runtime/src/display/decimal';

interface Case {
  name: string; shape: number[]; dtype: string; values?: (number | string)[]; make?: [string, number?];
  options?: Record<string, unknown>; suffix?: string; repr: string;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'repr.json'), 'utf8'));
const decode = (v: number | string) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

function build(c: Case): torch.Tensor {
  const dtype = dtypes[c.dtype];
  if (c.make) {
    const [kind, seed] = c.make;
    if (seed !== undefined) torch.manual_seed(seed);
    if (kind === 'rand') return torch.rand(c.shape, { dtype });
    if (kind === 'randn') return torch.randn(c.shape, { dtype });
    if (kind === 'zeros') return torch.zeros(c.shape, { dtype });
    if (kind === 'arange') return torch.arange(c.shape.reduce((a, b) => a * b, 1), { dtype }).reshape(c.shape);
    throw new Error(`unknown recipe ${kind}`);
  }
  const vals = c.values!.map(decode);
  return torch.tensor(c.shape.length === 0 ? vals[0] : vals, { dtype }).reshape(c.shape);
}

describe('tensor repr (oracle fixtures)', () => {
  afterEach(() => torch.set_printoptions({ profile: 'default' }));
  for (const c of fixture.cases as Case[]) {
    it(c.name, () => {
      const t = build(c);
      if (c.options) torch.set_printoptions(c.options);
      let text: string;
      if (c.suffix === 'requires_grad') text = t.requires_grad_().toString();
      else if (c.suffix === 'parameter') text = parameterRepr({ ...t.printable(), requiresGrad: true });
      else if (c.suffix === 'cuda') text = tensorRepr({ ...t.printable(), deviceName: 'cuda:0' });
      else if (c.suffix?.startsWith('grad_fn=<')) text = tensorRepr({ ...t.printable(), gradFnName: c.suffix.slice(9, -1) });
      else text = t.toString();
      assert.equal(text, c.repr);
    });
  }
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
