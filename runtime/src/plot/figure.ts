// Figures as data, shaped like matplotlib's object API: a Figure holds Axes (one per subplot), an
// Axes holds Line2D artists, a title, labels, scales, limits and a Legend. What is drawn is derived
// from this state in one place (scene.ts); the Plotly figure and the SVG are two renderings of it.
import { figureBundle } from './bundle';
import { Scene, sceneOf } from './scene';
import { toPlotly, PlotlyFigure } from './plotly';
import { renderSvg } from './svg';
import { ValueError } from '../errors';
import type { Scale } from './ticks';

export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'dashdot' | 'none';
export type Marker = 'o' | '.' | ',' | 's' | '^' | 'v' | '<' | '>' | 'D' | 'd' | 'x' | '+' | '*' | 'p' | 'h' | '|' | '_';
type Series = ArrayLike<number> | { tolist(): unknown } | Iterable<number>;

/** matplotlib's default property cycle (tab10) and its single-letter base colors. */
export const CYCLE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const BASE: Record<string, string> = { b: '#0000ff', g: '#008000', r: '#ff0000', c: '#00bfbf', m: '#bf00bf', y: '#bfbf00', k: '#000000', w: '#ffffff' };
const TAB = ['blue', 'orange', 'green', 'red', 'purple', 'brown', 'pink', 'gray', 'olive', 'cyan'];
const MARKERS = new Set<string>(['o', '.', ',', 's', '^', 'v', '<', '>', 'D', 'd', 'x', '+', '*', 'p', 'h', '|', '_']);
const STYLES: Record<string, LineStyle> = { '-': 'solid', '--': 'dashed', ':': 'dotted', '-.': 'dashdot', '': 'none', ' ': 'none', None: 'none',
  solid: 'solid', dashed: 'dashed', dotted: 'dotted', dashdot: 'dashdot', none: 'none' };

/** A matplotlib color spec ('r', 'C1', 'tab:orange', '0.8', 'red', '#ff0000') as a CSS color. */
export function toColor(c: string): string {
  if (BASE[c]) return BASE[c];
  const cn = /^C(\d)$/.exec(c);
  if (cn) return CYCLE[Number(cn[1])];
  if (c.startsWith('tab:') && TAB.includes(c.slice(4))) return CYCLE[TAB.indexOf(c.slice(4))];
  if (/^(0(\.\d*)?|1(\.0*)?)$/.test(c)) { const v = Math.round(Number(c) * 255).toString(16).padStart(2, '0'); return `#${v}${v}${v}`; }
  return c;
}

/** matplotlib's format string: '[marker][line][color]' in any order, e.g. 'ro', 'b--', 'g^-'. */
export function parseFmt(fmt: string): { color?: string; marker?: Marker; linestyle?: LineStyle } {
  let color: string | undefined, marker: Marker | undefined, linestyle: LineStyle | undefined;
  let i = 0;
  const cn = /C\d/.exec(fmt);
  if (cn) { color = toColor(cn[0]); fmt = fmt.replace(cn[0], ''); }
  while (i < fmt.length) {
    const two = fmt.slice(i, i + 2);
    if (two === '--' || two === '-.') { if (linestyle) throw new ValueError(`Illegal format string "${fmt}"; two linestyle symbols`); linestyle = STYLES[two]; i += 2; continue; }
    const ch = fmt[i];
    if (ch === '-' || ch === ':') { if (linestyle) throw new ValueError(`Illegal format string "${fmt}"; two linestyle symbols`); linestyle = STYLES[ch]; }
    else if (MARKERS.has(ch)) { if (marker) throw new ValueError(`Illegal format string "${fmt}"; two marker symbols`); marker = ch as Marker; }
    else if (BASE[ch]) { if (color) throw new ValueError(`Illegal format string "${fmt}"; two color symbols`); color = BASE[ch]; }
    else throw new ValueError(`Unrecognized character ${ch} in format string '${fmt}'`);
    i++;
  }
  if (marker && !linestyle) linestyle = 'none';
  return { color, marker, linestyle };
}

