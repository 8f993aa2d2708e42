#!/usr/bin/python3
"""Oracle fixtures for ops. Each case is one expression in the subset of syntax that Python and
TypeScript share (method calls, lists, numbers, `T`/`F`/`None` for True/False/None), evaluated here
with PyTorch and replayed by test/runtime/ops.test.ts with torchlab. Subscripts use torchlab's
spelling, `x.index('0:2, 1')` and `x.set(spec, v)`, which this script maps onto Python's syntax."""
import json
import math
import re
from pathlib import Path

import torch


# ---- torchlab's subscript spelling, for PyTorch ----------------------------------------------
def _component(part):
    p = part.strip()
    if p == "...":
        return Ellipsis
    if p == "None":
        return None
    if ":" in p:
        bits = [int(b) if b.strip() else None for b in p.split(":")]
        return slice(*bits)
    return int(p)


def _spec(args):
    out = []
    for a in args:
        if isinstance(a, str):
            out.extend(_component(x) for x in a.split(","))
        else:
            out.append(a)
    return out[0] if len(out) == 1 else tuple(out)


def _index(self, *args):
    return self[_spec(args)]


def _set(self, spec, value):
    self[_spec(spec if isinstance(spec, list) and not all(isinstance(x, (int, bool)) for x in spec) else [spec])] = value
    return self


torch.Tensor.index = _index
torch.Tensor.set = _set

# ---- inputs ------------------------------------------------------------------------------------
torch.manual_seed(0)
inputs = {
    "a": torch.randn(3, 4),
    "b": torch.randn(4),
    "c": torch.randn(3, 1),
    "m": torch.randn(4, 5),
    "p": torch.rand(3, 4) + 0.1,
    "i": torch.randint(-5, 6, (3, 4)),
    "j": torch.randint(1, 5, (4,)),
    "d": torch.randn(3, 4, dtype=torch.float64),
    "s": torch.randint(-3, 4, (3, 4), dtype=torch.int32),
    "t3": torch.randn(2, 3, 4),
    "u3": torch.randn(2, 4, 5),
    "v": torch.randn(5),
    "w": torch.randn(5),
    "big": torch.randn(10, 10),
    "r": torch.randint(-99, 100, (10, 10)),
}
inputs["mask"] = inputs["a"] > 0
inputs["k"] = torch.tensor([2, 0, 1])

# ---- cases -------------------------------------------------------------------------------------
E = []  # (expression, optional TS expression when the spelling must differ)


def case(expr, ts=None):
    E.append((expr, ts))


unary = ["neg", "abs", "exp", "sin", "cos", "tanh", "sigmoid", "relu", "round", "floor", "ceil", "sign", "square",
         "reciprocal", "trunc", "logical_not", "isnan", "clone", "contiguous", "t", "float", "double", "long", "int", "bool"]
for op in unary:
    case(f"a.{op}()")
for op in ["log", "sqrt", "rsqrt", "log1p"]:
    case(f"p.{op}()")
for op in ["neg", "abs", "sign", "square", "float", "bool", "exp", "sqrt", "sigmoid", "sin"]:
    case(f"i.{op}()")
binary = ["add", "sub", "mul", "div", "pow", "remainder", "fmod", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge",
          "logical_and", "logical_or", "logical_xor", "atan2"]
for op in binary:
    case(f"a.{op}(c)")
for op in ["add", "sub", "mul", "div", "remainder", "fmod", "floor_divide", "eq", "lt", "ge", "pow"]:
    case(f"i.{op}(j)")
for op in ["add", "sub", "mul", "div", "pow", "remainder", "eq", "gt"]:
    case(f"a.{op}(2)")
    case(f"a.{op}(0.5)")
    case(f"i.{op}(2)")
    case(f"i.{op}(2.5)")
# promotion: dimensioned, zero-dim and scalar tiers, bool, int32, float64
for expr in ["i.add(a)", "a.add(d)", "s.add(i)", "s.add(2)", "s.mul(1.5)", "mask.add(mask)", "mask.add(1)", "mask.mul(2.5)",
             "i.add(torch.tensor(1.5))", "a.add(torch.tensor(1, dtype=torch.float64))", "i.add(torch.tensor(2, dtype=torch.int32))",
             "s.add(torch.tensor(3))", "mask.add(torch.tensor(2))", "d.mul(a)", "i.div(j)", "s.div(2)", "i.true_divide(2)",
             "torch.tensor(3).add(s)", "a.mul(mask)", "i.mul(mask)", "torch.tensor(T).add(torch.tensor(2))"]:
    case(expr)
