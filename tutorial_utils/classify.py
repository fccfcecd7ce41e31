"""Training the course's models as classifiers, and a fair race between them over seeds.

The builders of :mod:`tutorial_utils.models` end in ``Dense(horizon)`` with no activation.
Give them ``horizon=n_classes`` and that layer outputs one score (a logit) per class; trained
with the cross-entropy on those logits, the same models classify windows instead of
forecasting them. This module is that one change and nothing else:

* :func:`fit_classifier` compiles like :func:`tutorial_utils.training.fit_model` (Adam, several
  batches per call) with ``SparseCategoricalCrossentropy(from_logits=True)`` instead of the
  mean squared error, and trains with the course's one loop
  (:func:`tutorial_utils.training.fit_compiled`: shuffled batches, early stopping on the
  validation loss, the best epoch's weights restored, no progress output);
* :func:`train_classifier` also seeds, builds and predicts class probabilities, and reports
  the epochs used and whether early stopping fired, like
  :func:`tutorial_utils.training.train_and_forecast`;
* :func:`compare_classifiers` trains every builder over several seeds on the same windows and
  scores test accuracy, mean and standard deviation over seeds. A model whose input is 4-D
  gets the same windows cut into its ``n_seq`` sub-windows.

Example:
    >>> import numpy as np
    >>> from tutorial_utils.models import build_conv1d
    >>> X = np.random.default_rng(0).normal(size=(32, 8, 2))
    >>> y = (X[:, :, 0].mean(axis=1) > 0).astype(int)
    >>> parts = {"train": (X, y), "val": (X, y), "test": (X, y)}
    >>> race = compare_classifiers({"conv1d": lambda: build_conv1d(8, 2, horizon=2)}, parts,
    ...                            seeds=[0], epochs=2)
    >>> race.summary.columns
    ['model', 'accuracy', 'accuracy_sd', 'params', 'epochs', 'runs']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from tutorial_utils import training
from tutorial_utils.checks import real_number, whole_number
from tutorial_utils.evaluate import ResultsTable
from tutorial_utils.shapes import check_model_input, model_input_shape
from tutorial_utils.windows import to_subsequences

__all__ = [
    "ClassifierComparison",
    "compare_classifiers",
    "fit_classifier",
    "train_classifier",
]

JIT_COMPILE: bool | str = "auto"
"""How :func:`fit_classifier` compiles by default: Keras' own rule ("auto": no XLA for
TensorFlow on a CPU, XLA on JAX). ``training.fit_model`` asks for XLA because the course's
forecasting runs train for hundreds of epochs; these classifiers stop after a few dozen, so
compiling the training step costs more than it saves (the TimeDistributed CNN-LSTM, whose
wrapper unrolls one copy of each layer per sub-window, most of all)."""


def _n_classes(model: keras.Model) -> int:
    return int(model.outputs[0].shape[-1])


def _check_labels(y: Any, n_samples: int, n_classes: int, name: str) -> np.ndarray:
    array = np.asarray(y)
    if array.ndim != 1 or len(array) != n_samples:
        raise ValueError(
            f"{name} must hold one class number per window, shape ({n_samples},); got shape "
            f"{array.shape}. Cut labels and windows together (recordings.cut_windows) and "
            "index both with the same positions."
        )
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must be class numbers 0, 1, 2, ... (ints); got {array.dtype}")
    if len(array) and (array.min() < 0 or array.max() >= n_classes):
        raise ValueError(
            f"{name} has classes {int(array.min())}..{int(array.max())}, but the model outputs "
            f"{n_classes} scores: build it with horizon={int(array.max()) + 1} (one per class)."
        )
    return array.astype(np.int64)


def _check_data(model: keras.Model, X_train: Any, y_train: Any, X_val: Any, y_val: Any) -> None:
    for X, y, name in ((X_train, y_train, "train"), (X_val, y_val, "val")):
        check_model_input(model, X, f"X_{name}")
        _check_labels(y, len(X), _n_classes(model), f"y_{name}")


def fit_classifier(
    model: keras.Model,
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    *,
    epochs: int,
    batch_size: int = 64,
    patience: int = 10,
    seed: int = 0,
    learning_rate: float = 1e-3,
    jit_compile: bool | str = JIT_COMPILE,
) -> keras.callbacks.History:
    """Compile ``model`` as a classifier and train it the course way, silently.

    Like :func:`tutorial_utils.training.fit_model` but with the cross-entropy of the logits the
    last Dense layer outputs (one per class) and integer class labels ``y`` of shape
    ``(samples,)``. Early stopping watches the validation cross-entropy. ``jit_compile`` is
    passed to ``model.compile`` (see :data:`JIT_COMPILE`).

    Raises:
        ValueError: a label is not one class per window, or a class number is not below the
            number of outputs.

    Example:
        >>> from tutorial_utils.models import build_linear
        >>> keras.utils.set_random_seed(0)
        >>> model = build_linear(4, 1, horizon=3)
        >>> X = np.random.default_rng(0).normal(size=(30, 4, 1))
        >>> y = np.arange(30) % 3
        >>> len(fit_classifier(model, X, y, X, y, epochs=2).history["val_loss"])
        2
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    learning_rate = real_number(learning_rate, "learning_rate", above=0)
    _check_data(model, X_train, y_train, X_val, y_val)
    keras.utils.set_random_seed(seed)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        jit_compile=jit_compile,
        steps_per_execution=training.STEPS_PER_CALL,
    )
    return training.fit_compiled(
        model,
        X_train,
        np.asarray(y_train),
        X_val,
        np.asarray(y_val),
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        seed=seed,
    )


