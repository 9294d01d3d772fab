"""Exercises: every reference solution passes its check, and every check can fail, in words."""

import inspect
import json
import math

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook import exercises, solutions
from recbook.data import ImpressionLog, imbalance_summary, make_impression_log
from recbook.exercises import EXERCISES, Feedback

KEYS = sorted(EXERCISES)


@pytest.fixture(scope="module")
def inputs():
    return {key: EXERCISES[key].make_inputs() for key in KEYS}


def test_the_registry_is_well_formed():
    assert KEYS, "no exercise is registered"
    for key, ex in EXERCISES.items():
        assert ex.key == key
        assert len(key) == 4 and key[2] == "." and ex.notebook.startswith(key[:2] + "_")
        assert ex.mistakes, f"exercise {key} lists no typical mistake, so nothing shows its check can fail"
        assert ex.check.__doc__ and ex.solution.__doc__


@pytest.mark.parametrize("key", KEYS)
def test_the_reference_solution_passes_its_own_check(key, inputs):
    ex = EXERCISES[key]
    feedback = ex.check(ex.solution(*inputs[key]), *inputs[key])
    assert isinstance(feedback, Feedback)
    assert feedback.passed, str(feedback)
    assert "correct." in str(feedback)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("placeholder", [..., None])
def test_an_unanswered_exercise_says_so(key, placeholder, inputs):
    feedback = EXERCISES[key].check(placeholder, *inputs[key])
    assert feedback.status == "unanswered" and not feedback.passed
    assert "not answered yet" in str(feedback) and "Hint:" in feedback.message


@pytest.mark.parametrize("key,index", [(k, i) for k in KEYS for i in range(len(EXERCISES[k].mistakes))],
                         ids=[f"{k}-{m.name}" for k in KEYS for m in EXERCISES[k].mistakes])
def test_every_typical_mistake_is_caught_and_named(key, index, inputs):
    ex = EXERCISES[key]
    mistake = ex.mistakes[index]
    wrong = mistake.make(*inputs[key])
    feedback = ex.check(wrong, *inputs[key])
    assert feedback.status == "wrong", f"{mistake.name!r} was accepted: {feedback}"
    assert "not right yet" in str(feedback)
    assert mistake.expect.lower() in feedback.message.lower(), (
        f"the feedback for {mistake.name!r} does not name it: {feedback.message}")


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("garbage", ["0.5", [1, 2, 3], {"a": 1}, np.array([1.0, 2.0]), object(),
                                     float("nan"), -3.0, 1e9, True])
def test_garbage_answers_get_feedback_not_an_exception(key, garbage, inputs):
    feedback = EXERCISES[key].check(garbage, *inputs[key])
    assert feedback.status == "wrong"
    assert len(feedback.message) > 20


@pytest.mark.parametrize("key", KEYS)
def test_a_wrong_data_argument_raises_type_error_naming_it(key, inputs):
    # every data argument in turn is replaced by something of the wrong kind; the TypeError
    # must name that parameter (for the log checks: a DataFrame given instead of the log)
    check = EXERCISES[key].check
    names = list(inspect.signature(check).parameters)[1:1 + len(inputs[key])]
    for i, name in enumerate(names):
        for bad in (pd.DataFrame({"x": [1]}), "not the notebook's data"):
            if isinstance(bad, pd.DataFrame) and not isinstance(inputs[key][i], ImpressionLog):
                continue                       # a DataFrame may be the right kind (or array-like)
            args = list(inputs[key])
            args[i] = bad
            with pytest.raises(TypeError, match=name):
                check(0.5, *args)


def _snapshot(value):
    if isinstance(value, ImpressionLog):
        return {name: getattr(value, name).copy(deep=True) for name in ("users", "items", "impressions")}
    if isinstance(value, (pd.DataFrame, pd.Series, np.ndarray)):
        return value.copy()
    return value


def _assert_unchanged(value, before):
    if isinstance(value, ImpressionLog):
        for name, frame in before.items():
            pd.testing.assert_frame_equal(getattr(value, name), frame)
    elif isinstance(value, pd.DataFrame):
        pd.testing.assert_frame_equal(value, before)
    elif isinstance(value, pd.Series):
        pd.testing.assert_series_equal(value, before)
    elif isinstance(value, np.ndarray):
        np.testing.assert_array_equal(value, before)
    else:
        assert value == before


