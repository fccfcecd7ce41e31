"""Rebuild the CSV files in ``data/`` from the packages that ship the originals.

Maintainers run this once, by hand, when a data file has to be rebuilt; the course
never runs it (run-time loading never touches the network). It expects the
wheels unpacked side by side in one folder, for example::

    pip download --no-deps pmdarima==2.1.1 statsmodels==0.15.0 pvlib==0.16.1 -d wheels
    cd wheels && for w in *.whl; do unzip -q -o "$w"; done
    python scripts/extract_data.py wheels data

Afterwards update the SHA-256 values in ``data/README.md`` and ``tutorial_utils/data.py``.
"""

from __future__ import annotations

import ast
import csv
import sys
from datetime import datetime, timedelta
from pathlib import Path


def taylor(src: Path, out: Path) -> None:
    """Half-hourly demand: the literal array inside pmdarima/datasets/taylor.py."""
    tree = ast.parse((src / "pmdarima/datasets/taylor.py").read_text())
    values: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "array":
            if node.args and isinstance(node.args[0], ast.List):
                values = [int(ast.literal_eval(v)) for v in node.args[0].elts]
                break
    if len(values) != 4032:
        raise SystemExit(f"expected 4032 taylor values, found {len(values)}")
    start = datetime(2000, 6, 5, 0, 0)
    with (out / "electricity_demand_ew_2000.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["timestamp", "demand_mw"])
        for i, value in enumerate(values):
            writer.writerow([(start + timedelta(minutes=30 * i)).strftime("%Y-%m-%dT%H:%M"), value])


def sunspots(src: Path, out: Path) -> None:
    """Yearly sunspot numbers 1700-2008 from statsmodels' copy of the NGDC file."""
    rows = list(csv.DictReader((src / "statsmodels/datasets/sunspots/sunspots.csv").open()))
    with (out / "sunspots_yearly.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["timestamp", "sunspot_number"])
        for row in rows:
            writer.writerow([int(float(row["YEAR"])), row["SUNACTIVITY"]])


def greensboro(src: Path, out: Path) -> None:
    """Hourly GHI and air temperature from the TMY3 file pvlib ships (723170TYA.CSV)."""
    lines = (src / "pvlib/data/723170TYA.CSV").read_text().splitlines()
    rows = list(csv.DictReader(lines[1:]))  # line 0 is the station header
    # TMY3 stamps each row with the hour it *ends* (01:00 ... 24:00) in local standard time
    # (UTC-5) and a year that differs month by month. We put every row on one nominal
    # non-leap year (2001), stamp it with the hour it *starts*, and keep the true year.
    with (out / "weather_greensboro_tmy3.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["timestamp", "source_year", "ghi_w_m2", "temp_air_c"])
        for row in rows:
            month, day, year = (int(x) for x in row["Date (MM/DD/YYYY)"].split("/"))
            hour_ending = int(row["Time (HH:MM)"].split(":")[0])
            start = datetime(2001, month, day) + timedelta(hours=hour_ending - 1)
            writer.writerow(
                [start.strftime("%Y-%m-%dT%H:%M"), year, row["GHI (W/m^2)"], row["Dry-bulb (C)"]]
            )


def co2(src: Path, out: Path) -> None:
    """Weekly Mauna Loa CO2, 1958-2001, from statsmodels' copy; blank weeks stay blank."""
    rows = list(csv.DictReader((src / "statsmodels/datasets/co2/co2.csv").open()))
    with (out / "co2_mauna_loa_weekly.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["timestamp", "co2_ppm"])
        for row in rows:
            day = datetime.strptime(row["date"], "%Y%m%d").strftime("%Y-%m-%d")
            writer.writerow([day, row["co2"].strip()])


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def elnino(src: Path, out: Path) -> None:
    """Monthly Nino 1+2 sea-surface temperatures, 1950-2010, from statsmodels' copy.

    Kept WIDE as the source has it (one row per year, one column per month): notebook 10
    turns it into one series in time order. Only the header changes (lower case, no quotes);
    every value is copied as written.
    """
    rows = list(csv.reader((src / "statsmodels/datasets/elnino/elnino.csv").open()))
    if [h.lower() for h in rows[0]] != ["year", *MONTHS] or len(rows) != 62:
        raise SystemExit("statsmodels' elnino.csv is not the 61 x 12 table of version 0.15.0")
    with (out / "elnino_sst_wide.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["year", *MONTHS])
        writer.writerows(rows[1:])


SMARTWATCH_RATE_HZ = 50  # what seglearn's docstring says the watch recorded
SMARTWATCH_EVERY = 5  # average 5 readings: 10 Hz
SMARTWATCH_SECONDS = 18  # the shortest of the 140 recordings lasts 18.94 s
SMARTWATCH_CHANNELS = ("ax_g", "ay_g", "az_g", "wx_rad_s", "wy_rad_s", "wz_rad_s")


def smartwatch(src: Path, out: Path) -> None:
    """Smartwatch recordings of shoulder exercises from seglearn's ``watch_dataset.npy``.

    The file is a pickled dict (``X``: 140 arrays of shape (n, 6) at 50 Hz, ``y``: the exercise,
    ``subject``, ``side``: 1 right, 0 left), so it needs ``allow_pickle``: run this only on the
    wheel from PyPI. Every recording is cut to its first 18 s (the shortest one is 18.94 s long,
    so each recording weighs the same) and averaged over blocks of 5 readings (50 Hz to 10 Hz).
    Rows are ordered by subject, exercise (seglearn's order) and arm (right first).
    """
    import numpy as np  # only this extraction needs NumPy

    raw = np.load(src / "seglearn/data/watch_dataset.npy", allow_pickle=True).item()
    names = list(raw["y_labels"])
    if len(raw["X"]) != 140 or names != ["PEN", "ABD", "FEL", "IR", "ER", "TRAP", "ROW"]:
        raise SystemExit("seglearn's watch data is not the 140 recordings of version 1.2.5")
    keep = SMARTWATCH_SECONDS * SMARTWATCH_RATE_HZ
    steps = keep // SMARTWATCH_EVERY
    order = sorted(
        range(len(raw["X"])),
        key=lambda i: (int(raw["subject"][i]), int(raw["y"][i]), -int(raw["side"][i])),
    )
    with (out / "smartwatch_shoulder_exercises.csv").open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["recording", "subject", "arm", "exercise", "t_s", *SMARTWATCH_CHANNELS])
        for number, i in enumerate(order):
            signal = np.asarray(raw["X"][i], dtype=np.float64)
            if len(signal) < keep or signal.shape[1] != 6:
                raise SystemExit(f"recording {i} has shape {signal.shape}, expected (>={keep}, 6)")
            means = signal[:keep].reshape(steps, SMARTWATCH_EVERY, 6).mean(axis=1)
            arm = "right" if raw["side"][i] == 1 else "left"
            for step, row in enumerate(means):
                writer.writerow(
                    [
                        number,
                        int(raw["subject"][i]),
                        arm,
                        names[int(raw["y"][i])],
                        f"{step / 10:.1f}",
                    ]
                    + [f"{v:.3f}" for v in row]
                )


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    taylor(source, target)
    sunspots(source, target)
    greensboro(source, target)
    smartwatch(source, target)
    co2(source, target)
    elnino(source, target)
