// Rich display for cells. Any object with a method at Symbol.for('Jupyter.display') returning a
// MIME bundle is shown with it; everything else as Node's inspect text. This module is all the
// kernel knows about what it displays.
import { inspect } from 'util';

export type Bundle = Record<string, unknown>;
export const DISPLAY = Symbol.for('Jupyter.display');

export interface DisplaySink {
  display(data: Bundle, metadata: Record<string, unknown>, transient: { display_id?: string }, update: boolean): void;
  clear(wait: boolean): void;
}

let sink: DisplaySink | null = null;
/** Set by the kernel for the cell being executed. */
export function setSink(s: DisplaySink | null): void { sink = s; }

/** The MIME bundle of any value. */
export function toBundle(value: unknown): Bundle {
  const hook = value !== null && (typeof value === 'object' || typeof value === 'function') ? (value as Record<symbol, unknown>)[DISPLAY] : undefined;
  if (typeof hook === 'function') {
    const b = hook.call(value) as Bundle;
    if (b && typeof b === 'object') return 'text/plain' in b ? b : { ...b, 'text/plain': inspect(value, { depth: 4 }) };
  }
  return { 'text/plain': typeof value === 'string' ? `'${value}'` : inspect(value, { depth: 4, colors: false }) };
}

let nextId = 0;
function newId(): string { return `torchlab-${process.pid}-${Date.now().toString(36)}-${nextId++}`; }

export class DisplayHandle {
  constructor(readonly display_id: string) {}
  /** Replace what this handle shows (update_display_data). */
  update(value: unknown): void { emit(toBundle(value), this.display_id, true); }
  html(s: string): void { emit({ 'text/html': s }, this.display_id, true); }
  markdown(s: string): void { emit({ 'text/markdown': s }, this.display_id, true); }
  text(s: string): void { emit({ 'text/plain': s }, this.display_id, true); }
}

function emit(data: Bundle, display_id: string | undefined, update: boolean): void {
  if (!sink) throw new Error('display() can only be used while a cell is running');
  sink.display(data, {}, display_id ? { display_id } : {}, update);
}

interface DisplayFn {
  (value: unknown, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  html(s: string, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  markdown(s: string, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  svg(s: string, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  png(b: Uint8Array | string, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  json(v: unknown, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  text(s: string, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
  raw(bundle: Bundle, opts?: { display_id?: string | boolean }): DisplayHandle | undefined;
}

function show(data: Bundle, opts?: { display_id?: string | boolean }): DisplayHandle | undefined {
  const id = opts?.display_id === true ? newId() : typeof opts?.display_id === 'string' ? opts.display_id : undefined;
  emit(data, id, false);
  return id ? new DisplayHandle(id) : undefined;
}

/** display(value) shows a value; `{ display_id: true }` returns a handle whose update() replaces it. */
export const display: DisplayFn = Object.assign((value: unknown, opts?: { display_id?: string | boolean }) => show(toBundle(value), opts), {
  html: (s: string, o?: { display_id?: string | boolean }) => show({ 'text/html': s, 'text/plain': s }, o),
  markdown: (s: string, o?: { display_id?: string | boolean }) => show({ 'text/markdown': s, 'text/plain': s }, o),
  svg: (s: string, o?: { display_id?: string | boolean }) => show({ 'image/svg+xml': s, 'text/plain': '<SVG image>' }, o),
  png: (b: Uint8Array | string, o?: { display_id?: string | boolean }) =>
    show({ 'image/png': typeof b === 'string' ? b : Buffer.from(b).toString('base64'), 'text/plain': '<PNG image>' }, o),
  json: (v: unknown, o?: { display_id?: string | boolean }) => show({ 'application/json': v, 'text/plain': JSON.stringify(v) }, o),
  text: (s: string, o?: { display_id?: string | boolean }) => show({ 'text/plain': s }, o),
  raw: (bundle: Bundle, o?: { display_id?: string | boolean }) => show(bundle, o),
});

/** update_display(value, { display_id }) */
export function update_display(value: unknown, opts: { display_id: string }): void { emit(toBundle(value), opts.display_id, true); }

/** clear_output(wait): clear the cell's output now, or just before the next output when wait is true. */
export function clear_output(wait = false): void {
  if (!sink) throw new Error('clear_output() can only be used while a cell is running');
  sink.clear(wait);
}

// The runtime shows figures from plt.show() and at the end of a cell through these two hooks
// (runtime/src/display/publish.ts), so it needs no import of the kernel.
(globalThis as Record<symbol, unknown>)[Symbol.for('Jupyter.publish')] = (value: unknown, opts?: { display_id?: string | boolean }) => display(value, opts);

/** Run what the runtime registered to run after each cell (pyplot shows the figures still open). */
export function postExecute(): void {
  const hooks = (globalThis as Record<symbol, unknown>)[Symbol.for('Jupyter.post_execute')];
  if (hooks instanceof Set) for (const f of hooks) (f as () => void)();
}