@pytest.mark.parametrize("key", KEYS)
def test_checks_and_solutions_do_not_mutate_their_inputs(key, inputs):
    ex = EXERCISES[key]
    data = inputs[key]
    before = [_snapshot(value) for value in data]
    answer = ex.solution(*data)
    answer_before = _snapshot(answer)
    ex.check(answer, *data)
    for mistake in ex.mistakes:
        ex.check(mistake.make(*data), *data)
    for value, snapshot in zip(data, before):
        _assert_unchanged(value, snapshot)
    _assert_unchanged(answer, answer_before)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_number_is_accepted_only_when_it_equals_the_reference(value):
    (log,) = EXERCISES["01.2"].make_inputs()
    right = solutions.cart_imbalance_ratio_among_clicks(log)
    feedback = exercises.check_cart_imbalance_ratio(value, log)
    assert feedback.passed == math.isclose(value, right, rel_tol=1e-6, abs_tol=1e-12)
    assert feedback.status in {"correct", "wrong"}


@given(st.floats(min_value=0.0, max_value=1.0))
def test_top_share_accepts_nothing_but_the_reference(value):
    (log,) = EXERCISES["01.1"].make_inputs()
    feedback = exercises.check_top_item_share(value, log)
    assert feedback.passed == math.isclose(value, solutions.top_item_share(log), rel_tol=1e-6)


def test_segment_shares_are_accepted_in_any_order_and_as_a_dict(inputs):
    (log,) = inputs["01.3"]
    right = solutions.segment_purchase_share(log)
    assert exercises.check_segment_purchase_share(right.iloc[::-1], log).passed
    assert exercises.check_segment_purchase_share(right.to_dict(), log).passed
    assert exercises.check_segment_purchase_share(right.to_frame(), log).passed
    shifted = right.copy()
    shifted.iloc[0] += 0.01
    shifted.iloc[1] -= 0.01
    feedback = exercises.check_segment_purchase_share(shifted, log)
    assert feedback.status == "wrong"
    assert right.index[0] in feedback.message and right.index[1] in feedback.message


# ------------------------------------------------ the solutions against independent computations

def test_solutions_agree_with_the_packages_imbalance_summary():
    # with far more impressions than items every item is shown, so "top 20 % of the catalogue"
    # and imbalance_summary's "top 20 % of shown items" coincide
    log = make_impression_log(n_users=300, n_items=60, n_categories=3, n_impressions=20_000,
                              random_state=3)
    assert log.impressions["item_id"].nunique() == len(log.items)
    summary = imbalance_summary(log)
    assert solutions.top_item_share(log, share=0.20) == pytest.approx(summary.attrs["top_20pct_share"])
    clicks, carts = summary.loc["click", "count"], summary.loc["cart", "count"]
    assert solutions.cart_imbalance_ratio_among_clicks(log) == pytest.approx((clicks - carts) / carts)


def test_segment_shares_sum_to_one_and_match_a_groupby():
    (log,) = EXERCISES["01.3"].make_inputs()
    share = solutions.segment_purchase_share(log)
    assert share.sum() == pytest.approx(1.0)
    merged = log.impressions.merge(log.users[["user_id", "segment"]], on="user_id")
    by_groupby = merged.groupby("segment", observed=False)["purchased"].sum()
    by_groupby = by_groupby / by_groupby.sum()
    np.testing.assert_allclose(share.to_numpy(), by_groupby.reindex(share.index).to_numpy())


# ------------------------------------------------ helpers and the notebooks' exercise cells

def test_feedback_text_and_helpers():
    feedback = Feedback("09.9", "a title", "wrong", "It is off.")
    assert str(feedback) == repr(feedback) == "Exercise 09.9 (a title): not right yet.\nIt is off."
    assert not feedback.passed
    assert [e.key for e in exercises.exercises_for("01_ecommerce_imbalance.ipynb")] == ["01.1", "01.2", "01.3"]
    assert exercises.exercises_for("nope.ipynb") == []
    assert "def top_item_share" in exercises.solution_source("01.1")
    with pytest.raises(ValueError, match="key"):
        exercises.solution_source("99.9")
    with pytest.raises(TypeError, match="key"):
        exercises.solution_source(1.1)
    with pytest.raises(TypeError, match="notebook"):
        exercises.exercises_for(1)


