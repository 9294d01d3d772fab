"""The benchmark's bookkeeping (its timings are measured by `make bench`, never asserted here)."""

import pytest

from recbook._bench import _best_of, update_readme


def test_update_readme_replaces_only_the_marked_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\noutro\n", encoding="utf-8")
    update_readme("| new | table |", readme)
    assert readme.read_text() == "intro\n<!-- bench:start -->\n| new | table |\n<!-- bench:end -->\noutro\n"
    update_readme("second", readme)
    assert readme.read_text().count("bench:start") == 1 and "second" in readme.read_text()


def test_update_readme_without_markers_raises(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no <!-- bench:start -->"):
        update_readme("x", readme)


def test_best_of_returns_the_minimum_and_the_result():
    calls = []
    seconds, result = _best_of(lambda: calls.append(1) or len(calls), repeats=3)
    assert result == 3 and len(calls) == 3 and seconds >= 0.0


def test_readme_has_the_bench_block(root):
    text = (root / "README.md").read_text(encoding="utf-8")
    assert text.index("<!-- bench:start -->") < text.index("<!-- bench:end -->")
