// A stand-in for the kernel's side of the display protocol: the function at
// Symbol.for('Jupyter.publish') shows a value and, for `{ display_id: true }`, returns a handle whose
// update() replaces it. Records what a client would receive.
import { Bundle } from '../../runtime/src/progress/live';

export interface Sent { bundle: Bundle; display_id: string; update: boolean }

const PUBLISH = Symbol.for('Jupyter.publish');
const DISPLAY = Symbol.for('Jupyter.display');
const bundleOf = (v: unknown) => (v as Record<symbol, () => Bundle>)[DISPLAY]();
let ids = 0;

/** Install the fake kernel for the duration of `fn`; returns the display_data / update_display_data it got. */
export function withKernel<T>(fn: (sent: Sent[]) => T): { value: T; sent: Sent[] } {
  const sent: Sent[] = [];
  const g = globalThis as Record<symbol, unknown>;
  const prev = g[PUBLISH];
  g[PUBLISH] = (value: unknown, opts?: { display_id?: string | boolean }) => {
    const display_id = opts?.display_id === true ? `fake-${ids++}` : String(opts?.display_id ?? '');
    sent.push({ bundle: bundleOf(value), display_id, update: false });
    if (!opts?.display_id) return undefined;
    return { display_id, update: (v: unknown) => { sent.push({ bundle: bundleOf(v), display_id, update: true }); } };
  };
  try {
    return { value: fn(sent), sent };
  } finally {
    if (prev === undefined) delete g[PUBLISH]; else g[PUBLISH] = prev;
  }
}
