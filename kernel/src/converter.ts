// TypeScript cells to JavaScript, type-checked against what earlier cells declared.
//
// A cell is compiled as a module whose scope sits inside the declarations earlier cells left
// behind (their .d.ts output): `cell.parent = recent`, `recent.parent = base`, so the checker
// resolves a name from the cell outwards and a redeclared name shadows the older one. `recent`
// holds the last cells' declarations and is rewritten at each cell; `base` holds everything
// older and is rewritten only when `recent` outgrows a bound. Unchanged files keep their parsed
// and bound SourceFile from one program to the next, so a cell costs the same whether 10 or
// 10,000 declarations came before it (tslab's converter kept all of them in one file that it
// re-parsed, re-bound and re-printed at every cell, twice).
import * as fs from 'fs';
import * as path from 'path';
// `import ts = require` across the kernel: `import * as` compiles to an object that reaches each of the
// compiler's functions through a getter, in the converter's hottest loops.
import ts = require('@tslab/typescript-for-tslab');
// Python's operators on tensors (`a + b`, `w -= g`, `x[mask]`) in cells.
import { Operators, RULES_MODULE, positionMapper, remapSourceMap, standIn } from './transform/cell';
import type { PositionMap } from './transform/printer';
import type { OperatorError } from './transform/rewrite';

export interface CellDiagnostic {
  /** Set for a diagnostic in a module the cell imports (relative to the working directory). */
  file?: string;
  line: number;
  col: number;
  message: string;
  code: number;
}

/** Names the cell's compiled body receives; see `Executor`. */
export const BODY_PARAMS = ['exports', 'require', '__torchlab_check', '__torchlab_resume'] as const;

export interface Compiled {
  diagnostics: CellDiagnostic[];
  /** CommonJS statements of the cell; a final expression is returned as `{ value }`. */
  js: string;
  /** The cell awaits at top level, so its body is an async function. */
  async: boolean;
  /** Source map of `js` back to the cell (version 3 JSON), made when first read (a traceback reads it). */
  readonly map: string;
  /** Whether anything of the cell can run after the cell ends (functions, classes, awaits). */
  keepsFrames: boolean;
  /** Local modules (TypeScript or JavaScript in the working tree) the cell imports, as CommonJS by path. */
  modules: Map<string, string>;
  /** Makes the cell's declarations visible to later cells. */
  commit(): void;
}

/** What a top-level name of a declaration file means: a value, a type, or both. */
interface Meaning { value: boolean; type: boolean }

/** Put before code that is inspected or completed, so that it is a module (positions shift by its length). */
const MODULE_PREFIX = 'export {}; ';

/** Above this many statements in `recent`, it is merged into `base`. */
const RECENT_LIMIT = 128;

/**
 * SourceFiles of files on disk (libraries, typings, local modules), with the mtime they were read
 * at, shared by every Converter of the process: the compiler binds a SourceFile once, and later
 * programs (of any Converter) reuse it parsed and bound. The startup snapshot (snapshot.ts) is
 * taken with the standard library, Node's typings and the runtime's typings in here.
 */
const disk = new Map<string, { sf: ts.SourceFile; mtime: number }>();

const NO_CANCEL: ts.CancellationToken = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };

/** One of the two declaration files; `sf` is parsed from `text` on demand and kept while `text` stays. */
class DeclFile {
  text = '';
  sf: ts.SourceFile | null = null;
  /** Meaning of each top-level name, as declared (aliases resolved). */
  names = new Map<string, Meaning>();
  statements = 0;
  constructor(readonly fileName: string) {}
  set(text: string, statements: number): void {
    if (text !== this.text) { this.text = text; this.sf = null; }
    this.statements = statements;
  }
  /** Parsed as a module (so its names stay out of the global scope). */
  source(): ts.SourceFile {
    return (this.sf ??= ts.createSourceFile(this.fileName, `export {};\n${this.text}`, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS));
  }
}

interface Locals { locals?: Map<string, ts.Symbol> }
const localsOf = (sf: ts.SourceFile) => (sf as unknown as Locals).locals;
const setParent = (node: ts.Node, parent: ts.Node | undefined) => { (node as { parent: ts.Node | undefined }).parent = parent; };

