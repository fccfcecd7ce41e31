"""The course's Keras 3 models and a shape table to read them by.

* :func:`build_cnn_lstm` is the model the course is about: a small CNN, wrapped in
  ``TimeDistributed``, reads each subsequence; an LSTM reads the CNN's summaries in order.
* :func:`build_linear`, :func:`build_lstm`, :func:`build_conv1d` and :func:`build_conv_lstm`
  (a Conv1D over the whole window, then an LSTM: no subsequences, no wrapper) are the simpler
  models it has to beat, with the same keyword style so they are trained and compared alike.
* :func:`shape_table` / :func:`format_shape_table` list every layer's output shape and
  parameter count, as plain data you can test or print.

How every one of them is trained (``fit_model``, ``fit_compiled``, ``train_and_forecast``,
``TrainedModel``) is in :mod:`tutorial_utils.training`.

All builders return *uncompiled* functional models whose first layer is
``keras.Input(shape=...)`` and whose layers have readable names.

Example:
    >>> model = build_cnn_lstm(n_seq=4, n_steps=8, n_features=1)
    >>> [row["output_shape"] for row in shape_table(model)]
    [(4, 8, 1), (4, 6, 16), (4, 3, 16), (4, 48), (32,), (1,)]
"""

from __future__ import annotations

from typing import Any

import keras

from tutorial_utils.checks import whole_number
from tutorial_utils.layers import FoldTimeDistributed
from tutorial_utils.tables import format_table

__all__ = [
    "build_cnn_lstm",
    "build_conv1d",
    "build_conv_lstm",
    "build_linear",
    "build_lstm",
    "format_shape_table",
    "min_n_steps",
    "shape_table",
]


def min_n_steps(kernel_size: int = 3, pool_size: int = 2) -> int:
    """The shortest subsequence a ``valid`` Conv1D followed by MaxPooling1D can take.

    A Conv1D without padding turns ``n`` steps into ``n - kernel_size + 1``; pooling then
    needs at least ``pool_size`` of those to output one step. So
    ``n_steps >= kernel_size + pool_size - 1``.

    Example:
        >>> min_n_steps(kernel_size=3, pool_size=2)
        4
    """
    kernel_size = whole_number(kernel_size, "kernel_size")
    pool_size = whole_number(pool_size, "pool_size")
    return kernel_size + pool_size - 1


def _check_conv_fits(length: int, kernel_size: int, pool_size: int, what: str) -> None:
    smallest = min_n_steps(kernel_size, pool_size)
    if length < smallest:
        after_conv = length - kernel_size + 1
        raise ValueError(
            f"{what}={length} is too short for Conv1D(kernel_size={kernel_size}) followed by "
            f"MaxPooling1D(pool_size={pool_size}): the convolution leaves {after_conv} step(s) "
            f"and pooling needs at least {pool_size}. The smallest {what} that works is "
            f"{smallest}; use longer subsequences (fewer of them), or a smaller kernel_size "
            "or pool_size."
        )


def _conv_stem(
    window: int, n_features: int, filters: int, kernel_size: int, pool_size: int
) -> tuple[keras.KerasTensor, keras.KerasTensor]:
    """The input and one Conv1D → MaxPooling1D over the whole window (no subsequences)."""
    window = whole_number(window, "window")
    n_features = whole_number(n_features, "n_features")
    filters = whole_number(filters, "filters")
    kernel_size = whole_number(kernel_size, "kernel_size")
    pool_size = whole_number(pool_size, "pool_size")
    _check_conv_fits(window, kernel_size, pool_size, "window")
    inputs = keras.Input(shape=(window, n_features), name="window")
    x = keras.layers.Conv1D(filters, kernel_size, activation="relu", name="conv")(inputs)
    return inputs, keras.layers.MaxPooling1D(pool_size, name="pool")(x)


