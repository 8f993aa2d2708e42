#!/usr/bin/python3
"""Python's side of the torch.save / torch.load interop tests (test/runtime/serialization.test.ts),
run with Debian's python3-torch.

  write DIR            torch.save a set of objects into DIR; DIR/manifest.json describes each file
  check DIR            torch.load every file DIR/manifest.json lists and compare with its description
  lecture DIR          torch.save lecture 001's FeedForwardClassifier state_dict to DIR/ffn.pt
  same DIR A B         torch.load DIR/A and DIR/B and check they are the same state_dict

A description is JSON both sides produce: tensors with dtype, shape, stride, storage offset,
requires_grad, Parameter or not, which storage they view (numbered in order of appearance) and
their values; dicts, OrderedDicts, lists, tuples and plain values."""
import collections
import json
import math
import sys
from pathlib import Path

import torch
from torch import nn


def num(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v) or (v == 0 and math.copysign(1, v) < 0)):
        return "nan" if math.isnan(v) else "-0" if v == 0 else ("inf" if v > 0 else "-inf")
    return v


def describe(obj, storages):
    if isinstance(obj, torch.Tensor):
        s = obj.storage()
        key = s.data_ptr() if s.size() else ("empty", id(s))
        storages.setdefault(key, len(storages))
        return {"tensor": {
            "dtype": str(obj.dtype).replace("torch.", ""), "shape": list(obj.shape), "stride": list(obj.stride()),
            "offset": obj.storage_offset(), "requires_grad": obj.requires_grad, "param": isinstance(obj, nn.Parameter),
            "storage": storages[key], "storage_size": s.size(),
            "values": [num(float(v)) if obj.dtype.is_floating_point else (bool(v) if obj.dtype == torch.bool else int(v))
                       for v in obj.detach().reshape(-1).tolist()],
        }}
    if isinstance(obj, collections.OrderedDict):
        return {"odict": [[k, describe(v, storages)] for k, v in obj.items()]}
    if isinstance(obj, dict):
        return {"dict": [[k, describe(v, storages)] for k, v in obj.items()]}
    if isinstance(obj, list):
        return {"list": [describe(v, storages) for v in obj]}
    if isinstance(obj, tuple):
        return {"tuple": [describe(v, storages) for v in obj]}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return {"value": num(obj), "type": type(obj).__name__}
    raise TypeError(f"cannot describe {type(obj).__name__}")


class FeedForwardClassifier(nn.Module):
    """Lecture 001's model."""

    def __init__(self, vocab_size, num_classes=2):
        super().__init__()
        self.layer_0 = nn.Linear(vocab_size, 100)
        self.layer_1 = nn.Linear(100, 100)
        self.layer_2 = nn.Linear(100, 100)
        self.output_layer = nn.Linear(100, num_classes, bias=True)
        self.softmax = nn.Softmax(dim=1)


def objects():
    g = torch.Generator().manual_seed(1)
    base = torch.randn(4, 6, generator=g)
    p = nn.Parameter(torch.randn(3, generator=g))
    frozen = nn.Parameter(torch.ones(2, 2), requires_grad=False)
    lin = nn.Linear(3, 2)
    yield "dtypes", {
        "float32": torch.tensor([1.5, -2.25, 0.0, -0.0, float("inf"), float("-inf"), float("nan"), 3.4028234663852886e38, 1e-45]),
        "float64": torch.tensor([1 / 3, -1e300, 5e-324], dtype=torch.float64),
        "int32": torch.tensor([0, -1, 2**31 - 1, -2**31], dtype=torch.int32),
        "int64": torch.tensor([0, -1, 2**53 - 1, -(2**53 - 1), 12345678901234], dtype=torch.int64),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(7.25),
        "empty": torch.zeros(0, 3),
    }
    yield "views", {
        "base": base, "t": base.t(), "row": base[2], "col": base[:, 3], "block": base[1:3, 2:5], "step": base[::2, ::3],
        "expand": torch.arange(3.0).unsqueeze(0).expand(4, 3), "alone": torch.arange(10)[4:7],
    }
    yield "params", {"p": p, "p_again": p, "frozen": frozen, "grad": torch.ones(2, requires_grad=True), "lin": lin.state_dict()}
    yield "containers", [
        (1, 2.5, "three", True, None, False),
        {"nested": [base[0], {"deep": (torch.tensor([1, 2]),)}], "int": -7, "big": 2**40, "float": 0.1, "str": "héllo ✓"},
        collections.OrderedDict([("b", 1), ("a", torch.tensor([0.5]))]),
        [],
        {},
        (),
    ]
    yield "tensor", base.t()


def write(out):
    out.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name, obj in objects():
        torch.save(obj, out / f"{name}.pt")
        manifest[name] = describe(obj, {})
    (out / "manifest.json").write_text(json.dumps(manifest))


def check(out):
    manifest = json.loads((out / "manifest.json").read_text())
    failures = []
    for name, want in manifest.items():
        got = describe(torch.load(out / f"{name}.pt"), {})
        if got != want:
            failures.append(f"{name}: got {json.dumps(got)[:2000]}\n  want {json.dumps(want)[:2000]}")
    if failures:
        sys.exit("\n".join(failures))
    print(f"{len(manifest)} files equal")


def lecture(out):
    torch.manual_seed(0)
    torch.save(FeedForwardClassifier(10106, 2).state_dict(), out / "ffn.pt")


def same(out, a, b):
    x, y = torch.load(out / a), torch.load(out / b)
    assert type(x) is type(y) is collections.OrderedDict, (type(x), type(y))
    assert list(x) == list(y), (list(x), list(y))
    for k in x:
        assert x[k].dtype == y[k].dtype and x[k].shape == y[k].shape and x[k].stride() == y[k].stride(), k
        assert torch.equal(x[k], y[k]), k
    assert x._metadata == y._metadata, (x._metadata, y._metadata)
    model = FeedForwardClassifier(10106, 2)
    model.load_state_dict(y)
    print(f"{len(x)} tensors equal")


if __name__ == "__main__":
    cmd, d = sys.argv[1], Path(sys.argv[2])
    {"write": write, "check": check, "lecture": lecture}.get(cmd, lambda d: same(d, *sys.argv[3:5]))(d)
