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

Every check only reads its arguments; none modifies them. The module works with any Keras
model but never imports Keras itself (it reads ``model.inputs``), so importing it is cheap.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np

from tutorial_utils.checks import whole_number
from tutorial_utils.windows import Scaler

__all__ = [
    "check_model_input",
    "check_scaler_fit",
    "check_targets",
    "explain",
    "model_input_shape",
]

_AXIS_NAMES = {
    2: ("samples", "n_features"),
    3: ("samples", "steps", "n_features"),
    4: ("samples", "n_seq", "n_steps", "n_features"),
}


def _fmt(shape: tuple[int | None, ...]) -> str:
    """``(None, 4, 8, 1)`` → ``'(samples, 4, 8, 1)'``; other unknown sizes become ``?``."""
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


def _check_finite(array: np.ndarray, name: str) -> None:
    if array.dtype.kind != "f":
        return
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s) out of {array.size}, the "
            f"first at index {first}. Keras would train without an error and the loss would be "
            "nan. Fill or drop the gaps in the series before making windows (notebook 01)."
        )


def _rank_hint(given: tuple[int, ...], expected: tuple[int | None, ...], name: str) -> str:
    """What to do when ``X`` has the wrong number of axes for the model."""
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
            target = _fmt((samples, n_seq, n_steps, n_features))
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
            f"gives {_fmt((given[0], given[1] * given[2], given[3]))}."
        )
    if len(expected) == 3 and len(given) == 2 and n_features == 1:
        return (
            f"Each step needs its own feature axis: {name}[..., np.newaxis] gives "
            f"{_fmt((*given, 1))}."
        )
    return (
        f"The model needs {len(expected)} axes, the first one for the samples; {name} has "
        f"{len(given)}."
    )


def _axis_hint(given: tuple[int, ...], expected: tuple[int | None, ...], name: str) -> str:
    """Which axes differ, by how much, and what to do, for arrays of the right rank."""
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
    head = f"{name} has shape {given} but the model expects {_fmt(expected)}."
    if len(given) != len(expected):
        raise ValueError(f"{head} {_rank_hint(given, expected, name)}")
    if given[0] == 0:
        raise ValueError(f"{name} has shape {given}: no samples at all. Check how you sliced it.")
    if any(e is not None and g != e for g, e in zip(given[1:], expected[1:], strict=True)):
        raise ValueError(f"{head} {_axis_hint(given, expected, name)}")
    _check_finite(array, name)


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
        f"expected {_fmt(want)}."
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
    _check_finite(array, name)


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


# --------------------------------------------------------------------------------------------
# explain(model, X): walk the layers with the learner's own shape, find the first that fails.
# --------------------------------------------------------------------------------------------

_SEQUENCE_LAYERS = ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "RNN")
_ONE_D_LAYERS = (
    "Conv1D",
    "MaxPooling1D",
    "AveragePooling1D",
    "GlobalMaxPooling1D",
    "GlobalAveragePooling1D",
    "SeparableConv1D",
    "Conv1DTranspose",
)
_WRAPPERS = ("TimeDistributed", "FoldTimeDistributed")


def _describe(layer: Any) -> str:
    """``'TimeDistributed(Conv1D)'`` for wrappers, the class name otherwise."""
    name = type(layer).__name__
    inner = getattr(layer, "layer", None)
    return f"{name}({_describe(inner)})" if name in _WRAPPERS and inner is not None else name


def _core(layer: Any) -> tuple[str, int]:
    """The innermost layer's class name and how many wrappers sit around it."""
    depth = 0
    while type(layer).__name__ in _WRAPPERS and getattr(layer, "layer", None) is not None:
        layer, depth = layer.layer, depth + 1
    return type(layer).__name__, depth


def _shape_text(shape: Any) -> str:
    if shape is None:
        return "-"
    if isinstance(shape, list):
        return ", ".join(_shape_text(s) for s in shape)
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def _keras_says(err: BaseException) -> str:
    """The line of a Keras error that carries the message (not 'Exception encountered...')."""
    lines = [
        ln.strip() for ln in str(err).replace("\x1b[1m", "").replace("\x1b[0m", "").split("\n")
    ]
    lines = [ln for ln in lines if ln and not ln.startswith("Exception encountered when calling")]
    return lines[0][:200] if lines else type(err).__name__


