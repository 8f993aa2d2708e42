// Module.load_state_dict against PyTorch (test/oracle/gen_state_dict.py): missing, unexpected and
// mis-shaped keys, strict or not, the result's repr, and what is not a state_dict.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';

const { nn } = torch;
const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'state_dict.json'), 'utf8'));
const model = () => new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));

function check(name: string, run: () => { missing_keys: string[]; unexpected_keys: string[] }): void {
  const want = fx[name];
  if (want.error) {
    assert.throws(run, (e: Error) => { assert.equal(e.name, want.error, name); assert.equal(e.message, want.message, name); return true; });
  } else {
    const r = run();
    assert.equal(String(r), want.repr, name);
    assert.deepEqual(r.missing_keys, want.missing_keys, name);
    assert.deepEqual(r.unexpected_keys, want.unexpected_keys, name);
  }
}

describe('Module.load_state_dict (oracle fixtures)', () => {
  const sd = () => model().state_dict();
  const bad = () => {
    const d = new nn.OrderedDict<unknown>(sd());
    d.delete('0.bias');
    d.set('extra', torch.zeros(1));
    d.set('zz', torch.zeros(1));
    d.set('2.weight', torch.zeros(2, 3));
    return d as Map<string, torch.Tensor>;
  };
  const keysOnly = () => {
    const d = new nn.OrderedDict<torch.Tensor>(sd());
    d.delete('0.bias');
    d.set('extra', torch.zeros(1));
    return d;
  };
  it('reports missing, unexpected and mis-shaped keys as PyTorch does', () => {
    check('all_strict', () => model().load_state_dict(bad()));
    check('all_nonstrict', () => model().load_state_dict(bad(), false));
    check('keys_strict', () => model().load_state_dict(keysOnly()));
    check('keys_nonstrict', () => model().load_state_dict(keysOnly(), { strict: false }));
    check('ok', () => model().load_state_dict(sd()));
  });
  it('rejects what is not a state_dict', () => {
    check('list', () => model().load_state_dict([1] as never));
    const d = new nn.OrderedDict<unknown>(sd());
    d.set('0.weight', 5);
    check('not_tensor', () => model().load_state_dict(d as never));
  });
  it('copies the values into the existing parameters', () => {
    const a = model(), b = model();
    const w = b.state_dict().get('0.weight')!;
    const p = [...b.parameters()][0];
    b.load_state_dict(a.state_dict());
    assert.ok([...b.parameters()][0] === p, 'the same Parameter object');
    assert.ok(p.equal(a.state_dict().get('0.weight')!) && w.equal(p));
  });
});
