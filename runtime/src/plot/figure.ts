// Figures as data: traces and axes that become a Plotly figure (interactive in JupyterLab) and a
// self-contained SVG (static, shown by every frontend and kept in committed notebooks).
import { renderSvg } from './svg';

export interface Trace {
  x: number[];
  y: number[];
  mode: 'lines' | 'markers' | 'lines+markers';
  color?: string;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
  marker?: 'circle' | 'square' | 'triangle-up' | 'x' | 'cross';
  name?: string;
}

export class Axes {
  traces: Trace[] = [];
  title = '';
  xlabel = '';
  ylabel = '';
  ylog = false;
  xlog = false;
  grid = false;
  legendNames: string[] | null = null;
  constructor(readonly row: number, readonly col: number) {}
}

export class Figure {
  axes: Axes[] = [];
  constructor(readonly width = 640, readonly height = 480, readonly rows = 1, readonly cols = 1) {}

  axesAt(rows: number, cols: number, index: number): Axes {
    if (rows !== this.rows || cols !== this.cols) {
      (this as { rows: number }).rows = rows;
      (this as { cols: number }).cols = cols;
    }
    const row = Math.floor((index - 1) / cols), col = (index - 1) % cols;
    let ax = this.axes.find((a) => a.row === row && a.col === col);
    if (!ax) { ax = new Axes(row, col); this.axes.push(ax); }
    return ax;
  }

  /** The figure in Plotly's JSON schema (one x/y axis pair per subplot). */
  toPlotly(): { data: object[]; layout: Record<string, unknown> } {
    const data: object[] = [];
    const layout: Record<string, unknown> = { width: this.width, height: this.height, showlegend: false, annotations: [] as object[] };
    const gap = 0.08;
    this.axes.forEach((ax, i) => {
      const n = i === 0 ? '' : String(i + 1);
      const w = (1 - gap * (this.cols - 1)) / this.cols, h = (1 - gap * 1.5 * (this.rows - 1)) / this.rows;
      const x0 = ax.col * (w + gap), y1 = 1 - ax.row * (h + gap * 1.5);
      layout[`xaxis${n}`] = { domain: [x0, x0 + w], anchor: `y${n}`, title: { text: ax.xlabel }, type: ax.xlog ? 'log' : 'linear', showgrid: ax.grid };
      layout[`yaxis${n}`] = { domain: [y1 - h, y1], anchor: `x${n}`, title: { text: ax.ylabel }, type: ax.ylog ? 'log' : 'linear', showgrid: ax.grid };
      if (ax.title) {
        (layout.annotations as object[]).push({ text: ax.title, showarrow: false, xref: 'paper', yref: 'paper', x: x0 + w / 2, y: y1 + 0.02, xanchor: 'center', yanchor: 'bottom' });
      }
      ax.traces.forEach((t, k) => {
        const name = ax.legendNames?.[k] ?? t.name;
        if (ax.legendNames) layout.showlegend = true;
        data.push({
          type: 'scatter', x: t.x, y: t.y, mode: t.mode, xaxis: `x${n}`, yaxis: `y${n}`, name,
          line: { color: t.color, dash: t.dash ?? 'solid' }, marker: { color: t.color, symbol: t.marker ?? 'circle' },
          showlegend: name !== undefined,
        });
      });
    });
    return { data, layout };
  }

  toSvg(): string { return renderSvg(this); }

  toString(): string { return `<Figure size ${this.width}x${this.height} with ${this.axes.length} Axes>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, unknown> {
    return { 'application/vnd.plotly.v1+json': this.toPlotly(), 'image/svg+xml': this.toSvg(), 'text/plain': this.toString() };
  }
}
