// Recording ops on the tape and running backward over it. The walk uses tensors only through
// their public methods (add, sum, reshape, new_ones), so autograd imports no op module.
import { RuntimeError } from '../errors';
import { AccumulateGrad, BackwardFn, Node, is_grad_enabled, topoOrder, withGradMode } from './graph';
import type { Tensor } from '../tensor/tensor';
import { sameShape } from '../tensor/shape';

function isTensor(x: unknown): x is Tensor { return typeof x === 'object' && x !== null && '_storage' in x; }

/** Whether any input would make an op's output need a grad_fn. */
export function needsGrad(...inputs: unknown[]): boolean {
  if (!is_grad_enabled()) return false;
  for (const x of inputs) if (isTensor(x) && x._requires_grad) return true;
  return false;
}

function edge(t: Tensor): Node | null {
  if (!t._requires_grad) return null;
  if (t.grad_fn) return t.grad_fn;
  return (t._accumulator ??= new AccumulateGrad(t));
}

/**
 * Attach `name`'s backward to `out`. `backward` returns one gradient per input (null where an
 * input needs none); gradients of broadcast inputs are summed back to their shapes by the engine.
 * `saved` lists the tensors whose values the backward reads (null entries skipped): an in-place
 * change to one of them before backward raises PyTorch's error instead of giving a wrong gradient.
 */
export function record(out: Tensor, name: string, inputs: readonly unknown[], backward: BackwardFn, saved?: readonly unknown[]): Tensor {
  if (!needsGrad(...inputs)) return out;
  const next = inputs.map((x) => (isTensor(x) ? edge(x) : null));
  const shapes = inputs.map((x) => (isTensor(x) ? x._shape.slice() : null));
  const node = new Node(name, next, shapes, backward);
  if (saved) node.save(saved, out);
  out.grad_fn = node;
  out._requires_grad = true;
  return out;
}

/** Whether x is a tensor that requires grad (which decides what an op saves for the others). */
export function requiresGrad(x: unknown): boolean { return isTensor(x) && x._requires_grad; }

export function retainGrad(t: Tensor): void {
  if (!t._requires_grad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
  if (t.is_leaf || t._retains_grad) return;
  t._retains_grad = true;
  t.grad_fn!.retained.push(t);
}

function accumulate(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (createGraph) { t.grad = t.grad ? t.grad.add(g) : g; return; }
  // Accumulate in place, as PyTorch does, so a held reference to .grad sees the sum; the first
  // gradient is copied because it may share storage with another input's gradient.
  const acc = t.grad;
  if (acc && acc._contiguous && g._contiguous && acc.dtype === g.dtype && acc._storage !== g._storage &&
      sameShape(acc._shape, g._shape) && acc.device.name === g.device.name) {
    // The common case (same layout): summed straight into the existing buffer.
    acc._backend.binary('add', acc, g, acc);
    acc._version++;
  } else if (acc) acc.add_(g.detach());
  else t.grad = g.detach().clone();
}

/** Sum a broadcast gradient back to its input's shape: the one place broadcasting is undone. */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g._shape[i] !== 1)) dims.push(i);
  if (!dims.length) return g;
  return g.sum(dims, true).reshape(shape.slice());
}

interface RunOpts { retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor[] }

/** Core walk: returns the gradients reaching `capture` nodes when given, else accumulates into leaves. */
function run(roots: Tensor[], grads: (Tensor | null)[], opts: RunOpts, capture?: Map<Node, Tensor | null>): void {
  const createGraph = opts.create_graph ?? false;
  const retain = opts.retain_graph ?? createGraph;
  const pending = new Map<Node, Tensor>();
  const rootNodes: Node[] = [];
  roots.forEach((r, i) => {
    if (!r._requires_grad) throw new RuntimeError('element 0 of tensors does not require grad and does not have a grad_fn');
    let g = grads[i];
    if (!g) {
      if (r._numel !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
      g = r.new_ones(r._shape);
    } else if (!sameShape(g._shape, r._shape)) {
      throw new RuntimeError(`Mismatch in shape: grad_output[0] has a shape of torch.Size([${g._shape.join(', ')}]) and output[0] has a shape of torch.Size([${r._shape.join(', ')}]).`);
    }
    const node = edge(r)!;
    pending.set(node, pending.has(node) ? pending.get(node)!.add(g) : g);
    rootNodes.push(node);
  });
  withGradMode(createGraph, () => {
    for (const node of topoOrder(rootNodes)) {
      const g = pending.get(node);
      if (!g) continue;
      pending.delete(node);
      if (capture?.has(node)) { const prev = capture.get(node); capture.set(node, prev ? prev.add(g) : g); }
      if (node instanceof AccumulateGrad) {
        if (!capture) accumulate(node.variable, g, createGraph);
        continue;
      }
      for (const t of node.retained) if (!capture) accumulate(t, g, createGraph);
      const res = node.apply(g, retain);
      node.next_functions.forEach((nx, i) => {
        const gi = res[i];
        if (!nx || !gi) return;
        const shape = node.inputShapes[i]!;
        const gs = sameShape(gi._shape, shape) ? gi : sumTo(gi, shape);
        const prev = pending.get(nx);
        pending.set(nx, prev ? prev.add(gs) : gs);
      });
    }
  });
}

export function backward(roots: Tensor[], grads: (Tensor | null)[], opts: RunOpts = {}): void {
  if (opts.inputs) {
    const got = grad(roots, opts.inputs, grads, opts);
    opts.inputs.forEach((t, i) => { if (got[i]) accumulate(t, got[i]!, opts.create_graph ?? false); });
    return;
  }
  run(roots, grads, opts);
}

/** torch.autograd.grad: gradients of `outputs` with respect to `inputs`, without touching .grad. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], grad_outputs?: (Tensor | null)[] | Tensor | null,
  opts: { retain_graph?: boolean; create_graph?: boolean; allow_unused?: boolean } = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const gos = grad_outputs == null ? outs.map(() => null) : Array.isArray(grad_outputs) ? grad_outputs : [grad_outputs];
  const capture = new Map<Node, Tensor | null>();
  const nodes = ins.map((t) => {
    if (!t._requires_grad) throw new RuntimeError('One of the differentiated Tensors does not require grad');
    const n = edge(t)!;
    capture.set(n, null);
    return n;
  });
  run(outs, gos, opts, capture);
  return nodes.map((n) => {
    const g = capture.get(n) ?? null;
    if (!g && !opts.allow_unused) {
      throw new RuntimeError('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    }
    return g;
  });
}
