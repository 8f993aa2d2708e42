#!/usr/bin/python3
"""Oracle fixtures for what PyTorch refuses and how: module registration (names, order, types),
bounds and argument checks, autograd's version counter, and the exception types. Each case is a
short Python program and its TypeScript spelling; the program's last line is evaluated, and its
value, or the exception's type and str(), is what test/runtime/errors.test.ts expects."""
import json
import math
from collections import OrderedDict
from pathlib import Path

import torch
from torch import nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.set_num_threads(1)
cases = []


def case(name, py, ts):
    """`py` and `ts`: lists of statements; the last is an expression whose value is recorded."""
    cases.append({"name": name, "py": py, "ts": ts})


# ---- module registration ----------------------------------------------------------------------
case("ModuleDict refuses a key that names a Module attribute",
     ["nn.ModuleDict({'train': nn.Linear(2, 2)})"],
     ["new nn.ModuleDict({ train: new nn.Linear(2, 2) })"])
case("ModuleDict keeps the order of its pairs, integer-like keys included",
     ["md = nn.ModuleDict([('b', nn.Linear(1, 1)), ('1', nn.ReLU()), ('a', nn.Tanh())])", "list(md.keys())"],
     ["const md = new nn.ModuleDict([['b', new nn.Linear(1, 1)], ['1', new nn.ReLU()], ['a', new nn.Tanh()]])", "md.keys()"])
case("ModuleDict from an OrderedDict",
     ["md = nn.ModuleDict(OrderedDict([('z', nn.ReLU()), ('0', nn.Tanh())]))", "[list(md.keys()), str(md)]"],
     ["const md = new nn.ModuleDict(new nn.OrderedDict([['z', new nn.ReLU()], ['0', new nn.Tanh()]]))", "[md.keys(), md.toString()]"])
case("ModuleDict items set one by one keep their order",
     ["md = nn.ModuleDict()", "md['b'] = nn.Linear(1, 2)", "md['1'] = nn.Linear(2, 1)",
      "[[k for k in md], [n for n, _ in md.named_parameters()], str(md)]"],
     ["const md = new nn.ModuleDict()", "md.__setitem__('b', new nn.Linear(1, 2))", "md.__setitem__('1', new nn.Linear(2, 1))",
      "[[...md], [...md.named_parameters()].map(([n]) => n), md.toString()]"])
case("ModuleDict update, pop and contains",
     ["md = nn.ModuleDict({'a': nn.ReLU()})", "md.update([('9', nn.Tanh()), ('c', nn.Sigmoid())])", "p = md.pop('a')",
      "[list(md.keys()), type(p).__name__, 'c' in md, 'a' in md, len(md)]"],
     ["const md = new nn.ModuleDict({ a: new nn.ReLU() })", "md.update([['9', new nn.Tanh()], ['c', new nn.Sigmoid()]])",
      "const p = md.pop('a')", "[md.keys(), p.constructor.name, md.__contains__('c'), md.__contains__('a'), md.__len__()]"])
case("ModuleDict lookup of a missing key",
     ["nn.ModuleDict()['x']"],
     ["new nn.ModuleDict().__getitem__('x')"])
case("attributes register in assignment order, integer-like names included",
     ["class M(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.b = nn.Linear(1, 1)\n"
      "        setattr(self, '1', nn.ReLU())\n"
      "        self.a = nn.Linear(1, 1)\n",
      "m = M()", "[[n for n, _ in m.named_children()], list(m.state_dict().keys())]"],
     ["class M extends nn.Module { constructor() { super(); this.b = new nn.Linear(1, 1); this['1'] = new nn.ReLU(); this.a = new nn.Linear(1, 1); } }",
      "const m = new M()", "[[...m.named_children()].map(([n]) => n), [...m.state_dict().keys()]]"])
case("class fields register before the constructor body's assignments, in execution order",
     ["class M(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.field = nn.Linear(1, 1)\n"
      "        self.first = nn.ReLU()\n",
      "[n for n, _ in M().named_children()]"],
     ["class M extends nn.Module { field = new nn.Linear(1, 1); constructor() { super(); this.first = new nn.ReLU(); } }",
      "[...new M().named_children()].map(([n]) => n)"])
case("declared fields take the order of their assignments",
     ["class M(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.fc1 = nn.Linear(1, 2)\n"
      "        self.fc2 = nn.Linear(2, 1)\n",
      "[n for n, _ in M().named_parameters()]"],
     ["class M extends nn.Module { fc2; fc1; constructor() { super(); this.fc1 = new nn.Linear(1, 2); this.fc2 = new nn.Linear(2, 1); } }",
      "[...new M().named_parameters()].map(([n]) => n)"])
