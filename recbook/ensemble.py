"""The arithmetic of averaging ensembles: mean, variance of the mean, ambiguity decomposition.

All functions take member predictions as an array of shape ``(n_members, n_samples)`` (one row
per model). Notebook 03 derives each formula in SymPy and checks it here on real models.
"""

from __future__ import annotations

import numpy as np

from recbook._validation import check_array, check_float, check_int, check_same_length

__all__ = [
    "ensemble_mean",
    "variance_of_mean",
    "mean_pairwise_correlation",
    "ambiguity_decomposition",
]


def _check_predictions(predictions, name="predictions"):
    array = check_array(predictions, name, ndim=2, dtype=float)
    return array


def ensemble_mean(predictions, weights=None):
    """Average of the members' predictions, ``y_hat = (1/M) sum_m y_hat_m``.

    Parameters
    ----------
    predictions : array-like of shape (n_members, n_samples)
        One row per member.
    weights : array-like of shape (n_members,), optional
        Non-negative member weights (not all zero); the average becomes
        ``sum_m a_m y_hat_m / sum_m a_m``. Default: equal weights.

    Returns
    -------
    ndarray of shape (n_samples,)

    Raises
    ------
    ValueError
        If ``predictions`` is empty, not 2-D or contains NaN, or ``weights`` is malformed.

    Notes
    -----
    The seed article's formula; its derivative with respect to a shared parameter is the mean
    of the members' derivatives (linearity), which says nothing yet about *why* averaging
    helps -- :func:`variance_of_mean` and :func:`ambiguity_decomposition` do.

    Examples
    --------
    >>> from recbook.ensemble import ensemble_mean
    >>> ensemble_mean([[0.2, 0.9], [0.4, 0.7]]).tolist()
    [0.30000000000000004, 0.8]
    """
    preds = _check_predictions(predictions)
    if weights is None:
        return preds.mean(axis=0)
    a = check_array(weights, "weights", ndim=1, dtype=float)
    if a.shape[0] != preds.shape[0]:
        raise ValueError(f"weights must have one entry per member ({preds.shape[0]}), got {a.shape[0]}")
    if np.any(a < 0) or a.sum() <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    return a @ preds / a.sum()


def variance_of_mean(sigma2, rho, n_members):
    """Variance of the average of M equally correlated predictors: ``rho s2 + (1 - rho) s2 / M``.

    Parameters
    ----------
    sigma2 : float
        Variance ``sigma^2 >= 0`` of each member.
    rho : float
        Pairwise correlation of the members, in ``[-1/(M-1), 1]`` (below that the covariance
        matrix would not be positive semi-definite).
    n_members : int
        Number of members ``M >= 1``.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``sigma2 < 0``, ``n_members < 1`` or ``rho`` is outside its admissible range.

    Notes
    -----
    ``Var((1/M) sum_m X_m) = (1/M^2) sum_{m,l} Cov(X_m, X_l)
    = (1/M^2) [M sigma^2 + M (M - 1) rho sigma^2] = rho sigma^2 + (1 - rho) sigma^2 / M``.
    As ``M`` grows the second term vanishes and the first stays: averaging removes the
    members' independent noise, never their shared part -- hence ensembles want diverse
    (weakly correlated) members, which is what bagging and random feature subsets buy.

    References
    ----------
    Breiman, L. (2001). Random forests. *Machine Learning* 45(1), 5-32.
    doi:10.1023/A:1010933404324
    Hastie, T., Tibshirani, R. & Friedman, J. (2009). *The Elements of Statistical Learning*,
    2nd ed., Springer, eq. (15.1).

    Examples
    --------
    >>> from recbook.ensemble import variance_of_mean
    >>> variance_of_mean(1.0, 0.0, 4), variance_of_mean(1.0, 0.5, 4), variance_of_mean(1.0, 1.0, 4)
    (0.25, 0.625, 1.0)
    """
    sigma2 = check_float(sigma2, "sigma2", low=0.0)
    n_members = check_int(n_members, "n_members", minimum=1)
    low = -1.0 / (n_members - 1) if n_members > 1 else -1.0
    rho = check_float(rho, "rho", low=low, high=1.0)
    return rho * sigma2 + (1.0 - rho) * sigma2 / n_members


