"""Checks for the exercises of notebook 04 (see ``_common.exercise`` for what all share).

Example:
    >>> check_04_diagnosis({"A": ..., "B": ..., "C": ..., "D": ..., "E": ...})
    Not yet: replace ... with a pitfall number from 1 to 5, for every symptom.
    False
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tutorial_utils.exercises._common import Verdict, as_whole_number, correct, exercise, not_yet

PITFALL_SYMPTOMS_04 = {
    "A": (
        "model.predict(X) with X of shape (625, 336, 1) fails inside TimeDistributed with "
        "'Negative dimension size caused by subtracting 3 from 1', and the arguments show "
        "inputs=tf.Tensor(shape=(32, 336, 1, 1))."
    ),
    "B": (
        "Building the model fails: 'Input 0 with name 'None' of layer 'lstm' is incompatible "
        "with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 2576)'."
    ),
    "C": (
        "Training runs without an error and the loss goes down, but "
        "windows.check_time_order(X, X4) raises, and one nested window, read back in order, "
        "jumps about where the original window is smooth."
    ),
    "D": (
        "A plain LSTM with fewer parameters reaches the same validation MAE as the CNN-LSTM, "
        "or a better one."
    ),
    "E": (
        "A hand-made detector finds a spike pair at steps 2 and 4 of a 4 x 8 window but "
        "misses the same pair at steps 7 and 9."
    ),
}
"""Five symptoms for exercise 3 of notebook 04: which pitfall (1-5) causes each?"""

_SYMPTOM_HINTS_04 = {
    "A": "look at the shape in the arguments: how many axes did the array have before "
    "Keras added one, and how many does the model expect?",
    "B": "ndim=2 means the LSTM received (batch, features) with no time axis: which pitfall "
    "is about a layer that removes the outer time axis?",
    "C": "no error at all, the right shape, the wrong order: which pitfall is about a reshape "
    "that changes what the sequence means?",
    "D": "nothing is broken here; which pitfall is about using the architecture where it is "
    "not needed?",
    "E": "step 7 and step 9 lie in different subsequences (n_steps = 8): which pitfall is about "
    "what the wrapped layer can see?",
}

_ANSWERS_04 = {"A": 1, "B": 5, "C": 3, "D": 4, "E": 2}


@exercise("replace {} with your nested array.", arrays=("X4", "X"), whole=("n_seq",))
def check_04_nesting(X4: np.ndarray, X: np.ndarray, n_seq: int = 4) -> Verdict:
    """Exercise 04.1: nest the plain windows ``X`` for a model with ``n_seq`` subsequences.

    Answer: ``X4``, the nested array. Right when it has shape
    ``(samples, n_seq, window // n_seq, n_features)`` and keeps the time order of ``X``
    (step ``j * n_steps + k`` of each window at ``[j, k]``).
    """
    if X.ndim != 3:
        return not_yet(f"X should be the plain windows (3-D); got shape {X.shape}.")
    samples, window, n_features = X.shape
    want = (samples, n_seq, window // n_seq, n_features)
    if X4.shape != want:
        return not_yet(
            f"X4 has shape {X4.shape}; the model needs (samples, n_seq, n_steps, n_features) "
            f"with n_seq={n_seq} and as many samples and features as X has.",
        )
    right = X.reshape(want)
    if not np.array_equal(X4, right):
        return not_yet(
            "the shape is right but the time steps are out of order: a transpose, swapaxes or "
            "order='F' moves them. Read X4[0, 0, :, 0] and X4[0, 1, :, 0]: do they continue "
            "each other?",
        )
    return correct(f"shape {X4.shape}, and every subsequence holds consecutive steps in order.")


@exercise("replace {} with your repaired model.")
def check_04_fixed_model(model: Any) -> Verdict:
    """Exercise 04.2: repair the model that flattened away the outer time axis.

    Answer: the repaired Keras model. Right when it takes ``(4, 8, 1)``, outputs one value
    per sample, and its LSTM receives a 3-D sequence ``(batch, 4, features)``: one feature
    vector per subsequence.
    """
    try:
        inputs = tuple(model.inputs[0].shape)
        outputs = tuple(model.outputs[0].shape)
        lstms = [layer for layer in model.layers if type(layer).__name__ == "LSTM"]
    except (AttributeError, ValueError, IndexError):
        return not_yet("pass a built Keras model that starts with keras.Input(shape=(4, 8, 1)).")
    if inputs != (None, 4, 8, 1):
        return not_yet(f"the model should take (4, 8, 1) per sample; it takes {inputs[1:]}.")
    if len(lstms) != 1:
        return not_yet(f"keep exactly one LSTM layer; the model has {len(lstms)}.")
    seen = tuple(lstms[0].input.shape)
    if len(seen) != 3 or seen[1] != 4:
        return not_yet(
            f"the LSTM receives {seen}; it needs (batch, 4, features): one vector per "
            "subsequence. Which layer merges the 4 subsequences together, and how do you make "
            "it act on each subsequence separately?",
        )
    if outputs != (None, 1):
        return not_yet(f"the model should output (batch, 1); it outputs {outputs}.")
    return correct(
        f"the LSTM now reads a sequence of shape {seen[1:]}: 4 steps, one per subsequence."
    )


@exercise("replace {} with a pitfall number from 1 to 5, for every symptom.")
def check_04_diagnosis(answers: dict[str, int]) -> Verdict:
    """Exercise 04.3: match each symptom in :data:`PITFALL_SYMPTOMS_04` to its pitfall.

    Answer: a dict mapping each letter ``"A"`` … ``"E"`` to a pitfall number 1-5.
    """
    if not isinstance(answers, dict) or set(answers) != set(_ANSWERS_04):
        return not_yet(
            f"answer with a dict with the keys {sorted(_ANSWERS_04)}, e.g. {{'A': 1, ...}}."
        )
    numbers = {key: as_whole_number(value) for key, value in answers.items()}
    if any(number is None for number in numbers.values()):
        return not_yet("give each symptom one pitfall number, a whole number from 1 to 5.")
    wrong = [key for key in sorted(_ANSWERS_04) if numbers[key] != _ANSWERS_04[key]]
    if wrong:
        first = wrong[0]
        return not_yet(
            f"{len(wrong)} of 5 not matched yet. Symptom {first}: {_SYMPTOM_HINTS_04[first]}",
        )
    return correct("all five symptoms matched to their pitfall.")


@exercise("replace {} with your n_seq, a whole number.", whole=("n_seq",))
def check_04_border_n_seq(
    n_seq: int, window: int = 96, ramps: tuple = ((12, 20), (60, 68))
) -> Verdict:
    """Exercise 04.4: pick ``n_seq`` so no subsequence border cuts a ramp.

    Answer: ``n_seq``, a whole number. The window of ``window`` half-hours starts at
    midnight; each ramp ``(start, stop)`` is the run of steps ``start .. stop - 1``. Right
    when ``n_seq`` divides the window, no border (a multiple of ``n_steps``) falls strictly
    inside a ramp, ``n_steps`` is at least 4 (the reference Conv1D and pooling need 4
    steps), and no larger ``n_seq`` would do the same (shorter subsequences give the LSTM
    more steps to read).
    """
    if n_seq < 1:
        return not_yet(f"n_seq is a whole number >= 1; got {n_seq!r}.")

    def cut(n: int) -> int | None:
        step = window // n
        for start, stop in ramps:
            for border in range(step, window, step):
                if start < border < stop:
                    return border
        return None

    good = [n for n in range(1, window + 1) if window % n == 0 and window // n >= 4 and not cut(n)]
    if window % n_seq:
        return not_yet(f"n_seq={n_seq} does not divide the window of {window} steps.")
    if window // n_seq < 4:
        return not_yet(f"n_steps = {window // n_seq} is too short for Conv1D(3) then pooling(2).")
    border = cut(n_seq)
    if border is not None:
        return not_yet(
            f"with n_seq={n_seq}, n_steps={window // n_seq} and a border falls at step {border}, "
            "inside a ramp: the CNN sees the two halves of it separately.",
        )
    if n_seq != max(good):
        return not_yet(
            f"n_seq={n_seq} keeps every ramp whole, but a larger n_seq does too: try shorter "
            "subsequences.",
        )
    return correct(f"n_seq={n_seq}, n_steps={window // n_seq}: every border falls between ramps.")
