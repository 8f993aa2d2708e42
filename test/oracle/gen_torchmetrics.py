#!/usr/bin/python3
"""Oracle fixtures for torchmetrics-style metrics: inputs split into batches and scikit-learn's
values on all of them and on each batch alone (what forward() returns).

torchmetrics is not installed here; its 0.11 definitions are checked against scikit-learn:
binary accuracy/precision/recall/F1 = sklearn's with zero_division=0 on predictions thresholded as
torchmetrics does (sigmoid first when a float input leaves [0, 1], then `> 0.5`); multiclass
'micro' accuracy = accuracy_score; 'macro'/'weighted'/'none' accuracy = per-class recall (that is
torchmetrics' tp / (tp + fn) per class) with labels=range(C), so that a class absent from a batch
counts as 0 as torchmetrics 0.11 counts it; MeanSquaredError = mean_squared_error."""
import json
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, precision_score, recall_score

root = Path(__file__).resolve().parent.parent.parent
out = root / "test" / "fixtures"
rng = np.random.RandomState(0)


def batches(n, sizes):
    edges = np.cumsum([0] + sizes)
    assert edges[-1] == n
    return [[int(a), int(b)] for a, b in zip(edges[:-1], edges[1:])]


def binary_labels(preds, kind):
    p = torch.tensor(preds)
    if kind == "labels":
        return p.long().numpy()
    if not bool(((p >= 0) & (p <= 1)).all()):
        p = p.sigmoid()
    return (p > 0.5).long().numpy()


def binary_values(t, p):
    z = dict(zero_division=0)
    return {"accuracy": accuracy_score(t, p), "precision": precision_score(t, p, **z),
            "recall": recall_score(t, p, **z), "f1": f1_score(t, p, **z)}


cases = []
n = 50
target = rng.randint(0, 2, n)
for kind, preds in [("labels", rng.randint(0, 2, n).tolist()),
                    ("probs", rng.rand(n).astype(np.float32).tolist()),
                    ("logits", (rng.randn(n) * 3).astype(np.float32).tolist())]:
    split = batches(n, [16, 16, 18])
    lab = binary_labels(preds, kind)
    cases.append({"task": "binary", "kind": kind, "preds": preds, "target": target.tolist(), "batches": split,
                  "all": binary_values(target, lab),
                  "each": [binary_values(target[a:b], binary_labels(preds[a:b], kind)) for a, b in split]})
# A batch without positives: precision and recall are 0/0, which both define as 0.
cases.append({"task": "binary", "kind": "labels", "preds": [0, 0, 0, 0], "target": [0, 0, 0, 0], "batches": [[0, 4]],
              "all": binary_values([0, 0, 0, 0], [0, 0, 0, 0]), "each": [binary_values([0, 0, 0, 0], [0, 0, 0, 0])]})


def multiclass_values(t, p, C):
    labels = list(range(C))
    z = dict(zero_division=0, labels=labels)
    vals = {"accuracy_micro": accuracy_score(t, p)}
    for avg in ["macro", "weighted"]:
        vals[f"accuracy_{avg}"] = recall_score(t, p, average=avg, **z)
        vals[f"precision_{avg}"] = precision_score(t, p, average=avg, **z)
        vals[f"recall_{avg}"] = recall_score(t, p, average=avg, **z)
        vals[f"f1_{avg}"] = f1_score(t, p, average=avg, **z)
    vals["precision_micro"] = precision_score(t, p, average="micro", **z)
    vals["recall_micro"] = recall_score(t, p, average="micro", **z)
    vals["f1_micro"] = f1_score(t, p, average="micro", **z)
    vals["accuracy_none"] = recall_score(t, p, average=None, **z).tolist()
    vals["precision_none"] = precision_score(t, p, average=None, **z).tolist()
    vals["f1_none"] = f1_score(t, p, average=None, **z).tolist()
    return {k: v if isinstance(v, list) else float(v) for k, v in vals.items()}


C = 4
n = 40
target = rng.randint(0, C - 1, n)  # class 3 never occurs in the target
scores = rng.randn(n, C).astype(np.float32)
for kind, preds in [("labels", rng.randint(0, C, n).tolist()), ("scores", scores.tolist())]:
    split = batches(n, [10, 10, 20])
    lab = np.array(preds).argmax(1) if kind == "scores" else np.array(preds)
    cases.append({"task": "multiclass", "num_classes": C, "kind": kind, "preds": preds, "target": target.tolist(), "batches": split,
                  "all": multiclass_values(target, lab, C),
                  "each": [multiclass_values(target[a:b], lab[a:b], C) for a, b in split]})

n = 30
preds = rng.randn(n).astype(np.float32)
tgt = (preds + rng.randn(n).astype(np.float32) * 0.5).astype(np.float32)
split = batches(n, [7, 23])
mse = lambda t, p: float(mean_squared_error(t.astype(np.float64), p.astype(np.float64)))
cases.append({"task": "regression", "preds": preds.tolist(), "target": tgt.tolist(), "batches": split,
              "all": {"mse": mse(tgt, preds)}, "each": [{"mse": mse(tgt[a:b], preds[a:b])} for a, b in split]})

(out / "torchmetrics.json").write_text(json.dumps({"cases": cases}))
