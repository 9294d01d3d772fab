"""Exercises of notebooks 05-06: the reference solutions against the libraries they teach.

The generic properties (every solution passes its check, every listed mistake is named,
unanswered and garbage answers get feedback) are proved for all registered exercises in
``tests/test_exercises.py``; this file checks that the solutions themselves are right.
"""

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.over_sampling import RandomOverSampler as ImbROS
from imblearn.under_sampling import RandomUnderSampler as ImbRUS
from sklearn.neighbors import NearestNeighbors

from recbook import exercises, solutions
from recbook.exercises import EXERCISES
from recbook.sampling import RandomOverSampler, correct_downsampled_proba, negative_downsample

KEYS_56 = ["05.1", "05.2", "05.3", "06.1", "06.2", "06.3"]


@pytest.fixture(scope="module")
def log():
    (log,) = EXERCISES["05.1"].make_inputs()
    return log


def _purchase_task(log):
    X, bought = solutions._smote_table(log)
    return X, bought.astype(int)


def test_the_six_exercises_are_registered_for_their_notebooks():
    assert all(key in EXERCISES for key in KEYS_56)
    assert [e.key for e in exercises.exercises_for("05_sampling_methods.ipynb")] == KEYS_56[:3]
    assert [e.key for e in exercises.exercises_for("06_model_adjustment.ipynb")] == KEYS_56[3:]
    for key in KEYS_56:
        assert len(EXERCISES[key].mistakes) >= 4


@pytest.mark.parametrize("strategy", [0.3, 0.5, 0.77, 1.0])
def test_oversampled_counts_equal_imbalanced_learn_and_recbook(log, strategy):
    X, y = _purchase_task(log)
    expected = np.bincount(ImbROS(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1])
    ours = np.bincount(RandomOverSampler(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1])
    counts = solutions.oversampled_class_counts(log, sampling_strategy=strategy)
    assert [counts[0], counts[1]] == expected.tolist() == ours.tolist()


def test_class_counts_are_accepted_in_every_natural_form(log):
    X, y = _purchase_task(log)
    y_res = ImbROS(sampling_strategy=solutions.OVERSAMPLING_STRATEGY, random_state=0).fit_resample(X, y)[1]
    right = solutions.oversampled_class_counts(log)
    for answer in (np.bincount(y_res), Counter(y_res.tolist()), pd.Series(y_res).value_counts(),
                   [right[0], right[1]], (right[0], right[1]), {1: right[1], 0: right[0]}):
        assert exercises.check_oversampled_class_counts(answer, log).passed, answer
    wrong = exercises.check_oversampled_class_counts({0: right[0], 1: right[1] + 5}, log)
    assert wrong.status == "wrong" and "class 1" in wrong.message


def test_the_smote_point_lies_on_the_segment_to_sklearns_nearest_neighbour(log):
    X, y = _purchase_task(log)
    minority = X[y == 1]
    index = NearestNeighbors(n_neighbors=2).fit(minority).kneighbors(minority[:1],
                                                                     return_distance=False)[0]
    x_i, x_nn = minority[0], minority[index[index != 0][0]]
    point = solutions.smote_point(log)
    np.testing.assert_allclose(point, x_i + solutions.SMOTE_LAMBDA * (x_nn - x_i))
    lengths = np.linalg.norm(point - x_i) + np.linalg.norm(x_nn - point)
    assert lengths == pytest.approx(np.linalg.norm(x_nn - x_i))
    assert np.linalg.norm(point - x_i) == pytest.approx(solutions.SMOTE_LAMBDA * np.linalg.norm(x_nn - x_i))
    # the neighbour is unique on this log, so the exercise has one answer
    d = np.sort(np.linalg.norm(minority[1:] - x_i, axis=1))
    assert d[0] > 0 and d[1] > d[0] * (1 + 1e-9)


@pytest.mark.parametrize("lam", [0.0, 0.3, 1.0])
def test_smote_point_endpoints(log, lam):
    X, y = _purchase_task(log)
    point = solutions.smote_point(log, lam=lam)
    x_i = X[y == 1][0]
    if lam == 0.0:
        np.testing.assert_allclose(point, x_i)
    elif lam == 1.0:
        assert (np.linalg.norm(X[y == 1][1:] - point, axis=1) < 1e-12).any()


