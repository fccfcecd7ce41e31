"""One way to train every model of the course, so that comparisons are fair by construction.

* :func:`fit_model` compiles and trains any Keras model identically (Adam, mean squared
  error unless told another loss, early stopping on the validation loss with the best weights
  restored, no progress bar).
* :func:`fit_compiled` is its training loop, for a model that is already compiled.
* :func:`train_and_forecast` also seeds, builds, times and predicts, and reports the epochs
  used and whether early stopping fired (a :class:`TrainedModel`). It is the one training
  path of the course: ``compare`` trains every entrant through it, and ``classify`` trains
  classifiers through it with their own loss, label check and prediction transform.
* :func:`train_over_seeds` repeats one builder over seeds (reusing the traced graph), with
  windows nested for a model whose input is 4-D: what ``compare`` and ``classify`` share.

The builders of the models are in :mod:`tutorial_utils.models`. This module builds no model
itself.

Example:
    >>> from tutorial_utils.models import build_linear
    >>> X = np.random.default_rng(0).normal(size=(32, 4, 1)).astype("float32")
    >>> result = train_and_forecast(lambda: build_linear(4, 1), X, X[:, -1], X, X[:, -1], X,
    ...                             epochs=3, patience=1)
    >>> result.predictions.shape, result.epochs_run <= 3
    ((32, 1), True)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np

from tutorial_utils import start
from tutorial_utils.checks import real_number, whole_number
from tutorial_utils.shapes import check_model_input, check_targets, model_input_shape
from tutorial_utils.windows import to_subsequences

__all__ = [
    "STEPS_PER_CALL",
    "TrainedModel",
    "check_builders",
    "check_seeds",
    "fit_compiled",
    "fit_model",
    "nest_for",
    "train_and_forecast",
    "train_over_seeds",
]

TargetCheck = Callable[[keras.Model, Any, int, str], Any]
"""``check_y(model, y, n_samples, name)``: raises if ``y`` does not suit ``model``."""

# How fit_model compiles. Two settings that change what a training step costs, not what it
# computes: the same model, data, loss and optimizer. XLA may order floating-point sums
# differently, so results agree to rounding (not to the bit) with and without them.
# - XLA for the whole training step. Keras' "auto" turns it off for TensorFlow on a CPU
#   (notebook 06 shows the rule); the course's recurrent models run their LSTM loop faster
#   compiled.
# - STEPS_PER_CALL batches per call into the compiled step, so Python and the runtime are
#   entered once per call, not once per batch.
# What each costs and saves, per network, and how far the results move: benchmarks/README.md,
# "How fit_model compiles" (benchmarks/bench_fit.py, which re-measures it).
STEPS_PER_CALL = 32


def _steps_per_call() -> int:
    """``STEPS_PER_CALL``, or 1 on PyTorch, whose Keras trainer refuses more than one."""
    return 1 if keras.backend.backend() == "torch" else STEPS_PER_CALL


def _jit_compile() -> bool | str:
    """XLA on the backends whose Keras trainer compiles with it; Keras' own rule elsewhere."""
    return True if keras.backend.backend() in ("tensorflow", "jax") else "auto"


def _check_learning_rate(learning_rate: Any) -> float:
    return real_number(learning_rate, "learning_rate", above=0)


def _forecast_targets(model: keras.Model, y: Any, n_samples: int, name: str) -> None:
    """The default ``check_y``: one value per output of the model for every window."""
    check_targets(y, int(model.outputs[0].shape[-1]), n_samples=n_samples, name=name)