export class Converter {
  readonly cwd: string;
  private readonly cellFile: string;
  private readonly recent: DeclFile;
  private readonly base: DeclFile;
  private readonly options: ts.CompilerOptions;
  private readonly host: ts.CompilerHost;
  private program: ts.Program | undefined;
  private cellText = '';
  private readonly libDir: string;
  /** Emitted local modules by path, with the text they were emitted from. */
  private readonly emitted = new Map<string, { from: string; js: string }>();
  /** Python's operators on tensors, and the file that declares their stand-ins' types (transform/). */
  readonly operators: Operators | null;
  private readonly operatorsFile: DeclFile;
  /**
   * Whether programs include that file (and the runtime's types it imports): from the first cell
   * checked as a typing text on, so that cells without operators on tensors cost what they cost
   * without rewriting, and a program's files stay the same from one cell to the next once they do.
   */
  private operatorTypes = false;
  /**
   * Counts changes to the declarations a cell is compiled against; the last cell compiled is
   * kept with the count it was compiled at, and a cell run again unchanged over the same
   * declarations (`1 + 1`, a plotting cell run after each tweak elsewhere) reuses it.
   */
  private generation = 0;
  private last: { src: string; generation: number; compiled: Compiled } | null = null;

  constructor(cwd = process.cwd(), options: { operators?: boolean } = {}) {
    this.cwd = cwd;
    this.cellFile = path.join(cwd, '__cell__.ts');
    this.recent = new DeclFile(path.join(cwd, '__recent__.d.ts'));
    this.base = new DeclFile(path.join(cwd, '__base__.d.ts'));
    this.operators = options.operators === false ? null : new Operators();
    this.operatorsFile = new DeclFile(path.join(cwd, '__operators__.d.ts'));
    if (this.operators) this.operatorsFile.set(RULES_MODULE, 0);
    this.options = {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      declaration: true,
      sourceMap: true,
      newLine: ts.NewLineKind.LineFeed,
      // Cells run as sloppy-mode functions, as they did under tslab.
      noImplicitUseStrict: true,
      ignoreDeprecations: '5.0',
      experimentalDecorators: true,
      resolveJsonModule: true,
      jsx: ts.JsxEmit.React,
      allowJs: true,
      skipLibCheck: true,
      typeRoots: typeRoots(cwd),
      // Global typings are Node's only: the runtime and Node's modules are what cells run with. A
      // package's typings come with its import (`import _ from 'lodash'` finds @types/lodash);
      // typings that only declare globals (`describe`, `$`) would type-check names that are not
      // there when the cell runs. A cell can still name some with `/// <reference types="..." />`.
      types: ['node'],
      outDir: path.join(cwd, '.torchlab-out'),
    };
    this.libDir = path.dirname(ts.getDefaultLibFilePath(this.options));
    this.host = this.createHost();
    // Files read by an earlier Converter (or before the snapshot) may have changed since.
    this.refreshDisk();
    // Build the first program now: it parses the standard library and Node's typings once.
    this.build('');
  }

  private createHost(): ts.CompilerHost {
    const virtual = (f: string) => f === this.cellFile || f === this.recent.fileName || f === this.base.fileName || f === this.operatorsFile.fileName;
    return {
      getSourceFile: (fileName, languageVersion) => {
        // Parent pointers for the completion and quick-info services, which read them before binding.
        if (fileName === this.cellFile) return ts.createSourceFile(fileName, this.cellText, languageVersion, true, ts.ScriptKind.TS);
        if (fileName === this.recent.fileName) return this.recent.source();
        if (fileName === this.base.fileName) return this.base.source();
        if (fileName === this.operatorsFile.fileName) return this.operatorsFile.source();
        const hit = disk.get(fileName);
        if (hit) return hit.sf;
        const text = ts.sys.readFile(fileName);
        if (text === undefined) return undefined;
        const sf = ts.createSourceFile(fileName, text, languageVersion, false);
        disk.set(fileName, { sf, mtime: mtimeOf(fileName) });
        return sf;
      },
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      writeFile: () => undefined,
      getCurrentDirectory: () => this.cwd,
      getCanonicalFileName: (f) => f,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (f) => virtual(f) || ts.sys.fileExists(f),
      readFile: (f) => (f === this.cellFile ? this.cellText : ts.sys.readFile(f)),
      directoryExists: (d) => ts.sys.directoryExists(d),
      getDirectories: (d) => ts.sys.getDirectories(d),
      realpath: ts.sys.realpath,
    };
  }

