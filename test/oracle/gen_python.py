#!/usr/bin/python3
"""Oracle fixtures for Python's print, pprint, repr, format(value, spec) and timedelta: what CPython
prints for values the lectures print (booleans, None, dicts, lists, tuples of tensors, floats, modules).

Values are stored tagged so the TypeScript test rebuilds the same ones: {"t": "tuple"|"dict"|
"tensor"|"module"|"float"|"timedelta", ...}; plain JSON otherwise. Python floats with integral
values are left out of print cases: JavaScript has one number type and prints them as ints."""
import contextlib
import io
import json
import math
import pprint
from datetime import timedelta
from pathlib import Path

import torch
from torch import nn


def enc(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v) or v == 0 and math.copysign(1, v) < 0:
            return {"t": "float", "v": repr(v)}
        return v
    if isinstance(v, tuple):
        return {"t": "tuple", "v": [enc(x) for x in v]}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {"t": "dict", "v": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, torch.Tensor):
        return {"t": "tensor", "dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                "data": [float(x) if v.is_floating_point() else int(x) for x in v.reshape(-1).tolist()],
                "requires_grad": v.requires_grad}
    if isinstance(v, timedelta):
        return {"t": "timedelta", "us": (v.days * 86400 + v.seconds) * 1000000 + v.microseconds}
    if isinstance(v, nn.Module):
        return {"t": "module", "layers": v._spec}
    raise TypeError(type(v))


def capture(f):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        f()
    return out.getvalue()


def module(spec):
    layers = [nn.Linear(*a[1:]) if a[0] == "Linear" else getattr(nn, a[0])() for a in spec]
    m = nn.Sequential(*layers)
    m._spec = spec
    return m


torch.manual_seed(0)
x = torch.arange(0, 1, 0.1, dtype=torch.float)[:, None]
y = x * 3 + torch.randn(x.shape)
t32 = torch.tensor(0.1).item()
mlp = module([["Linear", 1, 20], ["ReLU"], ["Linear", 20, 1]])

print_cases = [
    [True], [False], [None], [True, False, None],
    ["Elapsed time:", timedelta(seconds=9, microseconds=207511)],
    [1, 2.5, "three", [4, 5.5], (6,), ()],
    [{"y": torch.tensor(0), "X": torch.tensor([[0.0, 1.5], [2.25, -3.0]])}],
    [(x[0], y[0])], [(x[1], y[1])],
    [[x[:4], y[:4]]],
    [{"a": [1, 2, {"b": (None, True)}], "c": "it's", "d": 'say "hi"', "e": "both ' and \""}],
    [0.1, t32, 1 / 3, 1e-05, 0.0001, 1.5e-07, 1e16 + 2, 123456789.125, -0.5, 2.5e-300, float("nan"), float("inf"), -0.0],
    [[float("-inf"), 1e22, 3.0000000000000004]],
    ["a\tb\nc", ["a\tb\nc", "\\"]],
    [mlp], [[mlp]],
    [torch.tensor([1.0, 2.0], requires_grad=True)],
    [torch.tensor([True, False])],
]
sep_cases = [
    [["a", "b", 3], {"sep": ", "}],
    [["a", "b"], {"sep": "", "end": "!\n"}],
    [[1, 2, 3], {"end": ""}],
    [[], {}],
]

fixture = {"print": [], "pprint": [], "format": [], "timedelta": []}
for args in print_cases:
    fixture["print"].append({"args": [enc(a) for a in args], "kw": {}, "out": capture(lambda: print(*args))})
for args, kw in sep_cases:
    fixture["print"].append({"args": [enc(a) for a in args], "kw": kw, "out": capture(lambda: print(*args, **kw))})

