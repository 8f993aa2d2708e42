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


# ---- second batch: non-contiguous operands, in-place through views, kwargs, edge dtypes ----------
inputs["q4"] = torch.randn(2, 1, 3, 4)
inputs["r3"] = torch.randn(5, 4, 2)
inputs["w3"] = torch.randn(3, 4, 5)
inputs["n"] = torch.tensor([-7, 7, -6, 5])
inputs["f"] = torch.tensor([-7.5, 7.5, -0.5, 0.0])
for expr in ["a.t().add(1)", "a.t().exp()", "a.t().add(a.t())", "a.t().contiguous().add(a.t())", "a.index(':, ::2').mul(a.index(':, 1::2'))",
             "c.expand(3, 4).add(a)", "t3.permute(2, 0, 1).sum(0)", "t3.transpose(0, 2).mean(1)", "a.t().softmax(0)", "a.t().max(1)",
             "a.t().argmax(0)", "a.t().cumsum(1)", "t3.transpose(1, 2).matmul(t3)", "a.t().mv(torch.ones(3))", "a.index('::2').sum(1)",
             "a.t().std(1)", "a.t().log_softmax(1)", "t3.transpose(0, 1).amax(2)", "a.t().clamp(-0.3, 0.3)", "torch.where(mask.t(), a.t(), 1.0)",
             "a.t().gt(c.t())", "a.t().matmul(a)", "a.index(':, 1').dot(a.index(':, 2'))"]:
    case(expr)
# promotion tiers
for expr in ["i.add(torch.tensor(2.5, dtype=torch.float64))", "a.add(torch.tensor(2.5, dtype=torch.float64))", "s.add(2.5)",
             "s.div(s)", "d.add(2)", "torch.tensor(2).add(torch.tensor(2.5))", "torch.tensor(2).mul(1.5)",
             "torch.tensor(3, dtype=torch.int32).add(5)", "torch.tensor(3, dtype=torch.int32).add(torch.tensor(5))", "s.mul(mask)",
             "mask.add(T)", "mask.mul(mask)", "i.add(T)", "mask.div(mask)", "s.add(torch.tensor([1, 2, 3, 4]))", "s.float().add(d)",
             "torch.tensor([1, 2]).add(torch.tensor(1.5, dtype=torch.float64))", "a.mul(torch.tensor(2))", "i.sub(torch.tensor(T))",
             "torch.pow(2, a)", "torch.tensor(2).pow(torch.tensor([1, 2, 3]))", "a.abs().pow(c)", "i.pow(j)", "s.pow(2)", "n.pow(0)",
             "torch.add(a, b, alpha=2)", "torch.sub(i, j, alpha=3)", "a.add(c, alpha=0.5)"]:
    case(expr)
# integer and float division semantics
for expr in ["n.div(3)", "n.div(-3)", "n.div(j, rounding_mode='floor')", "n.div(j, rounding_mode='trunc')", "n.div(-3, rounding_mode='floor')",
             "a.div(c, rounding_mode='floor')", "a.div(c, rounding_mode='trunc')", "n.floor_divide(-3)", "n.remainder(3)", "n.remainder(-3)",
             "n.fmod(3)", "n.fmod(-3)", "f.remainder(2)", "f.fmod(2)", "f.remainder(-2)", "f.fmod(-2)", "n.remainder(2.5)", "n.div(0)",
             "torch.tensor([5, -5, 0]).div(0)", "f.div(0)", "f.sign()", "n.sign()", "mask.sign()", "f.round()", "a.round(decimals=2)",
             "f.floor()", "f.ceil()", "n.abs()", "n.neg()", "n.relu()", "n.clamp(0)", "n.clamp(-6, 6)", "n.clamp(-1.5, 2.5)",
             "n.clamp(max=3)", "a.clamp(min=0.1)", "a.clamp(c.mul(0.1), c.mul(0.2).abs())", "n.float().sqrt()", "n.exp()", "n.log()",
             "f.abs()", "f.neg().relu()", "f.sigmoid()", "f.tanh()", "n.maximum(j)", "f.maximum(f.flip(0))",
             "torch.tensor([float('nan'), 1.0]).maximum(torch.tensor([1.0, float('nan')]))"]:
    case(expr, "torch.tensor([NaN, 1.0]).maximum(torch.tensor([1.0, NaN]))" if "nan" in expr else None)
