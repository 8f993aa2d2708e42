// A student in the classic Notebook, in Chromium: `make serve`'s server (scripts/serve.js) opens an
// executed lecture, Cell > Run All runs it on the torchlab kernel, and the page shows PyTorch's
// tensor reprs and a drawn figure, and no error.
import { strict as assert } from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { freePort, root } from '../kernel/harness';
import { launchChromium, screenshotAll, screenshots } from './chromium';

// The page's globals, in functions that run in the browser.
declare const document: any, window: any;

const lecture = '004_review.ipynb';

describe('a lecture in the classic Notebook, in Chromium', function () {
  this.timeout(60000);
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let dir = '';
  let log = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-classic-'));
    fs.copyFileSync(path.join(root, 'notebooks', lecture), path.join(dir, lecture));
    const token = randomBytes(16).toString('hex');
    const port = await freePort();
    // A private Jupyter data dir: the trust database and runtime files stay in the temp dir.
    const env = { ...process.env, JUPYTER_DATA_DIR: path.join(dir, '.data'), JUPYTER_CONFIG_DIR: path.join(dir, '.config'), JUPYTER_TOKEN: token };
    server = spawn(process.execPath, [path.join(root, 'dist', 'scripts', 'serve.js'), '--app', 'notebook', '--dir', dir, '--port', String(port), '--', '--no-browser', '--ip=127.0.0.1'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d) => { log += d; });
    server.stderr!.on('data', (d) => { log += d; });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${url}/api/status?token=${token}`)).ok) break; } catch { /* not yet */ }
      if (i > 300 || server.exitCode !== null) throw new Error(`make serve's server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/notebooks/${lecture}?token=${token}`);
    await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 60000 });
  });
  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => { const t = setTimeout(r, 10000); server.on('exit', () => { clearTimeout(t); r(null); }); });
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // A figure shows as inline SVG (image/svg+xml) or as an <img> of its SVG (text/html), whichever the
  // Notebook picks from the bundle; either way it has drawn, at a size, within its output area.
  const figures = () => page.$$eval('.output_subarea', (areas) => areas.flatMap((a: any) => {
    const fig = a.querySelector(':scope > svg, img[src^="data:image/svg+xml"]');
    if (!fig) return [];
    const r = fig.getBoundingClientRect();
    return [{ drawn: fig.tagName === 'svg' ? fig.querySelectorAll('path, polyline').length > 3 : fig.complete && fig.naturalWidth > 0,
      width: r.width, height: r.height, area: a.getBoundingClientRect().width }];
  }));
  const assertFiguresShown = (shown: { drawn: boolean; width: number; height: number; area: number }[]) =>
    assert.ok(shown.length > 0 && shown.every((f) => f.drawn && f.width > 100 && f.height > 100 && f.width <= f.area + 1), JSON.stringify(shown));

  it('shows the committed figures of the lecture on opening', async () => {
    await screenshotAll(page, '#site', 'classic-004-opened.png');
    assertFiguresShown(await figures());
  });

  it('runs all cells: tensor reprs, a drawn figure, no error output', async function () {
    this.timeout(5 * 60000);
    await page.evaluate(() => (window as any).Jupyter.notebook.clear_all_output());
    assert.equal((await figures()).length, 0);
    await page.click('#celllink');
    await page.click('#run_all_cells');
    // Run All marks every code cell In [*] at once; each gets its number as it finishes.
    await page.waitForFunction(() => document.querySelector('#kernel_indicator_icon.kernel_idle_icon') &&
      [...document.querySelectorAll('.code_cell .input_prompt')].every((p) => /In\s*\[\d+\]/.test(p.textContent ?? '')), undefined, { timeout: 5 * 60000, polling: 200 });
    await screenshotAll(page, '#site', 'classic-004-run-all.png');
    for (const [i, fig] of (await page.$$('.output_subarea:has(> svg, img[src^="data:image/svg+xml"])')).entries()) await fig.screenshot({ path: path.join(screenshots, `classic-004-figure-${i + 1}.png`) });
    const errors = await page.$$eval('.output_error, .output_stderr', (els) => els.map((e) => e.textContent));
    assert.deepEqual(errors, []);
    const text = await page.$$eval('.output_text pre', (els) => els.map((e) => e.textContent).join('\n'));
    assert.match(text, /tensor\(\[/);
    assertFiguresShown(await figures());
  });
});
