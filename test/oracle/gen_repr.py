#!/usr/bin/python3
"""Oracle fixtures for reprs: each case stores its input values (exact: float32 values widened to
double read back bit for bit) next to PyTorch's repr, or NumPy's repr of `.numpy()`.

Huge tensors store only the elements a summarized repr shows ("edges"); the test fills every other
element with 1e30, which would change the output if the formatter looked at it."""
import itertools
import json
import math
from pathlib import Path

import numpy as np
import torch
from torch._tensor_str import PRINT_OPTS, _add_suffixes, _tensor_str

DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.int32: "int32", torch.bool: "bool"}
cases = []


def enc(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return repr(v)  # 'nan', 'inf', '-inf'
    return v


def flat_values(t):
    return [enc(v) for v in t.detach().reshape(-1).tolist()]


def edge_entries(t):
    """[flat index, value] of every element a summarized repr reads."""
    e = PRINT_OPTS.edgeitems
    axes = [list(range(n)) if n <= 2 * e else list(range(e)) + list(range(n - e, n)) for n in t.shape]
    strides = [math.prod(t.shape[i + 1:]) for i in range(t.dim())]
    flat = t.detach().reshape(-1)
    out = []
    for idx in itertools.product(*axes):
        i = sum(a * s for a, s in zip(idx, strides))
        out.append([i, enc(flat[i].item())])
    return out


def cuda_repr(t):
    """No GPU here: PyTorch's _str_intern order (device, dtype, grad) applied to the CPU text."""
    suffixes = ["device='cuda:0'"]
    if t.numel() == 0:
        if t.dim() != 1:
            suffixes.append("size=" + str(tuple(t.shape)))
        if t.dtype != torch.get_default_dtype():
            suffixes.append("dtype=" + str(t.dtype))
        body = "[]"
    else:
        if t.dtype not in (torch.get_default_dtype(), torch.int64, torch.bool):
            suffixes.append("dtype=" + str(t.dtype))
        body = _tensor_str(t.detach(), len("tensor("))
    if t.grad_fn is not None:
        suffixes.append("grad_fn=<{}>".format(type(t.grad_fn).__name__))
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes("tensor(" + body, suffixes, len("tensor("), False)


def add(name, t, options=None, *, edges=False, parameter=False, cuda=False, default_dtype=None, make=None):
    """`make` also asks the test to rebuild the tensor through the runtime (seeded recipe)."""
    if default_dtype:
        torch.set_default_dtype(getattr(torch, default_dtype))
    if options:
        torch.set_printoptions(**options)
    case = {"name": name, "shape": list(t.shape), "dtype": DT[t.dtype]}
    if edges:
        case["edges"] = edge_entries(t)
    else:
        case["values"] = flat_values(t)
    if make:
        case["make"] = make
    if options:
        case["options"] = options
    if default_dtype:
        case["default_dtype"] = default_dtype
    if t.grad_fn is not None:
        case["grad_fn"] = type(t.grad_fn).__name__
    elif t.requires_grad:
        case["requires_grad"] = True
    if cuda:
        case["device"] = "cuda:0"
        case["repr"] = cuda_repr(t)
    elif parameter:
        case["parameter"] = True
        case["repr"] = repr(t)
    else:
        try:
            case["repr"] = repr(t)
        except RuntimeError as e:
            case["error"] = f"RuntimeError: {e}"
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)
    cases.append(case)


f64, i32, i64 = torch.float64, torch.int32, torch.int64
nan, inf = float("nan"), float("inf")

# ---- scalars of every dtype
for name, t in [
    ("float", torch.tensor(3.5)), ("float integral", torch.tensor(-2.0)), ("float zero", torch.tensor(0.0)),
    ("float negative zero", torch.tensor(-0.0)), ("float small", torch.tensor(1.5e-5)),
    ("float 1e-4", torch.tensor(1e-4)), ("float big", torch.tensor(123456789.0)), ("float 1e8", torch.tensor(1e8)),
    ("float tenth", torch.tensor(0.1)), ("float half up", torch.tensor(100000.5)), ("nan", torch.tensor(nan)),
    ("inf", torch.tensor(inf)), ("-inf", torch.tensor(-inf)), ("float64", torch.tensor(2.25, dtype=f64)),
    ("float64 third", torch.tensor(1 / 3, dtype=f64)), ("int64", torch.tensor(7)), ("int64 negative", torch.tensor(-12)),
    ("int32", torch.tensor(-3, dtype=i32)), ("bool True", torch.tensor(True)), ("bool False", torch.tensor(False)),
    ("lecture item", torch.tensor(0.8096)),
]:
    add("scalar " + name, t)

