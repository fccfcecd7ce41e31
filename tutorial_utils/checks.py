"""Argument checks shared by every module: one rule, one wording.

The rule: an argument of the wrong *type* raises ``TypeError``; the right type with a wrong
*value* raises ``ValueError``. Every message names the argument, says what was expected and
what was given, and, where there is one, how to fix it.

* :func:`whole_number` - counts and sizes (``window``, ``n_seq``, ``epochs``, ``seed`` ...).
* :func:`real_number` - fractions, rates and other real numbers within bounds.
* :func:`column_index` - which feature column (``target``) of an array to use.
* :func:`one_series` - one value per time step, ``(n,)`` or ``(n, 1)``.
* :func:`finite` - no NaN or infinity in an array of numbers (a memory map is read in chunks).

These check the *arguments* of the package's functions. The learner-facing checks of data
and models (shapes, targets, scalers) are in :mod:`tutorial_utils.shapes`.

NumPy and the standard library only: every other module may import this one.

Example:
    >>> whole_number(np.int64(48), "window")
    48
    >>> whole_number(0, "horizon")
    Traceback (most recent call last):
    ...
    ValueError: horizon must be a whole number >= 1, got 0.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

__all__ = ["column_index", "finite", "one_series", "real_number", "whole_number"]


def _given(value: object) -> str:
    """``"float 4.0"``: the type and a short repr of what was passed, for messages."""
    return f"{type(value).__name__} {value!r:.60}"


def _sentence(text: str, fix: str) -> str:
    return f"{text}. {fix}".rstrip() if fix else f"{text}."


def whole_number(value: object, name: str, *, minimum: int = 1, fix: str = "") -> int:
    """Return ``value`` as an ``int`` if it is a whole number of at least ``minimum``.

    Python and NumPy integers are accepted; ``bool`` is not (``True`` is rarely meant as 1),
    nor is a float such as ``4.0`` (shapes and counts are ints in Keras and NumPy).

    Args:
        value: what the caller passed.
        name: the argument's name, for the message.
        minimum: the smallest allowed value (1 for sizes, 0 for seeds and offsets).
        fix: a sentence appended to the message of either error.

    Raises:
        TypeError: ``value`` is not an integer.
        ValueError: ``value`` is below ``minimum``.

    Example:
        >>> whole_number(4.0, "n_seq")
        Traceback (most recent call last):
        ...
        TypeError: n_seq must be a whole number (an int), got float 4.0. Write 4, without the \
decimal point.
        >>> whole_number(-1, "seed", minimum=0, fix="Seeds are 0, 1, 2, ...")
        Traceback (most recent call last):
        ...
        ValueError: seed must be a whole number >= 0, got -1. Seeds are 0, 1, 2, ...
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, Integral):
        if not fix and isinstance(value, float | np.floating) and float(value).is_integer():
            fix = f"Write {int(value)}, without the decimal point."
        elif not fix and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            fix = f"Pass the number itself, {int(value)}, not text."
        expected = f"{name} must be a whole number (an int)"
        raise TypeError(_sentence(f"{expected}, got {_given(value)}", fix))
    if value < minimum:
        expected = f"{name} must be a whole number >= {minimum}"
        raise ValueError(_sentence(f"{expected}, got {value}", fix))
    return int(value)


