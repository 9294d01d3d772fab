"""Reference solutions of the notebooks' exercises (used by :mod:`recbook.exercises`).

Each function answers one exercise from the data the notebook already has in memory. The
check functions in :mod:`recbook.exercises` compare a learner's answer with these, and
``tests/test_exercises.py`` confirms that every solution passes its own check. Peeking is
allowed -- ``recbook.exercises.solution_source("01.1")`` prints the one for exercise 01.1 --
but try first.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = [
    "top_item_share",
    "cart_imbalance_ratio_among_clicks",
    "segment_purchase_share",
]


def top_item_share(log, share=0.10):
    """Share of all impressions that go to the ``share`` most-shown items of the catalogue.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
        The shop log (``log.items`` is the catalogue, ``log.impressions`` the exposures).
    share : float, default=0.10
        Fraction of the catalogue that counts as the head; the number of head items is
        ``ceil(share * n_items)``, items never shown included in ``n_items``.

    Returns
    -------
    float
        A fraction in [0, 1].

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{top_item_share(log):.3f}")
    0.400
    """
    exposure = (log.impressions["item_id"].value_counts()
                .reindex(log.items["item_id"], fill_value=0))
    n_top = math.ceil(share * len(exposure))
    ranked = exposure.sort_values(ascending=False).to_numpy()
    return float(ranked[:n_top].sum() / ranked.sum())


def cart_imbalance_ratio_among_clicks(log):
    """Imbalance ratio of an add-to-cart classifier trained on clicked impressions only.

    The ratio is negatives per positive: ``(clicks - carts) / carts``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{cart_imbalance_ratio_among_clicks(log):.3f}")
    2.675
    """
    clicked = log.impressions.loc[log.impressions["clicked"]]
    carts = int(clicked["carted"].sum())
    return (len(clicked) - carts) / carts


def segment_purchase_share(log):
    """Each customer segment's share of all purchases, as a Series indexed by segment.

    Segments without purchases appear with share 0; the shares sum to 1.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    pandas.Series
        Indexed by segment name (str), values in [0, 1].

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(segment_purchase_share(log).round(3).to_string())
    segment
    browser           0.273
    regular           0.364
    bargain_hunter    0.182
    big_spender       0.182
    """
    segment_of = log.users.set_index("user_id")["segment"].astype(str)
    buyers = log.impressions.loc[log.impressions["purchased"], "user_id"]
    counts = buyers.map(segment_of).value_counts()
    segments = [str(s) for s in log.users["segment"].cat.categories]
    counts = counts.reindex(segments, fill_value=0)
    return pd.Series(counts.to_numpy() / counts.sum(), index=pd.Index(segments, name="segment"),
                     name="purchase_share")


# --- notebooks 07-08 ---

import numpy as np  # noqa: E402  (kept inside this block for easy merges)

__all__ += [
    "category_balanced_weights",
    "majority_guess_accuracy",
    "smote_synthetic_books",
    "f1_from_decisions",
    "mcc_from_decisions",
    "random_pr_auc",
    "ndcg_by_hand",
]


def category_balanced_weights(data):
    """scikit-learn's ``"balanced"`` weight of each category: ``N / (C * N_c)``.

    The weights a ten-class model (one class per product category) would give each category
    with ``class_weight="balanced"``; they sum to ``C`` when each is multiplied by its share.

    Parameters
    ----------
    data : pandas.DataFrame
        The case-study frame of :func:`recbook.data.make_case_study_data` (``category``
        column, categorical).

    Returns
    -------
    pandas.Series
        Indexed by category name (str), in the order of the categories.

    Examples
    --------
    >>> from recbook.data import make_case_study_data
    >>> data = make_case_study_data(n_samples=1000, random_state=0)
    >>> print(category_balanced_weights(data).round(3).to_string())
    category
    electronics    0.380
    clothing       0.505
    home           0.676
    beauty         0.893
    sports         1.190
    toys           1.587
    grocery        2.083
    garden         2.778
    automotive     3.704
    books          4.762
    """
    categories = [str(c) for c in data["category"].cat.categories]
    counts = data["category"].astype(str).value_counts().reindex(categories, fill_value=0)
    weights = len(data) / (len(categories) * counts.to_numpy())
    return pd.Series(weights, index=pd.Index(categories, name="category"), name="weight")


def majority_guess_accuracy(data):
    """Accuracy of the model that always answers "not books" (label 0), over the whole data.

    It equals ``1 - prevalence``: every label-0 sample is right, every book wrong.

    Parameters
    ----------
    data : pandas.DataFrame
        The case-study frame (``label`` column, 0/1).

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_case_study_data
    >>> data = make_case_study_data(n_samples=1000, random_state=0)
    >>> print(f"{majority_guess_accuracy(data):.3f}")
    0.979
    """
    return float((data["label"].to_numpy() == 0).mean())


def smote_synthetic_books(data, random_state=42):
    """Number of synthetic books SMOTE creates on the published (unstratified) training split.

    The article splits with ``train_test_split(test_size=0.2, random_state=42)`` and then
    over-samples the training part with SMOTE's default strategy, which adds minority samples
    until both classes are equally frequent: ``N_0,train - N_1,train`` new books.

    Parameters
    ----------
    data : pandas.DataFrame
        The case-study frame (``label`` column, 0/1).
    random_state : int, default=42
        The split's seed (the article's).

    Returns
    -------
    int

    Examples
    --------
    >>> from recbook.data import make_case_study_data
    >>> data = make_case_study_data(n_samples=1000, random_state=0)
    >>> smote_synthetic_books(data)
    768
    """
    from sklearn.model_selection import train_test_split

    y = data["label"].to_numpy()
    y_train, _ = train_test_split(y, test_size=0.2, random_state=random_state)
    return int((y_train == 0).sum() - (y_train == 1).sum())


def f1_from_decisions(y_true, y_pred):
    """F1 of the positive class, the harmonic mean of precision and recall: ``2PR / (P + R)``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        True labels and decisions.

    Returns
    -------
    float
        0 when precision and recall are both 0 (as scikit-learn's ``f1_score``).

    Examples
    --------
    >>> f1_from_decisions([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    0.6666666666666666
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(((y_pred == 1) & (y_true == 1)).sum())
    fp = int(((y_pred == 1) & (y_true == 0)).sum())
    fn = int(((y_pred == 0) & (y_true == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def mcc_from_decisions(y_true, y_pred):
    """Matthews correlation coefficient from the four confusion counts.

    ``MCC = (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN))``, 0 when a factor
    of the denominator is 0 (as scikit-learn's ``matthews_corrcoef``).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1

    Returns
    -------
    float
        In [-1, 1].

    Examples
    --------
    >>> print(f"{mcc_from_decisions([0, 0, 0, 1, 1], [0, 0, 1, 1, 0]):.4f}")
    0.1667
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(((y_pred == 1) & (y_true == 1)).sum())
    fp = int(((y_pred == 1) & (y_true == 0)).sum())
    fn = int(((y_pred == 0) & (y_true == 1)).sum())
    tn = int(((y_pred == 0) & (y_true == 0)).sum())
    denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    return (tp * tn - fp * fn) / math.sqrt(denominator) if denominator else 0.0


def random_pr_auc(ratio):
    """Expected PR-AUC (average precision) of a classifier that scores at random.

    Its precision at every threshold is, on average, the prevalence, so the area is the
    prevalence ``1 / (1 + ratio)`` for ``ratio`` negatives per positive (Saito & Rehmsmeier,
    2015).

    Parameters
    ----------
    ratio : float
        Negatives per positive (> 0).

    Returns
    -------
    float

    Examples
    --------
    >>> random_pr_auc(99)
    0.01
    """
    return 1.0 / (1.0 + ratio)


def ndcg_by_hand(gains, k):
    """NDCG@k of one ranked list, with the relevance grades as gains.

    ``DCG@k = sum_{i=1..k} g_i / log2(i + 1)`` over the list in its ranked order, divided by
    the DCG@k of the ideal order (all grades sorted in decreasing order) -- the definition of
    Järvelin & Kekäläinen (2002) with linear gains, as in ``sklearn.metrics.ndcg_score``.

    Parameters
    ----------
    gains : array-like of float
        Relevance grades of the items in the order they are shown (rank 1 first).
    k : int
        List length.

    Returns
    -------
    float
        In [0, 1]; 0 when no item is relevant.

    Examples
    --------
    >>> print(f"{ndcg_by_hand([0, 2, 0, 1], k=3):.4f}")
    0.4796
    """
    gains = np.asarray(gains, dtype=float)
    discounts = 1.0 / np.log2(np.arange(2, gains.size + 2))
    top = min(k, gains.size)
    dcg = float(gains[:top] @ discounts[:top])
    ideal = float(np.sort(gains)[::-1][:top] @ discounts[:top])
    return dcg / ideal if ideal > 0 else 0.0
