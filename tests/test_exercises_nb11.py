"""Exercises of notebook 11: the reference solutions against recbook.grid, on a synthetic grid.

The generic properties (every solution passes its check, every listed mistake is named,
unanswered and garbage answers get feedback, no input is mutated) are proved for all registered
exercises in ``tests/test_exercises.py``. This file checks that the three solutions agree with
``recbook.grid`` (the functions the notebook teaches), that the checks' branches not covered by
the registered mistakes work, and -- when it is present -- the committed grid CSV.
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook import exercises, solutions
from recbook.exercises import EXERCISES
from recbook.grid import LOWER_IS_BETTER, compare_with_baseline, load_grid

KEYS_11 = ["11.1", "11.2", "11.3"]
GRID_CSV = Path(__file__).resolve().parents[1] / "data" / "best_practices_grid.csv"


@pytest.fixture(scope="module")
def grid():
    (grid,) = EXERCISES["11.1"].make_inputs()
    return grid


def _independent_best(grid, learner, dataset):
    rows = grid.query("dataset == @dataset and learner == @learner and metric == 'pr_auc'")
    ordered = rows.sort_values("mean", ascending=False, kind="stable")
    return ordered["method"].iloc[0]


def test_the_three_exercises_are_registered_for_notebook_11():
    assert [e.key for e in exercises.exercises_for("11_best_practices.ipynb")] == KEYS_11
    for key in KEYS_11:
        assert len(EXERCISES[key].mistakes) >= 3


def test_the_synthetic_grid_has_the_csv_columns_and_distinct_mistakes(grid):
    assert list(grid.columns) == ["dataset", "method", "learner", "metric", "mean", "std",
                                  "ci_low", "ci_high", "n_folds"]
    assert (grid["ci_low"] < grid["mean"]).all() and (grid["mean"] < grid["ci_high"]).all()
    for key in ("11.1", "11.2"):
        ex = EXERCISES[key]
        answers = [ex.solution(grid)] + [m.make(grid) for m in ex.mistakes]
        assert len({str(a) for a in answers}) == len(answers), answers


def test_lower_is_better_agrees_with_recbook_grid():
    assert set(solutions.GRID_LOWER_IS_BETTER) == set(LOWER_IS_BETTER)


def test_best_remedy_equals_an_independent_sort(grid):
    for dataset in sorted(set(grid["dataset"])):
        for learner in ("logistic_regression", "random_forest", "hist_gradient_boosting"):
            assert solutions.best_pr_auc_remedy(grid, learner, dataset) == \
                _independent_best(grid, learner, dataset)
    with pytest.raises(ValueError, match="no PR-AUC rows"):
        solutions.best_pr_auc_remedy(grid, learner="svm")


def _outcomes_agree(grid, metric, method, baseline):
    cells = compare_with_baseline(grid, metric, method, baseline)
    for r in cells.itertuples(index=False):
        assert solutions.clear_difference_outcome(grid, method, baseline, r.learner, metric,
                                                  r.dataset) == r.outcome
    return cells


def test_outcome_and_difference_equal_compare_with_baseline(grid):
    for metric in ("f1", "pr_auc", "brier"):
        _outcomes_agree(grid, metric, "threshold_tuning", "smote")
        _outcomes_agree(grid, metric, "smote", "none")
    cells = compare_with_baseline(grid, "f1", "threshold_tuning", "smote")
    for r in cells.itertuples(index=False):
        assert solutions.threshold_minus_smote_f1(grid, r.learner, r.dataset) == \
            pytest.approx(r.difference)


def test_exercise_3_on_the_synthetic_grid_is_a_tie_with_different_means(grid):
    assert solutions.clear_difference_outcome(grid) == "no clear difference"
    assert solutions.threshold_minus_smote_f1(grid) != 0


@pytest.mark.parametrize("answer", ["no clear difference", "No clear difference", "tie",
                                    " no_clear_difference ", "no-clear-difference"])
def test_the_outcome_is_accepted_in_its_natural_spellings(grid, answer):
    assert exercises.check_clear_difference_outcome(answer, grid).passed


def _separated(grid):
    """The synthetic grid with threshold tuning's F1 interval moved clearly above SMOTE's."""
    out = grid.copy()
    at = ((out["dataset"] == solutions.CLEAR_DATASET) & (out["learner"] == solutions.CLEAR_LEARNER)
          & (out["metric"] == "f1") & (out["method"] == "threshold_tuning"))
    out.loc[at, ["mean", "ci_low", "ci_high"]] = [0.80, 0.75, 0.85]
    return out


def test_a_clear_difference_names_the_missed_separation_and_the_direction(grid):
    separated = _separated(grid)
    assert solutions.clear_difference_outcome(separated) == "better"
    assert exercises.check_clear_difference_outcome("better", separated).passed
    tie = exercises.check_clear_difference_outcome("no clear difference", separated)
    assert tie.status == "wrong" and "do not overlap" in tie.message
    flipped = exercises.check_clear_difference_outcome("worse", separated)
    assert flipped.status == "wrong" and "reversed" in flipped.message
    pd.testing.assert_frame_equal(grid, EXERCISES["11.3"].make_inputs()[0])   # not mutated


def test_a_higher_brier_read_as_better_is_named(grid, monkeypatch):
    for name, value in (("CLEAR_METHOD", "smote"), ("CLEAR_BASELINE", "none"),
                        ("CLEAR_LEARNER", "logistic_regression"), ("CLEAR_METRIC", "brier")):
        monkeypatch.setattr(solutions, name, value)
    assert solutions.clear_difference_outcome(grid, "smote", "none", "logistic_regression", "brier",
                                              solutions.CLEAR_DATASET) == "worse"  # far higher
    feedback = exercises.check_clear_difference_outcome("better", grid)
    assert feedback.status == "wrong" and "lower is better" in feedback.message


@given(value=st.floats(min_value=-1.0, max_value=1.0, allow_nan=False))
def test_a_difference_is_accepted_only_when_it_equals_the_reference(grid, value):
    right = solutions.threshold_minus_smote_f1(grid)
    feedback = exercises.check_threshold_minus_smote_f1(value, grid)
    assert feedback.passed == math.isclose(value, right, rel_tol=1e-6, abs_tol=1e-12)


@given(method=st.sampled_from(["none", "class_weights", "threshold_tuning", "random_oversampling",
                               "smote", "balanced_random_forest", "nearmiss"]))
def test_a_remedy_is_accepted_only_when_it_is_the_reference(grid, method):
    feedback = exercises.check_best_pr_auc_remedy(method, grid)
    assert feedback.passed == (method == solutions.best_pr_auc_remedy(grid))
    assert feedback.status in {"correct", "wrong"}


def test_wrong_messages_never_reveal_the_reference(grid):
    right = solutions.threshold_minus_smote_f1(grid)
    for mistake in EXERCISES["11.2"].mistakes:
        message = exercises.check_threshold_minus_smote_f1(mistake.make(grid), grid).message
        for digits in (3, 4, 6):
            assert f"{right:.{digits}f}" not in message
    best = solutions.best_pr_auc_remedy(grid)
    for mistake in EXERCISES["11.1"].mistakes:
        message = exercises.check_best_pr_auc_remedy(mistake.make(grid), grid).message
        assert repr(best) not in message


def test_a_grid_without_the_asked_cells_raises_value_error(grid):
    other = grid[grid["dataset"] != solutions.TUNING_DATASET]
    with pytest.raises(ValueError, match="rows"):
        exercises.check_threshold_minus_smote_f1(0.1, other)
    with pytest.raises(ValueError, match="rows"):
        exercises.check_clear_difference_outcome("tie", other)
    with pytest.raises(TypeError, match="grid"):
        exercises.check_best_pr_auc_remedy("none", grid.drop(columns="ci_high"))


def test_the_solutions_docstring_examples_are_real():
    import doctest

    names = ["best_pr_auc_remedy", "threshold_minus_smote_f1", "clear_difference_outcome"]
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    for name in names:
        for test in finder.find(getattr(solutions, name), name, globs=dict(vars(solutions))):
            runner.run(test)
    assert runner.failures == 0 and runner.tries >= len(names)


def test_the_exercises_on_the_committed_grid():
    if not GRID_CSV.exists():
        pytest.skip(f"{GRID_CSV} is not in this copy")
    grid = load_grid(GRID_CSV)
    for key in KEYS_11:
        ex = EXERCISES[key]
        assert ex.check(ex.solution(grid), grid).passed
        assert ex.check(..., grid).status == "unanswered"
    assert solutions.best_pr_auc_remedy(grid) == _independent_best(
        grid, solutions.BEST_REMEDY_LEARNER, solutions.BEST_REMEDY_DATASET)
    cells = _outcomes_agree(grid, "f1", "threshold_tuning", "smote")
    row = cells[(cells["learner"] == solutions.TUNING_LEARNER)
                & (cells["dataset"] == solutions.TUNING_DATASET)].iloc[0]
    assert solutions.threshold_minus_smote_f1(grid) == pytest.approx(row["difference"])
    assert solutions.clear_difference_outcome(grid) == row["outcome"]
    # the typical mistakes that differ from the answer on the real grid are still named
    ex = EXERCISES["11.1"]
    highest_brier = ex.mistakes[1].make(grid)
    assert highest_brier != solutions.best_pr_auc_remedy(grid)
    assert "lower is better" in ex.check(highest_brier, grid).message


def test_the_notebook_states_the_questions_the_checks_ask(root):
    path = root / "notebooks" / "11_best_practices.ipynb"
    if not path.exists():
        pytest.skip("notebook 11 is not in this copy")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    exercises_text = text[text.index("## Exercises"):text.index("## References")].replace("\n", " ")
    for value in (solutions.BEST_REMEDY_LEARNER, solutions.BEST_REMEDY_DATASET,
                  solutions.TUNING_LEARNER, solutions.TUNING_DATASET, solutions.CLEAR_METHOD,
                  solutions.CLEAR_BASELINE, solutions.CLEAR_LEARNER, solutions.CLEAR_METRIC,
                  solutions.CLEAR_DATASET):
        assert f"`{value}`" in exercises_text, value
    assert text.index("## Summary") < text.index("## Exercises") < text.index("## References")
    assert np.all([("Prerequisites:**" not in "".join(c["source"]))
                   for c in cells[:1]]), "the title cell leaves prerequisites to the nav header"
