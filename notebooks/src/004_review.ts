// %% [markdown]
// # Review: tensors, storage, views, slicing and logistic regression
//
// The PyTorch review lecture, cell by cell in TypeScript. `torch`, `nn`, `optim`, `plt` and the
// data helpers are preloaded by the torchlab kernel.

// %% [markdown]
// ## Storage and in-place operations
// Operations with a trailing underscore, e.g. `cos_`, work in place and return the tensor itself.

// %%
torch.manual_seed(0);
const a = torch.zeros(3, 2);
const b = a.cos_();
const c = a.add(b);
function same_storage(x: torch.Tensor, y: torch.Tensor) {
  return x.storage().data_ptr() === y.storage().data_ptr();
}
console.log(same_storage(a, b));
console.log(same_storage(a, c));

// %%
console.log(`A: ${a}\nB: ${b}\nC: ${c}`);

// %% [markdown]
// ## Slicing and truth arrays
// A (10, 10) tensor of random integers between -99 and 99.

// %%
const m = torch.randint(-99, 100, [10, 10]);
console.log(m.toString());

// %% [markdown]
// a) The top-right quadrant: `a[0:int(a.shape[0]/2), 5:10]`.

// %%
const d = m.index(`0:${m.shape[0] / 2}, 5:10`);
console.log(d.toString());

// %% [markdown]
// b) All multiples of 4 in column three.

// %%
const e = m.index(':, 3');
const i = e.remainder(4).eq(0);
const h = e.index(i);
console.log(e.toString());
console.log(h.toString());

// %% [markdown]
// ## Logistic regression with `nn.Module`, `Dataset`, `DataLoader` and `SubsetRandomSampler`

// %%
class LogisticRegression extends nn.Module {
  w: nn.Parameter;
  b: nn.Parameter;
  constructor(N: number) {
    super();
    this.w = new nn.Parameter(torch.ones(N));
    this.b = new nn.Parameter(torch.zeros(1));
  }
  forward(x: torch.Tensor) {
    return torch.div(1, torch.exp(this.w.matmul(x).add(this.b).neg()).add(1));
  }
}

class TwoClassDataset extends torch.utils.data.Dataset<[torch.Tensor, torch.Tensor]> {
  plus_class: torch.Tensor;
  negative_class: torch.Tensor;
  data: torch.Tensor;
  labels: torch.Tensor;
  constructor(public N: number, public sigma: number) {
    super();
    this.plus_class = torch.randn(N, 2).mul(sigma).add(torch.tensor([-1, 1]));
    this.negative_class = torch.randn(N, 2).mul(sigma).add(torch.tensor([1, -1]));
    this.data = torch.cat([this.plus_class, this.negative_class], 0);
    this.labels = torch.cat([torch.ones(N), torch.zeros(N)]);
  }
  __len__() { return this.labels.__len__(); }
  __getitem__(idx: number): [torch.Tensor, torch.Tensor] { return [this.data.index(idx), this.labels.index(idx)]; }
}

function model_accuracy(model: LogisticRegression, input_data: torch.Tensor, labels: torch.Tensor) {
  const predictions = model(input_data.unsqueeze(-1)).squeeze(-1);
  const positive_preds = predictions.ge(0.5);
  const negative_preds = predictions.lt(0.5);
  return torch.sum(positive_preds.mul(labels)).add(torch.sum(negative_preds.mul(torch.rsub(labels, 1))));
}

// %%
const N = 100, sigma = 1.5;
const dataset = new TwoClassDataset(N, sigma);
const [N_train, N_val] = [60, 20];
const indices = torch.randperm(dataset.__len__()).tolist() as number[];
const train_indices = indices.slice(0, N_train);
const val_indices = indices.slice(N_train, N_train + N_val);
const test_indices = indices.slice(N_train + N_val);
const batch_size = 8;
const { DataLoader, SubsetRandomSampler } = torch.utils.data;
const train_loader = new DataLoader(dataset, { batch_size: batch_size, sampler: new SubsetRandomSampler(train_indices) });
const val_loader = new DataLoader(dataset, { batch_size: batch_size, sampler: new SubsetRandomSampler(val_indices) });
const test_loader = new DataLoader(dataset, { batch_size: batch_size, sampler: new SubsetRandomSampler(test_indices) });

// %%
const criterion = new nn.BCELoss({ reduction: 'mean' });
const lr = 1e-2;
const logreg_model = new LogisticRegression(2);
const optimizer = new torch.optim.SGD(logreg_model.parameters(), { lr, momentum: 0.99, weight_decay: 1e-3 });
const n_epoch = 100;
const loss_values: number[] = [], train_accuracies: number[] = [], val_accuracies: number[] = [];
for (let n = 0; n < n_epoch; n++) {
  let epoch_loss = 0, epoch_acc = 0;
  for (const [x_batch, y_batch] of train_loader) {
    optimizer.zero_grad();
    const predictions = logreg_model(x_batch.unsqueeze(-1)).squeeze(-1);
    const loss = criterion(predictions, y_batch);
    loss.backward();
    optimizer.step();
    epoch_loss += loss.item();
    epoch_acc += model_accuracy(logreg_model, x_batch, y_batch).item();
  }
  loss_values.push(epoch_loss / train_loader.__len__());
  train_accuracies.push(epoch_acc / N_train);
  let val_acc = 0;
  for (const [x_batch, y_batch] of val_loader) {
    torch.no_grad(() => { val_acc += model_accuracy(logreg_model, x_batch, y_batch).item(); });
  }
  val_accuracies.push(val_acc / N_val);
}
console.log(`final loss ${loss_values[n_epoch - 1].toFixed(4)}, train accuracy ${train_accuracies[n_epoch - 1]}, validation accuracy ${val_accuracies[n_epoch - 1]}`);

// %%
plt.figure({ figsize: [12, 6] });
plt.subplot(131);
plt.semilogy(loss_values);
plt.grid(true);
plt.title('Loss values');
plt.xlabel('Epoch');
plt.subplot(132);
plt.plot(train_accuracies);
plt.grid(true);
plt.title('Training Accuracy');
plt.xlabel('Epoch');
plt.subplot(133);
plt.plot(val_accuracies);
plt.grid(true);
plt.title('Validation Accuracy');
plt.xlabel('Epoch');
plt.show();
