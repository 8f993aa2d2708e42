#!/usr/bin/python3
"""Oracle fixtures for the random streams (test/fixtures/random.json).

Each program seeds a generator and runs a list of draws; every drawn value is recorded. Python
floats are doubles and a float32 value converts to one exactly, so the JSON holds float32 results
exactly; runs longer than 32 floats are stored as their bytes in base64; int64 values go as strings
because they may exceed 2^53."""
import base64
import json
from pathlib import Path

import torch

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32, "bool": torch.bool}


def draw(step, g):
    op, a = step[0], step[1:]
    kw = {"generator": g} if g is not None else {}
    if op == "rand":
        return torch.rand(a[0], dtype=DT[a[1]], **kw)
    if op == "randn":
        return torch.randn(a[0], dtype=DT[a[1]], **kw)
    if op == "uniform_":
        return torch.empty(a[0], dtype=DT[a[3]]).uniform_(a[1], a[2], **kw)
    if op == "normal_":
        return torch.empty(a[0], dtype=DT[a[3]]).normal_(a[1], a[2], **kw)
    if op == "randint":
        return torch.randint(a[0], a[1], a[2], dtype=DT[a[3]], **kw)
    if op == "randperm":
        return torch.randperm(a[0], **kw)
    if op == "random_":
        return torch.empty(a[0], dtype=DT[a[1]]).random_(**kw)
    if op == "bernoulli_":
        return torch.empty(a[0], dtype=DT[a[2]]).bernoulli_(a[1], **kw)
    if op == "multinomial":
        return torch.multinomial(torch.tensor(a[0], dtype=DT[a[3]]), a[1], a[2], **kw)
    raise ValueError(op)


def values(t):
    flat = t.reshape(-1).contiguous()
    if t.is_floating_point() and flat.numel() > 32:
        # long float runs as their little-endian bytes: exact and a third of the text
        return {"dtype": str(t.dtype)[6:], "base64": base64.b64encode(flat.numpy().astype(flat.numpy().dtype.newbyteorder("<")).tobytes()).decode()}
    if t.dtype == torch.int64:
        return [str(v) for v in flat.tolist()]
    if t.dtype == torch.bool:
        return [int(v) for v in flat.tolist()]
    return flat.tolist()


def run(prog):
    """A program: a seed, an optional separate generator, then steps; ["seed", s] reseeds mid-way."""
    g = torch.Generator() if prog.get("generator") else None
    (g.manual_seed if g is not None else torch.manual_seed)(prog["seed"])
    out = []
    for step in prog["steps"]:
        if step[0] == "seed":
            (g.manual_seed if g is not None else torch.manual_seed)(step[1])
            out.append([])
        else:
            out.append(values(draw(step, g)))
    return out


SEEDS = [0, 1, 42, 2**32 + 5, 123456789012345, 2**64 - 1]
SIZES = [1, 2, 15, 16, 17, 31, 100, 1000, 1003]
programs = []
for seed in SEEDS:
    for n in SIZES:
        programs.append({"seed": seed, "steps": [["rand", [n], "float32"], ["randn", [n], "float32"],
                                                 ["rand", [n], "float64"], ["randn", [n], "float64"]]})
    programs.append({"seed": seed, "steps": [
        ["randint", -99, 100, [10, 10], "int64"], ["randperm", 100], ["randn", [7], "float32"], ["randn", [7], "float32"],
        ["rand", [3], "float64"], ["randn", [3], "float64"], ["randint", 0, 2**40, [5], "int64"], ["randn", [5, 4], "float32"],
        ["randint", 0, 10, [6], "float32"], ["randint", 3, 9, [20], "int32"], ["randint", -(2**40), 2**40, [4], "float64"],
        ["random_", [], "int64"], ["randn", [1], "float32"]]})
    programs.append({"seed": seed, "steps": [["random_", [], "int64"]]})

