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


def test_missing_teaching_module_is_reported_with_its_goal(tmp_path, monkeypatch):
    import recbook._bench as bench

    def quick(repeats=3):
        return dict(name="quick", ours_s=0.1, library_s=0.4, ratio=0.25, goal=0.5, equal=True)

    def missing(name):
        def run(repeats=3):
            raise ImportError("No module named 'recbook.sampling'")
        run.__name__ = name
        return run

    monkeypatch.setattr(bench, "bench_ndcg", quick)
    monkeypatch.setattr(bench, "bench_smote", missing("bench_smote"))
    monkeypatch.setattr(bench, "bench_kmeans", missing("bench_kmeans"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "best_practices_grid_timings.csv").write_text(
        "dataset,method,learner,n_fits,seconds\nTOTAL,,,10,700.00\n", encoding="utf-8")
    rows, markdown = bench.run_bench(tmp_path, tmp_path / "out", make=False, notebooks=False,
                                     echo=lambda *a, **k: None)
    verdicts = {r["name"]: r["verdict"] for r in rows}
    assert verdicts["quick"] == "met"
    assert verdicts["bench_smote"] == "MISSED (not run)" and verdicts["bench_kmeans"] == "MISSED (not run)"
    assert verdicts["python -m recbook grid"] == "MISSED"
    assert "| <= 2 | not run: No module named 'recbook.sampling' |" in markdown
    assert "| <= 3 |" in markdown
    assert (tmp_path / "out" / "bench.csv").read_text().count("\n") == len(rows) + 1
