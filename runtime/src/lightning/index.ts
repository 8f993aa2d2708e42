// pytorch_lightning (1.9) as `pl`: LightningModule, Trainer, callbacks, loggers.
//   class Model extends pl.LightningModule { training_step(batch, batch_idx) { ... } ... }
//   new pl.Trainer({ max_epochs: 1, val_check_interval: 0.25 }).fit(model, train_loader, val_loader)
import * as torch from '../torch';
import { rank_zero_info } from './log';

export { LightningModule } from './module';
export type { LogOpts, LogValue } from './module';
export { LightningDataModule } from './datamodule';
export { Trainer, VERSION as __version__ } from './trainer';
export type { TrainerOptions, LRSchedulerConfig } from './trainer';
export { Callback } from './callbacks/callback';
export { MisconfigurationException } from './log';
export * as callbacks from './callbacks';
export * as loggers from './loggers';
export { summarize, ModelSummary } from './summary';
export * as utilities from './utilities';

/** Seed torch's generator (Lightning also seeds Python's and NumPy's); returns the seed. */
export function seed_everything(seed?: number, workers = false): number {
  const s = seed ?? Number(process.env.PL_GLOBAL_SEED ?? 0);
  if (!Number.isInteger(s) || s < 0 || s > 4294967295) throw new torch.ValueError(`${s} is not in bounds, numpy accepts from 0 to 4294967295`);
  rank_zero_info(`Global seed set to ${s}`);
  process.env.PL_GLOBAL_SEED = String(s);
  if (workers) process.env.PL_SEED_WORKERS = '1';
  torch.manual_seed(s);
  return s;
}
