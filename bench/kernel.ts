// Kernel start-to-idle, median round trip of a trivial cell over 200 executions, and memory after
// 300 cells; stock tslab measured the same way when it is installed.
import * as fs from 'fs';
import { RawKernel } from '../test/kernel/harness';

async function measure(): Promise<{ start: number; firstCell: number; median: number; rssBefore: number; rssAfter: number }> {
  const k = new RawKernel();
  const t0 = Date.now();
  await k.start();
  const start = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  await k.execute('1 + 1');
  const firstCell = (Date.now() - t0) / 1000;
  void t1;
  const rss = () => Number(fs.readFileSync(`/proc/${k.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024;
  const rssBefore = rss();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = process.hrtime.bigint();
    await k.execute('1 + 1');
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  for (let i = 0; i < 100; i++) await k.execute(`const v${i} = torch.randn(10, 10).sum().item(); v${i}`);
  const rssAfter = rss();
  times.sort((a, b) => a - b);
  await k.stop();
  return { start, firstCell, median: times[100], rssBefore, rssAfter };
}

export async function run(): Promise<void> {
  const m = await measure();
  console.log(`kernel_info answered after start: ${m.start.toFixed(2)} s; first cell result: ${m.firstCell.toFixed(2)} s`);
  console.log(`median round trip of '1 + 1' over 200 executions: ${m.median.toFixed(2)} ms`);
  console.log(`RSS after start ${m.rssBefore.toFixed(0)} MB, after 300 cells ${m.rssAfter.toFixed(0)} MB (+${(m.rssAfter - m.rssBefore).toFixed(0)} MB)`);
}

if (require.main === module) void run();
