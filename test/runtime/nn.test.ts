// nn, optim and utils.data against PyTorch running the same programs (test/oracle/gen_nn.py).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';

const { nn } = torch;
const { DataLoader, Dataset, SubsetRandomSampler, TensorDataset, WeightedRandomSampler, random_split } = torch.utils.data;
const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'nn.json'), 'utf8'));

const flat = (t: torch.Tensor) => t.detach().reshape(-1).tolist() as number[];
const f32 = (b64: string, shape: number[]) => {
  const buf = Buffer.from(b64, 'base64');
  return torchFrom(new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4).slice(), shape);
};
const torchFrom = (a: Float32Array, shape: number[]) => torch.tensor(a).reshape(shape);

function closeArr(got: number[], want: number[], rtol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rtol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${g} vs ${want[i]}`));
}

// ---- the lectures' models ----------------------------------------------------------------------------
class BinaryLogisticRegression extends nn.Module {
  Wb: torch.nn.Linear; activation_function: torch.nn.Sigmoid;
  constructor(v: number) { super(); this.Wb = new nn.Linear(v, 1, { bias: true }); this.activation_function = new nn.Sigmoid(); }
}
class FeedForwardClassifier extends nn.Module {
  layer_0: torch.nn.Linear; layer_1: torch.nn.Linear; layer_2: torch.nn.Linear; output_layer: torch.nn.Linear; softmax: torch.nn.Softmax;
  constructor(v: number, c = 2) {
    super();
    this.layer_0 = new nn.Linear(v, 100); this.layer_1 = new nn.Linear(100, 100); this.layer_2 = new nn.Linear(100, 100);
    this.output_layer = new nn.Linear(100, c, { bias: true }); this.softmax = new nn.Softmax({ dim: 1 });
  }
}
class myMultiLayerPerceptron extends nn.Module {
  sequential: torch.nn.Sequential;
  constructor(i: number, o: number) {
    super();
    this.sequential = new nn.Sequential(new nn.Linear(i, 20), new nn.ReLU(), new nn.Linear(20, 20), new nn.ReLU(),
      new nn.Linear(20, 20), new nn.ReLU(), new nn.Linear(20, 20), new nn.ReLU(), new nn.Linear(20, o));
  }
  override forward(x: torch.Tensor) { return this.sequential(x); }
}
class TwoLayerMLP extends nn.Module {
  linear1: torch.nn.Linear; linear2: torch.nn.Linear;
  constructor(a: number, h: number, b: number) { super(); this.linear1 = new nn.Linear(a, h); this.linear2 = new nn.Linear(h, b); }
}

describe('nn modules (oracle fixtures)', () => {
  it('print as PyTorch prints them', () => {
    const r = fx.reprs;
    assert.equal(String(new BinaryLogisticRegression(10106)), r.BinaryLogisticRegression);
    assert.equal(String(new FeedForwardClassifier(10106, 2)), r.FeedForwardClassifier);
    assert.equal(String(new myMultiLayerPerceptron(1, 1)), r.myMultiLayerPerceptron);
    assert.equal(String(new TwoLayerMLP(1000, 100, 10)), r.TwoLayerMLP);
    assert.equal(String(new nn.Sequential(new nn.Linear(1000, 100), new nn.ReLU(), new nn.Linear(100, 10))), r.Sequential);
    assert.equal(String(new nn.Sequential(new nn.Dropout(0.25), new nn.LeakyReLU(0.2), new nn.Tanh(), new nn.LogSoftmax({ dim: 1 }),
      new nn.Flatten(), new nn.Identity(), new nn.Embedding(10, 3), new nn.ReLU(true), new nn.Softmax())), r.misc);
    assert.equal(String(new nn.ModuleList([new nn.Linear(2, 2), new nn.Sigmoid()])), r.ModuleList);
    assert.equal(String(new nn.ModuleList([new nn.MSELoss({ reduction: 'sum' }), new nn.BCELoss(), new nn.CrossEntropyLoss(),
      new nn.NLLLoss(), new nn.L1Loss(), new nn.BCEWithLogitsLoss()])), r.losses);
  });

  it("initialise Linear exactly as PyTorch under manual_seed(0)", () => {
    torch.manual_seed(0);
    const l1 = new nn.Linear(5, 3), l2 = new nn.Linear(10106, 1);
    const li = fx.linear_init;
    assert.deepEqual(flat(l1.weight), li.w5x3);
    assert.deepEqual(flat(l1.bias!), li.b3);
    assert.deepEqual(flat(l2.weight).slice(0, 20), li.w10106_head);
    assert.deepEqual(flat(l2.weight).slice(-20), li.w10106_tail);
    assert.deepEqual(flat(l2.bias!), li.b1);
    assert.equal(String(l1.bias), li.param_repr);
    assert.deepEqual([...l1.state_dict().keys()], li.state_dict_keys);
  });

  it('are callable, register parameters in declaration order and move with to()', () => {
    const m = new TwoLayerMLP(3, 4, 2);
    assert.deepEqual([...m.named_parameters()].map(([k]) => k), ['linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias']);
    assert.equal(typeof m, 'function');
    m.eval();
    assert.equal(m.linear1.training, false);
    m.double();
    assert.equal(m.linear1.weight.dtype, torch.float64);
    assert.throws(() => new nn.Module()(torch.ones(1)), /Module \[Module\] is missing the required "forward" function/);
  });
});

describe('optimizers (oracle fixtures: 20 steps, same losses)', () => {
  const makers: Record<string, [(p: Iterable<torch.Tensor>) => torch.optim.Optimizer, ((o: torch.optim.Optimizer) => { step(): void })?]> = {
    'SGD momentum 0.99 wd 1e-3': [(p) => new torch.optim.SGD(p, { lr: 1e-2, momentum: 0.99, weight_decay: 1e-3 })],
    'SGD plain': [(p) => new torch.optim.SGD(p, { lr: 0.1 })],
    'SGD nesterov dampening': [(p) => new torch.optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })],
    Adam: [(p) => new torch.optim.Adam(p, { lr: 1e-2 })],
    'Adam wd amsgrad': [(p) => new torch.optim.Adam(p, { lr: 1e-2, weight_decay: 1e-2, amsgrad: true })],
    AdamW: [(p) => new torch.optim.AdamW(p, { lr: 1e-2 })],
    RMSprop: [(p) => new torch.optim.RMSprop(p, { lr: 1e-2 })],
    'RMSprop centered momentum': [(p) => new torch.optim.RMSprop(p, { lr: 1e-3, momentum: 0.9, centered: true })],
    Adagrad: [(p) => new torch.optim.Adagrad(p, { lr: 0.1 })],
    'SGD StepLR': [(p) => new torch.optim.SGD(p, { lr: 0.1 }), (o) => new torch.optim.lr_scheduler.StepLR(o, 5, 0.5)],
    'SGD ExponentialLR': [(p) => new torch.optim.SGD(p, { lr: 0.1 }), (o) => new torch.optim.lr_scheduler.ExponentialLR(o, 0.9)],
    'SGD CosineAnnealingLR': [(p) => new torch.optim.SGD(p, { lr: 0.1 }), (o) => new torch.optim.lr_scheduler.CosineAnnealingLR(o, 6)],
  };
  for (const [name, [make, sched]] of Object.entries(makers)) {
    it(name, () => {
      torch.manual_seed(0);
      const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 1));
      const x = torch.randn(8, 4), y = torch.randn(8, 1);
      const opt = make(model.parameters());
      const s = sched?.(opt);
      const losses: number[] = [], lrs: number[] = [];
      for (let i = 0; i < 20; i++) {
        opt.zero_grad();
        const loss = nn.functional.mse_loss(model(x), y);
        loss.backward();
        opt.step();
        if (s) { s.step(); lrs.push(opt.param_groups[0].lr as number); }
        losses.push(loss.item());
      }
      const want = fx.optim[name];
      closeArr(losses, want.losses, 1e-5, 'loss');
      closeArr(flat((model.__getitem__(0) as torch.nn.Linear).weight), want.final, 1e-5, 'weight');
      closeArr(lrs, want.lrs, 1e-12, 'lr');
    });
  }
});

describe('optimizers on a large parameter fed sparse inputs (oracle fixtures: 10 steps)', () => {
  const makers: Record<string, (p: Iterable<torch.Tensor>) => torch.optim.Optimizer> = {
    Adam: (p) => new torch.optim.Adam(p, { lr: 1e-2 }),
    'Adam wd amsgrad': (p) => new torch.optim.Adam(p, { lr: 1e-2, weight_decay: 1e-2, amsgrad: true }),
    AdamW: (p) => new torch.optim.AdamW(p, { lr: 1e-2, weight_decay: 0.1 }),
    'Adam maximize': (p) => new torch.optim.Adam(p, { lr: 1e-3, maximize: true }),
  };
  for (const [name, make] of Object.entries(makers)) {
    it(name, () => {
      torch.manual_seed(0);
      const model = new nn.Sequential(new nn.Linear(3000, 20), new nn.ReLU(), new nn.Linear(20, 1));
      const x = torch.randn(16, 3000).mul(torch.rand(16, 3000).lt(0.01));
      const y = torch.randn(16, 1);
      const opt = make(model.parameters());
      const losses: number[] = [];
      for (let i = 0; i < 10; i++) {
        opt.zero_grad();
        const loss = nn.functional.mse_loss(model(x), y);
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      const want = fx.optim_large[name];
      const w = (model.__getitem__(0) as torch.nn.Linear).weight.detach();
      closeArr(losses, want.losses, 1e-5, 'loss');
      closeArr(flat(w).slice(0, 50), want.head, 1e-5, 'weight head');
      // The signed sum cancels: its error is measured against the sum of magnitudes.
      closeArr([w.double().abs().sum().item() as number], [want.abs_sum], 1e-5, 'weight |sum|');
      assert.ok(Math.abs((w.double().sum().item() as number) - want.sum) <= 1e-6 * want.abs_sum, 'weight sum');
    });
  }
});

/** `true` where T is a real type, `false` where it is `any` (to check that a type was inferred). */
type NotAny<T> = 0 extends 1 & T ? false : true;

class Range extends Dataset<number> {
  constructor(readonly n: number) { super(); }
  __getitem__(i: number) { return i; }
  override __len__() { return this.n; }
}

describe('utils.data (oracle fixtures: same orders under the same seeds)', () => {
  const d = fx.data;
  const batches = (l: Iterable<torch.Tensor>) => [...l].map(flat);
  it('shuffles like PyTorch, epoch after epoch', () => {
    torch.manual_seed(0);
    const loader = new DataLoader(new Range(10), { batch_size: 3, shuffle: true });
    assert.deepEqual([batches(loader), batches(loader)], d.shuffle_epochs);
    assert.equal(loader.__len__(), 4);
  });
  it('random_split, SubsetRandomSampler, drop_last and explicit generators', () => {
    torch.manual_seed(0);
    assert.deepEqual(random_split(new Range(10), [7, 3]).map((s) => s.indices), d.random_split);
    torch.manual_seed(1);
    assert.deepEqual([...new SubsetRandomSampler([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])], d.subset_sampler);
    torch.manual_seed(2);
    assert.deepEqual(batches(new DataLoader(new Range(7), { batch_size: 2, sampler: new SubsetRandomSampler([0, 2, 4, 6]) })), d.subset_loader);
    torch.manual_seed(3);
    assert.deepEqual(batches(new DataLoader(new Range(10), { batch_size: 4, shuffle: true, drop_last: true })), d.drop_last);
    const g = new torch.Generator().manual_seed(5);
    assert.deepEqual(batches(new DataLoader(new Range(6), { batch_size: 2, shuffle: true, generator: g })), d.generator);
    assert.deepEqual(random_split(new Range(10), [0.3, 0.7]).map((s) => s.__len__()), d.fractions);
    torch.manual_seed(4);
    assert.deepEqual([[...new WeightedRandomSampler([0.1, 0.2, 0.3, 0.4], 12)], [...new WeightedRandomSampler([1.0, 3.0, 0.5, 2.0, 1.5], 4, { replacement: false })]], d.weighted);
  });
  it('collates objects, tuples and numbers as default_collate does', () => {
    class Items extends Dataset<{ y: number; x: torch.Tensor }> {
      __getitem__(i: number) { return [{ y: 1, x: torch.ones(2) }, { y: 0, x: torch.zeros(2) }][i]; }
      override __len__() { return 2; }
    }
    // The batches are typed as default_collate makes them (numbers become tensors), not any.
    const b = [...new DataLoader(new Items(), { batch_size: 2 })][0];
    const typed: [NotAny<typeof b>, { y: torch.Tensor; x: torch.Tensor }] = [true, b];
    assert.ok(typed[0]);
    assert.equal(`{'y': ${b.y}, 'x': ${b.x}}`, d.collate.dict);
    const td = new TensorDataset(torch.arange(6, { dtype: torch.float32 }).reshape(3, 2), torch.tensor([0, 1, 0]));
    const t: torch.Tensor[] = [...new DataLoader(td, { batch_size: 3 })][0];
    class Pairs extends Dataset<[torch.Tensor, number]> {
      __getitem__(i: number): [torch.Tensor, number] { return [torch.ones(2).mul(i), i]; }
      override __len__() { return 2; }
    }
    for (const [x, y] of new DataLoader(new Pairs(), { batch_size: 2 })) {
      const pair: [NotAny<typeof y>, torch.Tensor, torch.Tensor] = [true, x, y];
      assert.equal(`${pair[2]}`, 'tensor([0, 1])');
    }
    assert.equal(`[${t.map(String).join(', ')}]`, d.collate.tuple);
    class Floats extends Dataset<number> { __getitem__(i: number) { return [0.5, 1.5][i]; } override __len__() { return 2; } }
    assert.equal(String([...new DataLoader(new Floats(), { batch_size: 2 })][0]), d.collate.floats);
  });
});

describe('lecture programs (oracle fixtures: same losses under the same seeds)', () => {
  it("lecture 002: a two-layer net by hand, with autograd, with a custom Function, and with nn + Adam", function () {
    this.timeout(120000);
    const L = fx.lecture002;
    const x = f32(L.x, [64, 1000]), y = f32(L.y, [64, 10]), w1 = f32(L.w1, [1000, 100]), w2 = f32(L.w2, [100, 10]);
    const lr = 1e-6, steps = L.manual.length;
    const manual: number[] = [];
    const m1 = w1.clone(), m2 = w2.clone();
    for (let t = 0; t < steps; t++) {
      const h = x.mm(m1), hRelu = h.clamp({ min: 0 }), yPred = hRelu.mm(m2);
      manual.push(yPred.sub(y).pow(2).sum().item());
      const gy = yPred.sub(y).mul(2.0);
      const gw2 = hRelu.t().mm(gy);
      const gh = gy.mm(m2.t()).clone();
      gh.set(h.lt(0), 0);
      const gw1 = x.t().mm(gh);
      m1.sub_(gw1.mul(lr));
      m2.sub_(gw2.mul(lr));
    }
    closeArr(manual, L.manual, 1e-4, 'manual');

    const w3 = w1.detach().clone().requires_grad_(), w4 = w2.detach().clone().requires_grad_();
    const auto: number[] = [];
    for (let t = 0; t < steps; t++) {
      const loss = x.mm(w3).clamp({ min: 0 }).mm(w4).sub(y).pow(2).sum();
      auto.push(loss.item());
      loss.backward();
      torch.no_grad(() => { w3.sub_(w3.grad!.mul(lr)); w4.sub_(w4.grad!.mul(lr)); });
      w3.grad!.zero_(); w4.grad!.zero_();
    }
    closeArr(auto, L.autograd, 1e-4, 'autograd');

    class ReLU extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { ctx.save_for_backward(x); return x.clamp({ min: 0 }); }
      static override backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        const [x] = ctx.saved_tensors;
        const gi = g.clone();
        gi.set(x.lt(0), 0);
        return gi;
      }
    }
    const w5 = w1.detach().clone().requires_grad_(), w6 = w2.detach().clone().requires_grad_();
    const custom: number[] = [];
    for (let t = 0; t < steps; t++) {
      const loss = ReLU.apply(x.mm(w5)).mm(w6).sub(y).pow(2).sum();
      custom.push(loss.item());
      loss.backward();
      torch.no_grad(() => { w5.sub_(w5.grad!.mul(lr)); w6.sub_(w6.grad!.mul(lr)); });
      w5.grad!.zero_(); w6.grad!.zero_();
    }
    closeArr(custom, L.custom, 1e-4, 'custom');
    assert.equal(ReLU.apply(x.mm(w5)).grad_fn!.name(), L.custom_grad_fn);

    torch.manual_seed(1);
    const model = new nn.Sequential(new nn.Linear(1000, 100), new nn.ReLU(), new nn.Linear(100, 10));
    const lossFn = new nn.MSELoss({ reduction: 'sum' });
    const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-4 });
    const seq: number[] = [];
    for (let t = 0; t < steps; t++) {
      const loss = lossFn(model(x), y);
      seq.push(loss.item());
      opt.zero_grad(); loss.backward(); opt.step();
    }
    closeArr(seq, L.sequential_adam, 1e-4, 'sequential');
  });

  it('lecture 003: the sine MLP with random_split, shuffled DataLoaders and SGD', () => {
    torch.manual_seed(0);
    const xs = torch.linspace(-10, 10, 50).index(':, None');
    const ys = torch.sin(xs.mul(0.5)).add(torch.randn(50, 1).mul(0.2));
    const [train, val] = random_split(new TensorDataset(xs, ys), [40, 10]);
    const mlp = new myMultiLayerPerceptron(1, 1);
    const tl = new DataLoader(train, { batch_size: 10, shuffle: true }), vl = new DataLoader(val, { batch_size: 10, shuffle: true });
    const opt = new torch.optim.SGD(mlp.parameters(), { lr: 0.04 });
    const trainLosses: number[] = [], valLosses: number[] = [];
    for (let e = 0; e < 15; e++) {
      const bl: number[] = [];
      for (const [xb, yb] of tl as Iterable<torch.Tensor[]>) {
        const loss = torch.mean(mlp(xb).sub(yb).pow(2));
        opt.zero_grad(); loss.backward(); opt.step();
        bl.push(loss.item());
      }
      trainLosses.push(bl.reduce((a, b) => a + b, 0) / bl.length);
      torch.no_grad(() => { let s = 0; for (const [xb, yb] of vl as Iterable<torch.Tensor[]>) s += torch.mean(mlp(xb).sub(yb).pow(2)).item(); valLosses.push(s); });
    }
    assert.deepEqual([train.indices, val.indices], fx.lecture003.split);
    closeArr(trainLosses, fx.lecture003.train, 1e-4, 'train');
    closeArr(valLosses, fx.lecture003.val, 1e-4, 'val');
  });

  it('lecture 004: logistic regression with SubsetRandomSampler, BCELoss and SGD(momentum 0.99, weight_decay 1e-3)', () => {
    class LogisticRegression extends nn.Module {
      w: torch.nn.Parameter; b: torch.nn.Parameter;
      constructor(n: number) { super(); this.w = new nn.Parameter(torch.ones(n)); this.b = new nn.Parameter(torch.zeros(1)); }
      override forward(x: torch.Tensor) { return torch.div(1, torch.exp(this.w.matmul(x).add(this.b).neg()).add(1)); }
    }
    torch.manual_seed(0);
    const plus = torch.randn(100, 2).mul(1.5).add(torch.tensor([-1, 1]));
    const neg = torch.randn(100, 2).mul(1.5).add(torch.tensor([1, -1]));
    const dset = new TensorDataset(torch.cat([plus, neg], 0), torch.cat([torch.ones(100), torch.zeros(100)]));
    const indices = torch.randperm(dset.__len__()).tolist() as number[];
    const loader = new DataLoader(dset, { batch_size: 8, sampler: new SubsetRandomSampler(indices.slice(0, 60)) });
    const crit = new nn.BCELoss({ reduction: 'mean' });
    const lm = new LogisticRegression(2);
    const opt = new torch.optim.SGD(lm.parameters(), { lr: 1e-2, momentum: 0.99, weight_decay: 1e-3 });
    const losses: number[] = [];
    for (let n = 0; n < 10; n++) {
      let el = 0;
      for (const [xb, yb] of loader as Iterable<torch.Tensor[]>) {
        opt.zero_grad();
        const loss = crit(lm(xb.unsqueeze(-1)).squeeze(-1), yb);
        loss.backward(); opt.step();
        el += loss.item();
      }
      losses.push(el / loader.__len__());
    }
    closeArr(losses, fx.lecture004.losses, 1e-4, 'loss');
    closeArr(flat(lm.w), fx.lecture004.w, 1e-4, 'w');
  });
});
