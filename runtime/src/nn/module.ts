// nn.Module and nn.Parameter. A module is callable like PyTorch's (`model(x)`), and registers its
// submodules and parameters by plain assignment: JS keeps string keys in insertion order, so
// declaration order is read back from the object itself.
import { RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { DType, float32 } from '../tensor/dtype';
import { Device } from '../tensor/storage';
import { parameterRepr } from '../display/format';
import { withGradMode } from '../autograd/graph';

export class Parameter extends Tensor {
  constructor(data?: Tensor, requires_grad = true) {
    const t = data ?? Tensor.fromArray(new Float32Array(0), [0], float32);
    super(t._storage, t._shape.slice(), t._strides.slice(), t._offset);
    this._requires_grad = requires_grad;
  }
  override toString(): string { return parameterRepr(this.printable()); }
  override [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

type Hook = (module: Module, input: unknown[], output?: unknown) => unknown;

/** PyTorch's OrderedDict repr for state_dict(). */
export class OrderedDict<V> extends Map<string, V> {
  override toString(): string {
    return `OrderedDict([${[...this].map(([k, v]) => `('${k}', ${String(v)})`).join(', ')}])`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

/** load_state_dict's result: PyTorch's _IncompatibleKeys, with its repr. */
export class IncompatibleKeys {
  constructor(readonly missing_keys: string[], readonly unexpected_keys: string[]) {}
  toString(): string {
    if (!this.missing_keys.length && !this.unexpected_keys.length) return '<All keys matched successfully>';
    const list = (a: string[]) => `[${a.map((k) => `'${k}'`).join(', ')}]`;
    return `_IncompatibleKeys(missing_keys=${list(this.missing_keys)}, unexpected_keys=${list(this.unexpected_keys)})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

/** Python's `<class '...'>` for a value in an error message. */
function pyClass(x: unknown): string {
  const name = x === null || x === undefined ? 'NoneType' : Array.isArray(x) ? 'list' : typeof x === 'string' ? 'str' : typeof x === 'boolean' ? 'bool'
    : typeof x === 'number' ? (Number.isInteger(x) ? 'int' : 'float') : x instanceof Tensor ? 'torch.Tensor' : (x as object).constructor?.name ?? 'object';
  return `<class '${name}'>`;
}

function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  return lines.length === 1 ? s : [lines[0], ...lines.slice(1).map((l) => ' '.repeat(n) + l)].join('\n');
}

// The call signature a module instance has (declaration merging with the class below).
export interface Module {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: any[]): any;
}

export class Module {
  // Set on the callable instance in the constructor (field initializers would land on `this`).
  declare training: boolean;
  declare _buffers: Set<string>;
  declare _forward_hooks: Hook[];
  declare _forward_pre_hooks: Hook[];

  constructor() {
    // The instance is a function (so it can be called) whose prototype chain is the module class.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const f: any = (...args: unknown[]) => f.__call__(...args);
    delete f.name;
    delete f.length;
    Object.setPrototypeOf(f, new.target.prototype);
    f.training = true;
    Object.defineProperties(f, {
      _buffers: { value: new Set<string>(), writable: true, enumerable: false },
      _forward_hooks: { value: [], writable: true, enumerable: false },
      _forward_pre_hooks: { value: [], writable: true, enumerable: false },
    });
    return f;
  }

  /** The one entry point of a call: pre-hooks, forward, hooks. */
  __call__(...args: unknown[]): unknown {
    for (const h of this._forward_pre_hooks) { const r = h(this, args); if (r !== undefined) args = Array.isArray(r) ? r : [r]; }
    let out = this.forward(...args);
    for (const h of this._forward_hooks) { const r = h(this, args, out); if (r !== undefined) out = r; }
    return out;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(..._args: any[]): any {
    throw new RuntimeError(`Module [${this._get_name()}] is missing the required "forward" function`);
  }

  register_forward_hook(h: Hook): { remove(): void } {
    this._forward_hooks.push(h);
    return { remove: () => { this._forward_hooks = this._forward_hooks.filter((x) => x !== h); } };
  }
  register_forward_pre_hook(h: Hook): { remove(): void } {
    this._forward_pre_hooks.push(h);
    return { remove: () => { this._forward_pre_hooks = this._forward_pre_hooks.filter((x) => x !== h); } };
  }

  _get_name(): string { return this.constructor.name; }

  // ---- registration ------------------------------------------------------------------------------
  register_parameter(name: string, p: Parameter | null): void { (this as unknown as Record<string, unknown>)[name] = p; }
  register_buffer(name: string, t: Tensor | null): void { this._buffers.add(name); (this as unknown as Record<string, unknown>)[name] = t; }
  add_module(name: string, m: Module | null): void { (this as unknown as Record<string, unknown>)[name] = m; }
  register_module(name: string, m: Module | null): void { this.add_module(name, m); }

  *named_children(): Generator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v];
  }
  *children(): Generator<Module> { for (const [, m] of this.named_children()) yield m; }

  *named_modules(memo = new Set<Module>(), prefix = ''): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this.named_children()) yield* m.named_modules(memo, prefix ? `${prefix}.${k}` : k);
  }
  *modules(): Generator<Module> { for (const [, m] of this.named_modules()) yield m; }

  *_own_parameters(): Generator<[string, Parameter]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Parameter) yield [k, v];
  }
  *named_parameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    const mods: Iterable<[string, Module]> = recurse ? this.named_modules(new Set(), prefix) : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [k, p] of m._own_parameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        yield [mp ? `${mp}.${k}` : k, p];
      }
    }
  }
  *parameters(recurse = true): Generator<Parameter> { for (const [, p] of this.named_parameters('', recurse)) yield p; }

  *named_buffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [mp, m] of this.named_modules(new Set(), prefix)) {
      for (const k of m._buffers) {
        const t = (m as unknown as Record<string, unknown>)[k];
        if (t instanceof Tensor) yield [mp ? `${mp}.${k}` : k, t];
      }
    }
  }
  *buffers(): Generator<Tensor> { for (const [, b] of this.named_buffers()) yield b; }

  // ---- modes, gradients, devices -----------------------------------------------------------------
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }
  train(mode = true): this { for (const m of this.modules()) m.training = mode; return this; }
  eval(): this { return this.train(false); }
  requires_grad_(requires_grad = true): this { for (const p of this.parameters()) p.requires_grad_(requires_grad); return this; }

  /** PyTorch 1.13's default keeps the gradient tensors and zeroes them. */
  zero_grad(set_to_none = false): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (set_to_none) p.grad = null;
      else { p.grad = p.grad.grad_fn ? p.grad.detach() : p.grad; p.grad.requires_grad_(false); p.grad.zero_(); }
    }
  }

  /** Convert every parameter and buffer in place (modules move in place; tensors do not). */
  _apply(fn: (t: Tensor) => Tensor): this {
    withGradMode(false, () => {
      for (const m of this.modules()) {
        for (const [, p] of m._own_parameters()) {
          p.data = fn(p.data);
          if (p.grad) p.grad = fn(p.grad);
        }
        for (const k of m._buffers) {
          const t = (m as unknown as Record<string, unknown>)[k];
          if (t instanceof Tensor) (m as unknown as Record<string, unknown>)[k] = fn(t);
        }
      }
    });
    return this;
  }
  to(...args: (DType | string | Device | { dtype?: DType; device?: string | Device })[]): this {
    return this._apply((t) => {
      const floatOnly = args.map((a) => (a instanceof DType && !t.dtype.is_floating_point ? undefined : a)).filter((a) => a !== undefined);
      return t.to(...(floatOnly as Parameters<Tensor['to']>));
    });
  }
  cuda(device?: number): this { return this.to(device === undefined ? 'cuda' : `cuda:${device}`); }
  cpu(): this { return this.to('cpu'); }
  float(): this { return this._apply((t) => (t.dtype.is_floating_point ? t.float() : t)); }
  double(): this { return this._apply((t) => (t.dtype.is_floating_point ? t.double() : t)); }

  // ---- state -------------------------------------------------------------------------------------
  state_dict(): OrderedDict<Tensor> {
    const sd = new OrderedDict<Tensor>();
    for (const [mp, m] of this.named_modules()) {
      for (const [k, p] of m._own_parameters()) sd.set(mp ? `${mp}.${k}` : k, p.detach());
      for (const k of m._buffers) {
        const t = (m as unknown as Record<string, unknown>)[k];
        if (t instanceof Tensor) sd.set(mp ? `${mp}.${k}` : k, t.detach());
      }
    }
    return sd;
  }
  load_state_dict(sd: Map<string, Tensor> | Record<string, Tensor>, strict: boolean | { strict?: boolean } = true): IncompatibleKeys {
    if (typeof strict === 'object') strict = strict.strict ?? true;
    if (sd === null || typeof sd !== 'object' || Array.isArray(sd) || sd instanceof Tensor) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${pyClass(sd)}.`);
    }
    const src: Map<string, unknown> = sd instanceof Map ? sd : new Map(Object.entries(sd));
    const own = this.state_dict();
    const missing = [...own.keys()].filter((k) => !src.has(k));
    const unexpected = [...src.keys()].filter((k) => !own.has(k));
    const errors: string[] = [];
    if (strict && missing.length) errors.push(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    if (strict && unexpected.length) errors.push(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
    for (const [k, t] of own) {
      if (!src.has(k)) continue;
      const v = src.get(k);
      if (!(v instanceof Tensor)) {
        errors.push(`While copying the parameter named "${k}", expected torch.Tensor or Tensor-like object from checkpoint but received ${pyClass(v)}`);
      } else if (v.shape.length !== t.shape.length || v.shape.some((n, i) => n !== t.shape[i])) {
        errors.push(`size mismatch for ${k}: copying a param with shape ${v.shape} from checkpoint, the shape in current model is ${t.shape}.`);
      }
    }
    if (errors.length) throw new RuntimeError(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${errors.join('\n\t')}`);
    withGradMode(false, () => { for (const [k, t] of own) { const v = src.get(k); if (v instanceof Tensor) t.copy_(v); } });
    return new IncompatibleKeys(missing, unexpected);
  }

  // ---- repr --------------------------------------------------------------------------------------
  extra_repr(): string { return ''; }
  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = [...this.named_children()].map(([k, m]) => `(${k}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = this._get_name() + '(';
    if (lines.length) s += extraLines.length === 1 && !childLines.length ? extraLines[0] : '\n  ' + lines.join('\n  ') + '\n';
    return s + ')';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}
