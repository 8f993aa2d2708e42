// pl.LightningModule (1.9): an nn.Module with the hooks the Trainer calls (training_step,
// validation_step, configure_optimizers, the *_epoch_end hooks of both generations, ...) and
// `self.log` / `self.log_dict`. Every hook has a do-nothing default here, so a subclass defines only
// the ones it needs; the Trainer asks `is_overridden` where Lightning does.
import * as torch from '../torch';
import { Module } from '../nn/module';
import { Tensor } from '../tensor/tensor';
import { Device } from '../tensor/storage';
import { Optimizer } from '../optim/optimizer';
import { Metric } from '../metrics/metric';
import { MisconfigurationException, rank_zero_warn } from './log';
import { LogMeta } from './results';
import * as io from './io';
import type { Trainer } from './trainer';
import type { Logger } from './loggers';
import type { Callback } from './callbacks/callback';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars */
export type LogValue = number | boolean | Tensor | Metric;

export interface LogOpts {
  prog_bar?: boolean;
  logger?: boolean;
  on_step?: boolean;
  on_epoch?: boolean;
  reduce_fx?: 'mean' | 'sum' | 'max' | 'min';
  batch_size?: number;
  metric_attribute?: string;
  enable_graph?: boolean;
  sync_dist?: boolean;
  add_dataloader_idx?: boolean;
  rank_zero_only?: boolean;
}

type LevelOpts = { allowed_on_step: boolean[]; allowed_on_epoch: boolean[]; default_on_step: boolean; default_on_epoch: boolean };
const stepLevel = (on_step: boolean, on_epoch: boolean): LevelOpts => ({ allowed_on_step: [false, true], allowed_on_epoch: [false, true], default_on_step: on_step, default_on_epoch: on_epoch });
const epochOnly: LevelOpts = { allowed_on_step: [false], allowed_on_epoch: [true], default_on_step: false, default_on_epoch: true };

// Where self.log may be called and its defaults there (trainer/connectors/logger_connector/fx_validator.py).
// null: logging is not allowed in that hook.
const FX: Record<string, LevelOpts | null> = {
  training_step: stepLevel(true, false), on_train_batch_start: stepLevel(true, false), on_train_batch_end: stepLevel(true, false),
  on_before_backward: stepLevel(true, false), on_after_backward: stepLevel(true, false), on_before_optimizer_step: stepLevel(true, false),
  on_before_zero_grad: stepLevel(true, false), optimizer_step: stepLevel(true, false), configure_gradient_clipping: stepLevel(true, false),
  validation_step: stepLevel(false, true), test_step: stepLevel(false, true), clip_gradients: stepLevel(true, false),
  training_step_end: stepLevel(true, false), validation_step_end: stepLevel(false, true), test_step_end: stepLevel(false, true),
  on_validation_batch_start: stepLevel(false, true), on_validation_batch_end: stepLevel(false, true),
  on_test_batch_start: stepLevel(false, true), on_test_batch_end: stepLevel(false, true),
  on_train_start: epochOnly, on_validation_start: epochOnly, on_test_start: epochOnly,
  on_train_epoch_start: epochOnly, on_train_epoch_end: epochOnly, on_validation_epoch_start: epochOnly, on_validation_epoch_end: epochOnly,
  on_test_epoch_start: epochOnly, on_test_epoch_end: epochOnly, training_epoch_end: epochOnly, validation_epoch_end: epochOnly, test_epoch_end: epochOnly,
  on_fit_start: null, on_fit_end: null, on_sanity_check_start: null, on_sanity_check_end: null, on_train_end: null, on_validation_end: null,
  on_test_end: null, on_predict_start: null, on_predict_end: null, predict_step: null, configure_optimizers: null, setup: null, teardown: null,
  lr_scheduler_step: null, on_predict_batch_start: null, on_predict_batch_end: null, on_predict_epoch_start: null, on_predict_epoch_end: null,
};

const pyBool = (b: boolean) => (b ? 'True' : 'False');

