// Matmul throughput, the lecture's GPU demo run on the CPU, and lecture 002's two-layer net:
// torchlab vs PyTorch, each on one thread and on two (torch.set_num_threads / TORCHLAB_NUM_THREADS
// semantics: the calling thread plus pool workers), measured in the same run.
import { torch } from '../runtime/src';
import { timeIt, timePyTorch, table } from './harness';

const SIZES = [256, 512, 1000, 2048];

function demo(): void {
  let t = torch.rand([1000, 1000]);
  for (let i = 0; i < 300; i++) t = torch.nn.functional.normalize(torch.matmul(t, t), { dim: 1 });
}

function twoLayer(): void {
  const N = 64, D_in = 1000, H = 100, D_out = 10, lr = 1e-6;
  const x = torch.randn([N, D_in]), y = torch.randn([N, D_out]);
  const w1 = torch.randn([D_in, H]), w2 = torch.randn([H, D_out]);
  for (let s = 0; s < 500; s++) {
    const h = x.mm(w1), hRelu = h.clamp({ min: 0 }), yPred = hRelu.mm(w2);
    yPred.sub(y).pow(2).sum().item();
    const gY = yPred.sub(y).mul(2.0);
    const gW2 = hRelu.t().mm(gY);
    const gH = gY.mm(w2.t()).clone();
    gH.set(h.lt(0), 0);
    const gW1 = x.t().mm(gH);
    w1.sub_(gW1.mul(lr)); w2.sub_(gW2.mul(lr));
  }
}

const PY_TWO_LAYER = `
def two_layer():
    N, D_in, H, D_out, lr = 64, 1000, 100, 10, 1e-6
    x = torch.randn(N, D_in); y = torch.randn(N, D_out)
    w1 = torch.randn(D_in, H); w2 = torch.randn(H, D_out)
    for t in range(500):
        h = x.mm(w1); h_relu = h.clamp(min=0); y_pred = h_relu.mm(w2)
        (y_pred - y).pow(2).sum().item()
        g = 2.0 * (y_pred - y)
        gw2 = h_relu.t().mm(g)
        gh = g.mm(w2.t()).clone(); gh[h < 0] = 0
        gw1 = x.t().mm(gh)
        w1 -= lr * gw1; w2 -= lr * gw2
`;

function measure(): Record<string, number> {
  const ours: Record<string, number> = {};
  for (const n of SIZES) {
    const a = torch.rand([n, n]), b = torch.rand([n, n]);
    ours[`matmul ${n}^3`] = timeIt(() => a.matmul(b), { minSeconds: n >= 1000 ? 1 : 0.3, batches: 5 });
  }
  ours['lecture 002 two-layer net, 500 steps'] = timeIt(twoLayer, { minSeconds: 0, batches: 3 });
  ours['GPU demo on CPU (normalize(t@t) x300)'] = timeIt(demo, { minSeconds: 0, batches: 3 });
  return ours;
}

export function run(): void {
  const cases: Record<string, [string, string]> = {};
  for (const n of SIZES) cases[`matmul ${n}^3`] = [`A = torch.rand(${n}, ${n}); B = torch.rand(${n}, ${n})`, 'A.matmul(B)'];
  cases['lecture 002 two-layer net, 500 steps'] = [PY_TWO_LAYER, 'two_layer()'];
  cases['GPU demo on CPU (normalize(t@t) x300)'] = ['import torch.nn.functional as F',
    't = torch.rand(1000, 1000)\nfor _ in range(300): t = F.normalize(torch.matmul(t, t), dim=1)'];
  const threads = torch.get_num_threads();
  for (const k of [1, 2] as const) {
    torch.set_num_threads(k);
    const ours = measure();
    const theirs = timePyTorch(cases, k);
    console.log(`\ntorchlab on ${k} thread${k > 1 ? 's' : ''}; PyTorch: /usr/bin/python3, Debian python3-torch 1.13, OPENBLAS_NUM_THREADS=${k} OMP_NUM_THREADS=${k}` +
      `${k > 1 ? ' OMP_WAIT_POLICY=PASSIVE' : ''}, torch.set_num_threads(${k}); medians`);
    table(Object.keys(ours).map((name) => {
      const n = Number(/matmul (\d+)/.exec(name)?.[1]);
      const gf = (s: number) => (2 * n ** 3 / s / 1e9).toFixed(1);
      return { name, ours: ours[name], torch: theirs[name], extra: n ? `${gf(ours[name])} vs ${gf(theirs[name])} GFLOP/s` : undefined };
    }), `PyTorch x${k}`);
  }
  torch.set_num_threads(threads);
}

if (require.main === module) run();
