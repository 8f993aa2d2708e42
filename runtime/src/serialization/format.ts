// torch.save's objects in pickle terms (torch/serialization.py, torch/_utils.py): a tensor is
// `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())`
// whose storage is a persistent id ('storage', torch.<Type>Storage, key, location, numel) naming
// the record `data/<key>`; a Parameter is `_rebuild_parameter(tensor, requires_grad, OrderedDict())`;
// a state_dict is a `collections.OrderedDict` with its `_metadata` as BUILD state.
import { Tensor } from '../tensor/tensor';
import { Storage, Device, cpu } from '../tensor/storage';
import { Size } from '../tensor/size';
import { DType, float32, float64, int32, int64, bool } from '../tensor/dtype';
import { RuntimeError } from '../errors';
import { valuesToBytes, bytesToValues } from './bytes';
import { PyDict, PyGlobal, PyPersistent, PyReduce, PyTuple, UnpicklingError } from './pickle';

/** The Python classes above the tensor layer that files name, supplied by the torch namespace. */
export interface PythonClasses {
  Parameter: new (data: Tensor, requires_grad: boolean) => Tensor;
  OrderedDict: new () => Map<string, unknown>;
  cuda: { is_available(): boolean; device_count(): number };
}

export const SUPPORTED = 'tensors, Parameters, state_dicts (OrderedDict), dicts, lists and tuples of them, numbers, strings, bools and None';

/** torch.<Type>Storage for each dtype torchlab has. */
const STORAGE_OF = new Map<DType, string>([[float32, 'FloatStorage'], [float64, 'DoubleStorage'], [int32, 'IntStorage'], [int64, 'LongStorage'], [bool, 'BoolStorage']]);
const DTYPE_OF = new Map([...STORAGE_OF].map(([d, s]) => [s, d]));
/** PyTorch's other storage types, so that an error can name the dtype. */
const OTHER_STORAGES: Record<string, string> = {
  HalfStorage: 'float16', BFloat16Storage: 'bfloat16', ByteStorage: 'uint8', CharStorage: 'int8', ShortStorage: 'int16',
  ComplexFloatStorage: 'complex64', ComplexDoubleStorage: 'complex128', UntypedStorage: 'uint8', QInt8Storage: 'qint8',
  QUInt8Storage: 'quint8', QInt32Storage: 'qint32', QUInt4x2Storage: 'quint4x2', QUInt2x4Storage: 'quint2x4',
};

/** Arrays read from Python tuples, written back as tuples. */
const tuples = new WeakSet<unknown[]>();
/** Mark an array to be saved as a Python tuple. */
export function asTuple<T extends unknown[]>(a: T): T { tuples.add(a); return a; }
/** Whether an array was read from a Python tuple (or marked with asTuple). */
export function isTuple(a: unknown): boolean { return Array.isArray(a) && tuples.has(a); }

/** A collections.OrderedDict while it is being read (SETITEMS and BUILD work on PyDicts). */
class PyOrderedDict extends PyDict {
  state: unknown;
}

/** Python's type(x).__name__, roughly: a module instance (callable) reports its class. */
const typeName = (x: unknown): string => {
  if (x === null) return 'NoneType';
  if (typeof x !== 'object' && typeof x !== 'function') return typeof x;
  if (typeof x === 'function' && Object.getPrototypeOf(x) === Function.prototype) return 'function';
  return (x as object).constructor?.name || 'object';
};

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

// ---- saving -------------------------------------------------------------------------------------

/** Turns torchlab objects into pickle values, collecting the storages the tensors view. */
export class Saver {
  readonly storages = new Map<Storage, string>();
  private readonly globals = new Map<string, PyGlobal>();
  private readonly done = new Map<object, unknown>();

  constructor(private readonly classes: PythonClasses) {}

  private global(module: string, name: string): PyGlobal {
    const q = `${module}.${name}`;
    let g = this.globals.get(q);
    if (!g) this.globals.set(q, (g = new PyGlobal(module, name)));
    return g;
  }

  private orderedDict(): PyReduce { return new PyReduce(this.global('collections', 'OrderedDict'), new PyTuple([])); }

  private storageId(s: Storage): PyPersistent {
    let key = this.storages.get(s);
    if (key === undefined) this.storages.set(s, (key = String(this.storages.size)));
    const type = STORAGE_OF.get(s.dtype);
    if (!type) throw new RuntimeError(`torch.save: tensors of dtype ${s.dtype} are not supported`);
    const location = s.device.type === 'cpu' ? 'cpu' : `cuda:${s.device.index ?? 0}`;
    return new PyPersistent(new PyTuple(['storage', this.global('torch', type), key, location, s.length]));
  }

