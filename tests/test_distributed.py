"""Two worker processes train together with MultiWorkerMirroredStrategy, end to end.

The workers run `python -m tutorial_utils.distributed` on ports of 127.0.0.1, with a time limit;
run_workers ends every process it started, whatever happens. One epoch keeps it under a minute.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tutorial_utils import distributed


def test_tf_config_names_the_cluster_and_the_task():
    config = json.loads(distributed.tf_config(["127.0.0.1:1", "127.0.0.1:2"], 1))
    assert config == {
        "cluster": {"worker": ["127.0.0.1:1", "127.0.0.1:2"]},
        "task": {"type": "worker", "index": 1},
    }
    with pytest.raises(ValueError, match=r"index must be 0\.\.1"):
        distributed.tf_config(["127.0.0.1:1", "127.0.0.1:2"], 2)


@pytest.mark.slow  # two TensorFlow processes train an epoch: `make unit` skips it
def test_two_workers_train_one_model_end_to_end():
    # The timeout bounds the run; on a quiet 2-core machine it takes far less (see README).
    results = distributed.run_workers(2, epochs=1, global_batch=64, timeout=300)
    assert [r["worker"] for r in results] == [0, 1]
    assert all(r["replicas"] == 2 for r in results)  # one replica per worker, in sync
    chief, other = results
    for a, b in zip(chief["weights"], other["weights"], strict=True):
        np.testing.assert_array_equal(np.array(a), np.array(b))  # both hold the same model
    assert np.isfinite(chief["loss"][0]) and chief["loss"][0] < 1.0  # scaled MSE, it learned
    assert chief["val_loss"][0] < 1.0


def test_workers_out_of_time_are_reported_and_ended():
    with pytest.raises(RuntimeError, match="did not finish within 1 s; all were ended"):
        distributed.run_workers(2, epochs=1, timeout=1)
    # No child of this process is left: run_workers killed both workers before raising.
    assert "tutorial_utils.distributed" not in "\n".join(_children_of(os.getpid()))


def _children_of(pid: int) -> list[str]:
    """The command lines of ``pid``'s child processes, with POSIX ``ps`` options only
    (``-A -o``, no GNU ``--ppid``), so the check runs on macOS as on Linux."""
    if sys.platform == "win32":
        pytest.skip("no POSIX ps on Windows")
    table = subprocess.run(
        ["ps", "-A", "-o", "ppid=", "-o", "args="], capture_output=True, text=True, check=True
    ).stdout
    rows = (line.strip().split(None, 1) for line in table.splitlines() if line.strip())
    return [row[1] for row in rows if len(row) == 2 and row[0] == str(pid)]


def test_children_of_finds_a_running_child():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert any("time.sleep(30)" in args for args in _children_of(os.getpid()))
    finally:
        child.kill()
        child.wait()


def test_worker_refuses_to_start_without_tf_config():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(distributed.Path(__file__).parent.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "tutorial_utils.distributed"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0 and "TF_CONFIG is not set" in result.stderr
