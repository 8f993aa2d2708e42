// Runs compiled cells. Every top-level name lives on one `exports` object that later cells read
// (the converter rewrites their references); each cell runs under a context that its timers and
// promise continuations inherit, so an interrupt can cancel what the cell left running, and
// every cell body and timer callback runs under `breakOnSigint`.
import { AsyncLocalStorage } from 'async_hooks';
import Module, { createRequire, SourceMap } from 'module';
import * as path from 'path';
import { promisify } from 'util';
import * as vm from 'vm';
import { BODY_PARAMS, Compiled, Converter } from './converter';
import { InterruptState, KeyboardInterrupt, Phase, Slot } from './interrupt';

/** One execution of a cell, and whatever it left running (timers, promise continuations). */
export class CellContext {
  cancelled = false;
  readonly timers = new Set<NodeJS.Timeout | NodeJS.Immediate>();
  constructor(readonly file: string, readonly parent: unknown) {}
}

/** Thrown where a cancelled cell's leftover code resumes; never shown. */
export class Cancelled extends Error { constructor() { super('cancelled by an interrupt'); this.name = 'Cancelled'; } }

/** A cell's source and source map, to show its lines in tracebacks (the map is parsed when first needed). */
export class CellSource {
  private parsed: SourceMap | null | undefined;
  constructor(readonly label: string, readonly code: string, private readonly mapJson: () => string, readonly prefix: number, readonly keepsFrames: boolean) {}
  get map(): SourceMap | null { return this.parsed === undefined ? (this.parsed = parseMap(this.mapJson())) : this.parsed; }
}

const KEEP_SOURCES = 1000;
const RUN = Symbol.for('torchlab.breakable');
// The phase says `breakable` only while this script runs, that is while Node's SIGINT watchdog is
// armed: a SIGINT sent outside it could meet Node's default handler, which ends the process.
const trampoline = new vm.Script(`(() => {
  const run = globalThis[Symbol.for('torchlab.breakable')];
  const before = Atomics.exchange(run.shared, ${Slot.phase}, ${Phase.breakable});
  try { run(); } finally { Atomics.store(run.shared, ${Slot.phase}, before); }
})()`, { filename: 'torchlab-breakable' });

export class Executor {
  readonly als = new AsyncLocalStorage<CellContext>();
  /** Every top-level name of every cell. */
  readonly locals: Record<string, unknown> = {};
  private readonly exports: Record<string, unknown>;
  private readonly require: NodeRequire;
  private readonly localModules = new Map<string, string>();
  private readonly loaded = new Map<string, { js: string; module: Module }>();
  private readonly sources = new Map<string, CellSource>();
  /** The file of the latest cell in `sources`. */
  private lastSource: string | undefined;
  private seq = 0;

