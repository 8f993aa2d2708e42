// %% [markdown]
// # PyTorch: (Stochastic) Gradient Descent and Neural Network
//
// Lecture 12 for 14-763/18-763
//
// Guannan Qu, Oct 09, 2024
//
// *The lecture's code in TypeScript with torchlab: `torch`, `nn`, `plt` (pyplot's functions) and
// Python's `print` are preloaded in every cell. Python's keyword arguments become a last options
// object (`torch.optim.SGD(mymodel.parameters(), { lr: 1e-3 })`), Python's operators work on
// tensors (`prediction - y`), and `x[:, None]` becomes `x[':, None']`.*

// %%
// Not in the lecture: the random generator is seeded, so that this notebook's outputs are
// reproducible and can be checked against PyTorch's.
torch.manual_seed(0);

// %% [markdown]
// *The lecture's first cells train the linear regression model of the previous lecture on its
// data; both are shown again later in this lecture (the data under "Dataset/DataLoader in PyTorch",
// the model under "Built-in Linear layer"), and are made here first so that the cells run in order.*

// %%
// import matplotlib.pyplot as plt (plt is preloaded)
const { Dataset, DataLoader } = torch.utils.data;  // from torch.utils.data import Dataset, DataLoader

let x = torch.arange(0, 10, 0.1, { dtype: torch.float });
x = x[':, None'];
let y = x*3 + torch.randn(x.shape);

class MyLinearRegressionModel extends nn.Module {
  w: nn.Parameter;
  b: nn.Parameter;
  constructor(d: number) {  // d is the dimension of the input
    super();  // call the init function
    // we usually create variables for all our model parameters (w and b in our case) in __init__
    // and need to create them as nn.Parameter so that the model knows it is an parameter that
    // needs to be trained
    this.w = new nn.Parameter(torch.zeros(1, d, { dtype: torch.float32 }));
    this.b = new nn.Parameter(torch.zeros(1, { dtype: torch.float32 }));
  }
  forward(x: torch.Tensor) {
    // The main purpose of the forward function is to specify given input x, how the output is
    // calculated.
    return torch.inner(x, this.w) + this.b;
  }
}

// %% [markdown]
// ## Gradient descent
//
// - **Forward Pass**: pass input data to get the prediction outputs by the current model, then
//   compare prediction and the actual output and compute the loss.
// - **Backward pass and compute gradient.** Note: VERY IMPORTANT to run `optimizer.zero_grad()` to
//   reset gradient to zero! Otherwise, the backward will be incorrect.
// - **Run a gradient descent on the parameters** using the computed gradient and the learning rate.

// %% id="gradient_descent"
let maxIter = 100;
let mymodel: nn.Module = new MyLinearRegressionModel(1);
// this creates a optimizer, and we tell optimizer we are optimizing the parameters in mymodel
let optimizer: torch.optim.Optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: 1e-3 });
for (let _ = 0; _ < maxIter; _++) {
  // pass input data to get the prediction outputs by the current model
  const prediction: torch.Tensor = mymodel(x);  // a module's output is typed for Python's operators

  // compare prediction and the actual output and compute the loss
  const loss = torch.mean((prediction - y)**2);

  // compute the gradient
  optimizer.zero_grad();
  loss.backward();

  // update parameters
  optimizer.step();
}
print([...mymodel.parameters()]);  // not in the lecture: the parameters GD found

// %% [markdown]
// How does these variables interact with each other?
//
// - **Model**: `mymodel = MyLinearRegressionModel(1)`; its **Model Parameters**
//   `[mymodel.w, mymodel.b]` are the parameters used to calculate forward.
// - **Optimizer**: `torch.optim.SGD(mymodel.parameters(), lr = 1e-3)` is told which parameters it
//   optimizes.
// - **Loss**: `loss.backward()` computes the gradient, which is stored in the parameters
//   (`mymodel.w.grad`, `mymodel.b.grad`).
// - `optimizer.step()`: the optimizer runs a gradient descent on the parameters using the computed
//   gradient and the learning rate.
//
// *(The lecture's slides repeat the loop above three times with these annotations.)*

