"""Check functions for the notebooks' exercises.

Every check returns ``True`` or ``False`` and prints a verdict: what is right, or what is
wrong with a hint towards the fix. It never prints the answer. Solutions live in
``solutions/NN_name_solutions.ipynb``.

Each notebook's checks sit in their own section below. Keras is imported inside the checks
that need it, so importing this module stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# --- notebook 06 ---


def _report_06(ok: bool, message: str) -> bool:
    print(("Right! " if ok else "Not yet. ") + message)
    return ok


def check_06_fold_by_hand(fold_apply: Callable[[Any, Any], Any]) -> bool:
    """Exercise 06.1: ``fold_apply(layer, x)`` must equal ``TimeDistributed(layer)(x)``.

    It is called on a few layers and input shapes, must call the layer exactly once per
    call (that is what folding is for), and must return the same values.

    Example:
        >>> check_06_fold_by_hand(lambda layer, x: x)  # doctest: +SKIP
        Not yet. For input shape (3, 5, 8, 2) ...
    """
    import keras
    import numpy as np

    class _CountingConv1D(keras.layers.Conv1D):
        calls = 0

        def call(self, inputs):
            type(self).calls += 1
            return super().call(inputs)

    rng = np.random.default_rng(6)
    cases = [
        (lambda: _CountingConv1D(4, 3), (3, 5, 8, 2)),
        (lambda: keras.layers.Dense(3), (2, 4, 6)),
        (lambda: keras.layers.Flatten(), (2, 3, 4, 5)),
    ]
    for make_layer, shape in cases:
        layer = make_layer()
        x = rng.normal(size=shape).astype("float32")
        expected = keras.ops.convert_to_numpy(keras.layers.TimeDistributed(layer)(x))
        _CountingConv1D.calls = 0
        try:
            got = fold_apply(layer, x)
        except Exception as err:  # the learner's code: report any failure as a hint
            return _report_06(
                False,
                f"For input shape {shape} your function raised {type(err).__name__}: {err}. "
                "Hint: fold the first two axes into one, call the layer, then split them again.",
            )
        if isinstance(layer, _CountingConv1D) and _CountingConv1D.calls != 1:
            return _report_06(
                False,
                f"Your function ran the layer's call {_CountingConv1D.calls} times for "
                f"n_seq={shape[1]}. Folding needs exactly one call on all slices at once; "
                "a loop or TimeDistributed itself does not count.",
            )
        got = np.asarray(keras.ops.convert_to_numpy(got))
        if got.shape != expected.shape:
            return _report_06(
                False,
                f"For input shape {shape} your result has shape {got.shape}, but it should "
                f"have shape {expected.shape}. Hint: after the call, give back the batch "
                "axis and the outer axis as two separate axes.",
            )
        if not np.allclose(got, expected, atol=1e-5):
            return _report_06(
                False,
                f"For input shape {shape} the shape is right but the values differ "
                f"(largest difference {np.abs(got - expected).max():.3g}). Hint: a transpose "
                "or a reshape in another order mixes samples and steps; a plain reshape of "
                "the first two axes keeps each slice intact.",
            )
    return _report_06(
        True,
        "Your fold gives the same values as TimeDistributed for a Conv1D, a Dense and a "
        "Flatten, with a single call of the layer.",
    )


def check_06_call_counts(td_calls: int, fold_calls: int) -> bool:
    """Exercise 06.2: how often the wrapped layer's ``call`` runs for an input with n_seq=12.

    Example:
        >>> check_06_call_counts(1, 1)  # doctest: +SKIP
        Not yet. ...
    """
    n_seq = 12
    for name, value in (("td_calls", td_calls), ("fold_calls", fold_calls)):
        if isinstance(value, bool) or not isinstance(value, int):
            return _report_06(
                False, f"{name} should be a whole number of calls, got {type(value).__name__}."
            )
    if td_calls != n_seq:
        return _report_06(
            False,
            f"td_calls={td_calls} is not what TimeDistributed does when the length of the "
            "outer axis is known. Hint: look again at the loop in its call method, and "
            "count only runs of `call`, not the layer being built.",
        )
    if fold_calls != 1:
        return _report_06(
            False,
            f"fold_calls={fold_calls}: td_calls is right, but the fold layer reshapes "
            "before calling. Hint: how many tensors does it pass to the wrapped layer?",
        )
    return _report_06(
        True,
        "TimeDistributed calls the layer once per outer step, so its graph grows with n_seq; "
        "the fold layer calls it once whatever n_seq is.",
    )


LAYERS_06 = (
    "Conv1D",
    "MaxPooling1D",
    "Flatten",
    "Dense",
    "LSTM",
    "LayerNormalization",
    "BatchNormalization",
)
"""The layers exercise 06.3 asks about."""

_ROW_WISE_06 = {
    "Conv1D": "slides its kernel inside each row",
    "MaxPooling1D": "pools inside each row",
    "Flatten": "reshapes each row on its own",
    "Dense": "multiplies each row by the same weights",
    "LSTM": "runs its recurrence inside each row",
    "LayerNormalization": "computes its mean and variance inside each row",
}


def check_06_layers_that_differ(names: Iterable[str]) -> bool:
    """Exercise 06.3: which of :data:`LAYERS_06` give different outputs when folded, in training?

    Example:
        >>> check_06_layers_that_differ(["Dense"])  # doctest: +SKIP
        Not yet. ...
    """
    if isinstance(names, str):
        names = [names]
    chosen = {str(n).strip() for n in names}
    unknown = sorted(chosen - set(LAYERS_06))
    if unknown:
        return _report_06(
            False, f"{unknown} are not among the layers asked about: {list(LAYERS_06)}."
        )
    wrong = sorted(chosen & set(_ROW_WISE_06))
    if wrong:
        name = wrong[0]
        return _report_06(
            False,
            f"{name} {_ROW_WISE_06[name]}, so it sees exactly the same numbers whether the "
            "slices come one by one or folded into the batch.",
        )
    if not chosen:
        return _report_06(
            False,
            "Folding changes how many rows a layer sees in one call: batch * n_seq instead "
            "of batch. Hint: is there a layer whose training output depends on the other "
            "rows of its batch?",
        )
    return _report_06(
        True,
        "While training, it normalises with statistics of the whole batch it is given: "
        "batch rows per step under TimeDistributed, batch * n_seq rows when folded. In "
        "inference it uses its moving averages and both agree.",
    )
