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
from recbook._validation import (check_array, check_binary_labels, check_float, check_int,
                                 check_same_length)
from recbook.data import ImpressionLog, make_case_study_data, make_impression_log
from recbook.metrics import _check_recommendations

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


# --- notebooks 02-04 ---

__all__ += [
    "check_balanced_click_weight",
    "check_weighted_constant_prediction",
    "check_balanced_intercept_shift",
    "check_vote_share_variance",
    "check_out_of_bag_probability",
    "check_easy_ensemble_subsets",
    "check_segment_centres",
    "check_segment_objective",
]


def _click_numbers(log):
    """(N, N_no_click, N_click, click rate) of the log."""
    clicked = log.impressions["clicked"].to_numpy(dtype=bool)
    n, n_click = clicked.size, int(clicked.sum())
    return n, n - n_click, n_click, n_click / n


def _judge_number(key, title, answer, right, mistakes, *, correct_note, generic_hint,
                  low=-math.inf, high=math.inf, rel=1e-6):
    """Shared logic of the checks whose answer is one number.

    ``mistakes`` is a list of ``(value, problem, hint)``: the first value equal to the answer
    names the mistake. The reference is tested first, so a mistake that happens to coincide
    with it on some data can never turn a right answer into a wrong one.
    """
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
        return _wrong(key, title, f"Your answer {value:.4g} is outside the possible range "
                      f"[{low:g}, {high:g}].", generic_hint)
    direction = "too small" if value < right else "too large"
    return _wrong(key, title, f"Your answer {value:.6g} is {direction}.", generic_hint)


# ---------------------------------------------------------------- notebook 02

_T021 = "scikit-learn's balanced weight of the click class"


def check_balanced_click_weight(answer, log):
    """Check exercise 02.1: the ``balanced`` class weight of the clicks, ``N / (2 N_click)``.

    Parameters
    ----------
    answer : float
        The learner's weight (``...`` when not answered yet).
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
    recbook.solutions.balanced_click_weight : the reference solution.
    """
    _check_log(log)
    key, title = "02.1", _T021
    if _is_unanswered(answer):
        return _unanswered(key, title, "count the impressions N and the clicked ones N_click; "
                           "'balanced' gives class c the weight N / (C * N_c), C classes.")
    n, n_no, n_click, _ = _click_numbers(log)
    mistakes = [
        (1 / n_click, "That is the plain inverse frequency 1 / N_click, without scikit-learn's "
         "scaling.", "'balanced' multiplies it by N / C, so that all sample weights sum to N."),
        (n / n_click, "You divided N by N_click but forgot to divide by the number of classes "
         "C = 2.", "The formula is N / (C * N_c)."),
        (n / (2 * n_no), "That is the weight of the non-click class (the majority), not of the "
         "clicks.", "Use the number of clicked impressions as N_c."),
        (n_no / n_click, "That is the ratio w1 / w0 of the two balanced weights (non-clicks per "
         "click), not the click class's weight itself.", "Compute N / (2 * N_click)."),
        (n_click / n, "That is the click rate (the share of clicks), the inverse of a weight.",
         "A rare class gets a LARGE weight: N / (2 * N_click)."),
    ]
    return _judge_number(key, title, answer, solutions.balanced_click_weight(log), mistakes,
                         correct_note="compute_class_weight('balanced', ...) from "
                         "sklearn.utils.class_weight gives the same number.",
                         generic_hint="Use N / (2 * N_click) with N all impressions and N_click "
                         "the clicked ones.", low=0.0)


_T022 = ("the best constant prediction under class weights w0 = {:g}, w1 = {:g}"
         .format(*solutions.CONSTANT_PREDICTION_WEIGHTS))


def check_weighted_constant_prediction(answer, log):
    """Check exercise 02.2: the constant P(click) minimising the weighted cross-entropy.

    With class weights ``(w0, w1) = recbook.solutions.CONSTANT_PREDICTION_WEIGHTS`` and click
    rate ``pi`` the answer is ``w1 pi / (w1 pi + w0 (1 - pi))``.

    Parameters
    ----------
    answer : float
        The learner's probability (``...`` when not answered yet).
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
    recbook.solutions.weighted_constant_prediction : the reference solution.
    """
    _check_log(log)
    key, title = "02.2", _T022
    if _is_unanswered(answer):
        return _unanswered(key, title, "section 3 derives p* = w1*pi / (w1*pi + w0*(1 - pi)); "
                           "pi is the click rate of the log.")
    w0, w1 = solutions.CONSTANT_PREDICTION_WEIGHTS
    _, _, _, pi = _click_numbers(log)
    right = solutions.weighted_constant_prediction(log)
    mistakes = [
        (pi, "That is the click rate itself: the best constant WITHOUT weights.",
         "The weights move the optimum; put w1 on the clicks and w0 on the non-clicks."),
        (100 * right, "Your number looks like a percentage.", "Give a probability in [0, 1]."),
        (w1 * pi, "You multiplied the click rate by w1 but did not renormalise, so the two "
         "classes' probabilities no longer add up to 1.", "Divide by w1*pi + w0*(1 - pi)."),
        (w0 * pi / (w0 * pi + w1 * (1 - pi)), "You swapped the weights: w1 belongs to the "
         "clicks (class 1), w0 to the non-clicks.", ""),
        (0.5, f"1/2 is the optimum under 'balanced' weights, not under w0 = {w0:g}, "
         f"w1 = {w1:g}.",
         "Use the formula of section 3 with these weights."),
        (1 - right, "That is the probability of NO click at the optimum.",
         "The exercise asks for P(click)."),
    ]
    return _judge_number(key, title, answer, right, mistakes,
                         correct_note="Its logit exceeds the click rate's by exactly log(w1/w0): "
                         "check it with np.log(p / (1 - p)).",
                         generic_hint="p* = w1*pi / (w1*pi + w0*(1 - pi)), pi the click rate.",
                         low=0.0, high=1.0)


_T023 = "the logit shift caused by balanced weights"


def check_balanced_intercept_shift(answer, log):
    """Check exercise 02.3: ``log(w1 / w0)`` for the balanced weights of the click task.

    Parameters
    ----------
    answer : float
        The learner's shift (``...`` when not answered yet).
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
    recbook.solutions.balanced_intercept_shift : the reference solution.
    """
    _check_log(log)
    key, title = "02.3", _T023
    if _is_unanswered(answer):
        return _unanswered(key, title, "the balanced weights are N / (2 N_c); the shift of the "
                           "logit is the natural logarithm of their ratio w1 / w0.")
    _, n_no, n_click, _ = _click_numbers(log)
    ratio = n_no / n_click
    mistakes = [
        (-math.log(ratio), "Your shift has the wrong sign: weighting the rare clicks up moves "
         "the logit of P(click) UP.", "Use log(w1 / w0), not log(w0 / w1)."),
        (ratio, "That is the ratio w1 / w0 itself, not its logarithm.",
         "The shift on the logit scale is log(w1 / w0)."),
        (math.log10(ratio), "You used the base-10 logarithm.",
         "Logits use the natural logarithm (np.log)."),
        (math.log(n_no + n_click) - math.log(2 * n_click), "That is the logarithm of the click "
         "class's weight alone, not of the RATIO of the two weights.",
         "Divide w1 by w0 before taking the logarithm."),
    ]
    return _judge_number(key, title, answer, solutions.balanced_intercept_shift(log), mistakes,
                         correct_note="Subtracting it from a balanced model's logits undoes the "
                         "shift of its intercept (section 3).",
                         generic_hint="w1 / w0 = N_no_click / N_click for balanced weights; take "
                         "np.log of it.")


# ---------------------------------------------------------------- notebook 03

_T031 = "the variance of a vote of correlated members"


def check_vote_share_variance(answer, log):
    """Check exercise 03.1: the variance of the mean of M correlated 0/1 votes.

    Each member votes "click" with probability ``pi`` (the log's click rate), so
    ``sigma^2 = pi (1 - pi)``; with ``rho, M = solutions.VOTE_CORRELATION,
    solutions.VOTE_MEMBERS`` the answer is ``rho sigma^2 + (1 - rho) sigma^2 / M``.

    Parameters
    ----------
    answer : float
        The learner's variance (``...`` when not answered yet).
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
    recbook.solutions.vote_share_variance : the reference solution.
    """
    _check_log(log)
    key, title = "03.1", _T031
    if _is_unanswered(answer):
        return _unanswered(key, title, "a 0/1 vote with P(1) = pi has variance pi * (1 - pi); "
                           "then use the formula of section 2 with rho and M.")
    rho, m = solutions.VOTE_CORRELATION, solutions.VOTE_MEMBERS
    _, _, _, pi = _click_numbers(log)
    s2 = pi * (1 - pi)
    mistakes = [
        (s2 / m, "That is sigma^2 / M, the variance of a mean of INDEPENDENT members: the "
         "correlation rho is missing.", "Correlated members share part of their noise: "
         "rho*sigma^2 + (1 - rho)*sigma^2/M."),
        (rho * s2, "That is only the floor rho*sigma^2, the limit for infinitely many members.",
         "Add the part that M members still leave: (1 - rho)*sigma^2/M."),
        (s2, "That is the variance of a single member: averaging has not been applied.",
         "Use rho*sigma^2 + (1 - rho)*sigma^2/M."),
        (rho * s2 + s2 / m, "The independent part must be multiplied by (1 - rho): you counted "
         "the shared part twice.", "rho*sigma^2 + (1 - rho)*sigma^2/M."),
        (rho * math.sqrt(s2) + (1 - rho) * math.sqrt(s2) / m, "You used the standard deviation "
         "sqrt(pi * (1 - pi)) where the variance sigma^2 belongs.", "sigma^2 = pi * (1 - pi)."),
        (rho * pi + (1 - rho) * pi / m, "You used the click rate pi as the members' variance.",
         "A 0/1 vote with P(1) = pi has variance pi * (1 - pi)."),
    ]
    return _judge_number(key, title, answer, solutions.vote_share_variance(log), mistakes,
                         correct_note="Compare it with the floor rho*sigma^2: with this rho, "
                         "more members would buy little.",
                         generic_hint="sigma^2 = pi*(1 - pi) with pi the click rate; then "
                         "rho*sigma^2 + (1 - rho)*sigma^2/M.", low=0.0, high=0.25)


_T032 = "the probability that an impression is out of bag"


def check_out_of_bag_probability(answer, log):
    """Check exercise 03.2: ``(1 - 1/n)^n``, the chance a row is missing from a bootstrap sample.

    Parameters
    ----------
    answer : float
        The learner's probability (``...`` when not answered yet).
    log : recbook.data.ImpressionLog
        The notebook's log; ``n`` is its number of impressions.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``log`` is not an ImpressionLog.

    See Also
    --------
    recbook.solutions.out_of_bag_probability : the reference solution.
    """
    _check_log(log)
    key, title = "03.2", _T032
    if _is_unanswered(answer):
        return _unanswered(key, title, "a bootstrap sample makes n draws with replacement; one "
                           "draw misses a given row with probability 1 - 1/n.")
    n = len(log.impressions)
    right = solutions.out_of_bag_probability(log)
    mistakes = [
        (math.exp(-1), "That is 1/e, the LIMIT for infinitely many rows; the log has a finite "
         "number n of impressions.", "Compute (1 - 1/n)**n with n = len(log.impressions)."),
        (1 - right, "That is the probability that the impression IS in the bootstrap sample "
         "(in the bag).", "Every one of the n draws must miss it."),
        (1 / n, "1/n is the chance that ONE draw picks the impression; a bootstrap sample makes "
         "n draws.", "It is missed by all n draws with probability (1 - 1/n)**n."),
        (1 - 1 / n, "That is the chance that ONE draw misses the impression; a bootstrap sample "
         "makes n draws.", "Raise it to the power n."),
        (100 * right, "Your number looks like a percentage.", "Give a probability in [0, 1]."),
    ]
    return _judge_number(key, title, answer, right, mistakes, rel=1e-9,
                         correct_note="About a third of the impressions are out of bag for each "
                         "tree: they give bagging its free out-of-bag estimate of the error.",
                         generic_hint="(1 - 1/n)**n with n = len(log.impressions).",
                         low=0.0, high=1.0)


_T033 = "how many balanced subsets use every non-click"