def build_cnn_lstm(
    n_seq: int,
    n_steps: int,
    n_features: int,
    *,
    filters: int = 16,
    kernel_size: int = 3,
    pool_size: int = 2,
    lstm_units: int = 32,
    horizon: int = 1,
    fold: bool = False,
) -> keras.Model:
    """The CNN-LSTM: a TimeDistributed CNN over each subsequence, then an LSTM over them.

    Layers (names in quotes), for input ``(n_seq, n_steps, n_features)``:

    1. ``"td_conv"``: TimeDistributed(Conv1D(filters, kernel_size, relu)) →
       ``(n_seq, n_steps - kernel_size + 1, filters)``
    2. ``"td_pool"``: TimeDistributed(MaxPooling1D(pool_size)) →
       ``(n_seq, (n_steps - kernel_size + 1) // pool_size, filters)``
    3. ``"td_flatten"``: TimeDistributed(Flatten()) → ``(n_seq, pooled_steps * filters)``
    4. ``"lstm"``: LSTM(lstm_units) over the ``n_seq`` summaries → ``(lstm_units,)``
    5. ``"forecast"``: Dense(horizon) → ``(horizon,)``

    Args:
        n_seq: subsequences per sample (the outer time axis the LSTM reads).
        n_steps: time steps per subsequence (the inner axis the CNN reads).
        n_features: values per time step.
        filters, kernel_size: the Conv1D's filters and window length.
        pool_size: the MaxPooling1D window (and stride).
        lstm_units: the LSTM's state size.
        horizon: how many future steps to forecast.
        fold: wrap the three per-subsequence layers in
            :class:`tutorial_utils.layers.FoldTimeDistributed` instead of
            ``keras.layers.TimeDistributed``: the same layers, weights and outputs, computed by
            folding ``n_seq`` into the batch, which trains faster (``benchmarks/README.md``).

    Returns:
        An uncompiled ``keras.Model`` named ``"cnn_lstm"``.

    Raises:
        ValueError: ``n_steps`` is too short for the kernel and the pooling; the message
            gives the smallest ``n_steps`` that works (see :func:`min_n_steps`).

    Example:
        >>> build_cnn_lstm(4, 8, 1).count_params()
        10465
    """
    n_seq = whole_number(n_seq, "n_seq")
    n_steps = whole_number(n_steps, "n_steps")
    n_features = whole_number(n_features, "n_features")
    filters = whole_number(filters, "filters")
    kernel_size = whole_number(kernel_size, "kernel_size")
    pool_size = whole_number(pool_size, "pool_size")
    lstm_units = whole_number(lstm_units, "lstm_units")
    horizon = whole_number(horizon, "horizon")
    if not isinstance(fold, bool):
        raise TypeError(f"fold must be True or False, got {type(fold).__name__}: {fold!r}")
    _check_conv_fits(n_steps, kernel_size, pool_size, "n_steps")
    wrap = FoldTimeDistributed if fold else keras.layers.TimeDistributed

    inputs = keras.Input(shape=(n_seq, n_steps, n_features), name="subsequences")
    x = wrap(
        keras.layers.Conv1D(filters, kernel_size, activation="relu", name="conv"), name="td_conv"
    )(inputs)
    x = wrap(keras.layers.MaxPooling1D(pool_size, name="pool"), name="td_pool")(x)
    x = wrap(keras.layers.Flatten(name="flatten"), name="td_flatten")(x)
    x = keras.layers.LSTM(lstm_units, name="lstm")(x)
    outputs = keras.layers.Dense(horizon, name="forecast")(x)
    return keras.Model(inputs, outputs, name="cnn_lstm")


def build_lstm(
    window: int, n_features: int, *, lstm_units: int = 32, horizon: int = 1
) -> keras.Model:
    """A plain LSTM reading the whole window step by step, then Dense(horizon).

    Example:
        >>> [row["output_shape"] for row in shape_table(build_lstm(48, 1))]
        [(48, 1), (32,), (1,)]
    """
    window = whole_number(window, "window")
    n_features = whole_number(n_features, "n_features")
    lstm_units = whole_number(lstm_units, "lstm_units")
    horizon = whole_number(horizon, "horizon")
    inputs = keras.Input(shape=(window, n_features), name="window")
    x = keras.layers.LSTM(lstm_units, name="lstm")(inputs)
    outputs = keras.layers.Dense(horizon, name="forecast")(x)
    return keras.Model(inputs, outputs, name="lstm")


def build_conv1d(
    window: int,
    n_features: int,
    *,
    filters: int = 16,
    kernel_size: int = 3,
    pool_size: int = 2,
    horizon: int = 1,
) -> keras.Model:
    """One Conv1D over the whole window (no subsequences), pooled, flattened, then Dense.

    Example:
        >>> [row["output_shape"] for row in shape_table(build_conv1d(48, 1))]
        [(48, 1), (46, 16), (23, 16), (368,), (1,)]
    """
    horizon = whole_number(horizon, "horizon")
    inputs, x = _conv_stem(window, n_features, filters, kernel_size, pool_size)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(horizon, name="forecast")(x)
    return keras.Model(inputs, outputs, name="conv1d")


