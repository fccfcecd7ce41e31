"""Learner-facing checks to run before training: they fail early and say how to fix it.

Keras reports many data mistakes late and far from their cause: a 3-D array given to the
4-D CNN-LSTM fails inside Conv1D with "Negative dimension size caused by subtracting 3
from 1"; targets with too many columns are broadcast and trained on without a word; a
scrambled reshape or a scaler fitted on the test period raises nothing at all. Each check
here compares what you pass with what is expected and raises a ``ValueError`` or
``TypeError`` naming the expected and the given shape (or value) and the likely fix.

* :func:`check_model_input` - windows ``X`` against the model's input shape.
* :func:`check_targets` - targets ``y`` against the forecast horizon and the sample count.
* :func:`check_scaler_fit` - a scaler against the training part it should be fitted on.

The check that nested windows keep their time order is
:func:`tutorial_utils.windows.check_time_order`, next to the reshape it checks.

The layer-by-layer shape walk, ``explain(model, X)``, is in :mod:`tutorial_utils.explain`.

Every check only reads its arguments; none modifies them. The module works with any Keras
model but never imports Keras itself (it reads ``model.inputs``), so importing it is cheap.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tutorial_utils.checks import finite, whole_number
from tutorial_utils.windows import Scaler

__all__ = [
    "check_model_input",
    "check_scaler_fit",
    "check_targets",
    "model_input_shape",
]

_AXIS_NAMES = {
    2: ("samples", "n_features"),
    3: ("samples", "steps", "n_features"),
    4: ("samples", "n_seq", "n_steps", "n_features"),
}


def format_shape(shape: tuple[int | None, ...]) -> str:
    """``(None, 4, 8, 1)`` → ``'(samples, 4, 8, 1)'``; other unknown sizes become ``?``.

    Example:
        >>> format_shape((None, 4, 8, 1)), format_shape((None, None, 1))
        ('(samples, 4, 8, 1)', '(samples, ?, 1)')
    """
    parts = [
        "samples" if i == 0 and d is None else ("?" if d is None else str(d))
        for i, d in enumerate(shape)
    ]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _cap(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower-case ``X``)."""
    return text[:1].upper() + text[1:]


def model_input_shape(model: Any) -> tuple[int | None, ...]:
    """The input shape a Keras model expects, batch axis first (``None`` = any size).

    Raises:
        ValueError: the model does not know its input shape yet (a ``Sequential`` model
            built without ``keras.Input``).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input(shape=(4, 8, 1)), keras.layers.Flatten()])
        >>> model_input_shape(model)
        (None, 4, 8, 1)
    """
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if inputs:
        return tuple(None if d is None else int(d) for d in inputs[0].shape)
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    raise ValueError(
        f"model {getattr(model, 'name', '')!r} does not know its input shape yet, so there is "
        "nothing to compare X with. Start the model with keras.Input(shape=(...)) as its first "
        "layer (the course always does), or build it before checking."
    )


def _as_array(values: Any, name: str) -> np.ndarray:
    """Read ``values`` as an array without copying or changing it; refuse lists and text."""
    if isinstance(values, list | tuple):
        try:
            stacked = np.asarray(values, dtype=np.float32)
        except (ValueError, TypeError):
            how = (
                "its items have different shapes or are not numbers, so they cannot be stacked "
                "into one array; check how you built it"
            )
        else:
            how = f"np.asarray({name}, dtype='float32') gives shape {stacked.shape}"
        raise TypeError(
            f"{name} is a Python {type(values).__name__} of {len(values)} items; expected a NumPy "
            f"array. Keras reads a list as several separate inputs and fails with a confusing "
            f"message ('Data cardinality is ambiguous'). Convert it first: {how}."
        )
    if isinstance(values, np.ndarray):
        array = values
    elif hasattr(values, "shape") and hasattr(values, "dtype"):
        array = np.asarray(values)  # e.g. a tf.Tensor; a read-only view or a copy
    else:
        raise TypeError(
            f"{name} must be a NumPy array, got {type(values).__name__}: {values!r:.60}"
        )
    kind = array.dtype.kind
    if kind not in "biuf":
        raise TypeError(
            f"{name} has dtype {array.dtype}; expected numbers (float32). Convert it with "
            f"{name}.astype('float32'); if that fails, some entries are not numbers (text, "
            "None, or rows of different lengths stored as objects)."
        )
    return array


