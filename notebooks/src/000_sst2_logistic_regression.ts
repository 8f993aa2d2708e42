// %% [markdown]
// # Neural Net Training with PyTorch
//
// CS 780/880 Natural Language Processing Lecture 12
//
// Samuel Carton, University of New Hampshire
//
// *The lecture's code in TypeScript with torchlab: `torch`, `nn`, `text` (SST-2, NLTK's Porter
// stemmer, scikit-learn's `CountVectorizer` and metrics) and Python's `print` and `pprint` are
// preloaded in every cell. Python's operators work on tensors (`v0 + v1`, `y[idx]`).
// Python's keyword arguments become a last options object
// (`torch.optim.Adam(our_model.parameters(), { lr: learning_rate })`), `with torch.no_grad():`
// becomes `torch.no_grad(() => { ... })`, `model(**batch)` becomes `model(batch)`, and
// `f'{x:.3f}'` becomes `` `${format(x, '.3f')}` ``.*

// %%
// Not in the lecture: the random generator is seeded, so that this notebook's outputs are
// reproducible and can be checked against PyTorch's.
torch.manual_seed(0);

// %% [markdown]
// ## Last lecture
//
// Linear regression
//
// - Learn $Wx + b$ from data
// - Predict continuous values
// - Optimize mean squared error
//
// Logistic regression
//
// - Learn $\sigma(Wx + b)$ from data
// - Predict (close to) 0 or 1
// - Optimize cross-entropy
//
// Key concepts:
//
// - Loss function
//   - I.e. objective function
// - Gradient of loss with respect to parameters
// - Gradient descent
// - Activation function
//
// ## PyTorch
//
// PyTorch is a **deep learning library**
//
// - Define the structure of a neural net
// - Use gradient descent to train it
// - Implementations of common structural elements
//
// Created and maintained by Meta
//
// Competes primarily with TensorFlow (Google)
//
// Fairly dominant in research right now
//
// ## Tensors
//
// A tensor is an N-dimensional array of values
//
// - e.g. a scalar (0D), vector (1D), or matrix (2D)
//
// Any neural net is basically just a bunch of tensor operations
//
// GPUs happen to be good at doing tensor operations quickly
//
// Dimensions of Tensor: 1 d-Tensor, 2 d-Tensor, 3 d-Tensor, 4 d-Tensor, 5 d-Tensor, 6 d-Tensor
// (<https://www.javatpoint.com/pytorch-tensors>; the lecture's pictures are not reproduced)

// %% [markdown]
// ## Tensors – Basic operations and dimensionality
//
// PyTorch Tensors are functionally almost identical to Numpy arrays
//
// Basic operations

// %%
const v0 = torch.Tensor([1, 2, 3]);
const v1 = torch.Tensor([4, 5, 6]);

// %% id="add"
v0 + v1

// %% id="sub"
v0 - v1

// %% id="mul"
v0 * v1

// %% id="div"
v0 / v1

// %% id="pow"
v0 ** 2

// %% [markdown]
// Dimensionality
//
// *`torch.Tensor(1)` allocates one element without setting it: PyTorch shows whatever the memory held
// (the lecture got `tensor([1.0208e+12])`); torchlab fills it with zero.*

// %%
// Scalar (0-dimensional tensor)
const s0 = torch.Tensor(1);
s0

// %% id="v0"
// Vector (1-dimensional tensor)
v0

// %% id="m0"
// Matrix (2-dimensional tensor)

const m0 = torch.Tensor([[1, 2], [3, 4]]);
m0

// %% [markdown]
// *The slide's line reads `torch.Tensor([[[1,2],[3,4]],[[4,5],[5,6]])]` (a bracket out of place);
// the tensor it prints is this one.*

// %% id="t0"
// 3-dimensional tensor
const t0 = torch.Tensor([[[1, 2], [3, 4]], [[4, 5], [5, 6]]]);
t0

// %% [markdown]
// ## Tensors – Convenient functionality

// %% id="numpy"
// It's easy to convert back and forth between numpy arrays and tensors

print('Conversion from PyTorch to Numpy');
const np_m = m0.numpy();
display(np_m);