# comparisons and logical ops to bool
for expr in ["n.eq(7)", "n.lt(2.5)", "a.ge(c)", "a.ne(a)", "i.eq(a)", "mask.eq(T)", "mask.logical_and(i.gt(0))", "i.logical_or(j)",
             "a.logical_xor(i)", "n.logical_not()", "a.gt(0).logical_not()", "torch.eq(i, i)", "a.lt(b)", "torch.ge(n, 0)",
             "torch.logical_and(a.gt(0), a.lt(1))", "torch.where(n.gt(0), n, 0)", "torch.where(n.gt(0), 1.5, n)", "torch.where(mask, a, i)",
             "torch.where(mask, 1, 0)", "torch.where(n.gt(0), 1.5, 0.5)", "torch.where(mask.index(0), b, c)", "a.eq(a).all()",
             "torch.equal(a, a.clone())", "torch.equal(a, b)", "torch.allclose(a, a.add(1e-9))", "a.isnan().any()"]:
    case(expr)
# in-place: values, through views into the base, and PyTorch's refusals
for expr in ["a.clone().add_(b)", "i.clone().mul_(2)", "s.clone().add_(i)", "a.clone().add_(i)", "a.clone().mul_(mask)",
             "a.clone().t().add_(1)", "a.clone().div_(2).sub_(1).mul_(3)", "a.clone().index(':, 1').zero_()", "a.clone().clamp_(min=0)",
             "a.clone().sin_()", "a.clone().log_()", "p.clone().log_()", "a.clone().remainder_(0.5)", "a.clone().fmod_(0.5)",
             "a.clone().sign_()", "a.clone().ceil_()", "a.clone().fill_(torch.tensor(2))", "i.clone().fill_(2.7)",
             "i.clone().div_(2)", "i.clone().sqrt_()", "i.clone().cos_()", "mask.clone().add_(1)", "c.clone().add_(a)", "s.clone().add_(a)",
             "i.clone().add_(mask)", "a.clone().copy_(i)", "i.clone().copy_(a)", "a.clone().copy_(c)", "a.clone().copy_(torch.zeros(2))",
             "a.clone().masked_fill_(mask, -1)", "torch.cos_(a.clone())"]:
    case(expr)
# reductions: kwargs, dtypes, empties, ties, nan
for expr in ["a.sum(dim=1)", "a.sum(dim=1, keepdim=T)", "a.mean(dim=[0, 1])", "a.sum(1, dtype=torch.float64)", "i.sum(dtype=torch.float32)",
             "i.mean(dtype=torch.float32)", "s.sum()", "s.prod(1)", "s.cumsum(0)", "mask.cumsum(0)", "mask.sum(1)", "mask.float().mean()",
             "i.float().mean(1)", "i.max()", "i.min(1)", "i.prod()", "mask.max()", "s.max(0)", "a.std(unbiased=F)", "a.var(1, keepdim=T)",
             "a.std(0, T, T)", "a.norm(p=1)", "a.norm(dim=1)", "a.norm(2, dim=0, keepdim=T)", "torch.norm(a)", "a.norm('fro')", "a.norm(3)",
             "d.norm(1, 0)", "torch.tensor([1.0, 3.0, 3.0, 2.0]).argmax()", "torch.tensor([[1, 5, 5], [7, 7, 0]]).max(1)",
             "torch.tensor([[1, 5, 5], [7, 7, 0]]).argmin(1)", "torch.zeros(0).sum()", "torch.zeros(0).prod()", "torch.zeros(0, 3).sum(0)",
             "torch.zeros(0).mean()", "torch.zeros(0).max()", "torch.tensor(5.5).sum()", "torch.tensor(5.5).sum(0)", "torch.tensor(3.5).std()",
             "b.std(0)", "t3.amax([0, 2])", "t3.sum(-1, T)", "t3.argmax(1)", "t3.max(0)", "t3.min(-1, T)", "t3.softmax(-1)", "t3.log_softmax(0)",
             "a.softmax(1, dtype=torch.float64)", "torch.softmax(a, dim=1)", "torch.argmax(a, dim=1)", "torch.log_softmax(a, dim=0)",
             "a.all(1)", "a.any()", "i.any(0)", "torch.tensor([]).all()", "torch.tensor([]).any()", "mask.all(1, T)", "torch.sum(a, 0)",
             "torch.mean(a, 1, T)", "torch.max(a)", "torch.max(a, 1)", "torch.min(a, dim=0)", "torch.max(a, b)", "torch.prod(i, 0)",
             "torch.std(a, 1)", "torch.var(a)", "torch.amax(a, 1)", "torch.all(mask)", "torch.any(mask, 1)", "a.max(1).values",
             "a.max(1).indices", "a.max(1)[1]", "a.sum(3)", "a.mean(-3)", "i.std()", "a.norm(2, 5)"]:
    case(expr)