  /** Forgets files on disk that changed since they were read (an edited module, a new package's typings). */
  private refreshDisk(): void {
    for (const [f, { mtime }] of disk) {
      if (!f.startsWith(this.libDir) && mtimeOf(f) !== mtime) disk.delete(f);
    }
  }

  /** A program with `text` as the cell, inside the current declarations; `typing`: a typing text, with operators' stand-ins. */
  private build(text: string, typing = false): { program: ts.Program; cell: ts.SourceFile } {
    this.cellText = text;
    if (typing && this.operators) this.operatorTypes = true;
    const roots = [this.base.fileName, this.recent.fileName, this.cellFile];
    if (this.operatorTypes) roots.unshift(this.operatorsFile.fileName);
    const program = ts.createProgram({ rootNames: roots, options: this.options, host: this.host, oldProgram: this.program });
    this.program = program;
    const cell = program.getSourceFile(this.cellFile)!;
    const recent = program.getSourceFile(this.recent.fileName)!;
    const base = program.getSourceFile(this.base.fileName)!;
    setParent(base, undefined);
    setParent(recent, base);
    setParent(cell, recent);
    return { program, cell };
  }

  /** Compiles a cell. The declarations it makes are kept only once `commit()` is called. */
  compile(src: string): Compiled {
    // A cell that imports may see modules on disk change between runs: always compiled afresh.
    const imports = /\bimport\b|\brequire\b/.test(src);
    if (!imports && this.last?.src === src && this.last.generation === this.generation) return this.last.compiled;
    const compiled = this.compileNew(src, imports);
    this.last = imports ? null : { src, generation: this.generation, compiled };
    return compiled;
  }

