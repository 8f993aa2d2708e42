// `npm run bench`: every workload, each against PyTorch measured in the same run, in a process
// started with the allocator settings the kernel runs with (runtime/src/tuning.ts).
import { spawnSync } from 'child_process';
import { tunedEnv } from '../runtime/src/tuning';
import * as ops from './ops';
import * as mlp from './mlp_step';
import * as kernel from './kernel';
import * as vectorize from './vectorize';
import * as matmul from './matmul';
import * as sst2 from './sst2_epoch';

if (process.env.GLIBC_TUNABLES === undefined) {
  const r = spawnSync(process.execPath, process.argv.slice(1), { env: tunedEnv(), stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

console.log(`torchlab benchmarks on ${require('os').cpus().length} cores (${require('os').cpus()[0].model}), node ${process.version}\n`);
console.log('== tensor ops'); ops.run();
console.log('\n== training steps'); mlp.run();
console.log('\n== matmul, lecture GPU demo, lecture 002 net'); matmul.run();
console.log('\n== SST-2 pipeline'); vectorize.run();
console.log('\n== SST-2 training epochs'); sst2.run(2);
console.log('\n== kernel'); void kernel.run();
