// The `cuda` device's suite, shared by Node (gpu.test.ts: headlessgl, or WebGPU through Dawn) and
// headless Chromium (test/webgpu: WebGPU on SwiftShader): the op fixtures with their inputs on cuda
// (oracle values, float32 tolerance), gradients and training steps on cuda against the CPU backend's
// results, PyTorch's device errors and reprs, and lecture 001's GPU cells. With TORCHLAB_GPU=headlessgl
// or webgpu the GPU is required; otherwise the cuda suites run only when a GPU backend exists, and the
// lecture cells take their CPU branch without one. Fixtures are required as JSON, so a bundler can
// carry them into a browser.
import { strict as assert } from 'assert';
import { torch } from '../../runtime/src';
import { GRAD_TS, gradsFixture } from './grads_fixture';
import { Case, Tolerance, close, evaluate, fixture, fixtureInputs, normalise } from './ops_fixture';
import { tensorRepr } from '../../runtime/src/display/format';

/** What PyTorch prints for `t` moved to cuda:0: the display code's repr of the CPU tensor with that device. */
const cudaRepr = (t: torch.Tensor): string => tensorRepr({ ...t.printable(), deviceName: 'cuda:0' });

const { nn } = torch;
export const demanded = ['headlessgl', 'webgpu'].includes((process.env.TORCHLAB_GPU ?? '').toLowerCase());
/** Why cuda is unavailable (the error a cuda request raises), or null when it is available. */
export function unavailable(): string | null {
  try { torch.zeros(1).cuda(); return null; } catch (e) { return (e as Error).message; }
}
const GPU_TOLERANCE: Tolerance = { float32: [1e-4, 1e-5], float64: [1e-12, 1e-14] };

export function needCuda(ctx: Mocha.Context): void {
  const why = unavailable();
  if (why === null) return;
  if (demanded) throw new Error(`TORCHLAB_GPU=${process.env.TORCHLAB_GPU} but cuda is unavailable: ${why}`);
  ctx.skip();
}