NOTEBOOKS_WITH_EXERCISES = sorted({ex.notebook for ex in EXERCISES.values()})


@pytest.mark.parametrize("name", NOTEBOOKS_WITH_EXERCISES)
def test_notebook_exercise_cells_follow_the_pattern(name, root):
    path = root / "notebooks" / name
    if not path.exists():
        pytest.skip(f"{name} is not in this copy")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    placeholders = [c for c in code if "# your code here" in "".join(c["source"])]
    for cell in placeholders:
        assert "nbval-skip" in cell["metadata"].get("tags", []), "placeholder cells must be tagged nbval-skip"
        assert cell["execution_count"] is None and cell["outputs"] == [], "placeholders are stored unexecuted"
    for ex in exercises.exercises_for(name):
        calls = [c for c in code if f"exercises.{ex.check.__name__}(" in "".join(c["source"])]
        assert len(calls) == 1, f"{name} must call {ex.check.__name__} in exactly one cell"
        output = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in calls[0]["outputs"])
        assert f"Exercise {ex.key}" in output and "not answered yet" in output
    assert len(placeholders) == len(exercises.exercises_for(name))


def test_the_runner_skips_placeholder_cells_like_nbval_does(tmp_path):
    from recbook._notebooks import execute_notebook

    nb = nbformat.v4.new_notebook()
    placeholder = nbformat.v4.new_code_cell("answer = ...  # your code here\nraise RuntimeError('ran')")
    placeholder.metadata["tags"] = ["nbval-skip"]
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("answer = ..."),
                placeholder, nbformat.v4.new_code_cell("print(answer is ...)")]
    nbformat.write(nb, tmp_path / "01_t.ipynb")
    result = execute_notebook(tmp_path / "01_t.ipynb", tmp_path / "out.ipynb")
    assert result.status == "ok", result.detail
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert out.cells[2].execution_count is None and out.cells[2].outputs == []
    assert out.cells[3].execution_count == 2 and out.cells[3].outputs[0]["text"] == "True\n"


# --- notebooks 09-10 ---
# The solutions against the library functions the notebooks teach, the checks' edge cases, and
# the real data when its CSV is present (skipped, saying why, when it is not).

import os  # noqa: E402
from pathlib import Path  # noqa: E402

from recbook.metrics import catalog_coverage, long_tail_share, recall_at_k  # noqa: E402
from recbook.recommend import MostPopular, TruncatedSVDRecommender, interaction_matrix  # noqa: E402
from recbook.rerank import head_tail_split  # noqa: E402


@pytest.fixture(scope="module")
def svd_setup():
    """A small version of notebook 09's pipeline: clicks, temporal split, SVD top-k lists."""
    log = make_impression_log(n_users=300, n_items=120, n_impressions=30_000, random_state=5)
    clicks = log.impressions.loc[log.impressions["clicked"]]
    last = log.params["n_days"] - 8
    train, test = clicks[clicks["day"] <= last], clicks[clicks["day"] > last]
    X_train = interaction_matrix(train["user_id"], train["item_id"], 300, 120)
    X_test = interaction_matrix(test["user_id"], test["item_id"], 300, 120)
    X_test = (X_test - X_test.multiply(X_train)).tocsr()
    X_test.eliminate_zeros()
    users = np.flatnonzero((X_train.getnnz(axis=1) > 0) & (X_test.getnnz(axis=1) > 0))
    model = TruncatedSVDRecommender(8, random_state=0).fit(X_train)
    return {"y_true": X_test[users].toarray(), "lists": model.recommend(users, k=10),
            "scores": model.score(users), "counts": np.asarray(X_train.sum(axis=0)).ravel(),
            "X_train": X_train, "users": users}