def _check_training_data(
    model: keras.Model,
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    check_y: TargetCheck | None = None,
) -> None:
    check_y = _forecast_targets if check_y is None else check_y
    for X, y, name in ((X_train, y_train, "train"), (X_val, y_val, "val")):
        check_model_input(model, X, f"X_{name}")  # first: an unbuilt model has no outputs yet
        check_y(model, y, len(X), f"y_{name}")


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
    loss: Any = "mse",
    metrics: Any = None,
    jit_compile: bool | str | None = None,
    check_y: TargetCheck | None = None,
) -> keras.callbacks.History:
    """Compile and train a model the course way, silently, and keep its best epoch.

    Compiles with Adam(``learning_rate``) and ``loss`` (mean squared error unless told
    otherwise; a fresh optimizer every call; the training step compiled with XLA unless
    ``jit_compile`` says otherwise, ``STEPS_PER_CALL`` batches per call), then
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

    ``loss``, ``metrics`` and ``jit_compile`` go to ``model.compile`` (``jit_compile=None``: the
    course's rule, XLA on TensorFlow and JAX). ``check_y(model, y, n_samples, name)`` checks
    the targets before training; the default wants one value per output for every window
    (forecasts). :mod:`tutorial_utils.classify` passes a cross-entropy and a label check.

    Returns:
        The ``History``: ``history.history["loss"]`` and ``["val_loss"]`` per epoch run.

    Example:
        >>> from tutorial_utils.models import build_linear
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
    _check_training_data(model, X_train, y_train, X_val, y_val, check_y)
    keras.utils.set_random_seed(seed)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=loss,
        metrics=metrics,
        jit_compile=_jit_compile() if jit_compile is None else jit_compile,
        steps_per_execution=_steps_per_call(),
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
    which for the course's small models can cost more than the training step itself
    (``benchmarks/README.md``, "Training to convergence on the course task", compares
    ``fit_model`` with ``model.fit`` on arrays). An epoch is at least
    ``min_steps_per_epoch`` batches (see :func:`fit_model`).

    Example:
        >>> from tutorial_utils.models import build_linear
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
        # tf.data feeds every Keras 3 backend (JAX too); loaded without TensorFlow's GPU-probe
        # notices when no lesson's first cell (start.quiet_tensorflow) has loaded it already.
        tf = start.import_tensorflow()
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
    loss: Any = "mse",
    metrics: Any = None,
    jit_compile: bool | str | None = None,
    check_y: TargetCheck | None = None,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
) -> TrainedModel:
    """Seed, build, train with :func:`fit_model`, and forecast ``X_test``: the same for every model.

    The one training path of the course. ``reuse`` makes repeating a model over seeds fast:
    pass a model this function already trained (``result.model``) and it is trained again
    from scratch, with the initial weights ``build()`` makes under ``seed``, a fresh optimizer
    and the same batch order, so the result equals training a new model, but the traced
    training graph is reused (tracing costs seconds for an LSTM, the same for every seed).

    Args:
        build: a function with no arguments returning a fresh uncompiled model, e.g.
            ``lambda: models.build_lstm(48, 1)``. It is called after seeding, so the initial
            weights are repeatable.
        X_train, y_train, X_val, y_val: as for :func:`fit_model`.
        X_test: the windows to forecast, shaped like ``X_train``.
        seed: the seed for the initial weights and the batch order.
        reuse: a compiled model from an earlier call with the same ``build`` (optional).
        epochs, batch_size, patience, learning_rate, min_steps_per_epoch: as for
            :func:`fit_model`; ``epochs`` is the cap early stopping should stay below
            (check ``result.stopped_early``).
        loss, metrics, jit_compile, check_y: as for :func:`fit_model` (the forecasting
            defaults; a classifier passes its own).
        transform: applied to the model's raw output on ``X_test`` to give ``predictions``
            (e.g. a softmax turning logits into class probabilities); default none.

    Example:
        >>> from tutorial_utils.models import build_linear
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
            loss=loss,
            metrics=metrics,
            jit_compile=jit_compile,
            check_y=check_y,
        )
    else:
        model = reuse
        _reset_for_seed(model, build, seed)
        _check_training_data(model, X_train, y_train, X_val, y_val, check_y)
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
    if transform is not None:
        predictions = transform(np.asarray(predictions))
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


def nest_for(model: keras.Model, X: np.ndarray) -> np.ndarray:
    """``X`` as ``model`` wants it: plain windows, or cut into its ``n_seq`` subsequences.

    Example:
        >>> from tutorial_utils.models import build_cnn_lstm, build_linear
        >>> X = np.zeros((5, 8, 1))
        >>> nest_for(build_cnn_lstm(2, 4, 1), X).shape, nest_for(build_linear(8, 1), X).shape
        ((5, 2, 4, 1), (5, 8, 1))
    """
    shape = model_input_shape(model)
    if len(shape) == 4:
        return to_subsequences(X, n_seq=int(shape[1]))
    return X


