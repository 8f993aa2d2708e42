// torch.optim.Adam (PyTorch 1.13's torch/optim/adam.py): the class keeps each parameter's moments
// and step; `adam` updates them, fused where the backend can and op by op elsewhere. AdamW
// (adamw.ts) is the same update with the weight decay applied to the parameter.
import { ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { fused } from '../ops';
import { Optimizer, ParamGroup, Params, check } from './optimizer';

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean; maximize?: boolean }
export type AdamDefaults = Required<AdamOptions>;
export type AdamArgs = AdamDefaults & { decoupled_weight_decay: boolean };

export function adamDefaults(o: AdamOptions, weight_decay: number): AdamDefaults {
  const lr = o.lr ?? 1e-3, betas = o.betas ?? [0.9, 0.999], eps = o.eps ?? 1e-8;
  check({ 'learning rate': lr, 'epsilon value': eps });
  if (betas[0] < 0 || betas[0] >= 1) throw new ValueError(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (betas[1] < 0 || betas[1] >= 1) throw new ValueError(`Invalid beta parameter at index 1: ${betas[1]}`);
  check({ 'weight_decay value': o.weight_decay });
  return { lr, betas, eps, weight_decay: o.weight_decay ?? weight_decay, amsgrad: o.amsgrad ?? false, maximize: o.maximize ?? false };
}

/** What Adam and AdamW share: gathering each group's parameters with gradients and their state. */
export abstract class AdamLike extends Optimizer<AdamDefaults> {
  protected abstract readonly decoupled_weight_decay: boolean;
  protected update(g: ParamGroup & AdamDefaults): void {
    const params = g.params.filter((p) => p.grad !== null);
    const states = this.stepStates(params, (s, p) => {
      s.exp_avg = fused._adam_state_(p);
      s.exp_avg_sq = fused._adam_state_(p);
      if (g.amsgrad) s.max_exp_avg_sq = fused._adam_state_(p);
    });
    adam(params, params.map((p) => p.grad!), states.map((s) => s.exp_avg as Tensor), states.map((s) => s.exp_avg_sq as Tensor),
      states.map((s) => (s.max_exp_avg_sq as Tensor | undefined) ?? null), states.map((s) => s.step as number),
      { lr: g.lr, betas: g.betas, eps: g.eps, weight_decay: g.weight_decay, amsgrad: g.amsgrad, maximize: g.maximize,
        decoupled_weight_decay: this.decoupled_weight_decay });
  }
}

/**
 * Implements the Adam algorithm (Kingma and Ba), with PyTorch's defaults: lr 0.001, betas [0.9,
 * 0.999], eps 1e-8.
 *
 * @param params - the parameters to optimize, or parameter groups
 * @param opts - `{ lr, betas, eps, weight_decay, amsgrad, maximize }`
 */
export class Adam extends AdamLike {
  protected readonly decoupled_weight_decay = false;
  constructor(params: Params, o: AdamOptions = {}) { super(params, adamDefaults(o, 0)); }
}

/** Functional Adam/AdamW over parallel lists; `state_steps` count from 1 (this step included). */
export function adam(params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], max_exp_avg_sqs: (Tensor | null)[],
  state_steps: number[], o: AdamArgs): void {
  const h = { lr: o.lr, beta1: o.betas[0], beta2: o.betas[1], eps: o.eps, weight_decay: o.weight_decay, step: 0,
    decoupled: o.decoupled_weight_decay, maximize: o.maximize };
  for (let i = 0; i < params.length; i++) {
    const vmax = o.amsgrad ? max_exp_avg_sqs[i] : null;
    h.step = state_steps[i];
    if (!fused._fused_adam_(params[i], grads[i], exp_avgs[i], exp_avg_sqs[i], vmax, h)) {
      _single_tensor_adam(params[i], grads[i], exp_avgs[i], exp_avg_sqs[i], vmax, state_steps[i], o);
    }
  }
}

/** PyTorch's single-tensor update, op by op. */
function _single_tensor_adam(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, vmax: Tensor | null, step: number, o: AdamArgs): void {
  const [beta1, beta2] = o.betas;
  if (o.maximize) grad = grad.neg();
  if (o.decoupled_weight_decay) param.mul_(1 - o.lr * o.weight_decay);
  else if (o.weight_decay !== 0) grad = grad.add(param, { alpha: o.weight_decay });
  m.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  v.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
  const bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
  const stepSize = o.lr / bc1;
  let denom: Tensor;
  if (vmax) {
    vmax.copy_(vmax.maximum(v));
    denom = vmax.sqrt().div(Math.sqrt(bc2)).add_(o.eps);
  } else denom = v.sqrt().div(Math.sqrt(bc2)).add_(o.eps);
  param.addcdiv_(m, denom, { value: -stepSize });
}