def _reason_and_fix(
    layer: Any, shape_in: tuple[int | None, ...], previous: Any, err: BaseException | None
) -> tuple[str, str]:
    """Plain words for why ``layer`` cannot take ``shape_in``, and what to change."""
    core, depth = _core(layer)
    kind = _describe(layer)
    rank = len(shape_in)
    prev = _describe(previous) if previous is not None else "the input"
    prev_core = _core(previous)[0] if previous is not None else ""
    message = _keras_says(err) if err is not None else ""
    inner_rank = rank - depth  # what the innermost layer receives, batch axis included
    if core in _SEQUENCE_LAYERS and depth == 0:
        if rank > 3:
            if prev_core == "Flatten" or "Flatten" not in prev:
                fix = (
                    "flatten each subsequence on its own before the LSTM: add "
                    "TimeDistributed(Flatten()) (or wrap the Flatten you have in TimeDistributed)"
                )
            else:
                fix = "wrap the Flatten in TimeDistributed"
            return (
                f"the {core} reads (batch, steps, features) but gets {rank} axes "
                f"{_shape_text(shape_in)}",
                fix,
            )
        if rank < 3:
            if prev_core == "Flatten":
                fix = (
                    "the plain Flatten merged the subsequences into one vector: wrap it in "
                    "TimeDistributed so each subsequence is flattened on its own"
                )
            elif prev_core in _SEQUENCE_LAYERS:
                fix = f"give the {prev_core} before it return_sequences=True"
            else:
                fix = f"keep the time axis: the layer before it ({prev}) removed it"
            return (
                f"the {core} reads (batch, steps, features) but gets {rank} axes "
                f"{_shape_text(shape_in)}: there is no time axis left",
                fix,
            )
    if core in _SEQUENCE_LAYERS and depth > 0:
        return (
            f"{kind} runs the {core} on every outer step separately, so the {core} gets "
            f"(batch, features) with no time axis of its own",
            f"the wrapper is one level too high: use the {core} without TimeDistributed; it "
            "reads the outer steps as its time axis",
        )
    if core in _WRAPPERS or (depth > 0 and rank < 3):
        if previous is not None and prev_core in _SEQUENCE_LAYERS:
            fix = (
                f"the {prev_core} before it returns only its last state: give it "
                "return_sequences=True, or drop the TimeDistributed around the layer after it"
            )
        elif previous is None:
            fix = "X has too few axes: nest it with to_subsequences(X, n_seq=...)"
        else:
            fix = f"the layer before it ({prev}) removed the outer time axis"
        return (
            f"{kind} needs (batch, outer steps, ...) with at least 3 axes but gets {rank} "
            f"{_shape_text(shape_in)}",
            fix,
        )
    if core in _ONE_D_LAYERS or core.startswith(("Conv", "MaxPooling", "AveragePooling")):
        reads = "(batch, steps, channels)"
        if "zero or negative" in message or "Negative dimension" in message:
            steps = shape_in[depth + 1] if len(shape_in) > depth + 1 else None
            size = getattr(_innermost(layer), "kernel_size", None) or getattr(
                _innermost(layer), "pool_size", None
            )
            size_text = f" window of {size[0]} steps" if isinstance(size, tuple | list) else ""
            return (
                f"the {core}{size_text} does not fit in the {steps} step(s) left in each "
                "subsequence",
                "use longer subsequences (a smaller n_seq for the same window), a smaller "
                "kernel_size or pool_size, or padding='same' on the Conv1D",
            )
        if core.endswith("1D") and inner_rank == 4 and depth == 0:
            return (
                f"the {core} reads {reads} but gets 4 axes {_shape_text(shape_in)}",
                f"wrap it in TimeDistributed so it runs on each subsequence: "
                f"TimeDistributed({core}(...))",
            )
        if core.endswith("1D") and inner_rank == 2:
            return (
                f"inside {kind} the {core} gets {inner_rank} axes (batch, "
                f"{shape_in[-1]}) instead of {reads}",
                "X has one axis too few: if X is one sample, add the batch axis with "
                "X[np.newaxis]; if it holds plain windows, nest them with "
                "to_subsequences(X, n_seq=...); otherwise there is one TimeDistributed too many "
                "around this layer",
            )
        if core.endswith("1D") and inner_rank > 3:
            return (
                f"inside {kind} the {core} gets {inner_rank} axes instead of {reads}",
                "X has one axis too many: is the sample count inside keras.Input(shape=...)? "
                "keras.Input takes the shape of ONE sample",
            )
    if core.startswith("ConvLSTM"):
        need = int(core[8]) + 3 if core[8:9].isdigit() else None
        return (
            f"the {core} reads {need} axes (batch, time, ..., channels) but gets {rank} "
            f"{_shape_text(shape_in)}",
            "ConvLSTM1D takes the nested windows (batch, n_seq, n_steps, n_features) directly, "
            "without TimeDistributed",
        )
    return (f"Keras says: {message}" if message else f"the {kind} cannot take this shape", "")


