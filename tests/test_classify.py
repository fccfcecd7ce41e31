"""Training the course's models as classifiers: label checks, nesting, and fair reuse over seeds."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import classify, models


def _data(n: int = 48, window: int = 8, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, window, 2))
    y = (X[:, :, 0].mean(axis=1) > 0).astype(int) + (X[:, :, 1].mean(axis=1) > 0.3)
    return X, y.astype(int)


@pytest.mark.parametrize(
    ("y", "error", "match"),
    [
        (np.zeros(47, dtype=int), ValueError, r"one class number per window, shape \(48,\)"),
        (np.zeros((48, 1), dtype=int), ValueError, "one class number per window"),
        (np.full(48, 3), ValueError, "outputs 3 scores: build it with horizon=4"),
        (np.zeros(48), TypeError, "class numbers"),
    ],
)
def test_labels_that_do_not_match_the_windows_are_refused(y, error, match):
    X, _ = _data()
    model = models.build_conv1d(8, 2, filters=4, horizon=3)
    with pytest.raises(error, match=match):
        classify.fit_classifier(model, X, y, X, y, epochs=1)


def test_a_model_needing_nested_input_is_told_so():
    X, y = _data()
    model = models.build_cnn_lstm(2, 4, 2, filters=4, lstm_units=4, horizon=3)
    with pytest.raises(ValueError, match="4"):
        classify.fit_classifier(model, X, y, X, y, epochs=1)


def test_compare_classifiers_checks_its_parts():
    X, y = _data()
    build = {"c": lambda: models.build_conv1d(8, 2, filters=4, horizon=3)}
    with pytest.raises(TypeError, match="'train'"):
        classify.compare_classifiers(build, {"train": (X, y)}, epochs=1)
    with pytest.raises(ValueError, match="plain windows"):
        classify.compare_classifiers(
            build, {"train": (X[:, None], y), "val": (X, y), "test": (X, y)}, epochs=1
        )
    with pytest.raises(ValueError, match="seeds"):
        classify.compare_classifiers(
            build, {"train": (X, y), "val": (X, y), "test": (X, y)}, seeds=[0, 0], epochs=1
        )


@pytest.mark.slow
def test_compare_nests_for_4d_models_and_reuse_equals_a_fresh_run():
    X, y = _data()
    parts = {"train": (X[:32], y[:32]), "val": (X[32:40], y[32:40]), "test": (X[40:], y[40:])}
    builders = {
        "conv1d": lambda: models.build_conv1d(8, 2, filters=4, horizon=3),
        "cnn_lstm": lambda: models.build_cnn_lstm(
            2, 4, 2, filters=4, kernel_size=2, lstm_units=4, horizon=3, fold=True
        ),
    }
    race = classify.compare_classifiers(builders, parts, seeds=[0, 1], epochs=3, patience=2)
    assert [r["model"] for r in race.summary] == ["conv1d", "cnn_lstm"]
    assert race.predictions["cnn_lstm"].shape == (2, 8)
    assert len(race.accuracies("conv1d")) == 2
    assert all(0.0 <= a <= 1.0 for a in race.accuracies("cnn_lstm"))
    assert race.unconverged() == [
        (r["model"], r["seed"]) for r in race.runs if r["epochs"] == 3 and not r["stopped"]
    ]
    # Seed 1 after seed 0 (reused graph) gives what seed 1 alone gives.
    alone = classify.train_classifier(
        builders["conv1d"],
        *parts["train"],
        *parts["val"],
        parts["test"][0],
        seed=1,
        epochs=3,
        patience=2,
    )
    np.testing.assert_array_equal(alone.predictions.argmax(axis=1), race.predictions["conv1d"][1])
    assert alone.predictions.shape == (8, 3)
    np.testing.assert_allclose(alone.predictions.sum(axis=1), 1.0, rtol=1e-6)
