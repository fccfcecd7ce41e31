"""The static site (`make html`) and the browser check's logic (`make site-check`).

Fast: only notebook 00 of the real course is rendered; navigation and the output-folder
rules are tested on tiny notebooks made here. Nothing here needs Chromium.
"""

from __future__ import annotations

import base64
import doctest
import importlib.util
import io
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
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

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
PNG_IMG = re.compile(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _first_heading(path: Path) -> str:
    """The title as a reader sees it: the first '# ' line of the first Markdown cell."""
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    return next(ln for ln in first.source.splitlines() if ln.startswith("# "))[2:].strip()


def _nav_links(page_html: str, kind: str) -> list[str]:
    """The targets of the navigation links of one kind (prev, next, index), in page order."""
    tags = re.findall(rf'<a [^>]*class="site-nav-{kind}"[^>]*>', page_html)
    return [re.search(r'href="([^"]+)"', tag).group(1) for tag in tags]


def _pngs(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(
        "image/png" in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )


# --- the real course ---------------------------------------------------------------------


def test_real_course_pages_are_lessons_in_number_order_then_solutions_with_their_titles():
    read = build_site.read_notebooks(build_site.discover_notebooks())
    assert [(page.href, page.title) for page, _ in read] == [
        (f"{p.parent.name}/{p.stem}.html", _first_heading(p)) for p in LESSONS + SOLUTIONS
    ]
    assert read[0][0].title == "00 · Start here"


def test_real_course_navigation_follows_course_order_within_each_section():
    pages = [page for page, _ in build_site.read_notebooks(build_site.discover_notebooks())]
    for paths in (LESSONS, SOLUTIONS):
        for position, path in enumerate(paths):
            index = next(i for i, p in enumerate(pages) if p.source == path.resolve())
            nav = build_site.navigation_html(pages, index)
            prev = [f"{paths[position - 1].stem}.html"] if position > 0 else []
            nxt = [f"{paths[position + 1].stem}.html"] if position + 1 < len(paths) else []
            assert _nav_links(nav, "prev") == prev, path.name
            assert _nav_links(nav, "next") == nxt, path.name
            assert _nav_links(nav, "index") == ["../index.html"], path.name


@pytest.fixture(scope="module")
def start_here(tmp_path_factory) -> Path:
    """The site built for notebook 00 only (rendering every notebook would be slow)."""
    out = tmp_path_factory.mktemp("site")
    build_site.build_site([ROOT / "notebooks" / "00_start_here.ipynb"], out_dir=out)
    return out


def test_start_here_page_has_title_navigation_and_its_figure_as_base64_png(start_here):
    path = ROOT / "notebooks" / "00_start_here.ipynb"
    assert _pngs(path) >= 1, "the figure checks need a notebook with a figure: 00 has one"
    page = (start_here / "notebooks" / "00_start_here.html").read_text(encoding="utf-8")
    assert f"<title>{_first_heading(path)}</title>" in page
    assert page.count('class="site-nav"') == 2, "navigation bar at the top and at the bottom"
    payloads = PNG_IMG.findall(page)
    assert len(payloads) == _pngs(path)
    assert base64.b64decode(payloads[0]).startswith(b"\x89PNG\r\n\x1a\n")
    assert 'id="figure-1"' in page
    index = (start_here / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="notebooks/00_start_here.html">00 · Start here</a></li>' in index


# --- navigation, links and refusals, on tiny notebooks -----------------------------------


def test_start_here_has_a_figure():
    """The figure tests above need at least one notebook with a figure: 00 has one."""
    assert _pngs(ROOT / "notebooks" / "00_start_here.ipynb") >= 1


def _fake_course(tmp_path: Path, names: list[str]) -> Path:
    """Tiny executed notebooks under ``names``, to test navigation with many pages quickly.

    Each is titled '# NN · Copy <stem>', has one run code cell, and ends with a link to
    ``01_raw_series.ipynb`` in its own folder, as notebook 00 does.
    """
    for name in names:
        stem = Path(name).stem
        code = nbformat.v4.new_code_cell("print(6 * 7)", execution_count=1)
        code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell(f"# {stem[:2]} · Copy {stem}\n\nWhy it matters."),
                code,
                nbformat.v4.new_markdown_cell("## Next\n\nGo on to [01](01_raw_series.ipynb)."),
            ]
        )
        (tmp_path / Path(name).parent).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, tmp_path / name)
    return tmp_path