def check_easy_ensemble_subsets(answer, log):
    """Check exercise 03.3: ``ceil(N_no_click / N_click)`` balanced subsets.

    Parameters
    ----------
    answer : int
        The learner's count (``...`` when not answered yet).
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
    recbook.solutions.easy_ensemble_subsets : the reference solution.
    """
    _check_log(log)
    key, title = "03.3", _T033
    if _is_unanswered(answer):
        return _unanswered(key, title, "each subset holds N_click non-clicks, and no non-click "
                           "is used twice: how many subsets until all N_no_click are used?")
    n, n_no, n_click, _ = _click_numbers(log)
    ratio = n_no / n_click
    mistakes = [
        (ratio, "The number of subsets must be a whole number; yours is the fractional ratio "
         "N_no_click / N_click.", "Round UP (math.ceil): a last, partly filled subset is still "
         "needed."),
        (math.floor(ratio), "You rounded down: the non-clicks left over after the last full "
         "subset would never be used.", "Use math.ceil."),
        (math.ceil(n / n_click), "You divided ALL impressions by the clicks, so the clicks were "
         "counted among the non-clicks.", "Use the non-clicks only: N - N_click."),
        (n_click / n_no, "You divided the clicks by the non-clicks: that is the inverse ratio.",
         "Divide the non-clicks by the clicks."),
    ]
    value = _as_number(answer)
    if (value is not None and value != int(value)
            and not any(_same(value, candidate) for candidate, _, _ in mistakes)):
        return _wrong(key, title, f"The number of subsets must be a whole number, not "
                      f"{value:.4g}.", "Round N_no_click / N_click up (math.ceil).")
    return _judge_number(key, title, answer, solutions.easy_ensemble_subsets(log), mistakes,
                         correct_note="Each subset is a balanced training set; EasyEnsemble "
                         "fits one model per subset and combines them.",
                         generic_hint="ceil(N_no_click / N_click).", low=1.0, high=float(n_no))


# ---------------------------------------------------------------- notebook 04

_T041 = "the k-means update for the true segments"


def check_segment_centres(answer, log):
    """Check exercise 04.1: each segment's mean standardised traits (the centre update).

    Parameters
    ----------
    answer : pandas.DataFrame or numpy.ndarray
        One row per segment (a DataFrame indexed by segment name in any order, or an array of
        shape (4, 3) in the order of the segment categories), one column per trait in the order
        ``log_activity, price_sensitivity, buy_propensity`` (``...`` when not answered yet).
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
    recbook.solutions.segment_centres : the reference solution.
    """
    _check_log(log)
    key, title = "04.1", _T041
    if _is_unanswered(answer):
        return _unanswered(key, title, "group the rows of Z by the users' true segment and take "
                           "the mean of each group (r_ij = 1 for the user's own segment).")
    right = solutions.segment_centres(log)
    shape = right.shape
    if isinstance(answer, pd.DataFrame):
        labels = [str(label) for label in answer.index]
        if sorted(labels) == sorted(right.index) and answer.shape == shape:
            answer = answer.set_axis(labels, axis=0).reindex(right.index)
        elif answer.shape == shape[::-1]:
            return _wrong(key, title, f"Your table has shape {answer.shape}: it looks "
                          "transposed.", "Put one row per segment and one column per trait.")
        elif answer.shape == shape:
            return _wrong(key, title, "Your rows should be labelled by the segments "
                          f"{', '.join(right.index)}.", "Group by log.users['segment'].")
    if not isinstance(answer, pd.DataFrame | np.ndarray):
        return _wrong(key, title, f"Expected a DataFrame (or array) of shape {shape}, got a "
                      f"{_kind(answer)}.", "groupby(...).mean() returns such a DataFrame.")
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return _wrong(key, title, "Your table should hold numbers (the centres' coordinates).")
    if values.shape == shape[::-1] and shape[0] != shape[1]:
        return _wrong(key, title, f"Your array has shape {values.shape}: it looks transposed.",
                      "Put one row per segment and one column per trait.")
    if values.shape != shape:
        return _wrong(key, title, f"Expected shape {shape} (segments x traits), got "
                      f"{values.shape}.", "One row per true segment, one column per trait.")
    ref = right.to_numpy()
    if np.allclose(values, ref, rtol=1e-6, atol=1e-9):
        return _correct(key, title, "Each centre is the mean of the points assigned to it: "
                        "the update that sets the gradient -2 sum_i r_ij (x_i - mu_j) to zero.")
    Z = solutions.standardised_user_traits(log)
    segment = log.users["segment"].astype(str).to_numpy()
    if np.allclose(values, np.broadcast_to(Z.mean().to_numpy(), shape), atol=1e-9):
        return _wrong(key, title, "Every row is the global mean of all users: that is the "
                      "minimiser of the seed's objective without the indicators r_ij.",
                      "Average only the users assigned to each centre (their own segment).")
    sums = Z.groupby(segment).sum().reindex(right.index).to_numpy()
    if np.allclose(values, sums, rtol=1e-6, atol=1e-9):
        return _wrong(key, title, "These are sums of each segment's points, not means.",
                      "Divide by the number of users in the segment (sum_i r_ij).")
    medians = Z.groupby(segment).median().reindex(right.index).to_numpy()
    if np.allclose(values, medians, rtol=1e-6, atol=1e-9):
        return _wrong(key, title, "These are medians; the squared-distance objective is "
                      "minimised by the mean.", "Use .mean() instead of .median().")
    raw = pd.DataFrame({"log_activity": np.log(log.users["activity"].to_numpy(dtype=float)),
                        "price_sensitivity": log.users["price_sensitivity"].to_numpy(dtype=float),
                        "buy_propensity": log.users["buy_propensity"].to_numpy(dtype=float)})
    if np.allclose(values, raw.groupby(segment).mean().reindex(right.index).to_numpy(),
                   rtol=1e-6, atol=1e-9):
        return _wrong(key, title, "These are the means of the raw traits; the notebook "
                      "clusters the standardised traits Z.", "Average the rows of Z.")
    return _wrong(key, title, "Some centres are not right.",
                  "mu_j = sum_i r_ij x_i / sum_i r_ij: the mean of Z over the users of segment "
                  "j, segments in the rows and traits in the columns.")


_T042 = "the k-means objective of the true segments"


def check_segment_objective(answer, log):
    """Check exercise 04.2: ``J = sum_i ||x_i - mu_{segment(i)}||^2`` for the true segments.

    Parameters
    ----------
    answer : float
        The learner's objective (``...`` when not answered yet).
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
    recbook.solutions.segment_objective : the reference solution.
    """
    _check_log(log)
    key, title = "04.2", _T042
    if _is_unanswered(answer):
        return _unanswered(key, title, "for every user, the squared Euclidean distance from Z's "
                           "row to the centre of the user's own segment; sum over users.")
    Z = solutions.standardised_user_traits(log).to_numpy()
    centres = solutions.segment_centres(log)
    own = centres.loc[log.users["segment"].astype(str).to_numpy()].to_numpy()
    sq = ((Z - own) ** 2).sum(axis=1)
    to_all = ((Z[:, None, :] - centres.to_numpy()[None, :, :]) ** 2).sum()
    mistakes = [
        (sq.mean(), "You averaged over the users; the objective J is a SUM.",
         "Sum the squared distances instead of taking their mean."),
        (float(np.sqrt(sq).sum()), "You summed distances, not squared distances.",
         "Square the Euclidean distances (or skip the square root)."),
        (float(to_all), "You summed the squared distances from every user to EVERY centre: "
         "that is the seed's objective without the indicators r_ij.",
         "Count each user only with the centre of their own segment."),
        (float(((Z - Z.mean(axis=0)) ** 2).sum()), "That is the total sum of squares around "
         "the global mean, as if there were one cluster.",
         "Measure each user's distance to their own segment's centre."),
    ]
    return _judge_number(key, title, answer, solutions.segment_objective(log), mistakes,
                         correct_note="Compare it with segments.inertia_, the J that k-means reached "
                         "in section 4: which is lower, and what does that say about k-means' "
                         "chance of recovering the true segments?",
                         generic_hint="J = sum over users of ||z_i - mu_segment(i)||^2, the "
                         "centres being those of exercise 1.", low=0.0)


# ---------------------------------------------------------------- typical mistakes, 02-04

def _counts(log):
    return _click_numbers(log)


def _z_and_segment(log):
    return (solutions.standardised_user_traits(log).reset_index(drop=True),
            log.users["segment"].astype(str).to_numpy())


def _raw_traits(log):
    users = log.users
    return pd.DataFrame({"log_activity": np.log(users["activity"].to_numpy(dtype=float)),
                         "price_sensitivity": users["price_sensitivity"].to_numpy(dtype=float),
                         "buy_propensity": users["buy_propensity"].to_numpy(dtype=float)})


def _own_squared_distances(log):
    Z, segment = _z_and_segment(log)
    own = solutions.segment_centres(log).loc[segment].to_numpy()
    return ((Z.to_numpy() - own) ** 2).sum(axis=1)


def _log_ratio(log):
    _, n_no, n_click, _ = _counts(log)
    return n_no / n_click


def _sigma2(log):
    pi = _counts(log)[3]
    return pi * (1 - pi)


_RHO, _M = solutions.VOTE_CORRELATION, solutions.VOTE_MEMBERS
_W0, _W1 = solutions.CONSTANT_PREDICTION_WEIGHTS

EXERCISES.update({
    "02.1": Exercise(
        "02.1", "02_weighted_cross_entropy.ipynb", _T021, check_balanced_click_weight,
        solutions.balanced_click_weight, _small_log,
        (
            Mistake("plain inverse frequency", lambda log: 1 / _counts(log)[2],
                    "inverse frequency"),
            Mistake("forgot to divide by C", lambda log: _counts(log)[0] / _counts(log)[2],
                    "number of classes"),
            Mistake("the weight of the other class",
                    lambda log: _counts(log)[0] / (2 * _counts(log)[1]), "non-click"),
            Mistake("the ratio of the weights", _log_ratio, "ratio w1 / w0"),
            Mistake("the click rate", lambda log: _counts(log)[3], "click rate"),
        )),
    "02.2": Exercise(
        "02.2", "02_weighted_cross_entropy.ipynb", _T022, check_weighted_constant_prediction,
        solutions.weighted_constant_prediction, _small_log,
        (
            Mistake("weights ignored", lambda log: _counts(log)[3], "without weights"),
            Mistake("a percentage", lambda log: 100 * solutions.weighted_constant_prediction(log),
                    "percentage"),
            Mistake("not renormalised", lambda log: _W1 * _counts(log)[3], "renormalise"),
            Mistake("weights swapped",
                    lambda log: _W0 * _counts(log)[3]
                    / (_W0 * _counts(log)[3] + _W1 * (1 - _counts(log)[3])), "swapped"),
            Mistake("the balanced optimum", lambda log: 0.5, "'balanced'"),
            Mistake("P(no click)", lambda log: 1 - solutions.weighted_constant_prediction(log),
                    "NO click"),
        )),
    "02.3": Exercise(
        "02.3", "02_weighted_cross_entropy.ipynb", _T023, check_balanced_intercept_shift,
        solutions.balanced_intercept_shift, _small_log,
        (
            Mistake("sign flipped", lambda log: -math.log(_log_ratio(log)), "wrong sign"),
            Mistake("no logarithm", _log_ratio, "not its logarithm"),
            Mistake("base-10 logarithm", lambda log: math.log10(_log_ratio(log)), "base-10"),
            Mistake("log of one weight",
                    lambda log: math.log(_counts(log)[0] / (2 * _counts(log)[2])), "RATIO"),
        )),
    "03.1": Exercise(
        "03.1", "03_ensembles.ipynb", _T031, check_vote_share_variance,
        solutions.vote_share_variance, _small_log,
        (
            Mistake("members treated as independent", lambda log: _sigma2(log) / _M,
                    "independent"),
            Mistake("only the floor", lambda log: _RHO * _sigma2(log), "floor"),
            Mistake("no averaging", _sigma2, "single member"),
            Mistake("(1 - rho) forgotten",
                    lambda log: _RHO * _sigma2(log) + _sigma2(log) / _M, "twice"),
            Mistake("standard deviation for variance",
                    lambda log: (_RHO + (1 - _RHO) / _M) * math.sqrt(_sigma2(log)),
                    "standard deviation"),
            Mistake("the click rate as variance",
                    lambda log: (_RHO + (1 - _RHO) / _M) * _counts(log)[3], "click rate pi"),
        )),
    "03.2": Exercise(
        "03.2", "03_ensembles.ipynb", _T032, check_out_of_bag_probability,
        solutions.out_of_bag_probability, _small_log,
        (
            Mistake("the limit 1/e", lambda log: math.exp(-1), "limit"),
            Mistake("the in-bag probability",
                    lambda log: 1 - solutions.out_of_bag_probability(log), "in the bag"),
            Mistake("one draw picks it", lambda log: 1 / len(log.impressions), "ONE draw picks"),
            Mistake("one draw misses it", lambda log: 1 - 1 / len(log.impressions),
                    "ONE draw misses"),
            Mistake("a percentage", lambda log: 100 * solutions.out_of_bag_probability(log),
                    "percentage"),
        )),
    "03.3": Exercise(
        "03.3", "03_ensembles.ipynb", _T033, check_easy_ensemble_subsets,
        solutions.easy_ensemble_subsets, _small_log,
        (
            Mistake("not rounded", _log_ratio, "whole number"),
            Mistake("rounded down", lambda log: math.floor(_log_ratio(log)), "rounded down"),
            Mistake("all impressions over clicks",
                    lambda log: math.ceil(_counts(log)[0] / _counts(log)[2]), "ALL impressions"),
            Mistake("inverse ratio", lambda log: 1 / _log_ratio(log), "inverse ratio"),
        )),
    "04.1": Exercise(
        "04.1", "04_kmeans.ipynb", _T041, check_segment_centres,
        solutions.segment_centres, _small_log,
        (
            Mistake("the global mean for every centre (no indicators)",
                    lambda log: np.tile(_z_and_segment(log)[0].mean().to_numpy(), (4, 1)),
                    "global mean"),
            Mistake("sums instead of means",
                    lambda log: _z_and_segment(log)[0].groupby(_z_and_segment(log)[1]).sum(),
                    "sums"),
            Mistake("medians instead of means",
                    lambda log: _z_and_segment(log)[0].groupby(_z_and_segment(log)[1]).median(),
                    "medians"),
            Mistake("raw instead of standardised traits",
                    lambda log: _raw_traits(log).groupby(_z_and_segment(log)[1]).mean(),
                    "raw traits"),
            Mistake("transposed", lambda log: solutions.segment_centres(log).T, "transposed"),
            Mistake("a single number", lambda log: 0.0, "Expected a DataFrame"),
        )),
    "04.2": Exercise(
        "04.2", "04_kmeans.ipynb", _T042, check_segment_objective,
        solutions.segment_objective, _small_log,
        (
            Mistake("mean instead of sum", lambda log: float(_own_squared_distances(log).mean()),
                    "SUM"),
            Mistake("distances not squared",
                    lambda log: float(np.sqrt(_own_squared_distances(log)).sum()),
                    "not squared"),
            Mistake("every user to every centre (the seed's objective)",
                    lambda log: float(((_z_and_segment(log)[0].to_numpy()[:, None, :]
                                        - solutions.segment_centres(log).to_numpy()[None])
                                       ** 2).sum()), "EVERY centre"),
            Mistake("one cluster",
                    lambda log: float(((_z_and_segment(log)[0] - _z_and_segment(log)[0].mean())
                                       ** 2).to_numpy().sum()), "total sum of squares"),
        )),
})


