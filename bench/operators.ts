// Python's operators in cells: compile time of a 32-line lecture cell (lecture 002's two-layer net
// with manual gradients, then lecture 000's logistic regression loss) written with operators and
// compiled with operator rewriting, against the same cell in method form compiled by the kernel's
// converter without it; and the run time of what the two compile to, with PyTorch running the
// lecture's Python in the same run.
//   npm run build && node dist/bench/operators.js
import * as vm from 'vm';
import { torch } from '../runtime/src';
import { BODY_PARAMS, Converter } from '../kernel/src/converter';
import { prelude } from '../kernel/src/preload';
import { fmtTime, timePyTorch } from './harness';

const STEPS = 20;

/** The cell three ways: TypeScript with operators, TypeScript in method form, the lecture's Python. */
export const CELL = {
  operators: `torch.manual_seed(0);
const [N, D_in, H, D_out] = [64, 1000, 100, 10];
const x = torch.randn(N, D_in);
const y = torch.randn(N, D_out);
const w1 = torch.randn(D_in, H);
const w2 = torch.randn(H, D_out);
const learning_rate = 1e-6;
const losses: number[] = [];
for (let t = 0; t < ${STEPS}; t++) {
  // forward pass: compute predicted y
  const h = x.mm(w1);
  const h_relu = h.clamp({ min: 0 });
  const y_pred = h_relu.mm(w2);
  // compute and print loss
  const loss = ((y_pred - y) ** 2).sum();
  losses.push(loss.item());
  // backprop to compute gradients of w1 and w2 with respect to loss
  const grad_y_pred = 2.0 * (y_pred - y);
  const grad_w2 = h_relu.t().mm(grad_y_pred);
  const grad_h_relu = grad_y_pred.mm(w2.t());
  const grad_h = grad_h_relu.clone();
  grad_h[h < 0] = 0;
  const grad_w1 = x.t().mm(grad_h);
  // update weights
  w1 -= learning_rate * grad_w1;
  w2 -= learning_rate * grad_w2;
}
const w = torch.zeros(D_in, 1), b = torch.zeros(1);
const labels = (y[':, 0:1'] > 0).float();
const probs = 1 / (1 + torch.exp(-(x.mm(w) + b)));
const bce = -(labels * torch.log(probs) + (1 - labels) * torch.log(1 - probs)).mean();
const accuracy = ((probs > 0.5).float() == labels).float().mean();
[losses[losses.length - 1], bce.item(), accuracy.item()]`,
  methods: `torch.manual_seed(0);
const [N, D_in, H, D_out] = [64, 1000, 100, 10];
const x = torch.randn(N, D_in);
const y = torch.randn(N, D_out);
const w1 = torch.randn(D_in, H);
const w2 = torch.randn(H, D_out);
const learning_rate = 1e-6;
const losses: number[] = [];
for (let t = 0; t < ${STEPS}; t++) {
  // forward pass: compute predicted y
  const h = x.mm(w1);
  const h_relu = h.clamp({ min: 0 });
  const y_pred = h_relu.mm(w2);
  // compute and print loss
  const loss = y_pred.sub(y).pow(2).sum();
  losses.push(loss.item());
  // backprop to compute gradients of w1 and w2 with respect to loss
  const grad_y_pred = y_pred.sub(y).mul(2.0);
  const grad_w2 = h_relu.t().mm(grad_y_pred);
  const grad_h_relu = grad_y_pred.mm(w2.t());
  const grad_h = grad_h_relu.clone();
  grad_h.set(h.lt(0), 0);
  const grad_w1 = x.t().mm(grad_h);
  // update weights
  w1.sub_(grad_w1.mul(learning_rate));
  w2.sub_(grad_w2.mul(learning_rate));
}
const w = torch.zeros(D_in, 1), b = torch.zeros(1);
const labels = y.index(':, 0:1').gt(0).float();
const probs = torch.exp(x.mm(w).add(b).neg()).add(1).__rtruediv__(1);
const bce = labels.mul(torch.log(probs)).add(labels.__rsub__(1).mul(torch.log(probs.__rsub__(1)))).mean().neg();
const accuracy = probs.gt(0.5).float().eq(labels).float().mean();
[losses[losses.length - 1], bce.item(), accuracy.item()]`,
  python: `torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H)
w2 = torch.randn(H, D_out)
learning_rate = 1e-6
losses = []
for t in range(${STEPS}):
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.t().mm(grad_y_pred)
    grad_h_relu = grad_y_pred.mm(w2.t())
    grad_h = grad_h_relu.clone()
    grad_h[h < 0] = 0
    grad_w1 = x.t().mm(grad_h)
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
w = torch.zeros(D_in, 1); b = torch.zeros(1)
labels = (y[:, 0:1] > 0).float()
probs = 1 / (1 + torch.exp(-(x.mm(w) + b)))
bce = -(labels * torch.log(probs) + (1 - labels) * torch.log(1 - probs)).mean()
accuracy = ((probs > 0.5).float() == labels).float().mean()
result = [losses[-1], bce.item(), accuracy.item()]`,
};

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const wallMs = () => Number(process.hrtime.bigint()) / 1e6;
/** Compiles of each kind measured (after five discarded rounds). */
const ROUNDS = 200;
const quantile = (v: number[], q: number) => { const s = v.slice().sort((a, b) => a - b); return s[Math.round(q * (s.length - 1))]; };
const median = (v: number[]) => quantile(v, 0.5);