case("torch.tensor([[1.0, float('nan')], [2.0, 3.0]]).max(1)", "torch.tensor([[1.0, NaN], [2.0, 3.0]]).max(1)")
case("torch.tensor([[1.0, float('nan')], [2.0, 3.0]]).sum(1)", "torch.tensor([[1.0, NaN], [2.0, 3.0]]).sum(1)")
case("a.norm(float('inf'), 1)", "a.norm(Infinity, 1)")
case("a.norm(float('-inf'))", "a.norm(-Infinity)")
# matmul: batched broadcasting, integer products, shape errors
for expr in ["q4.matmul(r3)", "q4.matmul(b)", "a.matmul(u3)", "b.matmul(t3.transpose(1, 2))", "i.mm(i.t())", "s.matmul(s.t())",
             "torch.dot(j, j)", "torch.outer(j, b)", "torch.inner(t3, a)", "torch.zeros(3, 0).mm(torch.zeros(0, 4))",
             "torch.mm(a, m)", "torch.bmm(t3, u3)", "torch.mv(a, b)", "torch.dot(b, b)", "torch.matmul(q4, r3).shape",
             "i.matmul(a.t())", "b.dot(j)", "a.mv(v)", "t3.bmm(a)", "t3.bmm(w3)", "a.mm(b)", "torch.matmul(torch.tensor(2.0), a)",
             "q4.matmul(w3)", "torch.outer(a, b)", "b.dot(a)", "a.mm(m.t())"]:
    case(expr)
# joins and splits
for expr in ["torch.cat([a, a], -1)", "torch.cat([t3, t3], 1)", "torch.cat([a])", "torch.cat([i, s])", "torch.cat([mask, a])",
             "torch.cat([a.t(), c.t()])", "torch.stack([b, j.float()], -1)", "torch.stack([a.t(), a.t()])", "torch.cat([a, a], dim=1)",
             "torch.stack([b, b], dim=1)", "a.split(3, 1)", "a.split(5)", "b.split([1, 1, 2])", "a.chunk(4, 1)", "b.chunk(3)",
             "torch.arange(5).chunk(3)", "torch.arange(6).chunk(4)", "a.split([2, 2], 1)", "torch.split(a, 2, dim=1)",
             "torch.chunk(a, 2, dim=1)", "a.split(2)[1].storage_offset()", "a.chunk(2, 1)[1].stride()", "a.split([1, 2], 1)",
             "torch.cat([a, b], 1)", "torch.stack([])", "torch.cat([a, a], 2)", "a.unbind(0)[2]"]:
    case(expr)
