// What `self.log` records, as Lightning's _ResultCollection (trainer/connectors/logger_connector/
// result.py, 1.9): one entry per hook and name, holding the last step value and, for epoch-level
// logging, the batch-size-weighted mean of the step values (or a torchmetrics Metric, whose
// compute() is the epoch value). `metrics(on_step)` gives what goes to the loggers, to callbacks
// (EarlyStopping, ModelCheckpoint) and to the progress bar.
import * as torch from '../torch';
import { Tensor } from '../tensor/tensor';
import { Metric } from '../metrics/metric';
import { MisconfigurationException } from './log';

export interface LogMeta {
  fx: string;
  name: string;
  prog_bar: boolean;
  logger: boolean;
  on_step: boolean;
  on_epoch: boolean;
  reduce_fx: 'mean' | 'sum' | 'max' | 'min';
  metric_attribute?: string;
}

const sameMeta = (a: LogMeta, b: LogMeta) =>
  a.prog_bar === b.prog_bar && a.logger === b.logger && a.on_step === b.on_step && a.on_epoch === b.on_epoch && a.reduce_fx === b.reduce_fx;

class ResultMetric {
  /** The last logged value (a Metric's own forward cache when a Metric is logged). */
  last: Tensor | null = null;
  private acc: Tensor | null = null;
  private count = 0;
  computed: Tensor | null = null;

  constructor(readonly meta: LogMeta, readonly metric: Metric | null) {}

  update(value: Tensor | Metric, batchSize: () => number): void {
    this.computed = null;
    if (this.metric) return;
    const v = value as Tensor;
    this.last = v;
    if (!this.meta.on_epoch) return;
    const r = this.meta.reduce_fx;
    if (r === 'mean') {
      const bs = batchSize();
      this.acc = this.acc ? this.acc.add(v.float().mul(bs)) : v.float().mul(bs);
      this.count += bs;
    } else if (r === 'sum') this.acc = this.acc ? this.acc.add(v) : v;
    else this.acc = this.acc ? (r === 'max' ? torch.maximum(this.acc, v) : torch.minimum(this.acc, v)) : v;
  }

  stepValue(): Tensor | null {
    if (!this.meta.on_step) return null;
    if (this.metric) return (this.metric._forward_cache as Tensor | null) ?? null;
    return this.last;
  }

  epochValue(): Tensor | null {
    if (!this.meta.on_epoch) return null;
    if (this.computed === null) {
      if (this.metric) this.computed = this.metric._update_count > 0 ? this.metric.compute() as Tensor : null;
      else if (this.acc) this.computed = this.meta.reduce_fx === 'mean' ? this.acc.div(this.count) : this.acc;
    }
    return this.computed;
  }

  reset(tensors: boolean, metrics: boolean): void {
    if (this.metric ? metrics : tensors) {
      this.acc = null; this.count = 0; this.last = null; this.computed = null;
      this.metric?.reset();
    }
  }
}

export interface Metrics { callback: Map<string, Tensor>; log: Map<string, Tensor>; pbar: Map<string, Tensor> }

export class ResultCollection {
  private items = new Map<string, ResultMetric>();
  /** The current batch, for the batch size of epoch-level means. */
  batch: unknown = null;
  private batchSize: number | null = null;

  constructor(readonly training: boolean) {}

  log(meta: LogMeta, value: Tensor | Metric): void {
    const key = `${meta.fx}.${meta.name}`;
    let r = this.items.get(key);
    if (!r) {
      r = new ResultMetric(meta, value instanceof Metric ? value : null);
      this.items.set(key, r);
    } else if (!sameMeta(r.meta, meta)) {
      throw new MisconfigurationException(`You called \`self.log(${meta.name}, ...)\` twice in \`${meta.fx}\` with different arguments. This is not allowed`);
    }
    r.update(value, () => this.batch_size());
  }

  /** The size of the current batch: the first dimension of its first tensor (Lightning's extract_batch_size). */
  batch_size(): number {
    if (this.batchSize === null) this.batchSize = extractBatchSize(this.batch) ?? 1;
    return this.batchSize;
  }
  setBatch(batch: unknown): void { this.batch = batch; this.batchSize = null; }
  /** `self.log(..., { batch_size })` says it outright. */
  setBatchSize(n: number): void { this.batchSize = n; }

  /** Step values (during a batch) or epoch values (at the end of an epoch), under their logged names. */
  metrics(on_step: boolean): Metrics {
    const out: Metrics = { callback: new Map(), log: new Map(), pbar: new Map() };
    for (const r of this.items.values()) {
      const v = on_step ? r.stepValue() : r.epochValue();
      if (!v) continue;
      const forked = r.meta.on_step && r.meta.on_epoch;
      const name = r.meta.name, forkedName = forked ? `${name}_${on_step ? 'step' : 'epoch'}` : name;
      const value = v.detach();
      if (r.meta.logger) out.log.set(forkedName, value);
      if (this.training || (r.meta.on_epoch && !on_step)) { out.callback.set(name, value); out.callback.set(forkedName, value); }
      if (r.meta.prog_bar) out.pbar.set(forkedName, value);
    }
    return out;
  }

  /** Forget tensor values logged in `fx` (a new epoch of that hook), keeping Metric objects. */
  resetFx(fx: string): void {
    for (const [k, r] of this.items) if (k.startsWith(`${fx}.`)) r.reset(true, false);
  }
  /** Clear everything: logged values and the logged Metric objects' states. */
  reset(): void { for (const r of this.items.values()) r.reset(true, true); }
}

/** Lightning's extract_batch_size: the length of the first tensor found in the batch. */
export function extractBatchSize(batch: unknown): number | null {
  if (batch instanceof Tensor) return batch.ndim === 0 ? 1 : batch._shape[0];
  if (typeof batch === 'string' || batch === null || typeof batch !== 'object') return null;
  const values = Array.isArray(batch) ? batch : batch instanceof Map ? [...batch.values()] : Object.values(batch);
  for (const v of values) { const n = extractBatchSize(v); if (n !== null) return n; }
  return null;
}
