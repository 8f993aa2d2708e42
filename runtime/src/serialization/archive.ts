// The zip container of torch.save (PyTorch ≥ 1.6): stored (uncompressed) records under one
// top-level folder, each record's data starting on a 64-byte boundary. PyTorchFileWriter pads the
// local header's extra field (id "FB", filled with 'Z') to get there; so does writeArchive.
import { unzipSync, zipSync, Zippable } from 'fflate';
import { RuntimeError } from '../errors';

const ALIGNMENT = 64;
const LOCAL_HEADER = 30;
const FB = 0x4246; // 'F', 'B' read as a little-endian uint16
// A fixed timestamp (the zip epoch), so the same objects always give the same bytes.
const MTIME = new Date(1980, 0, 1);

/** A zip of `<prefix>/<name>` records, in the order given. */
export function writeArchive(prefix: string, records: [string, Uint8Array][]): Uint8Array {
  const files: Zippable = {};
  let offset = 0;
  for (const [name, data] of records) {
    const full = `${prefix}/${name}`;
    const start = offset + LOCAL_HEADER + Buffer.byteLength(full) + 4;
    const pad = (ALIGNMENT - (start % ALIGNMENT)) % ALIGNMENT;
    files[full] = [data, { level: 0, mtime: MTIME, extra: { [FB]: new Uint8Array(pad).fill(0x5a) } }];
    offset = start + pad + data.length;
  }
  if (offset > 0xffffffff) throw new RuntimeError('torch.save: archives over 4 GiB (zip64) are not supported');
  return zipSync(files);
}

/** The records of an archive by name relative to its top-level folder, and that folder. */
export function readArchive(bytes: Uint8Array): { prefix: string; records: Map<string, Uint8Array> } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new RuntimeError(`PytorchStreamReader failed reading zip archive: ${(e as Error).message}`);
  }
  const names = Object.keys(files);
  if (!names.length) throw new RuntimeError('PytorchStreamReader failed reading zip archive: the archive is empty');
  const prefix = names[0].split('/')[0];
  const records = new Map<string, Uint8Array>();
  for (const n of names) if (n.startsWith(`${prefix}/`)) records.set(n.slice(prefix.length + 1), files[n]);
  return { prefix, records };
}

export const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
