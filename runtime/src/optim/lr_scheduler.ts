// torch.optim.lr_scheduler: StepLR, ExponentialLR, CosineAnnealingLR (PyTorch's recursive forms).
import { Optimizer } from './optimizer';

export abstract class LRScheduler {
  last_epoch = -1;
  readonly base_lrs: number[];
  protected _last_lr: number[] = [];
  constructor(readonly optimizer: Optimizer) {
    for (const g of optimizer.param_groups) if (g.initial_lr === undefined) g.initial_lr = g.lr;
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.step();
  }
  protected abstract get_lr(): number[];
  get_last_lr(): number[] { return this._last_lr; }
  step(): void {
    this.last_epoch++;
    const lrs = this.get_lr();
    this.optimizer.param_groups.forEach((g, i) => { g.lr = lrs[i]; });
    this._last_lr = lrs;
  }
  protected lrs(): number[] { return this.optimizer.param_groups.map((g) => g.lr as number); }
}

export class StepLR extends LRScheduler {
  constructor(optimizer: Optimizer, readonly step_size: number, readonly gamma = 0.1) { super(optimizer); }
  protected get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.lrs();
    return this.lrs().map((lr) => lr * this.gamma);
  }
}

export class ExponentialLR extends LRScheduler {
  constructor(optimizer: Optimizer, readonly gamma: number) { super(optimizer); }
  protected get_lr(): number[] {
    if (this.last_epoch === 0) return this.lrs();
    return this.lrs().map((lr) => lr * this.gamma);
  }
}

export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: Optimizer, readonly T_max: number, readonly eta_min = 0) { super(optimizer); }
  protected get_lr(): number[] {
    const e = this.last_epoch, T = this.T_max, lo = this.eta_min;
    if (e === 0) return this.lrs();
    if ((e - 1 - T) % (2 * T) === 0) {
      return this.lrs().map((lr, i) => lr + (this.base_lrs[i] - lo) * (1 - Math.cos(Math.PI / T)) / 2);
    }
    return this.lrs().map((lr) => (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (lr - lo) + lo);
  }
}
