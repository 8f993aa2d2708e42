// ModelCheckpoint (callbacks/model_checkpoint.py, 1.9): save checkpoints (torch.save of the
// module's state_dict, the optimizers' states, epoch and step) into `<log_dir>/checkpoints`, keeping
// the `save_top_k` best by a monitored metric, or the latest one when nothing is monitored.
// Names follow the `filename` template: '{epoch}-{step}' gives 'epoch=0-step=2105.ckpt'.
import * as fs from 'fs';
import * as path from 'path';
import * as torch from '../../torch';
import { Tensor } from '../../tensor/tensor';
import { format } from '../../python/format';
import { Callback } from './callback';
import { MisconfigurationException, rank_zero_info, rank_zero_warn } from '../log';
import type { Trainer } from '../trainer';

export interface ModelCheckpointOpts {
  dirpath?: string | null;
  filename?: string | null;
  monitor?: string | null;
  verbose?: boolean;
  save_last?: boolean | null;
  save_top_k?: number;
  save_weights_only?: boolean;
  mode?: 'min' | 'max';
  auto_insert_metric_name?: boolean;
  every_n_train_steps?: number | null;
  every_n_epochs?: number | null;
  save_on_train_epoch_end?: boolean | null;
}

const pyRepr = (s: string) => `'${s}'`;

export class ModelCheckpoint extends Callback {
  static CHECKPOINT_JOIN_CHAR = '-';
  static CHECKPOINT_NAME_LAST = 'last';
  static FILE_EXTENSION = '.ckpt';
  static STARTING_VERSION = 1;

  dirpath: string | null;
  readonly filename: string | null;
  readonly monitor: string | null;
  readonly verbose: boolean;
  readonly save_last: boolean | null;
  readonly save_top_k: number;
  readonly save_weights_only: boolean;
  readonly mode: 'min' | 'max';
  readonly auto_insert_metric_name: boolean;
  readonly _every_n_train_steps: number;
  readonly _every_n_epochs: number;
  readonly _save_on_train_epoch_end: boolean | null;
  _last_global_step_saved = 0;
  current_score: Tensor | null = null;
  best_k_models = new Map<string, Tensor>();
  kth_best_model_path = '';
  kth_value: Tensor;
  best_model_score: Tensor | null = null;
  best_model_path = '';
  last_model_path = '';

  constructor(o: ModelCheckpointOpts = {}) {
    super();
    this.monitor = o.monitor ?? null;
    this.verbose = o.verbose ?? false;
    this.save_last = o.save_last ?? null;
    this.save_top_k = o.save_top_k ?? 1;
    this.save_weights_only = o.save_weights_only ?? false;
    this.auto_insert_metric_name = o.auto_insert_metric_name ?? true;
    this._save_on_train_epoch_end = o.save_on_train_epoch_end ?? null;
    const mode = o.mode ?? 'min';
    if (mode !== 'min' && mode !== 'max') throw new MisconfigurationException(`\`mode\` can be min, max but got ${mode}`);
    this.mode = mode;
    this.kth_value = torch.tensor(mode === 'min' ? Infinity : -Infinity);
    this.dirpath = o.dirpath ? path.resolve(o.dirpath) : null;
    this.filename = o.filename ?? null;
    if ((o.every_n_train_steps ?? null) === null && (o.every_n_epochs ?? null) === null) {
      this._every_n_epochs = 1; this._every_n_train_steps = 0;
    } else {
      this._every_n_epochs = o.every_n_epochs ?? 0; this._every_n_train_steps = o.every_n_train_steps ?? 0;
    }
    if (this.save_top_k < -1) throw new MisconfigurationException(`Invalid value for save_top_k=${this.save_top_k}. Must be >= -1`);
    if (this._every_n_train_steps < 0) throw new MisconfigurationException(`Invalid value for every_n_train_steps=${this._every_n_train_steps}. Must be >= 0`);
    if (this._every_n_epochs < 0) throw new MisconfigurationException(`Invalid value for every_n_epochs=${this._every_n_epochs}. Must be >= 0`);
    if (this._every_n_train_steps >= 1 && this._every_n_epochs >= 1) {
      throw new MisconfigurationException(`Combination of parameters every_n_train_steps=${this._every_n_train_steps}, every_n_epochs=${this._every_n_epochs} and train_time_interval=None should be mutually exclusive.`);
    }
    if (this.monitor === null) {
      if (![-1, 0, 1].includes(this.save_top_k)) {
        throw new MisconfigurationException(`ModelCheckpoint(save_top_k=${this.save_top_k}, monitor=None) is not a valid configuration. No quantity for top_k to track.`);
      }
      if (this.save_top_k === -1 && this.save_last) rank_zero_info('ModelCheckpoint(save_last=True, save_top_k=-1, monitor=None) will duplicate the last checkpoint saved.');
    }
  }

