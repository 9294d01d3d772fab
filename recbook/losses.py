"""Class weights and weighted losses for imbalanced binary classification.

Everything here works on plain arrays and is vectorised. The losses take probabilities
``p``; their gradients are taken with respect to the *logits* ``z`` (``p = sigmoid(z)``),
because that is where the weighted cross-entropy has its simple form ``w (sigmoid(z) - y)``.
:class:`TeachingLogisticRegression` is a short Newton (IRLS) solver written to make the
weighted gradient and Hessian visible; it is checked against scikit-learn's
``LogisticRegression`` in the tests and in notebook 02.
"""

from __future__ import annotations

import numbers

import numpy as np

from recbook._validation import (
    check_array,
    check_binary_labels,
    check_float,
    check_int,
    check_probabilities,
    check_same_length,
)

__all__ = [
    "WEIGHT_SCHEMES",
    "class_weights",
    "sample_weights",
    "sigmoid",
    "weighted_bce",
    "weighted_bce_grad",
    "focal_loss",
    "focal_loss_grad",
    "TeachingLogisticRegression",
]

#: The weighting schemes :func:`class_weights` knows.
WEIGHT_SCHEMES = ("none", "inverse", "balanced", "inverse_sqrt", "effective")

_EPS = np.finfo(np.float64).eps
_REDUCTIONS = ("mean", "sum")


def sigmoid(z):
    """Logistic function ``1 / (1 + exp(-z))``, computed without overflow.

    Parameters
    ----------
    z : array-like
        Logits.

    Returns
    -------
    ndarray
        ``sigmoid(z)``, same shape as ``z``.

    Examples
    --------
    >>> from recbook.losses import sigmoid
    >>> sigmoid([0.0, 800.0]).tolist()
    [0.5, 1.0]
    """
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be one of {list(_REDUCTIONS)}, got {reduction!r}")
    return reduction


def _check_sample_weight(sample_weight, n):
    if sample_weight is None:
        return np.ones(n)
    w = check_array(sample_weight, "sample_weight", ndim=1, dtype=float)
    if w.shape[0] != n:
        raise ValueError(f"sample_weight must have length {n} (one weight per sample), got {w.shape[0]}")
    if np.any(w < 0):
        raise ValueError("sample_weight must be non-negative")
    return w


def _reduce(values, reduction):
    return float(values.sum() / values.size) if reduction == "mean" else float(values.sum())


