"""Evaluation metrics for imbalanced classification and for ranking.

Three families, all validated at the boundary and never mutating their inputs:

* **Classification** -- :func:`imbalanced_report` turns true labels and predicted
  probabilities into one tidy table of every metric that matters under imbalance (confusion
  counts, precision, recall, specificity, F1, F2, balanced accuracy, G-mean, MCC, ROC-AUC,
  PR-AUC, log loss, Brier score). Each number is computed by scikit-learn or
  imbalanced-learn; recbook only collects them. :func:`expected_calibration_error` adds the
  binned calibration error, which neither library provides.
* **Ranking** (search and recommendation) -- :func:`precision_at_k`, :func:`recall_at_k`,
  :func:`hit_rate_at_k`, :func:`mrr`, :func:`map_at_k` and :func:`ndcg_at_k` take two arrays of
  shape ``(n_users, n_candidates)`` in scikit-learn's argument order ``(y_true, y_score)``,
  rank every user's candidates at once (vectorised, no Python loop over users) and return the
  mean over users.
* **Lists** -- :func:`catalog_coverage`, :func:`long_tail_share` and :func:`exposure_gini` take
  the recommendation lists themselves, a 2-D int array of item ids ``(n_users, k)``, and
  measure what the catalogue sees: how much of it is ever shown, how much of the exposure goes
  to the long tail, and how concentrated exposure is (:func:`gini`, :func:`lorenz_curve`).

Conventions shared by all ranking metrics
-----------------------------------------
Ranking
    Candidates are ranked by decreasing ``y_score``. **Ties are broken by candidate order**:
    among equal scores the candidate in the lower column comes first (a stable sort). A
    constant scorer therefore scores exactly like the ranking "column 0, 1, 2, ...". This is
    deterministic and cheap; scikit-learn's ``ndcg_score`` instead averages over all orders
    of tied items, so on tied scores the two differ (on tie-free scores they are equal).
``k`` larger than the number of candidates
    Allowed: the list is simply all candidates, i.e. ``k`` is clipped to ``n_candidates``
    (precision@k then divides by ``min(k, n_candidates)``).
Users with no relevant candidate
    Score **0** on every metric and **stay in the mean** (as in scikit-learn's
    ``ndcg_score``), so the metric is an average over all users given. To average only over
    users with at least one relevant item, pass only those rows.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from recbook._validation import check_array, check_float, check_int

__all__ = [
    "gini",
    "lorenz_curve",
    "imbalanced_report",
    "expected_calibration_error",
    "top_k_indices",
    "precision_at_k",
    "recall_at_k",
    "hit_rate_at_k",
    "mrr",
    "map_at_k",
    "ndcg_at_k",
    "catalog_coverage",
    "long_tail_share",
    "exposure_gini",
]


def gini(values):
    """Gini coefficient of a non-negative distribution (0 = equal, -> 1 = concentrated).

    Parameters
    ----------
    values : array-like of shape (n,)
        Non-negative amounts, e.g. interactions or exposures per item. Order does not matter.

    Returns
    -------
    float
        ``G = sum_i (2 i - n - 1) x_(i) / (n sum_i x_i)`` with ``x_(i)`` sorted ascending and
        ``i = 1..n``: twice the area between the Lorenz curve and the diagonal. A single item
        holding everything gives ``(n - 1) / n``.

    Raises
    ------
    ValueError
        If ``values`` is empty, has a negative or non-finite entry, or sums to zero.

    References
    ----------
    Gini, C. (1912). Variabilita e mutabilita. For the sorted-sample formula see
    Damgaard, C. & Weiner, J. (2000). Describing inequality in plant size or fecundity.
    Ecology 81(4), 1139-1142.

    Examples
    --------
    >>> from recbook.metrics import gini
    >>> round(gini([1, 1, 1, 1]), 3)
    0.0
    >>> round(gini([0, 0, 0, 4]), 3)
    0.75
    """
    x = check_array(values, "values", ndim=1, dtype=float)
    if np.any(x < 0):
        raise ValueError("values must be non-negative")
    total = x.sum()
    if total <= 0:
        raise ValueError("values must not sum to zero")
    x = np.sort(x)
    n = x.size
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * x) / (n * total))


def lorenz_curve(values):
    """Points of the Lorenz curve of a non-negative distribution.

    Parameters
    ----------
    values : array-like of shape (n,)
        Non-negative amounts (e.g. impressions per item).

    Returns
    -------
    population_share, amount_share : ndarray of shape (n + 1,)
        Cumulative share of items (sorted from least to most popular) and the cumulative
        share of the total amount they hold; both start at 0 and end at 1. The Gini
        coefficient is ``1 - 2 * trapezoid(amount_share, population_share)``.

    Raises
    ------
    ValueError
        As :func:`gini`.
    """
    x = check_array(values, "values", ndim=1, dtype=float)
    if np.any(x < 0):
        raise ValueError("values must be non-negative")
    total = x.sum()
    if total <= 0:
        raise ValueError("values must not sum to zero")
    cumulative = np.concatenate([[0.0], np.cumsum(np.sort(x))]) / total
    population = np.arange(x.size + 1) / x.size
    return population, cumulative


# ----------------------------------------------------------------------------------------
# classification
# ----------------------------------------------------------------------------------------

#: Row order of :func:`imbalanced_report`, with the library function behind each row.
REPORT_METRICS = {
    "tn": "sklearn.metrics.confusion_matrix",
    "fp": "sklearn.metrics.confusion_matrix",
    "fn": "sklearn.metrics.confusion_matrix",
    "tp": "sklearn.metrics.confusion_matrix",
    "accuracy": "sklearn.metrics.accuracy_score",
    "precision": "sklearn.metrics.precision_score",
    "recall": "sklearn.metrics.recall_score",
    "specificity": "imblearn.metrics.specificity_score",
    "f1": "sklearn.metrics.f1_score",
    "f2": "sklearn.metrics.fbeta_score",
    "balanced_accuracy": "sklearn.metrics.balanced_accuracy_score",
    "g_mean": "imblearn.metrics.geometric_mean_score",
    "mcc": "sklearn.metrics.matthews_corrcoef",
    "roc_auc": "sklearn.metrics.roc_auc_score",
    "pr_auc": "sklearn.metrics.average_precision_score",
    "log_loss": "sklearn.metrics.log_loss",
    "brier": "sklearn.metrics.brier_score_loss",
}


def _check_labels_and_probabilities(y_true, y_score, *, require_both=True):
    y = check_array(y_true, "y_true", ndim=1, dtype=float)
    if not np.all(np.isin(y, (0.0, 1.0))):
        found = sorted(set(np.unique(y).tolist()) - {0.0, 1.0})[:5]
        raise ValueError(f"y_true must contain only the labels 0 and 1, found {found}")
    if require_both and np.unique(y).size < 2:
        raise ValueError(f"y_true must contain both classes 0 and 1, got only {int(y[0])}")
    p = check_array(y_score, "y_score", ndim=1, dtype=float)
    if p.shape != y.shape:
        raise ValueError(f"y_true and y_score must have the same shape, got {y.shape} and {p.shape}")
    if np.any((p < 0.0) | (p > 1.0)):
        raise ValueError(f"y_score must contain probabilities in [0, 1], got values in "
                         f"[{p.min():.4g}, {p.max():.4g}]")
    return y.astype(np.int64), p


def imbalanced_report(y_true, y_score, threshold=0.5):
    """Every metric that matters for an imbalanced binary task, in one tidy table.

    Hard predictions are ``y_pred = (y_score >= threshold)``; the threshold-free metrics
    (ROC-AUC, PR-AUC, log loss, Brier score) use the scores themselves. Class 1 is the
    positive (minority) class throughout.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels in {0, 1}; both classes must be present.
    y_score : array-like of shape (n_samples,)
        Predicted probability of class 1, in [0, 1] (e.g. ``predict_proba(X)[:, 1]``).
    threshold : float, default=0.5
        Decision threshold in [0, 1]: a sample is predicted positive when its score is
        ``>= threshold``.

    Returns
    -------
    pandas.DataFrame
        One row per metric, in the order of ``REPORT_METRICS``, with columns ``metric``
        (name), ``value`` (float) and ``computed_by`` (the scikit-learn / imbalanced-learn
        function that computed it).

    Raises
    ------
    TypeError
        If an argument is not array-like / ``threshold`` is not a real number.
    ValueError
        If the shapes differ, ``y_true`` is not binary or holds only one class, a score is
        NaN or outside [0, 1], or ``threshold`` is outside [0, 1].

    See Also
    --------
    expected_calibration_error : calibration of the same scores.

    Notes
    -----
    With TP, FP, TN, FN the confusion counts at the threshold, P = TP/(TP+FP) (precision,
    0 when nothing is predicted positive), R = TP/(TP+FN) (recall, sensitivity),
    S = TN/(TN+FP) (specificity):

    * ``F_beta = (1 + beta^2) P R / (beta^2 P + R)``; F1 (beta = 1) is the harmonic mean of
      precision and recall, F2 (beta = 2) weighs recall more;
    * balanced accuracy ``(R + S) / 2``, G-mean ``sqrt(R S)``;
    * ``MCC = (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))`` (0 if a factor is 0);
    * PR-AUC is the average precision ``sum_n (R_n - R_{n-1}) P_n`` (step-wise, no
      interpolation); its chance level is the prevalence, ROC-AUC's is 0.5;
    * log loss ``-mean(y log p + (1 - y) log(1 - p))`` and Brier score ``mean((p - y)^2)``
      are proper scoring rules (lower is better).

    References
    ----------
    Brodersen, K. H., Ong, C. S., Stephan, K. E. & Buhmann, J. M. (2010). The balanced
    accuracy and its posterior distribution. ICPR 2010, 3121-3124.
    Kubat, M. & Matwin, S. (1997). Addressing the curse of imbalanced training sets: one-sided
    selection. ICML 1997, 179-186. (G-mean)
    Chicco, D. & Jurman, G. (2020). The advantages of the Matthews correlation coefficient
    (MCC) over F1 score and accuracy in binary classification evaluation. BMC Genomics 21, 6.
    Saito, T. & Rehmsmeier, M. (2015). The precision-recall plot is more informative than the
    ROC plot when evaluating binary classifiers on imbalanced datasets. PLoS ONE 10(3),
    e0118432.
    Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
    Monthly Weather Review 78(1), 1-3.

    Examples
    --------
    >>> from recbook.metrics import imbalanced_report
    >>> report = imbalanced_report([0, 0, 0, 1, 1], [0.1, 0.4, 0.6, 0.7, 0.3])
    >>> report.set_index("metric").loc[["tp", "precision", "recall", "roc_auc"], "value"].round(4).tolist()
    [1.0, 0.5, 0.5, 0.6667]
    """
    from imblearn.metrics import geometric_mean_score, specificity_score
    from sklearn import metrics as skm

    y, p = _check_labels_and_probabilities(y_true, y_score)
    threshold = check_float(threshold, "threshold", low=0.0, high=1.0)
    y_pred = (p >= threshold).astype(np.int64)
    tn, fp, fn, tp = skm.confusion_matrix(y, y_pred, labels=[0, 1]).ravel()
    values = {
        "tn": tn, "fp": fp, "fn": fn, "tp": tp,
        "accuracy": skm.accuracy_score(y, y_pred),
        "precision": skm.precision_score(y, y_pred, zero_division=0),
        "recall": skm.recall_score(y, y_pred, zero_division=0),
        "specificity": specificity_score(y, y_pred, average="binary"),
        "f1": skm.f1_score(y, y_pred, zero_division=0),
        "f2": skm.fbeta_score(y, y_pred, beta=2, zero_division=0),
        "balanced_accuracy": skm.balanced_accuracy_score(y, y_pred),
        "g_mean": geometric_mean_score(y, y_pred, average="binary"),
        "mcc": skm.matthews_corrcoef(y, y_pred),
        "roc_auc": skm.roc_auc_score(y, p),
        "pr_auc": skm.average_precision_score(y, p),
        "log_loss": skm.log_loss(y, p, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, p),
    }
    return pd.DataFrame({
        "metric": list(REPORT_METRICS),
        "value": [float(values[name]) for name in REPORT_METRICS],
        "computed_by": list(REPORT_METRICS.values()),
    })


def expected_calibration_error(y_true, y_prob, n_bins=10):
    """Expected calibration error (ECE) of predicted probabilities, with equal-width bins.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels in {0, 1}.
    y_prob : array-like of shape (n_samples,)
        Predicted probability of class 1, in [0, 1].
    n_bins : int, default=10
        Number of equal-width bins on [0, 1] (>= 1); a probability equal to an inner bin
        edge goes to the lower bin, as in ``sklearn.calibration.calibration_curve``.

    Returns
    -------
    float
        ``ECE = sum_b (n_b / n) |mean(y in b) - mean(p in b)|`` over non-empty bins: the
        weighted gap between the reliability curve and the diagonal (0 = calibrated).

    Raises
    ------
    ValueError
        If the shapes differ, labels are not in {0, 1}, a probability is NaN or outside
        [0, 1], or ``n_bins < 1``.

    Notes
    -----
    The per-bin means are exactly those of ``sklearn.calibration.calibration_curve(...,
    n_bins=n_bins, strategy="uniform")``; ECE weights their gaps by the bin sizes.

    References
    ----------
    Naeini, M. P., Cooper, G. F. & Hauskrecht, M. (2015). Obtaining well calibrated
    probabilities using Bayesian binning. AAAI 2015, 2901-2907.
    Guo, C., Pleiss, G., Sun, Y. & Weinberger, K. Q. (2017). On calibration of modern neural
    networks. ICML 2017, PMLR 70, 1321-1330.

    Examples
    --------
    >>> from recbook.metrics import expected_calibration_error
    >>> round(expected_calibration_error([0, 1, 0, 1], [0.25, 0.75, 0.25, 0.75], n_bins=2), 4)
    0.25
    """
    y, p = _check_labels_and_probabilities(y_true, y_prob, require_both=False)
    n_bins = check_int(n_bins, "n_bins", minimum=1)
    bins = np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], p)  # sklearn's binning
    counts = np.bincount(bins, minlength=n_bins)
    sum_y = np.bincount(bins, weights=y, minlength=n_bins)
    sum_p = np.bincount(bins, weights=p, minlength=n_bins)
    filled = counts > 0
    gaps = np.abs(sum_y[filled] - sum_p[filled])  # = n_b |mean y - mean p|
    return float(gaps.sum() / y.size)


# ----------------------------------------------------------------------------------------
# ranking
# ----------------------------------------------------------------------------------------

def _check_k(k):
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"k must be a positive integer, got {type(k).__name__} {k!r}")
    if k <= 0:
        raise ValueError(f"k must be a positive integer, got {k}")
    return int(k)


def _check_ranking(y_true, y_score, *, binary=True):
    """Validate a pair of (n_users, n_candidates) arrays; return float copies."""
    rel = check_array(y_true, "y_true", ndim=2, dtype=float)
    score = check_array(y_score, "y_score", ndim=2, dtype=float)
    if rel.shape != score.shape:
        raise ValueError(f"y_true and y_score must have the same shape, got {rel.shape} and {score.shape}")
    if binary and not np.all((rel == 0.0) | (rel == 1.0)):
        found = sorted(set(np.unique(rel).tolist()) - {0.0, 1.0})[:5]
        raise ValueError(f"y_true must contain only the labels 0 and 1, found {found}")
    if not binary and np.any(rel < 0):
        raise ValueError("y_true must contain non-negative relevance grades")
    return rel, score


def _top_k_order(score, k):
    """Columns of each row's k highest scores, best first; ties go to the lower column.

    Equal to ``np.argsort(-score, axis=1, kind="stable")[:, :k]`` but linear in
    ``n_candidates``: a partition finds each row's k-th best score, every candidate strictly
    better is kept, the boundary ties are filled in column order, and only those k columns
    are sorted.
    """
    n_users, n_candidates = score.shape
    k = min(k, n_candidates)
    neg = -score
    if k == n_candidates:
        return np.argsort(neg, axis=1, kind="stable")
    kth = np.partition(neg, k - 1, axis=1)[:, k - 1:k]
    strict = neg < kth
    tie = neg == kth
    need = k - strict.sum(axis=1, keepdims=True)
    keep = strict | (tie & (np.cumsum(tie, axis=1) <= need))
    columns = np.nonzero(keep)[1].reshape(n_users, k)   # row-major: ascending columns per row
    order = np.argsort(np.take_along_axis(neg, columns, axis=1), axis=1, kind="stable")
    return np.take_along_axis(columns, order, axis=1)


def _ranked_relevance(rel, score, k):
    """Relevance of each user's top-k candidates, best first (stable: ties by column)."""
    return np.take_along_axis(rel, _top_k_order(score, k), axis=1)


