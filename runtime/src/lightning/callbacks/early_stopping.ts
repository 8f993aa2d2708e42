// EarlyStopping (callbacks/early_stopping.py, 1.9): stop when the monitored metric has not improved
// by more than min_delta for `patience` checks. It checks at the end of each training epoch when
// validation runs once per epoch, otherwise after each validation run.
import * as torch from '../../torch';
import { Tensor } from '../../tensor/tensor';
import { format } from '../../python/format';
import { floatRepr } from '../../python/repr';
import { Callback } from './callback';
import { MisconfigurationException, rank_zero_info, rank_zero_warn } from '../log';
import type { Trainer } from '../trainer';

export interface EarlyStoppingOpts {
  monitor: string;
  min_delta?: number;
  patience?: number;
  verbose?: boolean;
  mode?: 'min' | 'max';
  strict?: boolean;
  check_finite?: boolean;
  stopping_threshold?: number | null;
  divergence_threshold?: number | null;
  check_on_train_epoch_end?: boolean | null;
}

const ORDER = { min: '<', max: '>' };

export class EarlyStopping extends Callback {
  readonly monitor: string;
  min_delta: number;
  patience: number;
  readonly verbose: boolean;
  readonly mode: 'min' | 'max';
  readonly strict: boolean;
  readonly check_finite: boolean;
  readonly stopping_threshold: number | null;
  readonly divergence_threshold: number | null;
  wait_count = 0;
  stopped_epoch = 0;
  best_score: Tensor;
  _check_on_train_epoch_end: boolean | null;

  constructor(opts: EarlyStoppingOpts | string) {
    super();
    const o = typeof opts === 'string' ? { monitor: opts } : opts;
    this.monitor = o.monitor;
    this.patience = o.patience ?? 3;
    this.verbose = o.verbose ?? false;
    this.mode = o.mode ?? 'min';
    this.strict = o.strict ?? true;
    this.check_finite = o.check_finite ?? true;
    this.stopping_threshold = o.stopping_threshold ?? null;
    this.divergence_threshold = o.divergence_threshold ?? null;
    this._check_on_train_epoch_end = o.check_on_train_epoch_end ?? null;
    if (!(this.mode in ORDER)) throw new MisconfigurationException(`\`mode\` can be min, max, got ${this.mode}`);
    this.min_delta = (o.min_delta ?? 0) * (this.mode === 'max' ? 1 : -1);
    this.best_score = torch.tensor(this.mode === 'min' ? Infinity : -Infinity);
  }

  override get state_key(): string { return `EarlyStopping{'monitor': '${this.monitor}', 'mode': '${this.mode}'}`; }

  override setup(trainer: Trainer): void {
    this._check_on_train_epoch_end ??= trainer.val_check_interval === 1 && trainer.check_val_every_n_epoch === 1;
  }

  private better(a: Tensor, b: Tensor | number): boolean { return Boolean((this.mode === 'min' ? a.lt(b) : a.gt(b)).item()); }
  private skip(trainer: Trainer): boolean { return trainer.state.fn !== 'fit' || trainer.sanity_checking; }

  override on_train_epoch_end(trainer: Trainer): void {
    if (!this._check_on_train_epoch_end || this.skip(trainer)) return;
    this._run_early_stopping_check(trainer);
  }
  override on_validation_end(trainer: Trainer): void {
    if (this._check_on_train_epoch_end || this.skip(trainer)) return;
    this._run_early_stopping_check(trainer);
  }

  _run_early_stopping_check(trainer: Trainer): void {
    const logs = trainer.callback_metrics;
    if (!(this.monitor in logs)) {
      const msg = `Early stopping conditioned on metric \`${this.monitor}\` which is not available. Pass in or modify your \`EarlyStopping\` callback to use any of the following: \`${Object.keys(logs).join('`, `')}\``;
      if (this.strict) throw new torch.RuntimeError(msg);
      if (this.verbose) rank_zero_warn(msg, 'RuntimeWarning');
      return;
    }
    const current = logs[this.monitor].squeeze();
    const [stop, reason] = this._evaluate_stopping_criteria(current);
    trainer.should_stop = trainer.should_stop || stop;
    if (stop) this.stopped_epoch = trainer.current_epoch;
    if (reason && this.verbose) rank_zero_info(reason);
  }

  _evaluate_stopping_criteria(current: Tensor): [boolean, string | null] {
    const best3 = format(this.best_score, '.3f');
    if (this.check_finite && !Number.isFinite(current.item())) {
      return [true, `Monitored metric ${this.monitor} = ${current} is not finite. Previous best value was ${best3}. Signaling Trainer to stop.`];
    }
    if (this.stopping_threshold !== null && this.better(current, this.stopping_threshold)) {
      return [true, `Stopping threshold reached: ${this.monitor} = ${current} ${ORDER[this.mode]} ${this.stopping_threshold}. Signaling Trainer to stop.`];
    }
    if (this.divergence_threshold !== null && this.better(current.neg(), -this.divergence_threshold)) {
      return [true, `Divergence threshold reached: ${this.monitor} = ${current} ${ORDER[this.mode]} ${this.divergence_threshold}. Signaling Trainer to stop.`];
    }
    if (this.better(current.sub(this.min_delta), this.best_score.to(current.device))) {
      const msg = Number.isFinite(this.best_score.item())
        ? `Metric ${this.monitor} improved by ${format(this.best_score.to(current.device).sub(current).abs(), '.3f')} >= min_delta = ${floatRepr(Math.abs(this.min_delta))}. New best score: ${format(current, '.3f')}`
        : `Metric ${this.monitor} improved. New best score: ${format(current, '.3f')}`;
      this.best_score = current;
      this.wait_count = 0;
      return [false, msg];
    }
    this.wait_count += 1;
    if (this.wait_count >= this.patience) {
      return [true, `Monitored metric ${this.monitor} did not improve in the last ${this.wait_count} records. Best score: ${best3}. Signaling Trainer to stop.`];
    }
    return [false, null];
  }

  override state_dict(): Record<string, unknown> {
    return { wait_count: this.wait_count, stopped_epoch: this.stopped_epoch, best_score: this.best_score, patience: this.patience };
  }
  override load_state_dict(s: Record<string, unknown>): void {
    this.wait_count = s.wait_count as number;
    this.stopped_epoch = s.stopped_epoch as number;
    this.best_score = s.best_score as Tensor;
    this.patience = s.patience as number;
  }
}
