#!/usr/bin/python3
"""Oracle fixtures for Python's operators on tensors. The operands are the op fixture's inputs
(test/fixtures/ops.json) and, for gradients, the gradient fixture's float64 leaves
(test/fixtures/grads.json). Each case is written three ways: with operators in Python, with
operators in a TypeScript cell (the same text where the languages agree: `a + c`, `1 - a`, `~mask`,
`a[1, 2]`; a string for a slice, `a['0:2, 1']`) and in the method form cells also take
(`a.add(c)`, `a.__rsub__(1)`, `a.index('0:2, 1')`). test/kernel/operators.test.ts runs both
TypeScript forms in the kernel and compares them with each other and with PyTorch's result here.
generate.py runs the scripts in name order: this one after gen_ops.py and gen_grads.py."""
import json
import math
from pathlib import Path

import torch

fixtures = Path(__file__).resolve().parent.parent / "fixtures"
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32, "bool": torch.bool}


def decode(e):
    vals = [float(v) if isinstance(v, str) else v for v in e["values"]]
    t = torch.tensor(vals if e["shape"] else vals[0], dtype=DTYPES[e["dtype"]])
    return t.reshape(e["shape"])


ops_inputs = json.loads((fixtures / "ops.json").read_text())["inputs"]
inputs = {k: decode(v) for k, v in ops_inputs.items()}
env = dict(inputs, torch=torch, T=True, F=False)

# ---- cases: (python, typescript with operators, typescript method form) ----------------------
CASES = []


def case(py, method, ts=None):
    CASES.append((py, ts or py, method))


# name, method for tensor OP x, method for number OP tensor (Python's reflected operator)
BINARY = [("+", "add", "add"), ("-", "sub", "__rsub__"), ("*", "mul", "mul"), ("/", "div", "__rtruediv__"),
          ("%", "remainder", "__rmod__"), ("**", "pow", "__rpow__"), ("==", "eq", "eq"), ("!=", "ne", "ne"),
          ("<", "lt", "gt"), ("<=", "le", "ge"), (">", "gt", "lt"), (">=", "ge", "le")]
for op, method, reflected in BINARY:
    # tensor with tensor (broadcasting, integer, promotion), tensor with a number, number with a tensor
    for x, y in [("a", "c"), ("i", "j"), ("a", "d"), ("s", "i"), ("i", "a"), ("a", "2"), ("a", "0.5"), ("i", "2"), ("i", "2.5"),
                 ("d", "3")]:
        case(f"{x} {op} {y}", f"{x}.{method}({y})")
    for x, y in [("2", "a"), ("0.5", "a"), ("2", "i"), ("3", "s"), ("1.5", "d")]:
        case(f"{x} {op} {y}", f"{y}.{reflected}({x})")
case("mask + mask", "mask.add(mask)")
case("mask * 2.5", "mask.mul(2.5)")
case("mask - mask", "mask.sub(mask)")
case("1 - mask", "mask.__rsub__(1)")
case("mask == T", "mask.eq(T)")
# bitwise, on bool and integer tensors
for op, method in [("&", "bitwise_and"), ("|", "bitwise_or"), ("^", "bitwise_xor")]:
    for x, y in [("mask", "(b > 0)"), ("i", "j"), ("i", "3"), ("s", "i"), ("mask", "i"), ("mask", "T"), ("a", "1"), ("a", "mask")]:
        case(f"{x} {op} {y}", f"{x}.{method}({y.replace('(b > 0)', 'b.gt(0)')})")
    for x, y in [("3", "i"), ("T", "mask")]:
        case(f"{x} {op} {y}", f"{y}.{method}({x})")
# unary
for x in ["a", "i", "s", "d", "mask"]:
    case(f"-{x}", f"{x}.neg()")
    case(f"+{x}", f"{x}.positive()")
    case(f"~{x}", f"{x}.__invert__()")
# subscripts
for py, ts, method in [("a[0]", None, "a.index(0)"), ("a[-1]", None, "a.index(-1)"), ("a[1, 2]", None, "a.index(1, 2)"),
                       ("a[mask]", None, "a.index(mask)"), ("a[k]", None, "a.index(k)"), ("a[[0, 2]]", None, "a.index([0, 2])"),
                       ("a[0:2, 1]", "a['0:2, 1']", "a.index('0:2, 1')"), ("a[:, None]", "a[':, None']", "a.index(':, None')"),
                       ("t3[..., 0]", "t3['..., 0']", "t3.index('..., 0')"), ("a[::2]", "a['::2']", "a.index('::2')"),
                       ("t3[0, :, [0, 2]]", "t3[0, ':', [0, 2]]", "t3.index(0, ':', [0, 2])"),
                       ("a[mask[:, 0]]", "a[mask[':, 0']]", "a.index(mask.index(':, 0'))"), ("b[j - 1]", None, "b.index(j.sub(1))"),
                       ("a[a > 0]", None, "a.index(a.gt(0))"), ("a[5]", None, "a.index(5)"), ("i[i % 2 == 0]", None, "i.index(i.remainder(2).eq(0))")]:
    case(py, method, ts)
