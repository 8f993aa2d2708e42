// %% [markdown]
// # (Stochastic) gradient descent and neural networks
//
// Linear regression by gradient descent, mini-batches with `Dataset`/`DataLoader`, and an MLP
// fitted to a noisy sine, with the loss curves plotted.

// %%
torch.manual_seed(0);

class MyLinearRegressionModel extends nn.Module {
  w: nn.Parameter;
  b: nn.Parameter;
  constructor(d: number) {
    super();
    this.w = new nn.Parameter(torch.zeros([1, d], { dtype: torch.float32 }));
    this.b = new nn.Parameter(torch.zeros([1], { dtype: torch.float32 }));
  }
  forward(x: torch.Tensor) {
    return torch.inner(x, this.w).add(this.b);
  }
}

// %% [markdown]
// ## Data: `y = 3x + noise`

// %%
let x = torch.arange(0, 10, 0.1, { dtype: torch.float });
x = x.index(':, None');
let y = x.mul(3).add(torch.randn(x.shape));
x.shape

// %% [markdown]
// ## Gradient descent on the whole data set

// %%
const maxIter = 100;
let mymodel: nn.Module = new MyLinearRegressionModel(1);
let optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: 1e-3 });
const gd_losses: number[] = [];
for (let it = 0; it < maxIter; it++) {
  const prediction = mymodel(x);
  const loss = torch.mean(prediction.sub(y).pow(2));
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
  gd_losses.push(loss.item());
}
console.log(`loss after ${maxIter} steps: ${gd_losses[maxIter - 1].toFixed(4)}`);
mymodel.state_dict()

// %% [markdown]
// ## Datasets and DataLoaders

// %%
class MyDataset extends torch.utils.data.Dataset<[torch.Tensor, torch.Tensor]> {
  constructor(public x: torch.Tensor, public y: torch.Tensor) { super(); }
  __len__() { return this.x.shape[0]; }
  __getitem__(idx: number): [torch.Tensor, torch.Tensor] { return [this.x.index(idx), this.y.index(idx)]; }
}

const mydataset = new MyDataset(x, y);
for (const [k, item] of [...mydataset].entries()) { if (k < 4) console.log(item); }

// %%
const mydataloader = new torch.utils.data.DataLoader(mydataset, { batch_size: 4, shuffle: true });
for (const [k, item] of [...mydataloader].entries()) { if (k < 2) console.log(item); }

// %% [markdown]
// ## Stochastic gradient descent

// %%
mymodel = new MyLinearRegressionModel(1);
optimizer = new torch.optim.SGD(mymodel.parameters(), { lr: 0.02 });
let gd_steps = 0;
const sgd_losses: number[] = [];
for (let epoch = 0; epoch < 5; epoch++) {
  for (const [x_batch, y_batch] of mydataloader) {
    gd_steps += 1;
    const prediction = mymodel(x_batch);
    const loss = torch.mean(prediction.sub(y_batch).pow(2));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    sgd_losses.push(loss.item());
  }
}
console.log(`${gd_steps} steps`);
plt.figure({ figsize: [8, 4] });
plt.plot(sgd_losses);
plt.title('Training loss');
plt.xlabel('GD step');
plt.show();

// %% [markdown]
// ## Built-in layers and a multi-layer perceptron

// %%
class myMultiLayerPerceptron extends nn.Module {
  sequential: nn.Sequential;
  constructor(input_dim: number, output_dim: number) {
    super();
    this.sequential = new nn.Sequential(
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
    return this.sequential(x);
  }
}

let mlp = new myMultiLayerPerceptron(1, 1);
console.log(mlp.toString());

// %% [markdown]
// ## A noisy sine, split into training and validation sets

// %%
const N_samples = 50;
const xs = torch.linspace(-10, 10, N_samples, { dtype: torch.float }).index(':, None');
const ys = torch.sin(xs.mul(0.5)).add(torch.randn(N_samples, 1).mul(0.2));
const sine_data = new MyDataset(xs, ys);
const dataset_len = sine_data.__len__();
const train_dataset_len = Math.round(dataset_len * 0.8);
const validate_dataset_len = dataset_len - train_dataset_len;
const [train_dataset, validate_dataset] = torch.utils.data.random_split(sine_data, [train_dataset_len, validate_dataset_len]);

// %%
mlp = new myMultiLayerPerceptron(1, 1);
const lr = 0.04, batch_size = 10, N_epochs = 160;
const train_dataloader = new torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
const validate_dataloader = new torch.utils.data.DataLoader(validate_dataset, { batch_size: batch_size, shuffle: true });
const mlp_optimizer = new torch.optim.SGD(mlp.parameters(), { lr: lr });
const train_loss_per_epoch: number[] = [], validate_loss_per_epoch: number[] = [];
for (let epoch = 0; epoch < N_epochs; epoch++) {
  const batch_loss: number[] = [];
  for (const [x_batch, y_batch] of train_dataloader) {
    const prediction = mlp(x_batch);
    const loss = torch.mean(prediction.sub(y_batch).pow(2));
    mlp_optimizer.zero_grad();
    loss.backward();
    mlp_optimizer.step();
    batch_loss.push(loss.item());
  }
  train_loss_per_epoch.push(batch_loss.reduce((a, b) => a + b, 0) / batch_loss.length);
  const val_loss: number[] = [];
  torch.no_grad(() => {
    for (const [x_batch, y_batch] of validate_dataloader) val_loss.push(torch.mean(mlp(x_batch).sub(y_batch).pow(2)).item());
  });
  validate_loss_per_epoch.push(val_loss.reduce((a, b) => a + b, 0) / val_loss.length);
}
console.log(`epoch ${N_epochs}: train loss ${train_loss_per_epoch[N_epochs - 1].toFixed(4)}, validation loss ${validate_loss_per_epoch[N_epochs - 1].toFixed(4)}`);

// %%
plt.figure({ figsize: [12, 4] });
plt.subplot(121);
plt.plot(xs, ys, 'ro');
plt.plot(xs, torch.no_grad(() => mlp(xs)));
plt.legend(['data', 'prediction of mymodel after training']);
plt.subplot(122);
plt.semilogy(train_loss_per_epoch);
plt.semilogy(validate_loss_per_epoch);
plt.legend(['train', 'validate']);
plt.title('Train/validate loss per epoch');
plt.xlabel('Epoch');
plt.show();