export function run(): void {
  const rewriting = new Converter(process.cwd());
  const plain = new Converter(process.cwd(), { operators: false });
  rewriting.compile(prelude()).commit();
  plain.compile(prelude()).commit();
  const compile = {
    'method form, plain': (i: number) => plain.compile(`${CELL.methods}\n// ${i}`),
    'operators, rewriting': (i: number) => rewriting.compile(`${CELL.operators}\n// ${i}`),
    'method form, rewriting': (i: number) => rewriting.compile(`${CELL.methods}\n// ${i}`),
  };
  // The three compilers interleaved, in an order that turns each round, the first rounds discarded.
  // Two clocks: the time the compile takes (what a cell waits for; run on a quiet machine), and the
  // CPU time of this process (less disturbed by other processes, but it also counts the garbage
  // collector's background threads sweeping after the compile has returned).
  const entries = Object.entries(compile);
  const clocks = { 'wall time': wallMs, 'CPU time': cpuMs };
  const times = Object.fromEntries(Object.keys(clocks).map((c) => [c, Object.fromEntries(entries.map(([name]) => [name, [] as number[]]))]));
  for (let i = 0; i < ROUNDS + 5; i++) {
    for (const [name, f] of [...entries.slice(i % 3), ...entries.slice(0, i % 3)]) {
      const w0 = wallMs(), c0 = cpuMs();
      const r = f(i);
      const w = wallMs() - w0, c = cpuMs() - c0;
      if (r.diagnostics.length) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      if (i >= 5) { times['wall time'][name].push(w); times['CPU time'][name].push(c); }
    }
  }
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)}%`;
  for (const clock of Object.keys(clocks)) {
    const byName = times[clock], base = median(byName['method form, plain']);
    console.log(`compile, ${CELL.operators.split('\n').length}-line lecture cell (median ${clock} of ${ROUNDS} compiles each, quartiles in brackets):`);
    for (const [name, t] of Object.entries(byName)) {
      const m = median(t);
      const spread = `[${quantile(t, 0.25).toFixed(1)} – ${quantile(t, 0.75).toFixed(1)}]`;
      // The ratio of each round's compile to the same round's plain one: load that lasts a round weighs on both.
      const ratios = t.map((x, i) => x / byName['method form, plain'][i] - 1);
      const vs = name === 'method form, plain' ? '' : `${pct(m / base - 1)} (per round ${pct(median(ratios))} [${pct(quantile(ratios, 0.25))} – ${pct(quantile(ratios, 0.75))}])`;
      console.log(`  ${name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms ${spread.padEnd(16)} ${vs}`);
    }
  }
  console.log(`  cells with operators checked once: ${rewriting.operators!.stats.typed}, checked again as rewritten: ${rewriting.operators!.stats.rechecked}`);

  // Run what both forms compile to, as the kernel runs a cell.
  const scope: Record<string, unknown> = { torch };
  const runner = (js: string) => {
    const body = vm.runInThisContext(`(function(${BODY_PARAMS.join(', ')}) { ${js}\n})`) as (...a: unknown[]) => { value: unknown };
    return (e: object, r: NodeRequire) => body(e, r, () => undefined, (v: unknown) => v);
  };
  const opsJs = rewriting.compile(CELL.operators).js, methodsJs = plain.compile(CELL.methods).js;
  // The operators compile to the very calls of the method form (but for the parentheses written around operands).
  const bare = (js: string) => js.replace(/\/\/.*$/gm, '').replace(/[()\s]/g, '');
  console.log(`the two compile to the same calls: ${bare(opsJs) === bare(methodsJs)}`);
  const ops = runner(opsJs);
  const methods = runner(methodsJs);
  const result = (f: typeof ops) => f(scope, require).value as number[];
  const same = JSON.stringify(result(ops)) === JSON.stringify(result(methods));
  // The two interleaved, so that the machine's load weighs on both alike.
  const runs: Record<'ops' | 'methods', number[]> = { ops: [], methods: [] };
  for (let i = 0; i < 12; i++) {
    const order = [['ops', ops], ['methods', methods]] as const;
    for (const [name, f] of i % 2 ? order : [...order].reverse()) {
      const t0 = process.hrtime.bigint();
      f(scope, require);
      runs[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  const tOps = median(runs.ops.slice(2)), tMethods = median(runs.methods.slice(2));
  const tTorch = timePyTorch({ cell: ['import torch', CELL.python] }).cell;
  console.log(`run, ${STEPS} steps of the two-layer net and the loss (median of 10 runs each; same results: ${same}):`);
  console.log(`  operators ${fmtTime(tOps)}, method form ${fmtTime(tMethods)} (${(tOps / tMethods).toFixed(2)}x); PyTorch ${fmtTime(tTorch)} (operators ${(tOps / tTorch).toFixed(2)}x PyTorch)`);
}

if (require.main === module) run();
