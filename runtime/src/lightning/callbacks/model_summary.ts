// ModelSummary (callbacks/model_summary.py, 1.9): logs the summary table when fitting starts.
import { Callback } from './callback';
import { summarize } from '../summary';
import { rank_zero_info } from '../log';
import type { Trainer } from '../trainer';
import type { LightningModule } from '../module';

export class ModelSummary extends Callback {
  readonly _max_depth: number;
  constructor(opts: { max_depth?: number } = {}) { super(); this._max_depth = opts.max_depth ?? 1; }
  override on_fit_start(_t: Trainer, pl_module: LightningModule): void {
    if (!this._max_depth) return;
    rank_zero_info(`\n${summarize(pl_module, this._max_depth)}`);
  }
}