# --- notebooks 09-10 ---
# Checks of notebook 09 (long-tail recommendation) take the notebook's top-k lists and arrays;
# checks of notebook 10 (real data) take the Online Shoppers DataFrame. The tests build small
# synthetic inputs for both, so they never need the real CSV.

__all__ += [
    "check_catalog_coverage",
    "check_long_tail_share",
    "check_recall_at_k",
    "check_deduplicated_imbalance_ratio",
    "check_page_value_share",
]


def _check_shoppers(shoppers):
    if not isinstance(shoppers, pd.DataFrame):
        raise TypeError(f"shoppers must be the notebook's DataFrame of sessions (from "
                        f"load_online_shoppers), got {type(shoppers).__name__}")
    missing = sorted({"Revenue", "PageValues"} - set(shoppers.columns))
    if missing:
        raise ValueError(f"shoppers must have the columns 'Revenue' and 'PageValues' of the "
                         f"Online Shoppers data; missing: {', '.join(missing)}")
    if not shoppers["Revenue"].isin([True, False]).all() or not shoppers["Revenue"].any():
        raise ValueError("shoppers['Revenue'] must be True/False with at least one purchase")
    return shoppers


def _direction(value, right):
    return "too small" if value < right else "too large"


def _small_lists():
    """Top-5 lists of 40 users over 60 items, their test items and the items' popularity."""
    rng = np.random.default_rng(9)
    n_users, n_items, k = 40, 60, 5
    popularity = np.floor(200.0 / np.arange(1, n_items + 1) ** 0.8)
    popularity[10:14] = popularity[10]                  # a tie across the head's boundary (12)
    popularity = popularity[rng.permutation(n_items)]
    weights = (popularity + 1.0) / (popularity + 1.0).sum()
    lists = np.array([rng.choice(n_items, size=k, replace=False, p=weights) for _ in range(n_users)])
    y_true = (rng.random((n_users, n_items)) < 0.04).astype(np.int64)
    y_true[np.arange(n_users), lists[:, 0]] = rng.random(n_users) < 0.5   # some hits
    y_true[:3] = 0                                                         # users without test items
    y_true[3, :] = 0
    y_true[3, lists[3, :2]] = 1                                            # a user with 2 hits of 2
    y_true[4:8, :] = 0
    y_true[4:8, :12] = 1                                                   # users with more than k
    y_true[np.arange(4, 8)[:, None], lists[4:8, :3]] = 1                   # test items, and hits
    return lists, y_true, popularity, n_items


_T091 = "catalogue coverage of the SVD's top-k lists"


def check_catalog_coverage(answer, recommendations, n_items):
    """Check exercise 09.1: the share of the catalogue that appears in at least one list.

    Parameters
    ----------
    answer : float
        The learner's coverage, a fraction in [0, 1] (``...`` when not answered yet).
    recommendations : array-like of int, shape (n_users, k)
        The notebook's top-k lists (``svd_lists``).
    n_items : int
        The catalogue size (``N_ITEMS``).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``recommendations`` is not array-like or ``n_items`` not an integer.
    ValueError
        If ``recommendations`` is not 2-D or holds ids outside ``[0, n_items)``.

    See Also
    --------
    recbook.solutions.catalog_coverage_of_lists : the reference solution.
    """
    n_items = check_int(n_items, "n_items", minimum=1)
    recs = _check_recommendations(recommendations, n_items)
    key, title = "09.1", _T091
    if _is_unanswered(answer):
        return _unanswered(key, title, "np.unique(svd_lists) gives the distinct items that are "
                           "recommended to anybody; divide their number by the catalogue size.")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number (a fraction), got a {_kind(answer)}.",
                      "Count the distinct recommended items and divide by N_ITEMS.")
    right = solutions.catalog_coverage_of_lists(recs, n_items)
    n_distinct = np.unique(recs).size
    if _same(value, right):
        return _correct(key, title, "Compare it with the 'coverage' column of the baselines "
                        "table: a model that covers a small part of the catalogue can still "
                        "be the most accurate.")
    if _same(value, 100 * right):
        return _wrong(key, title, "Your number looks like a percentage.",
                      "Give the coverage as a fraction between 0 and 1.")
    if _same(value, n_distinct):
        return _wrong(key, title, "That is the number of distinct recommended items, a count, "
                      "not a share of the catalogue.", "Divide it by the catalogue size N_ITEMS.")
    if _same(value, recs.size / n_items):
        return _wrong(key, title, "You counted slots (every position of every list), so an item "
                      "recommended to many users is counted many times.",
                      "Count each item once: take the distinct ids first (np.unique).")
    if _same(value, n_distinct / recs.size):
        return _wrong(key, title, "You divided the distinct items by the number of slots "
                      "(users x k), not by the catalogue size.",
                      "Coverage is a share of the catalogue: divide by N_ITEMS.")
    if not 0.0 <= value <= 1.0:
        return _wrong(key, title, f"A coverage must lie between 0 and 1; {value:.4g} does not.")
    return _wrong(key, title, f"Your coverage {value:.4f} is {_direction(value, right)}.",
                  "Count the items that appear in at least one list, each once, and divide by "
                  "the number of items in the catalogue.")


_T092 = "long-tail share of the SVD's top-k lists"


def check_long_tail_share(answer, recommendations, item_popularity, head_fraction):
    """Check exercise 09.2: the share of recommended slots that hold a long-tail item.

    Parameters
    ----------
    answer : float
        The learner's share, a fraction in [0, 1] (``...`` when not answered yet).
    recommendations : array-like of int, shape (n_users, k)
        The notebook's top-k lists (``svd_lists``).
    item_popularity : array-like of shape (n_items,)
        Popularity of every item in training (``train_counts``).
    head_fraction : float
        Share of the catalogue in the head (``HEAD_FRACTION``), in (0, 1).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If an argument is of the wrong kind.
    ValueError
        If ``recommendations`` is not 2-D or holds ids outside the catalogue, a popularity is
        negative, or ``head_fraction`` is outside (0, 1).

    See Also
    --------
    recbook.solutions.long_tail_share_of_lists : the reference solution.
    """
    popularity = check_array(item_popularity, "item_popularity", ndim=1, dtype=float)
    if np.any(popularity < 0):
        raise ValueError("item_popularity must be non-negative")
    head_fraction = check_float(head_fraction, "head_fraction", low=0.0, high=1.0,
                                low_open=True, high_open=True)
    recs = _check_recommendations(recommendations, popularity.size, "len(item_popularity)")
    key, title = "09.2", _T092
    if _is_unanswered(answer):
        return _unanswered(key, title, "mark the ceil(HEAD_FRACTION * N_ITEMS) most popular "
                           "items of train_counts as the head (or reuse is_tail from section 5), "
                           "then take the mean of 'is a tail item' over all slots of svd_lists.")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number (a fraction), got a {_kind(answer)}.",
                      "Average a True/False 'tail item' flag over all slots.")
    right = solutions.long_tail_share_of_lists(recs, popularity, head_fraction)
    if _same(value, right):
        return _correct(key, title, "Compare it with the 'long-tail share' column: most popular "
                        "scores 0 by construction, and the xQuAD boost of section 5 raises it.")
    n_head = math.ceil(head_fraction * popularity.size)
    in_tail = np.ones(popularity.size, dtype=bool)
    in_tail[np.argsort(-popularity, kind="stable")[:n_head]] = False
    if _same(value, 100 * right):
        return _wrong(key, title, "Your number looks like a percentage.",
                      "Give the share as a fraction between 0 and 1.")
    if _same(value, 1.0 - right):
        return _wrong(key, title, "That is the share of slots filled by head items, the "
                      "complement of the long-tail share.", "Count the slots whose item is NOT "
                      "among the most popular ones.")
    if _same(value, float(in_tail[np.unique(recs)].mean())):
        return _wrong(key, title, "That is the tail's share among the distinct recommended items; "
                      "the long-tail share counts slots, so an item shown to many users counts "
                      "many times.", "Index the tail flags with the whole array svd_lists.")
    if _same(value, float(in_tail.mean())):
        return _wrong(key, title, "That is the tail's share of the catalogue, which does not "
                      "depend on what is recommended.", "Look up the tail flag of every "
                      "recommended item (is_tail[svd_lists]) and average those.")
    least = np.ones(popularity.size, dtype=bool)
    least[np.argsort(popularity, kind="stable")[:n_head]] = False
    if _same(value, float(least[recs].mean())):
        return _wrong(key, title, "Your head is made of the least popular items (an ascending "
                      "sort).", "Sort the popularity in descending order before taking the head.")
    other_ties = np.ones(popularity.size, dtype=bool)
    other_ties[np.argsort(popularity, kind="stable")[::-1][:n_head]] = False
    if _same(value, float(other_ties[recs].mean())):
        return _wrong(key, title, "Your head differs from the kit's only in how items of equal "
                      "popularity at the head's boundary are split: it breaks ties by the larger "
                      "item id.", "Break ties by the smaller item id (np.argsort(-train_counts, "
                      "kind='stable')), as head_tail_split does, or reuse is_tail.")
    if not 0.0 <= value <= 1.0:
        return _wrong(key, title, f"A share must lie between 0 and 1; {value:.4g} does not.")
    return _wrong(key, title, f"Your share {value:.4f} is {_direction(value, right)}.",
                  f"The head is the ceil({head_fraction:g} * {popularity.size}) = {n_head} items "
                  "with most training users; average 'not in the head' over every slot.")