// %% [markdown]
// ## Visualizing Gradient Descent
//
// *The lecture shows each run as an animation: the data with the model's line, and the training
// loss, one frame per iteration of the loop above. This is the code that draws them (not in the
// lecture), the loop above at a given learning rate, snapping the figure after each step.*

// %%
// The model's line is drawn through its predictions at the two ends of the data.
const x_ends = () => x[[0, -1]];

function gd_visualization(lr: number, maxIter = 100) {
  const mymodel = new MyLinearRegressionModel(1);
  const optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: lr });
  const [fig, [ax1, ax2]] = plt.subplots(1, 2, { figsize: [12, 4.5] });
  const camera = new plt.Camera(fig);
  const losses: number[] = [];
  for (let it = 0; it < maxIter; it++) {
    const prediction: torch.Tensor = mymodel(x);
    const loss = torch.mean((prediction - y)**2);
    losses.push(loss.item());
    fig.suptitle(`Learning rate = ${lr}, Iteration #${it}`);
    ax1.clear();
    ax1.plot(x, y, 'ro');
    ax1.plot(x_ends(), torch.no_grad(() => mymodel(x_ends())));
    ax1.legend(['data', 'model']);
    ax1.set_xlabel('x');
    ax1.set_ylabel('y');
    ax2.clear();
    ax2.semilogy(losses);
    ax2.set_title('Training loss');
    ax2.set_xlabel('Iteration');
    camera.snap(`${it}`);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  }
  return camera.animate({ interval: 100 });
}

// %% [markdown]
// ## Visualizing Gradient Descent
//
// Learning rate = 0.001

// %% id="gd_lr_0_001"
gd_visualization(0.001)

// %% [markdown]
// ## Visualizing Gradient Descent
//
// Learning rate = 0.0005 (smaller than our first trial)

// %% id="gd_lr_0_0005"
gd_visualization(0.0005)

// %% [markdown]
// ## Visualizing Gradient Descent
//
// Learning rate = 0.005 (larger than our first trial)

// %% id="gd_lr_0_005"
gd_visualization(0.005)

// %% [markdown]
// ## Visualizing Gradient Descent
//
// Learning rate = 0.025 (much larger than our first trial)

// %% id="gd_lr_0_025"
gd_visualization(0.025)

// %% [markdown]
// ## Visualizing Gradient Descent
//
// Learning rate = 0.028 (much larger than our first trial)

// %% id="gd_lr_0_028"
gd_visualization(0.028)

// %% [markdown]
// ## Visualizing Gradient Descent
//
// Learning rate = 0.03 (much larger than our first trial)

// %% id="gd_lr_0_03"
gd_visualization(0.03)

// %% [markdown]
// ## Lessons Learned on Learning Rate
//
// - Learning rate too small:
//   - Converges too slow and takes a lot of iterations
// - Learning rate too large:
//   - Exhibit unstable (oscillating) behaviors and may diverge
// - How to find a good learning rate:
//   - Find a small enough learning rate that does not diverge
//   - Increase learning rate and plot the training loss curve
//   - If the loss curve appears to be converging and "stable", can further increase
//   - If the loss curve appears to be unstable and shows signs of divergence, decrease learning rate
//
// ## Up Next: Stochastic gradient descent
//
// ```python
// for _ in range(maxIter):
//     # pass input data to get the prediction outputs by the current model
//     prediction = mymodel(x)
// ```
//
// We used the entire training dataset to do forward pass!
//
// - This is fine because our dataset is small (~100 samples)
// - But would be too computationally heaving for large datasets
// - Think about x, y contains 1 million records - take a long time to conduct a single forward step!
//
// Stochastic Gradient Descent: Let's replace these with a small batch of the training set!
//
// ## Stochastic Gradient Descent
//
// - Current approach (Gradient Descent):
//   - Use the full training dataset to do forward, backward, and gradient descent
//   - May be computationally difficult if the full training dataset is too large
// - Stochastic Gradient Descent:
//   - Every time only using a random "batch" of samples to do forward, backward and gradient descent
//
// | Original Dataset | Batched Dataset (Batch size = 2) |
// |---|---|
// | Element 1 | Element 1-2 |
// | Element 2 | Element 3-4 |
// | Element 3 | Element 5-6 |
// | Element 4 | Element 7-8 |
// | ... | ... |
//
// ## Stochastic Gradient Descent
//
// How to do batching in PyTorch? Use the `torch.utils.data.Dataset` and `Dataloader` API
//
// One epoch means go through all batches one time: use the 1st batch to do a GD step, use the 2nd
// batch to do a GD step, ...

