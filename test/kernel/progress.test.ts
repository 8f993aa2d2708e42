// Live outputs through a real Jupyter server (Debian's jupyter-server) and @jupyterlab/services:
// a Lightning fit's progress bars, tqdm and a live loss curve each reach the client as ONE display,
// shown once and then updated in place, in few enough messages for the server's iopub rate limit
// (whether the kernel delivers them while the cell runs or when it ends).
import { strict as assert } from 'assert';
import { KernelManager, KernelMessage, ServerConnection, Kernel } from '@jupyterlab/services';
import WebSocket from 'ws';
import { Server, startJupyterServer } from './harness';

type IOPub = KernelMessage.IIOPubMessage;

describe('live outputs in the torchlab kernel', function () {
  this.timeout(120000);
  let server: Server;
  let manager: KernelManager;
  let kernel: Kernel.IKernelConnection;

  async function run(code: string): Promise<{ reply: KernelMessage.IExecuteReplyMsg; iopub: IOPub[] }> {
    const future = kernel.requestExecute({ code });
    const iopub: IOPub[] = [];
    future.onIOPub = (m) => { iopub.push(m); };
    const reply = await future.done as KernelMessage.IExecuteReplyMsg;
    return { reply, iopub };
  }
  const of = (iopub: IOPub[], type: string) => iopub.filter((m) => m.header.msg_type === type).map((m) => m.content as Record<string, any>);
  const stream = (iopub: IOPub[], name: string) => of(iopub, 'stream').filter((c) => c.name === name).map((c) => c.text).join('');

  /** The display ids of display_data and update_display_data, and the last bundle shown. */
  function displays(iopub: IOPub[]) {
    const shown = of(iopub, 'display_data'), updated = of(iopub, 'update_display_data');
    return { shown, updated, ids: new Set([...shown, ...updated].map((c) => c.transient?.display_id)), last: (updated[updated.length - 1] ?? shown[shown.length - 1])?.data };
  }

  before(async () => {
    server = await startJupyterServer();
    const serverSettings = ServerConnection.makeSettings({ baseUrl: server.url, wsUrl: server.url.replace('http', 'ws'), token: server.token, WebSocket: WebSocket as any });
    manager = new KernelManager({ serverSettings });
    await manager.ready;
    kernel = await manager.startNew({ name: 'torchlab' });
    await kernel.info;
  });
  after(async () => {
    try { await kernel?.shutdown(); } catch { /* already gone */ }
    manager?.dispose();
    await server?.stop();
  });

  it("draws a Lightning fit's progress bars as one display updated in place, with Lightning's messages", async () => {
    const { reply, iopub } = await run(`
const { Accuracy } = torchmetrics;
const { TQDMProgressBar } = pl.callbacks;
type Batch = { X: torch.Tensor; y: torch.Tensor };
class DS extends torch.utils.data.Dataset<Batch> {
  constructor(readonly X: torch.Tensor, readonly y: torch.Tensor) { super(); }
  __len__() { return this.y.shape[0]; }
  __getitem__(i: number): Batch { return { X: this.X.index(i), y: this.y.index(i) }; }
}
torch.manual_seed(0);
const X = torch.randn(256, 8), y = X.sum(1).gt(0).long();
class Model extends pl.LightningModule {
  layer_0 = new nn.Linear(8, 16);
  output_layer = new nn.Linear(16, 2);
  layers = [this.layer_0];
  val_accuracy = Accuracy({ task: 'binary' });
  forward({ X, y }: Batch) {
    let h = X;
    for (const layer of this.layers) h = layer(h);
    const logits = this.output_layer(h);
    return { py: torch.argmax(logits, { dim: 1 }), loss: F.cross_entropy(logits, y) };
  }
  configure_optimizers() { return [new torch.optim.Adam(this.parameters(), { lr: 1e-2 })]; }
  training_step(batch: Batch, batch_idx: number) { const r = this.forward(batch); this.log('train loss', r.loss); return r.loss; }
  validation_step(batch: Batch, batch_idx: number) { const r = this.forward(batch); this.val_accuracy(r.py, batch.y); return r.loss; }
  validation_epoch_end(outs: unknown[]) { this.log('val_accuracy', this.val_accuracy, { prog_bar: true }); }
}
const loader = (a: number, b: number, shuffle: boolean) => new torch.utils.data.DataLoader(new DS(X.index(\`\${a}:\${b}\`), y.index(\`\${a}:\${b}\`)), { batch_size: 8, shuffle });
const trainer = new pl.Trainer({ max_epochs: 2, val_check_interval: 0.25, logger: false, enable_checkpointing: false, callbacks: [new TQDMProgressBar({ refresh_rate: 1 })] });
trainer.fit(new Model(), loader(0, 192, true), loader(192, 256, false));
trainer.callback_metrics.val_accuracy.item() > 0.5`);
    assert.equal(reply.content.status, 'ok', JSON.stringify(of(iopub, 'error')));
    const d = displays(iopub);
    assert.equal(d.shown.length, 1, 'shown once');
    assert.equal(d.ids.size, 1, 'one display id');
    assert.ok(d.updated.length >= 1 && d.updated.length < 200, `${d.updated.length} updates`);
    // 24 training batches + 4 validations of 8 batches each epoch.
    assert.match(d.last['text/plain'], /^Epoch 1: 100%\|██████████\| 56\/56 \[\d\d:\d\d<00:00, .*it\/s, loss=[\d.]+, val_accuracy=[\d.]{5}\]$/);
    assert.match(d.last['text/html'], /<div class="torchlab-progress">.*Epoch 1: 100%/);
    const err = stream(iopub, 'stderr');
    assert.match(err, /\n {2}\| Name {9}\| Type {11}\| Params\n/);
    assert.match(err, /`Trainer\.fit` stopped: `max_epochs=2` reached\.\n/);
    assert.ok(!/rate exceeded/i.test(stream(iopub, 'stdout') + err));
    assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], 'true');
  });

  it('throttles a fast tqdm loop to a few updates a second', async () => {
    const { reply, iopub } = await run(`
const t0 = Date.now();
let s = 0;
for (const i of tqdm(Array.from({ length: 2_000_000 }, (_, k) => k), { desc: 'sum' })) s += i;
(Date.now() - t0) / 1000`);
    assert.equal(reply.content.status, 'ok', JSON.stringify(of(iopub, 'error')));
    const seconds = Number(of(iopub, 'execute_result')[0].data['text/plain']);
    const d = displays(iopub);
    assert.equal(d.shown.length, 1);
    assert.equal(d.ids.size, 1);
    assert.ok(d.updated.length <= seconds * 10 + 3, `${d.updated.length} updates in ${seconds} s`);
    assert.match(d.last['text/plain'], /^sum: 100%\|██████████\| 2000000\/2000000 /);
  });

  it('draws a live loss curve as one figure updated in place', async () => {
    const { reply, iopub } = await run(`
const curve = new LiveLossCurve({ minInterval: 0.05 });
const t1 = Date.now();
for (let step = 0; Date.now() - t1 < 1500; step++) { curve.log({ train_loss: 1 / (step + 1) }, step); if (step % 1000 === 0) curve.log({ val_loss: 2 / (step + 1) }, step); }
curve.close();`);
    assert.equal(reply.content.status, 'ok', JSON.stringify(of(iopub, 'error')));
    const d = displays(iopub);
    assert.equal(d.shown.length, 1);
    assert.equal(d.ids.size, 1);
    assert.ok(d.updated.length >= 2 && d.updated.length <= 40, `${d.updated.length} updates`);
    const fig = d.last['application/vnd.plotly.v1+json'];
    assert.deepEqual(fig.data.map((t: { name: string }) => t.name), ['train_loss', 'val_loss']);
    assert.ok(fig.data[0].x.length <= 500);
    assert.match(d.last['image/svg+xml'], /^<svg/);
  });
});
