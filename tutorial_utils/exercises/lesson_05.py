"""Checks for the exercises of notebook 05."""

from __future__ import annotations

import numpy as np

from tutorial_utils import data, windows
from tutorial_utils.exercises._common import Verdict, correct, exercise, kind, not_yet

SCENARIOS_05: dict[str, str] = {
    "a": "hourly solar power for a year, forecast tomorrow's 24 hours: each day is a bump "
    "whose height depends on the weather of recent days",
    "b": "the yearly number of hurricanes in one ocean since 1900",
    "c": "monthly sales of a shop over 6 years (72 values), forecast next month",
    "d": "accelerometer readings, 50 per second, each gesture lasting about two seconds (about "
    "100 readings), classify a 10-second clip as a sequence of five gestures",
}
"""Four series for exercise 2 of notebook 05: is a TimeDistributed CNN-LSTM worth trying?"""

_NESTED_05 = {"a": True, "b": False, "c": False, "d": True}
_WHY_05 = {
    "a": "each day has an inner shape (the bump) and days follow each other",
    "b": "a yearly count has no inner steps to read",
    "c": "72 monthly values are too few to train it, and a month has no inner steps here",
    "d": "each gesture is about 100 readings with an inner shape, and the clip is a sequence "
    "of five of them",
}


def _sunspot_naive_mase() -> float:
    """MASE of the naive forecast on notebook 05's sunspot test windows (window 24)."""
    from tutorial_utils import evaluate

    values = data.load_series("sunspots").values
    train, _, test = windows.split_series(values, train=0.7, val=0.15)
    X_test, y_test = windows.make_windows(test, window=24, horizon=1)
    return evaluate.mase(y_test, evaluate.naive_forecast(X_test), train, season=11)


@exercise("replace {} with your answer, a number such as 0.87.", arrays=("answer",))
def check_05_naive_mase(answer: float) -> Verdict:
    """Exercise 05.1: the naive forecast's MASE on the sunspot test windows.

    Answer: one number.

    Example:
        >>> check_05_naive_mase(...)
        Not yet: replace ... with your answer, a number such as 0.87.
        False
    """
    if answer.size != 1:
        return not_yet(f"give one number (a float), not {answer.size} of them.")
    got = float(answer.reshape(()))
    expected = _sunspot_naive_mase()
    if abs(got - expected) <= 1e-3:
        return correct(
            f"MASE {got:.3f}: on test years, repeating last year does about as well as copying "
            "the year 11 years back did on the training years."
        )
    hint = (
        "Hint: split the raw sunspots with windows.split_series(values, 0.7, 0.15), cut the "
        "test part with windows.make_windows(test, window=24, horizon=1), forecast with "
        "evaluate.naive_forecast, and scale with evaluate.mase(..., train_part, season=11)."
    )
    if got > 5 or got < 0:
        return not_yet(f"{got:.3f} is far off for a MASE. " + hint)
    return not_yet(f"{got:.3f} is not it. " + hint)


@exercise("replace {} with a dict such as {{'a': True, 'b': False, ...}}.")
def check_05_when_to_nest(answers: dict[str, bool]) -> Verdict:
    """Exercise 05.2: for each scenario in :data:`SCENARIOS_05`, is a TimeDistributed
    CNN-LSTM worth trying (next to the baselines)?

    Answer: a dict mapping each scenario's letter to ``True`` or ``False``.

    Example:
        >>> check_05_when_to_nest({"a": True})
        Not yet: answer every scenario: missing ['b', 'c', 'd'].
        False
    """
    if not isinstance(answers, dict):
        return not_yet(
            f"give a dict {{'a': True, 'b': False, ...}}, one entry per scenario; got "
            f"{kind(answers)}."
        )
    missing = sorted(set(SCENARIOS_05) - set(answers))
    if missing:
        return not_yet(f"answer every scenario: missing {missing}.")
    extra = sorted(set(answers) - set(SCENARIOS_05))
    if extra:
        return not_yet(f"{extra} are not scenarios; use the keys {sorted(SCENARIOS_05)}.")
    if not all(isinstance(v, bool | np.bool_) for v in answers.values()):
        return not_yet("each answer should be True or False.")
    wrong = [k for k in sorted(SCENARIOS_05) if bool(answers[k]) != _NESTED_05[k]]
    if wrong:
        return not_yet(
            f"look again at scenario {wrong[0]!r}. Hint: ask the checklist's questions: is "
            "there a repeated inner unit with its own shape, does the order of those units "
            "matter, and is there enough data to train a model at all?"
        )
    return correct("; ".join(f"{k}: {_WHY_05[k]}" for k in sorted(SCENARIOS_05)) + ".")
