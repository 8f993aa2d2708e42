#!/usr/bin/python3
"""Python's side of the torch.save / torch.load interop tests (test/runtime/serialization.test.ts),
run with Debian's python3-torch.

  write DIR            torch.save a set of objects into DIR; DIR/manifest.json describes each file
  check DIR            torch.load every file DIR/manifest.json lists and compare with its description
  lecture DIR          torch.save lecture 001's FeedForwardClassifier state_dict to DIR/ffn.pt
  same DIR A B         torch.load DIR/A and DIR/B and check they are the same state_dict
  st-write DIR         write DIR/py.safetensors by the format's specification (safetensors itself
                       is not packaged in Debian), with DIR/st-manifest.json describing it
  st-check DIR         read DIR/js.safetensors by the specification, compare with DIR/st-manifest.json

A description is JSON both sides produce: tensors with dtype, shape, stride, storage offset,
requires_grad, Parameter or not, which storage they view (numbered in order of appearance) and
their values; dicts, OrderedDicts, lists, tuples and plain values."""
import collections
import json
import math
import struct
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
    # What torchlab cannot load, for its error messages.
    unsupported = out / "unsupported"
    unsupported.mkdir()
    torch.save({"w": torch.ones(2, dtype=torch.float16)}, unsupported / "half.pt")
    torch.save(torch.tensor([2**53 + 1]), unsupported / "huge.pt")
    torch.save({"a": torch.ones(1).numpy()}, unsupported / "numpy.pt")
    torch.save(nn.Linear(2, 2), unsupported / "module.pt")
    torch.save(torch.ones(1), unsupported / "legacy.pt", _use_new_zipfile_serialization=False)


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


# safetensors: 8-byte little-endian header size N, N bytes of JSON {name: {dtype, shape,
# data_offsets: [begin, end]}, "__metadata__": {str: str}} (which may end in spaces), then the
# little-endian row-major data, every byte of it belonging to exactly one tensor.
ST_DTYPES = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64, "BOOL": torch.bool}


def st_read(path):
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    text = data[8:8 + n].decode("utf-8")
    assert text.startswith("{"), "the header starts with {"
    assert (8 + n) % 8 == 0, "the data starts 8-byte aligned"
    header = json.loads(text)
    buf = data[8 + n:]
    spans, tensors = [], collections.OrderedDict()
    for name, e in header.items():
        if name == "__metadata__":
            assert all(isinstance(v, str) for v in e.values())
            continue
        assert set(e) == {"dtype", "shape", "data_offsets"}, e
        b, end = e["data_offsets"]
        dtype = ST_DTYPES[e["dtype"]]
        numel = math.prod(e["shape"])
        assert end - b == numel * torch.tensor([], dtype=dtype).element_size(), name
        spans.append((b, end))
        raw = bytearray(buf[b:end])
        tensors[name] = (torch.frombuffer(raw, dtype=dtype) if numel else torch.zeros(0, dtype=dtype)).reshape(e["shape"])
    spans.sort()
    at = 0
    for b, end in spans:
        assert b == at, "no holes, no overlaps"
        at = end
    assert at == len(buf), "the data is fully indexed"
    return header.get("__metadata__"), tensors


def st_objects():
    g = torch.Generator().manual_seed(2)
    return collections.OrderedDict([
        ("layer.weight", torch.randn(3, 4, generator=g)), ("layer.bias", torch.randn(3, generator=g)),
        ("counts", torch.tensor([1, -2, 2**53 - 1])), ("ids", torch.tensor([7, 8], dtype=torch.int32)),
        ("mask", torch.tensor([True, False, True])), ("precise", torch.tensor([1 / 3], dtype=torch.float64)),
        ("scalar", torch.tensor(2.5)), ("empty", torch.zeros(0, 2)),
    ])


def st_write(out):
    out.mkdir(parents=True, exist_ok=True)
    tensors = st_objects()
    header, chunks, at = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        b = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": {v: k for k, v in ST_DTYPES.items()}[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        chunks.append(b)
        at += len(b)
    text = json.dumps(header).encode()
    text += b" " * (-(8 + len(text)) % 8)
    (out / "py.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + b"".join(chunks))
    (out / "st-manifest.json").write_text(json.dumps(describe(tensors, {})))


def st_check(out):
    metadata, tensors = st_read(out / "js.safetensors")
    got = describe(collections.OrderedDict(sorted(tensors.items())), {})
    want = json.loads((out / "st-manifest.json").read_text())
    for entry in got["odict"]:  # each safetensors tensor has a storage of its own
        entry[1]["tensor"]["storage"] = 0
    for entry in want["odict"]:
        entry[1]["tensor"]["storage"] = 0
    want["odict"].sort()
    if got != want:
        sys.exit(f"got {json.dumps(got)}\nwant {json.dumps(want)}")
    print(f"{len(tensors)} tensors equal, metadata {json.dumps(metadata)}")


if __name__ == "__main__":
    cmd, d = sys.argv[1], Path(sys.argv[2])
    if cmd == "same":
        same(d, *sys.argv[3:5])
    else:
        {"write": write, "check": check, "lecture": lecture, "st-write": st_write, "st-check": st_check}[cmd](d)
