// The Trainer's loops, in Lightning 1.9's order of hooks (loops/fit_loop.py,
// loops/epoch/training_epoch_loop.py, loops/optimization/optimizer_loop.py,
// loops/dataloader/evaluation_loop.py, loops/dataloader/prediction_loop.py): the sanity check,
// epochs of training batches with validation every `val_check_batch` batches, and the evaluation
// and prediction loops.
import * as torch from '../torch';
import { Tensor } from '../tensor/tensor';
import { Optimizer } from '../optim/optimizer';
import { is_overridden } from './module';
import { rank_zero_info, rank_zero_warn, MisconfigurationException } from './log';
import { floatRepr } from '../python/repr';
import type { Trainer } from './trainer';

export type Loaders = Iterable<unknown> | Iterable<unknown>[];

/** `min(n, limit)` for counts above 1, `floor(n * limit)` for fractions. */
export function limitBatches(name: string, n: number, limit: number): number {
  if (limit > 1) return Math.min(n, limit);
  if (n === Infinity) {
    if (limit !== 1) throw new MisconfigurationException(`When using an \`IterableDataset\`, \`Trainer(${name})\` must be \`1.0\` or an int. An int specifies \`num_${name.replace('limit_', '')}\` to use.`);
    return n;
  }
  const k = Math.floor(n * limit);
  if (k === 0 && limit > 0 && n > 0) {
    throw new MisconfigurationException(`You requested to check ${limit} of the \`${name.replace('limit_', '').replace('_batches', '')}_dataloader\` but ${limit} * ${n} < 1. Please increase the \`${name}\` argument. Try at least \`${name}=${1 / n}\``);
  }
  return k;
}

/** len(loader) where it has one (`__len__()` or `length`), else Infinity. */
export function lengthOf(loader: Iterable<unknown>): number {
  const l = loader as { __len__?: () => number; length?: number };
  if (typeof l.__len__ === 'function') return l.__len__();
  if (typeof l.length === 'number') return l.length;
  return Infinity;
}

/** The mean of the last `window` training losses, for the progress bar (TensorRunningAccum). */
export class RunningMean {
  private values: Tensor[] = [];
  constructor(readonly window: number) {}
  append(t: Tensor): void { this.values.push(t); if (this.values.length > this.window) this.values.shift(); }
  reset(): void { this.values = []; }
  mean(): number | null { return this.values.length ? torch.stack(this.values).float().mean().item() : null; }
}

/** A training_step output as Lightning's ClosureResult: the loss to backpropagate and what is kept. */
function closureResult(out: unknown, automatic: boolean): { loss: Tensor | null; kept: Record<string, unknown> | null } {
  if (out === undefined || out === null) return { loss: null, kept: null };
  if (out instanceof Tensor) return { loss: out, kept: { loss: out.detach() } };
  if (typeof out === 'object' && !Array.isArray(out)) {
    const d = out as Record<string, unknown>;
    const loss = d.loss as Tensor | undefined;
    if (automatic && !(loss instanceof Tensor)) {
      throw new MisconfigurationException("In automatic_optimization, when `training_step` returns a dict, the 'loss' key needs to be present");
    }
    return { loss: loss ?? null, kept: { ...d, ...(loss instanceof Tensor ? { loss: loss.detach() } : {}) } };
  }
  if (automatic) throw new MisconfigurationException('In automatic optimization, `training_step` must return a Tensor, a dict, or None (where the step will be skipped).');
  return { loss: null, kept: null };
}

/** Batches of a loader (at most `limit`), moved to the device through the module's transfer hooks, and whether each is the last. */
function* batchesOf(t: Trainer, loader: Iterable<unknown>, limit: number, dataloader_idx: number): Generator<[unknown, number, boolean]> {
  if (limit <= 0) return;
  const it = loader[Symbol.iterator]();
  try {
    let cur = it.next();
    for (let i = 0; !cur.done && i < limit; i++) {
      // The length is known unless the limit is infinite: then the next batch is fetched ahead, as Lightning's data fetcher does.
      const ahead = i + 1 < limit && limit === Infinity ? it.next() : null;
      const last = i + 1 >= limit || (ahead !== null && ahead.done === true);
      let batch = t._call_lightning_module_hook('on_before_batch_transfer', cur.value, dataloader_idx);
      batch = t._call_lightning_module_hook('transfer_batch_to_device', batch, t.root_device, dataloader_idx);
      batch = t._call_lightning_module_hook('on_after_batch_transfer', batch, dataloader_idx);
      yield [batch, i, last];
      if (last) break;
      cur = ahead ?? it.next();
    }
  } finally {
    it.return?.();
  }
}

