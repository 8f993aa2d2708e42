// %% [markdown]
// # CSCI 544: Applied Natural Language Processing
//
// Mohammad Rostami, USC Computer Science Department
//
// Primarily based on slides prepared by I-Hung Hsu
//
// *The lecture's code in TypeScript with torchlab: `torch`, `nn`, `optim` and Python's `print` are
// preloaded in every cell. Python's keyword arguments become a last options object
// (`torch.optim.Adam(model.parameters(), { lr: lr })`), Python's operators work on tensors
// (`(y_pred - y).pow(2)`, `grad_h[h < 0] = 0`, `w1 -= ...`), and
// `with torch.no_grad():` becomes `torch.no_grad(() => { ... })`.*

// %%
// Not in the lecture: the random generator is seeded, so that this notebook's outputs are
// reproducible and can be checked against PyTorch's.
torch.manual_seed(0);

// %% [markdown]
// ## Logistical Notes
//
// - **Project:**
//   - 259 students: 52 groups with one group with 4 members
//   - 14 unassigned students
//   - Proposal deadline: 3 weeks
// - **Written Assignment:**
//   - Start peer grading soon after the deadline
//
// ## PYTORCH
//
// - It's a python-based scientific computing package
// - A library that helps using the power of GPUs
// - Why popular?
// - PyTorch vs TensorFlow
//
// ## Installation
//
// - Follow instructions in <https://pytorch.org/get-started/locally/>
//
// | PyTorch Build | Stable (1.9.0) | Preview (Nightly) | LTS (1.8.2) | |
// |---|---|---|---|---|
// | Your OS | Linux | Mac | Windows | |
// | Package | Conda | Pip | LibTorch | Source |
// | Language | Python | C++ / Java | | |
// | Compute Platform | CUDA 10.2 | CUDA 11.1 | ROCm 4.2 (beta) | CPU |
// | Run this Command: | `conda install pytorch torchvision torchaudio cudatoolkit=10.2 -c pytorch` | | | |
//
// *Here the torchlab kernel is the installation: pick "TypeScript (torchlab)" in Jupyter.*

// %% [markdown]
// ## PyTorch
//
// PyTorch data structure format
//
// - Tensor: similar to Numpy array but runs on GPU or other hardware accelerators.
// - (Trainable) Tensor: stores data and gradient and can be considered similar to a variable
//
//   $$y = \beta^T x$$
//
// - Module: A neural network layer; may store state or learnable weights
//
// ## Tensors vs Numpy Arrays
//
// PyTorch Tensors are just like numpy arrays, but they can run on GPU.
//
// Can have high dimensions
//
// Tensor operations: `x.mm()`, `torch.add(x,y)`, etc
//
// Numpy Conversion: `x.numpy()`
//
// ## Example
//
// Here a two-layer net is trained using PyTorch Tensors.
//
// - Forward Pass
//
//   $$\mathcal{L} = \|y - \hat{y}\|_2^2$$
//
//   $$y = W_2^T \text{ReLU}(W_1^T x)$$
//
// - Backword Pass
//
//   $$W^{i+1} = W^i - \eta \frac{d\mathcal{L}}{dW^i}$$
//   $$\frac{d\mathcal{L}}{dW_2} = 2(y - \hat{y}) \frac{d\hat{y}}{dW_2}$$

// %% [markdown]
// ## Optimization with Tensors
//
// Create random tensor for data and weight
//
// Tensor can also be loaded by:
//
// 1\. Load from data (list)

// %% id="from_data"
const data = [[1, 2], [3, 4]];
const x_data = torch.tensor(data);
x_data

// %% [markdown]
// 2\. From Numpy array
//
// *numpy is not part of torchlab: `np.array(data)` is stood for by the NumPy view of the tensor
// above (`x_data.numpy()`, what PyTorch's `Tensor.numpy()` gives), and `torch.from_numpy` turns it
// back into a tensor that shares its memory.*

// %% id="from_numpy"
const np_array = x_data.numpy();  // np_array = np.array(data)
const x_np = torch.from_numpy(np_array);
x_np

// %% [markdown]
// 3\. From another tensor
//
// *The slide repeats the numpy code under this heading. The list follows PyTorch's "Tensors"
// tutorial, whose code for it is this:*

// %% id="from_tensor"
const x_ones = torch.ones_like(x_data);  // retains the properties of x_data
print(`Ones Tensor: \n ${x_ones} \n`);

const x_rand = torch.rand_like(x_data, { dtype: torch.float });  // overrides the datatype of x_data
print(`Random Tensor: \n ${x_rand} \n`);