_T093 = "recall@k of the SVD's lists, by hand"


def check_recall_at_k(answer, y_true, recommendations):
    """Check exercise 09.3: mean over users of the share of their test items found in their list.

    Parameters
    ----------
    answer : float
        The learner's recall@k (``...`` when not answered yet).
    y_true : array-like of shape (n_users, n_items)
        1 for each user's test items (the notebook's ``y_true``).
    recommendations : array-like of int, shape (n_users, k)
        The users' top-k lists, rows in the order of ``y_true`` (``svd_lists``).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If an argument is not array-like.
    ValueError
        If ``y_true`` is not a 2-D 0/1 array, or ``recommendations`` does not have one row per
        user of ``y_true`` with ids inside the catalogue.

    See Also
    --------
    recbook.solutions.recall_at_k_of_lists : the reference solution.
    """
    relevant = check_array(y_true, "y_true", ndim=2, dtype=float)
    if not np.all(np.isin(relevant, (0.0, 1.0))):
        raise ValueError("y_true must contain only 0 and 1")
    recs = _check_recommendations(recommendations, relevant.shape[1], "y_true.shape[1]")
    if recs.shape[0] != relevant.shape[0]:
        raise ValueError(f"recommendations must have one row per row of y_true, got "
                         f"{recs.shape[0]} and {relevant.shape[0]}")
    key, title = "09.3", _T093
    if _is_unanswered(answer):
        return _unanswered(key, title, "np.take_along_axis(y_true, svd_lists, axis=1) marks the "
                           "hits of each list; per user, divide the hits by the user's number of "
                           "test items, then average over users.")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number, got a {_kind(answer)}.",
                      "Average the users' recalls into one number.")
    right = solutions.recall_at_k_of_lists(relevant, recs)
    if _same(value, right):
        return _correct(key, title, "It should equal the SVD's recall@k in the baselines table, "
                        "which recall_at_k computed from the full score matrix.")
    k = recs.shape[1]
    hits = np.take_along_axis(relevant, recs, axis=1).sum(axis=1)
    n_rel = relevant.sum(axis=1)
    has = n_rel > 0
    if _same(value, 100 * right):
        return _wrong(key, title, "Your number looks like a percentage.",
                      "Give recall as a fraction between 0 and 1.")
    if _same(value, float(np.mean(hits / k))):
        return _wrong(key, title, "You divided the hits by k, the length of the list: that is "
                      "precision@k, not recall@k.", "Divide by the number of the user's test items.")
    if has.any() and _same(value, float(hits.sum() / n_rel.sum())):
        return _wrong(key, title, "You pooled all users (total hits / total test items), so "
                      "users with many test items weigh more.",
                      "Compute one recall per user first, then average.")
    if _same(value, float(np.mean(hits > 0))):
        return _wrong(key, title, "That is the hit rate: the share of users with at least one "
                      "hit, whatever the number of their test items.",
                      "Divide each user's hits by their number of test items instead.")
    capped = np.divide(hits, np.minimum(n_rel, k), out=np.zeros_like(hits), where=has)
    if _same(value, float(capped.mean())):
        return _wrong(key, title, "You divided by min(k, number of test items), a capped recall "
                      "some libraries use; the kit's recall divides by all of the user's test "
                      "items.", "Drop the min(k, ...).")
    if has.any() and _same(value, float(np.mean(hits[has] / n_rel[has]))):
        return _wrong(key, title, "You left out the users without test items; in the kit's "
                      "definition they count with recall 0.", "Average over all rows of y_true.")
    if _same(value, float(hits.mean())):
        return _wrong(key, title, "That is the mean number of hits per user, a count, not a share.",
                      "Divide each user's hits by their number of test items.")
    if not 0.0 <= value <= 1.0:
        return _wrong(key, title, f"A recall must lie between 0 and 1; {value:.4g} does not.")
    return _wrong(key, title, f"Your recall {value:.4f} is {_direction(value, right)}.",
                  "Row u of y_true and row u of svd_lists belong to the same user; count the "
                  "list's items that are test items, divide by the user's test items, average.")


def _small_sessions():
    """A small synthetic stand-in for the Online Shoppers sessions, with duplicate rows."""
    rng = np.random.default_rng(10)
    n = 300
    page_values = np.where(rng.random(n) < 0.25, np.round(rng.exponential(20.0, n), 2), 0.0)
    p_buy = np.where(page_values > 0, 0.55, 0.04)
    sessions = pd.DataFrame({
        "ProductRelated": rng.integers(1, 60, n),
        "ProductRelated_Duration": np.round(rng.exponential(600.0, n), 1),
        "PageValues": page_values,
        "Month": pd.Categorical(rng.choice(["Mar", "May", "Nov", "Dec"], n),
                                categories=["Mar", "May", "Nov", "Dec"], ordered=True),
        "Weekend": rng.random(n) < 0.25,
        "Revenue": rng.random(n) < p_buy,
    })
    # bounce-like sessions (one page, no value, no purchase) occur several times, exactly alike
    bounce = sessions.iloc[:1].assign(ProductRelated=1, ProductRelated_Duration=0.0,
                                      PageValues=0.0, Revenue=False)
    return (pd.concat([sessions, bounce, bounce, bounce, bounce, sessions.iloc[[5, 9]]],
                      ignore_index=True),)


_T101 = "imbalance ratio without the duplicate sessions"


def check_deduplicated_imbalance_ratio(answer, shoppers):
    """Check exercise 10.1: sessions without a purchase per purchase, duplicates dropped.

    Parameters
    ----------
    answer : float
        The learner's ratio (``...`` when not answered yet).
    shoppers : pandas.DataFrame
        The notebook's sessions (``Revenue`` True for a purchase).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``shoppers`` is not a DataFrame.
    ValueError
        If it lacks the columns ``Revenue`` and ``PageValues`` or has no purchase.

    See Also
    --------
    recbook.solutions.deduplicated_imbalance_ratio : the reference solution.
    """
    _check_shoppers(shoppers)
    key, title = "10.1", _T101
    if _is_unanswered(answer):
        return _unanswered(key, title, "shoppers.drop_duplicates() keeps one copy of each "
                           "session; count its purchases (Revenue == True) and the rest.")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number, got a {_kind(answer)}.",
                      "The ratio is one number: sessions without a purchase per purchase.")
    right = solutions.deduplicated_imbalance_ratio(shoppers)
    unique = shoppers.drop_duplicates()
    n, pos = len(unique), int(unique["Revenue"].sum())
    if _same(value, right):
        n_dropped = len(shoppers) - n
        return _correct(key, title, f"{n_dropped} duplicate rows were dropped. Compare with the "
                        "ratio over all rows in section 1: which class did the duplicates "
                        "belong to?")
    n_all, pos_all = len(shoppers), int(shoppers["Revenue"].sum())
    if _same(value, (n_all - pos_all) / pos_all):
        return _wrong(key, title, "That is the ratio over all rows, duplicates included.",
                      "Drop the exact duplicate rows first (shoppers.drop_duplicates()).")
    if _same(value, pos / (n - pos)):
        return _wrong(key, title, "You divided purchases by non-purchases: that is the inverse "
                      "of the imbalance ratio.", "Put the sessions without a purchase on top.")
    if _same(value, pos / n) or _same(value, 100 * pos / n):
        return _wrong(key, title, "That is the purchase rate (the positives' share of the "
                      "sessions), not a ratio of negatives to positives.",
                      "Divide the sessions WITHOUT a purchase by the purchases.")
    if _same(value, n / pos):
        return _wrong(key, title, "You divided all sessions by the purchases, so the purchases "
                      "are counted among the negatives (your ratio is one too large).",
                      "The negatives are the sessions without a purchase.")
    if _same(value, pos_all / (n_all - pos_all)) or _same(value, pos_all / n_all):
        return _wrong(key, title, "That is computed over all rows, duplicates included, and it "
                      "is not negatives per positive either.",
                      "Drop the duplicates, then divide non-purchases by purchases.")
    return _wrong(key, title, f"Your ratio {value:.4g} is {_direction(value, right)}.",
                  "Drop the exact duplicate rows, then divide the number of sessions without a "
                  "purchase by the number of purchases.")


_T102 = "share of purchases with a positive page value"


def check_page_value_share(answer, shoppers):
    """Check exercise 10.2: the share of purchasing sessions with ``PageValues > 0``.

    Parameters
    ----------
    answer : float
        The learner's share, a fraction in [0, 1] (``...`` when not answered yet).
    shoppers : pandas.DataFrame
        The notebook's sessions (``Revenue`` True for a purchase).

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``shoppers`` is not a DataFrame.
    ValueError
        If it lacks the columns ``Revenue`` and ``PageValues`` or has no purchase.

    See Also
    --------
    recbook.solutions.page_value_share_of_purchases : the reference solution.
    """
    _check_shoppers(shoppers)
    key, title = "10.2", _T102
    if _is_unanswered(answer):
        return _unanswered(key, title, "keep the sessions with Revenue == True, then take the "
                           "mean of (PageValues > 0) over them.")
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number (a fraction), got a {_kind(answer)}.",
                      "The mean of a True/False column is the share of True.")
    right = solutions.page_value_share_of_purchases(shoppers)
    bought = shoppers["Revenue"].astype(bool)
    valued = shoppers["PageValues"] > 0
    if _same(value, right):
        others = float(valued[~bought].mean()) if (~bought).any() else float("nan")
        return _correct(key, title, f"Among sessions without a purchase the share is "
                        f"{others:.1%}. Why does that make PageValues so predictive, and why is "
                        "it suspicious as a real-time feature (it is computed from the pages "
                        "that led to a transaction)?")
    if _same(value, 100 * right):
        return _wrong(key, title, "Your number looks like a percentage.",
                      "Give the share as a fraction between 0 and 1.")
    if _same(value, int((valued & bought).sum())):
        return _wrong(key, title, "That is a count of sessions, not a share.",
                      "Divide by the number of purchasing sessions (or use .mean()).")
    if valued.any() and _same(value, float(bought[valued].mean())):
        return _wrong(key, title, "You computed it the other way round: the purchase rate among "
                      "sessions with a positive page value, P(purchase | PageValues > 0).",
                      "The question asks P(PageValues > 0 | purchase): keep the purchases first.")
    if _same(value, float(valued.mean())):
        return _wrong(key, title, "That is the share among all sessions, purchases or not.",
                      "Keep only the sessions with Revenue == True first.")
    if (~bought).any() and _same(value, float(valued[~bought].mean())):
        return _wrong(key, title, "That is the share among the sessions without a purchase.",
                      "Keep the sessions with Revenue == True, not False.")
    if _same(value, float((shoppers.loc[bought, "PageValues"] >= 0).mean())):
        return _wrong(key, title, "Every session has PageValues >= 0, so that share is 1 "
                      "whatever the data.", "Count only PageValues strictly greater than 0.")
    if not 0.0 <= value <= 1.0:
        return _wrong(key, title, f"A share must lie between 0 and 1; {value:.4g} does not.")
    return _wrong(key, title, f"Your share {value:.4f} is {_direction(value, right)}.",
                  "Among the purchasing sessions only, count those with PageValues > 0 and "
                  "divide by the number of purchasing sessions.")


def _lists_inputs_091():
    lists, _, _, n_items = _small_lists()
    return lists, n_items


def _lists_inputs_092():
    lists, _, popularity, _ = _small_lists()
    return lists, popularity, 0.2


def _lists_inputs_093():
    lists, y_true, _, _ = _small_lists()
    return y_true, lists


def _hits(y_true, lists):
    return np.take_along_axis(np.asarray(y_true, dtype=float), lists, axis=1).sum(axis=1)


def _head_by(popularity, head_fraction, order):
    tail = np.ones(len(popularity), dtype=bool)
    tail[order[:math.ceil(head_fraction * len(popularity))]] = False
    return tail