def train_classifier(
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
    patience: int = 10,
    learning_rate: float = 1e-3,
    jit_compile: bool | str = JIT_COMPILE,
) -> training.TrainedModel:
    """Seed, build, train with :func:`fit_classifier` and predict ``X_test``'s class probabilities.

    ``reuse`` works as in :func:`tutorial_utils.training.train_and_forecast`: pass a model this
    function trained before (``result.model``) and it is trained again from the initial
    weights ``build()`` makes under ``seed``, with a fresh optimizer, reusing the traced graph.

    Returns:
        A :class:`tutorial_utils.training.TrainedModel` whose ``predictions`` are class
        probabilities ``(samples, n_classes)`` (take ``argmax(axis=1)`` for the class).

    Example:
        >>> X = np.random.default_rng(0).normal(size=(30, 4, 1))
        >>> y = np.arange(30) % 3
        >>> from tutorial_utils.models import build_linear
        >>> result = train_classifier(lambda: build_linear(4, 1, horizon=3),
        ...                           X, y, X, y, X, epochs=2)
        >>> result.predictions.shape, result.epochs_run, result.stopped_early
        ((30, 3), 2, False)
    """
    if isinstance(build, keras.Model) or not callable(build):
        raise TypeError(
            "build must be a function that returns a new model, e.g. "
            f"lambda: build_lstm(40, 6, horizon=7); got {type(build).__name__}"
        )
    epochs = whole_number(epochs, "epochs")
    learning_rate = real_number(learning_rate, "learning_rate", above=0)
    start = time.perf_counter()
    if reuse is None:
        keras.utils.set_random_seed(seed)
        model = build()
        if not isinstance(model, keras.Model):
            raise TypeError(
                f"build() must return a keras.Model, it returned {type(model).__name__}"
            )
        history = fit_classifier(
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
            jit_compile=jit_compile,
        )
    else:
        model = reuse
        training._reset_for_seed(model, build, seed)
        _check_data(model, X_train, y_train, X_val, y_val)
        model.optimizer.learning_rate = learning_rate  # the reset zeroed it with the rest
        keras.utils.set_random_seed(seed)
        history = training.fit_compiled(
            model,
            X_train,
            np.asarray(y_train),
            X_val,
            np.asarray(y_val),
            epochs=epochs,
            batch_size=batch_size,
            patience=patience,
            seed=seed,
        )
    check_model_input(model, X_test, "X_test")
    logits = np.asarray(model.predict(np.asarray(X_test, dtype="float32"), verbose=0))
    z = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    val = history.history["val_loss"]
    return training.TrainedModel(
        model=model,
        history=history,
        predictions=probabilities.astype(np.float64),
        best_epoch=int(np.argmin(val)) + 1,
        epochs_run=len(val),
        seconds=time.perf_counter() - start,
        max_epochs=epochs,
    )


@dataclass
class ClassifierComparison:
    """What :func:`compare_classifiers` returns.

    Attributes:
        summary: one row per model: ``accuracy`` (mean test accuracy over seeds),
            ``accuracy_sd`` (its standard deviation), ``params``, ``epochs`` (mean epochs run)
            and ``runs``.
        runs: one row per model and seed: ``seed``, ``accuracy``, ``epochs``, ``best_epoch``,
            ``stopped`` (True if early stopping fired) and ``seconds``.
        predictions: each model's predicted test classes, ``{model: (seeds, samples)}``.
    """

    summary: ResultsTable
    runs: ResultsTable
    predictions: dict[str, np.ndarray] = field(default_factory=dict)

    def unconverged(self) -> list[tuple[str, int]]:
        """``(model, seed)`` of every run that hit the epoch cap (empty if all stopped early)."""
        return [(r["model"], r["seed"]) for r in self.runs if not r["stopped"]]

    def accuracies(self, model: str) -> list[float]:
        """The test accuracy of ``model`` for each seed, in seed order."""
        return [r["accuracy"] for r in self.runs if r["model"] == model]