case("reassigning a submodule keeps its place",
     ["m = nn.Module()", "m.a = nn.Linear(1, 1)", "m.b = nn.ReLU()", "m.a = nn.Linear(3, 3)", "[list(m._modules.keys()), m.a.in_features]"],
     ["const m = new nn.Module()", "m.a = new nn.Linear(1, 1)", "m.b = new nn.ReLU()", "m.a = new nn.Linear(3, 3)", "[[...m._modules.keys()], m.a.in_features]"])
case("deleting a submodule unregisters it",
     ["m = nn.Module()", "m.a = nn.Linear(1, 1)", "m.b = nn.ReLU()", "del m.a", "[list(m._modules.keys()), hasattr(m, 'a')]"],
     ["const m = new nn.Module()", "m.a = new nn.Linear(1, 1)", "m.b = new nn.ReLU()", "delete m.a", "[[...m._modules.keys()], 'a' in m]"])
case("a submodule assigned in forward registers",
     ["class M(nn.Module):\n"
      "    def forward(self, x):\n"
      "        self.late = nn.Linear(1, 1)\n"
      "        return x\n",
      "m = M()", "m(torch.ones(1))", "[n for n, _ in m.named_children()]"],
     ["class M extends nn.Module { forward(x) { this.late = new nn.Linear(1, 1); return x; } }",
      "const m = new M()", "m(torch.ones(1))", "[...m.named_children()].map(([n]) => n)"])
case("a submodule assigned under a method's name registers without hiding the method",
     ["class M(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.train = nn.Linear(1, 1)\n",
      "m = M()", "[[n for n, _ in m.named_children()], m.train(False) is m, m.training]"],
     ["class M extends nn.Module { constructor() { super(); this.train = new nn.Linear(1, 1); } }",
      "const m = new M()", "[[...m.named_children()].map(([n]) => n), m.train(false) === m, m.training]"])
case("add_module: a name with a dot", ["nn.Module().add_module('a.b', nn.ReLU())"], ["new nn.Module().add_module('a.b', new nn.ReLU())"])
case("add_module: an empty name", ["nn.Module().add_module('', nn.ReLU())"], ["new nn.Module().add_module('', new nn.ReLU())"])
case("add_module: a name that is not a string", ["nn.Module().add_module(1, nn.ReLU())"], ["new nn.Module().add_module(1, new nn.ReLU())"])
case("add_module: a value that is not a module", ["nn.Module().add_module('x', 5)"], ["new nn.Module().add_module('x', 5)"])
case("add_module: an existing attribute", ["nn.Module().add_module('eval', nn.ReLU())"], ["new nn.Module().add_module('eval', new nn.ReLU())"])
case("register_parameter: a name with a dot",
     ["nn.Module().register_parameter('a.b', nn.Parameter(torch.zeros(1)))"],
     ["new nn.Module().register_parameter('a.b', new nn.Parameter(torch.zeros(1)))"])
case("register_parameter: an empty name",
     ["nn.Module().register_parameter('', nn.Parameter(torch.zeros(1)))"],
     ["new nn.Module().register_parameter('', new nn.Parameter(torch.zeros(1)))"])
case("register_parameter: an existing attribute",
     ["nn.Module().register_parameter('train', nn.Parameter(torch.zeros(1)))"],
     ["new nn.Module().register_parameter('train', new nn.Parameter(torch.zeros(1)))"])
case("register_parameter: a plain tensor",
     ["nn.Module().register_parameter('w', torch.zeros(1))"],
     ["new nn.Module().register_parameter('w', torch.zeros(1))"])
case("register_parameter: a non-leaf parameter",
     ["w = nn.Parameter(torch.zeros(1))", "nn.Module().register_parameter('w', w * 2)"],
     ["const w = new nn.Parameter(torch.zeros(1))", "new nn.Module().register_parameter('w', w.mul(2))"])
case("a tensor assigned to a parameter's name",
     ["lin = nn.Linear(2, 2)", "lin.weight = torch.zeros(2, 2)"],
     ["const lin = new nn.Linear(2, 2)", "lin.weight = torch.zeros(2, 2)"])
case("a number assigned to a submodule's name",
     ["seq = nn.Sequential(nn.Linear(1, 1))", "setattr(seq, '0', 5)"],
     ["const seq = new nn.Sequential(new nn.Linear(1, 1))", "seq['0'] = 5"])
