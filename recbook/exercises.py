"""Exercises with checks that explain, in plain words, what is right or wrong.

Every content notebook ends with 2-4 exercises. A learner writes an answer in a placeholder
cell, then runs a check cell; the check returns a :class:`Feedback` that says whether the
answer is right and, when it is not, *which* mistake it looks like ("this is a percentage",
"these are counts, not shares", "you divided positives by negatives") -- never just
"wrong". A wrong answer raises nothing: the feedback is the output. A wrong *data* argument
(the notebook's ``log`` replaced by something else) is a programming error and raises
``TypeError`` naming the parameter.

The pattern (follow it for notebooks 02-11)
-------------------------------------------
1. **Reference solution** -- a plain function in :mod:`recbook.solutions` computing the
   answer from data the notebook already has (e.g. ``top_item_share(log)``), with a
   numpydoc docstring.
2. **Check** -- a public ``check_<name>(answer, <data>...)`` here. It validates the data
   arguments, computes the reference with the solution, and returns
   ``_unanswered(...)``, ``_correct(...)`` or ``_wrong(...)`` feedback. Test the answer's
   *kind* first (number? Series?), then the typical mistakes one by one, each with its
   own explanation, then a generic "not right yet" with a hint. Never print the reference
   value in a "wrong" message.
3. **Registration** -- add an :class:`Exercise` to :data:`EXERCISES` with the key
   ``"NN.k"`` (notebook number, exercise number), the notebook file name, the check, the
   solution, a function that builds small inputs for the tests, and at least one
   :class:`Mistake`: a function producing a typical wrong answer and a phrase the feedback
   must contain. ``tests/test_exercises.py`` then proves, for every registered exercise,
   that the solution passes its check, that an unanswered ``...`` is reported as such, and
   that every listed mistake is reported as "not right" *and named*.
4. **Notebook cells** (in the ``## Exercises`` section), authored e.g. with
   ``/work/tools/nbbuild.py``::

       md:   ## Exercises  +  one numbered paragraph per exercise
       code: answer_1 = answer_2 = answer_3 = ...   # runs; makes the checks say "not answered yet"
       md:   **Exercise 1.** what to compute, into which variable
       code: answer_1 = ...  # your code here        <- tags: ["nbval-skip"]
       code: exercises.check_top_item_share(answer_1, log)

   ``from recbook import exercises`` goes in the settings cell. The placeholder cell is
   tagged ``nbval-skip``: nbval does not run it, and neither does ``python -m recbook run``
   (it skips cells with that tag), so the stored output of every check cell is the
   "not answered yet" feedback, identical under strict nbval. A learner in JupyterLab runs
   the placeholder after editing it, and the check below it then judges their answer.

Examples
--------
>>> from recbook.data import make_impression_log
>>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
>>> check_cart_imbalance_ratio(..., log).status
'unanswered'
>>> clicks, carts = log.impressions["clicked"].sum(), log.impressions["carted"].sum()
>>> feedback = check_cart_imbalance_ratio(carts / clicks, log)
>>> feedback.passed
False
>>> print(feedback)  # doctest: +NORMALIZE_WHITESPACE
Exercise 01.2 (imbalance ratio of the cart task among clicks): not right yet.
That is the positives' share of the clicks (carts / clicks), not a ratio of negatives to
positives. The imbalance ratio counts negatives per positive: (clicks - carts) / carts.
"""

from __future__ import annotations

import inspect
import math
import numbers
import textwrap
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from recbook import solutions
from recbook.data import ImpressionLog, make_impression_log

__all__ = [
    "Feedback",
    "Exercise",
    "Mistake",
    "EXERCISES",
    "exercises_for",
    "solution_source",
    "check_top_item_share",
    "check_cart_imbalance_ratio",
    "check_segment_purchase_share",
]

