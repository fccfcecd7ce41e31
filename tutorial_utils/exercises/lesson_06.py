"""Checks for the exercises of notebook 06 (see ``_common.exercise`` for what all share).

Example:
    >>> check_06_call_counts(12)
    Not yet: call it as check_06_call_counts(td_calls, fold_calls).
    False
"""

from __future__ import annotations

from collections.abc import Iterable

from tutorial_utils.exercises._common import Verdict, correct, exercise, kind, not_yet


@exercise(
    "replace each {} with a whole number of calls.", answers=2, whole=("td_calls", "fold_calls")
)
def check_06_call_counts(td_calls: int, fold_calls: int) -> Verdict:
    """Exercise 06.1: how often the wrapped layer's ``call`` runs for an input with n_seq=12,
    under TimeDistributed and under the fold layer.

    Answer: two whole numbers, ``td_calls`` and ``fold_calls``.

    Example:
        >>> check_06_call_counts(1, 1)  # doctest: +SKIP
        Not yet: ...
    """
    n_seq = 12
    if td_calls != n_seq:
        return not_yet(
            f"td_calls={td_calls} is not what TimeDistributed does when the length of the "
            "outer axis is known. Hint: look again at the loop in its call method, and "
            "count only runs of `call`, not the layer being built.",
        )
    if fold_calls != 1:
        return not_yet(
            f"fold_calls={fold_calls}: td_calls is right, but the fold layer reshapes "
            "before calling. Hint: how many tensors does it pass to the wrapped layer?",
        )
    return correct(
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
"""The layers exercise 06.2 asks about."""

_ROW_WISE_06 = {
    "Conv1D": "slides its kernel inside each row",
    "MaxPooling1D": "pools inside each row",
    "Flatten": "reshapes each row on its own",
    "Dense": "multiplies each row by the same weights",
    "LSTM": "runs its recurrence inside each row",
    "LayerNormalization": "computes its mean and variance inside each row",
}


@exercise("replace the {} with the names of the layers, as strings.")
def check_06_layers_that_differ(names: Iterable[str]) -> Verdict:
    """Exercise 06.2: which of :data:`LAYERS_06` give different outputs when folded, in training?

    Answer: a list of layer names from :data:`LAYERS_06`.

    Example:
        >>> check_06_layers_that_differ(["Dense"])  # doctest: +SKIP
        Not yet: ...
    """
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, Iterable):
        return not_yet(
            f'give a list of layer names, e.g. ["Conv1D"], not {kind(names)}; the names to '
            f"choose from are {list(LAYERS_06)}."
        )
    chosen = {str(n).strip() for n in names}
    unknown = sorted(chosen - set(LAYERS_06))
    if unknown:
        return not_yet(f"{unknown} are not among the layers asked about: {list(LAYERS_06)}.")
    wrong = sorted(chosen & set(_ROW_WISE_06))
    if wrong:
        name = wrong[0]
        return not_yet(
            f"{name} {_ROW_WISE_06[name]}, so it sees exactly the same numbers whether the "
            "slices come one by one or folded into the batch.",
        )
    if not chosen:
        return not_yet(
            "Folding changes how many rows a layer sees in one call: batch * n_seq instead "
            "of batch. Hint: is there a layer whose training output depends on the other "
            "rows of its batch?",
        )
    return correct(
        "While training, it normalises with statistics of the whole batch it is given: "
        "batch rows per step under TimeDistributed, batch * n_seq rows when folded. In "
        "inference it uses its moving averages and both agree.",
    )