  private compileNew(src: string, imports: boolean): Compiled {
    const parsed = ts.createSourceFile(this.cellFile, src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const names = topLevelNames(parsed);
    if (imports) this.refreshDisk();
    // Exporting every top-level name puts it in the declaration output (and on `exports`).
    const exportList = `\nexport { ${[...names].join(', ')} };\n`;
    const check = (body: string, typing = false) => { const b = this.build(body + exportList, typing); return { ...b, diagnostics: this.rawDiagnostics(b.program, b.cell) }; };
    // Python's operators on tensors: the cell may be checked as another text (transform/cell.ts).
    const ops = this.operators?.check(src, (text) => check(text, true), parsed) ?? null;
    const { program, cell, diagnostics: raw } = ops ?? check(src);
    const diagnostics = this.cellDiagnostics(raw, cell, parsed, ops?.map, ops?.errors);
    const empty: Compiled = { diagnostics, js: '', async: false, map: '', keepsFrames: false, modules: new Map(), commit: () => undefined };
    if (diagnostics.length) return empty;

    const checker = program.getTypeChecker();
    let js = '', map = '', decl = '';
    const lastIndex = lastStatementIndex(cell, ops ? ops.end : src.length);
    const transform = cellTransformer(checker, (sym, name) => this.declaredEarlier(sym, name), lastIndex);
    // The operators' transform first: it finds the stand-ins as the checker saw them.
    program.emit(cell, (fileName, data) => {
      if (fileName.endsWith('.d.ts')) decl = data;
      else if (fileName.endsWith('.map')) map = data;
      else if (fileName.endsWith('.js')) js = data;
    }, undefined, false, { before: ops?.transformer ? [ops.transformer, transform] : [transform], afterDeclarations: [dropExportDeclarations] });
    // (Lines are kept as they are: the source map counts them.)
    js = js.replace(/^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/m, '').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
    // The map of the checked text moves to the cell as written only if a traceback asks for it.
    const checked = cell.text, positions = ops?.map;
    let remapped: string | undefined;
    const meanings = new Map<string, Meaning>();
    for (const [name, sym] of localsOf(cell) ?? []) if (names.has(name)) meanings.set(name, meaningOf(checker, sym));
    return {
      diagnostics,
      js,
      get map() { return (remapped ??= positions ? remapSourceMap(map, positionMapper(checked, src, positions)) : map); },
      async: hasTopLevelAwait(parsed),
      keepsFrames: mayRunLater(parsed),
      modules: this.emitModules(program),
      commit: () => this.commit(decl, meanings),
    };
  }

  /** The diagnostics of the cell and the local modules it imports that concern the user. */
  private rawDiagnostics(program: ts.Program, cell: ts.SourceFile): ts.Diagnostic[] {
    const out: ts.Diagnostic[] = [];
    const add = (d: ts.Diagnostic) => {
      if (!d.file || d.start === undefined) return;
      // Top-level await is allowed: the cell body becomes an async function.
      if (d.code === 1378 || d.code === 1432) return;
      if (d.file !== cell && path.relative(this.cwd, d.file.fileName).startsWith('..')) return;
      out.push(d);
    };
    for (const sf of [cell, ...this.localModules(program)]) {
      program.getSyntacticDiagnostics(sf).forEach(add);
      program.getSemanticDiagnostics(sf, NO_CANCEL).forEach(add);
    }
    return out;
  }

  /**
   * Diagnostics as lines and columns; the cell's at the cell as written (`parsed`; `map`: from the checked
   * text), wrong tensor operands first, each replacing what TypeScript said inside its expression.
   */
  private cellDiagnostics(diagnostics: readonly ts.Diagnostic[], cell: ts.SourceFile, parsed: ts.SourceFile, map?: PositionMap, errors: OperatorError[] = []): CellDiagnostic[] {
    const written = map ? parsed : cell;
    const at = (sf: ts.SourceFile, offset: number) => { const { line, character } = sf.getLineAndCharacterOfPosition(offset); return { line: line + 1, col: character + 1 }; };
    const out: (CellDiagnostic & { offset: number })[] = errors.map((e) => ({ ...at(written, e.start), message: e.message, code: e.code, offset: e.start }));
    for (const d of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
      if (d.file !== cell) { out.push({ file: path.relative(this.cwd, d.file!.fileName), ...at(d.file!, d.start!), message, code: d.code, offset: Infinity }); continue; }
      const offset = map ? map.toOriginal(d.start!) : d.start!;
      const end = map ? map.toOriginal(d.start! + (d.length ?? 0), true) : d.start! + (d.length ?? 0);
      if (errors.some((e) => e.node[0] <= offset && end <= e.node[1])) continue;
      out.push({ ...at(written, offset), message, code: d.code, offset });
    }
    if (errors.length) out.sort((a, b) => a.offset - b.offset);
    return out.map(({ offset: _, ...d }) => d);
  }

  /** TypeScript or JavaScript files of the working tree that the cell's program includes through imports. */
  private localModules(program: ts.Program): ts.SourceFile[] {
    return program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && sf.fileName !== this.cellFile
      && !program.isSourceFileFromExternalLibrary(sf) && !sf.fileName.includes('/node_modules/'));
  }

  private emitModules(program: ts.Program): Map<string, string> {
    const out = new Map<string, string>();
    for (const sf of this.localModules(program)) {
      const file = sf.fileName.replace(/\.[cm]?[jt]sx?$/, '.js');
      const done = this.emitted.get(file);
      if (done && done.from === sf.text) { out.set(file, done.js); continue; }
      let js = '';
      program.emit(sf, (name, data) => { if (name.endsWith('.js')) js = data; });
      this.emitted.set(file, { from: sf.text, js });
      out.set(file, js);
    }
    return out;
  }

  private declaredEarlier(sym: ts.Symbol, name: string): boolean {
    for (const f of [this.recent, this.base]) {
      const local = f.sf && localsOf(f.sf)?.get(name);
      if (local && (local === sym || (local as { exportSymbol?: ts.Symbol }).exportSymbol === sym)) return true;
    }
    return false;
  }

