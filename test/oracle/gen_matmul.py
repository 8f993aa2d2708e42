#!/usr/bin/python3
"""Large products for the blocked/threaded matmul kernels: PyTorch computes each case from
torch.rand inputs (which torchlab reproduces bit for bit) and stores summaries of the result:
row sums, column sums and a fixed sample of entries (float64 sums of the fp32/fp64 output)."""
import json
import torch

torch.set_num_threads(1)
CASES = [
    # name, M, K, N, dtype, how the operands are laid out
    ("square 1000", 1000, 1000, 1000, torch.float32, "plain"),
    ("odd sizes", 203, 517, 1001, torch.float32, "plain"),
    ("transposed left", 300, 640, 260, torch.float32, "a.t"),
    ("transposed right", 260, 640, 300, torch.float32, "b.t"),
    ("column slice", 129, 400, 77, torch.float32, "slice"),
    ("float64", 333, 250, 191, torch.float64, "plain"),
    ("batched", 70, 300, 90, torch.float32, "batched"),
]
out = []
for i, (name, M, K, N, dtype, layout) in enumerate(CASES):
    torch.manual_seed(100 + i)
    if layout == "a.t":
        a = torch.rand(K, M, dtype=dtype).t(); b = torch.rand(K, N, dtype=dtype)
    elif layout == "b.t":
        a = torch.rand(M, K, dtype=dtype); b = torch.rand(N, K, dtype=dtype).t()
    elif layout == "slice":
        a = torch.rand(M, K + 9, dtype=dtype)[:, 3:K + 3]; b = torch.rand(K, 2 * N, dtype=dtype)[:, ::2]
    elif layout == "batched":
        a = torch.rand(3, M, K, dtype=dtype); b = torch.rand(K, N, dtype=dtype)
    else:
        a = torch.rand(M, K, dtype=dtype); b = torch.rand(K, N, dtype=dtype)
    c = a.matmul(b).double().reshape(-1, N)
    g = torch.Generator().manual_seed(i)
    rows = torch.randint(0, c.shape[0], (64,), generator=g); cols = torch.randint(0, N, (64,), generator=g)
    out.append({"name": name, "M": M, "K": K, "N": N, "dtype": str(dtype).replace("torch.", ""), "layout": layout,
                "seed": 100 + i, "shape": list(a.matmul(b).shape), "row_sums": c.sum(1).tolist(), "col_sums": c.sum(0).tolist(),
                "rows": rows.tolist(), "cols": cols.tolist(), "samples": c[rows, cols].tolist()})
json.dump(out, open("test/fixtures/matmul.json", "w"))
print(f"{len(out)} matmul cases")