// ---- fit ----------------------------------------------------------------------------------------------
export function fitLoop(t: Trainer): void {
  const m = t.lightning_module!;
  resetTrainDataloader(t);
  if (t.enable_validation) resetValDataloaders(t);
  sanityCheck(t);
  t.state.stage = 'train';
  m.train();
  if (!fitDone(t)) {
    t._call_callback_hooks('on_train_start');
    t._call_lightning_module_hook('on_train_start');
    while (!fitDone(t)) runEpoch(t);
    t._call_callback_hooks('on_train_end');
    t._call_lightning_module_hook('on_train_end');
  }
  t.state.stage = null;
}

/** FitLoop.done, with its messages. */
function fitDone(t: Trainer): boolean {
  const p = t._progress;
  if (t.num_training_batches === 0) { rank_zero_info('`Trainer.fit` stopped: No training batches.'); return true; }
  if (t.max_steps !== -1 && p.global_step >= t.max_steps) { rank_zero_info(`\`Trainer.fit\` stopped: \`max_steps=${t.max_steps}\` reached.`); return true; }
  if (t.max_epochs !== -1 && p.epochs_processed >= t.max_epochs) {
    p.epochs_completed = p.epochs_processed;
    rank_zero_info(`\`Trainer.fit\` stopped: \`max_epochs=${t.max_epochs}\` reached.`);
    return true;
  }
  return t.should_stop && canStopEarly(t);
}

function canStopEarly(t: Trainer): boolean {
  return (t.min_epochs ? t._progress.epochs_processed >= t.min_epochs : true) && (t.min_steps ? t._progress.global_step >= t.min_steps : true);
}

function resetTrainDataloader(t: Trainer): void {
  const n = lengthOf(t.train_dataloader!);
  t.num_training_batches = limitBatches('limit_train_batches', n, t.limit_train_batches);
  const vci = t.val_check_interval;
  if (vci > 1) {
    t.val_check_batch = vci;
    if (vci > t.num_training_batches && t.check_val_every_n_epoch !== null) {
      throw new torch.ValueError(`\`val_check_interval\` (${vci}) must be less than or equal to the number of the training batches (${t.num_training_batches}). If you want to disable validation set \`limit_val_batches\` to 0.0 instead.If you want to validate based on the total training batches, set \`check_val_every_n_epoch=None\`.`);
    }
  } else if (t.num_training_batches === Infinity) {
    if (vci !== 1) throw new MisconfigurationException('When using an IterableDataset for `train_dataloader`, `Trainer(val_check_interval)` must be `1.0` or an int. An int k specifies checking validation every k training batches.');
    t.val_check_batch = Infinity;
  } else {
    t.val_check_batch = Math.max(1, Math.floor(t.num_training_batches * vci));
  }
  if (t.loggers.length && t.num_training_batches < t.log_every_n_steps) {
    rank_zero_warn(`The number of training batches (${t.num_training_batches}) is smaller than the logging interval Trainer(log_every_n_steps=${t.log_every_n_steps}). Set a lower value for log_every_n_steps if you want to see logs for the training epoch.`, 'PossibleUserWarning');
  }
}

function resetValDataloaders(t: Trainer): void {
  t.num_val_batches = t.val_dataloaders.map((l) => limitBatches('limit_val_batches', lengthOf(l), t.limit_val_batches));
  warnShuffled(t.val_dataloaders, 'val_dataloader');
}

function warnShuffled(loaders: Iterable<unknown>[], name: string): void {
  if (loaders.some((l) => (l as { sampler?: object }).sampler?.constructor?.name === 'RandomSampler')) {
    rank_zero_warn(`Your \`${name}\`'s sampler has shuffling enabled, it is strongly recommended that you turn shuffling off for val/test/predict dataloaders.`, 'PossibleUserWarning');
  }
}