const flat = (t: torch.Tensor) => t.detach().reshape(-1).tolist() as number[];
function closeArr(got: number[], want: number[], rtol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rtol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${g} vs ${want[i]}`));
}

describe('torch.cuda', function () {
  this.timeout(60000);
  it('is available exactly when a GPU backend runs (required under TORCHLAB_GPU=headlessgl|webgpu)', () => {
    const why = unavailable();
    if (demanded) assert.equal(why, null, `cuda unavailable: ${why}`);
    assert.equal(torch.cuda.is_available(), why === null);
    assert.equal(torch.cuda.device_count(), why === null ? 1 : 0);
    if (why !== null) {
      assert.equal(why, 'Torch not compiled with CUDA enabled');
      assert.throws(() => torch.cuda.current_device(), /Torch not compiled with CUDA enabled/);
      assert.equal(torch.cuda.memory_allocated(), 0);
    }
  });

  it('names the adapter, counts and releases device memory', function () {
    needCuda(this);
    assert.equal(torch.cuda.current_device(), 0);
    assert.ok(torch.cuda.get_device_name(0).length > 0);
    const before = torch.cuda.memory_allocated();
    const x = torch.ones(1000, { device: 'cuda' });
    assert.ok(torch.cuda.memory_allocated() >= before + 4096, 'a 1000-element float32 tensor takes 4096 bytes in 512-byte blocks');
    torch.cuda.synchronize();
    torch.cuda.empty_cache();
    assert.equal(x.sum().item(), 1000);
  });
});

describe('device semantics and errors (as PyTorch)', function () {
  this.timeout(60000);
  before(function () { needCuda(this); });

  it('moves tensors with cuda(), cuda(0), to(), cpu() and device options; prints the device', () => {
    const t = torch.tensor([[1.5, -2], [3, 4]]);
    for (const g of [t.cuda(), t.cuda(0), t.to('cuda'), t.to('cuda:0'), t.to(torch.device('cuda', 0)), torch.tensor([[1.5, -2], [3, 4]], { device: 'cuda' })]) {
      assert.equal(g.device.type, 'cuda');
      assert.equal(g.is_cuda, true);
      assert.equal(String(g.device), g.device.index === null ? 'cuda' : 'cuda:0');
      assert.deepEqual(g.tolist(), t.tolist());
      assert.equal(g.toString(), cudaRepr(t));
      const back = g.cpu();
      assert.equal(back.device.type, 'cpu');
      assert.deepEqual(back.tolist(), t.tolist());
    }
    assert.equal(torch.zeros(2, 3, { device: 'cuda' }).device.type, 'cuda');
    assert.equal(torch.arange(5, { device: 'cuda' }).toString(), "tensor([0, 1, 2, 3, 4], device='cuda:0')");
    assert.equal(torch.ones(2, { device: 'cuda', dtype: torch.int64 }).type(), 'torch.cuda.LongTensor');
    assert.equal(torch.tensor(2.5).cuda().item(), 2.5);
    assert.equal(torch.tensor([true, false]).cuda().toString(), "tensor([ True, False], device='cuda:0')");
    const r = torch.ones(2, { device: 'cuda', requires_grad: true });
    assert.equal(r.mul(2).toString(), "tensor([2., 2.], device='cuda:0', grad_fn=<MulBackward0>)");
  });

  it("raises PyTorch's errors for numpy() and for mixing devices; 0-dim CPU tensors mix", () => {
    const c = torch.ones(3), g = torch.ones(3).cuda();
    assert.throws(() => g.numpy(), (e: Error) => e.message === "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.");
    const mixed = 'Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!';
    assert.throws(() => c.mul(g), (e: Error) => e.message === mixed);
    assert.throws(() => g.add(c), (e: Error) => e.message === mixed);
    assert.throws(() => g.matmul(torch.ones(3, 2)), (e: Error) => e.message === mixed);
    assert.throws(() => torch.ones(2, 3).cuda().mm(torch.ones(3, 2)), (e: Error) => e.message === mixed);
    assert.throws(() => torch.where(torch.ones(3).gt(0), g, c), (e: Error) => e.message === mixed);
    const s = g.mul(torch.tensor(2.0));
    assert.equal(s.device.type, 'cuda');
    assert.deepEqual(s.tolist(), [2, 2, 2]);
    assert.deepEqual(torch.tensor(3.0).add(g).tolist(), [4, 4, 4]);
    assert.throws(() => torch.ones(1).cuda(1), /invalid device ordinal/);
  });

  it('moves modules in place; optimizers and gradients stay on the device', () => {
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 1));
    const w0 = (model.__getitem__(0) as torch.nn.Linear).weight;
    const ret = model.cuda();
    assert.equal(ret, model);
    assert.equal((model.__getitem__(0) as torch.nn.Linear).weight, w0, 'the same Parameter object');
    for (const p of model.parameters()) assert.equal(p.device.type, 'cuda');
    const loss = model(torch.randn(5, 4).cuda()).sum();
    loss.backward();
    for (const p of model.parameters()) assert.equal(p.grad!.device.type, 'cuda');
    new torch.optim.SGD(model.parameters(), { lr: 0.1 }).step();
    for (const p of model.parameters()) assert.equal(p.device.type, 'cuda');
    model.to('cpu');
    for (const p of model.parameters()) { assert.equal(p.device.type, 'cpu'); assert.equal(p.grad!.device.type, 'cpu'); }
  });
});

describe('reprs of cuda tensors (oracle fixtures)', function () {
  this.timeout(60000);
  before(function () { needCuda(this); });
  type Val = number | string;
  const rx = require('../../../test/fixtures/repr.json');
  const num = (v: Val) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
  for (const c of rx.cases as { name: string; shape: number[]; dtype: string; values?: Val[]; edges?: [number, Val][]; device?: string; repr: string; grad_fn?: string; requires_grad?: boolean; options?: object }[]) {
    if (!c.device || c.options) continue;
    it(c.name, () => {
      const dtype = torch[c.dtype as 'float32'] as torch.DType;
      const n = c.shape.reduce((a, b) => a * b, 1);
      // a summarized case gives only the printed elements; the others get values that would show if printed
      const vals = c.values ? c.values.map(num) : Array.from({ length: n }, () => 1e30);
      for (const [i, v] of c.edges ?? []) vals[i] = num(v);
      let t: torch.Tensor;
      if (c.grad_fn === 'MulBackward0') t = torch.tensor(vals.map((v) => v / 2), { dtype, device: 'cuda' }).reshape(c.shape).requires_grad_().mul(2);
      else {
        t = torch.tensor(vals, { dtype, device: 'cuda' }).reshape(c.shape);
        if (c.requires_grad) t.requires_grad_();
      }
      assert.equal(t.device.type, 'cuda');
      assert.equal(t.toString(), c.repr);
    });
  }
});

describe('ops on cuda (oracle fixtures, float32 tolerance)', function () {
  this.timeout(120000);
  let inputs: Record<string, torch.Tensor> = {};
  before(function () {
    needCuda(this);
    inputs = Object.fromEntries(Object.entries(fixtureInputs()).map(([k, v]) => [k, v.cuda()]));
  });
  const mixed = /^Expected all tensors to be on the same device/;
  for (const c of fixture.cases as Case[]) {
    it(c.error ? `${c.expr} raises` : c.expr, function () {
      if (c.error !== undefined) {
        assert.throws(() => evaluate(c, inputs), (e: Error) => {
          // a case that builds CPU tensors next to the inputs may meet the device check first
          if (!mixed.test(e.message)) assert.equal(e.message, c.error);
          return true;
        });
        return;
      }
      let got: unknown;
      try { got = evaluate(c, inputs); } catch (e) {
        // The case builds CPU tensors and combines them with the (now cuda) inputs: PyTorch raises this too.
        if (mixed.test((e as Error).message)) this.skip();
        throw e;
      }
      close(normalise(got), c.value!, c.expr, GPU_TOLERANCE);
    });
  }
});

describe('large shapes on cuda (against the CPU backend)', function () {
  this.timeout(120000);
  before(function () { needCuda(this); });
  const near = (got: torch.Tensor, want: torch.Tensor, rtol: number, what: string) => {
    assert.equal(got.device.type, 'cuda', `${what}: device`);
    assert.deepEqual(got.shape.slice(), want.shape.slice(), `${what}: shape`);
    closeArr(flat(got), flat(want), rtol, what);
  };
  it('reduces in chunks, over unmergeable dims and along long dims', () => {
    torch.manual_seed(0);
    const x = torch.randn(1000, 1000), g = x.cuda();
    near(g.sum(), x.sum(), 1e-4, 'sum');
    near(g.sum(0), x.sum(0), 1e-4, 'sum(0)');
    near(g.sum(1), x.sum(1), 1e-4, 'sum(1)');
    near(g.max(), x.max(), 0, 'max');
    near(g.argmax(), x.argmax(), 0, 'argmax');
    near(g.argmin(0), x.argmin(0), 0, 'argmin(0)');
    const x3 = torch.randn(30, 40, 50), g3 = x3.cuda();
    near(g3.sum([0, 2]), x3.sum([0, 2]), 1e-4, 'sum([0, 2])');
    near(g3.amax([0, 2]), x3.amax([0, 2]), 0, 'amax([0, 2])');
    near(g3.index(':, :5, :').prod(1), x3.index(':, :5, :').prod(1), 1e-5, 'prod(1) of a view');
    near(g3.cumsum(2), x3.cumsum(2), 1e-5, 'cumsum (host)');
    const v = torch.randn(100000), gv = v.cuda();
    near(gv.softmax(0), v.softmax(0), 1e-4, 'softmax over 1e5');
    near(gv.norm(), v.norm(), 1e-5, 'norm');
  });
  it('gathers and scatters long index lists; a matmul past the loop limit runs on the host', () => {
    torch.manual_seed(0);
    const w = torch.randn(5000, 3), idx = torch.randint(0, 5000, [20000]);
    near(w.cuda().index_select(0, idx.cuda()), w.index_select(0, idx), 0, 'index_select');
    const W = torch.randn(50, 4, { requires_grad: true }), GW = W.detach().cuda().requires_grad_();
    const ii = torch.randint(0, 50, [300]);
    nn.functional.embedding(ii, W).pow(2).sum().backward();
    nn.functional.embedding(ii.cuda(), GW).pow(2).sum().backward();
    near(GW.grad!, W.grad!, 1e-5, 'embedding gradient (index_add)');
    const A = torch.randn(4, 70000), B = torch.randn(70000, 3);
    near(A.cuda().matmul(B.cuda()), A.matmul(B), 1e-5, 'matmul with K = 70000');
  });
});

describe('gradients on cuda (float32, against the CPU backend)', function () {
  this.timeout(120000);
  before(function () { needCuda(this); });
  const fx = gradsFixture, TS = GRAD_TS;
  const names = Object.keys(fx.inputs);
  function grads(expr: string, w: number[], device: string): (number[] | null)[] {
    const env: Record<string, torch.Tensor> = {};
    for (const k of names) env[k] = torch.tensor(fx.inputs[k].values, { dtype: torch.float32 }).reshape(fx.inputs[k].shape).to(device).requires_grad_();
    // class indices built in the expression go to the same device, as PyTorch requires
    const src = (TS[expr] ?? expr).replace(/torch\.tensor\((\[[^\]]*\])\)/g, `torch.tensor($1, { device: '${device}' })`);
    const fn = new Function('torch', ...names, `return (${src});`);
    const out = fn(torch, ...names.map((k) => env[k])) as torch.Tensor;
    assert.equal(out.device.type, device);
    const wt = torch.tensor(w, { dtype: out.dtype, device }).reshape(out.shape.slice());
    const gs = torch.autograd.grad(out.mul(wt).sum(), names.map((k) => env[k]), null, { allow_unused: true });
    return gs.map((g) => {
      if (!g) return null;
      assert.equal(g.device.type, device);
      return flat(g);
    });
  }
  for (const c of fx.cases as { expr: string; w: number[] }[]) {
    it(c.expr, () => {
      const want = grads(c.expr, c.w, 'cpu');
      const got = grads(c.expr, c.w, 'cuda');
      want.forEach((wv, i) => {
        if (wv === null) { assert.equal(got[i], null, `${names[i]}: expected no gradient`); return; }
        closeArr(got[i]!, wv, 1e-4, names[i]);
      });
    });
  }
});

describe('training on cuda', function () {
  this.timeout(300000);
  before(function () { needCuda(this); });
  const fx = require('../../../test/fixtures/nn.json');
  const makers: Record<string, (p: Iterable<torch.Tensor>) => torch.optim.Optimizer> = {
    'SGD momentum 0.99 wd 1e-3': (p) => new torch.optim.SGD(p, { lr: 1e-2, momentum: 0.99, weight_decay: 1e-3 }),
    Adam: (p) => new torch.optim.Adam(p, { lr: 1e-2 }),
    'Adam wd amsgrad': (p) => new torch.optim.Adam(p, { lr: 1e-2, weight_decay: 1e-2, amsgrad: true }),
    AdamW: (p) => new torch.optim.AdamW(p, { lr: 1e-2 }),
    'RMSprop centered momentum': (p) => new torch.optim.RMSprop(p, { lr: 1e-3, momentum: 0.9, centered: true }),
    Adagrad: (p) => new torch.optim.Adagrad(p, { lr: 0.1 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: 20 steps give PyTorch's losses (oracle fixture)`, () => {
      torch.manual_seed(0);
      const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 1));
      const x = torch.randn(8, 4).cuda(), y = torch.randn(8, 1).cuda();
      model.cuda();
      const opt = make(model.parameters());
      const losses: number[] = [];
      for (let i = 0; i < 20; i++) {
        opt.zero_grad();
        const loss = nn.functional.mse_loss(model(x), y);
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      const want = fx.optim[name];
      closeArr(losses, want.losses, 1e-4, 'loss');
      closeArr(flat((model.__getitem__(0) as torch.nn.Linear).weight), want.final, 1e-4, 'weight');
    });
  }
});

