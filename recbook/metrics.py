"""Evaluation metrics for imbalanced classification and for ranking.

Classification metrics wrap scikit-learn / imbalanced-learn where those have them; ranking
metrics are vectorised over users on ``(n_users, n_candidates)`` arrays.
"""

from __future__ import annotations

import numpy as np

from recbook._validation import check_array

__all__ = ["gini", "lorenz_curve"]


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
