// Layers: each a thin Module over nn.functional, with PyTorch's extra_repr.
import { Tensor } from '../tensor/tensor';
import { DType, get_default_dtype } from '../tensor/dtype';
import { Device } from '../tensor/storage';
import { IndexError, KeyError, ValueError } from '../errors';
import { Module, Parameter } from './module';
import * as F from './functional';
import * as init from './init';
import { creation } from '../ops';

const { empty } = creation;

const pyBool = (b: boolean) => (b ? 'True' : 'False');

export class Identity extends Module {
  override forward(x: Tensor): Tensor { return x; }
}

/**
 * Applies a linear transformation to the incoming data: y = x A^T + b. The weight (out_features x
 * in_features) and bias (out_features) are initialised uniformly in [-1/sqrt(in_features),
 * 1/sqrt(in_features)], as in PyTorch.
 *
 * @param in_features - size of each input sample
 * @param out_features - size of each output sample
 * @param opts - `{ bias, device, dtype }`: `bias: false` leaves out the additive bias
 */
export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  constructor(readonly in_features: number, readonly out_features: number,
    opts: { bias?: boolean; device?: string | Device; dtype?: DType } = {}) {
    super();
    const dtype = opts.dtype ?? get_default_dtype();
    this.weight = new Parameter(empty([out_features, in_features], dtype));
    if (opts.bias ?? true) this.bias = new Parameter(empty([out_features], dtype));
    else this.register_parameter('bias', null);
    this.reset_parameters();
    if (opts.device !== undefined) this.to(opts.device);
  }
  /** PyTorch's default: kaiming_uniform_(a=sqrt(5)) on the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) on the bias. */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  override forward(x: Tensor): Tensor { return F.linear(x, this.weight, this.bias); }
  override extra_repr(): string { return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`; }
}

/**
 * Applies the rectified linear unit elementwise: ReLU(x) = max(0, x).
 *
 * @param inplace - whether to change the input in place (default false)
 */
export class ReLU extends Module {
  constructor(readonly inplace = false) { super(); }
  override forward(x: Tensor): Tensor { return this.inplace ? x.relu_() : F.relu(x); }
  override extra_repr(): string { return this.inplace ? 'inplace=True' : ''; }
}
export class LeakyReLU extends Module {
  constructor(readonly negative_slope = 0.01) { super(); }
  override forward(x: Tensor): Tensor { return F.leaky_relu(x, this.negative_slope); }
  override extra_repr(): string { return `negative_slope=${this.negative_slope}`; }
}
/**
 * Applies the logistic sigmoid elementwise: Sigmoid(x) = 1 / (1 + exp(-x)).
 */
export class Sigmoid extends Module { override forward(x: Tensor): Tensor { return F.sigmoid(x); } }
/**
 * Applies the hyperbolic tangent elementwise.
 */
export class Tanh extends Module { override forward(x: Tensor): Tensor { return F.tanh(x); } }
export class GELU extends Module { override forward(x: Tensor): Tensor { return F.gelu(x); } }

/**
 * Applies softmax along `dim`: the outputs along that dimension lie in [0, 1] and sum to 1.
 *
 * @param dim - the dimension along which softmax is computed
 */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(dim?: number | { dim?: number }) { super(); this.dim = typeof dim === 'object' ? dim.dim ?? null : dim ?? null; }
  override forward(x: Tensor): Tensor { return F.softmax(x, this.dim ?? (x.ndim <= 1 || x.ndim === 3 ? 0 : 1)); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}
/**
 * Applies log(softmax(x)) along `dim`, in a numerically stable way.
 *
 * @param dim - the dimension along which it is computed
 */
export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(dim?: number | { dim?: number }) { super(); this.dim = typeof dim === 'object' ? dim.dim ?? null : dim ?? null; }
  override forward(x: Tensor): Tensor { return F.log_softmax(x, this.dim ?? (x.ndim <= 1 || x.ndim === 3 ? 0 : 1)); }
  override extra_repr(): string { return `dim=${this.dim ?? 'None'}`; }
}

/**
 * Flattens a contiguous range of dimensions (by default all but the batch dimension).
 *
 * @param start_dim - the first dimension to flatten (default 1)
 * @param end_dim - the last dimension to flatten (default -1)
 */
export class Flatten extends Module {
  constructor(readonly start_dim = 1, readonly end_dim = -1) { super(); }
  override forward(x: Tensor): Tensor { return x.flatten(this.start_dim, this.end_dim); }
  override extra_repr(): string { return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`; }
}

