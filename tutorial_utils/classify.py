"""Training the course's models as classifiers, and a fair race between them over seeds.

The builders of :mod:`tutorial_utils.models` end in ``Dense(horizon)`` with no activation.
Give them ``horizon=n_classes`` and that layer outputs one score (a logit) per class; trained
with the cross-entropy on those logits, the same models classify windows instead of
forecasting them. This module is that one change and nothing else; the training itself is the
course's one stack, :mod:`tutorial_utils.training`:

* :func:`fit_classifier` is :func:`tutorial_utils.training.fit_model` with
  ``SparseCategoricalCrossentropy(from_logits=True)`` as the loss and integer class labels
  checked against the model's outputs;
* :func:`train_classifier` is :func:`tutorial_utils.training.train_and_forecast` with the
  same loss and check, and a softmax turning the logits into class probabilities;
* :func:`compare_classifiers` trains every builder over several seeds on the same windows
  (:func:`tutorial_utils.training.train_over_seeds`, as ``compare.compare_models`` does) and
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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from tutorial_utils import training
from tutorial_utils.evaluate import ResultsTable

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


def _check_labels(model: keras.Model, y: Any, n_samples: int, name: str) -> np.ndarray:
    """The ``check_y`` of a classifier: one class number per window, below the outputs."""
    n_classes = int(model.outputs[0].shape[-1])
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


def _probabilities(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis: one probability per class, each row summing to 1."""
    z = logits - logits.max(axis=1, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def _as_classifier(jit_compile: bool | str) -> dict[str, Any]:
    """What :mod:`tutorial_utils.training` needs to train a classifier instead of a forecaster."""
    return {
        "loss": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        "jit_compile": jit_compile,
        "check_y": _check_labels,
    }


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

    :func:`tutorial_utils.training.fit_model` with the cross-entropy of the logits the last
    Dense layer outputs (one per class) and integer class labels ``y`` of shape
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
    return training.fit_model(
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
        **_as_classifier(jit_compile),
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
    """Seed, build, train as a classifier and predict ``X_test``'s class probabilities.

    :func:`tutorial_utils.training.train_and_forecast` with the classifier's loss and label
    check (as :func:`fit_classifier`) and a softmax on the outputs. ``reuse`` works as there:
    pass a model this function trained before (``result.model``) and it is trained again from
    the initial weights ``build()`` makes under ``seed``, with a fresh optimizer, reusing the
    traced graph.

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
    return training.train_and_forecast(
        build,
        X_train,
        y_train,
        X_val,
        y_val,
        X_test,
        seed=seed,
        reuse=reuse,
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        learning_rate=learning_rate,
        transform=_probabilities,
        **_as_classifier(jit_compile),
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

    Each builder goes through :func:`tutorial_utils.training.train_over_seeds` with the
    classifier's settings (as :func:`train_classifier`; the later seeds reuse the first seed's
    traced graph, with fresh weights and optimizer), so all get the same training and the same
    stopping rule.

    Args:
        builders: ``{name: function returning a fresh model}`` with one output per class.
        parts: ``{"train": (X, y), "val": (X, y), "test": (X, y)}``, plain windows
            ``(samples, window, channels)`` and class numbers; split by subject first.
        seeds: the seeds (at least one, no repeats).
        progress: print one line per run (model, seed, epochs, accuracy, seconds).
        **fit_kwargs: for :func:`train_classifier`; ``epochs`` (the cap) is required.
    """
    if isinstance(builders, Mapping) and not builders:
        raise TypeError("builders must be a non-empty dict {name: function returning a model}")
    training.check_builders(builders)
    data = _check_parts(parts)
    seeds = training.check_seeds(seeds)
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = (data[k] for k in ("train", "val", "test"))
    jit_compile = fit_kwargs.pop("jit_compile", JIT_COMPILE)
    fit_kwargs = {"patience": 10, **fit_kwargs}  # train_classifier's default
    summary, runs, predictions = [], [], {}
    for name, build in builders.items():

        def report(seed: int, result: training.TrainedModel, name: str = name) -> None:
            predicted = result.predictions.argmax(axis=1)
            accuracy = float(np.mean(predicted == y_te))
            runs.append(
                {
                    "model": name,
                    "seed": seed,
                    "accuracy": accuracy,
                    "epochs": result.epochs_run,
                    "best_epoch": result.best_epoch,
                    "stopped": result.stopped_early,
                    "seconds": result.seconds,
                }
            )
            if progress:
                print(
                    f"{name} | seed {seed}: {result.epochs_run} epochs (best {result.best_epoch}, "
                    f"stopped early: {result.stopped_early}), test accuracy {accuracy:.3f}, "
                    f"{result.seconds:.0f} s",
                    flush=True,
                )

        results = training.train_over_seeds(
            name,
            build,
            X_tr,
            y_tr,
            X_va,
            y_va,
            X_te,
            seeds=seeds,
            report=report,
            transform=_probabilities,
            **_as_classifier(jit_compile),
            **fit_kwargs,
        )
        classes = np.stack([r.predictions.argmax(axis=1) for r in results])
        accs = [float(np.mean(c == y_te)) for c in classes]
        predictions[name] = classes
        summary.append(
            {
                "model": name,
                "accuracy": float(np.mean(accs)),
                "accuracy_sd": float(np.std(accs, ddof=1)) if len(accs) > 1 else 0.0,
                "params": int(results[-1].model.count_params()),
                "epochs": float(np.mean([r.epochs_run for r in results])),
                "runs": len(seeds),
            }
        )
    return ClassifierComparison(
        summary=ResultsTable(summary), runs=ResultsTable(runs), predictions=predictions
    )