EXERCISES.update({
    "09.1": Exercise(
        "09.1", "09_long_tail_recommendation.ipynb", _T091, check_catalog_coverage,
        solutions.catalog_coverage_of_lists, _lists_inputs_091,
        (
            Mistake("a percentage", lambda r, n: 100 * solutions.catalog_coverage_of_lists(r, n),
                    "percentage"),
            Mistake("the number of distinct items", lambda r, n: int(np.unique(r).size), "a count"),
            Mistake("slots instead of distinct items", lambda r, n: r.size / n, "counted slots"),
            Mistake("divided by the slots", lambda r, n: np.unique(r).size / r.size,
                    "number of slots"),
        )),
    "09.2": Exercise(
        "09.2", "09_long_tail_recommendation.ipynb", _T092, check_long_tail_share,
        solutions.long_tail_share_of_lists, _lists_inputs_092,
        (
            Mistake("a percentage",
                    lambda r, p, f: 100 * solutions.long_tail_share_of_lists(r, p, f), "percentage"),
            Mistake("the head's share", lambda r, p, f: 1 - solutions.long_tail_share_of_lists(r, p, f),
                    "head items"),
            Mistake("distinct items instead of slots",
                    lambda r, p, f: float(_head_by(p, f, np.argsort(-p, kind="stable"))[np.unique(r)]
                                          .mean()), "distinct"),
            Mistake("the tail's share of the catalogue",
                    lambda r, p, f: float(_head_by(p, f, np.argsort(-p, kind="stable")).mean()),
                    "share of the catalogue"),
            Mistake("an ascending sort (least popular as head)",
                    lambda r, p, f: float(_head_by(p, f, np.argsort(p, kind="stable"))[r].mean()),
                    "least popular"),
            Mistake("ties broken by the larger id",
                    lambda r, p, f: float(_head_by(p, f, np.argsort(p, kind="stable")[::-1])[r].mean()),
                    "ties"),
        )),
    "09.3": Exercise(
        "09.3", "09_long_tail_recommendation.ipynb", _T093, check_recall_at_k,
        solutions.recall_at_k_of_lists, _lists_inputs_093,
        (
            Mistake("precision@k", lambda y, r: float(np.mean(_hits(y, r) / r.shape[1])),
                    "precision@k"),
            Mistake("pooled over users",
                    lambda y, r: float(_hits(y, r).sum() / np.asarray(y).sum()), "pooled"),
            Mistake("hit rate", lambda y, r: float(np.mean(_hits(y, r) > 0)), "hit rate"),
            Mistake("capped at k",
                    lambda y, r: float(np.mean(_hits(y, r) / np.maximum(
                        np.minimum(np.asarray(y).sum(axis=1), r.shape[1]), 1))), "min(k"),
            Mistake("users without test items left out",
                    lambda y, r: float(np.mean(_hits(y, r)[np.asarray(y).sum(axis=1) > 0]
                                               / np.asarray(y).sum(axis=1)[np.asarray(y).sum(axis=1) > 0])),
                    "left out"),
            Mistake("hits per user", lambda y, r: float(_hits(y, r).mean()), "number of hits"),
            Mistake("a percentage", lambda y, r: 100 * solutions.recall_at_k_of_lists(y, r),
                    "percentage"),
        )),
    "10.1": Exercise(
        "10.1", "10_real_data_online_shoppers.ipynb", _T101, check_deduplicated_imbalance_ratio,
        solutions.deduplicated_imbalance_ratio, _small_sessions,
        (
            Mistake("duplicates kept",
                    lambda s: (len(s) - s["Revenue"].sum()) / s["Revenue"].sum(), "duplicates included"),
            Mistake("the inverse", lambda s: 1 / solutions.deduplicated_imbalance_ratio(s), "inverse"),
            Mistake("the purchase rate",
                    lambda s: s.drop_duplicates()["Revenue"].mean(), "purchase rate"),
            Mistake("all sessions per purchase",
                    lambda s: len(s.drop_duplicates()) / s.drop_duplicates()["Revenue"].sum(),
                    "one too large"),
        )),
    "10.2": Exercise(
        "10.2", "10_real_data_online_shoppers.ipynb", _T102, check_page_value_share,
        solutions.page_value_share_of_purchases, _small_sessions,
        (
            Mistake("a percentage", lambda s: 100 * solutions.page_value_share_of_purchases(s),
                    "percentage"),
            Mistake("the reverse conditional",
                    lambda s: s.loc[s["PageValues"] > 0, "Revenue"].mean(), "other way round"),
            Mistake("among all sessions", lambda s: (s["PageValues"] > 0).mean(), "all sessions"),
            Mistake("among non-purchases",
                    lambda s: (s.loc[~s["Revenue"], "PageValues"] > 0).mean(), "without a purchase"),
            Mistake("a count", lambda s: int(((s["PageValues"] > 0) & s["Revenue"]).sum()), "count"),
            Mistake(">= 0 instead of > 0",
                    lambda s: (s.loc[s["Revenue"], "PageValues"] >= 0).mean(), "PageValues >= 0"),
        )),
})


# --- notebooks 05-06 ---

__all__ += [
    "check_oversampled_class_counts",
    "check_smote_point",
    "check_undersampling_keep_rate",
    "check_voucher_threshold",
    "check_downsampled_click_rate",
    "check_corrected_balanced_prediction",
]


def _small_log_56():
    # the default funnel rates (purchases about one click in eight), small enough to be quick;
    # RandomUnderSampler(sampling_strategy=0.25) needs more than 4 non-purchases per purchase
    return (make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7),)


def _judge_56(key, title, answer, right, mistakes, *, correct_note, hint, low=-math.inf,
              high=math.inf):
    """:func:`_judge_number` with one hint for the generic cases (the 05-06 checks' spelling)."""
    return _judge_number(key, title, answer, right, mistakes, correct_note=correct_note,
                         generic_hint=hint, low=low, high=high)


def _counts_56(log):
    """(n_no_purchase, n_purchase) among the clicks, and (n_no_click, n_click) of the log."""
    imp = log.impressions
    clicks = int(imp["clicked"].sum())
    purchases = int(imp.loc[imp["clicked"], "purchased"].sum())
    return (clicks - purchases, purchases), (len(imp) - clicks, clicks)


# ---------------------------------------------------------------- notebook 05

_T051 = (f"class counts after RandomOverSampler(sampling_strategy="
         f"{solutions.OVERSAMPLING_STRATEGY:g})")


def _as_class_counts(answer):
    """``answer`` as ``(n_0, n_1)`` integers-as-floats, or None when it is not two counts."""
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.Series):
        try:
            labels = {int(label) for label in answer.index}
        except (TypeError, ValueError):
            return None
        if labels != {0, 1} or len(answer) != 2:
            return None
        answer = [answer.loc[label] for label in sorted(answer.index, key=int)]
    if isinstance(answer, (list, tuple, np.ndarray)) and np.size(answer) == 2:
        values = [_as_number(v) for v in np.asarray(answer, dtype=object).reshape(-1)]
        if None in values:
            return None
        return tuple(values)
    return None


def check_oversampled_class_counts(answer, log):
    """Check exercise 05.1: the class counts after random over-sampling with a float strategy.

    The task is purchase (1) vs no purchase (0) among the clicked impressions, resampled by
    ``RandomOverSampler(sampling_strategy=recbook.solutions.OVERSAMPLING_STRATEGY)``.

    Parameters
    ----------
    answer : dict, pandas.Series or sequence of two numbers
        The learner's counts ``{0: n_0, 1: n_1}`` (or ``[n_0, n_1]``, e.g. from
        ``np.bincount``); ``...`` when not answered yet.
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
    recbook.solutions.oversampled_class_counts : the reference solution.
    """
    _check_log(log)
    key, title = "05.1", _T051
    r = solutions.OVERSAMPLING_STRATEGY
    if _is_unanswered(answer):
        return _unanswered(key, title, f"a float sampling_strategy is the ratio n_minority / "
                           f"n_majority wanted AFTER resampling; the majority is left alone. "
                           "Count both classes among the clicks first.")
    counts = _as_class_counts(answer)
    if counts is None:
        return _wrong(key, title, f"Expected the two class counts, as a dict {{0: n_0, 1: n_1}} "
                      f"or a pair [n_0, n_1], got a {_kind(answer)}.",
                      "np.bincount(y_resampled) gives such a pair.")
    got0, got1 = counts
    right = solutions.oversampled_class_counts(log)
    (n_neg, n_pos), _ = _counts_56(log)
    if _same(got0, right[0]) and _same(got1, right[1]):
        return _correct(key, title, f"The purchases are now {right[1] / right[0]:.0%} of the "
                        f"non-purchases, as asked; {right[1] - n_pos} of the purchase rows are "
                        f"copies, so the model sees each original purchase "
                        f"{right[1] / n_pos:.1f} times on average -- no new information.")
    if _same(got0, right[1]) and _same(got1, right[0]):
        return _wrong(key, title, "You swapped the classes: 0 (no purchase) is the majority "
                      "and keeps its count.", "Give the non-purchases first.")
    if not _same(got0, n_neg):
        if _same(got0, 2 * n_pos) or _same(got0, int(n_pos / r)):
            return _wrong(key, title, "You reduced the non-purchases: that is what an UNDER-"
                          "sampler does with this sampling_strategy.",
                          "An over-sampler only adds rows; the majority keeps all its rows.")
        return _wrong(key, title, "The count of class 0 is not right: an over-sampler never "
                      "removes or adds majority rows.",
                      "Class 0 keeps the number of non-purchases among the clicks.")
    if _same(got1, n_neg):
        return _wrong(key, title, "That is a fully balanced result (sampling_strategy='auto'), "
                      f"not a minority/majority ratio of {r:g}.",
                      f"The float is the ratio n_1 / n_0 after resampling, so n_1 = {r:g} * n_0.")
    if _same(got1, n_pos * (1 + r)) or _same(got1, int(n_pos * (1 + r))):
        return _wrong(key, title, f"You grew the purchases by {r:.0%}; the strategy is not a "
                      "growth rate.", "It is the ratio n_1 / n_0 wanted after resampling.")
    if _same(got1, r * n_neg + n_pos) or _same(got1, int(r * n_neg) + n_pos):
        return _wrong(key, title, f"You added {r:g} * n_0 new rows ON TOP of the existing "
                      "purchases.", "The existing purchases count towards the target "
                      f"n_1 = {r:g} * n_0.")
    if _same(got1, math.ceil(r * n_neg)) or _same(got1, r * n_neg):
        return _wrong(key, title, "Nearly: imbalanced-learn rounds the number of new rows down "
                      "(int), and counts are whole numbers.",
                      f"Use int({r:g} * n_0 - n_1) new rows.")
    if _same(got1, n_pos):
        return _wrong(key, title, "These are the counts BEFORE over-sampling.",
                      "The over-sampler adds copies of purchases until the ratio is reached.")
    return _wrong(key, title, "The count of class 1 is not right.",
                  f"After resampling n_1 / n_0 = {r:g}: the purchases grow to int({r:g} * n_0).")


def _smote_pair(log):
    """x_i (first purchase among the clicks), its nearest other purchase x_nn, and its nearest
    other click of ANY class (the neighbour a learner finds when forgetting the labels)."""
    X, bought = solutions._smote_table(log)
    minority = X[bought]
    x_i = minority[0]
    x_nn = minority[1:][np.argmin(np.linalg.norm(minority[1:] - x_i, axis=1))]
    others = np.delete(X, np.flatnonzero(bought)[0], axis=0)
    x_any = others[np.argmin(np.linalg.norm(others - x_i, axis=1))]
    return x_i, x_nn, x_any


def _smote_mistake(log, rule):
    """A wrong SMOTE point: ``rule(x_i, x_nn, lam)`` applied to the exercise's points."""
    x_i, x_nn, _ = _smote_pair(log)
    return rule(x_i, x_nn, solutions.SMOTE_LAMBDA)


def _smote_any_neighbour(log):
    """The SMOTE step towards the nearest click of any class (labels forgotten)."""
    x_i, _, x_any = _smote_pair(log)
    return x_i + solutions.SMOTE_LAMBDA * (x_any - x_i)


_T052 = f"a SMOTE point with lambda = {solutions.SMOTE_LAMBDA:g}"