def build_conv_lstm(
    window: int,
    n_features: int,
    *,
    filters: int = 16,
    kernel_size: int = 3,
    pool_size: int = 2,
    lstm_units: int = 32,
    horizon: int = 1,
) -> keras.Model:
    """Conv1D → LSTM without TimeDistributed: one CNN slides over the whole window.

    The convolution and pooling run along the full window, across any day border, and the
    LSTM reads the pooled sequence step by step. It has the CNN-LSTM's layers minus the
    nesting, so comparing the two measures what cutting the window into subsequences adds.

    Example:
        >>> [row["output_shape"] for row in shape_table(build_conv_lstm(48, 1))]
        [(48, 1), (46, 16), (23, 16), (32,), (1,)]
    """
    lstm_units = whole_number(lstm_units, "lstm_units")
    horizon = whole_number(horizon, "horizon")
    inputs, x = _conv_stem(window, n_features, filters, kernel_size, pool_size)
    x = keras.layers.LSTM(lstm_units, name="lstm")(x)
    outputs = keras.layers.Dense(horizon, name="forecast")(x)
    return keras.Model(inputs, outputs, name="conv1d_lstm")


def build_linear(window: int, n_features: int, *, horizon: int = 1) -> keras.Model:
    """A linear model: every value in the window times a weight, plus a bias, per output.

    Example:
        >>> build_linear(48, 1).count_params()   # 48 weights + 1 bias
        49
    """
    window = whole_number(window, "window")
    n_features = whole_number(n_features, "n_features")
    horizon = whole_number(horizon, "horizon")
    inputs = keras.Input(shape=(window, n_features), name="window")
    x = keras.layers.Flatten(name="flatten")(inputs)
    outputs = keras.layers.Dense(horizon, name="forecast")(x)
    return keras.Model(inputs, outputs, name="linear")


def shape_table(model: keras.Model) -> list[dict[str, Any]]:
    """Each layer's name, output shape (without the batch axis) and parameter count.

    The same facts as ``model.summary()``, as data: one dict per layer with the keys
    ``"name"``, ``"output_shape"`` (a tuple) and ``"params"`` (an int), in order, the input
    layer first.

    Example:
        >>> shape_table(build_linear(4, 1))[-1]
        {'name': 'forecast', 'output_shape': (1,), 'params': 5}
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.built:
        raise ValueError(
            "this model has no shapes yet: it was created without an input shape. Start it "
            "with keras.Input(shape=...) (all builders in tutorial_utils.models do)."
        )
    rows = []
    layers = list(model.layers)
    if isinstance(model, keras.Sequential):  # Sequential hides its InputLayer
        rows.append(
            {"name": "input", "output_shape": tuple(model.inputs[0].shape[1:]), "params": 0}
        )
    for layer in layers:
        rows.append(
            {
                "name": layer.name,
                "output_shape": tuple(layer.output.shape[1:]),
                "params": int(layer.count_params()),
            }
        )
    return rows


def format_shape_table(model: keras.Model) -> str:
    """:func:`shape_table` as aligned text with layer types and a total, for ``print``.

    Plain ASCII, so it reads the same in a terminal, a notebook and a diff.

    Example:
        >>> print(format_shape_table(build_linear(4, 1)))
        layer     type        output shape  params
        --------  ----------  ------------  ------
        window    InputLayer  (4, 1)             0
        flatten   Flatten     (4,)               0
        forecast  Dense       (1,)               5
        --------  ----------  ------------  ------
        total                                    5
    """
    rows = shape_table(model)
    types = {layer.name: _layer_type(layer) for layer in model.layers}
    body = [
        (r["name"], types.get(r["name"], "InputLayer"), str(r["output_shape"]), f"{r['params']:,}")
        for r in rows
    ]
    footer = ("total", "", "", f"{sum(r['params'] for r in rows):,}")
    header = ("layer", "type", "output shape", "params")
    return format_table(header, body, right=[3], footer=footer)


def _layer_type(layer: keras.layers.Layer) -> str:
    """``"Dense"``, or ``"TimeDistributed(Conv1D)"`` / ``"FoldTimeDistributed(Conv1D)"``."""
    inner = getattr(layer, "layer", None)
    wrappers = (keras.layers.TimeDistributed, FoldTimeDistributed)
    if isinstance(layer, wrappers) and inner is not None:
        return f"{type(layer).__name__}({type(inner).__name__})"
    return type(layer).__name__