// ---- lecture 001's GPU cells ----------------------------------------------------------------------
class FeedForwardClassifier extends nn.Module {
  layer_0: torch.nn.Linear; layer_1: torch.nn.Linear; layer_2: torch.nn.Linear; output_layer: torch.nn.Linear; softmax: torch.nn.Softmax;
  constructor(vocab_size: number, num_classes = 2) {
    super();
    this.layer_0 = new nn.Linear(vocab_size, 100); this.layer_1 = new nn.Linear(100, 100); this.layer_2 = new nn.Linear(100, 100);
    this.output_layer = new nn.Linear(100, num_classes, { bias: true }); this.softmax = new nn.Softmax({ dim: 1 });
  }
  override forward({ X, y }: { X: torch.Tensor; y: torch.Tensor }) {
    const py_logits = this.output_layer(this.layer_2(this.layer_1(this.layer_0(X))));
    const py_probs = this.softmax(py_logits);
    const py = torch.argmax(py_probs, { dim: 1 });
    const loss = nn.functional.cross_entropy(py_logits, y, { reduction: 'mean' });
    return { py_logits, py_probs, py, loss };
  }
}

/** A few Adam steps of the lecture's FFN on `device` over a fixed bag-of-words batch; losses and predictions. */
function ffnSteps(device: string, steps: number): { losses: number[]; pys: number[][] } {
  torch.manual_seed(0);
  const vocab = 300;
  const X = torch.rand([32, vocab]).lt(0.05).float(), y = torch.randint(0, 2, [32]);
  const model = new FeedForwardClassifier(vocab, 2);
  model.to(device);
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: 0.001 });
  const losses: number[] = [], pys: number[][] = [];
  for (let i = 0; i < steps; i++) {
    optimizer.zero_grad();
    const out = model({ X: X.to(device), y: y.to(device) });
    losses.push(out.loss.cpu().item());
    pys.push(out.py.cpu().tolist() as number[]);
    out.loss.backward();
    optimizer.step();
  }
  return { losses, pys };
}