def mean_pairwise_correlation(predictions):
    """Member variance and average pairwise correlation, estimated across repetitions.

    Parameters
    ----------
    predictions : array-like of shape (n_repeats, n_members, n_samples)
        ``predictions[r, m, i]``: member ``m`` of the ensemble trained in repetition ``r``
        (e.g. on a fresh training set), predicting sample ``i``. Needs ``n_repeats >= 2`` and
        ``n_members >= 2``.

    Returns
    -------
    sigma2 : ndarray of shape (n_samples,)
        Average over members of each member's variance across repetitions (``ddof=1``).
    rho : ndarray of shape (n_samples,)
        Average covariance of distinct members divided by ``sigma2`` (``nan`` where
        ``sigma2 == 0``).

    Raises
    ------
    ValueError
        If the array is not 3-D, too small, or contains NaN.

    Notes
    -----
    With these two averages the variance of the mean of the ``M`` members across repetitions
    equals :func:`variance_of_mean` ``(sigma2, rho, M)`` *exactly* (the identity in its Notes
    holds for averaged variances and covariances), which notebook 03 checks.

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.ensemble import mean_pairwise_correlation
    >>> shared = np.array([[0.0], [2.0]])          # two repetitions, one sample
    >>> preds = np.stack([shared, shared], axis=1)  # two identical members
    >>> s2, rho = mean_pairwise_correlation(preds)
    >>> float(s2[0]), float(rho[0])
    (2.0, 1.0)
    """
    preds = check_array(predictions, "predictions", ndim=3, dtype=float)
    r, m, _ = preds.shape
    if r < 2 or m < 2:
        raise ValueError(f"predictions must have n_repeats >= 2 and n_members >= 2, got shape {preds.shape}")
    centred = preds - preds.mean(axis=0, keepdims=True)
    variances = (centred ** 2).sum(axis=0) / (r - 1)            # (m, n)
    sigma2 = variances.mean(axis=0)
    total = centred.sum(axis=1)                                  # sum over members, (r, n)
    # sum over all ordered pairs (m, l) of Cov = Var(sum_m X_m); subtract the diagonal
    all_pairs = (total ** 2).sum(axis=0) / (r - 1)
    off_diag = (all_pairs - variances.sum(axis=0)) / (m * (m - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.where(sigma2 > 0, off_diag / np.where(sigma2 > 0, sigma2, 1.0), np.nan)
    return sigma2, rho


def ambiguity_decomposition(predictions, y_true):
    """Split the squared error of an averaging ensemble into member error minus ambiguity.

    Parameters
    ----------
    predictions : array-like of shape (n_members, n_samples)
        Member predictions (e.g. probabilities).
    y_true : array-like of shape (n_samples,)
        Targets (e.g. 0/1 labels).

    Returns
    -------
    dict
        ``"ensemble_error"``: mean over samples of ``(y_hat - y)^2`` for the averaged
        prediction ``y_hat``; ``"average_member_error"``: mean over samples of
        ``mean_m (y_hat_m - y)^2``; ``"ambiguity"``: mean over samples of
        ``mean_m (y_hat_m - y_hat)^2``. ``ensemble_error == average_member_error - ambiguity``
        up to rounding.

    Raises
    ------
    ValueError
        If the arrays are empty, contain NaN, or have mismatched lengths.

    Notes
    -----
    ``(y_hat - y)^2 = mean_m (y_hat_m - y)^2 - mean_m (y_hat_m - y_hat)^2`` holds for every
    sample and every target (Krogh & Vedelsby, 1995). Since the ambiguity is non-negative, the
    averaged ensemble is never worse (in squared error) than its average member, and it is
    better by exactly how much the members disagree.

    References
    ----------
    Krogh, A. & Vedelsby, J. (1995). Neural network ensembles, cross validation, and active
    learning. *Advances in Neural Information Processing Systems 7*, 231-238.

    Examples
    --------
    >>> from recbook.ensemble import ambiguity_decomposition
    >>> parts = ambiguity_decomposition([[0.2, 0.9], [0.6, 0.5]], [0, 1])
    >>> {k: round(v, 4) for k, v in parts.items()}
    {'ensemble_error': 0.125, 'average_member_error': 0.165, 'ambiguity': 0.04}
    """
    preds = _check_predictions(predictions)
    y = check_array(y_true, "y_true", ndim=1, dtype=float)
    check_same_length(preds.T, y, "predictions[0]", "y_true")
    y_hat = preds.mean(axis=0)
    return {
        "ensemble_error": float(np.mean((y_hat - y) ** 2)),
        "average_member_error": float(np.mean((preds - y) ** 2)),
        "ambiguity": float(np.mean((preds - y_hat) ** 2)),
    }