print('\nConversion from Numpy to PyTorch');
const t_np_m = torch.Tensor(np_m);
display(t_np_m);

// %% [markdown]
// ## Gradient Descent
//
// Basic idea: Calculate the loss over the **whole training set**, do a step along the gradient, then
// recalculate the loss and so on
//
// <https://www.analyticsvidhya.com/blog/2022/07/gradient-descent-and-its-types/>
//
// ## Mini-batch gradient descent
//
// For big datasets/models, we can't fit all training gradients in memory.
//
// So we do our steps on **batches** of the data, one at a time
//
// When the batch size is 1, it's called **stochastic gradient descent**
//
// Batch size is a **hugely important** hyperparameter in neural net training.
//
// - Bigger usually better, but requires a bigger GPU
// - Why Nvidia A100s are like \$15k

// %% [markdown]
// ## Reading and preprocessing SST-2 dataset
//
// *The lecture shows the frame this cell makes, not the cell: SST-2's two splits read with pandas'
// `read_csv(..., sep='\t')` and each sentence's tokens stemmed with NLTK's `PorterStemmer`.*

// %% id="dev_df"
const { train: train_df, validation: dev_df } = text.load_sst2();  // train.tsv and dev.tsv
const stemmer = new text.PorterStemmer();  // from nltk.stem import PorterStemmer
const preprocess = (sentence: string) => sentence.trim().split(/\s+/).map((token) => stemmer.stem(token)).join(' ');
train_df.set('preprocessed', train_df.get('sentence').map((s) => preprocess(String(s))));
dev_df.set('preprocessed', dev_df.get('sentence').map((s) => preprocess(String(s))));
dev_df

// %% [markdown]
// ## Reading and preprocessing SST-2 dataset

// %%
const { CountVectorizer } = text;  // from sklearn.feature_extraction.text import CountVectorizer

// %% id="train_X"
const vectorizer = new CountVectorizer();
const train_X = vectorizer.fit_transform(train_df.get('preprocessed'));
display(train_X);

// %% id="dev_X"
const dev_X = vectorizer.transform(dev_df.get('preprocessed'));
display(dev_X);

// %% [markdown]
// ## PyTorch Datasets
//
// *In TypeScript, `__init__` is the `constructor`, which calls `super()` first, and
// `train_dataset[0]` is spelled `train_dataset.__getitem__(0)`.*

// %%
type Batch = { y: torch.Tensor; X: torch.Tensor };
class SST2Dataset extends torch.utils.data.Dataset<Batch> {
  y: torch.Tensor;
  X: text.csr_matrix;
  constructor(labels: text.Series, sparse_count_matrix: text.csr_matrix) {
    super();

    this.y = torch.tensor(labels.tolist() as number[], { dtype: torch.int64 });

    this.X = sparse_count_matrix;  // Pytorch doesn't play especially well with
    // Sparse matrices, but we won't store the whole thing as a dense matrix
  }

  __len__() {
    return this.y.shape[0];
  }

  // The key method in a Dataset is __getitem__, which the DataLoader will
  // use to create batches
  __getitem__(idx: number) {
    const rdict = {
      y: this.y[idx],

      // Just densify individual rows of the sparse matrix as needed
      // A little awkward to convert it to a numpy array, but we want these
      // to be 1D vectors so that the DataLoader will stack them correctly
      X: torch.Tensor(this.X.getrow(idx).todense().index(0)),  // np.asarray(self.X[idx].todense())[0]
    };
    return rdict;
  }
}

// %% id="train_dataset"
const train_dataset = new SST2Dataset(train_df.get('label'), train_X);
print(train_dataset.__getitem__(0));
print(train_dataset.__getitem__(0)['X'].shape);

// %% id="dev_dataset"
const dev_dataset = new SST2Dataset(dev_df.get('label'), dev_X);
print(dev_dataset.__getitem__(0));

// %% [markdown]
// ## PyTorch DataLoaders
//
// *The training loops below evaluate on a `dev_dataloader` that the lecture does not show; it is
// made here as the next lecture makes it (`shuffle=False`).*

