// The static rendering of a scene: a self-contained SVG (shown by every frontend, kept in committed
// notebooks). Lines are clipped to their axes; markers are not, so points on the limits stay whole.
import { FONT, LEGEND, PT, Scene, SceneAxes, SceneLine, TITLE_FONT, fixExp, mapper } from './scene';
import type { TickLabel } from './ticks';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => String(Math.round(v * 100) / 100);
export const FONT_FAMILY = 'DejaVu Sans, Bitstream Vera Sans, Verdana, Arial, sans-serif';

/** matplotlib's dash patterns, in multiples of the line width. */
export function dashArray(style: SceneLine['linestyle'], width: number): number[] | null {
  const unit = Math.max(width / PT, 1) * PT;  // patterns scale with the width in points
  switch (style) {
    case 'dashed': return [3.7 * unit, 1.6 * unit];
    case 'dotted': return [1 * unit, 1.65 * unit];
    case 'dashdot': return [6.4 * unit, 1.6 * unit, 1 * unit, 1.6 * unit];
    default: return null;
  }
}

/** A marker of diameter d centred on (x, y). */
export function markerSvg(kind: SceneLine['marker'], x: number, y: number, d: number): string {
  const r = d / 2;
  switch (kind) {
    case 's': return `<rect x="${n(x - r * 0.9)}" y="${n(y - r * 0.9)}" width="${n(r * 1.8)}" height="${n(r * 1.8)}"/>`;
    case '^': return `<path d="M${n(x)},${n(y - r)}L${n(x + r)},${n(y + r)}L${n(x - r)},${n(y + r)}Z"/>`;
    case 'v': return `<path d="M${n(x)},${n(y + r)}L${n(x + r)},${n(y - r)}L${n(x - r)},${n(y - r)}Z"/>`;
    case '<': return `<path d="M${n(x - r)},${n(y)}L${n(x + r)},${n(y - r)}L${n(x + r)},${n(y + r)}Z"/>`;
    case '>': return `<path d="M${n(x + r)},${n(y)}L${n(x - r)},${n(y - r)}L${n(x - r)},${n(y + r)}Z"/>`;
    case 'D': case 'd': return `<path d="M${n(x)},${n(y - r)}L${n(x + r * (kind === 'd' ? 0.6 : 1))},${n(y)}L${n(x)},${n(y + r)}L${n(x - r * (kind === 'd' ? 0.6 : 1))},${n(y)}Z"/>`;
    case 'x': return `<path d="M${n(x - r)},${n(y - r)}L${n(x + r)},${n(y + r)}M${n(x - r)},${n(y + r)}L${n(x + r)},${n(y - r)}" fill="none"/>`;
    case '+': return `<path d="M${n(x - r)},${n(y)}L${n(x + r)},${n(y)}M${n(x)},${n(y - r)}L${n(x)},${n(y + r)}" fill="none"/>`;
    case '|': return `<path d="M${n(x)},${n(y - r)}L${n(x)},${n(y + r)}" fill="none"/>`;
    case '_': return `<path d="M${n(x - r)},${n(y)}L${n(x + r)},${n(y)}" fill="none"/>`;
    case '*': case 'p': case 'h': {
      const k = kind === '*' ? 5 : kind === 'p' ? 5 : 6;
      const pts: string[] = [];
      for (let i = 0; i < (kind === '*' ? 2 * k : k); i++) {
        const a = -Math.PI / 2 + (i * Math.PI * 2) / (kind === '*' ? 2 * k : k);
        const rr = kind === '*' && i % 2 ? r * 0.4 : r;
        pts.push(`${n(x + rr * Math.cos(a))},${n(y + rr * Math.sin(a))}`);
      }
      return `<polygon points="${pts.join(' ')}"/>`;
    }
    case '.': return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r / 2)}"/>`;
    case ',': return `<rect x="${n(x - 0.5)}" y="${n(y - 0.5)}" width="1" height="1"/>`;
    default: return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}"/>`;
  }
}

function label(l: TickLabel, x: number, y: number, anchor: string, size = FONT): string {
  const body = l.exp === undefined ? esc(l.text)
    : `${l.coeff ? esc(l.coeff) + '×' : ''}10<tspan dy="${n(-size * 0.4)}" font-size="${n(size * 0.7)}">${fixExp(l.exp)}</tspan>`;
  return `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}">${body}</text>`;
}