def _as_model_wants(model: keras.Model, X: np.ndarray) -> np.ndarray:
    shape = model_input_shape(model)
    if len(shape) == 4:
        return to_subsequences(X, n_seq=int(shape[1]))
    return X


def _check_parts(parts: Any) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    if not isinstance(parts, Mapping) or set(parts) != {"train", "val", "test"}:
        raise TypeError(
            "parts must be a dict {'train': (X, y), 'val': (X, y), 'test': (X, y)} of windows "
            f"(samples, window, channels) and class numbers; got {type(parts).__name__}"
            + (f" with keys {sorted(parts)}" if isinstance(parts, Mapping) else "")
        )
    checked = {}
    for part, pair in parts.items():
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"parts[{part!r}] must be a pair (X, y)")
        X = np.asarray(pair[0], dtype=np.float64)
        if X.ndim != 3:
            raise ValueError(
                f"parts[{part!r}] X must be plain windows (samples, window, channels); got "
                f"shape {X.shape}. Models with 4-D input get them nested automatically."
            )
        y = np.asarray(pair[1])
        if y.ndim != 1 or len(y) != len(X) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(
                f"parts[{part!r}] y must be one class number per window, shape ({len(X)},); "
                f"got shape {y.shape} and dtype {y.dtype}"
            )
        checked[part] = (X, y.astype(np.int64))
    return checked


def compare_classifiers(
    builders: Mapping[str, Callable[[], keras.Model]],
    parts: Mapping[str, tuple[Any, Any]],
    *,
    seeds: Sequence[int] = (0, 1, 2),
    progress: bool = False,
    **fit_kwargs: Any,
) -> ClassifierComparison:
    """Train every builder once per seed on the same windows; score test accuracy.

    Each builder goes through :func:`train_classifier` (the later seeds reuse the first
    seed's traced graph, with fresh weights and optimizer), so all get the same training and
    the same stopping rule.

    Args:
        builders: ``{name: function returning a fresh model}`` with one output per class.
        parts: ``{"train": (X, y), "val": (X, y), "test": (X, y)}``, plain windows
            ``(samples, window, channels)`` and class numbers; split by subject first.
        seeds: the seeds (at least one, no repeats).
        progress: print one line per run (model, seed, epochs, accuracy, seconds).
        **fit_kwargs: for :func:`train_classifier`; ``epochs`` (the cap) is required.
    """
    if not isinstance(builders, Mapping) or not builders:
        raise TypeError("builders must be a non-empty dict {name: function returning a model}")
    for name, build in builders.items():
        if isinstance(build, keras.Model) or not callable(build):
            raise TypeError(
                f"builders[{name!r}] must be a function that returns a new model, got "
                f"{type(build).__name__}"
            )
    data = _check_parts(parts)
    seeds = [whole_number(s, "each seed", minimum=0) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be at least one, all different, e.g. [0, 1, 2]; got {seeds}")
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = (data[k] for k in ("train", "val", "test"))
    summary, runs, predictions = [], [], {}
    for name, build in builders.items():
        probe = build()
        if not isinstance(probe, keras.Model):
            raise TypeError(f"builders[{name!r}]() must return a keras.Model")
        X = [_as_model_wants(probe, a) for a in (X_tr, X_va, X_te)]
        model, accs, epochs, classes = None, [], [], []
        for seed in seeds:
            result = train_classifier(
                build, X[0], y_tr, X[1], y_va, X[2], seed=seed, reuse=model, **fit_kwargs
            )
            model = result.model
            predicted = result.predictions.argmax(axis=1)
            accs.append(float(np.mean(predicted == y_te)))
            epochs.append(result.epochs_run)
            classes.append(predicted)
            runs.append(
                {
                    "model": name,
                    "seed": seed,
                    "accuracy": accs[-1],
                    "epochs": result.epochs_run,
                    "best_epoch": result.best_epoch,
                    "stopped": result.stopped_early,
                    "seconds": result.seconds,
                }
            )
            if progress:
                print(
                    f"{name} | seed {seed}: {result.epochs_run} epochs (best {result.best_epoch}, "
                    f"stopped early: {result.stopped_early}), test accuracy {accs[-1]:.3f}, "
                    f"{result.seconds:.0f} s",
                    flush=True,
                )
        predictions[name] = np.stack(classes)
        summary.append(
            {
                "model": name,
                "accuracy": float(np.mean(accs)),
                "accuracy_sd": float(np.std(accs, ddof=1)) if len(accs) > 1 else 0.0,
                "params": int(model.count_params()),
                "epochs": float(np.mean(epochs)),
                "runs": len(seeds),
            }
        )
    return ClassifierComparison(
        summary=ResultsTable(summary), runs=ResultsTable(runs), predictions=predictions
    )
