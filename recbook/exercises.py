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
    """Judge a one-number answer: the reference first, then the named mistakes in order.

    ``mistakes`` is a list of ``(value, problem, hint)``. Testing the reference first means a
    mistake that happens to coincide with it on some data never rejects a right answer.
    """
    value = _as_number(answer)
    if value is None:
        return _wrong(key, title, f"Expected a single number, got a {_kind(answer)}.", hint)
    if _same(value, right):
        return _correct(key, title, correct_note)
    for candidate, problem, mistake_hint in mistakes:
        if math.isfinite(candidate) and _same(value, candidate):
            return _wrong(key, title, problem, mistake_hint)
    if not low <= value <= high:
        return _wrong(key, title, f"Your answer {value:.4g} is outside the possible range "
                      f"[{low:g}, {high:g}].", hint)
    direction = "too small" if value < right else "too large"
    return _wrong(key, title, f"Your answer {value:.6g} is {direction}.", hint)


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
