// torch.optim.RMSprop (PyTorch 1.13's torch/optim/rmsprop.py), op by op.
import { Tensor } from '../tensor/tensor';
import { Optimizer, ParamGroup, Params, check } from './optimizer';

export interface RMSpropOptions { lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean; maximize?: boolean }
type RMSpropDefaults = Required<RMSpropOptions>;

export class RMSprop extends Optimizer<RMSpropDefaults> {
  constructor(params: Params, o: RMSpropOptions = {}) {
    check({ 'learning rate': o.lr, 'epsilon value': o.eps, 'momentum value': o.momentum, 'weight_decay value': o.weight_decay, 'alpha value': o.alpha });
    super(params, { lr: o.lr ?? 1e-2, alpha: o.alpha ?? 0.99, eps: o.eps ?? 1e-8, weight_decay: o.weight_decay ?? 0,
      momentum: o.momentum ?? 0, centered: o.centered ?? false, maximize: o.maximize ?? false });
  }
  protected update(g: ParamGroup & RMSpropDefaults): void {
    const params = g.params.filter((p) => p.grad !== null);
    const states = this.stepStates(params, (s, p) => {
      s.square_avg = p.detach().mul(0);
      if (g.momentum > 0) s.momentum_buffer = p.detach().mul(0);
      if (g.centered) s.grad_avg = p.detach().mul(0);
    });
    rmsprop(params, params.map((p) => p.grad!), states.map((s) => s.square_avg as Tensor),
      states.map((s) => (s.grad_avg as Tensor | undefined) ?? null), states.map((s) => (s.momentum_buffer as Tensor | undefined) ?? null), g);
  }
}

/** Functional RMSprop over parallel lists (grad_avgs only when centered, buffers only with momentum). */
export function rmsprop(params: Tensor[], grads: Tensor[], square_avgs: Tensor[], grad_avgs: (Tensor | null)[],
  momentum_buffer_list: (Tensor | null)[], o: RMSpropDefaults): void {
  params.forEach((p, i) => _single_tensor_rmsprop(p, grads[i], square_avgs[i], grad_avgs[i], momentum_buffer_list[i], o));
}

function _single_tensor_rmsprop(param: Tensor, grad: Tensor, sq: Tensor, ga: Tensor | null, buf: Tensor | null, o: RMSpropDefaults): void {
  if (o.maximize) grad = grad.neg();
  if (o.weight_decay !== 0) grad = grad.add(param, { alpha: o.weight_decay });
  sq.mul_(o.alpha).addcmul_(grad, grad, { value: 1 - o.alpha });
  let avg: Tensor;
  if (o.centered && ga) {
    ga.mul_(o.alpha).add_(grad, { alpha: 1 - o.alpha });
    avg = sq.sub(ga.mul(ga)).sqrt_().add_(o.eps);
  } else avg = sq.sqrt().add_(o.eps);
  if (o.momentum > 0 && buf) {
    buf.mul_(o.momentum).addcdiv_(grad, avg);
    param.add_(buf, { alpha: -o.lr });
  } else param.addcdiv_(grad, avg, { value: -o.lr });
}
