// torchmetrics.MeanSquaredError (0.11): the sum of squared errors and the count, accumulated.
import * as torch from '../torch';
import { Tensor } from '../tensor/tensor';
import { Metric } from './metric';

export class MeanSquaredError extends Metric {
  declare sum_squared_error: Tensor;
  declare total: Tensor;
  readonly squared: boolean;

  /** `squared: false` gives the root mean squared error. */
  constructor(o: { squared?: boolean } = {}) {
    super();
    this.full_state_update = false;
    this.is_differentiable = true;
    this.higher_is_better = false;
    this.squared = o.squared ?? true;
    this.add_state('sum_squared_error', torch.tensor(0.0, { dtype: torch.float32 }), 'sum');
    this.add_state('total', torch.tensor(0, { dtype: torch.int64 }), 'sum');
  }

  update(preds: Tensor, target: Tensor): void {
    if (preds._shape.length !== target._shape.length || preds._shape.some((n, i) => n !== target._shape[i])) {
      throw new torch.RuntimeError(`Predictions and targets are expected to have the same shape, but got ${preds.shape} and ${target.shape}.`);
    }
    const diff = preds.sub(target);
    this.sum_squared_error = this.sum_squared_error.add(diff.mul(diff).sum());
    this.total = this.total.add(target.numel());
  }

  compute(): Tensor {
    const mse = this.sum_squared_error.div(this.total);
    return this.squared ? mse : mse.sqrt();
  }
}
