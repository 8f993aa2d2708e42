// A soak of the kernel: thousands of mixed cells, most of them declaring names (constants,
// functions, interfaces, classes, type aliases, tensors, redeclarations), each checked for its
// reply, its idle status and its output. Reports the median round trip of the first 1,000 cells
// and of the last 1,000, the kernel's RSS along the way, and executions lost.
//   node dist/bench/soak.js [cells=10000] [kernel.js]
import * as fs from 'fs';
import { RawKernel } from '../test/kernel/harness';

/** Cell i of the soak, with the text its output must show (stream or result). */
export function soakCell(i: number): { code: string; expect: string } {
  const k = i - (i % 10);
  switch (i % 10) {
    case 0: return { code: `const v${i} = ${i};`, expect: '' };
    case 1: return { code: `let s${i} = torch.ones(3).mul(${i}).sum().item();\ns${i}`, expect: String(3 * i) };
    case 2: return { code: `function f${i}(x: number): number { return x + v${k}; }\nf${i}(1)`, expect: String(k + 1) };
    case 3: return { code: `interface I${i} { a: number; b: string }\nconst o${i}: I${i} = { a: ${i}, b: 'x' };\no${i}.a`, expect: String(i) };
    case 4: return { code: `console.log('cell', ${i});`, expect: `cell ${i}\n` };
    case 5: return { code: `class K${i} { constructor(public n: number) {} twice() { return this.n * 2; } }\nnew K${i}(${i}).twice()`, expect: String(2 * i) };
    case 6: return { code: `const t${i} = torch.zeros(2, ${1 + (i % 7)});\nt${i}.shape`, expect: `torch.Size([2, ${1 + (i % 7)}])` };
    case 7: return { code: `v${k} + f${k + 2}(0) + s${k + 1}`, expect: String(k + k + 3 * (k + 1)) };
    case 8: return { code: `type T${i} = { x: number };\nlet r${i}: T${i} = { x: ${i} };\nr${i}.x`, expect: String(i) };
    default: return { code: `const v${k} = 'shadowed ${k}';\nv${k}.length`, expect: String(`shadowed ${k}`.length) };
  }
}

export interface SoakFigures {
  cells: number;
  /** Median round trip (ms) of the first and of the last `window` cells. */
  firstMedian: number; lastMedian: number;
  /** The kernel process's CPU time per cell (ms, all its threads) over the first and the last window: unlike the round trip, not inflated by other processes' load. */
  firstCpu: number; lastCpu: number;
  rss: [number, number][]; lost: number; wrong: number;
}

const rssOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024;
/** User + system CPU time of a process, in ms. */
const cpuOf = (pid: number) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const median = (a: number[]) => { const s = a.slice().sort((x, y) => x - y); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };

/** Runs `cells` soak cells on a started kernel; `window` cells at each end give the medians. */
export async function soak(k: RawKernel, cells: number, window: number, onProgress?: (i: number, f: SoakFigures) => void): Promise<SoakFigures> {
  const times: number[] = [];
  const rss: [number, number][] = [[0, rssOf(k.proc.pid!)]];
  let lost = 0, wrong = 0, firstCpu = 0, lastCpu = 0, cpu0 = cpuOf(k.proc.pid!);
  const figures = (done: number): SoakFigures => ({ cells: done, firstMedian: median(times.slice(0, window)), lastMedian: median(times.slice(-window)), firstCpu, lastCpu, rss, lost, wrong });
  for (let i = 0; i < cells; i++) {
    if (i === window) firstCpu = (cpuOf(k.proc.pid!) - cpu0) / window;
    if (i === cells - window) cpu0 = cpuOf(k.proc.pid!);
    const { code, expect } = soakCell(i);
    const t = process.hrtime.bigint();
    let r: Awaited<ReturnType<RawKernel['execute']>> | null = null;
    try { r = await k.execute(code, 30000); } catch { lost++; }
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r) {
      const shown = r.iopub.filter((m) => m.header.msg_type === 'stream').map((m) => m.content.text).join('')
        + (r.iopub.find((m) => m.header.msg_type === 'execute_result')?.content.data['text/plain'] ?? '');
      if (r.reply.content.status !== 'ok' || shown !== expect) wrong++;
    }
    if (i + 1 === cells) lastCpu = (cpuOf(k.proc.pid!) - cpu0) / window;
    if ((i + 1) % 1000 === 0 || i + 1 === cells) {
      rss.push([i + 1, rssOf(k.proc.pid!)]);
      onProgress?.(i + 1, figures(i + 1));
    }
  }
  return figures(cells);
}

async function main(): Promise<void> {
  const cells = Number(process.argv[2] ?? 10000);
  const kernel = process.argv[3];
  const k = new RawKernel(kernel ? (file) => [kernel, file] : undefined);
  await k.start();
  await k.execute('1', 120000);
  const f = await soak(k, cells, Math.min(1000, Math.floor(cells / 2)), (i, p) => {
    console.log(`${i} cells: median round trip of the first ${Math.min(1000, i)} ${p.firstMedian.toFixed(2)} ms, of the last ${Math.min(1000, i)} ${p.lastMedian.toFixed(2)} ms; RSS ${p.rss[p.rss.length - 1][1].toFixed(0)} MB; lost ${p.lost}, wrong ${p.wrong}`);
  });
  const growth = f.rss[f.rss.length - 1][1] - f.rss[0][1];
  console.log(`soak of ${f.cells} cells: median round trip ${f.firstMedian.toFixed(2)} ms (first 1,000) -> ${f.lastMedian.toFixed(2)} ms (last 1,000), ratio ${(f.lastMedian / f.firstMedian).toFixed(2)}; ` +
    `kernel CPU per cell ${f.firstCpu.toFixed(2)} -> ${f.lastCpu.toFixed(2)} ms; ` +
    `RSS ${f.rss[0][1].toFixed(0)} MB after the first cell, ${f.rss[f.rss.length - 1][1].toFixed(0)} MB at the end (+${growth.toFixed(0)} MB); lost ${f.lost}, wrong output ${f.wrong}`);
  await k.stop();
}

if (require.main === module) void main();
