// The cuda suite in Node without mocha (the packed project on the GPU machine carries no test
// framework): the shared suite and the Node-only checks of gpu.test.ts, run by suite_runner. Usage:
// `node dist/test/webgpu/node_run.js [grep] [--json FILE]`; TORCHLAB_GPU chooses the backend as usual.
import * as fs from 'fs';
import { install, reporter, runAll } from './suite_runner';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const j = args.indexOf('--json');
  const json = j >= 0 ? args.splice(j, 2)[1] : null;
  install();
  require('../runtime/gpu.test');
  const rep = reporter();
  const t0 = Date.now();
  const results = await runAll(rep.onResult, args[0]);
  const seconds = (Date.now() - t0) / 1000;
  const { torch } = require('../../runtime/src') as typeof import('../../runtime/src');
  const where = torch.cuda.is_available() ? `cuda on ${torch.cuda.get_device_name()}` : 'no cuda device';
  const failed = rep.summary(results, seconds, `Node ${process.version}, ${where}`);
  if (json) fs.writeFileSync(json, JSON.stringify({ where, seconds, results }, null, 1));
  process.exit(failed || !results.length ? 1 : 0);
}

void main();
