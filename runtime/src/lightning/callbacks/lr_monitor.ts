// LearningRateMonitor (callbacks/lr_monitor.py, 1.9): logs each optimizer's learning rate as
// `lr-<Optimizer>` (`-1`, `-2` for more of one type, `/pg1`... for several parameter groups) at
// logging steps and epoch starts (or at its scheduler's interval), and the momentum when asked.
import { Callback } from './callback';
import { MisconfigurationException, rank_zero_warn } from '../log';
import type { Trainer } from '../trainer';
import type { Optimizer } from '../../optim/optimizer';

type Interval = 'step' | 'epoch' | null;

export class LearningRateMonitor extends Callback {
  readonly logging_interval: Interval;
  readonly log_momentum: boolean;
  lrs: Record<string, number[]> = {};

  constructor(opts: { logging_interval?: Interval; log_momentum?: boolean } = {}) {
    super();
    const li = opts.logging_interval ?? null;
    if (li !== null && li !== 'step' && li !== 'epoch') throw new MisconfigurationException('logging_interval should be `step` or `epoch` or `None`.');
    this.logging_interval = li;
    this.log_momentum = opts.log_momentum ?? false;
  }

  override on_train_start(trainer: Trainer): void {
    if (!trainer.loggers.length) throw new MisconfigurationException('Cannot use `LearningRateMonitor` callback with `Trainer` that has no logger.');
    if (this.log_momentum && trainer.optimizers.some((o) => !('momentum' in o.defaults) && !('betas' in o.defaults))) {
      rank_zero_warn('You have set log_momentum=True, but some optimizers do not have momentum. This will log a value 0 for the momentum.', 'RuntimeWarning');
    }
    this.lrs = Object.fromEntries(this.names(trainer).flatMap(([, names]) => names).map((n) => [n, []]));
  }

  override on_train_batch_start(trainer: Trainer): void {
    if (!trainer._should_update_logs() || this.logging_interval === 'epoch') return;
    this.logStats(trainer, this.logging_interval === null ? 'step' : 'any');
  }
  override on_train_epoch_start(trainer: Trainer): void {
    if (this.logging_interval === 'step') return;
    this.logStats(trainer, this.logging_interval === null ? 'epoch' : 'any');
  }

  private logStats(trainer: Trainer, interval: 'step' | 'epoch' | 'any'): void {
    const stats: Record<string, number> = {};
    const scheduled = new Map(trainer.lr_scheduler_configs.map((c) => [c.scheduler.optimizer, c.interval]));
    for (const [opt, names] of this.names(trainer)) {
      const schedInterval = scheduled.get(opt);
      if (schedInterval !== undefined && interval !== 'any' && schedInterval !== interval) continue;
      opt.param_groups.forEach((g, i) => {
        const name = names[i];
        (this.lrs[name] ??= []).push(g.lr as number);
        stats[name] = g.lr as number;
        if (this.log_momentum) {
          const betas = g.betas as number[] | undefined;
          stats[`${name}-momentum`] = 'betas' in opt.defaults && betas ? betas[0] : (g.momentum as number | undefined) ?? 0;
        }
      });
    }
    if (!Object.keys(stats).length) return;
    for (const lg of trainer.loggers) lg.log_metrics(stats, trainer._progress.batches_that_stepped);
  }

  /** `lr-Adam`, `lr-Adam-1` for a second Adam, with `/pg<N>` (or the group's `name`) per parameter group. */
  private names(trainer: Trainer): [Optimizer, string[]][] {
    const seen = new Map<string, number>();
    return trainer.optimizers.map((opt) => {
      const cls = opt.constructor.name;
      const n = (seen.get(cls) ?? 0) + 1;
      seen.set(cls, n);
      const base = `lr-${cls}${n > 1 ? `-${n - 1}` : ''}`;
      const groups = opt.param_groups;
      const names = groups.map((g, i) => groups.length > 1 ? `${base}/${(g.name as string | undefined) ?? `pg${i + 1}`}` : g.name ? `${base}/${g.name}` : base);
      return [opt, names];
    });
  }
}