def top_k_indices(y_score, k=10):
    """Column indices of each row's ``k`` highest scores, best first (ties: lower column first).

    Parameters
    ----------
    y_score : array-like of shape (n_users, n_candidates)
        Scores; higher is better. NaN is not allowed.
    k : int, default=10
        List length (>= 1); clipped to ``n_candidates``.

    Returns
    -------
    ndarray of int64, shape (n_users, min(k, n_candidates))
        The recommendation lists, e.g. for :func:`catalog_coverage` when the columns are
        item ids.

    Raises
    ------
    ValueError
        If ``y_score`` is not 2-D, contains NaN, or ``k <= 0``.

    Examples
    --------
    >>> from recbook.metrics import top_k_indices
    >>> top_k_indices([[0.1, 0.9, 0.5], [0.3, 0.3, 0.2]], k=2).tolist()
    [[1, 2], [0, 1]]
    """
    score = check_array(y_score, "y_score", ndim=2, dtype=float)
    return _top_k_order(score, _check_k(k)).astype(np.int64)


def precision_at_k(y_true, y_score, k=10):
    """Mean over users of the share of the top-k candidates that are relevant.

    Parameters
    ----------
    y_true : array-like of shape (n_users, n_candidates)
        Relevance labels in {0, 1}.
    y_score : array-like of shape (n_users, n_candidates)
        Scores; candidates are ranked by decreasing score (ties: lower column first).
    k : int, default=10
        Cut-off (>= 1); clipped to ``n_candidates``.

    Returns
    -------
    float
        ``mean_u |top_k(u) & rel(u)| / min(k, n_candidates)``. A user with no relevant
        candidate scores 0 and stays in the mean.

    Raises
    ------
    ValueError
        If the shapes differ or are not 2-D, ``y_true`` is not binary, a score is NaN, or
        ``k <= 0``.

    References
    ----------
    Manning, C. D., Raghavan, P. & Schuetze, H. (2008). *Introduction to Information
    Retrieval*, ch. 8. Cambridge University Press.

    Examples
    --------
    >>> from recbook.metrics import precision_at_k
    >>> precision_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.1, 0.2]], k=2)
    0.5
    """
    rel, score = _check_ranking(y_true, y_score)
    k = _check_k(k)
    top = _ranked_relevance(rel, score, k)
    return float(np.mean(top.sum(axis=1) / top.shape[1]))


