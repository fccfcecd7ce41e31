"""data.load_csv: a CSV of your own becomes the same Series as a shipped one; what is missing
is kept and reported, what cannot be a series is refused with the line and the fix."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import data, gaps


def write(tmp_path, text, name="mine.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


WEEKLY = (
    "week,co2,station\n"
    "2024-01-01,400.5,A\n"
    "2024-01-08,,A\n"
    "2024-01-15,401.25,A\n"
    "2024-01-22,n/a,A\n"
    "2024-02-05,402.0,A\n"
)


def test_weekly_file_with_blank_cells_and_a_gap_is_loaded_and_reported(tmp_path):
    path = write(tmp_path, WEEKLY)
    before = path.read_bytes()
    series = data.load_csv(path, time_column="week")
    assert isinstance(series, data.Series)
    assert series.name == "mine"
    assert series.columns == ("co2",)  # the text column is not a value column
    assert series.step == np.timedelta64(7, "D")
    np.testing.assert_array_equal(series.values, [400.5, np.nan, 401.25, np.nan, 402.0])
    assert series.timestamps[0] == np.datetime64("2024-01-01")
    assert series.gaps == (
        gaps.Gap(np.datetime64("2024-01-22"), np.datetime64("2024-02-05"), missing=1),
    )
    assert series.notes == (
        "1 missing time step in 1 gap; the first after 2024-01-22 (line 5).",
        "2 blank or non-numeric cells kept as NaN; the first at line 3, column 'co2': ''.",
    )
    # It goes straight to the grid helpers like a shipped series.
    grid, values = gaps.to_regular_grid(series.timestamps, series.values, series.step)
    assert len(grid) == 6 and np.isnan(values).sum() == 3
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"]


def test_monthly_dates_become_months_and_columns_keep_their_order(tmp_path):
    path = write(
        tmp_path,
        "date,b,a\n2020-01-01,1,10\n2020-02-01,2,20\n2020-03-01,3,30\n2020-04-01,4,40\n",
    )
    series = data.load_csv(path, time_column="date", value_columns=["a", "b"])
    assert series.step == np.timedelta64(1, "M")
    assert series.timestamps.dtype == np.dtype("datetime64[M]")
    assert series.values.shape == (4, 2)
    np.testing.assert_array_equal(series.values[:, 0], [10, 20, 30, 40])
    assert series.gaps == () and series.notes == ()
    one = data.load_csv(path, time_column="date", value_columns="b")
    assert one.values.shape == (4,)


def test_a_wide_year_by_month_table_is_loaded_with_a_note_not_refused(tmp_path):
    months = ",".join(f"m{m}" for m in range(1, 13))
    lines = [f"year,{months}"] + [
        f"{y}," + ",".join(str(m) for m in range(1, 13)) for y in (2001, 2002)
    ]
    series = data.load_csv(write(tmp_path, "\n".join(lines) + "\n"), time_column="year")
    assert series.values.shape == (2, 12) and series.step == np.timedelta64(1, "Y")
    assert len(series.notes) == 1
    assert "12 value columns" in series.notes[0] and "not 12 features" in series.notes[0]
    assert "'Your own series'" in series.notes[0]
    # Four quarters get the same note; yearly data with two measurements, and monthly data
    # with twelve columns, get none.
    quarters = "year,q1,q2,q3,q4\n2001,1,2,3,4\n2002,5,6,7,8\n"
    quarterly = data.load_csv(write(tmp_path, quarters, "q.csv"), time_column="year")
    assert "quarters of each year" in quarterly.notes[0]
    two = data.load_csv(
        write(tmp_path, "year,a,b\n2001,1,2\n2002,3,4\n", "t.csv"), time_column="year"
    )
    assert two.notes == ()
    monthly = [f"date,{months}"] + [f"2001-0{m}-01," + ",".join("1" * 12) for m in (1, 2)]
    wide_monthly = data.load_csv(
        write(tmp_path, "\n".join(monthly) + "\n", "m.csv"), time_column="date"
    )
    assert wide_monthly.notes == ()


def test_datetimes_with_a_space_and_a_given_step(tmp_path):
    path = write(
        tmp_path,
        "t,v\n2020-01-01 00:00,1\n2020-01-01 01:00,2\n2020-01-01 04:00,3\n",
    )
    series = data.load_csv(path, time_column="t", step=np.timedelta64(1, "h"))
    assert series.step == np.timedelta64(1, "h")
    assert series.gaps[0].missing == 2
    # Inferred, the step would be the most common spacing; here a tie picks the smaller.
    assert data.load_csv(path, time_column="t").step == np.timedelta64(1, "h")


def test_no_such_time_column(tmp_path):
    path = write(tmp_path, WEEKLY)
    with pytest.raises(ValueError, match=r"no column 'date'; its columns are \['week', 'co2'"):
        data.load_csv(path, time_column="date")


def test_no_such_value_column(tmp_path):
    path = write(tmp_path, WEEKLY)
    with pytest.raises(ValueError, match=r"no value column\(s\) \['ppm'\].*Pass names"):
        data.load_csv(path, time_column="week", value_columns=["ppm"])


def test_a_text_column_asked_for_is_refused(tmp_path):
    path = write(tmp_path, WEEKLY)
    with pytest.raises(ValueError, match=r"column 'station' of mine.csv holds no number"):
        data.load_csv(path, time_column="week", value_columns="station")


def test_no_numeric_column_at_all(tmp_path):
    path = write(tmp_path, "day;value\n2020-01-01;1\n", name="semi.csv")
    # A semicolon file read as one column: the message points at the delimiter.
    with pytest.raises(ValueError, match=r"no column of numbers.*delimiter is a comma"):
        data.load_csv(path, time_column="day;value")
    path = write(tmp_path, "day,name\n2020-01-01,x\n2020-01-02,y\n")
    with pytest.raises(ValueError, match=r"no column of numbers besides 'day'.*delimiter"):
        data.load_csv(path, time_column="day")


def test_unparseable_time_names_the_line(tmp_path):
    path = write(tmp_path, "day,v\n2020-01-01,1\n01/02/2020,2\n")
    with pytest.raises(ValueError, match=r"line 3: the time column 'day' holds '01/02/2020'.*ISO"):
        data.load_csv(path, time_column="day")
    path = write(tmp_path, "day,v\n20200101,1\n")  # NumPy alone would read a year 20200101
    with pytest.raises(ValueError, match=r"line 2.*looks like YYYYMMDD: write it 2020-01-01"):
        data.load_csv(path, time_column="day")
    path = write(tmp_path, "day,v\n2020-01-01T00:00-05:00,1\n")
    with pytest.raises(ValueError, match=r"line 2.*no time zone"):
        data.load_csv(path, time_column="day")
    path = write(tmp_path, "day,v\n2020-01-01T00:00Z,1\n")
    with pytest.raises(ValueError, match=r"line 2.*no time zone"):
        data.load_csv(path, time_column="day")


def test_duplicate_and_backward_times_name_both_lines(tmp_path):
    path = write(tmp_path, "day,v\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n")
    with pytest.raises(ValueError, match=r"line 4 \(2020-01-02\) repeats line 3.*duplicate"):
        data.load_csv(path, time_column="day")
    path = write(tmp_path, "day,v\n2020-01-02,1\n2020-01-01,2\n")
    with pytest.raises(ValueError, match=r"line 3 \(2020-01-01\) comes before line 2.*Sort"):
        data.load_csv(path, time_column="day")


def test_times_off_the_grid_are_refused(tmp_path):
    path = write(tmp_path, "day,v\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-01-04T12,4\n")
    with pytest.raises(ValueError, match=r"regular grid of 24 hours: from line 4.*36 hours"):
        data.load_csv(path, time_column="day")


def test_wrong_types_and_missing_file(tmp_path):
    path = write(tmp_path, WEEKLY)
    with pytest.raises(TypeError, match="time_column must be a column name"):
        data.load_csv(path, time_column=0)
    with pytest.raises(TypeError, match=r"step must be a numpy.timedelta64"):
        data.load_csv(path, time_column="week", step="7D")
    with pytest.raises(FileNotFoundError, match="no CSV file at"):
        data.load_csv(tmp_path / "nope.csv", time_column="week")
    with pytest.raises(ValueError, match="step must be a positive"):
        data.load_csv(path, time_column="week", step=np.timedelta64(0, "D"))
    with pytest.raises(ValueError, match="empty"):
        data.load_csv(write(tmp_path, "", name="empty.csv"), time_column="week")


def test_unknown_dataset_points_to_load_csv():
    with pytest.raises(ValueError, match=r"load_csv\(path, time_column=\.\.\.\).*NumPy arrays"):
        data.load_series("my_sales")
