// The interactive rendering of scenes: a figure in Plotly's JSON schema (plotly.js 2.x, which the
// `application/vnd.plotly.v1+json` renderer of jupyterlab-plotly 5.24 draws). Subplot boxes, view
// limits, ticks and legend corners come from the scene, so it shows what the SVG shows. Several
// scenes make an animation: frames that change only the traces and layout that differ, a play
// button and a slider; the figure itself shows the last frame.
import { FONT, PT, Scene, SceneAxes, SceneAxis, SceneLine, TITLE_FONT, fixExp } from './scene';
import { dashArray, FONT_FAMILY } from './svg';
import type { TickLabel } from './ticks';

export interface PlotlyFigure { data: Record<string, unknown>[]; layout: Record<string, unknown>; frames?: Record<string, unknown>[]; config?: Record<string, unknown> }

/** Height in px added below the plot for an animation's button and slider. */
export const CONTROLS = 110;

const SYMBOLS: Record<string, string> = {
  o: 'circle', '.': 'circle', ',': 'square', s: 'square', '^': 'triangle-up', v: 'triangle-down', '<': 'triangle-left', '>': 'triangle-right',
  D: 'diamond', d: 'diamond-tall', x: 'x-thin-open', '+': 'cross-thin-open', '*': 'star', p: 'pentagon', h: 'hexagon', '|': 'line-ns-open', _: 'line-ew-open',
};

/** 7 significant digits: float32 data keeps its precision, JSON stays short. */
const r = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)) : null);
const f = (v: number) => Math.round(v * 1e5) / 1e5;

function tickText(l: TickLabel | null): string {
  if (!l) return '';
  return l.exp === undefined ? l.text : `${l.coeff ? l.coeff + '×' : ''}10<sup>${fixExp(l.exp)}</sup>`;
}

/** The axis' ticks: explicit values and labels, as the scene computed them. */
function axisTicks(a: SceneAxis): Record<string, unknown> {
  const t = (v: number) => (a.scale === 'log' ? v : r(v));
  const labelled = [...a.ticks.major, ...a.ticks.minor.filter((m) => m.label)].sort((p, q) => p.value - q.value);
  const out: Record<string, unknown> = { tickmode: 'array', tickvals: labelled.map((m) => t(m.value)), ticktext: labelled.map((m) => tickText(m.label)) };
  const minor = a.ticks.minor.filter((m) => !m.label);
  if (minor.length) out.minor = { tickmode: 'array', tickvals: minor.map((m) => t(m.value)), ticks: 'outside', ticklen: f(3.5 * PT * 0.6), tickcolor: '#000', showgrid: false };
  return out;
}

function axisLayout(ax: SceneAxes, which: 'x' | 'y', n: string, scene: Scene, height: number): Record<string, unknown> {
  const a = which === 'x' ? ax.x : ax.y;
  const { box } = ax;
  const domain = which === 'x' ? [f(box.x / scene.width), f((box.x + box.w) / scene.width)] : [f(1 - (box.y + box.h) / height), f(1 - box.y / height)];
  const range = a.scale === 'log' ? a.view.map((v) => r(Math.log10(v))) : a.view.map(r);
  return {
    domain, anchor: `${which === 'x' ? 'y' : 'x'}${n}`, type: a.scale, range, autorange: false, fixedrange: false,
    title: { text: a.label, font: { size: f(FONT) } }, showline: true, mirror: true, linecolor: '#000', linewidth: f(0.8 * PT),
    ticks: 'outside', ticklen: f(3.5 * PT), tickwidth: f(0.8 * PT), tickcolor: '#000', tickfont: { size: f(FONT) },
    showgrid: ax.grid, ...(ax.grid ? { gridcolor: '#b0b0b0', gridwidth: f(0.8 * PT) } : {}), zeroline: false, ...axisTicks(a),
  };
}