function sanityCheck(t: Trainer): void {
  if (!(t.enable_validation && t.num_sanity_val_steps !== 0 && t.limit_val_batches > 0)) return;
  t.state.stage = 'sanity_check';
  t._eval_results.reset();
  t._callback_metrics.clear(); t._logged_metrics.clear(); t._progress_bar_metrics.clear();
  t._call_callback_hooks('on_sanity_check_start');
  t.num_sanity_val_batches = t.num_val_batches.map((n) => (t.num_sanity_val_steps === -1 ? n : Math.min(t.num_sanity_val_steps, n)));
  torch.no_grad(() => runEvaluation(t, 'validate', t.val_dataloaders, t.num_sanity_val_batches));
  t._call_callback_hooks('on_sanity_check_end');
  t._eval_results.reset();
  t._callback_metrics.clear(); t._logged_metrics.clear(); t._progress_bar_metrics.clear();
  t.state.stage = 'train';
}

function runEpoch(t: Trainer): void {
  const m = t.lightning_module!;
  const p = t._progress;
  p.train_batches = 0;
  p.val_batches_epoch = 0;
  const keepOutputs = is_overridden('training_epoch_end', m);
  const outputs: unknown[] = [];
  t._on_epoch_start();
  t._call_callback_hooks('on_train_epoch_start');
  t._call_lightning_module_hook('on_train_epoch_start');
  let lastBatch = false;
  for (const [batch, batch_idx, last] of batchesOf(t, t.train_dataloader!, t.num_training_batches, 0)) {
    lastBatch = last;
    p.total_batch_idx++;
    t._on_batch_start(batch);
    t._call_callback_hooks('on_train_batch_start', batch, batch_idx);
    if (t._call_lightning_module_hook('on_train_batch_start', batch, batch_idx) === -1) { p.train_batches++; break; }
    const out = m.automatic_optimization ? optimizationStep(t, batch, batch_idx, last) : manualStep(t, batch, batch_idx);
    p.train_batches++;
    const accumulating = p.train_batches % t.accumulate_grad_batches !== 0 && !last;
    if (!accumulating) updateSchedulers(t, 'step', false, batch_idx);
    if (last) updateSchedulers(t, 'epoch', false, batch_idx);
    t._call_callback_hooks('on_train_batch_end', out, batch, batch_idx);
    t._call_lightning_module_hook('on_train_batch_end', out, batch, batch_idx);
    t._on_batch_end();
    if (keepOutputs && out !== null) outputs.push(out);
    t._update_train_step_metrics();
    // on_advance_end: validation when due, plateau schedulers, the logging step.
    if (shouldCheckVal(t, batch_idx, last)) {
      t.state.stage = 'validate';
      torch.no_grad(() => runEvaluation(t, 'validate', t.val_dataloaders, t.num_val_batches));
      t.state.stage = 'train';
      t._on_epoch_start();
    }
    if (!accumulating) { updateSchedulers(t, 'step', true, batch_idx); p.batches_that_stepped++; }
    if (t.should_stop) for (const lg of t.loggers) lg.save();
    if ((t.max_steps !== -1 && p.global_step >= t.max_steps) || (t.should_stop && canStopEarly(t))) break;
  }
  // FitLoop.on_advance_end: the epoch-end hooks, then the epoch's metrics to the loggers.
  t._on_epoch_end();
  if (keepOutputs && outputs.length) {
    if (t._call_lightning_module_hook('training_epoch_end', outputs) !== undefined) {
      throw new MisconfigurationException('`training_epoch_end` expects a return of None. HINT: remove the return statement in `training_epoch_end`.');
    }
  }
  p.epochs_processed++;
  t._call_callback_hooks('on_train_epoch_end');
  t._call_lightning_module_hook('on_train_epoch_end');
  t._on_epoch_end();
  if (lastBatch) updateSchedulers(t, 'epoch', true, 0);
  p.batches_that_stepped--;
  t._log_metrics(t._epoch_metrics_log());
  p.batches_that_stepped++;
  t._train_results.reset();
  p.epochs_completed++;
}

function shouldCheckVal(t: Trainer, batch_idx: number, last: boolean): boolean {
  if (!t._should_check_val_epoch()) return false;
  if (last && t.val_check_batch === Infinity) return true;
  if (t.should_stop && canStopEarly(t)) return true;
  if (t.val_check_batch === Infinity) return last;
  const it = t.check_val_every_n_epoch === null ? t._progress.total_batch_idx : batch_idx;
  return (it + 1) % t.val_check_batch === 0;
}

