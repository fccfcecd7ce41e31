"""Figures used across the course, with one colour per split and one colour per model.

Every notebook draws training/validation/test data and each model's forecasts in the same
colours, taken from :data:`SPLIT_COLOURS` and :data:`MODEL_COLOURS`. The palette is the
Okabe–Ito set, which stays distinguishable for the common kinds of colour blindness.

Each function draws on the Axes you pass (or a new one), gives it a title and labelled
axes, and returns it, so you can add to it or change the title afterwards.

The pictures of the models themselves (boxes and arrows labelled with shapes, no data) are
in :mod:`tutorial_utils.diagrams`; ``plots.draw_cnn_lstm``, ``plots.draw_cnn_lstm_from_model``
and ``plots.draw_fold``, their old names here, still work.

matplotlib and NumPy only: importing this module must not start TensorFlow.

Example:
    >>> ax = plot_learning_curves({"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.6, 0.7]})
    >>> ax.get_title()
    'Learning curves (best validation loss at epoch 2)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from tutorial_utils import _moved
from tutorial_utils.checks import one_series

__all__ = [
    "MODEL_COLOURS",
    "MODEL_LABELS",
    "SPLIT_COLOURS",
    "model_colour",
    "plot_forecast",
    "plot_learning_curves",
    "plot_splits",
]

SPLIT_COLOURS: dict[str, str] = {
    "train": "#0072B2",  # blue
    "val": "#E69F00",  # orange
    "test": "#009E73",  # bluish green
}
"""Colour of each chronological split, in plots of the series and of learning curves."""

MODEL_COLOURS: dict[str, str] = {
    "truth": "#000000",  # black
    "naive": "#999999",  # grey
    "seasonal_naive": "#CC79A7",  # reddish purple
    "linear": "#E69F00",  # orange
    "least_squares": "#8C564B",  # brown: the linear model fitted in closed form
    "lstm": "#56B4E9",  # sky blue
    "conv1d": "#009E73",  # bluish green
    "cnn_lstm": "#D55E00",  # vermilion
}
"""Colour of the true values and of each model's forecasts."""

MODEL_LABELS: dict[str, str] = {
    "truth": "truth",
    "naive": "naive (last value)",
    "seasonal_naive": "seasonal naive",
    "linear": "linear",
    "least_squares": "least squares",
    "lstm": "LSTM",
    "conv1d": "Conv1D",
    "cnn_lstm": "CNN-LSTM",
}
"""Legend text for the names in :data:`MODEL_COLOURS`; other names are shown as given."""

_EXTRA_COLOURS = ("#0072B2", "#F0E442", "#444444")


def model_colour(name: str, position: int = 0) -> str:
    """The course colour for a model name; unknown names get a spare colour by position.

    Example:
        >>> model_colour("cnn_lstm")
        '#D55E00'
    """
    if name in MODEL_COLOURS:
        return MODEL_COLOURS[name]
    return _EXTRA_COLOURS[position % len(_EXTRA_COLOURS)]


