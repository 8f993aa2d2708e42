// Builds the course image from docker/Dockerfile: stages its context in dist/image/context (Node 20,
// the production dependencies, the built project, the executed notebooks), then builds it with
// Docker where a Docker daemon answers, else with podman.
//   node dist/scripts/image.js [--base IMAGE] [--tag TAG]
// Without --base (or BASE=...), podman builds FROM a Debian 12 base made by docker/base/build.sh,
// kept in podman's storage under a tag that names a hash of its recipe, so it is made once.
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const root = path.resolve(__dirname, '..', '..');
export const IMAGE = 'localhost/torchlab:latest';
const context = path.join(root, 'dist', 'image', 'context');
const baseDir = path.join(root, 'docker', 'base');

export type Engine = 'docker' | 'podman';

/** The environment podman and buildah need here (runc, explicit ulimits: docker/containers.conf). */
export function engineEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? path.join(root, 'docker', 'containers.conf') };
}

/** `engine args...`, its stdout; throws with stderr on failure. */
export function engineRun(engine: Engine, args: string[], opts: { inherit?: boolean } = {}): string {
  const r = spawnSync(engine, args, { env: engineEnv(), encoding: 'utf8', stdio: ['ignore', opts.inherit ? 'inherit' : 'pipe', opts.inherit ? 'inherit' : 'pipe'], maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${engine} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr ?? ''}`);
  return r.stdout ?? '';
}

/** The container engine to use: ENGINE if set, Docker if its daemon answers, else podman. Null, with
 * the reason, when none can run containers here. */
export function findEngine(): { engine: Engine | null; reason: string } {
  const wanted = process.env.ENGINE as Engine | undefined;
  const reasons: string[] = [];
  for (const engine of wanted ? [wanted] : (['docker', 'podman'] as Engine[])) {
    const r = spawnSync(engine, ['info'], { env: engineEnv(), encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (!r.error && r.status === 0) return { engine, reason: '' };
    reasons.push(`${engine}: ${r.error ? (r.error as NodeJS.ErrnoException).code : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`)}`);
  }
  return { engine: null, reason: reasons.join('; ') };
}

/** Packages `npm ci --omit=dev` installs, found in package-lock.json as Node resolves them (nearest
 * node_modules first), leaving out `exclude` and what only it needs. */
export function productionPackages(exclude: string[] = []): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const pkgs: Record<string, { dependencies?: object; optionalDependencies?: object; peerDependencies?: object }> = lock.packages;
  const seen = new Set<string>();
  const visit = (from: string, name: string): void => {
    if (exclude.includes(name)) return;
    for (let dir = from; ; dir = dir.slice(0, Math.max(dir.lastIndexOf('/node_modules/'), 0))) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (pkgs[key]) {
        if (seen.has(key)) return;
        seen.add(key);
        const p = pkgs[key];
        for (const dep of Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...p.peerDependencies })) visit(key, dep);
        return;
      }
      if (!dir) return; // an optional or peer dependency that is not installed
    }
  };
  const top = pkgs[''];
  for (const dep of Object.keys({ ...top.dependencies, ...top.optionalDependencies })) visit('', dep);
  return [...seen].sort();
}

/** Removes prebuilt addons for other platforms than the image's (Linux x64): most of zeromq's and
 * webgpu's size. */
function dropForeignPrebuilds(nm: string): void {
  const dirs = (p: string) => (fs.existsSync(p) ? fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []);
  const zmq = path.join(nm, 'zeromq', 'build');
  for (const os of dirs(zmq)) {
    for (const arch of dirs(path.join(zmq, os))) if (`${os}-${arch}` !== 'linux-x64') fs.rmSync(path.join(zmq, os, arch), { recursive: true });
  }
  const dawn = path.join(nm, 'webgpu', 'dist');
  for (const f of fs.existsSync(dawn) ? fs.readdirSync(dawn) : []) if (f.endsWith('.node') && !f.startsWith('linux-x64.')) fs.rmSync(path.join(dawn, f));
}

/** Copies a file or tree as hard links where the file system allows (the context is only read). */
function copy(from: string, to: string): void {
  const st = fs.lstatSync(from);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (st.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const f of fs.readdirSync(from)) copy(path.join(from, f), path.join(to, f));
  }
  else if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
  else try { fs.linkSync(from, to); } catch { fs.copyFileSync(from, to); }
}