_WIDTH = 92


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check, in words.

    Attributes
    ----------
    exercise : str
        Key ``"NN.k"`` of the exercise.
    title : str
        Short name of the exercise.
    status : {"correct", "wrong", "unanswered"}
    message : str
        What is right or wrong, and a hint when it is wrong.
    """

    exercise: str
    title: str
    status: str
    message: str

    @property
    def passed(self):
        """True when the answer is right."""
        return self.status == "correct"

    def __str__(self):
        verdict = {"correct": "correct.", "wrong": "not right yet.",
                   "unanswered": "not answered yet."}[self.status]
        head = f"Exercise {self.exercise} ({self.title}): {verdict}"
        body = "\n".join(textwrap.fill(p, _WIDTH) for p in self.message.split("\n"))
        return f"{head}\n{body}" if body else head

    __repr__ = __str__  # a check cell's output reads as plain text


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer, used by the tests to prove that a check can fail.

    Attributes
    ----------
    name : str
        What the mistake is, in a few words.
    make : callable
        ``make(*inputs) -> answer`` builds the wrong answer from the exercise's inputs.
    expect : str
        A phrase the feedback must contain (case-insensitive) to show it names the mistake.
    """

    name: str
    make: Callable
    expect: str


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its check, reference solution and known mistakes."""

    key: str
    notebook: str
    title: str
    check: Callable
    solution: Callable
    make_inputs: Callable
    mistakes: tuple = field(default_factory=tuple)


# ---------------------------------------------------------------- helpers for every check

def _unanswered(key, title, hint):
    return Feedback(key, title, "unanswered",
                    "Replace the `...` in the cell marked 'your code here' with your code, run "
                    f"that cell, then run this one again. Hint: {hint}")


def _correct(key, title, note=""):
    return Feedback(key, title, "correct", f"Well done. {note}".strip())


def _wrong(key, title, problem, hint=""):
    return Feedback(key, title, "wrong", f"{problem} {hint}".strip())


def _is_unanswered(answer):
    return answer is ... or answer is None


def _as_number(answer):
    """Return ``answer`` as a float, or None when it is not a single real number."""
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(answer) == 1:
        answer = np.asarray(answer).reshape(-1)[0]
    if isinstance(answer, bool | np.bool_) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def _same(a, b, rel=1e-6):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def _kind(answer):
    return type(answer).__name__


def _check_log(log):
    if not isinstance(log, ImpressionLog):
        raise TypeError(f"log must be the notebook's ImpressionLog (from make_impression_log), "
                        f"got {type(log).__name__}")
    return log


def _small_log():
    # few impressions for many items, so that many items are never shown (exercise 01.1), and
    # high funnel rates, so that every segment has purchases (exercise 01.3)
    return (make_impression_log(n_users=300, n_items=600, n_impressions=3000, click_rate=0.2,
                                cart_rate=0.35, purchase_rate=0.7, random_state=7),)


# ---------------------------------------------------------------- notebook 01

_T011 = "share of impressions held by the top 10 % of items"


def check_top_item_share(answer, log):
    """Check exercise 01.1: the share of impressions going to the 10 % most-shown items.

    Parameters
    ----------
    answer : float
        The learner's share, a fraction in [0, 1] (``...`` when not answered yet).
    log : recbook.data.ImpressionLog
        The notebook's log.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``log`` is not an ImpressionLog.

    See Also
    --------
    recbook.solutions.top_item_share : the reference solution.
    """
    _check_log(log)
    key, title = "01.1", _T011
    if _is_unanswered(answer):
        return _unanswered(key, title, "count impressions per item with value_counts(), "
                           "put back the items never shown (reindex over log.items), sort, and "
                           "divide the top items' impressions by all impressions.")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number (a fraction), got a {_kind(answer)}.",
                      "Sum the impressions of the top items and divide by the total.")
    right = solutions.top_item_share(log)
    if _same(value, right):
        return _correct(key, title, "Compare it with 10 %, the share every item group of that "
                        "size would get if exposure were equal.")
    if _same(value, 100 * right):
        return _wrong(key, title, "Your number looks like a percentage.",
                      "Give the share as a fraction between 0 and 1.")
    exposure = (log.impressions["item_id"].value_counts()
                .reindex(log.items["item_id"], fill_value=0).sort_values())
    n_items = len(exposure)
    n_top = math.ceil(0.10 * n_items)
    if _same(value, exposure.to_numpy()[:n_top].sum() / exposure.sum()):
        return _wrong(key, title, "That is the share of the 10 % least-shown items.",
                      "Sort the counts in descending order before taking the top ones.")
    shown = exposure[exposure > 0].to_numpy()[::-1]
    if _same(value, shown[:math.ceil(0.10 * shown.size)].sum() / shown.sum()):
        return _wrong(key, title, f"You took 10 % of the {shown.size} items that were shown, but "
                      f"the catalogue has {n_items} items ({n_items - shown.size} never shown).",
                      "Count the never-shown items in the catalogue (reindex the counts over "
                      "log.items['item_id'] with fill_value=0).")
    if not 0.0 <= value <= 1.0:
        return _wrong(key, title, f"A share must lie between 0 and 1; {value:.4g} does not.")
    direction = "too small" if value < right else "too large"
    return _wrong(key, title, f"Your share {value:.4f} is {direction}.",
                  f"The head is the ceil(0.10 * {n_items}) = {n_top} most-shown items of the "
                  "whole catalogue; divide their impressions by all impressions.")


_T012 = "imbalance ratio of the cart task among clicks"


def check_cart_imbalance_ratio(answer, log):
    """Check exercise 01.2: negatives per positive for add-to-cart, among clicked impressions.

    Parameters
    ----------
    answer : float
        The learner's ratio (``...`` when not answered yet).
    log : recbook.data.ImpressionLog
        The notebook's log.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``log`` is not an ImpressionLog.

    See Also
    --------
    recbook.solutions.cart_imbalance_ratio_among_clicks : the reference solution.
    """
    _check_log(log)
    key, title = "01.2", _T012
    if _is_unanswered(answer):
        return _unanswered(key, title, "keep only the clicked impressions, count those with "
                           "carted == True (positives) and the rest (negatives).")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number, got a {_kind(answer)}.",
                      "The ratio is one number: negatives divided by positives.")
    right = solutions.cart_imbalance_ratio_among_clicks(log)
    imp = log.impressions
    n, clicks, carts = len(imp), int(imp["clicked"].sum()), int(imp["carted"].sum())
    if _same(value, right):
        over_all = (n - carts) / carts
        return _correct(key, title, f"Over all impressions the same task would face "
                        f"{over_all:.1f} negatives per positive: training on clicks only makes "
                        "the cart task far less imbalanced.")
    if _same(value, carts / (clicks - carts)):
        return _wrong(key, title, "You divided positives by negatives: that is the inverse of "
                      "the imbalance ratio.", "Put the negatives (clicks without a cart) on top.")
    if _same(value, carts / clicks):
        return _wrong(key, title, "That is the positives' share of the clicks (carts / clicks), "
                      "not a ratio of negatives to positives.",
                      "The imbalance ratio counts negatives per positive: (clicks - carts) / carts.")
    if _same(value, clicks / carts):
        return _wrong(key, title, "You divided all clicks by the carts, so the positives are "
                      "counted among the negatives (your ratio is one too large).",
                      "Negatives are the clicks WITHOUT a cart.")
    if _same(value, (n - carts) / carts):
        return _wrong(key, title, "That is the ratio over all impressions, not among clicks.",
                      "Keep only the clicked impressions first (impressions[impressions['clicked']]).")
    direction = "too small" if value < right else "too large"
    return _wrong(key, title, f"Your ratio {value:.4g} is {direction}.",
                  "Among clicked impressions, count carts (positives) and clicks without a cart "
                  "(negatives), then divide negatives by positives.")


_T013 = "each segment's share of purchases"


def check_segment_purchase_share(answer, log):
    """Check exercise 01.3: each customer segment's share of all purchases.

    Parameters
    ----------
    answer : pandas.Series or dict
        The learner's shares indexed by segment name (``...`` when not answered yet).
    log : recbook.data.ImpressionLog
        The notebook's log.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``log`` is not an ImpressionLog.

    See Also
    --------
    recbook.solutions.segment_purchase_share : the reference solution.
    """
    _check_log(log)
    key, title = "01.3", _T013
    if _is_unanswered(answer):
        return _unanswered(key, title, "map each purchased impression's user_id to the user's "
                           "segment (log.users), then value_counts(normalize=True).")
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if not isinstance(answer, pd.Series):
        return _wrong(key, title, f"Expected a pandas Series indexed by segment, got a "
                      f"{_kind(answer)}.", "value_counts() returns exactly such a Series.")
    right = solutions.segment_purchase_share(log)
    labels = [str(label) for label in answer.index]
    if len(set(labels)) != len(labels):
        return _wrong(key, title, "Some segments appear more than once in your index.",
                      "Group or count by segment so that each segment has one row.")
    missing = sorted(set(right.index) - set(labels))
    extra = sorted(set(labels) - set(right.index))
    if extra:
        shown = ", ".join(extra[:5]) + (" ..." if len(extra) > 5 else "")
        return _wrong(key, title, f"Your index should hold the segments {', '.join(right.index)}, "
                      f"but it has other labels: {shown}.",
                      "Map user_id to segment before counting.")
    try:
        values = pd.Series(pd.to_numeric(answer.to_numpy(), errors="raise"), index=labels,
                           dtype=float)
    except (TypeError, ValueError):
        return _wrong(key, title, "Your Series should hold numbers (shares).")
    values = values.reindex(right.index)
    if missing:
        zero = [s for s in missing if right[s] == 0]
        if len(zero) < len(missing):
            return _wrong(key, title, f"The segment(s) {', '.join(missing)} are missing.",
                          "Every segment of log.users should have a share.")
        values = values.fillna(0.0)  # a segment without purchases may be left out
    if np.allclose(values, right, rtol=1e-6, atol=1e-12):
        return _correct(key, title, "Now compare with each segment's share of the users "
                        "(log.users['segment'].value_counts(normalize=True)): which segment "
                        "buys far more than its size suggests?")
    n_purchases = int(log.impressions["purchased"].sum())
    if np.allclose(values, 100 * right, rtol=1e-6):
        return _wrong(key, title, "Your shares look like percentages (they add up to 100).",
                      "Give fractions that add up to 1.")
    if np.allclose(values, right * n_purchases, rtol=1e-6):
        return _wrong(key, title, "These are counts of purchases, not shares.",
                      f"Divide by the total number of purchases ({n_purchases}), or use "
                      "value_counts(normalize=True).")
    user_share = log.users["segment"].astype(str).value_counts(normalize=True)
    if np.allclose(values, user_share.reindex(right.index).fillna(0.0), rtol=1e-6):
        return _wrong(key, title, "These are the segments' shares of the users, not of the "
                      "purchases.", "Count only the purchased impressions, by the buyer's segment.")
    segment_of = log.users.set_index("user_id")["segment"].astype(str)
    impression_share = log.impressions["user_id"].map(segment_of).value_counts(normalize=True)
    if np.allclose(values, impression_share.reindex(right.index).fillna(0.0), rtol=1e-6):
        return _wrong(key, title, "These are the segments' shares of all impressions, not of "
                      "the purchases.", "Keep only the rows with purchased == True first.")
    off = [s for s in right.index if not math.isclose(values[s], right[s], rel_tol=1e-6,
                                                      abs_tol=1e-12)]
    total = values.sum()
    sums = "" if _same(total, 1.0) else f" Your shares add up to {total:.4g}, not 1."
    return _wrong(key, title, f"The shares of {', '.join(off)} are not right.{sums}",
                  "Each segment's share is its number of purchases divided by all purchases.")


# ---------------------------------------------------------------- the registry

EXERCISES = {
    "01.1": Exercise(
        "01.1", "01_ecommerce_imbalance.ipynb", _T011, check_top_item_share,
        solutions.top_item_share, _small_log,
        (
            Mistake("a percentage instead of a fraction",
                    lambda log: 100 * solutions.top_item_share(log), "percentage"),
            Mistake("the least-shown items (ascending sort)",
                    lambda log: float(log.impressions["item_id"].value_counts()
                                      .reindex(log.items["item_id"], fill_value=0)
                                      .sort_values().iloc[:math.ceil(0.1 * len(log.items))].sum()
                                      / len(log.impressions)),
                    "least-shown"),
            Mistake("items never shown left out of the catalogue",
                    lambda log: float(log.impressions["item_id"].value_counts()
                                      .iloc[:math.ceil(0.1 * log.impressions["item_id"].nunique())]
                                      .sum() / len(log.impressions)),
                    "never shown"),
            Mistake("a list instead of a number", lambda log: [0.5, 0.5], "single number"),
        )),
    "01.2": Exercise(
        "01.2", "01_ecommerce_imbalance.ipynb", _T012, check_cart_imbalance_ratio,
        solutions.cart_imbalance_ratio_among_clicks, _small_log,
        (
            Mistake("positives per negative",
                    lambda log: 1 / solutions.cart_imbalance_ratio_among_clicks(log), "inverse"),
            Mistake("the positive share",
                    lambda log: log.impressions["carted"].sum() / log.impressions["clicked"].sum(),
                    "positives' share"),
            Mistake("clicks per cart",
                    lambda log: log.impressions["clicked"].sum() / log.impressions["carted"].sum(),
                    "one too large"),
            Mistake("over all impressions",
                    lambda log: (len(log.impressions) - log.impressions["carted"].sum())
                    / log.impressions["carted"].sum(), "over all impressions"),
        )),
    "01.3": Exercise(
        "01.3", "01_ecommerce_imbalance.ipynb", _T013, check_segment_purchase_share,
        solutions.segment_purchase_share, _small_log,
        (
            Mistake("percentages", lambda log: 100 * solutions.segment_purchase_share(log),
                    "percentages"),
            Mistake("counts", lambda log: solutions.segment_purchase_share(log)
                    * int(log.impressions["purchased"].sum()), "counts of purchases"),
            Mistake("shares of users",
                    lambda log: log.users["segment"].value_counts(normalize=True),
                    "shares of the users"),
            Mistake("shares of impressions",
                    lambda log: log.impressions["user_id"].map(
                        log.users.set_index("user_id")["segment"]).value_counts(normalize=True),
                    "all impressions"),
            Mistake("indexed by user instead of segment",
                    lambda log: log.impressions.loc[log.impressions["purchased"], "user_id"]
                    .value_counts(normalize=True), "other labels"),
            Mistake("a segment left out",
                    lambda log: solutions.segment_purchase_share(log).iloc[1:], "missing"),
        )),
}


def exercises_for(notebook):
    """Return the registered exercises of one notebook (file name), in order of their keys.

    Parameters
    ----------
    notebook : str
        Notebook file name, e.g. ``"01_ecommerce_imbalance.ipynb"``.

    Returns
    -------
    list of Exercise

    Raises
    ------
    TypeError
        If ``notebook`` is not a string.
    """
    if not isinstance(notebook, str):
        raise TypeError(f"notebook must be a file name (str), got {type(notebook).__name__}")
    return [EXERCISES[k] for k in sorted(EXERCISES) if EXERCISES[k].notebook == notebook]


def solution_source(key):
    """Return the source code of the reference solution of exercise ``key`` (e.g. ``"01.1"``).

    Raises
    ------
    TypeError
        If ``key`` is not a string.
    ValueError
        If no exercise has that key.
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a string like '01.1', got {type(key).__name__}")
    if key not in EXERCISES:
        raise ValueError(f"key must be one of {sorted(EXERCISES)}, got {key!r}")
    return inspect.getsource(EXERCISES[key].solution)