def _get_ax(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _as_1d(values: Any, name: str) -> np.ndarray:
    fix = "For a multi-step forecast pass one horizon column, e.g. y[:, 0]."
    return one_series(values, name, fix=fix)


def plot_learning_curves(
    history: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    loss_label: str = "loss (MSE on scaled data)",
) -> Axes:
    """Training and validation loss per epoch, with the best validation epoch marked.

    Args:
        history: what ``model.fit`` returned (a ``keras.callbacks.History``), or a dict
            with lists ``"loss"`` and (optionally) ``"val_loss"``.
        ax: the Axes to draw on; a new figure if None.
        title: the title; by default it names the epoch with the lowest validation loss.
        loss_label: the y-axis label (say what the loss is and in what units).

    Returns:
        The Axes. Epochs are numbered from 1.

    Example:
        >>> ax = plot_learning_curves({"loss": [3.0, 2.0]})
        >>> [line.get_label() for line in ax.get_lines()]
        ['training']
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping) or "loss" not in logs:
        raise TypeError(
            "history must be what model.fit returned, or a dict with a 'loss' list; got "
            f"{type(history).__name__}"
            + (f" with keys {sorted(logs)}" if isinstance(logs, Mapping) else "")
        )
    ax = _get_ax(ax, (7, 3.5))
    loss = np.asarray(logs["loss"], dtype=float)
    epochs = np.arange(1, len(loss) + 1)
    ax.plot(epochs, loss, color=SPLIT_COLOURS["train"], marker=".", label="training")
    best_text = ""
    if "val_loss" in logs and len(logs["val_loss"]):
        val = np.asarray(logs["val_loss"], dtype=float)
        ax.plot(epochs, val, color=SPLIT_COLOURS["val"], marker=".", label="validation")
        best = int(np.nanargmin(val))
        ax.axvline(best + 1, color="#777777", lw=0.8, ls=":", label="best validation epoch")
        best_text = f" (best validation loss at epoch {best + 1})"
    ax.set(
        title=title if title is not None else f"Learning curves{best_text}",
        xlabel="epoch",
        ylabel=loss_label,
    )
    ax.legend()
    return ax


def plot_forecast(
    timestamps: Any,
    y_true: Any,
    predictions: Mapping[str, Any],
    ax: Axes | None = None,
    *,
    units: str | None = None,
    title: str | None = None,
    scale: float = 1.0,
) -> Axes:
    """True values and each model's forecast over the same time steps.

    Args:
        timestamps: the time of each target, shape ``(n,)`` (datetimes or numbers).
        y_true: the true values, ``(n,)`` or ``(n, 1)``.
        predictions: ``{model name: forecast}``, each like ``y_true``. Names in
            :data:`MODEL_COLOURS` get the course colour and label.
        ax: the Axes to draw on; a new figure if None.
        units: the units of the values, for the y-axis label (e.g. ``"MW"``).
        title: the title (default ``"Forecasts against the truth"``).
        scale: divide every value by this before plotting (e.g. ``1000`` to show MW as GW;
            give ``units`` accordingly).

    Returns:
        The Axes.

    Example:
        >>> ax = plot_forecast([0, 1, 2], [1.0, 2.0, 3.0], {"naive": [0.0, 1.0, 2.0]}, units="MW")
        >>> ax.get_ylabel(), [line.get_label() for line in ax.get_lines()]
        ('value (MW)', ['truth', 'naive (last value)'])
    """
    t = np.asarray(timestamps)
    if t.ndim != 1:
        raise ValueError(f"timestamps must be 1-D, one per target; got shape {t.shape}")
    truth = _as_1d(y_true, "y_true")
    if len(truth) != len(t):
        raise ValueError(
            f"timestamps has {len(t)} entries but y_true has {len(truth)}; give one "
            "timestamp per target (the time of the value being forecast)."
        )
    if not isinstance(predictions, Mapping):
        raise TypeError(
            f"predictions must be a dict {{model name: forecast}}, got {type(predictions).__name__}"
        )
    ax = _get_ax(ax, (10, 3.5))
    ax.plot(t, truth / scale, color=MODEL_COLOURS["truth"], lw=1.6, label=MODEL_LABELS["truth"])
    for i, (name, pred) in enumerate(predictions.items()):
        values = _as_1d(pred, f"predictions[{name!r}]")
        if len(values) != len(t):
            raise ValueError(
                f"predictions[{name!r}] has {len(values)} values but there are {len(t)} "
                "timestamps; forecast the same targets as y_true."
            )
        ax.plot(
            t,
            values / scale,
            color=model_colour(name, i),
            lw=1.1,
            label=MODEL_LABELS.get(name, name),
        )
    ax.set(
        title=title if title is not None else "Forecasts against the truth",
        xlabel="time",
        ylabel=f"value ({units})" if units else "value",
    )
    ax.legend(ncols=min(4, len(predictions) + 1), fontsize="small")
    return ax


def plot_splits(
    timestamps: Any,
    values: Any,
    sizes: Sequence[int],
    ax: Axes | None = None,
    *,
    units: str | None = None,
    title: str | None = None,
) -> Axes:
    """A series coloured by its chronological train / validation / test parts.

    Args:
        timestamps: ``(n,)`` times.
        values: ``(n,)`` values (one column).
        sizes: the lengths of the parts, e.g. ``(len(train), len(val), len(test))``;
            they must add up to ``n``.
        ax: the Axes to draw on; a new figure if None.
        units: the units of the values, for the y-axis label.
        title: the title (default ``"Chronological split"``).

    Example:
        >>> ax = plot_splits(np.arange(10), np.arange(10.0), (7, 2, 1))
        >>> [line.get_label() for line in ax.get_lines()]
        ['train (7)', 'val (2)', 'test (1)']
    """
    t = np.asarray(timestamps)
    y = _as_1d(values, "values")
    sizes = [int(s) for s in sizes]
    if len(sizes) != 3 or sum(sizes) != len(y) or len(t) != len(y) or min(sizes) < 0:
        raise ValueError(
            f"sizes must be three non-negative lengths adding up to the {len(y)} values "
            f"(and timestamps must have as many); got sizes {sizes} and {len(t)} timestamps."
        )
    ax = _get_ax(ax, (10, 3))
    start = 0
    for name, size in zip(("train", "val", "test"), sizes, strict=True):
        part = slice(start, start + size)
        ax.plot(t[part], y[part], color=SPLIT_COLOURS[name], lw=0.7, label=f"{name} ({size})")
        start += size
    ax.set(
        title=title if title is not None else "Chronological split",
        xlabel="time",
        ylabel=f"value ({units})" if units else "value",
    )
    ax.legend()
    return ax


# The diagrams moved to tutorial_utils.diagrams (issue 25); their old names here still work.
__getattr__ = _moved(
    __name__, "tutorial_utils.diagrams", "draw_cnn_lstm", "draw_cnn_lstm_from_model", "draw_fold"
)
