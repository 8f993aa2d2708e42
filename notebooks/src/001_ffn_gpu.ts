// %% [markdown]
// # Feedforward Neural Nets and PyTorch Lightning
//
// CS 780/880 Natural Language Processing Lecture 12
//
// Samuel Carton, University of New Hampshire
//
// *The lecture's code in TypeScript with torchlab: `torch`, `nn`, `text` (SST-2, NLTK's Porter
// stemmer, scikit-learn's `CountVectorizer` and metrics), `pl` (PyTorch Lightning),
// `torchmetrics` and Python's `print` are preloaded in every cell. Python's operators work on
// tensors; Python's keyword arguments become a last options object, `with
// torch.no_grad():` becomes `torch.no_grad(() => { ... })` and `our_model(**batch)` becomes
// `our_model(batch)`. The `cuda` device is a real GPU where there is one (WebGPU on GPU machines);
// without one, `torch.cuda.is_available()` is false and the GPU cells take their CPU branch.*

// %%
// Not in the lecture: the random generator is seeded, so that this notebook's outputs are
// reproducible and can be checked against PyTorch's.
torch.manual_seed(0);

// %% [markdown]
// ## Last lecture
//
// **PyTorch**: Machine learning Legos
//
// Mini-batch gradient descent
//
// - Batch size very important
//
// #### Training loop
//
// - I screwed up!!
// - Important to `optimizer.zero_grad()` on every training step
//
// #### Avoid overfitting by:
//
// - Regularization
// - Early stopping
//
// *The recap below runs last lecture's training loop, which needs what last lecture built: SST-2
// stemmed and counted into bag-of-words rows, its `Dataset` and `DataLoader`s, and the logistic
// regression model with its optimizer. This cell makes them as last lecture did (the later cells of
// this lecture use them too).*

// %%
const { train: train_df, validation: dev_df } = text.load_sst2();  // pd.read_csv of train.tsv and dev.tsv
const stemmer = new text.PorterStemmer();
const preprocess = (sentence: string) => sentence.trim().split(/\s+/).map((token) => stemmer.stem(token)).join(' ');
train_df.set('preprocessed', train_df.get('sentence').map((s) => preprocess(String(s))));
dev_df.set('preprocessed', dev_df.get('sentence').map((s) => preprocess(String(s))));

const vectorizer = new text.CountVectorizer();
const train_X = vectorizer.fit_transform(train_df.get('preprocessed'));
const dev_X = vectorizer.transform(dev_df.get('preprocessed'));

type Batch = { y: torch.Tensor; X: torch.Tensor };
class SST2Dataset extends torch.utils.data.Dataset<Batch> {
  y: torch.Tensor;
  X: text.csr_matrix;
  constructor(labels: text.Series, sparse_count_matrix: text.csr_matrix) {
    super();
    this.y = torch.tensor(labels.tolist() as number[], { dtype: torch.int64 });
    this.X = sparse_count_matrix;
  }
  __len__() {
    return this.y.shape[0];
  }
  __getitem__(idx: number) {
    return { y: this.y[idx], X: torch.Tensor(this.X.getrow(idx).todense().index(0)) };
  }
}
const train_dataset = new SST2Dataset(train_df.get('label'), train_X);
const dev_dataset = new SST2Dataset(dev_df.get('label'), dev_X);

let batch_size = 16;
let train_dataloader = new torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
let dev_dataloader = new torch.utils.data.DataLoader(dev_dataset, { batch_size: batch_size, shuffle: false });

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
    return { py_logits: py_logits, py_probs: py_probs, py: py, loss: loss };
  }
}
let our_model: nn.Module = new BinaryLogisticRegression(train_X.shape[1]);
let optimizer: torch.optim.Optimizer = new torch.optim.Adam(our_model.parameters(), { lr: 0.01 });
let num_epochs = 2;

const { accuracy_score } = text;  // from sklearn.metrics import accuracy_score
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;  // np.mean

// %% id="recap"
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
  print(`Epoch train accuracy:${format(accuracy_score(train_ys, train_pys), '.3f')}`);

  const dev_pys: number[] = [];
  const dev_ys: number[] = [];
  for (const dev_batch of dev_dataloader) {
    torch.no_grad(() => {
      const dev_output = our_model(dev_batch);
      dev_ys.push(...dev_batch['y'].tolist());
      dev_pys.push(...dev_output['py'].tolist());
    });
  }
  print(`Epoch dev accuracy:${format(accuracy_score(dev_ys, dev_pys), '.3f')}`);
}