// %% [markdown]
// *The lecture casts every tensor to `torch.cuda.FloatTensor`, which a machine without a GPU
// refuses (`Torch not compiled with CUDA enabled`, as in PyTorch); here the type is the CUDA one
// where `torch.cuda.is_available()`, else `torch.FloatTensor`.*

// %%
// import torch (preloaded)

const dtype = torch.cuda.is_available() ? 'torch.cuda.FloatTensor' : 'torch.FloatTensor';  // dtype = torch.cuda.FloatTensor
const [N, D_in, H, D_out] = [64, 1000, 100, 10];
let x = torch.randn(N, D_in).type(dtype);
let y = torch.randn(N, D_out).type(dtype);
let w1 = torch.randn(D_in, H).type(dtype);
let w2 = torch.randn(H, D_out).type(dtype);

// %% [markdown]
// *Not in the lecture: the loss is printed every 100 steps, as PyTorch's "Learning PyTorch with
// Examples" tutorial (where this code comes from) prints it.*

// %% id="manual_gradients"
let lr = 1e-6;
for (let t = 0; t < 500; t++) {
  const h = x.mm(w1);
  const h_relu = h.clamp({ min: 0 });
  const y_pred = h_relu.mm(w2);
  const loss = (y_pred - y).pow(2).sum();
  if (t % 100 === 99) print(t, loss.item());

  const grad_y_pred = 2.0 * (y_pred - y);
  const grad_w2 = h_relu.t().mm(grad_y_pred);
  const grad_h_relu = grad_y_pred.mm(w2.t());
  const grad_h = grad_h_relu.clone();
  grad_h[h < 0] = 0;
  const grad_w1 = x.t().mm(grad_h);

  w1 -= lr * grad_w1;
  w2 -= lr * grad_w2;
}

// %% [markdown]
// ## Optimization with Tensors
//
// Forward pass: compute predictions and loss
//
// ```python
// for t in range(500):
//     h = x.mm(w1)
//     h_relu = h.clamp(min=0)
//     y_pred = h_relu.mm(w2)
//     loss = (y_pred-y).pow(2).sum()
// ```
//
// ## Optimization with Tensors
//
// Backward pass: manually computed gradients *if you don't have autograd.*
//
// ```python
//     grad_y_pred = 2.0 * (y_pred-y)
//     grad_w2 = h_relu.t().mm(grad_y_pred)
//     grad_h_relu = grad_y_pred.mm(w2.t())
//     grad_h = grad_h_relu.clone()
//     grad_h[h < 0] = 0
//     grad_w1 = x.t().mm(grad_h)
// ```
//
// ## Optimization with Tensors
//
// Optimization: Gradient descent step on weights
//
// ```python
//     w1 -= lr*grad_w1
//     w2 -= lr*grad_w2
// ```
//
// ## Optimization with Tensors
//
// To run on GPU, just cast tensors to a cuda datatype
//
// ```python
// dtype = torch.cuda.FloatTensor
// ```
//
// *(These four slides show the listing above again, each highlighting the part quoted here; the
// cells above run it once.)*

// %% [markdown]
// ## Autograd
//
// The previous process:
//
// - Slow
// - Gradient is hard to compute when model becomes more complex
//
// => **This is a primary reason for popularity of PyTorch**
//
// Trainable Tensors:
//
// Set "required_grad" to True to enable torch.autograd
//
// ## Optimization with Autograd
//
// We set the weights' "requires_grad" to be True

// %%
x = torch.randn(N, D_in).type(dtype);
y = torch.randn(N, D_out).type(dtype);
w1 = torch.randn(D_in, H).type(dtype);
w2 = torch.randn(H, D_out).type(dtype);

const w3 = w1.detach().clone();
w3.requires_grad = true;
// To initialize, you can use:
// w3 = torch.randn(D_in, H, { requires_grad: true }).type(dtype)

const w4 = w2.detach().clone();
w4.requires_grad = true;

// %% [markdown]
// ## Optimization with Autograd
//
// Forward pass looks exactly the same as the Tensor/Numpy version.

// %% id="autograd"
lr = 1e-6;
for (let t = 0; t < 500; t++) {
  const y_pred2 = x.mm(w3).clamp({ min: 0 }).mm(w4);
  const loss = (y_pred2 - y).pow(2).sum();
  if (t % 100 === 99) print(t, loss.item());

  loss.backward();

  torch.no_grad(() => {
    w3 -= lr * w3.grad!;
    w4 -= lr * w4.grad!;
  });

  w3.grad!.zero_();
  w4.grad!.zero_();
}