case("None assigned to a parameter leaves it out",
     ["lin = nn.Linear(2, 2)", "lin.bias = None", "[[n for n, _ in lin.named_parameters()], list(lin.state_dict().keys())]"],
     ["const lin = new nn.Linear(2, 2)", "lin.bias = null", "[[...lin.named_parameters()].map(([n]) => n), [...lin.state_dict().keys()]]"])
case("Linear without bias registers bias as None",
     ["lin = nn.Linear(2, 2, bias=False)", "[list(lin._parameters.keys()), lin.bias is None]"],
     ["const lin = new nn.Linear(2, 2, { bias: false })", "[[...lin._parameters.keys()], lin.bias === null]"])
case("register_buffer: a name with a dot",
     ["nn.Module().register_buffer('a.b', torch.zeros(1))"], ["new nn.Module().register_buffer('a.b', torch.zeros(1))"])
case("register_buffer: a value that is not a tensor",
     ["nn.Module().register_buffer('x', 5)"], ["new nn.Module().register_buffer('x', 5)"])
case("register_buffer: an existing attribute",
     ["nn.Module().register_buffer('train', torch.zeros(1))"], ["new nn.Module().register_buffer('train', torch.zeros(1))"])
case("a number assigned to a buffer's name",
     ["m = nn.Module()", "m.register_buffer('buf', torch.zeros(1))", "m.buf = 5"],
     ["const m = new nn.Module()", "m.register_buffer('buf', torch.zeros(1))", "m.buf = 5"])
case("buffers: persistent ones are in the state_dict, in registration order",
     ["m = nn.Module()", "m.register_buffer('z', torch.zeros(1))", "m.register_buffer('tmp', torch.ones(1), persistent=False)",
      "m.w = nn.Parameter(torch.ones(2))", "m.z = torch.full((1,), 3.0)",
      "[list(m.state_dict().keys()), [n for n, _ in m.named_buffers()], m.state_dict()['z'].tolist()]"],
     ["const m = new nn.Module()", "m.register_buffer('z', torch.zeros(1))", "m.register_buffer('tmp', torch.ones(1), { persistent: false })",
      "m.w = new nn.Parameter(torch.ones(2))", "m.z = torch.full([1], 3.0)",
      "[[...m.state_dict().keys()], [...m.named_buffers()].map(([n]) => n), m.state_dict().get('z').tolist()]"])
case("a module without forward",
     ["nn.Module()(torch.ones(1))"], ["new nn.Module()(torch.ones(1))"])


# ---- bounds and argument checks -------------------------------------------------------------------
X = "x = torch.arange(6, dtype=torch.float32).reshape(2, 3)"
X_TS = "const x = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3)"
case("gather: an index past the end", [X, "torch.gather(x, 1, torch.tensor([[5], [0]]))"], [X_TS, "torch.gather(x, 1, torch.tensor([[5], [0]]))"])
case("gather: a negative index", [X, "torch.gather(x, 1, torch.tensor([[-1], [0]]))"], [X_TS, "torch.gather(x, 1, torch.tensor([[-1], [0]]))"])
case("gather: an index past the end along dim 0", [X, "x.gather(0, torch.tensor([[0, 2, 1]]))"], [X_TS, "x.gather(0, torch.tensor([[0, 2, 1]]))"])
case("gather: a float index", [X, "x.gather(1, torch.tensor([[0.0], [1.0]]))"], [X_TS, "x.gather(1, torch.tensor([[0.5], [1.5]]).floor())"])
case("gather: an index larger than the input off the gathered dim", [X, "x.gather(1, torch.zeros(3, 1, dtype=torch.int64))"],
     [X_TS, "x.gather(1, torch.zeros([3, 1], { dtype: torch.int64 }))"])
case("gather: values and gradient", [X, "w = x.clone().requires_grad_()", "g = w.gather(1, torch.tensor([[2, 0], [1, 1]]))", "g.sum().backward()", "[g, w.grad]"],
     [X_TS, "const w = x.clone().requires_grad_()", "const g = w.gather(1, torch.tensor([[2, 0], [1, 1]]))", "g.sum().backward()", "[g, w.grad]"])
