// Lightning's progress bars (callbacks/progress/base.py and tqdm_progress.py, 1.9): the main bar
// counts training and validation batches together ('Epoch N'), with a validation bar below it while
// validation runs, and the sanity check's bar before. Here all of them are drawn in one display
// (progress/tqdm.ts), updated in place and throttled; in a terminal they print plain lines.
import { Callback } from './callback';
import { ProgressGroup, Tqdm } from '../../progress/tqdm';
import { PostfixValue } from '../../progress/format';
import { format } from '../../python/format';
import { rank_zero_warn } from '../log';
import type { Trainer } from '../trainer';
import type { LightningModule } from '../module';

export class ProgressBarBase extends Callback {
  _trainer: Trainer | null = null;
  _current_eval_dataloader_idx: number | null = null;

  get trainer(): Trainer {
    if (!this._trainer) throw new TypeError(`The \`${this.constructor.name}._trainer\` reference has not been set yet.`);
    return this._trainer;
  }
  get sanity_check_description(): string { return 'Sanity Checking'; }
  get train_description(): string { return 'Training'; }
  get validation_description(): string { return 'Validation'; }
  get test_description(): string { return 'Testing'; }
  get predict_description(): string { return 'Predicting'; }

  /** Training batches processed in this epoch. */
  get train_batch_idx(): number { return this.trainer._progress.train_batches; }
  /** Batches processed in the current evaluation run. */
  get val_batch_idx(): number { return this.trainer._progress.eval_batches; }
  get test_batch_idx(): number { return this.trainer._progress.eval_batches; }
  get predict_batch_idx(): number { return this.trainer._progress.eval_batches; }
  /** Validation batches processed in this epoch, over all its validation runs. */
  get _val_processed(): number { return this.trainer._progress.val_batches_epoch; }
  get total_train_batches(): number { return this.trainer.num_training_batches; }
  get total_val_batches_current_dataloader(): number {
    const i = this._current_eval_dataloader_idx ?? 0;
    return this.trainer.sanity_checking ? this.trainer.num_sanity_val_batches[i] : this.trainer.num_val_batches[i];
  }
  get total_test_batches_current_dataloader(): number { return this.trainer.num_test_batches[this._current_eval_dataloader_idx ?? 0]; }
  get total_predict_batches_current_dataloader(): number { return this.trainer.num_predict_batches[this._current_eval_dataloader_idx ?? 0]; }
  get total_val_batches(): number {
    return this.trainer._should_check_val_epoch() ? this.trainer.num_val_batches.reduce((a, b) => a + b, 0) : 0;
  }
  /** Training batches plus the validation batches of every validation run this epoch will make. */
  get total_batches_current_epoch(): number {
    const train = this.total_train_batches;
    let val = this.total_val_batches;
    if (train !== Infinity && val !== Infinity) {
      const t = this.trainer;
      const checks = t.check_val_every_n_epoch === null
        ? Math.floor((t._progress.total_batch_idx + 1 + train) / t.val_check_batch) - Math.floor((t._progress.total_batch_idx + 1) / t.val_check_batch)
        : Math.floor(train / t.val_check_batch);
      val *= checks;
    }
    return train + val;
  }

  has_dataloader_changed(dataloader_idx: number): boolean {
    const old = this._current_eval_dataloader_idx;
    this._current_eval_dataloader_idx = dataloader_idx;
    return old !== dataloader_idx;
  }
  reset_dataloader_idx_tracker(): void { this._current_eval_dataloader_idx = null; }

  override setup(trainer: Trainer): void { this._trainer = trainer; }
  disable(): void { throw new Error('NotImplementedError'); }
  enable(): void { throw new Error('NotImplementedError'); }
  print(...args: unknown[]): void { console.log(...args); }

  /** The running training loss and the logger's version, then what was logged with prog_bar. */
  get_metrics(trainer: Trainer, pl_module: LightningModule): Record<string, PostfixValue> {
    const standard = get_standard_metrics(trainer, pl_module);
    const pbar = trainer.progress_bar_metrics;
    const dup = Object.keys(standard).filter((k) => k in pbar);
    if (dup.length) {
      rank_zero_warn(`The progress bar already tracks a metric with the name(s) '${dup.join(', ')}' and \`self.log('${dup[0]}', ..., prog_bar=True)\` will overwrite this value.  If this is undesired, change the name or override \`get_metrics()\` in the progress bar callback.`);
    }
    return { ...standard, ...pbar };
  }
}

