// torch.optim.SGD (PyTorch 1.13's torch/optim/sgd.py): the class gathers each group's parameters
// and state; `sgd` updates them, fused where the backend can and op by op elsewhere.
import { ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { fused } from '../ops';
import { Optimizer, ParamGroup, Params, check, required } from './optimizer';

export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean }
type SGDDefaults = Required<SGDOptions>;
type SGDArgs = Omit<SGDDefaults, 'lr'> & { lr: number };

/**
 * Implements stochastic gradient descent (optionally with momentum, dampening, Nesterov momentum
 * and weight decay), as PyTorch's SGD.
 *
 * @param params - the parameters to optimize, or parameter groups
 * @param opts - `{ lr, momentum, dampening, weight_decay, nesterov, maximize }`
 */
export class SGD extends Optimizer<SGDDefaults> {
  constructor(params: Params, o: SGDOptions = {}) {
    check({ 'learning rate': o.lr, 'momentum value': o.momentum, 'weight_decay value': o.weight_decay });
    if (o.nesterov && ((o.momentum ?? 0) <= 0 || (o.dampening ?? 0) !== 0)) throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    super(params, { lr: o.lr ?? required, momentum: o.momentum ?? 0, dampening: o.dampening ?? 0, weight_decay: o.weight_decay ?? 0, nesterov: o.nesterov ?? false, maximize: o.maximize ?? false });
  }

  protected update(g: ParamGroup & SGDDefaults): void {
    const params = g.params.filter((p) => p.grad !== null);
    const buffers = params.map((p) => (this.state.get(p)?.momentum_buffer as Tensor | undefined) ?? null);
    sgd(params, params.map((p) => p.grad!), buffers, g);
    if (g.momentum !== 0) params.forEach((p, i) => { this.stateOf(p).momentum_buffer = buffers[i]; });
  }
}

/** Functional SGD: updates `params` in place; new momentum buffers are written into `momentum_buffer_list`. */
export function sgd(params: Tensor[], d_p_list: Tensor[], momentum_buffer_list: (Tensor | null)[], o: SGDArgs): void {
  const h = { lr: o.lr, momentum: o.momentum, dampening: o.dampening, weight_decay: o.weight_decay, nesterov: o.nesterov, maximize: o.maximize, init: false };
  for (let i = 0; i < params.length; i++) {
    const p = params[i], buf = momentum_buffer_list[i];
    // The fused kernel initialises a new momentum buffer (to d_p) itself.
    const b = o.momentum !== 0 ? buf ?? p.detach().mul(0) : null;
    h.init = o.momentum !== 0 && buf === null;
    if (fused._fused_sgd_(p, d_p_list[i], b, h)) momentum_buffer_list[i] = b;
    else momentum_buffer_list[i] = _single_tensor_sgd(p, d_p_list[i], buf, o);
  }
}

/** PyTorch's single-tensor update, op by op; returns the momentum buffer (null without momentum). */
function _single_tensor_sgd(param: Tensor, grad: Tensor, buf: Tensor | null, o: SGDArgs): Tensor | null {
  let d = o.maximize ? grad.neg() : grad;
  if (o.weight_decay !== 0) d = d.add(param, { alpha: o.weight_decay });
  if (o.momentum !== 0) {
    if (!buf) buf = d.clone().detach();
    else buf.mul_(o.momentum).add_(d, { alpha: 1 - o.dampening });
    d = o.nesterov ? d.add(buf, { alpha: o.momentum }) : buf;
  }
  param.add_(d, { alpha: -o.lr });
  return buf;
}
