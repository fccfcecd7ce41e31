"""The notebook 06 checks: right answers pass, wrong ones fail with a hint, never the answer."""

from __future__ import annotations

import keras

from tutorial_utils import exercises


def test_call_counts(capsys):
    assert exercises.check_06_call_counts(12, 1) is True
    for td_calls, fold_calls, says in [(1, 1, "td_calls=1"), (12, 12, "fold_calls=12")]:
        assert exercises.check_06_call_counts(td_calls, fold_calls) is False
        out = capsys.readouterr().out
        assert says in out and "Hint" in out
        assert "12" not in out.replace(f"={td_calls}", "").replace(f"={fold_calls}", "")
    assert exercises.check_06_call_counts(12.0, 1) is True  # whole numbers count in any type
    assert exercises.check_06_call_counts(12.5, 1) is False


def test_layers_that_differ(capsys):
    assert exercises.check_06_layers_that_differ(["BatchNormalization"]) is True
    capsys.readouterr()
    for attempt in [[], ["Dense"], ["BatchNormalization", "LayerNormalization"], ["Dropout"]]:
        assert exercises.check_06_layers_that_differ(attempt) is False
        out = capsys.readouterr().out.replace(str(list(exercises.LAYERS_06)), "the options")
        assert out.startswith("Not yet:") and "BatchNormalization" not in out  # not the answer


def test_the_answer_to_06_3_is_true_in_keras():
    """The check's answer is a fact about Keras: verify it rather than trust it."""
    import numpy as np

    from tutorial_utils.layers import FoldTimeDistributed

    x = np.random.default_rng(0).normal(size=(4, 3, 5, 2)).astype("float32")
    differs = set()
    for name in exercises.LAYERS_06:
        make = {
            "Conv1D": lambda: keras.layers.Conv1D(3, 2),
            "MaxPooling1D": lambda: keras.layers.MaxPooling1D(2),
            "Flatten": lambda: keras.layers.Flatten(),
            "Dense": lambda: keras.layers.Dense(3),
            "LSTM": lambda: keras.layers.LSTM(3),
            "LayerNormalization": lambda: keras.layers.LayerNormalization(),
            "BatchNormalization": lambda: keras.layers.BatchNormalization(),
        }[name]
        inner = make()
        td = keras.layers.TimeDistributed(inner)(x, training=True)
        fold = FoldTimeDistributed(inner)(x, training=True)
        if not np.allclose(
            keras.ops.convert_to_numpy(td), keras.ops.convert_to_numpy(fold), atol=1e-5
        ):
            differs.add(name)
    assert differs == {"BatchNormalization"}
    assert exercises.check_06_layers_that_differ(differs) is True


def test_placeholders_and_wrong_types_get_a_hint_not_an_error(capsys):
    assert exercises.check_06_call_counts(..., ...) is False
    assert "replace each ..." in capsys.readouterr().out
    assert exercises.check_06_layers_that_differ(...) is False
    assert "replace the ..." in capsys.readouterr().out
    assert exercises.check_06_layers_that_differ(3) is False
    assert "list of layer names" in capsys.readouterr().out
    assert exercises.check_06_layers_that_differ([...]) is False
    assert "replace the ..." in capsys.readouterr().out
    assert exercises.check_06_layers_that_differ(name for name in ["BatchNormalization"]) is True