// %% [markdown]
// ## Dataset/DataLoader in PyTorch

// %%
// import matplotlib.pyplot as plt
// from torch.utils.data import Dataset, DataLoader   (done above: plt is preloaded)

// %%
x = torch.arange(0, 10, 0.1, { dtype: torch.float });
x = x[':, None'];
y = x*3 + torch.randn(x.shape);

// %% [markdown]
// Example of dataset
//
// The general way to create Dataset is to subclassing Dataset and define two methods:
//
// - `__len__()` which returns the total number of elements
// - `__getitem__()` which returns a element of a given index
//
// The constructor is the initialization, where we save x and y as the attribute of dataset;
// `__len__` returns the total number of elements; `__getitem__` returns a particular element with
// index idx.

// %%
class MyDataset extends Dataset<[torch.Tensor, torch.Tensor]> {

  x: torch.Tensor;
  y: torch.Tensor;
  constructor(x: torch.Tensor, y: torch.Tensor) {
    super();
    this.x = x;
    this.y = y;
  }

  __len__() {
    return this.x.shape[0];
  }

  __getitem__(idx: number): [torch.Tensor, torch.Tensor] {
    return tuple(this.x[idx], this.y[idx]);  // (self.x[idx], self.y[idx])
  }
}

// %% [markdown]
// ## Dataset/DataLoader in PyTorch

// %% id="dataset_items"
let mydataset = new MyDataset(x, y);
for (const item of mydataset) {
  print(item);
}

// %% [markdown]
// ## Dataset/DataLoader in PyTorch

// %% id="dataloader_batches"
const mydataloader = new DataLoader(mydataset, { batch_size: 4, shuffle: true });
for (const item of mydataloader) {
  print(item);
}

// %% [markdown]
// ## Stochastic Gradient Descent
//
// How to implement Stochastic Gradient Descent in PyTorch?
//
// ## SGD
//
// - The outer for loop is for the epochs
// - The inner for loop is go through all batches of data set
// - Only use the batch to compute the loss!
// - The rest of the steps are similar as before
//
// *The slide shows the two loops only; the model, the optimizer, the number of epochs and the step
// counter it uses are made here (the model and learning rate of the first SGD visualization below,
// the batch size of `mydataloader` above).*

// %% id="sgd"
mymodel = new MyLinearRegressionModel(1);
optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: 0.02 });
let N_epochs = 2;
let gd_steps = 0;

for (let epoch = 0; epoch < N_epochs; epoch++) {
  const batch_loss: number[] = [];
  for (const [batch_id, [x_batch, y_batch]] of enumerate(mydataloader)) {
    gd_steps += 1;
    // pass input data to get the prediction outputs by the current model
    const prediction: torch.Tensor = mymodel(x_batch);

    // compare prediction and the actual output and compute the loss
    const loss = torch.mean((prediction - y_batch)**2);

    // compute the gradient
    optimizer.zero_grad();
    loss.backward();

    // update parameters
    optimizer.step();
    batch_loss.push(loss.item());
  }
}
print(gd_steps, [...mymodel.parameters()]);  // not in the lecture: the steps taken and the parameters found