def class_weights(y, scheme="balanced", *, beta=0.999):
    """Weight per class for a (possibly multi-class) label vector.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels (integers or strings); at least two distinct classes.
    scheme : {"none", "inverse", "balanced", "inverse_sqrt", "effective"}, default="balanced"
        How a class's weight depends on its count ``N_c`` (``N`` samples, ``C`` classes):

        * ``"none"``: ``1`` for every class;
        * ``"inverse"``: ``1 / N_c`` (inverse frequency, unnormalised);
        * ``"balanced"``: ``N / (C N_c)``, equal to scikit-learn's
          ``compute_class_weight("balanced", ...)``; every class then carries the same total
          weight ``N / C`` and the weights of all samples sum to ``N``;
        * ``"inverse_sqrt"``: ``sqrt(N / (C N_c))``, a softer re-weighting;
        * ``"effective"``: ``(1 - beta) / (1 - beta**N_c)``, the inverse of the *effective
          number of samples* ``E_c = (1 - beta**N_c) / (1 - beta)`` (Cui et al., 2019),
          normalised so that the class weights sum to ``C`` as in the paper.
    beta : float, default=0.999
        Only for ``"effective"``: in ``[0, 1)``. ``beta = 0`` gives equal weights,
        ``beta -> 1`` approaches inverse frequency.

    Returns
    -------
    dict
        Class label (as a Python scalar) -> weight (positive, finite ``float``), classes sorted.

    Raises
    ------
    TypeError
        If ``y`` is not array-like or ``beta`` is not a real number.
    ValueError
        If ``y`` is empty, not 1-D, contains NaN, has a single class, ``scheme`` is unknown or
        ``beta`` is outside ``[0, 1)``.

    See Also
    --------
    sample_weights : the per-sample weight vector ``w_i = w_{y_i}``.

    Notes
    -----
    Only the *ratios* of the weights change the minimiser of an unregularised weighted loss;
    multiplying every weight by the same constant rescales the loss and nothing else (which
    is why the seed article's ``w_i = 1 / N_2`` for every sample does nothing). With a
    penalty (``C`` in scikit-learn) the overall scale does matter, because it trades the loss
    against the penalty.

    References
    ----------
    King, G. & Zeng, L. (2001). Logistic regression in rare events data. *Political Analysis*
    9(2), 137-163. -- the ``N / (C N_c)``-style re-weighting scikit-learn cites.
    Cui, Y., Jia, M., Lin, T.-Y., Song, Y. & Belongie, S. (2019). Class-balanced loss based on
    effective number of samples. *CVPR 2019*, 9268-9277.

    Examples
    --------
    >>> from recbook.losses import class_weights
    >>> class_weights([0, 0, 0, 1], scheme="balanced")
    {0: 0.6666666666666666, 1: 2.0}
    >>> class_weights([0, 0, 0, 1], scheme="inverse")
    {0: 0.3333333333333333, 1: 1.0}
    """
    if y is None:
        raise TypeError("y must be array-like, got None")
    labels = np.asarray(y)
    if labels.dtype.kind == "O":
        labels = labels.astype(str)
    if labels.ndim != 1:
        raise ValueError(f"y must be 1-dimensional, got shape {labels.shape}")
    if labels.size == 0:
        raise ValueError("y must not be empty")
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels)):
        raise ValueError("y must not contain NaN or infinite values")
    if scheme not in WEIGHT_SCHEMES:
        raise ValueError(f"scheme must be one of {list(WEIGHT_SCHEMES)}, got {scheme!r}")
    beta = check_float(beta, "beta", low=0.0, high=1.0, high_open=True)
    classes, counts = np.unique(labels, return_counts=True)
    if classes.size < 2:
        raise ValueError(f"y must contain at least two classes, got only {classes[0]!r}")
    n, c = labels.size, classes.size
    counts = counts.astype(float)
    if scheme == "none":
        weights = np.ones(c)
    elif scheme == "inverse":
        weights = 1.0 / counts
    elif scheme == "balanced":
        weights = n / (c * counts)
    elif scheme == "inverse_sqrt":
        weights = np.sqrt(n / (c * counts))
    else:
        weights = (1.0 - beta) / (1.0 - beta ** counts)
        weights = weights * c / weights.sum()
    return {cls.item(): float(w) for cls, w in zip(classes, weights)}


def sample_weights(y, weights):
    """Per-sample weights ``w_i = weights[y_i]`` from a class -> weight mapping.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    weights : dict
        Class -> weight, e.g. from :func:`class_weights`; must cover every class in ``y``.

    Returns
    -------
    ndarray of shape (n_samples,)

    Raises
    ------
    ValueError
        If ``y`` is empty or a class of ``y`` has no weight.

    Examples
    --------
    >>> from recbook.losses import sample_weights
    >>> sample_weights([0, 1, 1], {0: 0.5, 1: 2.0}).tolist()
    [0.5, 2.0, 2.0]
    """
    if not isinstance(weights, dict):
        raise TypeError(f"weights must be a dict class -> weight, got {type(weights).__name__}")
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"y must be a non-empty 1-dimensional array, got shape {labels.shape}")
    classes, inverse = np.unique(labels, return_inverse=True)
    missing = [c.item() for c in classes if c.item() not in weights]
    if missing:
        raise ValueError(f"weights has no entry for the class(es) {missing}")
    per_class = np.array([float(weights[c.item()]) for c in classes])
    return per_class[inverse]


