// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
// ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, padded with
// spaces to a multiple of 8), then the tensors' bytes, little-endian, row-major, with no holes.
import { Tensor } from '../tensor/tensor';
import { DType, bool, float32, float64, int32, int64 } from '../tensor/dtype';
import { RuntimeError } from '../errors';
import { bytesToValues, valuesToBytes } from './bytes';

const NAMES = new Map<DType, string>([[bool, 'BOOL'], [int32, 'I32'], [float32, 'F32'], [int64, 'I64'], [float64, 'F64']]);
const DTYPES = new Map([...NAMES].map(([d, n]) => [n, d]));
// The reference writer orders tensors by dtype, widest first (its enum's order), then by name.
const RANK: Record<string, number> = { BOOL: 0, I32: 9, F32: 11, F64: 12, I64: 13 };
const MAX_HEADER = 100_000_000;

interface Entry { dtype: string; shape: number[]; data_offsets: [number, number] }

export function writeSafetensors(tensors: [string, Tensor][], metadata?: Record<string, string>): Uint8Array {
  const items = tensors.map(([name, t]) => {
    const dtype = NAMES.get(t.dtype);
    if (!dtype) throw new RuntimeError(`safetensors: dtype ${t.dtype} is not supported`);
    const c = t.detach().cpu().contiguous();
    return { name, dtype, shape: c._shape.slice(), bytes: valuesToBytes(t.dtype, c._storage.data.subarray(c._offset, c._offset + c._numel)) };
  }).sort((a, b) => RANK[b.dtype] - RANK[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const it of items) {
    header[it.name] = { dtype: it.dtype, shape: it.shape, data_offsets: [offset, offset + it.bytes.length] };
    offset += it.bytes.length;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const it of items) { out.set(it.bytes, at); at += it.bytes.length; }
  return out;
}

const invalid = (msg: string) => new RuntimeError(`safetensors: ${msg}`);

/** The tensors of a safetensors file in header order, and its metadata. */
export function readSafetensors(bytes: Uint8Array): { tensors: [string, Tensor][]; metadata: Record<string, string> | null } {
  if (bytes.length < 8) throw invalid('the file is too small to hold a header');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw invalid(`the header is too large (${n} bytes)`);
  if (Number(n) > bytes.length - 8) throw invalid('the header length exceeds the file');
  const text = Buffer.from(bytes.subarray(8, 8 + Number(n))).toString('utf8');
  if (!text.startsWith('{')) throw invalid('the header does not start with "{"');
  let header: Record<string, unknown>;
  try { header = JSON.parse(text); } catch (e) { throw invalid(`the header is not valid JSON (${(e as Error).message})`); }
  const data = bytes.subarray(8 + Number(n));
  let metadata: Record<string, string> | null = null;
  const spans: [number, number, string][] = [];
  const tensors: [string, Tensor][] = [];
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!v || typeof v !== 'object' || Object.values(v).some((x) => typeof x !== 'string')) throw invalid('__metadata__ must map strings to strings');
      metadata = v as Record<string, string>;
      continue;
    }
    const e = v as Entry;
    const dtype = DTYPES.get(e?.dtype);
    if (!dtype) throw invalid(`tensor ${name}: dtype ${e?.dtype} is not supported (torchlab has ${[...DTYPES.keys()].join(', ')})`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw invalid(`tensor ${name}: bad shape`);
    const [begin, end] = Array.isArray(e.data_offsets) ? e.data_offsets : [NaN, NaN];
    const numel = e.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end > data.length || end - begin !== numel * dtype.itemsize) {
      throw invalid(`tensor ${name}: data_offsets [${begin}, ${end}] do not hold ${numel} values of ${e.dtype} within ${data.length} bytes`);
    }
    spans.push([begin, end, name]);
    tensors.push([name, Tensor.fromArray(bytesToValues(dtype, data.subarray(begin, end), numel, `tensor ${name}`), e.shape, dtype)]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [b, e, name] of spans) {
    if (b !== at) throw invalid(`tensor ${name} starts at ${b}: the data ${b > at ? 'has a hole' : 'overlaps'} at ${at}`);
    at = e;
  }
  if (at !== data.length) throw invalid(`the tensors cover ${at} of ${data.length} data bytes`);
  return { tensors, metadata };
}