/** `loss` (mean of the last 20 training losses, '{:.3g}') and `v_num` (the logger's version). */
export function get_standard_metrics(trainer: Trainer, pl_module: LightningModule): Record<string, PostfixValue> {
  const items: Record<string, PostfixValue> = {};
  const running = trainer._running_loss.mean();
  if (running !== null) items.loss = format(running, '.3g');
  else if (pl_module.automatic_optimization) items.loss = 'nan';
  if (trainer.loggers.length) {
    const v = trainer.loggers[0].version;
    if (v !== null && v !== undefined) items.v_num = typeof v === 'string' ? v.slice(-4) : v;
  }
  return items;
}

export class TQDMProgressBar extends ProgressBarBase {
  readonly _refresh_rate: number;
  readonly _process_position: number;
  private _enabled = true;
  private group: ProgressGroup | null = null;
  _main_progress_bar: Tqdm | null = null;
  _val_progress_bar: Tqdm | null = null;
  _test_progress_bar: Tqdm | null = null;
  _predict_progress_bar: Tqdm | null = null;

  /** refresh_rate: update the bars every this many batches (0 disables them). */
  constructor(opts: { refresh_rate?: number; process_position?: number } | number = {}) {
    super();
    const o = typeof opts === 'number' ? { refresh_rate: opts } : opts;
    this._refresh_rate = o.refresh_rate ?? 1;
    this._process_position = o.process_position ?? 0;
  }

  get refresh_rate(): number { return this._refresh_rate; }
  get process_position(): number { return this._process_position; }
  get is_enabled(): boolean { return this._enabled && this.refresh_rate > 0; }
  get is_disabled(): boolean { return !this.is_enabled; }
  override disable(): void { this._enabled = false; }
  override enable(): void { this._enabled = true; }

  get main_progress_bar(): Tqdm { return this.bar(this._main_progress_bar, '_main_progress_bar'); }
  get val_progress_bar(): Tqdm { return this.bar(this._val_progress_bar, '_val_progress_bar'); }
  get test_progress_bar(): Tqdm { return this.bar(this._test_progress_bar, '_test_progress_bar'); }
  get predict_progress_bar(): Tqdm { return this.bar(this._predict_progress_bar, '_predict_progress_bar'); }
  private bar(b: Tqdm | null, name: string): Tqdm {
    if (!b) throw new TypeError(`The \`${this.constructor.name}.${name}\` reference has not been set yet.`);
    return b;
  }

  /** The display every bar of one run is drawn in. */
  private get display(): ProgressGroup { return (this.group ??= new ProgressGroup()); }
  private tqdm(desc: string, leave: boolean, initial = 0): Tqdm {
    return new Tqdm({ desc, leave, initial, disable: this.is_disabled, group: this.is_disabled ? undefined : this.display });
  }

  init_sanity_tqdm(): Tqdm { return this.tqdm(this.sanity_check_description, false); }
  init_train_tqdm(): Tqdm { return this.tqdm(this.train_description, true, this.train_batch_idx); }
  init_predict_tqdm(): Tqdm { return this.tqdm(this.predict_description, true, this.train_batch_idx); }
  init_validation_tqdm(): Tqdm {
    const hasMain = this.trainer.state.fn !== 'validate';
    return this.tqdm(this.validation_description, !hasMain);
  }
  init_test_tqdm(): Tqdm { return this.tqdm('Testing', true); }

  override on_sanity_check_start(): void {
    this._val_progress_bar = this.init_sanity_tqdm();
    this._main_progress_bar = new Tqdm({ disable: true });
  }
  override on_sanity_check_end(): void { this.main_progress_bar.close(); this.val_progress_bar.close(); }

  override on_train_start(): void { this._main_progress_bar = this.init_train_tqdm(); }
  override on_train_epoch_start(trainer: Trainer): void {
    const bar = this.main_progress_bar;
    bar.reset(this.total_batches_current_epoch);
    bar.initial = 0;
    bar.set_description(`Epoch ${trainer.current_epoch}`);
  }
  override on_train_batch_end(trainer: Trainer, pl_module: LightningModule): void {
    const current = this.train_batch_idx + this._val_processed;
    if (this._should_update(current, this.main_progress_bar.total)) this.update(this.main_progress_bar, current, trainer, pl_module);
  }
  override on_train_epoch_end(trainer: Trainer, pl_module: LightningModule): void {
    if (!this.main_progress_bar.disable) this.main_progress_bar.set_postfix(this.get_metrics(trainer, pl_module));
  }
  override on_train_end(): void { this.main_progress_bar.close(); }

