#!/usr/bin/python3
"""Oracle fixtures for nn / optim / utils.data: module reprs, default init, optimizer trajectories,
data orders, and the lectures' training programs (test/runtime/nn.test.ts runs the same programs)."""
import json
import math
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, SubsetRandomSampler, TensorDataset, WeightedRandomSampler, random_split

torch.set_num_threads(1)
out = {}


def flat(t):
    return t.detach().reshape(-1).tolist()


def b64(t):
    """float32 values, little-endian, base64: compact and exact."""
    import base64
    return base64.b64encode(t.detach().contiguous().numpy().astype("<f4").tobytes()).decode()


# ---- reprs ----------------------------------------------------------------------------------------
class BinaryLogisticRegression(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.Wb = nn.Linear(vocab_size, 1, bias=True)
        self.activation_function = nn.Sigmoid()


class FeedForwardClassifier(nn.Module):
    def __init__(self, vocab_size, num_classes=2):
        super().__init__()
        self.layer_0 = nn.Linear(vocab_size, 100)
        self.layer_1 = nn.Linear(100, 100)
        self.layer_2 = nn.Linear(100, 100)
        self.output_layer = nn.Linear(100, num_classes, bias=True)
        self.softmax = nn.Softmax(dim=1)


class myMultiLayerPerceptron(nn.Module):
    def __init__(self, input_dim, output_dim):
        super().__init__()
        self.sequential = nn.Sequential(
            nn.Linear(input_dim, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(),
            nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, output_dim))

    def forward(self, x):
        return self.sequential(x)


class TwoLayerMLP(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)


out["reprs"] = {
    "BinaryLogisticRegression": repr(BinaryLogisticRegression(10106)),
    "FeedForwardClassifier": repr(FeedForwardClassifier(10106, 2)),
    "myMultiLayerPerceptron": repr(myMultiLayerPerceptron(1, 1)),
    "TwoLayerMLP": repr(TwoLayerMLP(1000, 100, 10)),
    "Sequential": repr(nn.Sequential(nn.Linear(1000, 100), nn.ReLU(), nn.Linear(100, 10))),
    "misc": repr(nn.Sequential(nn.Dropout(0.25), nn.LeakyReLU(0.2), nn.Tanh(), nn.LogSoftmax(dim=1), nn.Flatten(),
                               nn.Identity(), nn.Embedding(10, 3), nn.ReLU(inplace=True), nn.Softmax())),
    "ModuleList": repr(nn.ModuleList([nn.Linear(2, 2), nn.Sigmoid()])),
    "losses": repr(nn.ModuleList([nn.MSELoss(reduction="sum"), nn.BCELoss(), nn.CrossEntropyLoss(), nn.NLLLoss(), nn.L1Loss(),
                                  nn.BCEWithLogitsLoss()])),
}

# ---- default init under manual_seed(0) ------------------------------------------------------------
torch.manual_seed(0)
l1 = nn.Linear(5, 3)
l2 = nn.Linear(10106, 1)
out["linear_init"] = {"w5x3": flat(l1.weight), "b3": flat(l1.bias), "w10106_head": flat(l2.weight)[:20],
                      "w10106_tail": flat(l2.weight)[-20:], "b1": flat(l2.bias),
                      "param_repr": repr(l1.bias), "state_dict_keys": list(l1.state_dict().keys())}


# ---- optimizers: 20 steps on a small model --------------------------------------------------------
def small_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))


def trajectory(make_opt, steps=20, sched=None):
    model = small_model()
    x, y = torch.randn(8, 4), torch.randn(8, 1)
    opt = make_opt(model.parameters())
    s = sched(opt) if sched else None
    losses, lrs = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        if s:
            s.step()
            lrs.append(opt.param_groups[0]["lr"])
        losses.append(loss.item())
    return {"losses": losses, "final": flat(model[0].weight), "lrs": lrs}


