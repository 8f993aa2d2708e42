#!/usr/bin/python3
"""Writes runtime/src/plot/metrics.ts: the advance widths of DejaVu Sans (matplotlib's default font,
also what Debian's Chromium draws for `DejaVu Sans`) for printable ASCII, in 1/1000 em, so figures
can size legends and leave room for tick labels without a font engine."""
from pathlib import Path

from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import LOAD_NO_HINTING, FT2Font

font = FT2Font(findfont(FontProperties(family="DejaVu Sans")))
font.set_size(1000, 72)
widths = [round(font.load_char(c, flags=LOAD_NO_HINTING).linearHoriAdvance / 65536) for c in range(32, 127)]
other = round(font.load_char(ord("\u2212"), flags=LOAD_NO_HINTING).linearHoriAdvance / 65536)
src = f"""// Advance widths of DejaVu Sans (matplotlib's default font) in 1/1000 em for ' '..'~', written by
// test/oracle/gen_font_metrics.py; other characters count as {other} (the width of '\u2212' and '\u00d7').
const ASCII = {widths};

/** The width in px of `text` set in DejaVu Sans at `fontPx`. */
export function textWidth(text: string, fontPx: number): number {{
  let w = 0;
  for (const ch of text) {{
    const c = ch.codePointAt(0)!;
    w += c >= 32 && c < 127 ? ASCII[c - 32] : {other};
  }}
  return (w / 1000) * fontPx;
}}
"""
Path(__file__).resolve().parent.parent.parent.joinpath("runtime", "src", "plot", "metrics.ts").write_text(src)
