// pl.Trainer (trainer/trainer.py and its connectors, 1.9): what a run is configured with, the
// device, callbacks and loggers, the state the loops and callbacks read (epoch, step, batch
// counts, logged metrics), and fit / validate / test / predict. The loops are in loops.ts.
import * as fs from 'fs';
import * as path from 'path';
import * as torch from '../torch';
import * as cuda from '../cuda';
import { Tensor } from '../tensor/tensor';
import { Device } from '../tensor/storage';
import { Optimizer } from '../optim/optimizer';
import { clip_grad_norm_, clip_grad_value_ } from '../nn/utils';
import { LightningModule, is_overridden } from './module';
import { ResultCollection } from './results';
import { Callback } from './callbacks/callback';
import { ProgressBarBase, TQDMProgressBar } from './callbacks/progress';
import { ModelCheckpoint } from './callbacks/model_checkpoint';
import { ModelSummary } from './callbacks/model_summary';
import { EarlyStopping } from './callbacks/early_stopping';
import { Logger, TensorBoardLogger } from './loggers';
import { MisconfigurationException, rank_zero_info, rank_zero_warn } from './log';
import { PostfixValue } from '../progress/format';
import { RunningMean, fitLoop, evaluationLoop, predictLoop, Loaders, lengthOf, limitBatches } from './loops';
import * as io from './io';

export const VERSION = '1.9.5';

type Limit = number;
export interface TrainerOptions {
  accelerator?: 'auto' | 'cpu' | 'gpu' | 'cuda' | string;
  devices?: 'auto' | number | number[] | string;
  max_epochs?: number | null;
  min_epochs?: number | null;
  max_steps?: number;
  min_steps?: number | null;
  /** A fraction of the epoch (up to 1) or, above 1, a number of training batches. */
  val_check_interval?: number | null;
  check_val_every_n_epoch?: number | null;
  /** Fractions (up to 1) or, above 1, numbers of batches. */
  limit_train_batches?: Limit | null;
  limit_val_batches?: Limit | null;
  limit_test_batches?: Limit | null;
  limit_predict_batches?: Limit | null;
  num_sanity_val_steps?: number;
  log_every_n_steps?: number;
  accumulate_grad_batches?: number;
  gradient_clip_val?: number | null;
  gradient_clip_algorithm?: 'norm' | 'value' | null;
  callbacks?: Callback[] | Callback | null;
  logger?: Logger | Logger[] | boolean | null;
  enable_progress_bar?: boolean;
  enable_checkpointing?: boolean;
  enable_model_summary?: boolean;
  default_root_dir?: string | null;
  precision?: number | string;
}

/** The option names, checked against TrainerOptions by the compiler (every key, no other). */
const OPTIONS = new Set(Object.keys({
  accelerator: true, devices: true, max_epochs: true, min_epochs: true, max_steps: true, min_steps: true,
  val_check_interval: true, check_val_every_n_epoch: true, limit_train_batches: true, limit_val_batches: true,
  limit_test_batches: true, limit_predict_batches: true, num_sanity_val_steps: true, log_every_n_steps: true,
  accumulate_grad_batches: true, gradient_clip_val: true, gradient_clip_algorithm: true, callbacks: true, logger: true,
  enable_progress_bar: true, enable_checkpointing: true, enable_model_summary: true, default_root_dir: true,
  precision: true,
} satisfies Record<keyof TrainerOptions, true>));

export interface LRSchedulerConfig {
  scheduler: { step(...a: unknown[]): void; optimizer: Optimizer; state_dict?(): unknown };
  name: string | null;
  interval: 'step' | 'epoch';
  frequency: number;
  reduce_on_plateau: boolean;
  monitor: string | null;
  strict: boolean;
  opt_idx: number | null;
}

export type TrainerFn = 'fit' | 'validate' | 'test' | 'predict';
export type Stage = 'train' | 'sanity_check' | 'validate' | 'test' | 'predict';

export class Trainer {
  readonly accelerator: 'cpu' | 'cuda';
  readonly root_device: Device;
  readonly max_epochs: number;
  readonly min_epochs: number | null;
  readonly max_steps: number;
  readonly min_steps: number | null;
  readonly val_check_interval: number;
  readonly check_val_every_n_epoch: number | null;
  readonly limit_train_batches: Limit;
  readonly limit_val_batches: Limit;
  readonly limit_test_batches: Limit;
  readonly limit_predict_batches: Limit;
  readonly num_sanity_val_steps: number;
  readonly log_every_n_steps: number;
  readonly accumulate_grad_batches: number;
  readonly gradient_clip_val: number | null;
  readonly gradient_clip_algorithm: 'norm' | 'value' | null;
  readonly default_root_dir: string;
  callbacks: Callback[];
  loggers: Logger[];

