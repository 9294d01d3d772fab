"""Exercises: every reference solution passes its check, and every check can fail, in words."""

import copy
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
    ex = EXERCISES[key]
    names = list(inspect.signature(ex.check).parameters)[1:1 + len(inputs[key])]
    assert len(names) == len(inputs[key])
    for position, name in enumerate(names):
        wrong_values = [object(), "text"] + ([pd.DataFrame({"x": [1]})] if name == "log" else [])
        for wrong in wrong_values:
            args = list(inputs[key])
            args[position] = wrong
            with pytest.raises(TypeError, match=name):
                ex.check(0.5, *args)


def _frames_of(value):
    """The pandas/numpy parts of an exercise input, to compare before and after a call."""
    if isinstance(value, ImpressionLog):
        return {name: getattr(value, name) for name in ("users", "items", "impressions")}
    return {"value": value}


def _assert_unchanged(value, before):
    for name, now in _frames_of(value).items():
        then = before[name]
        if isinstance(now, pd.DataFrame):
            pd.testing.assert_frame_equal(now, then)
        elif isinstance(now, pd.Series):
            pd.testing.assert_series_equal(now, then)
        elif isinstance(now, np.ndarray):
            np.testing.assert_array_equal(now, then)
        else:
            assert now == then


@pytest.mark.parametrize("key", KEYS)
def test_checks_and_solutions_do_not_mutate_their_inputs(key, inputs):
    ex = EXERCISES[key]
    args = inputs[key]
    before = [copy.deepcopy(_frames_of(arg)) for arg in args]
    answer = ex.solution(*args)
    answer_before = answer.copy() if isinstance(answer, pd.Series) else answer
    ex.check(answer, *args)
    for mistake in ex.mistakes:
        ex.check(mistake.make(*args), *args)
    for arg, frames in zip(args, before):
        _assert_unchanged(arg, frames)
    if isinstance(answer, pd.Series):
        pd.testing.assert_series_equal(answer, answer_before)


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