export class LightningModule extends Module {
  declare _trainer: Trainer | null;
  declare _current_fx_name: string | null;
  declare _metric_attributes: Map<Metric, string> | null;
  /** Lightning steps the optimizers itself (false: training_step calls manual_backward and step). */
  automatic_optimization = true;
  /** An input for the summary's In/Out sizes (shapes are not traced here; kept for compatibility). */
  example_input_array: unknown = null;
  /** Bits per parameter, for the summary's size estimate. */
  precision = 32;
  truncated_bptt_steps = 0;
  declare hparams: Record<string, unknown>;

  constructor() {
    super();
    Object.defineProperties(this, {
      _trainer: { value: null, writable: true, enumerable: false },
      _current_fx_name: { value: null, writable: true, enumerable: false },
      _metric_attributes: { value: null, writable: true, enumerable: false },
      hparams: { value: {}, writable: true, enumerable: false },
    });
  }

  // ---- what the module knows of its run ----------------------------------------------------------
  get trainer(): Trainer {
    if (!this._trainer) throw new torch.RuntimeError(`${this._get_name()} is not attached to a \`Trainer\`.`);
    return this._trainer;
  }
  set trainer(t: Trainer | null) { this._trainer = t; }
  get logger(): Logger | null { return this._trainer ? this._trainer.logger : null; }
  get loggers(): Logger[] { return this._trainer ? this._trainer.loggers : []; }
  get current_epoch(): number { return this._trainer ? this._trainer.current_epoch : 0; }
  get global_step(): number { return this._trainer ? this._trainer.global_step : 0; }
  /** The device of the module's parameters (cpu without any). */
  get device(): Device {
    for (const p of this.parameters()) return p.device;
    return torch.device('cpu');
  }
  get on_gpu(): boolean { return this.device.type === 'cuda'; }

  /**
   * Keep hyperparameters for the loggers (TensorBoard's HParams, hparams.yaml). Python reads them
   * from the constructor's arguments; here they are passed: `this.save_hyperparameters({ lr })`.
   */
  save_hyperparameters(hparams: Record<string, unknown> = {}): void { Object.assign(this.hparams, hparams); }