# --- notebooks 07-08 ---

__all__ += [
    "check_category_balanced_weights",
    "check_majority_guess_accuracy",
    "check_smote_synthetic_books",
    "check_f1_from_decisions",
    "check_mcc_from_decisions",
    "check_random_pr_auc",
    "check_ndcg_by_hand",
]


def _judge_value(key, title, answer, right, mistakes, *, correct_note, generic_hint,
                 low=-math.inf, high=math.inf, rel=1e-6):
    """Judge a one-number answer: the reference first, then each ``(value, problem, hint)``."""
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number, got a {_kind(answer)}.",
                      generic_hint)
    if _same(value, right, rel):
        return _correct(key, title, correct_note)
    for candidate, problem, hint in mistakes:
        if candidate is not None and math.isfinite(candidate) and _same(value, candidate, rel):
            return _wrong(key, title, problem, hint)
    if not low <= value <= high:
        return _wrong(key, title, f"Your answer {value:.4g} lies outside the possible range "
                      f"[{low:g}, {high:g}].", generic_hint)
    direction = "too small" if value < right else "too large"
    return _wrong(key, title, f"Your answer {value:.6g} is {direction}.", generic_hint)


def _check_case_study(data):
    if not isinstance(data, pd.DataFrame) or not {"category", "label"} <= set(data.columns):
        raise TypeError("data must be the notebook's case-study DataFrame (from "
                        f"make_case_study_data, with 'category' and 'label'), got "
                        f"{type(data).__name__}")
    if not isinstance(data["category"].dtype, pd.CategoricalDtype):
        raise TypeError("data['category'] must be categorical, as make_case_study_data makes it")
    return data


