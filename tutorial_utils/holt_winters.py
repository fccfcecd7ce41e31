"""Taylor's (2003) double seasonal Holt-Winters with an AR(1) correction of the one-step errors.

The literature's method for the course's demand series (J. Oper. Res. Soc. 54:799-805): a level,
a daily and a weekly season, updated at every step, and the one-step error's AR(1) term added
to the forecast. It is the reference a network has to be measured against (notebook 05b);
:func:`fit_double_seasonal` estimates the five parameters, :func:`forecast_double_seasonal`
forecasts from many origins at once. Scored with :func:`tutorial_utils.evaluate.mape`, as the
paper does. The recursion is written out because no common library has the double seasonal
method with its AR(1) term; the search uses SciPy's Nelder-Mead. NumPy and SciPy: importing
this module must not start TensorFlow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize

from tutorial_utils.checks import finite, one_series, real_number, whole_number

__all__ = [
    "DoubleSeasonalFit",
    "DoubleSeasonalParams",
    "fit_double_seasonal",
    "forecast_double_seasonal",
]


@dataclass(frozen=True)
class DoubleSeasonalParams:
    """The five parameters of double seasonal Holt-Winters with an AR(1) error correction.

    Taylor's (2003) names: ``alpha`` smooths the level, ``gamma`` the trend, ``delta`` the
    within-day (short) season, ``omega`` the within-week (long) season, and ``phi`` is the
    AR(1) coefficient of the one-step errors. Each must be in [0, 1]. (R's ``forecast::dshw``
    calls the same five ``alpha, beta, gamma, omega, phi``: its ``beta`` is the trend and its
    ``gamma`` the short season.)

    Example:
        >>> DoubleSeasonalParams(0.1, 0.0, 0.2, 0.2, 0.9).phi
        0.9
        >>> DoubleSeasonalParams(0.1, 0.0, 1.5, 0.2, 0.9)
        Traceback (most recent call last):
        ...
        ValueError: delta must be a number >= 0 and <= 1, got 1.5. Every parameter of double \
seasonal Holt-Winters is a weight between 0 and 1.
    """

    alpha: float
    gamma: float
    delta: float
    omega: float
    phi: float

    def __post_init__(self) -> None:
        fix = "Every parameter of double seasonal Holt-Winters is a weight between 0 and 1."
        for name in ("alpha", "gamma", "delta", "omega", "phi"):
            value = real_number(getattr(self, name), name, at_least=0.0, at_most=1.0, fix=fix)
            object.__setattr__(self, name, value)

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        """``(alpha, gamma, delta, omega, phi)``."""
        return (self.alpha, self.gamma, self.delta, self.omega, self.phi)


@dataclass(frozen=True)
class DoubleSeasonalFit:
    """What :func:`fit_double_seasonal` returns; pass it to :func:`forecast_double_seasonal`.

    Attributes:
        params: the five parameters (estimated, or the ones given).
        s1: the short (daily) season, in steps.
        s2: the long (weekly) season, in steps; a whole number of short seasons.
        n_fit: how many values of the series the parameters were estimated on.
        sse: the sum of squared AR-corrected one-step errors over those ``n_fit`` values, in the
            series' units squared: the quantity the estimation minimises.
        evaluations: how many times the recursion ran while estimating (0 for given params).
        estimated: ``False`` when the parameters were given rather than estimated.
    """

    params: DoubleSeasonalParams
    s1: int
    s2: int
    n_fit: int
    sse: float
    evaluations: int
    estimated: bool

    @property
    def rmse(self) -> float:
        """The root mean of ``sse``: the in-sample one-step error, in the series' units."""
        return math.sqrt(self.sse / self.n_fit)


def _seasons(s1: object, s2: object) -> tuple[int, int]:
    s1 = whole_number(s1, "s1", fix="s1 is the short season in steps, e.g. 48 half-hours a day.")
    s2 = whole_number(s2, "s2", fix="s2 is the long season in steps, e.g. 336 half-hours a week.")
    if s2 <= s1 or s2 % s1:
        raise ValueError(
            f"s2 must be a whole number of short seasons longer than one (s2 = k * s1, k >= 2), "
            f"got s1={s1}, s2={s2}. For half-hours use s1=48, s2=336; for 2-hourly means "
            "s1=12, s2=84."
        )
    return s1, s2


