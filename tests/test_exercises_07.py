"""The notebook 07 checks: right answers pass, wrong ones fail with a hint, never the answer."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import exercises


def _verdict(capsys, check, *answer):
    result = check(*answer)
    out = capsys.readouterr().out
    assert out.startswith("Correct:" if result else "Not yet:"), out
    return result, out


def test_border_windows_accepts_the_count_and_hints_otherwise(capsys):
    assert _verdict(capsys, exercises.check_07_border_windows, 24)[0] is True
    assert _verdict(capsys, exercises.check_07_border_windows, 24.0)[0] is True
    for wrong, says in [
        (6, "number of borders"),
        (332, "in all"),
        (308, "in all"),
        (12, "subtract"),
    ]:
        ok, out = _verdict(capsys, exercises.check_07_border_windows, wrong)
        assert ok is False and says in out and "24" not in out


def test_the_border_answer_is_true_in_keras():
    """Count, rather than trust, the positions a plain Conv1D has beyond the wrapped one."""
    keras = pytest.importorskip("keras")
    x = np.zeros((1, 336, 1), "float32")
    plain = keras.layers.Conv1D(1, 5)(x).shape[1]
    wrapped = keras.layers.TimeDistributed(keras.layers.Conv1D(1, 5))(x.reshape(1, 7, 48, 1))
    assert plain - wrapped.shape[1] * wrapped.shape[2] == 24
    assert exercises.check_07_border_windows(plain - wrapped.shape[1] * wrapped.shape[2])


def test_conv2d_kernel_wants_a_new_leading_axis(capsys):
    kernel = exercises.KERNEL_07
    assert kernel.shape == (3, 2, 8)
    assert _verdict(capsys, exercises.check_07_conv2d_kernel, kernel[np.newaxis])[0] is True
    assert _verdict(capsys, exercises.check_07_conv2d_kernel, kernel[np.newaxis].tolist())[0]
    attempts = [
        (kernel, "which a Conv1D takes"),
        (kernel[:, np.newaxis], "which axis of length 1 is new"),
        (kernel.reshape(1, 3, 2, 8)[..., ::-1], "in another order"),
        (np.zeros((1, 3, 2, 8)), "in another order"),
        ("kernel", "array of finite numbers"),
    ]
    for wrong, says in attempts:
        ok, out = _verdict(capsys, exercises.check_07_conv2d_kernel, wrong)
        assert ok is False and says in out and "(1, 3, 2, 8)" not in out


def test_the_conv2d_answer_is_true_in_keras():
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(0).normal(size=(4, 7, 12, 2)).astype("float32")
    td = keras.layers.TimeDistributed(keras.layers.Conv1D(8, 3))
    conv2d = keras.layers.Conv2D(8, (1, 3))
    td(x), conv2d(x)
    bias = np.arange(8, dtype="float32")
    td.set_weights([exercises.KERNEL_07, bias])
    conv2d.set_weights([exercises.KERNEL_07[np.newaxis], bias])
    np.testing.assert_allclose(td(x), conv2d(x), atol=1e-5)


def test_kernel_shape_and_weights(capsys):
    assert _verdict(capsys, exercises.check_07_kernel_shape, (5, 3, 32), 512)[0] is True
    assert _verdict(capsys, exercises.check_07_kernel_shape, [5, 3, 32], 512.0)[0] is True
    attempts = [
        ((5, 3, 32), 480, "one more kind of weight"),
        ((3, 5, 32), 512, "order"),
        ((7, 5, 3, 32), 512, "no axis"),
        ((5, 24, 32), 512, "Which of"),
        ((5, 3, 32), 500, "add the bias"),
        ("five", 512, "tuple"),
        ((5, 3, 32), "many", "whole number"),
    ]
    for shape, count, says in attempts:
        ok, out = _verdict(capsys, exercises.check_07_kernel_shape, shape, count)
        assert ok is False and says in out and "512" not in out.replace(str(count), "")


def test_the_kernel_shape_answer_is_true_in_keras():
    keras = pytest.importorskip("keras")
    layer = keras.layers.TimeDistributed(keras.layers.Conv1D(32, 5))
    layer(np.zeros((1, 7, 24, 3), "float32"))
    assert exercises.check_07_kernel_shape(tuple(layer.weights[0].shape), layer.count_params())


def test_patch_count(capsys):
    assert _verdict(capsys, exercises.check_07_patch_count, 41)[0] is True
    for wrong, says in [(42, "past the end"), (21, "count the possible starts"), (40, "List")]:
        ok, out = _verdict(capsys, exercises.check_07_patch_count, wrong)
        assert ok is False and says in out and "41" not in out
    starts = range(0, 336 - 16 + 1, 8)
    assert exercises.check_07_patch_count(len(starts))


def test_placeholders_and_wrong_types_get_a_hint_not_an_error(capsys):
    for check, answer in [
        (exercises.check_07_border_windows, (...,)),
        (exercises.check_07_conv2d_kernel, (...,)),
        (exercises.check_07_kernel_shape, (..., ...)),
        (exercises.check_07_patch_count, (...,)),
    ]:
        ok, out = _verdict(capsys, check, *answer)
        assert ok is False and "replace" in out
    for check, answer in [
        (exercises.check_07_border_windows, ("24",)),
        (exercises.check_07_patch_count, (True,)),
        (exercises.check_07_conv2d_kernel, ({"a": 1},)),
        (exercises.check_07_kernel_shape, (5, 512)),
    ]:
        ok, out = _verdict(capsys, check, *answer)
        assert ok is False
