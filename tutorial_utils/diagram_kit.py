"""The drawing kit of :mod:`tutorial_utils.diagrams`: its colours, boxes, arrows and strips.

The diagrams draw models as boxes and arrows labelled with shapes; these are the pieces, so
each diagram reads as what it shows rather than how a rectangle is drawn. The colours are the
Okabe–Ito palette's, lightened for fills: one colour per kind of thing (data, the wrapped CNN
with its one set of weights, the feature vectors, the LSTM). matplotlib and NumPy only.

Example:
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> box(ax, 0, 0, 2, 1, PALETTE["cnn"], PALETTE["cnn_edge"])
    >>> arrow(ax, (2, 0.5), (3, 0.5))
    >>> len(ax.patches), len(ax.texts)
    (1, 1)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

__all__ = [
    "PALETTE",
    "SAMPLE_COLOURS",
    "arrow",
    "box",
    "count_arg",
    "shape_text",
    "shown_rows",
    "strip",
]

PALETTE = {
    "input": "#DCEBF7",  # light blue: the data
    "input_edge": "#0072B2",
    "cnn": "#FBE3D0",  # light vermilion: the wrapped CNN (one colour = one set of weights)
    "cnn_edge": "#D55E00",
    "vector": "#E5F4EE",  # light green: one feature vector per subsequence
    "vector_edge": "#009E73",
    "lstm": "#E8E1F0",  # light purple: the LSTM
    "lstm_edge": "#6A3D9A",
    "dense": "#F3F3F3",
    "dense_edge": "#444444",
}
SAMPLE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


def count_arg(value: Any, name: str, minimum: int = 1) -> int:
    """``value`` as an int if it is a whole number >= ``minimum`` (a size drawn in a diagram).

    Example:
        >>> count_arg(4, "n_seq")
        4
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}: {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def shape_text(*dims: Any) -> str:
    """``(batch, 7, 48, 1)`` from the dimensions; a 1-tuple keeps its comma.

    Example:
        >>> shape_text("batch", 7, 48, 1), shape_text(32)
        ('(batch, 7, 48, 1)', '(32,)')
    """
    parts = [str(d) for d in dims]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def shown_rows(n: int, limit: int) -> list[int | None]:
    """Which of ``n`` rows to draw: all of them, or the first few, a gap (None) and the last.

    Example:
        >>> shown_rows(3, 5), shown_rows(9, 5)
        ([0, 1, 2], [0, 1, 2, None, 8])
    """
    if n <= limit:
        return list(range(n))
    return [*range(limit - 2), None, n - 1]


def box(ax: Axes, x: float, y: float, w: float, h: float, face: str, edge: str, **kw: Any) -> None:
    """A rounded box at ``(x, y)``, ``w`` wide and ``h`` high (a layer or a tensor)."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.12",
            facecolor=face,
            edgecolor=edge,
            lw=kw.pop("lw", 1.2),
            **kw,
        )
    )


def arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], **kw: Any) -> None:
    """An arrow from ``start`` to ``end`` (data flowing from one box to the next)."""
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "-|>", "color": kw.pop("color", "#333333"), "lw": 1.1, **kw},
    )


def strip(
    ax: Axes, x: float, y: float, w: float, h: float, n_cells: int, face: str, edge: str
) -> None:
    """A bar cut into ``n_cells`` cells (at most 48 drawn, so it stays readable)."""
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x, y), w, h, facecolor=face, edgecolor=edge, lw=1.0))
    cells = min(n_cells, 48)
    for i in range(1, cells):
        ax.plot([x + w * i / cells] * 2, [y, y + h], color=edge, lw=0.35, alpha=0.7)