// %% id="first_batch"
let batch_size = 16;

// A DataLoader is a wrapper around a Dataset that makes it easy to iterate over
// batches of the dataset
let train_dataloader = new torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
let dev_dataloader = new torch.utils.data.DataLoader(dev_dataset, { batch_size: batch_size, shuffle: false });

// When we grab the first item in the iterator, it's a dictionary, but now each item
// is a batch of values from our dataset that has been stacked into a tensor, instead of a single value
const first_train_batch: Batch = next(iter(train_dataloader));

print('First training batch:');
print(first_train_batch);

print('Batch item shapes:');
print(Object.fromEntries(Object.entries<torch.Tensor>(first_train_batch).map(([key, value]) => [key, value.shape])));

// %% [markdown]
// ## PyTorch models
//
// PyTorch models always extend `torch.nn.Module`
//
// They always have:
//
// - An `__init__()` method which defines the structure of the model
// - A `forward()` method which takes in the input and spits out the model output
//
// As long as the output of `forward()` is composed of differentiable tensor-on-tensor operations,
// then PyTorch can use **automatic differentiation** to figure out $\Delta_{parameters} output$, and
// then subsequently do gradient descent.
//
// ## Our model
//
// *`forward(self, X, y)` called as `our_model(**batch)` becomes `forward({ X, y }: Batch)` called as
// `our_model(batch)`.*

// %%
class BinaryLogisticRegression extends torch.nn.Module {
  Wb: nn.Linear;
  activation_function: nn.Sigmoid;
  constructor(vocab_size: number) {
    super();
    this.Wb = new torch.nn.Linear(vocab_size, 1, { bias: true });
    this.activation_function = new torch.nn.Sigmoid();
  }

  forward({ X, y }: Batch) {
    let py_logits = this.Wb(X);
    py_logits = py_logits.squeeze();
    const py_probs = this.activation_function(py_logits);
    const py = torch.round(py_probs).int();
    const loss = torch.nn.functional.binary_cross_entropy(py_probs, y.float(), { reduction: 'mean' });
    return {
      py_logits: py_logits,
      py_probs: py_probs,
      py: py,
      loss: loss,
    };
  }
}

// %% id="our_model"
// We can instantiate the model
const vocab_size = train_X.shape[1];  // We need to know this in order to set up the model
let our_model = new BinaryLogisticRegression(vocab_size);
// Displaying the model will show its layers
display(our_model);

// %% [markdown]
// ## Our model

// %% id="first_output"
// from pprint import pprint (preloaded)
const first_train_output = torch.no_grad(() => our_model(first_train_batch));

print('First training output:');
pprint(first_train_output);

print('Output item shapes:');
pprint(Object.fromEntries(Object.entries<torch.Tensor>(first_train_output).map(([key, value]) => [key, value.shape])));

// %% [markdown]
// ## PyTorch training loop
//
// Basic pseudocode:
//
// - For each epoch:
//   - For each training batch:
//     - Zero the accumulated grads
//     - Run model on training batch
//     - Calculate loss
//     - Perform gradient descent on step
//   - (optional) For each validation batch:
//     - Run model on validation batch
//   - Report overall validation accuracy
//
// ## Training loop
//
// Preliminary stuff
//
// *`np.mean` and `np.concatenate` of the collected numpy arrays become a mean of a JavaScript
// array and arrays extended batch by batch; `accuracy_score` is scikit-learn's.*

// %%
const learning_rate = 0.01;

// We initialize an Adam optimizer with our chosen lr. There are other params
// we can set for Adam too, but I am ignoring them for now.
let optimizer = new torch.optim.Adam(our_model.parameters(), { lr: learning_rate });

// %%
// An epoch is one complete pass over all the training batches
const num_epochs = 2;

const { accuracy_score } = text;  // from sklearn.metrics import accuracy_score
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;  // np.mean

// %% [markdown]
// ## Training loop

