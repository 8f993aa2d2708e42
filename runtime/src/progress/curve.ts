// A loss curve that redraws in place while training runs: one figure (Plotly + SVG), one display
// id, updated at most once a second (and less often as the run gets longer, see live.ts). For
// hand-written loops:
//   const curve = new LiveLossCurve();
//   ... curve.log({ train_loss: loss.item() }, step); ... curve.log({ val_loss }, step);
//   curve.close();   // draws the last points
import { Figure } from '../plot/figure';
import { LiveOutput } from './live';

type Value = number | { item(): number };

/** Points drawn per series at most; longer series are drawn at a stride (all points are kept). */
const MAX_POINTS = 500;

export interface LiveLossCurveOpts {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  /** A log y axis. */
  logy?: boolean;
  /** Width and height in inches, as matplotlib's figsize (default [6.4, 4]). */
  figsize?: [number, number];
  /** Seconds between two redraws at least (default 1). */
  minInterval?: number;
}

export class LiveLossCurve {
  /** Every point logged, per series name. */
  readonly series = new Map<string, { x: number[]; y: number[] }>();
  private readonly output: LiveOutput;

  constructor(private readonly o: LiveLossCurveOpts = {}) {
    this.output = new LiveOutput({ minInterval: o.minInterval ?? 1, ageDivisor: 100, terminalInterval: Infinity });
  }

  /** Add one point to each named series, at `step` (by default the series' next index). */
  log(values: Record<string, Value>, step?: number): void {
    for (const [name, v] of Object.entries(values)) {
      const y = typeof v === 'number' ? v : v.item();
      let s = this.series.get(name);
      if (!s) { s = { x: [], y: [] }; this.series.set(name, s); }
      s.x.push(step ?? s.x.length);
      s.y.push(y);
    }
    if (this.output.live) this.output.update(() => this.bundle());
  }

  /** The figure as it stands (drawn, as any figure, by runtime/src/plot). */
  figure(): Figure {
    const fig = new Figure({ figsize: this.o.figsize ?? [6.4, 4] });
    const ax = fig.add_subplot(111);
    if (this.o.title) ax.set_title(this.o.title);
    ax.set_xlabel(this.o.xlabel ?? 'step');
    ax.set_ylabel(this.o.ylabel ?? 'loss');
    if (this.o.logy) ax.set_yscale('log');
    ax.grid(true);
    for (const [name, s] of this.series) {
      const stride = Math.max(1, Math.ceil((s.x.length - 1) / (MAX_POINTS - 1)));
      const idx = [...Array(Math.floor((s.x.length - 1) / stride) + 1).keys()].map((k) => k * stride);
      if (idx[idx.length - 1] !== s.x.length - 1) idx.push(s.x.length - 1);
      ax.plot(idx.map((k) => s.x[k]), idx.map((k) => s.y[k]), s.x.length <= 50 ? { label: name, marker: 'o' } : { label: name });
    }
    if (this.series.size) ax.legend();
    return fig;
  }

  private bundle(): Record<string, unknown> {
    const f = this.figure() as unknown as Record<symbol, () => Record<string, unknown>>;
    return f[Symbol.for('Jupyter.display')]();
  }

  /** Draw the latest points now (the display keeps them; `figure()` gives the figure itself). */
  close(): void {
    if (this.output.live && this.series.size) this.output.update(() => this.bundle(), true);
  }
}