  private tensor(t: Tensor, requires_grad: boolean): PyReduce {
    return new PyReduce(this.global('torch._utils', '_rebuild_tensor_v2'), new PyTuple([
      this.storageId(t._storage), t._offset, new PyTuple(t._shape.slice()), new PyTuple(t._strides.slice()), requires_grad, this.orderedDict(),
    ]));
  }

  /** `where` names the place in the saved object, for errors (e.g. `['model'][0]`). */
  convert(obj: unknown, where = ''): unknown {
    if (obj === null || obj === undefined || typeof obj === 'boolean' || typeof obj === 'string' || typeof obj === 'bigint') return obj;
    if (typeof obj === 'number') return obj;
    if (typeof obj !== 'object') return this.unsupported(obj, where);
    const seen = this.done.get(obj);
    if (seen !== undefined) return seen;
    let out: unknown;
    if (obj instanceof this.classes.Parameter) {
      const p = obj as Tensor;
      out = new PyReduce(this.global('torch._utils', '_rebuild_parameter'), new PyTuple([this.tensor(p, false), p.requires_grad, this.orderedDict()]));
    } else if (obj instanceof Tensor) {
      out = this.tensor(obj, obj.requires_grad);
    } else if (obj instanceof Size) {
      out = new PyReduce(this.global('torch', 'Size'), new PyTuple([new PyTuple([...obj])]));
    } else if (Array.isArray(obj)) {
      const items: unknown[] = [];
      out = tuples.has(obj) ? new PyTuple(items) : items;
      // Registered before the items, so an array that contains itself refers back to itself.
      this.done.set(obj, out);
      obj.forEach((x, i) => items.push(this.convert(x, `${where}[${i}]`)));
      return out;
    } else if (obj instanceof Map || isPlainObject(obj)) {
      const entries: [unknown, unknown][] = [];
      const isOrdered = obj instanceof this.classes.OrderedDict;
      // state_dict()'s OrderedDict carries `_metadata` in its __dict__, restored by BUILD.
      const meta = isOrdered ? (obj as unknown as { _metadata?: unknown })._metadata : undefined;
      const state = meta === undefined ? undefined : new PyDict([]);
      const r = isOrdered ? new PyReduce(this.global('collections', 'OrderedDict'), new PyTuple([]), state, entries) : new PyDict(entries);
      this.done.set(obj, r);
      for (const [k, v] of obj instanceof Map ? obj : Object.entries(obj)) {
        if (!['string', 'number', 'boolean', 'bigint'].includes(typeof k) && k !== null) this.unsupported(k, `${where} (a key)`);
        entries.push([k, this.convert(v, `${where}[${JSON.stringify(k)}]`)]);
      }
      if (state) state.entries.push(['_metadata', this.convert(meta, `${where}._metadata`)]);
      return r;
    } else {
      return this.unsupported(obj, where);
    }
    this.done.set(obj, out);
    return out;
  }

  private unsupported(obj: unknown, where: string): never {
    const hint = obj !== null && typeof obj === 'function' && 'state_dict' in (obj as object) ? '; save its state_dict() instead' : '';
    throw new TypeError(`torch.save: cannot save an object of type ${typeName(obj)}${where ? ` at ${where}` : ''} (torchlab saves ${SUPPORTED})${hint}`);
  }
}

/** A storage's bytes as PyTorch writes them. */
export function storageBytes(s: Storage): Uint8Array { return valuesToBytes(s.dtype, s.data.subarray(0, s.length)); }

// ---- loading ------------------------------------------------------------------------------------

export type MapLocation = string | Device | Record<string, string> | Map<string, string> | ((storage: Storage, location: string) => Storage | null | undefined);

type Callable = { call: (args: unknown[]) => unknown; qualname: string };
class StorageType {
  constructor(readonly name: string, readonly dtype: DType | undefined) {}
}
class PyClass {
  constructor(readonly qualname: string) {}
}

/** Turns the pickle of a torch.save file back into torchlab objects. */
export class Loader {
  private readonly storages = new Map<string, Storage>();

  constructor(private readonly records: Map<string, Uint8Array>, private readonly classes: PythonClasses,
    private readonly map_location: MapLocation | undefined, private readonly bigEndian: boolean) {}

