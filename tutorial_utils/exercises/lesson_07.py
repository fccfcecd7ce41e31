"""Checks for the exercises of notebook 07 (see ``_common.exercise`` for what all share).

Example:
    >>> check_07_patch_count(...)
    Not yet: replace ... with your answer, a whole number.
    False
"""

from __future__ import annotations

import numpy as np

from tutorial_utils.exercises._common import Verdict, correct, exercise, kind, not_yet

KERNEL_07: np.ndarray = np.random.default_rng(7).normal(size=(3, 2, 8)).round(3).astype(np.float32)
"""Exercise 07.2: the kernel ``(kernel_size, n_features, filters)`` of a
``TimeDistributed(Conv1D(8, 3))`` on two features."""


@exercise("replace {} with your answer, a whole number.", whole=("straddling",))
def check_07_border_windows(straddling: int) -> Verdict:
    """Exercise 07.1: output positions of a plain Conv1D (kernel 5) over a week of 7 × 48 steps
    that straddle a day border.

    Answer: a whole number of positions.

    Example:
        >>> check_07_border_windows(6)
        Not yet: 6 is the number ...
        False
    """
    value = straddling
    plain, wrapped, borders = 336 - 5 + 1, 7 * (48 - 5 + 1), 6
    if value == plain - wrapped:
        return correct(
            "the plain Conv1D has 336 - 4 = 332 positions, the wrapped one 7 × 44 = 308; the "
            "24 others are the kernel_size - 1 = 4 positions across each of the 6 borders."
        )
    if value == borders:
        return not_yet(
            f"{value} is the number of borders in a week; how many kernel positions cross each "
            "one? Hint: a kernel of 3 gave 2 per border in section 1."
        )
    if value in (plain, wrapped):
        return not_yet(
            f"{value} is how many positions one of the two layers produces in all; the answer "
            "is the difference between the two counts."
        )
    return not_yet(
        f"{value} is not it. Count the plain Conv1D's positions over 336 steps, the wrapped "
        "one's over 7 days of 48 steps (window length - kernel_size + 1 each), and subtract."
    )


@exercise("replace {} with a NumPy array built from exercises.KERNEL_07.", arrays=("kernel2d",))
def check_07_conv2d_kernel(kernel2d: np.ndarray) -> Verdict:
    """Exercise 07.2: the ``Conv2D(8, (1, 3))`` kernel that matches :data:`KERNEL_07`.

    Answer: a NumPy array.

    Example:
        >>> check_07_conv2d_kernel(KERNEL_07)
        Not yet: your kernel has shape ...
        False
    """
    array = kernel2d
    wanted = (1, *KERNEL_07.shape)
    if array.shape == KERNEL_07.shape:
        return not_yet(
            f"your kernel has shape {array.shape}, which a Conv1D takes. A Conv2D kernel has "
            "four axes: (kernel rows, kernel columns, channels in, filters)."
        )
    if array.shape != wanted:
        return not_yet(
            f"your kernel has shape {array.shape}. The Conv2D's kernel is (1, 3) over 2 "
            "channels with 8 filters; which axis of length 1 is new?"
        )
    if not np.allclose(array, KERNEL_07[np.newaxis], atol=1e-6):
        return not_yet(
            "the shape is right but the numbers are not the Conv1D's, or are in another order. "
            "Add an axis, do not transpose or reshape the others."
        )
    return correct(
        "a kernel one row high: the same numbers with a new leading axis (kernel[np.newaxis]), "
        "so the Conv2D slides along each subsequence and never across two."
    )


@exercise(
    "replace each {} with your answer: a tuple and a whole number.",
    answers=2,
    whole=("n_weights",),
)
def check_07_kernel_shape(kernel_shape: object, n_weights: int) -> Verdict:
    """Exercise 07.3: the kernel shape and weight count of ``TimeDistributed(Conv1D(32, 5))`` on
    ``(7, 24, 3)``.

    Answer: the kernel shape (a tuple) and the number of weights (a whole number).

    Example:
        >>> check_07_kernel_shape((5, 3, 32), 480)
        Not yet: the kernel shape is ...
        False
    """
    try:
        shape = tuple(int(d) for d in kernel_shape)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return not_yet(
            f"give the kernel shape as a tuple of whole numbers, not {kind(kernel_shape)}."
        )
    count = n_weights
    if len(shape) == 4:
        return not_yet(
            "a Conv1D kernel has three axes; TimeDistributed adds no weights and no axis to it."
        )
    if sorted(shape) == [3, 5, 32] and shape != (5, 3, 32):
        return not_yet(
            "the numbers are right but not their order: Keras orders a Conv1D kernel "
            "(kernel_size, channels in, filters)."
        )
    if shape != (5, 3, 32):
        return not_yet(
            f"{shape} is not it. Which of (7, 24, 3) does one Conv1D step see, and which "
            "number is the same for every subsequence?"
        )
    if count == 5 * 3 * 32:
        return not_yet(
            "the kernel shape is right; the layer has one more kind of weight than the kernel. "
            "Hint: what does every filter add after its products?"
        )
    if count != 5 * 3 * 32 + 32:
        return not_yet(
            f"the kernel shape is right but {count} weights is not: multiply out the kernel, "
            "then add the bias."
        )
    return correct(
        "kernel (5, 3, 32) = kernel_size × n_features × filters, plus 32 biases: 512 weights, "
        "shared by all 7 days. n_steps and n_seq do not appear."
    )


@exercise("replace {} with your answer, a whole number.", whole=("n_patches",))
def check_07_patch_count(n_patches: int) -> Verdict:
    """Exercise 07.4: patches of length 16, stride 8, in a window of 336 steps, no padding.

    Answer: a whole number of patches.

    Example:
        >>> check_07_patch_count(42)
        Not yet: 42 counts a patch ...
        False
    """
    value = n_patches
    right = (336 - 16) // 8 + 1
    if value == right:
        return correct(
            "patches start at 0, 8, ..., 320 = 336 - 16: (336 - 16) / 8 + 1 = 41. Neighbouring "
            "patches share 8 steps, unlike the course's 7 days, which share none."
        )
    if value == right + 1:
        return not_yet(
            f"{value} counts a patch that would run past the end of the window. The last patch "
            "must start at 336 - 16 or earlier."
        )
    if value in (336 // 8, 336 // 16):
        return not_yet(
            f"{value} divides the window by one length, but a patch starts every 8 steps and "
            "must end inside the window: count the possible starts."
        )
    return not_yet(
        f"{value} is not it. List the start of each patch: 0, 8, 16, ... up to the last start "
        "that leaves room for 16 steps."
    )
