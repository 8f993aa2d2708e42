// One output that updates in place while a cell runs: a display with a display_id in a Jupyter
// kernel, plain lines on stdout elsewhere. The runtime knows the kernel only through the display
// protocol: it is shown with the kernel's Symbol.for('Jupyter.publish') (display/publish.ts) asking
// for a display id, and updated through the handle that comes back; without a kernel (a script,
// the Node REPL) there is no frontend to update and a live output prints a line now and then.
//
// Updates are throttled. Jupyter's server drops iopub messages beyond 3000 in 3 s (its default
// iopub_msg_rate_limit 1000/s over a 3 s window, reset when the kernel goes idle), and while a
// synchronous cell runs a kernel may only deliver them when the cell ends, all at once. So the
// interval between two updates grows with the output's age: at least `minInterval`, and at least
// age / `ageDivisor`. With the defaults (0.1 s, 300) a display sends 10 updates a second for its
// first 30 s, one every 2 s after 10 minutes, and about 1,700 updates in an hour: under the limit
// even when every one of them arrives in the same burst.
import { publish, PublishedHandle } from '../display/publish';

export type Bundle = Record<string, unknown>;

export const PUBLISH = Symbol.for('Jupyter.publish');
const DISPLAY = Symbol.for('Jupyter.display');

/** Whether a kernel is there to show displays. */
export function inKernel(): boolean { return typeof (globalThis as Record<symbol, unknown>)[PUBLISH] === 'function'; }

export interface LiveOpts {
  /** Seconds between two updates at least (default 0.1, tqdm.notebook's mininterval). */
  minInterval?: number;
  /** The interval is also at least the output's age divided by this (default 300). */
  ageDivisor?: number;
  /** Seconds between two plain lines outside a kernel (default 10). */
  terminalInterval?: number;
  /** Where plain lines go outside a kernel (default: process.stdout). */
  write?: (s: string) => void;
  /** Milliseconds now (default performance.now; tests drive the throttle with their own clock). */
  clock?: () => number;
}

/**
 * A throttled live output. `update(render)` calls `render()` only when an update is due, so costly
 * state (a figure, formatted metrics) is built only for what is shown; `flush()` shows the latest
 * state now.
 */
export class LiveOutput {
  private readonly live_: boolean;
  private handle: PublishedHandle | null = null;
  /** The clock (milliseconds) throttling uses. */
  readonly now: () => number;
  private readonly created: number;
  private last = -Infinity;
  private shown = false;
  private pending: (() => Bundle) | null = null;
  /** How many bundles were sent (or lines printed): for tests and for the throttle's record. */
  updates = 0;

  constructor(private readonly o: LiveOpts = {}) {
    this.live_ = inKernel();
    this.now = o.clock ?? (() => performance.now());
    this.created = this.now();
  }

  /** True in a kernel (a frontend shows a display), false where plain lines are printed. */
  get live(): boolean { return this.live_; }
  /** The display's id once it is shown in a kernel. */
  get display_id(): string | null { return this.handle?.display_id ?? null; }

  private interval(now: number): number {
    if (!this.live_) return (this.o.terminalInterval ?? 10) * 1000;
    const age = now - this.created;
    return Math.max((this.o.minInterval ?? 0.1) * 1000, age / (this.o.ageDivisor ?? 300));
  }

  /** Whether an update now would be shown (callers can skip building state that would not be). */
  due(now = this.now()): boolean { return !this.shown || now - this.last >= this.interval(now); }

  update(render: () => Bundle, force = false): void {
    const now = this.now();
    if (!force && !this.due(now)) { this.pending = render; return; }
    this.send(render(), now);
  }

  /** Show what the last throttled update would have shown. */
  flush(): void {
    if (this.pending) this.send(this.pending(), this.now());
  }

  private send(bundle: Bundle, now: number): void {
    this.pending = null;
    this.last = now;
    this.updates++;
    if (this.live_) {
      const value = { [DISPLAY]: () => bundle };
      try {
        if (this.handle) this.handle.update(value);
        else this.handle = publish(value, { display_id: true }) ?? null;
        this.shown = true;
      } catch { /* no cell to show it in (the kernel is between cells): nothing to update */ }
      return;
    }
    this.shown = true;
    const text = String(bundle['text/plain'] ?? '');
    if (text) (this.o.write ?? ((s: string) => process.stdout.write(s)))(`${text}\n`);
  }
}
