// torch.autograd
import type { Tensor } from '../tensor/tensor';
import * as E from './engine';
export { Function, FunctionCtx } from './function';
export { Node } from './graph';
export const grad = E.grad;
export function backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | (Tensor | null)[] | null, opts: { retain_graph?: boolean; create_graph?: boolean } = {}): void {
  const ts = Array.isArray(tensors) ? tensors : [tensors];
  const gs = grad_tensors == null ? ts.map(() => null) : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
  E.backward(ts, gs, opts);
}