# ---- lecture values
add("lecture add", torch.Tensor([5, 7, 9]))
add("lecture sub", torch.Tensor([-3, -3, -3]))
add("lecture mul", torch.Tensor([4, 10, 18]))
add("lecture div", torch.Tensor([1, 2, 3]) / torch.Tensor([4, 5, 6]))
add("lecture 2d", torch.Tensor([[1, 2], [3, 4]]))
add("lecture 3d", torch.Tensor([[[1, 2], [3, 4]], [[4, 5], [5, 6]]]))
add("lecture zeros", torch.zeros(3, 2))
torch.manual_seed(0)
add("lecture randint", torch.randint(-99, 100, (10, 10)))
py_logits = torch.tensor([0.0178, -0.0002, -0.0112, 0.0167, -0.0239, 0.0316, -0.0090, 0.0220,
                          0.0039, 0.0079, -0.0467, 0.0296, 0.0232, 0.0018, 0.0024, 0.0018])
add("lecture py_logits", py_logits)
add("lecture py_probs", torch.sigmoid(py_logits))
add("lecture py int32", torch.tensor([1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1], dtype=i32))
add("lecture labels", torch.tensor([0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0]))
torch.manual_seed(0)
big = torch.rand(1000, 1000)
add("lecture rand 1000x1000", big, edges=True, make=["rand", 0])
add("rows of zeros summarized", torch.zeros(16, 10106), edges=True)
add("1-D zeros summarized", torch.zeros(10106), edges=True)

# ---- shapes
torch.manual_seed(3)
for shape in [(5,), (2, 3), (2, 3, 4), (2, 1, 2, 3), (1, 1), (3, 1), (1, 5), (1, 1, 1), (2, 2, 1, 1, 2)]:
    add(f"randn {shape}", torch.randn(*shape))
    add(f"arange {shape}", torch.arange(math.prod(shape)).reshape(shape))
add("4d float64", torch.randn(2, 2, 2, 2, dtype=f64))
add("3d bool", torch.randn(2, 2, 3) > 0)
add("3d int32", torch.arange(-6, 6, dtype=i32).reshape(2, 3, 2))

# ---- empties
add("empty 1d", torch.tensor([]))
add("empty 0x3", torch.zeros(0, 3))
add("empty 3x0x2", torch.zeros(3, 0, 2))
add("empty int64", torch.zeros(0, dtype=i64))
add("empty 2x0 int64", torch.zeros(2, 0, dtype=i64))
add("empty float64", torch.zeros(0, dtype=f64))
add("empty int32 0x3", torch.zeros(0, 3, dtype=i32))
add("empty bool", torch.zeros(0, dtype=torch.bool))

# ---- int and bool formatting
add("ints negative", torch.tensor([-1, 20, -300, 4000]))
add("int32", torch.tensor([1, 2, 3], dtype=i32))
add("int32 negative matrix", torch.tensor([[-1, 2], [30, -400]], dtype=i32))
add("bools", torch.tensor([True, False, True]))
add("bools all true", torch.tensor([True, True]))
add("bool matrix", torch.tensor([[True, False], [False, True]]))
add("int64 large", torch.tensor([2**40, -5, 7]))
add("int64 2^52", torch.tensor([2**52, -(2**52)]))
add("int64 long row wraps", torch.arange(0, 300000, 10000))
add("ints summarized", torch.arange(-5000, 5000), edges=True)
add("bools summarized", torch.arange(2000) % 3 == 0, edges=True)