def _check_decisions(y_true, y_pred):
    from recbook._validation import check_binary_labels, check_same_length

    y_true = check_binary_labels(y_true, "y_true", require_both=True)
    y_pred = check_binary_labels(y_pred, "y_pred")
    check_same_length(y_true, y_pred, "y_true", "y_pred")
    return y_true, y_pred


def _confusion(y_true, y_pred):
    tp = int(((y_pred == 1) & (y_true == 1)).sum())
    fp = int(((y_pred == 1) & (y_true == 0)).sum())
    fn = int(((y_pred == 0) & (y_true == 1)).sum())
    tn = int(((y_pred == 0) & (y_true == 0)).sum())
    return tp, fp, fn, tn


def _ratio(a, b):
    return a / b if b else math.nan


def _small_case_study():
    from recbook.data import make_case_study_data

    return (make_case_study_data(n_samples=600, random_state=3),)


def _small_decisions():
    rng = np.random.default_rng(8)
    y_true = (rng.random(60) < 0.2).astype(int)
    score = 0.35 * y_true + rng.random(60)
    return y_true, (score >= 0.7).astype(int)


# ---------------------------------------------------------------- notebook 07

_T071 = "scikit-learn's balanced weight of each of the ten categories"


def check_category_balanced_weights(answer, data):
    """Check exercise 07.1: ``N / (C * N_c)`` for each category of the case-study data.

    Parameters
    ----------
    answer : pandas.Series or dict
        The learner's weights indexed by category name (``...`` when not answered yet).
    data : pandas.DataFrame
        The notebook's case-study frame (from :func:`recbook.data.make_case_study_data`).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``data`` is not a case-study frame.

    See Also
    --------
    recbook.solutions.category_balanced_weights : the reference solution.
    """
    _check_case_study(data)
    key, title = "07.1", _T071
    if _is_unanswered(answer):
        return _unanswered(key, title, "count the samples N_c of each category with "
                           "value_counts(); C is the number of categories (not of labels).")
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if not isinstance(answer, pd.Series):
        return _wrong(key, title, f"Expected a pandas Series indexed by category, got a "
                      f"{_kind(answer)}.", "Divide N by C times the value_counts() of "
                      "data['category'].")
    right = solutions.category_balanced_weights(data)
    labels = [str(label) for label in answer.index]
    if len(set(labels)) != len(labels):
        return _wrong(key, title, "Your index repeats a category.",
                      "Give each category exactly one weight.")
    extra = sorted(set(labels) - set(right.index))
    if extra:
        shown = ", ".join(extra[:5]) + (" ..." if len(extra) > 5 else "")
        return _wrong(key, title, f"Your index should hold the category names, but it has "
                      f"other labels: {shown}.", "Count data['category'], not another column.")
    missing = sorted(set(right.index) - set(labels))
    if missing:
        return _wrong(key, title, f"The categories {', '.join(missing)} are missing.",
                      "Every category of data['category'] needs a weight.")
    try:
        values = pd.Series(pd.to_numeric(answer.to_numpy(), errors="raise"), index=labels,
                           dtype=float).reindex(right.index)
    except (TypeError, ValueError):
        return _wrong(key, title, "Your Series should hold numbers (weights).")
    if not np.all(np.isfinite(values)):
        return _wrong(key, title, "Some of your weights are not finite numbers.")
    if np.allclose(values, right, rtol=1e-6):
        return _correct(key, title, "compute_class_weight('balanced', ...) from "
                        "sklearn.utils.class_weight gives the same numbers. Each category's "
                        "weight times its sample count is the same, N / C.")
    n, n_cat = len(data), len(right)
    counts = n / (n_cat * right)
    candidates = [
        (n / (2 * counts), "You used C = 2, the number of labels of the binary task; this "
         "exercise weights the ten categories, so C is the number of categories.",
         f"Use C = {n_cat}."),
        (1 / counts, "That is the plain inverse frequency 1 / N_c, without scikit-learn's "
         "scaling by N / C.", "Multiply by N / C, so that the weighted counts sum to N."),
        (n / counts, "You divided N by N_c but forgot to divide by the number of categories C.",
         "The formula is N / (C * N_c)."),
        (counts, "These are the counts N_c themselves: the scarce categories would get the "
         "smallest weights.", "A rare category gets a LARGE weight: N / (C * N_c)."),
        (counts / n, "These are the categories' shares N_c / N, the inverse of what is asked "
         "up to the factor C.", "Invert and divide by C: N / (C * N_c)."),
        (np.full(n_cat, 1 / int(data["label"].sum())), "That is the article's w = 1/N_2: one "
         "number for every sample, which rebalances nothing.",
         "Give each category its own weight N / (C * N_c)."),
    ]
    for candidate, problem, hint in candidates:
        if np.allclose(values, np.asarray(candidate, dtype=float), rtol=1e-6):
            return _wrong(key, title, problem, hint)
    off = [c for c in right.index if not math.isclose(values[c], right[c], rel_tol=1e-6)]
    return _wrong(key, title, f"The weights of {', '.join(off)} are not right.",
                  "Each weight is N / (C * N_c), with N all samples, C the number of "
                  "categories and N_c the samples of that category.")