case("index_select: an index past the end", [X, "x.index_select(1, torch.tensor([3]))"], [X_TS, "x.index_select(1, torch.tensor([3]))"])
case("embedding: an index past the end", ["F.embedding(torch.tensor([4]), torch.zeros(3, 2))"], ["F.embedding(torch.tensor([4]), torch.zeros(3, 2))"])
case("argmax of an empty tensor", ["torch.tensor([]).argmax()"], ["torch.tensor([]).argmax()"])
case("argmin of an empty tensor", ["torch.tensor([]).argmin()"], ["torch.tensor([]).argmin()"])
case("argmax along an empty dim", ["torch.zeros(0, 3).argmax(0)"], ["torch.zeros(0, 3).argmax(0)"])
case("argmax along a non-empty dim of an empty tensor", ["torch.zeros(0, 3).argmax(1)"], ["torch.zeros(0, 3).argmax(1)"])
case("max along an empty dim", ["torch.zeros(0, 3).max(0)"], ["torch.zeros(0, 3).max(0)"])
case("amax of an empty tensor", ["torch.zeros(0, 3).amax()"], ["torch.zeros(0, 3).amax()"])
case("amax over an empty dim", ["torch.zeros(2, 0).amax([0, 1])"], ["torch.zeros(2, 0).amax([0, 1])"])
case("min along an empty dim", ["torch.zeros(2, 0).min(1)"], ["torch.zeros(2, 0).min(1)"])
case("max along a dim of an empty tensor", ["torch.zeros(2, 0).max(0)"], ["torch.zeros(2, 0).max(0)"])
DS = "ds = TensorDataset(torch.arange(5))"
DS_TS = "const ds = new TensorDataset(torch.arange(5))"
case("DataLoader: batch_size 0", [DS, "DataLoader(ds, batch_size=0)"], [DS_TS, "new DataLoader(ds, { batch_size: 0 })"])
case("DataLoader: batch_size -1", [DS, "DataLoader(ds, batch_size=-1)"], [DS_TS, "new DataLoader(ds, { batch_size: -1 })"])
case("DataLoader: batch_size 2.5", [DS, "DataLoader(ds, batch_size=2.5)"], [DS_TS, "new DataLoader(ds, { batch_size: 2.5 })"])
case("DataLoader: drop_last not a boolean", [DS, "DataLoader(ds, batch_size=2, drop_last=1)"], [DS_TS, "new DataLoader(ds, { batch_size: 2, drop_last: 1 })"])
case("DataLoader: batch_size None gives single samples", [DS, "[[t.tolist() for t in b] for b in DataLoader(ds, batch_size=None)]"],
     [DS_TS, "[...new DataLoader(ds, { batch_size: null })].map((b) => b.map((t) => t.tolist()))"])
case("DataLoader: shuffle with a sampler", [DS, "DataLoader(ds, shuffle=True, sampler=[0, 1])"], [DS_TS, "new DataLoader(ds, { shuffle: true, sampler: Object.assign([0, 1], { __len__: () => 2 }) })"])
case("DataLoader: batch_sampler with batch_size", [DS, "DataLoader(ds, batch_size=2, batch_sampler=[[0, 1]])"],
     [DS_TS, "new DataLoader(ds, { batch_size: 2, batch_sampler: Object.assign([[0, 1]], { __len__: () => 1 }) })"])
case("TensorDataset: tensors of different lengths", ["TensorDataset(torch.zeros(3), torch.zeros(4))"], ["new TensorDataset(torch.zeros(3), torch.zeros(4))"])
case("random_split: lengths that do not add up", [DS, "torch.utils.data.random_split(ds, [2, 2])"], [DS_TS, "torch.utils.data.random_split(ds, [2, 2])"])
case("binary_cross_entropy: a NaN input", ["F.binary_cross_entropy(torch.tensor([0.5, float('nan')]), torch.tensor([1.0, 0.0]))"],
     ["F.binary_cross_entropy(torch.tensor([0.5, NaN]), torch.tensor([1.0, 0.0]))"])
case("binary_cross_entropy: an input above 1", ["F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([1.0, 0.0]))"],
     ["F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([1.0, 0.0]))"])
case("a reduction that does not exist", ["F.mse_loss(torch.zeros(2), torch.zeros(2), reduction='avg')"], ["F.mse_loss(torch.zeros(2), torch.zeros(2), { reduction: 'avg' })"])
case("cross_entropy: batch sizes that differ", ["F.cross_entropy(torch.zeros(3, 5), torch.tensor([1, 0]))"], ["F.cross_entropy(torch.zeros(3, 5), torch.tensor([1, 0]))"])
case("nll_loss: batch sizes that differ", ["F.nll_loss(torch.zeros(3, 5), torch.tensor([1, 0]))"], ["F.nll_loss(torch.zeros(3, 5), torch.tensor([1, 0]))"])
case("cross_entropy: float class indices", ["F.cross_entropy(torch.zeros(3, 5), torch.tensor([1.0, 0.0, 4.0]))"],
     ["F.cross_entropy(torch.zeros(3, 5), torch.tensor([1.5, 0.5, 4.5]).floor())"])