  state: { fn: TrainerFn | null; stage: Stage | null; status: 'initializing' | 'running' | 'finished' | 'interrupted' } = { fn: null, stage: null, status: 'initializing' };
  should_stop = false;
  lightning_module: LightningModule | null = null;
  optimizers: Optimizer[] = [];
  lr_scheduler_configs: LRSchedulerConfig[] = [];
  optimizer_frequencies: number[] = [];

  num_training_batches = Infinity;
  num_val_batches: number[] = [];
  num_sanity_val_batches: number[] = [];
  num_test_batches: number[] = [];
  num_predict_batches: number[] = [];
  val_check_batch = Infinity;
  train_dataloader: Iterable<unknown> | null = null;
  val_dataloaders: Iterable<unknown>[] = [];
  test_dataloaders: Iterable<unknown>[] = [];
  predict_dataloaders: Iterable<unknown>[] = [];

  /** Loop counters (Lightning keeps them in its loops' progress objects). */
  _progress = {
    epochs_completed: 0, epochs_processed: 0, global_step: 0, batches_that_stepped: 0,
    train_batches: 0, total_batch_idx: -1, val_batches_epoch: 0, eval_batches: 0,
  };
  _running_loss = new RunningMean(20);
  _accumulated_loss: Tensor[] = [];
  _val_has_run = false;
  /** The result collections of the loops: training, validation during fit, and each evaluation. */
  _train_results = new ResultCollection(true);
  _eval_results = new ResultCollection(false);
  _epoch_end_reached = false;
  _callback_metrics = new Map<string, Tensor>();
  _logged_metrics = new Map<string, Tensor>();
  _progress_bar_metrics = new Map<string, Tensor>();
  private _eval_log_step = 0;

  constructor(o: TrainerOptions = {}) {
    for (const k of Object.keys(o)) if (!OPTIONS.has(k)) throw new TypeError(`Trainer.__init__() got an unexpected keyword argument '${k}'`);
    [this.accelerator, this.root_device] = chooseDevice(o.accelerator ?? 'auto', o.devices ?? 'auto');
    if (o.precision !== undefined && String(o.precision) !== '32') {
      throw new MisconfigurationException(`Precision ${JSON.stringify(o.precision)} is not supported here: torchlab trains in 32-bit precision.`);
    }
    this.max_steps = o.max_steps ?? -1;
    if (o.max_epochs === undefined || o.max_epochs === null) {
      if (this.max_steps === -1) {
        rank_zero_warn('`max_epochs` was not set. Setting it to 1000 epochs. To train without an epoch limit, set `max_epochs=-1`.', 'PossibleUserWarning');
        this.max_epochs = 1000;
      } else this.max_epochs = -1;
    } else this.max_epochs = o.max_epochs;
    this.min_epochs = o.min_epochs ?? null;
    this.min_steps = o.min_steps ?? null;
    this.val_check_interval = o.val_check_interval ?? 1.0;
    this.check_val_every_n_epoch = o.check_val_every_n_epoch === undefined ? 1 : o.check_val_every_n_epoch;
    if (!isLimit(this.val_check_interval) || this.val_check_interval === 0) {
      throw new MisconfigurationException(`\`val_check_interval\` should be an int or a float in the (0, 1] range, got ${this.val_check_interval}.`);
    }
    this.limit_train_batches = checkLimit('limit_train_batches', o.limit_train_batches);
    this.limit_val_batches = checkLimit('limit_val_batches', o.limit_val_batches);
    this.limit_test_batches = checkLimit('limit_test_batches', o.limit_test_batches);
    this.limit_predict_batches = checkLimit('limit_predict_batches', o.limit_predict_batches);
    this.num_sanity_val_steps = o.num_sanity_val_steps ?? 2;
    this.log_every_n_steps = o.log_every_n_steps ?? 50;
    this.accumulate_grad_batches = o.accumulate_grad_batches ?? 1;
    this.gradient_clip_val = o.gradient_clip_val ?? null;
    this.gradient_clip_algorithm = o.gradient_clip_algorithm ?? null;
    if (this.gradient_clip_algorithm !== null && this.gradient_clip_algorithm !== 'norm' && this.gradient_clip_algorithm !== 'value') {
      throw new MisconfigurationException(`\`gradient_clip_algorithm\` ${this.gradient_clip_algorithm} is invalid. Allowed algorithms: ['value', 'norm'].`);
    }
    this.default_root_dir = path.resolve(o.default_root_dir ?? process.cwd());

    // Callbacks: the given ones, then the defaults Lightning adds (progress bar, checkpointing, summary).
    const given = o.callbacks ? (Array.isArray(o.callbacks) ? [...o.callbacks] : [o.callbacks]) : [];
    const has = (cls: Function) => given.some((c) => c instanceof cls);
    if ((o.enable_progress_bar ?? true) && !has(ProgressBarBase)) given.push(new TQDMProgressBar());
    if (!(o.enable_progress_bar ?? true) && has(ProgressBarBase)) {
      throw new MisconfigurationException('Trainer was configured with `enable_progress_bar=False` but found `TQDMProgressBar` in callbacks list.');
    }
    if ((o.enable_checkpointing ?? true) && !has(ModelCheckpoint)) given.push(new ModelCheckpoint());
    if (!(o.enable_checkpointing ?? true) && has(ModelCheckpoint)) {
      throw new MisconfigurationException('Trainer was configured with `enable_checkpointing=False` but found `ModelCheckpoint` in callbacks list.');
    }
    if ((o.enable_model_summary ?? true) && !has(ModelSummary)) given.push(new ModelSummary());
    // Checkpoint callbacks run last, so that they see what the other callbacks did (Lightning's order).
    this.callbacks = [...given.filter((c) => !(c instanceof ModelCheckpoint)), ...given.filter((c) => c instanceof ModelCheckpoint)];

    const lg = o.logger ?? true;
    this.loggers = lg === true ? [new TensorBoardLogger(this.default_root_dir)] : lg === false ? [] : Array.isArray(lg) ? lg : [lg];
    this.logDeviceInfo();
  }

