"""Calibration of predicted probabilities: reliability tables and the expected calibration error.

A model is *calibrated* when, among the cases it gives probability ``p``, a share ``p`` is
positive. Resampling and class weights change the base rate a model learns and so break
calibration; the prior correction in :func:`recbook.sampling.correct_downsampled_proba`
repairs it for negative down-sampling. This module measures it.

Binning: ``n_bins`` **equal-width** bins on [0, 1] by default (``strategy="uniform"``), or bins
holding equal numbers of predictions (``strategy="quantile"``). The bins and the bin
assignment are exactly those of :func:`sklearn.calibration.calibration_curve`: edges
``linspace(0, 1, n_bins + 1)``; bin ``b`` holds ``edge_b < p <= edge_{b+1}``, and the first bin
also holds ``p = 0``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recbook._validation import (check_binary_labels, check_int, check_probabilities,
                                 check_same_length)

__all__ = ["reliability_table", "expected_calibration_error", "calibration_summary"]


def _bin(y_true, y_prob, n_bins, strategy):
    y = check_binary_labels(y_true, "y_true")
    p = check_probabilities(y_prob, "y_prob")
    check_same_length(y, p, "y_true", "y_prob")
    n_bins = check_int(n_bins, "n_bins", minimum=1)
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.percentile(p, np.linspace(0.0, 100.0, n_bins + 1))
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    ids = np.searchsorted(edges[1:-1], p)
    count = np.bincount(ids, minlength=n_bins)
    sum_p = np.bincount(ids, weights=p, minlength=n_bins)
    sum_y = np.bincount(ids, weights=y, minlength=n_bins)
    return edges, count, sum_p, sum_y


def reliability_table(y_true, y_prob, n_bins=10, strategy="uniform"):
    """Bin predictions and compare the mean prediction with the observed rate in each bin.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1.
    y_prob : array-like of shape (n,)
        Predicted P(y = 1), in [0, 1].
    n_bins : int, default=10
        Number of bins (>= 1).
    strategy : {"uniform", "quantile"}, default="uniform"
        Equal-width bins on [0, 1], or bins with equal numbers of predictions.

    Returns
    -------
    pandas.DataFrame
        One row per bin: ``bin`` (0-based), ``lower``, ``upper`` (edges), ``count``,
        ``mean_predicted``, ``observed_rate`` (NaN for an empty bin) and ``gap`` =
        ``observed_rate - mean_predicted``. The points ``(mean_predicted, observed_rate)`` of
        the non-empty bins are those of :func:`sklearn.calibration.calibration_curve`.

    Raises
    ------
    ValueError
        If labels are not 0/1, probabilities are outside [0, 1] or NaN, the lengths differ,
        ``n_bins < 1`` or ``strategy`` is unknown.

    See Also
    --------
    expected_calibration_error : the count-weighted mean absolute gap.

    References
    ----------
    DeGroot, M. H. & Fienberg, S. E. (1983). The comparison and evaluation of forecasters.
    Journal of the Royal Statistical Society, Series D (The Statistician) 32(1/2), 12-22.

    Examples
    --------
    >>> from recbook.calibration import reliability_table
    >>> table = reliability_table([0, 0, 1, 1], [0.1, 0.3, 0.7, 0.9], n_bins=2)
    >>> table[["bin", "count", "mean_predicted", "observed_rate"]].to_numpy().tolist()
    [[0.0, 2.0, 0.2, 0.0], [1.0, 2.0, 0.8, 1.0]]
    """
    edges, count, sum_p, sum_y = _bin(y_true, y_prob, n_bins, strategy)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.where(count > 0, sum_p / np.maximum(count, 1), np.nan)
        observed = np.where(count > 0, sum_y / np.maximum(count, 1), np.nan)
    return pd.DataFrame({
        "bin": np.arange(count.size),
        "lower": edges[:-1],
        "upper": edges[1:],
        "count": count.astype(np.int64),
        "mean_predicted": mean_p,
        "observed_rate": observed,
        "gap": observed - mean_p,
    })


def expected_calibration_error(y_true, y_prob, n_bins=10, strategy="uniform"):
    """Expected calibration error (ECE) with ``n_bins`` equal-width bins by default.

    Parameters
    ----------
    y_true, y_prob, n_bins, strategy
        As in :func:`reliability_table`.

    Returns
    -------
    float
        ``ECE = sum_b (n_b / n) |o_b - p_b|`` over the non-empty bins ``b``, with ``n_b`` the
        bin count, ``p_b`` the mean prediction and ``o_b`` the observed positive rate in the
        bin. 0 for a perfectly calibrated model (on these bins); at most 1.

    Raises
    ------
    ValueError
        As :func:`reliability_table`.

    Notes
    -----
    ECE depends on the binning; with a rare positive class most predictions fall in the first
    equal-width bin, so report it beside the Brier score and the log loss, which do not bin.

    References
    ----------
    Naeini, M. P., Cooper, G. F. & Hauskrecht, M. (2015). Obtaining well calibrated
    probabilities using Bayesian binning. AAAI 2015, 2901-2907.
    Guo, C., Pleiss, G., Sun, Y. & Weinberger, K. Q. (2017). On calibration of modern neural
    networks. ICML 2017, PMLR 70, 1321-1330.

    Examples
    --------
    >>> from recbook.calibration import expected_calibration_error
    >>> round(expected_calibration_error([0, 0, 1, 1], [0.1, 0.3, 0.7, 0.9], n_bins=2), 4)
    0.2
    """
    _, count, sum_p, sum_y = _bin(y_true, y_prob, n_bins, strategy)
    return float(np.abs(sum_y - sum_p).sum() / count.sum())


def calibration_summary(y_true, y_prob, n_bins=10):
    """Brier score, log loss, ECE and the mean prediction vs the observed rate, in one dict.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1.
    y_prob : array-like of shape (n,)
        Predicted P(y = 1), in [0, 1].
    n_bins : int, default=10
        Equal-width bins of the ECE.

    Returns
    -------
    dict
        ``brier`` (mean squared error of the probabilities), ``log_loss`` (probabilities
        clipped to [1e-15, 1 - 1e-15]), ``ece`` (:func:`expected_calibration_error`),
        ``mean_predicted`` and ``observed_rate``.

    Raises
    ------
    ValueError
        As :func:`reliability_table`.

    Examples
    --------
    >>> from recbook.calibration import calibration_summary
    >>> {k: round(v, 4) for k, v in calibration_summary([0, 1], [0.2, 0.6]).items()}
    {'brier': 0.1, 'log_loss': 0.367, 'ece': 0.3, 'mean_predicted': 0.4, 'observed_rate': 0.5}
    """
    y = check_binary_labels(y_true, "y_true")
    p = check_probabilities(y_prob, "y_prob")
    check_same_length(y, p, "y_true", "y_prob")
    clipped = np.clip(p, 1e-15, 1 - 1e-15)
    return {
        "brier": float(np.mean((p - y) ** 2)),
        "log_loss": float(-np.mean(y * np.log(clipped) + (1 - y) * np.log1p(-clipped))),
        "ece": expected_calibration_error(y, p, n_bins=n_bins),
        "mean_predicted": float(p.mean()),
        "observed_rate": float(y.mean()),
    }
