"""The race's research code: run it (:func:`run_race`), write it (:func:`to_json`), and
fingerprint what it depended on (:func:`fingerprint`).

Only ``run_race.py`` and ``tests/test_evidence.py`` import this; what the notebooks read the
committed race with is ``tutorial_utils.evidence`` (the specification, loading, the verdict,
the paired tests and the live spot-check). README.md in this folder says what the
fingerprint covers and what to do when the test says it changed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
import platform
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import keras
import numpy as np

from tutorial_utils import compare, data, evidence, training
from tutorial_utils.cases import Case

RERUN = "python evidence/run_race.py"
"""The command that re-runs the race (``meta.minutes`` of the results file says how long)."""


def search_sizes(
    case: Case, *, progress: bool = True
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Climb ``evidence.LADDER`` for every network on the validation weeks (seed 0).

    From the smallest size up, each network is trained with ``evidence.FIT`` and scored on
    validation; the climb stops at the first size that does not improve on the best so far,
    or at the top of the ladder (the budget). Returns ``{network: picked size}`` and one row
    per size tried: ``network``, ``size``, ``params``, ``val_mae``, ``epochs``, ``picked``
    and ``top`` (True where the pick is the ladder's last size: the budget stopped it).
    """
    picks, rows = {}, []
    for kind in evidence.NETWORKS:
        best, best_mae, tried = None, math.inf, []
        for size, (filters, units) in evidence.LADDER.items():
            _, table = compare.validation_search(
                case,
                {size: evidence.network(kind, filters, units)},
                seeds=[0],
                progress=progress,
                **evidence.FIT,
            )
            row = table[size]
            tried.append(
                {
                    "network": kind,
                    "size": size,
                    "params": row["params"],
                    "val_mae": row["val_mae"],
                    "epochs": row["epochs"],
                }
            )
            if row["val_mae"] >= best_mae:
                break
            best, best_mae = size, row["val_mae"]
        picks[kind] = best
        for row in tried:
            row["picked"] = row["size"] == best
            row["top"] = best == list(evidence.LADDER)[-1]
        rows += tried
    return picks, rows


def _plain(value: Any) -> Any:
    if isinstance(value, bool | type(None) | str):
        return value
    return float(value) if isinstance(value, float | np.floating) else int(value)


def _comparison_to_json(result: compare.Comparison) -> dict[str, Any]:
    out = {
        "units": result.summary.units,
        "ridge": result.ridge,
        "summary": [{k: _plain(v) for k, v in row.items()} for row in result.summary],
        "runs": [{k: _plain(v) for k, v in row.items()} for row in result.runs],
        "predictions": {k: _rounded(v) for k, v in result.predictions.items()},
        "mean_predictions": {k: _rounded(v) for k, v in result.mean_predictions.items()},
        "y_test": _rounded(result.y_test),
    }
    if result.y_roll is not None:  # per-origin and per-lead errors, not the forecasts
        out["by_lead"] = {k: _rounded(v) for k, v in result.by_lead.items()}
        out["by_origin"] = {  # of the mean of the seeds' forecasts, as the paired tests use
            k: _rounded(np.abs(v - result.y_roll).mean(axis=1))
            for k, v in result.mean_rolling.items()
        }
    return out


def _rounded(values: Any) -> list[Any]:
    """Numbers to 7 significant digits (float32 holds about that many): a smaller file."""
    return np.vectorize(lambda v: float(f"{v:.7g}"), otypes=[float])(np.asarray(values)).tolist()


def to_json(results: dict[str, Any]) -> str:
    """``results`` as the committed file holds it: indented, but one line per row of numbers."""
    text = json.dumps(results, indent=1)
    return (
        re.sub(
            r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]",
            lambda m: "[" + " ".join(m.group(1).split()) + "]",
            text,
        )
        + "\n"
    )


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()}"


def run_race(
    *, progress: bool = True, done: Mapping[str, Any] | None = None, save: Callable | None = None
) -> dict[str, Any]:
    """Run the whole race of notebooks 05 and 05b and return it as a JSON-ready dict.

    First every network's size is searched on the demand case's validation weeks
    (:func:`search_sizes`), then every case is raced with
    :func:`tutorial_utils.compare.compare_models`; :func:`fingerprint` records what the
    race depended on. ``done`` (a partial result of the same specification and fingerprint:
    the same code and data) skips what it already holds, and ``save(partial)`` is called
    after each step, so an interrupted run resumes. ``evidence/run_race.py`` does both; it
    takes tens of minutes on a 2-core CPU (row C7 of benchmarks/figures.csv).
    """
    import tensorflow as tf  # the versions that produce the file

    now = fingerprint()
    results = dict(done or {})
    meta = results.get("meta", {})
    if meta.get("spec") != evidence.spec() or fingerprint_changes(meta.get("fingerprint", {}), now):
        results = {}
    results.setdefault(
        "meta",
        {
            "date": datetime.date.today().isoformat(),
            "machine": _machine(),
            "python": platform.python_version(),
            "keras": keras.__version__,
            "backend": keras.backend.backend(),
            "tensorflow": tf.__version__,
            "numpy": np.__version__,
            "spec": evidence.spec(),
            "fingerprint": now,
        },
    )
    demand = evidence.case_for("demand")
    if "search" not in results:
        picks, rows = search_sizes(demand, progress=progress)
        results["search"] = {"picks": picks, "rows": rows}
        if save:
            save(results)
    picks = results["search"]["picks"]
    cases = results.setdefault("cases", {})
    for name in evidence.CASES:
        if name in cases:
            continue
        case = demand if name == "demand" else evidence.case_for(name)
        result = compare.compare_models(
            case,
            evidence.entrants_for(name, picks),
            seeds=evidence.seeds_for(name),
            baselines=name != "aligned",
            ridges=evidence.RIDGES,
            progress=progress,
            **evidence.fit_for(name),
        )
        cases[name] = {"case": case.name, **_comparison_to_json(result)}
        if save:
            save(results)
    results["cases"] = {name: cases[name] for name in evidence.CASES}
    return results


