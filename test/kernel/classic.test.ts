// Figures in the classic Notebook (6.4) as a user opens a committed notebook: untrusted, so
// image/svg+xml is dropped and HTML sanitized. Lecture 003's kinds of figures (a gradient-descent
// animation, an SGD animation stepping through batches, a wide figure with subplots, legends and a
// log axis) are executed with nbconvert, then opened in headless Chromium driven by playwright-core:
// every figure must show and fit the output area. The committed notebooks are checked the same way.
// Screenshots go to test-output/ (git-ignored).
import { strict as assert } from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, Browser } from 'playwright-core';
import { freePort, kernelspecPrefix, root } from './harness';

// Page-side code in page.evaluate runs in the browser.
declare const document: any, window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const cells = [
  `torch.manual_seed(0);
const x = torch.arange(0, 10, 0.1, { dtype: torch.float32 }).index(':, None');
const y = x.mul(3).add(torch.randn(x.shape));
const mydataset = new torch.utils.data.TensorDataset(x, y);
for (const [i, item] of [...mydataset].entries()) if (i < 2) print(item);
pprint({ lr: 0.02, batch_size: 4, shapes: tuple(x.shape, y.shape) });`,
  // Gradient descent at one learning rate, animated: the fit and the training loss, step by step.
  `function gd_visualization(lr: number, maxIter = 40) {
  const model = new nn.Linear(1, 1);
  torch.no_grad(() => { model.weight.zero_(); model.bias.zero_(); });
  const optimizer = new torch.optim.SGD(model.parameters(), { lr });
  const fits: number[][] = [], losses: number[] = [];
  for (let it = 0; it < maxIter; it++) {
    const prediction = model(x);
    const loss = torch.mean(prediction.sub(y).pow(2));
    optimizer.zero_grad(); loss.backward(); optimizer.step();
    losses.push(loss.item());
    fits.push(torch.no_grad(() => model(x)).flatten().tolist() as number[]);
  }
  const [fig, [ax1, ax2]] = plt.subplots(1, 2, { figsize: [12, 4] });
  return new plt.FuncAnimation(fig, (k: number) => {
    ax1.clear(); ax1.plot(x, y, 'ro'); ax1.plot(x, fits[k]); ax1.legend(['data', 'model']);
    ax1.set_title(\`Learning rate = \${lr}, iteration #\${k}\`);
    ax2.clear(); ax2.semilogy(losses.slice(0, k + 1)); ax2.set_title('Training loss'); ax2.set_xlabel('GD step');
  }, { frames: maxIter, interval: 100 });
}
gd_visualization(0.028)`,
  // SGD through a DataLoader, one frame per batch, drawn as the loop trains (a camera snaps each).
  `const loader = new torch.utils.data.DataLoader(mydataset, { batch_size: 4, shuffle: true });
const sgd_model = new nn.Linear(1, 1);
const sgd_opt = new torch.optim.SGD(sgd_model.parameters(), { lr: 0.02 });
const [sfig, [fitAx, lossAx]] = plt.subplots(1, 2, { figsize: [12, 4] });
const camera = new plt.Camera(sfig);
const batch_losses: number[] = [];
for (let epoch = 0; epoch < 2; epoch++) {
  for (const [batch_id, [x_batch, y_batch]] of [...loader].entries()) {
    const loss = torch.mean(sgd_model(x_batch).sub(y_batch).pow(2));
    sgd_opt.zero_grad(); loss.backward(); sgd_opt.step();
    batch_losses.push(loss.item());
    sfig.suptitle(\`Batch size = 4, Learning rate = 0.02, Epoch #\${epoch}, Batch #\${batch_id}\`);
    fitAx.clear(); fitAx.plot(x, y, 'ro'); fitAx.plot(x_batch, y_batch, 'bs'); fitAx.plot(x, torch.no_grad(() => sgd_model(x)));
    fitAx.legend(['data', 'batch', 'model']);
    lossAx.clear(); lossAx.plot(batch_losses); lossAx.set_yscale('log'); lossAx.set_title('Training loss');
    camera.snap(\`epoch \${epoch}, batch \${batch_id}\`);
  }
}
camera.animate({ interval: 80 })`,
  // A static figure wider than the output area, shown by plt.show() (no Out[n]).
  `plt.figure({ figsize: [12, 4] });
plt.subplot(121); plt.plot(x, y, 'ro'); plt.plot(x, x.mul(3)); plt.legend(['data', 'y = 3x']); plt.title('Data');
plt.subplot(122); plt.semilogy(batch_losses); plt.semilogy(batch_losses.map((v) => v * 1.5)); plt.legend(['train', 'validate']);
plt.title('Train/validate loss'); plt.xlabel('Step');
plt.show()`,
];

