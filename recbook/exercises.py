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