/** Automatic optimization of one batch: for each optimizer, step with a closure that runs training_step, zero_grad and backward. */
function optimizationStep(t: Trainer, batch: unknown, batch_idx: number, last: boolean): unknown {
  const opts = activeOptimizers(t);
  const kept: unknown[] = [];
  const accumulate = (t._progress.train_batches + 1) % t.accumulate_grad_batches !== 0 && !last;
  for (const [opt_idx, optimizer] of opts) {
    let result: ReturnType<typeof closureResult> = { loss: null, kept: null };
    const closure = () => {
      const args: unknown[] = [batch, batch_idx];
      if (t.optimizers.length > 1) args.push(opt_idx);
      let out = t._call_lightning_module_hook('training_step', ...args);
      if (is_overridden('training_step_end', t.lightning_module)) out = t._call_lightning_module_hook('training_step_end', out);
      result = closureResult(out, true);
      if (result.loss && t.accumulate_grad_batches > 1) result.loss = result.loss.div(t.accumulate_grad_batches);
      // Gradients are zeroed on the first batch of each accumulation window (optimizer_loop.py, _make_zero_grad_fn).
      if (batch_idx % t.accumulate_grad_batches === 0 && optimizer) {
        t._call_callback_hooks('on_before_zero_grad', optimizer);
        t._call_lightning_module_hook('on_before_zero_grad', optimizer);
        t._call_lightning_module_hook('optimizer_zero_grad', t.current_epoch, batch_idx, optimizer, opt_idx);
      }
      if (result.loss) t._backward(result.loss, optimizer, opt_idx);
      return result.loss;
    };
    if (accumulate || !optimizer) {
      closure();
    } else {
      // The precision plugin runs the closure, then on_before_optimizer_step and gradient clipping, then steps.
      const wrapped = () => {
        const loss = closure();
        t._call_callback_hooks('on_before_optimizer_step', optimizer, opt_idx);
        t._call_lightning_module_hook('on_before_optimizer_step', optimizer, opt_idx);
        t._call_lightning_module_hook('configure_gradient_clipping', optimizer, opt_idx, t.gradient_clip_val, t.gradient_clip_algorithm);
        return loss;
      };
      t._call_lightning_module_hook('optimizer_step', t.current_epoch, batch_idx, optimizer, opt_idx, wrapped);
      t._progress.global_step++;
    }
    if (result.loss) {
      // The bar's running loss gets the mean over an accumulation window, scaled back (batch_loop's _update_running_loss).
      t._accumulated_loss.push(result.loss.detach());
      if (!accumulate) {
        const acc = t._accumulated_loss;
        t._running_loss.append(acc.length === 1 ? acc[0] : torch.stack(acc).mean().mul(t.accumulate_grad_batches));
        t._accumulated_loss = [];
      }
    }
    kept.push(result.kept);
  }
  return t.optimizers.length > 1 ? kept : kept[0] ?? null;
}

function activeOptimizers(t: Trainer): [number, Optimizer | null][] {
  if (!t.optimizers.length) return [[0, null]];
  if (!t.optimizer_frequencies.length) return t.optimizers.map((o, i) => [i, o]);
  const cycle = t.optimizer_frequencies.reduce((a, b) => a + b, 0);
  let r = t._progress.total_batch_idx % cycle;
  for (let i = 0; i < t.optimizers.length; i++) {
    if (r < t.optimizer_frequencies[i]) return [[i, t.optimizers[i]]];
    r -= t.optimizer_frequencies[i];
  }
  return [[0, t.optimizers[0]]];
}

/** Manual optimization: training_step does backward and step itself (self.manual_backward, opt.step()). */
function manualStep(t: Trainer, batch: unknown, batch_idx: number): unknown {
  let step = t._call_lightning_module_hook('training_step', batch, batch_idx);
  if (is_overridden('training_step_end', t.lightning_module)) step = t._call_lightning_module_hook('training_step_end', step);
  const out = closureResult(step, false);
  if (out.loss) t._running_loss.append(out.loss.detach());
  return out.kept;
}