# ---- float modes
add("integral floats", torch.tensor([1.0, 2.0, 3.0]))
add("integral negative floats", torch.tensor([-1.0, 0.0, 10.0]))
add("integral floats ratio 1000", torch.tensor([1.0, 1000.0]))
add("integral floats ratio 1001", torch.tensor([1.0, 1001.0]))
add("integral floats big spread", torch.tensor([1.0, 20000.0]))
add("integral floats 1e8", torch.tensor([1e8, 2e8]))
add("integral floats 1e9", torch.tensor([1.0, 1e9]))
add("sci small", torch.tensor([1e-5, 1.0]))
add("sci 1e-5 with 1e5", torch.tensor([1e-5, 1e5]))
add("sci large spread", torch.tensor([1e-2, 1e5]))
add("sci 1e8", torch.tensor([1.5e8, 2.0]))
add("sci 1e-4 boundary", torch.tensor([1e-4, 0.5]))
add("sci negative exponents", torch.tensor([-3.7e-7, 2.2e-6, 0.0]))
add("sci huge exponent float64", torch.tensor([1e-300, 1e300], dtype=f64))
add("tiny values", torch.tensor([1e-10, 2e-10, 3e-12]))
add("denormal float32", torch.tensor([1e-45, 1.0]))
add("max float32", torch.tensor([3.4028234663852886e38, -1.0]))
add("mixed sign", torch.tensor([-1.5, 0.25, 3.125]))
add("nan inf", torch.tensor([nan, inf, -inf, 1.5]))
add("nan inf integral", torch.tensor([nan, inf, 2.0]))
add("nan inf sci", torch.tensor([nan, -inf, 1e-6, 1.0]))
add("only nonfinite", torch.tensor([nan, -inf, inf]))
add("only zeros and nan", torch.tensor([0.0, nan]))
add("negative zero", torch.tensor([-0.0, 1.0]))
add("negative zero fraction", torch.tensor([-0.0, 0.5]))
add("float64", torch.tensor([1.5, 2.25], dtype=f64))
torch.manual_seed(4)
add("float64 randn", torch.randn(3, 3, dtype=f64))
add("float64 matrix sci", torch.tensor([[1e-9, 1.0], [2.0, 3.0]], dtype=f64))
add("round half even", torch.tensor([0.03125, 0.00015625, 2.5, 0.12345]))
add("precision ties", torch.tensor([1.00005, 0.99995, 0.00025]))
add("float64 exact ties", torch.tensor([0.5, 0.125, 0.375, 1.00005], dtype=f64))
add("rounds to next width", torch.tensor([9.99996, 1.0]))

# ---- long rows and wrapping
add("arange 100 float", torch.arange(100.0))
add("arange 30 float", torch.arange(30.0) / 7)
add("linspace", torch.linspace(-10, 10, 50))
add("arange 1000 not summarized", torch.arange(1000))
add("arange 1001", torch.arange(1001), edges=True)
add("arange 1001 float", torch.arange(1001.0), edges=True)
torch.manual_seed(1)
add("3d summarized", torch.randn(10, 20, 30), edges=True)
add("3d summarized inner only", torch.randn(2, 2, 300), edges=True)
add("4d summarized", torch.randn(7, 3, 8, 9), edges=True)
add("4d", torch.randn(2, 2, 2, 3))
add("wide matrix", torch.randn(3, 30))
torch.manual_seed(2)
add("tall matrix summarized", torch.randn(2000, 2), edges=True)
add("summarized sci", torch.cat([torch.tensor([1e-6]), torch.rand(2000)]), edges=True)
add("summarized middle ignored", torch.cat([torch.ones(3), torch.full((2000,), 1e9), torch.ones(3)]), edges=True)

