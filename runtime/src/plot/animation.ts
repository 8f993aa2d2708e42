// Animations: matplotlib.animation.FuncAnimation (call `func(frame)` to update the figure for each
// frame) and a camera that snaps the figure as a loop draws it (as the `celluloid` package does).
// Frames are taken eagerly, as `to_jshtml()` renders them; displayed, an animation is a Plotly
// figure with frames, a play button and a slider, and its static forms show the last frame.
import { Figure, shown } from './figure';
import { figureBundle } from './bundle';
import { Scene } from './scene';
import { PlotlyFigure, toPlotly } from './plotly';
import { renderSvg } from './svg';
import { ValueError } from '../errors';

/** The animation last made from each figure; pyplot shows it in place of the static figure. */
export const animations = new WeakMap<Figure, Animation>();

export class Animation {
  constructor(readonly fig: Figure, readonly scenes: Scene[], readonly labels: string[], readonly interval: number, private readonly kind = 'Animation') {
    if (!scenes.length) throw new ValueError('an animation needs at least one frame');
    animations.set(fig, this);
  }
  get frames(): number { return this.scenes.length; }
  toPlotly(): PlotlyFigure { return toPlotly(this.scenes, { labels: this.labels, interval: this.interval }); }
  /** The last frame as SVG. */
  toSvg(): string { return renderSvg(this.scenes[this.scenes.length - 1]); }
  toString(): string { return `<matplotlib.animation.${this.kind} with ${this.frames} frames>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, unknown> {
    shown.add(this.fig);
    return figureBundle(this.scenes, { text: this.toString(), labels: this.labels, interval: this.interval });
  }
}

export interface FuncAnimationOptions<T> {
  /** A count (frames 0..n-1) or the values passed to `func`; 100 when omitted (matplotlib's save_count). */
  frames?: number | Iterable<T>;
  init_func?: () => unknown;
  /** Milliseconds between frames when playing. */
  interval?: number;
  fargs?: unknown[];
  repeat?: boolean;
  blit?: boolean;
}

/** FuncAnimation(fig, func, { frames, init_func, interval }): `func(frame)` draws each frame. */
export class FuncAnimation<T = number> extends Animation {
  constructor(fig: Figure, func: (frame: T, ...fargs: unknown[]) => unknown, opts: FuncAnimationOptions<T> = {}) {
    const frames = typeof opts.frames === 'number' || opts.frames === undefined
      ? Array.from({ length: opts.frames ?? 100 }, (_, i) => i as unknown as T) : [...opts.frames];
    opts.init_func?.();
    const scenes: Scene[] = [];
    for (const frame of frames) {
      func(frame, ...(opts.fargs ?? []));
      scenes.push(fig.scene());
    }
    super(fig, scenes, frames.map((f) => String(f)), opts.interval ?? 200, 'FuncAnimation');
  }
}

/** Snap the figure after drawing each frame in a loop, then `animate()`. */
export class Camera {
  private readonly scenes: Scene[] = [];
  private readonly labels: string[] = [];
  constructor(readonly fig: Figure) {}
  /** Record the figure as it is now, as the next frame (named `label` on the slider). */
  snap(label?: string): void { this.labels.push(label ?? String(this.scenes.length)); this.scenes.push(this.fig.scene()); }
  animate(opts: { interval?: number } = {}): Animation { return new Animation(this.fig, [...this.scenes], [...this.labels], opts.interval ?? 200, 'ArtistAnimation'); }
}