def _innermost(layer: Any) -> Any:
    while type(layer).__name__ in _WRAPPERS and getattr(layer, "layer", None) is not None:
        layer = layer.layer
    return layer


def _built_shape_mismatch(layer: Any, shape_in: tuple[int | None, ...]) -> str | None:
    """If ``layer`` is already built for another input shape, say which axis differs."""
    try:
        built = tuple(layer.input.shape)
    except (AttributeError, ValueError, RuntimeError):
        return None
    if len(built) != len(shape_in):
        return None  # the rank problem is reported by the symbolic call
    for axis in range(1, len(built)):
        if built[axis] is not None and shape_in[axis] is not None and built[axis] != shape_in[axis]:
            what = "feature(s) per step" if axis == len(built) - 1 else f"on axis {axis}"
            return f"it was built for {built[axis]} {what} but gets {shape_in[axis]}"
    return None


def _fresh_output_shape(keras: Any, layer: Any, shape_in: Any) -> Any:
    """Output shape of a fresh copy of ``layer`` on ``shape_in``; the model is left untouched."""
    clone = type(layer).from_config(layer.get_config())
    if isinstance(shape_in, list):
        outputs = clone([keras.KerasTensor(s) for s in shape_in])
    else:
        outputs = clone(keras.KerasTensor(shape_in))
    if isinstance(outputs, list | tuple):
        return [tuple(o.shape) for o in outputs]
    return tuple(outputs.shape)


def _chain(model: Any) -> list[tuple[Any, list[int], list[int]]]:
    """Layers in call order with the ids of their input and output tensors (functional graph).

    A Sequential model without ``keras.Input`` has no graph: its layers form a plain chain.
    """
    layers = [la for la in model.layers if type(la).__name__ != "InputLayer"]
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        return [(la, [i], [i + 1]) for i, la in enumerate(layers)]
    known = {id(t) for t in inputs}
    steps = []
    for layer in layers:
        for node in getattr(layer, "_inbound_nodes", []):
            ins = [id(t) for t in node.input_tensors]
            if ins and all(i in known for i in ins):
                outs = [id(t) for t in node.output_tensors]
                known.update(outs)
                steps.append((layer, ins, outs))
                break
    return steps


