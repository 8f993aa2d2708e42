// Figures: matplotlib's limits, ticks, formats and legend placement (fixtures from
// test/oracle/gen_plots.py), the SVG drawing what the Plotly figure shows, animations, pyplot's
// show/flush, and both renderings in headless Chromium with the plotly.js that jupyterlab-plotly uses.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { plt, torch } from '../../runtime/src';
import { Figure, parseFmt } from '../../runtime/src/plot/figure';
import { FuncAnimation, Camera } from '../../runtime/src/plot/animation';
import { axisTicks } from '../../runtime/src/plot/ticks';
import { FONT, bestLoc } from '../../runtime/src/plot/scene';
import { PlotlyFigure } from '../../runtime/src/plot/plotly';
import { publish } from '../../runtime/src/display/publish';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'plots.json'), 'utf8'));
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The lecture's kind of figure: a fit with data points and two legends, a log loss panel. */
function lectureFigure(): Figure {
  torch.manual_seed(0);
  const x = torch.linspace(-10, 10, 50).index(':, None');
  const y = torch.sin(x.mul(0.5)).add(torch.randn([50, 1]).mul(0.2));
  const fig = plt.figure({ figsize: [12, 4] });
  plt.subplot(131); plt.plot(x, y, 'ro'); plt.plot(x, torch.sin(x.mul(0.5))); plt.legend(['data', 'prediction']); plt.title('Fit');
  plt.subplot(132);
  const loss = Array.from({ length: 20 }, (_, i) => 2 * Math.exp(-i / 5) + 0.03);
  plt.semilogy(loss); plt.semilogy(loss.map((v) => v * 1.3), 'g--'); plt.legend(['train', 'validate']); plt.title('Loss'); plt.xlabel('Epoch'); plt.grid(true);
  plt.subplot(133); plt.plot([0, 1, 2, 3], [3, 1, 2, 0], 'bs-'); plt.ylabel('Accuracy');
  return fig;
}

/** The SVG's drawing, read back: per axes its frame, lines, markers, texts and legend. */
function readSvg(svg: string) {
  const nums = (s: string) => s.trim().split(/[ ,]+/).map(Number);
  return svg.split('<g class="axes">').slice(1).map((g) => {
    const frame = /<rect class="frame" x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)" height="([\d.-]+)"/.exec(g)!.slice(1).map(Number);
    const [body, legend = ''] = g.split('<g class="legend">');
    const lines = [...body.matchAll(/<polyline class="line"[^>]*stroke="([^"]+)"[^>]*points="([^"]+)"/g)].map((m) => {
      const p = nums(m[2]);
      return { color: m[1], x: p.filter((_, i) => i % 2 === 0), y: p.filter((_, i) => i % 2 === 1) };
    });
    const markers = [...body.matchAll(/<g class="markers" fill="([^"]+)"[^>]*>(.*?)<\/g>/g)].map((m) => {
      const c = [...m[2].matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"|<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)"/g)]
        .map((k) => (k[1] ? [Number(k[1]), Number(k[2])] : [Number(k[3]) + Number(k[5]) / 2, Number(k[4]) + Number(k[5]) / 2]));
      return { color: m[1], x: c.map((p) => p[0]), y: c.map((p) => p[1]) };
    });
    const texts = [...body.matchAll(/<text([^>]*)>(.*?)<\/text>/g)].map((m) => ({
      attrs: m[1], text: m[2].replace(/<tspan[^>]*>(.*?)<\/tspan>/, '^$1').replace(/&amp;/g, '&'),
      x: Number(/ x="([\d.-]+)"/.exec(m[1])?.[1]), y: Number(/ y="([\d.-]+)"/.exec(m[1])?.[1]),
    }));
    const legendBox = /<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)" height="([\d.-]+)"/.exec(legend)?.slice(1).map(Number) ?? null;
    const legendTexts = [...legend.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]);
    return { frame, lines, markers, texts, legendBox, legendTexts };
  });
}

