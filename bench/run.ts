// `npm run bench`: every workload, each against PyTorch measured in the same run. Each section
// runs in its own process (so none inherits another's heap or threads), started with the allocator
// settings the kernel runs with (kernel/src/tuning.ts).
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { tunedEnv } from '../kernel/src/tuning';
import { relaxedSimd } from '../runtime/src/backends/cpu/wasm';

// The matmul kernels are built twice: with relaxed SIMD's fused multiply-add where the engine has
// it (Node 22; Node 20 with V8's flag, which the runtime sets), and SIMD128 otherwise. The matmul
// section runs once more with the SIMD128 build (TORCHLAB_RELAXED_SIMD=0).
const relaxed = relaxedSimd();

const SECTIONS: [string, string, string[]?, NodeJS.ProcessEnv?][] = [
  ['tensor ops', 'ops'],
  ['training steps', 'mlp_step'],
  [`matmul, lecture GPU demo, lecture 002 net (${relaxed ? 'relaxed SIMD' : 'SIMD128'} kernels)`, 'matmul'],
  ...(relaxed ? [['matmul, lecture GPU demo, lecture 002 net (SIMD128 kernels, TORCHLAB_RELAXED_SIMD=0)', 'matmul', [],
    { TORCHLAB_RELAXED_SIMD: '0' }] as [string, string, string[], NodeJS.ProcessEnv]] : []),
  ['SST-2 pipeline', 'vectorize'],
  ['SST-2 training epochs', 'sst2_epoch'],
  ['Lightning over the hand-written loop (one SST-2 epoch)', 'lightning_epoch'],
  ['kernel', 'kernel'],
  ['files: torch.save, torch.load, SummaryWriter', 'files'],
  ['operators in cells', 'operators'],
];

// `npm run bench -- ops matmul` runs only the sections from those files.
const only = process.argv.slice(2);
console.log(`torchlab benchmarks on ${os.cpus().length} cores (${os.cpus()[0].model}), node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
let failed = 0;
for (const [title, file, args = [], env = {}] of SECTIONS) {
  if (only.length && !only.includes(file)) continue;
  console.log(`\n== ${title}`);
  const r = spawnSync(process.execPath, [...args, path.join(__dirname, `${file}.js`)], { env: { ...tunedEnv(), ...env }, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\nload average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(failed ? 1 : 0);
