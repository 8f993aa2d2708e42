// tslab's converter, with Python's operators on tensors in cells (rewrite.ts).
//
// tslab's converter reads a cell from its program's file `__tslab__.ts`, checks it and emits it. To
// rewrite operators it is loaded here with a TypeScript whose createWatchProgram lets this module
// choose the text the program reads (the cell's typing text), see each build, decide the operators
// when the cell has been checked (getPreEmitDiagnosticsOfFiles) and add the emitter's transform
// that turns the stand-ins into method calls; nothing else of tslab changes. A cell whose typing
// text cannot vouch for its types is converted once more, as its final text. Diagnostics,
// completion and inspection positions are mapped back to the cell as written.
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import type * as TS from '@tslab/typescript-for-tslab';
import type { CompletionInfo, Converter, ConverterOptions, Diagnostic } from 'tslab/dist/converter';
import { CellRewrite, Decisions, Final, OPS, OPS_TYPE, OperatorError, RULES_MODULE } from './rewrite';
import { PositionMap } from './printer';

const converterFile = require.resolve('tslab/dist/converter');
const tslabRequire = Module.createRequire(converterFile);
// The TypeScript tslab's converter itself loads (the one rewrite.ts and the kernel import).
const ts: typeof TS = tslabRequire('@tslab/typescript-for-tslab');

/** What tslab puts before every cell so that TypeScript reads it as a module. */
const PREFIX = 'export {};' + ts.sys.newLine;
/** A diagnostic that stops tslab before it emits a cell that is to be converted as its final text. */
const RECHECK = { code: -17, messageText: 'the cell is checked as rewritten', category: 1 } as const;

/** One converter's cell: what its program reads, and what the check of the typing text decided. */
class Session {
  cellFile = '';
  cell: CellRewrite | null = null;
  /** typing: the program reads the typing text; final: the final text. */
  text: 'typing' | 'final' = 'typing';
  decisions: Decisions | null = null;
  /** The typing text's diagnostics that remain once the operators are decided. */
  kept: readonly TS.Diagnostic[] = [];
  final: Final | null = null;

  begin(cell: CellRewrite): void { this.cell = cell; this.text = 'typing'; this.decisions = null; this.final = null; }
  end(): void { this.cell = null; }

  /** The text TypeScript gets when it reads the cell's file. */
  read(file: string, content: string | undefined): string | undefined {
    const cell = this.cell;
    if (!cell || file !== this.cellFile || content === undefined || !content.startsWith(PREFIX)) return content;
    const body = content.slice(PREFIX.length);
    if (!body.startsWith(cell.src)) return content;
    const text = this.text === 'typing' ? cell.typing : this.final!.text;
    // tslab appends `export {...}` of the cell's declarations: the stand-ins' declaration is not exported.
    const exports = body.slice(cell.src.length).replace(/^(\nexport \{)(.*)\}$/s,
      (_m, head: string, names: string) => `${head}${names.split(', ').filter((n) => n !== OPS).join(', ')}}`);
    return PREFIX + text + exports;
  }

  /** tslab has checked the cell: decide its operators from the typing text's types. */
  checked(program: TS.Program, diagnostics: readonly TS.Diagnostic[]): readonly TS.Diagnostic[] {
    const cell = this.cell;
    if (!cell || this.text !== 'typing') return diagnostics;
    const typed = program.getSourceFile(this.cellFile);
    if (!typed || !typed.text.startsWith(PREFIX + cell.typing)) throw new Error('the checked program did not read the typing text');
    this.decisions = cell.decide(program.getTypeChecker(), typed, PREFIX.length);
    const kept = diagnostics.filter((d) => d.file !== typed || this.decisions!.keep(d));
    // Diagnostics elsewhere (options, imported files) do not depend on the cell's text.
    this.kept = kept.filter((d) => d.file === typed);
    if (!this.kept.length && !this.decisions.exact) return kept;
    return [...kept, { ...RECHECK, file: typed, start: 0, length: 0 }];
  }

  /** The emitter's transform for the cell being converted, when its typing text is final. */
  transformers(custom: TS.CustomTransformers | undefined): TS.CustomTransformers | undefined {
    if (!this.cell || this.text !== 'typing' || !this.decisions) return custom;
    return { ...custom, before: [this.decisions.transformer, ...(custom?.before ?? [])] };
  }
}