_T072 = "accuracy of always answering 'not books'"


def check_majority_guess_accuracy(answer, data):
    """Check exercise 07.2: the accuracy of the constant "label 0" model over the whole data.

    Parameters
    ----------
    answer : float
        The learner's accuracy, a fraction (``...`` when not answered yet).
    data : pandas.DataFrame
        The notebook's case-study frame.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``data`` is not a case-study frame.

    See Also
    --------
    recbook.solutions.majority_guess_accuracy : the reference solution.
    """
    _check_case_study(data)
    key, title = "07.2", _T072
    if _is_unanswered(answer):
        return _unanswered(key, title, "the model predicts 0 for every row; it is right "
                           "exactly on the rows whose label is 0.")
    right = solutions.majority_guess_accuracy(data)
    n = len(data)
    labels = data["label"].to_numpy()
    n_books = int(labels.sum())
    biggest = data["category"].astype(str).value_counts().iloc[0] / n
    mistakes = [
        (1 - right, "That is the prevalence of books, the share the model gets WRONG.",
         "Accuracy counts the rows it gets right: the label-0 rows."),
        (100 * right, "Your number looks like a percentage.", "Give a fraction in [0, 1]."),
        (float(n - n_books), "That is the number of rows it gets right, not a share.",
         f"Divide by all {n} rows."),
        (biggest, "That is the share of the largest category (electronics): the accuracy of "
         "always answering 'electronics' in the ten-class task, not of always answering "
         "'not books' in the binary task.", "Use the binary label column."),
        (0.5, "0.5 is this model's BALANCED accuracy (recall 1 on label 0, 0 on books), not "
         "its accuracy.", "Plain accuracy weighs every row equally."),
    ]
    claimed = ", ".join(f"{v:.2f}" for v in (0.85, 0.90))
    return _judge_value(key, title, answer, right, mistakes,
                        correct_note=f"The article's claimed accuracies ({claimed}) are below "
                        "this do-nothing baseline, which is why accuracy cannot be the "
                        "headline here.",
                        generic_hint="Compute the mean of (data['label'] == 0).",
                        low=0.0, high=1.0)


_T073 = "synthetic books SMOTE adds in the published pipeline"


def check_smote_synthetic_books(answer, data):
    """Check exercise 07.3: how many books SMOTE synthesises on the article's training split.

    Parameters
    ----------
    answer : int
        The learner's count (``...`` when not answered yet).
    data : pandas.DataFrame
        The notebook's case-study frame.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``data`` is not a case-study frame.

    See Also
    --------
    recbook.solutions.smote_synthetic_books : the reference solution.
    """
    _check_case_study(data)
    key, title = "07.3", _T073
    if _is_unanswered(answer):
        return _unanswered(key, title, "split the labels with train_test_split(test_size=0.2, "
                           "random_state=42) as published; SMOTE adds books until both "
                           "classes of the TRAINING part are equally large.")
    from sklearn.model_selection import train_test_split

    right = solutions.smote_synthetic_books(data)
    y = data["label"].to_numpy()
    y_train, _ = train_test_split(y, test_size=0.2, random_state=42)
    n0, n1 = int((y_train == 0).sum()), int((y_train == 1).sum())
    s_train, _ = train_test_split(y, test_size=0.2, random_state=42, stratify=y)
    stratified = int((s_train == 0).sum() - (s_train == 1).sum())
    whole = int((y == 0).sum() - (y == 1).sum())
    mistakes = [
        (float(n0), "That is the number of books AFTER SMOTE (equal to the label-0 count), "
         "original books included.", "Subtract the books that were already there."),
        (float(2 * n0), "That is the size of the whole training set after SMOTE.",
         "Count only the new, synthetic books."),
        (float(whole), "You balanced the whole data set; SMOTE is applied to the training "
         "split only (80 % of the rows).", "Split first, as the published code does."),
        (float(stratified), "You used a stratified split; the published code does not "
         "stratify.", "Call train_test_split without stratify."),
        (float(n0 - n1) / n1 if n1 else None, "That is how many times the training books "
         "are replicated on average, not the number of synthetic books.",
         "Give the count N_0,train - N_1,train."),
    ]
    return _judge_value(key, title, answer, float(right), mistakes,
                        correct_note="Most books the models train on are therefore "
                        "interpolations between a handful of real ones.",
                        generic_hint="Count label 0 and label 1 in the training split of "
                        "train_test_split(..., test_size=0.2, random_state=42) and subtract.",
                        low=0.0)


