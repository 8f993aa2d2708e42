#!/usr/bin/python3
"""Oracle fixtures for figures, from matplotlib (Debian's python3-matplotlib, Agg at 100 dpi): format
strings, autoscaled view limits (5% margins, log axes), MaxNLocator ticks and ScalarFormatter labels
for an axis of a given length, LogLocator major/minor ticks with LogFormatterSciNotation labels, and
where legend(loc='best') puts a legend."""
import json
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes._base import _process_plot_format  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

fixture = {"fmt": [], "limits": [], "ticks": [], "legend": []}

for fmt in ["ro", "b--", "g^-", "k:", "c-.", "ms", "y", "o", "--", "x", "C1o", "r+", "bD:"]:
    ls, marker, color = _process_plot_format(fmt)
    fixture["fmt"].append({"fmt": fmt, "color": to_hex(color) if color is not None else None,
                           "marker": marker, "linestyle": {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dashdot",
                                                           "None": "none", None: None}[ls]})


def label_text(s):
    """matplotlib's tick text as plain text: mathtext 10^{k} / c\\times10^{k} become '10^k' / 'c×10^k'."""
    m = re.fullmatch(r"\$\\mathdefault\{(?:(.+)\\times)?10\^\{(-?\d+)\}\}\$", s)
    if m:
        return (f"{m.group(1)}×" if m.group(1) else "") + f"10^{m.group(2)}"
    return s


def data_case(name, x, y, xscale="linear", yscale="linear", fmt="-"):
    fig = plt.figure(figsize=(6.4, 4.8), dpi=100)
    ax = fig.add_subplot(111)
    ax.plot(x, y, fmt)
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    fixture["limits"].append({"name": name, "x": list(map(float, x)), "y": list(map(float, y)), "xscale": xscale, "yscale": yscale,
                              "xlim": list(ax.get_xlim()), "ylim": list(ax.get_ylim())})
    plt.close(fig)


data_case("line", [0, 1, 2, 3], [1.0, 3.0, 2.0, 5.0])
data_case("negative", [-10, 10], [-0.5, 0.25])
data_case("constant", [0, 1, 2], [2.0, 2.0, 2.0])
data_case("zeros", [0, 1], [0.0, 0.0])
data_case("single", [3], [7.0], fmt="o")
data_case("loss log", list(range(20)), [2 * math.exp(-i / 5) + 0.03 for i in range(20)], yscale="log")
data_case("log constant", [0, 1], [0.5, 0.5], yscale="log")
data_case("log with zero", [0, 1, 2, 3], [0.0, 0.1, 1.0, 10.0], yscale="log")
data_case("loglog", [1, 10, 100, 1000], [1e-3, 1e-2, 0.5, 2.0], xscale="log", yscale="log")


def ticks_case(lo, hi, scale, length, vertical):
    """Ticks of an axis `length` px long (x: horizontal, y: vertical) showing [lo, hi]."""
    w, h = (length, 300) if not vertical else (300, length)
    fig = plt.figure(figsize=(8, 8), dpi=100)
    ax = fig.add_axes([100 / 800, 100 / 800, w / 800, h / 800])
    axis = ax.yaxis if vertical else ax.xaxis
    (ax.set_yscale if vertical else ax.set_xscale)(scale)
    (ax.set_ylim if vertical else ax.set_xlim)(lo, hi)
    fig.canvas.draw()

    def shown(ticks):
        return [{"value": float(t.get_loc()), "label": label_text(t.label1.get_text())}
                for t in ticks if lo - (hi - lo) * 1e-10 <= t.get_loc() <= hi + (hi - lo) * 1e-10]

    fixture["ticks"].append({"view": [lo, hi], "scale": scale, "length": length, "vertical": vertical,
                             "major": shown(axis.get_major_ticks()),
                             "minor": shown(axis.get_minor_ticks()) if scale == "log" else []})
    plt.close(fig)


for lo, hi in [(0, 1), (-0.05, 1.05), (-10.2, 10.9), (0.95, 20.05), (-1.3, 1.2), (0.001, 0.0042), (1e5, 3.5e5),
               (99.5, 100.5), (-0.55, 0.55), (0.3, 0.31), (-1000, 25000)]:
    for length, vertical in [(496, False), (230, False), (369, True), (150, True)]:
        ticks_case(lo, hi, "linear", length, vertical)
for lo, hi in [(0.06, 2.6), (0.3, 2.0), (0.5, 0.8), (1e-3, 10), (1e-8, 1e3), (2, 50), (0.011, 0.0195), (1e-12, 1e6)]:
    for length, vertical in [(369, True), (496, False), (120, True)]:
        ticks_case(lo, hi, "log", length, vertical)


def legend_case(name, lines, loc="best"):
    fig = plt.figure(figsize=(6.4, 4.8), dpi=100)
    ax = fig.add_subplot(111)
    for x, y, fmt in lines:
        ax.plot(x, y, fmt)
    leg = ax.legend([f"line {i}" for i in range(len(lines))], loc=loc)
    fig.canvas.draw()
    lb = leg.get_window_extent()
    abox = ax.get_window_extent()
    cx = ((lb.x0 + lb.x1) / 2 - abox.x0) / abox.width
    cy = ((lb.y0 + lb.y1) / 2 - abox.y0) / abox.height
    horiz = "left" if cx < 0.4 else "right" if cx > 0.6 else "center"
    vert = "lower" if cy < 0.4 else "upper" if cy > 0.6 else "center"
    where = "center" if horiz == vert == "center" else f"{vert} {horiz}" if vert != "center" and horiz != "center" \
        else f"{vert} center" if horiz == "center" else f"center {horiz}"
    # The axes box in px from the top left, and the data in the same pixels, to replay the search.
    H = fig.bbox.height
    pts = [[[float(v) for v in ax.transData.transform((a, b))] for a, b in zip(x, y)] for x, y, _ in lines]
    fixture["legend"].append({"name": name, "lines": [[list(map(float, x)), list(map(float, y)), fmt] for x, y, fmt in lines],
                              "loc": where, "size": [lb.width, lb.height],
                              "axes": [abox.x0, H - abox.y1, abox.width, abox.height],
                              "pixels": [[[px, H - py] for px, py in line] for line in pts]})
    plt.close(fig)


xs = [i / 10 for i in range(101)]
legend_case("rising", [(xs, [v * 3 for v in xs], "-")])
legend_case("falling loss", [(xs, [math.exp(-v) for v in xs], "-"), (xs, [1.2 * math.exp(-v) for v in xs], "--")])
legend_case("sine and points", [(xs, [math.sin(v) for v in xs], "ro"), (xs, [math.sin(v) * 0.9 for v in xs], "-")])
legend_case("hill", [(xs, [-(v - 5) ** 2 for v in xs], "-")])
legend_case("valley", [(xs, [(v - 5) ** 2 for v in xs], "-")])
legend_case("explicit", [(xs, xs, "-")], loc="lower right")

out = Path(__file__).resolve().parent.parent / "fixtures" / "plots.json"
out.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {out} ({sum(len(v) for v in fixture.values())} cases)")
