"""Rebuild the CSV files in ``data/`` from the packages that ship the originals.

Maintainers run this once, by hand, when a data file has to be rebuilt; the course
never runs it (run-time loading never touches the network). It expects the three
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


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    taylor(source, target)
    sunspots(source, target)
    greensboro(source, target)