  private logDeviceInfo(): void {
    const gpu = cuda.is_available();
    rank_zero_info(`GPU available: ${gpu ? 'True (cuda)' : 'False'}, used: ${this.accelerator === 'cuda' ? 'True' : 'False'}`);
    rank_zero_info('TPU available: False, using: 0 TPU cores');
    rank_zero_info('IPU available: False, using: 0 IPUs');
    rank_zero_info('HPU available: False, using: 0 HPUs');
    if (gpu && this.accelerator !== 'cuda') {
      rank_zero_warn("GPU available but not used. Set `accelerator` and `devices` using `Trainer(accelerator='gpu', devices=1)`.", 'PossibleUserWarning');
    }
  }

  // ---- what callbacks and the module read ------------------------------------------------------------
  get logger(): Logger | null { return this.loggers[0] ?? null; }
  set logger(l: Logger | null) { this.loggers = l ? [l] : []; }
  get current_epoch(): number { return this._progress.epochs_completed; }
  get global_step(): number { return this._progress.global_step; }
  get sanity_checking(): boolean { return this.state.stage === 'sanity_check'; }
  get training(): boolean { return this.state.stage === 'train'; }
  get validating(): boolean { return this.state.stage === 'validate'; }
  get testing(): boolean { return this.state.stage === 'test'; }
  get predicting(): boolean { return this.state.stage === 'predict'; }
  get is_global_zero(): boolean { return true; }
  get world_size(): number { return 1; }
  get num_devices(): number { return 1; }
  get interrupted(): boolean { return this.state.status === 'interrupted'; }
  get log_dir(): string {
    const lg = this.loggers[0];
    if (!lg) return this.default_root_dir;
    return (lg instanceof TensorBoardLogger ? lg.log_dir : lg.save_dir) ?? this.default_root_dir;
  }
  get progress_bar_callback(): ProgressBarBase | null { return (this.callbacks.find((c) => c instanceof ProgressBarBase) as ProgressBarBase) ?? null; }
  get checkpoint_callback(): ModelCheckpoint | null { return (this.callbacks.find((c) => c instanceof ModelCheckpoint) as ModelCheckpoint) ?? null; }
  get checkpoint_callbacks(): ModelCheckpoint[] { return this.callbacks.filter((c): c is ModelCheckpoint => c instanceof ModelCheckpoint); }
  get early_stopping_callback(): EarlyStopping | null { return (this.callbacks.find((c) => c instanceof EarlyStopping) as EarlyStopping) ?? null; }
  get enable_validation(): boolean {
    return this.val_dataloaders.length > 0 && is_overridden('validation_step', this.lightning_module) && this.limit_val_batches > 0;
  }

  /** The result collection of the running loop. */
  get _results(): ResultCollection | null {
    if (this.state.stage === 'train') return this._train_results;
    if (this.state.stage === 'sanity_check' || this.state.stage === 'validate' || this.state.stage === 'test') return this._eval_results;
    return null;
  }

