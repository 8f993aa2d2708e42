// complete_request and inspect_request: what the frontend shows on Tab and Shift-Tab.
import ts = require('@tslab/typescript-for-tslab');
import type { Converter } from './converter';

/** Jupyter's completion type for a TypeScript element kind. */
function jupyterType(kind: string): string {
  switch (kind) {
    case 'function': case 'local function': return 'function';
    case 'method': return 'method';
    case 'class': case 'local class': return 'class';
    case 'module': return 'module';
    case 'property': case 'getter': case 'setter': return 'property';
    case 'keyword': return 'keyword';
    case 'interface': case 'type': case 'type parameter': case 'enum': return 'class';
    default: return 'instance';
  }
}

/** The property access being completed (`expr.na|`), if the cursor is on its name or right after its dot. */
function memberTarget(cell: ts.SourceFile, pos: number): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const walk = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && n.name.pos <= pos && pos <= n.name.end) found = n.expression;
    if (n.pos <= pos && pos <= n.end) ts.forEachChild(n, walk);
  };
  ts.forEachChild(cell, walk);
  return found;
}

/**
 * Completion as a Python user expects it: only names starting with what was typed (same case
 * first), public names before anything `_`-prefixed (shown only once `_` is typed), and no
 * members every function inherits (`bind`, `call`, `prototype`, ...) on a function or class.
 */
export function completionReply(converter: Converter, code: string, pos: number): object {
  const { start, end, entries, program, cell, pos: at } = converter.complete(code, pos);
  const typed = code.slice(start, pos);
  const lower = typed.toLowerCase();
  const checker = program.getTypeChecker();
  const target = memberTarget(cell, at);
  let inherited = (_name: string) => false;
  if (target) {
    const type = checker.getTypeAtLocation(target);
    if (type.getCallSignatures().length || type.getConstructSignatures().length) {
      inherited = (name) => {
        const prop = type.getProperty(name) ?? checker.getPropertyOfType(checker.getApparentType(type), name);
        if (!prop) return false;
        if (prop.flags & ts.SymbolFlags.Prototype) return true;
        const decls = prop.declarations ?? [];
        return decls.length > 0 && decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
      };
    }
  }
  const kept = entries
    .map((e, index) => ({ e, index, exact: e.name.startsWith(typed) }))
    .filter(({ e, exact }) => (exact || e.name.toLowerCase().startsWith(lower))
      && (typed.startsWith('_') || !e.name.startsWith('_'))
      && !inherited(e.name));
  kept.sort((a, b) => Number(b.exact) - Number(a.exact) || a.e.sortText.localeCompare(b.e.sortText) || a.e.name.localeCompare(b.e.name));
  const matches = kept.map(({ e }) => e.name);
  const types = kept.map(({ e }) => ({ start, end, text: e.name, type: jupyterType(e.kind) }));
  return { status: 'ok', matches, cursor_start: start, cursor_end: end, metadata: { _jupyter_types_experimental: types } };
}

const partsText = (parts: readonly ts.SymbolDisplayPart[] | undefined) => (parts ?? []).map((p) => p.text).join('');

/** Quick info as text: the signature, then the documentation, then arguments and what it returns. */
export function formatQuickInfo(info: ts.QuickInfo): string {
  // Tensor's methods are declared on a helper class with an explicit `this`: show them as Tensor's.
  const signature = partsText(info.displayParts).replace(/\bTensorMethods\./g, 'Tensor.').replace(/\(this: \w+(, )?/g, '(');
  const out = [signature];
  const doc = partsText(info.documentation).trim();
  if (doc) out.push('', doc);
  const params: string[] = [];
  const rest: string[] = [];
  for (const tag of info.tags ?? []) {
    const text = partsText(tag.text).trim();
    if (tag.name === 'param') {
      const m = /^(\S+)\s*(?:-\s*)?([\s\S]*)$/.exec(text);
      params.push(m ? `    ${m[1]}: ${m[2]}` : `    ${text}`);
    } else if (tag.name === 'returns' || tag.name === 'return') rest.push(`Returns: ${text}`);
    else if (tag.name === 'example') rest.push('Example:', ...text.split('\n').map((l) => `    ${l}`));
    else if (tag.name === 'deprecated') rest.push(`Deprecated${text ? `: ${text}` : ''}`);
    else if (tag.name === 'see') rest.push(`See: ${text}`);
  }
  if (params.length) out.push('', 'Args:', ...params);
  if (rest.length) out.push('', ...rest);
  return out.join('\n');
}

/** Shift-Tab: the signature and documentation of the name at the cursor, or of the function whose call the cursor is in. */
export function inspectReply(converter: Converter, code: string, pos: number): object {
  const info = converter.inspect(code, pos);
  if (!info || !info.displayParts?.length) return { status: 'ok', found: false, data: {}, metadata: {} };
  return { status: 'ok', found: true, data: { 'text/plain': formatQuickInfo(info) }, metadata: {} };
}