# nested and chained expressions
for py, ts, method in [
        ("(a + c).sum()", None, "a.add(c).sum()"),
        ("((a - a.mean()) / a.std()).abs().max()", None, "a.sub(a.mean()).div(a.std()).abs().max()"),
        ("1 / (1 + torch.exp(-(a @ m + v)))", "1 / (1 + torch.exp(-(a.matmul(m) + v)))",
         "torch.exp(a.matmul(m).add(v).neg()).add(1).__rtruediv__(1)"),
        ("-(c * torch.log(p) + (1 - c) * torch.log(1 - p)).mean()", None,
         "c.mul(torch.log(p)).add(c.__rsub__(1).mul(torch.log(p.__rsub__(1)))).mean().neg()"),
        ("(a > 0) & (a < 1)", None, "a.gt(0).bitwise_and(a.lt(1))"),
        ("(i % 3 == 0) | (i < 0)", None, "i.remainder(3).eq(0).bitwise_or(i.lt(0))"),
        ("2 ** -a", None, "a.neg().__rpow__(2)"),
        ("a * 2 + b - c / 3", None, "a.mul(2).add(b).sub(c.div(3))"),
        ("(a ** 2).sum() ** 0.5", None, "a.pow(2).sum().pow(0.5)"),
        ("a[a > 0].sum() * 2", None, "a.index(a.gt(0)).sum().mul(2)"),
        ("~(a > 0) | mask", None, "a.gt(0).__invert__().bitwise_or(mask)"),
        ("(a @ m)[0, 1:3] * 10", "a.matmul(m)[0, '1:3'] * 10", "a.matmul(m).index(0, '1:3').mul(10)"),
        ("-a[0] + 2 * a[1]", None, "a.index(0).neg().add(a.index(1).mul(2))")]:
    case(py, method, ts)

# ---- programs: in-place operators and assignments; the last statement's value is compared -----
PROGRAMS = []


def program(py, ts, method):
    PROGRAMS.append((py, ts, method))


COMPOUND = [("+=", "add_"), ("-=", "sub_"), ("*=", "mul_"), ("/=", "div_"), ("%=", "remainder_"), ("**=", "pow_"),
            ("&=", "bitwise_and_"), ("|=", "bitwise_or_"), ("^=", "bitwise_xor_")]
for op, method in COMPOUND:
    for base, operand in [("a", "c"), ("a", "2"), ("i", "j"), ("i", "3"), ("mask", "mask")]:
        py = [f"x = {base}.clone()", "y = x", f"x {op} {operand}", "[y is x, x._version, x]"]
        ts = [f"x = {base}.clone()", "y = x", f"x {op} {operand}", "[y === x, x._version, x]"]
        program(py, ts, ts[:2] + [f"x.{method}({operand})"] + ts[3:])
# x[k] op= v: x.__setitem__(k, x.__getitem__(k).__iop__(v)), through a view or a copy
for py_key, ts_key in [("0", "0"), ("mask", "mask"), ("1, 2", "1, 2"), ("0:2, 1", "'0:2, 1'"), ("[0, 2]", "[0, 2]")]:
    for op, method in [("+=", "add_"), ("*=", "mul_")]:
        py = ["x = a.clone()", f"x[{py_key}] {op} 2", "[x, x._version]"]
        ts = ["x = a.clone()", f"x[{ts_key}] {op} 2", "[x, x._version]"]
        program(py, ts, ["x = a.clone()", f"x.set({ts_key}, x.index({ts_key}).{method}(2))", "[x, x._version]"])
# x[k] = v
for py_key, ts_key, value in [("mask", "mask", "0"), ("0", "0", "b"), ("0:2, 1", "'0:2, 1'", "5"), ("1, 2", "1, 2", "-1"),
                              ("[0, 2]", "[0, 2]", "0"), ("a < 0", "a < 0", "a.abs()[a < 0]")]:
    method_value = value.replace("a.abs()[a < 0]", "a.abs().index(a.lt(0))")
    py = ["x = a.clone()", f"x[{py_key}] = {value}", "[x, x._version]"]
    ts = ["x = a.clone()", f"x[{ts_key}] = {value}", "[x, x._version]"]
    program(py, ts, ["x = a.clone()", f"x.set({ts_key.replace('a < 0', 'a.lt(0)')}, {method_value})", "[x, x._version]"])
# the lecture lines: w1 -= learning_rate * grad_w1; grad_h[h < 0] = 0
program(["w1 = m.clone()", "learning_rate = 1e-2", "w1 -= learning_rate * m.abs()", "[w1, w1._version]"],
        ["w1 = m.clone()", "learning_rate = 1e-2", "w1 -= learning_rate * m.abs()", "[w1, w1._version]"],
        ["w1 = m.clone()", "learning_rate = 1e-2", "w1.sub_(m.abs().mul(learning_rate))", "[w1, w1._version]"])
program(["h = a.clone()", "grad_h = a * 2", "grad_h[h < 0] = 0", "grad_h"], ["h = a.clone()", "grad_h = a * 2", "grad_h[h < 0] = 0", "grad_h"],
        ["h = a.clone()", "grad_h = a.mul(2)", "grad_h.set(h.lt(0), 0)", "grad_h"])