  // ---- logging -----------------------------------------------------------------------------------
  /** self.log(name, value, { prog_bar, logger, on_step, on_epoch, reduce_fx, batch_size }). */
  log(name: string, value: LogValue | Record<string, LogValue>, opts: LogOpts = {}): void {
    // (Modules, and so Metrics, are callable: typeof 'function'.)
    if (value !== null && typeof value === 'object' && !(value instanceof Tensor)) {
      if (Object.values(value).some((v: unknown) => v !== null && typeof v === 'object' && !(v instanceof Tensor))) {
        throw new torch.ValueError(`\`self.log(${name}, ${JSON.stringify(value)})\` was called, but nested dictionaries cannot be logged`);
      }
      for (const [k, v] of Object.entries(value)) this.log(`${name}/${k}`, v, opts);
      return;
    }
    if (!(typeof value === 'number' || typeof value === 'boolean' || value instanceof Tensor || value instanceof Metric)) {
      const type = value === null ? 'NoneType' : value === undefined ? 'NoneType' : typeof value === 'string' ? 'str' : (value as object).constructor?.name ?? typeof value;
      throw new torch.ValueError(`\`self.log(${name}, ${String(value)})\` was called, but \`${type}\` values cannot be logged`);
    }
    if (!this._trainer) {
      rank_zero_warn("You are trying to `self.log()` but the `self.trainer` reference is not registered on the model yet. This is most likely because the model hasn't been passed to the `Trainer`");
      return;
    }
    const fx = this._current_fx_name;
    if (fx === null) throw new MisconfigurationException('You are trying to `self.log()` but it is not managed by the `Trainer` control flow');
    if (!(fx in FX)) throw new torch.RuntimeError(`Logging inside \`${fx}\` is not implemented. Please, open an issue in \`https://github.com/Lightning-AI/lightning/issues\`.`);
    const levels = FX[fx];
    if (!levels) throw new MisconfigurationException(`You can't \`self.log()\` inside \`${fx}\`. HINT: You can still log directly to the logger by using \`self.logger.experiment\`.`);
    const on_step = opts.on_step ?? levels.default_on_step, on_epoch = opts.on_epoch ?? levels.default_on_epoch;
    for (const [k, v, allowed] of [['on_step', on_step, levels.allowed_on_step], ['on_epoch', on_epoch, levels.allowed_on_epoch]] as const) {
      if (!allowed.includes(v)) throw new MisconfigurationException(`You can't \`self.log(${k}=${pyBool(v)})\` inside \`${fx}\`, must be one of (${allowed.map(pyBool).join(', ')}${allowed.length === 1 ? ',' : ''}).`);
    }
    if (name.includes('/dataloader_idx_')) throw new MisconfigurationException(`You called \`self.log\` with the key \`${name}\` but it should not contain information about \`dataloader_idx\``);
    const results = this._trainer._results;
    if (!results) throw new MisconfigurationException("You are trying to `self.log()` but the loop's result collection is not registered yet. This is most likely because you are trying to log in a `predict` hook, but it doesn't support logging");
    let v: Tensor | Metric;
    let metric_attribute = opts.metric_attribute;
    if (value instanceof Metric) {
      if (metric_attribute === undefined) {
        this._metric_attributes ??= new Map([...this.named_modules()].filter(([, m]) => m instanceof Metric).map(([k, m]) => [m as Metric, k]));
        if (!this._metric_attributes.size) {
          throw new MisconfigurationException('Could not find the `LightningModule` attribute for the `torchmetrics.Metric` logged. You can fix this by setting an attribute for the metric in your `LightningModule`.');
        }
        metric_attribute = this._metric_attributes.get(value);
        if (metric_attribute === undefined) {
          throw new MisconfigurationException(`Could not find the \`LightningModule\` attribute for the \`torchmetrics.Metric\` logged. You can fix this by calling \`self.log(${name}, ..., metric_attribute=name)\` where \`name\` is one of [${[...this._metric_attributes.values()].map((s) => `'${s}'`).join(', ')}]`);
        }
      }
      v = value;
    } else {
      const t = value instanceof Tensor ? value.detach() : torch.tensor(typeof value === 'boolean' ? Number(value) : value, { device: this.device });
      if (t.numel() !== 1) {
        throw new torch.ValueError(`\`self.log(${name}, ${t})\` was called, but the tensor must have a single element. You can try doing \`self.log(${name}, ${t}.mean())\``);
      }
      v = t.ndim ? t.reshape([]) : t;
    }
    const logger = opts.logger ?? true;
    if (opts.logger && !this._trainer.logger) {
      rank_zero_warn(`You called \`self.log('${name}', ..., logger=True)\` but have no logger configured. You can enable one by doing \`Trainer(logger=ALogger(...))\``);
    }
    const meta: LogMeta = { fx, name, prog_bar: opts.prog_bar ?? false, logger, on_step, on_epoch, reduce_fx: opts.reduce_fx ?? 'mean', metric_attribute };
    if (opts.batch_size !== undefined) results.setBatchSize(opts.batch_size);
    results.log(meta, v);
  }

  /** self.log for each entry of a dictionary. */
  log_dict(dictionary: Record<string, LogValue> | Map<string, LogValue>, opts: LogOpts = {}): void {
    for (const [k, v] of dictionary instanceof Map ? dictionary : Object.entries(dictionary)) this.log(k, v, opts);
  }

  /** Print from the process that owns the progress bar, without breaking it. */
  print(...args: unknown[]): void {
    const bar = this._trainer?.progress_bar_callback;
    if (bar) bar.print(...args); else console.log(...args);
  }