# ---- options
torch.manual_seed(5)
add("precision 2", torch.randn(4), {"precision": 2})
add("precision 0", torch.tensor([0.4, 1.5, 2.5, -3.7]), {"precision": 0})
add("precision 6", torch.randn(4), {"precision": 6})
add("precision 10 float64", torch.randn(3, dtype=f64), {"precision": 10})
add("precision 2 sci", torch.tensor([1e-6, 1.0]), {"precision": 2})
add("sci_mode True", torch.randn(4), {"sci_mode": True})
add("sci_mode True integral", torch.tensor([1.0, 2.0, 300.0]), {"sci_mode": True})
add("sci_mode True int64", torch.tensor([1, 2, 300]), {"sci_mode": True})
add("sci_mode False", torch.tensor([1e-6, 1.0]), {"sci_mode": False})
add("sci_mode False big", torch.tensor([1.5e9, 2.0]), {"sci_mode": False})
add("sci_mode False integral spread", torch.tensor([1.0, 1e5]), {"sci_mode": False})
add("threshold 5", torch.arange(10), {"threshold": 5})
add("threshold 5 matrix", torch.arange(64.0).reshape(8, 8), {"threshold": 5})
add("threshold 5 edgeitems 2", torch.arange(10.0), {"threshold": 5, "edgeitems": 2})
add("edgeitems 0 vector", torch.arange(20), {"edgeitems": 0, "threshold": 5})
add("edgeitems 0 matrix", torch.arange(20.0).reshape(4, 5), {"edgeitems": 0, "threshold": 5})
add("edgeitems 1", torch.arange(2000).reshape(20, 100), {"edgeitems": 1})
add("linewidth 40", torch.randn(20), {"linewidth": 40})
add("linewidth 40 matrix", torch.randn(3, 9), {"linewidth": 40})
add("linewidth 120", torch.arange(60.0), {"linewidth": 120})
add("linewidth 10", torch.arange(12), {"linewidth": 10})
add("profile full", torch.arange(1200), {"profile": "full"})
add("profile full matrix", torch.arange(1100.0).reshape(11, 100) / 3, {"profile": "full"})
add("profile short", torch.randn(5), {"profile": "short"})
add("profile short summarized", torch.arange(1500.0), {"profile": "short"}, edges=True)
add("default dtype float64: float32 shows dtype", torch.tensor([1.5, 2.0]), default_dtype="float64")
add("default dtype float64: float64 plain", torch.tensor([1.5, 2.0], dtype=f64), default_dtype="float64")
add("default dtype float64: empty float32", torch.zeros(0), default_dtype="float64")

# ---- autograd suffixes
torch.manual_seed(6)
add("requires_grad", torch.randn(3).requires_grad_())
add("requires_grad scalar", torch.tensor(1.0, requires_grad=True))
add("requires_grad long line", torch.randn(2, 8).requires_grad_())
add("requires_grad float64", torch.randn(3, dtype=f64).requires_grad_())
add("requires_grad linewidth 40", torch.randn(4).requires_grad_(), {"linewidth": 40})
add("requires_grad empty", torch.zeros(0, 2).requires_grad_())
x = torch.randn(3, requires_grad=True)
w = torch.randn(10, requires_grad=True)
for name, t in [("mul", x * 2), ("sum", (x * x).sum()), ("mean", x.mean()), ("sigmoid", torch.sigmoid(x)),
                ("add", x + 1), ("matmul", w @ torch.randn(10, 16)), ("float64", x.double() * 3),
                ("wrapped", torch.randn(2, 9) * x[0]), ("view", x.view(3, 1))]:
    add("grad_fn " + name, t)
torch.manual_seed(7)
add("parameter", torch.nn.Parameter(torch.randn(2, 3)), parameter=True)
add("parameter vector", torch.nn.Parameter(torch.randn(16)), parameter=True)
add("parameter scalar", torch.nn.Parameter(torch.tensor(0.5)), parameter=True)
add("parameter float64", torch.nn.Parameter(torch.randn(2, dtype=f64)), parameter=True)

# ---- device suffix
torch.manual_seed(8)
add("cuda matrix", torch.rand(3, 3), cuda=True)
add("cuda scalar", torch.tensor(0.8096), cuda=True)
add("cuda int64", torch.tensor([1, 2, 3]), cuda=True)
add("cuda float64", torch.tensor([1.5, 2.5], dtype=f64), cuda=True)
add("cuda empty", torch.zeros(0, 3), cuda=True)
add("cuda requires_grad", torch.randn(4).requires_grad_(), cuda=True)
add("cuda grad_fn", torch.randn(12, requires_grad=True) * 2, cuda=True)
add("cuda long row", torch.randn(9), cuda=True)
add("cuda summarized", big, edges=True, cuda=True)

# ---- NumPy's repr of `.numpy()` (float32 arrays from torch, as the runtime produces them)
numpy_cases = []


def add_np(name, a):
    a = np.asarray(a)
    vals = [enc(v) for v in a.reshape(-1).tolist()]
    numpy_cases.append({"name": name, "shape": list(a.shape), "dtype": str(a.dtype), "values": vals, "repr": repr(a)})


