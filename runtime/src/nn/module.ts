// nn.Module and nn.Parameter. A module is callable like PyTorch's (`model(x)`): the instance is a
// function whose prototype chain is its class, wrapped in a Proxy whose traps do what PyTorch's
// __setattr__ / __delattr__ do. A Parameter, Module or buffer tensor assigned to an attribute
// (`this.fc = new nn.Linear(...)`, in a constructor, a class field or anywhere else) is registered
// in the ordered maps _parameters / _modules / _buffers, with PyTorch's name and type checks, and
// is kept as a plain property of the target too, so reading it costs what any property costs.
import { KeyError, NotImplementedError, ValueError } from '../errors';
import { RuntimeError } from '../errors';
import { Tensor, typename } from '../tensor/tensor';
import { DType, float32 } from '../tensor/dtype';
import { Device } from '../tensor/storage';
import { withGradMode } from '../autograd/graph';
import { OrderedDict } from '../collections';

export { OrderedDict };

/**
 * A tensor that is a module parameter: assigned as an attribute of a Module, it is registered and
 * appears in `parameters()`. It requires grad by default.
 *
 * @param data - the tensor holding the values
 * @param requires_grad - whether it requires gradient (default true)
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor, requires_grad = true) {
    const t = data ?? Tensor.fromArray(new Float32Array(0), [0], float32);
    super(t._storage, t._shape.slice(), t._strides.slice(), t._offset, t._vc);
    this._requires_grad = requires_grad;
  }
  override toString(): string { return 'Parameter containing:\n' + super.toString(); }
  override [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

type Hook = (module: Module, input: unknown[], output?: unknown) => unknown;

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

type Attrs = Record<string, unknown>;

/** A registered value as a plain property, unless the name is a method or other class member
 *  (Python finds those first too: `self.train = nn.Linear(..)` registers, `self.train()` still trains). */
function expose(m: Module, name: string, value: unknown): void {
  if (!Object.prototype.hasOwnProperty.call(m, name) && name in m) return;
  Object.defineProperty(m, name, { value, writable: true, enumerable: true, configurable: true });
}

/** Forget `name` as a plain attribute and in the given maps (PyTorch's remove_from). */
function removeFrom(m: Module, name: string, ...maps: Map<string, unknown>[]): void {
  if (Object.prototype.hasOwnProperty.call(m, name)) delete (m as unknown as Attrs)[name];
  for (const map of maps) map.delete(name);
}

