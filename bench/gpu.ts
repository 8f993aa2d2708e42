// `npm run bench:gpu`: the cuda device against PyTorch's cuda on the same GPU, measured in the same
// run: lecture 001's demo (300 x normalize(t @ t, dim=1) on 1000x1000, from the upload to the final
// read back), fp32 matmul at 1024, 2048 and 4096 in TFLOP/s (PyTorch with TF32 off), and one SST-2
// feed-forward epoch of lecture 001 (its loop: batches moved to the device, loss and predictions
// read back each step, a dev check every 500 steps, Adam). Preprocessing is done once here and the
// CSR matrices handed to PyTorch, so its side needs nothing but torch.
//   node dist/bench/gpu.js [--json FILE] [--quick] [--device cuda|cpu] [--tiles 64x64x16x4x4,...] [--matmul-only]
// --quick uses small sizes and a slice of SST-2 (a check of the plumbing on any machine); --tiles
// also times the given matmul tilings; --matmul-only times torchlab's matmul alone (no reference).
// PyTorch is $TORCHLAB_PYTHON, else python3.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch, text } from '../runtime/src';
import { parseTile } from '../runtime/src/backends/webgpu/kernels';
import { FeedForwardClassifier, SST2Dataset } from './sst2_epoch';
import { fmtTime, pythonEnv } from './harness';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const quick = args.includes('--quick');
const device = opt('--device') ?? 'cuda';
const SIZES = quick ? [128, 256] : [1024, 2048, 4096];
const DEMO = quick ? { n: 200, iters: 30 } : { n: 1000, iters: 300 };
const sync = () => { if (device === 'cuda') torch.cuda.synchronize(); };
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

function demo(): number {
  const t = torch.rand([DEMO.n, DEMO.n]);
  const once = () => {
    const t0 = process.hrtime.bigint();
    let g = t.to(device);
    for (let i = 0; i < DEMO.iters; i++) g = torch.nn.functional.normalize(torch.matmul(g, g), { dim: 1 });
    g.cpu();
    return secs(t0);
  };
  once();
  return median([once(), once(), once()]);
}

/** Seconds per n x n fp32 product, the queue drained before and after. */
function matmul(n: number): number {
  const a = torch.rand([n, n]).to(device), b = torch.rand([n, n]).to(device);
  const reps = device === 'cpu' ? 2 : n >= 4096 ? 10 : 30;
  for (let i = 0; i < 2; i++) a.matmul(b);
  sync();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) a.matmul(b);
  sync();
  return secs(t0) / reps;
}

type Batch = { y: torch.Tensor; X: torch.Tensor };

/** Lecture 001's training loop for one epoch; seconds, train accuracy, last dev accuracy. */
function ffnEpoch(train: SST2Dataset, dev: SST2Dataset, vocab: number): [number, number, number] {
  torch.manual_seed(0);
  const model = new FeedForwardClassifier(vocab, 2);
  model.to(device);
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: 0.001 });
  const loader = new torch.utils.data.DataLoader(train, { batch_size: 32, shuffle: true });
  const devLoader = new torch.utils.data.DataLoader(dev, { batch_size: 32, shuffle: false });
  const toDevice = (d: Batch): Batch => ({ X: d.X.to(device), y: d.y.to(device) });
  const forward = model as unknown as (b: Batch) => { loss: torch.Tensor; py: torch.Tensor };
  const ys: number[] = [], pys: number[] = [];
  let devAcc = NaN, step = 0;
  const t0 = process.hrtime.bigint();
  for (const batch of loader) {
    optimizer.zero_grad();
    const out = forward(toDevice(batch));
    const loss = out.loss.cpu(), py = out.py.cpu();
    if (step > 0 && step % 500 === 0) {
      const dy: number[] = [], dp: number[] = [];
      torch.no_grad(() => {
        for (const d of devLoader) { dy.push(...(d.y.tolist() as number[])); dp.push(...(forward(toDevice(d)).py.cpu().tolist() as number[])); }
      });
      devAcc = text.accuracy_score(dy, dp);
    }
    loss.item();
    ys.push(...(batch.y.tolist() as number[]));
    pys.push(...(py.tolist() as number[]));
    out.loss.backward();
    optimizer.step();
    step++;
  }
  sync();
  return [secs(t0), text.accuracy_score(ys, pys), devAcc];
}