// %% [markdown]
// ## Feedforward neural nets
//
// We've been working with models that look like this (one layer of weights from the input to the
// output), but what about models that look like this, or like this, or... *(the lecture's diagrams
// of networks with hidden layers are not reproduced)*
//
// AKA "Multi-layer perceptron" (MLP)
//
// Composed of multiple layers of parameters of size [input size x output size]
//
// Original input tensor gets passed through layers one by one
//
// Easy to express as a series of linear algebra matrix multiplications
//
// ### Why use FFNs?
//
// By mixing and mashing the input values together, feedforward neural nets can learn more
// complicated functions for mapping the input X to the output $\hat{y}$
//
// - Example: XOR logical function
//
// More generally, FFNs can model **interactions** between features
//
// - E.g, "'Jerk' is usually predictive of toxicity, but not if the word 'chicken' is present."
//
// Neural nets being able to model nonlinear functions is why they outperform other methods
//
// If you can get the training to work
//
// <https://en.wikipedia.org/wiki/Feedforward_neural_network>
//
// (Perceptron; Output; $z = XOR(x, y)$)
//
// More layers is the "deep" in "deep learning"
//
// ### Gradients for FFNs
//
// It's relatively straightforward to calculate loss-parameter gradients for linear functions,
// because they decompose nicely into individual pieces that we can consider one at a time
//
// $$\hat{y} = \sigma(W_0 X_0 + W_1 X_1 + W_2 X_2 + \dots + W_N X_N + b)$$
//
// $$\frac{\partial \hat{y}}{\partial W_0} = \frac{d}{\partial W_0} \, \sigma(W_0 X_0)$$
//
// ### Gradients for FFNs
//
// But what about when everything now depends on everything?
//
// ## Backpropagation
//
// Algorithm for **propagating** gradients backward from the end of a neural net to the beginning
//
// Makes use of the chain rule:
// $$\frac{dz}{dx} = \frac{dz}{dy} \cdot \frac{dy}{dx}$$
//
// $$\frac{\partial \hat{y}}{\partial W_{00}^{0}} = \frac{\partial \hat{y}}{\partial O_{0}} \frac{\partial O_{0}}{\partial W_{00}^{0}} + \frac{\partial \hat{y}}{\partial O_{0}} \frac{\partial O_{0}}{\partial W_{00}^{0}}
// = \frac{\partial \hat{y}}{\partial O_{0}} \left( \frac{\partial O_{0}}{\partial W_{00}^{1}} \frac{\partial W_{00}^{1}}{\partial W_{00}^{0}} + \frac{\partial O_{0}}{\partial W_{10}^{1}} \frac{\partial W_{10}^{1}}{\partial W_{00}^{0}} + \frac{\partial O_{0}}{\partial W_{00}^{1}} \frac{\partial W_{10}^{1}}{\partial W_{00}^{0}} + \frac{\partial O_{0}}{\partial W_{00}^{1}} \frac{\partial W_{20}^{1}}{\partial W_{00}^{0}} + \cdots \right)$$
//
// ## Backpropagation
//
// #### Key things to remember:
//
// - Feedforward neural nets become math spaghetti... but they are still ultimately differentiable
// - Backpropagation traces the spaghetti from the top to the bottom to figure out
//   $\frac{\partial \hat{y}}{\partial w}$ for any arbitrary parameter w
// - Pytorch does all the heavy lifting for you when you call `loss.backward()`
// - **BUT:** the deeper down the parameter, the weaker the gradients are
//   - So training tends to hit top-level layers harder than bottom-level layers
//
// ## Auto-differentiation in PyTorch
//
// #### PyTorch implements backpropagation by:
//
// - Tracking layer-to-layer gradients as operations are performed in the neural net
// - Applying backpropagation algorithm to obtain layer-to-loss gradients when you call
//   `loss.backward()`
//
// #### And these gradients get stored in GPU memory!!!!!!
//
// Major source of memory leaks in PyTorch
//
// #### This is why it is important to:
//
// - Wrap PyTorch operations in `with torch.no_grad()` when you aren't going to do training
// - Zero the existing gradients before each training step

// %% [markdown]
// ## GPU operations on tensors

// %% id="cuda_available"
// This is how you check if there's a GPU available:
// You can make one available in Runtime --> Change runtime type --> Hardware accelerator --> GPU
torch.cuda.is_available()