  private refreshMetrics(): void {
    const r = this._results;
    if (!r) return;
    const m = r.metrics(!this._epoch_end_reached);
    for (const [k, v] of m.callback) this._callback_metrics.set(k, v);
    for (const [k, v] of m.log) this._logged_metrics.set(k, v);
    for (const [k, v] of m.pbar) this._progress_bar_metrics.set(k, v);
  }
  /** What EarlyStopping and ModelCheckpoint monitor: every logged value, by name. */
  get callback_metrics(): Record<string, Tensor> { this.refreshMetrics(); return Object.fromEntries(this._callback_metrics); }
  get logged_metrics(): Record<string, Tensor> { this.refreshMetrics(); return Object.fromEntries(this._logged_metrics); }
  /** Values logged with prog_bar, as numbers (floats for floating tensors). */
  get progress_bar_metrics(): Record<string, PostfixValue> {
    this.refreshMetrics();
    return Object.fromEntries([...this._progress_bar_metrics].map(([k, v]) => [k, { value: v.item(), float: v.dtype.is_floating_point }]));
  }

  // ---- runs ------------------------------------------------------------------------------------------
  /** fit(model, { train_dataloaders, val_dataloaders }) or fit(model, train_loader, val_loader). */
  fit(model: LightningModule, train?: Iterable<unknown> | FitOpts | null, val?: Loaders | null): void {
    const o: FitOpts = isLoaderArg(train) ? { train_dataloaders: train as Iterable<unknown>, val_dataloaders: val ?? undefined } : { ...(train as FitOpts ?? {}) };
    if (o.ckpt_path) throw new MisconfigurationException('Resuming from `ckpt_path` is not supported here; load the weights with `load_state_dict` instead.');
    const dm = o.datamodule ?? null;
    this.run(model, 'fit', () => {
      this.train_dataloader = o.train_dataloaders ?? dm?.train_dataloader?.() ?? model.train_dataloader?.() ?? null;
      if (!this.train_dataloader) throw new MisconfigurationException('`train_dataloader` must be implemented to be used with the Lightning Trainer');
      this.val_dataloaders = asList(o.val_dataloaders ?? dm?.val_dataloader?.() ?? model.val_dataloader?.() ?? null);
      return dm;
    }, () => { fitLoop(this); return undefined; });
  }

  /** Run the validation loop alone; returns the logged metrics per dataloader. */
  validate(model: LightningModule, dataloaders?: Loaders | EvalOpts | null, opts: { verbose?: boolean } = {}): Record<string, number>[] {
    return this.evaluate(model, 'validate', dataloaders, opts) as Record<string, number>[];
  }
  test(model: LightningModule, dataloaders?: Loaders | EvalOpts | null, opts: { verbose?: boolean } = {}): Record<string, number>[] {
    return this.evaluate(model, 'test', dataloaders, opts) as Record<string, number>[];
  }
  /** predict_step's outputs, one list per dataloader (a single list for one dataloader). */
  predict(model: LightningModule, dataloaders?: Loaders | EvalOpts | null, opts: { return_predictions?: boolean } = {}): unknown[] {
    return this.evaluate(model, 'predict', dataloaders, opts) as unknown[];
  }

  private evaluate(model: LightningModule, fn: 'validate' | 'test' | 'predict', arg: Loaders | EvalOpts | null | undefined, opts: { verbose?: boolean; return_predictions?: boolean }): unknown {
    const o: EvalOpts = isLoaderArg(arg) ? { dataloaders: arg as Loaders } : { ...(arg as EvalOpts ?? {}) };
    const verbose = o.verbose ?? opts.verbose ?? true;
    return this.run(model, fn, () => {
      const dm = o.datamodule ?? null;
      const hook = fn === 'validate' ? 'val_dataloader' : fn === 'test' ? 'test_dataloader' : 'predict_dataloader';
      const loaders = asList(o.dataloaders ?? (dm as Record<string, (() => Loaders) | undefined> | null)?.[hook]?.() ?? (model as unknown as Record<string, (() => Loaders) | undefined>)[hook]?.() ?? null);
      if (!loaders.length) throw new MisconfigurationException(`\`${hook}\` must be implemented to be used with the Lightning Trainer`);
      if (fn === 'validate') this.val_dataloaders = loaders; else if (fn === 'test') this.test_dataloaders = loaders; else this.predict_dataloaders = loaders;
      return dm;
    }, () => (fn === 'predict' ? predictLoop(this, o.return_predictions ?? opts.return_predictions ?? true) : evaluationLoop(this, fn, verbose)));
  }