// %% [markdown]
// ## Summary for SGD
//
// - Create Dataset, and use DataLoader to generate batches of data
// - Use two nested for-loops
//   - The outer loop is for the epochs
//   - The inner loop goes through the batches
// - Only use the batch data to compute the loss (forward pass)
// - Two important parameters: batch size and learning rate
//
// ## Visualization of SGD
//
// *As for gradient descent, the lecture shows animations: the data, the batch and the model's line,
// and the training loss of every step, one frame per batch. This is the code that draws them (not
// in the lecture): the SGD loop above with a given batch size and learning rate, for 2 epochs.*

// %%
function sgd_visualization(batch_size: number, lr: number, N_epochs = 2) {
  const mymodel = new MyLinearRegressionModel(1);
  const optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: lr });
  const mydataloader = new DataLoader(mydataset, { batch_size: batch_size, shuffle: true });
  const [fig, [ax1, ax2]] = plt.subplots(1, 2, { figsize: [12, 4.5] });
  const camera = new plt.Camera(fig);
  const losses: number[] = [];
  for (let epoch = 0; epoch < N_epochs; epoch++) {
    for (const [batch_id, [x_batch, y_batch]] of enumerate(mydataloader)) {
      fig.suptitle(`Batch size = ${batch_size}, Learning rate = ${lr}, Epoch #${epoch}, Batch #${batch_id}`);
      const prediction: torch.Tensor = mymodel(x_batch);
      const loss = torch.mean((prediction - y_batch)**2);
      losses.push(loss.item());
      ax1.clear();
      ax1.plot(x, y, 'ro');
      ax1.plot(x_batch, y_batch, 'bs');
      ax1.plot(x_ends(), torch.no_grad(() => mymodel(x_ends())));
      ax1.legend(['data', 'batch', 'model']);
      ax1.set_xlabel('x');
      ax1.set_ylabel('y');
      ax2.clear();
      ax2.semilogy(losses);
      ax2.set_title('Training loss');
      ax2.set_xlabel('GD step');
      camera.snap(`${epoch}:${batch_id}`);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
    }
  }
  return camera.animate({ interval: 80 });
}

// %% [markdown]
// ## Visualization of SGD
//
// Batch size = 2, Learning rate = 0.02

// %% id="sgd_bs2_lr_0_02"
sgd_visualization(2, 0.02)

// %% [markdown]
// A lot of randomness! How to reduce it?
//
// ## Visualization of SGD
//
// Increase batch size to 4

// %% id="sgd_bs4_lr_0_02"
sgd_visualization(4, 0.02)

// %% [markdown]
// Randomness and oscillations become smaller
//
// ## Visualization of SGD
//
// Increase bath size to 8

// %% id="sgd_bs8_lr_0_02"
sgd_visualization(8, 0.02)

// %% [markdown]
// Randomness and oscillation becomes smaller
//
// ## Visualization of SGD
//
// Still batch size 2, but smaller learning rate

// %% id="sgd_bs2_lr_0_001"
sgd_visualization(2, 0.001)

// %% [markdown]
// Randomness and oscillations quite small!
//
// ## Lessons Learned
//
// - SGD will reduce the computation cost for each gradient step
// - But will bring randomness in the training process
//   - Larger batch size will reduce randomness
//   - Smaller learning rate will also reduce randomness
// - In deep learning, batch size is typically around 32, 64 (related to GPU acceleration), and we
//   won't tune the batch size that much.
// - We tune the learning rate more heavily
//
// Up Next: use built-in layers and build neural networks!

// %% [markdown]
// ## Built-in Linear layer
//
// We manually code the mathematical operations for the linear model $y=wx+b$

// %%
// from torch import nn (preloaded)

class MyLinearRegressionModel extends nn.Module {
  w: nn.Parameter;
  b: nn.Parameter;
  constructor(d: number) {  // d is the dimension of the input
    super();  // call the init function
    // we usually create variables for all our model parameters (w and b in our case) in __init__
    // and need to create them as nn.Parameter so that the model knows it is an parameter that
    // needs to be trained
    this.w = new nn.Parameter(torch.zeros(1, d, { dtype: torch.float32 }));
    this.b = new nn.Parameter(torch.zeros(1, { dtype: torch.float32 }));
  }