def explain(model: Any, X: Any) -> str:
    """Walk ``model`` layer by layer with the shape of your ``X`` and say where it breaks.

    Nothing is trained and no weight of ``model`` changes: each layer's output shape is
    worked out on a fresh, symbolic copy of it. The answer is a table (layer, type, shape in,
    shape out) and, under it, the first layer that cannot take what it is given, with the
    reason and the fix in plain words. Works for Sequential models (also unbuilt ones, made
    without ``keras.Input``), functional models, ``TimeDistributed`` and
    ``tutorial_utils.layers.FoldTimeDistributed``. It never raises for a shape problem:
    diagnosing it is its job.

    Args:
        model: a Keras model.
        X: your array (or anything with a ``.shape``, or a shape tuple), batch axis first.

    Raises:
        TypeError: ``model`` is not a Keras model, or ``X`` has no shape.

    Example:
        >>> import keras
        >>> L = keras.layers
        >>> model = keras.Sequential([
        ...     L.TimeDistributed(L.Conv1D(16, 3), name="conv"),
        ...     L.TimeDistributed(L.MaxPooling1D(2), name="pool"),
        ...     L.LSTM(8, name="lstm"),
        ... ])
        >>> print(explain(model, np.zeros((2, 4, 8, 1))))  # doctest: +NORMALIZE_WHITESPACE
        layer  type                           shape in       shape out
        -----  -----------------------------  -------------  -------------
        input  X                              -              (2, 4, 8, 1)
        conv   TimeDistributed(Conv1D)        (2, 4, 8, 1)   (2, 4, 6, 16)
        pool   TimeDistributed(MaxPooling1D)  (2, 4, 6, 16)  (2, 4, 3, 16)
        lstm   LSTM                           (2, 4, 3, 16)  FAILS
        <BLANKLINE>
        First problem: layer 'lstm' (LSTM): the LSTM reads (batch, steps, features) but gets 4 axes (2, 4, 3, 16).
        Fix: flatten each subsequence on its own before the LSTM: add TimeDistributed(Flatten()) (or wrap the Flatten you have in TimeDistributed).
    """  # noqa: E501
    import keras  # here, not at import time: this module stays light

    if not isinstance(model, keras.Model):
        raise TypeError(
            f"explain needs a Keras model (keras.Sequential or keras.Model), got "
            f"{type(model).__name__}. Pass the model first and your array second: "
            "shapes.explain(model, X)."
        )
    if hasattr(X, "shape"):
        given = tuple(None if d is None else int(d) for d in X.shape)
    elif isinstance(X, tuple) and all(isinstance(d, Integral) or d is None for d in X):
        given = tuple(X)
    else:
        raise TypeError(
            f"X must be an array (or a shape tuple), batch axis first; got {type(X).__name__}. "
            "Convert a list with np.asarray(X, dtype='float32')."
        )

    rows: list[tuple[str, str, str, str]] = [("input", "X", "-", _shape_text(given))]
    problem: tuple[str, str, str, str] | None = None
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if inputs:
        expected = tuple(None if d is None else int(d) for d in inputs[0].shape)
        if len(expected) != len(given):
            hint = _rank_hint(given, expected, "X") if len(given) else ""
            if given == expected[1:]:
                hint += (
                    " If X does hold many samples, the model is wrong instead: keras.Input("
                    "shape=...) takes the shape of ONE sample, without the sample count."
                )
            problem = (
                "input",
                "X",
                f"the model expects {len(expected)} axes {_fmt(expected)} but X has "
                f"{len(given)} {_shape_text(given)}",
                hint,
            )
        elif any(e is not None and g != e for g, e in zip(given[1:], expected[1:], strict=True)):
            problem = (
                "input",
                "X",
                f"X has shape {_shape_text(given)} but the model expects {_fmt(expected)}",
                _axis_hint(given, expected, "X"),
            )
    shapes_by_id: dict[int, Any] = {}
    chain = _chain(model)
    if chain:
        for first_in in chain[0][1]:
            shapes_by_id[first_in] = (None, *given[1:]) if given else given
    producers: dict[int, Any] = {}
    for layer, ins, outs in chain:
        name, kind = layer.name, _describe(layer)
        if problem is not None or not all(i in shapes_by_id for i in ins):
            rows.append((name, kind, "-", "-"))
            continue
        symbolic_in = [shapes_by_id[i] for i in ins]
        shape_in = symbolic_in[0] if len(symbolic_in) == 1 else symbolic_in
        shown_in = _with_batch(shape_in, given)
        previous = producers.get(ins[0])
        err: BaseException | None = None
        mismatch = None if isinstance(shape_in, list) else _built_shape_mismatch(layer, shape_in)
        try:
            shape_out = _fresh_output_shape(keras, layer, shape_in)
        except Exception as caught:  # any failure is the diagnosis, not a crash
            err, shape_out = caught, None
        if err is None and mismatch is None:
            rows.append(
                (name, kind, _shape_text(shown_in), _shape_text(_with_batch(shape_out, given)))
            )
            outs_shapes = shape_out if isinstance(shape_out, list) else [shape_out]
            for tid, s in zip(outs, outs_shapes, strict=False):
                shapes_by_id[tid] = s
                producers[tid] = layer
            continue
        rows.append((name, kind, _shape_text(shown_in), "FAILS"))
        if err is None:
            problem = (
                name,
                kind,
                f"the {kind} {mismatch}",
                "give the model the columns it was built for, or rebuild it for your data",
            )
        else:
            one_in = shown_in if not isinstance(shown_in, list) else shown_in[0]
            reason, fix = _reason_and_fix(layer, one_in, previous, err)
            problem = (name, kind, reason, fix)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("layer", "type", "shape in", "shape out")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    if problem is None:
        final = rows[-1][3]
        lines.append(f"All layers accept X: the model turns {_shape_text(given)} into {final}.")
    else:
        name, kind, reason, fix = problem
        where = "the input X" if name == "input" else f"layer {name!r} ({kind})"
        lines.append(f"First problem: {where}: {reason}.")
        if fix:
            lines.append(f"Fix: {fix.rstrip('.')}.")
    return "\n".join(lines)


def _with_batch(shape: Any, given: tuple[int | None, ...]) -> Any:
    """Put the learner's batch size back on a symbolic shape, for the table."""
    if shape is None or not given:
        return shape
    if isinstance(shape, list):
        return [_with_batch(s, given) for s in shape]
    return (given[0], *tuple(shape)[1:]) if len(shape) else shape