/** CSR arrays of a matrix, as files PyTorch reads with torch.frombuffer. */
function writeCsr(dir: string, name: string, X: text.csr_matrix, labels: number[]): void {
  const m = X as unknown as { indptr: ArrayLike<number>; indices: ArrayLike<number>; data: ArrayLike<number> };
  fs.writeFileSync(path.join(dir, `${name}.indptr`), Buffer.from(Int32Array.from(m.indptr).buffer));
  fs.writeFileSync(path.join(dir, `${name}.indices`), Buffer.from(Int32Array.from(m.indices).buffer));
  fs.writeFileSync(path.join(dir, `${name}.data`), Buffer.from(Float32Array.from(m.data).buffer));
  fs.writeFileSync(path.join(dir, `${name}.labels`), Buffer.from(Int32Array.from(labels).buffer));
}

const PY = `
import json, sys, time, torch
import torch.nn.functional as F
cfg = json.loads(sys.argv[1])
dev = cfg["device"]
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
def sync():
    if dev == "cuda": torch.cuda.synchronize()
def med(xs): return sorted(xs)[len(xs) // 2]
out = {"torch": torch.__version__, "device": torch.cuda.get_device_name() if dev == "cuda" else "cpu"}
t = torch.rand(cfg["demo"]["n"], cfg["demo"]["n"])
def demo():
    t0 = time.perf_counter()
    g = t.to(dev)
    for _ in range(cfg["demo"]["iters"]): g = F.normalize(torch.matmul(g, g), dim=1)
    g.cpu()
    return time.perf_counter() - t0
demo()
out["demo"] = med([demo(), demo(), demo()])
out["matmul"] = {}
for n in cfg["sizes"]:
    a = torch.rand(n, n, device=dev); b = torch.rand(n, n, device=dev)
    reps = 2 if dev == "cpu" else (10 if n >= 4096 else 30)
    for _ in range(2): a @ b
    sync(); t0 = time.perf_counter()
    for _ in range(reps): a @ b
    sync(); out["matmul"][str(n)] = (time.perf_counter() - t0) / reps
if cfg.get("csr"):
    d = cfg["csr"]
    def load(name, kind): return torch.frombuffer(bytearray(open(d + "/" + name, "rb").read()), dtype=kind)
    class DS(torch.utils.data.Dataset):
        def __init__(self, name, V):
            self.indptr = load(name + ".indptr", torch.int32).tolist(); self.indices = load(name + ".indices", torch.int32).long()
            self.data = load(name + ".data", torch.float32); self.y = load(name + ".labels", torch.int32).long(); self.V = V
        def __len__(self): return self.y.shape[0]
        def __getitem__(self, i):
            a, b = self.indptr[i], self.indptr[i + 1]
            row = torch.zeros(self.V); row[self.indices[a:b]] = self.data[a:b]  # the dense row, as todense() gives
            return {"y": self.y[i], "X": row}
    class FFN(torch.nn.Module):
        def __init__(self, V, C=2):
            super().__init__()
            self.layer_0 = torch.nn.Linear(V, 100); self.layer_1 = torch.nn.Linear(100, 100); self.layer_2 = torch.nn.Linear(100, 100)
            self.output_layer = torch.nn.Linear(100, C, bias=True); self.softmax = torch.nn.Softmax(dim=1)
        def forward(self, X, y):
            py_logits = self.output_layer(self.layer_2(self.layer_1(self.layer_0(X))))
            py_probs = self.softmax(py_logits); py = torch.argmax(py_probs, dim=1)
            loss = F.cross_entropy(py_logits, y, reduction="mean")
            return {"py_logits": py_logits, "py_probs": py_probs, "py": py, "loss": loss}
    V = cfg["vocab"]; train = DS("train", V); devset = DS("dev", V)
    torch.manual_seed(0)
    model = FFN(V).to(dev); optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loader = torch.utils.data.DataLoader(train, batch_size=32, shuffle=True)
    dev_loader = torch.utils.data.DataLoader(devset, batch_size=32, shuffle=False)
    to_dev = lambda b: {k: v.to(dev) for k, v in b.items()}
    ys, pys, dev_acc = [], [], None
    t0 = time.perf_counter()
    for step, batch in enumerate(loader):
        optimizer.zero_grad()
        o = model(**to_dev(batch))
        loss, py = o["loss"].cpu(), o["py"].cpu()
        if step > 0 and step % 500 == 0:
            dy, dp = [], []
            with torch.no_grad():
                for db in dev_loader:
                    dy += db["y"].tolist(); dp += model(**to_dev(db))["py"].cpu().tolist()
            dev_acc = sum(int(a == b) for a, b in zip(dy, dp)) / len(dy)
        loss.item(); ys += batch["y"].tolist(); pys += py.tolist()
        o["loss"].backward(); optimizer.step()
    sync()
    out["ffn"] = [time.perf_counter() - t0, sum(int(a == b) for a, b in zip(ys, pys)) / len(ys), dev_acc]
print(json.dumps(out))
`;

