#!/usr/bin/python3
"""Oracle fixtures for the progress bars: tqdm's own format_meter, format_interval, format_num and
set_postfix (Debian's python3-tqdm), and the left/right texts either side of the bar as
tqdm.notebook splits them (bar_format '{l_bar}<bar/>{r_bar}', split on r'\\|?<bar/>\\|?')."""
import io
import json
import re
from collections import OrderedDict
from pathlib import Path

from tqdm import tqdm

root = Path(__file__).resolve().parent.parent.parent
out = root / "test" / "fixtures"

meters = []
for n, total, elapsed, prefix, postfix, ncols in [
    (0, 2217, 0.0, "Epoch 0", None, None),
    (1, 2217, 0.02, "Epoch 0", "loss=0.693, v_num=0", None),
    (1000, 2217, 7.13, "Epoch 0", "loss=0.32, v_num=0", None),
    (2217, 2217, 34.94, "Epoch 0", "loss=0.32, v_num=0", None),
    (1108, 2217, 17.5, "Epoch 0", "loss=0.32, v_num=0", None),
    (1, 200, 1.0, "Validation DataLoader 0", None, None),  # 0.5%: a tie that rounds to even
    (3, 200, 1.0, "x", None, None),  # 1.5%
    (5, 8, 12.5, "Sanity Checking DataLoader 0", None, None),
    (3, 10, 7200.0, "slow", None, None),  # 1 it/40 min: seconds per iteration, hours
    (7, None, 3.0, "Epoch 1", "loss=1.2", None),
    (7, 0, 3.0, "", None, None),
    (12, 7, 1.0, "over", None, None),  # n past total: no bar
    (1000, 2217, 7.13, "Epoch 0", "loss=0.32, v_num=0", 100),
    (1000, 2217, 7.13, "Epoch 0", "loss=0.32, v_num=0", 60),
    (50, 100, 2.0, "", None, None),
    (99999, 100000, 100000.0, "long", None, None),
]:
    kw = dict(prefix=prefix, postfix=postfix, ncols=ncols)
    text = tqdm.format_meter(n, total, elapsed, **kw)
    nb = tqdm.format_meter(n, total, elapsed, bar_format="{l_bar}<bar/>{r_bar}", **kw)
    left, right = re.split(r"\|?<bar/>\|?", nb, maxsplit=1) if "<bar/>" in nb else (None, None)
    meters.append({"n": n, "total": total, "elapsed": elapsed, "prefix": prefix, "postfix": postfix, "ncols": ncols,
                   "text": text, "left": left, "right": right})

intervals = {str(t): tqdm.format_interval(t) for t in [0, 0.9, 59.99, 60, 61, 3599, 3600, 3661.5, 86400 * 2 + 5]}
nums = [[v, isinstance(v, float), tqdm.format_num(v)] for v in [0, 7, 12345, 123456789, 0.5, 0.8, 0.32, 0.123456, 1e-05, 2.5e-7,
                                                                 1234.5678, 100.0, 1.0, 0.1 + 0.2, -0.25, 3e20]]

postfixes = []
for items in [OrderedDict(loss="0.32", v_num=0), OrderedDict(loss="nan", v_num=3, val_accuracy=0.805),
              OrderedDict(a=1e-05, b=12345678, c=" padded ")]:
    t = tqdm(total=1, file=io.StringIO())
    t.set_postfix(items)
    postfixes.append({"items": [[k, v, isinstance(v, float)] for k, v in items.items()], "postfix": t.postfix})
    t.close()

(out / "progress.json").write_text(json.dumps({"meters": meters, "intervals": intervals, "nums": nums, "postfixes": postfixes}, ensure_ascii=False))
