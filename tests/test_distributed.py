"""Two worker processes train together with MultiWorkerMirroredStrategy: the pieces here.

The workers run `python -m tutorial_utils.distributed` on ports of 127.0.0.1, with a time limit;
run_workers ends every process it started, whatever happens. The end-to-end run (two workers
train one model: the same weights on both, equal to one process to 1e-4, two replicas, a loss
that fell) is notebook 08's, asserted there under `make test`; running it here too would
double the suite's slowest process-spawning check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
