// torch.optim.AdamW: Adam's update with the weight decay applied to the parameter itself
// (decoupled), and a default weight_decay of 1e-2.
import { Params } from './optimizer';
import { AdamLike, AdamOptions, adamDefaults } from './adam';

/**
 * Implements AdamW: Adam with decoupled weight decay (default 0.01).
 *
 * @param params - the parameters to optimize, or parameter groups
 * @param opts - `{ lr, betas, eps, weight_decay, amsgrad, maximize }`
 */
export class AdamW extends AdamLike {
  protected readonly decoupled_weight_decay = true;
  constructor(params: Params, o: AdamOptions = {}) { super(params, adamDefaults(o, 1e-2)); }
}