@pytest.mark.parametrize("strategy", [0.25, 0.4, 1.0])
def test_undersampling_keep_rate_equals_imbalanced_learns(log, strategy):
    X, y = _purchase_task(log)
    y_res = ImbRUS(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    kept = (y_res == 0).sum() / (y == 0).sum()
    assert solutions.undersampling_keep_rate(log, sampling_strategy=strategy) == pytest.approx(kept)


def test_voucher_threshold_is_the_break_even_point(log):
    t = solutions.voucher_threshold(log)
    imp = log.impressions
    c_fn = solutions.MARGIN * imp.loc[imp["purchased"], "price"].mean()
    assert (1 - t) * solutions.VOUCHER_COST == pytest.approx(t * c_fn)
    assert 0 < t < 0.5     # a cheap voucher and a valuable buyer: act below 0.5


def test_downsampled_click_rate_matches_negative_downsample_on_average(log):
    y = log.impressions["clicked"].to_numpy(dtype=int)
    X = np.zeros((y.size, 1))
    w = solutions.DOWNSAMPLING_KEEP_RATE
    rates = [negative_downsample(X, y, w, random_state=s)[1].mean() for s in range(20)]
    assert np.mean(rates) == pytest.approx(solutions.downsampled_click_rate(log), rel=0.02)
    # the prior correction of the expected rate gives back the log's click rate
    corrected = correct_downsampled_proba([solutions.downsampled_click_rate(log)], w)[0]
    assert corrected == pytest.approx(y.mean())


def test_the_corrected_balanced_prediction_is_the_click_rate(log):
    y = log.impressions["clicked"].to_numpy(dtype=int)
    y_res = ImbRUS(random_state=0).fit_resample(np.zeros((y.size, 1)), y)[1]
    w = (y_res == 0).sum() / (y == 0).sum()
    q = correct_downsampled_proba([solutions.BALANCED_PREDICTION], w)[0]
    assert solutions.corrected_balanced_prediction(log) == pytest.approx(q)
    assert q == pytest.approx(y.mean())


@pytest.mark.parametrize("key", ["05.3", "06.1", "06.2", "06.3"])
@given(value=st.floats(min_value=-10.0, max_value=10.0, allow_nan=False))
def test_a_number_is_accepted_only_when_it_equals_the_reference(key, log, value):
    right = EXERCISES[key].solution(log)
    feedback = EXERCISES[key].check(value, log)
    assert feedback.passed == math.isclose(value, right, rel_tol=1e-6, abs_tol=1e-12)
    assert feedback.status in {"correct", "wrong"}


@given(st.lists(st.floats(min_value=-5.0, max_value=5.0, allow_nan=False), min_size=2, max_size=2))
def test_a_smote_point_is_accepted_only_when_it_is_the_reference(log, point):
    feedback = exercises.check_smote_point(point, log)
    assert feedback.passed == np.allclose(point, solutions.smote_point(log), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("key", KEYS_56)
def test_wrong_messages_never_reveal_the_reference(key, log):
    ex = EXERCISES[key]
    right = ex.solution(log)
    for mistake in ex.mistakes:
        message = ex.check(mistake.make(log), log).message
        if isinstance(right, float):
            for digits in (3, 4, 6):
                assert f"{right:.{digits}f}" not in message, (mistake.name, message)


def test_the_solutions_docstring_examples_are_real():
    import doctest

    names = ["oversampled_class_counts", "smote_point", "undersampling_keep_rate",
             "voucher_threshold", "downsampled_click_rate", "corrected_balanced_prediction"]
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    for name in names:
        for test in finder.find(getattr(solutions, name), name, globs=dict(vars(solutions))):
            runner.run(test)
    assert runner.failures == 0 and runner.tries >= len(names)


@pytest.mark.parametrize("name,phrases", [
    ("05_sampling_methods.ipynb", [f"sampling_strategy={solutions.OVERSAMPLING_STRATEGY:g})",
                                   f"λ = {solutions.SMOTE_LAMBDA:g}`",
                                   f"sampling_strategy={solutions.UNDERSAMPLING_STRATEGY:g})",
                                   "`X_shop[[\"" + "\", \"".join(solutions.SMOTE_COLUMNS) + "\"]]`"]),
    ("06_model_adjustment.ipynb", [f"`c_FP = {solutions.VOUCHER_COST:.1f}`",
                                   f"`c_FN = {solutions.MARGIN:g} ×`",
                                   f"`w = {solutions.DOWNSAMPLING_KEEP_RATE:g}`",
                                   f"`p = {solutions.BALANCED_PREDICTION:g}`"]),
])
def test_the_notebooks_state_the_parameters_the_checks_use(root, name, phrases):
    import json

    path = root / "notebooks" / name
    if not path.exists():
        pytest.skip(f"{name} is not in this copy")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    exercises_text = text[text.index("## Exercises"):]
    for phrase in phrases:
        assert phrase in exercises_text.replace("\n", " "), phrase
