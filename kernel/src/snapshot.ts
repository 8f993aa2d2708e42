// The kernel's start from a V8 startup snapshot: the TypeScript compiler loaded, and the standard
// library, Node's typings and the runtime's typings parsed and bound, before the process starts.
//   node --snapshot-blob kernel.blob --build-snapshot dist/kernel/src/snapshot.js   (`torchlab install` does this)
//   node --snapshot-blob kernel.blob <connection_file>                              (the kernelspec's argv)
//   node --snapshot-blob kernel.blob                                                (exits 0 if the blob is usable)
// The builder compiles the runtime's prelude with a Converter, which leaves those files in the
// Converter's process-wide cache of SourceFiles (converter.ts); the kernel's own Converter, made at
// start in the notebook's directory, finds them there. While the snapshot is built only Node's
// built-in modules can be required (its module loader cannot be in a snapshot), so the modules held
// here are loaded by `load` below: converter.js, transform/*.js and preload.js, which require only
// each other, built-in modules and the compiler. Once started, they are put in require.cache under
// their paths, so that kernel.js, loaded by Node as usual, gets these instances.
// (A script, not a module: the snapshot's entry runs without `exports`. The block keeps its names local.)
{
const fs: typeof import('fs') = require('fs');
const path: typeof import('path') = require('path');
const v8: typeof import('v8') = require('v8');

const COMPILER = '@tslab/typescript-for-tslab';

interface Held { file: string; exports: unknown; mtime: number; size: number }
/** The modules in the snapshot, by real path, with the mtime and size of the file each was read from. */
const held = new Map<string, Held>();

/** `id` in the node_modules folders above `dir` (its real path), as Node finds it. */
function inNodeModules(id: string, dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    const p = path.join(d, 'node_modules', id);
    if (fs.existsSync(p)) return fs.realpathSync(p);
    if (path.dirname(d) === d) throw new Error(`cannot find ${id} from ${dir}`);
  }
}

/** A CommonJS module of the closed set above, loaded once. */
function load(file: string): unknown {
  const hit = held.get(file);
  if (hit) return hit.exports;
  const dir = path.dirname(file), stat = fs.statSync(file);
  const module: Held = { file, exports: {}, mtime: stat.mtimeMs, size: stat.size };
  held.set(file, module);
  const req = (id: string): unknown => {
    if (id.startsWith('.')) return load(fs.realpathSync(path.resolve(dir, id) + (path.extname(id) ? '' : '.js')));
    if (id === COMPILER) {
      const pkg = inNodeModules(id, dir);
      return load(path.join(pkg, JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).main));
    }
    return require(id); // built-in (the compiler's optional ones throw, as it expects)
  };
  req.resolve = (id: string) => inNodeModules(id, dir);
  new Function('exports', 'require', 'module', '__filename', '__dirname', fs.readFileSync(file, 'utf8'))(module.exports, req, module, file, dir);
  return module.exports;
}

/** Whether every module in the snapshot is still the file it was read from (a rebuild makes the blob stale). */
function fresh(): boolean {
  for (const m of held.values()) {
    try {
      const s = fs.statSync(m.file);
      if (s.mtimeMs !== m.mtime || s.size !== m.size) return false;
    } catch { return false; }
  }
  return true;
}

function build(): void {
  const here = fs.realpathSync(__dirname);
  const { Converter } = load(path.join(here, 'converter.js')) as typeof import('./converter');
  const { prelude } = load(path.join(here, 'preload.js')) as typeof import('./preload');
  // Any directory will do: the files it reads are named by absolute paths.
  const compiled = new Converter(here).compile(prelude());
  if (compiled.diagnostics.length) throw new Error(`the prelude does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  // The compiler sets Error.stackTraceLimit back to what it read, which is nothing while a snapshot
  // is built (V8 installs it when the snapshot starts): gone, it is installed again; left, it stays
  // undefined and errors have no stack (cells' tracebacks read theirs).
  if (Error.stackTraceLimit === undefined) delete (Error as { stackTraceLimit?: number }).stackTraceLimit;
}

function start(): void {
  const Module = require('module');
  // Without a connection file: only whether the blob is usable.
  if (process.argv.length < 2) {
    if (!fresh()) process.exit(1);
    fs.writeSync(1, 'usable\n');
    process.exit(0);
  }
  if (fresh()) {
    for (const m of held.values()) {
      const mod = new Module(m.file, null);
      Object.assign(mod, { filename: m.file, exports: m.exports, loaded: true, paths: Module._nodeModulePaths(path.dirname(m.file)) });
      Module._cache[m.file] = mod;
    }
  } else {
    fs.writeSync(2, 'torchlab kernel: the startup snapshot is older than the kernel\'s files (run `torchlab install` again); starting without it\n');
  }
  // As `node kernel.js <connection_file>` starts it; a process a cell forks starts as plain node
  // (fork passes on process.execArgv, and the blob would start a kernel instead of its module).
  const kernel = path.join(__dirname, 'kernel.js');
  process.argv.splice(1, 0, kernel);
  const at = process.execArgv.indexOf('--snapshot-blob');
  if (at >= 0) process.execArgv.splice(at, 2);
  Module.runMain(kernel);
}

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  build();
  v8.startupSnapshot.setDeserializeMainFunction(start);
}
}