/** Fills dist/image/context for docker/Dockerfile. Needs `npm run build` first. */
export function stage(): string {
  if (!fs.existsSync(path.join(root, 'dist', 'kernel', 'src', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  if (Number(process.versions.node.split('.')[0]) < 20) throw new Error(`the image carries this Node, ${process.version}; torchlab needs Node 20 or newer`);
  fs.rmSync(context, { recursive: true, force: true });
  fs.mkdirSync(context, { recursive: true });

  // node/: bin/node and, when this Node has one beside it, npm (for packages installed next to a notebook).
  copy(process.execPath, path.join(context, 'node', 'bin', 'node'));
  const npm = path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  if (fs.existsSync(path.join(npm, 'bin', 'npm-cli.js'))) {
    copy(npm, path.join(context, 'node', 'lib', 'node_modules', 'npm'));
    fs.symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(context, 'node', 'bin', 'npm'));
    fs.symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', path.join(context, 'node', 'bin', 'npx'));
  }

  // modules/: each package's own files; its nested node_modules only as far as they are needed too.
  // gl stays out: headless WebGL needs an X server the image does not run (its GPU path is WebGPU).
  const modules = fs.realpathSync(path.join(root, 'node_modules'));
  for (const key of productionPackages(['gl'])) {
    const rel = key.replace(/^node_modules\//, '');
    if (!fs.existsSync(path.join(modules, rel))) continue; // for another platform (e.g. fsevents)
    for (const f of fs.readdirSync(path.join(modules, rel))) {
      if (f !== 'node_modules') copy(path.join(modules, rel, f), path.join(context, 'modules', 'node_modules', rel, f));
    }
  }
  dropForeignPrebuilds(path.join(context, 'modules', 'node_modules'));

  // app/: what the kernel and the runtime read at run time.
  copy(path.join(root, 'package.json'), path.join(context, 'app', 'package.json'));
  copy(path.join(root, 'kernel', 'assets'), path.join(context, 'app', 'kernel', 'assets'));
  // (Not this machine's kernel.blob: the image's `torchlab install` builds its own, for its paths.)
  for (const d of fs.readdirSync(path.join(root, 'dist'))) {
    if (!['test', 'bench', 'scripts', 'image', 'kernel.blob'].includes(d)) copy(path.join(root, 'dist', d), path.join(context, 'app', 'dist', d));
  }
  for (const nb of fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
    copy(path.join(root, 'notebooks', nb), path.join(context, 'notebooks', nb));
  }
  return context;
}

/** The Debian 12 base (docker/base/build.sh), made unless podman already holds it for this recipe. */
export function debianBase(engine: Engine): string {
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(baseDir).sort()) hash.update(f).update(fs.readFileSync(path.join(baseDir, f)));
  const tag = `localhost/torchlab-base:bookworm-${hash.digest('hex').slice(0, 12)}`;
  if (spawnSync(engine, ['image', 'inspect', tag], { env: engineEnv(), stdio: 'ignore' }).status !== 0) {
    console.log(`building the Debian 12 base ${tag} (docker/base/build.sh)`);
    execFileSync(path.join(baseDir, 'build.sh'), [tag], { env: { ...engineEnv(), ENGINE: engine }, stdio: 'inherit' });
    // Bases of earlier recipes go (500 MB each), unless an image still builds on them.
    const older = engineRun(engine, ['images', '--format', '{{.Repository}}:{{.Tag}}', 'localhost/torchlab-base']).split('\n').filter((t) => t && t !== tag);
    for (const t of older) spawnSync(engine, ['rmi', t], { env: engineEnv(), stdio: 'ignore' });
  }
  return tag;
}

/** Stages the context and builds the image; returns its tag. */
export function buildImage(opts: { engine: Engine; base?: string; tag?: string; quiet?: boolean }): string {
  const tag = opts.tag ?? IMAGE;
  const base = opts.base || debianBase(opts.engine);
  const ctx = stage();
  const idOf = () => spawnSync(opts.engine, ['image', 'inspect', '--format', '{{.Id}}', tag], { env: engineEnv(), encoding: 'utf8' }).stdout?.trim();
  const previous = idOf();
  const plotly = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'jupyterlab-plotly', 'package.json'), 'utf8')).version;
  engineRun(opts.engine, ['build', '--file', path.join(root, 'docker', 'Dockerfile'), '--build-arg', `BASE=${base}`, '--build-arg', `PLOTLY_VERSION=${plotly}`, '--tag', tag, ctx], { inherit: !opts.quiet });
  // The image this build replaced would stay behind untagged; it goes unless a container uses it.
  if (previous && previous !== idOf()) spawnSync(opts.engine, ['rmi', previous], { env: engineEnv(), stdio: 'ignore' });
  return tag;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const { engine, reason } = findEngine();
  if (!engine) throw new Error(`no container engine can run here (${reason})`);
  const tag = buildImage({ engine, base: opt('--base') ?? process.env.BASE, tag: opt('--tag') });
  console.log(`built ${tag}; serve it with: ${engine} run --rm -p 127.0.0.1:8888:8888 ${tag}`);
}

if (require.main === module) main();
