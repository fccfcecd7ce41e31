"""The portable-output rule: no output nbval compares may depend on the machine that ran it.

Strict nbval compares each cell's printed text with the committed text. Some figures are
exact on one CPU and not on another: a difference at rounding level (``2.4e-07`` here,
``0.0e+00`` on an AMD EPYC), which depends on the instruction set, the thread count, oneDNN
and XLA; a library's patch version (the lock pins it, ``pyproject.toml`` allows a range);
Keras' automatic layer names (``time_distributed_21``), which count every layer made before
in the kernel and change when a cell is added above. A cell whose output is compared prints
the *claim* it asserts instead (``max abs difference < 1e-5: True``), and the assertion stays
in the cell. Figures that truly vary (training results, timings, memory peaks) belong in a
cell tagged ``nbval-ignore-output``, followed by a cell that asserts what the prose says.

This test reads the committed notebooks (nothing is run) and fails with the notebook, the
cell and the fix. CONTRIBUTING.md and README.md ("How the tests work") state the rule.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "solutions").glob("*.ipynb")
)
# Tags under which nbval does not compare a cell's output (nbval's own names).
UNCOMPARED_TAGS = {"nbval-ignore-output", "nbval-skip"}

# A float in scientific notation: the exponent decides whether it is at rounding level.
SCIENTIFIC = re.compile(r"(?<![\w.])[-+]?(\d+(?:\.\d+)?)[eE]([-+]?\d+)(?![\w.])")
# A fixed-point float below 1e-3 printed with more digits than it has meaning: 0.000012, 0.000000.
TINY_FIXED = re.compile(r"(?<![\d.])[-+]?0\.000\d{2,}(?![\d.])")
# A tolerance printed as a bound is a claim, not a measurement: "< 1e-5", "better than 1e-5".
BOUND_BEFORE = re.compile(
    r"(<|<=|≤|than|within|below|under|tol|tolerance|atol|rtol|to)\s*=?\s*\(?\s*$", re.IGNORECASE
)
PATCH_VERSION = re.compile(
    r"\b(keras|tensorflow|numpy|jax|jaxlib|matplotlib)\s*(\d+\.\d+\.\d+)", re.IGNORECASE
)
# Keras names a layer it was not given a name for after its class, counting up in the kernel.
AUTO_NAME = re.compile(
    r"\b(sequential|functional|time_distributed|fold_time_distributed|conv1d|conv2d|conv_lstm1d"
    r"|lstm|gru|dense|max_pooling1d|average_pooling1d|global_average_pooling1d|flatten|reshape"
    r"|input_layer|batch_normalization|dropout)_\d+\b"
)


def compared_text(cell: dict) -> str:
    """The text nbval compares for one code cell: stdout and plain-text results (not stderr)."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream" and output.get("name") == "stdout":
            parts.append("".join(output["text"]))
        elif output["output_type"] in ("execute_result", "display_data"):
            parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def problems_in(text: str) -> list[tuple[str, str]]:
    """Each machine-dependent figure in ``text``: (what it is, the text around it)."""
    found = []

    def context(match: re.Match) -> str:
        return text[max(0, match.start() - 40) : match.end() + 10].replace("\n", "⏎")

    for match in SCIENTIFIC.finditer(text):
        mantissa, exponent = float(match[1]), int(match[2])
        rounding_level = mantissa == 0 or exponent <= -4
        if rounding_level and not BOUND_BEFORE.search(text[: match.start()]):
            found.append(("a rounding-level float", context(match)))
    for match in TINY_FIXED.finditer(text):
        if not BOUND_BEFORE.search(text[: match.start()]):
            found.append(("a rounding-level float", context(match)))
    for match in PATCH_VERSION.finditer(text):
        found.append(("a library's patch version", context(match)))
    for match in AUTO_NAME.finditer(text):
        found.append(("a Keras automatic layer name", context(match)))
    return found


FIXES = {
    "a rounding-level float": "print the claim at the tolerance the cell asserts, e.g. "
    "f'max abs difference < 1e-5: {diff < 1e-5}', and keep the assert",
    "a library's patch version": "print major.minor (keras.__version__.rsplit('.', 1)[0]), "
    "which pyproject.toml fixes, or tag the cell nbval-ignore-output",
    "a Keras automatic layer name": "give the layers or model a name= (or print the class), "
    "so the output does not depend on how many layers the kernel made before",
}


def test_the_rule_sees_the_figures_that_broke_a_fresh_clone():
    # The committed output of solutions/07 on 2026-12-02 and what the AMD machine printed.
    assert problems_in("max abs difference: 2.4e-07\n")[0][0] == "a rounding-level float"
    assert problems_in("max abs difference: 0.0e+00\n")
    assert problems_in("max |TimeDistributed - slice by slice| = 0.000000\n")
    assert problems_in("Keras 3.15.1\n")[0][0] == "a library's patch version"
    assert problems_in("First problem: layer 'time_distributed_21' (TimeDistributed)")
    # What a portable cell prints instead passes, and so do ordinary figures.
    for fine in [
        "max abs difference < 1e-5: True",
        "agree to better than 1e-5",
        "equal to training in one process to within 1e-4",
        "MAE 461.8 MW, 1.2e+03 samples, learning rate 0.001, Keras 3.15",
        "layer 'conv' (Conv1D), Total params: 10,465 (40.88 KB)",
    ]:
        assert problems_in(fine) == [], fine


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_compared_outputs_do_not_depend_on_the_machine(path):
    cells = json.loads(path.read_text())["cells"]
    report = []
    code_index = -1  # nbval's "Cell N" counts code cells only
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        code_index += 1
        if UNCOMPARED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for what, around in problems_in(compared_text(cell)):
            report.append(
                f"  nbval Cell {code_index} (cell {index} of the file) prints {what}: "
                f"...{around}...\n    fix: {FIXES[what]}"
            )
    assert not report, (
        f"{path.parent.name}/{path.name}: compared outputs that another CPU, thread count or "
        "library patch can change (strict nbval would fail there):\n" + "\n".join(report)
    )