interface Output { output_type: string; data?: Record<string, unknown>; text?: string | string[] }

async function startNotebookServer(dir: string, jupyterPath: string): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-classic-home-'));
  // A fresh data dir: its notary database has never seen these notebooks, so they open untrusted.
  const env = { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_CONFIG_DIR: path.join(home, 'config'), JUPYTER_DATA_DIR: path.join(home, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(home, 'runtime') };
  const proc = spawn('jupyter', ['notebook', '--allow-root', '--no-browser', `--NotebookApp.token=${token}`, '--NotebookApp.ip=127.0.0.1',
    `--NotebookApp.port=${port}`, '--NotebookApp.port_retries=0', `--NotebookApp.notebook_dir=${dir}`], { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/api/status?token=${token}`)).ok) break; } catch { /* not yet */ }
    if (i > 150 || proc.exitCode !== null) throw new Error(`jupyter notebook did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `${url}/notebooks/%s?token=${token}`, proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => { if (proc.exitCode !== null) r(null); else proc.on('exit', r); });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** What the classic Notebook shows for each figure output of an open notebook. */
async function figuresShown(browser: Browser, url: string, shot: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url);
    await page.waitForSelector('#notebook-container .cell', { timeout: 60000 });
    await page.waitForFunction(() => (window as unknown as { IPython?: { notebook?: { _fully_loaded?: boolean } } }).IPython?.notebook?._fully_loaded === true, null, { timeout: 60000 });
    const trusted = await page.evaluate(() => (window as unknown as { IPython: { notebook: { trusted: boolean } } }).IPython.notebook.trusted);
    // Every <img> in the output areas has loaded (or failed) before it is measured.
    await page.waitForFunction(() => [...document.querySelectorAll('.output_area img')].every((i) => (i as any).complete), null, { timeout: 30000 });
    const figures = await page.evaluate(() => [...document.querySelectorAll('.output_subarea')].filter((s: any) => s.querySelector('img') || s.classList.contains('output_svg'))
      .map((s: any) => {
        const img = s.querySelector("img") as any;
        const area = s.getBoundingClientRect();
        const r = img?.getBoundingClientRect();
        return { kind: s.className, natural: img ? [img.naturalWidth, img.naturalHeight] : null, shown: r ? [r.width, r.height] : null, area: area.width };
      }));
    const outputs = await page.evaluate(() => document.querySelectorAll('.output_area').length);
    await page.screenshot({ path: `${shot}.png` });
    const areas = await page.$$('.output_subarea:has(img)');
    for (const [i, a] of areas.entries()) await a.screenshot({ path: `${shot}-${i}.png` });
    return { trusted, figures, outputs };
  } finally {
    await page.close();
  }
}

