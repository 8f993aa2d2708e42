// SST-2 (GLUE): train and validation splits from a directory, an environment variable, the
// project's shared data folder, or GLUE's official archive downloaded into a cache directory.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unzipSync } from 'fflate';
import { DataFrame, read_csv } from './frame';

export const GLUE_SST2_URL = 'https://dl.fbaipublicfiles.com/glue/data/SST-2.zip';
export const ENV_VAR = 'TORCHLAB_SST2_DIR';

const hasSplits = (dir: string) => fs.existsSync(path.join(dir, 'train.tsv')) && fs.existsSync(path.join(dir, 'dev.tsv'));

function candidates(dir: string | undefined, shared: boolean): string[] {
  const out: string[] = [];
  if (dir) out.push(path.resolve(dir));
  if (process.env[ENV_VAR]) out.push(path.resolve(process.env[ENV_VAR]!));
  // The shared data folder beside the repository (development and CI), from here or the cwd.
  if (shared) for (const base of [path.resolve(__dirname, '..', '..', '..', '..'), process.cwd()]) {
    let d = base;
    for (let i = 0; i < 6; i++) { out.push(path.join(d, '..', 'shared', 'data', 'sst2')); d = path.dirname(d); }
  }
  return out;
}

/** Download GLUE's SST-2 archive into `cacheDir` and unpack train.tsv / dev.tsv; returns the directory. */
export async function download_sst2(opts: { cacheDir?: string; url?: string } = {}): Promise<string> {
  const cache = opts.cacheDir ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'torchlab', 'sst2');
  if (hasSplits(cache)) return cache;
  const res = await fetch(opts.url ?? GLUE_SST2_URL);
  if (!res.ok) throw new Error(`downloading SST-2 failed: HTTP ${res.status} ${res.statusText}`);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  fs.mkdirSync(cache, { recursive: true });
  let found = 0;
  for (const [name, bytes] of Object.entries(files)) {
    const base = path.basename(name);
    if (base === 'train.tsv' || base === 'dev.tsv' || base === 'test.tsv') { fs.writeFileSync(path.join(cache, base), bytes); found++; }
  }
  if (!hasSplits(cache)) throw new Error(`the archive at ${opts.url ?? GLUE_SST2_URL} has no train.tsv/dev.tsv (found ${found} split files)`);
  return cache;
}

/** The directory holding SST-2, or an error naming every place that was tried. */
export function find_sst2(dir?: string, opts: { shared?: boolean } = {}): string {
  const tried = candidates(dir, opts.shared ?? true);
  const hit = tried.find(hasSplits);
  if (hit) return hit;
  throw new Error(`SST-2 not found. Pass a directory holding train.tsv and dev.tsv, set ${ENV_VAR}, or call ` +
    `await download_sst2() on a machine with internet access (GLUE's archive: ${GLUE_SST2_URL}). Tried: ${[...new Set(tried)].join(', ')}`);
}

export function load_sst2(dir?: string): { train: DataFrame; validation: DataFrame } {
  const d = find_sst2(dir);
  return { train: read_csv(path.join(d, 'train.tsv'), { sep: '\t' }), validation: read_csv(path.join(d, 'dev.tsv'), { sep: '\t' }) };
}
