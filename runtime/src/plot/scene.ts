// What a figure draws, computed once from its state for both renderers: each subplot's box in
// pixels (room left for its title, tick labels and axis labels, as tight_layout leaves it), its
// view limits (matplotlib's 5% margins), ticks, lines in matplotlib's pixel sizes, and its legend's
// box (placed by `loc`, 'best' as matplotlib searches for it).
import type { Axes, Figure, LegendLoc, LineStyle, Marker } from './figure';
import { AxisTicks, Scale, TickLabel, autoscale, axisTicks } from './ticks';
import { textWidth } from './metrics';

/** Points to pixels at the figure's 100 dpi. */
export const PT = 100 / 72;
export const FONT = 10 * PT;          // tick labels, axis labels, legend (rcParams 10pt)
export const TITLE_FONT = 12 * PT;    // axes titles and suptitle ('large')
const TICK_LEN = 3.5 * PT, TICK_PAD = 3.5 * PT, LABEL_PAD = 4 * PT, TITLE_PAD = 6 * PT, EDGE = 8;

export interface Box { x: number; y: number; w: number; h: number }

export interface SceneAxis {
  scale: Scale;
  /** View limits in data units, low to high. */
  view: [number, number];
  ticks: AxisTicks;
  label: string;
  /** The axis label's baseline: a y in px below an x axis, an x in px left of a y axis. */
  labelAt: number;
}

export interface SceneLine {
  x: number[]; y: number[]; color: string; alpha: number;
  linestyle: LineStyle; linewidth: number; marker: Marker | null; markersize: number; label: string;
}

export interface SceneLegend { loc: Exclude<LegendLoc, 'best'>; box: Box; entries: { label: string; line: number }[]; frameon: boolean; title: string }

export interface SceneAxes { box: Box; x: SceneAxis; y: SceneAxis; title: string; grid: boolean; lines: SceneLine[]; legend: SceneLegend | null }

export interface Scene { width: number; height: number; suptitle: string; axes: SceneAxes[] }

/** Legend geometry in font sizes, matplotlib's rcParams legend.*. */
export const LEGEND = { borderpad: 0.4, labelspacing: 0.5, handlelength: 2.0, handletextpad: 0.8, borderaxespad: 0.5 };

const finite = (v: number[], log: boolean) => v.filter((x) => Number.isFinite(x) && (!log || x > 0));

function view(lines: SceneLine[], key: 'x' | 'y', scale: Scale, set: [number, number] | null): [number, number] {
  if (set) return set[0] <= set[1] ? set : [set[1], set[0]];
  const vals = lines.flatMap((l) => finite(l[key], scale === 'log'));
  if (!vals.length) return scale === 'log' ? [1, 10] : [0, 1];
  let lo = Infinity, hi = -Infinity;
  for (const v of vals) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return autoscale(lo, hi, scale);
}

const labelWidth = (l: TickLabel | null) => !l ? 0 : l.exp === undefined ? textWidth(l.text, FONT)
  : textWidth(`${l.coeff ? l.coeff + '×' : ''}10`, FONT) + textWidth(fixExp(l.exp), FONT * 0.7);
export const fixExp = (e: number) => String(e).replace('-', '\u2212');

/** Where in the axes box a legend of size w x h goes for `loc`, pad px from the edges. */
export function legendBox(loc: Exclude<LegendLoc, 'best'>, ax: Box, w: number, h: number, pad: number): Box {
  const left = ax.x + pad, right = ax.x + ax.w - pad - w, cx = ax.x + (ax.w - w) / 2;
  const top = ax.y + pad, bottom = ax.y + ax.h - pad - h, cy = ax.y + (ax.h - h) / 2;
  const at: Record<typeof loc, [number, number]> = {
    'upper right': [right, top], 'upper left': [left, top], 'lower left': [left, bottom], 'lower right': [right, bottom],
    right: [right, cy], 'center left': [left, cy], 'center right': [right, cy], 'lower center': [cx, bottom], 'upper center': [cx, top], center: [cx, cy],
  };
  const [x, y] = at[loc];
  return { x, y, w, h };
}

/** Whether segment p-q crosses the edges of box b (matplotlib's Path.intersects_bbox, unfilled). */
function segmentHitsEdges(px: number, py: number, qx: number, qy: number, b: Box): boolean {
  const inside = (x: number, y: number) => x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h;
  if (inside(px, py) !== inside(qx, qy)) return true;
  if (inside(px, py)) return false;
  // Both outside: does the segment pass through the box?
  let t0 = 0, t1 = 1;
  const dx = qx - px, dy = qy - py;
  for (const [p, q] of [[-dx, px - b.x], [dx, b.x + b.w - px], [-dy, py - b.y], [dy, b.y + b.h - py]]) {
    if (p === 0) { if (q < 0) return false; continue; }
    const r = q / p;
    if (p < 0) { if (r > t1) return false; if (r > t0) t0 = r; } else { if (r < t0) return false; if (r < t1) t1 = r; }
  }
  return t0 < t1;
}