describe('plots', () => {
  it("parses format strings as matplotlib's _process_plot_format", () => {
    for (const c of fixture.fmt) {
      const f = parseFmt(c.fmt);
      assert.equal(f.color ?? null, c.color, c.fmt);
      assert.equal(f.marker ?? null, c.marker === 'None' ? null : c.marker, c.fmt);
      assert.equal(f.linestyle ?? null, c.linestyle, c.fmt);
    }
    assert.throws(() => parseFmt('q'), /Unrecognized character q in format string 'q'/);
  });

  it('autoscales with matplotlib\'s 5% margins, on linear and log axes', () => {
    for (const c of fixture.limits) {
      const fig = new Figure();
      const ax = fig.add_subplot(111);
      ax.plot(c.x, c.y, c.name === 'single' ? 'o' : '-');
      ax.set_xscale(c.xscale); ax.set_yscale(c.yscale);
      const [x, y] = [ax.get_xlim(), ax.get_ylim()];
      for (let i = 0; i < 2; i++) {
        close(x[i], c.xlim[i], Math.abs(c.xlim[i]) * 1e-9 + 1e-12, `${c.name} xlim`);
        close(y[i], c.ylim[i], Math.abs(c.ylim[i]) * 1e-9 + 1e-12, `${c.name} ylim`);
      }
    }
  });

  it('places ticks and labels them as matplotlib (MaxNLocator/ScalarFormatter, LogLocator/LogFormatterSciNotation)', () => {
    for (const c of fixture.ticks) {
      const t = axisTicks(c.view, c.scale, c.length, FONT, c.vertical);
      const what = `${c.scale} [${c.view}] ${c.length}px ${c.vertical ? 'y' : 'x'}`;
      const same = (ours: { value: number; label: { text: string } | null }[], theirs: { value: number; label: string }[], kind: string) => {
        assert.deepEqual(ours.map((m) => m.label?.text.replace('\u2212', '-') ?? ''), theirs.map((m) => m.label.replace('\u2212', '-')), `${what} ${kind} labels`);
        ours.forEach((m, i) => close(m.value, theirs[i].value, Math.abs(theirs[i].value) * 1e-9 + 1e-12, `${what} ${kind}`));
      };
      same(t.major, c.major, 'major');
      same(t.minor, c.minor, 'minor');
    }
  });

  it("puts legend(loc='best') where matplotlib does, framed and inside the axes", () => {
    for (const c of fixture.legend) {
      const fig = new Figure();
      const ax = fig.add_subplot(111);
      for (const [x, y, fmt] of c.lines) ax.plot(x, y, fmt);
      ax.legend(c.lines.map((_: unknown, i: number) => `line ${i}`), c.name === 'explicit' ? { loc: 'lower right' } : undefined);
      const s = fig.scene().axes[0];
      const [bx, by, bw, bh] = c.axes;
      const replay = bestLoc(c.pixels, { x: bx, y: by, w: bw, h: bh }, c.size[0], c.size[1], 0.5 * FONT);
      const chosen = c.name === 'explicit' ? s.legend!.loc : replay;
      assert.equal(chosen.replace(/^right$/, 'center right'), c.loc, c.name);
      close(s.legend!.box.w, c.size[0], c.size[0] * 0.15, `${c.name} legend width`);
      close(s.legend!.box.h, c.size[1], c.size[1] * 0.15, `${c.name} legend height`);
      const [lb, b] = [s.legend!.box, s.box];
      assert.ok(lb.x > b.x && lb.y > b.y && lb.x + lb.w < b.x + b.w && lb.y + lb.h < b.y + b.h, `${c.name}: legend inside the axes`);
    }
  });

  it('draws in the SVG exactly what the Plotly figure shows: boxes, data, ticks, titles, legends', () => {
    const fig = lectureFigure();
    plt.close('all');
    const p = fig.toPlotly();
    const svg = readSvg(fig.toSvg());
    const { width: W, height: H } = fig;
    assert.equal(svg.length, 3);
    assert.deepEqual(p.data.map((t) => t.xaxis), ['x', 'x', 'x2', 'x2', 'x3']);
    svg.forEach((ax, i) => {
      const n = i === 0 ? '' : String(i + 1);
      const xa = p.layout[`xaxis${n}`] as Rec, ya = p.layout[`yaxis${n}`] as Rec;
      const [fx, fy, fw, fh] = ax.frame;
      close(xa.domain[0] * W, fx, 0.5, 'x domain start'); close(xa.domain[1] * W, fx + fw, 0.5, 'x domain end');
      close((1 - ya.domain[1]) * H, fy, 0.5, 'y domain top'); close((1 - ya.domain[0]) * H, fy + fh, 0.5, 'y domain bottom');
      // Plotly's own mapping from its range and domain, applied to the traces' data.
      const map = (a: Rec, v: number, a0: number, a1: number) => {
        const t = a.type === 'log' ? Math.log10(v) : v;
        return a0 + ((t - a.range[0]) / (a.range[1] - a.range[0])) * (a1 - a0);
      };
      const px = (v: number) => map(xa, v, fx, fx + fw), py = (v: number) => map(ya, v, fy + fh, fy);
      const traces = p.data.filter((t) => t.xaxis === `x${n}`) as Rec[];
      const drawnLines = traces.filter((t) => t.mode !== 'markers'), drawnMarkers = traces.filter((t) => t.mode !== 'lines');
      assert.equal(ax.lines.length, drawnLines.length, `axes ${i} lines`);
      assert.equal(ax.markers.length, drawnMarkers.length, `axes ${i} markers`);
      drawnLines.forEach((t, k) => {
        assert.equal(ax.lines[k].color, t.line.color);
        assert.equal(ax.lines[k].x.length, t.x.length);
        t.x.forEach((v: number, j: number) => { close(ax.lines[k].x[j], px(v), 0.02, 'line x'); close(ax.lines[k].y[j], py(t.y[j]), 0.02, 'line y'); });
      });
      drawnMarkers.forEach((t, k) => {
        assert.equal(ax.markers[k].color, t.marker.color);
        t.x.forEach((v: number, j: number) => { close(ax.markers[k].x[j], px(v), 0.05, 'marker x'); close(ax.markers[k].y[j], py(t.y[j]), 0.05, 'marker y'); });
      });
      // Every labelled Plotly tick has the same label in the SVG at the same place.
      for (const [a, horizontal] of [[xa, true], [ya, false]] as const) {
        (a.tickvals as number[]).forEach((v, j) => {
          const want = (a.ticktext[j] as string).replace(/<sup>(.*)<\/sup>/, '^$1');
          const at = horizontal ? px(v) : py(v);
          const hit = ax.texts.find((tx) => tx.text === want && Math.abs((horizontal ? tx.x : tx.y - FONT * 0.35) - at) < 0.6);
          assert.ok(hit, `axes ${i}: tick ${want} at ${at.toFixed(1)}`);
        });
        if (a.title.text) assert.ok(ax.texts.some((tx) => tx.text === a.title.text), `axes ${i}: axis title ${a.title.text}`);
      }
      const title = (p.layout.annotations as Rec[]).find((an) => Math.abs(an.x * W - (fx + fw / 2)) < 1);
      assert.equal(ax.texts.find((tx) => tx.attrs.includes('class="title"'))?.text, title?.text);
      const legendKey = i === 0 ? 'legend' : `legend${i + 1}`;
      const lg = p.layout[legendKey] as Rec | undefined;
      assert.equal(!!ax.legendBox, !!lg, `axes ${i}: legend in both`);
      if (lg) {
        assert.deepEqual(ax.legendTexts, traces.filter((t) => t.showlegend && t.legend === legendKey).map((t) => t.name));
        const [lx, ly, lw, lh] = ax.legendBox!;
        const ax0 = lg.xanchor === 'left' ? lx : lg.xanchor === 'right' ? lx + lw : lx + lw / 2;
        const ay0 = lg.yanchor === 'top' ? ly : lg.yanchor === 'bottom' ? ly + lh : ly + lh / 2;
        close(lg.x * W, ax0, 0.5, 'legend x'); close((1 - lg.y) * H, ay0, 0.5, 'legend y');
        assert.ok(lx > fx && ly > fy && lx + lw < fx + fw && ly + lh < fy + fh, 'legend inside its axes');
      }
    });
    // Markers on the limits are whole: the 5% margin keeps them off the frame, and neither renderer clips them.
    assert.ok(p.data.filter((t) => (t as Rec).marker).every((t) => (t as Rec).cliponaxis === false));
  });

  it('builds a display bundle that fits any output area and shows in untrusted notebooks', () => {
    const fig = lectureFigure();
    plt.close('all');
    const b = (fig as unknown as Record<symbol, () => Record<string, any>>)[Symbol.for('Jupyter.display')]();
    assert.deepEqual(Object.keys(b).sort(), ['application/vnd.plotly.v1+json', 'image/svg+xml', 'text/html', 'text/plain']);
    assert.equal(b['text/plain'], '<Figure size 1200x400 with 3 Axes>');
    const img = /^<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)" width="1200" height="400" alt="[^"]*" style="max-width: 100%; height: auto;"\/>$/.exec(b['text/html']);
    assert.ok(img, b['text/html'].slice(0, 120));
    assert.equal(Buffer.from(img[1], 'base64').toString('utf8'), b['image/svg+xml']);
    const layout = b['application/vnd.plotly.v1+json'].layout;
    assert.equal(layout.width, undefined, 'the Plotly figure takes the output area\'s width');
    assert.equal(layout.autosize, true);
    assert.equal(layout.height, 400);
  });

  it("follows pyplot's state: subplots, show() as display_data, figures left open shown after the cell", () => {
    const published: unknown[] = [];
    const g = globalThis as Record<symbol, unknown>;
    const prev = g[Symbol.for('Jupyter.publish')];
    g[Symbol.for('Jupyter.publish')] = (v: unknown) => published.push(v);
    try {
      plt.close('all');
      const [fig, [a0, a1]] = plt.subplots(1, 2, { figsize: [8, 3] });
      a0.plot([1, 2, 3], { label: 'up' }); a0.set_title('left'); a0.legend();
      a1.plot([3, 2, 1]); a1.set_yscale('log'); a1.set_title('right');
      assert.equal(String(fig), '<Figure size 800x300 with 2 Axes>');
      assert.equal(plt.show(), undefined, 'plt.show() returns nothing, so the cell has no Out[n]');
      assert.deepEqual(published, [fig]);
      assert.deepEqual(plt.get_fignums(), []);
      plt.plot([1, 2]);
      const post = g[Symbol.for('Jupyter.post_execute')] as Set<() => void>;
      for (const f of post) f();
      assert.equal(published.length, 2, 'a figure left open is shown when the cell ends');
      assert.equal(String(published[1]), '<Figure size 640x480 with 1 Axes>');
      const shownAlready = plt.figure();
      plt.plot([1]);
      (shownAlready as unknown as Record<symbol, () => unknown>)[Symbol.for('Jupyter.display')]();
      for (const f of post) f();
      assert.equal(published.length, 2, 'a figure already displayed is not shown again');
      const seen: unknown[] = [];
      g[Symbol.for('Jupyter.publish')] = (v: unknown, o: unknown) => { seen.push(o); return { display_id: 'x', update() {} }; };
      assert.equal(publish('live', { display_id: true })?.display_id, 'x', 'display options reach the kernel, its handle comes back');
      assert.deepEqual(seen, [{ display_id: true }]);
      delete g[Symbol.for('Jupyter.publish')];
      assert.equal(publish('nowhere'), null, 'outside a kernel nothing is shown');
    } finally {
      g[Symbol.for('Jupyter.publish')] = prev;
    }
  });

  it('animates: FuncAnimation and Camera make Plotly frames with a play button and a slider; static forms show the last frame', () => {
    plt.close('all');
    const [fig, [fit, lossAx]] = plt.subplots(1, 2, { figsize: [10, 4] });
    const xs = [0, 1, 2, 3, 4];
    const losses: number[] = [];
    const anim = new FuncAnimation(fig, (k: number) => {
      losses.push(10 / (k + 1));
      fit.clear(); fit.plot(xs, xs.map((v) => v * 2), 'ro'); fit.plot(xs, xs.map((v) => v * k / 2)); fit.set_title(`Epoch #${k}`);
      fit.legend(['data', 'fit']);
      lossAx.clear(); lossAx.semilogy(losses); lossAx.set_title('Training loss');
    }, { frames: 4, interval: 150 });
    const p = anim.toPlotly();
    assert.equal(p.frames!.length, 4);
    assert.deepEqual(p.frames!.map((f) => f.name), ['0', '1', '2', '3']);
    assert.deepEqual(p.frames![0].traces, [1, 2], 'only the changing traces (the fit and the loss) are in the frames');
    assert.deepEqual((p.frames![3].layout as Rec).annotations.map((a: Rec) => a.text), ['Epoch #3', 'Training loss']);
    const menus = (p.layout.updatemenus as Rec[])[0];
    assert.deepEqual(menus.buttons.map((b: Rec) => b.label), ['▶ Play', '❚❚ Pause']);
    assert.equal(menus.buttons[0].args[1].frame.duration, 150);
    const slider = (p.layout.sliders as Rec[])[0];
    assert.equal(slider.steps.length, 4);
    assert.equal(slider.active, 3);
    assert.deepEqual((p.data[2] as Rec).y, [10, 5, 10 / 3, 2.5].map((v) => Number(v.toPrecision(7))), 'the figure shows the last frame');
    assert.equal(anim.toSvg().replace(/p[0-9a-z]+c/g, 'c'), fig.toSvg().replace(/p[0-9a-z]+c/g, 'c'));
    const b = (anim as unknown as Record<symbol, () => Record<string, PlotlyFigure>>)[Symbol.for('Jupyter.display')]();
    assert.equal(b['application/vnd.plotly.v1+json'].frames!.length, 4);
    assert.equal(String(anim), '<matplotlib.animation.FuncAnimation with 4 frames>');

    const fig2 = new Figure();
    const ax = fig2.add_subplot(111);
    const cam = new Camera(fig2);
    for (let k = 1; k <= 3; k++) { ax.clear(); ax.plot(xs.slice(0, k + 1)); ax.set_title(`step ${k}`); cam.snap(`step ${k}`); }
    const a2 = cam.animate({ interval: 100 }).toPlotly();
    assert.deepEqual(a2.frames!.map((f) => f.name), ['step 1', 'step 2', 'step 3']);
    assert.equal((a2.data[0] as Rec).x, undefined, 'x = 0, 1, 2, ... in every frame is left for Plotly to count');
    assert.deepEqual((a2.data[0] as Rec).y, [0, 1, 2, 3]);
    assert.deepEqual(a2.frames!.map((f) => Object.keys((f.data as Rec[])[0])), [['y'], ['y'], ['y']], 'frames carry only what varies');
  });

  it('renders both forms in headless Chromium: plotly.js 2.35 (jupyterlab-plotly 5.24) validates, draws and animates; the SVG loads', function () {
    this.timeout(90000);
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
    assert.ok(chromium, 'Debian chromium is required for the browser check (scripts/setup.sh installs it)');
    const plotly = require.resolve('plotly.js/dist/plotly.min.js', { paths: [path.dirname(require.resolve('jupyterlab-plotly/package.json'))] });
    const version = JSON.parse(fs.readFileSync(path.join(path.dirname(plotly), '..', 'package.json'), 'utf8')).version;
    assert.match(version, /^2\./, 'jupyterlab-plotly 5.24 renders with plotly.js 2.x');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-plot-'));
    const fig = lectureFigure();
    plt.close('all');
    const [afig, axs] = plt.subplots(1, 2);
    const anim = new FuncAnimation(afig, (k: number) => {
      for (const a of axs) { a.clear(); a.plot([0, 1, 2], [k, 2 * k, k * k]); a.set_title(`frame ${k}`); }
    }, { frames: 3 });
    plt.close('all');
    const b = (fig as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for('Jupyter.display')]();
    fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><title>pending</title>
<script src="file://${plotly}"></script></head><body style="width: 978px"><div id="a"></div><div id="b"></div><div id="img">${b['text/html']}</div><script>
const figs = [${JSON.stringify(fig.toPlotly())}, ${JSON.stringify(anim.toPlotly())}];
const problems = figs.map((f) => Plotly.validate(f.data, f.layout)).filter(Boolean);
(async () => {
  await Plotly.newPlot('a', figs[0].data, figs[0].layout, figs[0].config);
  await Plotly.newPlot('b', figs[1].data, figs[1].layout, figs[1].config);
  await Plotly.addFrames('b', figs[1].frames);
  const before = [...document.querySelectorAll('#b .annotation-text')].map((e) => e.textContent).join('|');
  await Plotly.animate('b', ['0'], { frame: { duration: 0, redraw: true }, transition: { duration: 0 }, mode: 'immediate' });
  const after = [...document.querySelectorAll('#b .annotation-text')].map((e) => e.textContent).join('|');
  // Frames carry only what varies (here the y range); the rest of each axis stays as the figure set it.
  const y = document.getElementById('b')._fullLayout.yaxis;
  const merged = { showline: y.showline, ticks: y.ticks, range: y.range, want: figs[1].frames[0].layout.yaxis.range, keys: Object.keys(figs[1].frames[0].layout.yaxis) };
  const img = document.querySelector('#img img');
  await img.decode();
  document.title = JSON.stringify({ problems, traces: document.querySelectorAll('#a .scatterlayer .trace').length,
    legends: document.querySelectorAll('#a .infolayer > g[class^="legend"]').length, width: document.querySelector('#a .main-svg').getAttribute('width'),
    sliders: document.querySelectorAll('#b .slider-container').length, buttons: document.querySelectorAll('#b .updatemenu-button').length,
    before, after, merged, img: [img.naturalWidth, img.getBoundingClientRect().width] });
})().catch((e) => { document.title = 'error: ' + e; });
</script></body></html>`);
    const dom = execFileSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--allow-file-access-from-files', '--window-size=1000,900',
      `--user-data-dir=${path.join(dir, 'profile')}`, '--virtual-time-budget=20000', '--dump-dom', `file://${dir}/index.html`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 80000 });
    fs.rmSync(dir, { recursive: true, force: true });
    const title = /<title>(.*)<\/title>/s.exec(dom)![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    assert.ok(title.startsWith('{'), title);
    const r = JSON.parse(title);
    // validate() reports the animate buttons' free-form args as 'dynamic'; anything else is a mistake.
    const problems = r.problems.flat().filter((q: Rec) => !(q.code === 'dynamic' && /^(updatemenus|sliders)\[0\]\.(buttons|steps)\[\d+\]\.args/.test(q.astr)));
    assert.deepEqual(problems, [], 'Plotly.validate finds nothing to complain about');
    assert.equal(r.traces, 5);
    assert.equal(r.legends, 2, 'each subplot has its own legend');
    assert.equal(r.width, '978', 'the Plotly figure fills the 978 px output area');
    assert.equal(r.sliders, 1);
    assert.equal(r.buttons, 2);
    assert.equal(r.before, 'frame 2|frame 2');
    assert.equal(r.after, 'frame 0|frame 0', 'animating to a frame changes its titles');
    assert.deepEqual(r.img, [1200, 978], 'the <img> fallback is scaled down to the output area');
    assert.deepEqual(r.merged.keys, ['range', 'tickvals', 'ticktext']);
    assert.equal(r.merged.showline, true);
    assert.equal(r.merged.ticks, 'outside');
    assert.deepEqual(r.merged.range, r.merged.want);
  });
});