case("nll_loss: a target past the classes", ["F.nll_loss(torch.zeros(2, 3), torch.tensor([1, 3]))"], ["F.nll_loss(torch.zeros(2, 3), torch.tensor([1, 3]))"])
case("one_hot", ["F.one_hot(torch.tensor([2, 0, 1]))"], ["F.one_hot(torch.tensor([2, 0, 1]))"])
case("one_hot with num_classes", ["F.one_hot(torch.tensor([[1], [0]]), 3)"], ["F.one_hot(torch.tensor([[1], [0]]), 3)"])
case("one_hot: a negative class", ["F.one_hot(torch.tensor([1, -1]))"], ["F.one_hot(torch.tensor([1, -1]))"])
case("one_hot: a class past num_classes", ["F.one_hot(torch.tensor([1, 3]), 3)"], ["F.one_hot(torch.tensor([1, 3]), 3)"])
case("one_hot: float classes", ["F.one_hot(torch.tensor([1.0, 0.0]))"], ["F.one_hot(torch.tensor([1.5, 0.5]).floor())"])
case("one_hot: an empty tensor without num_classes", ["F.one_hot(torch.tensor([], dtype=torch.int64))"], ["F.one_hot(torch.tensor([], { dtype: torch.int64 }))"])
case("dropout: p above 1 (module)", ["nn.Dropout(1.5)"], ["new nn.Dropout(1.5)"])
case("dropout: p below 0 (function)", ["F.dropout(torch.ones(2), p=-0.5)"], ["F.dropout(torch.ones(2), { p: -0.5 })"])
case("Sequential: an index past the end", ["nn.Sequential(nn.ReLU(), nn.Tanh())[2]"], ["new nn.Sequential(new nn.ReLU(), new nn.Tanh()).__getitem__(2)"])
case("ModuleList: an index past the end", ["nn.ModuleList([nn.ReLU()])[-2]"], ["new nn.ModuleList([new nn.ReLU()]).__getitem__(-2)"])
case("init: an unknown nonlinearity", ["nn.init.calculate_gain('swish')"], ["nn.init.calculate_gain('swish')"])
case("init: fan in of a vector", ["nn.init.xavier_uniform_(torch.zeros(3))"], ["nn.init.xavier_uniform_(torch.zeros(3))"])
case("linspace: negative steps", ["torch.linspace(0, 1, -1)"], ["torch.linspace(0, 1, -1)"])
case("eye: a negative size", ["torch.eye(-1)"], ["torch.eye(-1)"])
case("randperm: a negative size", ["torch.randperm(-1)"], ["torch.randperm(-1)"])
case("numpy(): an array of several elements as a scalar", ["torch.zeros(2).numpy().item()"], ["torch.zeros(2).numpy().item()"])

case("RandomSampler: num_samples 0", [DS, "torch.utils.data.RandomSampler(ds, num_samples=0)"], [DS_TS, "new torch.utils.data.RandomSampler(ds, { num_samples: 0 })"])
case("WeightedRandomSampler: num_samples -1", ["torch.utils.data.WeightedRandomSampler([0.5, 0.5], -1)"], ["new torch.utils.data.WeightedRandomSampler([0.5, 0.5], -1)"])
case("pandas: a column that does not exist", ["import pandas as pd", "pd.DataFrame({'a': [1, 2]})['x']"], ["new text.DataFrame({ a: [1, 2] }).get('x')"])
case("pandas: a column of another length", ["import pandas as pd", "df = pd.DataFrame({'a': [1, 2]})", "df['b'] = [1, 2, 3]"],
     ["const df = new text.DataFrame({ a: [1, 2] })", "df.set('b', [1, 2, 3])"])
case("sklearn: CountVectorizer.transform before fit", ["from sklearn.feature_extraction.text import CountVectorizer", "CountVectorizer().transform(['a b'])"],
     ["new text.CountVectorizer().transform(['a b'])"])

case("sklearn: a vocabulary of nothing", ["from sklearn.feature_extraction.text import CountVectorizer", "CountVectorizer().fit_transform(['a b', 'b c'])"],
     ["new text.CountVectorizer().fit_transform(['a b', 'b c'])"])