interface Row { name: string; ours: number; torch: number; extra: string; met?: boolean }

function main(): void {
  const json = opt('--json');
  if (device === 'cuda' && !torch.cuda.is_available()) {
    console.error('bench:gpu: no cuda device: set TORCHLAB_GPU=webgpu to see why');
    process.exit(2);
  }
  const deviceName = device === 'cuda' ? torch.cuda.get_device_name() : 'cpu';
  console.log(`torchlab ${device} on ${deviceName}, node ${process.version}, ${os.cpus().length} cores${quick ? ' (quick sizes)' : ''}`);
  if (args.includes('--matmul-only')) {
    const tf: Record<number, number> = {};
    for (const n of SIZES) { tf[n] = (2 * n ** 3) / matmul(n) / 1e12; console.log(`fp32 matmul ${n}^3: ${tf[n].toFixed(2)} TFLOP/s`); }
    if (json) fs.writeFileSync(json, JSON.stringify({ device: deviceName, dawnFlags: process.env.TORCHLAB_DAWN_FLAGS ?? '', tflops: tf }, null, 1));
    return;
  }
  const ours: { demo: number; matmul: Record<number, number>; ffn?: [number, number, number]; tiles: Record<string, Record<number, number>> } = { demo: 0, matmul: {}, tiles: {} };
  ours.demo = demo();
  for (const n of SIZES) ours.matmul[n] = matmul(n);
  const tiles = (opt('--tiles') ?? '').split(',').filter(Boolean);
  if (tiles.length && device === 'cuda') {
    const backend = torch.zeros(1).cuda()._backend as unknown as { tileOverride: unknown };
    const keep = backend.tileOverride;
    const a = torch.rand([1000, 333]).cuda(), b = torch.rand([333, 1001]).cuda(), want = a.matmul(b).cpu();
    for (const t of tiles) {
      backend.tileOverride = parseTile(t);
      if (!backend.tileOverride) { console.log(`--tiles: ${t} is not a valid tiling`); continue; }
      // each tiling's product checked against the default's before it is timed
      const err = a.matmul(b).cpu().sub(want).abs().max().item() as number;
      if (!(err <= 1e-3)) { console.log(`--tiles: ${t} computes wrong products (max error ${err})`); continue; }
      ours.tiles[t] = {};
      for (const n of SIZES.slice(1)) ours.tiles[t][n] = matmul(n);
    }
    backend.tileOverride = keep;
  }
  // SST-2: the lecture's preprocessing, once; the same CSR matrices for both sides
  let csrDir: string | null = null, vocab = 0, skipFfn = '';
  let dir: string | null = null;
  try { dir = text.find_sst2(); } catch (e) { skipFfn = (e as Error).message.split('\n')[0]; }
  if (dir) {
    const { train, validation } = text.load_sst2(dir);
    const st = new text.PorterStemmer();
    const prep = (s: unknown) => String(s).split(' ').filter((w) => w.length > 0).map((w) => st.stem(w)).join(' ');
    const limit = quick ? 2000 : Infinity;
    const sentences = (train.get('sentence').values as string[]).slice(0, limit);
    const labels = (train.get('label').values as number[]).slice(0, limit);
    const vec = new text.CountVectorizer();
    const X = vec.fit_transform(sentences.map(prep));
    const Xd = vec.transform((validation.get('sentence').values as string[]).map(prep));
    const dlabels = validation.get('label').values as number[];
    vocab = X.shape[1];
    ours.ffn = ffnEpoch(new SST2Dataset(labels, X), new SST2Dataset(dlabels, Xd), vocab);
    csrDir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-bench-'));
    writeCsr(csrDir, 'train', X, labels);
    writeCsr(csrDir, 'dev', Xd, dlabels);
  }
  const py = process.env.TORCHLAB_PYTHON ?? 'python3';
  const cfg = { device, sizes: SIZES, demo: DEMO, csr: csrDir, vocab };
  const theirs = JSON.parse(execFileSync(py, ['-c', PY, JSON.stringify(cfg)], { env: pythonEnv(), encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!);
  if (csrDir) fs.rmSync(csrDir, { recursive: true, force: true });

  const tf = (n: number, s: number) => (2 * n ** 3) / s / 1e12;
  const acc = (a: number | null) => (a === null || Number.isNaN(a) ? 'n/a' : a.toFixed(3));
  const rows: Row[] = [{ name: `lecture 001 demo, ${DEMO.iters} x normalize(t @ t) ${DEMO.n}x${DEMO.n}, incl. read back`, ours: ours.demo, torch: theirs.demo,
    extra: `target <= 1.5x`, met: ours.demo <= 1.5 * theirs.demo }];
  for (const n of SIZES) {
    const a = tf(n, ours.matmul[n]), b = tf(n, theirs.matmul[String(n)]);
    rows.push({ name: `fp32 matmul ${n}^3`, ours: ours.matmul[n], torch: theirs.matmul[String(n)],
      extra: `${a.toFixed(2)} vs ${b.toFixed(2)} TFLOP/s${n >= 2048 && !quick ? ' (target >= 10)' : ''}`, met: n >= 2048 && !quick ? a >= 10 : undefined });
  }
  for (const [t, byN] of Object.entries(ours.tiles)) {
    for (const [n, s] of Object.entries(byN)) rows.push({ name: `  tiling ${t}, matmul ${n}^3`, ours: s, torch: theirs.matmul[n], extra: `${tf(Number(n), s).toFixed(2)} TFLOP/s` });
  }
  if (ours.ffn && theirs.ffn) {
    rows.push({ name: `SST-2 FFN epoch (lecture 001 loop, bs 32, Adam, vocab ${vocab})`, ours: ours.ffn[0], torch: theirs.ffn[0],
      extra: `train acc ${ours.ffn[1].toFixed(3)} vs ${theirs.ffn[1].toFixed(3)}, dev ${acc(ours.ffn[2])} vs ${acc(theirs.ffn[2])}; target <= 1x`,
      met: ours.ffn[0] <= theirs.ffn[0] });
  } else {
    console.log(`SST-2 FFN epoch skipped: ${skipFfn || 'no SST-2 data'}`);
  }
  console.log(`PyTorch ${theirs.torch} on ${theirs.device} (TF32 off), same run; medians`);
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'workload'.padEnd(w)}  ${'torchlab'.padStart(10)}  ${'PyTorch'.padStart(10)}  ${'ratio'.padStart(7)}  notes`);
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? '  [met]' : '  [NOT met]';
    console.log(`${r.name.padEnd(w)}  ${fmtTime(r.ours).padStart(10)}  ${fmtTime(r.torch).padStart(10)}  ${(r.ours / r.torch).toFixed(2).padStart(6)}x  ${r.extra}${met}`);
  }
  if (json) fs.writeFileSync(json, JSON.stringify({ device: deviceName, node: process.version, torch: theirs.torch, torchDevice: theirs.device, quick, rows }, null, 1));
}

main();
process.exit(0);
