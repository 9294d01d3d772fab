"""Navigation cells: generated from one table, kept in sync with every notebook, idempotent."""

import re
import shutil

import nbformat
import pytest

from recbook._navigation import (COURSE, FOOTER_TAG, HEADER_TAG, course_notebooks, footer_text,
                                 header_text, with_navigation, write_navigation)
from recbook.cli import main


def _notebook(path, title, *code):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in code]
    nbformat.write(nb, path)
    return path


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.fixture
def notebooks(root):
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_course_table_covers_00_to_11_in_order():
    assert [name[:2] for name in COURSE] == [f"{i:02d}" for i in range(12)]
    for name, entry in COURSE.items():
        assert re.fullmatch(r"\d\d_[a-z_]+\.ipynb", name)
        assert all(p in COURSE and p < name for p in entry.prerequisites), name
        assert entry.study_minutes > 0 and entry.run_time


def test_the_course_table_matches_the_index_learning_path(root):
    index = nbformat.read(root / "notebooks" / "00_index.ipynb", as_version=4)
    text = "\n".join(c.source for c in index.cells if c.cell_type == "markdown")
    rows = dict(re.findall(r"^\| (\d\d) \| ([^|]+?) \|", text, re.M))
    assert rows == {name[:2]: entry.title for name, entry in COURSE.items() if name[:2] != "00"}


def test_every_notebook_has_exactly_the_navigation_the_generator_writes(root, notebooks):
    assert notebooks, "no notebooks found"
    assert write_navigation(root / "notebooks", check=True) == [], (
        "navigation cells are out of date: run `python -m recbook nav`")
    present = set(course_notebooks(root / "notebooks"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        headers = [i for i, c in enumerate(nb.cells) if HEADER_TAG in _tags(c)]
        footers = [i for i, c in enumerate(nb.cells) if FOOTER_TAG in _tags(c)]
        assert headers == [1], f"{path.name}: the header must be the cell after the title"
        assert footers == [len(nb.cells) - 1], f"{path.name}: the footer must be the last cell"
        assert nb.cells[1].source == header_text(path.name, present)
        assert nb.cells[-1].source == footer_text(path.name, present)


def test_no_hand_written_navigation_line_is_left(notebooks):
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not {HEADER_TAG, FOOTER_TAG} & _tags(cell):
                assert not re.search(r"\*(Previous|Next|Part of the recbook kit)", cell.source), (
                    f"{path.name} keeps a hand-written navigation line: {cell.source[:80]!r}")


def test_navigation_links_resolve(root, notebooks):
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in (nb.cells[1], nb.cells[-1]):
            for target in re.findall(r"\]\(([^)]+)\)", cell.source):
                assert (root / "notebooks" / target).exists(), f"{path.name} links to missing {target}"


def test_the_generator_is_idempotent_and_touches_no_code_cell(tmp_path, notebooks):
    for path in notebooks:
        shutil.copy(path, tmp_path / path.name)
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if not {HEADER_TAG, FOOTER_TAG} & _tags(c)]
        nbformat.write(nb, tmp_path / path.name)
    before = {p.name: nbformat.read(p, as_version=4) for p in tmp_path.glob("*.ipynb")}
    assert sorted(write_navigation(tmp_path)) == sorted(before)
    first = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    assert write_navigation(tmp_path) == []
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")} == first
    for name, old in before.items():
        new = nbformat.read(tmp_path / name, as_version=4)
        assert [c for c in new.cells if c.cell_type == "code"] == [c for c in old.cells if c.cell_type == "code"]
        assert len(new.cells) == len(old.cells) + 2
    for path in notebooks:  # regenerated from scratch == what is committed
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


def test_links_skip_planned_notebooks_that_are_absent(tmp_path):
    for name in ("00_index.ipynb", "01_ecommerce_imbalance.ipynb", "03_ensembles.ipynb"):
        _notebook(tmp_path / name, name, "x = 1")
    write_navigation(tmp_path)
    one = nbformat.read(tmp_path / "01_ecommerce_imbalance.ipynb", as_version=4)
    three = nbformat.read(tmp_path / "03_ensembles.ipynb", as_version=4)
    assert "next: [03 · Ensembles](03_ensembles.ipynb)" in one.cells[1].source
    assert "02_weighted" not in one.cells[-1].source
    assert "**Notebook 3 of 11**" in three.cells[1].source
    assert "previous: [01 · E-commerce imbalance](01_ecommerce_imbalance.ipynb)" in three.cells[1].source
    assert "Next in the plan: 04 · K-means (not in this copy yet)" in three.cells[-1].source
    assert three.cells[2].cell_type == "code" and three.cells[2].source == "x = 1"


def test_a_notebook_outside_the_table_or_without_title_is_refused(tmp_path):
    _notebook(tmp_path / "42_unplanned.ipynb", "x")
    with pytest.raises(ValueError, match="COURSE"):
        write_navigation(tmp_path)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1")]
    with pytest.raises(ValueError, match="Title"):
        with_navigation(nb, "01_ecommerce_imbalance.ipynb", {"01_ecommerce_imbalance.ipynb"})


def test_with_navigation_does_not_mutate_its_input():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("1")]
    snapshot = nbformat.writes(nb)
    out = with_navigation(nb, "00_index.ipynb", {"00_index.ipynb"})
    assert nbformat.writes(nb) == snapshot
    assert len(out.cells) == 4


def test_cli_nav_check_reports_and_fixes_stale_notebooks(tmp_path, capsys):
    _notebook(tmp_path / "00_index.ipynb", "Index")
    _notebook(tmp_path / "01_ecommerce_imbalance.ipynb", "01")
    assert main(["nav", "--folder", str(tmp_path), "--check"]) == 1
    assert "would change" in capsys.readouterr().out
    assert main(["nav", "--folder", str(tmp_path)]) == 0
    assert main(["nav", "--folder", str(tmp_path), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_the_workshop_guide_plans_every_notebook(root):
    text = (root / "notebooks" / "README.md").read_text(encoding="utf-8")
    assert "3-hour workshop" in text and "1-day workshop" in text
    for name in COURSE:
        assert name in text, f"notebooks/README.md does not mention {name}"


def test_hand_written_navigation_lines_are_removed(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · T\n\n*Part of the recbook kit — [index](00_index.ipynb)*\n\n"
                                      "**Learning goals.** Keep *this* line."),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("## References\n\n* A. (2001). *Book*.\n\n"
                                      "*Previous: [00](00_index.ipynb) · Next: [02](02_x.ipynb)*\n"),
    ]
    out = with_navigation(nb, "01_ecommerce_imbalance.ipynb", {"01_ecommerce_imbalance.ipynb"})
    assert out.cells[0].source == "# 01 · T\n\n**Learning goals.** Keep *this* line."
    assert out.cells[-2].source == "## References\n\n* A. (2001). *Book*."
    assert out.cells[1].metadata["tags"] == [HEADER_TAG] and out.cells[-1].metadata["tags"] == [FOOTER_TAG]