// %% id="training"
for (let epoch_num = 0; epoch_num < num_epochs; epoch_num++) {

  print(`\nEpoch ${epoch_num}`);
  const train_losses: number[] = [];
  const train_pys: number[] = [];
  const train_ys: number[] = [];
  for (const [step_num, train_batch] of enumerate(train_dataloader)) {
    optimizer.zero_grad();
    const train_output = our_model(train_batch);
    const train_loss = train_output['loss'];
    if (step_num > 0 && step_num % 500 === 0) print(`\tStep ${step_num} mean training loss: ${format(mean(train_losses.slice(-500)), '.3f')}`);
    train_losses.push(train_loss.item());
    train_ys.push(...train_batch['y'].tolist());
    train_pys.push(...train_output['py'].tolist());
    train_loss.backward();
    optimizer.step();
  }

  print(`Epoch mean train loss: ${format(mean(train_losses), '.3f')}`);
  print(`Epoch train accuracy: ${format(accuracy_score(train_ys, train_pys), '.3f')}`);

  const dev_pys: number[] = [];
  const dev_ys: number[] = [];
  for (const dev_batch of dev_dataloader) {
    torch.no_grad(() => {
      const dev_output = our_model(dev_batch);
      dev_ys.push(...dev_batch['y'].tolist());
      dev_pys.push(...dev_output['py'].tolist());
    });
  }

  print(`Epoch dev accuracy: ${format(accuracy_score(dev_ys, dev_pys), '.3f')}`);
}

// %% [markdown]
// ## Regularized model
//
// *On the slide, the two lines that add the L2 penalty are framed by braces (a highlight); they are
// plain statements.*

// %%
class RegularizedBinaryLogisticRegression extends torch.nn.Module {
  Wb: nn.Linear;
  activation_function: nn.Sigmoid;
  l2_penalty_weight: number;
  constructor(vocab_size: number, l2_penalty_weight = .001) {
    super();
    this.Wb = new torch.nn.Linear(vocab_size, 1, { bias: true });
    this.activation_function = new torch.nn.Sigmoid();
    this.l2_penalty_weight = l2_penalty_weight;
  }

  forward({ X, y }: Batch) {
    let py_logits = this.Wb(X);
    py_logits = py_logits.squeeze();
    const py_probs = this.activation_function(py_logits);
    const py = torch.round(py_probs).int();
    const py_loss = torch.nn.functional.binary_cross_entropy(py_probs, y.float(), { reduction: 'mean' });

    const l2_loss = this.l2_penalty_weight * torch.mean(this.Wb.weight ** 2);
    const loss = py_loss + l2_loss;

    return {
      py_logits: py_logits,
      py_probs: py_probs,
      py: py,
      loss: loss,
    };
  }
}

// %% [markdown]
// ## Regularized model
//
// *The slide does not show where `reg_model` and `reg_optimizer` are made; they are made here as
// `our_model` and its optimizer were. The slide's indentation puts the dev evaluation at every step
// and its print inside the dev loop, while its output shows one evaluation every 500 steps: the
// evaluation is placed in the `if` block, as the next lecture's loop has it.*

// %%
const reg_model = new RegularizedBinaryLogisticRegression(vocab_size);
const reg_optimizer = new torch.optim.Adam(reg_model.parameters(), { lr: learning_rate });

// %% id="regularized_training"
// Then we can use the exact same training/evaluation loop on this new model
for (let epoch_num = 0; epoch_num < num_epochs; epoch_num++) {

  print(`\nEpoch ${epoch_num}`);
  const train_losses: number[] = [];
  const train_pys: number[] = [];
  const train_ys: number[] = [];
  let dev_pys: number[] = [];
  let dev_ys: number[] = [];
  for (const [step_num, train_batch] of enumerate(train_dataloader)) {
    reg_optimizer.zero_grad();
    const train_output = reg_model(train_batch);
    const train_loss = train_output['loss'];
    if (step_num > 0 && step_num % 500 === 0) {
      print(`\tStep ${step_num} mean training loss: ${format(mean(train_losses.slice(-500)), '.3f')}`);

      // The one thing I change here is to evaluate the dev loss more frequently so we can see how it's changing
      dev_pys = [];
      dev_ys = [];
      for (const dev_batch of dev_dataloader) {
        torch.no_grad(() => {
          const dev_output = reg_model(dev_batch);
          dev_ys.push(...dev_batch['y'].tolist());
          dev_pys.push(...dev_output['py'].tolist());
        });
      }
      print(`\tDev accuracy: ${format(accuracy_score(dev_ys, dev_pys), '.3f')}`);
    }

    train_losses.push(train_loss.item());
    train_ys.push(...train_batch['y'].tolist());
    train_pys.push(...train_output['py'].tolist());

    train_loss.backward();
    reg_optimizer.step();
  }

  print(`Mean train loss: ${format(mean(train_losses), '.3f')}`);
  print(`Train accuracy: ${format(accuracy_score(train_ys, train_pys), '.3f')}`);
  print(`Dev accuracy: ${format(accuracy_score(dev_ys, dev_pys), '.3f')}`);
}

