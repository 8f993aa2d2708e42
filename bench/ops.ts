// Tiny ops, 1000x1000 elementwise ops and matmul: torchlab vs PyTorch (1 thread, then 2 threads
// with OMP_WAIT_POLICY=PASSIVE) in one run.
//   npm run build && node dist/bench/ops.js
import { torch } from '../runtime/src';
import { table, timeIt, timePyTorch } from './harness';

export function run(): void {
  torch.manual_seed(0);
  const a10 = torch.rand(10), b10 = torch.rand(10);
  const A = torch.rand(1000, 1000), B = torch.rand(1000, 1000);
  // Warm the allocator first: the first large ops of a process grow the heap (fresh pages).
  for (let i = 0; i < 30; i++) { A.add(B); A.mul(B); A.exp(); A.matmul(B); }
  const ours: Record<string, number> = {
    'tiny a.add(b) [10]': timeIt(() => a10.add(b10)),
    'tiny a.mul(2) [10]': timeIt(() => a10.mul(2)),
    'add 1000x1000': timeIt(() => A.add(B)),
    'mul 1000x1000': timeIt(() => A.mul(B)),
    'exp 1000x1000': timeIt(() => A.exp()),
    'sum 1000x1000': timeIt(() => A.sum()),
    'matmul 1000^3': timeIt(() => A.matmul(B), { minSeconds: 2, batches: 3 }),
  };
  const setupSmall = 'a = torch.rand(10); b = torch.rand(10)';
  const setupBig = 'A = torch.rand(1000, 1000); B = torch.rand(1000, 1000)';
  const cases: Record<string, [string, string]> = {
    'tiny a.add(b) [10]': [setupSmall, 'a.add(b)'],
    'tiny a.mul(2) [10]': [setupSmall, 'a.mul(2)'],
    'add 1000x1000': [setupBig, 'A.add(B)'],
    'mul 1000x1000': [setupBig, 'A.mul(B)'],
    'exp 1000x1000': [setupBig, 'A.exp()'],
    'sum 1000x1000': [setupBig, 'A.sum()'],
    'matmul 1000^3': [setupBig, 'A.matmul(B)'],
  };
  for (const threads of [1, 2] as const) {
    const theirs = timePyTorch(cases, threads);
    console.log(`\nPyTorch: /usr/bin/python3, Debian python3-torch, OPENBLAS_NUM_THREADS=${threads} OMP_NUM_THREADS=${threads}` +
      `${threads > 1 ? ' OMP_WAIT_POLICY=PASSIVE' : ''}, torch.set_num_threads(${threads}); torchlab with its default ${torch.get_num_threads()} threads (matmul is the only op here that uses them)`);
    table(Object.keys(ours).map((name) => ({
      name, ours: ours[name], torch: theirs[name],
      extra: name.startsWith('matmul') ? `${(2e9 / ours[name] / 1e9).toFixed(2)} vs ${(2e9 / theirs[name] / 1e9).toFixed(1)} GFLOP/s` : undefined,
    })), `PyTorch x${threads}`);
  }
}

if (require.main === module) run();
