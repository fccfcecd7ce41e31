"""Pictures of the models: what happens to the shapes, drawn as boxes and arrows (no data).

* :func:`draw_cnn_lstm` - the course's CNN-LSTM for given sizes, every arrow labelled with
  its shape: the same CNN (one set of weights) on each subsequence, then an LSTM across them.
* :func:`draw_cnn_lstm_from_model` - the same picture, with the shapes read from a built
  Keras model.
* :func:`draw_fold` - folding ``n_seq`` into the batch: ``(batch, n_seq, ...)`` becomes
  ``(batch * n_seq, ...)`` for one call of the layer, then is regrouped.

The plots of data (series, splits, forecasts, learning curves) and the course colours are in
:mod:`tutorial_utils.plots`; every diagram here draws on the Axes you pass (or a new one)
and returns it, as the plots do. Its boxes, arrows and colours are
:mod:`tutorial_utils.diagram_kit`. matplotlib and NumPy only: Keras is imported only inside
:func:`draw_cnn_lstm_from_model`, when it runs.

Example:
    >>> ax = draw_fold(2, 3, 8)
    >>> [t.get_text() for t in ax.texts if t.get_text().startswith("folded")]
    ['folded: (6, 8, 1)']
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from tutorial_utils.diagram_kit import (
    PALETTE,
    SAMPLE_COLOURS,
    arrow,
    box,
    count_arg,
    shape_text,
    shown_rows,
    strip,
)
from tutorial_utils.plots import get_ax

__all__ = ["draw_cnn_lstm", "draw_cnn_lstm_from_model", "draw_fold"]


def _cnn_stages(
    n_steps: int, conv_filters: int, kernel_size: int, pool_size: int
) -> list[tuple[str, tuple[int, ...]]]:
    conv_len = n_steps - kernel_size + 1
    if conv_len < 1:
        raise ValueError(
            f"kernel_size={kernel_size} is longer than a subsequence of n_steps={n_steps}; "
            f"the Conv1D would have nothing left. Use kernel_size <= {n_steps} or longer "
            "subsequences (fewer, longer rows: a smaller n_seq)."
        )
    pooled = conv_len // pool_size
    if pooled < 1:
        raise ValueError(
            f"MaxPooling1D({pool_size}) would pool the {conv_len} steps left after the Conv1D "
            f"down to nothing. Use pool_size <= {conv_len}, a smaller kernel, or longer "
            "subsequences."
        )
    return [
        (f"Conv1D({conv_filters}, {kernel_size})", (conv_len, conv_filters)),
        (f"MaxPooling1D({pool_size})", (pooled, conv_filters)),
        ("Flatten", (pooled * conv_filters,)),
    ]


def draw_cnn_lstm(
    n_seq: int,
    n_steps: int,
    n_features: int = 1,
    *,
    conv_filters: int = 16,
    kernel_size: int = 3,
    pool_size: int = 2,
    lstm_units: int = 32,
    horizon: int = 1,
    batch: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A picture of the course's CNN-LSTM, labelled with the shapes these numbers give.

    The model is ``TimeDistributed(Conv1D(conv_filters, kernel_size))`` →
    ``TimeDistributed(MaxPooling1D(pool_size))`` → ``TimeDistributed(Flatten())`` →
    ``LSTM(lstm_units)`` → ``Dense(horizon)``. The picture shows one sample of the input
    ``(batch, n_seq, n_steps, n_features)`` as ``n_seq`` rows, the *same* CNN (one colour,
    one set of weights, joined by a dashed line) applied to each row on its own, the one
    feature vector it makes per row, the LSTM reading those vectors in order, and the output.
    With more than 8 rows, the middle ones are left out (``⋮``).

    Args:
        n_seq: subsequences per sample (rows), e.g. 7 days.
        n_steps: time steps per subsequence, e.g. 48 half-hours.
        n_features: values per time step (1 for a univariate series).
        conv_filters, kernel_size, pool_size: the wrapped CNN.
        lstm_units: the LSTM's units.
        horizon: outputs of the final Dense layer (e.g. 48 for a day ahead).
        batch: the batch size to print in shapes; ``None`` prints ``batch``.
        ax: the Axes to draw on; a new figure if None.
        title: the title (default names the input shape).

    Returns:
        The Axes (its texts hold every shape; its axis lines are hidden).

    Raises:
        TypeError / ValueError: a size that is not a positive whole number, or a CNN that
            does not fit in ``n_steps``.

    Example:
        >>> ax = draw_cnn_lstm(4, 8, conv_filters=16, lstm_units=32)
        >>> any(t.get_text().endswith("(batch, 4, 48)") for t in ax.texts)
        True
    """
    n_seq = count_arg(n_seq, "n_seq")
    n_steps = count_arg(n_steps, "n_steps")
    n_features = count_arg(n_features, "n_features")
    conv_filters = count_arg(conv_filters, "conv_filters")
    kernel_size = count_arg(kernel_size, "kernel_size")
    pool_size = count_arg(pool_size, "pool_size")
    stages = _cnn_stages(n_steps, conv_filters, kernel_size, pool_size)
    weights = (
        f"kernel {shape_text(kernel_size, n_features, conv_filters)}, "
        f"bias {shape_text(conv_filters)}"
    )
    return _draw_cnn_lstm(
        n_seq,
        n_steps,
        n_features,
        stages=stages,
        weights=weights,
        lstm_units=count_arg(lstm_units, "lstm_units"),
        horizon=count_arg(horizon, "horizon"),
        batch=batch,
        ax=ax,
        title=title,
    )