// %% [markdown]
// *Without a GPU, `gt` below stays the CPU tensor `t` (the lecture's cell leaves it undefined), so
// the two cells after it run without the errors they show on a GPU machine.*

// %% id="rand"
// This defines a random 1000x1000 tensor
const t = torch.rand([1000, 1000]);

display(t);

// This switches the tensor onto the GPU if it is available
let gt = t;
if (torch.cuda.is_available()) {
  gt = t.cuda();
  display(gt);
}

// %% id="numpy_error"
// You can't convert a tensor back to numpy until you move it back to CPU
try {
  const n_gt = gt.numpy();
} catch (ex) {
  print(ex);
}

// %% id="device_error"
// And you can't perform operations between tensors on different devices
try {
  const m_t = t * gt;
} catch (ex) {
  print(ex);
}

// %% [markdown]
// *`endtime - starttime` is `endtime.sub(starttime)`, a `timedelta` that prints as Python's does.*

// %% id="benchmark_cpu"
// We can see the effect of GPU if we do a little benchmarking, by repeating
// an expensive operation over and over again
let starttime = datetime.now();
let calc_t = t;
for (let i = 0; i < 300; i++) {
  calc_t = torch.nn.functional.normalize(torch.matmul(calc_t, calc_t), { dim: 1 });
}
let endtime = datetime.now();
print('Elapsed time:', endtime.sub(starttime));
display(calc_t);

// %% id="benchmark_gpu"
// We can see the savings when we do this via GPU
if (torch.cuda.is_available()) {
  starttime = datetime.now();
  calc_t = t.cuda();
  for (let i = 0; i < 300; i++) {
    calc_t = torch.nn.functional.normalize(torch.matmul(calc_t, calc_t), { dim: 1 });
  }
  endtime = datetime.now();
  print('Elapsed time:', endtime.sub(starttime));
  display(calc_t);
}

// %% [markdown]
// ## A feedforward classifier

// %%
class FeedForwardClassifier extends torch.nn.Module {
  layer_0: nn.Linear;
  layer_1: nn.Linear;
  layer_2: nn.Linear;
  output_layer: nn.Linear;
  softmax: nn.Softmax;
  constructor(vocab_size: number, num_classes = 2) {

    super();
    this.layer_0 = new torch.nn.Linear(vocab_size, 100);
    this.layer_1 = new torch.nn.Linear(100, 100);
    this.layer_2 = new torch.nn.Linear(100, 100);
    this.output_layer = new torch.nn.Linear(100, num_classes, { bias: true });
    this.softmax = new torch.nn.Softmax({ dim: 1 });
  }

  forward({ X, y }: Batch) {
    const intermediate_0 = this.layer_0(X);  // (batch size, 100)
    const intermediate_1 = this.layer_1(intermediate_0);  // (batch size, 100)
    const intermediate_2 = this.layer_2(intermediate_1);  // (batch size, 100)
    const py_logits = this.output_layer(intermediate_2);  // (batch size, num classes)
    const py_probs = this.softmax(py_logits);  // (batch size, num_classes)
    const py = torch.argmax(py_probs, { dim: 1 });
    const loss = torch.nn.functional.cross_entropy(py_logits, y, { reduction: 'mean' });
    return {
      py_logits: py_logits,
      py_probs: py_probs,
      py: py,
      loss: loss,
    };
  }
}

// %% id="ffn_model"
// Again we can instantiate the model and look at it
let vocab_size = train_X.shape[1];  // We need to know this in order to set up the model
our_model = new FeedForwardClassifier(vocab_size, 2);  // FeedForwardClassifier(vocab_size=vocab_size, num_classes=2)
// Displaying the model will show its layers
display(our_model);

// %% [markdown]
// ## Manual training loop with GPU
//
// *`our_model.cuda()` and the helpers' `.cuda()` need a GPU (PyTorch and torchlab refuse them without
// one), so they move things to the GPU only where `torch.cuda.is_available()`.*

// %%
const learning_rate = 0.001;

// Scoot the model onto GPU
if (torch.cuda.is_available()) our_model.cuda();  // This operation is in-place for PyTorch Modules but not for tensors

// It was important to do that before making the optimizer
optimizer = new torch.optim.Adam(our_model.parameters(), { lr: learning_rate });

num_epochs = 1;

// %%
// I will remake the dataloaders with a bigger batch size for speed
batch_size = 32;
train_dataloader = new torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
dev_dataloader = new torch.utils.data.DataLoader(dev_dataset, { batch_size: batch_size, shuffle: false });