  /** Lightning's _run: checks, setup hooks, device, optimizers, the loop, teardown. */
  private run<R>(model: LightningModule, fn: TrainerFn, attach: () => DataModule | null, loop: () => R): R {
    if (!(model instanceof LightningModule)) {
      throw new TypeError(`\`Trainer.${fn}()\` requires a \`LightningModule\`, got: ${(model as object)?.constructor?.name ?? typeof model}`);
    }
    this.state = { fn, stage: null, status: 'running' };
    this.should_stop = false;
    this.lightning_module = model;
    model.trainer = this;
    this._train_results = new ResultCollection(true);
    this._eval_results = new ResultCollection(false);
    this._callback_metrics.clear(); this._logged_metrics.clear(); this._progress_bar_metrics.clear();
    const stage = fn === 'validate' ? 'validate' : fn;
    let dm: DataModule | null = null;
    try {
      dm = attach();
      this.attachModelCallbacks(model);
      this.verify(model, fn);
      dm?.setup?.(stage);
      this._call_callback_hooks('setup', stage);
      this._call_lightning_module_hook('setup', stage);
      model.to(this.root_device);
      if (this.accelerator === 'cuda') rank_zero_info('LOCAL_RANK: 0 - CUDA_VISIBLE_DEVICES: [0]');
      if (fn === 'fit') this.setupOptimizers(model);
      if (fn === 'fit') this.logHyperparams(model);
      if (fn === 'fit') { this._call_callback_hooks('on_fit_start'); this._call_lightning_module_hook('on_fit_start'); }
      const out = loop();
      if (fn === 'fit') { this._call_callback_hooks('on_fit_end'); this._call_lightning_module_hook('on_fit_end'); }
      for (const lg of this.loggers) lg.finalize('success');
      this.state.status = 'finished';
      return out;
    } catch (e) {
      this.state.status = 'interrupted';
      for (const cb of this.callbacks) { try { cb.on_exception(this, model, e); } catch { /* the first error is the one to report */ } }
      for (const lg of this.loggers) { try { lg.finalize('failed'); } catch { /* idem */ } }
      throw e;
    } finally {
      this.state.stage = null;
      for (const cb of this.callbacks) cb.teardown(this, model, stage);
      model.teardown(stage);
      dm?.teardown?.(stage);
    }
  }

  private attachModelCallbacks(model: LightningModule): void {
    const extra = model.configure_callbacks();
    const list = Array.isArray(extra) ? extra : extra ? [extra] : [];
    if (!list.length) return;
    const types = new Set(list.map((c) => c.constructor));
    this.callbacks = [...this.callbacks.filter((c) => !types.has(c.constructor as new () => Callback)), ...list];
    this.callbacks = [...this.callbacks.filter((c) => !(c instanceof ModelCheckpoint)), ...this.callbacks.filter((c) => c instanceof ModelCheckpoint)];
  }

  private verify(model: LightningModule, fn: TrainerFn): void {
    if (fn === 'fit') {
      const minimum = 'Lightning `Trainer` expects as minimum a `training_step()`, `train_dataloader()` and `configure_optimizers()` to be defined.';
      if (!is_overridden('training_step', model)) throw new MisconfigurationException(`No \`training_step()\` method defined. ${minimum}`);
      if (!is_overridden('configure_optimizers', model)) throw new MisconfigurationException(`No \`configure_optimizers()\` method defined. ${minimum}`);
      const hasVal = this.val_dataloaders.length > 0, hasStep = is_overridden('validation_step', model);
      if (hasVal && !hasStep) rank_zero_warn('You passed in a `val_dataloader` but have no `validation_step`. Skipping val loop.');
      if (hasStep && !hasVal) rank_zero_warn('You defined a `validation_step` but have no `val_dataloader`. Skipping val loop.', 'PossibleUserWarning');
      if (!model.automatic_optimization && this.gradient_clip_val) {
        throw new MisconfigurationException(`Automatic gradient clipping is not supported for manual optimization. Remove \`Trainer(gradient_clip_val=${this.gradient_clip_val})\` or switch to automatic optimization.`);
      }
      if (!model.automatic_optimization && this.accumulate_grad_batches !== 1) {
        throw new MisconfigurationException(`Automatic gradient accumulation is not supported for manual optimization. Remove \`Trainer(accumulate_grad_batches=${this.accumulate_grad_batches})\` or switch to automatic optimization.`);
      }
    } else if (fn === 'predict') {
      if (!is_overridden('predict_step', model) && !is_overridden('forward', model, Object.getPrototypeOf(LightningModule.prototype))) {
        throw new MisconfigurationException('`Trainer.predict` requires `forward` method to run.');
      }
    } else {
      const step = fn === 'validate' ? 'validation_step' : 'test_step';
      if (!is_overridden(step, model)) throw new MisconfigurationException(`No \`${step}()\` method defined to run \`Trainer.${fn}\`.`);
    }
    for (const [hook, alt] of [['on_epoch_start', 'on_<train/validation/test>_epoch_start'], ['on_epoch_end', 'on_<train/validation/test>_epoch_end']]) {
      if (typeof (model as unknown as Record<string, unknown>)[hook] === 'function') {
        throw new torch.RuntimeError(`The \`LightningModule.${hook}\` hook was removed in v1.8. Please use \`LightningModule.${alt}\` instead.`);
      }
    }
  }

