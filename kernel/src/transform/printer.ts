// Reprinting a cell with some expressions replaced, and the position map between the two texts.
// A replacement is a list of pieces: new text, spans of the original, and nodes (printed in turn,
// so replacements nest). Everything else is copied as written, comments and line breaks included.
import ts = require('@tslab/typescript-for-tslab');

/**
 * New text, a span of the original text, an original node (printed with its own replacements), or
 * a node printed without its own replacement (its children keep theirs).
 */
export type Piece = string | { from: number; to: number } | ts.Node | { raw: ts.Node };

export interface Replacement {
  pieces: Piece[];
  /** Where new text maps to in the original (the operator). */
  anchor: number;
}

/** A run of the printed text: copied from the original at `o` (length n), or new text mapped to `o`. */
interface Segment { s: number; o: number; n: number; copied: boolean }

/** Positions between an original text and its reprint. */
export class PositionMap {
  constructor(private readonly segments: Segment[], readonly originalLength: number) {}

  static identity(length: number): PositionMap {
    return new PositionMap([{ s: 0, o: 0, n: length, copied: true }], length);
  }

  /** The original position of a position in the reprint; `end` prefers the end of a copied run. */
  toOriginal(p: number, end = false): number {
    const segs = this.segments;
    let lo = 0, hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].s <= p) lo = mid; else hi = mid - 1;
    }
    const seg = segs[lo];
    if (!seg) return Math.min(p, this.originalLength);
    if (end && lo > 0 && seg.s === p && segs[lo - 1].copied) return segs[lo - 1].o + segs[lo - 1].n;
    if (!seg.copied) return seg.o;
    return seg.o + Math.min(p - seg.s, seg.n);
  }

  /** The position in the reprint of an original position (its first copy where text is duplicated). */
  toRewritten(o: number): number {
    let best: Segment | null = null;
    for (const seg of this.segments) {
      if (!seg.copied) continue;
      if (seg.o <= o && o <= seg.o + seg.n) return seg.s + (o - seg.o);
      if (seg.o + seg.n <= o && (!best || seg.o + seg.n > best.o + best.n)) best = seg;
    }
    return best ? best.s + best.n : 0;
  }
}

/** Print `sf` with `replacements`; `starts` has where each replacement begins in the output, once per copy of it. */
export function print(sf: ts.SourceFile, replacements: Map<ts.Node, Replacement>): { text: string; map: PositionMap; starts: Map<ts.Node, number[]> } {
  const text = sf.text;
  const parts: string[] = [];
  const segments: Segment[] = [];
  const starts = new Map<ts.Node, number[]>();
  let length = 0;
  const put = (t: string, o: number, copied: boolean) => {
    if (!t) return;
    parts.push(t);
    segments.push({ s: length, o, n: copied ? t.length : 0, copied });
    length += t.length;
  };
  const copy = (from: number, to: number) => { if (to > from) put(text.slice(from, to), from, true); };

  // Nodes with a replacement somewhere below them are walked; all others are copied whole.
  const walk = new Set<ts.Node>();
  for (const node of replacements.keys()) {
    for (let n: ts.Node | undefined = node; n && !walk.has(n); n = n.parent) walk.add(n);
  }

  const emit = (node: ts.Node, from: number, raw = false): void => {
    const r = raw ? undefined : replacements.get(node);
    if (r) {
      const start = node.getStart(sf);
      copy(from, start);
      starts.set(node, [...(starts.get(node) ?? []), length]);
      for (const p of r.pieces) {
        if (typeof p === 'string') put(p, r.anchor, false);
        else if ('kind' in p) emit(p, p.getStart(sf));
        else if ('raw' in p) emit(p.raw, p.raw.getStart(sf), true);
        else copy(p.from, p.to);
      }
      return;
    }
    if (!walk.has(node)) { copy(from, node.end); return; }
    let pos = from;
    ts.forEachChild(node, (child) => {
      if (!walk.has(child)) return;
      const at = Math.max(pos, child.pos);
      copy(pos, at);
      emit(child, at);
      pos = child.end;
    });
    copy(pos, node.end);
  };
  emit(sf, 0);
  return { text: parts.join(''), map: new PositionMap(segments, text.length), starts };
}
