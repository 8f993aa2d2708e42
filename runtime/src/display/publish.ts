// How the runtime shows something while a cell runs (plt.show, figures left open at the end of a
// cell) without knowing the kernel: the kernel installs a display function at
// Symbol.for('Jupyter.publish') and runs the functions registered at
// Symbol.for('Jupyter.post_execute') after each cell. Outside a kernel nothing is shown.
const PUBLISH = Symbol.for('Jupyter.publish');
const POST_EXECUTE = Symbol.for('Jupyter.post_execute');

type Registry = Record<symbol, unknown>;

/** What the kernel's display returns for `{ display_id: true }`: a handle that replaces what it shows. */
export interface PublishedHandle { readonly display_id: string; update(value: unknown): void }

/**
 * Display `value` (a MIME bundle from its Symbol.for('Jupyter.display') method) as display_data;
 * with `{ display_id: true }` (or an id) the kernel returns a handle whose update() replaces it.
 * Returns null outside a kernel, and undefined when no handle was asked for.
 */
export function publish(value: unknown, opts?: { display_id?: string | boolean }): PublishedHandle | undefined | null {
  const f = (globalThis as Registry)[PUBLISH];
  if (typeof f !== 'function') return null;
  return f(value, opts) as PublishedHandle | undefined;
}

/** Run `fn` after every cell (IPython's post_execute event); registering the same function twice is a no-op. */
export function onPostExecute(fn: () => void): void {
  const g = globalThis as Registry;
  if (!(g[POST_EXECUTE] instanceof Set)) g[POST_EXECUTE] = new Set<() => void>();
  (g[POST_EXECUTE] as Set<() => void>).add(fn);
}