def check_finite(array: np.ndarray, name: str) -> None:
    """Refuse NaN or inf in a model's input, saying why it matters and where to fix it."""
    fix = (
        "Keras would train without an error and the loss would be nan. Fill or drop the gaps "
        "in the series before making windows (notebook 01)."
    )
    finite(array, name, fix=fix)


def rank_hint(given: tuple[int, ...], expected: tuple[int | None, ...], name: str) -> str:
    """What to do when ``X`` has the wrong number of axes for the model (used by ``explain``).

    Example:
        >>> rank_hint((4, 8, 1), (None, 4, 8, 1), "X")
        'It looks like one sample without its batch axis: use X[np.newaxis] (shape (1, 4, 8, 1)).'
    """
    inner = expected[1:]
    n_features = inner[-1]
    window = int(np.prod(inner[:-1])) if None not in inner[:-1] else None
    if given == tuple(inner):
        return (
            f"It looks like one sample without its batch axis: use {name}[np.newaxis] "
            f"(shape {(1, *given)})."
        )
    if len(given) == 1:
        size = f"window={window}" if window else "window=..."
        return (
            f"A 1-D array is a series, not model input: cut it into windows first with "
            f"make_windows(series, {size})."
        )
    if len(expected) == 4 and len(given) in (2, 3):
        n_seq, n_steps = inner[0], inner[1]
        samples, steps = given[0], given[1]
        add_axis = ""
        if len(given) == 2:
            add_axis = f"add the feature axis with {name}[..., np.newaxis], then "
            source = f"{name}[..., np.newaxis]"
        else:
            source = name
            if n_features is not None and given[2] != n_features:
                add_axis = (
                    f"the model reads {n_features} feature(s) per step but {name} has {given[2]} "
                    "(last axis); select the same columns the model was built for, then "
                )
        if n_seq is None and n_steps is not None and steps % n_steps == 0:
            n_seq = steps // n_steps
        if n_seq is not None and n_steps is not None and steps == n_seq * n_steps:
            target = format_shape((samples, n_seq, n_steps, n_features))
            return (
                f"The model reads nested windows (samples, n_seq, n_steps, n_features). "
                f"{_cap(add_axis + 'reshape')} with to_subsequences({source}, n_seq={n_seq}) "
                f"to get {target}."
            )
        if n_seq is not None and n_steps is not None:
            need = n_seq * n_steps
            trim = f", or keep the most recent {need}: {name}[:, -{need}:]" if steps > need else ""
            rebuild = (
                f" Or rebuild the model for your window with n_seq={steps // n_steps}."
                if steps % n_steps == 0
                else ""
            )
            return (
                f"The model reads nested windows of n_seq * n_steps = {n_seq} * {n_steps} = "
                f"{need} steps, but the windows in {name} have {steps} steps, which is not "
                f"{need}. {_cap(add_axis + 'make')} windows of {need} steps "
                f"(make_windows(series, window={need})){trim}, then reshape with "
                f"to_subsequences(..., n_seq={n_seq}).{rebuild}"
            )
        return (
            f"The model reads nested windows (samples, n_seq, n_steps, n_features); reshape "
            f"with to_subsequences({source}, n_seq=...)."
        )
    if len(expected) == 3 and len(given) == 4:
        return (
            f"{name} looks nested (samples, n_seq, n_steps, n_features) but this model reads "
            f"plain windows (samples, steps, n_features): use from_subsequences({name}), which "
            f"gives {format_shape((given[0], given[1] * given[2], given[3]))}."
        )
    if len(expected) == 3 and len(given) == 2 and n_features == 1:
        return (
            f"Each step needs its own feature axis: {name}[..., np.newaxis] gives "
            f"{format_shape((*given, 1))}."
        )
    return (
        f"The model needs {len(expected)} axes, the first one for the samples; {name} has "
        f"{len(given)}."
    )