# The fingerprint: what the committed race depended on, in parts, so that a failing test can
# say which one changed. Each part is a SHA-256 of exact values (canonical JSON, or array
# bytes), except the initial weights: on other CPUs (and in other thread counts) an LSTM's
# orthogonal initialiser (a QR decomposition) may differ in the last bits, so their part is
# two sums per model, compared to a relative 1e-5.
PARTS = ("spec", "data", "cases", "models", "training")
"""The exactly hashed parts of :func:`fingerprint`, in the order a mismatch is reported."""


def _sha(*chunks: bytes | str) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk.encode() if isinstance(chunk, str) else chunk)
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _spec_part() -> str:
    """The specification's constants, and each case's training settings."""
    constants = {
        **evidence.spec(),
        "cases": list(evidence.CASES),
        "networks": list(evidence.NETWORKS),
        "every": evidence.EVERY,
        "half_hourly": evidence.HALF_HOURLY,
        "fit_for": {name: evidence.fit_for(name) for name in evidence.CASES},
    }
    return _sha(_canonical(constants))


def _data_part() -> str:
    """The bytes of the data files the race reads (their SHA-256)."""
    files = {}
    for name in ("electricity_demand", "sunspots"):
        filename = data.dataset_info(name).filename
        files[filename] = data.sha256(data.default_data_dir() / filename)
    return _sha(_canonical(files))


def _case_bytes(case: Case) -> list[bytes | str]:
    arrays = [case.X_train, case.y_train, case.X_val, case.y_val, case.X_test, case.y_test]
    arrays += [case.X_roll, case.y_roll, case.train_series, case.scaler.mean, case.scaler.scale]
    chunks: list[bytes | str] = [
        _canonical([case.name, case.season, case.units, case.seasons, case.scaler.n_fitted])
    ]
    for array in arrays:
        if array is None:
            chunks.append("none")
        else:
            array = np.asarray(array, dtype=np.float32)
            chunks += [str(array.shape), np.ascontiguousarray(array).tobytes()]
    for part in sorted(case.origins):
        chunks += [part, np.asarray(case.origins[part], dtype=np.int64).tobytes()]
    return chunks


def _cases_part() -> str:
    """Every raced case's windows, targets, origins and scaler (float32 bytes)."""
    chunks: list[bytes | str] = []
    for name in evidence.CASES:
        chunks += [name, *_case_bytes(evidence.case_for(name))]
    return _sha(*chunks)


def _builders() -> dict[str, Callable[[], keras.Model]]:
    """Every builder the race trains: each network at every ladder size (the search), and
    the entrants of the cases whose networks are not picked by the search."""
    builders = {
        f"search/{kind}/{size}": evidence.network(kind, *evidence.LADDER[size])
        for kind in evidence.NETWORKS
        for size in evidence.LADDER
    }
    for name in ("matched", "demand_30min", "sunspots", "SYNTHETIC"):
        for entrant, build in evidence.entrants_for(name).items():
            builders[f"{name}/{entrant}"] = build
    return builders


def _layer_config(value: Any) -> Any:
    """A layer's config without its automatic name (which counts the layers built so far)."""
    if isinstance(value, dict):
        is_layer = "trainable" in value
        return {k: _layer_config(v) for k, v in value.items() if not (is_layer and k == "name")}
    if isinstance(value, list | tuple):
        return [_layer_config(v) for v in value]
    return value


def _models() -> tuple[str, dict[str, list[float]]]:
    """The builders' architectures (hashed) and their initial weights at seed 0 (two sums)."""
    described, weights = [], {}
    for key, build in _builders().items():
        keras.utils.set_random_seed(0)
        model = build()
        layers = [
            [type(layer).__name__, _layer_config(layer.get_config())]
            + [list(w.shape) for w in layer.weights]
            for layer in model.layers
        ]
        described.append([key, model.count_params(), layers])
        values = [np.asarray(w, dtype=np.float64).ravel() for w in model.get_weights()]
        flat = np.concatenate(values)
        weights[key] = [float(flat.sum()), float((flat**2).sum())]
    return _sha(_canonical(described)), weights