def check_smote_point(answer, log):
    """Check exercise 05.2: ``x_new = x_i + lambda (x_nn - x_i)`` for the log's first purchase.

    Parameters
    ----------
    answer : array-like of two numbers
        The learner's new point in the columns ``recbook.solutions.SMOTE_COLUMNS`` (``...``
        when not answered yet).
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
    recbook.solutions.smote_point : the reference solution.
    """
    _check_log(log)
    key, title = "05.2", _T052
    lam = solutions.SMOTE_LAMBDA
    if _is_unanswered(answer):
        return _unanswered(key, title, "take the purchased rows of X_shop[['log_price', "
                           "'user_price_sensitivity']], x_i = the first, x_nn = the nearest "
                           "other one (np.linalg.norm), then x_i + lam * (x_nn - x_i).")
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        answer = answer.to_numpy()
    if not isinstance(answer, (list, tuple, np.ndarray)) or np.size(answer) != 2:
        return _wrong(key, title, f"Expected a point with two coordinates (one per column), got "
                      f"a {_kind(answer)}" + (f" of size {np.size(answer)}."
                                               if isinstance(answer, (list, tuple, np.ndarray))
                                               else "."),
                      "Give x_new as an array of two numbers.")
    values = [_as_number(v) for v in np.asarray(answer, dtype=object).reshape(-1)]
    if None in values:
        return _wrong(key, title, "Both coordinates must be finite numbers.")
    point = np.array(values)
    right = solutions.smote_point(log)

    def same(a):
        return np.allclose(point, a, rtol=1e-6, atol=1e-9)

    if same(right):
        return _correct(key, title, "The point lies on the segment from x_i to x_nn, "
                        f"{lam:.0%} of the way: SMOTE never leaves the minority's segments.")
    x_i, x_nn, x_any = _smote_pair(log)
    mistakes = [
        (x_nn + lam * (x_i - x_nn), "You measured lambda from the neighbour's end "
         "(x_nn + lambda (x_i - x_nn)).", "lambda is the fraction of the way from x_i towards x_nn."),
        (x_i - lam * (x_nn - x_i), "Your point lies outside the segment, on the far side of x_i "
         "away from the neighbour: the sign of the step is wrong.", "Step towards x_nn: "
         "x_i + lambda (x_nn - x_i)."),
        (lam * (x_nn - x_i), "You forgot to add x_i: lambda (x_nn - x_i) is the step, not the "
         "point.", "x_new = x_i + lambda (x_nn - x_i)."),
        ((x_i + x_nn) / 2, "That is the midpoint of the segment: lambda was ignored.",
         f"Use lambda = {lam:g}."),
        (x_i, "That is x_i itself: the nearest neighbour of a point must not be the point.",
         "Leave x_i out when searching its nearest purchase."),
        (x_nn, "That is the neighbour x_nn itself (lambda = 1).", f"Use lambda = {lam:g}."),
        (x_i + lam * (x_any - x_i),
         "Your neighbour is not a purchase: SMOTE searches the neighbours among the MINORITY "
         "rows only.", "Restrict the search to the purchased rows."),
    ]
    for candidate, problem, hint in mistakes:
        if same(candidate):
            return _wrong(key, title, problem, hint)
    return _wrong(key, title, "Your point is not the SMOTE point of x_i and its neighbour.",
                  "x_i is the first purchased row (in the log's order) in the columns "
                  f"{', '.join(solutions.SMOTE_COLUMNS)}, unscaled; x_nn the nearest other "
                  "purchased row; then x_i + lambda (x_nn - x_i).")


_T053 = (f"share of non-purchases kept by RandomUnderSampler(sampling_strategy="
         f"{solutions.UNDERSAMPLING_STRATEGY:g})")


def check_undersampling_keep_rate(answer, log):
    """Check exercise 05.3: the keep-rate of the majority under random under-sampling.

    Parameters
    ----------
    answer : float
        The learner's share of the non-purchases (among clicks) kept, in (0, 1] (``...`` when
        not answered yet).
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
    recbook.solutions.undersampling_keep_rate : the reference solution.
    """
    _check_log(log)
    key, title = "05.3", _T053
    r = solutions.UNDERSAMPLING_STRATEGY
    if _is_unanswered(answer):
        return _unanswered(key, title, "the under-sampler keeps every purchase and int(n_1 / "
                           f"{r:g}) non-purchases; divide that by the number of non-purchases.")
    (n_neg, n_pos), _ = _counts_56(log)
    right = solutions.undersampling_keep_rate(log)
    kept = int(n_pos / r)
    mistakes = [
        (r, f"{r:g} is the sampling_strategy itself: the ratio n_1 / n_0 AFTER resampling, not "
         "the share of non-purchases kept.", "Work out how many non-purchases that ratio leaves, "
         "then divide by how many there were."),
        (n_pos / n_neg, "That is the keep-rate of a fully balanced under-sampler "
         "(sampling_strategy='auto', one non-purchase per purchase).",
         f"With {r:g} there are 1 / {r:g} non-purchases per purchase."),
        (100 * right, "Your number looks like a percentage.", "Give a fraction in (0, 1]."),
        (float(kept), "That is the NUMBER of non-purchases kept, not their share.",
         "Divide it by the number of non-purchases before resampling."),
        ((kept + n_pos) / (n_neg + n_pos), "That is the share of ALL clicks kept, purchases "
         "included.", "Only the non-purchases are thinned; divide by their count."),
        (n_pos * r / n_neg, f"You multiplied by {r:g} where you should divide: the strategy is "
         "minority over majority.", f"n_0 after = n_1 / {r:g}."),
    ]
    return _judge_56(key, title, answer, right, mistakes,
                     correct_note="This keep-rate is the w of notebook 06's prior correction "
                     "q = p / (p + (1 - p) / w), which maps the under-sampled model's "
                     "probabilities back to the real purchase rate.",
                     hint="Keep-rate = (number of non-purchases kept) / (number of "
                     "non-purchases among the clicks).", low=0.0, high=1.0)


# ---------------------------------------------------------------- notebook 06

_T061 = "the cost-based threshold for sending a voucher"


def check_voucher_threshold(answer, log):
    """Check exercise 06.1: ``t* = c_FP / (c_FP + c_FN)`` with costs taken from the shop.

    ``c_FP = recbook.solutions.VOUCHER_COST``; ``c_FN = recbook.solutions.MARGIN`` times the
    mean price of the purchased impressions.

    Parameters
    ----------
    answer : float
        The learner's threshold (``...`` when not answered yet).
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
    recbook.solutions.voucher_threshold : the reference solution.
    """
    _check_log(log)
    key, title = "06.1", _T061
    if _is_unanswered(answer):
        return _unanswered(key, title, f"c_FN is the margin lost on a missed purchase: "
                           f"{solutions.MARGIN:g} times the mean price of the purchased "
                           f"impressions; c_FP = {solutions.VOUCHER_COST:g} is the voucher's "
                           "cost; then t* = c_FP / (c_FP + c_FN).")
    imp = log.impressions
    c_fp = solutions.VOUCHER_COST
    price = float(imp.loc[imp["purchased"], "price"].mean())
    c_fn = solutions.MARGIN * price
    all_price = solutions.MARGIN * float(imp["price"].mean())
    right = solutions.voucher_threshold(log)
    mistakes = [
        (c_fn / (c_fp + c_fn), "You swapped the costs: that is c_FN / (c_FP + c_FN).",
         "A cheap voucher and a costly missed buyer must give a LOW threshold: put c_FP on top."),
        (c_fp / c_fn, "That is the ratio of the costs c_FP / c_FN, not the break-even "
         "probability.", "Acting and not acting cost the same when (1 - p) c_FP = p c_FN; "
         "solve for p."),
        (c_fp / (c_fp + price), "You used the full price as c_FN, not the margin on it.",
         f"A missed sale loses {solutions.MARGIN:g} * price, not the price."),
        (c_fp / (c_fp + all_price), "You averaged the price over ALL impressions, not over the "
         "purchased ones.", "c_FN is about purchases: keep the rows with purchased == True."),
        (0.5, "0.5 is the default threshold, right only when both errors cost the same.",
         "Use the costs of the exercise."),
        (100 * right, "Your number looks like a percentage.", "Give a probability in (0, 1)."),
    ]
    return _judge_56(key, title, answer, right, mistakes,
                     correct_note="Send a voucher when the (calibrated) purchase probability "
                     "exceeds it: with a cheap voucher and a valuable buyer the threshold is far "
                     "below 0.5.", hint=f"t* = c_FP / (c_FP + c_FN) with c_FP = {c_fp:g} and "
                     f"c_FN = {solutions.MARGIN:g} * mean price of the purchased impressions.",
                     low=0.0, high=1.0)


_T062 = (f"the click rate after negative down-sampling with w = "
         f"{solutions.DOWNSAMPLING_KEEP_RATE:g}")


def check_downsampled_click_rate(answer, log):
    """Check exercise 06.2: the expected click rate after keeping each non-click with rate ``w``.

    Parameters
    ----------
    answer : float
        The learner's click rate of the down-sampled log (``...`` when not answered yet).
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
    recbook.solutions.downsampled_click_rate : the reference solution.
    """
    _check_log(log)
    key, title = "06.2", _T062
    w = solutions.DOWNSAMPLING_KEEP_RATE
    if _is_unanswered(answer):
        return _unanswered(key, title, f"every click is kept and w = {w:g} of the non-clicks "
                           "(in expectation); the click rate is clicks / (clicks + kept non-clicks).")
    _, (n_no, n_click) = _counts_56(log)
    pi = n_click / (n_no + n_click)
    right = solutions.downsampled_click_rate(log)
    mistakes = [
        (pi, "That is the click rate of the full log: down-sampling removes non-clicks, so the "
         "click rate of the sample is higher.", f"Keep all clicks and w = {w:g} of the non-clicks."),
        (pi / w, "You divided the click rate by w: that treats the whole log as thinned, "
         "clicks included.", "Only the non-clicks are thinned; the clicks stay in the "
         "denominator in full."),
        (n_click / (n_click + n_no / w), "You divided the non-clicks by w instead of "
         "multiplying: the sample keeps w of them.", f"Kept non-clicks = {w:g} * n_no_click."),
        (n_click / (w * n_no), "That is clicks per kept non-click (odds), not a rate.",
         "Divide the clicks by all rows of the sample: clicks + kept non-clicks."),
        (w * n_no / (n_click + w * n_no), "That is the share of NON-clicks in the sample.",
         "Put the clicks on top."),
        (100 * right, "Your number looks like a percentage.", "Give a fraction in (0, 1)."),
    ]
    return _judge_56(key, title, answer, right, mistakes,
                     correct_note="A model trained on the sample learns this base rate instead of "
                     "the real one, which is why its probabilities need the prior correction.",
                     hint="rate = n_click / (n_click + w * n_no_click).", low=0.0, high=1.0)


_T063 = (f"the prior-corrected probability of a balanced model's "
         f"{solutions.BALANCED_PREDICTION:g}")


def check_corrected_balanced_prediction(answer, log):
    """Check exercise 06.3: ``q = p / (p + (1 - p) / w)`` for balanced random under-sampling.

    Parameters
    ----------
    answer : float
        The learner's corrected probability (``...`` when not answered yet).
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
    recbook.solutions.corrected_balanced_prediction : the reference solution.
    """
    _check_log(log)
    key, title = "06.3", _T063
    p = solutions.BALANCED_PREDICTION
    if _is_unanswered(answer):
        return _unanswered(key, title, "balanced under-sampling keeps w = n_click / n_no_click "
                           "of the non-clicks; then q = p / (p + (1 - p) / w), or "
                           "recbook.sampling.correct_downsampled_proba(p, w).")
    _, (n_no, n_click) = _counts_56(log)
    w = n_click / n_no
    right = solutions.corrected_balanced_prediction(log)
    w_other = solutions.DOWNSAMPLING_KEEP_RATE
    mistakes = [
        (p, f"{p:g} is the uncorrected prediction: the balanced model learnt a base rate of 50 %.",
         "Apply the prior correction with the under-sampler's keep-rate w."),
        (p / (p + (1 - p) * w), "You applied the correction the wrong way round, "
         "p / (p + (1 - p) w): that is what down-sampling DOES to a probability, not its "
         "undoing.", "q = p / (p + (1 - p) / w)."),
        (w, "That is the keep-rate w itself (the odds n_click / n_no_click), not a probability.",
         "Put it into q = p / (p + (1 - p) / w)."),
        (p / (p + (1 - p) / w_other), f"You used w = {w_other:g}, the keep-rate of exercise 2, "
         "not the balanced under-sampler's.", "Balanced under-sampling keeps n_click / "
         "n_no_click of the non-clicks."),
        (p * w, "You multiplied p by w: the "
         "correction acts on the odds, not on the probability.", "q = p / (p + (1 - p) / w)."),
        (100 * right, "Your number looks like a percentage.", "Give a probability in (0, 1)."),
    ]
    return _judge_56(key, title, answer, right, mistakes,
                     correct_note="It is the log's click rate: for a model trained on balanced "
                     "data, 0.5 means 'as likely as the average impression'.",
                     hint="w = n_click / n_no_click, then q = p / (p + (1 - p) / w).",
                     low=0.0, high=1.0)