  forward(x: torch.Tensor) {
    // The main purpose of the forward function is to specify given input x, how the output is
    // calculated.
    return torch.inner(x, this.w) + this.b;
  }
}

// %% [markdown]
// ## Built-in Linear layer
//
// Define a built-in layer, then use the linear layer to compute the output.
//
// *The slide's text is interleaved with its annotations (check marks, "Define a built-in layer");
// the code is this:*

// %%
class MyLinearRegressionModel_withBuiltinLayers extends nn.Module {
  linear_layer: nn.Linear;
  constructor(d: number) {
    super();
    this.linear_layer = new nn.Linear(d, 1);  // define a linear layer and store it as an attribute
  }
  forward(x: torch.Tensor) {
    return this.linear_layer(x);  // use the linear layer to give the output
  }
}

// %% [markdown]
// Benefits of using built-in layers:
//
// - No need to define parameters, their initializations
// - No need to explicitly code the "mathematical operations"
// - Would be very convenient to build neural network models
//
// ## Building Neural Network in PyTorch
//
// 1. Define a **Neural Network** model
// 2. Generate some training data
// 3. Calculate gradient and conduct gradient descent
//
// ## Recall: Neural Network
//
// Input: x. Each layer is a connection of a (multi-dimensional) linear and ReLU function!
// *(The lecture's network diagrams are not reproduced.)*
//
// ## Build Neural Network in PyTorch
//
// Overall, we create a "Sequential" of layers:
//
// ```python
// self.sequential = nn.Sequential( # here we stack multiple layers together
//     nn.Linear(input_dim, 20),
//     nn.ReLU(),
// ```
//
// The first layer with width 20
//
// - A Linear followed by a ReLU
// - Need to specify input and output dim for Linear
//   - Input dimension is input_dim (user specified)
//   - Output dimension is 20 (width of this layer)
//
// Then the second, third and fourth layers with width 20 (`nn.Linear(20, 20), nn.ReLU()` each),
// and the output layer `nn.Linear(20, output_dim)`.
//
// ## Build Neural Network in PyTorch
//
// The forward method just uses the sequential we created to compute the output.

// %%
class myMultiLayerPerceptron extends nn.Module {
  sequential: nn.Sequential;
  constructor(input_dim: number, output_dim: number) {
    super();
    this.sequential = new nn.Sequential(  // here we stack multiple layers together
      new nn.Linear(input_dim, 20),
      new nn.ReLU(),
      new nn.Linear(20, 20),
      new nn.ReLU(),
      new nn.Linear(20, 20),
      new nn.ReLU(),
      new nn.Linear(20, 20),
      new nn.ReLU(),
      new nn.Linear(20, output_dim),
    );
  }
  forward(x: torch.Tensor) {
    const y = this.sequential(x);
    return y;
  }
}

// %% [markdown]
// ## Build Neural Network in PyTorch

// %% id="mlp_print"
mymodel = new myMultiLayerPerceptron(1, 1);  // creating a model instance

print(mymodel);

// %% [markdown]
// ## Which one is correct?
//
// *The slide shows the two constructors only; their `forward` is the one above.*
//
// A

// %%
class myMultiLayerPerceptron_1 extends nn.Module {
  sequential: nn.Sequential;
  constructor(input_dim: number, output_dim: number) {
    super();
    this.sequential = new nn.Sequential(  // here we stack multiple layers together
      new nn.Linear(input_dim, 20),
      new nn.ReLU(),
      new nn.Linear(20, 30),
      new nn.ReLU(),
      new nn.Linear(20, 30),
      new nn.ReLU(),
      new nn.Linear(20, 30),
      new nn.ReLU(),
      new nn.Linear(20, output_dim),
    );
  }
  forward(x: torch.Tensor) {
    const y = this.sequential(x);
    return y;
  }
}

// %% [markdown]
// B