def test_list_solutions_agree_with_recbook_metrics(svd_setup):
    s = svd_setup
    assert solutions.catalog_coverage_of_lists(s["lists"], 120) == pytest.approx(
        catalog_coverage(s["lists"], 120))
    for fraction in (0.1, 0.2, 0.5):
        assert solutions.long_tail_share_of_lists(s["lists"], s["counts"], fraction) == pytest.approx(
            long_tail_share(s["lists"], s["counts"], fraction))
        tail = head_tail_split(s["counts"], fraction)
        assert solutions.long_tail_share_of_lists(s["lists"], s["counts"], fraction) == pytest.approx(
            tail[s["lists"]].mean())
    # the hand-made recall of the lists equals recall_at_k of the model's full score matrix
    assert solutions.recall_at_k_of_lists(s["y_true"], s["lists"]) == pytest.approx(
        recall_at_k(s["y_true"], s["scores"], 10))


def test_list_checks_accept_the_notebook_answers(svd_setup):
    s = svd_setup
    assert exercises.check_catalog_coverage(catalog_coverage(s["lists"], 120), s["lists"], 120).passed
    share = long_tail_share(s["lists"], s["counts"], 0.2)
    assert exercises.check_long_tail_share(share, s["lists"], s["counts"], 0.2).passed
    assert exercises.check_long_tail_share(np.float32(share), s["lists"], s["counts"], 0.2).passed
    assert exercises.check_recall_at_k(recall_at_k(s["y_true"], s["scores"], 10),
                                       s["y_true"], s["lists"]).passed
    # most popular: the same head-only list for everyone, long-tail share 0
    popular = MostPopular().fit(s["X_train"]).recommend(s["users"], k=10)
    assert exercises.check_long_tail_share(0.0, popular, s["counts"], 0.2).passed


@given(st.floats(min_value=0.0, max_value=1.0))
def test_list_checks_accept_nothing_but_the_reference(value):
    lists, y_true, popularity, n_items = exercises._small_lists()
    checks = [(exercises.check_catalog_coverage(value, lists, n_items),
               solutions.catalog_coverage_of_lists(lists, n_items)),
              (exercises.check_long_tail_share(value, lists, popularity, 0.2),
               solutions.long_tail_share_of_lists(lists, popularity, 0.2)),
              (exercises.check_recall_at_k(value, y_true, lists),
               solutions.recall_at_k_of_lists(y_true, lists))]
    for feedback, right in checks:
        assert feedback.passed == math.isclose(value, right, rel_tol=1e-6, abs_tol=1e-12)


def test_list_checks_reject_bad_data_with_value_errors():
    lists, y_true, popularity, n_items = exercises._small_lists()
    with pytest.raises(ValueError, match="recommendations"):
        exercises.check_catalog_coverage(0.5, lists, 10)                 # ids beyond the catalogue
    with pytest.raises(ValueError, match="recommendations"):
        exercises.check_catalog_coverage(0.5, lists[0], n_items)         # 1-D
    with pytest.raises(ValueError, match="n_items"):
        exercises.check_catalog_coverage(0.5, lists, 0)
    with pytest.raises(ValueError, match="head_fraction"):
        exercises.check_long_tail_share(0.5, lists, popularity, 1.0)
    with pytest.raises(ValueError, match="item_popularity"):
        exercises.check_long_tail_share(0.5, lists, -popularity, 0.2)
    with pytest.raises(ValueError, match="y_true"):
        exercises.check_recall_at_k(0.5, 2 * y_true, lists)
    with pytest.raises(ValueError, match="one row per row of y_true"):
        exercises.check_recall_at_k(0.5, y_true[:-1], lists)


def test_session_checks_need_the_columns_they_use():
    (sessions,) = exercises._small_sessions()
    for check in (exercises.check_deduplicated_imbalance_ratio, exercises.check_page_value_share):
        with pytest.raises(ValueError, match="PageValues"):
            check(0.5, sessions.drop(columns="PageValues"))
        with pytest.raises(ValueError, match="Revenue"):
            check(0.5, sessions.assign(Revenue=False))
        with pytest.raises(TypeError, match="shoppers"):
            check(0.5, sessions.to_numpy())