# ---------------------------------------------------------------- notebook 08

_T081 = "F1 of the positive class"


def check_f1_from_decisions(answer, y_true, y_pred):
    """Check exercise 08.1: F1 = 2PR / (P + R) of the given decisions.

    Parameters
    ----------
    answer : float
        The learner's F1 (``...`` when not answered yet).
    y_true, y_pred : array-like of 0/1
        True labels and decisions.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``y_true`` or ``y_pred`` is not array-like of numbers.
    ValueError
        If they are not 0/1 labels of equal length, or ``y_true`` lacks a class.

    See Also
    --------
    recbook.solutions.f1_from_decisions : the reference solution.
    """
    y_true, y_pred = _check_decisions(y_true, y_pred)
    key, title = "08.1", _T081
    if _is_unanswered(answer):
        return _unanswered(key, title, "count TP, FP and FN, compute precision P and recall R, "
                           "then their harmonic mean 2PR / (P + R).")
    tp, fp, fn, tn = _confusion(y_true, y_pred)
    p, r, a = _ratio(tp, tp + fp), _ratio(tp, tp + fn), (tp + tn) / y_true.size
    right = solutions.f1_from_decisions(y_true, y_pred)
    mistakes = [
        (_ratio(2 * a * r, a + r), "That is the harmonic mean of ACCURACY and recall -- the "
         "article's definition (error 1), not F1.", "Use precision, not accuracy."),
        ((p + r) / 2, "That is the arithmetic mean of precision and recall.",
         "F1 is their HARMONIC mean, 2PR / (P + R), which punishes a low value more."),
        (math.sqrt(p * r) if p >= 0 and r >= 0 else None, "That is the geometric mean of "
         "precision and recall.", "F1 is their harmonic mean, 2PR / (P + R)."),
        (p, "That is precision alone.", "Combine it with recall: 2PR / (P + R)."),
        (r, "That is recall alone.", "Combine it with precision: 2PR / (P + R)."),
        (_ratio(2 * tn, 2 * tn + fn + fp), "That is the F1 of the negatives (class 0).",
         "Treat label 1 as the positive class."),
        (100 * right, "Your number looks like a percentage.", "Give a fraction in [0, 1]."),
    ]
    return _judge_value(key, title, answer, right, mistakes,
                        correct_note="sklearn.metrics.f1_score(y_true, y_pred) agrees.",
                        generic_hint="P = TP / (TP + FP), R = TP / (TP + FN), "
                        "F1 = 2PR / (P + R).", low=0.0, high=1.0)


_T082 = "Matthews correlation coefficient"


def check_mcc_from_decisions(answer, y_true, y_pred):
    """Check exercise 08.2: the MCC of the given decisions.

    Parameters
    ----------
    answer : float
        The learner's MCC (``...`` when not answered yet).
    y_true, y_pred : array-like of 0/1
        True labels and decisions.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``y_true`` or ``y_pred`` is not array-like of numbers.
    ValueError
        If they are not 0/1 labels of equal length, or ``y_true`` lacks a class.

    See Also
    --------
    recbook.solutions.mcc_from_decisions : the reference solution.
    """
    y_true, y_pred = _check_decisions(y_true, y_pred)
    key, title = "08.2", _T082
    if _is_unanswered(answer):
        return _unanswered(key, title, "MCC = (TP*TN - FP*FN) / sqrt((TP+FP)(TP+FN)(TN+FP)"
                           "(TN+FN)); count the four cells of the confusion matrix first.")
    tp, fp, fn, tn = _confusion(y_true, y_pred)
    r, s = _ratio(tp, tp + fn), _ratio(tn, tn + fp)
    denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    right = solutions.mcc_from_decisions(y_true, y_pred)
    mistakes = [
        (-right if right else None, "Your MCC has the wrong sign: the numerator is "
         "TP*TN - FP*FN (agreements minus disagreements).", ""),
        (_ratio(tp * tn - fp * fn, denominator), "You forgot the square root of the "
         "denominator.", "Divide by sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))."),
        ((r + s) / 2, "That is the balanced accuracy (R + S) / 2, not the MCC.",
         "The MCC is a correlation and uses all four counts in one formula."),
        (r + s - 1, "That is Youden's J (informedness, R + S - 1), not the MCC.",
         "The MCC also involves precision: it is the geometric mean of informedness and "
         "markedness."),
        ((tp + tn) / y_true.size, "That is the accuracy.", "Use the MCC formula."),
        (solutions.f1_from_decisions(y_true, y_pred), "That is F1, which ignores the true "
         "negatives.", "The MCC uses TN too."),
    ]
    return _judge_value(key, title, answer, right, mistakes,
                        correct_note="sklearn.metrics.matthews_corrcoef(y_true, y_pred) agrees.",
                        generic_hint="MCC = (TP*TN - FP*FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)).",
                        low=-1.0, high=1.0)


_T083 = "PR-AUC of a random classifier"