  /** configure_optimizers' result, in any of the forms Lightning accepts. */
  private setupOptimizers(model: LightningModule): void {
    const conf = this._call_lightning_module_hook('configure_optimizers');
    const isOpt = (x: unknown): x is Optimizer => x instanceof Optimizer;
    const isDict = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x) && !isOpt(x);
    let opts: Optimizer[] = [], scheds: unknown[] = [], freqs: number[] = [], monitor: string | null = null;
    if (conf === undefined || conf === null) {
      rank_zero_warn('`LightningModule.configure_optimizers` returned `None`, this fit will run with no optimizer', 'UserWarning');
    } else if (isOpt(conf)) opts = [conf];
    else if (Array.isArray(conf) && conf.length === 2 && Array.isArray(conf[0]) && conf[0].every(isOpt)) {
      opts = conf[0]; scheds = Array.isArray(conf[1]) ? conf[1] : [conf[1]];
    } else if (isDict(conf)) {
      opts = [checkOptimDict(conf)];
      monitor = (conf.monitor as string | undefined) ?? null;
      if ('lr_scheduler' in conf) scheds = [conf.lr_scheduler];
    } else if (Array.isArray(conf) && conf.length && conf.every(isDict)) {
      opts = conf.map(checkOptimDict);
      conf.forEach((d, i) => { if ('lr_scheduler' in d) scheds.push(isDict(d.lr_scheduler) && !('optimizer' in d.lr_scheduler && isOpt(d.lr_scheduler.optimizer) && 'step' in d.lr_scheduler) ? { ...d.lr_scheduler, opt_idx: i } : { scheduler: d.lr_scheduler, opt_idx: i }); });
      freqs = conf.filter((d) => d.frequency !== undefined && d.frequency !== null).map((d) => d.frequency as number);
      if (freqs.length && freqs.length !== opts.length) throw new torch.ValueError('A frequency must be given to each optimizer.');
    } else if (Array.isArray(conf) && conf.every(isOpt)) opts = conf;
    else {
      throw new MisconfigurationException('Unknown configuration for model optimizers. Output from `model.configure_optimizers()` should be one of:\n'
        + ' * `Optimizer`\n * [`Optimizer`]\n * ([`Optimizer`], [`LRScheduler`])\n'
        + ' * {"optimizer": `Optimizer`, (optional) "lr_scheduler": `LRScheduler`}\n'
        + ' * A list of the previously described dict format, with an optional "frequency" key (int)');
    }
    this.optimizers = opts;
    this.optimizer_frequencies = freqs;
    if (!model.automatic_optimization) {
      // training_step steps the optimizers itself: count its steps as Lightning's optimizer wrappers do.
      for (const o of opts) {
        const step = o.step.bind(o);
        Object.defineProperty(o, 'step', { value: (closure?: () => Tensor) => { const r = step(closure); this._progress.global_step++; return r; }, configurable: true, writable: true });
      }
    }
    this.lr_scheduler_configs = scheds.map((s) => schedulerConfig(s, monitor, opts));
  }

  private logHyperparams(model: LightningModule): void {
    const hp = Object.keys(model.hparams).length ? model.hparams : null;
    for (const lg of this.loggers) {
      if (hp) lg.log_hyperparams(hp);
      lg.save();
    }
  }

  // ---- hooks -----------------------------------------------------------------------------------------
  _call_callback_hooks(name: string, ...args: unknown[]): void {
    const m = this.lightning_module;
    for (const cb of this.callbacks) {
      const f = (cb as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      if (typeof f === 'function') f.call(cb, this, m, ...args);
    }
  }
  _call_lightning_module_hook(name: string, ...args: unknown[]): unknown {
    const m = this.lightning_module!;
    const prev = m._current_fx_name;
    m._current_fx_name = name;
    try { return (m as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args); } finally { m._current_fx_name = prev; }
  }

  // ---- logging (Lightning's LoggerConnector) -----------------------------------------------------------
  _should_update_logs(): boolean {
    return (this._progress.batches_that_stepped + 1) % this.log_every_n_steps === 0 || this.should_stop;
  }
  _on_batch_start(batch: unknown): void { this._epoch_end_reached = false; this._results?.setBatch(batch); }
  _on_batch_end(): void { this.refreshMetrics(); this._results?.setBatch(null); }
  _on_epoch_start(): void { this._epoch_end_reached = false; }
  _on_epoch_end(): void { this._epoch_end_reached = true; this.refreshMetrics(); }
  _epoch_metrics_log(): Map<string, Tensor> { return this._results?.metrics(false).log ?? new Map(); }

  /** Send scalars to every logger (with `epoch`, at the number of optimizer steps unless given). */
  _log_metrics(metrics: Map<string, Tensor>, step?: number): void {
    if (!this.loggers.length || !metrics.size) return;
    for (const [k, v] of metrics) this._logged_metrics.set(k, v);
    const scalars: Record<string, number> = Object.fromEntries([...metrics].map(([k, v]) => [k, v.item()]));
    if (step === undefined && 'step' in scalars) { step = scalars.step; delete scalars.step; }
    if (step === undefined) {
      if (!('epoch' in scalars)) scalars.epoch = this.current_epoch;
      step = this._progress.batches_that_stepped;
    }
    for (const lg of this.loggers) { lg.log_metrics(scalars, step); lg.save(); }
  }
  _update_train_step_metrics(): void {
    if (this._should_update_logs()) this._log_metrics(this._train_results.metrics(true).log);
  }
  _update_eval_step_metrics(): void {
    if (this.sanity_checking) return;
    this._log_metrics(this._eval_results.metrics(true).log, this._eval_log_step++);
  }

  // ---- optimization ------------------------------------------------------------------------------------
  _backward(loss: Tensor, optimizer: Optimizer | null = null, opt_idx: number | null = null): void {
    this._call_callback_hooks('on_before_backward', loss);
    this._call_lightning_module_hook('on_before_backward', loss);
    this._call_lightning_module_hook('backward', loss, optimizer, opt_idx);
    this._call_callback_hooks('on_after_backward');
    this._call_lightning_module_hook('on_after_backward');
  }
  _clip_gradients(optimizer: Optimizer, val?: number | null, algorithm?: string | null): void {
    if (!val) return;
    const params = optimizer.param_groups.flatMap((g) => g.params);
    if ((algorithm ?? 'norm') === 'value') clip_grad_value_(params, val); else clip_grad_norm_(params, val);
  }
  _should_check_val_epoch(): boolean {
    return this.enable_validation && (this.check_val_every_n_epoch === null || (this.current_epoch + 1) % this.check_val_every_n_epoch === 0);
  }

  // ---- checkpoints -------------------------------------------------------------------------------------
  /** The checkpoint dict Lightning saves (weights, epoch, step, optimizer and scheduler states, callbacks). */
  dump_checkpoint(weights_only = false): Record<string, unknown> {
    const model = this.lightning_module;
    if (!model) throw new Error('Saving a checkpoint is only possible if a model is attached to the Trainer. Did you call `Trainer.save_checkpoint()` before calling `Trainer.{fit,validate,test,predict}`?');
    const ckpt: Record<string, unknown> = {
      epoch: this.current_epoch,
      global_step: this.global_step,
      'pytorch-lightning_version': VERSION,
      state_dict: model.state_dict(),
    };
    if (!weights_only) {
      ckpt.callbacks = Object.fromEntries(this.callbacks.map((c) => [c.state_key, c.state_dict()]).filter(([, s]) => Object.keys(s as object).length));
      ckpt.optimizer_states = this.optimizers.map((o) => o.state_dict());
      ckpt.lr_schedulers = this.lr_scheduler_configs.map((c) => c.scheduler.state_dict?.() ?? {});
    }
    if (Object.keys(model.hparams).length) ckpt.hyper_parameters = { ...model.hparams };
    this._call_lightning_module_hook('on_save_checkpoint', ckpt);
    this._call_callback_hooks('on_save_checkpoint', ckpt);
    return ckpt;
  }
  save_checkpoint(filepath: string, weights_only = false): void {
    const ckpt = this.dump_checkpoint(weights_only);
    fs.mkdirSync(path.dirname(path.resolve(filepath)), { recursive: true });
    io.save(ckpt, filepath);
  }
}

