import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from recbook.experiments import (
    Method,
    averaged_ensemble,
    class_weighting,
    default_learners,
    default_methods,
    format_summary,
    make_imbalanced_datasets,
    no_remedy,
    own_estimator,
    resampling,
    run_cv,
    run_experiment,
    summarize,
    threshold_tuning,
)
from recbook.metrics import imbalanced_report


@pytest.fixture(scope="module")
def data():
    return make_imbalanced_datasets([9], n_samples=200, n_features=4, random_state=3)


# ---- recorders to prove there is no leakage ---------------------------------------------
SEEN = {"fit": [], "resample": []}


class RecordingClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression that records the row ids (column 0) it is fitted on."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        SEEN["fit"].append(set(np.asarray(X)[:, 0].round(6).tolist()))
        self.model_ = LogisticRegression().fit(np.asarray(X)[:, 1:], y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(np.asarray(X)[:, 1:])


class RecordingSampler:
    def __init__(self):
        pass

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self

    def fit_resample(self, X, y):
        SEEN["resample"].append(set(np.asarray(X)[:, 0].round(6).tolist()))
        return X, y


def test_no_leakage_learners_and_samplers_only_see_training_rows():
    X, y = make_imbalanced_datasets([4], n_samples=100, n_features=3, random_state=1)["1:4"]
    ids = np.arange(len(y), dtype=float)
    X = np.column_stack([ids, X])
    SEEN["fit"].clear()
    SEEN["resample"].clear()
    run_cv({"d": (X, y)}, {"none": no_remedy(), "rec": resampling(RecordingSampler())},
           {"rec": RecordingClassifier()}, n_splits=4, n_repeats=2, random_state=7)
    splits = list(RepeatedStratifiedKFold(n_splits=4, n_repeats=2, random_state=7).split(X, y))
    assert len(SEEN["fit"]) == 2 * len(splits) and len(SEEN["resample"]) == len(splits)
    for seen, (train, test) in zip(SEEN["fit"][:len(splits)], splits):
        assert seen == set(ids[train].tolist())
        assert not seen & set(ids[test].tolist())
    for seen, (train, _test) in zip(SEEN["resample"], splits):
        assert seen == set(ids[train].tolist())


def test_fold_values_equal_a_manual_loop(data):
    X, y = data["1:9"]
    folds = run_cv(data, {"none": no_remedy()}, {"lr": LogisticRegression()}, n_splits=3,
                   n_repeats=2, random_state=5)
    splits = RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=5).split(X, y)
    for s, (train, test) in enumerate(splits):
        p = LogisticRegression().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
        expected = imbalanced_report(y[test], p).set_index("metric")["value"]
        got = folds[(folds.repeat == s // 3) & (folds.fold == s % 3)].set_index("metric")["value"]
        for name in ("recall", "pr_auc", "log_loss", "balanced_accuracy"):
            assert got[name] == pytest.approx(expected[name], abs=1e-10)
        assert got["threshold"] == 0.5


def test_deterministic_for_a_seed_and_independent_of_n_jobs(data):
    methods = {"smote": resampling(SMOTE()), "weights": class_weighting()}
    learners = {"lr": LogisticRegression(), "rf": default_learners()["random_forest"].set_params(n_estimators=10)}
    a = run_cv(data, methods, learners, n_splits=3, n_repeats=1, random_state=1)
    b = run_cv(data, methods, learners, n_splits=3, n_repeats=1, random_state=1)
    c = run_cv(data, methods, learners, n_splits=3, n_repeats=1, random_state=1, n_jobs=2)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    d = run_cv(data, methods, learners, n_splits=3, n_repeats=1, random_state=2)
    assert not np.allclose(a["value"], d["value"])


def test_tidy_layout_and_grid_order(data):
    folds = run_cv(data, {"none": no_remedy(), "brf": own_estimator(
        default_methods()["balanced_random_forest"].build(None).set_params(n_estimators=5))},
        {"lr": LogisticRegression(), "knn": KNeighborsClassifier()}, n_splits=2, n_repeats=1,
        metrics=["recall", "pr_auc"])
    assert list(folds.columns) == ["dataset", "method", "learner", "repeat", "fold", "n_train",
                                   "n_test", "metric", "value"]
    combos = list(dict.fromkeys(zip(folds.method, folds.learner)))
    assert combos == [("none", "lr"), ("none", "knn"), ("brf", "own")]
    assert len(folds) == 3 * 2 * 2
    summary = summarize(folds)
    assert len(summary) == 3 * 2
    assert set(summary.columns) >= {"mean", "std", "ci_low", "ci_high", "n_folds"}


def test_summary_mean_and_corrected_interval_formula():
    from scipy import stats

    rng = np.random.default_rng(0)
    values = rng.random(10)
    folds = pd.DataFrame({"dataset": "d", "method": "m", "learner": "l", "repeat": np.repeat([0, 1], 5),
                          "fold": np.tile(range(5), 2), "n_train": 80, "n_test": 20,
                          "metric": "recall", "value": values})
    row = summarize(folds).iloc[0]
    half = stats.t.ppf(0.975, 9) * np.sqrt((1 / 10 + 20 / 80) * values.var(ddof=1))
    assert row["mean"] == pytest.approx(values.mean())
    assert row["ci_low"] == pytest.approx(values.mean() - half)
    assert row["ci_high"] == pytest.approx(values.mean() + half)
    naive = summarize(folds, interval="t").iloc[0]
    assert naive["ci_high"] - naive["ci_low"] < row["ci_high"] - row["ci_low"]


@given(st.lists(st.floats(0, 1), min_size=2, max_size=30), st.floats(0.5, 0.99))
def test_interval_contains_mean_and_widens_with_confidence(values, confidence):
    folds = pd.DataFrame({"dataset": "d", "method": "m", "learner": "l", "n_train": 40,
                          "n_test": 10, "metric": "x", "value": values})
    narrow = summarize(folds, confidence=confidence).iloc[0]
    wide = summarize(folds, confidence=min(0.999, confidence + 0.005)).iloc[0]
    assert narrow["ci_low"] <= narrow["mean"] <= narrow["ci_high"]
    assert wide["ci_high"] - wide["ci_low"] >= narrow["ci_high"] - narrow["ci_low"] - 1e-12


def test_class_weighting_reaches_the_final_step_of_a_pipeline():
    learner = Pipeline([("s", StandardScaler()), ("m", LogisticRegression())])
    built = class_weighting().build(learner)
    assert built.named_steps["m"].class_weight == "balanced"
    with pytest.raises(ValueError, match="no class_weight parameter"):
        class_weighting().build(KNeighborsClassifier())


def test_resampling_goes_after_the_scaler_and_before_the_model():
    learner = Pipeline([("s", StandardScaler()), ("m", LogisticRegression())])
    built = resampling(SMOTE()).build(learner)
    assert [name for name, _ in built.steps] == ["s", "sampler", "m"]
    assert type(built).__module__.startswith("imblearn")


def test_threshold_tuning_records_the_tuned_threshold(data):
    folds = run_cv(data, {"tuned": threshold_tuning(cv=3)}, {"lr": LogisticRegression()},
                   n_splits=3, n_repeats=1, metrics=["threshold", "recall"])
    thresholds = folds.loc[folds.metric == "threshold", "value"]
    assert (thresholds != 0.5).all() and thresholds.between(0, 1).all()


def test_averaged_ensemble_is_the_mean_of_member_probabilities(data):
    X, y = data["1:9"]
    model = averaged_ensemble(5, base=class_weighting()).build(LogisticRegression())
    model.set_params(random_state=0).fit(X, y)
    members = np.mean([m.predict_proba(X[:, f]) for m, f in zip(model.estimators_, model.estimators_features_)], axis=0)
    assert len(model.estimators_) == 5
    assert np.allclose(model.predict_proba(X), members)


def test_method_restricted_to_some_learners(data):
    restricted = Method(no_remedy().build, learners=("lr",))
    folds = run_cv(data, {"only_lr": restricted}, {"lr": LogisticRegression(), "knn": KNeighborsClassifier()},
                   n_splits=2, n_repeats=1, metrics=["recall"])
    assert set(folds.learner) == {"lr"}


def test_default_methods_and_learners_run_on_a_small_grid(data):
    learners = default_learners()
    learners["random_forest"].set_params(n_estimators=5)
    methods = default_methods()
    methods["balanced_random_forest"] = own_estimator(methods["balanced_random_forest"].build(None).set_params(n_estimators=5))
    summary = run_experiment(data, methods, learners, n_splits=2, n_repeats=1, metrics=["balanced_accuracy"])
    assert len(summary) == 8 * 3 + 2
    assert summary["mean"].between(0, 1).all()


def test_progress_bar_goes_to_stderr(data, capsys):
    run_cv(data, {"none": no_remedy()}, {"lr": LogisticRegression()}, n_splits=2, n_repeats=1,
           metrics=["recall"], progress=True)
    captured = capsys.readouterr()
    assert "recbook cv" in captured.err and captured.out == ""


def test_run_cv_does_not_mutate_inputs(data):
    X, y = data["1:9"]
    X0, y0 = X.copy(), y.copy()
    frame = pd.DataFrame(X)
    run_cv({"a": (X, y), "b": (frame, pd.Series(y))}, {"smote": resampling(SMOTE())},
           {"lr": LogisticRegression()}, n_splits=2, n_repeats=1, metrics=["recall"])
    assert np.array_equal(X, X0) and np.array_equal(y, y0)
    assert np.array_equal(frame.to_numpy(), X0)


def test_format_summary_pivots_to_interval_strings(data):
    summary = run_experiment(data, {"none": no_remedy()}, {"lr": LogisticRegression()}, n_splits=2,
                             n_repeats=2, metrics=["recall", "pr_auc"])
    table = format_summary(summary, metrics=["pr_auc", "recall"], digits=2)
    assert list(table.columns) == ["pr_auc", "recall"]
    row = summary.set_index("metric").loc["recall"]
    assert table.iloc[0]["recall"] == f"{row['mean']:.2f} [{row['ci_low']:.2f}, {row['ci_high']:.2f}]"
    with pytest.raises(ValueError, match="not in summary"):
        format_summary(summary, metrics=["mcc"])


LR = {"lr": LogisticRegression()}


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(datasets={}), TypeError, "datasets must be a non-empty dict"),
    (dict(methods={"x": "smote"}), TypeError, r"methods\['x'\] must be a recbook.experiments.Method"),
    (dict(learners={"x": 3}), TypeError, r"learners\['x'\] must be an estimator"),
    (dict(n_splits=1), ValueError, "n_splits must be >= 2"),
    (dict(n_repeats=0), ValueError, "n_repeats must be >= 1"),
    (dict(threshold=2.0), ValueError, "threshold must be in"),
    (dict(metrics=["nope"]), ValueError, "metrics must be a non-empty list of names"),
    (dict(random_state=-1), ValueError, "random_state must be >= 0"),
    (dict(datasets={"d": (np.zeros((4, 2)), np.array([0, 1, 2, 1]))}), ValueError, "y must contain only the labels 0 and 1"),
    (dict(datasets={"d": (np.zeros((4, 2)), np.array([0, 1, 1]))}), ValueError, "X and y must have the same length"),
    (dict(datasets={"d": (np.zeros((4, 2)), np.array([0, 0, 0, 1]))}), ValueError, "fewer than n_splits"),
    (dict(datasets={"d": np.zeros(3)}), TypeError, "must be a tuple"),
])
def test_run_cv_rejects_bad_input(data, kwargs, error, message):
    arguments = dict(datasets=data, methods={"none": no_remedy()}, learners=LR, n_splits=2, n_repeats=1)
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        run_cv(**arguments)