def check_random_pr_auc(answer, ratio):
    """Check exercise 08.3: the expected PR-AUC of random scores at ``ratio`` negatives per positive.

    Parameters
    ----------
    answer : float
        The learner's value (``...`` when not answered yet).
    ratio : float
        Negatives per positive (> 0).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``ratio`` is not a real number.
    ValueError
        If ``ratio`` is not positive and finite.

    See Also
    --------
    recbook.solutions.random_pr_auc : the reference solution.
    """
    from recbook._validation import check_float

    ratio = check_float(ratio, "ratio", low=0.0, low_open=True)
    key, title = "08.3", _T083
    if _is_unanswered(answer):
        return _unanswered(key, title, "a random ranking puts positives everywhere, so the "
                           "precision at any cut-off is, on average, the share of positives.")
    right = solutions.random_pr_auc(ratio)
    mistakes = [
        (0.5, "0.5 is the ROC-AUC of a random classifier; PR-AUC's chance level depends on "
         "the prevalence.", "What is the precision of a random list of items?"),
        (1 / ratio, "You divided 1 by the number of negatives per positive; the prevalence "
         "counts the positive too: 1 / (1 + ratio).", ""),
        (ratio / (1 + ratio), "That is the share of negatives.",
         "Precision counts the positives among the flagged items."),
        (100 * right, "Your number looks like a percentage.", "Give a fraction in [0, 1]."),
    ]
    return _judge_value(key, title, answer, right, mistakes,
                        correct_note="That is the prevalence: compare a model's PR-AUC with "
                        "it, never with 0.5.",
                        generic_hint="The chance level of PR-AUC is the prevalence, "
                        "positives / (positives + negatives).", low=0.0, high=1.0)


_T084 = "NDCG@k of a ranked list with graded relevance"


def check_ndcg_by_hand(answer, gains, k):
    """Check exercise 08.4: NDCG@k of one list, relevance grades as gains.

    Parameters
    ----------
    answer : float
        The learner's NDCG@k (``...`` when not answered yet).
    gains : array-like of float
        Relevance grades in ranked order (rank 1 first), not all zero.
    k : int
        List length (>= 1).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``gains`` is not array-like of numbers or ``k`` is not an integer.
    ValueError
        If ``gains`` is not 1-D, has a negative grade or no relevant item, or ``k < 1``.

    See Also
    --------
    recbook.solutions.ndcg_by_hand : the reference solution.
    """
    from recbook._validation import check_array, check_int

    gains = check_array(gains, "gains", ndim=1)
    k = check_int(k, "k", minimum=1)
    if np.any(gains < 0) or not np.any(gains > 0):
        raise ValueError("gains must be non-negative grades with at least one relevant item")
    key, title = "08.4", _T084
    if _is_unanswered(answer):
        return _unanswered(key, title, "DCG@k = sum of gain_i / log2(i + 1) over ranks i = 1..k; "
                           "divide by the DCG@k of the same grades sorted in decreasing order.")
    right = solutions.ndcg_by_hand(gains, k)
    top = min(k, gains.size)
    disc = 1.0 / np.log2(np.arange(2, gains.size + 2))
    dcg = float(gains[:top] @ disc[:top])
    ideal_topk = float(np.sort(gains[:top])[::-1] @ disc[:top])
    exp_gains = 2.0 ** gains - 1
    exp_ndcg = float(exp_gains[:top] @ disc[:top]) / float(np.sort(exp_gains)[::-1][:top] @ disc[:top])
    off_disc = 1.0 / np.log2(np.arange(3, gains.size + 3))
    off_by_one = (float(gains[:top] @ off_disc[:top])
                  / float(np.sort(gains)[::-1][:top] @ off_disc[:top]))
    binary = (gains > 0).astype(float)
    binary_ndcg = float(binary[:top] @ disc[:top]) / float(np.sort(binary)[::-1][:top] @ disc[:top])
    mistakes = [
        (dcg, "That is DCG@k, not normalised by the DCG of the ideal order.",
         "Divide by the DCG@k of the grades sorted in decreasing order."),
        (_ratio(dcg, ideal_topk), "Your ideal order re-sorts only the first k items; the "
         "ideal list is built from ALL the items' grades.", "Sort the whole list of grades, "
         "then keep its first k."),
        (solutions.ndcg_by_hand(gains, gains.size), "That is NDCG over the whole list, "
         "not cut at k.", f"Keep only the first k = {k} ranks."),
        (exp_ndcg, "You used the gains 2^rel - 1 (another common convention); this "
         "exercise uses the grades themselves as gains, as scikit-learn's ndcg_score does.", ""),
        (off_by_one, "Your discounts are off by one rank: rank 1 is divided by log2(2) = 1.",
         "Use 1 / log2(i + 1) for rank i = 1, 2, ..."),
        (binary_ndcg, "You treated every relevant item alike and lost the grades.",
         "Use the grades as gains."),
    ]
    return _judge_value(key, title, answer, right, mistakes,
                        correct_note="sklearn.metrics.ndcg_score([gains], [scores], k=k), with "
                        "scores decreasing along the list, agrees.",
                        generic_hint="NDCG@k = DCG@k / ideal DCG@k with DCG@k = sum over the "
                        "first k ranks of gain_i / log2(i + 1).", low=0.0, high=1.0)


def _published_train_rows(data):
    from sklearn.model_selection import train_test_split

    rows, _ = train_test_split(np.arange(len(data)), test_size=0.2, random_state=42)
    return rows


def _stratified_gap(data):
    from sklearn.model_selection import train_test_split

    y = data["label"].to_numpy()
    y_train, _ = train_test_split(y, test_size=0.2, random_state=42, stratify=y)
    return int((y_train == 0).sum() - (y_train == 1).sum())


def _confusion_ratio(y_true, y_pred, name):
    tp, fp, fn, tn = _confusion(np.asarray(y_true), np.asarray(y_pred))
    return {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
            "specificity": _ratio(tn, tn + fp)}[name]


def _harmonic(a, b):
    return _ratio(2 * a * b, a + b)


def _margins(y_true, y_pred):
    tp, fp, fn, tn = _confusion(np.asarray(y_true), np.asarray(y_pred))
    return [tp + fp, tp + fn, tn + fp, tn + fn]


