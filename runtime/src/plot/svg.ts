// A small static renderer: axes with "nice" ticks, lines, markers, titles and legends as SVG.
import type { Axes, Figure, Trace } from './figure';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round tick positions covering [lo, hi], about `n` of them. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) { const d = Math.abs(lo) || 1; lo -= d / 2; hi += d / 2; }
  const raw = (hi - lo) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

function range(vals: number[], log: boolean): [number, number] {
  const v = vals.filter((x) => Number.isFinite(x) && (!log || x > 0)).map((x) => (log ? Math.log10(x) : x));
  if (!v.length) return [0, 1];
  let lo = Math.min(...v), hi = Math.max(...v);
  const pad = (hi - lo) * 0.05 || 0.5;
  lo -= pad; hi += pad;
  return [lo, hi];
}

function markerPath(kind: Trace['marker'], x: number, y: number): string {
  const r = 3;
  switch (kind) {
    case 'square': return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}"/>`;
    case 'triangle-up': return `<path d="M${x},${y - r}L${x + r},${y + r}L${x - r},${y + r}Z"/>`;
    case 'x': return `<path d="M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}" stroke-width="1.5"/>`;
    case 'cross': return `<path d="M${x - r},${y}L${x + r},${y}M${x},${y - r}L${x},${y + r}" stroke-width="1.5"/>`;
    default: return `<circle cx="${x}" cy="${y}" r="${r}"/>`;
  }
}

function axesSvg(ax: Axes, X: number, Y: number, W: number, H: number): string {
  const left = 60, right = 12, top = ax.title ? 28 : 12, bottom = ax.xlabel ? 44 : 30;
  const pw = W - left - right, ph = H - top - bottom;
  const [xlo, xhi] = range(ax.traces.flatMap((t) => t.x), ax.xlog);
  const [ylo, yhi] = range(ax.traces.flatMap((t) => t.y), ax.ylog);
  const sx = (v: number) => X + left + ((ax.xlog ? Math.log10(v) : v) - xlo) / (xhi - xlo) * pw;
  const sy = (v: number) => Y + top + ph - ((ax.ylog ? Math.log10(v) : v) - ylo) / (yhi - ylo) * ph;
  const out: string[] = [];
  const xt = ax.xlog ? niceTicks(Math.ceil(xlo), Math.floor(xhi)).map((e) => Math.pow(10, Math.round(e))) : niceTicks(xlo, xhi);
  const yt = ax.ylog ? niceTicks(Math.ceil(ylo), Math.floor(yhi)).filter((e) => Number.isInteger(e)).map((e) => Math.pow(10, e)) : niceTicks(ylo, yhi);
  for (const v of xt) {
    const px = sx(v);
    if (px < X + left - 0.5 || px > X + left + pw + 0.5) continue;
    if (ax.grid) out.push(`<line x1="${px}" y1="${Y + top}" x2="${px}" y2="${Y + top + ph}" stroke="#ddd"/>`);
    out.push(`<line x1="${px}" y1="${Y + top + ph}" x2="${px}" y2="${Y + top + ph + 4}" stroke="#000"/>`);
    out.push(`<text x="${px}" y="${Y + top + ph + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  for (const v of yt) {
    const py = sy(v);
    if (py < Y + top - 0.5 || py > Y + top + ph + 0.5) continue;
    if (ax.grid) out.push(`<line x1="${X + left}" y1="${py}" x2="${X + left + pw}" y2="${py}" stroke="#ddd"/>`);
    out.push(`<line x1="${X + left - 4}" y1="${py}" x2="${X + left}" y2="${py}" stroke="#000"/>`);
    out.push(`<text x="${X + left - 6}" y="${py + 4}" text-anchor="end">${fmt(v)}</text>`);
  }
  out.push(`<rect x="${X + left}" y="${Y + top}" width="${pw}" height="${ph}" fill="none" stroke="#000"/>`);
  out.push(`<clipPath id="c${X}_${Y}"><rect x="${X + left}" y="${Y + top}" width="${pw}" height="${ph}"/></clipPath>`);
  const body: string[] = [];
  ax.traces.forEach((t, i) => {
    const color = t.color ?? PALETTE[i % PALETTE.length];
    const pts = t.x.map((x, k) => [sx(x), sy(t.y[k])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    if (t.mode !== 'markers' && pts.length) {
      const dash = t.dash === 'dash' ? ' stroke-dasharray="6,4"' : t.dash === 'dot' ? ' stroke-dasharray="2,3"' : t.dash === 'dashdot' ? ' stroke-dasharray="6,3,2,3"' : '';
      body.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5"${dash} points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
    }
    if (t.mode !== 'lines') body.push(`<g fill="${color}" stroke="${color}">${pts.map(([a, b]) => markerPath(t.marker, +a.toFixed(1), +b.toFixed(1))).join('')}</g>`);
  });
  out.push(`<g clip-path="url(#c${X}_${Y})">${body.join('')}</g>`);
  if (ax.title) out.push(`<text x="${X + left + pw / 2}" y="${Y + 18}" text-anchor="middle" font-size="13">${esc(ax.title)}</text>`);
  if (ax.xlabel) out.push(`<text x="${X + left + pw / 2}" y="${Y + H - 8}" text-anchor="middle">${esc(ax.xlabel)}</text>`);
  if (ax.ylabel) out.push(`<text transform="translate(${X + 14},${Y + top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(ax.ylabel)}</text>`);
  if (ax.legendNames) {
    ax.legendNames.forEach((name, i) => {
      const t = ax.traces[i];
      if (!t) return;
      const color = t.color ?? PALETTE[i % PALETTE.length];
      const ly = Y + top + 14 + i * 16, lx = X + left + pw - 150;
      out.push(t.mode === 'markers'
        ? `<g fill="${color}" stroke="${color}">${markerPath(t.marker, lx + 10, ly - 4)}</g>`
        : `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 20}" y2="${ly - 4}" stroke="${color}" stroke-width="1.5"/>`);
      out.push(`<text x="${lx + 26}" y="${ly}">${esc(name)}</text>`);
    });
  }
  return out.join('');
}

export function renderSvg(fig: Figure): string {
  const W = fig.width / fig.cols, H = fig.height / fig.rows;
  const parts = fig.axes.map((ax) => axesSvg(ax, ax.col * W, ax.row * H, W, H));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${fig.width}" height="${fig.height}" viewBox="0 0 ${fig.width} ${fig.height}" font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}