let creating: Session | null = null;

/**
 * tslab's converter keeps one pending timer, run when it rebuilds a cell, and throws "Unexpected
 * pending rebuildTimer" when TypeScript asks for a second: TypeScript does when a watched lookup
 * location changes between cells (`npm install` of a module a cell could not find), and the
 * converter then fails every later cell. Timers are queued here and run together in that one slot,
 * those they schedule included.
 */
export function serialTimers(host: Pick<TS.WatchHost, 'setTimeout' | 'clearTimeout'>): void {
  const set = host.setTimeout!.bind(host), clear = host.clearTimeout!.bind(host);
  const queue = new Set<() => void>();
  let slot: unknown = null, running = false;
  const run = () => {
    slot = null;
    running = true;
    try {
      while (queue.size) { const tasks = [...queue]; queue.clear(); for (const task of tasks) task(); }
    } finally { running = false; }
  };
  host.setTimeout = (callback: (...args: any[]) => void, _ms: number, ...args: any[]) => {
    const task = () => callback(...args);
    queue.add(task);
    if (!slot && !running) slot = set(run, 0);
    return task;
  };
  host.clearTimeout = (task: unknown) => {
    queue.delete(task as () => void);
    if (!queue.size && slot) { clear(slot); slot = null; }
  };
}

/** tslab's converter module, loaded with a TypeScript through which this module sees the cell. */
const tslab: typeof import('tslab/dist/converter') = (() => {
  const descriptors = Object.getOwnPropertyDescriptors(ts) as Record<string, PropertyDescriptor>;
  delete descriptors.createWatchProgram;
  delete descriptors.getPreEmitDiagnosticsOfFiles;
  const shim = Object.defineProperties({}, descriptors) as typeof TS;
  const sessions = new WeakMap<TS.Program, Session>();
  Object.defineProperties(shim, {
    createWatchProgram: {
      enumerable: true,
      value: <T extends TS.BuilderProgram>(host: TS.WatchCompilerHostOfFilesAndCompilerOptions<T>) => {
        const session = creating;
        creating = null;
        serialTimers(host);
        if (!session) return ts.createWatchProgram(host);
        session.cellFile = path.join(host.getCurrentDirectory(), '__tslab__.ts').replace(/\\/g, '/');
        const read = host.readFile, after = host.afterProgramCreate;
        host.readFile = (file, encoding) => session.read(file, read.call(host, file, encoding));
        host.afterProgramCreate = (b) => {
          sessions.set(b.getProgram(), session);
          const emit = b.emit;
          b.emit = (target, write, cancel, dtsOnly, custom) => emit.call(b, target, write, cancel, dtsOnly, session.transformers(custom));
          after?.call(host, b);
        };
        return ts.createWatchProgram(host);
      },
    },
    getPreEmitDiagnosticsOfFiles: {
      enumerable: true,
      value: (program: TS.Program, files: TS.SourceFile[]) => {
        const diagnostics = (ts as unknown as { getPreEmitDiagnosticsOfFiles(p: TS.Program, f: TS.SourceFile[]): readonly TS.Diagnostic[] })
          .getPreEmitDiagnosticsOfFiles(program, files);
        const session = sessions.get(program);
        return session ? session.checked(program, diagnostics) : diagnostics;
      },
    },
  });
  const m = new Module(converterFile, module);
  m.filename = converterFile;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(converterFile));
  m.require = ((id: string) => (id === '@tslab/typescript-for-tslab' ? shim : tslabRequire(id))) as NodeRequire;
  (m as unknown as { _compile(code: string, file: string): void })._compile(fs.readFileSync(converterFile, 'utf8'), converterFile);
  return m.exports;
})();

/** Line and character of each offset of a text. */
function locator(text: string): (offset: number) => { offset: number; line: number; character: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return { offset, line: lo, character: offset - starts[lo] };
  };
}

