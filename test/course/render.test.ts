// Every executed lecture's stored outputs, shown by JupyterLab's own renderers (@jupyterlab/outputarea,
// @jupyterlab/rendermime and the Plotly renderer of jupyterlab-plotly, bundled by esbuild) in Chromium,
// as JupyterLab shows a notebook opened from a fresh checkout (untrusted): every figure draws.
import { strict as assert } from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { root } from '../kernel/harness';
import { launchChromium, screenshots } from './chromium';

// The page's globals, in functions that run in the browser.
declare const document: any, window: any;

const PLOTLY = 'application/vnd.plotly.v1+json';
/** A notebook as Jupyter's contents API serves it: multiline strings, stored as lists of lines, joined
 * (nbformat's rejoin_lines), except in JSON mime types. */
function served(file: string): { cells: { cell_type: string; outputs?: Record<string, any>[] }[] } {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  const join = (v: unknown) => (Array.isArray(v) ? v.join('') : v);
  for (const o of nb.cells.flatMap((c: { outputs?: object[] }) => c.outputs ?? []) as Record<string, any>[]) {
    if (o.text) o.text = join(o.text);
    for (const mime of Object.keys(o.data ?? {})) if (!/json$/.test(mime)) o.data[mime] = join(o.data[mime]);
  }
  return nb;
}
const notebooks = fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();

// JupyterLab's style sheets import each other webpack-style, as `~package/file`.
const tildeImports: esbuild.Plugin = {
  name: 'tilde-imports',
  setup(build) {
    build.onResolve({ filter: /^~/ }, (a) => ({ path: require.resolve(a.path.slice(1), { paths: [a.resolveDir] }) }));
  },
};

describe("executed lectures in JupyterLab's output renderers, in Chromium", function () {
  this.timeout(120000);
  let browser: Browser;
  let page: Page;
  let dir = '';
  const pageErrors: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-render-'));
    await esbuild.build({
      entryPoints: [path.join(root, 'test', 'course', 'page', 'render.js')], bundle: true, format: 'iife', outfile: path.join(dir, 'render.js'),
      loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl' },
      define: { 'process.env.NODE_ENV': '"production"' }, plugins: [tildeImports], logLevel: 'error',
    });
    fs.writeFileSync(path.join(dir, 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="render.css"><script src="render.js"></script>' +
      // A few of JupyterLab's light-theme variables (its theme package is not installed): prompt width and fonts.
      '<style>:root { --jp-cell-prompt-width: 64px; --jp-code-font-size: 13px; --jp-code-line-height: 1.3077; ' +
      "--jp-code-font-family: 'DejaVu Sans Mono', monospace; --jp-ui-font-family: system-ui, sans-serif; --jp-content-font-size1: 14px; } " +
      'body { font-family: var(--jp-ui-font-family); margin: 8px 16px; }</style></head><body></body></html>\n');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`file://${path.join(dir, 'index.html')}`);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of notebooks) {
    it(`${name}: every output renders, every figure draws`, async () => {
      const nb = served(path.join(root, 'notebooks', name));
      const figures = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data && PLOTLY in o.data).length;
      await page.evaluate((n) => window.renderNotebook(n, false), nb);
      // plotly.js draws asynchronously; a figure is drawn when its traces have paths.
      await page.waitForFunction((n) => [...document.querySelectorAll('.jp-RenderedPlotly')]
        .filter((p: any) => p.querySelector('.trace path[d]')).length === n, figures, { timeout: 60000, polling: 100 });
      await page.screenshot({ path: path.join(screenshots, `jupyterlab-${name.replace(/\.ipynb$/, '')}.png`), fullPage: true });
      const drawn = await page.$$eval('.jp-RenderedPlotly', (ps) => ps.map((p: any) => ({
        width: p.getBoundingClientRect().width,
        traces: p.querySelectorAll('.trace').length,
        ink: [...p.querySelectorAll('.trace path[d]')].reduce((n: number, e: any) => n + e.getAttribute('d').length, 0),
        axes: p.querySelectorAll('.xtick').length,
      })));
      assert.equal(drawn.length, figures);
      for (const d of drawn) assert.ok(d.width > 100 && d.traces > 0 && d.ink > 100 && d.axes > 0, JSON.stringify(drawn));
      const text = await page.$$eval('.jp-OutputArea-output', (os) => os.map((o: any) => o.textContent).join('\n'));
      assert.match(text, /tensor\(/);
      assert.doesNotMatch(text, /Javascript Error/);
      assert.deepEqual(pageErrors, []);
    });
  }
});