// %% [markdown]
// ## Optimization with Autograd
//
// But the gradient of loss with respect to w_3 and w_4 can be done by a simple one-line code:
// `loss.backward()` replaces
//
// ```python
// grad_y_pred = 2.0 * (y_pred-y)
// grad_w2 = h_relu.t().mm(grad_y_pred)
// grad_h_relu = grad_y_pred.mm(w2.t())
// grad_h = grad_h_relu.clone()
// grad_h[h < 0] = 0
// grad_w1 = x.t().mm(grad_h)
// ```
//
// ## Optimization with Autograd
//
// Make gradient step on weights.
//
// What's `torch.no_grad()`?
//
// - We need to use `NO_GRAD` to keep the update out of the gradient computation
// - Why is that? It boils down to the DYNAMIC GRAPH that PyTorch uses.
//
// ## Optimization with Autograd
//
// grad.zero()?
//
// - After each gradient descent step, we should restart from zero
// - Why is that? Gradients are accumulated
//
// *(These three slides show the loop above again, highlighting `loss.backward()`, the
// `torch.no_grad()` block and the two `grad.zero_()` calls.)*

// %% [markdown]
// ## New Autograd Functions
//
// We can define our own autograd functions by writing forward and backward for Tensors
//
// *In TypeScript, `@staticmethod def forward(ctx, x)` is a `static forward(ctx, x)` method;
// `x, = ctx.saved_tensors` is `const [x] = ctx.saved_tensors`.*

// %%
class ReLU extends torch.autograd.Function {

  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
    ctx.save_for_backward(x);
    return x.clamp({ min: 0 });
  }

  static backward(ctx: torch.autograd.FunctionCtx, grad_y: torch.Tensor) {
    const [x] = ctx.saved_tensors;
    const grad_input = grad_y.clone();
    grad_input[x < 0] = 0;
    return grad_input;
  }
}

// %% [markdown]
// We then apply our new function in the forward pass.
//
// *The slide uses weights `w5` and `w6` that it does not create; they are made here as `w3` and
// `w4` were, from `w1` and `w2`.*

// %% id="custom_function"
const w5 = w1.detach().clone();
w5.requires_grad = true;
const w6 = w2.detach().clone();
w6.requires_grad = true;

lr = 1e-6;
for (let t = 0; t < 500; t++) {
  const y_pred3 = ReLU.apply(x.mm(w5)).mm(w6);
  const loss = (y_pred3 - y).pow(2).sum();
  if (t % 100 === 99) print(t, loss.item());
  loss.backward();
  torch.no_grad(() => {
    w5 -= lr * w5.grad!;
    w6 -= lr * w6.grad!;
  });
  w5.grad!.zero_();
  w6.grad!.zero_();
}

// %% [markdown]
// ## Networks: torch.nn
//
// - High-level wrapper for creating neural networks
// - This is another reason behind popularity of PyTorch and TensorFlow
// - Various classes of neural networks can be built using built-in modules, e.g., CNN, RNN, LSTM,
//   transformers, etc
// - A diverse set of hyperparameters are built-in implemented, e.g., various activation function,
//   loss functions, etc.
//
// ## torch.nn
//
// Define our model as a sequence of layers
//
// NN also can be used for common loss functions
//
// *`model.cuda()` moves the model where there is a GPU; without one PyTorch (and torchlab) refuses
// it, so it is called only when `torch.cuda.is_available()`.*

// %% id="nn_sequential"
// import torch (preloaded)

x = torch.randn(N, D_in).type(dtype);
y = torch.randn(N, D_out).type(dtype);

let model: nn.Module = new torch.nn.Sequential(
  new torch.nn.Linear(D_in, H),
  new torch.nn.ReLU(),
  new torch.nn.Linear(H, D_out),
);
if (torch.cuda.is_available()) model.cuda();

let loss_fn = new torch.nn.MSELoss({ reduction: 'sum' });

function weights_init(m: nn.Module) {
  if (m instanceof torch.nn.Linear) {
    torch.nn.init.zeros_(m.weight);
    torch.nn.init.ones_(m.bias!);
  }
}

model.apply(weights_init);
print(model);

lr = 1e-6;

for (let t = 0; t < 500; t++) {
  const y_pred = model(x);
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) print(t, loss.item());

  model.zero_grad();
  loss.backward();

  torch.no_grad(() => {
    for (const param of model.parameters()) {
      param.data -= lr * param.grad!.data;
    }
  });
}