/** Module.__setattr__: register parameters, submodules and buffer values; anything else is a plain attribute. */
function setattr(m: Module, name: string, value: unknown): void {
  if (value instanceof Parameter) {
    removeFrom(m, name, m._buffers, m._modules);
    m._non_persistent_buffers_set.delete(name);
    registerParameter(m, name, value);
  } else if (m._parameters.has(name)) {
    if (value !== null) throw new TypeError(`cannot assign '${typename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    registerParameter(m, name, null);
  } else if (value instanceof Module) {
    removeFrom(m, name, m._parameters, m._buffers);
    m._non_persistent_buffers_set.delete(name);
    m._modules.set(name, value);
    expose(m, name, value);
  } else if (m._modules.has(name)) {
    if (value !== null) throw new TypeError(`cannot assign '${typename(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    m._modules.set(name, null);
    expose(m, name, null);
  } else if (m._buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) throw new TypeError(`cannot assign '${typename(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    m._buffers.set(name, value as Tensor | null);
    expose(m, name, value);
  } else {
    Reflect.set(m, name, value);  // on the target itself: an existing property keeps its attributes
  }
}

function registerParameter(m: Module, name: unknown, param: unknown): void {
  if (typeof name !== 'string') throw new TypeError(`parameter name should be a string. Got ${typename(name)}`);
  if (name.includes('.')) throw new KeyError('parameter name can\'t contain "."');
  if (name === '') throw new KeyError('parameter name can\'t be empty string ""');
  if (name in m && !m._parameters.has(name)) throw new KeyError(`attribute '${name}' already exists`);
  if (param !== null && !(param instanceof Parameter)) {
    throw new TypeError(`cannot assign '${typename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
  }
  if (param && param.grad_fn) {
    throw new ValueError(`Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`);
  }
  m._parameters.set(name, param);
  expose(m, name, param);
}

/** A setter of an accessor on the prototype chain, which assignment must reach as it does in Python. */
function inheritedSetter(m: object, name: string): boolean {
  for (let o = Object.getPrototypeOf(m); o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return d.set !== undefined;
  }
  return false;
}

/** The traps of every module instance (the target is the callable function object). */
const registration: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key !== 'string' || inheritedSetter(target, key)) return Reflect.set(target, key, value, receiver);
    setattr(target, key, value);
    return true;
  },
  // Class fields are defined, not assigned. A field declared without a value (`fc: nn.Linear;`)
  // defines nothing, as an attribute exists in Python only once assigned: the assignment then
  // registers in its own turn, and a redeclared field leaves a registered value alone.
  defineProperty(target, key, desc) {
    if (typeof key !== 'string' || !('value' in desc)) return Reflect.defineProperty(target, key, desc);
    if (desc.value !== undefined) setattr(target, key, desc.value);
    return true;
  },
  deleteProperty(target, key) {
    if (typeof key === 'string') {
      target._parameters.delete(key);
      target._buffers.delete(key);
      target._non_persistent_buffers_set.delete(key);
      target._modules.delete(key);
    }
    return Reflect.deleteProperty(target, key);
  },
};

// The call signature a module instance has (declaration merging with the class below).
export interface Module {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: any[]): any;
}

/**
 * Base class for all neural network modules: subclass it, create layers as attributes in the
 * constructor (they are registered, with their parameters), and define `forward`. Calling the
 * module (`model(x)`) runs `forward`.
 */
export class Module {
  // Set on the callable instance in the constructor (field initializers would land on `this`).
  declare training: boolean;
  declare _parameters: OrderedDict<Parameter | null>;
  declare _buffers: OrderedDict<Tensor | null>;
  declare _non_persistent_buffers_set: Set<string>;
  declare _modules: OrderedDict<Module | null>;
  declare _forward_hooks: Hook[];
  declare _forward_pre_hooks: Hook[];

  constructor() {
    // A call without hooks is forward itself; the hooks are read from the target, not through the proxy.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const f: any = (...args: unknown[]) => (f._forward_pre_hooks.length === 0 && f._forward_hooks.length === 0 && f.__call__ === moduleCall
      ? f.forward.apply(proxy, args) : f.__call__.apply(proxy, args));
    delete f.name;
    delete f.length;
    Object.setPrototypeOf(f, new.target.prototype);
    Object.defineProperties(f, {
      training: { value: true, writable: true, enumerable: true, configurable: true },
      _parameters: { value: new OrderedDict(), writable: true, enumerable: false },
      _buffers: { value: new OrderedDict(), writable: true, enumerable: false },
      _non_persistent_buffers_set: { value: new Set<string>(), writable: true, enumerable: false },
      _modules: { value: new OrderedDict(), writable: true, enumerable: false },
      _forward_hooks: { value: [], writable: true, enumerable: false },
      _forward_pre_hooks: { value: [], writable: true, enumerable: false },
    });
    const proxy = new Proxy(f, registration);
    return proxy;
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
    throw new NotImplementedError(`Module [${this._get_name()}] is missing the required "forward" function`);
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
  register_parameter(name: string, param: Parameter | null): void { registerParameter(this, name, param); }

