// Gradients of every differentiable op: against PyTorch (test/oracle/gen_grads.py) and against
// central finite differences in float64 (gradcheck).
import { strict as assert } from 'assert';
import { torch } from '../../runtime/src';
import { GRAD_TS, gradsFixture } from './grads_fixture';

const fx = gradsFixture;
const TS = GRAD_TS;
const names = Object.keys(fx.inputs);

function leaves(): Record<string, torch.Tensor> {
  const out: Record<string, torch.Tensor> = {};
  for (const k of names) out[k] = torch.tensor(fx.inputs[k].values, { dtype: torch.float64 }).reshape(fx.inputs[k].shape).requires_grad_();
  return out;
}
function run(expr: string, env: Record<string, torch.Tensor>): torch.Tensor {
  const fn = new Function('torch', ...names, `return (${TS[expr] ?? expr});`);
  return fn(torch, ...names.map((k) => env[k]));
}

describe('gradients of every op (oracle fixtures and float64 gradcheck)', () => {
  for (const c of fx.cases as { expr: string; grad_fn: string | null; w: number[]; grads: Record<string, number[] | null> }[]) {
    it(c.expr, () => {
      const env = leaves();
      const out = run(c.expr, env);
      assert.equal(out.grad_fn?.name() ?? null, c.grad_fn, 'grad_fn');
      const w = torch.tensor(c.w, { dtype: out.dtype }).reshape(out.shape.slice());
      const used = Object.keys(c.grads);
      const grads = torch.autograd.grad(out.mul(w).sum(), used.map((k) => env[k]), null, { allow_unused: true });
      used.forEach((k, i) => {
        const want = c.grads[k];
        const got = grads[i];
        if (want === null) { assert.equal(got, null, `${k}: expected no gradient`); return; }
        assert.ok(got, `${k}: missing gradient`);
        const g = got!.reshape(-1).tolist() as number[];
        g.forEach((v, j) => assert.ok(Math.abs(v - want[j]) <= 1e-9 * Math.max(1, Math.abs(want[j])), `${k}[${j}]: ${v} vs ${want[j]}`));
        // gradcheck: central differences on the same scalar function (not through a float32 round trip)
        if (c.expr.includes('float32')) return;
        const base = env[k].detach();
        const flat = base.reshape(-1);
        const h = 1e-6;
        const f = (vals: torch.Tensor) => torch.no_grad(() => run(c.expr, { ...env, [k]: vals }).mul(w).sum().item());
        for (let j = 0; j < flat.numel(); j++) {
          const plus = flat.clone(), minus = flat.clone();
          plus.set(j, flat.index(j).item() + h);
          minus.set(j, flat.index(j).item() - h);
          const num = (f(plus.reshape(base.shape.slice())) - f(minus.reshape(base.shape.slice()))) / (2 * h);
          assert.ok(Math.abs(num - g[j]) <= 1e-4 * Math.max(1, Math.abs(g[j])), `gradcheck ${k}[${j}]: numeric ${num} vs analytic ${g[j]}`);
        }
      });
    });
  }

  it('raises PyTorch\'s errors', () => {
    const a = torch.ones(2, { requires_grad: true });
    const y = a.mul(2).sum();
    y.backward();
    assert.throws(() => y.backward(), /Trying to backward through the graph a second time/);
    assert.throws(() => a.add_(1), /a leaf Variable that requires grad is being used in an in-place operation./);
    assert.throws(() => a.mul(2).backward(), /grad can be implicitly created only for scalar outputs/);
    const z = a.mul(3).sum();
    z.backward(undefined, { retain_graph: true });
    z.backward();
    assert.deepEqual(a.grad!.tolist(), [8, 8]);
    assert.throws(() => torch.ones(2).backward(), /element 0 of tensors does not require grad and does not have a grad_fn/);
  });

  it('retain_grad, detach, no_grad and is_leaf behave as in PyTorch', () => {
    const a = torch.tensor([1.5, 2.5], { requires_grad: true });
    const b = a.mul(a);
    b.retain_grad();
    b.sum().backward();
    assert.deepEqual(b.grad!.tolist(), [1, 1]);
    assert.deepEqual(a.grad!.tolist(), [3, 5]);
    assert.equal(a.is_leaf, true);
    assert.equal(b.is_leaf, false);
    assert.equal(a.detach().requires_grad, false);
    assert.equal(torch.no_grad(() => a.mul(2)).requires_grad, false);
    assert.equal(String(b.grad_fn), '<MulBackward0>');
  });
});