// %% [markdown]
// ## torch.nn
//
// Forward pass:
//
// - Feed data to model
// - Use prediction to and ground truth to get loss function
//
// ```python
// for t in range(500):
//     y_pred = model(x)
//     loss = loss_fn(y_pred, y)
// ```
//
// ## torch.nn
//
// Pytorch generates autograd easily
//
// We should use `model.zero_grad()` to clear all gradients for the parameters in the model
//
// ```python
//     model.zero_grad()
//     loss.backward()
// ```
//
// ## Optimizer
//
// Make gradient step on each model parameter.
//
// Question:
//
// - How can we apply more advanced rules for updating
//
// ```python
//     with torch.no_grad():
//         for param in model.parameters():
//             param.data -= lr * param.grad.data
// ```
//
// *(These three slides show the listing above again, each highlighting the part quoted here.)*

// %% [markdown]
// ## Optimizer
//
// Call nn.optim package, which contains various advanced optimizer other than SGD.
//
// Now, all the parameters can be updated via one-line code.

// %% id="optimizer"
let optimizer: torch.optim.Optimizer = new torch.optim.Adam(model.parameters(), { lr: lr });
for (let t = 0; t < 500; t++) {
  const y_pred = model(x);
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) print(t, loss.item());

  // model.zero_grad()
  optimizer.zero_grad();
  loss.backward();

  optimizer.step();
}
// with torch.no_grad():
//     for param in model.parameters():
//         param.data -= lr * param.grad.data

// %% [markdown]
// ## Define new modules
//
// Pytorch **Module** is a neural network layer, it can contain weights or other modules.
//
// *In TypeScript `__init__` is the `constructor`, which calls `super()` first.*

// %% id="two_layer_mlp"
class TwoLayerMLP extends torch.nn.Module {
  linear1: nn.Linear;
  linear2: nn.Linear;
  constructor(D_in: number, H: number, D_out: number) {
    super();
    this.linear1 = new torch.nn.Linear(D_in, H);
    this.linear2 = new torch.nn.Linear(H, D_out);
    this.weight_init();
  }

  weight_init() {
    torch.nn.init.zeros_(this.linear1.weight);
    torch.nn.init.zeros_(this.linear2.weight);
    torch.nn.init.ones_(this.linear1.bias!);
    torch.nn.init.ones_(this.linear2.bias!);
  }

  forward(x: torch.Tensor) {
    const h_relu = this.linear1(x).clamp({ min: 0 });
    const y_pred = this.linear2(h_relu);
    return y_pred;
  }
}

model = new TwoLayerMLP(D_in, H, D_out);
if (torch.cuda.is_available()) model.cuda();
print(model);
loss_fn = new torch.nn.MSELoss({ reduction: 'sum' });
lr = 1e-6;

optimizer = new torch.optim.Adam(model.parameters(), { lr: lr });
for (let t = 0; t < 500; t++) {
  const y_pred = model(x);
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) print(t, loss.item());

  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
}

// %% [markdown]
// ## DataLoaders
//
// A **DataLoader** wraps a **Dataset** and provides minibatching, multithreading, etc.
//
// When you need to load custom data, just **write your own Dataset class**
//
// *Each sample is a file saved with `torch.save`; `torch.load` reads it back (PyTorch's own file
// format, so files from Python's `torch.save` load too).*

// %%
// import torch (preloaded)
const { data } = torch.utils;  // from torch.utils import data

class Dataset extends data.Dataset<[torch.Tensor, number]> {
  // 'Characterizes a dataset for PyTorch'
  labels: Record<string, number>;
  list_IDs: string[];
  constructor(list_IDs: string[], labels: Record<string, number>) {
    // 'Initialization'
    super();
    this.labels = labels;
    this.list_IDs = list_IDs;
  }

  __len__() {
    // 'Denotes the total number of samples'
    return this.list_IDs.length;
  }

  __getitem__(index: number): [torch.Tensor, number] {
    // 'Generates one sample of data'
    // Select sample
    const ID = this.list_IDs[index];

    // Load data and get label
    const X = torch.load('data/' + ID + '.pt');
    const y = this.labels[ID];

    return tuple(X, y);
  }
}

// %% [markdown]
// ## (Mini)batching
//
// All your training data: a standard for loop goes through it one example at a time; (mini)
// batching goes through it a batch at a time. *(The slide's figures are not reproduced.)*
//
// ## Adapt Dataset to DataLoaders
//
// *The slide leaves the IDs and labels as comments (`partition = # IDs`, `labels = # Labels`) and
// uses a `device` it does not define. They are filled in here as in the tutorial this code comes
// from (Stanford's "A detailed example of how to generate your data in parallel with PyTorch"),
// and the four samples are written first with `torch.save`.*

