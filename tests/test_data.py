"""The data loader: real content, checksums, gaps and clear errors."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from tutorial_utils import data, gaps

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def test_list_datasets_names_every_registered_file():
    assert data.list_datasets() == [
        "co2_mauna_loa",
        "electricity_demand",
        "elnino_sst",
        "sunspots",
        "weather_greensboro",
    ]
    for name in data.list_datasets():
        assert (DATA_DIR / data.dataset_info(name).filename).is_file()


@pytest.mark.parametrize(
    "name", ["co2_mauna_loa", "electricity_demand", "elnino_sst", "sunspots", "weather_greensboro"]
)
def test_registered_checksum_matches_shipped_file_and_readme(name):
    info = data.dataset_info(name)
    content = (DATA_DIR / info.filename).read_bytes()
    assert hashlib.sha256(content).hexdigest() == info.sha256
    # data/README.md must quote the same checksum, so the two cannot drift apart.
    assert info.sha256 in (DATA_DIR / "README.md").read_text()


def test_electricity_demand_is_84_days_of_half_hours():
    demand = data.load_series("electricity_demand")
    assert demand.values.shape == (4032,)
    assert demand.values.dtype == np.float64
    assert np.issubdtype(demand.timestamps.dtype, np.datetime64)
    assert demand.timestamps[0] == np.datetime64("2000-06-05T00:00")
    assert demand.timestamps[-1] == np.datetime64("2000-08-27T23:30")
    assert demand.step == np.timedelta64(30, "m")
    assert demand.gaps == ()
    # First values as printed in pmdarima's docstring for load_taylor().
    np.testing.assert_array_equal(demand.values[:4], [22262.0, 21756.0, 22247.0, 22759.0])
    # A daily cycle is really there: night (04:00) is lower than midday on every day.
    by_day = demand.values.reshape(84, 48)
    assert np.all(by_day[:, 8] < by_day[:, 24])


def test_weather_columns_can_be_chosen_in_order():
    both = data.load_series("weather_greensboro")
    assert both.values.shape == (8760, 2)
    assert both.columns == ("ghi_w_m2", "temp_air_c")
    temp = data.load_series("weather_greensboro", columns="temp_air_c")
    assert temp.values.shape == (8760,)
    assert temp.units == ("degC",)
    np.testing.assert_array_equal(temp.values, both.values[:, 1])
    swapped = data.load_series("weather_greensboro", columns=["temp_air_c", "ghi_w_m2"])
    np.testing.assert_array_equal(swapped.values, both.values[:, ::-1])
    # Irradiance is zero at night, and never negative.
    assert both.values[:, 0].min() == 0.0
    hour_of_day = both.timestamps.astype("datetime64[h]").astype(np.int64) % 24
    assert np.all(both.values[hour_of_day == 2, 0] == 0)


def test_sunspots_are_yearly_1700_to_2008():
    spots = data.load_series("sunspots")
    assert len(spots) == 309
    assert spots.timestamps[0] == np.datetime64("1700")
    assert spots.timestamps[-1] == np.datetime64("2008")
    assert spots.step == np.timedelta64(1, "Y")


def test_co2_is_weekly_rising_with_blank_weeks_kept_as_nan():
    co2 = data.load_series("co2_mauna_loa")
    assert len(co2) == 2284 and co2.step == np.timedelta64(7, "D") and co2.gaps == ()
    assert co2.timestamps[0] == np.datetime64("1958-03-29")
    assert co2.timestamps[-1] == np.datetime64("2001-12-29")
    assert int(np.isnan(co2.values).sum()) == 59
    assert co2.notes == ("59 blank cells kept as NaN.",)
    assert co2.units == ("ppm",)
    # The trend: every value of the last 15 % lies above every value of the first 70 %.
    n = len(co2)
    assert np.nanmin(co2.values[int(0.85 * n) :]) > np.nanmax(co2.values[: int(0.7 * n)])
    # The same file through load_csv gives the same series.
    same = data.load_csv(DATA_DIR / "co2_mauna_loa_weekly.csv", time_column="timestamp")
    np.testing.assert_array_equal(same.values, co2.values)
    np.testing.assert_array_equal(same.timestamps, co2.timestamps)
    assert same.step == co2.step


def test_elnino_is_a_wide_table_of_61_years_by_12_months():
    wide = data.load_series("elnino_sst")
    assert wide.values.shape == (61, 12) and wide.columns[0] == "jan" and wide.columns[-1] == "dec"
    assert str(wide.timestamps[0]) == "1950" and str(wide.timestamps[-1]) == "2010"
    assert not wide.gaps and not np.isnan(wide.values).any()
    assert wide.values[0, 0] == 23.11 and wide.values[-1, -1] == 22.07  # Jan 1950, Dec 2010
    same = data.load_csv(DATA_DIR / "elnino_sst_wide.csv", time_column="year")
    np.testing.assert_array_equal(same.values, wide.values)


def test_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="unknown dataset 'electricity'") as err:
        data.load_series("electricity")
    for name in data.list_datasets():
        assert repr(name) in str(err.value)


def test_name_of_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="must be a str, got int"):
        data.load_series(3)  # type: ignore[arg-type]


def test_unknown_column_lists_the_columns():
    with pytest.raises(ValueError, match=r"has columns \['ghi_w_m2', 'temp_air_c'\]"):
        data.load_series("weather_greensboro", columns="temperature")


def test_missing_file_says_where_it_looked(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        data.load_series("sunspots", data_dir=tmp_path)
    message = str(err.value)
    assert str(tmp_path / "sunspots_yearly.csv") in message
    assert data.DATA_DIR_ENV in message


def test_checksum_mismatch_is_refused(tmp_path):
    original = DATA_DIR / "sunspots_yearly.csv"
    copy = tmp_path / original.name
    shutil.copy(original, copy)
    copy.write_text(copy.read_text().replace("1700,5", "1700,6"))
    with pytest.raises(data.ChecksumError, match="does not have the expected content") as err:
        data.load_series("sunspots", data_dir=tmp_path)
    assert data.dataset_info("sunspots").sha256 in str(err.value)
    assert isinstance(err.value, ValueError)
    # The shipped original is untouched.
    assert hashlib.sha256(original.read_bytes()).hexdigest() == data.dataset_info("sunspots").sha256


def test_data_dir_environment_variable_is_honoured(tmp_path, monkeypatch):
    shutil.copy(DATA_DIR / "sunspots_yearly.csv", tmp_path)
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    assert data.default_data_dir() == tmp_path
    assert len(data.load_series("sunspots")) == 309
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        data.load_series("electricity_demand")


def test_find_gaps_reports_missing_steps():
    t = np.array(
        ["2000-01-01T00:00", "2000-01-01T00:30", "2000-01-01T02:00", "2000-01-01T02:30"],
        dtype="datetime64[m]",
    )
    (gap,) = gaps.find_gaps(t, np.timedelta64(30, "m"))
    assert gap.after == np.datetime64("2000-01-01T00:30")
    assert gap.before == np.datetime64("2000-01-01T02:00")
    assert gap.missing == 2


def test_find_gaps_refuses_unsorted_or_off_grid_index():
    step = np.timedelta64(1, "h")
    backwards = np.array(["2000-01-01T02", "2000-01-01T01"], dtype="datetime64[h]")
    with pytest.raises(ValueError, match="strictly increasing"):
        gaps.find_gaps(backwards, step)
    off_grid = np.array(["2000-01-01T00:00", "2000-01-01T01:30"], dtype="datetime64[m]")
    with pytest.raises(ValueError, match="not on a regular grid"):
        gaps.find_gaps(off_grid, step)
    with pytest.raises(TypeError, match="datetime64"):
        gaps.find_gaps(np.arange(3), step)
