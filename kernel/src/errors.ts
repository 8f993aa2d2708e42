// Errors as Jupyter `error` content: ename, evalue and a traceback of the user's cells only, in
// Python's order (most recent call last), each frame traced back to its cell line through the
// cell's source map. Compiler errors point at the cell line, with a hint where a Python habit
// caused them.
import ts = require('@tslab/typescript-for-tslab');
import type { CellDiagnostic } from './converter';
import type { CellSource } from './executor';

export interface ErrorContent { ename: string; evalue: string; traceback: string[] }

function sourceLine(code: string, line: number): string | undefined { return code.split('\n')[line - 1]; }

/** Context lines as IPython prints them: `----> 2 code` for the line itself. */
function context(code: string, line: number, before = 1): string[] {
  const out: string[] = [];
  const width = String(line).length;
  for (let l = Math.max(1, line - before); l <= line; l++) {
    const src = sourceLine(code, l);
    if (src === undefined) continue;
    out.push(`${l === line ? '---->' : '     '} ${String(l).padStart(width)} ${src}`);
  }
  return out;
}

/** Python habits that TypeScript rejects, and what to write instead. */
const NAME_HINTS: Record<string, string> = {
  True: 'JavaScript spells it `true`.',
  False: 'JavaScript spells it `false`.',
  None: 'JavaScript spells it `null` (or `undefined`).',
  self: 'Inside a class, JavaScript uses `this`.',
  len: 'Use `x.length` for arrays and strings, `t.__len__()` or `t.shape[0]` for tensors.',
  range: 'Loop with `for (let i = 0; i < n; i++)`, or use `torch.arange(n)`.',
  str: 'Use `String(x)` or a template literal: `${x}`.',
  int: 'Use `Math.trunc(x)` (or `parseInt(s)` for a string).',
  float: 'Use `Number(x)`.',
  np: 'NumPy is not available: use torch (e.g. `torch.tensor`, `t.numpy()` gives a plain array).',
  numpy: 'NumPy is not available: use torch (e.g. `torch.tensor`, `t.numpy()` gives a plain array).',
};

/** A hint for a diagnostic, when the code shows a Python habit. */
function hintFor(d: CellDiagnostic, code: string): string | undefined {
  if (d.file || d.code !== 2304) return undefined;
  const name = /Cannot find name '([^']+)'/.exec(d.message)?.[1];
  if (!name) return undefined;
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lines = code.split('\n');
  const offset = lines.slice(0, d.line - 1).reduce((n, l) => n + l.length + 1, 0) + d.col - 1;
  const node = (ts as unknown as { getTokenAtPosition(sf: ts.SourceFile, pos: number): ts.Node }).getTokenAtPosition(sf, offset);
  // `x = ...` with x never declared: Python creates the variable, TypeScript wants a declaration.
  const assign = node.parent;
  if (ts.isIdentifier(node) && assign && ts.isBinaryExpression(assign) && assign.left === node && assign.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const value = assign.right.getText(sf);
    const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `Declare the variable first: \`let ${name} = ${short}\` (or \`const\` if it is never reassigned).`;
  }
  return Object.prototype.hasOwnProperty.call(NAME_HINTS, name) ? NAME_HINTS[name] : undefined;
}

/** Compiler diagnostics: each as `cell L:C - error: message` with the cell line and a caret. */
export function diagnosticsError(diags: CellDiagnostic[], code: string, syntax: boolean): ErrorContent {
  const traceback: string[] = [];
  let first: string | undefined;
  for (const d of diags) {
    const hint = hintFor(d, code);
    traceback.push(`${d.file ? `${d.file} ` : 'cell '}${d.line}:${d.col} - error: ${d.message}`);
    if (!d.file) {
      const src = sourceLine(code, d.line);
      if (src !== undefined) traceback.push(`  ${d.line} | ${src}`, `  ${' '.repeat(String(d.line).length)} | ${' '.repeat(Math.max(0, d.col - 1))}^`);
    }
    if (hint) traceback.push(`  hint: ${hint}`);
    first ??= hint ? `${d.message} ${hint}` : d.message;
  }
  return { ename: syntax ? 'SyntaxError' : 'TSError', evalue: first ?? 'compilation failed', traceback };
}

interface Frame { file: string; line: number; col: number; fn?: string }

/** Stack frames that are in cells (files named `cell-N`), most recent first as V8 lists them. */
function cellFrames(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const l of stack.split('\n')) {
    const m = /^\s+at (?:async )?(?:(.*?) \()?(cell-\d+):(\d+):(\d+)\)?$/.exec(l);
    if (m) frames.push({ fn: m[1], file: m[2], line: Number(m[3]), col: Number(m[4]) });
  }
  return frames;
}

/** A cell line for a frame of its compiled JavaScript. */
function originalLine(src: CellSource, f: Frame): number | undefined {
  if (!src.map) return undefined;
  const col = f.line === 1 ? f.col - 1 - src.prefix : f.col - 1;
  const e = src.map.findEntry(f.line - 1, Math.max(0, col)) as { originalLine?: number };
  return e && typeof e.originalLine === 'number' ? e.originalLine + 1 : undefined;
}

/** Names of functions as a user reads them (V8 writes methods as `Class.method`, cells' own bodies anonymously). */
function functionName(fn: string | undefined): string | undefined {
  if (!fn || fn === 'Object.<anonymous>' || fn === '<anonymous>' || fn.startsWith('exports.')) return undefined;
  return fn.replace(/^new /, '');
}

/** A thrown value: Python's exception line first, then the frames of the cells it went through. */
export function exceptionError(e: unknown, source: (file: string) => CellSource | undefined): ErrorContent {
  if (!(e instanceof Error)) {
    const text = typeof e === 'string' ? e : (() => { try { return JSON.stringify(e) ?? String(e); } catch { return String(e); } })();
    return { ename: 'Error', evalue: text, traceback: [`Uncaught ${text}`] };
  }
  const ename = e.name || e.constructor?.name || 'Error';
  const evalue = ename === 'KeyboardInterrupt' ? '' : e.message;
  const traceback = [evalue ? `${ename}: ${evalue}` : ename];
  const frames = cellFrames(e.stack ?? '').reverse();
  for (const f of frames) {
    const src = source(f.file);
    if (!src) { traceback.push(`${f.file}, line ${f.line}`); continue; }
    const line = originalLine(src, f);
    const fn = functionName(f.fn);
    if (line === undefined) { traceback.push(`Cell ${src.label}${fn ? `, in ${fn}` : ''}`); continue; }
    traceback.push(`Cell ${src.label}, line ${line}${fn ? `, in ${fn}` : ''}`, ...context(src.code, line));
  }
  return { ename, evalue, traceback };
}