def weighted_bce(y_true, p, sample_weight=None, *, reduction="mean"):
    """Weighted binary cross-entropy of predicted probabilities.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1.
    p : array-like of shape (n_samples,)
        Predicted probabilities of class 1, in ``[0, 1]`` (clipped to
        ``[eps, 1 - eps]`` with the float64 machine epsilon before the logarithm).
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights ``w_i``; default 1.
    reduction : {"mean", "sum"}, default="mean"
        ``"sum"``: ``L = sum_i w_i l_i``; ``"mean"``: ``L / N`` (the weights are *not*
        renormalised, so scaling every weight by ``c`` scales the loss by ``c``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the arrays are empty, of different lengths, contain NaN, ``y_true`` is not 0/1,
        ``p`` is outside ``[0, 1]`` or a weight is negative.

    Notes
    -----
    ``l_i = -[y_i log p_i + (1 - y_i) log(1 - p_i)]``. scikit-learn's
    ``log_loss(y, p, sample_weight=w)`` is ``sum_i w_i l_i / sum_i w_i``.

    Examples
    --------
    >>> from recbook.losses import weighted_bce
    >>> round(weighted_bce([1, 0], [0.8, 0.4], sample_weight=[2.0, 1.0]), 4)
    0.4786
    """
    y = check_binary_labels(y_true, "y_true")
    prob = check_probabilities(p, "p")
    check_same_length(y, prob, "y_true", "p")
    w = _check_sample_weight(sample_weight, y.size)
    _check_reduction(reduction)
    prob = np.clip(prob, _EPS, 1.0 - _EPS)
    losses = -(y * np.log(prob) + (1 - y) * np.log1p(-prob))
    return _reduce(w * losses, reduction)


def weighted_bce_grad(y_true, logits, sample_weight=None, *, reduction="mean"):
    """Gradient of :func:`weighted_bce` with respect to the logits.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1.
    logits : array-like of shape (n_samples,)
        Logits ``z_i`` with ``p_i = sigmoid(z_i)``.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights; default 1.
    reduction : {"mean", "sum"}, default="mean"
        As in :func:`weighted_bce`.

    Returns
    -------
    ndarray of shape (n_samples,)
        ``dL/dz_i = w_i (sigmoid(z_i) - y_i)`` (divided by ``N`` for ``"mean"``).

    Raises
    ------
    ValueError
        As :func:`weighted_bce`; ``logits`` must be finite.

    Notes
    -----
    With ``p = sigmoid(z)``, ``dp/dz = p (1 - p)`` and ``dl/dp = (p - y) / (p (1 - p))``, so
    the product collapses to ``p - y``: the weight multiplies the residual and nothing else.
    Notebook 02 derives this in SymPy.

    Examples
    --------
    >>> from recbook.losses import weighted_bce_grad
    >>> weighted_bce_grad([1, 0], [0.0, 0.0], sample_weight=[2.0, 1.0], reduction="sum").tolist()
    [-1.0, 0.5]
    """
    y = check_binary_labels(y_true, "y_true")
    z = check_array(logits, "logits", ndim=1, dtype=float)
    check_same_length(y, z, "y_true", "logits")
    w = _check_sample_weight(sample_weight, y.size)
    _check_reduction(reduction)
    grad = w * (sigmoid(z) - y)
    return grad / y.size if reduction == "mean" else grad


def _check_alpha(alpha):
    if alpha is None:
        return None
    return check_float(alpha, "alpha", low=0.0, high=1.0)


def focal_loss(y_true, p, gamma=2.0, alpha=None, *, reduction="mean"):
    """Focal loss of predicted probabilities (Lin et al., 2017).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1.
    p : array-like of shape (n_samples,)
        Predicted probabilities of class 1 in ``[0, 1]`` (clipped like :func:`weighted_bce`).
    gamma : float, default=2.0
        Focusing parameter ``gamma >= 0``; ``gamma = 0`` gives the cross-entropy.
    alpha : float in [0, 1] or None, default=None
        Class-balancing weight: ``alpha`` for class 1 and ``1 - alpha`` for class 0.
        ``None`` means weight 1 for both.
    reduction : {"mean", "sum"}, default="mean"

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As :func:`weighted_bce`, or if ``gamma < 0`` or ``alpha`` is outside ``[0, 1]``.

    Notes
    -----
    With ``p_t = p`` if ``y = 1`` else ``1 - p`` and ``alpha_t`` likewise,
    ``FL = -alpha_t (1 - p_t)**gamma log(p_t)``: well-classified examples (``p_t`` near 1) are
    down-weighted, so the many easy negatives of an imbalanced problem stop dominating.

    References
    ----------
    Lin, T.-Y., Goyal, P., Girshick, R., He, K. & Dollar, P. (2017). Focal loss for dense
    object detection. *ICCV 2017*, 2980-2988. doi:10.1109/ICCV.2017.324

    Examples
    --------
    >>> from recbook.losses import focal_loss
    >>> round(focal_loss([1, 0], [0.9, 0.2], gamma=2.0), 5)
    0.00499
    >>> round(focal_loss([1, 0], [0.9, 0.2], gamma=0.0), 6)  # = cross-entropy
    0.164252
    """
    y = check_binary_labels(y_true, "y_true")
    prob = check_probabilities(p, "p")
    check_same_length(y, prob, "y_true", "p")
    gamma = check_float(gamma, "gamma", low=0.0)
    alpha = _check_alpha(alpha)
    _check_reduction(reduction)
    prob = np.clip(prob, _EPS, 1.0 - _EPS)
    p_t = np.where(y == 1, prob, 1.0 - prob)
    alpha_t = 1.0 if alpha is None else np.where(y == 1, alpha, 1.0 - alpha)
    losses = -alpha_t * (1.0 - p_t) ** gamma * np.log(p_t)
    return _reduce(np.broadcast_to(losses, y.shape), reduction)