/** Columns of numbers from an array, a typed array, or a tensor (detached; [N] or [N, k]). */
export function columns(s: Series): number[][] {
  let v: unknown = s;
  const t = s as { detach?: () => { tolist(): unknown }; tolist?: () => unknown };
  if (t && typeof t.tolist === 'function' && !Array.isArray(s) && !ArrayBuffer.isView(s)) v = t.detach ? t.detach().tolist() : t.tolist();
  else if (s && !Array.isArray(s) && !ArrayBuffer.isView(s) && typeof (s as Iterable<number>)[Symbol.iterator] === 'function') v = [...(s as Iterable<number>)];
  const rows = Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : [v];
  if (rows.length && Array.isArray(rows[0])) {
    const k = (rows[0] as unknown[]).length;
    return Array.from({ length: k }, (_, j) => rows.map((r) => Number((r as unknown[])[j])));
  }
  return [rows.map(Number)];
}

export interface LineOptions {
  label?: string; color?: string; c?: string; linestyle?: string; ls?: string; linewidth?: number; lw?: number;
  marker?: Marker | ''; markersize?: number; ms?: number; alpha?: number;
}

/** A line (and/or its markers): matplotlib.lines.Line2D. Sizes in points, as matplotlib's. */
export class Line2D {
  x: number[];
  y: number[];
  color: string;
  linestyle: LineStyle;
  linewidth: number;
  marker: Marker | null;
  markersize: number;
  label: string;
  alpha: number;