def test_middle_page_links_back_and_forth_and_notebook_links_become_page_links(tmp_path):
    names = ["notebooks/00_a.ipynb", "notebooks/01_raw_series.ipynb", "notebooks/02_c.ipynb"]
    course = _fake_course(tmp_path / "course", [*names, "solutions/01_raw_series_solutions.ipynb"])
    report = build_site.build_site(out_dir=tmp_path / "html", root=course)

    assert [p.href for p in report.pages] == [
        "notebooks/00_a.html",
        "notebooks/01_raw_series.html",
        "notebooks/02_c.html",
        "solutions/01_raw_series_solutions.html",
    ]
    middle = (tmp_path / "html/notebooks/01_raw_series.html").read_text(encoding="utf-8")
    assert _nav_links(middle, "prev") == ["00_a.html"] * 2
    assert _nav_links(middle, "next") == ["02_c.html"] * 2
    assert "← 00 · Copy 00_a" in middle
    # The link to 01_raw_series.ipynb points at a notebook of this site: now a page link.
    first = (tmp_path / "html/notebooks/00_a.html").read_text(encoding="utf-8")
    assert '<a href="01_raw_series.html">' in first
    assert 'href="01_raw_series.ipynb"' not in first
    # The solution is a section of its own: no prev/next into the lessons.
    solution = (tmp_path / "html/solutions/01_raw_series_solutions.html").read_text("utf-8")
    assert _nav_links(solution, "prev") == [] and _nav_links(solution, "next") == []
    index = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    assert index.index("notebooks/02_c.html") < index.index("Solutions to the exercises")
    # The same relative link in solutions/ points at no notebook there.
    assert report.warnings == [
        "01_raw_series_solutions.ipynb links to 01_raw_series.ipynb, which is not part of this site"
    ]


