// One training epoch of the SST-2 lectures with their own code path (dense rows densified from the
// CSR matrix in __getitem__, DataLoader batching, Adam): lecture 000's logistic regression (batch
// 16, lr 0.01) and lecture 001's feed-forward net (batch 32, lr 0.001), torchlab vs PyTorch in the
// same run. Preprocessing (stemming, CountVectorizer) is done first and not timed on either side.
import { execFileSync } from 'child_process';
import { torch, text } from '../runtime/src';
import { pythonEnv, table } from './harness';

const { nn } = torch;
type Batch = { y: torch.Tensor; X: torch.Tensor };

export class SST2Dataset extends torch.utils.data.Dataset<Batch> {
  y: torch.Tensor;
  constructor(labels: number[], public X: text.csr_matrix) {
    super();
    this.y = torch.tensor(labels, { dtype: torch.int64 });
  }
  override __len__() { return this.y.shape[0]; }
  override __getitem__(idx: number): Batch {
    return { y: this.y.index(idx), X: torch.Tensor(this.X.getrow(idx).toarray().index(0)) };
  }
}

export class BinaryLogisticRegression extends nn.Module {
  Wb: torch.nn.Linear; activation_function: torch.nn.Sigmoid;
  constructor(vocab_size: number) {
    super();
    this.Wb = new nn.Linear(vocab_size, 1, { bias: true });
    this.activation_function = new nn.Sigmoid();
  }
  override forward({ X, y }: Batch) {
    const py_logits = this.Wb(X).squeeze();
    const py_probs = this.activation_function(py_logits);
    const py = torch.round(py_probs).int();
    const loss = nn.functional.binary_cross_entropy(py_probs, y.float(), { reduction: 'mean' });
    return { py_logits, py_probs, py, loss };
  }
}

export class FeedForwardClassifier extends nn.Module {
  layer_0: torch.nn.Linear; layer_1: torch.nn.Linear; layer_2: torch.nn.Linear; output_layer: torch.nn.Linear; softmax: torch.nn.Softmax;
  constructor(vocab_size: number, num_classes = 2) {
    super();
    this.layer_0 = new nn.Linear(vocab_size, 100);
    this.layer_1 = new nn.Linear(100, 100);
    this.layer_2 = new nn.Linear(100, 100);
    this.output_layer = new nn.Linear(100, num_classes, { bias: true });
    this.softmax = new nn.Softmax({ dim: 1 });
  }
  override forward({ X, y }: Batch) {
    const py_logits = this.output_layer(this.layer_2(this.layer_1(this.layer_0(X))));
    const py_probs = this.softmax(py_logits);
    const py = torch.argmax(py_probs, { dim: 1 });
    const loss = nn.functional.cross_entropy(py_logits, y, { reduction: 'mean' });
    return { py_logits, py_probs, py, loss };
  }
}

/** The lectures' epoch loop (minus the periodic dev evaluation); returns seconds and train accuracy. */
export function epoch(model: torch.nn.Module, dataset: SST2Dataset, batch_size: number, lr: number): [number, number] {
  const optimizer = new torch.optim.Adam(model.parameters(), { lr });
  const loader = new torch.utils.data.DataLoader(dataset, { batch_size, shuffle: true });
  const t0 = process.hrtime.bigint();
  const losses: number[] = [], pys: number[] = [], ys: number[] = [];
  for (const batch of loader) {
    optimizer.zero_grad();
    const out = (model as unknown as (b: Batch) => { loss: torch.Tensor; py: torch.Tensor })(batch);
    losses.push(out.loss.item());
    ys.push(...(batch.y.tolist() as number[]));
    pys.push(...(out.py.tolist() as number[]));
    out.loss.backward();
    optimizer.step();
  }
  return [Number(process.hrtime.bigint() - t0) / 1e9, text.accuracy_score(ys, pys)];
}

