"""The best-practice grid: the committed CSV is what the code computes, cell by cell."""

import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook.cli import build_parser
from recbook.grid import (
    GRID_METRICS,
    GRID_RATIOS,
    GRID_SETTINGS,
    REAL_DATASET,
    compare_with_baseline,
    format_grid_csv,
    grid_cells,
    grid_datasets,
    load_grid,
    online_shoppers_xy,
    rank_cells,
    run_grid,
    run_grid_cell,
    verdict,
)

# cheap cells (logistic regression, a few seconds each), one per imbalance ratio
RECOMPUTED = [
    ("synthetic 1:5", "none", "logistic_regression"),
    ("synthetic 1:20", "random_undersampling", "logistic_regression"),
    ("synthetic 1:100", "class_weights", "logistic_regression"),
]


@pytest.fixture(scope="module")
def committed(root):
    path = root / "data" / "best_practices_grid.csv"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic():
    return grid_datasets(real=False)


def _cell_lines(text, cell):
    prefix = ",".join(cell) + ","
    return [line for line in text.splitlines() if line.startswith(prefix)]


# ---- the committed CSV ----------------------------------------------------------------------

@pytest.mark.parametrize("cell", RECOMPUTED, ids=["|".join(c) for c in RECOMPUTED])
def test_recomputed_cell_equals_the_committed_csv(committed, synthetic, cell):
    summary, seconds = run_grid_cell(synthetic, *cell)
    expected = _cell_lines(committed, cell)
    assert len(expected) == len(GRID_METRICS)
    assert format_grid_csv(summary).splitlines()[1:] == expected
    assert seconds > 0.0


def test_committed_csv_has_every_cell_once_in_grid_order(committed):
    frame = pd.read_csv(pd.io.common.StringIO(committed))
    datasets = list(dict.fromkeys(frame["dataset"]))
    assert datasets[:3] == [f"synthetic 1:{r}" for r in GRID_RATIOS]
    cells = list(dict.fromkeys(map(tuple, frame[["dataset", "method", "learner"]].to_numpy().tolist())))
    assert cells == grid_cells(datasets)
    assert len(frame) == len(cells) * len(GRID_METRICS)
    assert (frame.groupby(["dataset", "method", "learner"])["metric"].apply(tuple)
            == tuple(GRID_METRICS)).all()
    assert (frame["n_folds"] == GRID_SETTINGS["n_splits"] * GRID_SETTINGS["n_repeats"]).all()
    assert (frame["ci_low"] <= frame["mean"] + 1e-12).all() and (frame["mean"] <= frame["ci_high"] + 1e-12).all()
    scores = frame[frame["metric"].isin(["pr_auc", "f1", "balanced_accuracy", "brier", "roc_auc"])]
    assert scores["mean"].between(0.0, 1.0).all()


def test_provenance_records_the_csv_checksum_and_the_settings(root, committed):
    text = (root / "data" / "best_practices_grid.md").read_text(encoding="utf-8")
    assert hashlib.sha256(committed.encode("utf-8")).hexdigest() in text
    assert "python -m recbook grid" in text
    assert f"K = {GRID_SETTINGS['n_splits']}" in text
    assert "best_practices_grid_timings.csv" in text


def test_committed_csv_is_formatted_by_format_grid_csv(committed):
    frame = pd.read_csv(pd.io.common.StringIO(committed), keep_default_na=False)
    frame[["mean", "std", "ci_low", "ci_high"]] = frame[["mean", "std", "ci_low", "ci_high"]].astype(float)
    assert format_grid_csv(frame) == committed


# ---- the functions --------------------------------------------------------------------------

def test_cells_are_independent_of_which_other_cells_run(synthetic):
    cell = ("synthetic 1:20", "none", "logistic_regression")
    alone, _ = run_grid_cell(synthetic, *cell, n_repeats=1)
    together, timings = run_grid(synthetic, cells=[("synthetic 1:5", "none", "logistic_regression"), cell],
                                 n_repeats=1)
    assert format_grid_csv(together).splitlines()[len(GRID_METRICS) + 1:] == format_grid_csv(alone).splitlines()[1:]
    assert list(timings.columns) == ["dataset", "method", "learner", "n_fits", "seconds"]
    assert timings["n_fits"].tolist() == [GRID_SETTINGS["n_splits"]] * 2