def test_session_solutions_agree_with_direct_counts():
    (sessions,) = exercises._small_sessions()
    unique = sessions.drop_duplicates()
    assert len(unique) < len(sessions)               # the synthetic data has duplicates to drop
    counts = unique["Revenue"].value_counts()
    assert solutions.deduplicated_imbalance_ratio(sessions) == pytest.approx(counts[False] / counts[True])
    crosstab = pd.crosstab(sessions["Revenue"], sessions["PageValues"] > 0)
    assert solutions.page_value_share_of_purchases(sessions) == pytest.approx(
        crosstab.loc[True, True] / crosstab.loc[True].sum())


def _online_shoppers_csv():
    folders = [Path(os.environ["RECBOOK_DATA"])] if os.environ.get("RECBOOK_DATA") else []
    folders.append(Path(__file__).resolve().parents[1].parent / "shared" / "data")
    return next((f for f in folders if (f / "online_shoppers_intention.csv").is_file()), None)


@pytest.mark.skipif(_online_shoppers_csv() is None,
                    reason="needs the verified online_shoppers_intention.csv in $RECBOOK_DATA or ../shared/data")
def test_session_exercises_on_the_real_data():
    from recbook.data import load_online_shoppers

    shoppers = load_online_shoppers(_online_shoppers_csv(), download=False)
    before = shoppers.copy()
    ratio = solutions.deduplicated_imbalance_ratio(shoppers)
    share = solutions.page_value_share_of_purchases(shoppers)
    # dropping duplicates changes the ratio, so the "duplicates kept" mistake is distinguishable
    assert not math.isclose(ratio, (len(shoppers) - 1908) / 1908, rel_tol=1e-6)
    assert 0.0 < share < 1.0
    assert exercises.check_deduplicated_imbalance_ratio(ratio, shoppers).passed
    assert exercises.check_page_value_share(share, shoppers).passed
    for ex in exercises.exercises_for("10_real_data_online_shoppers.ipynb"):
        for mistake in ex.mistakes:
            feedback = ex.check(mistake.make(shoppers), shoppers)
            assert feedback.status == "wrong" and mistake.expect.lower() in feedback.message.lower()
    pd.testing.assert_frame_equal(shoppers, before)


def test_the_exercises_of_notebooks_09_and_10_are_registered():
    assert [e.key for e in exercises.exercises_for("09_long_tail_recommendation.ipynb")] == ["09.1", "09.2", "09.3"]
    assert [e.key for e in exercises.exercises_for("10_real_data_online_shoppers.ipynb")] == ["10.1", "10.2"]
    assert "drop_duplicates" in exercises.solution_source("10.1")


# ------------------------------------------------ notebooks 02-04: solutions against the libraries

def _log_02_04():
    return EXERCISES["02.1"].make_inputs()[0]


def test_balanced_click_weight_matches_scikit_learn_and_recbook():
    from sklearn.utils.class_weight import compute_class_weight

    from recbook.losses import class_weights

    log = _log_02_04()
    y = log.impressions["clicked"].astype(int).to_numpy()
    sk = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    assert solutions.balanced_click_weight(log) == pytest.approx(sk[1])
    assert solutions.balanced_click_weight(log) == pytest.approx(class_weights(y, "balanced")[1])
    assert solutions.balanced_intercept_shift(log) == pytest.approx(math.log(sk[1] / sk[0]))


def test_constant_prediction_and_shift_match_fitted_intercept_only_models():
    from sklearn.linear_model import LogisticRegression

    log = _log_02_04()
    y = log.impressions["clicked"].astype(int).to_numpy()
    blank = np.zeros((y.size, 1))
    w0, w1 = solutions.CONSTANT_PREDICTION_WEIGHTS
    weighted = LogisticRegression(C=np.inf, class_weight={0: w0, 1: w1}, tol=1e-10).fit(blank, y)
    assert weighted.predict_proba(blank[:1])[0, 1] == pytest.approx(
        solutions.weighted_constant_prediction(log), abs=1e-6)
    plain = LogisticRegression(C=np.inf, tol=1e-10).fit(blank, y)
    balanced = LogisticRegression(C=np.inf, class_weight="balanced", tol=1e-10).fit(blank, y)
    shift = balanced.intercept_[0] - plain.intercept_[0]
    assert shift == pytest.approx(solutions.balanced_intercept_shift(log), abs=1e-5)