  constructor(x: number[], y: number[], o: { color: string; linestyle?: LineStyle; linewidth?: number; marker?: Marker | null; markersize?: number; label?: string; alpha?: number }) {
    this.x = x; this.y = y; this.color = o.color; this.linestyle = o.linestyle ?? 'solid'; this.linewidth = o.linewidth ?? 1.5;
    this.marker = o.marker ?? null; this.markersize = o.markersize ?? 6; this.label = o.label ?? ''; this.alpha = o.alpha ?? 1;
  }
  set_data(x: Series, y: Series): void { this.x = columns(x)[0]; this.y = columns(y)[0]; }
  set_xdata(x: Series): void { this.x = columns(x)[0]; }
  set_ydata(y: Series): void { this.y = columns(y)[0]; }
  get_xdata(): number[] { return this.x; }
  get_ydata(): number[] { return this.y; }
  set_label(s: string): void { this.label = s; }
  get_label(): string { return this.label; }
  set_color(c: string): void { this.color = toColor(c); }
  get_color(): string { return this.color; }
  set_linestyle(s: string): void { this.linestyle = STYLES[s] ?? 'solid'; }
  set_marker(m: Marker | ''): void { this.marker = m || null; }
  toString(): string { return `Line2D(${this.label})`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

export type LegendLoc = 'best' | 'upper right' | 'upper left' | 'lower left' | 'lower right' | 'right' | 'center left' | 'center right'
  | 'lower center' | 'upper center' | 'center';
export const LOCS: LegendLoc[] = ['best', 'upper right', 'upper left', 'lower left', 'lower right', 'right', 'center left', 'center right', 'lower center', 'upper center', 'center'];

export class Legend {
  constructor(readonly handles: Line2D[], readonly labels: string[], readonly loc: LegendLoc, readonly frameon: boolean, readonly title: string) {}
  toString(): string { return `Legend(${this.labels.join(', ')})`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

export interface LegendOptions { loc?: LegendLoc | number; frameon?: boolean; title?: string; labels?: string[] }

type PlotArg = Series | string | LineOptions;

/** One subplot: matplotlib.axes.Axes with the methods lectures use. */
export class Axes {
  lines: Line2D[] = [];
  title = '';
  xlabel = '';
  ylabel = '';
  xscale: Scale = 'linear';
  yscale: Scale = 'linear';
  xlim: [number, number] | null = null;
  ylim: [number, number] | null = null;
  gridOn = false;
  legend_: Legend | null = null;
  private cycle = 0;

  constructor(readonly figure: Figure, readonly rows: number, readonly cols: number, readonly index: number) {}

  /** plot([x], y, [fmt], ..., { label, color, linestyle, linewidth, marker, markersize }) */
  plot(...args: PlotArg[]): Line2D[] {
    const last = args[args.length - 1];
    const opts: LineOptions = last !== undefined && typeof last === 'object' && !isSeries(last) ? (args.pop() as LineOptions) : {};
    const added: Line2D[] = [];
    let i = 0;
    while (i < args.length) {
      const a = args[i] as Series, b = args[i + 1];
      let xs: number[][] | null, ys: number[][];
      if (b !== undefined && typeof b !== 'string') { xs = columns(a); ys = columns(b as Series); i += 2; }
      else { xs = null; ys = columns(a); i += 1; }
      const fmt = typeof args[i] === 'string' ? parseFmt(args[i++] as string) : {};
      for (const [k, y] of ys.entries()) {
        const x = xs ? xs[Math.min(k, xs.length - 1)] : y.map((_, j) => j);
        if (x.length !== y.length) throw new ValueError(`x and y must have same first dimension, but have shapes (${x.length},) and (${y.length},)`);
        added.push(this.addLine(x, y, fmt, opts));
      }
    }
    return added;
  }

  private addLine(x: number[], y: number[], fmt: ReturnType<typeof parseFmt>, o: LineOptions): Line2D {
    const given = o.color ?? o.c;
    // As matplotlib's property cycle: a line with its own color does not advance it.
    const color = given !== undefined ? toColor(given) : fmt.color ?? CYCLE[this.cycle++ % CYCLE.length];
    const ls = o.linestyle ?? o.ls;
    const marker = o.marker !== undefined ? (o.marker || null) : fmt.marker ?? null;
    const line = new Line2D(x, y, {
      color, marker, label: o.label ?? `_child${this.lines.length}`, alpha: o.alpha,
      linestyle: ls !== undefined ? STYLES[ls] ?? 'solid' : fmt.linestyle ?? (o.marker ? 'none' : 'solid'),
      linewidth: o.linewidth ?? o.lw, markersize: o.markersize ?? o.ms,
    });
    this.lines.push(line);
    return line;
  }

  /** scatter(x, y, { s, c, label, marker }): markers only. */
  scatter(x: Series, y: Series, o: { s?: number; c?: string; color?: string; label?: string; marker?: Marker; alpha?: number } = {}): Line2D {
    return this.addLine(columns(x)[0], columns(y)[0], { marker: o.marker ?? 'o', linestyle: 'none' },
      { color: o.color ?? o.c, label: o.label, markersize: o.s !== undefined ? Math.sqrt(o.s) : 6, alpha: o.alpha });
  }

  semilogy(...args: PlotArg[]): Line2D[] { this.yscale = 'log'; return this.plot(...args); }
  semilogx(...args: PlotArg[]): Line2D[] { this.xscale = 'log'; return this.plot(...args); }
  loglog(...args: PlotArg[]): Line2D[] { this.xscale = 'log'; this.yscale = 'log'; return this.plot(...args); }

  set_title(s: string): void { this.title = s; }
  get_title(): string { return this.title; }
  set_xlabel(s: string): void { this.xlabel = s; }
  set_ylabel(s: string): void { this.ylabel = s; }
  get_xlabel(): string { return this.xlabel; }
  get_ylabel(): string { return this.ylabel; }
  set_xscale(s: Scale): void { this.xscale = checkScale(s); }
  set_yscale(s: Scale): void { this.yscale = checkScale(s); }
  get_xscale(): Scale { return this.xscale; }
  get_yscale(): Scale { return this.yscale; }
  set_xlim(lo: number | [number, number], hi?: number): void { this.xlim = Array.isArray(lo) ? [lo[0], lo[1]] : [lo, hi!]; }
  set_ylim(lo: number | [number, number], hi?: number): void { this.ylim = Array.isArray(lo) ? [lo[0], lo[1]] : [lo, hi!]; }
  /** The view limits as drawn (autoscaled with margins unless set). */
  get_xlim(): [number, number] { return this.figure.scene().axes[this.figure.axes.indexOf(this)].x.view; }
  get_ylim(): [number, number] { return this.figure.scene().axes[this.figure.axes.indexOf(this)].y.view; }
  grid(on = true): void { this.gridOn = on; }
  get_lines(): Line2D[] { return this.lines; }

  /**
   * legend(), legend(['a', 'b']), legend(handles, labels) or legend({ loc: 'upper left' }): a framed
   * legend placed as matplotlib places it ('best' by default: the corner hiding the least data).
   */
  legend(a?: string[] | Line2D[] | LegendOptions, b?: string[] | LegendOptions, c?: LegendOptions): Legend | null {
    let handles: Line2D[], labels: string[], o: LegendOptions = {};
    if (Array.isArray(a) && a.length && a[0] instanceof Line2D) {
      handles = a as Line2D[];
      if (Array.isArray(b)) { labels = b; o = c ?? {}; } else { labels = handles.map((h) => h.label); o = (b as LegendOptions) ?? {}; }
    } else if (Array.isArray(a)) {
      labels = (a as string[]).slice(0, this.lines.length);
      handles = this.lines.slice(0, labels.length);
      o = (b as LegendOptions) ?? {};
    } else {
      o = a ?? {};
      if (o.labels) { labels = o.labels.slice(0, this.lines.length); handles = this.lines.slice(0, labels.length); }
      else { handles = this.lines.filter((l) => !l.label.startsWith('_')); labels = handles.map((h) => h.label); }
    }
    if (!handles.length) {
      process.stderr.write('No artists with labels found to put in legend.  Note that artists whose label start with an underscore are ignored when legend() is called with no argument.\n');
      this.legend_ = null;
      return null;
    }
    const loc = typeof o.loc === 'number' ? LOCS[o.loc] : o.loc ?? 'best';
    if (!LOCS.includes(loc)) throw new ValueError(`'${String(o.loc)}' is not a valid value for loc; supported values are ${LOCS.map((l) => `'${l}'`).join(', ')}`);
    this.legend_ = new Legend(handles, labels, loc, o.frameon ?? true, o.title ?? '');
    return this.legend_;
  }
  get_legend(): Legend | null { return this.legend_; }

  /** Axes.clear(): remove lines, titles, labels and legend; keep the subplot and its scales. */
  clear(): void {
    this.lines = []; this.title = ''; this.xlabel = ''; this.ylabel = ''; this.legend_ = null; this.cycle = 0;
    this.xlim = null; this.ylim = null; this.xscale = 'linear'; this.yscale = 'linear'; this.gridOn = false;
  }
  cla(): void { this.clear(); }
  toString(): string { return `Axes(${this.rows}${this.cols}${this.index})`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function checkScale(s: string): Scale {
  if (s !== 'linear' && s !== 'log') throw new ValueError(`'${s}' is not a valid value for scale; supported values are 'linear', 'log'`);
  return s;
}

function isSeries(x: unknown): boolean {
  return Array.isArray(x) || ArrayBuffer.isView(x) || typeof (x as { tolist?: unknown }).tolist === 'function'
    || typeof (x as Iterable<number>)[Symbol.iterator] === 'function';
}

/** subplot(131) or subplot(1, 3, 1) as [rows, cols, index]. */
export function subplotSpec(a: number, b?: number, c?: number): [number, number, number] {
  const spec: [number, number, number] = b === undefined ? [Math.floor(a / 100), Math.floor(a / 10) % 10, a % 10] : [a, b, c!];
  const [r, k, i] = spec;
  if (!(r >= 1 && k >= 1 && Number.isInteger(r) && Number.isInteger(k))) throw new ValueError(`Number of rows and columns must be positive integers, not ${r} and ${k}`);
  if (!(i >= 1 && i <= r * k && Number.isInteger(i))) throw new ValueError(`num must be an integer with 1 <= num <= ${r * k}, not ${i}`);
  return spec;
}

/** A matplotlib figure: figsize in inches at 100 dpi, subplots, an optional suptitle. */
export class Figure {
  axes: Axes[] = [];
  suptitleText = '';
  readonly dpi = 100;
  figsize: [number, number];

  constructor(opts: { figsize?: [number, number] } = {}) {
    this.figsize = opts.figsize ?? [6.4, 4.8];
    if (!(this.figsize[0] > 0 && this.figsize[1] > 0)) throw new ValueError(`figure size must be positive finite not (${this.figsize.join(', ')})`);
  }
  get width(): number { return Math.round(this.figsize[0] * this.dpi); }
  get height(): number { return Math.round(this.figsize[1] * this.dpi); }

  /** add_subplot(131) / add_subplot(1, 3, 1): the subplot at that grid position (reused if it exists). */
  add_subplot(a = 111, b?: number, c?: number): Axes {
    const [r, k, i] = subplotSpec(a, b, c);
    let ax = this.axes.find((x) => x.rows === r && x.cols === k && x.index === i);
    if (!ax) { ax = new Axes(this, r, k, i); this.axes.push(ax); }
    return ax;
  }

  /** subplots(nrows, ncols): one Axes, a row/column of them, or rows of them, as matplotlib squeezes. */
  subplots(nrows?: 1, ncols?: 1): Axes;
  subplots(nrows: 1, ncols: number): Axes[];
  subplots(nrows: number, ncols?: 1): Axes[];
  subplots(nrows: number, ncols: number): Axes[][];
  subplots(nrows = 1, ncols = 1): Axes | Axes[] | Axes[][] {
    const grid = Array.from({ length: nrows }, (_, r) => Array.from({ length: ncols }, (_, k) => this.add_subplot(nrows, ncols, r * ncols + k + 1)));
    if (nrows === 1 && ncols === 1) return grid[0][0];
    if (nrows === 1 || ncols === 1) return grid.flat();
    return grid;
  }

  gca(): Axes { return this.axes[this.axes.length - 1] ?? this.add_subplot(111); }
  suptitle(s: string): void { this.suptitleText = s; }
  clf(): void { this.axes = []; this.suptitleText = ''; }
  clear(): void { this.clf(); }
  set_size_inches(w: number | [number, number], h?: number): void { this.figsize = Array.isArray(w) ? [w[0], w[1]] : [w, h!]; }
  get_size_inches(): [number, number] { return [...this.figsize]; }
  /** Spacing is computed from the labels every time a figure is drawn; kept for matplotlib code. */
  tight_layout(): void { /* always laid out tightly */ }

  /** What is drawn, computed from the current state. */
  scene(): Scene { return sceneOf(this); }
  toPlotly(): PlotlyFigure { return toPlotly([this.scene()]); }
  toSvg(): string { return renderSvg(this.scene()); }
  /** savefig('fig.svg'): the SVG (or, for .json, the Plotly figure). */
  savefig(path: string): void {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require('fs') as typeof import('fs');
    if (path.endsWith('.svg')) fs.writeFileSync(path, this.toSvg());
    else if (path.endsWith('.json')) fs.writeFileSync(path, JSON.stringify(this.toPlotly()));
    else throw new ValueError(`Format '${path.split('.').pop()}' is not supported (supported formats: svg, json)`);
  }

  toString(): string { return `<Figure size ${this.width}x${this.height} with ${this.axes.length} Axes>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, unknown> {
    shown.add(this);
    return figureBundle([this.scene()], { text: this.toString() });
  }
}

/** Figures whose display bundle has been made (pyplot does not show them again at the cell's end). */
export const shown = new WeakSet<object>();