def recall_at_k(y_true, y_score, k=10):
    """Mean over users of the share of their relevant candidates found in the top k.

    Parameters
    ----------
    y_true, y_score, k
        As :func:`precision_at_k`.

    Returns
    -------
    float
        ``mean_u |top_k(u) & rel(u)| / |rel(u)|``; a user with no relevant candidate
        scores 0 (not NaN) and stays in the mean.

    Raises
    ------
    ValueError
        As :func:`precision_at_k`.

    Examples
    --------
    >>> from recbook.metrics import recall_at_k
    >>> recall_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.1, 0.2]], k=2)
    0.5
    """
    rel, score = _check_ranking(y_true, y_score)
    k = _check_k(k)
    hits = _ranked_relevance(rel, score, k).sum(axis=1)
    n_rel = rel.sum(axis=1)
    return float(np.mean(np.divide(hits, n_rel, out=np.zeros_like(hits), where=n_rel > 0)))


def hit_rate_at_k(y_true, y_score, k=10):
    """Share of users with at least one relevant candidate in their top k.

    Parameters
    ----------
    y_true, y_score, k
        As :func:`precision_at_k`.

    Returns
    -------
    float
        ``mean_u 1[|top_k(u) & rel(u)| >= 1]``; a user with no relevant candidate scores 0.

    Raises
    ------
    ValueError
        As :func:`precision_at_k`.

    Examples
    --------
    >>> from recbook.metrics import hit_rate_at_k
    >>> hit_rate_at_k([[0, 0, 1], [1, 0, 0]], [[0.9, 0.8, 0.1], [0.9, 0.5, 0.1]], k=2)
    0.5
    """
    rel, score = _check_ranking(y_true, y_score)
    k = _check_k(k)
    return float(np.mean(_ranked_relevance(rel, score, k).max(axis=1) > 0))


