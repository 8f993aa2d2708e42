#!/usr/bin/python3
"""Oracle fixture for Module.load_state_dict: PyTorch's messages for missing, unexpected and
mis-shaped keys (strict and not), its result's repr, and its errors for what is not a state_dict
(test/runtime/state_dict.test.ts)."""
import collections
import json
from pathlib import Path

import torch
from torch import nn

out = {}


def run(name, sd, **kw):
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    try:
        r = m.load_state_dict(sd, **kw)
        out[name] = {"repr": repr(r), "missing_keys": r.missing_keys, "unexpected_keys": r.unexpected_keys}
    except Exception as e:
        out[name] = {"error": type(e).__name__, "message": str(e)}


sd = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).state_dict()
bad = collections.OrderedDict(sd)
del bad["0.bias"]
bad["extra"] = torch.zeros(1)
bad["zz"] = torch.zeros(1)
bad["2.weight"] = torch.zeros(2, 3)
run("all_strict", bad)
run("all_nonstrict", bad, strict=False)
keys_only = collections.OrderedDict(sd)
del keys_only["0.bias"]
keys_only["extra"] = torch.zeros(1)
run("keys_strict", keys_only)
run("keys_nonstrict", keys_only, strict=False)
run("ok", sd)
run("list", [1])
not_tensor = collections.OrderedDict(sd)
not_tensor["0.weight"] = 5
run("not_tensor", not_tensor)

(Path(__file__).resolve().parent.parent / "fixtures" / "state_dict.json").write_text(json.dumps(out, indent=1) + "\n")
