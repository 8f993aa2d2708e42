// A matplotlib.pyplot-shaped state machine over Figure and Axes, for the lectures' plotting cells:
// plt.figure({ figsize }), plt.subplot(131), plt.subplots(1, 2), plt.plot(x, y, 'ro'), plt.semilogy,
// plt.title, plt.legend, plt.show(). As with matplotlib's inline backend, plt.show() displays the
// open figures (display_data, no Out[n]) and closes them, and figures still open when a cell ends
// are displayed then.
import { Axes, Figure, Legend, LegendOptions, Line2D, Marker, shown, subplotSpec } from './figure';
import { animations } from './animation';
import { onPostExecute, publish } from '../display/publish';
import { tuple } from '../python/repr';
import type { Scale } from './ticks';

export { Figure, Axes, Line2D, Legend };
export { FuncAnimation, Camera, Animation } from './animation';

type PlotArgs = Parameters<Axes['plot']>;

let figures: Figure[] = [];
let current: Figure | null = null;
const currentAxes = new WeakMap<Figure, Axes>();

/** plt.figure({ figsize: [w, h] }): a new figure (inches at 100 dpi), now the current one. */
export function figure(opts: { figsize?: [number, number] } = {}): Figure {
  current = new Figure(opts);
  figures.push(current);
  return current;
}

export function gcf(): Figure { return current ?? figure(); }

export function gca(): Axes {
  const f = gcf();
  let ax = currentAxes.get(f);
  if (!ax || !f.axes.includes(ax)) { ax = f.axes[f.axes.length - 1] ?? f.add_subplot(111); currentAxes.set(f, ax); }
  return ax;
}

/** plt.subplot(131) or plt.subplot(1, 3, 1): select (creating if needed) a subplot of the current figure. */
export function subplot(a: number, b?: number, c?: number): Axes {
  const [r, k, i] = subplotSpec(a, b, c);
  const ax = gcf().add_subplot(r, k, i);
  currentAxes.set(gcf(), ax);
  return ax;
}

/** plt.subplots(nrows, ncols, { figsize }): `const [fig, axs] = plt.subplots(1, 2)`; axs squeezed as matplotlib's. */
export function subplots(nrows?: 1, ncols?: 1, opts?: { figsize?: [number, number] }): [Figure, Axes];
export function subplots(nrows: 1, ncols: number, opts?: { figsize?: [number, number] }): [Figure, Axes[]];
export function subplots(nrows: number, ncols?: 1, opts?: { figsize?: [number, number] }): [Figure, Axes[]];
export function subplots(nrows: number, ncols: number, opts?: { figsize?: [number, number] }): [Figure, Axes[][]];
export function subplots(nrows = 1, ncols = 1, opts: { figsize?: [number, number] } = {}): [Figure, Axes | Axes[] | Axes[][]] {
  const f = figure(opts);
  const axs = f.subplots(nrows, ncols) as Axes | Axes[] | Axes[][];
  currentAxes.set(f, f.axes[0]);
  return tuple(f, axs);
}

export function plot(...args: PlotArgs): Line2D[] { return gca().plot(...args); }
export function scatter(...args: Parameters<Axes['scatter']>): Line2D { return gca().scatter(...args); }
export function semilogy(...args: PlotArgs): Line2D[] { return gca().semilogy(...args); }
export function semilogx(...args: PlotArgs): Line2D[] { return gca().semilogx(...args); }
export function loglog(...args: PlotArgs): Line2D[] { return gca().loglog(...args); }
export function title(s: string): void { gca().set_title(s); }
export function xlabel(s: string): void { gca().set_xlabel(s); }
export function ylabel(s: string): void { gca().set_ylabel(s); }
export function xscale(s: Scale): void { gca().set_xscale(s); }
export function yscale(s: Scale): void { gca().set_yscale(s); }
export function xlim(lo?: number | [number, number], hi?: number): [number, number] { if (lo !== undefined) gca().set_xlim(lo, hi); return gca().get_xlim(); }
export function ylim(lo?: number | [number, number], hi?: number): [number, number] { if (lo !== undefined) gca().set_ylim(lo, hi); return gca().get_ylim(); }
export function grid(on = true): void { gca().grid(on); }
export function legend(a?: string[] | Line2D[] | LegendOptions, b?: string[] | LegendOptions, c?: LegendOptions): Legend | null { return gca().legend(a, b, c); }
export function suptitle(s: string): void { gcf().suptitle(s); }
export function tight_layout(): void { gcf().tight_layout(); }
export function savefig(path: string): void { gcf().savefig(path); }
export function clf(): void { gcf().clf(); }
export function cla(): void { gca().cla(); }

/** plt.close(), plt.close(fig) or plt.close('all'): forget figures without showing them. */
export function close(which?: Figure | 'all'): void {
  if (which === 'all') figures = [];
  else { const f = which ?? current; figures = figures.filter((x) => x !== f); }
  if (!current || !figures.includes(current)) current = figures[figures.length - 1] ?? null;
}

/** The open figures' numbers, as plt.get_fignums(). */
export function get_fignums(): number[] { return figures.map((_, i) => i + 1); }

/** Display each open figure (or the animation made from it) that has not been displayed, then close all. */
function flush(): void {
  const open = figures;
  figures = [];
  current = null;
  for (const f of open) {
    if (shown.has(f)) continue;
    publish(animations.get(f) ?? f);
  }
}

/** plt.show(): display the open figures now (as display_data: the cell gets no Out[n]) and close them. */
export function show(): void { flush(); }

onPostExecute(flush);

export type { Marker };
