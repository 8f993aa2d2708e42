// Tiny ops, 1000x1000 elementwise ops, reductions, softmax and matmul: torchlab vs PyTorch, on
// one thread each and on two (PyTorch with OMP_WAIT_POLICY=PASSIVE), in one run.
//   npm run build && node dist/bench/ops.js
import { torch } from '../runtime/src';
import { table, timeIt, timePyTorch } from './harness';

const CASES: [string, (t: typeof torch, a10: torch.Tensor, b10: torch.Tensor, A: torch.Tensor, B: torch.Tensor) => unknown, string][] = [
  ['tiny a.add(b) [10]', (_t, a, b) => a.add(b), 'a.add(b)'],
  ['tiny a.mul(2) [10]', (_t, a) => a.mul(2), 'a.mul(2)'],
  ['add 1000x1000', (_t, _a, _b, A, B) => A.add(B), 'A.add(B)'],
  ['mul 1000x1000', (_t, _a, _b, A, B) => A.mul(B), 'A.mul(B)'],
  ['add row 1000x1000 + 1x1000', (_t, _a, _b, A, B) => A.add(B.index('0:1')), 'A.add(B[0:1])'],
  ['exp 1000x1000', (_t, _a, _b, A) => A.exp(), 'A.exp()'],
  ['tanh 1000x1000', (_t, _a, _b, A) => A.tanh(), 'A.tanh()'],
  ['sigmoid 1000x1000', (_t, _a, _b, A) => A.sigmoid(), 'A.sigmoid()'],
  ['log 1000x1000', (_t, _a, _b, A) => A.log(), 'A.log()'],
  ['relu 1000x1000', (_t, _a, _b, A) => A.relu(), 'A.relu()'],
  ['sum 1000x1000', (_t, _a, _b, A) => A.sum(), 'A.sum()'],
  ['sum(0) 1000x1000', (_t, _a, _b, A) => A.sum(0), 'A.sum(0)'],
  ['max(1) 1000x1000', (_t, _a, _b, A) => A.amax(1), 'A.amax(1)'],
  ['argmax(1) 1000x1000', (_t, _a, _b, A) => A.argmax(1), 'A.argmax(1)'],
  ['softmax(1) 1000x1000', (t, _a, _b, A) => t.softmax(A, 1), 'torch.softmax(A, 1)'],
  ['log_softmax(1) 1000x1000', (t, _a, _b, A) => t.log_softmax(A, 1), 'torch.log_softmax(A, 1)'],
  ['matmul 1000^3', (_t, _a, _b, A, B) => A.matmul(B), 'A.matmul(B)'],
];

export function run(): void {
  torch.manual_seed(0);
  const a10 = torch.rand(10), b10 = torch.rand(10);
  const A = torch.rand(1000, 1000), B = torch.rand(1000, 1000);
  const setup = 'a = torch.rand(10); b = torch.rand(10); A = torch.rand(1000, 1000); B = torch.rand(1000, 1000)';
  const cases: Record<string, [string, string]> = {};
  for (const [name, , py] of CASES) cases[name] = [setup, py];
  const threads = torch.get_num_threads();
  for (const k of [1, 2] as const) {
    torch.set_num_threads(k);
    // Warm up first: the first large ops of a process grow the heap (fresh pages) and start the pool.
    for (let i = 0; i < 20; i++) for (const [, f] of CASES) f(torch, a10, b10, A, B);
    const ours: Record<string, number> = {};
    for (const [name, f] of CASES) ours[name] = timeIt(() => f(torch, a10, b10, A, B), name.startsWith('matmul') ? { minSeconds: 1, batches: 3 } : {});
    const theirs = timePyTorch(cases, k);
    console.log(`\ntorchlab on ${k} thread${k > 1 ? 's' : ''}; PyTorch: /usr/bin/python3, Debian python3-torch, OPENBLAS_NUM_THREADS=${k} OMP_NUM_THREADS=${k}` +
      `${k > 1 ? ' OMP_WAIT_POLICY=PASSIVE' : ''}, torch.set_num_threads(${k}); medians`);
    table(Object.keys(ours).map((name) => ({
      name, ours: ours[name], torch: theirs[name],
      extra: name.startsWith('matmul') ? `${(2e9 / ours[name] / 1e9).toFixed(1)} vs ${(2e9 / theirs[name] / 1e9).toFixed(1)} GFLOP/s` : undefined,
    })), `PyTorch x${k}`);
  }
  torch.set_num_threads(threads);
}

if (require.main === module) run();