  /** Adds a cell's declaration output to `recent`, dropping what it shadows; folds `recent` into `base` when it is large. */
  private commit(decl: string, meanings: Map<string, Meaning>): void {
    if (!meanings.size && !/\S/.test(decl)) return;
    this.generation++;
    const kept = remaining(this.recent, meanings);
    const declSf = ts.createSourceFile('cell.d.ts', decl, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    this.recent.set(kept.text + decl, kept.statements + declSf.statements.length);
    for (const [name, m] of meanings) this.recent.names.set(name, m);
    if (this.recent.statements > RECENT_LIMIT) {
      const older = remaining(this.base, this.recent.names);
      this.base.set(older.text + this.recent.text, older.statements + this.recent.statements);
      for (const [name, m] of this.recent.names) this.base.names.set(name, m);
      this.recent.set('', 0);
      this.recent.names.clear();
    }
  }

  /** Declarations currently in scope, newest first (for tests and diagnostics). */
  declarations(): string { return this.recent.text + this.base.text; }

  /** Quick info (signature and documentation) for a position; for a position inside a call's arguments, of the function called. */
  inspect(src: string, pos: number): ts.QuickInfo | undefined {
    // Operators on tensors type as tensors in the typing text: positions move to it and back.
    const q = this.operators?.query(src);
    const shift = MODULE_PREFIX.length;
    // `export {};` first (on the same line) makes the cell a module without touching what follows the cursor.
    const { program, cell } = this.build(MODULE_PREFIX + (q ? q.text : src), !!q);
    const checker = program.getTypeChecker();
    const at = inspectionTarget(cell, (q ? q.map.toRewritten(pos) : pos) + shift);
    if (at === undefined) return undefined;
    const info = ts.getQuickInfoAtPosition(cell, checker, NO_CANCEL, at);
    if (info) {
      // The span at the cell as written.
      const from = info.textSpan.start - shift, to = from + info.textSpan.length;
      const start = q ? q.map.toOriginal(from) : from;
      info.textSpan = { start, length: Math.max(0, (q ? q.map.toOriginal(to, true) : to) - start) };
    }
    // A function held in a constant (`torch.randn` outside a call) is documented by its signature.
    if (info && !info.documentation?.length) {
      const node = (ts as unknown as { getTokenAtPosition(sf: ts.SourceFile, pos: number): ts.Node }).getTokenAtPosition(cell, at - 1);
      const type = checker.getTypeAtLocation(node);
      const sig = type.getCallSignatures()[0] ?? type.getConstructSignatures()[0];
      if (sig) { info.documentation = sig.getDocumentationComment(checker); info.tags = sig.getJsDocTags(); }
    }
    return info;
  }

  /** Completion candidates at a position, and the span they replace. */
  complete(src: string, pos: number): { start: number; end: number; entries: readonly ts.CompletionEntry[]; program: ts.Program; cell: ts.SourceFile; pos: number } {
    const q = this.operators?.query(src);
    const { program, cell } = this.build(MODULE_PREFIX + (q ? q.text : src), !!q);
    const shift = MODULE_PREFIX.length;
    pos = (q ? q.map.toRewritten(pos) : pos) + shift;
    const info = ts.Completions.getCompletionsAtPositionForTslab({} as ts.LanguageServiceHost, program, () => undefined, cell, pos, {}, undefined, ts.CompletionTriggerKind.Invoked, NO_CANCEL);
    const token = ts.findPrecedingToken(pos, cell);
    let start = pos, end = pos;
    if (token && ts.isIdentifier(token) && token.end >= pos) { start = token.getStart(cell); end = token.end; }
    else if (token) {
      const next = ts.findNextToken(token, cell, cell);
      if (next && ts.isIdentifier(next) && next.getStart(cell) <= pos && pos <= next.end) { start = next.getStart(cell); end = next.end; }
    }
    const entries = (info?.entries ?? []).filter((e) => !this.operators || !standIn(e.name));
    const back = (p: number, atEnd = false) => (q ? q.map.toOriginal(p - shift, atEnd) : p - shift);
    return { start: back(start), end: back(end, true), entries, program, cell, pos };
  }
}

function mtimeOf(f: string): number {
  try { return fs.statSync(f).mtimeMs; } catch { return -1; }
}

/** Type roots seen from the working directory; tslab's own `@types` (with Node's) when none there has Node's typings. */
function typeRoots(cwd: string): string[] {
  const roots = ts.getDefaultTypeRoots(cwd, { directoryExists: ts.sys.directoryExists }) ?? [];
  if (roots.some((r) => ts.sys.fileExists(path.join(r, 'node', 'package.json')))) return roots;
  const tslab = path.join(path.dirname(require.resolve('tslab/package.json')), 'node_modules', '@types');
  const own = path.join(path.dirname(require.resolve('tslab/package.json')), '..', '@types');
  return [...roots, ts.sys.fileExists(path.join(tslab, 'node', 'package.json')) ? tslab : own];
}

/** Names a module's top level declares, as its binder would: declarations, imports, and `var`s in nested blocks. */
export function topLevelNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const exported = (s: ts.Statement) => ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  const vars = (list: ts.VariableDeclarationList | ts.Expression | undefined, onlyVar: boolean) => {
    if (!list || !ts.isVariableDeclarationList(list)) return;
    if (onlyVar && (list.flags & ts.NodeFlags.BlockScoped)) return;
    for (const d of list.declarations) bind(d.name);
  };
  const nested = (s: ts.Statement): void => {
    if (ts.isVariableStatement(s)) vars(s.declarationList, true);
    else if (ts.isBlock(s)) s.statements.forEach(nested);
    else if (ts.isIfStatement(s)) { nested(s.thenStatement); if (s.elseStatement) nested(s.elseStatement); }
    else if (ts.isForStatement(s)) { vars(s.initializer, true); nested(s.statement); }
    else if (ts.isForInStatement(s) || ts.isForOfStatement(s)) { vars(s.initializer, true); nested(s.statement); }
    else if (ts.isWhileStatement(s) || ts.isDoStatement(s) || ts.isLabeledStatement(s)) nested(s.statement);
    else if (ts.isTryStatement(s)) { nested(s.tryBlock); if (s.catchClause) nested(s.catchClause.block); if (s.finallyBlock) nested(s.finallyBlock); }
    else if (ts.isSwitchStatement(s)) for (const c of s.caseBlock.clauses) c.statements.forEach(nested);
  };
  for (const s of sf.statements) {
    if (exported(s)) continue;
    if (ts.isVariableStatement(s)) vars(s.declarationList, false);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name) names.add(s.name.text);
    else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) names.add(s.name.text);
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
      else if (c.namedBindings) for (const e of c.namedBindings.elements) names.add(e.name.text);
    } else if (ts.isImportEqualsDeclaration(s)) names.add(s.name.text);
    else nested(s);
  }
  return names;
}