def test_own_learner_cell_runs(synthetic):
    summary, _ = run_grid_cell({"synthetic 1:5": synthetic["synthetic 1:5"]}, "synthetic 1:5",
                               "balanced_random_forest", "own", n_splits=2, n_repeats=1)
    assert set(summary["learner"]) == {"own"}
    assert summary["metric"].tolist() == list(GRID_METRICS)


@pytest.mark.parametrize("kwargs, message", [
    (dict(dataset="nope", method="none", learner="logistic_regression"), "dataset"),
    (dict(dataset="synthetic 1:5", method="magic", learner="logistic_regression"), "method"),
    (dict(dataset="synthetic 1:5", method="none", learner="own"), "learner"),
    (dict(dataset="synthetic 1:5", method="easy_ensemble", learner="random_forest"), "learner"),
])
def test_run_grid_cell_rejects_unknown_cells(synthetic, kwargs, message):
    with pytest.raises(ValueError, match=message):
        run_grid_cell(synthetic, **kwargs)


def test_run_grid_cell_rejects_a_dataset_outside_the_grid():
    data = grid_datasets(n_samples=300, real=False)
    with pytest.raises(ValueError, match="dataset must be one of"):
        run_grid_cell({"other": data["synthetic 1:5"]}, "other", "none", "logistic_regression")


def test_grid_cells_cover_methods_times_learners():
    cells = grid_cells(["synthetic 1:100", "synthetic 1:5"])
    assert len(cells) == 2 * (8 * 3 + 2)
    assert cells[0][0] == "synthetic 1:5", "canonical order, whatever the input order"
    assert sum(c[2] == "own" for c in cells) == 4
    with pytest.raises(ValueError, match="unknown names"):
        grid_cells(["synthetic 1:7"])


def test_grid_datasets_have_the_grid_ratios():
    data = grid_datasets(n_samples=2020, real=False)
    assert list(data) == [f"synthetic 1:{r}" for r in GRID_RATIOS]
    for ratio, (X, y) in zip(GRID_RATIOS, data.values()):
        assert X.shape == (2020, GRID_SETTINGS["n_features"])
        assert abs((len(y) - y.sum()) / y.sum() - ratio) < 0.1 * ratio
    with pytest.raises(ValueError, match="real must be"):
        grid_datasets(real="maybe")


def test_grid_datasets_real_true_without_the_file_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        grid_datasets(n_samples=300, real=True, data_home=tmp_path)
    assert REAL_DATASET not in grid_datasets(n_samples=300, real="auto", data_home=tmp_path)


def _fake_shoppers(months, visitors, weekend, revenue, pages):
    return pd.DataFrame({
        "Administrative": np.arange(len(months), dtype=np.int64),
        "PageValues": np.asarray(pages, dtype=float),
        "Month": pd.Categorical(months, categories=["Feb", "Mar", "May", "Nov"], ordered=True),
        "VisitorType": pd.Categorical(visitors, categories=["New_Visitor", "Other", "Returning_Visitor"]),
        "Weekend": np.asarray(weekend, dtype=bool),
        "Revenue": np.asarray(revenue, dtype=bool),
    })


@given(st.lists(st.tuples(st.sampled_from(["Feb", "Mar", "May", "Nov"]),
                          st.sampled_from(["New_Visitor", "Other", "Returning_Visitor"]),
                          st.booleans(), st.booleans(),
                          st.floats(0, 100, allow_nan=False)), min_size=1, max_size=30))
