#!/usr/bin/python3
"""Oracle fixtures for random streams: each case seeds the default generator, runs a program of
draws, and records every value (float32 values are exact doubles, so comparisons can be exact)."""
import json
from pathlib import Path

import torch

F = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32}


def run(step):
    op, args = step[0], step[1:]
    if op == "rand":
        shape, dt = args
        return torch.rand(shape, dtype=F[dt])
    if op == "randn":
        shape, dt = args
        return torch.randn(shape, dtype=F[dt])
    if op == "randint":
        low, high, shape, dt = args
        return torch.randint(low, high, shape, dtype=F[dt])
    if op == "randperm":
        return torch.randperm(args[0])
    if op == "uniform_":
        n, a, b, dt = args
        return torch.empty(n, dtype=F[dt]).uniform_(a, b)
    if op == "normal_":
        n, m, s, dt = args
        return torch.empty(n, dtype=F[dt]).normal_(m, s)
    if op == "bernoulli_":
        n, p = args
        return torch.empty(n).bernoulli_(p)
    raise ValueError(op)


programs = []
for seed in [0, 1, 42, 2**32 + 5, 123456789012345]:
    for n in [1, 2, 15, 16, 17, 31, 100, 1003]:
        programs.append({"seed": seed, "steps": [["rand", [n], "float32"], ["randn", [n], "float32"], ["randn", [n], "float64"]]})
    programs.append({"seed": seed, "steps": [["randint", -99, 100, [10, 10], "int64"], ["randperm", 100], ["randn", [7], "float32"],
                                             ["randn", [7], "float32"], ["rand", [3], "float64"], ["randint", 0, 2**40, [5], "int64"]]})
for n in [1, 2, 10, 100, 5000]:
    programs.append({"seed": 0, "steps": [["randperm", n]]})
programs.append({"seed": 0, "steps": [["uniform_", 1000, -0.0314, 0.0314, "float32"], ["uniform_", 10, -0.5, 0.5, "float64"],
                                      ["normal_", 40, 2.0, 0.5, "float32"], ["normal_", 5, -1.0, 3.0, "float32"],
                                      ["randint", 3, 9, [20], "int32"], ["randint", 0, 10, [6], "float32"], ["bernoulli_", 50, 0.3]]})

for prog in programs:
    torch.manual_seed(prog["seed"])
    prog["out"] = [run(s).reshape(-1).tolist() for s in prog["steps"]]

# DataLoader's RandomSampler seeds a fresh generator from one int64 draw of the default one.
seeds = []
for s in [0, 1, 7]:
    torch.manual_seed(s)
    seeds.append([s, str(int(torch.empty((), dtype=torch.int64).random_().item()))])

out = Path(__file__).resolve().parent.parent / "fixtures" / "random.json"
out.write_text(json.dumps({"torch": torch.__version__, "programs": programs, "int64_seeds": seeds}))
print(f"{len(programs)} random programs -> {out}")
