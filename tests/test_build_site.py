"""The static site (`make html`) and the pure parts of the browser check (`make site-check`).

Fast: the site is built for small courses made here (one real notebook, with its figure, and
tiny ones); the real course is only read, to check that every file becomes a page.
"""

from __future__ import annotations

import base64
import doctest
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


build_site = _load_script("build_site")
site_check = _load_script("site_check")  # its `import build_site` finds the one loaded above


def _nav(page_html: str, kind: str) -> list[str]:
    """The targets of the navigation links of one kind (prev, next, index), in page order."""
    tags = re.findall(rf'<a class="site-nav-{kind}"[^>]*>', page_html)
    return [re.search(r'href="([^"]+)"', tag).group(1) for tag in tags]


def _notebook(path: Path, title: str, extra: str = "") -> None:
    code = nbformat.v4.new_code_cell("print(6 * 7)", execution_count=1)
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
    cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\n{extra}"), code]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course as others extend it: an 04b notebook, a solution, two reference pages."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", root / "notebooks")
    _notebook(
        root / "notebooks/04_pitfalls.ipynb",
        "04 · Pitfalls",
        "See [the atlas](04b_atlas.ipynb#top).",
    )
    _notebook(root / "notebooks/04b_atlas.ipynb", "04b · Atlas", "Negative dimension size")
    _notebook(root / "notebooks/07_next.ipynb", "07 · Next", "Back to [04](04_pitfalls.ipynb).")
    _notebook(root / "solutions/04_pitfalls_solutions.ipynb", "04 · Solutions")
    (root / "docs").mkdir()
    (root / "docs/cheatsheet.md").write_text("# Cheat sheet\n\nSee [errors](errors.md).\n")
    (root / "docs/errors.md").write_text("# Error index\n\nValueError: Input 0 of layer\n")
    (root / "README.md").write_text("# The `CNN-LSTM` course\n")
    return root


def test_pages_come_from_the_files_in_course_order(course, tmp_path):
    pages = build_site.build_site(tmp_path / "html", root=course)
    assert [(p.href, p.title) for p in pages] == [
        ("notebooks/00_start_here.html", "00 · Start here"),
        ("notebooks/04_pitfalls.html", "04 · Pitfalls"),
        ("notebooks/04b_atlas.html", "04b · Atlas"),
        ("notebooks/07_next.html", "07 · Next"),
        ("solutions/04_pitfalls_solutions.html", "04 · Solutions"),
        ("docs/cheatsheet.html", "Cheat sheet"),
        ("docs/errors.html", "Error index"),
    ]
    index = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    assert "<title>The CNN-LSTM course</title>" in index
    positions = [index.index(f'<a href="{p.href}">') for p in pages]
    assert positions == sorted(positions), "the contents page lists the pages in order"


def test_previous_next_within_a_section_and_links_become_page_links(course, tmp_path):
    build_site.build_site(tmp_path / "html", root=course)
    html = tmp_path / "html"
    middle = (html / "notebooks/04b_atlas.html").read_text(encoding="utf-8")
    assert _nav(middle, "prev") == ["04_pitfalls.html"] * 2  # top and bottom
    assert _nav(middle, "next") == ["07_next.html"] * 2
    assert _nav(middle, "index") == ["../index.html"] * 2
    solution = (html / "solutions/04_pitfalls_solutions.html").read_text(encoding="utf-8")
    assert _nav(solution, "prev") == [] and _nav(solution, "next") == []
    pitfalls = (html / "notebooks/04_pitfalls.html").read_text(encoding="utf-8")
    assert 'href="04b_atlas.html#top"' in pitfalls and "04b_atlas.ipynb" not in pitfalls
    sheet = (html / "docs/cheatsheet.html").read_text(encoding="utf-8")
    assert 'href="errors.html"' in sheet
    assert _nav(sheet, "next") == ["errors.html"] * 2


