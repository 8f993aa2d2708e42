// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ against PyTorch (test/oracle/gen_nn_utils.py).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'nn_utils.json'), 'utf8'));

const close = (got: number[], want: number[], what: string) =>
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= 1e-6 * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${g} vs ${want[i]}`));

describe('torch.nn.utils (PyTorch fixtures)', () => {
  for (const c of fx.cases) {
    it(c.kind === 'norm' ? `clip_grad_norm_ (norm_type ${c.norm_type}, max_norm ${c.limit})` : `clip_grad_value_ (${c.limit})`, () => {
      const params = (c.before as unknown[]).map((g) => {
        const p = torch.zeros_like(torch.tensor(g as number[])).requires_grad_();
        p.grad = torch.tensor(g as number[]);
        return p;
      });
      if (c.kind === 'norm') {
        const total = torch.nn.utils.clip_grad_norm_(params, c.limit, c.norm_type === 'inf' ? Infinity : c.norm_type);
        close([total.item()], [c.total], 'total norm');
      } else torch.nn.utils.clip_grad_value_(params, c.limit);
      params.forEach((p, i) => close((p.grad!.reshape([-1]).tolist() as number[]), (c.after[i] as number[]).flat(2) as number[], `grad ${i}`));
    });
  }
  it('returns 0 for parameters without gradients', () => {
    assert.equal(torch.nn.utils.clip_grad_norm_([torch.zeros(3).requires_grad_()], 1).item(), 0);
  });
});