describe('figures in the classic Notebook, untrusted', function () {
  this.timeout(600000);
  const shots = path.join(root, 'test-output');
  let browser: Browser;
  let dir: string;
  let server: Awaited<ReturnType<typeof startNotebookServer>>;

  before(async () => {
    const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
    assert.ok(exe, 'Debian chromium is required for the browser check (scripts/setup.sh installs it)');
    fs.mkdirSync(shots, { recursive: true });
    const { jupyterPath } = kernelspecPrefix();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-classic-'));
    const nb = {
      cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })),
      metadata: { kernelspec: { name: 'torchlab', display_name: 'TypeScript (torchlab)', language: 'typescript' } },
      nbformat: 4, nbformat_minor: 4,
    };
    fs.writeFileSync(path.join(dir, 'figures.ipynb'), JSON.stringify(nb));
    execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.timeout=300', 'figures.ipynb'],
      { env: { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-nbdata-')) }, cwd: dir, stdio: 'pipe' });
    for (const f of fs.readdirSync(path.join(root, 'notebooks')).filter((n) => n.endsWith('.ipynb'))) fs.copyFileSync(path.join(root, 'notebooks', f), path.join(dir, f));
    server = await startNotebookServer(dir, jupyterPath);
    browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("executes lecture 003's kinds of figures: prints as Python, animations and plt.show() as display_data", () => {
    const out = JSON.parse(fs.readFileSync(path.join(dir, 'figures.ipynb'), 'utf8'));
    const outputs = out.cells.map((c: { outputs: Output[] }) => c.outputs);
    const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : t ?? '');
    // Python's layout: tuples of tensors, and pprint breaking a dict wider than 80 columns with sorted keys.
    assert.match(text(outputs[0][0].text), new RegExp('^\\(tensor\\(\\[0\\.\\]\\), tensor\\(\\[-?\\d\\.\\d{4}\\]\\)\\)\\n'
      + '\\(tensor\\(\\[0\\.1000\\]\\), tensor\\(\\[-?\\d\\.\\d{4}\\]\\)\\)\\n'
      + "\\{'batch_size': 4,\\n 'lr': 0\\.02,\\n 'shapes': \\(torch\\.Size\\(\\[100, 1\\]\\), torch\\.Size\\(\\[100, 1\\]\\)\\)\\}\\n$"));
    for (const [i, frames] of [[1, 40], [2, 50]] as const) {
      const fig = outputs[i].find((o: Output) => o.data?.['application/vnd.plotly.v1+json']);
      assert.ok(fig, `cell ${i} shows an animation`);
      const p = fig.data['application/vnd.plotly.v1+json'] as { frames: unknown[]; layout: { sliders: unknown[]; updatemenus: unknown[] } };
      assert.equal(p.frames.length, frames);
      assert.equal(p.layout.sliders.length, 1);
      assert.equal(p.layout.updatemenus.length, 1);
      assert.ok(String(fig.data['text/html']).startsWith('<img src="data:image/svg+xml;base64,'));
    }
    assert.deepEqual(outputs[3].map((o: Output) => o.output_type), ['display_data'], 'plt.show() has no Out[n]');
    assert.equal(outputs.flat().filter((o: Output) => o.output_type === 'error').length, 0);
  });

  it('shows every figure of an untrusted notebook, scaled to the output area', async () => {
    const r = await figuresShown(browser, server.url.replace('%s', 'figures.ipynb'), path.join(shots, 'classic-figures'));
    assert.equal(r.trusted, false, 'the notebook opens untrusted');
    assert.equal(r.figures.length, 3, JSON.stringify(r.figures));
    for (const f of r.figures) {
      assert.deepEqual(f.natural, [1200, 400], 'the figure is an <img> of the SVG, loaded');
      assert.ok(f.shown![0] <= f.area + 0.5 && f.shown![0] > 0.8 * f.area, `scaled to the output area: ${f.shown![0]} of ${f.area}`);
      assert.ok(Math.abs(f.shown![1] / f.shown![0] - 400 / 1200) < 0.01, 'keeping its aspect ratio');
    }
  });

  it('shows the figures of the committed notebooks, untrusted, within the output area', async () => {
    const committed = fs.readdirSync(path.join(root, 'notebooks')).filter((n) => n.endsWith('.ipynb')).filter((n) =>
      JSON.parse(fs.readFileSync(path.join(root, 'notebooks', n), 'utf8')).cells.some((c: { outputs?: Output[] }) =>
        (c.outputs ?? []).some((o) => o.data?.['application/vnd.plotly.v1+json'] || o.data?.['image/svg+xml'])));
    assert.ok(committed.length > 0, 'some committed notebook has figures');
    for (const name of committed) {
      const want = JSON.parse(fs.readFileSync(path.join(root, 'notebooks', name), 'utf8')).cells
        .flatMap((c: { outputs?: Output[] }) => c.outputs ?? []).filter((o: Output) => o.data?.['application/vnd.plotly.v1+json'] || o.data?.['image/svg+xml']).length;
      const r = await figuresShown(browser, server.url.replace('%s', name), path.join(shots, `classic-${name.replace('.ipynb', '')}`));
      assert.equal(r.trusted, false);
      const shown = r.figures.filter((f) => f.natural && f.natural[0] > 0);
      assert.equal(shown.length, want, `${name}: every figure shows (${JSON.stringify(r.figures)})`);
      for (const f of shown) assert.ok(f.shown![0] <= f.area + 0.5, `${name}: a figure fits the output area (${f.shown![0]} of ${f.area})`);
    }
  });
});
