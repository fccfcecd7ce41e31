"""``explain(model, X)``: walk a model layer by layer with the shape of your own ``X``.

Keras names a shape error deep inside the layer that failed, often in words about the
innermost layer's own axes ("expected ndim=3, found ndim=4"). :func:`explain` works each
layer's output shape out on a fresh symbolic copy of it, prints the table (layer, type,
shape in, shape out) and, under it, the first layer that cannot take what it gets, with the
reason and the fix in plain words. Nothing is trained and the model is left as it was.

The checks to run before training (:func:`~tutorial_utils.shapes.check_model_input` and the
others) are in :mod:`tutorial_utils.shapes`, whose hints this module reuses;
``shapes.explain``, the old name, still works. Keras is imported only when :func:`explain`
runs, so importing this module is cheap.

Example:
    >>> import keras
    >>> import numpy as np
    >>> model = keras.Sequential([keras.Input((4, 8, 1)), keras.layers.Flatten(name="flat")])
    >>> print(explain(model, np.zeros((2, 4, 8, 1))).splitlines()[-1])
    All layers accept X: the model turns (2, 4, 8, 1) into (2, 32).
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np

from tutorial_utils.shapes import _axis_hint, _check_finite, _fmt, _rank_hint

__all__ = ["explain"]

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
        >>> import numpy as np
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

        Missing values are reported as ``shapes.check_model_input`` reports them:

        >>> dense = keras.Sequential([keras.Input((3,)), L.Dense(1, name="out")])
        >>> print(explain(dense, np.array([[1.0, np.nan, 2.0]])).splitlines()[-1])
        First problem: the values of X: X contains 1 NaN or infinite value(s) out of 3, the first at index (0, 1). Keras would train without an error and the loss would be nan. Fill or drop the gaps in the series before making windows (notebook 01).
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
    values = _values_problem(X)
    if problem is None:
        final = rows[-1][3]
        if values is None:
            lines.append(f"All layers accept X: the model turns {_shape_text(given)} into {final}.")
        else:
            lines.append(
                f"All layers accept X's shape: the model turns {_shape_text(given)} into {final}."
            )
            lines.append(f"First problem: the values of X: {values}")
    else:
        name, kind, reason, fix = problem
        where = "the input X" if name == "input" else f"layer {name!r} ({kind})"
        lines.append(f"First problem: {where}: {reason}.")
        if fix:
            lines.append(f"Fix: {fix.rstrip('.')}.")
        if values is not None:
            lines.append(f"Also: {values}")
    return "\n".join(lines)


def _values_problem(X: Any) -> str | None:
    """What ``shapes.check_model_input`` says about NaN or infinity in ``X`` (None if none)."""
    if isinstance(X, tuple) or not hasattr(X, "dtype"):
        return None  # a shape, or something else without values to look at
    try:
        _check_finite(np.asarray(X), "X")
    except (ValueError, TypeError) as err:
        return str(err)
    return None


def _with_batch(shape: Any, given: tuple[int | None, ...]) -> Any:
    """Put the learner's batch size back on a symbolic shape, for the table."""
    if shape is None or not given:
        return shape
    if isinstance(shape, list):
        return [_with_batch(s, given) for s in shape]
    return (given[0], *tuple(shape)[1:]) if len(shape) else shape