  constructor(readonly converter: Converter, readonly interrupts: InterruptState) {
    const locals = this.locals;
    // Named imports compile to getters on `exports`; store their values so later cells can reassign them.
    this.exports = new Proxy(locals, {
      defineProperty: (_t, prop, attrs) => {
        if (prop === '__esModule') return true;
        locals[prop as string] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
    this.require = this.wrapRequire(createRequire(path.join(converter.cwd, '__cell__.js')), converter.cwd);
  }

  /** A new context for running a cell; `label` names it in tracebacks (e.g. `In [3]`). */
  context(parent: unknown): CellContext { return new CellContext(`cell-${++this.seq}`, parent); }

  /** Compiles and runs a cell under its context: the cell's value (`{ value }` or undefined), or a promise of it for a cell that awaits. */
  run(compiled: Compiled, ctx: CellContext, code: string, label: string): unknown {
    for (const [file, js] of compiled.modules) this.localModules.set(file, js);
    const prefix = `(${compiled.async ? 'async ' : ''}function (${BODY_PARAMS.join(', ')}) {`;
    this.remember(ctx.file, new CellSource(label, code, () => compiled.map, prefix.length, compiled.keepsFrames));
    const body = vm.runInThisContext(`${prefix}${compiled.js}\n})`, { filename: ctx.file }) as (...a: unknown[]) => unknown;
    return this.als.run(ctx, () => this.breakable(() => body(this.exports, this.require, this.interrupts.check, this.resume)));
  }

  private remember(file: string, src: CellSource): void {
    // The latest cell is always kept (its error is formatted after it ends); older ones only if
    // something of them can still run.
    const last = this.lastSource;
    if (last && !this.sources.get(last)?.keepsFrames) this.sources.delete(last);
    this.sources.set(file, src);
    this.lastSource = file;
    if (this.sources.size > KEEP_SOURCES) this.sources.delete(this.sources.keys().next().value!);
  }

  /** The source of a cell file named in a stack frame. */
  source(file: string): CellSource | undefined { return this.sources.get(file); }

  /** Where a leftover continuation of a cancelled cell resumes, it stops. */
  private readonly resume = <T>(value?: T): T | undefined => {
    if (this.als.getStore()?.cancelled) throw new Cancelled();
    this.interrupts.check();
    return value;
  };

  /** Runs `fn` where SIGINT stops it (as the cell's own body runs). */
  breakable<T>(fn: () => T): T {
    const g = globalThis as unknown as Record<symbol, unknown>;
    const outer = g[RUN];
    const shared = this.interrupts.shared;
    const phase = Atomics.load(shared, Slot.phase);
    let result: T;
    g[RUN] = Object.assign(() => { result = fn(); }, { shared });
    try {
      trampoline.runInThisContext({ breakOnSigint: true });
    } catch (e) {
      if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
        Atomics.store(shared, Slot.phase, phase);
        this.interrupts.consume();
        throw new KeyboardInterrupt();
      }
      throw e;
    } finally {
      g[RUN] = outer;
    }
    return result!;
  }

  /** Stops what a cell left running: its timers are cleared, its continuations stop where they resume. */
  cancel(ctx: CellContext): void {
    ctx.cancelled = true;
    for (const t of ctx.timers) { clearTimeout(t as NodeJS.Timeout); clearImmediate(t as NodeJS.Immediate); }
    ctx.timers.clear();
  }

  /** Makes cells' timers belong to their cell, and their callbacks breakable. */
  installTimers(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    const als = this.als;
    type Setter = (cb: (...a: unknown[]) => void, ...rest: unknown[]) => NodeJS.Timeout | NodeJS.Immediate;
    const wrap = (name: 'setTimeout' | 'setInterval' | 'setImmediate', once: boolean) => {
      const set = g[name] as Setter;
      const wrapped = function (this: unknown, cb: (...a: unknown[]) => void, ...rest: unknown[]) {
        const ctx = als.getStore();
        if (!ctx || typeof cb !== 'function') return set.call(this, cb, ...rest);
        if (ctx.cancelled) {
          const dead = set.call(this, () => undefined, ...rest);
          if (name === 'setImmediate') clearImmediate(dead as NodeJS.Immediate); else clearTimeout(dead as NodeJS.Timeout);
          return dead;
        }
        const handle: NodeJS.Timeout | NodeJS.Immediate = set.call(this, (...args: unknown[]) => {
          if (once) ctx.timers.delete(handle);
          if (ctx.cancelled) return;
          executor.breakable(() => cb(...args));
        }, ...rest);
        ctx.timers.add(handle);
        return handle;
      };
      const custom = (set as unknown as Record<symbol, unknown>)[promisify.custom];
      if (custom) Object.defineProperty(wrapped, promisify.custom, { value: custom });
      g[name] = wrapped;
    };
    const executor = this;
    wrap('setTimeout', true);
    wrap('setInterval', false);
    wrap('setImmediate', true);
    for (const name of ['clearTimeout', 'clearInterval', 'clearImmediate'] as const) {
      const clear = g[name] as (t: unknown) => void;
      g[name] = function (t: unknown) {
        als.getStore()?.timers.delete(t as NodeJS.Timeout);
        return clear(t);
      };
    }
  }

  /** `require` for cells: modules resolve from the working directory; local TypeScript modules come from the converter. */
  private wrapRequire(req: NodeRequire, dir: string): NodeRequire {
    const local = (id: string): unknown => {
      if (!id.startsWith('.') && !path.isAbsolute(id)) return undefined;
      const base = path.resolve(dir, id);
      const file = [base.replace(/\.[cm]?[jt]sx?$/, '') + '.js', path.join(base, 'index.js')].find((f) => this.localModules.has(f));
      if (!file) return undefined;
      const js = this.localModules.get(file)!;
      const hit = this.loaded.get(file);
      if (hit && hit.js === js) return hit.module.exports;
      const mod = new Module(file, module);
      mod.filename = file;
      mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
      (mod as unknown as { require: NodeRequire }).require = this.wrapRequire(createRequire(file), path.dirname(file));
      this.loaded.set(file, { js, module: mod });
      (mod as unknown as { _compile(js: string, file: string): void })._compile(js, file);
      return mod.exports;
    };
    const wrapped = ((id: string) => local(id) ?? req(id)) as NodeRequire;
    return Object.assign(wrapped, { resolve: req.resolve, cache: req.cache, main: req.main, extensions: req.extensions });
  }
}

function parseMap(json: string): SourceMap | null {
  try { return json ? new SourceMap(JSON.parse(json)) : null; } catch { return null; }
}
