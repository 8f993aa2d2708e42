#!/usr/bin/python3
"""Oracle fixtures for gradients: for each differentiable expression over float64 leaves, the
grad_fn name of its result and the gradients of sum(result * w) with respect to every leaf."""
import json
from pathlib import Path

import torch

torch.manual_seed(0)
base = {
    "x": torch.randn(3, 4, dtype=torch.float64),
    "y": torch.randn(3, 4, dtype=torch.float64),
    "r": torch.randn(4, dtype=torch.float64),
    "c": torch.randn(3, 1, dtype=torch.float64),
    "p": torch.rand(3, 4, dtype=torch.float64) + 0.5,
    "m": torch.randn(4, 5, dtype=torch.float64),
    "v": torch.randn(4, dtype=torch.float64),
    "b3": torch.randn(2, 3, 4, dtype=torch.float64),
    "b4": torch.randn(2, 4, 2, dtype=torch.float64),
}
exprs = [
    "x.add(y)", "x.add(r)", "x.add(c)", "x.sub(y)", "x.sub(2)", "x.mul(y)", "x.mul(c)", "x.mul(3)", "x.div(p)", "x.div(2)",
    "x.pow(2)", "x.pow(3)", "p.pow(x)", "p.pow(0.5)", "x.neg()", "x.abs()", "x.exp()", "p.log()", "p.sqrt()", "p.rsqrt()",
    "x.sin()", "x.cos()", "x.tanh()", "x.sigmoid()", "x.relu()", "x.clamp(-0.5, 0.5)", "x.clamp(0)", "x.maximum(y)",
    "x.minimum(y)", "p.reciprocal()", "x.square()", "p.log1p()", "x.expm1()", "x.erf()", "x.atan2(p)", "x.remainder(1.5)",
    "x.sum()", "x.sum(1)", "x.sum(0, True)", "x.mean()", "x.mean(1)", "x.prod(1)", "x.std()", "x.var(1)", "x.norm()",
    "x.norm(2, 1)", "x.amax(1)", "x.max()", "x.max(1)[0]", "x.min(0)[0]", "x.logsumexp(1)", "x.cumsum(1)",
    "x.mm(m)", "x.matmul(m)", "x.matmul(v)", "v.dot(v)", "x.mv(v)", "b3.bmm(b4)", "b3.matmul(b4)", "b3.matmul(m)",
    "torch.outer(v, r)", "torch.inner(x, y)",
    "x.softmax(1)", "x.log_softmax(1)", "x.softmax(0)", "torch.nn.functional.normalize(x, 2, 1)",
    "x.view(2, 6)", "x.reshape(12)", "x.t()", "x.transpose(0, 1)", "x.permute(1, 0)", "x.unsqueeze(1)", "c.squeeze()",
    "c.expand(3, 4)", "x.flatten()", "x.narrow(1, 1, 2)", "x.select(0, 1)", "x[1:, ::2]", "x[:, None]", "x[0]",
    "x[x > 0]", "x[[0, 2]]", "x[:, [1, 3]]", "x.index_select(1, torch.tensor([0, 2, 2]))",
    "x.gather(1, torch.tensor([[0], [3], [1]]))", "x.masked_fill(x > 0, 0.0)", "torch.where(x > 0, x, y)",
    "torch.cat([x, y], 0)", "torch.cat([x, c], 1)", "torch.stack([x, y], 1)", "x.split(2, 1)[1]", "x.chunk(2, 0)[0]",
    "x.repeat(2, 1)", "x.flip(1)", "x.clone()", "x.to(torch.float32).double()", "x.t().contiguous()",
    "torch.nn.functional.mse_loss(x, y)", "torch.nn.functional.l1_loss(x, y)", "torch.nn.functional.binary_cross_entropy(p.div(2), p.sub(0.5))",
    "torch.nn.functional.binary_cross_entropy_with_logits(x, p.sub(0.5))", "torch.nn.functional.cross_entropy(x, torch.tensor([0, 3, 1]))",
    "torch.nn.functional.nll_loss(x.log_softmax(1), torch.tensor([2, 0, 1]))", "torch.nn.functional.leaky_relu(x, 0.1)",
    "torch.nn.functional.gelu(x)", "torch.nn.functional.linear(x, m.t(), r.add(1).repeat(2)[:5])",
]
cases = []
for expr in exprs:
    leaves = {k: v.clone().requires_grad_(True) for k, v in base.items()}
    out = eval(expr, {"torch": torch, "True": True}, leaves)
    torch.manual_seed(len(cases))
    w = torch.randn(out.shape, dtype=out.dtype)
    used = [k for k in leaves if k in expr.replace("torch", "")]
    grads = torch.autograd.grad((out * w).sum(), [leaves[k] for k in used], allow_unused=True)
    cases.append({"expr": expr, "grad_fn": type(out.grad_fn).__name__ if out.grad_fn else None,
                  "w": w.reshape(-1).tolist(), "grads": {k: (g.reshape(-1).tolist() if g is not None else None) for k, g in zip(used, grads)}})

path = Path(__file__).resolve().parent.parent / "fixtures" / "grads.json"
path.write_text(json.dumps({"torch": torch.__version__, "inputs": {k: {"shape": list(v.shape), "values": v.reshape(-1).tolist()} for k, v in base.items()}, "cases": cases}))
print(f"{len(cases)} gradient cases -> {path}")