/** Diagnostics of a rewritten text as positions in the cell, with the wrong operands' errors first. */
function cellDiagnostics(diagnostics: Diagnostic[], map: PositionMap, errors: OperatorError[], src: string): Diagnostic[] {
  const at = locator(src);
  const mapped = diagnostics.filter((d) => d.code !== RECHECK.code).map((d) => {
    if (d.fileName) return d;
    const start = map.toOriginal(d.start.offset);
    return { ...d, start: at(start), end: at(Math.max(start, map.toOriginal(d.end.offset, true))) };
  });
  // An operator's own error replaces what TypeScript says about the same expression.
  const kept = mapped.filter((d) => d.fileName || !errors.some((e) => e.node[0] <= d.start.offset && d.end.offset <= e.node[1]));
  const ours: Diagnostic[] = errors.map((e) => ({ start: at(e.start), end: at(e.end), messageText: e.message, category: ts.DiagnosticCategory.Error, code: e.code }));
  return [...ours, ...kept].sort((a, b) => (a.fileName ? 1 : 0) - (b.fileName ? 1 : 0) || a.start.offset - b.start.offset);
}

/**
 * tslab's createConverter, rewriting Python's operators on tensors in each cell. Cells without
 * such operators are converted exactly as tslab converts them.
 */
/** tslab's own converter, with no rewriting (and queued timers, serialTimers). */
export function createPlainConverter(options?: ConverterOptions): Converter {
  return tslab.createConverter(options);
}

/** tslab's Converter, and how many cells with operators were checked once or checked again as rewritten. */
export interface OperatorConverter extends Converter {
  readonly stats: { typed: number; rechecked: number; why: string[] };
}

export function createConverter(options?: ConverterOptions): OperatorConverter {
  const session = new Session();
  creating = session;
  const conv = tslab.createConverter(options);
  if (creating) { creating = null; throw new Error("tslab's converter did not create its watch program through TypeScript's createWatchProgram"); }
  const failed = conv.addModule('torchlab_operators', RULES_MODULE);
  if (failed.length) throw new Error(`the operator rules do not compile: ${failed.map((d) => d.messageText).join('; ')}`);

  /** Completion and inspection run on the typing text, where operators on tensors type as tensors. */
  const query = <T>(src: string, position: number, run: (pos: number) => T, map: (r: T, m: PositionMap) => T): T => {
    const cell = new CellRewrite(src);
    if (!cell.active) return run(position);
    session.begin(cell);
    try { return map(run(cell.typingMap.toRewritten(position)), cell.typingMap); } finally { session.end(); }
  };

  const stats = { typed: 0, rechecked: 0, why: [] as string[] };
  return {
    stats,
    convert(prevDecl, src) {
      const cell = new CellRewrite(src);
      if (!cell.active) return conv.convert(prevDecl, src);
      session.begin(cell);
      try {
        const typed = conv.convert(prevDecl, src);
        const decisions = session.decisions;
        if (!decisions) throw new Error('tslab converted the cell without checking it');
        if (!typed.diagnostics.some((d) => d.code === RECHECK.code)) {
          stats.typed++;
          return { ...typed, diagnostics: cellDiagnostics(typed.diagnostics, cell.typingMap, [], src) };
        }
        // Checked again as rewritten: TypeScript's own diagnostics for the code that will run.
        stats.rechecked++;
        stats.why = [...decisions.why, ...session.kept.map((d) => `TS${d.code} at ${d.start! - PREFIX.length}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)];
        session.final = cell.final(decisions);
        session.text = 'final';
        const r = conv.convert(prevDecl, src);
        const diagnostics = cellDiagnostics(r.diagnostics, session.final.map, decisions.errors, src);
        if (decisions.errors.length) return { diagnostics, sideOutputs: r.sideOutputs };
        return { ...r, diagnostics };
      } finally { session.end(); }
    },
    inspect(prevDecl, src, position) {
      return query(src, position, (pos) => conv.inspect(prevDecl, src, pos), (info, m) => {
        if (info?.textSpan) {
          const start = m.toOriginal(info.textSpan.start);
          info.textSpan = { start, length: Math.max(0, m.toOriginal(info.textSpan.start + info.textSpan.length, true) - start) };
        }
        return info;
      });
    },
    complete(prevDecl, src, position) {
      return query<CompletionInfo>(src, position, (pos) => conv.complete(prevDecl, src, pos), (info, m) => ({
        ...info, start: m.toOriginal(info.start), end: m.toOriginal(info.end, true),
        // the stand-ins are no name of the cell's
        candidates: info.candidates.filter((c) => c !== OPS && c !== OPS_TYPE),
      }));
    },
    addModule: (name, content, meta) => conv.addModule(name, content, meta),
    close: () => conv.close(),
  };
}