def _ranked_gains():
    return np.array([0.0, 3.0, 1.0, 0.0, 2.0, 0.0, 3.0, 1.0]), 4


EXERCISES.update({
    "07.1": Exercise(
        "07.1", "07_case_study.ipynb", _T071, check_category_balanced_weights,
        solutions.category_balanced_weights, _small_case_study,
        (
            Mistake("C = 2 (labels) instead of the number of categories",
                    lambda d: len(d) / (2 * d["category"].astype(str).value_counts()),
                    "number of labels"),
            Mistake("plain inverse frequency",
                    lambda d: 1 / d["category"].astype(str).value_counts(), "inverse frequency"),
            Mistake("the counts", lambda d: d["category"].astype(str).value_counts(),
                    "counts"),
            Mistake("the article's 1/N_2 for everyone",
                    lambda d: pd.Series(1 / d["label"].sum(),
                                        index=[str(c) for c in d["category"].cat.categories]),
                    "1/N_2"),
            Mistake("a category left out",
                    lambda d: solutions.category_balanced_weights(d).iloc[1:], "missing"),
            Mistake("a number instead of a Series", lambda d: 1.0, "Series"),
        )),
    "07.2": Exercise(
        "07.2", "07_case_study.ipynb", _T072, check_majority_guess_accuracy,
        solutions.majority_guess_accuracy, _small_case_study,
        (
            Mistake("the prevalence", lambda d: float(d["label"].mean()), "prevalence"),
            Mistake("a percentage", lambda d: 100 * solutions.majority_guess_accuracy(d),
                    "percentage"),
            Mistake("the largest category's share",
                    lambda d: float(d["category"].astype(str).value_counts(normalize=True).iloc[0]),
                    "largest category"),
            Mistake("balanced accuracy", lambda d: 0.5, "balanced accuracy"),
        )),
    "07.3": Exercise(
        "07.3", "07_case_study.ipynb", _T073, check_smote_synthetic_books,
        solutions.smote_synthetic_books, _small_case_study,
        (
            Mistake("books after SMOTE",
                    lambda d: solutions.smote_synthetic_books(d)
                    + int(np.sum(d["label"].to_numpy()[_published_train_rows(d)] == 1)),
                    "after smote"),
            Mistake("the whole data set",
                    lambda d: int((d["label"] == 0).sum() - (d["label"] == 1).sum()),
                    "whole data set"),
            Mistake("a stratified split",
                    lambda d: _stratified_gap(d), "stratified"),
        )),
    "08.1": Exercise(
        "08.1", "08_evaluation_metrics.ipynb", _T081, check_f1_from_decisions,
        solutions.f1_from_decisions, _small_decisions,
        (
            Mistake("the article's accuracy-recall mean",
                    lambda t, p: _harmonic(np.mean(t == p), _confusion_ratio(t, p, "recall")),
                    "accuracy and recall"),
            Mistake("arithmetic mean",
                    lambda t, p: (_confusion_ratio(t, p, "precision")
                                  + _confusion_ratio(t, p, "recall")) / 2, "arithmetic mean"),
            Mistake("precision alone", lambda t, p: _confusion_ratio(t, p, "precision"),
                    "precision alone"),
            Mistake("the negatives' F1",
                    lambda t, p: solutions.f1_from_decisions(1 - np.asarray(t),
                                                             1 - np.asarray(p)),
                    "negatives"),
        )),
    "08.2": Exercise(
        "08.2", "08_evaluation_metrics.ipynb", _T082, check_mcc_from_decisions,
        solutions.mcc_from_decisions, _small_decisions,
        (
            Mistake("balanced accuracy",
                    lambda t, p: (_confusion_ratio(t, p, "recall")
                                  + _confusion_ratio(t, p, "specificity")) / 2,
                    "balanced accuracy"),
            Mistake("informedness",
                    lambda t, p: (_confusion_ratio(t, p, "recall")
                                  + _confusion_ratio(t, p, "specificity") - 1), "Youden"),
            Mistake("wrong sign", lambda t, p: -solutions.mcc_from_decisions(t, p),
                    "wrong sign"),
            Mistake("no square root",
                    lambda t, p: solutions.mcc_from_decisions(t, p)
                    / math.sqrt(np.prod(_margins(t, p))), "square root"),
        )),
    "08.3": Exercise(
        "08.3", "08_evaluation_metrics.ipynb", _T083, check_random_pr_auc,
        solutions.random_pr_auc, lambda: (100,),
        (
            Mistake("ROC-AUC's chance level", lambda ratio: 0.5, "ROC-AUC"),
            Mistake("one over the ratio", lambda ratio: 1 / ratio, "counts the positive too"),
            Mistake("share of negatives", lambda ratio: ratio / (1 + ratio), "share of negatives"),
        )),
    "08.4": Exercise(
        "08.4", "08_evaluation_metrics.ipynb", _T084, check_ndcg_by_hand,
        solutions.ndcg_by_hand, _ranked_gains,
        (
            Mistake("DCG not normalised",
                    lambda g, k: float(np.asarray(g)[:k] @ (1 / np.log2(np.arange(2, k + 2)))),
                    "not normalised"),
            Mistake("ideal from the top k only",
                    lambda g, k: float(np.asarray(g)[:k] @ (1 / np.log2(np.arange(2, k + 2))))
                    / float(np.sort(np.asarray(g)[:k])[::-1] @ (1 / np.log2(np.arange(2, k + 2)))),
                    "ALL the items"),
            Mistake("exponential gains",
                    lambda g, k: solutions.ndcg_by_hand(2.0 ** np.asarray(g) - 1, k), "2^rel - 1"),
            Mistake("not cut at k", lambda g, k: solutions.ndcg_by_hand(g, len(g)), "cut at k"),
            Mistake("grades lost",
                    lambda g, k: solutions.ndcg_by_hand((np.asarray(g) > 0).astype(float), k),
                    "grades"),
        )),
})
