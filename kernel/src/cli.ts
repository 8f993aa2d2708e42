#!/usr/bin/env node
// npx torchlab install [--user | --sys-prefix | --prefix DIR]   (writes the kernelspec)
// npx torchlab uninstall [same options]
// npx torchlab kernel <connection_file>                        (starts the kernel without the snapshot)
// The kernelspec starts the kernel from a startup snapshot (snapshot.ts) that install builds with
// this node beside dist/ (or in the kernelspec's directory where dist/ is read-only) and checks by
// starting it once; where that fails it runs kernel.js as `torchlab kernel` does.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MALLOC_TUNABLES } from './tuning';

const NAME = 'torchlab';

function kernelsDir(args: string[]): string {
  const at = args.indexOf('--prefix');
  if (at >= 0) {
    if (!args[at + 1]) throw new Error('--prefix needs a directory');
    return path.join(path.resolve(args[at + 1]), 'share', 'jupyter', 'kernels');
  }
  if (args.includes('--sys-prefix')) {
    const prefix = execFileSync('/usr/bin/python3', ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
    return path.join(prefix, 'share', 'jupyter', 'kernels');
  }
  const user = args.includes('--user') || (process.getuid?.() ?? 0) !== 0;
  if (user) {
    const base = process.env.JUPYTER_DATA_DIR ?? path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
    return path.join(base, 'kernels');
  }
  return '/usr/local/share/jupyter/kernels';
}

/** Whether this node starts from `blob`: it was built by this node binary, and from the kernel's files as they are now. */
function usable(blob: string): boolean {
  if (!fs.existsSync(blob)) return false;
  const r = spawnSync(process.execPath, ['--snapshot-blob', blob], { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8', timeout: 60000 });
  return r.status === 0 && r.stdout === 'usable\n';
}

/**
 * Node's arguments that start the kernel from its startup snapshot: the blob beside dist/ (or in
 * `dir` where that is read-only), built again unless it is usable. None where it cannot be built.
 */
export function snapshotArgs(dir: string): string[] {
  const dist = path.resolve(__dirname, '..', '..');
  let blob = path.join(dist, 'kernel.blob');
  try { fs.accessSync(dist, fs.constants.W_OK); } catch { blob = path.join(dir, 'kernel.blob'); }
  if (usable(blob)) return ['--snapshot-blob', blob];
  // Built under another name and renamed, so that a kernel starting meanwhile never reads half a blob.
  const tmp = `${blob}.${process.pid}`;
  const built = spawnSync(process.execPath, ['--snapshot-blob', tmp, '--build-snapshot', path.join(__dirname, 'snapshot.js')],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 300000 });
  if (built.status === 0) fs.renameSync(tmp, blob);
  else fs.rmSync(tmp, { force: true });
  if (built.status === 0 && usable(blob)) return ['--snapshot-blob', blob];
  console.error(`torchlab: the kernel's startup snapshot could not be built or started; the kernel starts without it\n${built.stderr ?? built.error ?? ''}`);
  return [];
}

/**
 * The kernelspec's argv. From the snapshot only while node is the binary that built it: node
 * refuses a blob another binary built and exits, so after an upgrade in place (same path, another
 * size or mtime) the kernel starts from kernel.js until install runs again. The shell `exec`s node,
 * so the kernel's process is node's, as Jupyter expects.
 */
export function kernelArgv(snapshot: string[]): string[] {
  const node = process.execPath, kernel = path.join(__dirname, 'kernel.js');
  if (!snapshot.length) return [node, kernel, '{connection_file}'];
  const st = fs.statSync(node);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const same = `[ "$(stat -Lc '%s %Y' ${q(node)} 2>/dev/null)" = '${st.size} ${Math.floor(st.mtimeMs / 1000)}' ]`;
  return ['/bin/sh', '-c', `${same} && exec ${q(node)} ${snapshot.map(q).join(' ')} "$1"; exec ${q(node)} ${q(kernel)} "$1"`, NAME, '{connection_file}'];
}

export function install(args: string[]): string {
  const dir = path.join(kernelsDir(args), NAME);
  fs.mkdirSync(dir, { recursive: true });
  const spec = {
    argv: kernelArgv(snapshotArgs(dir)),
    display_name: 'TypeScript (torchlab)',
    language: 'typescript',
    interrupt_mode: 'message',
    env: { GLIBC_TUNABLES: MALLOC_TUNABLES },
    metadata: { debugger: false },
  };
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  const assets = path.resolve(__dirname, '..', '..', '..', 'kernel', 'assets');
  for (const f of ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg']) {
    if (fs.existsSync(path.join(assets, f))) fs.copyFileSync(path.join(assets, f), path.join(dir, f));
  }
  return dir;
}

export function uninstall(args: string[]): string {
  const dir = path.join(kernelsDir(args), NAME);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

function main(argv: string[]): void {
  const [cmd, ...args] = argv;
  if (cmd === 'install') console.log(`Installed the torchlab kernelspec in ${install(args)}`);
  else if (cmd === 'uninstall') console.log(`Removed ${uninstall(args)}`);
  else if (cmd === 'kernel') require('./kernel').main?.(args[0]);
  else {
    console.error('usage: torchlab install [--user | --sys-prefix | --prefix DIR]\n       torchlab uninstall [--user | --sys-prefix | --prefix DIR]');
    process.exit(cmd ? 2 : 0);
  }
}

if (require.main === module) main(process.argv.slice(2));