function updateSchedulers(t: Trainer, interval: 'step' | 'epoch', plateau: boolean, batch_idx: number): void {
  if (!t.lr_scheduler_configs.length || !t.lightning_module!.automatic_optimization) return;
  const active = new Set(activeOptimizers(t).map(([i]) => i));
  for (const c of t.lr_scheduler_configs) {
    if (c.opt_idx !== null && !active.has(c.opt_idx)) continue;
    if (plateau !== c.reduce_on_plateau || c.interval !== interval) continue;
    const idx = (interval === 'step' ? batch_idx : t.current_epoch) + 1;
    if (idx % c.frequency !== 0) continue;
    let metric: unknown = null;
    if (c.reduce_on_plateau) {
      const metrics = t.callback_metrics;
      metric = metrics[c.monitor!];
      if (metric === undefined) {
        if (c.strict) {
          throw new MisconfigurationException(`ReduceLROnPlateau conditioned on metric ${c.monitor} which is not available. Available metrics are: [${Object.keys(metrics).map((k) => `'${k}'`).join(', ')}]. Condition can be set using \`monitor\` key in lr scheduler dict`);
        }
        rank_zero_warn(`ReduceLROnPlateau conditioned on metric ${c.monitor} which is not available but strict is set to \`False\`. Skipping learning rate update.`, 'RuntimeWarning');
        continue;
      }
    }
    t._call_lightning_module_hook('lr_scheduler_step', c.scheduler, c.opt_idx ?? 0, metric);
  }
}

// ---- evaluation -----------------------------------------------------------------------------------
/** trainer.validate / trainer.test: the loop in evaluation mode, the results table, the logged metrics. */
export function evaluationLoop(t: Trainer, fn: 'validate' | 'test', verbose: boolean): Record<string, number>[] {
  const loaders = fn === 'validate' ? t.val_dataloaders : t.test_dataloaders;
  const limit = fn === 'validate' ? t.limit_val_batches : t.limit_test_batches;
  const counts = loaders.map((l) => limitBatches(fn === 'validate' ? 'limit_val_batches' : 'limit_test_batches', lengthOf(l), limit));
  if (fn === 'validate') t.num_val_batches = counts; else t.num_test_batches = counts;
  warnShuffled(loaders, fn === 'validate' ? 'val_dataloader' : 'test_dataloader');
  t.state.stage = fn;
  const out = torch.no_grad(() => runEvaluation(t, fn, loaders, counts));
  t.state.stage = null;
  const results = out.map((d) => Object.fromEntries([...d].map(([k, v]) => [k, v.item()])));
  if (verbose) printResults(out, fn === 'validate' ? 'Validate' : 'Test');
  return results;
}

/** EvaluationLoop.run: hooks, batches of every dataloader, the epoch end; returns the logged epoch metrics per dataloader. */
function runEvaluation(t: Trainer, fn: 'validate' | 'test', loaders: Iterable<unknown>[], counts: number[]): Map<string, Tensor>[] {
  const m = t.lightning_module!;
  const test = fn === 'test';
  const H = (s: string) => (test ? s.replace('validation', 'test') : s);
  if (!loaders.length || counts.every((c) => c === 0)) return [];
  const step = test ? 'test_step' : 'validation_step';
  const keepOutputs = is_overridden(test ? 'test_epoch_end' : 'validation_epoch_end', m);
  t._call_lightning_module_hook(test ? 'on_test_model_eval' : 'on_validation_model_eval');
  m.zero_grad();
  t._call_callback_hooks(H('on_validation_start'));
  t._call_lightning_module_hook(H('on_validation_start'));
  t._on_epoch_start();
  t._call_callback_hooks(H('on_validation_epoch_start'));
  t._call_lightning_module_hook(H('on_validation_epoch_start'));
  const outputs: unknown[][] = [];
  const logged: Map<string, Tensor>[] = [];
  loaders.forEach((loader, dl) => {
    const dlOut: unknown[] = [];
    t._progress.eval_batches = 0;
    for (const [batch, batch_idx] of batchesOf(t, loader, counts[dl], dl)) {
      t._on_batch_start(batch);
      const extra = loaders.length > 1 ? [dl] : [];
      t._call_callback_hooks(H('on_validation_batch_start'), batch, batch_idx, dl);
      t._call_lightning_module_hook(H('on_validation_batch_start'), batch, batch_idx, dl);
      let out = t._call_lightning_module_hook(step, batch, batch_idx, ...extra);
      if (is_overridden(`${step}_end`, m)) out = t._call_lightning_module_hook(`${step}_end`, out);
      t._progress.eval_batches++;
      if (fn === 'validate' && t.state.fn === 'fit') t._progress.val_batches_epoch++;
      t._call_callback_hooks(H('on_validation_batch_end'), out, batch, batch_idx, dl);
      t._call_lightning_module_hook(H('on_validation_batch_end'), out, batch, batch_idx, dl);
      t._on_batch_end();
      if (keepOutputs && out !== undefined && out !== null) dlOut.push(out);
      t._update_eval_step_metrics();
    }
    outputs.push(dlOut);
    t._on_epoch_end();
    logged.push(new Map(t._epoch_metrics_log()));
  });
  t._on_epoch_end();
  if (keepOutputs) t._call_lightning_module_hook(test ? 'test_epoch_end' : 'validation_epoch_end', loaders.length === 1 ? outputs[0] : outputs);
  t._call_callback_hooks(H('on_validation_epoch_end'));
  t._call_lightning_module_hook(H('on_validation_epoch_end'));
  t._on_epoch_end();
  const end = t._epoch_metrics_log();
  for (const d of logged) for (const [k, v] of end) d.set(k, v);
  if (!t.sanity_checking) {
    const all = new Map<string, Tensor>();
    for (const d of logged) for (const [k, v] of d) all.set(k, v);
    t._log_metrics(all);
    if (t.state.fn === 'fit') t._val_has_run = true;
  }
  t._call_callback_hooks(H('on_validation_end'));
  t._call_lightning_module_hook(H('on_validation_end'));
  t._eval_results.reset();
  t._call_lightning_module_hook(test ? 'on_test_model_train' : 'on_validation_model_train');
  return logged;
}

