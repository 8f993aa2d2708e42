// `npm run test:webgpu`: the cuda suite (test/runtime/cuda_suite.ts) on the WebGPU backend inside
// Debian's headless Chromium, where WebGPU runs on SwiftShader (the CPU). The runtime and the suite
// are bundled with esbuild from dist/ (two bundles: the runtime's worker and the device worker),
// served with the cross-origin isolation headers SharedArrayBuffer needs, and driven through
// playwright-core; every result comes back here, and any failure fails the command.
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { Result, reporter } from './suite_runner';

const DIST = path.join(__dirname, '..', '..');
const STUBS = path.join(__dirname, 'node_stubs.js'), ASSERT = path.join(__dirname, 'assert_shim.js');
const NODE_BUILTINS = ['fs', 'path', 'os', 'worker_threads', 'child_process', 'v8', 'vm', 'crypto', 'zlib', 'util', 'url', 'http', 'net'];

const PAGE = `<!doctype html><meta charset="utf-8"><title>torchlab cuda suite on WebGPU</title>
<script>
  // the runtime runs in a Worker (it blocks at sync points); results reach the driver through the console
  const w = new Worker('runtime.js');
  w.onmessage = (e) => console.log('torchlab:' + JSON.stringify(e.data));
  w.onerror = (e) => console.log('torchlab:' + JSON.stringify({ fatal: 'worker error: ' + e.message }));
</script>`;

/** Bundle a compiled entry for a browser worker, Node's built-ins answered by the stubs. */
async function bundle(entry: string, env: Record<string, string>): Promise<string> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  // what the runtime's modules touch of Node's process at import
  const prelude = `globalThis.process = { env: ${JSON.stringify(env)}, versions: {}, platform: 'browser', pid: 0, cwd: () => '/', on: () => undefined, hrtime: { bigint: () => BigInt(Math.round(performance.now() * 1e6)) } };`;
  const r = await esbuild.build({
    entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'es2022',
    define: { __dirname: '"/"', __filename: '"/bundle.js"' },
    banner: { js: prelude },
    plugins: [{
      name: 'node-builtins',
      setup(b) {
        const filter = new RegExp(`^(node:)?(${NODE_BUILTINS.join('|')})$`);
        b.onResolve({ filter }, () => ({ path: STUBS }));
        b.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, () => ({ path: ASSERT }));
      },
    }],
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

export interface SuiteRun { results: Result[]; fatal: string | null; seconds: number }

/** Run the suite in Chromium; `onResult` sees each result as it arrives. */
export async function runInChromium(opts: { grep?: string; onResult?: (r: Result) => void; timeoutMs?: number } = {}): Promise<SuiteRun> {
  const t0 = Date.now();
  const env = { TORCHLAB_GPU: 'webgpu' };
  const files: Record<string, [string, string]> = {
    '/': ['text/html', PAGE],
    '/runtime.js': ['text/javascript', (opts.grep ? `globalThis.TORCHLAB_TEST_GREP = ${JSON.stringify(opts.grep)};\n` : '') +
      await bundle(path.join(DIST, 'test', 'webgpu', 'browser.js'), env)],
    '/device.js': ['text/javascript', await bundle(path.join(DIST, 'runtime', 'src', 'backends', 'webgpu', 'worker.js'), env)],
  };
  const server = http.createServer((req, res) => {
    const f = files[req.url ?? ''];
    // SharedArrayBuffer needs a cross-origin isolated page
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (!f) { res.statusCode = 404; res.end(); return; }
    res.setHeader('Content-Type', f[0]);
    res.end(f[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--disable-background-networking'],
  });
  const results: Result[] = [];
  let fatal: string | null = null;
  try {
    const page = await browser.newPage();
    const finished = new Promise<void>((resolve) => {
      page.on('console', (m) => {
        const text = m.text();
        if (!text.startsWith('torchlab:')) return;
        const msg = JSON.parse(text.slice('torchlab:'.length)) as { result?: Result; done?: boolean; fatal?: string };
        if (msg.result) { results.push(msg.result); opts.onResult?.(msg.result); }
        if (msg.fatal) { fatal = msg.fatal; resolve(); }
        if (msg.done) resolve();
      });
      page.on('crash', () => { fatal = 'the page crashed'; resolve(); });
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const limit = opts.timeoutMs ?? 20 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise<void>((resolve) => { timer = setTimeout(() => { fatal = `no end after ${limit / 1000} s`; resolve(); }, limit); })]);
    clearTimeout(timer);
  } finally {
    await browser.close();
    server.close();
  }
  return { results, fatal, seconds: (Date.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const rep = reporter();
  const run = await runInChromium({ grep: process.argv[2], onResult: rep.onResult });
  const failed = rep.summary(run.results, run.seconds, 'WebGPU on headless Chromium');
  if (run.fatal) console.log(`\n  the suite did not finish: ${run.fatal}`);
  if (!run.results.length && !run.fatal) console.log('\n  no results came back');
  process.exit(failed || run.fatal || !run.results.length ? 1 : 0);
}

if (require.main === module) void main();
