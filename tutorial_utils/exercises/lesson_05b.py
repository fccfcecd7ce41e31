"""Checks for the exercises of notebook 05b (the fair race)."""

from __future__ import annotations

from tutorial_utils import data, windows
from tutorial_utils.exercises._common import Verdict, correct, exercise, not_yet


def _sunspot_naive_mase() -> float:
    """MASE of the naive forecast on notebook 05b's sunspot test windows (window 24)."""
    from tutorial_utils import evaluate

    values = data.load_series("sunspots").values
    train, _, test = windows.split_series(values, train=0.7, val=0.15)
    X_test, y_test = windows.make_windows(test, window=24, horizon=1)
    return evaluate.mase(y_test, evaluate.naive_forecast(X_test), train, season=11)


@exercise("replace {} with your answer, a number such as 0.87.", arrays=("answer",))
def check_05b_naive_mase(answer: float) -> Verdict:
    """Exercise 05b.1: the naive forecast's MASE on the sunspot test windows.

    Answer: one number.

    Example:
        >>> check_05b_naive_mase(...)
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