def test_factories_and_summaries_reject_bad_input():
    with pytest.raises(TypeError, match="sampler must have a fit_resample"):
        resampling(LogisticRegression())
    with pytest.raises(ValueError, match="class_weight must be"):
        class_weighting("auto")
    with pytest.raises(ValueError, match="n_members must be >= 1"):
        averaged_ensemble(0)
    with pytest.raises(ValueError, match="cv must be >= 2"):
        threshold_tuning(cv=1)
    with pytest.raises(TypeError, match="estimator must have fit and predict_proba"):
        own_estimator(StandardScaler())
    with pytest.raises(TypeError, match="build must be callable"):
        Method(build=3)
    with pytest.raises(ValueError, match="ratios"):
        make_imbalanced_datasets([0.5])
    with pytest.raises(ValueError, match="folds is missing the columns"):
        summarize(pd.DataFrame({"value": [1.0]}))
    with pytest.raises(ValueError, match="interval must be"):
        summarize(pd.DataFrame(columns=["dataset", "method", "learner", "metric", "value", "n_train", "n_test"]),
                  interval="bootstrap")


def test_docstring_examples_are_real_output():
    import doctest

    import recbook.experiments

    result = doctest.testmod(recbook.experiments)
    assert result.attempted >= 10 and result.failed == 0
