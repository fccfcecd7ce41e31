"""Are two forecasts equally accurate? The Diebold-Mariano test on paired losses.

Two models scored on the same forecast origins give one loss each per origin; the test asks
whether the mean difference of those losses could be chance. The statistic is written out
here because no common library has it; its p-value comes from SciPy's Student t.

Example:
    >>> result = diebold_mariano([1.0, 2.0, 3.0, 4.0], [2.0, 2.5, 3.5, 5.0])
    >>> result.n, result.mean_difference
    (4, -0.75)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from tutorial_utils.checks import finite, whole_number

__all__ = ["DieboldMariano", "diebold_mariano"]


@dataclass(frozen=True)
class DieboldMariano:
    """What :func:`diebold_mariano` returns.

    Attributes:
        mean_difference: mean of ``loss_a - loss_b`` (negative: ``a`` had the smaller losses).
        statistic: the test statistic with Harvey, Leybourne and Newbold's small-sample factor.
        p_value: two-sided, from Student's t with ``n - 1`` degrees of freedom.
        n: the number of paired losses (forecast origins).
    """

    mean_difference: float
    statistic: float
    p_value: float
    n: int


def diebold_mariano(loss_a: Any, loss_b: Any, horizon: int = 1) -> DieboldMariano:
    """Test whether two forecasts are equally accurate, from their losses at the same origins.

    Written by hand because neither SciPy nor scikit-learn has the test, and its few lines show
    what "significant" means for paired forecast losses.

    Diebold and Mariano (1995): with ``d_t = loss_a[t] - loss_b[t]`` at each of ``n`` forecast
    origins, the statistic is the mean of ``d`` over its standard error, the variance summing
    the autocovariances of ``d`` up to lag ``horizon - 1`` (forecasts more than ``horizon``
    steps apart do not overlap). Harvey, Leybourne and Newbold (1997) multiply it by
    ``sqrt((n + 1 - 2h + h(h - 1) / n) / n)`` and read it against Student's t with ``n - 1``
    degrees of freedom, which holds its size far better for a few dozen origins. A small
    ``p_value`` says the accuracies differ; a large one says the origins cannot tell them
    apart, not that they are equal.

    Args:
        loss_a, loss_b: one loss per forecast origin (e.g. each origin's MAE), same length.
        horizon: how many origins one forecast spans before the next origin's forecast no
            longer overlaps it (1 for day-ahead forecasts issued once a day).

    Example:
        >>> result = diebold_mariano([1.0, 2.0, 3.0, 4.0], [2.0, 2.5, 3.5, 5.0])
        >>> round(result.mean_difference, 3), round(result.statistic, 3), result.n
        (-0.75, -5.196, 4)
    """
    a = np.asarray(loss_a, dtype=np.float64)
    b = np.asarray(loss_b, dtype=np.float64)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"loss_a and loss_b must be 1-D and of the same length (one loss per forecast "
            f"origin), got shapes {a.shape} and {b.shape}; average each origin's errors first."
        )
    for losses, name in ((a, "loss_a"), (b, "loss_b")):
        finite(losses, name, fix="Score finite forecasts only.")
    n = len(a)
    h = whole_number(horizon, "horizon", minimum=1)
    if n < max(3, h + 1):
        raise ValueError(
            f"need at least {max(3, h + 1)} paired losses for horizon={h}, got {n}: use more "
            "forecast origins (a rolling origin gives one per step of the test part)"
        )
    d = a - b
    centred = d - d.mean()
    gamma = [float(centred[k:] @ centred[: n - k]) / n for k in range(h)]
    variance = (gamma[0] + 2 * sum(gamma[1:])) / n
    if not variance > 0:
        raise ValueError(
            "the loss differences do not vary (or their autocovariances cancel): the test is "
            "undefined; the two forecasts differ by a constant at every origin"
        )
    correction = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    statistic = float(d.mean() / math.sqrt(variance) * correction)
    p_value = float(2 * stats.t.sf(abs(statistic), df=n - 1))  # two-sided
    return DieboldMariano(float(d.mean()), statistic, p_value, n)
