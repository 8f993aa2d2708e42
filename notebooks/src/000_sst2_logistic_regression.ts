// %% [markdown]
// # Neural net training with PyTorch: tensors and SST-2 logistic regression
//
// The lecture's cells in TypeScript: tensors, the SST-2 data set read into a DataFrame, Porter
// stemming, a bag-of-words `CountVectorizer`, a `Dataset`/`DataLoader`, a logistic-regression
// `nn.Module`, and its training loop with Adam.

// %% [markdown]
// ## Tensors: basic operations and dimensionality

// %%
const v0 = torch.Tensor([1, 2, 3]);
const v1 = torch.Tensor([4, 5, 6]);
v0.add(v1)

// %%
v0.sub(v1)

// %%
v0.mul(v1)

// %%
v0.div(v1)

// %%
v0.pow(2)

// %%
// Scalar (0-dimensional tensor): torch.Tensor(1) allocates one element (zero here, uninitialised in PyTorch)
const s0 = torch.Tensor(1);
s0

// %%
const m0 = torch.Tensor([[1, 2], [3, 4]]);
m0

// %%
const t0 = torch.Tensor([[[1, 2], [3, 4]], [[4, 5], [5, 6]]]);
t0

// %% [markdown]
// ## Conversion back and forth

// %%
console.log('Conversion from PyTorch to Numpy');
const np_m = m0.numpy();
display(np_m);
console.log('\nConversion from Numpy to PyTorch');
const t_np_m = torch.Tensor(np_m);
display(t_np_m);

// %% [markdown]
// ## Reading and preprocessing SST-2

// %%
const { train: train_df, validation: dev_df } = text.load_sst2();
const stemmer = new text.PorterStemmer();
const preprocess = (s: unknown) => String(s).split(' ').filter((w) => w.length > 0).map((w) => stemmer.stem(w)).join(' ');
train_df.set('preprocessed', train_df.get('sentence').map(preprocess));
dev_df.set('preprocessed', dev_df.get('sentence').map(preprocess));
dev_df

// %%
const vectorizer = new text.CountVectorizer();
const train_X = vectorizer.fit_transform(train_df.get('preprocessed'));
display(train_X);

// %%
const dev_X = vectorizer.transform(dev_df.get('preprocessed'));
display(dev_X);

// %% [markdown]
// ## PyTorch Datasets

// %%
type Batch = { y: torch.Tensor; X: torch.Tensor };
class SST2Dataset extends torch.utils.data.Dataset<Batch> {
  y: torch.Tensor;
  X: text.csr_matrix;
  constructor(labels: ArrayLike<number>, sparse_count_matrix: text.csr_matrix) {
    super();
    this.y = torch.tensor(Array.from(labels), { dtype: torch.int64 });
    // PyTorch doesn't play especially well with sparse matrices, but we won't store the whole thing as a dense matrix
    this.X = sparse_count_matrix;
  }
  __len__() { return this.y.shape[0]; }
  // The key method in a Dataset is __getitem__, which the DataLoader will use to create batches
  __getitem__(idx: number): Batch {
    return {
      y: this.y.index(idx),
      // Just densify individual rows of the sparse matrix as needed
      X: torch.Tensor(this.X.getrow(idx).toarray().index(0)),
    };
  }
}

// %%
const train_dataset = new SST2Dataset(train_df.get('label').values as number[], train_X);
console.log(train_dataset.__getitem__(0));
console.log(train_dataset.__getitem__(0).X.shape);

// %%
const dev_dataset = new SST2Dataset(dev_df.get('label').values as number[], dev_X);
console.log(dev_dataset.__getitem__(0));

// %% [markdown]
// ## PyTorch DataLoaders

// %%
torch.manual_seed(0);
const batch_size = 16;
const train_dataloader = new torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
const dev_dataloader = new torch.utils.data.DataLoader(dev_dataset, { batch_size: batch_size, shuffle: false });
const first_train_batch = train_dataloader[Symbol.iterator]().next().value as Batch;
console.log('First training batch:');
console.log(first_train_batch);
console.log('Batch item shapes:');
console.log({ y: first_train_batch.y.shape, X: first_train_batch.X.shape });

// %% [markdown]
// ## Our model

// %%
class BinaryLogisticRegression extends nn.Module {
  Wb: nn.Linear;
  activation_function: nn.Sigmoid;
  constructor(vocab_size: number) {
    super();
    this.Wb = new nn.Linear(vocab_size, 1, { bias: true });
    this.activation_function = new nn.Sigmoid();
  }
  forward({ X, y }: Batch) {
    let py_logits = this.Wb(X);
    py_logits = py_logits.squeeze();
    const py_probs = this.activation_function(py_logits);
    const py = torch.round(py_probs).int();
    const loss = nn.functional.binary_cross_entropy(py_probs, y.float(), { reduction: 'mean' });
    return { py_logits, py_probs, py, loss };
  }
}

// %%
const vocab_size = train_X.shape[1];
const our_model = new BinaryLogisticRegression(vocab_size);
our_model

// %%
const first_train_output = torch.no_grad(() => our_model(first_train_batch));
console.log('First training output:');
console.log(first_train_output);
console.log('Output item shapes:');
console.log(Object.fromEntries(Object.entries(first_train_output).map(([k, v]) => [k, (v as torch.Tensor).shape])));

// %% [markdown]
// ## Training loop

// %%
const learning_rate = 0.01;
const optimizer = new torch.optim.Adam(our_model.parameters(), { lr: learning_rate });
const num_epochs = 2;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// %%
for (let epoch_num = 0; epoch_num < num_epochs; epoch_num++) {
  console.log(`\nEpoch ${epoch_num}`);
  const train_losses: number[] = [];
  const train_pys: number[] = [];
  const train_ys: number[] = [];
  let step_num = 0;
  for (const train_batch of train_dataloader) {
    optimizer.zero_grad();
    const train_output = our_model(train_batch);
    const train_loss = train_output.loss;
    if (step_num > 0 && step_num % 500 === 0) console.log(`\tStep ${step_num} mean training loss: ${mean(train_losses.slice(-500)).toFixed(3)}`);
    train_losses.push(train_loss.item());
    train_ys.push(...(train_batch.y.tolist() as number[]));
    train_pys.push(...(train_output.py.tolist() as number[]));
    train_loss.backward();
    optimizer.step();
    step_num++;
  }
  console.log(`Epoch mean train loss: ${mean(train_losses).toFixed(3)}`);
  console.log(`Epoch train accuracy: ${text.accuracy_score(train_ys, train_pys).toFixed(3)}`);

  const dev_pys: number[] = [];
  const dev_ys: number[] = [];
  for (const dev_batch of dev_dataloader) {
    torch.no_grad(() => {
      const dev_output = our_model(dev_batch);
      dev_ys.push(...(dev_batch.y.tolist() as number[]));
      dev_pys.push(...(dev_output.py.tolist() as number[]));
    });
  }
  console.log(`Epoch dev accuracy: ${text.accuracy_score(dev_ys, dev_pys).toFixed(3)}`);
}
