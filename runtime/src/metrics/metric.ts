// torchmetrics.Metric (0.11): a Module that accumulates state over batches. `update(...)` adds a
// batch, `compute()` reduces the state (cached until the next update), `reset()` restores the
// defaults, and calling the metric (`forward`) returns the value on the batch alone while adding
// it to the state. States are plain tensor attributes, not parameters or buffers: they are not in
// state_dict() (torchmetrics' states are non-persistent by default) and show 0 params in a summary.
import * as torch from '../torch';
import { Module } from '../nn/module';
import { Tensor } from '../tensor/tensor';
import { Device } from '../tensor/storage';
import { warn } from '../warnings';

type State = Tensor | Tensor[];
export type Reduction = 'sum' | 'mean' | 'cat' | 'min' | 'max' | null;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = any[];

export abstract class Metric extends Module {
  /** Whether update() needs the full state (then forward() runs update twice, as torchmetrics). */
  full_state_update: boolean | null = null;
  is_differentiable: boolean | null = null;
  higher_is_better: boolean | null = null;
  _update_count = 0;
  _computed: unknown = null;
  _forward_cache: unknown = null;
  declare _defaults: Map<string, State>;
  declare _reductions: Map<string, Reduction>;
  declare _enable_grad: boolean;

  abstract update(...args: Args): void;
  abstract compute(): unknown;

  constructor() {
    super();
    Object.defineProperties(this, {
      _defaults: { value: new Map(), writable: true, enumerable: false },
      _reductions: { value: new Map(), writable: true, enumerable: false },
      _enable_grad: { value: false, writable: true, enumerable: false },
    });
    // torchmetrics wraps the subclass's update/compute: update invalidates the cached value and
    // counts, compute caches and squeezes a one-element result to a scalar.
    const update = this.update, compute = this.compute;
    Object.defineProperties(this, {
      update: { value: (...args: Args) => this._update(update, args), writable: true, enumerable: false },
      compute: { value: () => this._compute(compute), writable: true, enumerable: false },
    });
  }

  /** Register a state with its default (cloned on reset) and how batch states combine. */
  add_state(name: string, defaultValue: State, dist_reduce_fx: Reduction = null): void {
    if (!(defaultValue instanceof Tensor) && !(Array.isArray(defaultValue) && defaultValue.length === 0)) {
      throw new torch.ValueError('state variable must be a tensor or any empty list (where you can append tensors)');
    }
    this._defaults.set(name, defaultValue instanceof Tensor ? defaultValue.detach().clone() : []);
    this._reductions.set(name, dist_reduce_fx);
    this._set(name, defaultValue instanceof Tensor ? defaultValue.detach().clone() : []);
  }

  _get(name: string): State { return (this as unknown as Record<string, State>)[name]; }
  _set(name: string, v: State): void { (this as unknown as Record<string, State>)[name] = v; }

  private _update(update: (...a: Args) => void, args: Args): void {
    this._computed = null;
    this._update_count++;
    const t = args.find((a): a is Tensor => a instanceof Tensor);
    if (t) this._move_states(t.device);
    torch.set_grad_enabled(this._enable_grad, () => update.apply(this, args));
  }

  private _compute(compute: () => unknown): unknown {
    if (this._update_count === 0) {
      warn(`The \`\`compute\`\` method of metric ${this._get_name()} was called before the \`\`update\`\` method which may lead to errors,`
        + ' as metric states have not yet been updated.');
    }
    if (this._computed !== null) return this._computed;
    let value = torch.set_grad_enabled(this._enable_grad, () => compute.call(this));
    if (value instanceof Tensor && value.numel() === 1 && value.ndim > 0) value = value.reshape([]);
    this._computed = value;
    return value;
  }

  /** The value on this batch alone; the batch is also added to the state. */
  override forward(...args: Args): unknown {
    this._forward_cache = this.full_state_update === false ? this._forward_reduce(args) : this._forward_full(args);
    return this._forward_cache;
  }

  private _states(): Map<string, State> {
    return new Map([...this._defaults.keys()].map((k) => [k, this._get(k)]));
  }

  private _forward_full(args: Args): unknown {
    this.update(...args);
    const count = this._update_count, saved = this._states();
    this.reset();
    this._enable_grad = true;
    try {
      this.update(...args);
      return this.compute();
    } finally {
      this._enable_grad = false;
      for (const [k, v] of saved) this._set(k, v);
      this._update_count = count;
      this._computed = null;
    }
  }

  private _forward_reduce(args: Args): unknown {
    const global = this._states(), count = this._update_count;
    this.reset();
    this._enable_grad = true;
    let batch: unknown;
    try {
      this.update(...args);
      batch = this.compute();
    } finally {
      this._enable_grad = false;
    }
    this._update_count = count + 1;
    torch.no_grad(() => {
      for (let [k, g] of global) {
        const local = this._get(k), fx = this._reductions.get(k) ?? null;
        if (Array.isArray(g)) { this._set(k, [...g.map((t) => t.to((local as Tensor[])[0]?.device ?? t.device)), ...(local as Tensor[])]); continue; }
        const l = local as Tensor;
        // The batch may have moved the states to its device (the first batch on cuda).
        g = g.device.name === l.device.name ? g : g.to(l.device);
        this._set(k, fx === 'sum' ? g.add(l)
          : fx === 'mean' ? g.mul(this._update_count - 1).add(l).float().div(this._update_count)
          : fx === 'max' ? torch.maximum(g, l)
          : fx === 'min' ? torch.minimum(g, l)
          : fx === 'cat' ? torch.cat([g, l])
          : torch.stack([g, l]));
      }
    });
    this._computed = null;
    return batch;
  }

  /** Restore every state to its default. */
  reset(): void {
    this._update_count = 0;
    this._computed = null;
    this._forward_cache = null;
    const device = this.device;
    for (const [k, d] of this._defaults) this._set(k, d instanceof Tensor ? d.clone().to(device) : []);
  }

  /** Where the states live (they follow the inputs of update, and model.to(device)). */
  get device(): Device {
    for (const k of this._defaults.keys()) {
      const s = this._get(k);
      if (s instanceof Tensor) return s.device;
      if (Array.isArray(s) && s.length) return s[0].device;
    }
    return torch.device('cpu');
  }

  _move_states(device: Device): void {
    if (this.device.name === device.name) return;
    for (const k of this._defaults.keys()) {
      const s = this._get(k);
      this._set(k, s instanceof Tensor ? s.to(device) : s.map((t) => t.to(device)));
    }
  }

  override _apply(fn: (t: Tensor) => Tensor): this {
    super._apply(fn);
    torch.no_grad(() => {
      for (const k of this._defaults.keys()) {
        const s = this._get(k);
        this._set(k, s instanceof Tensor ? fn(s) : s.map(fn));
      }
    });
    return this;
  }
}