  find_class(module: string, name: string): unknown {
    const q = `${module}.${name}`;
    if (module === 'torch' && name.endsWith('Storage')) {
      if (DTYPE_OF.has(name) || name in OTHER_STORAGES) return new StorageType(name, DTYPE_OF.get(name));
    }
    const fn = (call: (args: unknown[]) => unknown): Callable => ({ call, qualname: q });
    switch (q) {
      case 'collections.OrderedDict': return fn((args) => {
        const d = new PyOrderedDict();
        const init = args[0];
        if (Array.isArray(init)) for (const kv of init) if (kv instanceof PyTuple || Array.isArray(kv)) d.entries.push(kv instanceof PyTuple ? [kv.items[0], kv.items[1]] : [kv[0], kv[1]]);
        return d;
      });
      case 'torch._utils._rebuild_tensor_v2':
      case 'torch._utils._rebuild_tensor':
        return fn(([storage, offset, size, stride, requires_grad]) => this.rebuildTensor(storage, offset, size, stride, requires_grad === true));
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state':
        return fn(([data, requires_grad]) => {
          if (!(data instanceof Tensor)) throw new UnpicklingError('_rebuild_parameter expects a tensor');
          return new this.classes.Parameter(data, requires_grad === true);
        });
      case 'torch._tensor._rebuild_from_type_v2':
        return fn(([func, type, args]) => {
          const ret = (func as Callable).call((args as PyTuple).items);
          if (type instanceof PyClass && type.qualname === 'torch.nn.parameter.Parameter' && ret instanceof Tensor) return new this.classes.Parameter(ret, ret.requires_grad);
          return ret;
        });
      case 'torch.Size': return fn(([dims]) => new Size((dims as PyTuple).items as number[]));
      case 'torch._tensor.Tensor': case 'torch.Tensor': case 'torch.nn.parameter.Parameter': return new PyClass(q);
    }
    throw new RuntimeError(`torch.load: the file holds a ${q}, which torchlab cannot load (it loads ${SUPPORTED})`);
  }

  call(callable: unknown, args: unknown[]): unknown {
    if (callable && typeof (callable as Callable).call === 'function' && typeof (callable as Callable).qualname === 'string') return (callable as Callable).call(args);
    const what = callable instanceof PyClass ? callable.qualname : callable instanceof StorageType ? `torch.${callable.name}` : typeName(callable);
    throw new RuntimeError(`torch.load: the file constructs a ${what} directly, which torchlab cannot load (it loads ${SUPPORTED})`);
  }

  build(obj: unknown, state: unknown): unknown {
    if (obj instanceof PyOrderedDict) { obj.state = state; return obj; }
    if (obj instanceof this.classes.Parameter || obj instanceof Tensor) return obj; // Python-side attributes are not kept
    throw new RuntimeError(`torch.load: cannot restore the state of a ${typeName(obj)}`);
  }

  persistent_load(pid: unknown): Storage {
    const items = pid instanceof PyTuple ? pid.items : null;
    if (!items || items[0] !== 'storage') throw new UnpicklingError(`Unknown typename for persistent_load, expected 'storage' but got '${items ? String(items[0]) : typeName(pid)}'`);
    const [, type, key, location, numel] = items as [string, StorageType, string, string, number];
    if (!(type instanceof StorageType)) throw new UnpicklingError('persistent_load: expected a storage type');
    if (!type.dtype) {
      throw new RuntimeError(`torch.load: tensors of dtype torch.${OTHER_STORAGES[type.name]} (torch.${type.name}) are not supported: torchlab has float32, float64, int32, int64 and bool`);
    }
    const k = String(key);
    let s = this.storages.get(k);
    if (!s) this.storages.set(k, (s = this.restore(this.readStorage(type.dtype, k, Number(numel)), String(location))));
    return s;
  }

  private readStorage(dtype: DType, key: string, numel: number): Storage {
    const rec = this.records.get(`data/${key}`);
    if (!rec) throw new RuntimeError(`PytorchStreamReader failed locating file data/${key}: file not found`);
    if (rec.length < numel * dtype.itemsize) throw new RuntimeError(`torch.load: record data/${key} holds ${rec.length} bytes, ${numel * dtype.itemsize} expected`);
    const data = bytesToValues(dtype, rec, numel, `data/${key}`, this.bigEndian, true);
    return new Storage(data, dtype);
  }