# views and storage
for expr in ["a.view(3, 2, 2).stride()", "t3.view(6, 4)", "t3.transpose(0, 1).reshape(6, 4)", "t3.transpose(0, 1).is_contiguous()",
             "t3.transpose(0, 1).contiguous().stride()", "a.unsqueeze(0).unsqueeze(2).shape", "a.unsqueeze(2).stride()",
             "c.squeeze(-1).stride()", "torch.zeros(1, 3, 1).squeeze().shape", "torch.zeros(1, 1).squeeze().shape",
             "a.expand(2, 3, 4).stride()", "c.expand(3, 4).is_contiguous()", "c.expand(3, 4).contiguous().stride()",
             "b.expand(3, 4).storage_offset()", "a.narrow(1, 2, 2).narrow(0, 1, 2).storage_offset()", "a.select(1, 2).stride()",
             "t3.select(2, 1).stride()", "a.t().t().is_contiguous()", "a.view(-1, 2).shape", "a.view(3, -1, 2).shape", "a.reshape(-1)",
             "a.flatten(0, -1).shape", "t3.flatten(-2).shape", "a.permute(1, 0).stride()", "a.reshape(2, 6).stride()",
             "a.view(4, 3).storage_offset()", "a.index('1:, 1:').storage_offset()", "a.index(':, 1').is_contiguous()",
             "a.index('1').is_contiguous()", "a.index(mask).data_ptr() == a.data_ptr()",
             "a.index([0, 1]).storage().data_ptr() == a.storage().data_ptr()", "a.index('1:3').storage().data_ptr() == a.storage().data_ptr()",
             "a.expand(2, 3, 4).storage().data_ptr() == a.storage().data_ptr()", "a.narrow(0, 1, 1).data_ptr() - a.data_ptr()",
             "d.index('1:').data_ptr() - d.data_ptr()", "i.index(1).data_ptr() - i.data_ptr()", "s.index(1).data_ptr() - s.data_ptr()",
             "mask.index(1).data_ptr() - mask.data_ptr()", "a.squeeze().storage().data_ptr() == a.storage().data_ptr()",
             "a.permute(1, 0).storage().data_ptr() == a.storage().data_ptr()", "a.select(1, 3).storage_offset()",
             "a.t().index('1:, 1').storage_offset()", "torch.zeros(2, 1, 3).expand(2, 4, 3).stride()", "a.unflatten(1, [2, 2]).shape",
                          "t3.permute(0, 2, 1).view(2, 12)", "a.view(2, -1, -1)", "a.reshape(5, -1)", "a.transpose(0, 2)", "a.permute(0)",
             "a.narrow(1, 3, 2)", "a.select(0, 3)", "b.expand(3, 5)", "a.flatten(2)", "a.unsqueeze(3)"]:
    case(expr)
# indexing and assignment
for expr in ["a.index('-2:')", "a.index('5:')", "a.index('1:1')", "a.index('-10:2')", "a.index(':, 10:')", "a.index('None, :, None').shape",
             "t3.index('..., None, 1')", "t3.index('None, ..., 0')", "t3.index('1, ..., ::2')", "a.index(torch.tensor([[0, 1], [2, 0]]))",
             "a.index(k, '1:3')", "a.index('1:3', [0, 3])", "t3.index(':', [[0], [2]], [1, 3])", "t3.index(0, ':', [0, 2])",
             "a.index(mask.index(':, 0'))", "a.index(':', mask.index(0))", "t3.index(t3.index('..., 0').gt(0))", "b.index(j.sub(1))",
             "b.index(torch.tensor(2))", "a.index(torch.tensor(1))", "a.index([-1, -3])", "t3.index(-1, -1, -1)", "a.index('1:3').index(-1)",
             "a.index('::-1')", "a.index(-4)", "a.index([3])", "a.index(torch.tensor([T, F]))", "a.index(':, 4')",
             "t3.index(0, 0, 0, 0)", "b.index(torch.tensor([1.5]))",
             "a.clone().set('1:', b)", "a.clone().set(':, 0', torch.tensor([1.0, 2.0, 3.0]))",
             "a.clone().set(mask, torch.arange(mask.sum().item(), dtype=torch.float32))", "i.clone().set('0', 2.7)",
             "i.clone().set(i.gt(0), a.index(i.gt(0)))", "a.clone().set('None', 1)", "a.clone().set('..., -1', c.squeeze(1))",
             "a.clone().set('0, 0', torch.tensor(9))", "t3.clone().set(t3.lt(0), 0)", "mask.clone().set(0, F)", "a.clone().set(-1, b)",
             "a.clone().set([[0, 2], [1, 3]], 0)", "a.clone().set('::2, ::2', 0)", "a.clone().set(':, 1', torch.ones(4))",
             "a.clone().set(mask, torch.ones(2))", "a.clone().set(5, 0)", "a.clone().masked_fill(a.gt(0), float('-inf'))"]:
    case(expr, "a.clone().masked_fill(a.gt(0), -Infinity)" if "inf" in expr else None)
