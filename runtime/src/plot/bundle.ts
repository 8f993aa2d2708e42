// A figure's MIME bundle. Each frontend picks what it can show:
// - application/vnd.plotly.v1+json: interactive (JupyterLab and Notebook 7 with jupyterlab-plotly,
//   VS Code), the width following the output area;
// - text/html: an <img> of the SVG as a data URI, which an untrusted classic Notebook still shows
//   (it drops image/svg+xml there and sanitizes HTML, keeping data: images), and which scales down
//   to the output area (max-width: 100%);
// - image/svg+xml: the same drawing for nbconvert, GitHub and other static viewers;
// - text/plain: matplotlib's `<Figure size WxH with N Axes>`.
import { Scene } from './scene';
import { renderSvg } from './svg';
import { toPlotly } from './plotly';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** The <img> fallback: the SVG as a data URI at its pixel size, never wider than its container. */
export function svgImg(svg: string, width: number, height: number, alt: string): string {
  const uri = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  const esc = alt.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<img src="${uri}" width="${width}" height="${height}" alt="${esc}" style="max-width: 100%; height: auto;"/>`;
}

/** The bundle for one scene (a figure) or several (an animation; the static parts show the last). */
export function figureBundle(scenes: Scene[], o: { text: string; labels?: string[]; interval?: number }): Record<string, unknown> {
  const last = scenes[scenes.length - 1];
  const svg = renderSvg(last);
  return {
    [PLOTLY_MIME]: toPlotly(scenes, { labels: o.labels, interval: o.interval }),
    'text/html': svgImg(svg, last.width, last.height, o.text),
    'image/svg+xml': svg,
    'text/plain': o.text,
  };
}
