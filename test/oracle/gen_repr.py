#!/usr/bin/python3
"""Oracle fixtures for tensor reprs: values, dtype and shape of each case with PyTorch's repr."""
import json
import math
from pathlib import Path

import torch

DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.int32: "int32", torch.bool: "bool"}
cases = []


def enc(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return repr(v)  # 'nan', 'inf', '-inf'
    return v


def add(name, t, options=None, suffix=None, make=None):
    """`make` replaces stored values by a recipe the test replays (for large tensors)."""
    case = {"name": name, "shape": list(t.shape), "dtype": DT[t.dtype]}
    if make:
        case["make"] = make
    else:
        case["values"] = [enc(v) for v in t.detach().reshape(-1).tolist()]
    if options:
        torch.set_printoptions(**options)
        case["options"] = options
    if suffix == "requires_grad":
        t = t.clone().requires_grad_(True)
    case["repr"] = repr(t)
    if suffix:
        case["suffix"] = suffix
    torch.set_printoptions(profile="default")
    cases.append(case)


torch.manual_seed(0)
# scalars of every dtype
add("scalar float", torch.tensor(3.5))
add("scalar int", torch.tensor(7))
add("scalar bool", torch.tensor(True))
add("scalar float64", torch.tensor(2.25, dtype=torch.float64))
add("scalar int32", torch.tensor(-3, dtype=torch.int32))
add("scalar small", torch.tensor(1.5e-5))
add("scalar big", torch.tensor(123456789.0))
add("scalar zero", torch.tensor(0.0))
add("scalar nan", torch.tensor(float("nan")))
# lecture values
add("lecture add", torch.Tensor([5, 7, 9]))
add("lecture sub", torch.Tensor([-3, -3, -3]))
add("lecture mul", torch.Tensor([4, 10, 18]))
add("lecture div", torch.Tensor([1, 2, 3]) / torch.Tensor([4, 5, 6]))
add("lecture 2d", torch.Tensor([[1, 2], [3, 4]]))
add("lecture 3d", torch.Tensor([[[1, 2], [3, 4]], [[4, 5], [5, 6]]]))
add("lecture zeros", torch.zeros(3, 2))
add("lecture randint", torch.randint(-99, 100, (10, 10)))
add("lecture logits", torch.tensor([0.0178, -0.0002, -0.0112, 0.0167, -0.0239, 0.0316, -0.0090, 0.0220,
                                    0.0039, 0.0079, -0.0467, 0.0296, 0.0232, 0.0018, 0.0024, 0.0018]))
add("lecture probs", torch.tensor([0.5045, 0.4999, 0.4972, 0.5042, 0.4940, 0.5079, 0.4977, 0.5055, 0.5010,
                                   0.5020, 0.4883, 0.5074, 0.5058, 0.5004, 0.5006, 0.5005]))
add("lecture py int32", torch.tensor([1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1], dtype=torch.int32))
add("lecture labels", torch.tensor([0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0]))
torch.manual_seed(0)
big = torch.rand(1000, 1000)
add("lecture rand 1000x1000", big, make=["rand", 0])
add("rows of zeros summarized", torch.zeros(16, 10106), make=["zeros"])
add("1-D zeros summarized", torch.zeros(10106), make=["zeros"])
# shapes
for shape in [(5,), (2, 3), (2, 3, 4), (2, 1, 2, 3), (1, 1), (3, 1), (1, 5)]:
    add(f"randn {shape}", torch.randn(*shape))
    add(f"arange {shape}", torch.arange(math.prod(shape)).reshape(shape))
# empties
add("empty 1d", torch.tensor([]))
add("empty 0x3", torch.zeros(0, 3))
add("empty int64", torch.zeros(0, dtype=torch.int64))
add("empty 2x0 int", torch.zeros(2, 0, dtype=torch.int64))
add("empty bool", torch.zeros(0, dtype=torch.bool))
# int and bool formatting
add("ints negative", torch.tensor([-1, 20, -300, 4000]))
add("int32", torch.tensor([1, 2, 3], dtype=torch.int32))
add("bools", torch.tensor([True, False, True]))
add("bool matrix", torch.tensor([[True, False], [False, True]]))
add("int64 large", torch.tensor([2**40, -5, 7]))
# float modes
add("integral floats", torch.tensor([1.0, 2.0, 3.0]))
add("integral floats big spread", torch.tensor([1.0, 20000.0]))
add("integral floats 1e9", torch.tensor([1.0, 1e9]))
add("sci small", torch.tensor([1e-5, 1.0]))
add("sci large spread", torch.tensor([1e-2, 1e5]))
add("sci 1e8", torch.tensor([1.5e8, 2.0]))
add("tiny values", torch.tensor([1e-10, 2e-10, 3e-12]))
add("mixed sign", torch.tensor([-1.5, 0.25, 3.125]))
add("nan inf", torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]))
add("nan inf ints", torch.tensor([float("nan"), float("inf"), 2.0]))
add("only zeros and nan", torch.tensor([0.0, float("nan")]))
add("negative zero", torch.tensor([-0.0, 1.0]))
add("float64", torch.tensor([1.5, 2.25], dtype=torch.float64))
add("float64 randn", torch.randn(3, 3, dtype=torch.float64))
add("round half even", torch.tensor([0.03125, 0.00015625, 2.5, 0.12345]))
add("precision ties", torch.tensor([1.00005, 0.99995, 0.00025]))
# long rows and wrapping
add("arange 100 float", torch.arange(100.0))
add("arange 30 float", torch.arange(30.0) / 7)
add("linspace", torch.linspace(-10, 10, 50))
add("arange 1001", torch.arange(1001), make=["arange"])
torch.manual_seed(1)
add("3d summarized", torch.randn(10, 20, 30), make=["randn", 1])
add("4d", torch.randn(2, 2, 2, 3))
add("wide matrix", torch.randn(3, 30))
torch.manual_seed(2)
add("tall matrix summarized", torch.randn(2000, 2), make=["randn", 2])
# options
add("precision 2", torch.randn(4), {"precision": 2})
add("precision 6", torch.randn(4), {"precision": 6})
add("sci_mode True", torch.randn(4), {"sci_mode": True})
add("sci_mode False", torch.tensor([1e-6, 1.0]), {"sci_mode": False})
add("threshold 5", torch.arange(10), {"threshold": 5})
add("threshold 5 edgeitems 2", torch.arange(10.0), {"threshold": 5, "edgeitems": 2})
add("linewidth 40", torch.randn(20), {"linewidth": 40})
add("profile full", torch.arange(1200), {"profile": "full"}, make=["arange"])
add("profile short", torch.randn(5), {"profile": "short"})
# autograd suffixes
add("requires_grad", torch.randn(3), suffix="requires_grad")
add("requires_grad long line", torch.randn(2, 8), suffix="requires_grad")
x = torch.randn(3, requires_grad=True)
for name, t in [("grad_fn mul", x * 2), ("grad_fn sum", (x * x).sum()), ("grad_fn mean", x.mean()),
                ("grad_fn sigmoid", torch.sigmoid(x)), ("grad_fn add", x + 1)]:
    cases.append({"name": name, "shape": list(t.shape), "dtype": "float32", "values": t.detach().reshape(-1).tolist(),
                  "suffix": "grad_fn=<" + type(t.grad_fn).__name__ + ">", "repr": repr(t)})