case("scipy: a row past the end", ["from sklearn.feature_extraction.text import CountVectorizer", "CountVectorizer().fit_transform(['ab bc', 'bc cd']).getrow(-3)"],
     ["new text.CountVectorizer().fit_transform(['ab bc', 'bc cd']).getrow(-3)"])

A = "a = torch.arange(12, dtype=torch.float32).reshape(3, 4)"
A_TS = "const a = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4)"
for expr in ["a.split(0)", "a.chunk(0)", "a.chunk(-1)", "a.narrow(0, 0, -1)", "a.repeat(-1, 1)", "a.unflatten(1, [3, 2])",
             "a.cumsum(2)", "a.softmax(2)", "a.std(5)", "a.flip(2)", "a.clone().normal_(0, -1)", "a.clone().uniform_(1, 0)",
             "a.clone().bernoulli_(1.5)", "a.clone().random_(5, 3)"]:
    case(f"argument check: {expr}", [A, expr], [A_TS, expr])
case("argument check: randint with a negative size", ["torch.randint(5, [-1])"], ["torch.randint(5, [-1])"])
case("argument check: embedding with float indices", ["F.embedding(torch.tensor([1.0]), torch.zeros(3, 2))"],
     ["F.embedding(torch.tensor([1.5]).floor(), torch.zeros(3, 2))"])

# ---- autograd: the version counter of tensors saved for backward --------------------------------------
W = "w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)"
W_TS = "const w = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true })"
case("an output saved for backward, modified in place", [W, "y = w.exp()", "y.add_(1)", "y.sum().backward()"],
     [W_TS, "const y = w.exp()", "y.add_(1)", "y.sum().backward()"])
case("an input saved for backward, modified in place", [W, "b = w * 2", "c = b * b", "b.add_(1)", "c.sum().backward()"],
     [W_TS, "const b = w.mul(2)", "const c = b.mul(b)", "b.add_(1)", "c.sum().backward()"])
case("a leaf not saved for backward may change under no_grad", [W, "y = (w * torch.tensor([1.5, 2.0, 3.0])).sum()", "with torch.no_grad(): w.mul_(2)", "y.backward()", "w.grad"],
     [W_TS, "const y = w.mul(torch.tensor([1.5, 2.0, 3.0])).sum()", "torch.no_grad(() => w.mul_(2))", "y.backward()", "w.grad"])
case("a leaf saved for backward, modified in place under no_grad", [W, "y = (w * w).sum()", "with torch.no_grad(): w.mul_(2)", "y.backward()"],
     [W_TS, "const y = w.mul(w).sum()", "torch.no_grad(() => w.mul_(2))", "y.backward()"])
case("a constant saved for backward, modified in place", [W, "k = torch.tensor([1.5, 2.0, 3.0])", "y = (w * k).sum()", "k.add_(1)", "y.backward()"],
     [W_TS, "const k = torch.tensor([1.5, 2.0, 3.0])", "const y = w.mul(k).sum()", "k.add_(1)", "y.backward()"])
case("a view of a saved output, modified in place", [W, "y = w.sigmoid()", "y.view(3)[0] = 5", "y.sum().backward()"],
     [W_TS, "const y = w.sigmoid()", "y.view(3).set(0, 5)", "y.sum().backward()"])
case("a matrix saved by mm, modified in place", ["a = torch.ones(2, 3)", "m = torch.ones(3, 2, requires_grad=True)", "y = a.mm(m)", "a.mul_(3)", "y.sum().backward()"],
     ["const a = torch.ones(2, 3)", "const m = torch.ones([3, 2], { requires_grad: true })", "const y = a.mm(m)", "a.mul_(3)", "y.sum().backward()"])
case("an unsaved input of mm may change", ["a = torch.ones(2, 3)", "m = torch.ones(3, 2, requires_grad=True)", "y = a.mm(m)", "with torch.no_grad(): m.mul_(3)", "y.sum().backward()", "m.grad"],
     ["const a = torch.ones(2, 3)", "const m = torch.ones([3, 2], { requires_grad: true })", "const y = a.mm(m)", "torch.no_grad(() => m.mul_(3))", "y.sum().backward()", "m.grad"])
case("outputs of ops that save nothing may change", [W, "y = w * 2 + 1", "y.mul_(3)", "y.sum().backward()", "w.grad"],
     [W_TS, "const y = w.mul(2).add(1)", "y.mul_(3)", "y.sum().backward()", "w.grad"])
