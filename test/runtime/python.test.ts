// Python's print, pprint, format and timedelta against CPython's output for the same values
// (fixtures from test/oracle/gen_python.py).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';
import * as nn from '../../runtime/src/nn';
import { datetime, format, pformat, pprint, print, repr, str, timedelta, tuple } from '../../runtime/src/python';
import { ValueError } from '../../runtime/src/errors';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'python.json'), 'utf8'));

type Tagged = { t: string; [k: string]: unknown };
function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Tagged;
  switch (o.t) {
    case 'float': return Number(String(o.v).replace('inf', 'Infinity'));
    case 'tuple': return tuple(...(o.v as unknown[]).map(decode));
    case 'dict': return Object.fromEntries((o.v as [string, unknown][]).map(([k, x]) => [k, decode(x)]));
    case 'timedelta': return new timedelta({ microseconds: o.us as number });
    case 'tensor': {
      const t = torch.tensor(o.data as number[], { dtype: (torch as unknown as Record<string, torch.DType>)[o.dtype as string] }).reshape(o.shape as number[]);
      return o.requires_grad ? t.requires_grad_() : t;
    }
    case 'module': return new nn.Sequential(...(o.layers as [string, ...number[]][]).map(([name, ...a]) =>
      name === 'Linear' ? new nn.Linear(a[0], a[1]) : new (nn as unknown as Record<string, new () => nn.Module>)[name]()));
    default: throw new Error(`unknown tag ${o.t}`);
  }
}

/** What a function writes to stdout. */
function captured(f: () => void): string {
  let out = '';
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
  try { f(); } finally { process.stdout.write = write; }
  return out;
}

describe('python: print, pprint, format, datetime', () => {
  it('print matches CPython for booleans, None, numbers, strings, lists, tuples, dicts, tensors and modules', () => {
    for (const c of fixture.print) {
      const args = (c.args as unknown[]).map(decode);
      const kw = Object.keys(c.kw).length ? [c.kw] : [];
      assert.equal(captured(() => print(...args, ...kw)), c.out, JSON.stringify(c.args).slice(0, 200));
    }
  });

  it('pprint matches CPython (sorted keys, width, depth, compact, long strings)', () => {
    for (const c of fixture.pprint) {
      const v = decode(c.value);
      assert.equal(captured(() => pprint(v, c.kw)), c.out, JSON.stringify(c.value).slice(0, 200));
      assert.equal(pformat(v, c.kw) + '\n', c.out);
    }
  });

  it('format follows the format-spec mini-language as CPython does, errors included', () => {
    for (const c of fixture.format) {
      const v = decode(c.value);
      const what = `format(${JSON.stringify(c.value)}, '${c.spec}')`;
      if (c.error) {
        assert.throws(() => format(v, c.spec), (e: Error) => {
          assert.equal(e.name, c.error, what);
          assert.equal(e.message, c.message, what);
          return true;
        }, what);
      } else assert.equal(format(v, c.spec), c.out, what);
    }
  });

  it('timedelta prints, reprs and totals as CPython; datetime differences are timedeltas', () => {
    for (const c of fixture.timedelta) {
      const td = decode(c.value) as timedelta;
      assert.equal(str(td), c.str);
      assert.equal(repr(td), c.repr);
      assert.equal(td.total_seconds(), c.total_seconds);
    }
    const start = datetime.now();
    const later = start.__add__(new timedelta({ seconds: 9, microseconds: 207511 }));
    assert.equal(str(later.sub(start)), '0:00:09.207511');
    const elapsed = datetime.now().sub(start);
    assert.ok(elapsed instanceof timedelta && elapsed.total_seconds() >= 0 && elapsed.total_seconds() < 5);
    assert.match(str(start), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
    assert.match(repr(start), /^datetime\.datetime\(\d{4}, \d+, \d+, \d+, \d+(, \d+){0,2}\)$/);
  });

  it('marks tuples, keeps print\'s options apart from dicts and leaves console.log alone', () => {
    const t = tuple(1, 'a');
    assert.ok(Array.isArray(t));
    const [a, b] = t;
    assert.equal(a + b, '1a');
    assert.equal(repr(tuple.from([1, 2, 3])), '(1, 2, 3)');
    assert.equal(repr([tuple()]), '[()]');
    assert.equal(captured(() => print({ sep: 1, other: 2 })), "{'sep': 1, 'other': 2}\n");
    assert.equal(captured(() => print('a', 'b', { sep: '-', end: '.\n' })), 'a-b.\n');
    assert.equal(repr(new ValueError('bad')), "ValueError('bad')");
    const ds = new torch.utils.data.TensorDataset(torch.tensor([[0, 1.5], [2, 3]]), torch.tensor([0, 1]));
    assert.equal(captured(() => print(ds.__getitem__(1))), '(tensor([2., 3.]), tensor(1))\n', 'TensorDataset items are tuples');
    assert.equal(str(torch.zeros(2, 3).shape), 'torch.Size([2, 3])');
    assert.equal(repr([torch.float32, new Map([[1, torch.device('cpu')]])]), "[torch.float32, {1: device(type='cpu')}]");
    assert.equal(str(torch.device('cuda', 0)), 'cuda:0');
    class Box { constructor(readonly v = 1) {} }
    assert.equal(repr(new Box()), '<Box object>');
    const logged: unknown[] = [];
    const log = console.log;
    console.log = (...x: unknown[]) => { logged.push(...x); };
    try { console.log(true); } finally { console.log = log; }
    assert.deepEqual(logged, [true]);
  });
});