function trace(l: SceneLine | undefined, n: string, legend: string | null, name: string | null): Record<string, unknown> {
  const t: Record<string, unknown> = { type: 'scatter', xaxis: `x${n}`, yaxis: `y${n}` };
  if (!l) return { ...t, x: [], y: [], mode: 'lines', showlegend: false, hoverinfo: 'skip' };
  const mode = l.linestyle === 'none' ? 'markers' : l.marker ? 'lines+markers' : 'lines';
  const dash = dashArray(l.linestyle, l.linewidth);
  Object.assign(t, {
    x: l.x.map(r), y: l.y.map(r), mode, name: name ?? (l.label.startsWith('_') ? undefined : l.label),
    showlegend: name !== null,
  });
  if (mode !== 'markers') t.line = { color: l.color, width: f(l.linewidth), dash: dash ? dash.map((d) => `${f(d)}px`).join(',') : 'solid' };
  if (legend) t.legend = legend;
  if (l.marker) {
    const open = SYMBOLS[l.marker].endsWith('-open');
    t.cliponaxis = false;  // markers on the limits stay whole, as the margins intend
    t.marker = { symbol: SYMBOLS[l.marker], color: l.color, size: f(l.marker === '.' ? l.markersize / 2 : l.markersize), line: { color: l.color, width: f(open ? 1.5 * PT : PT) } };
  }
  if (l.alpha < 1) t.opacity = l.alpha;
  return t;
}

function annotations(scene: Scene, height: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (scene.suptitle) out.push({ text: scene.suptitle, xref: 'paper', yref: 'paper', x: 0.5, y: f(1 - 8 / height), xanchor: 'center', yanchor: 'top', showarrow: false, font: { size: f(TITLE_FONT) } });
  for (const ax of scene.axes) {
    if (ax.title) out.push({ text: ax.title, xref: 'paper', yref: 'paper', x: f((ax.box.x + ax.box.w / 2) / scene.width), y: f(1 - (ax.box.y - 6 * PT) / height), xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: f(TITLE_FONT) } });
  }
  return out;
}

function legendLayout(ax: SceneAxes, scene: Scene, height: number): Record<string, unknown> {
  const lg = ax.legend!;
  const { box, loc } = lg;
  const xanchor = loc.includes('left') ? 'left' : loc.includes('right') || loc === 'right' ? 'right' : 'center';
  const yanchor = loc.startsWith('upper') ? 'top' : loc.startsWith('lower') ? 'bottom' : 'middle';
  const px = xanchor === 'left' ? box.x : xanchor === 'right' ? box.x + box.w : box.x + box.w / 2;
  const py = yanchor === 'top' ? box.y : yanchor === 'bottom' ? box.y + box.h : box.y + box.h / 2;
  return {
    x: f(px / scene.width), y: f(1 - py / height), xanchor, yanchor, xref: 'paper', yref: 'paper', bgcolor: 'rgba(255,255,255,0.8)',
    bordercolor: lg.frameon ? '#cccccc' : 'rgba(0,0,0,0)', borderwidth: f(PT), font: { size: f(FONT) },
    ...(lg.title ? { title: { text: lg.title } } : {}),
  };
}

interface Slots { count: number[]; offset: number[] }

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Each object cut down to the (nested) keys whose values differ between the objects; arrays compare whole. */
function deepVarying(objs: Record<string, unknown>[]): Record<string, unknown>[] {
  const out = objs.map(() => ({} as Record<string, unknown>));
  const keys = new Set(objs.flatMap((o) => Object.keys(o)));
  for (const k of keys) {
    const vals = objs.map((o) => o[k]);
    if (vals.every((v) => same(v, vals[0]))) continue;
    if (vals.every(isObject)) {
      const sub = deepVarying(vals as Record<string, unknown>[]);
      sub.forEach((v, i) => { out[i][k] = v; });
    } else vals.forEach((v, i) => { out[i][k] = v; });
  }
  return out;
}

/** Traces whose x is 0, 1, 2, ... in every frame (a loss curve) leave it out: Plotly counts it so. */
function implicitX(frames: Record<string, unknown>[][], base: Record<string, unknown>[]): void {
  base.forEach((_, j) => {
    const counted = frames.every((f) => (f[j].x as (number | null)[]).every((v, i) => v === i));
    if (!counted) return;
    for (const f of frames) delete f[j].x;
    delete base[j].x;
  });
}

function slots(scenes: Scene[]): Slots {
  const count = scenes[scenes.length - 1].axes.map((_, i) => Math.max(...scenes.map((s) => s.axes[i]?.lines.length ?? 0)));
  const offset = count.map((_, i) => count.slice(0, i).reduce((a, b) => a + b, 0));
  return { count, offset };
}

function traces(scene: Scene, s: Slots): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  scene.axes.forEach((ax, i) => {
    const n = i === 0 ? '' : String(i + 1);
    const legend = ax.legend ? (i === 0 ? 'legend' : `legend${i + 1}`) : null;
    for (let k = 0; k < s.count[i]; k++) {
      const entry = ax.legend?.entries.find((e) => e.line === k);
      out.push(trace(ax.lines[k], n, legend, entry ? entry.label : null));
    }
  });
  return out;
}