# broadcasting
for expr in ["a.add(b)", "a.mul(c)", "c.add(b)", "t3.add(b)", "t3.mul(c)", "t3.sub(a)", "b.add(c)", "a.add(torch.tensor(1.0))",
             "torch.where(mask, a, b)", "torch.where(mask, a, 0.0)", "torch.where(a.gt(0), i, j)", "a.clamp(-0.5, 0.5)",
             "a.clamp(0)", "a.clamp(None, 0.2)", "i.clamp(-2, 3)", "a.lerp(c, 0.3)"]:
    case(expr)
# in-place: values, identity and shared storage
for expr in ["a.clone().add_(c)", "a.clone().mul_(2)", "a.clone().sub_(b)", "a.clone().div_(c)", "a.clone().pow_(2)",
             "a.clone().abs_()", "p.clone().sqrt_()", "a.clone().clamp_(-0.1, 0.1)", "a.clone().relu_()", "a.clone().neg_()",
             "a.clone().zero_()", "a.clone().fill_(2.5)", "a.clone().copy_(b)", "i.clone().add_(1)", "a.clone().sigmoid_()",
             "a.clone().exp_()", "a.clone().round_()", "a.clone().floor_()", "a.clone().tanh_()", "a.clone().cos_()"]:
    case(expr)
# reductions
for op in ["sum", "mean", "prod", "std", "var", "norm", "amax", "amin", "logsumexp"]:
    for args in ["", "0", "1", "-1", "1, T", "0, T"] if op != "logsumexp" else ["0", "1", "1, T"]:
        if op == "norm" and args:
            args = "2, " + args
        case(f"a.{op}({args})")
for expr in ["a.sum([0, 1])", "t3.sum([0, 2])", "t3.sum([0, 2], T)", "t3.mean(1)", "i.sum()", "i.sum(1)", "mask.sum()",
             "i.prod(1)", "a.std(1, F)", "a.var(0, F, T)", "a.norm(1)", "a.norm(1, 1)", "d.sum(1)", "d.std()",
             "a.max()", "a.min()", "a.argmax()", "a.argmin()", "a.argmax(1)", "a.argmin(0)", "a.argmax(1, T)", "i.argmax(0)",
             "a.max(1)", "a.min(0)", "a.max(1, T)", "i.max(1)", "a.all()", "mask.all()", "mask.any()", "mask.all(1)", "mask.any(0)",
             "i.all()", "a.cumsum(1)", "i.cumsum(0)", "a.max(c)", "t3.max(2)"]:
    case(expr)
# matmul family
for expr in ["a.mm(m)", "a.matmul(m)", "a.matmul(b)", "b.matmul(m)", "b.dot(b)", "a.mv(b)", "t3.bmm(u3)", "t3.matmul(u3)",
             "t3.matmul(m)", "t3.matmul(b)", "b.matmul(u3)", "torch.inner(a, b)", "torch.inner(a, a)", "torch.outer(b, v)",
             "torch.matmul(a.t(), a)", "a.t().mm(a)", "a.mm(m.t().t())", "m.t().mm(a.t())", "d.mm(d.t())", "v.matmul(w)",
             "torch.matmul(c.t(), a)", "a.unsqueeze(0).matmul(m)"]:
    case(expr)
# joins and splits
for expr in ["torch.cat([a, a], 0)", "torch.cat([a, c], 1)", "torch.cat([a, i], 0)", "torch.stack([b, b, b])", "torch.stack([a, a], 1)",
             "torch.stack([a, a], 2)", "a.split(2)", "a.split(2, 1)", "a.split([1, 3], 1)", "a.chunk(2)", "a.chunk(3, 1)",
             "a.unbind(1)", "torch.cat([b, torch.tensor([])])"]:
    case(expr)
# softmax, log_softmax, normalize
for expr in ["a.softmax(1)", "a.softmax(0)", "a.log_softmax(1)", "a.log_softmax(-1)", "t3.softmax(1)", "torch.softmax(a, 0)",
             "i.softmax(1)"]:
    case(expr)