def test_vote_variance_matches_recbook_ensemble_and_a_simulation():
    from recbook.ensemble import variance_of_mean

    log = _log_02_04()
    pi = log.impressions["clicked"].mean()
    rho, m = solutions.VOTE_CORRELATION, solutions.VOTE_MEMBERS
    right = solutions.vote_share_variance(log)
    assert right == pytest.approx(variance_of_mean(pi * (1 - pi), rho, m))
    # correlated 0/1 votes: each member copies one shared vote with probability sqrt(rho),
    # otherwise votes on its own -- two members agree through the shared vote with probability
    # rho, so their correlation is rho; the marginal P(1) stays pi
    rng = np.random.default_rng(0)
    n = 200_000
    shared = rng.random(n) < pi
    own = rng.random((n, m)) < pi
    copy = rng.random((n, m)) < math.sqrt(rho)
    votes = np.where(copy, shared[:, None], own)
    assert votes.mean(axis=1).var() == pytest.approx(right, rel=0.03)


def test_out_of_bag_probability_matches_bootstrap_draws():
    log = _log_02_04()
    n = len(log.impressions)
    rng = np.random.default_rng(1)
    missed = [n - np.unique(rng.integers(0, n, size=n)).size for _ in range(400)]
    right = solutions.out_of_bag_probability(log)
    assert np.mean(missed) / n == pytest.approx(right, abs=0.004)
    assert not math.isclose(right, math.exp(-1), rel_tol=1e-6)   # the check can tell them apart


def test_easy_ensemble_subsets_cover_every_non_click_and_no_fewer_would():
    log = _log_02_04()
    n_click = int(log.impressions["clicked"].sum())
    n_no = len(log.impressions) - n_click
    k = solutions.easy_ensemble_subsets(log)
    assert k * n_click >= n_no > (k - 1) * n_click
    assert exercises.check_easy_ensemble_subsets(float(k), log).passed
    assert exercises.check_easy_ensemble_subsets(np.int64(k), log).passed
    assert "whole number" in exercises.check_easy_ensemble_subsets(k + 0.5, log).message


def test_segment_centres_and_objective_match_scikit_learn_and_recbook_cluster():
    from sklearn.neighbors import NearestCentroid

    from recbook.cluster import kmeans_objective

    log = _log_02_04()
    Z = solutions.standardised_user_traits(log).to_numpy()
    segment = log.users["segment"].astype(str).to_numpy()
    centres = solutions.segment_centres(log)
    nc = NearestCentroid().fit(Z, segment)
    np.testing.assert_allclose(centres.loc[nc.classes_].to_numpy(), nc.centroids_, atol=1e-12)
    codes = pd.Index(centres.index).get_indexer(segment)
    assert solutions.segment_objective(log) == pytest.approx(
        kmeans_objective(Z, centres.to_numpy(), labels=codes))


def test_segment_centres_are_accepted_in_any_order_and_as_an_array(inputs):
    (log,) = inputs["04.1"]
    right = solutions.segment_centres(log)
    assert exercises.check_segment_centres(right.iloc[::-1], log).passed
    assert exercises.check_segment_centres(right.to_numpy(), log).passed
    shifted = right.copy()
    shifted.iloc[0, 0] += 0.1
    assert exercises.check_segment_centres(shifted, log).status == "wrong"


@given(st.floats(min_value=0.0, max_value=1.0))
def test_out_of_bag_check_accepts_nothing_but_the_reference(value):
    (log,) = EXERCISES["03.2"].make_inputs()
    feedback = exercises.check_out_of_bag_probability(value, log)
    assert feedback.passed == math.isclose(value, solutions.out_of_bag_probability(log),
                                           rel_tol=1e-9, abs_tol=1e-12)


# ------------------------------------------------ notebooks 07-08: solutions against the libraries