EXERCISES.update({
    "05.1": Exercise(
        "05.1", "05_sampling_methods.ipynb", _T051, check_oversampled_class_counts,
        solutions.oversampled_class_counts, _small_log_56,
        (
            Mistake("classes swapped",
                    lambda log: dict(zip((1, 0), solutions.oversampled_class_counts(log).values())),
                    "swapped"),
            Mistake("fully balanced", lambda log: {0: _counts_56(log)[0][0], 1: _counts_56(log)[0][0]},
                    "fully balanced"),
            Mistake("strategy read as a growth rate",
                    lambda log: {0: _counts_56(log)[0][0], 1: int(1.5 * _counts_56(log)[0][1])},
                    "growth rate"),
            Mistake("new rows added on top",
                    lambda log: {0: _counts_56(log)[0][0],
                                 1: int(0.5 * _counts_56(log)[0][0]) + _counts_56(log)[0][1]},
                    "on top"),
            Mistake("majority reduced (under-sampling)",
                    lambda log: [2 * _counts_56(log)[0][1], _counts_56(log)[0][1]], "under-"),
            Mistake("counts before resampling", lambda log: list(_counts_56(log)[0]), "before"),
            Mistake("one number only", lambda log: solutions.oversampled_class_counts(log)[1],
                    "two class counts"),
        )),
    "05.2": Exercise(
        "05.2", "05_sampling_methods.ipynb", _T052, check_smote_point, solutions.smote_point,
        _small_log_56,
        (
            Mistake("lambda from the neighbour's end",
                    lambda log: _smote_mistake(log, lambda xi, xn, lam: xn + lam * (xi - xn)),
                    "neighbour's end"),
            Mistake("step away from the neighbour",
                    lambda log: _smote_mistake(log, lambda xi, xn, lam: xi - lam * (xn - xi)),
                    "outside the segment"),
            Mistake("step without x_i",
                    lambda log: _smote_mistake(log, lambda xi, xn, lam: lam * (xn - xi)),
                    "forgot to add x_i"),
            Mistake("midpoint", lambda log: _smote_mistake(log, lambda xi, xn, lam: (xi + xn) / 2),
                    "midpoint"),
            Mistake("the point is its own neighbour",
                    lambda log: _smote_mistake(log, lambda xi, xn, lam: xi), "x_i itself"),
            Mistake("neighbour among all clicks", _smote_any_neighbour, "not a purchase"),
            Mistake("three coordinates", lambda log: [1.0, 2.0, 3.0], "two coordinates"),
        )),
    "05.3": Exercise(
        "05.3", "05_sampling_methods.ipynb", _T053, check_undersampling_keep_rate,
        solutions.undersampling_keep_rate, _small_log_56,
        (
            Mistake("the strategy itself", lambda log: solutions.UNDERSAMPLING_STRATEGY,
                    "sampling_strategy itself"),
            Mistake("balanced keep-rate", lambda log: _counts_56(log)[0][1] / _counts_56(log)[0][0],
                    "fully balanced"),
            Mistake("a count", lambda log: int(_counts_56(log)[0][1] / solutions.UNDERSAMPLING_STRATEGY),
                    "number of non-purchases kept"),
            Mistake("share of all clicks",
                    lambda log: (int(_counts_56(log)[0][1] / solutions.UNDERSAMPLING_STRATEGY)
                                 + _counts_56(log)[0][1]) / sum(_counts_56(log)[0]), "all clicks"),
            Mistake("percentage", lambda log: 100 * solutions.undersampling_keep_rate(log),
                    "percentage"),
        )),
    "06.1": Exercise(
        "06.1", "06_model_adjustment.ipynb", _T061, check_voucher_threshold,
        solutions.voucher_threshold, _small_log_56,
        (
            Mistake("costs swapped", lambda log: 1 - solutions.voucher_threshold(log), "swapped"),
            Mistake("ratio of the costs",
                    lambda log: solutions.VOUCHER_COST / (solutions.MARGIN * log.impressions.loc[
                        log.impressions["purchased"], "price"].mean()), "ratio of the costs"),
            Mistake("full price", lambda log: solutions.voucher_threshold(log, margin=1.0),
                    "full price"),
            Mistake("price of all impressions",
                    lambda log: solutions.VOUCHER_COST / (solutions.VOUCHER_COST + solutions.MARGIN
                                                          * log.impressions["price"].mean()),
                    "all impressions"),
            Mistake("default threshold", lambda log: 0.5, "default threshold"),
        )),
    "06.2": Exercise(
        "06.2", "06_model_adjustment.ipynb", _T062, check_downsampled_click_rate,
        solutions.downsampled_click_rate, _small_log_56,
        (
            Mistake("click rate of the full log", lambda log: log.impressions["clicked"].mean(),
                    "full log"),
            Mistake("click rate divided by w",
                    lambda log: log.impressions["clicked"].mean() / solutions.DOWNSAMPLING_KEEP_RATE,
                    "divided the click rate by w"),
            Mistake("negatives divided by w",
                    lambda log: solutions.downsampled_click_rate(
                        log, keep_rate=1 / solutions.DOWNSAMPLING_KEEP_RATE),
                    "instead of multiplying"),
            Mistake("share of non-clicks", lambda log: 1 - solutions.downsampled_click_rate(log),
                    "non-clicks"),
        )),
    "06.3": Exercise(
        "06.3", "06_model_adjustment.ipynb", _T063, check_corrected_balanced_prediction,
        solutions.corrected_balanced_prediction, _small_log_56,
        (
            Mistake("uncorrected", lambda log: solutions.BALANCED_PREDICTION, "uncorrected"),
            Mistake("correction the wrong way round",
                    lambda log: 1 - solutions.corrected_balanced_prediction(log), "wrong way round"),
            Mistake("the keep-rate itself",
                    lambda log: _counts_56(log)[1][1] / _counts_56(log)[1][0], "keep-rate w itself"),
            Mistake("the keep-rate of exercise 2",
                    lambda log: 0.5 / (0.5 + 0.5 / solutions.DOWNSAMPLING_KEEP_RATE),
                    "keep-rate of exercise 2"),
        )),
})


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


_judge_value = _judge_number  # the 07-08 checks' name for the same judge


def _check_case_study(data):
    if not isinstance(data, pd.DataFrame) or not {"category", "label"} <= set(data.columns):
        raise TypeError("data must be the notebook's case-study DataFrame (from "
                        f"make_case_study_data, with 'category' and 'label'), got "
                        f"{type(data).__name__}")
    if not isinstance(data["category"].dtype, pd.CategoricalDtype):
        raise TypeError("data['category'] must be categorical, as make_case_study_data makes it")
    return data


def _check_decisions(y_true, y_pred):

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


# --- notebook 11 ---
# The checks of notebook 11 take its grid DataFrame (recbook.grid.load_grid) as their data
# argument; the tests build a small synthetic grid (_small_grid) so they do not depend on the
# committed CSV.

__all__ += [
    "check_best_pr_auc_remedy",
    "check_threshold_minus_smote_f1",
    "check_clear_difference_outcome",
]

_GRID_COLUMNS_11 = ("dataset", "method", "learner", "metric", "mean", "ci_low", "ci_high")
_METRIC_NAMES_11 = {"pr_auc": "PR-AUC", "f1": "F1", "balanced_accuracy": "balanced accuracy",
                    "roc_auc": "ROC-AUC", "brier": "Brier score", "recall": "recall",
                    "precision": "precision"}
_OUTCOMES_11 = ("better", "worse", "no clear difference")
_OUTCOME_ALIASES_11 = {"tie": "no clear difference", "no difference": "no clear difference",
                       "unclear": "no clear difference", "not clear": "no clear difference"}


def _check_grid_11(grid):
    if not isinstance(grid, pd.DataFrame) or not set(_GRID_COLUMNS_11) <= set(grid.columns):
        raise TypeError("grid must be notebook 11's grid DataFrame (from recbook.grid.load_grid, "
                        f"with the columns {', '.join(_GRID_COLUMNS_11)}), got "
                        f"{type(grid).__name__}")
    return grid


def _best_method_11(grid, dataset, learner, metric, *, column="mean", lowest=False):
    rows = grid[(grid["dataset"] == dataset) & (grid["metric"] == metric)]
    if learner is not None:
        rows = rows[rows["learner"] == learner]
    if rows.empty:
        return None
    index = rows[column].idxmin() if lowest else rows[column].idxmax()
    return str(rows.loc[index, "method"])


def _mean_11(grid, dataset, method, learner, metric, column="mean"):
    rows = grid[(grid["dataset"] == dataset) & (grid["method"] == method)
                & (grid["learner"] == learner) & (grid["metric"] == metric)]
    return float(rows[column].iloc[0]) if len(rows) == 1 else math.nan


def _others_11(grid, column, value):
    return [str(v) for v in dict.fromkeys(grid[column]) if str(v) != value]


_T111 = "the remedy with the highest mean PR-AUC"


def check_best_pr_auc_remedy(answer, grid):
    """Check exercise 11.1: the remedy with the highest mean PR-AUC for one learner and data set.

    The learner and data set are ``solutions.BEST_REMEDY_LEARNER`` and
    ``solutions.BEST_REMEDY_DATASET``, as the notebook's exercise text states.

    Parameters
    ----------
    answer : str
        The learner's remedy, a value of the ``method`` column (``...`` when not answered yet).
    grid : pandas.DataFrame
        The notebook's grid.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``grid`` is not a grid DataFrame.

    See Also
    --------
    recbook.solutions.best_pr_auc_remedy : the reference solution.
    """
    _check_grid_11(grid)
    key, title = "11.1", _T111
    learner, dataset = solutions.BEST_REMEDY_LEARNER, solutions.BEST_REMEDY_DATASET
    if _is_unanswered(answer):
        return _unanswered(key, title, f"keep the rows with learner == {learner!r}, dataset == "
                           f"{dataset!r} and metric == 'pr_auc', then take the 'method' of the "
                           "row with the largest 'mean' (idxmax).")
    if isinstance(answer, pd.Series) and "method" in answer.index:
        answer = answer["method"]
    if not isinstance(answer, str):
        return _wrong(key, title, f"Expected the remedy's name as a string, got a {_kind(answer)}.",
                      "Give the value of the 'method' column of the best row, e.g. 'smote'.")
    value = answer.strip()
    methods = sorted(str(m) for m in set(grid["method"]))
    if value not in methods:
        return _wrong(key, title, f"{value!r} is not a remedy of the grid.",
                      f"The 'method' column holds: {', '.join(methods)}.")
    right = solutions.best_pr_auc_remedy(grid, learner, dataset)
    if value == right:
        return _correct(key, title, "Compare it with the best remedy by F1 and by the Brier score "
                        "for the same learner: the 'best' remedy depends on what you measure.")
    reasons = []
    for metric in ("f1", "balanced_accuracy", "roc_auc", "recall", "precision"):
        if value == _best_method_11(grid, dataset, learner, metric):
            reasons.append(f"That remedy has the highest mean {_METRIC_NAMES_11[metric]}, not the "
                           "highest PR-AUC: check the metric column.")
    if value == _best_method_11(grid, dataset, learner, "brier"):
        reasons.append("That remedy has the highest Brier score, which is the WORST one: for the "
                       "Brier score lower is better (and the question is about PR-AUC).")
    if value == _best_method_11(grid, dataset, learner, "pr_auc", lowest=True):
        reasons.append("That remedy has the lowest mean PR-AUC, not the highest.")
    if value == _best_method_11(grid, dataset, learner, "pr_auc", column="ci_high"):
        reasons.append("That remedy has the highest upper end of its interval (ci_high); rank by "
                       "the mean.")
    if value == _best_method_11(grid, dataset, None, "pr_auc"):
        reasons.append(f"That is the best cell over all learners (including the ensembles, whose "
                       f"learner is 'own'); keep only learner == {learner!r}.")
    if any(value == _best_method_11(grid, dataset, other, "pr_auc")
           for other in _others_11(grid, "learner", learner)):
        reasons.append(f"That is the best remedy for another learner; keep only learner == "
                       f"{learner!r}.")
    if any(value == _best_method_11(grid, other, learner, "pr_auc")
           for other in _others_11(grid, "dataset", dataset)):
        reasons.append(f"That is the best remedy for this learner on another data set; keep only "
                       f"dataset == {dataset!r}.")
    if reasons:
        return _wrong(key, title, " ".join(reasons[:3]))
    return _wrong(key, title, f"{value!r} is not the remedy with the highest mean PR-AUC for "
                  f"{learner} on {dataset}.", "Filter the rows by dataset, learner and metric "
                  "== 'pr_auc' first, then take the row with the largest 'mean'.")


