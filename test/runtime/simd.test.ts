// The WASM SIMD kernels take large float32 operands; below their thresholds the same ops run in
// the TS kernels that the oracle fixtures check. Exactly rounded ops (arithmetic, sqrt, relu,
// clamp, the fused gradients, which round as the TS kernels' float32 expressions do) must equal,
// bit for bit, the same op done in small row blocks; reductions must equal the TS kernels run on a
// float64 copy (max, min and argmax exactly; sums, accumulated in float64 by both, once rounded).
// Every case checks that the SIMD kernel it is about actually ran (wasm.calls).
// exp, log, tanh, sigmoid and softmax are checked against PyTorch in vmath.test.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch } from '../../runtime/src';
import { fused } from '../../runtime/src/ops';
import * as wasm from '../../runtime/src/backends/cpu/wasm';

const R = 400, C = 300, BLOCK = 3; // 120000 elements; blocks of 900, below every SIMD threshold but exp's

function blocks(f: (rows: string) => torch.Tensor, rows = R): torch.Tensor {
  const parts: torch.Tensor[] = [];
  for (let r = 0; r < rows; r += BLOCK) parts.push(f(`${r}:${Math.min(rows, r + BLOCK)}`));
  return torch.cat(parts, 0);
}

function sameBits(got: torch.Tensor, want: torch.Tensor, what: string): void {
  assert.deepEqual([...got.shape], [...want.shape], `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const g = got.contiguous().reshape(-1).tolist() as number[], w = want.contiguous().reshape(-1).tolist() as number[];
  for (let i = 0; i < g.length; i++) {
    if (!Object.is(g[i], w[i]) && !(Number.isNaN(g[i]) && Number.isNaN(w[i]))) assert.fail(`${what}[${i}]: ${g[i]} vs ${w[i]}`);
  }
}

/** Runs f and checks that it called the named SIMD kernel. */
function simd<T>(kernel: string, f: () => T): T {
  const before = wasm.calls[kernel] ?? 0;
  const r = f();
  assert.ok((wasm.calls[kernel] ?? 0) > before, `the SIMD kernel ${kernel} ran`);
  return r;
}

describe('SIMD elementwise and reduction kernels equal the TS kernels', () => {
  before(function () { if (!wasm.available()) this.skip(); });
  torch.manual_seed(7);
  const a = torch.randn(R, C), full = torch.randn(R, C).add(0.5), row = torch.randn(R, 1), col = torch.randn(1, C);

  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it(`${op}: full, scalar, per-row and per-column operands, either way round`, () => {
      const k = `binary32:${op}`;
      sameBits(simd(k, () => a[op](full)), blocks((r) => a.index(r)[op](full.index(r))), `${op} full`);
      sameBits(simd(k, () => a[op](0.37)), blocks((r) => a.index(r)[op](0.37)), `${op} scalar`);
      sameBits(simd(k, () => a[op](row)), blocks((r) => a.index(r)[op](row.index(r))), `${op} row`);
      sameBits(simd(k, () => a[op](col)), blocks((r) => a.index(r)[op](col)), `${op} column`);
      // the broadcast operand first: the kernel takes it second with the operation reversed
      const rk = op === 'sub' ? 'binary32:rsub' : op === 'div' ? 'binary32:rdiv' : k;
      sameBits(simd(rk, () => torch[op](0.37, a)), blocks((r) => torch[op](0.37, a.index(r))), `scalar ${op} tensor`);
      sameBits(simd(rk, () => row[op](a)), blocks((r) => row.index(r)[op](a.index(r))), `row ${op} tensor`);
      sameBits(simd(rk, () => col[op](a)), blocks((r) => col[op](a.index(r))), `column ${op} tensor`);
    });
  }

  it('rows longer than a chunk (per-row and per-column operands in pieces)', () => {
    const wide = torch.randn(3, 40001), wr = torch.randn(3, 1), wc = torch.randn(1, 40001);
    const parts = (f: (c: string) => torch.Tensor) => torch.cat([0, 3000, 6000, 9000, 12000, 15000, 18000, 21000, 24000, 27000, 30000, 33000, 36000, 39000]
      .map((c0) => f(`:, ${c0}:${Math.min(40001, c0 + 3000)}`)), 1);
    sameBits(simd('binary32:mul', () => wide.mul(wr)), parts((c) => wide.index(c).mul(wr)), 'wide per row');
    sameBits(simd('binary32:sub', () => wide.sub(wc)), parts((c) => wide.index(c).sub(wc.index(c))), 'wide per column');
  });

  it('in place (add_, mul_) and on a 3-D view', () => {
    const x = a.clone(), y = a.clone();
    simd('binary32:add', () => x.add_(full)); x.mul_(row);
    const want = blocks((r) => y.index(r).add(full.index(r)).mul(row.index(r)));
    sameBits(x, want, 'in place');
    const a3 = a.reshape(4, 100, C), r3 = row.reshape(4, 100, 1);
    sameBits(simd('binary32:div', () => a3.div(r3)).reshape(R, C), blocks((r) => a.index(r).div(row.index(r))), '3-D per row');
  });

  it('exact unary ops: relu, clamp, neg, abs, sqrt, reciprocal, square (pow 2), leaky_relu, with NaN and signed zeros', () => {
    const x = a.clone();
    x.set('0, 0:4', torch.tensor([NaN, -0, 0, -Infinity]));
    const u = (name: string, f: (t: torch.Tensor) => torch.Tensor) =>
      sameBits(simd(`unary32:${name}`, () => f(x)), blocks((r) => f(x.index(r))), name);
    u('relu', (t) => t.relu());
    u('clamp', (t) => t.clamp(-0.5, 0.7));
    u('clamp', (t) => t.clamp({ min: 0 }));
    u('neg', (t) => t.neg());
    u('abs', (t) => t.abs());
    u('sqrt', (t) => t.abs().sqrt());
    u('reciprocal', (t) => t.reciprocal());
    u('square', (t) => t.pow(2));
    u('leaky_relu', (t) => torch.nn.functional.leaky_relu(t, 0.1));
  });

  it('fused gradients of relu, tanh and sigmoid round as the TS kernels (and PyTorch) do', () => {
    const g = torch.randn(R, C);
    for (const [name, f] of [['relu', (t: torch.Tensor) => t.relu()], ['tanh', (t: torch.Tensor) => t.tanh()], ['sigmoid', (t: torch.Tensor) => t.sigmoid()]] as const) {
      const x = a.clone().requires_grad_(true);
      simd(`binary32:${name}_grad`, () => f(x).backward(g));
      const want = blocks((r) => {
        const xr = a.index(r).clone().requires_grad_(true);
        f(xr).backward(g.index(r));
        return xr.grad!;
      });
      sameBits(x.grad!, want, `${name} backward`);
    }
  });

  it('reductions: sum, max, min, norm and argmax over any dim, with NaN', () => {
    const x = a.clone(), x3 = torch.randn(4, 100, C);
    const xn = x.clone();
    xn.set('7, 5', NaN);
    const both = (kernel: string, f: (t: torch.Tensor) => torch.Tensor, what: string, t = x) => {
      const got = simd(kernel, () => f(t));
      const want = f(t.double());
      sameBits(got, want.dtype === torch.float64 ? want.float() : want, what);
    };
    for (const dim of [0, 1, -1, [0, 1]] as const) {
      both('reduce32:sum', (t) => t.sum(dim), `sum(${dim})`);
      both('reduce32:max', (t) => t.amax(dim), `amax(${dim})`);
      both('reduce32:min', (t) => t.amin(dim), `amin(${dim})`);
      both('reduce32:max', (t) => t.amax(dim), `amax(${dim}) with NaN`, xn);
      // the sum of squares in float64, rounded, then a float32 square root
      sameBits(simd('reduce32:sumsq', () => x.norm(2, dim)), x.double().pow(2).sum(dim).float().sqrt(), `norm(${dim})`);
    }
    both('reduce32:sum', (t) => t.sum(), 'sum()');
    both('reduce32:sum', (t) => t.sum(1, true), 'sum(1, keepdim)', x3);
    both('reduce32:max', (t) => t.amax([1, 2]), 'amax([1, 2]) of a 3-D tensor', x3);
    both('argmax32', (t) => t.argmax(1), 'argmax(1)');
    both('argmax32', (t) => t.argmin(-1), 'argmin(-1)');
    both('argmax32', (t) => t.argmax(1), 'argmax(1) with NaN', xn);
    both('argmax32', (t) => t.argmax(), 'argmax()');
  });

  it('normalize(t @ t) as in the lecture demo', () => {
    const t = torch.rand(300, 300);
    const m = t.matmul(t);
    const got = simd('reduce32:sumsq', () => torch.nn.functional.normalize(m, { dim: 1 }));
    const want = blocks((r) => torch.nn.functional.normalize(m.index(r), { dim: 1 }), 300);
    sameBits(got, want, 'normalize');
  });
});

describe("Adam's moments in the kernels' memory", () => {
  it('a large parameter steps in place, bit for bit as with ordinary moment tensors, and saves its state', () => {
    torch.manual_seed(0);
    const w = torch.randn(50, 100);
    const grads = [torch.randn(50, 100), torch.randn(50, 100), torch.randn(50, 100)];
    const p = w.clone().requires_grad_(), q = w.clone();
    const opt = new torch.optim.Adam([p], { lr: 1e-2, amsgrad: true });
    const m = torch.zeros(50, 100), v = torch.zeros(50, 100), vmax = torch.zeros(50, 100);
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, step: 0, decoupled: false, maximize: false };
    for (const [i, g] of grads.entries()) {
      p.grad = g.clone();
      simd('adam32 resident', () => opt.step());
      h.step = i + 1;
      simd('adam32', () => assert.ok(fused._fused_adam_(q, g, m, v, vmax, h)));
    }
    const state = opt.state_dict().state[0] as Record<string, torch.Tensor>;
    sameBits(p.detach(), q, 'parameter');
    sameBits(state.exp_avg, m, 'exp_avg');
    sameBits(state.exp_avg_sq, v, 'exp_avg_sq');
    sameBits(state.max_exp_avg_sq, vmax, 'max_exp_avg_sq');
    const file = path.join(os.tmpdir(), `torchlab-adam-${process.pid}.pt`);
    torch.save(opt.state_dict(), file);
    sameBits((torch.load(file) as { state: Record<number, Record<string, torch.Tensor>> }).state[0].exp_avg, m, 'exp_avg saved and loaded');
    fs.rmSync(file);
  });
});