  override on_validation_start(trainer: Trainer): void {
    if (!trainer.sanity_checking) this._val_progress_bar = this.init_validation_tqdm();
  }
  override on_validation_batch_start(trainer: Trainer, _m: LightningModule, _b: unknown, _i: number, dataloader_idx: number): void {
    const desc = trainer.sanity_checking ? this.sanity_check_description : this.validation_description;
    this.startDataloader(this.val_progress_bar, dataloader_idx, () => this.total_val_batches_current_dataloader, desc);
  }
  override on_validation_batch_end(trainer: Trainer): void {
    if (this._should_update(this.val_batch_idx, this.val_progress_bar.total)) this.update(this.val_progress_bar, this.val_batch_idx);
    const current = this.train_batch_idx + this._val_processed;
    if (trainer.state.fn === 'fit' && this._main_progress_bar && this._should_update(current, this.main_progress_bar.total)) {
      this.update(this.main_progress_bar, current);
    }
  }
  override on_validation_end(trainer: Trainer, pl_module: LightningModule): void {
    if (this._main_progress_bar && trainer.state.fn === 'fit') this.main_progress_bar.set_postfix(this.get_metrics(trainer, pl_module));
    this.val_progress_bar.close();
    this.reset_dataloader_idx_tracker();
  }

  override on_test_start(): void { this._test_progress_bar = this.init_test_tqdm(); }
  override on_test_batch_start(_t: Trainer, _m: LightningModule, _b: unknown, _i: number, dataloader_idx: number): void {
    this.startDataloader(this.test_progress_bar, dataloader_idx, () => this.total_test_batches_current_dataloader, this.test_description);
  }
  override on_test_batch_end(): void {
    if (this._should_update(this.test_batch_idx, this.test_progress_bar.total)) this.update(this.test_progress_bar, this.test_batch_idx);
  }
  override on_test_end(): void { this.test_progress_bar.close(); this.reset_dataloader_idx_tracker(); }

  override on_predict_start(): void { this._predict_progress_bar = this.init_predict_tqdm(); }
  override on_predict_batch_start(_t: Trainer, _m: LightningModule, _b: unknown, _i: number, dataloader_idx: number): void {
    this.startDataloader(this.predict_progress_bar, dataloader_idx, () => this.total_predict_batches_current_dataloader, this.predict_description);
  }
  override on_predict_batch_end(): void {
    if (this._should_update(this.predict_batch_idx, this.predict_progress_bar.total)) this.update(this.predict_progress_bar, this.predict_batch_idx);
  }
  override on_predict_end(): void { this.predict_progress_bar.close(); this.reset_dataloader_idx_tracker(); }

  /** At a new dataloader's first batch: the bar restarts at 0 of its batches, '<desc> DataLoader <i>'. */
  private startDataloader(bar: Tqdm, dataloader_idx: number, total: () => number, desc: string): void {
    if (!this.has_dataloader_changed(dataloader_idx)) return;
    bar.reset(total());
    bar.initial = 0;
    bar.set_description(`${desc} DataLoader ${dataloader_idx}`);
  }

  /** A new run (fit, validate, test, predict) draws in a new display. */
  override teardown(): void { this.group?.flush(); this.group = null; }
  override on_exception(): void { this.group?.flush(); }

  override print(...args: unknown[]): void { console.log(...args); }

  _should_update(current: number, total: number | null): boolean {
    return this.is_enabled && (current % this.refresh_rate === 0 || current === total);
  }

  /** Move a bar to `n`; the main bar's postfix is computed only when the display will show it. */
  private update(bar: Tqdm, n: number, trainer?: Trainer, pl_module?: LightningModule): void {
    if (bar.disable) return;
    bar.n = n;
    if (trainer && pl_module && this.display.output.due()) bar.set_postfix(this.get_metrics(trainer, pl_module), false);
    bar.refresh();
  }
}
