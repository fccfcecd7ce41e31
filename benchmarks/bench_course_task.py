"""Training cost of notebook 03's model on the course task, to convergence.

The course task's shapes: the next day (48 half-hours) of electricity demand from the last
week (7 x 48 half-hours), chronological 70/15/15 % split as in notebook 01, scaler fitted on
the training part only, sliding windows. (Notebook 03 splits in whole weeks with
cases.course_case(); the cost per epoch is what this script is for.) The model is the
course's CNN-LSTM (Conv1D 16 k3, MaxPooling 2, Flatten, LSTM 32) with a Dense(48) head. Each
configuration trains until early stopping ends it (patience on the validation loss, best
weights restored), from the same seed, in a fresh process, and reports the epochs used, CPU
and wall-clock seconds, and the test MAE in MW.

    python benchmarks/bench_course_task.py                 # the default configurations
    python benchmarks/bench_course_task.py --runs td:fit_model:128:10 fold:fit_model:128:10

A configuration is ``wrapper:trainer:batch:patience`` with wrapper ``td`` (keras
TimeDistributed) or ``fold`` (tutorial_utils.layers.FoldTimeDistributed) and trainer
``fit_model`` (tutorial_utils.training.fit_model, a cached tf.data pipeline) or ``plain``
(``model.fit`` on NumPy arrays with an EarlyStopping callback, as notebook 03 shows).

On TensorFlow, the configurations of rows S17 (``td:fit_model:128:10`` and
``fold:fit_model:128:10``) and S18 (``fold:plain:64:15`` and ``fold:fit_model:64:15``) of
``benchmarks/figures.csv`` write those rows, when ``--runs`` includes both of a row's
configurations (the defaults include all four). ``--no-record`` prints them only;
``--figures PATH`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from _common import (
    add_figures_options,
    child_backend,
    command_line,
    cpu_seconds,
    machine_lines,
    markdown_table,
    run_child,
    write_figures,
)

DEFAULT_RUNS = (
    "td:fit_model:128:10",
    "fold:fit_model:128:10",
    "fold:plain:64:15",
    "fold:fit_model:64:15",
)

# ---- rows of figures.csv ------------------------------------------------------------------------

ROW_IDS = ("S17", "S18")


def _epochs(a: int, b: int) -> str:
    return f"{a} epochs each" if a == b else f"{a} and {b} epochs"


def figure_rows(measured: dict) -> list[dict[str, str]]:
    """Rows S17 and S18 of figures.csv from one run's measurements.

    ``measured``: ``{"backend": "tensorflow", "runs": {spec: {"epochs", "cpu", "wall", "mae",
    "steps_per_call"}}}`` with ``spec`` as ``--runs`` names it. S17 needs
    ``td:fit_model:128:10`` and ``fold:fit_model:128:10``; S18 ``fold:plain:64:15`` and
    ``fold:fit_model:64:15``; both TensorFlow.
    """
    runs = measured["runs"]
    if measured["backend"] != "tensorflow":
        return []
    rows = []
    td, fold = runs.get("td:fit_model:128:10"), runs.get("fold:fit_model:128:10")
    if td and fold:
        rows.append(
            {
                "id": "S17",
                "what": "`TimeDistributed` vs fold, training to convergence",
                "configuration": "notebook 03's day-ahead CNN-LSTM, 7 × 48, batch 128, "
                f"patience 10, `fit_model` (XLA, {fold['steps_per_call']} batches per call), "
                f"{_epochs(td['epochs'], fold['epochs'])}, CPU time, TensorFlow",
                "value": f"**{td['cpu'] / fold['cpu']:.2f}×** "
                f"({td['cpu']:.1f} vs {fold['cpu']:.1f} CPU s)",
            }
        )
    plain, fit = runs.get("fold:plain:64:15"), runs.get("fold:fit_model:64:15")
    if plain and fit:
        per_plain, per_fit = plain["cpu"] / plain["epochs"], fit["cpu"] / fit["epochs"]
        cost = per_fit / per_plain
        says = f"**{cost:.2f}× the cost**" if cost >= 1 else f"**{1 / cost:.2f}× cheaper**"
        rows.append(
            {
                "id": "S18",
                "what": "`model.fit` on NumPy arrays vs `fit_model`",
                "configuration": "the same model with the fold, 7 × 48, batch 64, patience 15 "
                f"({plain['epochs']} and {fit['epochs']} epochs), CPU s per epoch, compiling "
                "included, TensorFlow",
                "value": f"`fit_model` {says} ({per_fit:.3f} vs {per_plain:.3f} CPU s per epoch)",
            }
        )
    return rows


def child(spec: str) -> None:
    import keras

    from tutorial_utils import data, evaluate, training, windows
    from tutorial_utils.layers import FoldTimeDistributed

    wrapper_name, trainer, batch, patience = spec.split(":")
    batch, patience = int(batch), int(patience)
    demand = data.load_series("electricity_demand")
    train, val, test = windows.split_series(demand.values, train=0.7, val=0.15)
    scaler = windows.fit_scaler(train)
    cut = [windows.make_windows(scaler.transform(p), 336, 48) for p in (train, val, test)]
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = [
        (windows.to_subsequences(X, 7), y) for X, y in cut
    ]
    wrapper = FoldTimeDistributed if wrapper_name == "fold" else keras.layers.TimeDistributed
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(7, 48, 1))
    x = wrapper(keras.layers.Conv1D(16, 3, activation="relu"))(inputs)
    x = wrapper(keras.layers.MaxPooling1D(2))(x)
    x = wrapper(keras.layers.Flatten())(x)
    x = keras.layers.LSTM(32)(x)
    model = keras.Model(inputs, keras.layers.Dense(48)(x))

    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    if trainer == "plain":
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="mse")
        stop = keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=patience, restore_best_weights=True
        )
        history = model.fit(
            X_train,
            y_train,
            validation_data=(X_val, y_val),
            epochs=300,
            batch_size=batch,
            callbacks=[stop],
            verbose=0,
        )
    else:
        history = training.fit_model(
            model,
            X_train,
            y_train,
            X_val,
            y_val,
            epochs=300,
            batch_size=batch,
            patience=patience,
            learning_rate=0.005,
        )
    cpu_s, wall_s = cpu_seconds() - cpu0, time.perf_counter() - wall0
    epochs = len(history.history["val_loss"])
    forecast = scaler.inverse_transform(model.predict(X_test, verbose=0))
    print(
        json.dumps(
            {
                "epochs": epochs,
                "cpu": cpu_s,
                "wall": wall_s,
                "mae": evaluate.mae(scaler.inverse_transform(y_test), forecast),
                "steps_per_call": training.STEPS_PER_CALL if trainer != "plain" else 1,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", nargs="+", default=list(DEFAULT_RUNS))
    add_figures_options(parser)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    machine = [line for line in machine_lines(["tensorflow", "keras", "numpy"]) if line]
    rows, measured = [], {}
    for spec in args.runs:
        result = run_child([__file__, "--child", spec])
        measured[spec] = result
        wrapper, trainer, batch, patience = spec.split(":")
        rows.append(
            (
                wrapper,
                trainer,
                batch,
                patience,
                result["epochs"],
                f"{result['cpu']:.1f}",
                f"{result['cpu'] / result['epochs']:.3f}",
                f"{result['wall']:.1f}",
                f"{result['mae']:.0f}",
            )
        )
        print(f"done: {spec}", file=sys.stderr)
    print("\n".join(machine))
    print()
    header = (
        "wrapper",
        "trainer",
        "batch",
        "patience",
        "epochs",
        "CPU s",
        "CPU s / epoch",
        "wall s",
        "test MAE (MW)",
    )
    print(markdown_table(header, rows))
    write_figures(
        figure_rows({"backend": child_backend(), "runs": measured}),
        ROW_IDS,
        args,
        command_line("bench_course_task.py", sys.argv[1:]),
    )


if __name__ == "__main__":
    main()