def real_number(
    value: object,
    name: str,
    *,
    above: float | None = None,
    at_least: float | None = None,
    below: float | None = None,
    at_most: float | None = None,
    fix: str = "",
) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number within the bounds given.

    ``above``/``below`` are strict bounds, ``at_least``/``at_most`` inclusive ones; leave out
    those that do not apply. Ints are accepted (``1`` is a fine learning rate numerator), ``bool``
    is not.

    Raises:
        TypeError: ``value`` is not a real number.
        ValueError: it is NaN or infinite, or outside the bounds.

    Example:
        >>> real_number(0.7, "train", above=0, below=1)
        0.7
        >>> real_number(1.2, "train", above=0, below=1, fix="Use e.g. train=0.7.")
        Traceback (most recent call last):
        ...
        ValueError: train must be a number > 0 and < 1, got 1.2. Use e.g. train=0.7.
    """
    bounds = [
        f"{op} {bound:g}"
        for op, bound in ((">", above), (">=", at_least), ("<", below), ("<=", at_most))
        if bound is not None
    ]
    expected = f"{name} must be a number" + (f" {' and '.join(bounds)}" if bounds else "")
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        raise TypeError(_sentence(f"{expected}, got {_given(value)}", fix))
    number = float(value)
    if (
        not math.isfinite(number)
        or (above is not None and not number > above)
        or (at_least is not None and not number >= at_least)
        or (below is not None and not number < below)
        or (at_most is not None and not number <= at_most)
    ):
        raise ValueError(_sentence(f"{expected}, got {value!r}", fix))
    return number


def column_index(value: object, n_columns: int, name: str = "target") -> int:
    """Return ``value`` as a column index in ``0 .. n_columns - 1`` (negative counts from the end).

    Raises:
        TypeError: ``value`` is not an integer.
        ValueError: there is no such column.

    Example:
        >>> column_index(-1, 2)
        1
        >>> column_index(2, 2)
        Traceback (most recent call last):
        ...
        ValueError: target=2 is not a column: the data have 2 feature(s), so use target in 0..1.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, Integral):
        raise TypeError(
            f"{name} must be a column index (an int), got {_given(value)}. "
            f"Use 0 for the first feature column."
        )
    if not -n_columns <= value < n_columns:
        raise ValueError(
            f"{name}={value} is not a column: the data have {n_columns} feature(s), so use "
            f"{name} in 0..{n_columns - 1}."
        )
    return int(value) % n_columns


def one_series(values: object, name: str, *, fix: str = "") -> np.ndarray:
    """Return ``values`` as a 1-D array, one value per time step: ``(n,)``, or ``(n, 1)`` flattened.

    Raises:
        ValueError: any other shape (``fix`` says what to pass instead).

    Example:
        >>> one_series([[1.0], [2.0]], "y").tolist()
        [1.0, 2.0]
        >>> one_series(np.zeros((3, 2)), "y", fix="Pass one column, e.g. y[:, 0].")
        Traceback (most recent call last):
        ...
        ValueError: y must be one value per time step, shape (n,) or (n, 1); got shape (3, 2). \
Pass one column, e.g. y[:, 0].
    """
    array = np.asarray(values)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        expected = f"{name} must be one value per time step, shape (n,) or (n, 1)"
        raise ValueError(_sentence(f"{expected}; got shape {array.shape}", fix))
    return array


FINITE_ROWS_AT_A_TIME = 1 << 20
"""How many rows :func:`finite` reads at a time, so a memory-mapped series is never read whole."""


def finite(array: np.ndarray, name: str, *, fix: str = "") -> None:
    """Refuse NaN and infinity in ``array``, naming how many there are and where the first is.

    The one finite-values check of the package (windows, streaming, the learner-facing checks
    and the metrics all call it, each with its own ``fix``). Arrays of integers or booleans
    cannot hold NaN and pass at once. ``array`` is read ``FINITE_ROWS_AT_A_TIME`` rows at a time,
    so a memory map is checked without being loaded whole; it is never modified.

    Raises:
        ValueError: ``array`` contains NaN or infinity (``fix`` says what to do).

    Example:
        >>> finite(np.arange(3.0), "series")  # fine: returns None
        >>> finite(np.array([[1.0, 2.0], [np.nan, np.inf]]), "X", fix="Fill the gaps first.")
        Traceback (most recent call last):
        ...
        ValueError: X contains 2 NaN or infinite value(s) out of 4, the first at index (1, 0). \
Fill the gaps first.
    """
    if array.dtype.kind not in "fc":
        return
    rows = array.reshape(1) if array.ndim == 0 else array
    count, first = 0, None
    for lo in range(0, len(rows), FINITE_ROWS_AT_A_TIME):
        bad = ~np.isfinite(np.asarray(rows[lo : lo + FINITE_ROWS_AT_A_TIME]))
        if bad.any():
            count += int(bad.sum())
            if first is None:
                at = [int(i) for i in np.argwhere(bad)[0]]
                first = (lo + at[0], *at[1:])
    if count:
        text = (
            f"{name} contains {count} NaN or infinite value(s) out of {array.size}, the first "
            f"at index {first}"
        )
        raise ValueError(_sentence(text, fix))