def axis_hint(given: tuple[int, ...], expected: tuple[int | None, ...], name: str) -> str:
    """Which axes differ, by how much, and what to do, for arrays of the right rank.

    Example:
        >>> axis_hint((2, 4, 9, 1), (None, 4, 8, 1), "X").startswith("Axis 2 (n_steps) is 9")
        True
    """
    names = _AXIS_NAMES.get(len(given), tuple(f"axis {i}" for i in range(len(given))))
    wrong = [i for i in range(1, len(given)) if expected[i] is not None and given[i] != expected[i]]
    lines = [
        f"axis {i} ({names[i]}) is {given[i]} but the model expects {expected[i]} "
        f"({given[i] - expected[i]:+d})"
        for i in wrong
    ]
    hint = _cap("; ".join(lines)) + "."
    last = len(given) - 1
    if last in wrong:
        hint += (
            f" The model was built for {expected[last]} feature(s) per step: select those "
            f"columns, or rebuild the model with n_features={given[last]}."
        )
    if len(given) == 4 and last not in wrong:
        given_window = given[1] * given[2]
        if None not in expected[1:3] and given_window == expected[1] * expected[2]:
            hint += (
                f" The window length is right ({given_window} steps) but it is cut differently: "
                f"re-nest with to_subsequences(from_subsequences({name}), n_seq={expected[1]})."
            )
        elif None not in expected[1:3]:
            need = expected[1] * expected[2]
            hint += (
                f" The model reads windows of {expected[1]} * {expected[2]} = {need} steps but "
                f"{name} holds {given[1]} * {given[2]} = {given_window}: make windows of {need} "
                f"steps and nest them with n_seq={expected[1]}, or rebuild the model for "
                f"n_seq={given[1]}, n_steps={given[2]}."
            )
    elif len(given) == 3 and 1 in wrong:
        hint += (
            f" Make windows of {expected[1]} steps (make_windows(series, window={expected[1]})), "
            f"or rebuild the model for a window of {given[1]}."
        )
    return hint


def check_model_input(model: Any, X: Any, name: str = "X") -> None:
    """Check that ``X`` is what ``model`` expects before you train or predict.

    Compares the shape of ``X`` with the model's input shape (``model.inputs[0].shape``),
    axis by axis, and checks the type, the dtype and for missing values. Returns ``None``
    quietly when all is well; never modifies ``X``.

    Raises:
        TypeError: ``X`` is a list or tuple (Keras would read it as several inputs), or it
            holds text or objects instead of numbers.
        ValueError: the shape differs (the message gives both shapes, which axis is off
            and by how much, and the fix, e.g. ``to_subsequences(X, n_seq=4)`` for plain
            windows given to the nested CNN-LSTM), or ``X`` contains NaN or infinity.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input(shape=(4, 8, 1)), keras.layers.Flatten()])
        >>> check_model_input(model, np.zeros((2, 4, 8, 1)))  # fine: returns None
        >>> check_model_input(model, np.zeros((2, 32, 1)))
        Traceback (most recent call last):
        ...
        ValueError: X has shape (2, 32, 1) but the model expects (samples, 4, 8, 1). The model \
reads nested windows (samples, n_seq, n_steps, n_features). Reshape with \
to_subsequences(X, n_seq=4) to get (2, 4, 8, 1).
    """
    expected = model_input_shape(model)
    array = _as_array(X, name)
    given = tuple(int(d) for d in array.shape)
    head = f"{name} has shape {given} but the model expects {format_shape(expected)}."
    if len(given) != len(expected):
        raise ValueError(f"{head} {rank_hint(given, expected, name)}")
    if given[0] == 0:
        raise ValueError(f"{name} has shape {given}: no samples at all. Check how you sliced it.")
    if any(e is not None and g != e for g, e in zip(given[1:], expected[1:], strict=True)):
        raise ValueError(f"{head} {axis_hint(given, expected, name)}")
    check_finite(array, name)


