// The autograd tape: each differentiable op records one Node next to its forward code.
// backward() is a topological sort and a reverse walk (micrograd's shape, PyTorch's names).
import { RuntimeError } from '../errors';
import { tensorTypeName } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';

let gradEnabled = true;

export function is_grad_enabled(): boolean { return gradEnabled; }
export function set_grad_enabled(mode: boolean): void { gradEnabled = mode; }

/** Run `fn` with grad mode set to `mode`, restoring it afterwards (also for async functions). */
export function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = mode;
  let async = false;
  try {
    const r = fn();
    if (r instanceof Promise) {
      async = true;
      return r.finally(() => { gradEnabled = prev; }) as unknown as T;
    }
    return r;
  } finally {
    if (!async) gradEnabled = prev;
  }
}

/** Gradients for each input; `needs[i]` is false where input i needs none (so it can be skipped). */
export type BackwardFn = (grad: Tensor, needs: boolean[]) => (Tensor | null | undefined)[];

const FREED = 'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved ' +
  'tensors after calling backward.';

/** How PyTorch names a tensor's type in this message (bool tensors have no legacy type name). */
const savedTypeName = (t: Tensor): string => (t.dtype.name === 'bool' ? (t.is_cuda ? 'CUDABoolType' : 'CPUBoolType') : tensorTypeName(t.dtype, t.is_cuda));

export class Node {
  /** Non-leaf tensors that asked for their .grad with retain_grad(). */
  retained: Tensor[] = [];
  /** The tensors the backward reads and their versions when saved (PyTorch's SavedVariables). */
  private saved: Tensor[] | null = null;
  private versions: number[] | null = null;
  /** The node's own output, when it is one of them. */
  private output: Tensor | null = null;
  constructor(
    private readonly _name: string,
    /** Where each input's gradient goes: its grad_fn, its AccumulateGrad, or null. */
    readonly next_functions: (Node | null)[],
    /** Input shapes, for summing a broadcast gradient back (the one place broadcast is undone). */
    readonly inputShapes: (readonly number[] | null)[],
    private fn: BackwardFn | null,
  ) {}
  name(): string { return this._name; }
  /** Remember the versions of the tensors the backward will read (`out` is the node's output). */
  save(tensors: readonly unknown[], out: Tensor): void {
    for (const t of tensors) {
      if (!t || typeof t !== 'object') continue;
      const x = t as Tensor;
      (this.saved ??= []).push(x);
      (this.versions ??= []).push(x._version);
      if (x === out) this.output = out;
    }
  }
  /** An in-place op wrote its result `from` into `to`: the output saved is `to`, at its new version. */
  rebaseOutput(from: Tensor, to: Tensor): void {
    const i = this.saved ? this.saved.indexOf(from) : -1;
    if (i < 0) return;
    this.saved![i] = to;
    this.versions![i] = to._version;
    this.output = to;
  }
  /** PyTorch's check on unpacking a saved variable: an in-place change since it was saved is an error. */
  private checkSaved(saved: Tensor[], versions: number[]): void {
    for (let i = 0; i < saved.length; i++) {
      const t = saved[i], now = t._version;
      if (now === versions[i]) continue;
      const fn = t === this.output ? this._name : t.grad_fn?.name();
      throw new RuntimeError('one of the variables needed for gradient computation has been modified by an inplace operation: ' +
        `[${savedTypeName(t)} [${t._shape.join(', ')}]]${fn ? `, which is output 0 of ${fn},` : ''} ` +
        `is at version ${now}; expected version ${versions[i]} instead. Hint: enable anomaly detection to find the operation ` +
        'that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).');
    }
  }
  apply(grad: Tensor, retainGraph: boolean): (Tensor | null | undefined)[] {
    if (!this.fn) throw new RuntimeError(FREED);
    if (this.saved) this.checkSaved(this.saved, this.versions!);
    const r = this.fn(grad, this.next_functions.map((n) => n !== null));
    if (!retainGraph) { this.fn = null; this.saved = this.versions = null; this.output = null; }
    return r;
  }
  toString(): string { return `<${this._name}>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** The sink of a leaf tensor's gradient. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) { super('AccumulateGrad', [], [], null); }
  override apply(): never { throw new RuntimeError('AccumulateGrad is applied by the engine'); }
}

/** Reverse topological order of the nodes reachable from `roots`. */
export function topoOrder(roots: Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: [Node, number][] = [];
  for (const r of roots) if (!seen.has(r)) { seen.add(r); stack.push([r, 0]); }
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.next_functions.length) {
      top[1]++;
      const nx = node.next_functions[i];
      if (nx && !seen.has(nx)) { seen.add(nx); stack.push([nx, 0]); }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order.reverse();
}
