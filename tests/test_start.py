"""A lesson's first cell loads TensorFlow without the red GPU-probe block, hiding nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tutorial_utils.start import drop_start_up_notices, import_tensorflow, quiet_tensorflow

ROOT = Path(__file__).resolve().parent.parent

# What TensorFlow 2.21 printed on import on this CPU-only machine (2026-12-07).
SEEN = (
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
    "I0000 00:00:1796610344.500882    5327 cudart_stub.cc:31] Could not find cuda drivers on "
    "your machine, GPU will not be used.\n"
    "E0000 00:00:1796610351.423794    5327 cuda_platform.cc:52] failed call to cuInit: "
    "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)\n"
)


def test_the_known_notices_are_dropped_and_anything_else_kept():
    assert drop_start_up_notices(SEEN) == ""
    real = "F0000 cpu_feature_guard.cc] This TensorFlow binary needs AVX: illegal instruction\n"
    assert drop_start_up_notices(SEEN + real) == real
    with pytest.raises(TypeError, match="text must be a str"):
        drop_start_up_notices(b"bytes")


def test_a_loaded_tensorflow_is_returned_not_loaded_again(monkeypatch):
    loaded = types.ModuleType("tensorflow")  # stands in for it: no seconds of loading here
    monkeypatch.setitem(sys.modules, "tensorflow", loaded)
    assert quiet_tensorflow() is False
    assert import_tensorflow() is loaded


def _fresh_process(code: str, backend: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new Python on ``backend``, TF_CPP_MIN_LOG_LEVEL unset as for a learner."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env.update(KERAS_BACKEND=backend, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )


@pytest.mark.slow
def test_a_fresh_process_shows_no_gpu_probe_but_still_shows_real_errors():
    code = (
        "import os, sys\n"
        "from tutorial_utils.start import quiet_tensorflow\n"
        "assert quiet_tensorflow() is True\n"
        "import keras, tensorflow as tf\n"
        "print('gpus', len(tf.config.list_physical_devices('GPU')))\n"
        "os.write(2, b'a real error after start-up\\n')\n"
    )
    run = _fresh_process(code, backend="tensorflow")
    assert run.stdout.startswith("gpus ")
    assert "cuda" not in run.stderr.lower() and "cuInit" not in run.stderr
    assert "a real error after start-up" in run.stderr


@pytest.mark.slow
def test_under_jax_a_lesson_start_also_hides_the_notices_keras_would_print():
    # Keras loads TensorFlow under JAX too: set_random_seed seeds it, tf.data feeds fit_model.
    code = (
        "import sys\n"
        "from tutorial_utils.start import quiet_tensorflow\n"
        "assert quiet_tensorflow() is True\n"
        "import keras, numpy as np\n"
        "from tutorial_utils import models, training\n"
        "keras.utils.set_random_seed(0)\n"
        "X = np.zeros((8, 4, 1), dtype='float32')\n"
        "y = X[:, 0]\n"
        "history = training.fit_model(models.build_linear(4, 1), X, y, X, y, epochs=1)\n"
        "print(keras.backend.backend(), len(history.epoch))\n"
    )
    run = _fresh_process(code, backend="jax")
    assert run.stdout == "jax 1\n"
    assert "cuda" not in run.stderr.lower() and "cuInit" not in run.stderr


def test_a_blocked_tensorflow_raises_import_error_as_import_does(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # how tests stand for "not installed"
    with pytest.raises(ImportError):
        import_tensorflow()
    assert quiet_tensorflow() is False
