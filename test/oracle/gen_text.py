#!/usr/bin/python3
"""Oracle fixtures for the SST-2 pipeline: NLTK's stem of every distinct SST-2 token, scikit-learn's
CountVectorizer on the stemmed data (vocabulary, shapes, sample rows) and on a small corpus with its
options, scikit-learn's stop-word list, and metric values."""
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

root = Path(__file__).resolve().parent.parent.parent
data = Path(os.environ.get("TORCHLAB_SST2_DIR", root.parent / "shared" / "data" / "sst2"))
out = root / "test" / "fixtures" / "text"
out.mkdir(parents=True, exist_ok=True)

train = pd.read_csv(data / "train.tsv", sep="\t")
dev = pd.read_csv(data / "dev.tsv", sep="\t")
stemmer = PorterStemmer()
tokens = sorted({t for s in pd.concat([train.sentence, dev.sentence]) for t in s.split()})
(out / "stems.json").write_text(json.dumps({"tokens": tokens, "stems": [stemmer.stem(t) for t in tokens]}))

pre = lambda s: " ".join(stemmer.stem(t) for t in s.split())
train_pre, dev_pre = train.sentence.map(pre), dev.sentence.map(pre)
vec = CountVectorizer()
X, D = vec.fit_transform(train_pre), vec.transform(dev_pre)
rows = [0, 1, 2, 100, 5000, 67348]
sample = {str(i): {"cols": X[i].indices[np.argsort(X[i].indices)].tolist(), "counts": X[i].data[np.argsort(X[i].indices)].tolist()} for i in rows}
dev_rows = {str(i): {"cols": D[i].indices[np.argsort(D[i].indices)].tolist(), "counts": D[i].data[np.argsort(D[i].indices)].tolist()} for i in [0, 871]}
(out / "sst2.json").write_text(json.dumps({
    "features": vec.get_feature_names_out().tolist(),
    "train_shape": list(X.shape), "train_nnz": int(X.nnz), "dev_shape": list(D.shape), "dev_nnz": int(D.nnz),
    "train_repr": repr(X), "train_rows": sample, "dev_rows": dev_rows,
    "dev_first": dev_pre.iloc[0], "dev_second": dev_pre.iloc[1], "dev_last": dev_pre.iloc[-1],
    "dev_head_repr": repr(dev.assign(preprocessed=dev_pre)), "dev_labels_head": dev.label.head(5).tolist(),
    "dev_html": dev.assign(preprocessed=dev_pre)._repr_html_(), "dev_head_html": dev.assign(preprocessed=dev_pre).head(3)._repr_html_(),
}))

corpus = ["The quick brown fox jumps over the lazy dog.", "The dog barks; the fox runs!", "Über café naïve 42 a b cc",
          "Quick quick QUICK brown", "the and of to in it is", "Dog-friendly foxes, lazy dogs and brown cats."]
configs = {
    "default": {}, "binary": {"binary": True}, "min_df=2": {"min_df": 2}, "max_df=0.5": {"max_df": 0.5},
    "max_features=5": {"max_features": 5}, "ngram_range=(1,2)": {"ngram_range": (1, 2)},
    "stop_words=english": {"stop_words": "english"}, "lowercase=False": {"lowercase": False},
}
cv = {}
for name, kw in configs.items():
    v = CountVectorizer(**kw)
    M = v.fit_transform(corpus)
    cv[name] = {"features": v.get_feature_names_out().tolist(), "dense": M.toarray().tolist(), "transform": v.transform(["the lazy quick fox and a cat"]).toarray().tolist()}
(out / "vectorizer.json").write_text(json.dumps({"corpus": corpus, "configs": {k: {kk: list(vv) if isinstance(vv, tuple) else vv for kk, vv in c.items()} for k, c in configs.items()},
                                                 "results": cv, "stop_words": sorted(ENGLISH_STOP_WORDS)}))

rng = np.random.RandomState(0)
y_true, y_pred = rng.randint(0, 2, 50), rng.randint(0, 2, 50)
m_true, m_pred = rng.randint(0, 3, 60), rng.randint(0, 3, 60)
metrics = {"accuracy": accuracy_score(y_true, y_pred), "accuracy_count": float(accuracy_score(y_true, y_pred, normalize=False)),
           "binary": [float(x) for x in precision_recall_fscore_support(y_true, y_pred, average="binary")[:3]],
           "f1_binary": f1_score(y_true, y_pred), "confusion": confusion_matrix(y_true, y_pred).tolist(),
           "confusion_multi": confusion_matrix(m_true, m_pred).tolist()}
for avg in ["macro", "micro", "weighted"]:
    metrics[avg] = [float(x) for x in precision_recall_fscore_support(m_true, m_pred, average=avg)[:3]]
    metrics["f1_" + avg] = f1_score(m_true, m_pred, average=avg)
p, r, f, s = precision_recall_fscore_support(m_true, m_pred, average=None)
metrics["none"] = [p.tolist(), r.tolist(), f.tolist(), s.tolist()]
metrics["zero_division"] = [float(x) for x in precision_recall_fscore_support([0, 0, 1], [0, 0, 0], average="binary", zero_division=0)[:3]]
(out / "metrics.json").write_text(json.dumps({"y_true": y_true.tolist(), "y_pred": y_pred.tolist(), "m_true": m_true.tolist(), "m_pred": m_pred.tolist(), "values": metrics}))
print(f"{len(tokens)} tokens; train {X.shape} nnz {X.nnz}; dev {D.shape} nnz {D.nnz} -> {out}")