def _draw_cnn_lstm(
    n_seq: int,
    n_steps: int,
    n_features: int,
    *,
    stages: list[tuple[str, tuple[int, ...]]],
    weights: str,
    lstm_units: int,
    horizon: int,
    batch: int | None,
    ax: Axes | None,
    title: str | None,
    head: str | None = None,
    wrapper: str = "TimeDistributed",
) -> Axes:
    if batch is not None:
        batch = count_arg(batch, "batch")
    b = "batch" if batch is None else batch
    rows = shown_rows(n_seq, 8)
    n_rows = len(rows)
    ax = get_ax(ax, (13, 2.9 + 0.62 * n_rows))
    vec_len = int(np.prod(stages[-1][1]))
    head = head if head is not None else f"Dense({horizon})"

    # Columns (x, width) in data units; rows go downwards, subsequence 1 at the top.
    x_lab, x_in, w_in = 0.0, 2.2, 4.6
    x_cnn, w_cnn = 8.2, 2.6
    x_vec, w_vec = 12.2, 1.9
    x_lstm, w_lstm = 15.6, 1.9
    x_out = 19.6
    h = 0.62

    def y_of(k: int) -> float:
        return -1.0 * k

    for k, row in enumerate(rows):
        y = y_of(k)
        if row is None:
            for x in (x_in + w_in / 2, x_cnn + w_cnn / 2, x_vec + w_vec / 2, x_lstm + w_lstm / 2):
                ax.text(x, y + h / 2, "⋮", ha="center", va="center", fontsize=16)
            continue
        ax.text(x_lab, y + h / 2, f"subsequence {row + 1}", ha="left", va="center", fontsize=9)
        strip(ax, x_in, y, w_in, h, n_steps, PALETTE["input"], PALETTE["input_edge"])
        if n_features > 1:  # one thin band per feature
            for f in range(1, min(n_features, 6)):
                yy = y + h * f / min(n_features, 6)
                ax.plot([x_in, x_in + w_in], [yy, yy], color=PALETTE["input_edge"], lw=0.6)
        arrow(ax, (x_in + w_in + 0.05, y + h / 2), (x_cnn - 0.05, y + h / 2))
        box(ax, x_cnn, y, w_cnn, h, PALETTE["cnn"], PALETTE["cnn_edge"], zorder=3)
        ax.text(
            x_cnn + w_cnn / 2,
            y + h / 2,
            "CNN  (W)",
            ha="center",
            va="center",
            fontsize=9,
            zorder=4,
            color=PALETTE["cnn_edge"],
            weight="bold",
        )
        arrow(ax, (x_cnn + w_cnn + 0.05, y + h / 2), (x_vec - 0.05, y + h / 2))
        strip(
            ax,
            x_vec,
            y + h * 0.25,
            w_vec,
            h * 0.5,
            min(vec_len, 12),
            PALETTE["vector"],
            PALETTE["vector_edge"],
        )
        arrow(ax, (x_vec + w_vec + 0.05, y + h / 2), (x_lstm - 0.05, y + h / 2))
        box(ax, x_lstm, y, w_lstm, h, PALETTE["lstm"], PALETTE["lstm_edge"])
        ax.text(
            x_lstm + w_lstm / 2,
            y + h / 2,
            f"LSTM step {row + 1}",
            ha="center",
            va="center",
            fontsize=8.5,
        )
    # The LSTM's state flows down the rows, in time order.
    for k in range(n_rows - 1):
        dashed = rows[k] is None or rows[k + 1] is None
        arrow(
            ax,
            (x_lstm + w_lstm / 2, y_of(k) - 0.02),
            (x_lstm + w_lstm / 2, y_of(k + 1) + h + 0.02),
            color=PALETTE["lstm_edge"],
            ls=":" if dashed else "-",
        )
    ax.text(
        x_lstm + w_lstm + 0.1,
        y_of(0) - (1 - h) / 2,
        "state (h, c)\npassed on",
        fontsize=7.5,
        va="center",
        ha="left",
        color=PALETTE["lstm_edge"],
    )
    # One set of weights: a dashed line joins every copy of the CNN.
    top, bottom = y_of(0) + h, y_of(n_rows - 1)
    ax.plot(
        [x_cnn + w_cnn / 2] * 2,
        [bottom, top],
        color=PALETTE["cnn_edge"],
        ls="--",
        lw=1.3,
        zorder=2,
    )
    ax.text(
        x_cnn + w_cnn / 2,
        bottom - 0.35,
        f"one CNN, one set of weights W\n({weights}),\nused on every row separately",
        ha="center",
        va="top",
        fontsize=8.5,
        color=PALETTE["cnn_edge"],
    )
    # The head and the output, next to the last LSTM step.
    y_last = y_of(n_rows - 1) + h / 2
    arrow(ax, (x_lstm + w_lstm + 0.05, y_last), (x_out - 0.05, y_last))
    ax.text(
        (x_lstm + w_lstm + x_out) / 2,
        y_last - 0.1,
        f"last state\n{shape_text(b, lstm_units)}",
        ha="center",
        va="top",
        fontsize=8,
    )
    box(ax, x_out, y_last - h / 2, 1.6, h, PALETTE["dense"], PALETTE["dense_edge"])
    ax.text(x_out + 0.8, y_last, head, ha="center", va="center", fontsize=8.5)
    arrow(ax, (x_out + 1.65, y_last), (x_out + 2.3, y_last))
    ax.text(
        x_out + 2.35,
        y_last,
        f"output\n{shape_text(b, horizon)}",
        ha="left",
        va="center",
        fontsize=9,
        weight="bold",
    )

    # Column headings: what each column holds, with its shape.
    stage_lines = "\n".join(f"{name} → {shape_text(*shape)}" for name, shape in stages)
    heads = [
        (
            x_in + w_in / 2,
            f"input {shape_text(b, n_seq, n_steps, n_features)}\n"
            f"each row: {n_steps} steps × {n_features} feature{'s' if n_features > 1 else ''}",
        ),
        (x_cnn + w_cnn / 2, f"{wrapper}(CNN), per row:\n{stage_lines}"),
        (x_vec + w_vec / 2, f"one vector per row\n{shape_text(b, n_seq, vec_len)}"),
        (x_lstm + w_lstm / 2, f"LSTM({lstm_units}) reads\nthe {n_seq} vectors in order"),
    ]
    for x, text in heads:
        ax.text(x, y_of(0) + h + 0.25, text, ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-0.1, x_out + 4.0)
    ax.set_ylim(bottom - 1.6, y_of(0) + h + 0.35 + 0.33 * (len(stages) + 1))
    ax.set_axis_off()
    ax.set_title(
        title
        if title is not None
        else f"CNN-LSTM on input {shape_text(b, n_seq, n_steps, n_features)}: "
        "the same CNN on every subsequence, then an LSTM across them",
        fontsize=11,
    )
    return ax