function meaningOf(checker: ts.TypeChecker, sym: ts.Symbol): Meaning {
  let flags = sym.flags;
  if (flags & ts.SymbolFlags.Alias) {
    try { flags = checker.getAliasedSymbol(sym).flags; } catch { /* unresolved import */ }
  }
  return { value: (flags & ts.SymbolFlags.Value) !== 0, type: (flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Namespace)) !== 0 };
}

/** Index of the statement whose value a cell shows: its last statement, when that is an expression but not an assignment. */
function lastStatementIndex(cell: ts.SourceFile, end: number): number {
  // The cell's statements end at `end`; the `export { ... }` that compile() appended follows.
  let i = cell.statements.length - 1;
  while (i >= 0 && cell.statements[i].end > end) i--;
  const s = cell.statements[i];
  if (!s || !ts.isExpressionStatement(s)) return -1;
  const e = s.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return -1;
  return i;
}

const isFunctionLike = (n: ts.Node) => ts.isFunctionLike(n) || ts.isClassLike(n);

/** Whether a module awaits outside any function. */
export function hasTopLevelAwait(sf: ts.SourceFile): boolean {
  const walk = (n: ts.Node): boolean => {
    if (isFunctionLike(n)) return false;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) return true;
    return ts.forEachChild(n, walk) ?? false;
  };
  return ts.forEachChild(sf, walk) ?? false;
}

function mayRunLater(sf: ts.SourceFile): boolean {
  const walk = (n: ts.Node): boolean => isFunctionLike(n) || ts.isAwaitExpression(n) || (ts.forEachChild(n, walk) ?? false);
  return ts.forEachChild(sf, walk) ?? false;
}

/**
 * The cell's own rewrite, before TypeScript's: names declared by earlier cells become
 * `exports.name`; every loop body starts with an interrupt check and every `await` resumes
 * through one (so an interrupted cell's leftovers stop); the shown last expression is returned.
 */