case("torch.nn.functional.normalize(a, 2, 1)", "torch.nn.functional.normalize(a, { p: 2, dim: 1 })")
case("torch.nn.functional.normalize(a, 2, 0)", "torch.nn.functional.normalize(a, { p: 2, dim: 0 })")
case("torch.nn.functional.normalize(big.matmul(big), 2, 1)", "torch.nn.functional.normalize(big.matmul(big), { dim: 1 })")
# views: shapes, strides, offsets, contiguity, shared storage
for expr in ["a.view(4, 3)", "a.view(-1)", "a.view(2, -1)", "a.reshape(6, 2)", "a.t().reshape(12)", "a.flatten()", "t3.flatten(1)",
             "t3.flatten(0, 1)", "c.squeeze()", "c.squeeze(1)", "c.squeeze(0)", "b.unsqueeze(0)", "b.unsqueeze(1)", "b.unsqueeze(-1)",
             "a.transpose(0, 1)", "t3.transpose(0, 2)", "t3.permute(2, 0, 1)", "c.expand(3, 4)", "b.expand(2, 3, 4)",
             "c.expand(-1, 5)", "a.narrow(1, 1, 2)", "a.narrow(0, -2, 2)", "a.select(1, 2)", "a.select(0, -1)", "a.T",
             "a.t().contiguous()", "a.t().stride()", "a.t().is_contiguous()", "a.is_contiguous()", "a.narrow(1, 1, 2).stride()",
             "a.narrow(1, 1, 2).storage_offset()", "a.select(0, 2).storage_offset()", "t3.permute(2, 0, 1).stride()",
             "c.expand(3, 4).stride()", "a.view(2, 6).stride()", "a.unsqueeze(1).stride()", "a.t().contiguous().stride()",
             "a.view(12).storage().data_ptr() == a.storage().data_ptr()",
             "a.t().data_ptr() == a.data_ptr()", "a.index('1:').data_ptr() == a.data_ptr()", "a.index('1:').data_ptr() - a.data_ptr()",
             "a.add(1).storage().data_ptr() == a.storage().data_ptr()", "a.clone().storage().data_ptr() == a.storage().data_ptr()",
             "a.reshape(12).storage().data_ptr() == a.storage().data_ptr()", "a.t().reshape(12).storage().data_ptr() == a.storage().data_ptr()",
             "a.detach().storage().data_ptr() == a.storage().data_ptr()", "a.contiguous().data_ptr() == a.data_ptr()",
             "t3.repeat(1, 2, 1)", "b.repeat(2, 2)", "a.flip(1)", "a.flip(0, 1)", "a.element_size()", "d.element_size()",
             "a.size()", "a.size(1)", "a.size(-1)", "a.dim()", "a.numel()", "a.ndim", "t3.shape", "a.view(4, 3).shape"]:
    case(expr)
# indexing: ints, negatives, slices with steps, None, ellipsis, masks, index arrays
for expr in ["a.index(0)", "a.index(-1)", "a.index('1')", "a.index('0, 2')", "a.index('-1, -1')", "a.index(':, 1')", "a.index('1:3')",
             "a.index('::2')", "a.index(':, ::2')", "a.index('0:2, 1:3')", "a.index(':, -2:')", "a.index('1:, :-1')", "a.index(':, None')",
             "a.index('None')", "a.index('..., 1')", "a.index('..., None')", "t3.index('..., 0')", "t3.index('0, ..., 1')", "t3.index(':, 1')",
             "a.index(mask)", "a.index(a.gt(0.5))", "i.index(i.remainder(4).eq(0))", "a.index([0, 2])", "a.index([2, 2, 0])", "a.index(k)",
             "a.index(':', [0, 3])", "a.index([0, 1], [1, 2])", "a.index(k, k)", "t3.index(':', [0, 2])", "t3.index([1, 0], ':', [0, 3])",
             "t3.index(':', [0, 2], [1, 3])", "a.index('1:', [0, 3])", "b.index(b.gt(0))", "b.index([-1, 0])", "r.index('0:5, 5:10')",
             "r.index(':, 3').index(r.index(':, 3').remainder(4).eq(0))", "a.index(mask.index(0))", "a.index(torch.tensor([T, F, T]))",
             "t3.index(t3.gt(0))", "big.index('2:8:3, 1::4')", "a.index('0').index('1:3')", "a.index(0).storage_offset()",
             "a.index(':, 1').stride()", "a.index('::2').stride()", "a.index('::2').storage_offset()",
             "a.clone().set(mask, 0)", "a.clone().set(a.lt(0), 0)", "a.clone().set('0', 1.5)", "a.clone().set(':, 1', b.index('0:3'))",
             "a.clone().set('0:2, 1:3', 9)", "a.clone().set([0, 2], 7)", "a.clone().set(k, torch.zeros(4))",
             "a.clone().set(mask, a.index(mask).mul(10))", "i.clone().set(i.lt(0), 0)", "a.clone().set('..., 0', -1)",
             "a.clone().set([torch.tensor([0, 1]), torch.tensor([1, 2])], 5)", "a.clone().set(':, None', c.unsqueeze(1))",
             "a.masked_fill(mask, 0.5)", "a.index_select(1, torch.tensor([0, 2]))", "a.index_select(0, k)",
             "a.gather(1, torch.tensor([[0], [1], [2]]))", "a.gather(0, torch.tensor([[0, 1, 2, 0]]))", "a.masked_select(mask)",
             "mask.nonzero()", "i.nonzero()"]:
    case(expr)