  override get state_key(): string {
    return `ModelCheckpoint{'monitor': ${this.monitor === null ? 'None' : pyRepr(this.monitor)}, 'mode': '${this.mode}', 'every_n_train_steps': ${this._every_n_train_steps}, 'every_n_epochs': ${this._every_n_epochs}, 'train_time_interval': None}`;
  }

  override setup(trainer: Trainer, _m: unknown, stage: string): void {
    this.dirpath = this.resolveDir(trainer);
    if (stage === 'fit' && this.save_top_k !== 0 && fs.existsSync(this.dirpath) && fs.readdirSync(this.dirpath).length > 0) {
      rank_zero_warn(`Checkpoint directory ${this.dirpath} exists and is not empty.`);
    }
  }

  /** dirpath, else `<logger save_dir>/<name>/<version>/checkpoints`, else `<default_root_dir>/checkpoints`. */
  private resolveDir(trainer: Trainer): string {
    if (this.dirpath !== null) return this.dirpath;
    if (trainer.loggers.length) {
      const lg = trainer.loggers[0];
      const v = lg.version;
      return path.join(lg.save_dir ?? trainer.default_root_dir, String(lg.name), typeof v === 'string' ? v : `version_${v}`, 'checkpoints');
    }
    return path.join(trainer.default_root_dir, 'checkpoints');
  }

  private skip(trainer: Trainer): boolean {
    return trainer.state.fn !== 'fit' || trainer.sanity_checking || this._last_global_step_saved === trainer.global_step;
  }
  private saveOnTrainEpochEnd(trainer: Trainer): boolean {
    if (this._save_on_train_epoch_end !== null) return this._save_on_train_epoch_end;
    if (trainer.check_val_every_n_epoch !== 1) return false;
    if (trainer.num_val_batches.reduce((a, b) => a + b, 0) === 0) return true;
    return trainer.val_check_interval === 1;
  }

  override on_train_batch_end(trainer: Trainer): void {
    if (this.skip(trainer)) return;
    if (this._every_n_train_steps < 1 || trainer.global_step % this._every_n_train_steps !== 0) return;
    const c = this._monitor_candidates(trainer);
    this._save_topk_checkpoint(trainer, c);
    this._save_last_checkpoint(trainer, c);
  }
  override on_train_epoch_end(trainer: Trainer): void {
    if (this.skip(trainer) || !this.saveOnTrainEpochEnd(trainer)) return;
    this.saveEpoch(trainer);
  }
  override on_validation_end(trainer: Trainer): void {
    if (this.skip(trainer) || this.saveOnTrainEpochEnd(trainer)) return;
    this.saveEpoch(trainer);
  }
  private saveEpoch(trainer: Trainer): void {
    const c = this._monitor_candidates(trainer);
    if (this._every_n_epochs >= 1 && (trainer.current_epoch + 1) % this._every_n_epochs === 0) this._save_topk_checkpoint(trainer, c);
    this._save_last_checkpoint(trainer, c);
  }

  _monitor_candidates(trainer: Trainer): Record<string, Tensor> {
    const c: Record<string, Tensor> = { ...trainer.callback_metrics };
    c.epoch = c.epoch ? c.epoch.int() : torch.tensor(trainer.current_epoch);
    c.step = c.step ? c.step.int() : torch.tensor(trainer.global_step);
    return c;
  }