export interface DataModule {
  setup?(stage: string): void;
  teardown?(stage: string): void;
  train_dataloader?(): Iterable<unknown>;
  val_dataloader?(): Loaders;
  test_dataloader?(): Loaders;
  predict_dataloader?(): Loaders;
}
export interface FitOpts { train_dataloaders?: Iterable<unknown>; val_dataloaders?: Loaders; datamodule?: DataModule; ckpt_path?: string | null }
export interface EvalOpts { dataloaders?: Loaders; datamodule?: DataModule; verbose?: boolean; return_predictions?: boolean }

const isLoaderArg = (x: unknown): boolean => Array.isArray(x) || (x !== null && typeof x === 'object' && Symbol.iterator in (x as object));
const asList = (l: Loaders | null | undefined): Iterable<unknown>[] => (l ? (Array.isArray(l) && l.length && l.every(isLoaderArg) ? l as Iterable<unknown>[] : [l as Iterable<unknown>]) : []);
const isLimit = (v: number) => typeof v === 'number' && v >= 0 && (v <= 1 || Number.isInteger(v));

function checkLimit(name: string, v: number | null | undefined): number {
  if (v === undefined || v === null) return 1.0;
  if (!isLimit(v)) throw new MisconfigurationException(`\`${name}\` should be an int or a float in the [0, 1] range, got ${v}.`);
  return v;
}

