"""The course's Keras 3 models, a shape table to read them by, and one way to train them all.

* :func:`build_cnn_lstm` is the model the course is about: a small CNN, wrapped in
  ``TimeDistributed``, reads each subsequence; an LSTM reads the CNN's summaries in order.
* :func:`build_linear`, :func:`build_lstm`, :func:`build_conv1d` and :func:`build_conv_lstm`
  (a Conv1D over the whole window, then an LSTM: no subsequences, no wrapper) are the simpler
  models it has to beat, with the same keyword style so they are trained and compared alike.
* :func:`shape_table` / :func:`format_shape_table` list every layer's output shape and
  parameter count, as plain data you can test or print.
* :func:`fit_model` compiles and trains any of them identically (Adam, mean squared error,
  early stopping on the validation loss with the best weights restored, no progress bar);
  :func:`train_and_forecast` also seeds, builds, times and predicts, and reports the epochs
  used and whether early stopping fired, so a comparison is fair by construction. It is the
  one training path of the course: ``compare`` trains every entrant through it.

All builders return *uncompiled* functional models whose first layer is
``keras.Input(shape=...)`` and whose layers have readable names.

Example:
    >>> model = build_cnn_lstm(n_seq=4, n_steps=8, n_features=1)
    >>> [row["output_shape"] for row in shape_table(model)]
    [(4, 8, 1), (4, 6, 16), (4, 3, 16), (4, 48), (32,), (1,)]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np

from tutorial_utils.checks import real_number, whole_number
from tutorial_utils.layers import FoldTimeDistributed
from tutorial_utils.shapes import check_model_input, check_targets
from tutorial_utils.tables import format_table

__all__ = [
    "TrainedModel",
    "build_cnn_lstm",
    "build_conv1d",
    "build_conv_lstm",
    "build_linear",
    "build_lstm",
    "fit_compiled",
    "fit_model",
    "format_shape_table",
    "min_n_steps",
    "shape_table",
    "train_and_forecast",
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


# How fit_model compiles. Both change the cost of a step, never its arithmetic: the course's
# comparisons train for the same epochs to the same errors (to about four digits) with them.
# - XLA for the whole training step. Keras' "auto" turns it off for TensorFlow on a CPU
#   (notebook 06 shows the rule), but the course's recurrent models run their LSTM loop far
#   faster compiled: notebook 05's plain LSTM used 60.0 CPU s instead of 106.1.
# - Several batches per call into the compiled step, so Python and the runtime are entered
#   once per STEPS_PER_CALL batches, not once per batch: for 05's networks, 118.1 CPU s
#   instead of 133.5 with XLA alone.
# Figures: benchmarks/README.md, "How fit_model compiles" (benchmarks/bench_fit.py).
STEPS_PER_CALL = 32


def _jit_compile() -> bool | str:
    """XLA on the backends whose Keras trainer compiles with it; Keras' own rule elsewhere."""
    return True if keras.backend.backend() in ("tensorflow", "jax") else "auto"


def _check_learning_rate(learning_rate: Any) -> float:
    return real_number(learning_rate, "learning_rate", above=0)


def _check_training_data(model: keras.Model, X_train: Any, y_train: Any, X_val: Any, y_val: Any):
    for X, y, name in ((X_train, y_train, "train"), (X_val, y_val, "val")):
        check_model_input(model, X, f"X_{name}")  # first: an unbuilt model has no outputs yet
        check_targets(y, int(model.outputs[0].shape[-1]), n_samples=len(X), name=f"y_{name}")