function cellTransformer(checker: ts.TypeChecker, declaredEarlier: (sym: ts.Symbol, name: string) => boolean, lastIndex: number): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (sf) => {
    const f = context.factory;
    const earlier = (id: ts.Identifier, sym = checker.getSymbolAtLocation(id)) => sym !== undefined && declaredEarlier(sym, id.text);
    const exportsOf = (name: string) => f.createPropertyAccessExpression(f.createIdentifier('exports'), name);
    const check = () => f.createExpressionStatement(f.createCallExpression(f.createIdentifier(BODY_PARAMS[2]), undefined, []));
    const withCheck = (body: ts.Statement, extra?: ts.Statement): ts.Statement => {
      const first = extra ? [check(), extra] : [check()];
      return ts.isBlock(body) ? f.updateBlock(body, [...first, ...body.statements]) : f.createBlock([...first, body], true);
    };
    const visit = (node: ts.Node): ts.Node => {
      // `class A extends torch.utils.data.Dataset<T>`: the base class is a value (its node counts as a type node).
      if (ts.isExpressionWithTypeArguments(node) && ts.isHeritageClause(node.parent) && node.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(node.parent.parent)) {
        return f.updateExpressionWithTypeArguments(node, ts.visitNode(node.expression, visit) as ts.Expression, node.typeArguments);
      }
      if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)
        || ts.isImportEqualsDeclaration(node) || ts.isExportDeclaration(node)) return node;
      if (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return node;
      if (ts.isIdentifier(node)) return earlier(node) ? exportsOf(node.text) : node;
      if (ts.isShorthandPropertyAssignment(node)) {
        const sym = checker.getShorthandAssignmentValueSymbol(node);
        if (sym && declaredEarlier(sym, node.name.text)) {
          const value = node.objectAssignmentInitializer ? f.createAssignment(exportsOf(node.name.text), ts.visitNode(node.objectAssignmentInitializer, visit) as ts.Expression) : exportsOf(node.name.text);
          return f.createPropertyAssignment(node.name.text, value);
        }
        return node;
      }
      // Names that are not references: property names, labels, declared names.
      if (ts.isPropertyAccessExpression(node)) return f.updatePropertyAccessExpression(node, ts.visitNode(node.expression, visit) as ts.Expression, node.name);
      if (ts.isQualifiedName(node)) return node;
      if (ts.isAwaitExpression(node)) {
        return f.createCallExpression(f.createIdentifier(BODY_PARAMS[3]), undefined, [f.updateAwaitExpression(node, ts.visitNode(node.expression, visit) as ts.Expression)]);
      }
      const v = ts.visitEachChild(node, visit, context);
      if (ts.isForOfStatement(v) && v.awaitModifier) {
        const resume = f.createExpressionStatement(f.createCallExpression(f.createIdentifier(BODY_PARAMS[3]), undefined, []));
        return f.updateForOfStatement(v, v.awaitModifier, v.initializer, v.expression, withCheck(v.statement, resume));
      }
      if (ts.isForStatement(v)) return f.updateForStatement(v, v.initializer, v.condition, v.incrementor, withCheck(v.statement));
      if (ts.isForInStatement(v)) return f.updateForInStatement(v, v.initializer, v.expression, withCheck(v.statement));
      if (ts.isForOfStatement(v)) return f.updateForOfStatement(v, v.awaitModifier, v.initializer, v.expression, withCheck(v.statement));
      if (ts.isWhileStatement(v)) return f.updateWhileStatement(v, v.expression, withCheck(v.statement));
      if (ts.isDoStatement(v)) return f.updateDoStatement(v, withCheck(v.statement), v.expression);
      return v;
    };
    const statements = sf.statements.map((s, i) => {
      const v = visit(s) as ts.Statement;
      if (i !== lastIndex) return v;
      const expr = (v as ts.ExpressionStatement).expression;
      return ts.setTextRange(f.createReturnStatement(f.createObjectLiteralExpression([f.createPropertyAssignment('value', expr)])), s);
    });
    return f.updateSourceFile(sf, statements);
  };
}

/** Declaration output keeps the declarations only (compile() added an `export { ... }` to make them appear). */
const dropExportDeclarations: ts.TransformerFactory<ts.SourceFile | ts.Bundle> = (context) => (node) => {
  if (!ts.isSourceFile(node)) return node;
  return context.factory.updateSourceFile(node, node.statements.filter((s) => !ts.isExportDeclaration(s)));
};

/**
 * The statements of a declaration file that stay visible once names with the given meanings are
 * declared again (as tslab decided it): a new value hides an old value, a new type an old type;
 * a class or enum goes as a whole, leaving `any` for its value when only its type was hidden.
 */