function layoutOf(scene: Scene, height: number): Record<string, unknown> {
  const layout: Record<string, unknown> = {};
  scene.axes.forEach((ax, i) => {
    const n = i === 0 ? '' : String(i + 1);
    layout[`xaxis${n}`] = axisLayout(ax, 'x', n, scene, height);
    layout[`yaxis${n}`] = axisLayout(ax, 'y', n, scene, height);
    if (ax.legend) layout[i === 0 ? 'legend' : `legend${i + 1}`] = legendLayout(ax, scene, height);
  });
  layout.annotations = annotations(scene, height);
  return layout;
}

/**
 * One scene: a static figure. Several: an animation over them, `labels` naming the frames on the
 * slider and `interval` ms between frames when playing. The width follows the output area.
 */
export function toPlotly(scenes: Scene[], o: { labels?: string[]; interval?: number } = {}): PlotlyFigure {
  const last = scenes[scenes.length - 1];
  if (scenes.some((s) => s.axes.length !== last.axes.length)) throw new Error('every frame of an animation must have the same subplots');
  const animated = scenes.length > 1;
  const height = last.height + (animated ? CONTROLS : 0);
  const s = slots(scenes);
  const layout: Record<string, unknown> = {
    height, autosize: true, margin: { l: 0, r: 0, t: 0, b: animated ? CONTROLS : 0, pad: 0 }, showlegend: true,
    font: { family: FONT_FAMILY, size: f(FONT), color: '#000' }, paper_bgcolor: '#fff', plot_bgcolor: '#fff', hovermode: 'closest',
    ...layoutOf(last, last.height),
  };
  const fig: PlotlyFigure = { data: traces(last, s), layout, config: { responsive: true, displaylogo: false } };
  if (!animated) return fig;
  const labels = o.labels ?? scenes.map((_, k) => String(k));
  const interval = o.interval ?? 200;
  // A frame's data and layout are merged into the figure's, so each carries only what varies
  // between frames: the keys of a trace or of the layout that are the same in every frame are
  // left to the figure (this keeps a few hundred frames of a training run small).
  const perFrame = scenes.map((sc) => traces(sc, s));
  implicitX(perFrame, fig.data);
  const changing = perFrame[0].map((_, j) => j).filter((j) => perFrame.some((p) => !same(p[j], perFrame[0][j])));
  const varying = (objs: Record<string, unknown>[]) => Object.keys(objs[objs.length - 1]).filter((k) => objs.some((q) => !same(q[k], objs[0][k])));
  const traceKeys = changing.map((j) => varying(perFrame.map((p) => p[j])));
  const pick = (obj: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
  const layouts = deepVarying(scenes.map((sc) => layoutOf(sc, last.height)));
  fig.frames = scenes.map((_, k) => ({
    name: labels[k], traces: changing, data: changing.map((j, i) => pick(perFrame[k][j], traceKeys[i])), layout: layouts[k],
  }));
  const go = (duration: number) => ({ frame: { duration, redraw: true }, transition: { duration: 0 }, mode: 'immediate' });
  // The buttons in one row, the slider under them; with many frames its tick labels would overlap,
  // so only the current frame's name is written (above the slider).
  layout.updatemenus = [{
    type: 'buttons', direction: 'left', showactive: false, x: 0, xanchor: 'left', y: 0, yanchor: 'top', pad: { t: 6, r: 10 },
    buttons: [
      { label: '▶ Play', method: 'animate', args: [null, { ...go(interval), fromcurrent: true }] },
      { label: '❚❚ Pause', method: 'animate', args: [[null], go(0)] },
    ],
  }];
  const crowded = labels.reduce((n, l) => n + l.length + 2, 0) > 90;
  layout.sliders = [{
    active: scenes.length - 1, x: 0, len: 1, y: 0, yanchor: 'top', pad: { t: 46, b: 0 }, ticklen: crowded ? 0 : 4, minorticklen: 0,
    font: { color: crowded ? 'rgba(0,0,0,0)' : '#000' }, currentvalue: { visible: true, prefix: '', xanchor: 'right', font: { color: '#000' } },
    steps: labels.map((name) => ({ label: name, method: 'animate', args: [[name], go(0)] })),
  }];
  return fig;
}