// %%
class myMultiLayerPerceptron_2 extends nn.Module {
  sequential: nn.Sequential;
  constructor(input_dim: number, output_dim: number) {
    super();
    this.sequential = new nn.Sequential(  // here we stack multiple layers together
      new nn.Linear(input_dim, 30),
      new nn.ReLU(),
      new nn.Linear(30, 20),
      new nn.ReLU(),
      new nn.Linear(20, 30),
      new nn.ReLU(),
      new nn.Linear(30, 20),
      new nn.ReLU(),
      new nn.Linear(20, output_dim),
    );
  }
  forward(x: torch.Tensor) {
    const y = this.sequential(x);
    return y;
  }
}

// %% [markdown]
// *Not in the lecture: running both on the data answers the question. A's second layer takes 20
// inputs where its first gives 30:*

// %% id="quiz"
for (const Model of [myMultiLayerPerceptron_1, myMultiLayerPerceptron_2]) {
  try {
    print(Model.name, new Model(1, 1)(x).shape);
  } catch (e) {
    print(Model.name, `${(e as Error).name}: ${(e as Error).message}`);
  }
}

// %% [markdown]
// ## Build Neural Network in PyTorch
//
// The input dimension of each layer must match the output dimension of the previous layer!
//
// *(The slide shows `myMultiLayerPerceptron` again, as defined above.)*
//
// ## Building Neural Network in PyTorch
//
// 1. Define a **Neural Network** model
// 2. Generate some training data
// 3. Calculate gradient and conduct gradient descent
//
// *The lecture draws the noise with numpy's `np.random.randn(N_samples,1)`; numpy is not part of
// torchlab, so it is drawn with `torch.randn` (numpy's draw would also make `y` a float64 tensor).*

// %% id="before_training"
// import matplotlib.pyplot as plt (preloaded)

const N_samples = 50;
x = torch.linspace(-10, 10, N_samples, { dtype: torch.float });
x = x[':, None'];
y = torch.sin(0.5*x) + torch.randn(N_samples, 1)*0.2;  // np.random.randn(N_samples,1)*0.2

const prediction = mymodel(x).detach().numpy();
plt.plot(x, y, 'ro');
plt.plot(x, prediction);
plt.legend(['data', 'prediction of mymodel before training']);

// %% [markdown]
// ## Building Neural Network in PyTorch
//
// 1. Define a **Neural Network** model
// 2. Generate some training data
// 3. Calculate gradient and conduct gradient descent ← Up next!

// %% id="random_split"
mydataset = new MyDataset(x, y);  // generate a Dataset based on x,y

// Randomly split dataset into train and validate dataset
const dataset_len = mydataset.__len__();  // len(mydataset)
const train_dataset_len = Math.round(dataset_len * 0.8);
const validate_dataset_len = dataset_len - train_dataset_len;
const [train_dataset, validate_dataset] = torch.utils.data.random_split(
  mydataset, [train_dataset_len, validate_dataset_len]);
print(train_dataset.__len__(), validate_dataset.__len__());  // not in the lecture

// %% [markdown]
// ## Training Loops
//
// mymodel is now the neural network we just defined.
//
// Three hyper parameters; Dataloader and Optimizer:

// %%
mymodel = new myMultiLayerPerceptron(1, 1);  // creating a model instance with input dimension 1

// Three hyper parameters for training
let lr = 0.04;
let batch_size = 10;
N_epochs = 160;

// Create dataloaders for training and validation
let train_dataloader = new DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
let validate_dataloader = new DataLoader(validate_dataset, { batch_size: batch_size, shuffle: true });

// Create optimizer
// this line creates a optimizer, and we tell optimizer we are optimizing the parameters in mymodel
optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: lr });

// %% [markdown]
// ## Training Loops
//
// The training loop is identical as before! Forward pass; backward pass and compute gradient; run a
// gradient descent step.
//
// *The slide's loop reads `train_data_loader` (the loader above is `train_dataloader`) and counts
// `gd_steps` from before; the counter restarts here, and each batch's loss is kept in `batch_loss`.*