  // ---- optimizers -------------------------------------------------------------------------------
  /** An optimizer, a list of them, [optimizers, schedulers], or { optimizer, lr_scheduler }. */
  configure_optimizers(): any { return undefined; }
  /** The optimizers the Trainer set up (one, or a list when there are several). */
  optimizers(use_pl_optimizer = true): Optimizer | Optimizer[] {
    const opts = this.trainer.optimizers;
    return opts.length === 1 ? opts[0] : opts;
  }
  lr_schedulers(): any { const s = this.trainer.lr_scheduler_configs.map((c) => c.scheduler); return s.length === 0 ? null : s.length === 1 ? s[0] : s; }
  /** For manual optimization: loss.backward() through the Trainer's hooks. */
  manual_backward(loss: Tensor, ...args: unknown[]): void { this.trainer._backward(loss); }
  backward(loss: Tensor, optimizer?: Optimizer | null, optimizer_idx?: number | null, ...args: unknown[]): void { loss.backward(); }
  optimizer_zero_grad(epoch: number, batch_idx: number, optimizer: Optimizer, optimizer_idx: number): void { optimizer.zero_grad(); }
  optimizer_step(epoch: number, batch_idx: number, optimizer: Optimizer, optimizer_idx = 0, optimizer_closure?: () => unknown): void {
    optimizer.step(optimizer_closure as () => Tensor);
  }
  lr_scheduler_step(scheduler: { step(...a: unknown[]): void }, optimizer_idx: number, metric: unknown): void {
    if (metric === null || metric === undefined) scheduler.step(); else scheduler.step(metric);
  }
  configure_gradient_clipping(optimizer: Optimizer, optimizer_idx: number, gradient_clip_val?: number | null, gradient_clip_algorithm?: string | null): void {
    this.clip_gradients(optimizer, gradient_clip_val, gradient_clip_algorithm);
  }
  /** Clip the optimizer's gradients by norm or value (by default the Trainer's settings). */
  clip_gradients(optimizer: Optimizer, gradient_clip_val?: number | null, gradient_clip_algorithm?: string | null): void {
    const t = this.trainer;
    if (gradient_clip_val === undefined || gradient_clip_val === null) gradient_clip_val = t.gradient_clip_val ?? 0;
    else if (t.gradient_clip_val !== null && t.gradient_clip_val !== gradient_clip_val) {
      throw new MisconfigurationException(`You have set \`Trainer(gradient_clip_val=${t.gradient_clip_val})\` and have passed \`clip_gradients(gradient_clip_val=${gradient_clip_val})\`. Please use only one of them.`);
    }
    t._clip_gradients(optimizer, gradient_clip_val, gradient_clip_algorithm ?? t.gradient_clip_algorithm ?? 'norm');
  }

  // ---- steps and epoch ends (the Trainer calls what a subclass defines) ---------------------------
  training_step(batch: any, batch_idx: number, ...args: any[]): any {
    rank_zero_warn('`training_step` must be implemented to be used with the Lightning Trainer');
  }
  training_step_end(step_output: any): any { return step_output; }
  validation_step(batch: any, batch_idx: number, ...args: any[]): any { return undefined; }
  validation_step_end(step_output: any): any { return step_output; }
  test_step_end(step_output: any): any { return step_output; }
  test_step(batch: any, batch_idx: number, ...args: any[]): any { return undefined; }
  predict_step(batch: any, batch_idx: number, dataloader_idx = 0): any { return this(batch); }
  training_epoch_end(outputs: any[]): void {}
  validation_epoch_end(outputs: any[]): void {}
  test_epoch_end(outputs: any[]): void {}

