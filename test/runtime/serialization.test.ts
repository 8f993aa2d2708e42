// torch.save / torch.load against Python's (Debian's python3-torch 1.13, test/runtime/torch_interop.py):
// files written by each side are read by the other and described the same way (dtypes, shapes,
// strides, offsets, shared storages, Parameters, containers, values).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch } from '../../runtime/src';
import { asTuple, isTuple } from '../../runtime/src/serialization';

const { nn } = torch;
const script = path.join(__dirname, '..', '..', '..', 'test', 'runtime', 'torch_interop.py');
const python = (...args: string[]) => execFileSync('/usr/bin/python3', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const num = (v: number) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : Object.is(v, -0) ? '-0' : v);

/** The description torch_interop.py gives of the same object. */
function summarize(obj: unknown, storages = new Map<unknown, number>()): unknown {
  if (obj instanceof torch.Tensor) {
    const s = obj.storage();
    if (!storages.has(s)) storages.set(s, storages.size);
    const flat = obj.detach().reshape(-1).tolist() as (number | boolean)[];
    return {
      tensor: {
        dtype: obj.dtype.name, shape: [...obj.shape], stride: obj.stride(), offset: obj.storage_offset(), requires_grad: obj.requires_grad,
        param: obj instanceof nn.Parameter, storage: storages.get(s), storage_size: s.size(),
        values: flat.map((v) => (obj.dtype.is_floating_point ? num(v as number) : v)),
      },
    };
  }
  if (obj instanceof nn.OrderedDict) return { odict: [...obj].map(([k, v]) => [k, summarize(v, storages)]) };
  if (obj instanceof Map) return { dict: [...obj].map(([k, v]) => [k, summarize(v, storages)]) };
  if (Array.isArray(obj)) return { [isTuple(obj) || obj instanceof torch.Size ? 'tuple' : 'list']: obj.map((v) => summarize(v, storages)) };
  if (obj !== null && typeof obj === 'object') return { dict: Object.entries(obj).map(([k, v]) => [k, summarize(v, storages)]) };
  if (obj === null) return { value: null, type: 'NoneType' };
  if (typeof obj === 'number') return { value: num(obj), type: Number.isInteger(obj) ? 'int' : 'float' };
  if (typeof obj === 'boolean') return { value: obj, type: 'bool' };
  if (typeof obj === 'string') return { value: obj, type: 'str' };
  throw new TypeError(`cannot describe ${typeof obj}`);
}

let tmp: string;
const file = (...p: string[]) => path.join(tmp, ...p);

