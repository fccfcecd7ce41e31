"""The one table printer of the course: aligned plain text for ``print``, or GitHub markdown.

Used by ``evaluate.ResultsTable``, ``models.format_shape_table`` and the ``benchmarks/``
scripts, so every table the course prints looks the same. Plain ASCII, so a table reads
the same in a terminal, a notebook and a diff. NumPy-free, Keras-free: the standard library.

Example:
    >>> print(format_table(["model", "MAE"], [["naive", "1.50"], ["lstm", "0.75"]], right=[1]))
    model   MAE
    -----  ----
    naive  1.50
    lstm   0.75
    >>> print(format_table(["model", "MAE"], [["naive", "1.50"]], markdown=True))
    | model | MAE |
    | --- | --- |
    | naive | 1.50 |
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

__all__ = ["format_table"]


def format_table(
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    right: Collection[int] = (),
    footer: Sequence[object] | None = None,
    markdown: bool = False,
) -> str:
    """Lay out ``rows`` under ``header``, every cell shown with ``str``.

    Args:
        header: one name per column.
        rows: the body, each row as long as ``header``.
        right: positions of the columns to right-align (numbers); the others are left-aligned.
        footer: an optional last row (a total), set off by a second rule in plain text.
        markdown: a GitHub markdown table instead of aligned text (``right`` is then ignored).

    Returns:
        The table as one string without a trailing newline; no line ends in spaces.

    Raises:
        ValueError: a row (or the footer) has another number of cells than the header.
    """
    head = [str(cell) for cell in header]
    body = [[str(cell) for cell in row] for row in rows]
    tail = [[str(cell) for cell in footer]] if footer is not None else []
    for row in (*body, *tail):
        if len(row) != len(head):
            raise ValueError(
                f"every row must have {len(head)} cells, one per column of the header {head}; "
                f"got {len(row)}: {row}."
            )
    if markdown:
        return "\n".join(
            "| " + " | ".join(cells) + " |" for cells in (head, ["---"] * len(head), *body, *tail)
        )
    widths = [max(len(row[i]) for row in (head, *body, *tail)) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    lines = [line(head), rule, *(line(row) for row in body)]
    if tail:
        lines += [rule, line(tail[0])]
    return "\n".join(lines)