/** legend(loc='best'): the first location, in matplotlib's order, covering the fewest data vertices and segments. */
export function bestLoc(points: [number, number][][], ax: Box, w: number, h: number, pad: number): Exclude<LegendLoc, 'best'> {
  const order: Exclude<LegendLoc, 'best'>[] = ['upper right', 'upper left', 'lower left', 'lower right', 'right', 'center left', 'center right', 'lower center', 'upper center', 'center'];
  let best = order[0], bestBad = Infinity;
  for (const loc of order) {
    const b = legendBox(loc, ax, w, h, pad);
    let bad = 0;
    for (const pts of points) {
      for (const [x, y] of pts) if (x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) bad++;
      for (let i = 1; i < pts.length; i++) if (segmentHitsEdges(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1], b)) bad++;
    }
    if (bad === 0) return loc;
    if (bad < bestBad) { bestBad = bad; best = loc; }
  }
  return best;
}

/** Data to pixel maps for an axis over [a, b] px (b < a for y, which grows downward). */
export function mapper(axis: SceneAxis, a: number, b: number): (v: number) => number {
  const t = axis.scale === 'log' ? Math.log10 : (v: number) => v;
  const lo = t(axis.view[0]), hi = t(axis.view[1]);
  return (v: number) => a + ((t(v) - lo) / (hi - lo)) * (b - a);
}

function axesScene(ax: Axes, cell: Box): SceneAxes {
  const lines: SceneLine[] = ax.lines.map((l) => ({
    x: l.x, y: l.y, color: l.color, alpha: l.alpha, linestyle: l.linestyle, linewidth: l.linewidth * PT,
    marker: l.marker, markersize: l.markersize * PT, label: l.label,
  }));
  const xv = view(lines, 'x', ax.xscale, ax.xlim), yv = view(lines, 'y', ax.yscale, ax.ylim);
  const textH = FONT * 1.2;
  const top = EDGE + (ax.title ? TITLE_FONT * 1.2 + TITLE_PAD : 0);
  const bottom = EDGE + TICK_LEN + TICK_PAD + textH + (ax.xlabel ? textH + LABEL_PAD : 0);
  const h = Math.max(cell.h - top - bottom, 10);
  const yt = axisTicks(yv, ax.yscale, h, FONT, true);
  const ytw = Math.max(0, ...[...yt.major, ...yt.minor].map((t) => labelWidth(t.label)));
  const left = EDGE + TICK_LEN + TICK_PAD + ytw + (ax.ylabel ? textH + LABEL_PAD : 0);
  const right = EDGE + FONT;
  const box: Box = { x: cell.x + left, y: cell.y + top, w: Math.max(cell.w - left - right, 10), h };
  const xt = axisTicks(xv, ax.xscale, box.w, FONT, false);
  const s: SceneAxes = {
    box, title: ax.title, grid: ax.gridOn, lines, legend: null,
    x: { scale: ax.xscale, view: xv, ticks: xt, label: ax.xlabel, labelAt: box.y + h + TICK_LEN + TICK_PAD + textH + LABEL_PAD + FONT * 0.8 },
    y: { scale: ax.yscale, view: yv, ticks: yt, label: ax.ylabel, labelAt: box.x - TICK_LEN - TICK_PAD - ytw - LABEL_PAD },
  };
  const lg = ax.legend_;
  if (lg) {
    const entries = lg.handles.map((hd, i) => ({ label: lg.labels[i] ?? '', line: ax.lines.indexOf(hd) })).filter((e) => e.line >= 0);
    const tw = Math.max(textWidth(lg.title, FONT), ...entries.map((e) => textWidth(e.label, FONT)));
    const w = (2 * LEGEND.borderpad + LEGEND.handlelength + LEGEND.handletextpad) * FONT + tw;
    const rows = entries.length + (lg.title ? 1 : 0);
    const hh = (2 * LEGEND.borderpad) * FONT + rows * textH + (rows - 1) * LEGEND.labelspacing * FONT;
    const pad = LEGEND.borderaxespad * FONT;
    let loc = lg.loc;
    if (loc === 'best') {
      const sx = mapper(s.x, box.x, box.x + box.w), sy = mapper(s.y, box.y + box.h, box.y);
      const pts = lines.map((l) => l.x.map((x, i) => [sx(x), sy(l.y[i])] as [number, number]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)));
      loc = bestLoc(pts, box, w, hh, pad);
    }
    s.legend = { loc, box: legendBox(loc, box, w, hh, pad), entries, frameon: lg.frameon, title: lg.title };
  }
  return s;
}

export function sceneOf(fig: Figure): Scene {
  const W = fig.width, H = fig.height;
  const supH = fig.suptitleText ? TITLE_FONT * 1.2 + EDGE : 0;
  const axes = fig.axes.map((ax) => {
    const cw = W / ax.cols, ch = (H - supH) / ax.rows;
    const r = Math.floor((ax.index - 1) / ax.cols), c = (ax.index - 1) % ax.cols;
    return axesScene(ax, { x: c * cw, y: supH + r * ch, w: cw, h: ch });
  });
  return { width: W, height: H, suptitle: fig.suptitleText, axes };
}
