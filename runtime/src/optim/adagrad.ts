// torch.optim.Adagrad (PyTorch 1.13's torch/optim/adagrad.py), op by op.
import { Tensor } from '../tensor/tensor';
import { Optimizer, ParamGroup, Params, check } from './optimizer';

export interface AdagradOptions { lr?: number; lr_decay?: number; weight_decay?: number; initial_accumulator_value?: number; eps?: number; maximize?: boolean }
type AdagradDefaults = Required<AdagradOptions>;

export class Adagrad extends Optimizer<AdagradDefaults> {
  constructor(params: Params, o: AdagradOptions = {}) {
    check({ 'learning rate': o.lr, 'lr_decay value': o.lr_decay, 'weight_decay value': o.weight_decay,
      'initial_accumulator_value value': o.initial_accumulator_value, 'epsilon value': o.eps });
    super(params, { lr: o.lr ?? 1e-2, lr_decay: o.lr_decay ?? 0, weight_decay: o.weight_decay ?? 0,
      initial_accumulator_value: o.initial_accumulator_value ?? 0, eps: o.eps ?? 1e-10, maximize: o.maximize ?? false });
    // Adagrad's state exists from the start, as in PyTorch.
    for (const g of this.param_groups) for (const p of g.params) {
      const s = this.stateOf(p);
      s.step = 0;
      s.sum = p.detach().mul(0).add(g.initial_accumulator_value);
    }
  }
  protected update(g: ParamGroup & AdagradDefaults): void {
    const params = g.params.filter((p) => p.grad !== null);
    const states = params.map((p) => { const s = this.stateOf(p); s.step = (s.step as number) + 1; return s; });
    adagrad(params, params.map((p) => p.grad!), states.map((s) => s.sum as Tensor), states.map((s) => s.step as number), g);
  }
}

/** Functional Adagrad over parallel lists; `state_steps` count from 1 (this step included). */
export function adagrad(params: Tensor[], grads: Tensor[], state_sums: Tensor[], state_steps: number[], o: AdagradDefaults): void {
  params.forEach((p, i) => _single_tensor_adagrad(p, grads[i], state_sums[i], state_steps[i], o));
}

function _single_tensor_adagrad(param: Tensor, grad: Tensor, sum: Tensor, step: number, o: AdagradDefaults): void {
  if (o.maximize) grad = grad.neg();
  if (o.weight_decay !== 0) grad = grad.add(param, { alpha: o.weight_decay });
  const clr = o.lr / (1 + (step - 1) * o.lr_decay);
  sum.addcmul_(grad, grad, { value: 1 });
  param.addcdiv_(grad, sum.sqrt().add_(o.eps), { value: -clr });
}