program(["x = i.clone()", "x /= 2", "x"], ["x = i.clone()", "x /= 2", "x"], ["x = i.clone()", "x.div_(2)", "x"])
program(["x = a.clone()", "v = x[0]", "v += 1", "[x, v, x._version, v._version]"],
        ["x = a.clone()", "v = x[0]", "v += 1", "[x, v, x._version, v._version]"],
        ["x = a.clone()", "v = x.index(0)", "v.add_(1)", "[x, v, x._version, v._version]"])
program(["x = a.clone()", "[+x is x, (-x) is x]"], ["x = a.clone()", "[+x === x, (-x) === x]"], ["x = a.clone()", "[x.positive() === x, x.neg() === x]"])

# ---- gradients: the grad_fn of each result and the gradients of sum(result * w) ------------------
grads_fixture = json.loads((fixtures / "grads.json").read_text())
leaf_values = {k: torch.tensor(v["values"], dtype=torch.float64).reshape(v["shape"]) for k, v in grads_fixture["inputs"].items()}
GRADS = [  # (python, typescript with operators, method form)
    ("x + y", None, "x.add(y)"), ("x - y", None, "x.sub(y)"), ("x * y", None, "x.mul(y)"), ("x / p", None, "x.div(p)"),
    ("x + 1", None, "x.add(1)"), ("2 - x", None, "x.__rsub__(2)"), ("2 / p", None, "p.__rtruediv__(2)"), ("3 * x", None, "x.mul(3)"),
    ("x ** 2", None, "x.pow(2)"), ("p ** x", None, "p.pow(x)"), ("2 ** x", None, "x.__rpow__(2)"), ("-x", None, "x.neg()"),
    ("+x", None, "x.positive()"), ("x % 1.5", None, "x.remainder(1.5)"), ("x % p", None, "x.remainder(p)"),
    ("5 % p", None, "p.__rmod__(5)"), ("x[0]", None, "x.index(0)"), ("x[x > 0]", None, "x.index(x.gt(0))"),
    ("x[1, 2]", None, "x.index(1, 2)"), ("x[[0, 2]]", None, "x.index([0, 2])"), ("x[:, 1:3]", "x[':, 1:3']", "x.index(':, 1:3')"),
    ("1 / (1 + torch.exp(-x))", None, "torch.exp(x.neg()).add(1).__rtruediv__(1)"), ("(x - y) ** 2", None, "x.sub(y).pow(2)"),
    ("-(c * torch.log(p) + (1 - c) * torch.log(1 - p / 2))", None,
     "c.mul(torch.log(p)).add(c.__rsub__(1).mul(torch.log(p.div(2).__rsub__(1)))).neg()"),
]
grads = []
for py, ts, method in GRADS:
    leaves = {k: v.clone().requires_grad_(True) for k, v in leaf_values.items()}
    out = eval(py, {"torch": torch}, leaves)
    torch.manual_seed(len(grads))
    w = torch.randn(out.shape, dtype=out.dtype)
    used = [k for k in leaves if k in py.replace("torch", "").replace("exp", "").replace("log", "")]
    entry = {"py": py, "ts": ts or py, "method": method, "grad_fn": type(out.grad_fn).__name__ if out.grad_fn else None,
             "w": w.reshape(-1).tolist()}
    try:
        gs = torch.autograd.grad((out * w).sum(), [leaves[k] for k in used], allow_unused=True)
        entry["grads"] = {k: (g.reshape(-1).tolist() if g is not None else None) for k, g in zip(used, gs)}
    except RuntimeError as e:
        entry["error"] = str(e).split("\n")[0]
    grads.append(entry)


# ---- evaluation -------------------------------------------------------------------------------
def encode(x):
    if isinstance(x, torch.Tensor):
        vals = x.detach().reshape(-1).tolist()
        return {"tensor": True, "shape": list(x.shape), "dtype": str(x.dtype).replace("torch.", ""),
                "values": [v if not (isinstance(v, float) and not math.isfinite(v)) else repr(v) for v in vals]}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    return x


def outcome(fn):
    try:
        return {"value": encode(fn())}
    except Exception as e:  # the message is the expected result
        return {"error": str(e).split("\n")[0], "etype": type(e).__name__}


cases = [dict(py=py, ts=ts, method=method, **outcome(lambda: eval(py, dict(env)))) for py, ts, method in CASES]


def run_program(statements):
    local = dict(env)
    for st in statements[:-1]:
        exec(st, local)
    return eval(statements[-1], local)


programs = [dict(py=py, ts=ts, method=method, **outcome(lambda: run_program(py))) for py, ts, method in PROGRAMS]

out = fixtures / "operators.json"
out.write_text(json.dumps({"torch": torch.__version__, "cases": cases, "programs": programs,
                           "grad_inputs": {k: {"shape": list(v.shape), "values": v.reshape(-1).tolist()} for k, v in leaf_values.items()},
                           "grads": grads}))
print(f"{len(cases)} operator cases ({sum('error' in c for c in cases)} errors), {len(programs)} programs, {len(grads)} gradients -> {out}")
