import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { plt, torch } from '../../runtime/src';
import { parseFmt } from '../../runtime/src/plot/pyplot';

function lectureFigure() {
  plt.figure({ figsize: [12, 6] });
  plt.subplot(131); plt.semilogy([1, 0.5, 0.2, 0.1]); plt.grid(true); plt.title('Loss values'); plt.xlabel('Epoch');
  plt.subplot(132); plt.plot(torch.tensor([0.5, 0.6, 0.7])); plt.title('Training Accuracy');
  plt.subplot(133); plt.plot(torch.arange(5), torch.arange(5).mul(2), 'ro'); plt.plot([0, 4], [0, 8], 'b--');
  plt.legend(['data', 'fit']);
  return plt.show();
}

describe('plots', () => {
  it('parses matplotlib format strings', () => {
    assert.deepEqual(parseFmt('ro'), { mode: 'markers', color: '#d62728', dash: undefined, marker: 'circle' });
    assert.deepEqual(parseFmt('b--'), { mode: 'lines', color: '#1f77b4', dash: 'dash', marker: undefined });
    assert.deepEqual(parseFmt('g^-'), { mode: 'lines+markers', color: '#2ca02c', dash: 'solid', marker: 'triangle-up' });
    assert.throws(() => parseFmt('q'), /Unrecognized character q/);
  });

  it('builds subplots, log axes and legends as a Plotly figure and an SVG', () => {
    const f = lectureFigure();
    assert.equal(String(f), '<Figure size 1200x600 with 3 Axes>');
    const { data, layout } = f.toPlotly();
    assert.equal(data.length, 4);
    assert.equal((layout.yaxis as { type: string }).type, 'log');
    assert.deepEqual((data[2] as { x: number[]; y: number[] }).y, [0, 2, 4, 6, 8]);
    const svg = f.toSvg();
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="600"/);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 3);
    assert.ok(svg.includes('>Loss values<') && svg.includes('>fit<'));
    const bundle = (f as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for('Jupyter.display')]();
    assert.deepEqual(Object.keys(bundle).sort(), ['application/vnd.plotly.v1+json', 'image/svg+xml', 'text/plain']);
  });

  it('renders in headless Chromium with plotly.js', function () {
    this.timeout(60000);
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
    assert.ok(chromium, 'Debian chromium is required for the browser check (scripts/setup.sh installs it)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-plot-'));
    const plotly = require.resolve('plotly.js-dist-min');
    const fig = lectureFigure().toPlotly();
    fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><title>pending</title>
<script src="file://${plotly}"></script></head><body><div id="fig"></div><script>
Plotly.newPlot('fig', ${JSON.stringify(fig.data)}, ${JSON.stringify(fig.layout)}).then(function () {
  document.title = 'traces:' + document.querySelectorAll('#fig .scatterlayer .trace').length;
}, function (e) { document.title = 'error:' + e; });
</script></body></html>`);
    const dom = execFileSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--allow-file-access-from-files',
      `--user-data-dir=${path.join(dir, 'profile')}`, '--virtual-time-budget=10000', '--dump-dom', `file://${dir}/index.html`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 50000 });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.match(dom, /<title>traces:4<\/title>/);
  });
});