# Mean, std and bounds that are not powers of two expose whether the kernel fuses multiply-add.
for seed in [0, 7]:
    programs.append({"seed": seed, "steps": [
        ["uniform_", 1000, -0.0314, 0.0314, "float32"], ["uniform_", 1000, -0.0314, 0.0314, "float64"],
        ["uniform_", 37, -0.5, 0.5, "float32"], ["uniform_", 10, 2.5, 7.25, "float64"],
        ["normal_", 40, 2.0, 0.3, "float32"], ["normal_", 40, 0.1, 0.3, "float64"], ["normal_", 5, -1.0, 3.1, "float32"],
        ["normal_", 5, -1.0, 3.1, "float64"], ["normal_", 1003, 0.5, 0.02, "float32"], ["normal_", 1003, 0.5, 0.02, "float64"]]})

# Odd scalar-path sizes back to back use the cached second normal; manual_seed must drop it.
programs.append({"seed": 3, "steps": [["randn", [3], "float32"], ["randn", [3], "float32"], ["randn", [1], "float64"],
                                      ["seed", 3], ["randn", [3], "float32"], ["randn", [16], "float32"], ["randn", [1], "float32"]]})
for n in [1, 2, 10, 100, 5000]:
    programs.append({"seed": 0, "steps": [["randperm", n]]})
programs.append({"seed": 0, "steps": [["randn", [16384], "float32"]]})
programs.append({"seed": 0, "steps": [["rand", [100, 100], "float32"]]})
programs.append({"seed": 0, "steps": [["randn", [8192], "float64"]]})

# Separate generators, as DataLoader samplers and dropout with generator= use them.
programs.append({"seed": 7, "generator": True, "steps": [["randperm", 10], ["randint", 0, 5, [8], "int64"], ["rand", [4], "float32"]]})
programs.append({"seed": 2**63 + 11, "generator": True, "steps": [["randn", [20], "float32"], ["random_", [3], "int64"]]})

# Bernoulli (dropout masks) and the other random_ dtypes.
programs.append({"seed": 0, "steps": [["bernoulli_", 50, 0.3, "float32"], ["bernoulli_", 20, 0.5, "float64"], ["bernoulli_", 10, 0.9, "int64"],
                                      ["random_", [5], "float32"], ["random_", [5], "float64"], ["random_", [5], "int32"], ["random_", [8], "bool"]]})

# torch.multinomial over 1-D weights (WeightedRandomSampler passes float64 weights).
for seed in [0, 1]:
    programs.append({"seed": seed, "steps": [
        ["multinomial", [0.1, 0.2, 0.3, 0.4], 10, True, "float64"], ["multinomial", [1.0, 5.0, 0.5, 2.0, 0.0, 3.0], 4, False, "float64"],
        ["multinomial", [0.25, 0.25, 0.5], 1, True, "float64"], ["multinomial", [0.3, 0.7], 6, True, "float32"],
        ["multinomial", [3.0, 1.0, 2.0, 4.0, 1.0], 5, False, "float32"], ["multinomial", [1.0] * 20, 7, False, "float64"]]})

for prog in programs:
    prog["out"] = run(prog)
    prog["seed"] = str(prog["seed"])

# DataLoader's RandomSampler: a fresh generator seeded from one int64 draw of the default one.
chains = []
for s in [0, 1, 7, 42]:
    torch.manual_seed(s)
    seed = int(torch.empty((), dtype=torch.int64).random_().item())
    g = torch.Generator()
    g.manual_seed(seed)
    chains.append({"seed": s, "drawn": str(seed), "perm": torch.randperm(12, generator=g).tolist()})

# Default seed of a fresh generator.
defaults = {"initial_seed": str(torch.Generator().initial_seed()), "rand": torch.rand(5, generator=torch.Generator()).tolist()}

out = Path(__file__).resolve().parent.parent / "fixtures" / "random.json"
out.write_text(json.dumps({"torch": torch.__version__, "programs": programs, "sampler_chains": chains, "defaults": defaults}))
n_values = sum(len(base64.b64decode(v["base64"])) // (4 if v["dtype"] == "float32" else 8) if isinstance(v, dict) else len(v) for p in programs for v in p["out"])
print(f"{len(programs)} random programs, {n_values} values -> {out}")
