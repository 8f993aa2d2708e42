// %% [markdown]
// # PyTorch tutorial: tensors, manual gradients, autograd, custom Functions, `nn` and `optim`
//
// A two-layer network trained four ways, as in the lecture, in TypeScript.

// %% [markdown]
// ## Creating tensors

// %%
const data = [[1, 2], [3, 4]];
const x_data = torch.tensor(data);
x_data

// %%
const np_array = x_data.numpy();
const x_np = torch.from_numpy(np_array);
x_np

// %% [markdown]
// ## Optimization with tensors: forward pass and manually computed gradients
// The lecture casts to `torch.cuda.FloatTensor`; here the type follows what the machine has.

// %%
torch.manual_seed(0);
const dtype = torch.cuda.is_available() ? 'torch.cuda.FloatTensor' : 'torch.FloatTensor';
const [N, D_in, H, D_out] = [64, 1000, 100, 10];
const x = torch.randn(N, D_in).type(dtype) as torch.Tensor;
const y = torch.randn(N, D_out).type(dtype) as torch.Tensor;
let w1 = torch.randn(D_in, H).type(dtype) as torch.Tensor;
let w2 = torch.randn(H, D_out).type(dtype) as torch.Tensor;

// %%
let lr = 1e-6;
for (let t = 0; t < 500; t++) {
  const h = x.mm(w1);
  const h_relu = h.clamp({ min: 0 });
  const y_pred = h_relu.mm(w2);
  const loss = y_pred.sub(y).pow(2).sum();
  if (t % 100 === 99) console.log(t, loss.item());

  const grad_y_pred = y_pred.sub(y).mul(2.0);
  const grad_w2 = h_relu.t().mm(grad_y_pred);
  const grad_h_relu = grad_y_pred.mm(w2.t());
  const grad_h = grad_h_relu.clone();
  grad_h.set(h.lt(0), 0);
  const grad_w1 = x.t().mm(grad_h);

  w1.sub_(grad_w1.mul(lr));
  w2.sub_(grad_w2.mul(lr));
}

// %% [markdown]
// ## Autograd
// Setting `requires_grad` on the weights lets `loss.backward()` compute the gradients.

// %%
torch.manual_seed(0);
w1 = torch.randn(D_in, H);
w2 = torch.randn(H, D_out);
const w3 = w1.detach().clone();
w3.requires_grad = true;
const w4 = w2.detach().clone();
w4.requires_grad = true;

// %%
for (let t = 0; t < 500; t++) {
  const y_pred2 = x.mm(w3).clamp({ min: 0 }).mm(w4);
  const loss = y_pred2.sub(y).pow(2).sum();
  if (t % 100 === 99) console.log(t, loss.item());
  loss.backward();
  torch.no_grad(() => {
    w3.sub_(w3.grad!.mul(lr));
    w4.sub_(w4.grad!.mul(lr));
  });
  w3.grad!.zero_();
  w4.grad!.zero_();
}

// %% [markdown]
// ## New autograd Functions

// %%
class ReLU extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
    ctx.save_for_backward(x);
    return x.clamp({ min: 0 });
  }
  static backward(ctx: torch.autograd.FunctionCtx, grad_y: torch.Tensor) {
    const [x] = ctx.saved_tensors;
    const grad_input = grad_y.clone();
    grad_input.set(x.lt(0), 0);
    return grad_input;
  }
}

const w5 = w1.detach().clone().requires_grad_();
const w6 = w2.detach().clone().requires_grad_();
for (let t = 0; t < 500; t++) {
  const y_pred3 = ReLU.apply(x.mm(w5)).mm(w6);
  const loss = y_pred3.sub(y).pow(2).sum();
  if (t % 100 === 99) console.log(t, loss.item());
  loss.backward();
  torch.no_grad(() => {
    w5.sub_(w5.grad!.mul(lr));
    w6.sub_(w6.grad!.mul(lr));
  });
  w5.grad!.zero_();
  w6.grad!.zero_();
}
ReLU.apply(torch.tensor([-1.5, 0.5, 2]))

// %% [markdown]
// ## `torch.nn`: the model as a sequence of layers

// %%
let model = new nn.Sequential(
  new nn.Linear(D_in, H),
  new nn.ReLU(),
  new nn.Linear(H, D_out),
);
if (torch.cuda.is_available()) model.cuda();

const loss_fn = new nn.MSELoss({ reduction: 'sum' });

function weights_init(m: nn.Module) {
  if (m instanceof nn.Linear) {
    nn.init.zeros_(m.weight);
    nn.init.ones_(m.bias!);
  }
}

model.apply(weights_init);
console.log(model.toString());

// %%
for (let t = 0; t < 500; t++) {
  const y_pred = model(x);
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) console.log(t, loss.item());
  model.zero_grad();
  loss.backward();
  torch.no_grad(() => {
    for (const param of model.parameters()) param.data.sub_(param.grad!.data.mul(lr));
  });
}

// %% [markdown]
// ## Optimizer

// %%
let optimizer = new torch.optim.Adam(model.parameters(), { lr: lr });
for (let t = 0; t < 500; t++) {
  const y_pred = model(x);
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) console.log(t, loss.item());
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
}

// %% [markdown]
// ## Defining new modules

// %%
class TwoLayerMLP extends nn.Module {
  linear1: nn.Linear;
  linear2: nn.Linear;
  constructor(D_in: number, H: number, D_out: number) {
    super();
    this.linear1 = new nn.Linear(D_in, H);
    this.linear2 = new nn.Linear(H, D_out);
    this.weight_init();
  }
  weight_init() {
    nn.init.zeros_(this.linear1.weight);
    nn.init.zeros_(this.linear2.weight);
    nn.init.ones_(this.linear1.bias!);
    nn.init.ones_(this.linear2.bias!);
  }
  forward(x: torch.Tensor) {
    const h_relu = this.linear1(x).clamp({ min: 0 });
    return this.linear2(h_relu);
  }
}

const mlp = new TwoLayerMLP(D_in, H, D_out);
if (torch.cuda.is_available()) mlp.cuda();
console.log(mlp.toString());
optimizer = new torch.optim.Adam(mlp.parameters(), { lr: lr });
for (let t = 0; t < 500; t++) {
  const y_pred = mlp(x);
  const loss = loss_fn(y_pred, y);
  if (t % 100 === 99) console.log(t, loss.item());
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
}