def draw_fold(
    batch: int,
    n_seq: int,
    n_steps: int,
    n_features: int = 1,
    *,
    conv_filters: int = 16,
    kernel_size: int = 3,
    layer_name: str | None = None,
    layer_output: tuple[int, ...] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A picture of the fold: ``(batch, n_seq, ...)`` → ``(batch·n_seq, ...)`` → layer → back.

    Each row is one subsequence, coloured by the sample it belongs to. The rows keep their
    places across the figure: the reshape moves no data, it only changes which rows form a
    sample (row-major order keeps every subsequence whole). The layer is then called *once* on
    all ``batch * n_seq`` rows, with one set of weights, and the result is reshaped back.
    With more than 3 samples or 4 subsequences, the middle ones are left out (``⋮``).

    By default the layer is ``Conv1D(conv_filters, kernel_size)`` with "valid" padding,
    whose output per row is ``(n_steps - kernel_size + 1, conv_filters)``. For another layer,
    give its ``layer_name`` and its output per row, ``layer_output``.

    Args:
        batch: samples in the batch.
        n_seq, n_steps, n_features: the shape of one sample.
        conv_filters, kernel_size: the Conv1D (used when ``layer_output`` is None).
        layer_name: the label of the layer's box (default ``"Conv1D(f, k)"``).
        layer_output: the shape the layer makes from one row ``(n_steps, n_features)``.
        ax: the Axes to draw on; a new figure if None.
        title: the title (default names the shapes).

    Returns:
        The Axes (its texts hold every shape; its axis lines are hidden).

    Example:
        >>> ax = draw_fold(2, 3, 8)
        >>> [t.get_text() for t in ax.texts if t.get_text().startswith("folded")]
        ['folded: (6, 8, 1)']
    """
    batch = count_arg(batch, "batch")
    n_seq = count_arg(n_seq, "n_seq")
    n_steps = count_arg(n_steps, "n_steps")
    n_features = count_arg(n_features, "n_features")
    if layer_output is None:
        if layer_name is not None:
            raise ValueError(
                f"layer_name={layer_name!r} was given without layer_output; give the shape "
                "that layer makes from one subsequence, e.g. layer_output=(8, 32)."
            )
        conv_filters = count_arg(conv_filters, "conv_filters")
        kernel_size = count_arg(kernel_size, "kernel_size")
        layer_output = _cnn_stages(n_steps, conv_filters, kernel_size, 1)[0][1]
        layer_name = f"Conv1D({conv_filters}, {kernel_size})"
    else:
        if not isinstance(layer_output, (tuple, list)) or not layer_output:
            raise TypeError(
                "layer_output must be a tuple of whole numbers, the shape the layer makes "
                f"from one subsequence, e.g. (6, 16); got {layer_output!r}"
            )
        layer_output = tuple(count_arg(d, f"layer_output[{i}]") for i, d in enumerate(layer_output))
        layer_name = layer_name if layer_name is not None else "layer"
    samples = shown_rows(batch, 3)
    subs = shown_rows(n_seq, 4)
    gap = 0.7
    h = 0.62
    ys: list[tuple[int | None, int | None, float]] = []  # (sample, subsequence, y)
    y = 0.0
    for s in samples:
        if s is None:
            ys.append((None, None, y))
            y -= 1.0 + gap
            continue
        for r in subs:
            ys.append((s, r, y))
            y -= 1.0
        y -= gap
    bottom = y + gap + 1.0 - h
    ax = get_ax(ax, (14, 2.6 + 0.5 * len(ys)))

    cols = {"in": 1.2, "fold": 6.8, "layer": 12.0, "out": 15.6, "back": 21.2}
    w = 3.6
    w_layer = 2.4

    def face(s: int) -> tuple[float, float, float, float]:
        import matplotlib.colors as mcolors

        return mcolors.to_rgba(SAMPLE_COLOURS[s % len(SAMPLE_COLOURS)], 0.22)

    for s, r, yy in ys:
        if s is None or r is None:
            for key in ("in", "fold", "out", "back"):
                ax.text(cols[key] + w / 2, yy + h / 2, "⋮", ha="center", va="center", fontsize=15)
            continue
        edge = SAMPLE_COLOURS[s % len(SAMPLE_COLOURS)]
        for key, cells in (
            ("in", n_steps),
            ("fold", n_steps),
            ("out", layer_output[0]),
            ("back", layer_output[0]),
        ):
            strip(ax, cols[key], yy, w, h, cells, face(s), edge)
        row = s * n_seq + r + 1
        nested = f"sample {s + 1}, subsequence {r + 1}"
        folded = f"row {row} of {batch * n_seq}"
        for key, label in (("in", nested), ("back", nested), ("fold", folded), ("out", folded)):
            ax.text(
                cols[key] + w / 2,
                yy + h / 2,
                label,
                ha="center",
                va="center",
                fontsize=8,
                bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 1},
            )
        arrow(ax, (cols["fold"] + w + 0.05, yy + h / 2), (cols["layer"] - 0.05, yy + h / 2))
        arrow(ax, (cols["layer"] + w_layer + 0.05, yy + h / 2), (cols["out"] - 0.05, yy + h / 2))
    top = ys[0][2] + h
    # One call of the layer on every row at once.
    box(ax, cols["layer"], bottom, w_layer, top - bottom, PALETTE["cnn"], PALETTE["cnn_edge"])
    ax.text(
        cols["layer"] + w_layer / 2,
        (top + bottom) / 2,
        f"{layer_name}\n\ncalled once\non all\n{batch * n_seq} rows,\none set\nof weights",
        ha="center",
        va="center",
        fontsize=9,
        color=PALETTE["cnn_edge"],
        weight="bold",
    )
    # Reshapes: big arrows between the columns.
    mid = (top + bottom) / 2
    for a, c, text in (
        ("in", "fold", "reshape\n(no value\nmoves)"),
        ("out", "back", "reshape\nback"),
    ):
        arrow(ax, (cols[a] + w + 0.15, mid), (cols[c] - 0.15, mid), lw=2.2, mutation_scale=18)
        ax.text(
            (cols[a] + w + cols[c]) / 2, mid + 0.25, text, ha="center", va="bottom", fontsize=8.5
        )
    inner_out = shape_text(*layer_output)[1:-1].rstrip(",")
    heads = {
        "in": f"input: {shape_text(batch, n_seq, n_steps, n_features)}\n"
        f"{batch} samples × {n_seq} subsequences",
        "fold": f"folded: {shape_text(batch * n_seq, n_steps, n_features)}",
        "out": f"layer output: {shape_text(batch * n_seq, *layer_output)}",
        "back": f"unfolded: ({batch}, {n_seq}, {inner_out})",
    }
    for key, text in heads.items():
        ax.text(cols[key] + w / 2, top + 0.3, text, ha="center", va="bottom", fontsize=9)
    ax.set_xlim(0.8, cols["back"] + w + 0.4)
    ax.set_ylim(bottom - 0.4, top + 1.3)
    ax.set_axis_off()
    ax.set_title(
        title
        if title is not None
        else f"The fold: {batch} samples × {n_seq} subsequences become {batch * n_seq} rows "
        f"for one call of {layer_name}, then are regrouped",
        fontsize=11,
    )
    return ax


def _describe_layer(layer: Any) -> str:
    kind = type(layer).__name__
    if hasattr(layer, "filters") and hasattr(layer, "kernel_size"):
        return f"{kind}({layer.filters}, {layer.kernel_size[0]})"
    if hasattr(layer, "pool_size") and kind.startswith("MaxPooling"):
        return f"{kind}({layer.pool_size[0]})"
    if hasattr(layer, "units"):
        return f"{kind}({layer.units})"
    return kind


def draw_cnn_lstm_from_model(
    model: Any,
    *,
    batch: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """:func:`draw_cnn_lstm` for a built Keras model: the shapes are read from its layers.

    The model must start with ``keras.Input((n_seq, n_steps, n_features))``, then one or more
    wrapped layers (``TimeDistributed`` or ``FoldTimeDistributed``), then a recurrent layer
    (``LSTM``, ``GRU`` ...) and a head (``Dense`` ...). Keras is imported only when this
    function runs.

    Args:
        model: a built ``keras.Model`` (Sequential or functional, one input).
        batch: the batch size to print in shapes; ``None`` prints ``batch``.
        ax: the Axes to draw on; a new figure if None.
        title: the title (default names the input shape).

    Returns:
        The Axes.

    Raises:
        TypeError: ``model`` is not a Keras model.
        ValueError: the model is not built (no ``keras.Input``), its input is not 4-D, or it
            does not have the wrapped-layers → recurrent layer → head structure.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((4, 8, 1)),
        ...     keras.layers.TimeDistributed(keras.layers.Conv1D(8, 3)),
        ...     keras.layers.TimeDistributed(keras.layers.Flatten()),
        ...     keras.layers.LSTM(5), keras.layers.Dense(2)])
        >>> ax = draw_cnn_lstm_from_model(model)
        >>> any("(batch, 4, 48)" in t.get_text() for t in ax.texts)
        True
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.built or not model.inputs:
        raise ValueError(
            "The model is not built, so its shapes are unknown. Start it with "
            "keras.Input(shape=(n_seq, n_steps, n_features)), or use draw_cnn_lstm(...) "
            "with the numbers."
        )
    if len(model.inputs) != 1 or len(model.inputs[0].shape) != 4:
        shapes = [tuple(t.shape) for t in model.inputs]
        raise ValueError(
            "draw_cnn_lstm_from_model draws a model with one 4-D input "
            f"(batch, n_seq, n_steps, n_features); this model's inputs are {shapes}."
        )
    _, n_seq, n_steps, n_features = model.inputs[0].shape
    if None in (n_seq, n_steps, n_features):
        raise ValueError(
            f"The input shape {tuple(model.inputs[0].shape)} has an unknown size; give "
            "n_seq, n_steps and n_features in keras.Input."
        )
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    wrapped = []
    for layer in layers:
        if not hasattr(layer, "layer") or isinstance(layer, keras.layers.RNN):
            break
        wrapped.append(layer)
    rest = layers[len(wrapped) :]
    if not wrapped or not rest or not isinstance(rest[0], keras.layers.RNN):
        names = [type(layer).__name__ for layer in layers]
        raise ValueError(
            "draw_cnn_lstm_from_model expects wrapped layers (TimeDistributed ...), then a "
            f"recurrent layer (LSTM, GRU), then a head; this model has {names}."
        )
    stages = [(_describe_layer(w.layer), tuple(w.output.shape[2:])) for w in wrapped]
    first = next((w.layer for w in wrapped if w.layer.weights), None)
    weights = (
        ", ".join(f"{v.path.split('/')[-1]} {shape_text(*v.shape)}" for v in first.weights)
        if first is not None
        else "no weights"
    )
    rnn = rest[0]
    head = " → ".join(_describe_layer(layer) for layer in rest[1:]) or "(no head)"
    return _draw_cnn_lstm(
        int(n_seq),
        int(n_steps),
        int(n_features),
        stages=stages,
        weights=weights,
        lstm_units=int(rnn.cell.units) if hasattr(rnn, "cell") else int(rnn.units),
        horizon=int(model.outputs[0].shape[-1]),
        batch=batch,
        ax=ax,
        title=title,
        head=head,
        wrapper=type(wrapped[0]).__name__,
    )
