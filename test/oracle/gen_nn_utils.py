#!/usr/bin/python3
"""Oracle fixtures for torch.nn.utils.clip_grad_norm_ and clip_grad_value_: gradients before, the
returned total norm and the gradients after, for several norm types and limits."""
import json
from pathlib import Path

import torch

root = Path(__file__).resolve().parent.parent.parent
torch.manual_seed(0)
cases = []
for norm_type, max_norm in [(2.0, 1.0), (2.0, 100.0), (1.0, 0.5), (float("inf"), 0.1), (3.0, 0.2)]:
    grads = [torch.randn(3, 4), torch.randn(5), torch.randn(2, 2)]
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    cases.append({"kind": "norm", "norm_type": "inf" if norm_type == float("inf") else norm_type, "limit": max_norm,
                  "before": [g.tolist() for g in grads], "total": total.item(), "after": [p.grad.tolist() for p in params]})
grads = [torch.randn(4, 3) * 2]
params = [torch.zeros_like(g, requires_grad=True) for g in grads]
params[0].grad = grads[0].clone()
torch.nn.utils.clip_grad_value_(params, 0.7)
cases.append({"kind": "value", "limit": 0.7, "before": [g.tolist() for g in grads], "after": [p.grad.tolist() for p in params]})
(root / "test" / "fixtures" / "nn_utils.json").write_text(json.dumps({"cases": cases}))