function remaining(file: DeclFile, shadow: Map<string, Meaning>): { text: string; statements: number } {
  if (!file.text) return { text: '', statements: 0 };
  const sf = file.source();
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const out: string[] = [];
  const anyVars: string[] = [];
  let statements = 0;
  const keepOf = (name: string) => {
    const s = shadow.get(name);
    return { value: !s?.value, type: !s?.type };
  };
  const old = (name: string) => file.names.get(name) ?? { value: true, type: true };
  const push = (text: string) => { out.push(text); statements++; };
  const whole = (s: ts.Statement) => push(sf.text.slice(s.pos, s.end));
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) {
      const decls = s.declarationList.declarations.filter((d) => !ts.isIdentifier(d.name) || keepOf(d.name.text).value);
      if (decls.length === s.declarationList.declarations.length) whole(s);
      else if (decls.length) push('\n' + printer.printNode(ts.EmitHint.Unspecified, ts.factory.updateVariableStatement(s, ts.getModifiers(s), ts.factory.updateVariableDeclarationList(s.declarationList, decls)), sf));
    } else if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) {
      if (keepOf(s.name.text).type) whole(s);
    } else if (ts.isFunctionDeclaration(s)) {
      if (!s.name || keepOf(s.name.text).value) whole(s);
    } else if ((ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && s.name && ts.isIdentifier(s.name)) {
      const name = s.name.text, keep = keepOf(name);
      if (keep.type && keep.value) whole(s);
      else if (!keep.type && keep.value && old(name).value && !anyVars.includes(name)) anyVars.push(name);
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      const keepName = (name: string) => {
        const keep = keepOf(name), m = old(name);
        if (keep.type && keep.value) return true;
        if (!keep.value) return !m.value && m.type;
        if (m.type) { if (m.value && !anyVars.includes(name)) anyVars.push(name); return false; }
        return true;
      };
      const name = c.name && keepName(c.name.text) ? c.name : undefined;
      let bindings = c.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) { if (!keepName(bindings.name.text)) bindings = undefined; }
      else if (bindings) {
        const elements = bindings.elements.filter((e) => keepName(e.name.text));
        bindings = elements.length ? ts.factory.updateNamedImports(bindings, elements) : undefined;
      }
      if (name === c.name && bindings === c.namedBindings) whole(s);
      else if (name || bindings) {
        push('\n' + printer.printNode(ts.EmitHint.Unspecified, ts.factory.updateImportDeclaration(s, ts.getModifiers(s),
          ts.factory.updateImportClause(c, c.isTypeOnly, name, bindings), s.moduleSpecifier, s.assertClause), sf));
      }
    } else if (!ts.isExportDeclaration(s) && !ts.isExportAssignment(s)) {
      whole(s);
    }
  }
  for (const name of anyVars) push(`\ndeclare let ${name}: any;`);
  return { text: out.join('') + '\n', statements };
}

/** Where Shift-Tab looks: inside a call's parentheses, the function called (as IPython does); else the name at the cursor. */
function inspectionTarget(cell: ts.SourceFile, cursor: number): number | undefined {
  // Whitespace before the cursor belongs to no node: look from the last character typed.
  let pos = cursor;
  while (pos > 0 && /\s/.test(cell.text[pos - 1])) pos--;
  let call: ts.CallExpression | ts.NewExpression | undefined;
  const walk = (n: ts.Node): void => {
    // (An operator's stand-in in the typing text is no call of the cell's.)
    const operator = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && standIn(n.expression.expression.text);
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments && !operator) {
      const open = n.arguments.pos; // just after `(`
      const close = n.end;
      const closed = cell.text[close - 1] === ')';
      if (pos >= open && (pos < close || (!closed && pos <= close))) call = n;
    }
    if (n.pos <= pos && pos <= n.end) ts.forEachChild(n, walk);
  };
  ts.forEachChild(cell, walk);
  if (call) {
    let callee: ts.Expression = call.expression;
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    return name.end;
  }
  const token = (ts as unknown as { getTokenAtPosition(sf: ts.SourceFile, pos: number): ts.Node }).getTokenAtPosition(cell, Math.max(0, pos - 1));
  if (ts.isIdentifier(token) || ts.isPrivateIdentifier(token)) return token.end;
  return pos < cell.text.length ? pos : undefined;
}