case("in-place ops whose gradient reads their input", [W, "y = w * 1", "y.pow_(2)", "y.sin_()", "y.abs_()", "y.add_(0.5).log_()", "y.clamp_(-1, 0.5)", "y.sum().backward()", "[y, w.grad]"],
     [W_TS, "const y = w.mul(1)", "y.pow_(2)", "y.sin_()", "y.abs_()", "y.add_(0.5).log_()", "y.clamp_(-1, 0.5)", "y.sum().backward()", "[y, w.grad]"])
case("in-place products with a tensor that requires grad", [W, "v = torch.tensor([2.0, 3.0, -1.0], requires_grad=True)", "y = v * 1", "y.mul_(w)", "y.div_(w + 3)", "y.sum().backward()", "[y, w.grad, v.grad]"],
     [W_TS, "const v = torch.tensor([2.0, 3.0, -1.0], { requires_grad: true })", "const y = v.mul(1)", "y.mul_(w)", "y.div_(w.add(3))", "y.sum().backward()", "[y, w.grad, v.grad]"])
case("a result saved by an in-place op, modified again", [W, "y = w * 1", "y.sigmoid_()", "y.mul_(2)", "y.sum().backward()"],
     [W_TS, "const y = w.mul(1)", "y.sigmoid_()", "y.mul_(2)", "y.sum().backward()"])
case("indices of max, modified in place", ["w = torch.tensor([[0.5, -1.0, 2.0]], requires_grad=True)", "v, i = w.max(1)", "i.add_(1)", "v.sum().backward()"],
     ["const w = torch.tensor([[0.5, -1.0, 2.0]], { requires_grad: true })", "const [v, i] = w.max(1)", "i.add_(1)", "v.sum().backward()"])
case("a mask saved by masked_fill, modified in place", [W, "m = torch.tensor([True, False, True])", "y = w.masked_fill(m, 0)", "m.logical_not_()", "y.sum().backward()"],
     [W_TS, "const m = torch.tensor([true, false, true])", "const y = w.masked_fill(m, 0)", "m.set([0, 1, 2], torch.tensor([false, true, false]))", "y.sum().backward()"])
case("an index saved by gather, modified in place", [W, "i = torch.tensor([2, 0])", "y = w.gather(0, i)", "i.add_(0)", "y.sum().backward()"],
     [W_TS, "const i = torch.tensor([2, 0])", "const y = w.gather(0, i)", "i.add_(0)", "y.sum().backward()"])
case("the input of a loss, modified in place", [W, "y = w * 1", "l = F.mse_loss(y, torch.zeros(3))", "y.mul_(2)", "l.backward()"],
     [W_TS, "const y = w.mul(1)", "const l = F.mse_loss(y, torch.zeros(3))", "y.mul_(2)", "l.backward()"])
case("a tensor times itself in place", [W, "y = w + 0", "y.mul_(y)", "y.sum().backward()", "w.grad"],
     [W_TS, "const y = w.add(0)", "y.mul_(y)", "y.sum().backward()", "w.grad"])
case(".data is not tracked", [W, "y = w.exp()", "y.data.add_(1)", "y.sum().backward()", "[y._version, w.grad]"],
     [W_TS, "const y = w.exp()", "y.data.add_(1)", "y.sum().backward()", "[y._version, w.grad]"])
case("views share the version counter", [W, "y = w.detach()", "v = y.view(3)", "v.add_(1)", "y[0:2].mul_(2)", "[y._version, v._version, y.data._version]"],
     [W_TS, "const y = w.detach()", "const v = y.view(3)", "v.add_(1)", "y.index('0:2').mul_(2)", "[y._version, v._version, y.data._version]"])
case("an autograd.Function's saved tensor, modified in place",
     ["class Exp(torch.autograd.Function):\n"
      "    @staticmethod\n"
      "    def forward(ctx, i):\n"
      "        r = i.exp()\n"
      "        ctx.save_for_backward(r)\n"
      "        return r\n"
      "    @staticmethod\n"
      "    def backward(ctx, g):\n"
      "        r, = ctx.saved_tensors\n"
      "        return g * r\n",
      W, "y = Exp.apply(w)", "y.add_(1)", "y.sum().backward()"],
     ["class Exp extends torch.autograd.Function { static forward(ctx, i) { const r = i.exp(); ctx.save_for_backward(r); return r; } "
      "static backward(ctx, g) { const [r] = ctx.saved_tensors; return g.mul(r); } }",
      W_TS, "const y = Exp.apply(w)", "y.add_(1)", "y.sum().backward()"])