def focal_loss_grad(y_true, logits, gamma=2.0, alpha=None, *, reduction="mean"):
    """Gradient of :func:`focal_loss` with respect to the logits.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1.
    logits : array-like of shape (n_samples,)
        Logits ``z_i`` with ``p_i = sigmoid(z_i)``.
    gamma, alpha, reduction
        As in :func:`focal_loss`.

    Returns
    -------
    ndarray of shape (n_samples,)

    Raises
    ------
    ValueError
        As :func:`focal_loss`; ``logits`` must be finite.

    Notes
    -----
    With ``s = 2y - 1`` and ``p_t = sigmoid(s z)``:
    ``dFL/dz = alpha_t s [gamma p_t (1 - p_t)**gamma log(p_t) - (1 - p_t)**(gamma + 1)]``.
    For ``gamma = 0`` and no ``alpha`` this is ``sigmoid(z) - y``. ``log(p_t)`` is computed as
    ``-log(1 + exp(-s z))`` so that large logits do not lose precision. Notebook 02 derives the
    formula in SymPy.

    Examples
    --------
    >>> from recbook.losses import focal_loss_grad
    >>> focal_loss_grad([1, 0], [0.0, 0.0], gamma=0.0, reduction="sum").tolist()
    [-0.5, 0.5]
    """
    y = check_binary_labels(y_true, "y_true")
    z = check_array(logits, "logits", ndim=1, dtype=float)
    check_same_length(y, z, "y_true", "logits")
    gamma = check_float(gamma, "gamma", low=0.0)
    alpha = _check_alpha(alpha)
    _check_reduction(reduction)
    s = 2.0 * y - 1.0
    p_t = sigmoid(s * z)
    q_t = sigmoid(-s * z)                       # 1 - p_t without cancellation
    log_p_t = -np.logaddexp(0.0, -s * z)
    alpha_t = 1.0 if alpha is None else np.where(y == 1, alpha, 1.0 - alpha)
    grad = alpha_t * s * (gamma * p_t * q_t ** gamma * log_p_t - q_t ** (gamma + 1.0))
    grad = np.broadcast_to(grad, y.shape).astype(float)
    return grad / y.size if reduction == "mean" else grad