def test_a_figure_is_embedded_and_no_script_needs_the_network(course, tmp_path):
    build_site.build_site(tmp_path / "html", root=course)
    page = (tmp_path / "html/notebooks/00_start_here.html").read_text(encoding="utf-8")
    figures = site_check.PNG.findall(page)
    nb = nbformat.read(ROOT / "notebooks/00_start_here.ipynb", as_version=4)
    assert site_check.has_figure(nb) and len(figures) >= 1
    assert base64.b64decode(figures[0]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "require.min.js" not in page and "mathjax" not in page.lower()


def test_search_finds_a_page_by_the_words_it_holds(course, tmp_path):
    build_site.build_site(tmp_path / "html", root=course)
    index = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    assert 'id="search"' in index
    entries = {e["href"]: e["text"] for e in _search_index(index)}
    assert "negative dimension size" in entries["notebooks/04b_atlas.html"]
    assert "valueerror: input 0 of layer" in entries["docs/errors.html"]


def _search_index(index_html: str) -> list[dict]:
    import json

    data = re.search(r"const pages = (\[.*?\]);\n", index_html, flags=re.DOTALL).group(1)
    return json.loads(data.replace("<\\/", "</"))


def test_an_unexecuted_notebook_and_a_bad_output_folder_are_refused(course, tmp_path):
    nb = nbformat.read(course / "notebooks/07_next.ipynb", as_version=4)
    nb.cells[1].execution_count = None
    nbformat.write(nb, course / "notebooks/07_next.ipynb")
    with pytest.raises(ValueError, match=r"07_next.ipynb: cell 2 .* never run.*make notebooks"):
        build_site.build_site(tmp_path / "html", root=course)
    for bad in (course, course / "notebooks" / "site", tmp_path):
        with pytest.raises(ValueError, match="refusing to write the site"):
            build_site.build_site(bad, root=course)


def test_every_file_of_the_real_course_is_a_page():
    pages = [page for page, _ in build_site.discover()]
    assert [s[0] for s in build_site.SECTIONS] == ["notebooks", "solutions", "docs"]
    expected = [
        path.resolve()
        for folder, _, pattern in build_site.SECTIONS
        for path in sorted((ROOT / folder).glob(pattern))
    ]
    assert [p.source for p in pages] == expected
    assert pages[0].title == "00 · Start here"


def test_the_browser_check_finds_a_figure_pixel_for_pixel():
    shot = np.full((40, 50, 3), 255, np.uint8)
    figure = np.random.default_rng(0).integers(0, 255, size=(10, 12, 3), dtype=np.uint8)
    shot[20:30, 7:19] = figure
    assert site_check.locate(figure, shot) == (20, 7)
    shot[25, 10] = 0  # one pixel not painted as in the figure
    assert site_check.locate(figure, shot) is None


@pytest.mark.parametrize("script", [build_site, site_check], ids=lambda m: m.__name__)
def test_docstring_examples_of_the_scripts(script):
    result = doctest.testmod(script, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


@pytest.fixture
def linked_course(course: Path) -> Path:
    """The course above, its lessons linking outside the site's folders, as the real ones do."""
    _notebook(
        course / "notebooks/03_model.ipynb",
        "03 · The `TimeDistributed` model",
        "Speed: [the table](../benchmarks/README.md#Speed-figures), the race "
        "[script](../evidence/run_race.py), its [results](../evidence/results.json), "
        "[the instructor notes](../docs/guide.md#the-mistakes-catalogue) and [down](#Top).\n\n"
        "## Top\n",
    )
    (course / "benchmarks").mkdir()
    (course / "benchmarks/README.md").write_text(
        "# Benchmarks\n\n## Speed figures\n\nFrom [the script](bench_x.py).\n"
    )
    (course / "benchmarks/bench_x.py").write_text('print("<timing> & more")\n')
    (course / "evidence").mkdir()
    (course / "evidence/run_race.py").write_text("import json\n")
    (course / "evidence/results.json").write_text('{"a": 1}\n')
    (course / "docs/guide.md").write_text("# Guide\n\n## The mistakes catalogue\n\nText.\n")
    return course


def test_every_relative_link_resolves_offline(linked_course, tmp_path):
    site = tmp_path / "html"
    pages = build_site.build_site(site, root=linked_course)
    page = (site / "notebooks/03_model.html").read_text(encoding="utf-8")
    assert 'href="../benchmarks/README.html#Speed-figures"' in page
    assert 'href="../evidence/run_race.py.html"' in page
    assert 'href="../evidence/results.json"' in page
    assert (site / "evidence/results.json").read_text() == '{"a": 1}\n'
    script = (site / "benchmarks/bench_x.py.html").read_text(encoding="utf-8")
    assert "print(&quot;&lt;timing&gt; &amp; more&quot;)" in script  # followed from the README
    extra = {p.href: p.listed for p in pages if not p.listed}
    assert set(extra) == {
        "benchmarks/README.html",
        "evidence/run_race.py.html",
        "benchmarks/bench_x.py.html",
    }
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "benchmarks/README.html" not in index.split("const pages")[0], "not in the contents"
    mine = ("notebooks/03_model", "benchmarks/", "evidence/", "docs/guide")
    assert [p for p in build_site.dead_links(site) if p.startswith(mine)] == []


def test_a_dead_link_or_a_missing_figure_is_reported(linked_course, tmp_path):
    _notebook(
        linked_course / "notebooks/07_next.ipynb",
        "07 · Next",
        "See [gone](../docs/gone.md), [a section](04_pitfalls.ipynb#No-such-heading).",
    )
    site = tmp_path / "html"
    build_site.build_site(site, root=linked_course)
    assert [p for p in build_site.dead_links(site) if p.startswith("notebooks/07")] == [
        "notebooks/07_next.html: ../docs/gone.md does not exist",
        "notebooks/07_next.html: 04_pitfalls.html#No-such-heading has no element with id "
        '"No-such-heading"',
    ]
    read = build_site.discover(linked_course)
    assert site_check.missing_figures(site, read) == []
    start = site / "notebooks/00_start_here.html"
    start.write_text(site_check.PNG.sub("<img>", start.read_text(encoding="utf-8")))
    [problem] = site_check.missing_figures(site, read)
    assert problem.startswith("notebooks/00_start_here.html: 0 of its ")


def test_titles_show_code_and_printed_output_scrolls(linked_course, tmp_path):
    site = tmp_path / "html"
    build_site.build_site(site, root=linked_course)
    index = (site / "index.html").read_text(encoding="utf-8")
    listing = index.split("<script>")[0]
    assert "03 · The <code>TimeDistributed</code> model</a>" in listing and "`" not in listing
    before = (site / "notebooks/00_start_here.html").read_text(encoding="utf-8")
    assert "The <code>TimeDistributed</code> model →" in before  # the next link
    assert "white-space: pre; word-break: normal" in before  # long lines scroll, never break


def test_contents_page_shows_each_lessons_part_and_reading_minutes(course, tmp_path):
    build_site.build_site(tmp_path / "html", root=course)
    index = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    rows = {
        r.number: r
        for r in (
            build_site.reading_minutes.row_of(p, course) for p in (course / "notebooks").glob("*")
        )
    }
    assert f"04 · Pitfalls</a> <small>core, {rows['04'].shown} min</small>" in index
    assert f"04b · Atlas</a> <small>companion, {rows['04b'].shown} min</small>" in index
    assert f"07 · Next</a> <small>deep dive, {rows['07'].shown} min</small>" in index
    assert f"the course: {rows['00'].shown + rows['04'].shown} reading minutes" in index
    assert "Solutions</a></li>" in index, "solutions carry no minutes"