# ---- exception types ---------------------------------------------------------------------------
case("backward twice", [W, "y = (w * w).sum()", "y.backward()", "y.backward()"], [W_TS, "const y = w.mul(w).sum()", "y.backward()", "y.backward()"])
case("numpy() of a tensor that requires grad", [W, "w.numpy()"], [W_TS, "w.numpy()"])
case("a device that does not exist", ["torch.device('gpu')"], ["torch.device('gpu')"])
case("a tensor on a device that does not exist", ["torch.zeros(2, device='gpu')"], ["torch.zeros(2, { device: 'gpu' })"])
case("an optimizer without parameters", ["torch.optim.Adam([])"], ["new optim.Adam([])"])
case("a negative learning rate", ["torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=-1)"], ["new optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: -1 })"])
case("SGD without a learning rate", ["torch.optim.SGD([torch.zeros(1, requires_grad=True)])"], ["new optim.SGD([torch.zeros(1, { requires_grad: true })])"])
case("Adam: a beta out of range", ["torch.optim.Adam([torch.zeros(1, requires_grad=True)], betas=(1.5, 0.9))"],
     ["new optim.Adam([torch.zeros(1, { requires_grad: true })], { betas: [1.5, 0.9] })"])
case("Adam: negative weight decay", ["torch.optim.Adam([torch.zeros(1, requires_grad=True)], weight_decay=-1)"],
     ["new optim.Adam([torch.zeros(1, { requires_grad: true })], { weight_decay: -1 })"])
case("SGD: nesterov without momentum", ["torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, nesterov=True)"],
     ["new optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1, nesterov: true })"])
case("an optimizer over a non-leaf tensor", [W, "torch.optim.SGD([w * 2], lr=0.1)"], [W_TS, "new optim.SGD([w.mul(2)], { lr: 0.1 })"])
case("an autograd.Function without forward",
     ["class F0(torch.autograd.Function):\n    pass\n", "F0.apply(torch.ones(1))"],
     ["class F0 extends torch.autograd.Function {}", "F0.apply(torch.ones(1))"])
case("sklearn: labels of different lengths", ["from sklearn.metrics import accuracy_score", "accuracy_score([0, 1, 1], [0, 1])"],
     ["text.accuracy_score([0, 1, 1], [0, 1])"])
case("sklearn: average='binary' on three classes", ["from sklearn.metrics import f1_score", "f1_score([0, 1, 2], [0, 1, 2])"],
     ["text.f1_score([0, 1, 2], [0, 1, 2])"])
cuda_cases = [len(cases)]
case("cuda on a build without it", ["torch.zeros(2).cuda()"], ["torch.zeros(2).cuda()"])
case("a cuda factory on a build without it", ["torch.zeros(2, device='cuda')"], ["torch.zeros(2, { device: 'cuda' })"])
case("the current cuda device on a build without it", ["torch.cuda.current_device()"], ["torch.cuda.current_device()"])
for i in range(cuda_cases[0], len(cases)):
    cases[i]["cpu_only"] = True  # what a machine without a GPU answers


# ---- evaluation --------------------------------------------------------------------------------
def encode(x):
    if isinstance(x, torch.Tensor):
        return {"tensor": True, "shape": list(x.shape), "dtype": str(x.dtype).replace("torch.", ""),
                "values": [v if not (isinstance(v, float) and not math.isfinite(v)) else repr(v) for v in x.detach().reshape(-1).tolist()]}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    if isinstance(x, nn.Module):
        return str(x)
    return x


env = {"torch": torch, "nn": nn, "F": F, "OrderedDict": OrderedDict, "DataLoader": DataLoader, "TensorDataset": TensorDataset}
out = []
for c in cases:
    local = dict(env)
    try:
        for st in c["py"][:-1]:
            exec(st, local)
        last = c["py"][-1]
        try:
            code = compile(last, c["name"], "eval")
        except SyntaxError:
            exec(last, local)
            result = {"value": None}
        else:
            result = {"value": encode(eval(code, local))}
    except Exception as e:  # the type and message are the expected result
        result = {"error": str(e), "etype": type(e).__name__}
    out.append(dict(c, **result))

path = Path(__file__).resolve().parent.parent / "fixtures" / "errors.json"
path.write_text(json.dumps({"torch": torch.__version__, "cases": out}, indent=1))
print(f"{len(out)} cases ({sum('error' in c for c in out)} raise) -> {path}")
