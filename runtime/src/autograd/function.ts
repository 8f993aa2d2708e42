// torch.autograd.Function: user-defined forward/backward pairs, applied with `MyFn.apply(x)`.
import { NotImplementedError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { record } from './engine';
import { withGradMode } from './graph';

export class FunctionCtx {
  saved_tensors: Tensor[] = [];
  needs_input_grad: boolean[] = [];
  [key: string]: unknown;
  save_for_backward(...tensors: Tensor[]): void { this.saved_tensors = tensors; }
  mark_non_differentiable(..._t: Tensor[]): void { /* outputs of apply() are recorded as differentiable */ }
}

type ForwardFn = (ctx: FunctionCtx, ...args: any[]) => Tensor;
type BackwardFn = (ctx: FunctionCtx, ...grads: Tensor[]) => Tensor | null | (Tensor | null)[];

export class Function {
  static forward(_ctx: FunctionCtx, ..._args: any[]): Tensor { throw new NotImplementedError('You must implement the forward function for custom autograd.Function.'); }
  static backward(_ctx: FunctionCtx, ..._grads: Tensor[]): Tensor | null | (Tensor | null)[] {
    throw new NotImplementedError('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }
  /** Run forward without recording, then record one node whose backward is the class's backward. */
  static apply<T extends typeof Function>(this: T, ...args: any[]): Tensor {
    const ctx = new FunctionCtx();
    ctx.needs_input_grad = args.map((a) => a instanceof Tensor && a.requires_grad);
    const forward = this.forward as ForwardFn, backward = this.backward as BackwardFn;
    const out = withGradMode(false, () => forward.call(this, ctx, ...args));
    if (!(out instanceof Tensor)) throw new TypeError(`${this.name}.forward must return a Tensor`);
    const res = out.grad_fn || out.requires_grad ? out.detach() : out;
    return record(res, `${this.name}Backward`, args, (g) => {
      const r = backward.call(this, ctx, g);
      return Array.isArray(r) ? r : [r];
    }, ctx.saved_tensors);
  }
}
