// Python's operators on tensors in the kernel's converter (../converter.ts): the text a cell is
// checked and emitted as, and where that text's positions are in the cell as written.
//
// A cell with operators that might involve a tensor is checked as its typing text (rewrite.ts),
// each operator a typed stand-in; its stand-ins become method calls or operators again as it is
// emitted. A cell whose typing text cannot vouch for its types is checked again as its final
// text, the rewritten cell itself. Cells without such operators (those on numbers, strings or
// booleans as the syntax shows them, `1 + 1`, `i < n` for `let i = 0`, included) are compiled as
// written, at no more cost than without rewriting.
import ts = require('@tslab/typescript-for-tslab');
import { CellRewrite, OPS, OPS_KEYS, OPS_SLOT, OPS_TYPE, OperatorError, RULES_MODULE } from './rewrite';
import { PositionMap } from './printer';

export { RULES_MODULE };

/** A program built with some text as the cell, and its diagnostics (the cell's at positions of that text). */
export interface Checked { program: ts.Program; cell: ts.SourceFile; diagnostics: readonly ts.Diagnostic[] }

export interface OperatorCheck extends Checked {
  /** Positions of the checked text in the cell as written. */
  map: PositionMap;
  /** Where the cell's own statements end in the checked text. */
  end: number;
  /** Wrong operands, at positions of the cell as written: the cell does not run. */
  errors: OperatorError[];
  /** The emitter's transform: set when the checked text is the typing text. */
  transformer?: ts.TransformerFactory<ts.SourceFile>;
}

/** Names of the typing text that are no names of the cell's. */
export const standIn = (name: string) => name === OPS || name === OPS_TYPE || name === OPS_SLOT || name === OPS_KEYS;

export class Operators {
  /** How many cells with operators were checked once, or again as rewritten, and why the last was. */
  readonly stats = { typed: 0, rechecked: 0, why: [] as string[] };

  /** Checks a cell (`parsed`: as parsed with parent pointers) through `build`; null when it has no operator that might involve a tensor. */
  check(src: string, build: (text: string) => Checked, parsed?: ts.SourceFile, members = false): OperatorCheck | null {
    const cell = new CellRewrite(src, parsed, members);
    if (!cell.active) return null;
    const typed = build(cell.typing);
    const decisions = cell.decide(typed.program.getTypeChecker(), typed.cell, 0);
    // A tensor's member read by its name: the typing text typed it as a tensor.
    if (decisions.members) return this.check(src, build, parsed, true);
    const diagnostics = typed.diagnostics.filter((d) => d.file !== typed.cell || decisions.keep(d));
    const kept = diagnostics.filter((d) => d.file === typed.cell);
    if (!kept.length && !decisions.exact) {
      this.stats.typed++;
      return { ...typed, diagnostics, map: cell.typingMap, end: cell.typingEnd, errors: [], transformer: decisions.transformer };
    }
    this.stats.rechecked++;
    this.stats.why = [...decisions.why, ...kept.map((d) => `TS${d.code} at ${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)];
    const final = cell.final(decisions);
    const checked = build(final.text);
    return { ...checked, map: final.map, end: final.text.length, errors: decisions.errors };
  }

  /** Completion and inspection read the typing text, where operators on tensors type as tensors. */
  query(src: string): { text: string; map: PositionMap } | null {
    // (Members first: a completion after `t['shape'].` lists the member's.)
    const cell = new CellRewrite(src, undefined, true);
    return cell.active ? { text: cell.typing, map: cell.typingMap } : null;
  }
}

/** Line starts of a text. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Line and column (0-based) of an offset. */
function lineOf(starts: number[], offset: number): [number, number] {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
  return [lo, offset - starts[lo]];
}

/** A position of the checked text as a line and column of the cell as written (0-based). */
export function positionMapper(checked: string, src: string, map: PositionMap): (line: number, col: number) => [number, number] {
  const from = lineStarts(checked), to = lineStarts(src);
  return (line, col) => lineOf(to, map.toOriginal((from[line] ?? checked.length) + col));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each base-64 digit's value by its character code. */
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/**
 * A source map (version 3 JSON) of the emitted cell, whose source was the checked text, with its
 * source positions moved to the cell as written.
 */
export function remapSourceMap(json: string, move: (line: number, col: number) => [number, number]): string {
  if (!json) return json;
  const m = JSON.parse(json) as { mappings: string };
  // Fields after the generated column are relative across the whole map: source, line, column, name.
  const prev = [0, 0, 0, 0];
  const out = [0, 0, 0, 0];
  m.mappings = m.mappings.split(';').map((line) => {
    let genPrev = 0, genOut = 0;
    return line.split(',').filter(Boolean).map((segment) => {
      const v = decodeVlq(segment);
      const gen = genPrev + v[0];
      genPrev = gen;
      const fields = [gen - genOut];
      genOut = gen;
      if (v.length >= 4) {
        const abs = [prev[0] + v[1], prev[1] + v[2], prev[2] + v[3], prev[3] + (v[4] ?? 0)];
        prev[0] = abs[0]; prev[1] = abs[1]; prev[2] = abs[2];
        if (v.length >= 5) prev[3] = abs[3];
        const [l, c] = move(abs[1], abs[2]);
        fields.push(abs[0] - out[0], l - out[1], c - out[2]);
        out[0] = abs[0]; out[1] = l; out[2] = c;
        if (v.length >= 5) { fields.push(abs[3] - out[3]); out[3] = abs[3]; }
      }
      return fields.map(encodeVlq).join('');
    }).join(',');
  }).join(';');
  return JSON.stringify(m);
}

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0, shift = 0;
  for (let i = 0; i < s.length; i++) {
    const digit = B64_VALUE[s.charCodeAt(i)];
    value += (digit & 31) << shift;
    if (digit & 32) { shift += 5; continue; }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0; shift = 0;
  }
  return out;
}

function encodeVlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let s = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    s += B64[digit];
  } while (v);
  return s;
}
