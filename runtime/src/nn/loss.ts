// Loss modules over nn.functional.
import { Tensor } from '../tensor/tensor';
import { Module } from './module';
import * as F from './functional';

type Opts = { reduction?: F.Reduction };

abstract class Loss extends Module {
  readonly reduction: F.Reduction;
  constructor(opts: Opts = {}) { super(); this.reduction = opts.reduction ?? 'mean'; }
}

/**
 * The mean squared error between each element of the input x and the target y: the mean (or sum, or
 * each, by `reduction`) of (x - y)^2.
 *
 * @param opts - `{ reduction }`: `'mean'` (default), `'sum'` or `'none'`
 */
export class MSELoss extends Loss { override forward(a: Tensor, b: Tensor): Tensor { return F.mse_loss(a, b, { reduction: this.reduction }); } }
/**
 * The mean absolute error between each element of the input and the target.
 *
 * @param opts - `{ reduction }`: `'mean'` (default), `'sum'` or `'none'`
 */
export class L1Loss extends Loss { override forward(a: Tensor, b: Tensor): Tensor { return F.l1_loss(a, b, { reduction: this.reduction }); } }

/**
 * The binary cross entropy between the target and input probabilities: -(y log(x) + (1 - y) log(1 -
 * x)), with logarithms clamped at -100 as in PyTorch.
 *
 * @param opts - `{ weight, reduction }`
 */
export class BCELoss extends Loss {
  readonly weight: Tensor | null;
  constructor(opts: Opts & { weight?: Tensor | null } = {}) { super(opts); this.weight = opts.weight ?? null; }
  override forward(a: Tensor, b: Tensor): Tensor { return F.binary_cross_entropy(a, b, { reduction: this.reduction, weight: this.weight }); }
}
/**
 * A sigmoid layer and the binary cross entropy in one, numerically more stable than Sigmoid
 * followed by BCELoss.
 *
 * @param opts - `{ weight, pos_weight, reduction }`
 */
export class BCEWithLogitsLoss extends Loss {
  readonly weight: Tensor | null;
  readonly pos_weight: Tensor | null;
  constructor(opts: Opts & { weight?: Tensor | null; pos_weight?: Tensor | null } = {}) {
    super(opts); this.weight = opts.weight ?? null; this.pos_weight = opts.pos_weight ?? null;
  }
  override forward(a: Tensor, b: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(a, b, { reduction: this.reduction, weight: this.weight, pos_weight: this.pos_weight });
  }
}
/**
 * The negative log likelihood loss, for classification: the input holds log-probabilities (as from
 * LogSoftmax) of shape (N, C), the target class indices (int64) of shape (N).
 *
 * @param opts - `{ weight, ignore_index, reduction }`
 */
export class NLLLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  constructor(opts: Opts & { weight?: Tensor | null; ignore_index?: number } = {}) {
    super(opts); this.weight = opts.weight ?? null; this.ignore_index = opts.ignore_index ?? -100;
  }
  override forward(a: Tensor, b: Tensor): Tensor { return F.nll_loss(a, b, { reduction: this.reduction, weight: this.weight, ignore_index: this.ignore_index }); }
}
/**
 * The cross entropy between input logits and target: LogSoftmax and NLLLoss in one. The target
 * holds class indices (int64) or class probabilities.
 *
 * @param opts - `{ weight, ignore_index, label_smoothing, reduction }`
 */
export class CrossEntropyLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  readonly label_smoothing: number;
  constructor(opts: Opts & { weight?: Tensor | null; ignore_index?: number; label_smoothing?: number } = {}) {
    super(opts); this.weight = opts.weight ?? null; this.ignore_index = opts.ignore_index ?? -100; this.label_smoothing = opts.label_smoothing ?? 0;
  }
  override forward(a: Tensor, b: Tensor): Tensor {
    return F.cross_entropy(a, b, { reduction: this.reduction, weight: this.weight, ignore_index: this.ignore_index, label_smoothing: this.label_smoothing });
  }
}