def test_category_weights_equal_scikit_learns_balanced_weights():
    from sklearn.utils.class_weight import compute_class_weight

    (data,) = EXERCISES["07.1"].make_inputs()
    weights = solutions.category_balanced_weights(data)
    categories = np.array(list(weights.index))
    expected = compute_class_weight("balanced", classes=categories,
                                    y=data["category"].astype(str).to_numpy())
    np.testing.assert_allclose(weights.to_numpy(), expected)
    assert exercises.check_category_balanced_weights(weights.to_dict(), data).passed
    assert exercises.check_category_balanced_weights(weights.iloc[::-1], data).passed
    shifted = weights.copy()
    shifted.iloc[0] *= 1.1
    feedback = exercises.check_category_balanced_weights(shifted, data)
    assert feedback.status == "wrong" and weights.index[0] in feedback.message


def test_majority_accuracy_and_smote_count_agree_with_the_published_pipeline():
    from sklearn.dummy import DummyClassifier

    from recbook.case_study import part_a_as_published

    (data,) = EXERCISES["07.2"].make_inputs()
    X, y = data[["log_price"]], data["label"].to_numpy()
    dummy = DummyClassifier(strategy="most_frequent").fit(X, y)
    assert solutions.majority_guess_accuracy(data) == pytest.approx(dummy.score(X, y))
    part_a = part_a_as_published(data, random_state=42)
    books_in_train = int(y.sum()) - part_a["split"]["test_support"][1]
    assert solutions.smote_synthetic_books(data) == part_a["smote_train_counts"][1] - books_in_train
    assert exercises.check_smote_synthetic_books(solutions.smote_synthetic_books(data) + 1,
                                                 data).status == "wrong"


@pytest.mark.filterwarnings("ignore:A single label was found")
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=4, max_size=40))
def test_f1_and_mcc_solutions_equal_scikit_learn(pairs):
    from sklearn.metrics import f1_score, matthews_corrcoef

    y_true, y_pred = (np.array(column) for column in zip(*pairs))
    assert solutions.f1_from_decisions(y_true, y_pred) == pytest.approx(
        f1_score(y_true, y_pred, zero_division=0.0))
    assert solutions.mcc_from_decisions(y_true, y_pred) == pytest.approx(
        matthews_corrcoef(y_true, y_pred), abs=1e-12)


@given(st.floats(min_value=-2.0, max_value=2.0, allow_nan=False))
def test_f1_check_accepts_nothing_but_the_reference(value):
    y_true, y_pred = EXERCISES["08.1"].make_inputs()
    right = solutions.f1_from_decisions(y_true, y_pred)
    feedback = exercises.check_f1_from_decisions(value, y_true, y_pred)
    assert feedback.passed == math.isclose(value, right, rel_tol=1e-6, abs_tol=1e-12)


def test_random_pr_auc_is_what_random_scores_get_on_average():
    from sklearn.metrics import average_precision_score

    rng = np.random.default_rng(0)
    for ratio in (1, 9, 99):
        y = np.r_[np.ones(200), np.zeros(200 * ratio)]
        mean_ap = np.mean([average_precision_score(y, rng.random(y.size)) for _ in range(20)])
        assert mean_ap == pytest.approx(solutions.random_pr_auc(ratio), rel=0.15)


@given(st.lists(st.integers(0, 3), min_size=2, max_size=12).filter(lambda g: any(g)),
       st.integers(1, 14))
def test_ndcg_by_hand_equals_scikit_learn_and_recbook(grades, k):
    from sklearn.metrics import ndcg_score

    gains = np.array(grades, dtype=float)
    scores = np.linspace(1.0, 0.0, gains.size)[None, :]      # decreasing: the list's order
    assert solutions.ndcg_by_hand(gains, k) == pytest.approx(ndcg_score(gains[None, :], scores, k=k))


def test_the_checks_of_notebooks_07_08_reject_bad_data_values():
    with pytest.raises(ValueError, match="ratio"):
        exercises.check_random_pr_auc(0.5, 0)
    with pytest.raises(ValueError, match="y_true"):
        exercises.check_f1_from_decisions(0.5, [0, 2, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="y_true"):
        exercises.check_mcc_from_decisions(0.5, [0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="gains"):
        exercises.check_ndcg_by_hand(0.5, [0, 0, 0], 2)
    with pytest.raises(ValueError, match="k"):
        exercises.check_ndcg_by_hand(0.5, [0, 1, 0], 0)