# creation
for expr in ["torch.tensor([1, 2, 3])", "torch.tensor([[1, 2], [3, 4]])", "torch.tensor([1.5, 2])", "torch.tensor([T, F])",
             "torch.tensor(3)", "torch.tensor(2.5)", "torch.tensor([])", "torch.tensor([[1, 2]], dtype=torch.float32)",
             "torch.Tensor([1, 2, 3])", "torch.Tensor([[1, 2], [3, 4]])", "torch.Tensor(2, 3).shape",
             "torch.zeros(2, 3)", "torch.zeros([2, 3])", "torch.ones(3)", "torch.ones(2, 2, dtype=torch.int64)", "torch.full([2, 2], 7)",
             "torch.full([2], 1.5)", "torch.full([2], T)", "torch.arange(5)", "torch.arange(1, 4)", "torch.arange(0, 1, 0.25)",
             "torch.arange(0, 10, 0.1).shape", "torch.arange(10, 0, -3)", "torch.linspace(0, 1, 5)",
             "torch.linspace(-10, 10, 50)", "torch.linspace(0, 1, 1)", "torch.eye(3)", "torch.eye(2, 3)", "torch.zeros_like(i)",
             "torch.ones_like(a)", "torch.full_like(a, 3)", "torch.zeros(0, 3)", "torch.tensor([[1, 2], [3, 4]]).float()",
             "torch.tensor([1.7, -1.7]).long()", "torch.tensor([0.0, 2.5]).bool()", "torch.tensor([1, 2]).double()",
             "torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]).round()", "a.type(torch.float64)", "i.to(torch.float32)",
             "a.to(torch.int32)", "torch.tensor(5).item()", "a.index('0, 0').item()",
             "a.tolist()", "i.tolist()", "mask.tolist()", "torch.tensor(2.5).tolist()"]:
    case(expr)
# JS has no float literal for whole numbers: the dtype is spelled out on the TypeScript side
case("torch.arange(5.0)", "torch.arange(5, { dtype: torch.float32 })")
case("torch.arange(0.0, 3.0)", "torch.arange(0, 3, { dtype: torch.float32 })")
# errors: PyTorch's messages
errors = ["a.add(torch.randn(5))", "a.mm(torch.randn(3, 4))", "torch.randn(16, 10106).mm(torch.randn(100, 1))", "a.index(3)",
          "a.index('0, 7')", "a.index([5])", "i.clone().add_(1.5)", "i.clone().mul_(a)", "a.view(5, 2)", "a.t().view(12)",
          "torch.cat([a, b])", "torch.stack([a, c])", "a.matmul(torch.randn(3))", "b.dot(v)", "a.sum(2)", "a.squeeze(3)",
          "a.index('0, 0, 0')", "torch.tensor([[1, 2], [3]])", "i.mean()", "a.expand(2, 4)", "torch.randint(5, 3, [2])",
          "mask.sub(mask)", "a.gt(0).sub(1).item()"]
for expr in errors:
    case(expr)


# ---- evaluation --------------------------------------------------------------------------------
def encode(x):
    if isinstance(x, torch.Tensor):
        vals = x.detach().reshape(-1).tolist()
        return {"tensor": True, "shape": list(x.shape), "dtype": str(x.dtype).replace("torch.", ""),
                "values": [v if not (isinstance(v, float) and not math.isfinite(v)) else repr(v) for v in vals]}
    if isinstance(x, torch.Size):
        return list(x)
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if isinstance(x, torch.dtype):
        return str(x)
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


env = dict(inputs, torch=torch, T=True, F=False, None_=None)
cases = []
for expr, ts in E:
    try:
        result = {"value": encode(eval(expr, env))}
    except Exception as e:  # the message is the expected result
        result = {"error": str(e).split("\n")[0], "etype": type(e).__name__}
    cases.append(dict(expr=expr, ts=ts, **result))

out = Path(__file__).resolve().parent.parent / "fixtures" / "ops.json"
out.write_text(json.dumps({
    "torch": torch.__version__,
    "inputs": {k: encode(v) for k, v in inputs.items()},
    "cases": cases,
}))
print(f"{len(cases)} op cases ({sum('error' in c for c in cases)} errors) -> {out}")
