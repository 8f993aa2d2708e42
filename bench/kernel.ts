// Kernel start-to-idle (median of three starts), median round trip of a trivial cell over 200 executions (the same cell
// each time, which both kernels compile once, and a cell that differs each time), and memory after
// 500 cells, for torchlab's kernel started as its kernelspec starts it (from the startup snapshot
// `torchlab install` builds), as `node kernel.js` (without it), and for stock tslab driven the same way over raw ZMQ.
//   node dist/bench/kernel.js [--torchlab-only] [--kernel other/kernel.js]   (--kernel: also measure
//   another build of the kernel, e.g. before a change)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotArgs } from '../kernel/src/cli';
import { RawKernel, root } from '../test/kernel/harness';

interface Figures { ready: number; firstCell: number; median: number; varying: number; rssStart: number; rssAfter: number; lost: number }

const rssOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024;

const STARTS = 3;

async function measure(make: () => RawKernel): Promise<Figures> {
  let lost = 0;
  let k!: RawKernel;
  // Stock tslab sometimes never sends a request's idle status; count those instead of hanging.
  const exec = async (code: string) => { try { await k.execute(code, 5000); } catch { lost++; } };
  const readies: number[] = [], firsts: number[] = [];
  for (let s = 0; s < STARTS; s++) {
    if (s) await k.stop();
    k = make();
    const t0 = Date.now();
    await k.start();
    readies.push((Date.now() - t0) / 1000);
    await exec('1 + 1');
    firsts.push((Date.now() - t0) / 1000);
  }
  const mid = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  const ready = mid(readies), firstCell = mid(firsts);
  const rssStart = rssOf(k.proc.pid!);
  const medianOf = async (cell: (i: number) => string) => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = process.hrtime.bigint();
      await exec(cell(i));
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    times.sort((a, b) => a - b);
    return (times[99] + times[100]) / 2;
  };
  const median = await medianOf(() => '1 + 1');
  const varying = await medianOf((i) => `1 + ${i}`);
  for (let i = 0; i < 99; i++) await exec(`const v${i} = Array.from({ length: 100 }, (_, j) => j * ${i}).reduce((a, b) => a + b); v${i}`);
  const rssAfter = rssOf(k.proc.pid!);
  await k.stop();
  return { ready, firstCell, median, varying, rssStart, rssAfter, lost };
}

function report(name: string, m: Figures): void {
  console.log(`${name}: kernel_info answered ${m.ready.toFixed(2)} s after spawn, first cell's result (start to idle) ${m.firstCell.toFixed(2)} s (medians of ${STARTS} starts)`);
  console.log(`${name}: median round trip of '1 + 1' over 200 executions ${m.median.toFixed(2)} ms; of '1 + i' (a new cell each time) ${m.varying.toFixed(2)} ms`);
  console.log(`${name}: RSS after the first cell ${m.rssStart.toFixed(0)} MB, after 500 cells ${m.rssAfter.toFixed(0)} MB (+${(m.rssAfter - m.rssStart).toFixed(0)} MB)` +
    (m.lost ? `; ${m.lost} executions never reached idle` : ''));
}

export async function run(args = process.argv.slice(2)): Promise<void> {
  const snapshot = snapshotArgs(fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-bench-')));
  if (snapshot.length) report('torchlab (startup snapshot)', await measure(() => new RawKernel((file) => [...snapshot, file])));
  report('torchlab (node kernel.js)', await measure(() => new RawKernel()));
  const other = args.indexOf('--kernel');
  if (other >= 0 && args[other + 1]) report(`torchlab at ${args[other + 1]}`, await measure(() => new RawKernel((file) => [args[other + 1], file])));
  const tslab = path.join(root, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!args.includes('--torchlab-only') && fs.existsSync(tslab)) {
    report('stock tslab', await measure(() => new RawKernel((file) => [tslab, 'kernel', '--config-path', file])));
  }
}

if (require.main === module) void run();