optim = torch.optim
out["optim"] = {
    "SGD momentum 0.99 wd 1e-3": trajectory(lambda p: optim.SGD(p, lr=1e-2, momentum=0.99, weight_decay=1e-3)),
    "SGD plain": trajectory(lambda p: optim.SGD(p, lr=0.1)),
    "SGD nesterov dampening": trajectory(lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    "Adam": trajectory(lambda p: optim.Adam(p, lr=1e-2)),
    "Adam wd amsgrad": trajectory(lambda p: optim.Adam(p, lr=1e-2, weight_decay=1e-2, amsgrad=True)),
    "AdamW": trajectory(lambda p: optim.AdamW(p, lr=1e-2)),
    "RMSprop": trajectory(lambda p: optim.RMSprop(p, lr=1e-2)),
    "RMSprop centered momentum": trajectory(lambda p: optim.RMSprop(p, lr=1e-3, momentum=0.9, centered=True)),
    "Adagrad": trajectory(lambda p: optim.Adagrad(p, lr=0.1)),
    "SGD StepLR": trajectory(lambda p: optim.SGD(p, lr=0.1), sched=lambda o: optim.lr_scheduler.StepLR(o, 5, 0.5)),
    "SGD ExponentialLR": trajectory(lambda p: optim.SGD(p, lr=0.1), sched=lambda o: optim.lr_scheduler.ExponentialLR(o, 0.9)),
    "SGD CosineAnnealingLR": trajectory(lambda p: optim.SGD(p, lr=0.1), sched=lambda o: optim.lr_scheduler.CosineAnnealingLR(o, 6)),
}


# ---- data orders ----------------------------------------------------------------------------------
class Range(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i


torch.manual_seed(0)
loader = DataLoader(Range(10), batch_size=3, shuffle=True)
epochs = [[flat(b) for b in loader] for _ in range(2)]
torch.manual_seed(0)
a, b = random_split(Range(10), [7, 3])
torch.manual_seed(1)
sub = list(SubsetRandomSampler(list(range(10, 20))))
torch.manual_seed(2)
dl2 = [flat(b) for b in DataLoader(Range(7), batch_size=2, sampler=SubsetRandomSampler([0, 2, 4, 6]))]
torch.manual_seed(3)
dl3 = [flat(b) for b in DataLoader(Range(10), batch_size=4, shuffle=True, drop_last=True)]
g = torch.Generator().manual_seed(5)
dl4 = [flat(b) for b in DataLoader(Range(6), batch_size=2, shuffle=True, generator=g)]
torch.manual_seed(4)
weighted = [list(WeightedRandomSampler([0.1, 0.2, 0.3, 0.4], 12)), list(WeightedRandomSampler([1.0, 3.0, 0.5, 2.0, 1.5], 4, replacement=False))]
out["data"] = {"weighted": weighted, "shuffle_epochs": epochs, "random_split": [a.indices, b.indices], "subset_sampler": sub,
               "subset_loader": dl2, "drop_last": dl3, "generator": dl4, "fractions": [len(s) for s in random_split(Range(10), [0.3, 0.7])]}
torch.manual_seed(0)
td = TensorDataset(torch.arange(6.0).reshape(3, 2), torch.tensor([0, 1, 0]))
out["data"]["collate"] = {"dict": repr(next(iter(DataLoader([{"y": 1, "x": torch.ones(2)}, {"y": 0, "x": torch.zeros(2)}], batch_size=2)))),
                          "tuple": repr(next(iter(DataLoader(td, batch_size=3)))),
                          "floats": repr(next(iter(DataLoader([0.5, 1.5], batch_size=2))))}

# ---- lecture 002: a two-layer net four ways ---------------------------------------------------------
N, D_in, H, D_out = 64, 1000, 100, 10
STEPS = 30
torch.manual_seed(0)
x, y = torch.randn(N, D_in), torch.randn(N, D_out)
w1, w2 = torch.randn(D_in, H), torch.randn(H, D_out)
lr = 1e-6
manual = []
m1, m2 = w1.clone(), w2.clone()
for t in range(STEPS):
    h = x.mm(m1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(m2)
    manual.append((y_pred - y).pow(2).sum().item())
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.t().mm(grad_y_pred)
    grad_h = grad_y_pred.mm(m2.t()).clone()
    grad_h[h < 0] = 0
    grad_w1 = x.t().mm(grad_h)
    m1 -= lr * grad_w1
    m2 -= lr * grad_w2

w3, w4 = w1.detach().clone().requires_grad_(), w2.detach().clone().requires_grad_()
auto = []
for t in range(STEPS):
    loss = (x.mm(w3).clamp(min=0).mm(w4) - y).pow(2).sum()
    auto.append(loss.item())
    loss.backward()
    with torch.no_grad():
        w3 -= lr * w3.grad
        w4 -= lr * w4.grad
    w3.grad.zero_()
    w4.grad.zero_()


class ReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_y):
        x, = ctx.saved_tensors
        grad_input = grad_y.clone()
        grad_input[x < 0] = 0
        return grad_input


w5, w6 = w1.detach().clone().requires_grad_(), w2.detach().clone().requires_grad_()
custom = []
for t in range(STEPS):
    loss = (ReLU.apply(x.mm(w5)).mm(w6) - y).pow(2).sum()
    custom.append(loss.item())
    loss.backward()
    with torch.no_grad():
        w5 -= lr * w5.grad
        w6 -= lr * w6.grad
    w5.grad.zero_()
    w6.grad.zero_()
custom_grad_fn = type(ReLU.apply(x.mm(w5)).grad_fn).__name__

torch.manual_seed(1)
model = nn.Sequential(nn.Linear(D_in, H), nn.ReLU(), nn.Linear(H, D_out))
loss_fn = nn.MSELoss(reduction="sum")
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
seq = []
for t in range(STEPS):
    loss = loss_fn(model(x), y)
    seq.append(loss.item())
    opt.zero_grad()
    loss.backward()
    opt.step()
out["lecture002"] = {"x": b64(x), "y": b64(y), "w1": b64(w1), "w2": b64(w2), "manual": manual, "autograd": auto,
                     "custom": custom, "custom_grad_fn": custom_grad_fn, "sequential_adam": seq}

# ---- lecture 003: the sine MLP with random_split, shuffled DataLoaders and SGD ------------------------
torch.manual_seed(0)
xs = torch.linspace(-10, 10, 50)[:, None]
ys = torch.sin(0.5 * xs) + torch.randn(50, 1) * 0.2
data = TensorDataset(xs, ys)
train, val = random_split(data, [40, 10])
mlp = myMultiLayerPerceptron(1, 1)
tl = DataLoader(train, batch_size=10, shuffle=True)
vl = DataLoader(val, batch_size=10, shuffle=True)
opt = torch.optim.SGD(mlp.parameters(), lr=0.04)
train_losses, val_losses = [], []
for epoch in range(15):
    bl = []
    for xb, yb in tl:
        loss = torch.mean((mlp(xb) - yb) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        bl.append(loss.item())
    train_losses.append(sum(bl) / len(bl))
    with torch.no_grad():
        val_losses.append(sum(torch.mean((mlp(xb) - yb) ** 2).item() for xb, yb in vl))
out["lecture003"] = {"train": train_losses, "val": val_losses, "split": [train.indices, val.indices]}


# ---- lecture 004: logistic regression with SubsetRandomSampler and SGD(momentum, weight_decay) -------
class LogisticRegression(nn.Module):
    def __init__(self, N):
        super().__init__()
        self.w = nn.Parameter(torch.ones(N))
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return 1 / (1 + torch.exp(-(self.w @ x + self.b)))


torch.manual_seed(0)
Nc, sigma = 100, 1.5
plus = sigma * torch.randn(Nc, 2) + torch.tensor([-1, 1])
neg = sigma * torch.randn(Nc, 2) + torch.tensor([1, -1])
dset = TensorDataset(torch.cat((plus, neg), dim=0), torch.cat((torch.ones(Nc), torch.zeros(Nc))))
indices = torch.randperm(len(dset)).tolist()
train_loader = DataLoader(dset, batch_size=8, sampler=SubsetRandomSampler(indices[:60]))
crit = nn.BCELoss(reduction="mean")
lm = LogisticRegression(2)
opt = torch.optim.SGD(lm.parameters(), lr=1e-2, momentum=0.99, weight_decay=1e-3)
epoch_losses = []
for n in range(10):
    el = 0.0
    for xb, yb in train_loader:
        opt.zero_grad()
        loss = crit(lm(xb.unsqueeze(-1)).squeeze(-1), yb)
        loss.backward()
        opt.step()
        el += loss.item()
    epoch_losses.append(el / len(train_loader))
out["lecture004"] = {"losses": epoch_losses, "w": flat(lm.w), "b": flat(lm.b)}

# ---- large parameters (the fused SIMD update) on sparse inputs (the sparse matmul paths) ---------
def trajectory_large(make_opt, steps=10):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3000, 20), nn.ReLU(), nn.Linear(20, 1))
    x = torch.randn(16, 3000) * (torch.rand(16, 3000) < 0.01)
    y = torch.randn(16, 1)
    opt = make_opt(model.parameters())
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    w = model[0].weight.detach()
    return {"losses": losses, "head": flat(w)[:50], "sum": w.double().sum().item(), "abs_sum": w.double().abs().sum().item()}


out["optim_large"] = {
    "Adam": trajectory_large(lambda p: optim.Adam(p, lr=1e-2)),
    "Adam wd amsgrad": trajectory_large(lambda p: optim.Adam(p, lr=1e-2, weight_decay=1e-2, amsgrad=True)),
    "AdamW": trajectory_large(lambda p: optim.AdamW(p, lr=1e-2, weight_decay=0.1)),
    "Adam maximize": trajectory_large(lambda p: optim.Adam(p, lr=1e-3, maximize=True)),
}

path = Path(__file__).resolve().parent.parent / "fixtures" / "nn.json"
path.write_text(json.dumps(out))
print(f"nn fixtures -> {path}")