describe("lecture 001's GPU cells (on the GPU backend, or their CPU branch without one)", function () {
  this.timeout(300000);
  const available = torch.cuda.is_available();
  if (demanded) it('has the demanded GPU', () => assert.equal(unavailable(), null));

  it('checks availability, moves a tensor, and prints what PyTorch prints', () => {
    torch.manual_seed(0);
    const t = torch.rand([1000, 1000]);
    if (!available) { assert.throws(() => t.cuda(), /Torch not compiled with CUDA enabled/); return; }
    const gt = t.cuda();
    // PyTorch prints a cuda tensor as the CPU one plus its device (wrapped onto its own line here)
    assert.equal(gt.toString(), cudaRepr(t));
    assert.ok(gt.toString().endsWith("]],\n       device='cuda:0')"));
  });

  it('shows the two device errors', () => {
    torch.manual_seed(0);
    const t = torch.rand([1000, 1000]);
    const messages: string[] = [];
    try { (t.cuda()).numpy(); } catch (ex) { messages.push((ex as Error).message); }
    try { t.mul(t.cuda()); } catch (ex) { messages.push((ex as Error).message); }
    if (!available) assert.deepEqual(messages, ['Torch not compiled with CUDA enabled', 'Torch not compiled with CUDA enabled']);
    else assert.deepEqual(messages, [
      "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.",
      'Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!',
    ]);
  });

  it('runs normalize(t @ t) on the GPU with the CPU results', () => {
    torch.manual_seed(0);
    const t = torch.rand([200, 200]);
    const run = (x: torch.Tensor) => { for (let i = 0; i < 5; i++) x = nn.functional.normalize(torch.matmul(x, x), { dim: 1 }); return x; };
    const cpu = run(t);
    if (!available) return;
    const gpu = run(t.cuda());
    torch.cuda.synchronize();
    assert.equal(gpu.device.type, 'cuda');
    closeArr(flat(gpu.cpu()), flat(cpu), 1e-4, 'normalize(t @ t)');
  });

  it('trains the FFN on cuda as on the CPU (model.to(device), Adam, cross_entropy, argmax)', () => {
    const cpu = ffnSteps('cpu', 3);
    if (!available) return;
    const gpu = ffnSteps('cuda', 3);
    closeArr(gpu.losses, cpu.losses, 1e-4, 'loss');
    assert.deepEqual(gpu.pys, cpu.pys);
  });
});

