// `npm run bench`: every workload, each against PyTorch measured in the same run. Each section
// runs in its own process (so none inherits another's heap or threads), started with the allocator
// settings the kernel runs with (kernel/src/tuning.ts).
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { tunedEnv } from '../kernel/src/tuning';

const SECTIONS: [string, string][] = [
  ['tensor ops', 'ops'],
  ['training steps', 'mlp_step'],
  ['matmul, lecture GPU demo, lecture 002 net', 'matmul'],
  ['SST-2 pipeline', 'vectorize'],
  ['SST-2 training epochs', 'sst2_epoch'],
  ['kernel', 'kernel'],
  ['files: torch.save, torch.load, SummaryWriter', 'files'],
];

console.log(`torchlab benchmarks on ${os.cpus().length} cores (${os.cpus()[0].model}), node ${process.version}`);
let failed = 0;
for (const [title, file] of SECTIONS) {
  console.log(`\n== ${title}`);
  const r = spawnSync(process.execPath, [path.join(__dirname, `${file}.js`)], { env: tunedEnv(), stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