def _demand_series(y: Any, name: str, s2: int) -> np.ndarray:
    """``y`` as a new 1-D float64 array of positive finite values covering two long seasons."""
    values = one_series(y, name, fix="Pass one series, e.g. demand.values.")
    if not np.issubdtype(values.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {values.dtype}")
    values = np.array(values, dtype=np.float64)  # a copy: the caller's array is never touched
    finite(values, name, fix="Fill or cut the gaps first: the recursion needs every step.")
    if np.any(values <= 0):
        first = int(np.argmax(values <= 0))
        raise ValueError(
            f"{name} must be positive (the seasons are multiplicative), but it holds "
            f"{int(np.sum(values <= 0))} value(s) <= 0, the first at index {first} "
            f"({values[first]!r}). Use a series of levels such as demand in MW, not "
            "differences or scaled values centred on 0."
        )
    if len(values) < 2 * s2:
        raise ValueError(
            f"{name} has {len(values)} values but the initial states are estimated from the "
            f"first two long seasons, 2 * s2 = {2 * s2} values. Pass a longer series (for "
            "half-hourly demand, at least two weeks)."
        )
    return values


def _initial_states(
    y: np.ndarray, s1: int, s2: int
) -> tuple[float, float, list[float], list[float]]:
    """Level and trend just before the first value, and one short and one long season of indices.

    Our own simple scheme from the first two long seasons (two weeks): the trend is the change
    of the weekly mean over one week; the level line through the first week's mean at its
    middle gives a ratio ``y / line`` per step; a daily index is the mean ratio at each step of
    the day, a weekly index the mean of ``ratio / daily index`` at each step of the week, each
    scaled to average 1. Returns ``(level, trend, daily, weekly)``, the level at step -1.
    """
    first, second = y[:s2].mean(), y[s2 : 2 * s2].mean()
    trend = (second - first) / s2
    line = first + (np.arange(2 * s2) - (s2 - 1) / 2) * trend
    ratio = y[: 2 * s2] / line
    daily = ratio.reshape(-1, s1).mean(axis=0)
    daily /= daily.mean()
    weekly = (ratio / np.tile(daily, 2 * s2 // s1)).reshape(2, s2).mean(axis=0)
    weekly /= weekly.mean()
    level = first - (s2 + 1) / 2 * trend
    return float(level), float(trend), daily.tolist(), weekly.tolist()


def _recursion(
    y: list[float], smoothing: tuple[float, float, float, float], s1: int, s2: int
) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """Run Taylor's (2003) updates through ``y`` (a plain list, for speed).

    Returns ``(level, trend, daily, weekly, error)``: ``level[t]`` and ``trend[t]`` after step
    ``t``; ``daily[t + s1]`` the daily index set at step ``t`` (``daily[:s1]`` the initial
    ones), so ``daily[t]`` is the index of ``t - s1`` that the forecast of step ``t`` uses; the
    same for ``weekly`` with ``s2``; ``error[t]`` the one-step error of the uncorrected forecast.
    """
    alpha, gamma, delta, omega = smoothing
    level, trend, daily0, weekly0 = _initial_states(np.asarray(y[: 2 * s2]), s1, s2)
    n = len(y)
    daily = daily0 + [0.0] * n
    weekly = weekly0 + [0.0] * n
    levels, trends, errors = [0.0] * n, [0.0] * n, [0.0] * n
    for t in range(n):
        value, d, w = y[t], daily[t], weekly[t]
        errors[t] = value - (level + trend) * d * w
        new_level = alpha * value / (d * w) + (1 - alpha) * (level + trend)
        trend = gamma * (new_level - level) + (1 - gamma) * trend
        daily[t + s1] = delta * value / (new_level * w) + (1 - delta) * d
        weekly[t + s2] = omega * value / (new_level * d) + (1 - omega) * w
        level = new_level
        levels[t], trends[t] = level, trend
    return levels, trends, daily, weekly, errors


def _corrected_sse(errors: np.ndarray, phi: float | None) -> tuple[float, float]:
    """Sum of squares of ``e[t] - phi * e[t - 1]`` (``e[-1] = 0``), and the ``phi`` used.

    With ``phi=None`` it is the least-squares ``phi``, clipped to [0, 1]: the errors do not depend
    on ``phi``, so it can be solved for exactly instead of searched for.
    """
    previous, current = errors[:-1], errors[1:]
    if phi is None:
        denominator = float(previous @ previous)
        phi = min(1.0, max(0.0, float(current @ previous) / denominator)) if denominator else 0.0
    residual = current - phi * previous
    return float(errors[0] ** 2 + residual @ residual), phi


def _unit(z: np.ndarray) -> np.ndarray:
    """Fold real numbers into [0, 1] (a triangle wave): 0 and 1 are reachable, nothing is flat."""
    return 1.0 - np.abs(1.0 - np.mod(z, 2.0))


def fit_double_seasonal(
    y_fit: Any,
    s1: int = 48,
    s2: int = 336,
    *,
    params: DoubleSeasonalParams | None = None,
    max_evaluations: int = 400,
) -> DoubleSeasonalFit:
    """Estimate Taylor's (2003) double seasonal Holt-Winters with AR(1) error correction.

    Written out here because no common Python library has the double seasonal method with its
    AR(1) term (R's ``forecast::dshw`` does); only the search is SciPy's.

    The method (Taylor 2003, J. Oper. Res. Soc. 54:799-805) has an additive trend and two
    multiplicative seasons, a daily one ``d`` of ``s1`` steps and a weekly one ``w`` of ``s2``.
    After each value ``y[t]``:

    * level ``l[t] = alpha * y[t] / (d[t-s1] * w[t-s2]) + (1 - alpha) * (l[t-1] + b[t-1])``
    * trend ``b[t] = gamma * (l[t] - l[t-1]) + (1 - gamma) * b[t-1]``
    * daily ``d[t] = delta * y[t] / (l[t] * w[t-s2]) + (1 - delta) * d[t-s1]``
    * weekly ``w[t] = omega * y[t] / (l[t] * d[t-s1]) + (1 - omega) * w[t-s2]``

    The forecast from ``t`` for ``k`` steps ahead is ``(l[t] + k * b[t]) * d[t-s1+k] *
    w[t-s2+k]`` plus ``phi**k * e[t]``, where ``e[t] = y[t] - (l[t-1] + b[t-1]) * d[t-s1] *
    w[t-s2]`` is the last one-step error of the uncorrected forecast: the AR(1) correction.

    The four smoothing weights are estimated by minimising the sum of squared corrected
    one-step errors ``e[t] - phi * e[t-1]`` over ``y_fit`` (SciPy's Nelder-Mead simplex, each
    weight folded into [0, 1]); for each candidate the best ``phi`` has a closed form (least
    squares, clipped to [0, 1]), so only four numbers are searched. The initial states come
    from the first two weeks (``2 * s2`` values) by a simple ratio-to-trend-line scheme of
    this course's own, and the recursion then runs from the first value.

    Args:
        y_fit: the estimation part of the series, positive values, at least ``2 * s2`` of them.
            It is copied, never modified.
        s1: the short (daily) season in steps (48 for half-hours, 12 for 2-hourly means).
        s2: the long (weekly) season in steps, a multiple of ``s1`` (336, or 84).
        params: give the five parameters (e.g. published ones) to skip the estimation: the
            result then only records them and their ``sse`` on ``y_fit``.
        max_evaluations: a cap on how many times the recursion runs while estimating (SciPy
            finishes the simplex step it is in, so a few more runs are possible).

    Returns:
        A :class:`DoubleSeasonalFit`; forecast with :func:`forecast_double_seasonal`.

    Example:
        >>> t = np.arange(4 * 12)                       # four "weeks" of 3 "days" of 4 steps
        >>> day, week = np.array([0.8, 1.2, 1.1, 0.9]), np.repeat([1.1, 1.0, 0.9], 4)
        >>> y = (100 + 0.1 * t) * day[t % 4] * week[t % 12]
        >>> fit = fit_double_seasonal(y, s1=4, s2=12)
        >>> fit.n_fit, fit.estimated, fit.rmse < 0.5
        (48, True, True)
    """
    s1, s2 = _seasons(s1, s2)
    values = _demand_series(y_fit, "y_fit", s2)
    series = values.tolist()
    if params is not None:
        if not isinstance(params, DoubleSeasonalParams):
            raise TypeError(
                "params must be a DoubleSeasonalParams(alpha, gamma, delta, omega, phi), got "
                f"{type(params).__name__}; or leave it out to estimate the parameters."
            )
        errors = np.asarray(_recursion(series, params.as_tuple()[:4], s1, s2)[4])
        sse, _ = _corrected_sse(errors, params.phi)
        return DoubleSeasonalFit(params, s1, s2, len(values), sse, 0, estimated=False)
    max_evaluations = whole_number(max_evaluations, "max_evaluations", minimum=10)

    def objective(z: np.ndarray) -> float:
        try:
            errors = np.asarray(_recursion(series, tuple(_unit(z)), s1, s2)[4])
        except ZeroDivisionError:  # a state reached 0 for these weights: reject them
            return math.inf
        sse = _corrected_sse(errors, None)[0]
        return sse if math.isfinite(sse) else math.inf

    start = np.array([0.1, 0.01, 0.1, 0.1])
    simplex = np.vstack([start, start + 0.1 * np.eye(len(start))])  # a step of 0.1 per weight
    scale = objective(start)  # stop once the simplex's values agree to 1e-7 of this
    result = optimize.minimize(
        objective,
        start,
        method="Nelder-Mead",
        options={
            "initial_simplex": simplex,
            "maxfev": max_evaluations - 2,  # two more runs: the scale above, the final one
            "xatol": 1e-4,
            "fatol": 1e-7 * scale if math.isfinite(scale) else 1e-7,
        },
    )
    calls = int(result.nfev) + 2
    alpha, gamma, delta, omega = (float(v) for v in _unit(result.x))
    errors = np.asarray(_recursion(series, (alpha, gamma, delta, omega), s1, s2)[4])
    sse, phi = _corrected_sse(errors, None)
    fitted = DoubleSeasonalParams(alpha, gamma, delta, omega, phi)
    return DoubleSeasonalFit(fitted, s1, s2, len(values), sse, calls, estimated=True)


def forecast_double_seasonal(
    y: Any, fit: DoubleSeasonalFit, origins: Any, horizon: int | None = None
) -> np.ndarray:
    """Forecast ``y[o : o + horizon]`` from every origin ``o``, with the fitted parameters fixed.

    One pass of the recursion through ``y`` (from its first value, with the same initial
    states as the fit), then every origin at once: the forecast from origin ``o`` uses only
    ``y[:o]``, so test origins never see their targets, and the states keep adapting to new
    data as in Taylor's (2003) post-sample evaluation; only the parameters stay fixed.

    Args:
        y: the whole series, starting where ``y_fit`` started (the estimation part and what
            follows it). It is copied, never modified.
        fit: from :func:`fit_double_seasonal`.
        origins: one origin or a 1-D sequence of them, each the number of values seen,
            ``1 <= o <= len(y)`` (``o = len(y)`` forecasts past the end of ``y``).
        horizon: how many steps ahead, ``1 .. fit.s1`` (default a whole short season).

    Returns:
        ``(len(origins), horizon)`` forecasts; column ``k - 1`` is the lead ``k``. The matching
        truth is ``y[np.add.outer(origins, np.arange(horizon))]`` when it exists.

    Example:
        >>> from tutorial_utils.evaluate import mape
        >>> t = np.arange(6 * 12)
        >>> day, week = np.array([0.8, 1.2, 1.1, 0.9]), np.repeat([1.1, 1.0, 0.9], 4)
        >>> y = (100 + 0.1 * t) * day[t % 4] * week[t % 12]
        >>> fit = fit_double_seasonal(y[:48], s1=4, s2=12)
        >>> origins = np.arange(48, 69)
        >>> pred = forecast_double_seasonal(y, fit, origins, horizon=4)
        >>> pred.shape, mape(y[np.add.outer(origins, np.arange(4))], pred) < 0.5
        ((21, 4), True)
    """
    if not isinstance(fit, DoubleSeasonalFit):
        raise TypeError(
            f"fit must be what fit_double_seasonal returns, got {type(fit).__name__}. For given "
            "parameters: fit_double_seasonal(y_fit, s1, s2, params=DoubleSeasonalParams(...))."
        )
    s1, s2 = fit.s1, fit.s2
    values = _demand_series(y, "y", s2)
    horizon = s1 if horizon is None else whole_number(horizon, "horizon")
    if horizon > s1:
        raise ValueError(
            f"horizon must be at most one short season, s1={s1} steps, got {horizon}: the "
            "forecast reads the daily index of the last day seen. Forecast a day at a time."
        )
    at = np.atleast_1d(np.asarray(origins))
    if at.ndim != 1 or at.size == 0 or not np.issubdtype(at.dtype, np.integer):
        raise ValueError(
            f"origins must be one whole number or a non-empty 1-D sequence of them, got "
            f"{at.size} value(s) of dtype {at.dtype} in shape {at.shape}; e.g. "
            "np.arange(2688, 3985) for every half-hour of the last four weeks."
        )
    if at.min() < 1 or at.max() > len(values):
        raise ValueError(
            f"every origin must be in 1..{len(values)} (the number of values of y seen), got "
            f"origins from {int(at.min())} to {int(at.max())}."
        )
    p = fit.params
    seen = values[: int(at.max())].tolist()
    levels, trends, daily, weekly, errors = (
        np.asarray(part) for part in _recursion(seen, p.as_tuple()[:4], s1, s2)
    )
    last = at - 1  # the step each forecast is made after
    leads = np.arange(1, horizon + 1)
    future = last[:, np.newaxis] + leads  # daily[t + k] is the index of step t - s1 + k
    base = (levels[last, np.newaxis] + leads * trends[last, np.newaxis]) * daily[future]
    return base * weekly[future] + p.phi**leads * errors[last, np.newaxis]
