"""Checks for the exercises of notebook 09 (see ``_common.exercise`` for what all share).

Example:
    >>> check_09_sub_window_lengths("ten")
    Not yet: your answer should be an array of finite numbers, not a str.
    False
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tutorial_utils import recordings
from tutorial_utils.exercises._common import Verdict, correct, exercise, kind, not_yet

_WINDOW_09 = 40  # notebook 09's window: 4 s at 10 Hz
_RATE_09 = 10.0

SPLITS_09: dict[str, str] = {
    "a": "shuffle all windows, then take 70 % of them to train and 30 % to test",
    "b": "every window of subjects 1 to 6 trains, every window of subjects 9 and 10 tests",
    "c": "in every recording, the windows of the first 12 s train and those of the last 6 s test",
    "d": "every recording made with the right arm trains, every one made with the left arm tests",
}
"""Four ways to split notebook 09's windows, for exercise 3: which let one person be on both
sides?"""

_LEAKS_09 = {"a": True, "b": False, "c": True, "d": True}
_WHY_09 = {
    "a": "shuffled windows put every person, and overlapping windows of one recording, on both "
    "sides",
    "b": "each person is on one side only",
    "c": "the same recording, so the same person, trains and tests",
    "d": "every person did both arms, so every person is on both sides",
}


@exercise(
    "replace {} with your answer, a list of whole numbers such as [4, 8].", arrays=("answer",)
)
def check_09_sub_window_lengths(answer: list[int]) -> Verdict:
    """Exercise 09.1: every ``n_steps`` that divides the 40-step window and lasts 0.5 to 2 s.

    Answer: a list of whole numbers (steps), in any order.

    Example:
        >>> check_09_sub_window_lengths([10])
        Not yet: 10 is right, but some lengths are missing. Hint: a length must divide 40 \
(nest accepts only those) and last from 5 to 20 steps at 10 Hz.
        False
    """
    values = answer.ravel()
    if not np.all(values == np.round(values)) or np.any(values < 1):
        return not_yet("give lengths in steps, whole numbers such as 4 or 8, not seconds.")
    given = sorted({int(v) for v in values})
    shortest, longest = round(0.5 * _RATE_09), round(2 * _RATE_09)
    expected = [n for n in range(1, _WINDOW_09 + 1) if _WINDOW_09 % n == 0]
    expected = [n for n in expected if shortest <= n <= longest]
    hint = (
        f"Hint: a length must divide {_WINDOW_09} (nest accepts only those) and last from "
        f"{shortest} to {longest} steps at {_RATE_09:g} Hz."
    )
    wrong = [n for n in given if n not in expected]
    if wrong:
        return not_yet(f"{wrong[0]} is not one of them. " + hint)
    if given != expected:
        right = ", ".join(str(n) for n in given)
        return not_yet(
            f"{right} {'is' if len(given) == 1 else 'are'} right, but some lengths are missing. "
            + hint
        )
    return correct(
        f"{given}: {len(given)} ways to nest the 4 s window, from {_WINDOW_09 // longest} "
        f"sub-windows of {longest / _RATE_09:g} s to {_WINDOW_09 // shortest} of "
        f"{shortest / _RATE_09:g} s."
    )


@lru_cache(maxsize=1)
def _centroid_accuracy_subjects_1_2() -> float:
    """Nearest centroid on notebook 09's 24 statistics, test subjects 1-2, validation 3-4."""
    from sklearn.neighbors import NearestCentroid  # a second to import: only when checked

    watch = recordings.load_recordings()
    w = recordings.cut_windows(watch.signals, watch.labels, watch.subjects, window=40, stride=20)
    parts = recordings.split_by_subject(w.subjects, val=[3, 4], test=[1, 2])
    features = recordings.window_features(w.X)
    F = recordings.fit_standardiser(features[parts["train"]]).transform(features)
    centroid = NearestCentroid().fit(F[parts["train"]], w.y[parts["train"]])
    predicted = centroid.predict(F[parts["test"]])
    return recordings.accuracy(w.y[parts["test"]], predicted)


@exercise("replace {} with your answer, a number between 0 and 1.", arrays=("answer",))
def check_09_centroid_other_pair(answer: float) -> Verdict:
    """Exercise 09.2: nearest-centroid test accuracy with subjects 1-2 tested, 3-4 validating.

    Answer: one number, the share of test windows classified right.

    Example:
        >>> check_09_centroid_other_pair(1.5)
        Not yet: an accuracy is between 0 and 1 (a share of windows), got 1.5.
        False
    """
    if answer.size != 1:
        return not_yet(f"give one number (a float), not {answer.size} of them.")
    got = float(answer.reshape(()))
    if not 0 <= got <= 1:
        return not_yet(f"an accuracy is between 0 and 1 (a share of windows), got {got:g}.")
    expected = _centroid_accuracy_subjects_1_2()
    if abs(got - expected) <= 1e-3:
        return correct(
            f"{got:.3f}. Compare it with the nearest-centroid row of section 4 (subjects 9 and "
            "10 tested): the same method, trained the same way, scores differently on other people."
        )
    return not_yet(
        f"{got:.3f} is not it. Hint: split with rec.split_by_subject(windows.subjects, "
        "val=[3, 4], test=[1, 2]); fit the standardiser on features[train] only; then "
        "NearestCentroid().fit(F[train], y[train]).predict(F[test]) and rec.accuracy(y[test], ...)."
    )


@exercise("replace {} with a dict such as {{'a': True, 'b': False, ...}}.")
def check_09_leaky_splits(answers: dict[str, bool]) -> Verdict:
    """Exercise 09.3: for each split in :data:`SPLITS_09`, can one person be on both sides?

    Answer: a dict mapping each split's letter to ``True`` (it leaks) or ``False``.

    Example:
        >>> check_09_leaky_splits({"a": True})
        Not yet: answer every split: missing ['b', 'c', 'd'].
        False
    """
    if not isinstance(answers, dict):
        return not_yet(
            f"give a dict {{'a': True, 'b': False, ...}}, one entry per split; got {kind(answers)}."
        )
    missing = sorted(set(SPLITS_09) - set(answers))
    if missing:
        return not_yet(f"answer every split: missing {missing}.")
    extra = sorted(set(answers) - set(SPLITS_09))
    if extra:
        return not_yet(f"{extra} are not splits; use the keys {sorted(SPLITS_09)}.")
    if not all(isinstance(v, bool | np.bool_) for v in answers.values()):
        return not_yet("each answer should be True or False.")
    wrong = [k for k in sorted(SPLITS_09) if bool(answers[k]) != _LEAKS_09[k]]
    if wrong:
        return not_yet(
            f"look again at split {wrong[0]!r}. Hint: ask, for one person, whether any of their "
            "windows can end up in training and any other in test."
        )
    return correct("; ".join(f"{k}: {_WHY_09[k]}" for k in sorted(SPLITS_09)) + ".")