describe('torch.save / torch.load', function () {
  this.timeout(120000);
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-save-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("loads what Python's torch.save writes: dtypes, views, Parameters, containers", () => {
    python('write', file('py'));
    const manifest = JSON.parse(fs.readFileSync(file('py', 'manifest.json'), 'utf8'));
    for (const [name, want] of Object.entries(manifest)) {
      assert.deepEqual(summarize(torch.load(file('py', `${name}.pt`))), want, name);
    }
    const views = torch.load(file('py', 'views.pt')) as Record<string, torch.Tensor>;
    assert.ok(views.t.storage() === views.base.storage() && views.block.storage() === views.base.storage(), 'views share one storage');
    const params = torch.load(file('py', 'params.pt')) as Record<string, torch.Tensor>;
    assert.ok(params.p === params.p_again, 'one object saved twice loads as one object');
  });

  it("writes what Python's torch.load reads back equal (Python → torchlab → Python)", () => {
    const manifest = JSON.parse(fs.readFileSync(file('py', 'manifest.json'), 'utf8'));
    fs.mkdirSync(file('again'));
    for (const name of Object.keys(manifest)) torch.save(torch.load(file('py', `${name}.pt`)), file('again', `${name}.pt`));
    fs.copyFileSync(file('py', 'manifest.json'), file('again', 'manifest.json'));
    assert.match(python('check', file('again')), /5 files equal/);
  });

  it("writes torchlab's objects so that Python's torch.load reads them equal", () => {
    torch.manual_seed(3);
    const base = torch.randn(4, 6);
    const lin = new nn.Linear(3, 2);
    const objects: Record<string, unknown> = {
      dtypes: {
        float32: torch.tensor([1.5, -2.25, 0, -0, Infinity, -Infinity, NaN], { dtype: torch.float32 }),
        float64: torch.tensor([1 / 3, -1e300, 5e-324], { dtype: torch.float64 }),
        int32: torch.tensor([0, -1, 2 ** 31 - 1, -(2 ** 31)], { dtype: torch.int32 }),
        int64: torch.tensor([0, -1, 2 ** 53 - 1, -(2 ** 53 - 1)]),
        bool: torch.tensor([true, false]),
        scalar: torch.tensor(7.25),
        empty: torch.zeros(0, 3),
      },
      views: { base, t: base.t(), row: base.index('2'), block: base.index('1:3, 2:5'), step: base.index('::2, ::3'), expand: torch.arange(3, { dtype: torch.float32 }).unsqueeze(0).expand(4, 3) },
      params: { w: lin.weight, w_again: lin.weight, frozen: new nn.Parameter(torch.ones(2), false), sd: lin.state_dict(), grad: torch.ones(2).requires_grad_() },
      containers: [asTuple([1, 2.5, 'three', true, null]), { nested: [base.index('0'), { deep: asTuple([torch.tensor([1, 2])]) }], big: 2 ** 40, str: 'héllo ✓', shape: base.shape },
        new Map<string, unknown>([['b', 1], ['a', torch.tensor([0.5])]]), [], {}, asTuple([])],
      state_dict: lin.state_dict(),
    };
    fs.mkdirSync(file('js'));
    const manifest: Record<string, unknown> = {};
    for (const [name, obj] of Object.entries(objects)) {
      torch.save(obj, file('js', `${name}.pt`));
      manifest[name] = summarize(obj);
    }
    fs.writeFileSync(file('js', 'manifest.json'), JSON.stringify(manifest));
    assert.match(python('check', file('js')), /5 files equal/);
  });

  it("round-trips lecture 001's state_dict Python → torchlab → Python unchanged, byte for byte", () => {
    fs.mkdirSync(file('ffn'));
    python('lecture', file('ffn'));
    const sd = torch.load(file('ffn', 'ffn.pt')) as Map<string, torch.Tensor>;
    assert.deepEqual([...sd.keys()], ['layer_0.weight', 'layer_0.bias', 'layer_1.weight', 'layer_1.bias', 'layer_2.weight', 'layer_2.bias', 'output_layer.weight', 'output_layer.bias']);
    assert.deepEqual([...sd.get('layer_0.weight')!.shape], [100, 10106]);
    torch.save(sd, file('ffn', 'again.pt'));
    assert.match(python('same', file('ffn'), 'ffn.pt', 'again.pt'), /8 tensors equal/);
    // The same records, and the very same pickle, as PyTorch writes (the archive folder follows the file name).
    const records = (f: string) => readZip(fs.readFileSync(f));
    const py = records(file('ffn', 'ffn.pt')), js = records(file('ffn', 'again.pt'));
    assert.deepEqual(js.map((r) => r.name.replace(/^again\//, '')), py.map((r) => r.name.replace(/^ffn\//, '')));
    js.forEach((r, i) => assert.ok(Buffer.from(r.data).equals(Buffer.from(py[i].data)), `${r.name} equals PyTorch's`));
  });

  it('writes stored records aligned to 64 bytes, as PyTorch does', () => {
    torch.save({ a: torch.ones(3), b: torch.zeros(5, { dtype: torch.float64 }) }, file('aligned.pt'));
    const recs = readZip(fs.readFileSync(file('aligned.pt')));
    assert.deepEqual(recs.map((r) => r.name), ['aligned/data.pkl', 'aligned/data/0', 'aligned/data/1', 'aligned/version']);
    for (const r of recs) {
      assert.equal(r.method, 0, `${r.name} stored`);
      assert.equal(r.offset % 64, 0, `${r.name} aligned`);
    }
    assert.equal(Buffer.from(recs[3].data).toString(), '3\n');
  });

  it('loads a state_dict into a model, and map_location', () => {
    torch.manual_seed(0);
    const a = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 1));
    const b = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 1));
    torch.save(a.state_dict(), file('seq.pt'));
    b.load_state_dict(torch.load(file('seq.pt'), { map_location: 'cpu' }) as Map<string, torch.Tensor>);
    for (const [k, v] of a.state_dict()) assert.ok(v.equal(b.state_dict().get(k)!), k);
    assert.ok((torch.load(file('seq.pt'), 'cpu') as Map<string, torch.Tensor>).get('0.weight')!.equal(a.state_dict().get('0.weight')!));
    let seen = '';
    torch.load(file('seq.pt'), { map_location: (s: torch.Storage, loc: string) => { seen = loc; return s; } });
    assert.equal(seen, 'cpu');
  });

  it('reads and writes safetensors by the specification (both ways against a Python reader and writer)', () => {
    python('st-write', file('st'));
    const sd = torch.load(file('st', 'py.safetensors')) as Map<string, torch.Tensor>;
    assert.ok(sd instanceof nn.OrderedDict);
    assert.deepEqual(summarize(sd), JSON.parse(fs.readFileSync(file('st', 'st-manifest.json'), 'utf8')));
    torch.save(sd, file('st', 'js.safetensors'));
    assert.match(python('st-check', file('st')), /8 tensors equal/);
    // A view is written as its own values, and the data starts 8-byte aligned.
    const base = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
    torch.save({ t: base.t(), b: torch.tensor([true]) }, file('st', 'view.safetensors'));
    const back = torch.load(file('st', 'view.safetensors')) as Map<string, torch.Tensor>;
    assert.ok(back.get('t')!.equal(base.t()) && back.get('t')!.is_contiguous());
    const raw = fs.readFileSync(file('st', 'view.safetensors'));
    assert.equal((8 + Number(raw.readBigUInt64LE(0))) % 8, 0);
    assert.throws(() => torch.save({ a: 1 }, file('st', 'bad.safetensors')), { name: 'TypeError', message: /mapping of names to tensors/ });
    raw.writeBigUInt64LE(BigInt(raw.length), 0);
    fs.writeFileSync(file('st', 'corrupt.safetensors'), raw);
    assert.throws(() => torch.load(file('st', 'corrupt.safetensors')), { message: 'safetensors: the header length exceeds the file' });
  });

  it('a failed save leaves the existing file whole', () => {
    const f = file('keep.pt');
    torch.save({ v: torch.ones(2) }, f);
    const before = fs.readFileSync(f);
    assert.throws(() => torch.save({ v: new nn.Linear(2, 2) }, f), { name: 'TypeError', message: /cannot save an object of type Linear at \["v"\].*state_dict\(\) instead/ });
    // A disk that fills up in the middle of the write (patched on the module object itself).
    const nodeFs = require('fs') as { writeSync: unknown };
    const realWrite = fs.writeSync;
    let calls = 0;
    nodeFs.writeSync = (fd: number, buf: Uint8Array, off: number) => {
      if (++calls > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return realWrite(fd, buf, off, 100);
    };
    try {
      assert.throws(() => torch.save({ v: torch.zeros(1000) }, f), /ENOSPC/);
    } finally {
      nodeFs.writeSync = realWrite;
    }
    assert.ok(fs.readFileSync(f).equals(before), 'the old file is unchanged');
    assert.deepEqual(fs.readdirSync(tmp).filter((n) => n.includes('keep.pt.')), [], 'no temporary file left');
  });

  it("fails with PyTorch's messages and names what is unsupported", () => {
    assert.throws(() => torch.load(file('missing.pt')), { name: 'FileNotFoundError', message: `[Errno 2] No such file or directory: '${file('missing.pt')}'` });
    assert.throws(() => torch.save(torch.ones(1), file('no', 'such', 'dir.pt')), { name: 'RuntimeError', message: `Parent directory ${file('no', 'such')} does not exist.` });
    assert.throws(() => torch.save(new Set([1]), file('x.pt')), { message: /cannot save an object of type Set/ });
    assert.throws(() => torch.save({ f: () => 1 }, file('x.pt')), { message: /cannot save an object of type function at \["f"\]/ });
    assert.throws(() => torch.load(file('py', 'dtypes.pt'), { map_location: 'cuda:0' }),
      { name: 'RuntimeError', message: "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU." });
    const unsupported = (f: string) => file('py', 'unsupported', f);
    assert.throws(() => torch.load(unsupported('half.pt')),
      { name: 'RuntimeError', message: 'torch.load: tensors of dtype torch.float16 (torch.HalfStorage) are not supported: torchlab has float32, float64, int32, int64 and bool' });
    assert.throws(() => torch.load(unsupported('huge.pt')),
      { message: 'int64 value 9007199254740993 in data/0 cannot be held exactly (torchlab keeps int64 values in float64: exact for |x| < 2^53)' });
    assert.throws(() => torch.load(unsupported('numpy.pt')), { message: /^torch\.load: the file holds a numpy\.core\.multiarray\._reconstruct, which torchlab cannot load/ });
    assert.throws(() => torch.load(unsupported('module.pt')), { message: /^torch\.load: the file holds a torch\.nn\.modules\.linear\.Linear, which torchlab cannot load/ });
    assert.throws(() => torch.load(unsupported('legacy.pt')), { message: /legacy format \(torch\.save with _use_new_zipfile_serialization=False\)/ });
    fs.writeFileSync(file('text.pt'), 'not a checkpoint');
    assert.throws(() => torch.load(file('text.pt')), { name: 'RuntimeError', message: /PytorchStreamReader failed reading zip archive/ });
  });
});