_T112 = "F1 of threshold tuning minus F1 of SMOTE"


def check_threshold_minus_smote_f1(answer, grid):
    """Check exercise 11.2: mean F1 of threshold tuning minus mean F1 of SMOTE.

    The learner and data set are ``solutions.TUNING_LEARNER`` and ``solutions.TUNING_DATASET``.

    Parameters
    ----------
    answer : float
        The learner's difference (``...`` when not answered yet).
    grid : pandas.DataFrame
        The notebook's grid.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``grid`` is not a grid DataFrame.

    See Also
    --------
    recbook.solutions.threshold_minus_smote_f1 : the reference solution.
    """
    _check_grid_11(grid)
    key, title = "11.2", _T112
    learner, dataset = solutions.TUNING_LEARNER, solutions.TUNING_DATASET
    if _is_unanswered(answer):
        return _unanswered(key, title, f"take the 'mean' of the F1 rows (metric == 'f1') of "
                           f"{learner} on {dataset} for method 'threshold_tuning' and for "
                           "'smote', and subtract the second from the first.")
    right = solutions.threshold_minus_smote_f1(grid, learner, dataset)

    def gap(metric="f1", ds=dataset, lrn=learner, baseline="smote", column="mean"):
        return (_mean_11(grid, ds, "threshold_tuning", lrn, metric, column)
                - _mean_11(grid, ds, baseline, lrn, metric, column))

    mistakes = [(-right, "Your difference has the wrong sign: you subtracted threshold tuning "
                 "from SMOTE.", "The question asks for threshold tuning MINUS SMOTE.")]
    for metric in ("balanced_accuracy", "pr_auc", "roc_auc", "recall", "precision", "brier"):
        mistakes.append((gap(metric), f"That is the difference in {_METRIC_NAMES_11[metric]}, "
                         "not in F1: check the metric column.",
                         "Use the rows with metric == 'f1'."))
    mistakes.append((gap(baseline="none"), "That is threshold tuning against NO remedy, not "
                     "against SMOTE.", "Subtract SMOTE's mean F1."))
    for column in ("ci_low", "ci_high"):
        mistakes.append((gap(column=column), f"You subtracted the {column} values (an end of "
                         "each interval), not the means.", "Use the 'mean' column."))
    for other in _others_11(grid, "dataset", dataset):
        mistakes.append((gap(ds=other), f"That is the difference on another data set "
                         f"({other}).", f"Keep only dataset == {dataset!r}."))
    for other in _others_11(grid, "learner", learner):
        mistakes.append((gap(lrn=other), f"That is the difference for another learner "
                         f"({other}).", f"Keep only learner == {learner!r}."))
    return _judge_value(key, title, answer, right, mistakes,
                        correct_note="Is that gap larger than the noise of cross-validation? "
                        "Exercise 3 asks exactly this.",
                        generic_hint="Subtract the two 'mean' values of the F1 rows of this "
                        "learner and data set.", low=-1.0, high=1.0)


_T113 = "a clear difference, or a tie within the intervals?"


def check_clear_difference_outcome(answer, grid):
    """Check exercise 11.3: "better", "worse" or "no clear difference" by the notebook's rule.

    The comparison (method, baseline, learner, metric, data set) is given by the
    ``solutions.CLEAR_*`` constants; the rule is that of ``recbook.grid.compare_with_baseline``.

    Parameters
    ----------
    answer : str
        One of "better", "worse", "no clear difference" (``...`` when not answered yet).
    grid : pandas.DataFrame
        The notebook's grid.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError
        If ``grid`` is not a grid DataFrame.

    See Also
    --------
    recbook.solutions.clear_difference_outcome : the reference solution.
    """
    _check_grid_11(grid)
    key, title = "11.3", _T113
    method, baseline = solutions.CLEAR_METHOD, solutions.CLEAR_BASELINE
    learner, metric = solutions.CLEAR_LEARNER, solutions.CLEAR_METRIC
    dataset = solutions.CLEAR_DATASET
    if _is_unanswered(answer):
        return _unanswered(key, title, f"compare the 95 % intervals [ci_low, ci_high] of {method} "
                           f"and {baseline} ({learner}, {metric}, {dataset}): do they overlap?")
    if not isinstance(answer, str):
        words = ", ".join(map(repr, _OUTCOMES_11))
        return _wrong(key, title, f"Expected one of the words {words}, got a {_kind(answer)}.",
                      "Answer with a string.")
    value = " ".join(answer.strip().lower().replace("_", " ").replace("-", " ").split())
    value = _OUTCOME_ALIASES_11.get(value, value)
    if value not in _OUTCOMES_11:
        return _wrong(key, title, f"{answer!r} is not one of {', '.join(map(repr, _OUTCOMES_11))}.",
                      "Use the notebook's three outcome words.")
    right = solutions.clear_difference_outcome(grid, method, baseline, learner, metric, dataset)
    if value == right:
        return _correct(key, title, "recbook.grid.compare_with_baseline applies the same rule to "
                        "every cell; the claims table in section 4 counts its outcomes.")
    lower_better = metric in solutions.GRID_LOWER_IS_BETTER
    difference = (_mean_11(grid, dataset, method, learner, metric)
                  - _mean_11(grid, dataset, baseline, learner, metric))
    by_means = "better" if (difference < 0) == lower_better else "worse"
    if right == "no clear difference":
        problem = ("The two 95 % intervals overlap, so by the notebook's rule there is no clear "
                   "difference.")
        if value == by_means:
            problem += (" You judged by the means only; a gap between means smaller than the "
                        "noise is not evidence.")
        elif lower_better:
            problem += f" Also, for the {_METRIC_NAMES_11[metric]} lower is better."
        else:
            problem += (" Also, the means point the other way: check the direction (method "
                        "minus baseline).")
        return _wrong(key, title, problem, "Compare ci_low and ci_high of the two rows.")
    if value == "no clear difference":
        return _wrong(key, title, "The two 95 % intervals do not overlap, so the difference is "
                      "clear.", "Which side is the method's mean on?")
    if lower_better:
        return _wrong(key, title, f"The intervals do not overlap, but you read the direction "
                      f"wrongly: for the {_METRIC_NAMES_11[metric]} lower is better.")
    return _wrong(key, title, "The intervals do not overlap, but the direction is reversed: you "
                  f"compared {baseline} with {method} instead of {method} with {baseline}.")


def _small_grid():
    """A synthetic grid frame with the CSV's columns whose answers and mistakes all differ."""
    rng = np.random.default_rng(11)
    learners = {"none": ["logistic_regression", "random_forest", "hist_gradient_boosting"]}
    methods = ["none", "class_weights", "threshold_tuning", "random_oversampling", "smote",
               "balanced_random_forest"]
    rows = []
    for dataset in ("synthetic 1:20", "synthetic 1:100"):
        for method in methods:
            for learner in (["own"] if method == "balanced_random_forest"
                            else learners["none"]):
                for metric in ("pr_auc", "f1", "balanced_accuracy", "brier", "roc_auc"):
                    mean = round(float(rng.uniform(0.05, 0.45) if metric == "brier"
                                       else rng.uniform(0.2, 0.6)), 6)
                    rows.append([dataset, method, learner, metric, mean, 0.03])
    frame = pd.DataFrame(rows, columns=["dataset", "method", "learner", "metric", "mean", "half"])
    fixed = {  # (dataset, learner, metric) -> {method: (mean, half-width)}
        ("synthetic 1:100", "logistic_regression", "pr_auc"):
            {"none": 0.60, "class_weights": 0.55, "threshold_tuning": 0.58,
             "random_oversampling": 0.52, "smote": 0.50},
        ("synthetic 1:100", "logistic_regression", "f1"):
            {"none": 0.20, "class_weights": 0.45, "threshold_tuning": 0.40,
             "random_oversampling": 0.42, "smote": 0.38},
        ("synthetic 1:100", "logistic_regression", "brier"):
            {"none": 0.010, "class_weights": 0.12, "threshold_tuning": 0.011,
             "random_oversampling": 0.15, "smote": 0.11},
        ("synthetic 1:20", "logistic_regression", "pr_auc"):
            {"none": 0.70, "class_weights": 0.69, "threshold_tuning": 0.72,
             "random_oversampling": 0.66, "smote": 0.65},
        ("synthetic 1:100", "own", "pr_auc"): {"balanced_random_forest": 0.75},
        ("synthetic 1:100", "hist_gradient_boosting", "f1"):
            {"threshold_tuning": (0.50, 0.06), "smote": (0.53, 0.07)},
    }
    for (dataset, learner, metric), values in fixed.items():
        for method, value in values.items():
            mean, half = value if isinstance(value, tuple) else (value, 0.03)
            at = ((frame["dataset"] == dataset) & (frame["learner"] == learner)
                  & (frame["metric"] == metric) & (frame["method"] == method))
            frame.loc[at, ["mean", "half"]] = [mean, half]
    frame["std"] = 0.04
    frame["ci_low"] = (frame["mean"] - frame["half"]).round(6)
    frame["ci_high"] = (frame["mean"] + frame["half"]).round(6)
    frame["n_folds"] = 10
    return (frame[["dataset", "method", "learner", "metric", "mean", "std", "ci_low", "ci_high",
                   "n_folds"]],)


def _best_of_11(grid, metric, **where):
    dataset = where.get("dataset", solutions.BEST_REMEDY_DATASET)
    learner = where.get("learner", solutions.BEST_REMEDY_LEARNER)
    return _best_method_11(grid, dataset, learner, metric, lowest=where.get("lowest", False))


def _gap_11(grid, **kw):
    metric = kw.get("metric", "f1")
    dataset = kw.get("dataset", solutions.TUNING_DATASET)
    learner = kw.get("learner", solutions.TUNING_LEARNER)
    return (_mean_11(grid, dataset, "threshold_tuning", learner, metric)
            - _mean_11(grid, dataset, kw.get("baseline", "smote"), learner, metric))


EXERCISES.update({
    "11.1": Exercise(
        "11.1", "11_best_practices.ipynb", _T111, check_best_pr_auc_remedy,
        solutions.best_pr_auc_remedy, _small_grid,
        (
            Mistake("best by F1 instead of PR-AUC", lambda g: _best_of_11(g, "f1"),
                    "highest mean F1"),
            Mistake("highest Brier taken as best", lambda g: _best_of_11(g, "brier"),
                    "lower is better"),
            Mistake("lowest PR-AUC", lambda g: _best_of_11(g, "pr_auc", lowest=True), "lowest"),
            Mistake("wrong data set", lambda g: _best_of_11(g, "pr_auc", dataset="synthetic 1:20"),
                    "another data set"),
            Mistake("all learners at once", lambda g: _best_method_11(
                g, solutions.BEST_REMEDY_DATASET, None, "pr_auc"), "all learners"),
            Mistake("a number instead of a name", lambda g: 0.6, "string"),
        )),
    "11.2": Exercise(
        "11.2", "11_best_practices.ipynb", _T112, check_threshold_minus_smote_f1,
        solutions.threshold_minus_smote_f1, _small_grid,
        (
            Mistake("SMOTE minus threshold tuning",
                    lambda g: -solutions.threshold_minus_smote_f1(g), "wrong sign"),
            Mistake("balanced accuracy instead of F1",
                    lambda g: _gap_11(g, metric="balanced_accuracy"), "balanced accuracy"),
            Mistake("against no remedy", lambda g: _gap_11(g, baseline="none"), "no remedy"),
            Mistake("wrong data set", lambda g: _gap_11(g, dataset="synthetic 1:20"),
                    "another data set"),
            Mistake("interval ends instead of means",
                    lambda g: _mean_11(g, solutions.TUNING_DATASET, "threshold_tuning",
                                       solutions.TUNING_LEARNER, "f1", "ci_low")
                    - _mean_11(g, solutions.TUNING_DATASET, "smote", solutions.TUNING_LEARNER,
                               "f1", "ci_low"), "not the means"),
        )),
    "11.3": Exercise(
        "11.3", "11_best_practices.ipynb", _T113, check_clear_difference_outcome,
        solutions.clear_difference_outcome, _small_grid,
        (
            Mistake("judged by the means only", lambda g: "worse", "means only"),
            Mistake("direction reversed", lambda g: "better", "overlap"),
            Mistake("a number instead of a word", lambda g: -0.03, "expected one of"),
        )),
})