function lineSvg(l: SceneLine, sx: (v: number) => number, sy: (v: number) => number, clip: string): string {
  const pts = l.x.map((x, i) => [sx(x), sy(l.y[i])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const out: string[] = [];
  const op = l.alpha < 1 ? ` opacity="${l.alpha}"` : '';
  if (l.linestyle !== 'none' && pts.length > 1) {
    const dash = dashArray(l.linestyle, l.linewidth);
    out.push(`<polyline class="line" clip-path="url(#${clip})" fill="none" stroke="${l.color}" stroke-width="${n(l.linewidth)}" stroke-linejoin="round" stroke-linecap="${dash ? 'butt' : 'square'}"${dash ? ` stroke-dasharray="${dash.map(n).join(',')}"` : ''}${op} points="${pts.map(([a, b]) => `${n(a)},${n(b)}`).join(' ')}"/>`);
  }
  if (l.marker) {
    const open = l.marker === 'x' || l.marker === '+' || l.marker === '|' || l.marker === '_';
    out.push(`<g class="markers" fill="${l.color}" stroke="${l.color}" stroke-width="${n(open ? PT * 1.5 : PT)}"${op}>${pts.map(([a, b]) => markerSvg(l.marker, a, b, l.markersize)).join('')}</g>`);
  }
  return out.join('');
}

function axesSvg(ax: SceneAxes, id: string): string {
  const { box } = ax;
  const sx = mapper(ax.x, box.x, box.x + box.w), sy = mapper(ax.y, box.y + box.h, box.y);
  const out: string[] = [`<g class="axes">`];
  const bottom = box.y + box.h, tl = 3.5 * PT, pad = 3.5 * PT;
  out.push(`<rect class="frame" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" fill="#fff"/>`);
  // Ticks along one axis: `at` places a value along it; `line` draws from the axis outwards by len (or across, for the grid).
  const ticks = (axis: SceneAxes['x'], at: (v: number) => number, lo: number, hi: number,
    line: (p: number, len: number | null) => [number, number, number, number], text: (p: number, l: TickLabel) => string) => {
    for (const [list, major] of [[axis.ticks.major, true], [axis.ticks.minor, false]] as const) {
      for (const t of list) {
        const p = at(t.value);
        if (p < lo - 0.5 || p > hi + 0.5) continue;
        const seg = (s: [number, number, number, number], color: string) => `<line x1="${n(s[0])}" y1="${n(s[1])}" x2="${n(s[2])}" y2="${n(s[3])}" stroke="${color}" stroke-width="${n(0.8 * PT)}"/>`;
        if (ax.grid && major) out.push(seg(line(p, null), '#b0b0b0'));
        out.push(seg(line(p, major ? tl : tl * 0.6), '#000'));
        if (t.label) out.push(text(p, t.label));
      }
    }
  };
  ticks(ax.x, sx, box.x, box.x + box.w, (p, len) => (len === null ? [p, box.y, p, bottom] : [p, bottom, p, bottom + len]),
    (p, l) => label(l, p, bottom + tl + pad + FONT * 0.8, 'middle'));
  ticks(ax.y, sy, box.y, bottom, (p, len) => (len === null ? [box.x, p, box.x + box.w, p] : [box.x - len, p, box.x, p]),
    (p, l) => label(l, box.x - tl - pad, p + FONT * 0.35, 'end'));
  out.push(`<clipPath id="${id}"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}"/></clipPath>`);
  ax.lines.forEach((l) => out.push(lineSvg(l, sx, sy, id)));
  out.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" fill="none" stroke="#000" stroke-width="${n(0.8 * PT)}"/>`);
  if (ax.title) out.push(`<text class="title" x="${n(box.x + box.w / 2)}" y="${n(box.y - 6 * PT)}" text-anchor="middle" font-size="${n(TITLE_FONT)}">${esc(ax.title)}</text>`);
  if (ax.x.label) out.push(`<text class="xlabel" x="${n(box.x + box.w / 2)}" y="${n(ax.x.labelAt)}" text-anchor="middle">${esc(ax.x.label)}</text>`);
  if (ax.y.label) out.push(`<text class="ylabel" transform="translate(${n(ax.y.labelAt)},${n(box.y + box.h / 2)}) rotate(-90)" text-anchor="middle">${esc(ax.y.label)}</text>`);
  if (ax.legend) out.push(legendSvg(ax));
  out.push('</g>');
  return out.join('');
}

function legendSvg(ax: SceneAxes): string {
  const lg = ax.legend!;
  const { box } = lg;
  const out: string[] = [`<g class="legend">`];
  if (lg.frameon) out.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" rx="${n(0.2 * FONT)}" fill="#fff" fill-opacity="0.8" stroke="#cccccc" stroke-width="${n(PT)}"/>`);
  const rowH = FONT * 1.2 + LEGEND.labelspacing * FONT;
  let y = box.y + LEGEND.borderpad * FONT + FONT * 0.6;
  const x0 = box.x + LEGEND.borderpad * FONT;
  if (lg.title) { out.push(`<text x="${n(box.x + box.w / 2)}" y="${n(y + FONT * 0.35)}" text-anchor="middle">${esc(lg.title)}</text>`); y += rowH; }
  for (const e of lg.entries) {
    const l = ax.lines[e.line];
    const hl = LEGEND.handlelength * FONT;
    if (l.linestyle !== 'none') {
      const dash = dashArray(l.linestyle, l.linewidth);
      out.push(`<line x1="${n(x0)}" y1="${n(y)}" x2="${n(x0 + hl)}" y2="${n(y)}" stroke="${l.color}" stroke-width="${n(l.linewidth)}"${dash ? ` stroke-dasharray="${dash.map(n).join(',')}"` : ''}/>`);
    }
    if (l.marker) out.push(`<g fill="${l.color}" stroke="${l.color}" stroke-width="${n(PT)}">${markerSvg(l.marker, x0 + hl / 2, y, l.markersize)}</g>`);
    out.push(`<text x="${n(x0 + hl + LEGEND.handletextpad * FONT)}" y="${n(y + FONT * 0.35)}">${esc(e.label)}</text>`);
    y += rowH;
  }
  out.push('</g>');
  return out.join('');
}

let ids = 0;

/** The scene as a standalone SVG document of its pixel size (frontends scale it to fit). */
export function renderSvg(scene: Scene): string {
  const prefix = `p${(ids++).toString(36)}`;
  const parts = scene.axes.map((ax, i) => axesSvg(ax, `${prefix}c${i}`));
  const sup = scene.suptitle ? `<text class="suptitle" x="${n(scene.width / 2)}" y="${n(8 + TITLE_FONT)}" text-anchor="middle" font-size="${n(TITLE_FONT)}">${esc(scene.suptitle)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" font-family="${FONT_FAMILY}" font-size="${n(FONT)}"><rect width="100%" height="100%" fill="#fff"/>${sup}${parts.join('')}</svg>`;
}
