// `make serve`: the lectures in whatever Jupyter this machine has (JupyterLab when installed, else the
// classic Notebook), with the torchlab kernel registered for it. Jupyter prints the URL to open.
//   node dist/scripts/serve.js [--app lab|notebook] [--dir DIR] [--port N] [-- extra Jupyter arguments]
// The kernelspec goes to dist/jupyter (JUPYTER_PATH), so nothing outside the checkout changes except
// Jupyter's record of trusted notebooks: the lectures open trusted, their committed outputs shown as
// the kernel made them (inline SVG figures) rather than an untrusted notebook's sanitized fallbacks.
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { install } from '../kernel/src/cli';

const root = path.resolve(__dirname, '..', '..');

/** Where `jupyter-<name>` is on PATH, if it is. */
function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

/** Marks notebooks trusted with the nbformat of the Python that runs Jupyter (the `jupyter` script's
 * interpreter: Debian ships no `jupyter trust` command). */
export function trust(files: string[], env: NodeJS.ProcessEnv): void {
  const jupyter = which('jupyter');
  if (!jupyter || !files.length) return;
  const shebang = /^#!\s*(\S+)/.exec(fs.readFileSync(jupyter, 'utf8').split('\n')[0]);
  const python = shebang && !shebang[1].endsWith('/env') ? shebang[1] : 'python3';
  execFileSync(python, ['-m', 'nbformat.sign', ...files], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

export function serveArgs(argv: string[]): { app: 'lab' | 'notebook'; dir: string; port: string; extra: string[] } {
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const opt = (name: string) => { const i = own.indexOf(name); return i >= 0 ? own[i + 1] : undefined; };
  const app = (opt('--app') ?? (which('jupyter-lab') ? 'lab' : 'notebook')) as 'lab' | 'notebook';
  if (app !== 'lab' && app !== 'notebook') throw new Error(`--app is lab or notebook, not ${app}`);
  return { app, dir: path.resolve(opt('--dir') ?? path.join(root, 'notebooks')), port: opt('--port') ?? '8888', extra: dash >= 0 ? argv.slice(dash + 1) : [] };
}

function main(): void {
  const { app, dir, port, extra } = serveArgs(process.argv.slice(2));
  const prefix = path.join(root, 'dist', 'jupyter');
  install(['--prefix', prefix]);
  const env = { ...process.env, JUPYTER_PATH: [path.join(prefix, 'share', 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter) };
  trust(fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).map((f) => path.join(dir, f)), env);
  const args = [app, `--notebook-dir=${dir}`, `--port=${port}`, ...(process.getuid?.() === 0 ? ['--allow-root'] : []), ...extra];
  console.log(`Serving ${path.relative(process.cwd(), dir) || '.'} in ${app === 'lab' ? 'JupyterLab' : 'the classic Notebook'} with the torchlab kernel: jupyter ${args.join(' ')}`);
  if (spawnSync('jupyter', [app, '--version'], { stdio: 'ignore' }).status !== 0) throw new Error(`jupyter ${app} is not installed`);
  const child = spawn('jupyter', args, { env, stdio: 'inherit' });
  // Ctrl-C reaches Jupyter from the terminal (it asks before stopping); a SIGTERM is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (require.main === module) main();