// %%
// And I have to define a couple helper functions to move a dictionary of tensors on/off GPU
// from typing import Dict: a Record<string, torch.Tensor> here

function to_gpu<T extends Record<string, torch.Tensor>>(d: T): T {
  return Object.fromEntries(Object.entries(d).map(([key, value]) =>
    [key, torch.cuda.is_available() ? value.cuda() : value])) as T;
}

function to_cpu<T extends Record<string, torch.Tensor>>(d: T): T {
  return Object.fromEntries(Object.entries(d).map(([key, value]) => [key, value.cpu()])) as T;
}

// %% [markdown]
// ## Manual training loop with GPU
//
// *The cell above sets `num_epochs = 1`, but the output the lecture shows has two epochs; the loop
// runs two here, as that output does.*

// %% id="ffn_training"
// from sklearn.metrics import accuracy_score (above)
num_epochs = 2;
for (let epoch_num = 0; epoch_num < num_epochs; epoch_num++) {

  print(`\nEpoch ${epoch_num}`);
  const train_losses: number[] = [];
  const train_pys: number[] = [];
  const train_ys: number[] = [];
  let dev_pys: number[] = [];
  let dev_ys: number[] = [];
  for (const [step_num, train_batch] of enumerate(train_dataloader)) {
    optimizer.zero_grad();
    const train_output = to_cpu(our_model(to_gpu(train_batch)));
    const train_loss = train_output['loss'];
    if (step_num > 0 && step_num % 500 === 0) {
      print(`\tStep ${step_num} mean training loss: ${format(mean(train_losses.slice(-500)), '.3f')}`);

      // Dev set evaluation
      dev_pys = [];
      dev_ys = [];
      for (const dev_batch of dev_dataloader) {
        torch.no_grad(() => {
          const dev_output = to_cpu(our_model(to_gpu(dev_batch)));
          dev_ys.push(...dev_batch['y'].tolist());
          dev_pys.push(...dev_output['py'].tolist());
        });
      }
      print(`\tDev accuracy:${format(accuracy_score(dev_ys, dev_pys), '.3f')}`);
    }

    train_losses.push(train_loss.item());
    train_ys.push(...train_batch['y'].tolist());
    train_pys.push(...train_output['py'].tolist());
    train_loss.backward();
    optimizer.step();
  }
  print(`Mean train loss: ${format(mean(train_losses), '.3f')}`);
  print(`Train accuracy:${format(accuracy_score(train_ys, train_pys), '.3f')}`);
  print(`Dev accuracy:${format(accuracy_score(dev_ys, dev_pys), '.3f')}`);
}

// %% [markdown]
// ## Pytorch Lightning
//
// My screwup with `optimizer.zero_grad()`—unintentional lesson on the dangers of writing your own
// training loop
//
// **Pytorch Lightning:** prefabricated training loops for PyTorch models
//
// Requires slightly more complicated model code, but makes training loop one line
//
// Two key elements:
//
// - **LightningModule** all models have to extend this
// - Trainer used to run the training loop
//
// ## LightningModule
//
// Subclass of torch.nn.Module
//
// #### **Includes:**
//
// - `__init__()`: defines structure
// - `forward()`: passes input through model to make output
// - Trainer hooks: get called by the Trainer object at different points in the training
//   - `configure_optimizers()`: initializes optimizer(s)
//   - `training_step()`: calculates training loss and returns it to Trainer
//   - `train_epoch_end()`: called at end of training epoch for e.g. calculating accuracy
//   - `validation_step()`: calculates validation loss and returns it to Trainer
//   - `validation_epoch_end()`: called at end of validation epoch
//   - ...and tons more: <https://pytorch-lightning.readthedocs.io/en/stable/starter/introduction.html>

// %% [markdown]
// ## LightningModule model
//
// *The slide starts at line 4: its first lines are the imports, `import pytorch_lightning as pl`
// (`pl` is preloaded) and `from torchmetrics import Accuracy`. `**kwargs`, passed on to
// `LightningModule`, is left out: nothing passes any. The layers are kept in the plain list
// `self.layers` for `forward`; they are registered by their own attributes (`layer_0`...), as in
// PyTorch, which registers no module held in a list. The class continues on the next slide
// (`configure_optimizers` and the Trainer's hooks); it is one cell here.*

// %% id="lightning_module"
const { Accuracy } = torchmetrics;  // from torchmetrics import Accuracy