def check_seeds(seeds: Sequence[int]) -> list[int]:
    """The seeds as a list of whole numbers >= 0, at least one, none repeated.

    Example:
        >>> check_seeds((0, 1, 2))
        [0, 1, 2]
    """
    fix = "Use e.g. seeds=[0, 1, 2]."
    seeds = [whole_number(s, "each seed", minimum=0, fix=fix) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty: give at least one seed, e.g. seeds=[0, 1, 2]")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must differ from each other, got {seeds}")
    return [int(s) for s in seeds]


def check_builders(builders: Any, reserved: Sequence[str] = ()) -> None:
    """Raise unless ``builders`` is a dict of functions returning models, no name in ``reserved``.

    Example:
        >>> check_builders({"lstm": lambda: None})
        >>> check_builders({"naive": lambda: None}, reserved=["naive"])
        Traceback (most recent call last):
        ...
        ValueError: 'naive' is a baseline name; rename that builder
    """
    if not isinstance(builders, Mapping):
        raise TypeError(
            "builders must be a dict {name: function returning a model}, e.g. "
            f"{{'lstm': lambda: build_lstm(48, 1)}}; got {type(builders).__name__}"
        )
    for name, build in builders.items():
        if isinstance(build, keras.Model) or not callable(build):
            raise TypeError(
                f"builders[{name!r}] must be a function that returns a new model (e.g. "
                f"lambda: build_lstm(48, 1)), got {type(build).__name__}; a model object "
                "would be trained again from where the last seed left it."
            )
        if name in reserved:
            raise ValueError(f"{name!r} is a baseline name; rename that builder")


def train_over_seeds(
    name: str,
    build: Callable[[], keras.Model],
    X_train: np.ndarray,
    y_train: Any,
    X_val: np.ndarray,
    y_val: Any,
    X_test: np.ndarray,
    *,
    seeds: Sequence[int],
    report: Callable[[int, TrainedModel], None] | None = None,
    **fit_kwargs: Any,
) -> list[TrainedModel]:
    """Train ``build`` once per seed with :func:`train_and_forecast`; one result per seed.

    The windows are plain ``(samples, window, features)``; a model whose input is 4-D gets
    them cut into its ``n_seq`` subsequences (:func:`nest_for`). The later seeds reuse the
    first seed's traced graph, with fresh weights and optimizer (``reuse``), so each equals
    a fresh run. ``report(seed, result)`` is called after every run (e.g. to print a line).

    Args:
        name: the builder's name, for error messages.
        build: a function returning a fresh model.
        X_train, y_train, X_val, y_val, X_test: as for :func:`train_and_forecast`.
        seeds: the seeds, in order.
        report: called with ``(seed, result)`` after each run (optional).
        **fit_kwargs: for :func:`train_and_forecast`; ``epochs`` (the cap) is required.

    Example:
        >>> from tutorial_utils.models import build_linear
        >>> X = np.random.default_rng(0).normal(size=(16, 4, 1))
        >>> runs = train_over_seeds("linear", lambda: build_linear(4, 1), X, X[:, -1], X,
        ...                         X[:, -1], X, seeds=[0, 1], epochs=1)
        >>> [r.predictions.shape for r in runs]
        [(16, 1), (16, 1)]
    """
    probe = build()  # only to read the input shape: plain or nested windows?
    if not isinstance(probe, keras.Model):
        raise TypeError(
            f"builders[{name!r}]() must return a keras.Model, it returned {type(probe).__name__}"
        )
    X = [nest_for(probe, a) for a in (X_train, X_val, X_test)]
    results: list[TrainedModel] = []
    model = None
    for seed in seeds:
        result = train_and_forecast(
            build, X[0], y_train, X[1], y_val, X[2], seed=seed, reuse=model, **fit_kwargs
        )
        model = result.model
        results.append(result)
        if report is not None:
            report(seed, result)
    return results
