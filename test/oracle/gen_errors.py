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