class TeachingLogisticRegression:
    """Weighted L2-penalised logistic regression by Newton's method (a teaching implementation).

    Written to make the weighted gradient and Hessian of notebook 02 visible, not for speed:
    each iteration solves one ``(d + 1) x (d + 1)`` linear system. Use
    ``sklearn.linear_model.LogisticRegression`` in practice; the tests check that both give
    the same coefficients (to ``1e-6`` with a tight scikit-learn tolerance).

    Parameters
    ----------
    C : float, default=1.0
        Inverse penalty strength, exactly as in scikit-learn: the objective is
        ``C * sum_i w_i l_i + 0.5 * ||beta||**2`` (the intercept is not penalised).
        ``C = numpy.inf`` fits without a penalty.
    class_weight : dict, "balanced" or None, default=None
        Class weights as in scikit-learn; ``"balanced"`` uses :func:`class_weights`.
    fit_intercept : bool, default=True
    max_iter : int, default=100
        Maximum Newton steps.
    tol : float, default=1e-10
        Stop when the largest absolute entry of the gradient of
        ``sum_i w_i l_i + ||beta||**2 / (2 C)`` falls below ``tol``.

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    n_iter_ : int
        Newton steps taken.
    classes_ : ndarray, ``[0, 1]``

    Notes
    -----
    For ``f(beta) = C sum_i w_i l_i + 0.5 ||beta||^2`` with ``p = sigmoid(X beta)``:
    gradient ``C X^T W (p - y) + beta``, Hessian ``C X^T W S X + I`` with
    ``W = diag(w)``, ``S = diag(p (1 - p))``. Both weights and ``p (1 - p)`` are non-negative,
    so the Hessian is positive (semi-)definite: weighting keeps the problem convex, and
    Newton's method converges in a handful of steps.

    References
    ----------
    Hastie, T., Tibshirani, R. & Friedman, J. (2009). *The Elements of Statistical Learning*,
    2nd ed., Springer, section 4.4.1 (Newton / IRLS for logistic regression).

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.losses import TeachingLogisticRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0, 0, 1, 1])
    >>> model = TeachingLogisticRegression(C=1.0).fit(X, y)
    >>> np.round(model.coef_, 4).tolist(), model.n_iter_ < 10
    ([[0.9583]], True)
    """

    def __init__(self, C=1.0, *, class_weight=None, fit_intercept=True, max_iter=100, tol=1e-10):
        self.C = C
        self.class_weight = class_weight
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def _validate(self):
        if isinstance(self.C, bool) or not isinstance(self.C, numbers.Real) or not self.C > 0:
            raise ValueError(f"C must be a positive real number or numpy.inf, got {self.C!r}")
        if not isinstance(self.fit_intercept, bool):
            raise TypeError(f"fit_intercept must be a bool, got {type(self.fit_intercept).__name__}")
        check_int(self.max_iter, "max_iter", minimum=1)
        check_float(self.tol, "tol", low=0.0, low_open=True)
        cw = self.class_weight
        if not (cw is None or cw == "balanced" or isinstance(cw, dict)):
            raise ValueError(f"class_weight must be None, 'balanced' or a dict, got {cw!r}")

    def fit(self, X, y, sample_weight=None):
        """Fit by Newton's method; returns ``self``.

        Raises
        ------
        ValueError
            If ``X`` is not a non-empty finite 2-D array, ``y`` is not 0/1 with both classes,
            lengths differ, a weight is negative or a parameter is out of range.
        """
        self._validate()
        X = check_array(X, "X", ndim=2, dtype=float)
        y = check_binary_labels(y, "y", require_both=True)
        check_same_length(X, y, "X", "y")
        w = _check_sample_weight(sample_weight, y.size)
        if self.class_weight == "balanced":
            w = w * sample_weights(y, class_weights(y, "balanced"))
        elif isinstance(self.class_weight, dict):
            w = w * sample_weights(y, {k: self.class_weight.get(k, 1.0) for k in (0, 1)})
        n, d = X.shape
        design = np.hstack([X, np.ones((n, 1))]) if self.fit_intercept else X
        penalty = np.ones(design.shape[1])
        if self.fit_intercept:
            penalty[-1] = 0.0                     # the intercept is not penalised
        C = float(self.C)
        ridge = 0.0 if np.isinf(C) else 1.0 / C
        beta = np.zeros(design.shape[1])
        self.n_iter_ = 0
        for _ in range(int(self.max_iter)):
            p = sigmoid(design @ beta)
            grad = design.T @ (w * (p - y)) + ridge * penalty * beta
            if np.max(np.abs(grad)) < self.tol:
                break
            hess = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(ridge * penalty)
            beta = beta - np.linalg.solve(hess, grad)
            self.n_iter_ += 1
        self.coef_ = beta[:d].reshape(1, d)
        self.intercept_ = np.array([beta[d] if self.fit_intercept else 0.0])
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X):
        """Logits ``X coef + intercept``."""
        X = check_array(X, "X", ndim=2, dtype=float)
        if X.shape[1] != self.coef_.shape[1]:
            raise ValueError(f"X must have {self.coef_.shape[1]} columns, got {X.shape[1]}")
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Probabilities, shape ``(n_samples, 2)``."""
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """Labels at threshold 0.5."""
        return (self.decision_function(X) > 0).astype(np.int64)