/** The local headers of a zip: each record's name, method, data offset and bytes. */
function readZip(b: Buffer): { name: string; method: number; offset: number; data: Uint8Array }[] {
  const out = [];
  for (let p = 0; b.readUInt32LE(p) === 0x04034b50;) {
    const flags = b.readUInt16LE(p + 6), method = b.readUInt16LE(p + 8);
    const n = b.readUInt16LE(p + 26), x = b.readUInt16LE(p + 28);
    const name = b.toString('utf8', p + 30, p + 30 + n);
    // PyTorch's writer puts sizes in a data descriptor (flag bit 3); take them from the central directory.
    const size = flags & 8 ? centralSize(b, name) : b.readUInt32LE(p + 22);
    const offset = p + 30 + n + x;
    out.push({ name, method, offset, data: b.subarray(offset, offset + size) });
    p = offset + size + (flags & 8 ? 16 : 0);
  }
  return out;
}

function centralSize(b: Buffer, name: string): number {
  for (let p = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), c = b.readUInt32LE(p + 16); b.readUInt32LE(c) === 0x02014b50;) {
    const n = b.readUInt16LE(c + 28), x = b.readUInt16LE(c + 30), k = b.readUInt16LE(c + 32);
    if (b.toString('utf8', c + 46, c + 46 + n) === name) return b.readUInt32LE(c + 24);
    c += 46 + n + x + k;
  }
  throw new Error(`${name} not in the central directory`);
}
