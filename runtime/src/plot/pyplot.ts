// A matplotlib.pyplot-shaped front end over Figure, for the lectures' plotting cells:
// plt.figure({figsize}), plt.subplot(131), plt.plot(x, y, 'ro'), plt.semilogy, plt.grid, plt.title,
// plt.xlabel, plt.ylabel, plt.legend, plt.show() (returns the figure so the cell displays it).
import { Figure, Axes, Trace } from './figure';

type Series = ArrayLike<number> | { tolist(): unknown } | { data: ArrayLike<number> };

const COLORS: Record<string, string> = { b: '#1f77b4', g: '#2ca02c', r: '#d62728', c: '#17becf', m: '#e377c2', y: '#bcbd22', k: '#000000', w: '#ffffff' };
const MARKERS: Record<string, Trace['marker']> = { o: 'circle', s: 'square', '^': 'triangle-up', x: 'x', '+': 'cross', '.': 'circle' };

function values(s: Series): number[] {
  if (s && typeof (s as { tolist?: unknown }).tolist === 'function' && !ArrayBuffer.isView(s)) {
    const t = s as { detach?: () => { tolist(): unknown }; tolist(): unknown };
    const v = (t.detach ? t.detach().tolist() : t.tolist()) as unknown;
    return (Array.isArray(v) ? v.flat(Infinity) : [v]).map(Number);
  }
  if (s && (s as { data?: unknown }).data && ArrayBuffer.isView((s as { data: unknown }).data)) return Array.from((s as { data: ArrayLike<number> }).data);
  return Array.from(s as ArrayLike<number>, Number);
}

/** Parse a matplotlib format string such as 'ro', 'b--', 'g^-'. */
export function parseFmt(fmt: string): Pick<Trace, 'mode' | 'color' | 'dash' | 'marker'> {
  let color: string | undefined, marker: Trace['marker'] | undefined, dash: Trace['dash'] | undefined;
  let rest = fmt;
  for (const [tok, d] of [['--', 'dash'], ['-.', 'dashdot'], [':', 'dot'], ['-', 'solid']] as const) {
    if (rest.includes(tok)) { dash = d; rest = rest.replace(tok, ''); break; }
  }
  for (const ch of rest) {
    if (COLORS[ch]) color = COLORS[ch];
    else if (MARKERS[ch]) marker = MARKERS[ch];
    else throw new Error(`Unrecognized character ${ch} in format string '${fmt}'`);
  }
  const mode = marker && dash ? 'lines+markers' : marker ? 'markers' : 'lines';
  return { mode, color, dash, marker };
}

let current: Figure | null = null;
let currentAxes: Axes | null = null;

function gca(): Axes {
  if (!current) figure();
  if (!currentAxes) currentAxes = current!.axesAt(current!.rows, current!.cols, 1);
  return currentAxes;
}

export function figure(opts: { figsize?: [number, number] } = {}): Figure {
  const [w, h] = opts.figsize ?? [6.4, 4.8];
  current = new Figure(Math.round(w * 100), Math.round(h * 100));
  currentAxes = null;
  return current;
}

export function gcf(): Figure { if (!current) figure(); return current!; }

/** plt.subplot(131) or plt.subplot(1, 3, 1). */
export function subplot(a: number, b?: number, c?: number): Axes {
  const [rows, cols, idx] = b === undefined ? [Math.floor(a / 100), Math.floor(a / 10) % 10, a % 10] : [a, b, c!];
  currentAxes = gcf().axesAt(rows, cols, idx);
  return currentAxes;
}

export function plot(...args: (Series | string | { label?: string; color?: string })[]): Trace[] {
  const ax = gca();
  const opts = args.length && typeof args[args.length - 1] === 'object' && !ArrayBuffer.isView(args[args.length - 1]) && !Array.isArray(args[args.length - 1])
    && typeof (args[args.length - 1] as { tolist?: unknown }).tolist !== 'function' && !(args[args.length - 1] as { data?: unknown }).data
    ? (args.pop() as { label?: string; color?: string }) : {};
  const added: Trace[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i] as Series, b = args[i + 1];
    let x: number[], y: number[], fmt = '';
    if (b !== undefined && typeof b !== 'string') {
      x = values(a); y = values(b as Series); i += 2;
    } else {
      y = values(a); x = y.map((_, k) => k); i += 1;
    }
    if (typeof args[i] === 'string') fmt = args[i++] as string;
    const style = parseFmt(fmt);
    const t: Trace = { x, y, ...style, color: opts.color ?? style.color, name: opts.label };
    ax.traces.push(t);
    added.push(t);
  }
  return added;
}

export function semilogy(...args: Parameters<typeof plot>): Trace[] { gca().ylog = true; return plot(...args); }
export function semilogx(...args: Parameters<typeof plot>): Trace[] { gca().xlog = true; return plot(...args); }
export function grid(on = true): void { gca().grid = on; }
export function title(s: string): void { gca().title = s; }
export function xlabel(s: string): void { gca().xlabel = s; }
export function ylabel(s: string): void { gca().ylabel = s; }
export function yscale(s: 'log' | 'linear'): void { gca().ylog = s === 'log'; }
export function legend(names?: string[]): void {
  const ax = gca();
  ax.legendNames = names ?? ax.traces.map((t, i) => t.name ?? `_line${i}`);
}

/** Finish the current figure and return it, so that a cell ending in `plt.show()` displays it. */
export function show(): Figure {
  const f = gcf();
  current = null;
  currentAxes = null;
  return f;
}