/** The plain-text table Lightning prints after trainer.validate / trainer.test (without rich). */
function printResults(results: Map<string, Tensor>[], stage: string): void {
  const names = [...new Set(results.flatMap((r) => [...r.keys()]))].sort();
  if (!names.length) return;
  const term = 120;
  const headers = results.map((_, i) => `DataLoader ${i}`);
  const width = Math.trunc(Math.min(Math.max(...names.map((n) => n.length), ...headers.map((h) => h.length), 25), term / 2));
  const center = (s: string) => { const pad = width - s.length; if (pad <= 0) return s; const l = Math.floor(pad / 2); return ' '.repeat(l) + s + ' '.repeat(pad - l); };
  const row = (cells: string[]) => cells.map(center).join('').replace(/\s+$/, '');
  const bar = '─'.repeat(term);
  const value = (t: Tensor | undefined) => (t === undefined ? ' ' : t.numel() === 1 ? (t.dtype.is_floating_point ? floatRepr(t.item()) : String(t.item())) : JSON.stringify(t.tolist()));
  const lines = [bar, row([`${stage} metric`, ...headers]), bar, ...names.map((n) => row([n, ...results.map((r) => value(r.get(n)))])), bar];
  console.log(lines.join('\n'));
}

// ---- predict ----------------------------------------------------------------------------------------
export function predictLoop(t: Trainer, returnPredictions: boolean): unknown[] {
  const m = t.lightning_module!;
  const loaders = t.predict_dataloaders;
  t.num_predict_batches = loaders.map((l) => limitBatches('limit_predict_batches', lengthOf(l), t.limit_predict_batches));
  warnShuffled(loaders, 'predict_dataloader');
  t.state.stage = 'predict';
  const all: unknown[][] = [];
  torch.no_grad(() => {
    m.eval();
    t._call_callback_hooks('on_predict_start');
    t._call_lightning_module_hook('on_predict_start');
    t._call_callback_hooks('on_predict_epoch_start');
    t._call_lightning_module_hook('on_predict_epoch_start');
    loaders.forEach((loader, dl) => {
      const preds: unknown[] = [];
      t._progress.eval_batches = 0;
      for (const [batch, batch_idx] of batchesOf(t, loader, t.num_predict_batches[dl], dl)) {
        t._call_callback_hooks('on_predict_batch_start', batch, batch_idx, dl);
        t._call_lightning_module_hook('on_predict_batch_start', batch, batch_idx, dl);
        const out = t._call_lightning_module_hook('predict_step', batch, batch_idx, ...(loaders.length > 1 ? [dl] : []));
        t._progress.eval_batches++;
        t._call_callback_hooks('on_predict_batch_end', out, batch, batch_idx, dl);
        t._call_lightning_module_hook('on_predict_batch_end', out, batch, batch_idx, dl);
        if (returnPredictions) preds.push(out);
      }
      all.push(preds);
    });
    t._call_callback_hooks('on_predict_epoch_end', all);
    t._call_lightning_module_hook('on_predict_epoch_end', all);
    t._call_callback_hooks('on_predict_end');
    t._call_lightning_module_hook('on_predict_end');
  });
  t.state.stage = null;
  if (!returnPredictions) return [];
  return loaders.length === 1 ? all[0] : all;
}
