// %% [markdown]
// # Feed-forward neural nets and the GPU
//
// The lecture's GPU cells and its feed-forward classifier on SST-2. `cuda` tensors run on the
// GPU backend when one exists (gpu.js on WebGL/WebGPU); otherwise `torch.cuda.is_available()`
// is false and the cells take their CPU branch.

// %%
// This is how you check if there's a GPU available:
torch.cuda.is_available()

// %%
// This defines a random 1000x1000 tensor
torch.manual_seed(0);
const t = torch.rand([1000, 1000]);
display(t);
// This switches the tensor onto the GPU if it is available
let gt: torch.Tensor | null = null;
if (torch.cuda.is_available()) {
  gt = t.cuda();
  display(gt);
}

// %%
// You can't convert a tensor back to numpy until you move it back to CPU
try {
  const n_gt = (gt ?? t.cuda()).numpy();
} catch (ex) {
  console.log((ex as Error).message);
}

// %%
// And you can't perform operations between tensors on different devices
try {
  const m_t = t.mul(gt ?? t.cuda());
} catch (ex) {
  console.log((ex as Error).message);
}

// %% [markdown]
// ## The cost of 300 `normalize(t @ t)` on the CPU and on the GPU

// %%
let starttime = Date.now();
let calc_t = t;
for (let i = 0; i < 300; i++) calc_t = nn.functional.normalize(torch.matmul(calc_t, calc_t), { dim: 1 });
console.log('Elapsed time:', (Date.now() - starttime) / 1000, 's');
display(calc_t);

// %%
if (torch.cuda.is_available()) {
  starttime = Date.now();
  let calc_g = t.cuda();
  for (let i = 0; i < 300; i++) calc_g = nn.functional.normalize(torch.matmul(calc_g, calc_g), { dim: 1 });
  torch.cuda.synchronize();
  console.log('Elapsed time:', (Date.now() - starttime) / 1000, 's');
  display(calc_g);
}

// %% [markdown]
// ## A feed-forward classifier on SST-2

// %%
const { train: train_df, validation: dev_df } = text.load_sst2();
const stemmer = new text.PorterStemmer();
const preprocess = (s: unknown) => String(s).split(' ').filter((w) => w.length > 0).map((w) => stemmer.stem(w)).join(' ');
const vectorizer = new text.CountVectorizer();
const train_X = vectorizer.fit_transform(train_df.get('sentence').map(preprocess));
const dev_X = vectorizer.transform(dev_df.get('sentence').map(preprocess));
type Batch = { y: torch.Tensor; X: torch.Tensor };
class SST2Dataset extends torch.utils.data.Dataset<Batch> {
  y: torch.Tensor;
  constructor(labels: number[], public X: text.csr_matrix) {
    super();
    this.y = torch.tensor(labels, { dtype: torch.int64 });
  }
  __len__() { return this.y.shape[0]; }
  __getitem__(idx: number): Batch {
    return { y: this.y.index(idx), X: torch.Tensor(this.X.getrow(idx).toarray().index(0)) };
  }
}
const train_dataset = new SST2Dataset(train_df.get('label').values as number[], train_X);
const dev_dataset = new SST2Dataset(dev_df.get('label').values as number[], dev_X);
train_X

// %%
class FeedForwardClassifier extends nn.Module {
  layer_0: nn.Linear;
  layer_1: nn.Linear;
  layer_2: nn.Linear;
  output_layer: nn.Linear;
  softmax: nn.Softmax;
  constructor(vocab_size: number, num_classes = 2) {
    super();
    this.layer_0 = new nn.Linear(vocab_size, 100);
    this.layer_1 = new nn.Linear(100, 100);
    this.layer_2 = new nn.Linear(100, 100);
    this.output_layer = new nn.Linear(100, num_classes, { bias: true });
    this.softmax = new nn.Softmax({ dim: 1 });
  }
  forward({ X, y }: Batch) {
    const intermediate_0 = this.layer_0(X); // (batch size, 100)
    const intermediate_1 = this.layer_1(intermediate_0); // (batch size, 100)
    const intermediate_2 = this.layer_2(intermediate_1); // (batch size, 100)
    const py_logits = this.output_layer(intermediate_2); // (batch size, num classes)
    const py_probs = this.softmax(py_logits); // (batch size, num_classes)
    const py = torch.argmax(py_probs, { dim: 1 });
    const loss = nn.functional.cross_entropy(py_logits, y, { reduction: 'mean' });
    return { py_logits, py_probs, py, loss };
  }
}

// %%
torch.manual_seed(0);
const vocab_size = train_X.shape[1];
const our_model = new FeedForwardClassifier(vocab_size, 2);
our_model

// %% [markdown]
// ## Training loop, on the GPU when there is one

// %%
const device = torch.cuda.is_available() ? 'cuda' : 'cpu';
our_model.to(device); // in place for modules, not for tensors
const optimizer = new torch.optim.Adam(our_model.parameters(), { lr: 0.001 });
const batch_size = 32;
const train_dataloader = new torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
const dev_dataloader = new torch.utils.data.DataLoader(dev_dataset, { batch_size: batch_size, shuffle: false });
const to_device = (d: Batch): Batch => ({ X: d.X.to(device), y: d.y.to(device) });
const to_cpu = <T extends Record<string, torch.Tensor>>(d: T): T => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.cpu()])) as T;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// %%
const num_epochs = 1;
for (let epoch_num = 0; epoch_num < num_epochs; epoch_num++) {
  console.log(`\nEpoch ${epoch_num}`);
  const train_losses: number[] = [], train_pys: number[] = [], train_ys: number[] = [];
  let dev_pys: number[] = [], dev_ys: number[] = [];
  let step_num = 0;
  for (const train_batch of train_dataloader) {
    optimizer.zero_grad();
    const out = our_model(to_device(train_batch));
    const train_output = to_cpu({ loss: out.loss, py: out.py });
    if (step_num > 0 && step_num % 500 === 0) {
      console.log(`\tStep ${step_num} mean training loss: ${mean(train_losses.slice(-500)).toFixed(3)}`);
      dev_pys = []; dev_ys = [];
      for (const dev_batch of dev_dataloader) {
        torch.no_grad(() => {
          const dev_output = our_model(to_device(dev_batch));
          dev_ys.push(...(dev_batch.y.tolist() as number[]));
          dev_pys.push(...(dev_output.py.cpu().tolist() as number[]));
        });
      }
      console.log(`\tDev accuracy:${text.accuracy_score(dev_ys, dev_pys).toFixed(3)}`);
    }
    train_losses.push(train_output.loss.item());
    train_ys.push(...(train_batch.y.tolist() as number[]));
    train_pys.push(...(train_output.py.tolist() as number[]));
    out.loss.backward();
    optimizer.step();
    step_num++;
  }
  console.log(`Mean train loss: ${mean(train_losses).toFixed(3)}`);
  console.log(`Train accuracy:${text.accuracy_score(train_ys, train_pys).toFixed(3)}`);
}