def _training_part() -> str:
    """What :func:`tutorial_utils.training.fit_model` compiles with, read off a real call."""
    seen: dict[str, Any] = {}

    class Compiled(Exception):
        pass

    def record(**kwargs: Any) -> None:
        seen.update(kwargs)
        raise Compiled

    model = keras.Sequential([keras.Input((4, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    model.compile = record
    X, y = np.zeros((2, 4, 1), "float32"), np.zeros((2, 2), "float32")
    try:
        training.fit_model(model, X, y, X, y, **evidence.FIT)
    except Compiled:
        pass
    optimizer = seen.pop("optimizer")
    settings = {
        **{k: v for k, v in seen.items() if v is not None},  # metrics=None: no metrics
        # Keras names each new optimizer (adam, adam_1, ...): the name says nothing about training.
        "optimizer": [
            type(optimizer).__name__,
            {k: v for k, v in optimizer.get_config().items() if k != "name"},
        ],
        "steps_per_call": training.STEPS_PER_CALL,
    }
    return _sha(_canonical(settings))


def fingerprint(*, models: bool = True) -> dict[str, Any]:
    """What the race depended on: one SHA-256 per part of :data:`PARTS`, and the initial weights.

    ``spec``: the specification's constants (seeds, ladder, budget, ridges, stopping rule,
    batch, epochs cap, learning rate, each case's training settings); ``data``: the bytes of
    the data files read; ``cases``: every case's windows, targets, origins and scaler (float32
    bytes); ``models``: every raced builder's layers, their configs (initialisers included)
    and weight shapes, and its parameter count, the same on every backend; ``training``: what
    ``fit_model`` compiles with (optimizer class and config, loss, steps per call, XLA).
    ``weights``: each builder's initial weights at seed 0 as ``[sum, sum of squares]``, with
    the ``backend`` that drew them (another backend draws others). A few seconds on
    TensorFlow; ``models=False`` leaves out ``models`` and ``weights`` (building the 30
    models takes over a minute on JAX).
    """
    parts: dict[str, Any] = {
        "spec": _spec_part(),
        "data": _data_part(),
        "cases": _cases_part(),
        "training": _training_part(),
    }
    if models:
        parts["models"], sums = _models()
        parts["weights"] = {"backend": keras.backend.backend(), "sums": sums}
    return parts


def _same_weights(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Equal initial weights: the same builders, each sum equal to a relative 1e-5."""
    a, b = old.get("sums", {}), new.get("sums", {})
    return sorted(a) == sorted(b) and all(
        math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-6)
        for key in a
        for x, y in zip(a[key], b[key], strict=True)
    )


def fingerprint_changes(stored: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """The parts of ``now`` (a :func:`fingerprint`) that differ from the ``stored`` one.

    Only the parts ``now`` has are compared; the weights only when both were drawn on the
    same backend.

    Example:
        >>> old = {"spec": "a", "data": "b", "weights": {"backend": "jax", "sums": {"m": [1.0]}}}
        >>> fingerprint_changes(old, {"spec": "a", "data": "c"})
        ['data']
        >>> fingerprint_changes(old, {**old, "weights": {"backend": "jax", "sums": {"m": [1.1]}}})
        ['weights']
    """
    changed = [part for part in PARTS if part in now and stored.get(part) != now[part]]
    old, new = stored.get("weights", {}), now.get("weights")
    if new is not None and old.get("backend") == new["backend"] and not _same_weights(old, new):
        changed.append("weights")
    return changed


def check_fingerprint(results: Mapping[str, Any], *, models: bool = True) -> None:
    """Raise ``ValueError`` naming what changed, and the command to re-run, unless the
    fingerprint stored in ``results`` is today's code's (:func:`fingerprint`)."""
    stored = results.get("meta", {}).get("fingerprint")
    if stored is None:
        raise ValueError(f"the results file has no fingerprint; re-run the race: {RERUN}")
    changed = fingerprint_changes(stored, fingerprint(models=models))
    if changed:
        raise ValueError(
            f"the committed race ({evidence.RESULTS.name}) was run with another "
            f"{', '.join(changed)} than today's code ({', '.join(WHAT[c] for c in changed)}). "
            f"Re-run the race: {RERUN} ({results['meta'].get('minutes')} minutes last time), "
            "then re-execute notebooks 05 and "
            "05b and read their claim cells (evidence/README.md)."
        )


WHAT = {
    "spec": "seeds, ladder, budget, ridges, stopping rule or a case's training settings",
    "data": "the bytes of a data file",
    "cases": "the windows, targets, origins or scaler of a case",
    "models": "a builder's layers, configs, shapes or parameter count",
    "training": "what fit_model compiles with",
    "weights": "the initial weights at seed 0",
}
"""What each part of the fingerprint covers, for the message of :func:`check_fingerprint`."""