def mrr(y_true, y_score):
    """Mean reciprocal rank: mean over users of 1 / (rank of the first relevant candidate).

    Parameters
    ----------
    y_true, y_score
        As :func:`precision_at_k` (the whole list is ranked; there is no cut-off).

    Returns
    -------
    float
        ``mean_u 1 / rank_u`` with ``rank_u`` the 1-based position of ``u``'s best-ranked
        relevant candidate; a user with no relevant candidate scores 0.

    Raises
    ------
    ValueError
        As :func:`precision_at_k`.

    References
    ----------
    Voorhees, E. M. (1999). The TREC-8 question answering track report. TREC-8, NIST Special
    Publication 500-246, 77-82.

    Examples
    --------
    >>> from recbook.metrics import mrr
    >>> mrr([[0, 0, 1], [1, 0, 0]], [[0.9, 0.8, 0.1], [0.9, 0.5, 0.1]])
    0.6666666666666666
    """
    rel, score = _check_ranking(y_true, y_score)
    ranked = _ranked_relevance(rel, score, score.shape[1])
    first = np.argmax(ranked > 0, axis=1)
    found = ranked.max(axis=1) > 0
    return float(np.mean(np.where(found, 1.0 / (first + 1), 0.0)))


def map_at_k(y_true, y_score, k=10):
    """Mean average precision at k over users.

    Parameters
    ----------
    y_true, y_score, k
        As :func:`precision_at_k`.

    Returns
    -------
    float
        ``mean_u AP@k(u)`` with ``AP@k = (1 / min(k, |rel(u)|)) sum_{i<=k} P@i rel_i``, where
        ``rel_i`` is 1 when the candidate at rank ``i`` is relevant and ``P@i`` the precision
        of the first ``i``. A perfect ranking scores 1 even when ``|rel(u)| > k``; a user with
        no relevant candidate scores 0.

    Raises
    ------
    ValueError
        As :func:`precision_at_k`.

    References
    ----------
    Manning, C. D., Raghavan, P. & Schuetze, H. (2008). *Introduction to Information
    Retrieval*, section 8.4. Cambridge University Press.

    Examples
    --------
    >>> from recbook.metrics import map_at_k
    >>> map_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=3)  # (1/1 + 2/3) / 2
    0.8333333333333333
    """
    rel, score = _check_ranking(y_true, y_score)
    k = _check_k(k)
    top = _ranked_relevance(rel, score, k)
    ranks = np.arange(1, top.shape[1] + 1)
    precision_at_i = np.cumsum(top, axis=1) / ranks
    denominator = np.minimum(rel.sum(axis=1), top.shape[1])
    total = (precision_at_i * top).sum(axis=1)
    return float(np.mean(np.divide(total, denominator, out=np.zeros_like(total),
                                   where=denominator > 0)))


