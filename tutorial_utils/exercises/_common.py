"""What every lesson's checks share: the printed verdict and the coercion of answers."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tutorial_utils import data, windows


def _correct(message: str) -> bool:
    print(f"Correct: {message}")
    return True


def _not_yet(hint: str) -> bool:
    print(f"Not yet: {hint}")
    return False


def _verdict(ok: bool, correct: str, hint: str) -> bool:
    return _correct(correct) if ok else _not_yet(hint)


def _is_placeholder(answer: object) -> bool:
    return answer is None or answer is Ellipsis


def _numeric_array(answer: object) -> np.ndarray | None:
    """``answer`` as a float array, or ``None`` if it is not an array of finite numbers."""
    if isinstance(answer, str | bytes | dict) or callable(answer):
        return None
    try:
        array = np.asarray(answer)
    except (ValueError, TypeError):  # ragged lists and the like
        return None
    if not (np.issubdtype(array.dtype, np.number) and np.isfinite(array).all()):
        return None
    return array.astype(np.float64)


def _kind(answer: object) -> str:
    """``'an int'``, ``'a list'``: what the learner passed, for a hint."""
    name = type(answer).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _whole_number(answer: object) -> int | None:
    if isinstance(answer, bool | np.bool_):
        return None
    if isinstance(answer, int | np.integer):
        return int(answer)
    if isinstance(answer, float | np.floating) and float(answer).is_integer():
        return int(answer)
    return None


@lru_cache(maxsize=1)
def _demand_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return windows.split_series(data.load_series("electricity_demand").values)


@lru_cache(maxsize=1)
def _weather_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return windows.split_series(data.load_series("weather_greensboro").values)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-4, atol=1e-4)
