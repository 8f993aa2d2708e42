// torch.optim.Optimizer: parameter groups, per-parameter state, zero_grad and state_dict.
import { ValueError } from '../errors';
import { Tensor, typename } from '../tensor/tensor';
import { withGradMode } from '../autograd/graph';

export type ParamGroup = { params: Tensor[]; [option: string]: unknown };
export type Params = Iterable<Tensor> | Iterable<{ params: Iterable<Tensor>; [option: string]: unknown }>;

/** PyTorch's `Invalid <what>: <value>` for hyperparameters given below zero (in its order of checks). */
export function check(values: Record<string, number | undefined>): void {
  for (const [what, v] of Object.entries(values)) if (v !== undefined && v < 0) throw new ValueError(`Invalid ${what}: ${v}`);
}

/** A default that each parameter group must set itself (PyTorch's `required`, e.g. SGD's lr). */
export const required: number = Object.freeze({ toString: () => '<required parameter>' }) as unknown as number;

export abstract class Optimizer<O extends Record<string, unknown> = Record<string, unknown>> {
  param_groups: (ParamGroup & O)[] = [];
  state = new Map<Tensor, Record<string, unknown>>();

  constructor(params: Params, readonly defaults: O) {
    const list = [...params] as unknown[];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as { params: Iterable<Tensor> }[]);
    for (const g of groups) this.add_param_group(g);
  }

  add_param_group(group: { params: Iterable<Tensor>; [option: string]: unknown }): void {
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typename(p)}`);
      if (!(p.is_leaf || p.retains_grad)) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    for (const [k, v] of Object.entries(this.defaults)) {
      if (v === required && !(k in group)) throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${k}`);
    }
    for (const g of this.param_groups) {
      if (params.some((p) => g.params.includes(p))) throw new ValueError('some parameters appear in more than one parameter group');
    }
    this.param_groups.push({ ...this.defaults, ...group, params } as ParamGroup & O);
  }

  /**
   * Resets the gradients of all optimized tensors to zero (or to null with `set_to_none`); call it
   * before each backward pass.
   *
   * @param set_to_none - set the gradients to null instead of zero
   */
  zero_grad(set_to_none = false): void {
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (!p.grad) continue;
        if (set_to_none) p.grad = null;
        else { if (p.grad.grad_fn) p.grad = p.grad.detach(); p.grad.requires_grad_(false); p.grad.zero_(); }
      }
    }
  }

  /** One update of every parameter that has a gradient (under no_grad, as PyTorch's step). */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure ? withGradMode(true, closure) : undefined;
    withGradMode(false, () => { for (const g of this.param_groups) this.update(g); });
    return loss;
  }
  protected abstract update(group: ParamGroup & O): void;

  protected stateOf(p: Tensor): Record<string, unknown> {
    let s = this.state.get(p);
    if (!s) { s = {}; this.state.set(p, s); }
    return s;
  }

  /** Each parameter's state for this step: `init` fills it on the first step, and `step` counts up. */
  protected stepStates(params: Tensor[], init: (s: Record<string, unknown>, p: Tensor) => void): Record<string, unknown>[] {
    return params.map((p) => {
      const s = this.stateOf(p);
      if (s.step === undefined) { s.step = 0; init(s, p); }
      s.step = (s.step as number) + 1;
      return s;
    });
  }

  state_dict(): { state: Record<number, Record<string, unknown>>; param_groups: Record<string, unknown>[] } {
    const ids = new Map<Tensor, number>();
    let next = 0;
    const groups = this.param_groups.map((g) => ({ ...g, params: g.params.map((p) => { ids.set(p, next); return next++; }) }));
    const state: Record<number, Record<string, unknown>> = {};
    for (const [p, s] of this.state) if (ids.has(p)) state[ids.get(p)!] = { ...s };
    return { state, param_groups: groups };
  }
  load_state_dict(sd: { state: Record<number, Record<string, unknown>>; param_groups: Record<string, unknown>[] }): void {
    if (sd.param_groups.length !== this.param_groups.length) throw new ValueError('loaded state dict has a different number of parameter groups');
    sd.param_groups.forEach((g, i) => {
      if ((g.params as unknown[]).length !== this.param_groups[i].params.length) {
        throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
    });
    const byId: Tensor[] = this.param_groups.flatMap((g) => g.params);
    this.state.clear();
    for (const [id, s] of Object.entries(sd.state)) {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) copy[k] = v instanceof Tensor ? v.clone() : v;
      this.state.set(byId[Number(id)], copy);
    }
    sd.param_groups.forEach((g, i) => { const { params: _p, ...opts } = g; Object.assign(this.param_groups[i], opts); });
  }

  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.param_groups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      for (const k of Object.keys(g).filter((k) => k !== 'params').sort()) lines.push(`    ${k}: ${fmt(g[k])}`);
    });
    lines.push(')');
    return lines.join('\n');
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function fmt(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `(${v.join(', ')})`;
  return String(v);
}