def ndcg_at_k(y_true, y_score, k=10):
    """Normalised discounted cumulative gain at k, averaged over users.

    Parameters
    ----------
    y_true : array-like of shape (n_users, n_candidates)
        Non-negative relevance grades (binary labels or graded relevance).
    y_score : array-like of shape (n_users, n_candidates)
        Scores; candidates are ranked by decreasing score (ties: lower column first).
    k : int, default=10
        Cut-off (>= 1); clipped to ``n_candidates``.

    Returns
    -------
    float
        ``mean_u DCG@k(u) / IDCG@k(u)`` with ``DCG@k = sum_{i<=k} rel_i / log2(i + 1)`` (linear
        gains, as scikit-learn) and ``IDCG@k`` the DCG of the ideal ordering. A user with no
        relevant candidate (``IDCG = 0``) scores 0 and stays in the mean.

    Raises
    ------
    ValueError
        If the shapes differ or are not 2-D, a grade is negative, a score is NaN, or
        ``k <= 0``.

    See Also
    --------
    sklearn.metrics.ndcg_score : equal on tie-free scores; it averages tied candidates'
        gains over all their orders (and so is slower), where this function breaks ties by
        column.

    Notes
    -----
    One stable ``argsort`` per call ranks all users at once; no Python loop over users.

    References
    ----------
    Jaervelin, K. & Kekaelaeinen, J. (2002). Cumulated gain-based evaluation of IR techniques.
    ACM Transactions on Information Systems 20(4), 422-446. doi:10.1145/582415.582418

    Examples
    --------
    >>> from recbook.metrics import ndcg_at_k
    >>> round(ndcg_at_k([[1, 0, 1]], [[0.9, 0.8, 0.1]], k=3), 4)  # (1 + 1/2) / (1 + 1/log2(3))
    0.9197
    """
    rel, score = _check_ranking(y_true, y_score, binary=False)
    k = min(_check_k(k), score.shape[1])
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = _ranked_relevance(rel, score, k) @ discount
    if k == rel.shape[1]:
        ideal_top = -np.sort(-rel, axis=1)
    else:
        ideal_top = -np.sort(-np.partition(rel, rel.shape[1] - k, axis=1)[:, -k:], axis=1)
    idcg = ideal_top @ discount
    return float(np.mean(np.divide(dcg, idcg, out=np.zeros_like(dcg), where=idcg > 0)))