def fit_model(
    model: keras.Model,
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    *,
    epochs: int,
    batch_size: int = 64,
    patience: int = 5,
    seed: int = 0,
    learning_rate: float = 1e-3,
    min_steps_per_epoch: int = 1,
) -> keras.callbacks.History:
    """Compile and train a model the course way, silently, and keep its best epoch.

    Compiles with Adam(``learning_rate``) and mean squared error (a fresh optimizer every
    call; the training step compiled with XLA, ``STEPS_PER_CALL`` batches per call), then
    trains for at most ``epochs`` with shuffled batches, stopping once the validation loss
    has not improved for ``patience`` epochs and restoring the weights of the best epoch.
    ``keras.utils.set_random_seed(seed)`` is called first, so the batch order is repeatable;
    seed *before building* the model as well to repeat its initial weights
    (:func:`train_and_forecast` does both).

    ``min_steps_per_epoch`` budgets training in optimiser steps rather than passes: an epoch
    is at least that many batches, cycling through a small training set several times if
    needed. Use it when two variants of a task have very different numbers of samples (day-
    aligned windows have 48 times fewer than sliding ones), so that the same ``patience``
    means the same number of updates for both.

    Returns:
        The ``History``: ``history.history["loss"]`` and ``["val_loss"]`` per epoch run.

    Example:
        >>> keras.utils.set_random_seed(0)
        >>> model = build_linear(4, 1)
        >>> X = np.random.default_rng(0).normal(size=(64, 4, 1)).astype("float32")
        >>> y = X.sum(axis=1)
        >>> history = fit_model(model, X, y, X, y, epochs=2)
        >>> len(history.history["val_loss"])
        2
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    learning_rate = _check_learning_rate(learning_rate)
    _check_training_data(model, X_train, y_train, X_val, y_val)
    keras.utils.set_random_seed(seed)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="mse",
        jit_compile=_jit_compile(),
        steps_per_execution=STEPS_PER_CALL,
    )
    return fit_compiled(
        model,
        X_train,
        y_train,
        X_val,
        y_val,
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        seed=seed,
        min_steps_per_epoch=min_steps_per_epoch,
    )


def fit_compiled(
    model: keras.Model,
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    *,
    epochs: int,
    batch_size: int,
    patience: int,
    seed: int,
    min_steps_per_epoch: int = 1,
) -> keras.callbacks.History:
    """The training loop behind :func:`fit_model`, for a model that is already compiled.

    Shuffled batches (the order fixed by ``seed``), early stopping on the validation loss
    with the best epoch's weights restored, no progress output. The arrays are wrapped once
    in a cached ``tf.data`` pipeline: given NumPy arrays, Keras re-slices them every epoch,
    which for the course's small models cost more than the training itself (about 2.4x
    slower per epoch, measured for notebook 05). An epoch is at least
    ``min_steps_per_epoch`` batches (see :func:`fit_model`).

    Example:
        >>> keras.utils.set_random_seed(0)
        >>> model = build_linear(4, 1)
        >>> model.compile(optimizer="adam", loss="mse")
        >>> X = np.zeros((8, 4, 1), dtype="float32")
        >>> len(fit_compiled(model, X, X[:, 0], X, X[:, 0], epochs=2, batch_size=4,
        ...                  patience=1, seed=0).history["loss"])
        2
    """
    epochs = whole_number(epochs, "epochs")
    batch_size = whole_number(batch_size, "batch_size")
    patience = whole_number(patience, "patience")
    min_steps_per_epoch = whole_number(min_steps_per_epoch, "min_steps_per_epoch")
    n_train = int(np.shape(X_train)[0])
    passes = -(-n_train // batch_size)  # batches in one pass over the training windows
    steps = max(passes, min_steps_per_epoch)
    stop = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=patience, restore_best_weights=True
    )
    X_train, y_train, X_val, y_val = (
        np.asarray(a, dtype="float32") for a in (X_train, y_train, X_val, y_val)
    )
    try:
        import tensorflow as tf  # tf.data feeds every Keras 3 backend (JAX too)
    except ImportError:  # a JAX-only install: Keras slices the arrays itself (slower)
        return model.fit(
            X_train,
            y_train,
            validation_data=(X_val, y_val),
            epochs=epochs,
            batch_size=batch_size,
            shuffle=True,
            callbacks=[stop],
            verbose=0,
        )

    def batches(X: np.ndarray, y: np.ndarray, shuffle: bool) -> tf.data.Dataset:
        data = tf.data.Dataset.from_tensor_slices((X, y)).cache()
        if shuffle:
            data = data.shuffle(len(X), seed=seed, reshuffle_each_iteration=True)
            if steps > passes:  # cycle through the windows: whole shuffled passes, then batch
                # A finite epoch of `steps` batches, not steps_per_epoch on an endless
                # stream: a call into the compiled step runs until the data ends or
                # STEPS_PER_CALL batches, so only the data can end an epoch on time.
                return data.repeat().batch(batch_size, drop_remainder=True).take(steps)
        return data.batch(batch_size)

    train, val = batches(X_train, y_train, shuffle=True), batches(X_val, y_val, shuffle=False)
    if keras.backend.backend() != "tensorflow":
        # On JAX, fit() takes a first batch from the training pipeline to build a freshly
        # compiled model's loss, then starts the pipeline again: the reshuffle moves on by one
        # and the batch order depends on whether the model was trained before. Evaluating one
        # validation batch builds the loss first (the same compiled function fit() validates
        # with), so the order is the same for a new and a reused model.
        model.evaluate(val.take(1), verbose=0)
    return model.fit(
        train,
        validation_data=val,
        epochs=epochs,
        shuffle=False,  # the pipeline shuffles; Keras' own shuffle does not apply to tf.data
        callbacks=[stop],
        verbose=0,
    )


@dataclass
class TrainedModel:
    """What :func:`train_and_forecast` returns.

    Attributes:
        model: the trained model (weights of the best validation epoch).
        history: the ``History`` of training.
        predictions: the model's output on ``X_test``, ``(samples, horizon)``.
        best_epoch: the epoch (from 1) with the lowest validation loss.
        epochs_run: how many epochs ran before early stopping.
        seconds: wall-clock time of building, training and predicting.
        max_epochs: the cap on epochs it was given (``None`` if unknown).
    """

    model: keras.Model
    history: keras.callbacks.History
    predictions: np.ndarray
    best_epoch: int
    epochs_run: int
    seconds: float
    max_epochs: int | None = None

    @property
    def params(self) -> int:
        """The number of trainable and non-trainable parameters."""
        return int(self.model.count_params())

    @property
    def stopped_early(self) -> bool:
        """True if early stopping ended training before the epoch cap (it converged on
        validation); False if training ran into ``max_epochs`` and may be unfinished."""
        return self.max_epochs is not None and self.epochs_run < self.max_epochs


def _reset_for_seed(model: keras.Model, build: Callable[[], keras.Model], seed: int) -> None:
    """Give a compiled model the initial weights ``build()`` makes under ``seed``, and a
    fresh optimizer state (step 0, zero moments), keeping its traced training graph."""
    if not isinstance(model, keras.Model) or getattr(model, "optimizer", None) is None:
        raise ValueError(
            "reuse must be a compiled, trained keras.Model; train it once with "
            "train_and_forecast(...) and pass result.model"
        )
    keras.utils.set_random_seed(seed)
    fresh = build()
    if not isinstance(fresh, keras.Model):
        raise TypeError(f"build() must return a keras.Model, it returned {type(fresh).__name__}")
    if [w.shape for w in fresh.weights] != [w.shape for w in model.weights]:
        raise ValueError(
            "build() made a model with other weight shapes than reuse; pass the same builder "
            "that made the reused model"
        )
    model.set_weights(fresh.get_weights())
    for variable in model.optimizer.variables:  # a fresh Adam: step 0, zero moments
        variable.assign(np.zeros(variable.shape, dtype=variable.dtype))


def train_and_forecast(
    build: Callable[[], keras.Model],
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    X_test: Any,
    *,
    seed: int = 0,
    reuse: keras.Model | None = None,
    epochs: int,
    batch_size: int = 64,
    patience: int = 5,
    learning_rate: float = 1e-3,
    min_steps_per_epoch: int = 1,
) -> TrainedModel:
    """Seed, build, train with :func:`fit_model`, and forecast ``X_test``: the same for every model.

    The one training path of the course. ``reuse`` makes repeating a model over seeds fast:
    pass a model this function already trained (``result.model``) and it is trained again
    from scratch, with the initial weights ``build()`` makes under ``seed``, a fresh optimizer
    and the same batch order, so the result equals training a new model, but the traced
    training graph is reused (tracing costs seconds for an LSTM, the same for every seed).

    Args:
        build: a function with no arguments returning a fresh uncompiled model, e.g.
            ``lambda: build_lstm(48, 1)``. It is called after seeding, so the initial
            weights are repeatable.
        X_train, y_train, X_val, y_val: as for :func:`fit_model`.
        X_test: the windows to forecast, shaped like ``X_train``.
        seed: the seed for the initial weights and the batch order.
        reuse: a compiled model from an earlier call with the same ``build`` (optional).
        epochs, batch_size, patience, learning_rate, min_steps_per_epoch: as for
            :func:`fit_model`; ``epochs`` is the cap early stopping should stay below
            (check ``result.stopped_early``).

    Example:
        >>> X = np.random.default_rng(0).normal(size=(64, 4, 1)).astype("float32")
        >>> result = train_and_forecast(lambda: build_linear(4, 1), X, X[:, -1], X, X[:, -1], X,
        ...                             epochs=2)
        >>> result.predictions.shape, result.epochs_run, result.stopped_early
        ((64, 1), 2, False)
    """
    if isinstance(build, keras.Model) or not callable(build):
        raise TypeError(
            "build must be a function that returns a new model, e.g. lambda: build_lstm(48, 1); "
            f"got {type(build).__name__}"
        )
    epochs = whole_number(epochs, "epochs")
    learning_rate = _check_learning_rate(learning_rate)
    start = time.perf_counter()
    if reuse is None:
        keras.utils.set_random_seed(seed)
        model = build()
        if not isinstance(model, keras.Model):
            raise TypeError(
                f"build() must return a keras.Model, it returned {type(model).__name__}"
            )
        history = fit_model(
            model,
            X_train,
            y_train,
            X_val,
            y_val,
            epochs=epochs,
            batch_size=batch_size,
            patience=patience,
            seed=seed,
            learning_rate=learning_rate,
            min_steps_per_epoch=min_steps_per_epoch,
        )
    else:
        model = reuse
        _reset_for_seed(model, build, seed)
        _check_training_data(model, X_train, y_train, X_val, y_val)
        model.optimizer.learning_rate = learning_rate
        keras.utils.set_random_seed(seed)
        history = fit_compiled(
            model,
            X_train,
            y_train,
            X_val,
            y_val,
            epochs=epochs,
            batch_size=batch_size,
            patience=patience,
            seed=seed,
            min_steps_per_epoch=min_steps_per_epoch,
        )
    check_model_input(model, X_test, "X_test")
    predictions = model.predict(np.asarray(X_test, dtype="float32"), verbose=0)
    seconds = time.perf_counter() - start
    val = history.history["val_loss"]
    return TrainedModel(
        model=model,
        history=history,
        predictions=np.asarray(predictions, dtype=np.float64),
        best_epoch=int(np.argmin(val)) + 1,
        epochs_run=len(val),
        seconds=seconds,
        max_epochs=epochs,
    )