// ---- what only the WebGPU backend does ------------------------------------------------------------
describe('the WebGPU backend (asynchronous launches, sync points, device errors)', function () {
  this.timeout(300000);
  interface Stream { batches: number; define(k: number, wgsl: string, n: number, mask: number): void; launch(k: number, gx: number, gy: number, gz: number, i: number[], f: number[], b: number[]): void }
  let stream: Stream;
  before(function () {
    needCuda(this);
    const b = torch.zeros(1).cuda()._backend as unknown as { name: string; stream: Stream };
    if (b.name !== 'webgpu') this.skip();
    stream = b.stream;
  });

  it('queues launches without waiting and posts them at the sync point', () => {
    torch.manual_seed(0);
    const x = torch.rand([300, 300]).cuda();
    let y = x;
    y.sum().item(); // everything so far has run
    const before = stream.batches;
    for (let i = 0; i < 30; i++) y = y.mul(0.5).add(x).relu();
    assert.equal(stream.batches, before, '90 launches posted nothing yet');
    const got = y.sum().item();
    assert.equal(stream.batches, before + 1, 'one batch at the read');
    for (let i = 0; i < 300; i++) y = y.mul(0.5);
    assert.ok(stream.batches > before + 1, 'a long run of launches is posted in batches before any sync');
    let want = x.cpu();
    for (let i = 0; i < 30; i++) want = want.mul(0.5).add(x.cpu()).relu();
    assert.ok(Math.abs(got - (want.sum().item() as number)) <= 1e-4 * Math.abs(got));
  });

  it('reports a device error at the next sync point, with what failed, and carries on', () => {
    const x = torch.ones(1000).cuda().mul(3);
    torch.cuda.synchronize();
    // a command that fails invalidates the batch it was posted in, as WebGPU invalidates the command buffer
    stream.define(0xfffff, 'this is not WGSL', 0, 0);
    stream.launch(0xfffff, 1, 1, 1, [], [], []);
    // the launch itself returned: the error waits for a sync point
    assert.throws(() => torch.cuda.synchronize(), (e: Error) =>
      /^CUDA error: compiling kernel this is not WGSL: /.test(e.message) && /reported asynchronously at the next synchronization point/.test(e.message));
    assert.equal(x.sum().item(), 3000, 'later work runs and reads as usual');
    torch.cuda.synchronize();
  });

  it('uploads a lazily densified row batch as its entries, and reads it back whole', () => {
    const { LazyStorage } = require('../../runtime/src/tensor/lazy_storage') as typeof import('../../runtime/src/tensor/lazy_storage');
    const n = 4000, pos = [3, 17, 2500, 3999], vals = [1, 2, 3, 4];
    const lazy = new torch.Tensor(1) as torch.Tensor;
    const rows = new (lazy.constructor as new (s: unknown, shape: number[]) => torch.Tensor)(new LazyStorage(n, torch.float32, pos, vals), [2, n / 2]);
    const g = rows.cuda();
    assert.ok((g._storage as unknown as { sparse: unknown }).sparse !== null, 'the entries were kept for the upload');
    const w = torch.rand([n / 2, 5]);
    closeArr(flat(g.matmul(w.cuda())), flat(rows.matmul(w)), 1e-5, 'matmul of the uploaded rows');
    assert.deepEqual(g.cpu().tolist(), rows.tolist());
  });

  it('runs the large-tile matmul with ragged edges, and strided operands', () => {
    torch.manual_seed(0);
    const a = torch.rand([2050, 13]), b = torch.rand([13, 2047]);
    const want = a.matmul(b), err = a.cuda().matmul(b.cuda()).cpu().sub(want).abs().div(want.abs().clamp({ min: 1 })).max().item();
    assert.ok(err <= 1e-5, `matmul 2050x13 @ 13x2047: relative error ${err}`);
    const at = torch.rand([13, 70]).t(), bt = torch.rand([90, 13]).t();
    closeArr(flat(at.cuda().matmul(bt.cuda())), flat(at.matmul(bt)), 1e-5, 'transposed operands');
  });

  it('keeps int64 values beyond the device integers on the host', () => {
    const big = torch.tensor([2 ** 40, -5, 7], { dtype: torch.int64 }).cuda();
    assert.deepEqual(big.add(1).tolist(), [2 ** 40 + 1, -4, 8]);
    assert.deepEqual(big.float().cpu().tolist(), [2 ** 40, -5, 7]);
    assert.deepEqual(torch.tensor([1.5, -2.5, 3e9]).cuda().argmax().item(), 2);
  });
});