const PY = (dir: string) => `
import json, time, numpy as np, pandas as pd, torch
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import CountVectorizer
torch.manual_seed(0)
train = pd.read_csv(${JSON.stringify(dir + '/train.tsv')}, sep="\\t")
st = PorterStemmer()
X = CountVectorizer().fit_transform([" ".join(st.stem(w) for w in s.split()) for s in train.sentence])

class SST2Dataset(torch.utils.data.Dataset):
    def __init__(self, labels, X):
        self.y = torch.tensor(labels, dtype=torch.int64); self.X = X
    def __len__(self): return self.y.shape[0]
    def __getitem__(self, idx):
        return {'y': self.y[idx], 'X': torch.Tensor(np.asarray(self.X[idx].todense())[0])}

class BinaryLogisticRegression(torch.nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.Wb = torch.nn.Linear(vocab_size, 1, bias=True); self.activation_function = torch.nn.Sigmoid()
    def forward(self, X, y):
        py_logits = self.Wb(X).squeeze()
        py_probs = self.activation_function(py_logits)
        py = torch.round(py_probs).int()
        loss = torch.nn.functional.binary_cross_entropy(py_probs, y.float(), reduction='mean')
        return {'py_logits': py_logits, 'py_probs': py_probs, 'py': py, 'loss': loss}

class FeedForwardClassifier(torch.nn.Module):
    def __init__(self, vocab_size, num_classes=2):
        super().__init__()
        self.layer_0 = torch.nn.Linear(vocab_size, 100); self.layer_1 = torch.nn.Linear(100, 100)
        self.layer_2 = torch.nn.Linear(100, 100); self.output_layer = torch.nn.Linear(100, num_classes, bias=True)
        self.softmax = torch.nn.Softmax(dim=1)
    def forward(self, X, y):
        py_logits = self.output_layer(self.layer_2(self.layer_1(self.layer_0(X))))
        py_probs = self.softmax(py_logits)
        py = torch.argmax(py_probs, dim=1)
        loss = torch.nn.functional.cross_entropy(py_logits, y, reduction='mean')
        return {'py_logits': py_logits, 'py_probs': py_probs, 'py': py, 'loss': loss}

def epoch(model, dataset, batch_size, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True)
    t0 = time.perf_counter()
    losses, pys, ys = [], [], []
    for batch in loader:
        optimizer.zero_grad()
        out = model(**batch)
        losses.append(out['loss'].item()); ys.extend(batch['y'].tolist()); pys.extend(out['py'].tolist())
        out['loss'].backward()
        optimizer.step()
    return time.perf_counter() - t0, float(np.mean(np.array(ys) == np.array(pys)))

ds = SST2Dataset(train.label.values, X)
lr_t, lr_acc = epoch(BinaryLogisticRegression(X.shape[1]), ds, 16, 0.01)
ffn_t, ffn_acc = epoch(FeedForwardClassifier(X.shape[1]), ds, 32, 0.001)
print(json.dumps({"lr": [lr_t, lr_acc], "ffn": [ffn_t, ffn_acc]}))
`;

export function run(threads: 1 | 2 = 2): void {
  const dir = text.find_sst2();
  const { train } = text.load_sst2(dir);
  const st = new text.PorterStemmer();
  const docs = (train.get('sentence').values as string[]).map((s) => s.split(/\s+/).filter(Boolean).map((w) => st.stem(w)).join(' '));
  const X = new text.CountVectorizer().fit_transform(docs);
  const ds = new SST2Dataset(train.get('label').values as number[], X);
  torch.manual_seed(0);
  const [lrT, lrAcc] = epoch(new BinaryLogisticRegression(X.shape[1]), ds, 16, 0.01);
  const [ffnT, ffnAcc] = epoch(new FeedForwardClassifier(X.shape[1]), ds, 32, 0.001);
  const env = pythonEnv({ OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), ...(threads > 1 ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}) });
  const py = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY(dir)], { env, encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!);
  console.log(`PyTorch: Debian python3-torch 1.13, ${threads} thread(s) (OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=${threads}); one epoch each, train accuracy in brackets`);
  table([
    { name: 'SST-2 logistic regression epoch (bs 16, Adam)', ours: lrT, torch: py.lr[0], extra: `acc ${lrAcc.toFixed(3)} vs ${py.lr[1].toFixed(3)}` },
    { name: 'SST-2 feed-forward epoch (bs 32, Adam)', ours: ffnT, torch: py.ffn[0], extra: `acc ${ffnAcc.toFixed(3)} vs ${py.ffn[1].toFixed(3)}` },
  ]);
}

if (require.main === module) run(process.argv[2] === '1' ? 1 : 2);
