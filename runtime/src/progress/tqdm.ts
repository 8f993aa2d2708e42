// tqdm-shaped progress bars. Several bars (Lightning's main and validation bars) share one live
// output, shown as tqdm's text lines (text/plain) and as HTML bars laid out as tqdm.notebook lays
// out its widgets: description and percentage, the bar, then counts, times, rate and postfix.
import { Bundle, LiveOpts, LiveOutput } from './live';
import { format_meter, Meter, postfixString, PostfixValue } from './format';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const COLORS = { running: '#2196f3', success: '#4caf50', danger: '#f44336' };

export interface TqdmOpts {
  desc?: string;
  total?: number | null;
  /** Keep the bar shown when it closes (default true). */
  leave?: boolean;
  disable?: boolean;
  unit?: string;
  initial?: number;
  /** The output to draw in, shared with other bars; by default a new one. */
  group?: ProgressGroup;
}

/** The state of one bar: tqdm's n, total, desc and postfix, and its start time. */
export class Tqdm {
  desc: string;
  total: number | null;
  n: number;
  postfix = '';
  readonly leave: boolean;
  readonly disable: boolean;
  readonly unit: string;
  initial: number;
  closed = false;
  private start = performance.now();
  private readonly group: ProgressGroup;

  constructor(o: TqdmOpts = {}) {
    this.desc = o.desc ?? '';
    this.total = o.total ?? null;
    this.n = this.initial = o.initial ?? 0;
    this.leave = o.leave ?? true;
    this.disable = o.disable ?? false;
    this.unit = o.unit ?? 'it';
    this.group = o.group ?? new ProgressGroup();
    if (!this.disable) this.group.add(this);
  }

  /** Restart counting (and the clock) with a new total, as tqdm.reset. */
  reset(total?: number | null): void {
    this.n = 0;
    if (total !== undefined) this.total = total;
    this.start = performance.now();
    this.refresh();
  }
  set_description(desc: string, refresh = true): void { this.desc = desc; if (refresh) this.refresh(); }
  /** tqdm.set_postfix: numbers are shown as Lightning's bar shows them, strings as they are. */
  set_postfix(items: Record<string, PostfixValue> | string, refresh = true): void {
    this.postfix = typeof items === 'string' ? items : postfixString(items);
    if (refresh) this.refresh();
  }
  /** Count k more iterations. The clock is read only every so many calls (tqdm's dynamic miniters). */
  update(k = 1): void {
    this.n += k;
    if (++this.sinceCheck < this.checkEvery && this.n !== this.total) return;
    this.sinceCheck = 0;
    const now = this.group.output.now();
    const dt = now - this.lastCheck;
    this.lastCheck = now;
    // Aim at a clock read every 1-10 ms however fast the loop runs.
    if (dt < 1 && this.checkEvery < 1 << 20) this.checkEvery *= 2;
    else if (dt > 10 && this.checkEvery > 1) this.checkEvery = Math.max(1, this.checkEvery >> 1);
    this.refresh();
  }
  private sinceCheck = 0;
  private checkEvery = 1;
  private lastCheck = -Infinity;
  /** Ask for a redraw; the shared output draws when its throttle allows. */
  refresh(): void { if (!this.disable) this.group.changed(); }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.disable) this.group.closed(this);
  }
  /** Print a line without breaking the bar (the bar is a display of its own: a plain print). */
  write(s: string): void { process.stdout.write(`${s}\n`); }

  get elapsed(): number { return (performance.now() - this.start) / 1000; }
  meter(elapsed = this.elapsed): Meter {
    return format_meter(this.n, this.total, elapsed, { prefix: this.desc, postfix: this.postfix, unit: this.unit, initial: this.initial });
  }
  get state(): keyof typeof COLORS {
    if (!this.closed) return 'running';
    return this.total && this.n < this.total ? 'danger' : 'success';
  }

  toString(): string { return this.meter().text; }
  html(): string {
    const m = this.meter();
    const pct = m.frac === null ? 100 : Math.round(Math.max(0, Math.min(1, m.frac)) * 1000) / 10;
    const color = m.frac === null && !this.closed ? '#90caf9' : COLORS[this.state];
    return `<div style="display:flex;align-items:center;gap:0.6em;white-space:pre;font-family:monospace;font-size:12px;line-height:1.6">`
      + `<span>${esc(m.left)}</span>`
      + `<div style="flex:0 0 20em;height:1em;background:#eee;border-radius:2px;overflow:hidden">`
      + `<div style="width:${pct}%;height:100%;background:${color}"></div></div>`
      + `<span>${esc(m.right)}</span></div>`;
  }
}

/** Bars drawn together in one live output (one display id), in the order they were created. */
export class ProgressGroup {
  private bars: Tqdm[] = [];
  readonly output: LiveOutput;

  constructor(opts: LiveOpts = {}) { this.output = new LiveOutput(opts); }

  add(bar: Tqdm): void { this.bars.push(bar); this.changed(); }
  changed(): void { this.output.update(() => this.bundle()); }
  closed(bar: Tqdm): void {
    if (!bar.leave) this.bars = this.bars.filter((b) => b !== bar);
    // A closing bar is a moment worth showing exactly (tqdm prints its final state).
    this.output.update(() => this.bundle(), true);
  }
  /** Show what a throttled update held back, if anything. */
  flush(): void { this.output.flush(); }

  bundle(): Bundle {
    // Outside a kernel only the bars still running are printed (a closed bar printed its last line).
    const shown = this.output.live ? this.bars : this.bars.filter((b) => !b.closed || b.leave);
    return {
      'text/plain': shown.map((b) => b.toString()).join('\n'),
      'text/html': `<div class="torchlab-progress">${shown.map((b) => b.html()).join('')}</div>`,
    };
  }
}

/**
 * `tqdm(iterable)`: iterate with a progress bar, as Python's tqdm. The total is taken from
 * `__len__()` or `length` when not given.
 */
export function tqdm<T>(iterable: Iterable<T>, opts: TqdmOpts = {}): Iterable<T> & { bar: Tqdm } {
  const it = iterable as unknown as { __len__?: () => number; length?: number };
  const total = opts.total !== undefined ? opts.total : typeof it.__len__ === 'function' ? it.__len__() : typeof it.length === 'number' ? it.length : null;
  const bar = new Tqdm({ ...opts, total });
  return {
    bar,
    *[Symbol.iterator]() {
      let ok = false;
      try {
        for (const x of iterable) { yield x; bar.update(1); }
        ok = true;
      } finally {
        if (!ok && bar.total && bar.n < bar.total) bar.refresh();
        bar.close();
      }
    },
  };
}
