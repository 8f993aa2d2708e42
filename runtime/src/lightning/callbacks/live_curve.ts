// An opt-in callback that draws the training loss (the mean over every `every_n_steps` steps of
// what training_step returned) and the validation loss (the mean of what validation_step returned,
// per validation run) as one live figure, plus any logged metrics named in `metrics`.
import { Callback } from './callback';
import { LiveLossCurve as Curve, LiveLossCurveOpts } from '../../progress/curve';
import { Tensor } from '../../tensor/tensor';
import type { Trainer } from '../trainer';

function lossOf(out: unknown): number | null {
  if (out instanceof Tensor) return out.numel() === 1 ? out.item() : null;
  if (out && typeof out === 'object' && 'loss' in out) return lossOf((out as { loss: unknown }).loss);
  return null;
}

export class LiveLossCurve extends Callback {
  curve: Curve | null = null;
  private train: number[] = [];
  private val: number[] = [];
  readonly every_n_steps: number;
  readonly metrics: string[];

  constructor(private readonly opts: LiveLossCurveOpts & { every_n_steps?: number; metrics?: string[] } = {}) {
    super();
    this.every_n_steps = opts.every_n_steps ?? 10;
    this.metrics = opts.metrics ?? [];
  }

  override on_fit_start(): void { this.curve = new Curve(this.opts); this.train = []; }
  override on_train_batch_end(trainer: Trainer, _m: unknown, outputs: unknown): void {
    const l = lossOf(outputs);
    if (l !== null) this.train.push(l);
    if (this.train.length >= this.every_n_steps) {
      this.curve?.log({ train_loss: this.train.reduce((a, b) => a + b, 0) / this.train.length }, trainer.global_step);
      this.train = [];
    }
  }
  override on_validation_start(): void { this.val = []; }
  override on_validation_batch_end(_t: Trainer, _m: unknown, outputs: unknown): void {
    const l = lossOf(outputs);
    if (l !== null) this.val.push(l);
  }
  override on_validation_end(trainer: Trainer): void {
    if (trainer.sanity_checking || !this.curve) return;
    const values: Record<string, number> = {};
    if (this.val.length) values.val_loss = this.val.reduce((a, b) => a + b, 0) / this.val.length;
    for (const m of this.metrics) { const t = trainer.callback_metrics[m]; if (t) values[m] = t.item(); }
    if (Object.keys(values).length) this.curve.log(values, trainer.global_step);
  }
  override on_fit_end(): void { this.curve?.close(); }
  override on_exception(): void { this.curve?.close(); }
}
