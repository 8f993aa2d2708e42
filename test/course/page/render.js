// Browser entry (bundled by esbuild in render.test): a notebook's stored outputs shown by JupyterLab's
// own OutputArea and renderers, with the Plotly renderer JupyterLab's plotly extension registers.
import '@jupyterlab/outputarea/style/index.css';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import plotlyExtensions from 'jupyterlab-plotly/lib/plotly-renderer';

const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
for (const ext of plotlyExtensions) rendermime.addFactory(ext.rendererFactory, ext.rank);

/** Shows each code cell's outputs under a heading with its number; `trusted` as JupyterLab decides
 * it for a notebook (false for one opened from a fresh checkout). */
window.renderNotebook = (nb, trusted) => {
  document.body.textContent = '';
  nb.cells.filter((c) => c.cell_type === 'code').forEach((cell, i) => {
    const host = document.createElement('section');
    host.className = 'cell';
    host.dataset.cell = String(i);
    const head = document.createElement('h4');
    head.textContent = `cell ${i + 1}`;
    host.append(head);
    document.body.append(host);
    const model = new OutputAreaModel({ trusted });
    model.fromJSON(cell.outputs);
    Widget.attach(new OutputArea({ model, rendermime }), host);
  });
};