function checkOptimDict(d: Record<string, unknown>): Optimizer {
  const extra = Object.keys(d).filter((k) => !['optimizer', 'lr_scheduler', 'frequency', 'monitor'].includes(k));
  if (extra.length) rank_zero_warn(`Found unsupported keys in the optimizer configuration: {${extra.map((k) => `'${k}'`).join(', ')}}`, 'RuntimeWarning');
  if (!('optimizer' in d)) throw new MisconfigurationException('You have passed an optimizer dict without the "optimizer" key.');
  return d.optimizer as Optimizer;
}

function schedulerConfig(s: unknown, monitor: string | null, opts: Optimizer[]): LRSchedulerConfig {
  const d = (s !== null && typeof s === 'object' && 'scheduler' in (s as object)) ? s as Record<string, unknown> : { scheduler: s };
  if (!d.scheduler) throw new MisconfigurationException('The lr scheduler dict must have the key "scheduler" with its item being an lr scheduler');
  const interval = (d.interval as string | undefined) ?? 'epoch';
  if (interval !== 'step' && interval !== 'epoch') throw new MisconfigurationException(`The "interval" key in lr scheduler dict must be "step" or "epoch" but is "${interval}"`);
  const scheduler = d.scheduler as LRSchedulerConfig['scheduler'];
  const plateau = (d.reduce_on_plateau as boolean | undefined) ?? scheduler.constructor?.name === 'ReduceLROnPlateau';
  const mon = (d.monitor as string | undefined) ?? (plateau ? monitor : null);
  if (plateau && !mon) {
    throw new MisconfigurationException('The lr scheduler dict must include a monitor when a `ReduceLROnPlateau` scheduler is used. For example: {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "monitor": "your_loss"}}');
  }
  const optIdx = (d.opt_idx as number | undefined) ?? Math.max(0, opts.indexOf(scheduler.optimizer));
  return { scheduler, name: (d.name as string | undefined) ?? null, interval, frequency: (d.frequency as number | undefined) ?? 1, reduce_on_plateau: plateau, monitor: mon, strict: (d.strict as boolean | undefined) ?? true, opt_idx: optIdx };
}

/** accelerator / devices as Lightning resolves them, for the devices torchlab has (cpu, one cuda). */
function chooseDevice(accelerator: string, devices: 'auto' | number | number[] | string): ['cpu' | 'cuda', Device] {
  const known = ['auto', 'cpu', 'cuda', 'gpu', 'hpu', 'ipu', 'mps', 'tpu'];
  if (!known.includes(accelerator)) {
    throw new MisconfigurationException(`You selected an invalid accelerator name: \`accelerator='${accelerator}'\`. Available names are: ${known.slice(1).join(', ')}.`);
  }
  const available = cuda.is_available() ? ['cpu', 'cuda'] : ['cpu'];
  const kind = accelerator === 'auto' ? (available.includes('cuda') ? 'cuda' : 'cpu') : accelerator === 'gpu' ? 'cuda' : accelerator;
  if (!available.includes(kind)) {
    const cls = { cuda: 'CUDAAccelerator', hpu: 'HPUAccelerator', ipu: 'IPUAccelerator', mps: 'MPSAccelerator', tpu: 'TPUAccelerator' }[kind] ?? kind;
    throw new MisconfigurationException(`${cls} can not run on your system since the accelerator is not available. The following accelerator(s) is available and can be passed into \`accelerator\` argument of \`Trainer\`: [${available.map((a) => `'${a}'`).join(', ')}].`);
  }
  const ids = devices === 'auto' || devices === -1 || devices === '-1' ? [0] : Array.isArray(devices) ? devices
    : typeof devices === 'string' ? devices.split(',').filter(Boolean).map(Number) : [...Array(devices).keys()];
  if (ids.length !== 1 || (kind === 'cuda' && ids[0] !== 0)) {
    throw new MisconfigurationException(`\`devices=${JSON.stringify(devices)}\` asks for ${ids.length === 1 ? `device ${ids[0]}` : `${ids.length} devices`}; torchlab trains on one device (${kind === 'cuda' ? 'cuda:0' : 'cpu'}).`);
  }
  return kind === 'cuda' ? ['cuda', torch.device('cuda', 0)] : ['cpu', torch.device('cpu')];
}

export { lengthOf, limitBatches };
