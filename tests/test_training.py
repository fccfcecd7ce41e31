"""Training the course way: fit_model keeps the best epoch and stops early, train_and_forecast
is repeatable and reuses a compiled model exactly, and bad data is refused before Keras."""

from __future__ import annotations

import sys

import keras
import numpy as np
import pytest

from tutorial_utils import models, training


def _toy_data(n=256, window=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, window, 1)).astype("float32")
    y = (X[:, -1] - 0.5 * X[:, -2]).astype("float32")  # a linear rule a model can learn
    return X, y


@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_fit_model_learns_and_keeps_the_best_epoch():
    X, y = _toy_data()
    keras.utils.set_random_seed(0)
    model = models.build_linear(6, 1)
    history = training.fit_model(
        model, X[:192], y[:192], X[192:], y[192:], epochs=15, learning_rate=0.05
    )
    val = history.history["val_loss"]
    assert val[-1] < val[0] / 5, "the linear rule should be learned"
    assert model.evaluate(X[192:], y[192:], verbose=0) == pytest.approx(min(val), rel=1e-4)
    assert isinstance(model.optimizer, keras.optimizers.Adam)


@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_fit_model_stops_early_when_validation_gets_worse():
    X, y = _toy_data()
    keras.utils.set_random_seed(0)
    model = models.build_linear(6, 1)
    # validation targets are the opposite rule: learning the training rule makes them worse
    history = training.fit_model(
        model, X[:192], y[:192], X[192:], -y[192:], epochs=30, patience=2, learning_rate=0.05
    )
    val = history.history["val_loss"]
    best = int(np.argmin(val))
    assert len(val) < 30
    assert len(val) == best + 1 + 2


@pytest.mark.slow  # trains several models: `make unit` skips it
def test_train_and_forecast_is_repeatable_with_the_same_seed():
    X, y = _toy_data(n=128)
    args = (X[:96], y[:96], X[96:], y[96:], X[96:])
    # Seeds, not XLA (test_reuse_... trains the XLA path): Keras' own compile rule is quicker.
    fit = {"epochs": 2, "jit_compile": "auto"}
    a = training.train_and_forecast(lambda: models.build_lstm(6, 1, lstm_units=4), *args, **fit)
    b = training.train_and_forecast(lambda: models.build_lstm(6, 1, lstm_units=4), *args, **fit)
    c = training.train_and_forecast(
        lambda: models.build_lstm(6, 1, lstm_units=4), *args, seed=1, **fit
    )
    assert a.predictions.shape == (32, 1)
    np.testing.assert_array_equal(a.predictions, b.predictions)
    assert not np.array_equal(a.predictions, c.predictions)
    assert a.params == models.build_lstm(6, 1, lstm_units=4).count_params()
    assert 1 <= a.best_epoch <= a.epochs_run == 2


def test_fit_model_refuses_mismatched_data():
    X, y = _toy_data(n=32)
    model = models.build_cnn_lstm(2, 3, 1, kernel_size=2, pool_size=2)
    with pytest.raises(ValueError, match=r"X_train has shape.*to_subsequences"):
        training.fit_model(model, X, y, X, y, epochs=1)
    lin = models.build_linear(6, 1)
    # the targets are checked by shapes.check_targets, the same check learners call
    with pytest.raises(ValueError, match=r"y_train has 31 target\(s\) but X has 32 window\(s\)"):
        training.fit_model(lin, X, y[:31], X, y, epochs=1)
    with pytest.raises(ValueError, match=r"y_val has shape \(32, 2\).*expected \(32, 1\)"):
        training.fit_model(lin, X, y, X, np.hstack([y, y]), epochs=1)
    # a 1-D target for a one-output model is fine, as check_targets says
    assert len(training.fit_model(lin, X, y, X, y[:, 0], epochs=1).history["loss"]) == 1
    with pytest.raises(TypeError, match="build must be a function"):
        training.train_and_forecast(lin, X, y, X, y, X, epochs=1)


@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_train_and_forecast_reports_that_early_stopping_fired():
    X, y = _toy_data()
    # validation wants the opposite rule, so the validation loss rises and stopping fires
    result = training.train_and_forecast(
        lambda: models.build_linear(6, 1),
        X[:192], y[:192], X[192:], -y[192:], X[192:],
        epochs=50, patience=3, learning_rate=0.05,
    )  # fmt: skip
    assert result.max_epochs == 50
    assert result.stopped_early
    assert result.epochs_run == result.best_epoch + 3 < 50
    capped = training.train_and_forecast(
        lambda: models.build_linear(6, 1),
        X[:192], y[:192], X[192:], y[192:], X[192:], epochs=2,
    )  # fmt: skip
    assert capped.epochs_run == 2 and not capped.stopped_early