# creation
for expr in ["torch.tensor([[1.5, 2], [3, 4]])", "torch.tensor([1, 2], dtype=torch.int32)", "torch.tensor([1.7, -2.2], dtype=torch.int64)",
             "torch.tensor([[T, F], [F, T]])", "torch.tensor([1, T])", "torch.tensor([[]]).shape", "torch.tensor([2.5]).dtype",
             "torch.Tensor(3).shape", "torch.Tensor([T, F])", "torch.Tensor(2, 3).dtype", "torch.zeros(2, 3, dtype=torch.bool)",
             "torch.ones([2], dtype=torch.float64)", "torch.zeros([])", "torch.full([2, 2], 1.5, dtype=torch.float64)",
             "torch.full([2], 3, dtype=torch.float32)", "torch.full([2, 2], 7).dtype", "torch.arange(1, 2.5, 0.5)", "torch.arange(-3, 3)",
             "torch.arange(0, -5, -1)", "torch.arange(5, dtype=torch.float64)", "torch.arange(0, 5, 2)", "torch.arange(1, 0)",
             "torch.arange(0, 1, 0.1)", "torch.arange(-1, 1, 0.3)", "torch.linspace(0, 10, 5)", "torch.linspace(0, 1, 0)",
             "torch.linspace(3, -3, 7)", "torch.linspace(0, 1, 3, dtype=torch.float64)", "torch.linspace(-10, 10, 7, dtype=torch.float32)",
             "torch.eye(1)", "torch.eye(3, dtype=torch.int64)", "torch.eye(0)", "torch.zeros_like(a, dtype=torch.int64)", "torch.ones_like(mask)",
             "torch.full_like(i, 2.7)", "torch.empty_like(a).shape", "torch.rand_like(a).shape", "torch.ones(2, 3).stride()",
             "torch.empty(2, 3).shape", "torch.zeros(-1)", "a.int().dtype", "torch.tensor([300.7, -2.5]).int()", "torch.tensor([1e10]).long()",
             "torch.tensor([2, 0]).bool()", "mask.long()", "d.float()", "a.double().dtype", "a.to(torch.float64).element_size()", "i.item()",
             "torch.tensor([[3]]).item()", "torch.tensor(T).item()", "mask.index('0, 0').item()", "torch.tensor([1, 2]).tolist()",
             "torch.zeros(2, 0).tolist()"]:
    case(expr)
# normalize
for expr in ["torch.nn.functional.normalize(b, dim=0)", "torch.nn.functional.normalize(t3, dim=-1)",
             "torch.nn.functional.normalize(a, p=1, dim=1)", "torch.nn.functional.normalize(torch.zeros(2, 3))",
             "torch.nn.functional.normalize(a)", "torch.nn.functional.normalize(a, dim=0, eps=10.0)"]:
    case(expr)
# programs: several statements, the last one's value is compared
PROGS = []


def prog(statements, ts=None):
    PROGS.append((statements, ts))


