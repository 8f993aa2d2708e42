// torch.save / torch.load: PyTorch's zip format (data.pkl and one record per storage), readable by
// Python's torch.load and reading what Python's torch.save writes, and safetensors for paths
// ending in `.safetensors`. Files are written to a temporary file renamed into place, so an
// interrupted save leaves any earlier file whole.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Tensor } from '../tensor/tensor';
import { Device } from '../tensor/storage';
import { RuntimeError } from '../errors';
import { Pickler, Unpickler } from './pickle';
import { isZip, readArchive, writeArchive } from './archive';
import { Loader, MapLocation, PythonClasses, Saver, storageBytes } from './format';
import { readSafetensors, writeSafetensors } from './safetensors';

export { asTuple, isTuple } from './format';
export type { MapLocation, PythonClasses } from './format';

export interface SaveOptions {
  /** Only protocol 2 (PyTorch's default) is written. */
  pickle_protocol?: number;
  /** Written to a safetensors file's `__metadata__`. */
  metadata?: Record<string, string>;
}

export interface LoadOptions {
  map_location?: MapLocation | null;
  /** Accepted for PyTorch's signature; loading is always restricted to the types torchlab knows. */
  weights_only?: boolean;
}

function fileError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Writes `bytes` to a temporary file beside `file`, flushed to disk, then renamed over `file`. */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new RuntimeError(`Parent directory ${path.dirname(file)} does not exist.`);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

const isSafetensors = (f: string) => f.toLowerCase().endsWith('.safetensors');

function tensorEntries(obj: unknown): [string, Tensor][] {
  const entries = obj instanceof Map ? [...obj] : obj && typeof obj === 'object' && !Array.isArray(obj) && !(obj instanceof Tensor) ? Object.entries(obj) : null;
  if (!entries || !entries.every(([k, v]) => typeof k === 'string' && v instanceof Tensor)) {
    throw new TypeError('torch.save: a .safetensors file holds a mapping of names to tensors (e.g. a state_dict)');
  }
  return entries as [string, Tensor][];
}

/** `save` and `load` over the Python classes the torch namespace supplies (nn.Parameter, OrderedDict). */
export function serializers(classes: PythonClasses) {
  /** PyTorch's bytes for `obj`: the zip archive whose top folder is `prefix`. */
  function dumps(obj: unknown, prefix = 'archive'): Uint8Array {
    const saver = new Saver(classes);
    const pickle = new Pickler().dump(saver.convert(obj));
    if (os.endianness() !== 'LE') throw new RuntimeError('torch.save: big-endian hosts are not supported');
    const storages = [...saver.storages].map(([s, key]) => [key, s] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return writeArchive(prefix, [['data.pkl', pickle], ...storages.map(([key, s]) => [`data/${key}`, storageBytes(s)] as [string, Uint8Array]), ['version', Buffer.from('3\n')]]);
  }

  /** The objects in PyTorch's bytes. */
  function loads(bytes: Uint8Array, map_location?: MapLocation | null): unknown {
    if (!isZip(bytes)) {
      if (bytes[0] === 0x80) throw new RuntimeError('torch.load: this file is in the legacy format (torch.save with _use_new_zipfile_serialization=False), which torchlab does not read');
      throw new RuntimeError('PytorchStreamReader failed reading zip archive: failed finding central directory');
    }
    const { records } = readArchive(bytes);
    if (records.has('constants.pkl')) throw new RuntimeError('torch.load: this is a TorchScript archive (torch.jit.save); torchlab does not load TorchScript');
    const pkl = records.get('data.pkl');
    if (!pkl) throw new RuntimeError('PytorchStreamReader failed locating file data.pkl: file not found');
    const order = records.get('byteorder');
    const bigEndian = order !== undefined && Buffer.from(order).toString() === 'big';
    const loader = new Loader(records, classes, map_location ?? undefined, bigEndian);
    return loader.toJS(new Unpickler(pkl, loader).load());
  }

  /** torch.save(obj, f): PyTorch's format, or safetensors when `f` ends in `.safetensors`. */
  function save(obj: unknown, f: string, opts: SaveOptions = {}): void {
    if (typeof f !== 'string') throw new TypeError('torch.save: f must be a path (a string)');
    if (opts.pickle_protocol !== undefined && opts.pickle_protocol !== 2) throw new RuntimeError(`torch.save: only pickle_protocol=2 is written (got ${opts.pickle_protocol})`);
    const bytes = isSafetensors(f) ? writeSafetensors(tensorEntries(obj), opts.metadata) : dumps(obj, path.parse(f).name);
    writeFileAtomic(f, bytes);
  }

  /**
   * torch.load(f, map_location?) or torch.load(f, { map_location, weights_only }). Typed `any`, as
   * Python's is, so that `model.load_state_dict(torch.load(path))` reads as in PyTorch.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function load(f: string | Uint8Array, opts?: LoadOptions | MapLocation | null): any {
    const isOpts = opts !== null && typeof opts === 'object' && !(opts instanceof Device) && !(opts instanceof Map) && ('map_location' in opts || 'weights_only' in opts);
    const map_location = isOpts ? (opts as LoadOptions).map_location : (opts as MapLocation | null | undefined);
    let bytes: Uint8Array;
    if (typeof f === 'string') {
      try {
        bytes = fs.readFileSync(f);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw fileError('FileNotFoundError', `[Errno 2] No such file or directory: '${f}'`);
        if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw fileError('IsADirectoryError', `[Errno 21] Is a directory: '${f}'`);
        throw e;
      }
    } else bytes = f;
    if (typeof f === 'string' && isSafetensors(f) && !isZip(bytes)) {
      const { tensors } = readSafetensors(bytes);
      const od = new classes.OrderedDict();
      for (const [k, t] of tensors) od.set(k, map_location ? moveTo(t, map_location) : t);
      return od;
    }
    return loads(bytes, map_location);
  }

  return { save, load, dumps, loads };
}

/** A safetensors tensor (always read on the CPU) moved where a device-like map_location says. */
function moveTo(t: Tensor, m: MapLocation): Tensor {
  if (typeof m === 'string' || m instanceof Device) return String(m) === 'cpu' ? t : t.to(String(m));
  return t;
}
