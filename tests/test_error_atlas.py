"""The error atlas (notebooks/04b_error_atlas.ipynb), its index, and the Keras bug it documents.

- nbval really compares the *message* of a cell that must raise, so an atlas message that a
  Keras upgrade changes makes CI fail (proved on a tiny notebook);
- every entry's message is in the committed outputs, and docs/errors.md is in step with them;
- the ``n_seq = None`` bug of Keras 3's TimeDistributed is pinned: when an upgrade fixes it,
  a test here fails and says what to update; FoldTimeDistributed is right meanwhile.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
from isolated_nbval import one_cell_notebook, run_nbval

from tutorial_utils.layers import FoldTimeDistributed

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "notebooks" / "04b_error_atlas.ipynb"

_spec = importlib.util.spec_from_file_location("error_index", ROOT / "scripts" / "error_index.py")
error_index = importlib.util.module_from_spec(_spec)
sys.modules["error_index"] = error_index
_spec.loader.exec_module(error_index)


def _cells() -> list[dict]:
    return json.loads(ATLAS.read_text(encoding="utf-8"))["cells"]


def test_the_atlas_has_at_least_twenty_distinct_entries_each_with_its_message():
    entries = error_index.read_entries()
    assert len(entries) >= 20
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    assert len({e.title for e in entries}) == len(entries)
    assert all(e.message for e in entries)
    silent = [e for e in entries if e.message.startswith("no error")]
    assert 4 <= len(silent) < len(entries) / 2, "mostly real errors, some silent wrong results"


def test_every_cell_that_must_raise_has_its_error_committed():
    must_raise = [c for c in _cells() if "raises-exception" in c["metadata"].get("tags", [])]
    assert len(must_raise) >= 18
    for cell in must_raise:
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        assert len(errors) == 1 and errors[0]["evalue"], "".join(cell["source"])


def test_the_committed_index_is_in_step_with_the_notebook():
    committed = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert committed == error_index.build(), (
        "docs/errors.md is out of step with notebooks/04b_error_atlas.ipynb: run "
        "`make errors-index` (python scripts/error_index.py) and commit the result"
    )


def test_the_index_names_the_messages_learners_search_for():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for phrase in (
        "Negative dimension size caused by subtracting 3 from 1",
        "expected ndim=3, found ndim=2",
        "No module named 'keras.layers.wrappers'",
        "Creating variables on a non-first call to a function decorated with tf.function",
        "Data cardinality is ambiguous",
        "out of bounds",
    ):
        assert phrase in text, phrase


def _raising_cell(stored_message: str) -> dict:
    """A cell that raises ValueError('today's message'), its error stored as given."""
    return {
        "metadata": {"tags": ["raises-exception"]},
        "source": ['raise ValueError("today\'s message")'],
        "outputs": [
            {
                "output_type": "error",
                "ename": "ValueError",
                "evalue": stored_message,
                "traceback": ["(not compared)"],
            }
        ],
    }


@pytest.mark.slow  # trains or starts a kernel: seconds; `make unit` skips it
@pytest.mark.skipif(
    keras.backend.backend() != "tensorflow",
    reason="nbval's behaviour on a plain Python error: the same under every backend",
)
def test_nbval_compares_the_message_of_a_cell_tagged_raises_exception(tmp_path):
    """The atlas relies on this: a changed message, not only a missing error, fails nbval."""
    same = one_cell_notebook(tmp_path / "same.ipynb", _raising_cell("today's message"))
    changed = one_cell_notebook(tmp_path / "changed.ipynb", _raising_cell("yesterday's message"))
    assert run_nbval(same).returncode == 0
    result = run_nbval(changed)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "yesterday's message" in result.stdout


def _open_outer_axis(wrapper) -> keras.Model:
    keras.utils.set_random_seed(0)
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(None, 8, 1)),
            wrapper(layers.Conv1D(4, 3)),
            wrapper(layers.MaxPooling1D(2)),
            wrapper(layers.Flatten()),
        ]
    )


def _batches():
    rng = np.random.default_rng(0)
    return [rng.normal(size=(*shape, 8, 1)).astype("float32") for shape in ((5, 7), (3, 6), (9, 6))]


@pytest.mark.skipif(
    keras.backend.backend() != "tensorflow", reason="the bug is in the TensorFlow code path"
)
def test_keras_time_distributed_bug_with_an_unknown_outer_axis_is_still_there():
    """Pins Keras 3.15's behaviour that atlas entries 23 and 24 show.

    If this test fails, a Keras upgrade changed TimeDistributed with n_seq=None: rewrite
    entries 23-24 of notebooks/04b_error_atlas.ipynb, the porting section and GUIDE facts,
    then regenerate docs/errors.md (make errors-index) and update or drop this test.
    """
    model = _open_outer_axis(keras.layers.TimeDistributed)
    week, six_days, many = _batches()
    assert model.predict(week, verbose=0).shape == (5, 7, 12)  # first trace: static, right
    cut = model.predict(six_days, verbose=0).shape
    assert tuple(model(six_days).shape) == (3, 6, 12)  # eager: right
    failed = None
    try:
        model.predict(many, verbose=0)
    except Exception as err:  # the type is part of what is pinned below
        failed = err
    fixed = cut == (3, 6, 12) and failed is None
    assert not fixed, (
        f"Keras {keras.__version__} fixed TimeDistributed with an unknown outer axis: update "
        "the error atlas (notebooks/04b_error_atlas.ipynb, entries 23-24 and the porting "
        "section), regenerate docs/errors.md, and then update this test"
    )
    assert cut == (3, 3, 12), f"the bug changed form: predict returned {cut}; update the atlas"
    assert type(failed).__name__ == "InvalidArgumentError" and "out of bounds" in str(failed), (
        f"the bug changed form ({type(failed).__name__}: {str(failed)[:200]}); update the atlas"
    )


@pytest.mark.parametrize("call", ["predict", "eager"])
def test_fold_time_distributed_is_right_with_an_unknown_outer_axis(call):
    model = _open_outer_axis(FoldTimeDistributed)
    reference = _open_outer_axis(keras.layers.TimeDistributed)
    reference.set_weights(model.get_weights())
    for batch in _batches():
        out = (
            model.predict(batch, verbose=0)
            if call == "predict"
            else keras.ops.convert_to_numpy(model(batch))
        )
        assert out.shape == (batch.shape[0], batch.shape[1], 12)
        np.testing.assert_allclose(out, keras.ops.convert_to_numpy(reference(batch)), atol=1e-5)