/**
 * During training, zeroes each element of the input with probability `p` and scales the others by 1
 * / (1 - p); in evaluation mode (`model.eval()`) it returns the input unchanged.
 *
 * @param p - the probability of an element to be zeroed (default 0.5)
 * @param inplace - whether to change the input in place
 */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, inplace = false) {
    super();
    this.p = typeof p === 'number' ? p : p.p ?? 0.5;
    this.inplace = typeof p === 'number' ? inplace : p.inplace ?? false;
    if (this.p < 0 || this.p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${this.p}`);
  }
  override forward(x: Tensor): Tensor { return F.dropout(x, { p: this.p, training: this.training }); }
  override extra_repr(): string { return `p=${this.p}, inplace=${pyBool(this.inplace)}`; }
}

/**
 * A lookup table of `num_embeddings` vectors of size `embedding_dim`: indices in, their rows of the
 * weight out.
 *
 * @param num_embeddings - the size of the dictionary
 * @param embedding_dim - the size of each vector
 */
export class Embedding extends Module {
  weight: Parameter;
  constructor(readonly num_embeddings: number, readonly embedding_dim: number) {
    super();
    this.weight = new Parameter(empty([num_embeddings, embedding_dim]));
    init.normal_(this.weight);
  }
  override forward(x: Tensor): Tensor { return F.embedding(x, this.weight); }
  override extra_repr(): string { return `${this.num_embeddings}, ${this.embedding_dim}`; }
}

/** The i-th of a container's modules (negative from the end), with PyTorch's IndexError. */
function itemAt(m: Module, i: number): Module {
  const c = [...m._modules.values()] as Module[];
  if (i < -c.length || i >= c.length) throw new IndexError(`index ${i} is out of range`);
  return c[i < 0 ? c.length + i : i];
}

/** Modules called in order; from modules (named 0, 1, ...) or an OrderedDict / Map of named ones. */
export class Sequential extends Module {
  constructor(...modules: Module[] | [Map<string, Module>]) {
    super();
    if (modules.length === 1 && modules[0] instanceof Map && !(modules[0] instanceof Module)) {
      for (const [k, m] of modules[0]) this.add_module(k, m);
    } else (modules as Module[]).forEach((m, i) => this.add_module(String(i), m));
  }
  override forward(x: unknown): unknown { for (const m of this._modules.values()) x = m!(x); return x; }
  __len__(): number { return this._modules.size; }
  __getitem__(i: number): Module { return itemAt(this, i); }
  append(m: Module): this { this.add_module(String(this.__len__()), m); return this; }
  *[Symbol.iterator](): Iterator<Module> { yield* this._modules.values() as Iterable<Module>; }
}

export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) { super(); for (const m of modules) this.append(m); }
  append(m: Module): this { this.add_module(String(this.__len__()), m); return this; }
  extend(ms: Iterable<Module>): this { for (const m of ms) this.append(m); return this; }
  __len__(): number { return this._modules.size; }
  __getitem__(i: number): Module { return itemAt(this, i); }
  *[Symbol.iterator](): Iterator<Module> { yield* this._modules.values() as Iterable<Module>; }
}

/**
 * Named modules in insertion order. JavaScript lists an object's integer-like keys first, so
 * `new nn.ModuleDict({ b, 1: m })` iterates '1' first; a Map or [key, module] pairs keep any order.
 */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) { super(); this.update(modules); }
  __getitem__(k: string): Module {
    if (!this._modules.has(k)) throw new KeyError(k);
    return this._modules.get(k)!;
  }
  __setitem__(k: string, m: Module): void { this.add_module(k, m); }
  __delitem__(k: string): void { delete (this as unknown as Record<string, unknown>)[k]; }
  __contains__(k: string): boolean { return this._modules.has(k); }
  __len__(): number { return this._modules.size; }
  *[Symbol.iterator](): Iterator<string> { yield* this._modules.keys(); }
  keys(): string[] { return [...this._modules.keys()]; }
  values(): Module[] { return [...this._modules.values()] as Module[]; }
  items(): [string, Module][] { return [...this._modules] as [string, Module][]; }
  update(modules: Record<string, Module> | Iterable<[string, Module]>): void {
    const pairs = Symbol.iterator in Object(modules) ? modules as Iterable<[string, Module]> : Object.entries(modules);
    for (const [k, m] of pairs) this.__setitem__(k, m);
  }
  pop(k: string): Module { const m = this.__getitem__(k); this.__delitem__(k); return m; }
  clear(): void { for (const k of this.keys()) this.__delitem__(k); }
}
