#!/usr/bin/python3
"""PyTorch's float32 results for dense sweeps of inputs, for the SIMD kernels' ulp tests
(test/runtime/vmath.test.ts). Each case names its inputs (a sweep of float32 bit patterns, or
torch.rand/randn from a seed, which torchlab reproduces bit for bit) and a reference formula
evaluated in float64 and rounded to float32 (F) at the steps named, which both languages compute
the same way; the fixture stores only the inputs where PyTorch's result differs from that
reference, as (index, float32 bits) pairs. Softmax cases store samples of PyTorch's results."""
import json
import numpy as np
import torch

torch.set_num_threads(1)
F = np.float32
F64 = np.float64


def sweep(hi, count, signs):
    """`count` float32 values from 0 up to `hi` by equal steps of their bit patterns (and their
    negations when signs == 2), then 0, -0, inf, -inf, nan."""
    top = int(np.array([hi], dtype=np.float32).view(np.uint32)[0])
    stride = max(1, top // count)
    pos = (np.arange(count, dtype=np.uint64) * stride + 1).astype(np.uint32).view(np.float32)
    parts = [pos, -pos] if signs == 2 else [pos]
    return np.concatenate(parts + [np.array([0, -0.0, np.inf, -np.inf, np.nan], dtype=np.float32)]), stride


def rounded(f):
    """f evaluated in float64 with numpy, errors silenced, then rounded to float32."""
    def g(x):
        with np.errstate(all="ignore"):
            return F(f(x.astype(F64)))
    return g


def f32(v):
    with np.errstate(all="ignore"):
        return F64(F(v))


# name: (reference in float64 with float32 roundings, PyTorch's op)
UNARY = {
    "exp": (rounded(np.exp), torch.exp),
    "log": (rounded(np.log), torch.log),
    "tanh": (rounded(np.tanh), torch.tanh),
    # PyTorch's vectorized sigmoid: 1 / (1 + e^-x) in float32 steps
    "sigmoid": (rounded(lambda x: 1 / f32(1 + f32(np.exp(-x)))), torch.sigmoid),
    "rsqrt": (rounded(lambda x: 1 / f32(np.sqrt(x))), torch.rsqrt),
    "pow3": (rounded(lambda x: f32(x * x) * x), lambda t: t.pow(3)),
    "pow_m2": (rounded(lambda x: 1 / f32(x * x)), lambda t: t.pow(-2)),
}
SWEEPS = {"exp": (105, 1 << 19, 2), "log": (3.4e38, 1 << 20, 2), "tanh": (12, 1 << 19, 2), "sigmoid": (105, 1 << 19, 2),
          "rsqrt": (3.4e38, 1 << 18, 1), "pow3": (1e12, 1 << 18, 2), "pow_m2": (1e18, 1 << 18, 2)}

cases = []


def deltas(got, ref):
    g = got.view(np.uint32)
    r = ref.view(np.uint32)
    nan = np.isnan(got) & np.isnan(ref)
    idx = np.nonzero((g != r) & ~nan)[0]
    return [[int(i), int(g[i])] for i in idx]


for name, (ref, op) in UNARY.items():
    hi, count, signs = SWEEPS[name]
    x, stride = sweep(hi, count, signs)
    got = op(torch.from_numpy(x)).numpy()
    cases.append({"name": name, "inputs": {"sweep": [stride, count, signs]}, "deltas": deltas(got, ref(x))})


# Softmax sums in float32 vectors, in an order no reference here can follow: those cases store
# PyTorch's result at 4096 positions drawn from a seeded generator.
for seed, shape, scale in [(1, [256, 1000], 8.0), (2, [1000, 10], 3.0), (3, [64, 4099], 20.0)]:
    torch.manual_seed(seed)
    x = torch.randn(*shape) * scale
    at = torch.randint(0, x.numel(), (4096,), generator=torch.Generator().manual_seed(seed)).numpy()
    for log in (False, True):
        got = (torch.log_softmax(x, 1) if log else torch.softmax(x, 1)).numpy().reshape(-1)
        cases.append({"name": f"{'log_softmax' if log else 'softmax'} {shape}", "inputs": {"randn": [seed, shape, scale]},
                      "samples": [[int(i), int(got[i:i + 1].view(np.uint32)[0])] for i in at]})

json.dump(cases, open("test/fixtures/vmath.json", "w"))
for c in cases:
    print(f"{c['name']}: " + (f"{len(c['deltas'])} values differ from the reference" if "deltas" in c else f"{len(c['samples'])} samples"))