  /** Where the storage goes: its saved location or map_location's, as torch.load decides. */
  private restore(storage: Storage, location: string): Storage {
    const m = this.map_location;
    let target = location;
    if (typeof m === 'function') {
      const r = m(storage, location);
      if (r instanceof Storage) return r;
    } else if (m instanceof Map) target = m.get(location) ?? location;
    else if (typeof m === 'string' || m instanceof Device) target = String(m);
    else if (m && typeof m === 'object') target = (m as Record<string, string>)[location] ?? location;
    if (target === 'cpu') return storage;
    const cuda = /^cuda(?::(\d+))?$/.exec(target);
    if (!cuda) throw new RuntimeError(`don't know how to restore data location of torch.storage.UntypedStorage (tagged with ${target})`);
    if (!this.classes.cuda.is_available()) {
      throw new RuntimeError("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.");
    }
    const index = Number(cuda[1] ?? 0), count = this.classes.cuda.device_count();
    if (index >= count) {
      throw new RuntimeError(`Attempting to deserialize object on CUDA device ${index} but torch.cuda.device_count() is ${count}. Please use torch.load with map_location to map your storages to an existing device.`);
    }
    return new Tensor(storage, [storage.length]).to(`cuda:${index}`)._storage;
  }

  private rebuildTensor(storage: unknown, offset: unknown, size: unknown, stride: unknown, requires_grad: boolean): Tensor {
    if (!(storage instanceof Storage)) throw new UnpicklingError('_rebuild_tensor_v2 expects a storage');
    const dims = size instanceof PyTuple ? size.items : Array.isArray(size) ? size : null;
    const steps = stride instanceof PyTuple ? stride.items : Array.isArray(stride) ? stride : null;
    if (!dims || !steps || dims.length !== steps.length || typeof offset !== 'number') throw new UnpicklingError('_rebuild_tensor_v2: malformed size or stride');
    const shape = dims.map(Number), strides = steps.map(Number);
    let last = offset;
    for (let i = 0; i < shape.length; i++) if (shape[i] > 0) last += (shape[i] - 1) * strides[i];
    if (shape.every((n) => n > 0) && (last >= storage.length || offset < 0)) {
      throw new RuntimeError(`setStorage: sizes [${shape.join(', ')}], strides [${strides.join(', ')}], storage offset ${offset} are out of bounds for storage of size ${storage.length}`);
    }
    const t = new Tensor(storage, shape, strides, offset);
    if (requires_grad) t.requires_grad_(true);
    return t;
  }

  /** Pickle values to JS: tuples to arrays (remembered as tuples), dicts to objects (or Maps for other keys). */
  toJS(v: unknown, done = new Map<unknown, unknown>()): unknown {
    if (v === null || typeof v !== 'object' || v instanceof Tensor || v instanceof Storage || v instanceof Size || v instanceof Uint8Array) return v;
    if (done.has(v)) return done.get(v);
    if (v instanceof PyTuple || Array.isArray(v)) {
      const out: unknown[] = [];
      if (v instanceof PyTuple) tuples.add(out);
      done.set(v, out);
      for (const x of v instanceof PyTuple ? v.items : v) out.push(this.toJS(x, done));
      return out;
    }
    if (v instanceof PyOrderedDict) {
      const od = new this.classes.OrderedDict();
      done.set(v, od);
      for (const [k, x] of v.entries) od.set(k as string, this.toJS(x, done));
      if (v.state instanceof PyDict) {
        for (const [k, x] of v.state.entries) {
          Object.defineProperty(od, String(k), { value: this.toJS(x, done), writable: true, configurable: true, enumerable: false });
        }
      }
      return od;
    }
    if (v instanceof PyDict) {
      if (v.entries.every(([k]) => typeof k === 'string')) {
        const o: Record<string, unknown> = {};
        done.set(v, o);
        for (const [k, x] of v.entries) Object.defineProperty(o, k as string, { value: this.toJS(x, done), writable: true, configurable: true, enumerable: true });
        return o;
      }
      const m = new Map<unknown, unknown>();
      done.set(v, m);
      for (const [k, x] of v.entries) m.set(k instanceof PyTuple ? this.toJS(k, done) : k, this.toJS(x, done));
      return m;
    }
    if (v instanceof Map) return v;
    throw new RuntimeError(`torch.load: the file holds a ${typeName(v)}, which torchlab cannot load (it loads ${SUPPORTED})`);
  }
}
