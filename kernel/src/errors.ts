// Errors as Jupyter `error` content: ename, evalue and a traceback that points into the cell.
import type * as VM from 'vm';

// The module object itself (a namespace import would be read-only).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const vm: typeof VM = require('vm');

/** What the executor passed to console.error: a TypeScript diagnostic, or a thrown value. */
export type Failure = unknown[];

const DIAG = '%s%d:%d - %s';

// The executor runs each cell's JavaScript through vm.runInThisContext; keeping the last source
// lets a stack frame's line be traced back to the TypeScript line it came from.
let lastScript = '';
const run = vm.runInThisContext;
(vm as { runInThisContext: typeof vm.runInThisContext }).runInThisContext = (code: string, opts?: VM.RunningScriptOptions | string) => {
  lastScript = code;
  return run.call(vm, code, opts);
};

function cellLine(code: string | undefined, line: number, col: number): string[] {
  const src = code?.split('\n')[line - 1];
  if (src === undefined) return [];
  return [`  ${line} | ${src}`, `  ${' '.repeat(String(line).length)} | ${' '.repeat(Math.max(0, col - 1))}^`];
}

const norm = (s: string) => s.replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();

/** The cell line a line of the transpiled script came from (types erased, so match loosely). */
function traceToCell(code: string, jsLine: string): number | null {
  const want = norm(jsLine);
  if (!want) return null;
  const lines = code.split('\n').map(norm);
  const exact = lines.findIndex((l) => l === want || l.replace(/:\s*[\w.<>[\]|, ]+(?=\s*[=,)])/g, '') === want);
  if (exact >= 0) return exact + 1;
  const tokens = new Set(want.match(/[A-Za-z_$][\w$]*|\d+/g) ?? []);
  let best = -1, score = 0;
  lines.forEach((l, i) => {
    const s = (l.match(/[A-Za-z_$][\w$]*|\d+/g) ?? []).filter((t) => tokens.has(t)).length;
    if (s > score) { score = s; best = i; }
  });
  return best >= 0 && score >= Math.min(2, tokens.size) ? best + 1 : null;
}

export function formatError(failures: Failure[], code?: string): { ename: string; evalue: string; traceback: string[] } {
  if (!failures.length) return { ename: 'Error', evalue: 'execution failed', traceback: [] };
  const diags = failures.filter((f) => f[0] === DIAG);
  if (diags.length) {
    const traceback: string[] = [];
    for (const [, file, line, col, text] of diags as [string, string, number, number, string][]) {
      traceback.push(`${file ? file : 'cell '}${line}:${col} - error: ${text}`);
      if (!file) traceback.push(...cellLine(code, line, col));
    }
    return { ename: String((diags[0] as unknown[])[5] ?? 'TSError'), evalue: String((diags[0] as unknown[])[4]), traceback };
  }
  const e = failures[0][0];
  if (e instanceof Error) {
    const interrupted = /Script execution was interrupted|Interrupted asynchronously/.test(e.message);
    const ename = interrupted ? 'KeyboardInterrupt' : e.name || e.constructor?.name || 'Error';
    const traceback = [`${ename}: ${e.message}`];
    const stack = (e.stack ?? '').split('\n');
    const start = stack.findIndex((l) => /^\s+at /.test(l));
    let placed = false;
    for (const l of start >= 0 ? stack.slice(start) : []) {
      const m = /evalmachine\.<anonymous>:(\d+):(\d+)/.exec(l);
      if (m) {
        if (placed || !code) continue;
        const js = lastScript.split('\n')[Number(m[1]) - 1] ?? '';
        const line = traceToCell(code, js);
        if (line) { traceback.push(`  at cell line ${line}`, ...cellLine(code, line, 1).slice(0, 1)); placed = true; }
      } else if (!/node:|tslab[/\\]dist|kernel[/\\]src|sigintHandlersWrap/.test(l)) traceback.push(l);
    }
    return { ename, evalue: e.message, traceback };
  }
  return { ename: 'Error', evalue: String(e), traceback: [`Uncaught ${String(e)}`] };
}