# ----------------------------------------------------------------------------------------
# recommendation lists
# ----------------------------------------------------------------------------------------

def _check_recommendations(recommendations, n_items, n_items_name="n_items"):
    recs = check_array(recommendations, "recommendations", ndim=2, dtype=float)
    if not np.all(recs == np.round(recs)):
        raise ValueError("recommendations must contain integer item ids")
    if recs.min() < 0 or recs.max() >= n_items:
        raise ValueError(f"recommendations must contain item ids in [0, {n_items_name}) = "
                         f"[0, {n_items}), got values in [{recs.min():.0f}, {recs.max():.0f}]")
    return recs.astype(np.int64)


def catalog_coverage(recommendations, n_items):
    """Share of the catalogue that appears in at least one recommendation list.

    Parameters
    ----------
    recommendations : array-like of int, shape (n_users, k)
        Item ids recommended to each user (e.g. from :func:`top_k_indices`), in ``[0, n_items)``.
    n_items : int
        Catalogue size (>= 1).

    Returns
    -------
    float
        ``|union_u list(u)| / n_items``, in (0, 1].

    Raises
    ------
    ValueError
        If ``recommendations`` is not 2-D, is empty, or holds an id outside ``[0, n_items)``;
        if ``n_items < 1``.

    References
    ----------
    Ge, M., Delgado-Battenfeld, C. & Jannach, D. (2010). Beyond accuracy: evaluating
    recommender systems by coverage and serendipity. RecSys 2010, 257-260.
    doi:10.1145/1864708.1864761

    Examples
    --------
    >>> from recbook.metrics import catalog_coverage
    >>> catalog_coverage([[0, 1], [1, 2]], n_items=10)
    0.3
    """
    n_items = check_int(n_items, "n_items", minimum=1)
    recs = _check_recommendations(recommendations, n_items)
    return float(np.unique(recs).size / n_items)


