"""Checks for the exercises of notebook 04b, the error atlas (see ``_common.exercise``).

Example:
    >>> check_04b_broadcast_loss(...)
    Not yet: replace ... with the loss, one number.
    False
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tutorial_utils.exercises._common import (
    Verdict,
    as_whole_number,
    correct,
    exercise,
    not_yet,
    numeric_array,
)

MESSAGES_04B = {
    "A": "ValueError: Creating variables on a non-first call to a function decorated with "
    "tf.function.",
    "B": "ValueError: `TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
    "dimensions, received: (None, 32)",
    "C": "ValueError: Input 0 with name 'None' of layer 'lstm' is incompatible with the layer: "
    "expected ndim=3, found ndim=4. Full shape received: (None, 4, 3, 16)",
    "D": "ValueError: The filename must end in `.weights.h5`. Received: filepath=model.h5",
    "E": "No error, but model.predict returns shape (2, 2, 48) for an input of shape "
    "(2, 5, 8, 1), after an earlier predict on other shapes.",
}
"""Five messages or symptoms for exercise 2 of notebook 04b: which atlas entry explains each?"""

_ENTRIES_04B = {"A": 26, "B": 15, "C": 12, "D": 22, "E": 23}
_HINTS_04B = {
    "A": "the message is about tf.function, not about a shape: it comes from the notebook's "
    "state after something else failed (section D).",
    "B": "(None, 32) is what an LSTM returns when it gives only its last state (section B).",
    "C": "the LSTM got 4 axes: the subsequences were never turned into vectors (section B).",
    "D": "a file name from a Keras 2 recipe (section C).",
    "E": "the outer axis (5) came back as the batch size (2): section C, the open outer axis.",
}

_rng = np.random.default_rng(4)
BROADCAST_04B = (
    np.round(_rng.normal(size=(4, 3)), 1).astype("float32"),
    np.round(_rng.normal(size=(4, 1)), 1).astype("float32"),
)
"""``(y_true, y_pred)`` for exercise 3 of notebook 04b: targets with 3 columns, 1 forecast."""


@exercise("replace {} with your Keras 3 model.")
def check_04b_port(model: Any) -> Verdict:
    """Exercise 04b.1: the Keras 2 recipe ported to Keras 3.

    Answer: a built Keras model.

    Right when the model takes ``(6, 10, 2)`` per sample with the outer axis given
    statically, every Conv1D, pooling, Flatten and BatchNormalization layer sits inside a
    wrapper, the BatchNormalization inside ``FoldTimeDistributed`` (Keras 2's statistics),
    one LSTM reads a sequence of 6 steps, and the model forecasts one value per window.
    """
    try:
        inputs = tuple(model.inputs[0].shape)
        outputs = tuple(model.outputs[0].shape)
        layers = list(model.layers)
    except (AttributeError, ValueError, IndexError, TypeError):
        return not_yet(
            "pass a built Keras model: start the Sequential list with keras.Input(shape=...)."
        )
    if len(inputs) == 4 and inputs[1] is None:
        return not_yet(
            "the outer axis is still None, which triggers the TimeDistributed bug (atlas entries "
            "23 and 24): give n_seq in keras.Input."
        )
    if inputs != (None, 6, 10, 2):
        return not_yet(
            f"the model takes {inputs[1:]} per sample; the windows are n_seq=6 subsequences of "
            "10 steps with 2 features."
        )
    names = [type(layer).__name__ for layer in layers]
    bare = [n for n in names if n in ("Conv1D", "MaxPooling1D", "Flatten", "BatchNormalization")]
    if bare:
        return not_yet(
            f"{bare[0]} runs inside each subsequence, so it needs a wrapper (TimeDistributed or "
            "FoldTimeDistributed)."
        )
    inner = {
        type(layer.layer).__name__: type(layer).__name__
        for layer in layers
        if hasattr(layer, "layer")
        and type(layer).__name__ in ("TimeDistributed", "FoldTimeDistributed")
    }
    missing = [
        n for n in ("Conv1D", "MaxPooling1D", "Flatten", "BatchNormalization") if n not in inner
    ]
    if missing:
        return not_yet(f"the recipe has a {missing[0]} layer inside a wrapper; yours does not.")
    if inner["BatchNormalization"] != "FoldTimeDistributed":
        return not_yet(
            "under TimeDistributed, BatchNormalization updates its statistics once per "
            "subsequence (atlas entry 25); which wrapper keeps Keras 2's statistics?"
        )
    lstms = [layer for layer in layers if type(layer).__name__ == "LSTM"]
    if len(lstms) != 1 or tuple(lstms[0].input.shape)[:2] != (None, 6):
        return not_yet("keep one unwrapped LSTM that reads the 6 subsequences as its steps.")
    if outputs != (None, 1):
        return not_yet(f"the model should forecast one value per window; it outputs {outputs}.")
    return correct(
        "a static outer axis of 6, every per-subsequence layer wrapped, and BatchNormalization "
        "folded as in Keras 2."
    )


@exercise("replace {} with an atlas entry number, for every message.")
def check_04b_which_entry(answers: Any) -> Verdict:
    """Exercise 04b.2: which atlas entry explains each message of ``MESSAGES_04B``.

    Answer: a dict mapping each letter of ``MESSAGES_04B`` to an entry number.
    """
    if not isinstance(answers, dict) or sorted(answers) != sorted(_ENTRIES_04B):
        return not_yet(
            f"answer with a dict with the keys {sorted(_ENTRIES_04B)}, e.g. {{'A': 1, ...}}."
        )
    wrong = [
        key for key in sorted(_ENTRIES_04B) if as_whole_number(answers[key]) != _ENTRIES_04B[key]
    ]
    if wrong:
        first = wrong[0]
        return not_yet(
            f"{len(wrong)} of {len(_ENTRIES_04B)} not matched yet. {first}: {_HINTS_04B[first]}"
        )
    return correct("every message matched to the entry that explains it.")


@exercise("replace {} with the loss, one number.")
def check_04b_broadcast_loss(loss: Any) -> Verdict:
    """Exercise 04b.3: the mean squared error Keras reports for ``BROADCAST_04B``.

    Answer: one number, the loss.

    The ``(4, 1)`` forecast is broadcast against the ``(4, 3)`` targets: every column is
    compared with the same forecast, and the mean runs over all 12 differences.
    """
    value = numeric_array(loss)
    if value is None or value.size != 1:
        return not_yet("the loss is one number (a float); np.mean(...) of the squared errors.")
    y_true, y_pred = BROADCAST_04B
    right = float(np.mean((y_true.astype(np.float64) - y_pred) ** 2))
    first_column = float(np.mean((y_true[:, :1].astype(np.float64) - y_pred) ** 2))
    got = float(value.reshape(()))
    if abs(got - right) < 1e-4:
        return correct("the forecast is compared with all three columns.")
    if abs(got - first_column) < 1e-4:
        return not_yet("Keras does not pick the first column: it compares with all three.")
    return not_yet(
        "subtract y_pred from y_true as they are, (4, 3) - (4, 1): NumPy broadcasts the forecast "
        "over the columns, as the loss does; then square and take the mean of everything."
    )
