"""What every lesson's checks share: the :func:`exercise` decorator and the answer helpers.

A check is written as a plain function that returns :func:`correct` or :func:`not_yet` and
is decorated with :func:`exercise`, which owns the rules every check must keep:

* **blank answers**: ``None`` and ``...`` (also inside a list, tuple or dict) get the lesson's
  "replace ... with ..." hint before the check runs;
* **whole numbers**: the arguments named in ``whole`` arrive as ``int`` (``8``, ``8.0`` and
  ``np.int64(8)`` all count; ``True``, ``8.5`` and ``"8"`` get a hint);
* **arrays**: the arguments named in ``arrays`` arrive as ``float64`` arrays of finite numbers
  (lists count; text, ragged lists and NaN get a hint);
* **the verdict**: one line, ``Correct: ...`` or ``Not yet: <hint>``, and a ``bool`` result;
* **never raising**: a wrong call or an answer the check did not foresee gets a hint, not a
  traceback.

Example:
    >>> @exercise("replace {} with your answer, a whole number.", whole=("answer",))
    ... def check_99_days_per_week(answer: int) -> Verdict:
    ...     '''Exercise 99.1: how many days a week has.'''
    ...     return correct("seven.") if answer == 7 else not_yet("count them again.")
    >>> check_99_days_per_week(7.0)
    Correct: seven.
    True
    >>> check_99_days_per_week(None)
    Not yet: replace None with your answer, a whole number.
    False
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tutorial_utils import data, windows

UNREADABLE = "this check could not read your answer"
"""The start of the hint for an answer no check foresaw (a test makes sure none reaches it)."""


@dataclass(frozen=True)
class Verdict:
    """What a check's body returns; :func:`exercise` prints it and returns ``ok``."""

    ok: bool
    message: str


def correct(message: str) -> Verdict:
    """The answer is right; ``message`` says why (it may state the answer)."""
    return Verdict(True, message)


def not_yet(hint: str) -> Verdict:
    """The answer is not right yet; ``hint`` points at the mistake without the answer."""
    return Verdict(False, hint)


def is_blank(answer: object) -> bool:
    """``None`` or ``...``, or a list, tuple or dict that still holds one."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, dict):
        answer = list(answer.values())
    if isinstance(answer, list | tuple):
        return any(item is None or item is Ellipsis for item in answer)
    return False


def _say(verdict: Verdict) -> bool:
    text = " ".join(verdict.message.split())  # always one line
    print(f"{'Correct' if verdict.ok else 'Not yet'}: {text}")
    return verdict.ok


def exercise(
    blank: str,
    *,
    answers: int = 1,
    whole: Sequence[str] = (),
    arrays: Sequence[str] = (),
) -> Callable[[Callable[..., Verdict]], Callable[..., bool]]:
    """Turn a function returning a :class:`Verdict` into a check that prints it, never raises.

    Args:
        blank: the hint for a blank answer; ``{}`` becomes ``None`` or ``...``, whichever the
            learner left, e.g. ``"replace {} with your answer, a whole number."``.
        answers: how many leading parameters are the learner's answers (checked for blanks).
        whole: parameters coerced to ``int`` (see :func:`as_whole_number`).
        arrays: parameters coerced to ``float64`` arrays (see :func:`numeric_array`).

    The decorated check keeps its name, signature and docstring, and carries
    ``answer_names``, the names of its answer parameters.
    """

    def decorate(body: Callable[..., Verdict]) -> Callable[..., bool]:
        signature = inspect.signature(body)
        answer_names = tuple(signature.parameters)[:answers]
        usage = ", ".join(
            str(p.replace(annotation=inspect.Parameter.empty))
            for p in signature.parameters.values()
        )

        def label(name: str) -> str:
            return "your answer" if answer_names == (name,) else name

        def judge(args: tuple, kwargs: dict) -> Verdict:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                return not_yet(f"call it as {body.__name__}({usage}).")
            bound.apply_defaults()
            given = bound.arguments
            for name in answer_names:
                if is_blank(given[name]):
                    return not_yet(blank.format("None" if given[name] is None else "..."))
            for name in whole:
                number = as_whole_number(given[name])
                if number is None:
                    return not_yet(
                        f"{label(name)} should be a whole number, not {kind(given[name])}."
                    )
                given[name] = number
            for name in arrays:
                array = numeric_array(given[name])
                if array is None:
                    return not_yet(
                        f"{label(name)} should be an array of finite numbers, not "
                        f"{kind(given[name])}."
                    )
                given[name] = array
            return body(*bound.args, **bound.kwargs)

        @functools.wraps(body)
        def check(*args: object, **kwargs: object) -> bool:
            try:
                verdict = judge(args, kwargs)
                if not isinstance(verdict, Verdict):
                    raise TypeError(f"{body.__name__} returned {kind(verdict)}, not a Verdict")
            except Exception as err:  # the promise to learners: a hint, never a traceback
                verdict = not_yet(
                    f"{UNREADABLE} ({type(err).__name__}: {err}). Compare its type and shape "
                    "with what the exercise asks for."
                )
            return _say(verdict)

        check.__annotations__ = {**body.__annotations__, "return": "bool"}
        check.answer_names = answer_names  # type: ignore[attr-defined]
        return check

    return decorate


def numeric_array(answer: object) -> np.ndarray | None:
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


def kind(answer: object) -> str:
    """``'an int'``, ``'a list'``: what the learner passed, for a hint."""
    name = type(answer).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def as_whole_number(answer: object) -> int | None:
    """``answer`` as an ``int`` if it is a whole number (``8``, ``8.0``, ``np.int64(8)``)."""
    if isinstance(answer, bool | np.bool_):
        return None
    if isinstance(answer, int | np.integer):
        return int(answer)
    if isinstance(answer, float | np.floating) and float(answer).is_integer():
        return int(answer)
    return None


@lru_cache(maxsize=1)
def demand_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The demand series split as the lessons split it (train, validation, test)."""
    return windows.split_series(data.load_series("electricity_demand").values)


@lru_cache(maxsize=1)
def weather_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The weather series split as the lessons split it (train, validation, test)."""
    return windows.split_series(data.load_series("weather_greensboro").values)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and the same values up to float32 rounding."""
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-4, atol=1e-4)
