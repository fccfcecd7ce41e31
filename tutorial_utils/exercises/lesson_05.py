"""Checks for the exercises of notebook 05."""

from __future__ import annotations

import numpy as np

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


def _week_back_mase() -> float:
    """MASE of one week back on the course task's 14 test days (notebook 05's table)."""
    from tutorial_utils import cases, evaluate

    case = cases.course_case()
    forecast = case.to_units(case.X_test[:, :48, 0])  # the same weekday, one week earlier
    return evaluate.mase(case.to_units(case.y_test), forecast, case.train_series, season=48)


@exercise("replace {} with your answer, a number such as 0.87.", arrays=("answer",))
def check_05_week_back_mase(answer: float) -> Verdict:
    """Exercise 05.1: one week back's MASE on the course task's test days, by hand.

    Answer: one number.

    Example:
        >>> check_05_week_back_mase(...)
        Not yet: replace ... with your answer, a number such as 0.87.
        False
    """
    if answer.size != 1:
        return not_yet(f"give one number (a float), not {answer.size} of them.")
    got = float(answer.reshape(()))
    expected = _week_back_mase()
    if abs(got - expected) <= 1e-3:
        return correct(
            f"MASE {got:.3f}: copying last week's day has about a quarter of the error that "
            "copying yesterday had on the training weeks."
        )
    hint = (
        "Hint: the forecast is case.X_test[:, :48, 0] (the first day of each window), the truth "
        "case.y_test; bring both to MW with case.to_units, then "
        "evaluate.mase(truth, forecast, case.train_series, season=48)."
    )
    if 0.9 < got < 1.1:
        return not_yet(
            f"{got:.3f} is one day back's error: the last 48 values of a window are yesterday, "
            "the first 48 are the same weekday a week earlier. " + hint
        )
    if got < 0.05:
        return not_yet(f"{got:.3f} is far too small: score in MW, not in scaled units. " + hint)
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