// %% id="mlp_training"
gd_steps = 0;
let batch_loss: number[] = [];
for (let epoch = 0; epoch < N_epochs; epoch++) {
  batch_loss = [];
  for (const [batch_id, [x_batch, y_batch]] of enumerate(train_dataloader)) {
    gd_steps += 1;
    // pass input data to get the prediction outputs by the current model
    const prediction: torch.Tensor = mymodel(x_batch);

    // compare prediction and the actual output and compute the loss
    const loss = torch.mean((prediction - y_batch)**2);

    // compute the gradient
    optimizer.zero_grad();
    loss.backward();

    // update parameters
    optimizer.step();
    batch_loss.push(loss.item());
  }
}
// not in the lecture: the steps taken and the last epoch's mean training loss
print(gd_steps, format(batch_loss.reduce((a, b) => a + b, 0) / batch_loss.length, '.4f'));

// %% [markdown]
// ## Building Neural Network in PyTorch
//
// 1. Define a **Neural Network** model
// 2. Generate some training data
// 3. Calculate gradient and conduct gradient descent
//
// **The main difference compared to linear regression is how we defined the model.
// The way to calculate gradient and the training loops are (almost) identical**
//
// Let's now visualize the training process and tune some hyper parameters!
//
// Initial parameter values:
//
// - Learning rate = 0.2
// - N_epochs = 20
// - Batch_size = 10
//
// *The animation the lecture shows, drawn by this code (not in the lecture): a new model trained
// with these values, one frame per batch, with the model's prediction, the training loss of every
// iteration, and the training and validation losses of every epoch.*

// %% id="mlp_visualization"
mymodel = new myMultiLayerPerceptron(1, 1);
lr = 0.2;
N_epochs = 20;
batch_size = 10;
train_dataloader = new DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
validate_dataloader = new DataLoader(validate_dataset, { batch_size: batch_size, shuffle: true });
optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: lr });

const [fig, [ax1, ax2, ax3]] = plt.subplots(1, 3, { figsize: [15, 4.5] });
const camera = new plt.Camera(fig);
const iteration_loss: number[] = [], train_loss: number[] = [], validate_loss: number[] = [];
for (let epoch = 0; epoch < N_epochs; epoch++) {
  batch_loss = [];
  for (const [batch_id, [x_batch, y_batch]] of enumerate(train_dataloader)) {
    const prediction: torch.Tensor = mymodel(x_batch);
    const loss = torch.mean((prediction - y_batch)**2);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    batch_loss.push(loss.item());
    iteration_loss.push(loss.item());

    fig.suptitle(`Batch size = ${batch_size}, Learning rate = ${lr}, Epoch #${epoch}, Batch #${batch_id}`);
    ax1.clear();
    ax1.plot(x, y, 'ro');
    ax1.plot(x, torch.no_grad(() => mymodel(x)));
    ax1.legend(['data', 'prediction of mymodel']);
    ax2.clear();
    ax2.semilogy(iteration_loss);
    ax2.set_title('Train loss per iteration');
    ax2.set_xlabel('Iteration');
    if (epoch === 0) {
      ax3.set_title('Train/validate loss per epoch');
      ax3.set_xlabel('Epoch');
    }
    camera.snap(`${epoch}:${batch_id}`);
  }
  train_loss.push(batch_loss.reduce((a, b) => a + b, 0) / batch_loss.length);
  const val_loss: number[] = [];
  torch.no_grad(() => {
    for (const [x_batch, y_batch] of validate_dataloader) {
      const prediction: torch.Tensor = mymodel(x_batch);
      val_loss.push(torch.mean((prediction - y_batch)**2).item());
    }
  });
  validate_loss.push(val_loss.reduce((a, b) => a + b, 0) / val_loss.length);
  ax3.clear();
  ax3.semilogy(train_loss);
  ax3.semilogy(validate_loss);
  ax3.legend(['train', 'validate']);
  ax3.set_title('Train/validate loss per epoch');
  ax3.set_xlabel('Epoch');
}
camera.snap('end');  // the last frame: every epoch's losses
camera.animate({ interval: 100 })

// %% [markdown]
// How to make it better? Hyper Parameter tuning (next lecture)!