def long_tail_share(recommendations, item_popularity, head_fraction=0.2):
    """Share of recommended slots filled by items outside the popular head.

    Parameters
    ----------
    recommendations : array-like of int, shape (n_users, k)
        Item ids in ``[0, len(item_popularity))``.
    item_popularity : array-like of shape (n_items,)
        Non-negative popularity of every item (e.g. interactions in the training log).
    head_fraction : float, default=0.2
        The head is the ``ceil(head_fraction * n_items)`` most popular items (ties: lower id
        first); must lie in (0, 1).

    Returns
    -------
    float
        ``mean over all n_users * k slots of 1[item not in head]``; the popularity-biased
        ranker that only ever recommends head items scores 0.

    Raises
    ------
    ValueError
        If an id is outside ``[0, n_items)``, a popularity is negative or NaN, or
        ``head_fraction`` is outside (0, 1).

    References
    ----------
    Abdollahpouri, H., Burke, R. & Mobasher, B. (2017). Controlling popularity bias in
    learning-to-rank recommendation. RecSys 2017, 42-46. doi:10.1145/3109859.3109912

    Examples
    --------
    >>> from recbook.metrics import long_tail_share
    >>> popularity = [50, 30, 10, 5, 1]           # head (20 %) = item 0
    >>> long_tail_share([[0, 1], [0, 4]], popularity)
    0.5
    """
    popularity = check_array(item_popularity, "item_popularity", ndim=1, dtype=float)
    if np.any(popularity < 0):
        raise ValueError("item_popularity must be non-negative")
    head_fraction = check_float(head_fraction, "head_fraction", low=0.0, high=1.0,
                                low_open=True, high_open=True)
    recs = _check_recommendations(recommendations, popularity.size, "len(item_popularity)")
    n_head = int(np.ceil(head_fraction * popularity.size))
    head = np.zeros(popularity.size, dtype=bool)
    head[np.argsort(-popularity, kind="stable")[:n_head]] = True
    return float(np.mean(~head[recs]))


def exposure_gini(recommendations, n_items):
    """Gini coefficient of how often each catalogue item is recommended.

    Parameters
    ----------
    recommendations : array-like of int, shape (n_users, k)
        Item ids in ``[0, n_items)``.
    n_items : int
        Catalogue size; items never recommended count with exposure 0.

    Returns
    -------
    float
        :func:`gini` of ``bincount(recommendations, minlength=n_items)``: 0 when every item
        is shown equally often, ``(n_items - 1) / n_items`` when one item fills every slot.

    Raises
    ------
    ValueError
        As :func:`catalog_coverage`.

    Examples
    --------
    >>> from recbook.metrics import exposure_gini
    >>> exposure_gini([[0, 1], [1, 0]], n_items=2)
    0.0
    >>> exposure_gini([[0], [0]], n_items=4)
    0.75
    """
    n_items = check_int(n_items, "n_items", minimum=1)
    recs = _check_recommendations(recommendations, n_items)
    return gini(np.bincount(recs.ravel(), minlength=n_items))
