"""The report's charts: matplotlib drawn to SVG, inlined in the page.

Text stays text in the SVG (svg.fonttype "none"), in the page's own fonts, so the browser
shapes the Khmer (HarfBuzz) as it does the rest of the page; matplotlib only measures it. Bars
carry their numbers and the colours differ in lightness too, so a chart reads on paper in black
and white.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from functools import cache

from kiosk.paths import ASSETS

INK, BLUE, LIGHT, ORANGE = "#1f2933", "#1c4e80", "#7aa6d6", "#d9822b"
FONTS = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansKhmer-Regular.ttf",
         "NotoSansKhmer-Bold.ttf")


@cache
def _pyplot():  # noqa: ANN202 - the module, imported once (about a second)
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    for name in FONTS:
        font_manager.fontManager.addfont(str(ASSETS / "fonts" / name))
    plt.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "nssf-report",
        "font.family": ["Noto Sans", "Noto Sans Khmer"], "font.size": 10,
        "axes.edgecolor": "#9aa5b1", "axes.labelcolor": INK, "text.color": INK,
        "xtick.color": INK, "ytick.color": INK, "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


Number = Callable[[int], str]


def _numbers(ax, number: Number, axis: str) -> None:  # noqa: ANN001 - matplotlib Axes
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True, nbins=6))
    target.set_major_formatter(FuncFormatter(lambda value, _pos: number(int(value))))


def _svg(fig) -> str:  # noqa: ANN001 - a matplotlib Figure
    plt = _pyplot()
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    text = text[text.index("<svg"):]  # the XML prolog and doctype do not belong inline
    # scale with the page: width 100%, height from the viewBox
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="chart"', text, count=1)


def funnel(labels: Sequence[str], reached: Sequence[int], left: Sequence[int],
           left_label: str, reached_label: str, number: Number = str) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 0.6))
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, reached, color=LIGHT, label=reached_label)
    ax.barh(ys, left, color=BLUE, label=left_label)
    top = max(reached, default=0) or 1
    for y, value in zip(ys, reached, strict=True):
        ax.text(value + top * 0.01, y, number(value), va="center", fontsize=9)
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, top * 1.12)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    ax.tick_params(axis="y", length=0)
    _numbers(ax, number, "x")
    return _svg(fig)


def bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *,
         stacked: bool = True, height: float = 2.6, rotate: bool = False,
         number: Number = str) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, height))
    xs = range(len(labels))
    bottom = [0] * len(labels)
    colours = (BLUE, ORANGE, LIGHT, INK)
    width = 0.8 / (1 if stacked else len(series))
    for index, (name, values) in enumerate(series):
        offset = 0 if stacked else (index - (len(series) - 1) / 2) * width
        ax.bar([x + offset for x in xs], values, width, bottom=bottom if stacked else None,
               color=colours[index % len(colours)], label=name)
        if stacked:
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    totals = bottom if stacked else [max(v) for v in zip(*(s for _n, s in series), strict=True)]
    top = max(totals, default=0) or 1
    if len(labels) <= 16:
        for x, total in zip(xs, totals, strict=True):
            ax.text(x, total + top * 0.02, number(total), ha="center", fontsize=8)
    ax.set_xticks(list(xs), labels, rotation=45 if rotate else 0, ha="right" if rotate else "center")
    ax.set_ylim(0, top * 1.15)
    _numbers(ax, number, "y")
    if len(series) > 1:
        # above the plot, where no bar or number can be under it
        ax.legend(frameon=False, fontsize=9, ncols=len(series), loc="lower left",
                  bbox_to_anchor=(0, 1.0))
    return _svg(fig)