torch.manual_seed(9)
for name, t in [
    ("float32 2x2", torch.tensor([[1.0, 2.0], [3.0, 4.0]])), ("float32 mixed", torch.tensor([1.0, 2.5, -0.125])),
    ("float32 randn", torch.randn(2, 3)), ("float32 sci", torch.tensor([1e-5, 1.0])),
    ("float32 big", torch.tensor([1e9, 1.0])), ("float32 nan inf", torch.tensor([nan, inf, -inf, 1.5])),
    ("float32 only nan", torch.tensor([nan, nan])), ("float32 zeros", torch.zeros(2, 2)),
    ("float32 scalar", torch.tensor(3.5)), ("float32 empty", torch.zeros(0)), ("float32 empty 0x3", torch.zeros(0, 3)),
    ("float32 long row", torch.arange(40.0) / 3), ("float32 3d", torch.arange(12.0).reshape(2, 3, 2)),
    ("float32 summarized", torch.arange(2000.0)), ("float32 matrix summarized", torch.arange(1200.0).reshape(40, 30)),
    ("float32 sigmoid", torch.sigmoid(torch.randn(16))), ("float32 negative zero", torch.tensor([-0.0, 1.0])),
    ("float64", torch.tensor([0.1, 0.2, 0.123456789012], dtype=f64)), ("float64 integral", torch.tensor([1.0, 2.0], dtype=f64)),
    ("float64 sci", torch.tensor([1e-9, 123.456], dtype=f64)), ("float64 scalar", torch.tensor(2.5, dtype=f64)),
    ("int64", torch.tensor([1, -20, 300])), ("int64 matrix", torch.arange(-4, 8).reshape(3, 4)),
    ("int64 summarized", torch.arange(1001)), ("int32", torch.tensor([1, 2, 3], dtype=i32)),
    ("int32 scalar", torch.tensor(5, dtype=i32)), ("int64 empty", torch.zeros(0, dtype=i64)),
    ("bool", torch.tensor([True, False])), ("bool all true", torch.tensor([True, True])),
    ("bool scalar", torch.tensor(True)), ("bool matrix", torch.tensor([[True, False], [True, True]])),
    ("int32 negative", torch.tensor([-7, 12, 0], dtype=i32)), ("float32 sci nan", torch.tensor([nan, 1e-6, -2.5])),
    ("float32 sci min_digits", torch.tensor([1e-5, 1 / 3])), ("float64 capped", torch.tensor([1 / 3, 2 / 3, 0.001953125], dtype=f64)),
    ("float64 extremes", torch.tensor([1e-300, 1e300, nan, -inf], dtype=f64)), ("float32 integral 1e8", torch.tensor([1e8, 1.0])),
    ("float32 3d summarized", torch.arange(8000.0).reshape(20, 20, 20) / 7), ("float32 negative", torch.tensor([-1.5, -0.25])), ("labels", torch.tensor([0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0])),
]:
    add_np("numpy " + name, t.numpy())

# Python's own float formatting, which the formatter reproduces digit for digit.
pyformat = []
rng = np.random.default_rng(0)
special = [0.125, 0.375, 2.5, 3.5, -0.0, 1.5e-5, 99999.5, 0.0, 1e-300, 123456789.123, 0.00015625, 5e-324,
           1.7976931348623157e308, 0.03125, -0.03125, 1.00005, 9.99995, 0.99995, 1e21, 1e22, 123456.5, -2.5e-5]
ties = [float(k) / 2 ** n for k, n in zip(rng.integers(-999, 1000, 60), rng.integers(1, 12, 60))]
randoms = [float(np.float32(v)) for v in rng.standard_normal(60) * 10.0 ** rng.integers(-8, 9, 60)]
powers = [2.0 ** k for k in range(-40, 81, 3)] + [-(2.0 ** -k) for k in range(1, 12)]
for v in special + ties + randoms + powers:
    for p in [0, 1, 2, 4, 6]:
        pyformat.append([v, p, ("{:.%df}" % p).format(v), ("{:.%de}" % p).format(v)])
out = Path(__file__).resolve().parent.parent / "fixtures" / "repr.json"
out.write_text(json.dumps({"torch": torch.__version__, "numpy": np.__version__, "cases": cases,
                           "numpy_cases": numpy_cases, "pyformat": pyformat}))
print(f"{len(cases)} repr cases, {len(numpy_cases)} numpy cases -> {out}")
