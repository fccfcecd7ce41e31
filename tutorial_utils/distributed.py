"""One training function, run on one device, on several devices, and on several processes.

``tf.distribute`` runs the same Keras code on more hardware if two things change: the model is
built and compiled inside ``strategy.scope()``, and the batch the dataset serves is the
*global* batch, which the strategy splits among its replicas (each replica sees
``global_batch / strategy.num_replicas_in_sync`` windows per step and the gradients are
averaged). :func:`train_demand_model` is written that way once and run by

* ``tf.distribute.OneDeviceStrategy`` or the default strategy (one device);
* ``tf.distribute.MirroredStrategy`` over several devices of one machine: GPUs, or logical CPU
  devices made with :func:`use_logical_cpus` so it can be shown on a laptop;
* ``tf.distribute.MultiWorkerMirroredStrategy`` in several processes, each told its place in
  the cluster by the ``TF_CONFIG`` environment variable. :func:`run_workers` starts them on this
  machine (addresses on 127.0.0.1, a time limit, every process ended); on a real cluster each
  machine runs the same command with its own ``TF_CONFIG``.

Run as ``python -m tutorial_utils.distributed --epochs 2`` with ``TF_CONFIG`` set, the module is
one such worker: it trains and prints its results as one line of JSON.

Example:
    >>> json.loads(tf_config(["127.0.0.1:2001", "127.0.0.1:2002"], index=1))["task"]
    {'type': 'worker', 'index': 1}
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tutorial_utils.checks import whole_number

__all__ = [
    "free_ports",
    "run_workers",
    "tf_config",
    "train_demand_model",
    "use_logical_cpus",
]


def use_logical_cpus(n: int) -> list[str]:
    """Split this machine's CPU into ``n`` logical devices and return their names.

    ``tf.distribute.MirroredStrategy`` then treats them as ``n`` devices, one replica each:
    a way to run multi-device code (and check it) without GPUs. They share the same cores, so
    expect no speed-up from it. It must run before TensorFlow starts its runtime (before the
    first tensor, model or dataset); in a notebook, in the first cell.

    Raises:
        RuntimeError: TensorFlow is already running with another number of CPU devices (the
            message says to restart the kernel and call this first).

    Example:
        >>> use_logical_cpus(1)  # doctest: +SKIP
        ['/device:CPU:0']
    """
    import tensorflow as tf

    n = whole_number(n, "n")
    (cpu,) = tf.config.list_physical_devices("CPU")
    try:
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)]
        )
    except RuntimeError:
        have = tf.config.list_logical_devices("CPU")
        if len(have) != n:
            raise RuntimeError(
                f"TensorFlow already started with {len(have)} CPU device(s), so it cannot be "
                f"split into {n} any more. Restart the kernel (or process) and call "
                f"use_logical_cpus({n}) before anything else uses TensorFlow."
            ) from None
    return [d.name for d in tf.config.list_logical_devices("CPU")]


def train_demand_model(
    strategy: Any = None,
    *,
    epochs: int = 2,
    global_batch: int = 64,
    window: int = 48,
    n_seq: int = 4,
    seed: int = 0,
) -> dict[str, Any]:
    """Train the course's CNN-LSTM on the demand series under ``strategy``; the same code for all.

    The task is notebook 03's warm-up: the next half-hour from the last ``window`` half-hours,
    nested ``n_seq`` × ``window // n_seq``, scaled on the training part. Windows are streamed with
    :func:`tutorial_utils.streaming.window_dataset` in batches of ``global_batch``, shuffled
    with ``seed``. What knows about the strategy: the model and optimizer are created inside
    ``strategy.scope()``; the dataset is handed to ``strategy.experimental_distribute_dataset``,
    which splits every global batch among the replicas; ``strategy.run`` runs the step on each
    replica, and the loss is averaged over the *global* batch so that the summed gradients
    equal those of one device.

    It is a short custom loop rather than ``model.fit`` because Keras 3.15's ``fit`` fails under
    ``MultiWorkerMirroredStrategy`` with more than one worker (keras-team/keras#20585); under
    one device and ``MirroredStrategy`` both give the same numbers.

    Returns:
        ``{"loss": [...], "val_loss": [...]}`` per epoch (mean squared error on the scaled
        series), ``"replicas"``, ``"seconds"`` (training alone), and ``"weights"``: the
        trained weights as nested lists.

    Example:
        >>> result = train_demand_model(epochs=1)  # doctest: +SKIP
    """
    import keras
    import tensorflow as tf

    from tutorial_utils import data, models, streaming

    strategy = strategy or tf.distribute.get_strategy()
    keras.utils.set_random_seed(seed)  # first: it also fixes the order the dataset shuffles in
    demand = data.load_series("electricity_demand").values
    train, val, _ = streaming.split_views(demand)
    scaler = streaming.fit_scaler_chunked(train)
    common = dict(n_seq=n_seq, batch_size=global_batch, scalers=scaler)
    train_ds = streaming.window_dataset(train, window, shuffle=True, seed=seed, **common)
    val_ds = streaming.window_dataset(val, window, **common)

    with strategy.scope():  # variables are created here: one copy per replica, kept in sync
        model = models.build_cnn_lstm(n_seq, window // n_seq, 1)
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)

    def squared_errors(X: Any, y: Any, training: bool) -> Any:
        return tf.reduce_mean(tf.square(y - model(X, training=training)), axis=-1)

    def train_step(X: Any, y: Any) -> Any:
        with tf.GradientTape() as tape:
            errors = squared_errors(X, y, training=True)
            loss = tf.reduce_sum(errors) / global_batch  # this replica's share of the mean
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        return tf.reduce_sum(errors), tf.cast(tf.size(errors), tf.float32)

    def val_step(X: Any, y: Any) -> Any:
        errors = squared_errors(X, y, training=False)
        return tf.reduce_sum(errors), tf.cast(tf.size(errors), tf.float32)

    def distributed(step: Any) -> Any:
        # One tf.function per step (traced once per batch shape): run the step on every
        # replica, then add up the replicas' sums of squared errors and window counts.
        @tf.function(reduce_retracing=True)
        def run(batch: Any) -> Any:
            total, count = strategy.run(step, args=batch)
            add = tf.distribute.ReduceOp.SUM
            return strategy.reduce(add, total, axis=None), strategy.reduce(add, count, None)

        def epoch(dataset: Any) -> float:
            sums = [run(batch) for batch in strategy.experimental_distribute_dataset(dataset)]
            return float(sum(float(t) for t, _ in sums) / sum(float(c) for _, c in sums))

        return epoch

    train_epoch, val_epoch = distributed(train_step), distributed(val_step)
    history: dict[str, list[float]] = {"loss": [], "val_loss": []}
    start = time.perf_counter()
    for _ in range(epochs):
        history["loss"].append(train_epoch(train_ds))
        history["val_loss"].append(val_epoch(val_ds))
    seconds = time.perf_counter() - start
    return {
        **history,
        "replicas": int(strategy.num_replicas_in_sync),
        "seconds": seconds,
        "weights": [w.tolist() for w in model.get_weights()],
    }


def free_ports(n: int) -> list[int]:
    """``n`` TCP ports that are free on 127.0.0.1 right now (the system picks them).

    Example:
        >>> ports = free_ports(2)
        >>> len(set(ports)), all(1024 <= p < 65536 for p in ports)
        (2, True)
    """
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def tf_config(addresses: Sequence[str], index: int) -> str:
    """The ``TF_CONFIG`` value that tells worker ``index`` of ``addresses`` who it is.

    Every worker gets the same cluster (all addresses, in the same order) and its own index;
    worker 0 is the chief, which by convention writes logs and checkpoints.

    Example:
        >>> tf_config(["127.0.0.1:2001"], 0)
        '{"cluster": {"worker": ["127.0.0.1:2001"]}, "task": {"type": "worker", "index": 0}}'
    """
    if not 0 <= index < len(addresses):
        raise ValueError(f"index must be 0..{len(addresses) - 1}, got {index}")
    return json.dumps(
        {"cluster": {"worker": list(addresses)}, "task": {"type": "worker", "index": index}}
    )


def run_workers(
    n_workers: int = 2, *, epochs: int = 2, global_batch: int = 64, timeout: float = 120
) -> list[dict[str, Any]]:
    """Start ``n_workers`` processes that train together with MultiWorkerMirroredStrategy.

    Each process runs ``python -m tutorial_utils.distributed`` with its own ``TF_CONFIG``; the
    cluster's addresses are ports on 127.0.0.1 picked by :func:`free_ports`. The call waits at
    most ``timeout`` seconds in all; whatever happens (an error, the time limit, Ctrl-C), every
    process it started is ended before it returns.

    Returns:
        One dict per worker, in order, as :func:`train_demand_model` returns it, plus
        ``"worker"`` (its index) and ``"wall_seconds"`` (start of the processes to their end).

    Raises:
        RuntimeError: a worker failed or the time ran out (the message holds its last output).

    Example:
        >>> results = run_workers(2, epochs=1)  # doctest: +SKIP
    """
    addresses = [f"127.0.0.1:{port}" for port in free_ports(n_workers)]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["KERAS_BACKEND"] = "tensorflow"
    command = [sys.executable, "-m", "tutorial_utils.distributed", "--epochs", str(epochs)]
    command += ["--global-batch", str(global_batch)]
    processes: list[subprocess.Popen] = []
    logs = []
    start = time.perf_counter()
    # Output goes to temporary files, not pipes: a worker blocked on a full pipe would stall
    # the collective step and, with it, every other worker.
    with tempfile.TemporaryDirectory(prefix="workers_") as folder:
        try:
            for index in range(n_workers):
                out = open(Path(folder) / f"worker{index}.out", "w+")
                err = open(Path(folder) / f"worker{index}.err", "w+")
                logs.append((out, err))
                worker_env = {**env, "TF_CONFIG": tf_config(addresses, index)}
                processes.append(
                    subprocess.Popen(command, env=worker_env, stdout=out, stderr=err, text=True)
                )
            finished: dict[int, float] = {}
            while len(finished) < n_workers:
                for index, process in enumerate(processes):
                    if index in finished or process.poll() is None:
                        continue
                    finished[index] = time.perf_counter() - start
                    if process.returncode != 0:
                        logs[index][1].seek(0)
                        raise RuntimeError(
                            f"worker {index} failed (exit code {process.returncode}); the "
                            f"others were ended. Its last output:\n{logs[index][1].read()[-3000:]}"
                        )
                if time.perf_counter() - start > timeout:
                    raise RuntimeError(
                        f"the {n_workers} workers did not finish within {timeout} s; all were "
                        "ended. On a busy machine give a larger timeout."
                    )
                time.sleep(0.1)
            results = []
            for index, (out, _) in enumerate(logs):
                out.seek(0)
                result = json.loads(out.read().strip().splitlines()[-1])
                result["worker"] = index
                result["wall_seconds"] = finished[index]
                results.append(result)
            return results
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                process.wait(timeout=10)
            for out, err in logs:
                out.close()
                err.close()


def _worker(argv: Sequence[str] | None = None) -> None:
    """One worker of :func:`run_workers`: reads ``TF_CONFIG``, trains, prints JSON."""
    parser = argparse.ArgumentParser(description="one MultiWorkerMirroredStrategy worker")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--global-batch", type=int, default=64)
    args = parser.parse_args(argv)
    if "TF_CONFIG" not in os.environ:
        raise SystemExit("TF_CONFIG is not set: start workers with run_workers(), or set it")
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")  # keep the per-step INFO lines of tf.distribute out
    # Created first, before any other TensorFlow work: it connects to the other workers.
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    result = train_demand_model(strategy, epochs=args.epochs, global_batch=args.global_batch)
    print(json.dumps(result))


if __name__ == "__main__":
    _worker()