// %% id="saved_samples"
// Not in the lecture: the files the Dataset reads, data/<ID>.pt
import * as fs from 'fs';
fs.mkdirSync('data', { recursive: true });
for (const ID of ['id-1', 'id-2', 'id-3', 'id-4']) torch.save(torch.randn(3), 'data/' + ID + '.pt');
print(torch.load('data/id-1.pt'));

// %% id="dataloader_params"
// CUDA for PyTorch (from the tutorial)
const use_cuda = torch.cuda.is_available();
const device = torch.device(use_cuda ? 'cuda:0' : 'cpu');

// Parameters
const params = {
  batch_size: 64,
  shuffle: true,
  num_workers: 6,
};
const max_epochs = 100;

// Datasets
const partition = { train: ['id-1', 'id-2', 'id-3'], validation: ['id-4'] };  // IDs
const labels = { 'id-1': 0, 'id-2': 1, 'id-3': 2, 'id-4': 1 };  // Labels

// Generators
const training_set = new Dataset(partition['train'], labels);
const training_generator = new data.DataLoader(training_set, params);  // data.DataLoader(training_set, **params)

const validation_set = new Dataset(partition['validation'], labels);
const validation_generator = new data.DataLoader(validation_set, params);

// Loop over epochs
for (let epoch = 0; epoch < max_epochs; epoch++) {
  // Training
  for (let [local_batch, local_labels] of training_generator) {
    // Transfer to GPU
    [local_batch, local_labels] = [local_batch.to(device), local_labels.to(device)];

    // Model computations
    // [...]
    if (epoch === max_epochs - 1) print(local_batch, local_labels);  // not in the lecture: the last epoch's batch
  }
}

// %% [markdown]
// **DataLoader perform batching automatically**
//
// ## Summary
//
// 1. Prepare you data
//    - a. Write your own Dataset (inherit `torch.nn.util.dataset`)
// 2. Create your model
//    - a. A sequential module if your model is super easy and will not be reused.
//    - b. A `nn.Module` module
// 3. Write the loop (how many epoch/steps) to train your model:
//    - a. Create a `DataLoader` that wraps the Dataset you provide
//    - b. Set an optimizer
//    - c. Set a loss for optimization
//    - d. For loop....
//      - i. Forward pass
//      - ii. Zero-grad
//      - iii. Backward pass => Get gradient
//      - iv. Optimizer step to update your models' weight.
//
// ## Using Different Version of Data for Efficiency
//
// - Tiny-size: for debugging syntactic bug
// - Small-size: check the behavior of the model
// - Mid-size: for understanding model behavior and fast development
// - Full-size: conduct final experiments

// %% [markdown]
// ## Tensorboard
//
// - Installation: <https://pytorch.org/tutorials/recipes/recipes/tensorboard_with_pytorch.html>
//   *(torchlab writes TensorBoard's event files itself; reading them needs TensorBoard.)*
// - Create a Summary Writer

// %%
const { SummaryWriter } = torch.utils.tensorboard;  // from torch.utils.tensorboard import SummaryWriter
const writer = new SummaryWriter();

// %% [markdown]
// - During Training/Dev/Test: `writer.add_scalar("Loss/train", loss, epoch)`
//
// *The slide shows only that call; here it logs the training loop of the recipe the slide links to.*

// %% id="tensorboard"
x = torch.arange(-5, 5, 0.1).view(-1, 1);
y = -5 * x + 0.1 * torch.randn(x.size());

model = new torch.nn.Linear(1, 1);
const criterion = new torch.nn.MSELoss();
optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.1 });

function train_model(iter: number) {
  for (let epoch = 0; epoch < iter; epoch++) {
    const y1 = model(x);
    const loss = criterion(y1, y);
    writer.add_scalar('Loss/train', loss, epoch);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  }
}

train_model(10);
writer.flush();
writer.close();
// Not in the lecture: what the writer left in its log directory (runs/<date>_<host>)
print(fs.readdirSync(writer.log_dir).filter((f) => f.startsWith('events.out.tfevents.')).length, 'event file written');

// %% [markdown]
// ## End to end Examples
//
// - <https://www.analyticsvidhya.com/blog/2020/01/first-text-classification-in-pytorch/>
// - <https://towardsdatascience.com/lstm-text-classification-using-pytorch-2c6c657f8fc0>
