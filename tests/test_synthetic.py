"""The SYNTHETIC nested series: shape, seeding, the rule that makes its nesting matter."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import synthetic


def day_kinds(values: np.ndarray, steps_per_day: int) -> np.ndarray:
    """Recover each day's kind from a noise-free series: where its peak is."""
    days = values.reshape(-1, steps_per_day)
    peak = days.argmax(axis=1) / steps_per_day
    kinds = np.where(peak < 0.2, 2, np.where(peak < 0.5, 0, 1))
    kinds[(peak > 0.8)] = 2
    return kinds


def test_shape_dtype_and_level():
    x = synthetic.synthetic_nested_series(n_days=20, steps_per_day=10, seed=3)
    assert x.shape == (200,) and x.dtype == np.float64
    assert 0.5 < x.mean() < 2.0


def test_same_seed_same_series_other_seed_other_series():
    a = synthetic.synthetic_nested_series(50, seed=7)
    assert np.array_equal(a, synthetic.synthetic_nested_series(50, seed=7))
    assert not np.allclose(a, synthetic.synthetic_nested_series(50, seed=8))


def test_without_surprises_every_day_follows_the_rule():
    x = synthetic.synthetic_nested_series(60, 12, noise=0.0, surprise=0.0, seed=1)
    kinds = day_kinds(x, 12)
    assert set(kinds) <= {0, 1, 2}
    assert np.array_equal(kinds[2:], (kinds[1:-1] + kinds[:-2]) % 3)


def test_with_surprises_the_rule_is_broken_about_that_often():
    x = synthetic.synthetic_nested_series(2000, 12, noise=0.0, surprise=0.3, seed=2)
    kinds = day_kinds(x, 12)
    broken = np.mean(kinds[2:] != (kinds[1:-1] + kinds[:-2]) % 3)
    # a surprise picks a random kind, which matches the rule one time in three
    assert broken == pytest.approx(0.3 * 2 / 3, abs=0.04)


def test_copying_yesterday_is_often_wrong():
    x = synthetic.synthetic_nested_series(300, 12, noise=0.0, surprise=0.1, seed=0)
    kinds = day_kinds(x, 12)
    assert np.mean(kinds[1:] == kinds[:-1]) < 0.6


def test_noise_is_added_with_the_given_spread():
    clean = synthetic.synthetic_nested_series(400, 12, noise=0.0, seed=4)
    noisy = synthetic.synthetic_nested_series(400, 12, noise=0.2, seed=4)
    # the same seed draws the same days first, so the difference is the noise alone
    assert np.std(noisy - clean) == pytest.approx(0.2, rel=0.05)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"n_days": 2}, ValueError, "n_days must be a whole number >= 3"),
        ({"n_days": 10.0}, TypeError, "n_days must be a whole number .* Write 10,"),
        ({"steps_per_day": 3}, ValueError, "steps_per_day"),
        ({"noise": -0.1}, ValueError, "noise must be a number >= 0 and <= 10"),
        ({"surprise": 1.5}, ValueError, "surprise must be a number >= 0 and <= 1"),
        ({"seed": -1}, ValueError, "seed"),
        ({"surprise": "high"}, TypeError, "surprise must be a number"),
    ],
)
def test_bad_arguments_say_what_is_expected(kwargs, error, words):
    with pytest.raises(error, match=words):
        synthetic.synthetic_nested_series(**kwargs)
