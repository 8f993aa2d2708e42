// pl and torchmetrics on the `cuda` device (run by `npm run test:gpu`, under xvfb with
// TORCHLAB_GPU=headlessgl; in the CPU run these tests are skipped unless a GPU mode is demanded).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch } from '../../runtime/src';
import * as pl from '../../runtime/src/lightning';
import * as torchmetrics from '../../runtime/src/metrics';
import { Batch, PLFeedForwardClassifier, capture } from './pl_lecture';

const demanded = ['headlessgl', 'webgpu'].includes((process.env.TORCHLAB_GPU ?? '').toLowerCase());
function needCuda(ctx: Mocha.Context): void {
  let why: string | null = null;
  try { torch.zeros(1).cuda(); } catch (e) { why = (e as Error).message; }
  if (why === null) return;
  if (demanded) throw new Error(`TORCHLAB_GPU=${process.env.TORCHLAB_GPU} but cuda is unavailable: ${why}`);
  ctx.skip();
}

class DS extends torch.utils.data.Dataset<Batch> {
  constructor(readonly X: torch.Tensor, readonly y: torch.Tensor) { super(); }
  override __len__() { return this.y.shape[0]; }
  override __getitem__(i: number): Batch { return { X: this.X.index(i), y: this.y.index(i) }; }
}

describe('pl and torchmetrics on cuda', function () {
  this.timeout(300000);
  let tmp: string;
  beforeEach(function () { needCuda(this); tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-pl-gpu-')); });
  afterEach(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('metrics follow their inputs to cuda and give the CPU values', () => {
    const preds = torch.tensor([1, 0, 1, 1, 0, 1]), target = torch.tensor([1, 0, 0, 1, 1, 1]);
    const cpu = torchmetrics.Accuracy({ task: 'binary' }), gpu = torchmetrics.Accuracy({ task: 'binary' });
    cpu.update(preds, target);
    const batch = gpu(preds.cuda(), target.cuda()) as torch.Tensor;
    assert.equal(batch.device.name, 'cuda:0');
    assert.equal(String(gpu.compute()), "tensor(0.6667, device='cuda:0')");
    assert.equal((gpu.compute() as torch.Tensor).item(), (cpu.compute() as torch.Tensor).item());
  });

  it("fits the lecture's model with accelerator 'gpu': model, batches and metrics on cuda:0, Lightning's device messages", () => {
    torch.manual_seed(0);
    const X = torch.randn(256, 8), y = X.sum(1).gt(0).long();
    const loader = (a: number, b: number) => new torch.utils.data.DataLoader(new DS(X.index(`${a}:${b}`), y.index(`${a}:${b}`)), { batch_size: 16 });
    const run = capture(() => {
      const t = new pl.Trainer({ max_epochs: 2, accelerator: 'gpu', devices: 1, val_check_interval: 0.5, default_root_dir: tmp });
      const m = new PLFeedForwardClassifier(8, 2, 0.01);
      t.fit(m, loader(0, 192), loader(192, 256));
      return { t, m };
    });
    assert.ok(run.stderr.startsWith('GPU available: True (cuda), used: True\n'), run.stderr);
    assert.ok(run.stderr.includes('\nLOCAL_RANK: 0 - CUDA_VISIBLE_DEVICES: [0]\n'));
    assert.equal(run.value.m.device.name, 'cuda:0');
    assert.match(run.stdout, /^Validation accuracy: tensor\(0\.\d{4}, device='cuda:0'\)$/m);
    assert.ok((run.value.t.callback_metrics.val_accuracy as torch.Tensor).item() > 0.8);
  });
});