p = torch.nn.Parameter(torch.randn(2, 3))
cases.append({"name": "parameter", "shape": [2, 3], "dtype": "float32", "values": p.detach().reshape(-1).tolist(),
              "suffix": "parameter", "repr": repr(p)})
# device suffix: no GPU here, so PyTorch's rule (the suffix added after dtype) is applied by hand to CPU text
from torch._tensor_str import _add_suffixes, _tensor_str
for name, t, make in [("cuda matrix", torch.rand(3, 3), None), ("cuda scalar", torch.tensor(0.8096), None),
                      ("cuda summarized", big, ["rand", 0])]:
    case = {"name": name, "shape": list(t.shape), "dtype": "float32", "suffix": "cuda",
            "repr": _add_suffixes("tensor(" + _tensor_str(t, 7), ["device='cuda:0'"], 7, False)}
    if make:
        case["make"] = make
    else:
        case["values"] = t.reshape(-1).tolist()
    cases.append(case)

# Python's own float formatting, which the formatter reproduces digit for digit.
pyformat = []
for v in [0.125, 0.375, 2.5, 3.5, -0.0, 1.5e-5, 99999.5, 0.0, 1e-300, 123456789.123, 0.00015625, 5e-324, 1.7976931348623157e308]:
    for p in [0, 2, 4]:
        pyformat.append([v, p, ("{:.%df}" % p).format(v), ("{:.%de}" % p).format(v)])
out = Path(__file__).resolve().parent.parent / "fixtures" / "repr.json"
out.write_text(json.dumps({"torch": torch.__version__, "cases": cases, "pyformat": pyformat}))
print(f"{len(cases)} repr cases -> {out}")
