import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

from recbook.case_study import (
    PART_B_METRICS,
    ConstantWeightClassifier,
    part_a_as_published,
    part_b_methods,
    part_b_table,
    run_part_b,
    verdict,
)
from recbook.data import CASE_STUDY_FEATURES, CATEGORY_NAMES, make_case_study_data


def test_case_study_data_follows_the_stated_rule():
    frame = make_case_study_data(random_state=0)
    assert len(frame) == 1000
    assert list(frame.columns) == list(CASE_STUDY_FEATURES) + ["category", "label"]
    counts = frame["category"].value_counts().reindex(list(CATEGORY_NAMES))
    assert counts.is_monotonic_decreasing and counts.iloc[0] > 10 * counts.iloc[-1]
    assert counts.idxmax() == "electronics" and counts.idxmin() == "books"
    # the binary rule: label 1 exactly for books
    assert (frame["label"] == (frame["category"] == "books")).all()
    assert frame["rating"].between(1, 5).all() and (frame["dwell_seconds"] > 0).all()


def test_case_study_data_is_deterministic_and_exact_in_counts():
    a = make_case_study_data(n_samples=500, random_state=3)
    b = make_case_study_data(n_samples=500, random_state=3)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(make_case_study_data(n_samples=500, random_state=4))
    # the counts do not depend on the seed (largest remainder, not random draws)
    assert a["category"].value_counts().equals(make_case_study_data(n_samples=500, random_state=4)["category"].value_counts())


def test_case_study_data_positive_category_and_k():
    frame = make_case_study_data(n_samples=300, n_categories=4, positive_category="home", random_state=1)
    assert sorted(frame["category"].cat.categories) == sorted(CATEGORY_NAMES[:4])
    assert (frame["label"] == (frame["category"] == "home")).all()


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(n_samples=50), ValueError, "n_samples must be >= 100"),
    (dict(n_categories=11), ValueError, "n_categories must be <= 10"),
    (dict(positive_category="music"), ValueError, "positive_category must be one of"),
    (dict(positive_category=3), TypeError, "positive_category must be a string"),
    (dict(class_sep=0.0), ValueError, "class_sep must be in"),
    (dict(category_decay=1.5), ValueError, "category_decay must be in"),
])
def test_case_study_data_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_case_study_data(**kwargs)


def test_part_a_reproduces_the_published_steps():
    frame = make_case_study_data(random_state=42)
    out = part_a_as_published(frame)
    assert out["split"]["n_test"] == 200 and out["split"]["n_train"] == 800
    assert sum(out["split"]["test_support"].values()) == 200
    assert out["smote_train_counts"][0] == out["smote_train_counts"][1]
    assert out["nearmiss_train_counts"][0] == out["nearmiss_train_counts"][1]
    for name in ("logistic_regression", "random_forest"):
        result = out[name]
        assert result["accuracy"] == pytest.approx(np.mean(result["y_test"] == result["y_pred"]))
        assert "precision" in result["report_text"]
    with pytest.raises(TypeError, match="data must be a DataFrame"):
        part_a_as_published(frame.to_numpy())


def test_constant_weight_changes_nothing_for_forests_and_equals_stronger_regularisation_for_lr():
    frame = make_case_study_data(random_state=0)
    X, y = frame[list(CASE_STUDY_FEATURES)].to_numpy(), frame["label"].to_numpy()
    weighted = ConstantWeightClassifier(LogisticRegression(C=1.0, tol=1e-10, max_iter=5000)).fit(X, y)
    n_2 = int(y.sum())
    assert weighted.weight_ == pytest.approx(1 / n_2)
    equivalent = LogisticRegression(C=1.0 / n_2, tol=1e-10, max_iter=5000).fit(X, y)
    assert np.allclose(weighted.predict_proba(X), equivalent.predict_proba(X), atol=1e-5)
    forest = ConstantWeightClassifier(RandomForestClassifier(n_estimators=5, random_state=0, bootstrap=False)).fit(X, y)
    plain = RandomForestClassifier(n_estimators=5, random_state=0, bootstrap=False).fit(X, y)
    assert np.array_equal(forest.predict(X), plain.predict(X))


def test_part_b_runs_and_tabulates_all_methods():
    folds = run_part_b(n_samples=600, n_splits=2, n_repeats=1, random_state=1)
    assert set(folds["metric"]) == set(PART_B_METRICS) | {"threshold"}
    combos = set(zip(folds["method"], folds["learner"]))
    assert ("ensemble_M5", "logistic_regression") in combos and ("ensemble_M5", "random_forest") not in combos
    assert len(combos) == 2 * len(part_b_methods()) - 1
    table = part_b_table(folds)
    assert list(table.columns) == ["precision", "recall", "pr_auc", "balanced_accuracy"]
    assert table.index.names == ["method", "learner"]


@pytest.mark.parametrize("low, high, direction, margin, expected", [
    (0.02, 0.1, 1, 0.0, "confirmed"),
    (-0.02, 0.1, 1, 0.0, "depends"),
    (-0.2, -0.1, 1, 0.0, "not confirmed"),
    (-0.2, -0.1, -1, 0.0, "confirmed"),
    (0.02, 0.04, 1, 0.05, "not confirmed"),
    (-0.01, 0.01, 0, 0.02, "confirmed"),
    (0.03, 0.05, 0, 0.02, "not confirmed"),
    (0.01, 0.05, 0, 0.02, "depends"),
])
def test_verdict_rules(low, high, direction, margin, expected):
    assert verdict(low, high, claim_direction=direction, margin=margin) == expected


def test_verdict_rejects_bad_input():
    with pytest.raises(ValueError, match="high must be >= low"):
        verdict(0.2, 0.1)
    with pytest.raises(ValueError, match="claim_direction must be"):
        verdict(0.1, 0.2, claim_direction=2)
    with pytest.raises(ValueError, match="low must be finite"):
        verdict(float("nan"), 0.2)


def test_part_b_rejects_too_few_samples():
    with pytest.raises(ValueError, match="n_samples must be >= 500"):
        run_part_b(n_samples=200)


def test_docstring_examples_are_real_output():
    import doctest

    import recbook.case_study
    import recbook.data

    for module in (recbook.case_study, recbook.data):
        result = doctest.testmod(module)
        assert result.attempted >= 1 and result.failed == 0, module.__name__
