// Running a lecture as a Jupyter frontend does: read the notebook through the server's contents API,
// start a session with the torchlab kernel for it, execute its code cells in order and keep what
// each produced. Used against the course image's server and JupyterHub's single-user servers.
import { strict as assert } from 'assert';
import { ContentsManager, KernelMessage, ServerConnection, SessionManager, KernelManager, Session } from '@jupyterlab/services';
import WebSocket from 'ws';

export interface Output { output_type: string; name?: string; text?: string; data?: Record<string, unknown>; ename?: string; evalue?: string }
export interface CellRun { source: string; status: string; outputs: Output[] }

export function serverSettings(baseUrl: string, token: string): ServerConnection.ISettings {
  return ServerConnection.makeSettings({ baseUrl, wsUrl: baseUrl.replace(/^http/, 'ws'), token, WebSocket: WebSocket as any });
}

/** Executes every code cell of the notebook at `path` (relative to the server's root) on a new
 * torchlab kernel; `before` runs first on the same kernel (its outputs are returned apart). */
export async function runLecture(settings: ServerConnection.ISettings, path: string, before: string[] = []): Promise<{ cells: CellRun[]; before: CellRun[] }> {
  const contents = new ContentsManager({ serverSettings: settings });
  const nb = (await contents.get(path, { content: true })).content as { cells: { cell_type: string; source: string | string[] }[] };
  const sources = nb.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  const kernels = new KernelManager({ serverSettings: settings });
  const sessions = new SessionManager({ kernelManager: kernels, serverSettings: settings });
  let session: Session.ISessionConnection | undefined;
  try {
    session = await sessions.startNew({ path, name: path.split('/').pop()!, type: 'notebook', kernel: { name: 'torchlab' } });
    const kernel = session.kernel!;
    const run = async (source: string): Promise<CellRun> => {
      const outputs: Output[] = [];
      const future = kernel.requestExecute({ code: source, stop_on_error: true });
      future.onIOPub = (m) => {
        const c = m.content as Record<string, any>;
        switch (m.header.msg_type) {
          case 'stream': outputs.push({ output_type: 'stream', name: c.name, text: c.text }); break;
          case 'display_data': case 'execute_result': outputs.push({ output_type: m.header.msg_type, data: c.data }); break;
          case 'error': outputs.push({ output_type: 'error', ename: c.ename, evalue: c.evalue }); break;
          case 'clear_output': outputs.length = 0; break;
        }
      };
      const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
      return { source, status: reply.content.status, outputs };
    };
    const pre: CellRun[] = [];
    for (const s of before) pre.push(await run(s));
    const cells: CellRun[] = [];
    for (const s of sources) cells.push(await run(s));
    return { cells, before: pre };
  } finally {
    await session?.shutdown().catch(() => undefined);
    sessions.dispose();
    kernels.dispose();
  }
}

/** The text a cell showed: its streams and the text/plain of its results and displays. */
export const textOf = (run: CellRun): string => run.outputs.map((o) => o.text ?? (o.data?.['text/plain'] as string | undefined) ?? '').join('');

/** What every lecture run must show: every cell ran without error, PyTorch's tensor reprs appear,
 * and the lecture draws its figures (Plotly figures with traces). */
export function assertLectureRan(cells: CellRun[], opts: { figures: boolean }): void {
  assert.ok(cells.length > 0, 'the notebook has code cells');
  for (const c of cells) {
    const errors = c.outputs.filter((o) => o.output_type === 'error');
    assert.equal(c.status, 'ok', `cell failed: ${c.source.slice(0, 200)}\n${errors.map((e) => `${e.ename}: ${e.evalue}`).join('\n')}`);
    assert.deepEqual(errors, []);
  }
  assert.ok(cells.some((c) => /tensor\(/.test(textOf(c))), 'some cell shows a tensor repr');
  const figures = cells.flatMap((c) => c.outputs).filter((o) => o.data?.['application/vnd.plotly.v1+json']);
  if (opts.figures) {
    assert.ok(figures.length > 0, 'the lecture draws a figure');
    for (const f of figures) assert.ok((f.data!['application/vnd.plotly.v1+json'] as { data: unknown[] }).data.length > 0, 'a figure has traces');
  }
}

/** Whether the committed (executed) notebook has a figure: the run of it must draw one too. */
export function drawsFigure(nb: { cells: { outputs?: { data?: object }[] }[] }): boolean {
  return nb.cells.some((c) => (c.outputs ?? []).some((o) => o.data && 'application/vnd.plotly.v1+json' in o.data));
}