@pytest.mark.slow  # trains or starts a kernel: seconds; `make unit` skips it
def test_reuse_equals_training_a_new_model_with_that_seed():
    X, y = _toy_data(n=128)
    args = (X[:96], y[:96], X[96:], y[96:], X[96:])

    def build():
        return models.build_lstm(6, 1, lstm_units=4)

    first = training.train_and_forecast(build, *args, seed=0, epochs=2)
    fresh = training.train_and_forecast(build, *args, seed=5, epochs=2)
    again = training.train_and_forecast(build, *args, seed=5, epochs=2, reuse=first.model)
    assert again.model is first.model
    assert again.history.history["loss"] == pytest.approx(fresh.history.history["loss"], rel=1e-5)
    np.testing.assert_allclose(again.predictions, fresh.predictions, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="compiled, trained"):
        training.train_and_forecast(build, *args, epochs=1, reuse=build())
    with pytest.raises(ValueError, match="other weight shapes"):
        training.train_and_forecast(
            lambda: models.build_lstm(6, 1, lstm_units=3), *args, epochs=1, reuse=first.model
        )


@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_min_steps_per_epoch_cycles_a_small_training_set():
    X, y = _toy_data(n=40)
    keras.utils.set_random_seed(0)
    model = models.build_linear(6, 1)
    model.compile(optimizer="adam", loss="mse")
    training.fit_compiled(
        model, X[:8], y[:8], X[8:], y[8:], epochs=3, batch_size=4, patience=5, seed=0,
        min_steps_per_epoch=10,
    )  # fmt: skip
    assert int(model.optimizer.iterations.numpy()) == 3 * 10  # not 3 * 2
    plain = models.build_linear(6, 1)
    plain.compile(optimizer="adam", loss="mse")
    training.fit_compiled(
        plain, X[:8], y[:8], X[8:], y[8:], epochs=3, batch_size=4, patience=5, seed=0
    )
    assert int(plain.optimizer.iterations.numpy()) == 3 * 2
    # fit_model runs STEPS_PER_CALL batches per call: an epoch must still end after its 10
    # batches, and a pass over 8 windows after its 2 (not after a whole call's worth).
    for min_steps, per_epoch in ((10, 10), (1, 2)):
        course = models.build_linear(6, 1)
        training.fit_model(
            course, X[:8], y[:8], X[8:], y[8:], epochs=3, batch_size=4, patience=5,
            min_steps_per_epoch=min_steps,
        )  # fmt: skip
        if keras.backend.backend() == "torch":  # Keras' PyTorch trainer takes one per call
            assert course.steps_per_execution == 1
        else:
            assert course.steps_per_execution == training.STEPS_PER_CALL > per_epoch
        assert int(course.optimizer.iterations.numpy()) == 3 * per_epoch
    with pytest.raises(ValueError, match="min_steps_per_epoch must be a whole number >= 1"):
        training.fit_compiled(
            plain, X, y, X, y, epochs=1, batch_size=4, patience=1, seed=0, min_steps_per_epoch=0
        )


@pytest.mark.skipif(
    keras.backend.backend() == "tensorflow",
    reason="an install without TensorFlow can only run another backend (make test-jax)",
)
def test_fit_compiled_without_tensorflow_falls_back_to_arrays(monkeypatch):
    """A JAX-only install has no tf.data: training still runs, on the arrays themselves."""
    keras.utils.set_random_seed(0)
    model = models.build_linear(4, 1)
    model.compile(optimizer="adam", loss="mse")
    X = np.random.default_rng(0).normal(size=(16, 4, 1)).astype("float32")
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # `import tensorflow` now fails
    history = training.fit_compiled(
        model, X, X[:, -1], X, X[:, -1], epochs=3, batch_size=8, patience=5, seed=0
    )
    assert len(history.history["loss"]) == 3
    assert np.isfinite(history.history["val_loss"]).all()


def test_fit_model_runs_one_batch_per_call_on_pytorch(monkeypatch):
    # Keras' PyTorch trainer refuses steps_per_execution > 1; fit_model must not ask for more.
    seen = {}

    class Compiled(Exception):
        pass

    def record(**kwargs):
        seen.update(kwargs)
        raise Compiled

    X, y = _toy_data(n=16)
    for backend, want in (("torch", 1), ("tensorflow", training.STEPS_PER_CALL)):
        monkeypatch.setattr(training.keras.backend, "backend", lambda backend=backend: backend)
        model = models.build_linear(6, 1)
        model.compile = record
        with pytest.raises(Compiled):
            training.fit_model(model, X[:8], y[:8], X[8:], y[8:], epochs=1)
        assert seen["steps_per_execution"] == want