def test_mathjax_is_loaded_only_by_pages_with_latex(tmp_path):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb", "notebooks/01_b.ipynb"])
    nb = nbformat.read(course / "notebooks/01_b.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("The loss is $\\frac{1}{n}\\sum_i e_i^2$."))
    nbformat.write(nb, course / "notebooks/01_b.ipynb")
    build_site.build_site(out_dir=tmp_path / "html", root=course)
    plain = (tmp_path / "html/notebooks/00_a.html").read_text(encoding="utf-8")
    math = (tmp_path / "html/notebooks/01_b.html").read_text(encoding="utf-8")
    assert "mathjax" not in plain.lower() and "require.min.js" not in plain
    assert "mathjax" in math.lower()


def test_rebuild_removes_pages_of_notebooks_that_no_longer_exist(tmp_path):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb", "notebooks/01_b.ipynb"])
    build_site.build_site(out_dir=tmp_path / "html", root=course)
    (course / "notebooks/01_b.ipynb").rename(course / "notebooks/01_renamed.ipynb")
    build_site.build_site(out_dir=tmp_path / "html", root=course)
    assert sorted(p.name for p in (tmp_path / "html/notebooks").iterdir()) == [
        "00_a.html",
        "01_renamed.html",
    ]


def test_a_link_to_a_missing_notebook_is_reported(tmp_path):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb"])
    report = build_site.build_site(out_dir=tmp_path / "html", root=course)
    assert report.warnings == [
        "00_a.ipynb links to 01_raw_series.ipynb, which is not part of this site"
    ]


def test_an_unexecuted_notebook_is_refused_with_advice(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# 00 · T"), nbformat.v4.new_code_cell("1 + 1")]
    )
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks/00_t.ipynb")
    with pytest.raises(ValueError, match=r"never run \(first: cell 2\).*make notebooks"):
        build_site.build_site(out_dir=tmp_path / "html", root=tmp_path)


def test_a_notebook_without_a_title_is_refused_with_advice(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## only a subheading")])
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks/00_t.ipynb")
    with pytest.raises(ValueError, match=r"00_t.ipynb has no '# ' heading.*'# NN · Title'"):
        build_site.build_site(out_dir=tmp_path / "html", root=tmp_path)


def test_a_notebook_outside_the_course_folders_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 00 · T")])
    nbformat.write(nb, tmp_path / "00_t.ipynb")
    with pytest.raises(ValueError, match="not in a folder named notebooks or solutions"):
        build_site.build_site([tmp_path / "00_t.ipynb"], out_dir=tmp_path / "html")


# --- the output folder: nothing is written outside it ------------------------------------


@pytest.mark.parametrize("out", [".", "notebooks", "notebooks/site", "solutions"])
def test_an_output_folder_mixed_with_the_sources_is_refused_before_writing(tmp_path, out):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb"])
    (course / "solutions").mkdir()
    before = sorted(p.relative_to(course) for p in course.rglob("*"))
    with pytest.raises(ValueError, match="Pick a separate folder"):
        build_site.build_site(out_dir=course / out, root=course)
    assert sorted(p.relative_to(course) for p in course.rglob("*")) == before


def test_a_symlink_out_of_the_output_folder_is_refused_and_nothing_is_written(tmp_path):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.html").write_text("not ours", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "notebooks").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError, match="outside the output folder"):
        build_site.build_site(out_dir=out, root=course)
    assert [p.name for p in elsewhere.iterdir()] == ["keep.html"]
    assert (elsewhere / "keep.html").read_text(encoding="utf-8") == "not ours"
    assert not (out / "index.html").exists(), "refused before writing anything"


def test_a_page_path_that_climbs_out_is_refused(tmp_path):
    with pytest.raises(ValueError, match="outside the output folder"):
        build_site._inside(tmp_path.resolve() / "site", "../notebooks/00_a.html")
    assert build_site._inside(tmp_path.resolve(), "a/b.html") == tmp_path.resolve() / "a/b.html"


def test_a_rebuild_leaves_files_it_did_not_make_alone(tmp_path):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb"])
    out = tmp_path / "site"
    (out / "notebooks").mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "notebooks" / "figure.png").write_bytes(b"png")
    build_site.build_site(out_dir=out, root=course)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == ["00_a.html", "figure.png"]


def test_the_command_line_writes_to_out_and_refuses_a_bad_out(tmp_path, capsys):
    notebook = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb"]) / "notebooks/00_a.ipynb"
    assert build_site.main([str(notebook), "--out", str(tmp_path / "s")]) == 0
    assert "wrote 1 pages with 0 figures" in capsys.readouterr().out
    assert (tmp_path / "s/notebooks/00_a.html").exists()
    assert build_site.main([str(notebook), "--out", str(notebook.parent)]) == 1
    assert "Pick a separate folder" in capsys.readouterr().err


def test_default_output_is_build_site_which_git_ignores():
    assert build_site.DEFAULT_OUT == ROOT / "build" / "site"
    assert "build/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


# --- the browser check's own logic (no Chromium needed) ----------------------------------


@pytest.mark.parametrize("name", ["build_site", "site_check"])
def test_docstring_examples_of_the_scripts_run(name):
    result = doctest.testmod(sys.modules[name], optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_read_dom_counts_text_nav_and_png_figures_but_not_script_text():
    page = (
        "<html><head><title>01 · T</title><script>var x = 'not text';</script></head>"
        '<body><nav class="site-nav"><a href="#">Contents</a></nav><h1>01 · T</h1>'
        '<img id="figure-1" src="data:image/png;base64,iVBORw0KGgo="><p>words</p></body></html>'
    )
    dom = site_check.read_dom(page)
    assert (dom.title, dom.h1, dom.nav_bars) == ("01 · T", "01 · T", 1)
    assert dom.png_sources == ["iVBORw0KGgo="]
    assert dom.figure_ids == ["figure-1"]
    assert dom.text_chars == len("01 · T") * 2 + len("Contents") + len("words")


def test_locate_finds_a_figure_painted_in_a_screenshot_and_not_a_different_one():
    rng = np.random.default_rng(0)
    shot = np.full((60, 80, 3), 255, np.uint8)
    figure = rng.integers(0, 255, size=(10, 12, 3), dtype=np.uint8)
    shot[25:35, 40:52] = figure
    assert site_check.locate(figure, shot) == (25, 40)
    changed = figure.copy()
    changed[9, 11, 0] ^= 1  # one channel of one pixel off: not the figure that was painted
    assert site_check.locate(changed, shot) is None


def test_decode_png_round_trips_a_real_png_and_rejects_other_data():
    image = np.zeros((4, 5, 3), np.uint8)
    image[1, 2] = (10, 200, 30)
    buffer = io.BytesIO()
    plt.imsave(buffer, image, format="png")
    decoded = site_check.decode_png(base64.b64encode(buffer.getvalue()).decode())
    assert decoded.shape == (4, 5, 3)
    assert decoded[1, 2].tolist() == [10, 200, 30]
    with pytest.raises(ValueError, match="not a PNG"):
        site_check.decode_png(base64.b64encode(b"GIF89a....").decode())
    with pytest.raises(ValueError, match="not valid base64"):
        site_check.decode_png("@@@")


def test_without_chromium_the_check_fails_with_the_apt_command(monkeypatch, capsys):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(site_check.shutil, "which", lambda name: None)
    assert site_check.main(["--no-build"]) == 2
    assert "sudo apt-get install -y chromium" in capsys.readouterr().err


def test_the_cheat_sheet_becomes_a_page_linked_from_the_index_and_from_notebooks(tmp_path):
    course = _fake_course(tmp_path / "course", ["notebooks/00_a.ipynb", "notebooks/01_b.ipynb"])
    nb = nbformat.read(course / "notebooks/01_b.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("See [the sheet](../docs/cheatsheet.md)."))
    nbformat.write(nb, course / "notebooks/01_b.ipynb")
    without = build_site.build_site(out_dir=tmp_path / "plain", root=course)
    assert not (without.out_dir / "cheatsheet.html").exists()
    assert "cheatsheet.html" not in (without.out_dir / "index.html").read_text("utf-8")

    (course / "docs").mkdir()
    (course / "docs/cheatsheet.md").write_text(
        "# Cheat `sheet`\n\n| shape | meaning |\n| --- | --- |\n| `(b, 7, 48, 1)` | a week |\n"
    )
    report = build_site.build_site(out_dir=tmp_path / "html", root=course)
    sheet = (report.out_dir / "cheatsheet.html").read_text("utf-8")
    assert "<title>Cheat sheet</title>" in sheet and "<td><code>(b, 7, 48, 1)</code></td>" in sheet
    assert '<a href="index.html">Contents</a>' in sheet
    assert '<a href="cheatsheet.html">' in (report.out_dir / "index.html").read_text("utf-8")
    page = (report.out_dir / "notebooks/01_b.html").read_text("utf-8")
    assert '<a href="../cheatsheet.html">the sheet</a>' in page
    assert not any("cheatsheet" in w for w in report.warnings)
