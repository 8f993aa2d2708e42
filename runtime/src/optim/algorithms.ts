// The update rules of PyTorch 1.13's single-tensor (foreach=False) optimizers, op for op.
import { RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { Optimizer, ParamGroup, Params } from './optimizer';

const grads = (g: ParamGroup) => g.params.filter((p) => p.grad !== null);

/** Whether a backend's fused update applies: floating point, all contiguous, one dtype, one device. */
const fusable = (p: Tensor, ...others: Tensor[]): boolean => p.dtype.is_floating_point &&
  [p, ...others].every((t) => t._contiguous && t.dtype === p.dtype && t.device.name === p.device.name);

export class SGD extends Optimizer<{ lr: number; momentum: number; dampening: number; weight_decay: number; nesterov: boolean; maximize: boolean }> {
  constructor(params: Params, o: { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean } = {}) {
    if (o.lr === undefined) throw new RuntimeError('SGD: lr is required (torch.optim.SGD(params, lr=...))');
    if (o.lr < 0) throw new RuntimeError(`Invalid learning rate: ${o.lr}`);
    if ((o.momentum ?? 0) < 0) throw new RuntimeError(`Invalid momentum value: ${o.momentum}`);
    if ((o.weight_decay ?? 0) < 0) throw new RuntimeError(`Invalid weight_decay value: ${o.weight_decay}`);
    if (o.nesterov && ((o.momentum ?? 0) <= 0 || (o.dampening ?? 0) !== 0)) throw new RuntimeError('Nesterov momentum requires a momentum and zero dampening');
    super(params, { lr: o.lr, momentum: o.momentum ?? 0, dampening: o.dampening ?? 0, weight_decay: o.weight_decay ?? 0, nesterov: o.nesterov ?? false, maximize: o.maximize ?? false });
  }
  protected update(g: ParamGroup & SGD['defaults']): void {
    for (const p of grads(g)) {
      const fused = p._backend.sgd;
      const state = g.momentum !== 0 ? this.stateOf(p) : null;
      const held = (state?.momentum_buffer as Tensor | undefined) ?? null;
      if (fused && fusable(p, p.grad!, ...(held ? [held] : []))) {
        const buf = state && (held ?? p.detach().mul(0));
        if (state) state.momentum_buffer = buf;
        fused(p, p.grad!, buf, { lr: g.lr, momentum: g.momentum, dampening: g.dampening,
          weight_decay: g.weight_decay, nesterov: g.nesterov, maximize: g.maximize, init: state !== null && !held });
        p._version++;
        continue;
      }
      let d = g.maximize ? p.grad!.neg() : p.grad!;
      if (g.weight_decay !== 0) d = d.add(p, { alpha: g.weight_decay });
      if (g.momentum !== 0) {
        const s = this.stateOf(p);
        let buf = s.momentum_buffer as Tensor | undefined;
        if (!buf) { buf = d.clone().detach(); s.momentum_buffer = buf; }
        else buf.mul_(g.momentum).add_(d, { alpha: 1 - g.dampening });
        d = g.nesterov ? d.add(buf, { alpha: g.momentum }) : buf;
      }
      p.add_(d, { alpha: -g.lr });
    }
  }
}

type AdamOpts = { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean; maximize?: boolean };
type AdamDefaults = { lr: number; betas: [number, number]; eps: number; weight_decay: number; amsgrad: boolean; maximize: boolean };

function adamDefaults(o: AdamOpts, wd: number): AdamDefaults {
  const lr = o.lr ?? 1e-3, betas = o.betas ?? [0.9, 0.999], eps = o.eps ?? 1e-8;
  if (lr < 0) throw new RuntimeError(`Invalid learning rate: ${lr}`);
  if (eps < 0) throw new RuntimeError(`Invalid epsilon value: ${eps}`);
  if (betas[0] < 0 || betas[0] >= 1) throw new RuntimeError(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (betas[1] < 0 || betas[1] >= 1) throw new RuntimeError(`Invalid beta parameter at index 1: ${betas[1]}`);
  return { lr, betas, eps, weight_decay: o.weight_decay ?? wd, amsgrad: o.amsgrad ?? false, maximize: o.maximize ?? false };
}

/** The shared Adam/AdamW moment update; `decoupled` applies AdamW's decay to the parameter first. */
function adamStep(opt: Optimizer<AdamDefaults>, g: ParamGroup & AdamDefaults, state: (p: Tensor) => Record<string, unknown>, decoupled: boolean): void {
  const [beta1, beta2] = g.betas;
  for (const p of grads(g)) {
    const s = state(p);
    if (s.step === undefined) {
      s.step = 0;
      s.exp_avg = p.detach().mul(0);
      s.exp_avg_sq = p.detach().mul(0);
      if (g.amsgrad) s.max_exp_avg_sq = p.detach().mul(0);
    }
    s.step = (s.step as number) + 1;
    const step = s.step as number;
    const m = s.exp_avg as Tensor, v = s.exp_avg_sq as Tensor, vmax = (s.max_exp_avg_sq as Tensor | undefined) ?? null;
    const fused = p._backend.adam;
    if (fused && fusable(p, p.grad!, m, v, ...(vmax ? [vmax] : []))) {
      fused(p, p.grad!, m, v, vmax, { lr: g.lr, beta1, beta2, eps: g.eps, weight_decay: g.weight_decay, step, decoupled, maximize: g.maximize });
      p._version++;
      continue;
    }
    let grad = g.maximize ? p.grad!.neg() : p.grad!;
    if (decoupled) p.mul_(1 - g.lr * g.weight_decay);
    else if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    m.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
    v.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
    const stepSize = g.lr / bc1;
    let denom: Tensor;
    if (g.amsgrad) {
      const mx = s.max_exp_avg_sq as Tensor;
      mx.copy_(mx.maximum(v));
      denom = mx.sqrt().div(Math.sqrt(bc2)).add_(g.eps);
    } else denom = v.sqrt().div(Math.sqrt(bc2)).add_(g.eps);
    p.addcdiv_(m, denom, { value: -stepSize });
  }
  void opt;
}

export class Adam extends Optimizer<AdamDefaults> {
  constructor(params: Params, o: AdamOpts = {}) { super(params, adamDefaults(o, 0)); }
  protected update(g: ParamGroup & AdamDefaults): void { adamStep(this, g, (p) => this.stateOf(p), false); }
}

export class AdamW extends Optimizer<AdamDefaults> {
  constructor(params: Params, o: AdamOpts = {}) { super(params, adamDefaults(o, 1e-2)); }
  protected update(g: ParamGroup & AdamDefaults): void { adamStep(this, g, (p) => this.stateOf(p), true); }
}

type RMSDefaults = { lr: number; alpha: number; eps: number; weight_decay: number; momentum: number; centered: boolean; maximize: boolean };
export class RMSprop extends Optimizer<RMSDefaults> {
  constructor(params: Params, o: Partial<RMSDefaults> = {}) {
    super(params, { lr: o.lr ?? 1e-2, alpha: o.alpha ?? 0.99, eps: o.eps ?? 1e-8, weight_decay: o.weight_decay ?? 0,
      momentum: o.momentum ?? 0, centered: o.centered ?? false, maximize: o.maximize ?? false });
  }
  protected update(g: ParamGroup & RMSDefaults): void {
    for (const p of grads(g)) {
      let grad = g.maximize ? p.grad!.neg() : p.grad!;
      const s = this.stateOf(p);
      if (s.step === undefined) {
        s.step = 0; s.square_avg = p.detach().mul(0);
        if (g.momentum > 0) s.momentum_buffer = p.detach().mul(0);
        if (g.centered) s.grad_avg = p.detach().mul(0);
      }
      s.step = (s.step as number) + 1;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      const sq = s.square_avg as Tensor;
      sq.mul_(g.alpha).addcmul_(grad, grad, { value: 1 - g.alpha });
      let avg: Tensor;
      if (g.centered) {
        const ga = s.grad_avg as Tensor;
        ga.mul_(g.alpha).add_(grad, { alpha: 1 - g.alpha });
        avg = sq.sub(ga.mul(ga)).sqrt_().add_(g.eps);
      } else avg = sq.sqrt().add_(g.eps);
      if (g.momentum > 0) {
        const buf = s.momentum_buffer as Tensor;
        buf.mul_(g.momentum).addcdiv_(grad, avg);
        p.add_(buf, { alpha: -g.lr });
      } else p.addcdiv_(grad, avg, { value: -g.lr });
    }
  }
}

type AdagradDefaults = { lr: number; lr_decay: number; weight_decay: number; initial_accumulator_value: number; eps: number; maximize: boolean };
export class Adagrad extends Optimizer<AdagradDefaults> {
  constructor(params: Params, o: Partial<AdagradDefaults> = {}) {
    super(params, { lr: o.lr ?? 1e-2, lr_decay: o.lr_decay ?? 0, weight_decay: o.weight_decay ?? 0,
      initial_accumulator_value: o.initial_accumulator_value ?? 0, eps: o.eps ?? 1e-10, maximize: o.maximize ?? false });
    for (const g of this.param_groups) for (const p of g.params) {
      const s = this.stateOf(p);
      s.step = 0;
      s.sum = p.detach().mul(0).add(g.initial_accumulator_value);
    }
  }
  protected update(g: ParamGroup & AdagradDefaults): void {
    for (const p of grads(g)) {
      let grad = g.maximize ? p.grad!.neg() : p.grad!;
      const s = this.stateOf(p);
      s.step = (s.step as number) + 1;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      const clr = g.lr / (1 + ((s.step as number) - 1) * g.lr_decay);
      const sum = s.sum as Tensor;
      sum.addcmul_(grad, grad, { value: 1 });
      p.addcdiv_(grad, sum.sqrt().add_(g.eps), { value: -clr });
    }
  }
}
