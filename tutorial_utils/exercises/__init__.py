"""Checks for the exercises at the end of each notebook.

Every check takes your answer, prints ``Correct: ...`` or ``Not yet: <a hint>`` and returns
``True`` or ``False``. A check never raises and never prints the expected answer: an answer of
the wrong type or shape gets a hint too. ``None`` and ``...`` both mean "not answered yet", and
a whole number counts whatever its type (``8``, ``8.0``, ``np.int64(8)``). Worked solutions are
in ``solutions/``.

One module per lesson (``lesson_03`` holds notebook 03's checks); the notebooks call them all
from here, as ``exercises.check_03_shape_trace(...)``. Every check is written with the
decorator ``_common.exercise``, which keeps those promises for all of them;
``tests/test_exercises_junk.py`` calls every ``check_*`` in ``__all__`` with junk answers.

Example:
    >>> check_01_windows_left(...)
    Not yet: replace ... with your answer, a whole number.
    False
"""

from tutorial_utils.exercises.lesson_00 import check_00_half_hours_per_week, check_00_no_daily_cycle
from tutorial_utils.exercises.lesson_01 import check_01_test_windows, check_01_windows_left
from tutorial_utils.exercises.lesson_01b import check_01b_weather_scaler, check_01b_weekday_peak
from tutorial_utils.exercises.lesson_02 import check_02_nest_function, check_02_trim_and_nest
from tutorial_utils.exercises.lesson_02b import check_02b_weather_week
from tutorial_utils.exercises.lesson_03 import (
    EX03_CONFIG,
    check_03_fold_apply,
    check_03_lstm_params,
    check_03_min_n_steps,
    check_03_shape_trace,
)
from tutorial_utils.exercises.lesson_04 import (
    PITFALL_SYMPTOMS_04,
    check_04_border_n_seq,
    check_04_diagnosis,
    check_04_fixed_model,
    check_04_nesting,
)
from tutorial_utils.exercises.lesson_04b import (
    BROADCAST_04B,
    MESSAGES_04B,
    check_04b_broadcast_loss,
    check_04b_port,
    check_04b_which_entry,
)
from tutorial_utils.exercises.lesson_04c import (
    CHANGES_04C,
    LAST_04C,
    SERIES_04C,
    check_04c_above_training,
    check_04c_changes,
    check_04c_undo_differences,
)
from tutorial_utils.exercises.lesson_05 import (
    SCENARIOS_05,
    check_05_week_back_mase,
    check_05_when_to_nest,
)
from tutorial_utils.exercises.lesson_05b import check_05b_naive_mase
from tutorial_utils.exercises.lesson_06 import (
    LAYERS_06,
    check_06_call_counts,
    check_06_layers_that_differ,
)
from tutorial_utils.exercises.lesson_07 import (
    KERNEL_07,
    check_07_border_windows,
    check_07_conv2d_kernel,
    check_07_kernel_shape,
    check_07_patch_count,
)
from tutorial_utils.exercises.lesson_08 import (
    check_08_aligned_dataset,
    check_08_global_batch,
    check_08_window_gigabytes,
)
from tutorial_utils.exercises.lesson_09 import (
    SPLITS_09,
    check_09_centroid_other_pair,
    check_09_leaky_splits,
    check_09_sub_window_lengths,
)
from tutorial_utils.exercises.lesson_10 import (
    CASE_10,
    check_10_calendar_windows,
    check_10_relative_least_squares,
    check_10_wide_to_long,
)

__all__ = [
    "BROADCAST_04B",
    "CASE_10",
    "CHANGES_04C",
    "EX03_CONFIG",
    "KERNEL_07",
    "LAST_04C",
    "LAYERS_06",
    "MESSAGES_04B",
    "PITFALL_SYMPTOMS_04",
    "SCENARIOS_05",
    "SERIES_04C",
    "SPLITS_09",
    "check_00_half_hours_per_week",
    "check_00_no_daily_cycle",
    "check_01_test_windows",
    "check_01_windows_left",
    "check_01b_weather_scaler",
    "check_01b_weekday_peak",
    "check_02_nest_function",
    "check_02_trim_and_nest",
    "check_02b_weather_week",
    "check_03_fold_apply",
    "check_03_lstm_params",
    "check_03_min_n_steps",
    "check_03_shape_trace",
    "check_04_border_n_seq",
    "check_04_diagnosis",
    "check_04_fixed_model",
    "check_04_nesting",
    "check_04b_broadcast_loss",
    "check_04b_port",
    "check_04b_which_entry",
    "check_04c_above_training",
    "check_04c_changes",
    "check_04c_undo_differences",
    "check_05_week_back_mase",
    "check_05_when_to_nest",
    "check_05b_naive_mase",
    "check_06_call_counts",
    "check_06_layers_that_differ",
    "check_07_border_windows",
    "check_07_conv2d_kernel",
    "check_07_kernel_shape",
    "check_07_patch_count",
    "check_08_aligned_dataset",
    "check_08_global_batch",
    "check_08_window_gigabytes",
    "check_09_centroid_other_pair",
    "check_09_leaky_splits",
    "check_09_sub_window_lengths",
    "check_10_calendar_windows",
    "check_10_relative_least_squares",
    "check_10_wide_to_long",
]