long_words = "the quick brown fox jumps over the lazy dog " * 3
pprint_cases = [
    ({"y": 1, "X": 2, "b": [1, 2]}, {}),
    ({"zeta": list(range(30)), "alpha": {"k%d" % i: i * 0.5 + 0.25 for i in range(12)}, "mid": (1, "two", None)}, {}),
    ([list(range(10)) for _ in range(4)], {}),
    ({"tensor": torch.tensor([[1.0, 2.0], [3.0, 4.0]]), "label": "long label " * 8}, {}),
    ((1,), {}), ((), {}), ([], {}), ({}, {}),
    ({"outer": {"inner": {"deep": [1, 2, 3]}}}, {"width": 20}),
    ([[1, 2], [3, 4]], {"depth": 1}),
    (list(range(40)), {"compact": True}),
    ({"b": 1, "a": 2}, {"sort_dicts": False}),
    (long_words, {}),
    ({"text": long_words}, {}),
    ({"w": [1.5, 2.25, t32] * 6}, {"width": 40, "indent": 4}),
]
for v, kw in pprint_cases:
    fixture["pprint"].append({"value": enc(v), "kw": kw, "out": capture(lambda: pprint.pprint(v, **kw))})

format_cases = [
    (0.123456, ".3f"), (2.0005, ".3f"), (0.5, ".0f"), (1.5, ".0f"), (2.5, ".0f"), (-0.0004, ".3f"), (-0.0004, "z.3f"),
    (1234567.891, ",.2f"), (1234567.891, "_.1f"), (0.8263, ".1%"), (12345.678, ".3e"), (12345.678, "E"),
    (0.00001234, "g"), (123456789.0, "g"), (0.0001, ".3g"), (100000.0, "g"), (1e-5, "#g"), (3.14159, ".3"), (123.0, ".3"),
    (0.1, ""), (t32, ""), (t32, ".4f"), (1e16 + 2, ""), (3.5, "10.2f"), (3.5, "<10.2f"), (3.5, "^10.2f"), (-3.5, "=10.2f"),
    (-3.5, "010.2f"), (3.5, "+.1f"), (3.5, " .1f"), (3.5, "*^12.3f"), (1234.5, "012,.1f"), (float("nan"), ".2f"),
    (float("inf"), "+f"), (float("-inf"), "10.1f"),
    (42, ""), (42, "d"), (42, "5d"), (42, "<5d"), (42, "^6d"), (42, "05d"), (-42, "05d"), (42, "+d"), (1234567, ","),
    (1234567, "_d"), (255, "x"), (255, "#X"), (255, "#b"), (8, "o"), (255, "08b"), (42, ".2f"), (42, "e"), (42, "%"),
    (42, "g"), (65, "c"), (10 ** 15, ","),
    ("text", ""), ("text", "10"), ("text", ">10"), ("text", "^10"), ("text", "*<8"), ("text", ".2"), ("text", "8.2s"),
    (True, ""), (True, "d"), (False, ">6"), (None, ""),
    (torch.tensor(0.6931471824645996), ".3f"), (torch.tensor(3), "05d"), (torch.tensor(2.0), ""), (torch.tensor([1.0, 2.0]), ""),
]
error_cases = [(2.5, "d"), ("text", "+"), ("text", "d"), (None, ".2f"), (torch.tensor([1.0, 2.0]), ".2f"), (1.5, "q")]
for v, spec in format_cases:
    fixture["format"].append({"value": enc(v), "spec": spec, "out": format(v, spec)})
for v, spec in error_cases:
    try:
        format(v, spec)
        raise AssertionError("expected an error")
    except (ValueError, TypeError) as e:
        fixture["format"].append({"value": enc(v), "spec": spec, "error": type(e).__name__, "message": str(e)})

for td in [timedelta(seconds=9, microseconds=207511), timedelta(0), timedelta(microseconds=5), timedelta(hours=25, minutes=3),
           timedelta(days=2, seconds=1), timedelta(microseconds=-1), timedelta(days=-3, hours=4), timedelta(milliseconds=1500),
           timedelta(weeks=1, seconds=59.9999995)]:
    fixture["timedelta"].append({"value": enc(td), "str": str(td), "repr": repr(td), "total_seconds": td.total_seconds()})

out = Path(__file__).resolve().parent.parent / "fixtures" / "python.json"
out.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {out} ({sum(len(v) for v in fixture.values())} cases)")