def check_targets(y: Any, horizon: int, *, n_samples: int | None = None, name: str = "y") -> None:
    """Check targets against the forecast horizon (and, optionally, the number of windows).

    The course's targets are ``(samples, horizon)``, as :func:`~tutorial_utils.windows.make_windows`
    returns them; a 1-D ``(samples,)`` array is accepted for ``horizon=1``, where Keras
    treats both alike. Why check: with a one-output model, targets of shape
    ``(samples, 3)`` are silently broadcast and the model learns their mean.

    Args:
        y: the targets.
        horizon: how many values the model outputs per sample (``model.outputs[0].shape[-1]``).
        n_samples: how many windows ``X`` holds, if you want that compared too.
        name: what to call ``y`` in messages.

    Example:
        >>> check_targets(np.zeros((10, 1)), horizon=1)  # fine
        >>> check_targets(np.zeros((10, 3)), horizon=1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: y has shape (10, 3) but the model forecasts 1 value(s) per sample, so \
expected (10, 1). ...
    """
    horizon = whole_number(horizon, "horizon")
    array = _as_array(y, name)
    given = array.shape
    rows = n_samples if n_samples is not None else (given[0] if given else None)
    want = (rows, horizon)
    head = (
        f"{name} has shape {given} but the model forecasts {horizon} value(s) per sample, so "
        f"expected {format_shape(want)}."
    )
    if array.ndim == 1 and horizon > 1:
        raise ValueError(
            f"{head} A 1-D {name} holds one value per sample. Make the targets with "
            f"make_windows(series, window, horizon={horizon})."
        )
    if array.ndim == 2 and given[1] != horizon:
        transposed = given[0] == horizon and n_samples is not None and given[1] == n_samples
        fix = (
            f"It looks transposed: use {name}.T."
            if transposed
            else f"Make targets and model agree: make_windows(..., horizon={horizon}) for the "
            f"targets, or build the model with horizon={given[1]}."
        )
        raise ValueError(
            f"{head} Keras would not complain here: it broadcasts the {given[1]} column(s) "
            f"against the {horizon} output(s) and trains on the wrong loss. {fix}"
        )
    if array.ndim == 0 or array.ndim > 2:
        squeeze = (
            f" Drop the trailing axis of size 1: {name}[..., 0]."
            if array.ndim == 3 and given[1:] == (horizon, 1)
            else ""
        )
        raise ValueError(f"{head} It has {array.ndim} axes instead of 2.{squeeze}")
    if n_samples is not None and given[0] != n_samples:
        raise ValueError(
            f"{name} has {given[0]} target(s) but X has {n_samples} window(s); expected one target "
            "per window. Cut both from the same series with make_windows, and slice them together."
        )
    check_finite(array, name)


def check_scaler_fit(scaler: Scaler, train: Any) -> None:
    """Check that ``scaler`` was fitted on exactly the training part, not on more.

    A scaler fitted on the whole series has seen the validation and test periods, so
    their level and spread leak into training and the test error looks better than it
    is. Compares ``scaler.n_fitted`` with ``len(train)`` and the scaler's mean with the
    training part's mean.

    Example:
        >>> from tutorial_utils.windows import fit_scaler
        >>> series = np.arange(10.0)
        >>> check_scaler_fit(fit_scaler(series[:7]), series[:7])  # fine
        >>> check_scaler_fit(fit_scaler(series), series[:7])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: the scaler was fitted on 10 time steps but the training part has 7: ...
    """
    if not isinstance(scaler, Scaler):
        raise TypeError(
            f"scaler must be a tutorial_utils.windows.Scaler (from fit_scaler), got "
            f"{type(scaler).__name__}"
        )
    array = _as_array(train, "train")
    if array.ndim not in (1, 2):
        raise ValueError(
            f"train must be the training part of the series, (time,) or (time, n_features), "
            f"as split_series returns it; got shape {array.shape}. Check the series, not windows."
        )
    n = len(array)
    fix = "Fit on the training part only: scaler = fit_scaler(train)."
    if scaler.n_fitted > n:
        raise ValueError(
            f"the scaler was fitted on {scaler.n_fitted} time steps but the training part has "
            f"{n}: it has seen {scaler.n_fitted - n} steps of validation or test data (leakage), "
            f"so the test error will look better than it is. {fix}"
        )
    if scaler.n_fitted < n:
        raise ValueError(
            f"the scaler was fitted on {scaler.n_fitted} time steps but the training part has "
            f"{n}: expected both to be {n}. {fix}"
        )
    mean = array.astype(np.float64).mean(axis=0)
    if not np.allclose(scaler.mean, mean):
        raise ValueError(
            f"the scaler's mean {np.round(scaler.mean, 3)} is not the training part's mean "
            f"{np.round(mean, 3)}: it was fitted on other data of the same length. {fix}"
        )