class PLFeedForwardClassifier extends pl.LightningModule {
  layer_0: nn.Linear;
  layer_1: nn.Linear;
  layer_2: nn.Linear;
  layers: nn.Linear[];
  output_layer: nn.Linear;
  learning_rate: number;
  train_accuracy: torchmetrics.BinaryAccuracy;
  val_accuracy: torchmetrics.BinaryAccuracy;
  constructor(vocab_size: number, num_classes = 2, learning_rate = 1e-3) {
    super();
    this.layer_0 = new torch.nn.Linear(vocab_size, 100);
    this.layer_1 = new torch.nn.Linear(100, 100);
    this.layer_2 = new torch.nn.Linear(100, 100);
    this.layers = [this.layer_0, this.layer_1, this.layer_2];
    this.output_layer = new torch.nn.Linear(100, num_classes, { bias: true });
    this.learning_rate = learning_rate;
    this.train_accuracy = Accuracy({ task: 'binary' });
    this.val_accuracy = Accuracy({ task: 'binary' });
  }

  forward({ X, y }: Batch) {
    let intermediate = X;
    for (const layer of this.layers) {
      intermediate = layer(intermediate);
    }
    const py_logits = this.output_layer(intermediate);

    const py_probs = torch.nn.functional.softmax(py_logits, { dim: 1 });
    const py = torch.argmax(py_logits, { dim: 1 });
    const loss = torch.nn.functional.cross_entropy(py_logits, y, { reduction: 'mean' });
    return {
      py_probs: py_probs,
      py: py,
      loss: loss,
    };
  }

  configure_optimizers() {
    return [new torch.optim.Adam(this.parameters(), { lr: this.learning_rate })];
  }

  training_step(batch: Batch, batch_idx: number) {
    const result = this.forward(batch);  // self.forward(**batch)
    const loss = result['loss'];
    this.log('train loss', result['loss']);
    this.train_accuracy.update(result['py'], batch['y']);
    return loss;
  }

  training_epoch_end(outs: unknown[]) {
    this.log('train accuracy', this.train_accuracy);
    print('Training accuracy:', this.train_accuracy.compute());
  }

  validation_step(batch: Batch, batch_idx: number) {
    const result = this.forward(batch);
    this.val_accuracy(result['py'], batch['y']);
    return result['loss'];
  }

  validation_epoch_end(outs: unknown[]) {
    this.log('val_accuracy', this.val_accuracy);
    print('Validation accuracy:', this.val_accuracy.compute());
  }
}

// %% [markdown]
// ### Trainer
//
// Pytorch Lightning Trainer is an object that takes in a LightningModule and a couple of PyTorch
// DataLoaders (train and validation), and trains the LightningModule
//
// Hugely powerful, tons of functionality:
//
// - Early stopping
// - Logging
// - Different dev set evaluation intervals (every 0.25 epochs, every 500 steps, etc.)
// - GPU vs CPU
// - ...and so on. You definitely want to check out the docs if you are going to use PL
//
// <https://pytorch-lightning.readthedocs.io/en/stable/common/trainer.html>
//
// ### Trainer

// %%
const { Trainer } = pl;  // from pytorch_lightning import Trainer
const { TQDMProgressBar } = pl.callbacks;  // from pytorch_lightning.callbacks.progress import TQDMProgressBar

// %% [markdown]
// *The slide's next cell, which makes the model and the Trainer, is blank in the lecture's text.
// What its output shows fixes the Trainer's settings: one epoch (`max_epochs=1` reached), a
// validation every quarter epoch (four validations; 2217 = 2105 training + 4 x 28 validation
// batches), a progress bar; the accelerator is Lightning's default, the GPU when there is one.*

// %%
const pl_model = new PLFeedForwardClassifier(vocab_size);  // PLFeedForwardClassifier(vocab_size=vocab_size)
const trainer = new Trainer({
  max_epochs: 1, val_check_interval: 0.25, callbacks: [new TQDMProgressBar({ refresh_rate: 20 })],
});

// %% id="lightning_fit"
// And then actually fitting the model is one line
trainer.fit(pl_model, {
  train_dataloaders: train_dataloader,
  val_dataloaders: dev_dataloader,  // I know I'm being inconsistent with val vs. dev
});


// %% [markdown]
// ## Intermediate representations
//
// Consider what properties h0 and h1 must have... *(the lecture's diagram is not reproduced)*
//
// ## Concluding thoughts
//
// Feedforward neural nets
//
// Backpropagation
//
// GPU operations on tensors
//
// Training on GPU
//
// Pytorch Lightning
//
// - LightningModule
// - Trainer