  /** The file name for these metrics: '{epoch}-{val_loss:.2f}' -> 'epoch=2-val_loss=0.12'. */
  format_checkpoint_name(metrics: Record<string, Tensor>, filename: string | null = null, ver: number | null = null): string {
    let name = filename ?? this.filename ?? `{epoch}${ModelCheckpoint.CHECKPOINT_JOIN_CHAR}{step}`;
    name = name.replace(/\{([^:}]*)(?::([^}]*))?\}/g, (_all, key: string, spec?: string) => {
      const t = metrics[key] ?? torch.tensor(0);
      const v = format(t, spec ?? '');
      return this.auto_insert_metric_name ? `${key}=${v}` : v;
    });
    if (ver !== null) name = `${name}${ModelCheckpoint.CHECKPOINT_JOIN_CHAR}v${ver}`;
    const file = `${name}${ModelCheckpoint.FILE_EXTENSION}`;
    return this.dirpath ? path.join(this.dirpath, file) : file;
  }

  private freePath(metrics: Record<string, Tensor>, filename: string | null, keep: string | null): string {
    let p = this.format_checkpoint_name(metrics, filename);
    for (let v = ModelCheckpoint.STARTING_VERSION; fs.existsSync(p) && p !== keep; v++) p = this.format_checkpoint_name(metrics, filename, v);
    return p;
  }

  _save_topk_checkpoint(trainer: Trainer, c: Record<string, Tensor>): void {
    if (this.save_top_k === 0) return;
    if (this.monitor === null) { this.saveNoMonitor(trainer, c); return; }
    if (!(this.monitor in c)) {
      const m = `\`ModelCheckpoint(monitor=${pyRepr(this.monitor)})\` could not find the monitored key in the returned metrics: [${Object.keys(c).map(pyRepr).join(', ')}]. HINT: Did you call \`log(${pyRepr(this.monitor)}, value)\` in the \`LightningModule\`?`;
      if (trainer._val_has_run) throw new MisconfigurationException(m);
      rank_zero_warn(m);
    }
    const current = c[this.monitor];
    if (this.checkTopK(current)) this.updateBestAndSave(current, trainer, c);
    else if (this.verbose) rank_zero_info(`Epoch ${c.epoch.item()}, global step ${c.step.item()}: ${pyRepr(this.monitor)} was not in top ${this.save_top_k}`);
  }

  private checkTopK(current: Tensor | undefined): boolean {
    if (!current) return false;
    if (this.save_top_k === -1 || this.best_k_models.size < this.save_top_k) return true;
    const kth = this.best_k_models.get(this.kth_best_model_path)!;
    return Boolean((this.mode === 'min' ? current.lt(kth) : current.gt(kth)).item());
  }

  private updateBestAndSave(current: Tensor, trainer: Trainer, c: Record<string, Tensor>): void {
    const k = this.save_top_k === -1 ? this.best_k_models.size + 1 : this.save_top_k;
    let del: string | null = null;
    if (this.best_k_models.size === k && k > 0) { del = this.kth_best_model_path; this.best_k_models.delete(del); }
    if (Number.isNaN(current.item())) current = torch.tensor(this.mode === 'min' ? Infinity : -Infinity);
    const file = this.freePath(c, null, del);
    this.current_score = current;
    this.best_k_models.set(file, current);
    const byScore = [...this.best_k_models].sort((a, b) => a[1].item() - b[1].item());
    if (this.best_k_models.size === k) {
      [this.kth_best_model_path, this.kth_value] = this.mode === 'min' ? byScore[byScore.length - 1] : byScore[0];
    }
    [this.best_model_path, this.best_model_score] = this.mode === 'min' ? byScore[0] : byScore[byScore.length - 1];
    if (this.verbose) {
      rank_zero_info(`Epoch ${c.epoch.item()}, global step ${c.step.item()}: ${pyRepr(this.monitor!)} reached ${format(current, '0.5f')} (best ${format(this.best_model_score, '0.5f')}), saving model to ${pyRepr(file)} as top ${k}`);
    }
    this.saveCheckpoint(trainer, file);
    if (del !== null && file !== del) this.remove(del);
  }

  private saveNoMonitor(trainer: Trainer, c: Record<string, Tensor>): void {
    const file = this.freePath(c, null, null);
    const previous = this.best_model_path;
    this.best_model_path = file;
    this.saveCheckpoint(trainer, file);
    if (this.save_top_k === 1 && previous && previous !== file) this.remove(previous);
  }

  _save_last_checkpoint(trainer: Trainer, c: Record<string, Tensor>): void {
    if (!this.save_last) return;
    const file = this.freePath(c, ModelCheckpoint.CHECKPOINT_NAME_LAST, this.last_model_path);
    const previous = this.last_model_path;
    this.last_model_path = file;
    this.saveCheckpoint(trainer, file);
    if (previous && previous !== file) this.remove(previous);
  }

  private saveCheckpoint(trainer: Trainer, file: string): void {
    trainer.save_checkpoint(file, this.save_weights_only);
    this._last_global_step_saved = trainer.global_step;
    for (const lg of trainer.loggers) lg.after_save_checkpoint(this);
  }
  private remove(file: string): void { fs.rmSync(file, { force: true }); }

  override state_dict(): Record<string, unknown> {
    return {
      monitor: this.monitor, best_model_score: this.best_model_score, best_model_path: this.best_model_path, current_score: this.current_score,
      dirpath: this.dirpath, best_k_models: Object.fromEntries(this.best_k_models), kth_best_model_path: this.kth_best_model_path,
      kth_value: this.kth_value, last_model_path: this.last_model_path,
    };
  }
}