  // ---- hooks --------------------------------------------------------------------------------------
  setup(stage: string): void {}
  teardown(stage: string): void {}
  configure_callbacks(): Callback[] | Callback { return []; }
  on_fit_start(): void {}
  on_fit_end(): void {}
  on_train_start(): void {}
  on_train_end(): void {}
  on_validation_start(): void {}
  on_validation_end(): void {}
  on_test_start(): void {}
  on_test_end(): void {}
  on_predict_start(): void {}
  on_predict_end(): void {}
  on_train_epoch_start(): void {}
  on_train_epoch_end(): void {}
  on_validation_epoch_start(): void {}
  on_validation_epoch_end(): void {}
  on_test_epoch_start(): void {}
  on_test_epoch_end(): void {}
  on_predict_epoch_start(): void {}
  on_predict_epoch_end(results: unknown[]): void {}
  on_train_batch_start(batch: any, batch_idx: number): number | void {}
  on_train_batch_end(outputs: any, batch: any, batch_idx: number): void {}
  on_validation_batch_start(batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_validation_batch_end(outputs: any, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_test_batch_start(batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_test_batch_end(outputs: any, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_predict_batch_start(batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_predict_batch_end(outputs: any, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_validation_model_eval(): void { this.eval(); }
  on_validation_model_train(): void { this.train(); }
  on_test_model_eval(): void { this.eval(); }
  on_test_model_train(): void { this.train(); }
  on_before_zero_grad(optimizer: Optimizer): void {}
  on_before_backward(loss: Tensor): void {}
  on_after_backward(): void {}
  on_before_optimizer_step(optimizer: Optimizer, optimizer_idx: number): void {}
  on_save_checkpoint(checkpoint: Record<string, unknown>): void {}
  on_load_checkpoint(checkpoint: Record<string, unknown>): void {}
  on_before_batch_transfer(batch: any, dataloader_idx: number): any { return batch; }
  on_after_batch_transfer(batch: any, dataloader_idx: number): any { return batch; }
  /** Move every tensor in a batch (tensors, arrays, plain objects, Maps) to the device. */
  transfer_batch_to_device(batch: any, device: Device, dataloader_idx: number): any { return moveToDevice(batch, device); }

  /**
   * A model rebuilt from a checkpoint file: `Model.load_from_checkpoint(path, ...constructor arguments)`
   * (Python passes the saved hyperparameters as keyword arguments; here the constructor's arguments are given).
   */
  static load_from_checkpoint<T extends LightningModule>(this: new (...args: any[]) => T, checkpoint_path: string, ...args: any[]): T {
    const ckpt = io.load(checkpoint_path, 'cpu') as { state_dict?: Map<string, Tensor> | Record<string, Tensor> };
    if (!ckpt || !ckpt.state_dict) throw new torch.RuntimeError(`${checkpoint_path} is not a Lightning checkpoint: it has no 'state_dict'`);
    const model = new this(...args);
    model.load_state_dict(ckpt.state_dict);
    model.on_load_checkpoint(ckpt as Record<string, unknown>);
    return model;
  }

  // Dataloaders a module can provide itself (used when fit/validate/test/predict get none).
  train_dataloader?(): Iterable<unknown>;
  val_dataloader?(): Iterable<unknown> | Iterable<unknown>[];
  test_dataloader?(): Iterable<unknown> | Iterable<unknown>[];
  predict_dataloader?(): Iterable<unknown> | Iterable<unknown>[];
}

/** Whether a module defines `name` itself rather than inheriting LightningModule's default. */
export function is_overridden(name: string, model: object | null | undefined, parent: object = LightningModule.prototype): boolean {
  if (!model) return false;
  const m = (model as Record<string, unknown>)[name];
  return typeof m === 'function' && m !== (parent as Record<string, unknown>)[name];
}

export function moveToDevice(batch: unknown, device: Device): unknown {
  if (batch instanceof Tensor) return batch.device.name === device.name ? batch : batch.to(device);
  if (Array.isArray(batch)) return batch.map((b) => moveToDevice(b, device));
  if (batch instanceof Map) return new Map([...batch].map(([k, v]) => [k, moveToDevice(v, device)]));
  if (batch !== null && typeof batch === 'object' && Object.getPrototypeOf(batch) === Object.prototype) {
    return Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, moveToDevice(v, device)]));
  }
  return batch;
}