// %% [markdown]
// ## Regularized Model
//
// Regularization didn't really help in this case. May be too simple model
//
// We can observe we're doing a lot of extra work though...

// %% [markdown]
// ## Early stopping
//
// Basic idea: Keep an eye on the development set performance (either loss or accuracy), and stop the
// training loop early when the improvement seems to level off
//
// - Often save model checkpoints only on improvement, and then reload best checkpoint at the end of
//   training
//
// Another way to avoid overfitting
//
// <https://neptune.ai/blog/early-stopping-with-neptune>
//
// ## Early stopping
//
// *The slide shows lines 4–7 and 37–49 of this cell. The rest is the loop above, on a new
// `BinaryLogisticRegression` and optimizer, with the early stopping logic after each dev
// evaluation and a check of `early_stop` after each epoch; as in the lecture's output, an epoch
// that stops early prints no summary.*

// %% id="early_stopping"
our_model = new BinaryLogisticRegression(vocab_size);
optimizer = new torch.optim.Adam(our_model.parameters(), { lr: learning_rate });

const patience = 3;
let best_dev_acc = 0.0;
let intervals_since_improvement = 0;
let early_stop = false;

for (let epoch_num = 0; epoch_num < num_epochs; epoch_num++) {
  print(`\nEpoch ${epoch_num}`);
  const train_losses: number[] = [];
  const train_pys: number[] = [];
  const train_ys: number[] = [];
  for (const [step_num, train_batch] of enumerate(train_dataloader)) {
    optimizer.zero_grad();
    const train_output = our_model(train_batch);
    const train_loss = train_output['loss'];
    if (step_num > 0 && step_num % 500 === 0) {
      print(`\tStep ${step_num} mean training loss: ${format(mean(train_losses.slice(-500)), '.3f')}`);
      const dev_pys: number[] = [];
      const dev_ys: number[] = [];
      for (const dev_batch of dev_dataloader) {
        torch.no_grad(() => {
          const dev_output = our_model(dev_batch);
          dev_ys.push(...dev_batch['y'].tolist());
          dev_pys.push(...dev_output['py'].tolist());
        });
      }

      // Early stopping logic
      const dev_acc = accuracy_score(dev_ys, dev_pys);
      print(`\tDev accuracy:${format(dev_acc, '.3f')}`);
      if (dev_acc > best_dev_acc) {
        best_dev_acc = dev_acc;
        intervals_since_improvement = 0;
      } else {
        intervals_since_improvement += 1;
      }

      if (intervals_since_improvement > patience) {
        print('Stopping early!');
        early_stop = true;
        break;
      }
    }
    train_losses.push(train_loss.item());
    train_ys.push(...train_batch['y'].tolist());
    train_pys.push(...train_output['py'].tolist());
    train_loss.backward();
    optimizer.step();
  }
  if (early_stop) {
    break;
  }
  print(`Mean train loss: ${format(mean(train_losses), '.3f')}`);
  print(`Train accuracy: ${format(accuracy_score(train_ys, train_pys), '.3f')}`);
}

// %% [markdown]
// ## Concluding thoughts
//
// PyTorch: Machine learning Legos
//
// Mini-batch gradient descent
//
// - Batch size very important
//
// Training loop
//
// Avoid overfitting by:
//
// - Regularization
// - Early stopping