def test_online_shoppers_xy_one_hot_rows_sum_to_one_and_input_is_untouched(rows):
    frame = _fake_shoppers(*map(list, zip(*rows)))
    before = frame.copy(deep=True)
    X, y = online_shoppers_xy(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert len(X) == len(y) == len(frame)
    assert y.tolist() == frame["Revenue"].astype(int).tolist()
    for prefix in ("Month_", "VisitorType_"):
        block = X[[c for c in X.columns if c.startswith(prefix)]]
        assert (block.sum(axis=1) == 1.0).all()
        assert (block.sum(axis=0) > 0).all(), "only categories that occur get a column"
    assert X["PageValues"].tolist() == frame["PageValues"].tolist()
    assert (X.dtypes == np.float64).all()


def test_online_shoppers_xy_bad_input():
    with pytest.raises(TypeError, match="frame must be"):
        online_shoppers_xy([[1, 2]])
    with pytest.raises(ValueError, match="Revenue"):
        online_shoppers_xy(pd.DataFrame({"Month": [], "VisitorType": [], "Weekend": []}))


def test_format_grid_csv_writes_nan_and_rejects_bad_input():
    row = pd.DataFrame({"dataset": ["d"], "method": ["m"], "learner": ["l"], "metric": ["f1"],
                        "mean": [0.25], "std": [np.nan], "ci_low": [np.nan], "ci_high": [np.nan],
                        "n_folds": [1]})
    assert format_grid_csv(row).splitlines()[1] == "d,m,l,f1,0.250000,nan,nan,nan,1"
    with pytest.raises(ValueError, match="missing the columns"):
        format_grid_csv(row.drop(columns="std"))
    with pytest.raises(TypeError, match="summary must be"):
        format_grid_csv("d,m")


def test_cli_has_the_grid_command_with_the_committed_defaults():
    args = build_parser().parse_args(["grid"])
    assert args.out == "data/best_practices_grid.csv"
    assert args.timings == "data/best_practices_grid_timings.csv"
    assert args.real == "auto" and args.n_jobs == 2


def test_write_grid_writes_csv_provenance_and_timings(tmp_path, monkeypatch):
    import recbook.grid as grid

    cells = [("synthetic 1:5", "none", "logistic_regression")]
    monkeypatch.setattr(grid, "grid_cells", lambda datasets: cells)
    out = tmp_path / "g.csv"
    summary, timings = grid.write_grid(out, tmp_path / "t.csv", real=False,
                                       settings=dict(n_samples=400, n_repeats=1))
    text = out.read_text(encoding="utf-8")
    assert text == format_grid_csv(summary)
    assert hashlib.sha256(text.encode()).hexdigest() in (tmp_path / "g.md").read_text(encoding="utf-8")
    assert (tmp_path / "t.csv").read_text().splitlines()[-1].startswith("TOTAL,,,5,")
    with pytest.raises(ValueError, match="unknown keys"):
        grid.write_grid(out, tmp_path / "t.csv", real=False, settings=dict(n_trees=3))


def test_doctests_pass():
    import doctest

    import recbook.grid

    result = doctest.testmod(recbook.grid, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# ---- reading the grid -----------------------------------------------------------------------

def _toy_grid():
    rows = []
    for learner, (none, smote) in {"lr": ((0.50, 0.40, 0.60), (0.70, 0.65, 0.75)),
                                   "rf": ((0.50, 0.40, 0.60), (0.55, 0.45, 0.65)),
                                   "hgb": ((0.50, 0.45, 0.55), (0.30, 0.25, 0.35))}.items():
        for method, (mean, low, high) in (("none", none), ("smote", smote)):
            for metric, flip in (("pr_auc", False), ("brier", True)):
                rows.append(dict(dataset="d", method=method, learner=learner, metric=metric,
                                 mean=mean, std=0.01, ci_low=low, ci_high=high, n_folds=10))
    rows.append(dict(dataset="d", method="brf", learner="own", metric="pr_auc", mean=0.9,
                     std=0.01, ci_low=0.85, ci_high=0.95, n_folds=10))
    return pd.DataFrame(rows)


def test_compare_with_baseline_uses_non_overlapping_intervals_and_metric_direction():
    grid = _toy_grid()
    before = grid.copy()
    higher = compare_with_baseline(grid, "pr_auc", "smote").set_index("learner")["outcome"]
    assert higher.to_dict() == {"lr": "better", "rf": "no clear difference", "hgb": "worse"}
    lower = compare_with_baseline(grid, "brier", "smote").set_index("learner")["outcome"]
    assert lower.to_dict() == {"lr": "worse", "rf": "no clear difference", "hgb": "better"}
    own = compare_with_baseline(grid, "pr_auc", "brf", baseline_learner="rf")
    assert own["outcome"].tolist() == ["better"] and np.isclose(own["difference"].iloc[0], 0.4)
    pd.testing.assert_frame_equal(grid, before)


def test_compare_with_baseline_bad_input():
    grid = _toy_grid()
    with pytest.raises(ValueError, match="metric 'f1'"):
        compare_with_baseline(grid, "f1", "smote")
    with pytest.raises(ValueError, match="method 'adasyn'"):
        compare_with_baseline(grid, "pr_auc", "adasyn")
    with pytest.raises(ValueError, match="no baseline cell"):
        compare_with_baseline(grid, "pr_auc", "brf")
    with pytest.raises(TypeError, match="grid must be"):
        compare_with_baseline([1], "pr_auc", "smote")


@pytest.mark.parametrize("outcomes, expected, result", [
    (["better", "better", "no clear difference"], "better", "confirmed"),
    (["worse", "worse", "no clear difference"], "better", "contradicted"),
    (["no clear difference"] * 3, "better", "not shown"),
    (["better", "worse", "no clear difference"], "better", "mixed"),
    (["worse", "no clear difference", "no clear difference"], "worse", "partly confirmed"),
    (["worse", "no clear difference", "no clear difference"], "better", "partly contradicted"),
    (["worse", "better", "no clear difference", "no clear difference"], "worse", "mixed"),
    (["no clear difference", "better"], "no clear difference", "confirmed"),
    (["better", "better", "no clear difference"], "no clear difference", "contradicted"),
    (["worse", "no clear difference"], "not better", "confirmed"),
    (["better", "no clear difference", "worse"], "not better", "partly contradicted"),
    (["better", "better", "worse"], "not better", "contradicted"),
    (["worse", "worse", "better"], "not worse", "contradicted"),
])
def test_verdict_rules(outcomes, expected, result):
    assert verdict(outcomes, expected) == result


@given(st.lists(st.sampled_from(["better", "worse", "no clear difference"]), min_size=1, max_size=20))
def test_verdict_is_symmetric_under_swapping_better_and_worse(outcomes):
    swapped = [{"better": "worse", "worse": "better"}.get(o, o) for o in outcomes]
    assert verdict(outcomes, "better") == verdict(swapped, "worse")
    assert verdict(outcomes, "not better") == verdict(swapped, "not worse")


def test_verdict_bad_input():
    with pytest.raises(ValueError, match="expected"):
        verdict(["better"], "good")
    with pytest.raises(ValueError, match="outcomes"):
        verdict([], "better")
    with pytest.raises(ValueError, match="outcomes"):
        verdict(["great"], "better")


def test_rank_cells_ranks_within_dataset_with_direction():
    grid = _toy_grid()
    ranks = rank_cells(grid[grid["method"] != "brf"], metrics=["pr_auc", "brier"])
    assert ranks.loc[("smote", "lr"), "pr_auc"] == 1.0
    assert ranks.loc[("smote", "hgb"), "pr_auc"] == 6.0
    assert ranks.loc[("smote", "hgb"), "brier"] == 1.0, "lower Brier ranks first"
    assert np.allclose(ranks["mean_rank"], ranks[["pr_auc", "brier"]].mean(axis=1))
    assert ranks["mean_rank"].is_monotonic_increasing
    with pytest.raises(ValueError, match="not in the grid"):
        rank_cells(grid, metrics=["mcc"])
    with pytest.raises(TypeError, match="sequence"):
        rank_cells(grid, metrics="pr_auc")


def test_load_grid_checks_columns(tmp_path, committed):
    path = tmp_path / "g.csv"
    path.write_text(committed, encoding="utf-8")
    assert list(load_grid(path).columns) == ["dataset", "method", "learner", "metric", "mean", "std",
                                             "ci_low", "ci_high", "n_folds"]
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a grid CSV"):
        load_grid(path)