  register_buffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } | boolean = {}): void {
    const persistent = typeof opts === 'boolean' ? opts : opts.persistent ?? true;
    if (typeof name !== 'string') throw new TypeError(`buffer name should be a string. Got ${typename(name)}`);
    if (name.includes('.')) throw new KeyError('buffer name can\'t contain "."');
    if (name === '') throw new KeyError('buffer name can\'t be empty string ""');
    if (name in this && !this._buffers.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this._buffers.set(name, tensor);
    if (persistent) this._non_persistent_buffers_set.delete(name); else this._non_persistent_buffers_set.add(name);
    expose(this, name, tensor);
  }

  add_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typename(module)} is not a Module subclass`);
    if (typeof name !== 'string') throw new TypeError(`module name should be a string. Got ${typename(name)}`);
    if (name in this && !this._modules.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (name.includes('.')) throw new KeyError(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new KeyError('module name can\'t be empty string ""');
    this._modules.set(name, module);
    expose(this, name, module);
  }
  register_module(name: string, m: Module | null): void { this.add_module(name, m); }

  *named_children(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [k, m] of this._modules) if (m && !memo.has(m)) { memo.add(m); yield [k, m]; }
  }
  *children(): Generator<Module> { for (const [, m] of this.named_children()) yield m; }

  *named_modules(memo = new Set<Module>(), prefix = ''): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this._modules) if (m) yield* m.named_modules(memo, prefix ? `${prefix}.${k}` : k);
  }
  *modules(): Generator<Module> { for (const [, m] of this.named_modules()) yield m; }

  *named_parameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    const mods: Iterable<[string, Module]> = recurse ? this.named_modules(new Set(), prefix) : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [k, p] of m._parameters) {
        if (!p || seen.has(p)) continue;
        seen.add(p);
        yield [mp ? `${mp}.${k}` : k, p];
      }
    }
  }
  /**
   * Yields the module's parameters, and those of its submodules (typically passed to an optimizer).
   *
   * @param recurse - whether to include the submodules' parameters (default true)
   */
  *parameters(recurse = true): Generator<Parameter> { for (const [, p] of this.named_parameters('', recurse)) yield p; }

  *named_buffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [mp, m] of this.named_modules(new Set(), prefix)) {
      for (const [k, t] of m._buffers) if (t) yield [mp ? `${mp}.${k}` : k, t];
    }
  }
  *buffers(): Generator<Tensor> { for (const [, b] of this.named_buffers()) yield b; }

  // ---- modes, gradients, devices -----------------------------------------------------------------
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }
  /**
   * Sets the module and its submodules in training mode (or evaluation mode with `false`); this
   * matters for Dropout, for example.
   *
   * @param mode - true for training (default), false for evaluation
   */
  train(mode = true): this { for (const m of this.modules()) m.training = mode; return this; }
  /**
   * Sets the module and its submodules in evaluation mode (`train(false)`).
   */
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
        for (const p of m._parameters.values()) {
          if (!p) continue;
          p.data = fn(p.data);
          if (p.grad) p.grad = fn(p.grad);
        }
        for (const [k, t] of m._buffers) if (t) (m as unknown as Attrs)[k] = fn(t);
      }
    });
    return this;
  }
  /**
   * Moves and/or casts the parameters and buffers, in place: `model.to('cuda')`,
   * `model.to(torch.float64)`. Returns the module.
   *
   * @param args - a device (or its name), a dtype, or `{ device, dtype }`
   */
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
  /**
   * Returns an ordered dictionary of the module's parameters and persistent buffers, by name
   * (`'0.weight'`, `'fc.bias'`, ...).
   */
  state_dict(): OrderedDict<Tensor> {
    const sd = new OrderedDict<Tensor>();
    for (const [mp, m] of this.named_modules()) {
      for (const [k, p] of m._parameters) if (p) sd.set(mp ? `${mp}.${k}` : k, p.detach());
      for (const [k, t] of m._buffers) if (t && !m._non_persistent_buffers_set.has(k)) sd.set(mp ? `${mp}.${k}` : k, t.detach());
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

const moduleCall = Module.prototype.__call__;
