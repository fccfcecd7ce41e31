"""A SYNTHETIC nested series, made to order: days of steps whose shape the nesting can use.

For demonstrations and tests only (labelled SYNTHETIC wherever it appears): the lessons work on
real series. NumPy only.
"""

from __future__ import annotations

import numpy as np

from tutorial_utils.checks import real_number, whole_number

__all__ = ["synthetic_nested_series"]


def synthetic_nested_series(
    n_days: int = 300,
    steps_per_day: int = 12,
    *,
    noise: float = 0.1,
    surprise: float = 0.1,
    seed: int = 0,
) -> np.ndarray:
    """A SYNTHETIC series (not real data) in which each day's *shape* depends on earlier days.

    Every day has one of three shapes: a morning peak (kind 0), an evening peak (kind 1) or
    two smaller peaks (kind 2), on top of a level of 1. The kind of day ``t`` follows a rule
    that needs the two previous days' shapes: ``kind[t] = (kind[t-1] + kind[t-2]) % 3``.
    With probability ``surprise`` a day ignores the rule and takes a random kind, so the
    sequence never settles into a fixed cycle that a seasonal copy could repeat. Gaussian
    noise of standard deviation ``noise`` is added to every step.

    So the structure is nested on purpose: to forecast tomorrow you have to recognise the
    shape *inside* each recent day (a job for a small CNN applied to every day) and combine
    the shapes of the last two days *in order* (a job for an LSTM over days). Copying
    yesterday (seasonal naive) is right only about a third of the time.

    The series is made up to show where a TimeDistributed CNN-LSTM can pay off; no real
    process is claimed to behave like this. Always label it as synthetic.

    Args:
        n_days: number of days (at least 3).
        steps_per_day: time steps per day (at least 4, so a peak has room).
        noise: standard deviation of the added noise, between 0 and 10.
        surprise: probability that a day breaks the rule, between 0 and 1.
        seed: seed of NumPy's random generator; the same seed gives the same series.

    Returns:
        A new ``float64`` array of shape ``(n_days * steps_per_day,)``.

    Example:
        >>> x = synthetic_nested_series(n_days=10, steps_per_day=12, seed=1)
        >>> x.shape, x.dtype
        ((120,), dtype('float64'))
        >>> bool((synthetic_nested_series(10, seed=1) == x).all())
        True
    """
    n_days = whole_number(n_days, "n_days", minimum=3)
    steps_per_day = whole_number(steps_per_day, "steps_per_day", minimum=4)
    noise = real_number(noise, "noise", at_least=0, at_most=10)
    surprise = real_number(surprise, "surprise", at_least=0, at_most=1)
    seed = whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)

    kinds = np.empty(n_days, dtype=np.int64)
    kinds[:2] = rng.integers(0, 3, size=2)
    for t in range(2, n_days):
        if rng.random() < surprise:
            kinds[t] = rng.integers(0, 3)
        else:
            kinds[t] = (kinds[t - 1] + kinds[t - 2]) % 3

    phase = (np.arange(steps_per_day) + 0.5) / steps_per_day

    def bump(centre: float) -> np.ndarray:
        return np.exp(-(((phase - centre) / 0.12) ** 2))

    shapes = np.stack([bump(0.3), bump(0.7), 0.6 * (bump(0.15) + bump(0.85))])
    days = 1.0 + shapes[kinds]
    values = days.ravel() + noise * rng.standard_normal(n_days * steps_per_day)
    return values.astype(np.float64)