# lecture 004: in-place ops return their input and keep its storage; a new result does not
prog(["a = torch.zeros(3, 2)", "b = a.cos_()", "c = a.add(b)",
      "[b is a, a.storage().data_ptr() == b.storage().data_ptr(), a.storage().data_ptr() == c.storage().data_ptr(), a, b, c]"],
     ["a = torch.zeros(3, 2)", "b = a.cos_()", "c = a.add(b)",
      "[b === a, a.storage().data_ptr() == b.storage().data_ptr(), a.storage().data_ptr() == c.storage().data_ptr(), a, b, c]"])
# lecture 004: seeded randint, top-right quadrant, multiples of four in column three
prog(["torch.manual_seed(0)", "a = torch.randint(-99, 100, [10, 10])", "d = a[0:int(a.shape[0] / 2), 5:10]", "e = a[:, 3]",
      "h = e[e % 4 == 0]", "[a, d, e, h, d.storage().data_ptr() == a.storage().data_ptr(), d.storage_offset(), e.stride(), "
      "h.storage().data_ptr() == a.storage().data_ptr()]"],
     ["torch.manual_seed(0)", "a = torch.randint(-99, 100, [10, 10])", "d = a.index(`0:${a.shape[0] / 2}, 5:10`)", "e = a.index(':, 3')",
      "h = e.index(e.remainder(4).eq(0))", "[a, d, e, h, d.storage().data_ptr() == a.storage().data_ptr(), d.storage_offset(), e.stride(), "
      "h.storage().data_ptr() == a.storage().data_ptr()]"])
prog(["torch.manual_seed(0)", "a = torch.randint(low=-99, high=100, size=[10, 10])", "a[0:int(a.shape[0] / 2), 0:int(a.shape[1] / 2)]"],
     ["torch.manual_seed(0)", "a = torch.randint(-99, 100, [10, 10])", "a.index(`0:${a.shape[0] / 2}, 0:${a.shape[1] / 2}`)"])
# lecture 002: grad_h[h < 0] = 0
prog(["h = a.clone()", "grad_h = a.mul(2)", "grad_h.set(h.lt(0), 0)", "grad_h"])
# in-place through views writes into the base; in-place returns self
prog(["x = a.clone()", "x.index(':, 1').mul_(0)", "x"])
prog(["x = a.clone()", "x.t().add_(1)", "x"])
prog(["x = a.clone()", "y = x.view(12)", "y.fill_(3)", "[x, y.storage().data_ptr() == x.storage().data_ptr()]"])
prog(["x = torch.zeros(3, 4)", "x.index(0).copy_(b)", "x.index(':, 3').copy_(c.squeeze(1))", "x"])
prog(["x = a.clone()", "x.narrow(1, 1, 2).zero_()", "x"])
prog(["x = a.clone()", "x.index(0).set('1:3', 0)", "x"])
prog(["x = a.clone()", "x.index('::2').set(mask.index('::2'), 1)", "x"])
prog(["x = a.clone()", "y = x.add_(1)", "[y is x, x._version]"], ["x = a.clone()", "y = x.add_(1)", "[y === x, x._version]"])
prog(["x = a.clone()", "y = x.t()", "x.mul_(2)", "[y, y.is_contiguous()]"])
prog(["x = torch.zeros(2, 3)", "y = x.expand(2, 2, 3)", "x.add_(1)", "y"])
prog(["x = torch.arange(12).view(3, 4)", "x.index(x.remainder(3).eq(0)).fill_(-1)", "x"])
prog(["x = torch.arange(6)", "v = x.view(2, 3)", "v.set('0, 0', 100)", "[x, v]"])


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
for statements, ts in PROGS:
    local = dict(env)
    try:
        for st in statements[:-1]:
            exec(st, local)
        result = {"value": encode(eval(statements[-1], local))}
    except Exception as e:
        result = {"error": str(e).split("\n")[0], "etype": type(e).__name__}
    cases.append(dict(expr="; ".join(statements), prog=statements, ts=ts, **result))
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
