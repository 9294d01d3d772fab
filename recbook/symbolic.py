"""SymPy derivations used by the theory notebooks (02 weighted cross-entropy, 03 ensembles,
04 k-means).

Each function returns a ``dict`` of SymPy objects: the symbols it uses, the expression
derived by SymPy, the closed form a textbook (or the seed article) states, and -- where a
claim is being checked -- their ``difference`` simplified (``0`` when the claim is right).
The notebooks display these and then confirm each one *numerically* (``sympy.lambdify``
against finite differences, recbook's numpy code, or scikit-learn), so that a wrong
derivation fails twice: symbolically and with numbers.
"""

from __future__ import annotations

import sympy as sp

from recbook._validation import check_int

__all__ = [
    "sigmoid",
    "bce_logit_gradient",
    "logistic_regression_derivatives",
    "optimal_constant_prediction",
    "effective_number",
    "focal_loss_gradient",
    "ensemble_mean_derivative",
    "variance_of_mean",
    "ambiguity_decomposition",
    "kmeans_derivation",
]


def sigmoid(z):
    """The logistic function ``1 / (1 + exp(-z))`` as a SymPy expression.

    Examples
    --------
    >>> import sympy as sp
    >>> from recbook.symbolic import sigmoid
    >>> sigmoid(sp.Symbol("z"))
    1/(1 + exp(-z))
    """
    return 1 / (1 + sp.exp(-z))


def bce_logit_gradient():
    """Weighted binary cross-entropy of one sample as a function of its logit, and its gradient.

    Returns
    -------
    dict
        ``y, z, w`` (symbols: label, logit, weight), ``loss``
        ``= -w [y log s(z) + (1 - y) log(1 - s(z))]``, ``gradient`` (SymPy's ``dL/dz``),
        ``claimed`` ``= w (s(z) - y)`` and ``difference`` (``simplify(gradient - claimed)``,
        which is ``0``), ``second_derivative`` (``d2L/dz2``) and ``claimed_second``
        ``= w s(z) (1 - s(z))``.

    Notes
    -----
    The seed article stops at a generic ``dL/dtheta``; for a logit the chain rule collapses
    to the weighted residual ``w (p - y)``.

    Examples
    --------
    >>> from recbook.symbolic import bce_logit_gradient
    >>> d = bce_logit_gradient()
    >>> d["difference"], d["second_difference"]
    (0, 0)
    """
    y, z = sp.symbols("y z", real=True)
    w = sp.Symbol("w", positive=True)
    s = sigmoid(z)
    loss = -w * (y * sp.log(s) + (1 - y) * sp.log(1 - s))
    gradient = sp.simplify(sp.diff(loss, z))
    claimed = w * (s - y)
    second = sp.simplify(sp.diff(loss, z, 2))
    claimed_second = w * s * (1 - s)
    return {
        "y": y, "z": z, "w": w, "loss": loss,
        "gradient": gradient, "claimed": claimed,
        "difference": sp.simplify(gradient - claimed),
        "second_derivative": second, "claimed_second": claimed_second,
        "second_difference": sp.simplify(second - claimed_second),
    }


def logistic_regression_derivatives(n_features=2):
    """Gradient and Hessian of one sample's weighted logistic loss in the coefficients.

    Parameters
    ----------
    n_features : int, default=2
        Length ``d`` of the feature vector (``1 <= d <= 6`` keeps SymPy fast).

    Returns
    -------
    dict
        ``x`` and ``beta`` (column matrices of symbols), ``y``, ``w``, ``loss``,
        ``gradient`` (``d x 1``), ``hessian`` (``d x d``), ``claimed_gradient``
        ``= w (s - y) x``, ``claimed_hessian`` ``= w s (1 - s) x x^T`` (``s = s(beta . x)``),
        their simplified differences ``gradient_difference`` and ``hessian_difference``
        (zero matrices), and ``hessian_eigenvalues`` (dict eigenvalue -> multiplicity).

    Notes
    -----
    ``w s (1 - s) x x^T`` is a non-negative multiple of an outer product: its eigenvalues are
    ``0`` (``d - 1`` times) and ``w s (1 - s) ||x||^2 >= 0``. A sum of such matrices over the
    samples is positive semi-definite, so the weighted loss stays convex for any
    non-negative weights.

    Examples
    --------
    >>> from recbook.symbolic import logistic_regression_derivatives
    >>> d = logistic_regression_derivatives(2)
    >>> d["gradient_difference"].is_zero_matrix, d["hessian_difference"].is_zero_matrix
    (True, True)
    """
    d = check_int(n_features, "n_features", minimum=1, maximum=6)
    x = sp.Matrix(sp.symbols(f"x1:{d + 1}", real=True))
    beta = sp.Matrix(sp.symbols(f"beta1:{d + 1}", real=True))
    y = sp.Symbol("y", real=True)
    w = sp.Symbol("w", positive=True)
    z = (beta.T * x)[0, 0]
    s = sigmoid(z)
    loss = -w * (y * sp.log(s) + (1 - y) * sp.log(1 - s))
    gradient = sp.Matrix([loss]).jacobian(beta).T
    hessian = sp.hessian(loss, list(beta))
    claimed_gradient = w * (s - y) * x
    claimed_hessian = w * s * (1 - s) * (x * x.T)
    return {
        "x": x, "beta": beta, "y": y, "w": w, "loss": loss,
        "gradient": gradient, "hessian": hessian,
        "claimed_gradient": claimed_gradient, "claimed_hessian": claimed_hessian,
        "gradient_difference": sp.simplify(gradient - claimed_gradient),
        "hessian_difference": sp.simplify(hessian - claimed_hessian),
        "hessian_eigenvalues": sp.Matrix(claimed_hessian).eigenvals(),
    }


def optimal_constant_prediction():
    """The constant probability that minimises the class-weighted cross-entropy.

    Returns
    -------
    dict
        ``p, pi, w0, w1`` (symbols: prediction, prevalence of class 1, class weights),
        ``risk`` ``= -w1 pi log p - w0 (1 - pi) log(1 - p)`` (expected loss per sample),
        ``p_star`` (SymPy's solution of ``dR/dp = 0``), ``claimed``
        ``= w1 pi / (w1 pi + w0 (1 - pi))``, ``difference`` (``0``), ``second_derivative``
        at ``p_star`` (positive: a minimum), and ``logit_shift``
        ``= logit(p_star) - logit(pi)``, which simplifies to ``log(w1 / w0)``.

    Notes
    -----
    Weighting does not only "pay more attention" to the minority: it moves the predicted
    probabilities, by exactly ``log(w1/w0)`` on the logit scale for a constant model. With
    ``w_c = N / (2 N_c)`` the optimum is ``p* = 1/2`` whatever the prevalence, so the
    predictions of a weighted model are no longer calibrated probabilities and the default
    threshold 0.5 means something else.

    Examples
    --------
    >>> from recbook.symbolic import optimal_constant_prediction
    >>> d = optimal_constant_prediction()
    >>> d["difference"], d["logit_shift"]
    (0, log(w1/w0))
    """
    p = sp.Symbol("p", positive=True)
    pi = sp.Symbol("pi", positive=True)
    w0, w1 = sp.symbols("w0 w1", positive=True)
    risk = -w1 * pi * sp.log(p) - w0 * (1 - pi) * sp.log(1 - p)
    solutions = sp.solve(sp.Eq(sp.diff(risk, p), 0), p)
    p_star = sp.simplify(solutions[0])
    claimed = w1 * pi / (w1 * pi + w0 * (1 - pi))
    second = sp.simplify(sp.diff(risk, p, 2).subs(p, p_star))
    logit = lambda q: sp.log(q / (1 - q))  # noqa: E731
    shift = sp.simplify(sp.expand_log(logit(p_star) - logit(pi), force=True))
    shift = sp.simplify(sp.logcombine(shift, force=True))
    return {
        "p": p, "pi": pi, "w0": w0, "w1": w1, "risk": risk, "p_star": p_star,
        "claimed": claimed, "difference": sp.simplify(p_star - claimed),
        "second_derivative": second, "logit_shift": shift,
    }


def effective_number():
    """Effective number of samples ``E_n = sum_{k=0}^{n-1} beta^k`` (Cui et al., 2019).

    Returns
    -------
    dict
        ``beta``, ``n`` (symbols), ``series`` (the finite sum), ``closed_form``
        ``= (1 - beta^n) / (1 - beta)``, ``difference`` (``0``), ``limit_beta_0`` (``1``:
        every class counts as one sample, equal weights) and ``limit_beta_1`` (``n``: the
        raw count, inverse-frequency weights).

    References
    ----------
    Cui, Y., Jia, M., Lin, T.-Y., Song, Y. & Belongie, S. (2019). Class-balanced loss based on
    effective number of samples. *CVPR 2019*, 9268-9277.

    Examples
    --------
    >>> from recbook.symbolic import effective_number
    >>> d = effective_number()
    >>> d["difference"], d["limit_beta_0"], d["limit_beta_1"]
    (0, 1, n)
    """
    beta = sp.Symbol("beta", positive=True)
    n = sp.Symbol("n", positive=True, integer=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    series = sp.Sum(beta ** k, (k, 0, n - 1))
    closed = (1 - beta ** n) / (1 - beta)
    evaluated = series.doit()
    # doit() returns a Piecewise (beta == 1 handled apart); take the beta != 1 branch
    if isinstance(evaluated, sp.Piecewise):
        evaluated = [expr for expr, cond in evaluated.args if cond != sp.Eq(beta, 1)][0]
    return {
        "beta": beta, "n": n, "series": series, "closed_form": closed,
        "difference": sp.simplify(evaluated - closed),
        "limit_beta_0": sp.limit(closed, beta, 0),
        "limit_beta_1": sp.limit(closed, beta, 1),
    }


def focal_loss_gradient():
    """Focal loss of a positive (``y = 1``) sample in its logit, and the gradient.

    Returns
    -------
    dict
        ``z``, ``gamma`` (symbols), ``loss`` ``= -(1 - s(z))^gamma log s(z)``, ``gradient``
        (SymPy's ``dFL/dz``), ``claimed``
        ``= gamma s (1 - s)^gamma log(s) - (1 - s)^(gamma + 1)`` with ``s = s(z)``, and
        ``difference`` (``0``). For ``y = 0`` replace ``z`` by ``-z`` and flip the sign
        (:func:`recbook.losses.focal_loss_grad` does both).

    References
    ----------
    Lin, T.-Y., Goyal, P., Girshick, R., He, K. & Dollar, P. (2017). Focal loss for dense
    object detection. *ICCV 2017*, 2980-2988. doi:10.1109/ICCV.2017.324

    Examples
    --------
    >>> from recbook.symbolic import focal_loss_gradient
    >>> focal_loss_gradient()["difference"]
    0
    """
    z = sp.Symbol("z", real=True)
    gamma = sp.Symbol("gamma", nonnegative=True)
    s = sigmoid(z)
    loss = -(1 - s) ** gamma * sp.log(s)
    gradient = sp.diff(loss, z)
    claimed = gamma * s * (1 - s) ** gamma * sp.log(s) - (1 - s) ** (gamma + 1)
    return {
        "z": z, "gamma": gamma, "loss": loss, "gradient": gradient, "claimed": claimed,
        "difference": sp.simplify(sp.powsimp(sp.expand(gradient - claimed), force=True)),
    }


def ensemble_mean_derivative(n_members=5):
    """The seed article's ensemble mean and its derivative in a shared parameter.

    Parameters
    ----------
    n_members : int, default=5
        ``M`` (the seed's case study uses 5).

    Returns
    -------
    dict
        ``theta`` (symbol), ``members`` (list of undefined functions ``f_m(theta)``),
        ``mean`` and ``derivative`` (``d/dtheta`` of the mean, the mean of the derivatives).

    Examples
    --------
    >>> from recbook.symbolic import ensemble_mean_derivative
    >>> ensemble_mean_derivative(2)["derivative"]
    Derivative(f1(theta), theta)/2 + Derivative(f2(theta), theta)/2
    """
    m = check_int(n_members, "n_members", minimum=1, maximum=50)
    theta = sp.Symbol("theta", real=True)
    members = [sp.Function(f"f{i}")(theta) for i in range(1, m + 1)]
    mean = sp.Add(*members) / m
    return {"theta": theta, "members": members, "mean": mean,
            "derivative": sp.expand(sp.diff(mean, theta))}


def variance_of_mean(n_members=None):
    """Variance of the mean of ``M`` predictors with variance ``sigma^2`` and correlation ``rho``.

    Parameters
    ----------
    n_members : int or None, default=None
        ``None``: a symbolic ``M`` (the sum over the covariance matrix is counted as ``M``
        diagonal and ``M (M - 1)`` off-diagonal terms). An integer: the explicit
        ``M x M`` covariance matrix is built and ``1^T Sigma 1 / M^2`` computed entry by entry.

    Returns
    -------
    dict
        ``sigma``, ``rho``, ``M`` (symbols or the integer), ``variance`` (derived),
        ``claimed`` ``= rho sigma^2 + (1 - rho) sigma^2 / M``, ``difference`` (``0``),
        ``limit`` (``M -> oo``: ``rho sigma^2``, only when ``M`` is symbolic) and, for an
        integer ``M``, ``covariance`` (the matrix).

    Examples
    --------
    >>> from recbook.symbolic import variance_of_mean
    >>> variance_of_mean()["difference"], variance_of_mean(3)["difference"]
    (0, 0)
    """
    sigma = sp.Symbol("sigma", positive=True)
    rho = sp.Symbol("rho", real=True)
    out = {"sigma": sigma, "rho": rho}
    if n_members is None:
        M = sp.Symbol("M", positive=True, integer=True)
        variance = (M * sigma ** 2 + M * (M - 1) * rho * sigma ** 2) / M ** 2
        out["limit"] = sp.limit(variance, M, sp.oo)
    else:
        M = check_int(n_members, "n_members", minimum=1, maximum=20)
        cov = sp.Matrix(M, M, lambda i, j: sigma ** 2 if i == j else rho * sigma ** 2)
        ones = sp.ones(M, 1)
        variance = (ones.T * cov * ones)[0, 0] / M ** 2
        out["covariance"] = cov
    claimed = rho * sigma ** 2 + (1 - rho) * sigma ** 2 / M
    out.update({"M": M, "variance": sp.simplify(variance), "claimed": claimed,
                "difference": sp.simplify(variance - claimed)})
    return out


def ambiguity_decomposition(n_members=3):
    """Krogh & Vedelsby's ambiguity decomposition for ``M`` members, proved by expansion.

    Parameters
    ----------
    n_members : int, default=3
        ``M`` (``1 <= M <= 20``).

    Returns
    -------
    dict
        ``y`` and ``f`` (symbols: target, member predictions), ``f_bar`` (their mean),
        ``lhs`` ``= (f_bar - y)^2``, ``average_error`` ``= mean_m (f_m - y)^2``,
        ``ambiguity`` ``= mean_m (f_m - f_bar)^2`` and ``difference``
        ``= expand(lhs - (average_error - ambiguity))``, which is ``0``.

    References
    ----------
    Krogh, A. & Vedelsby, J. (1995). Neural network ensembles, cross validation, and active
    learning. *Advances in Neural Information Processing Systems 7*, 231-238.

    Examples
    --------
    >>> from recbook.symbolic import ambiguity_decomposition
    >>> ambiguity_decomposition(4)["difference"]
    0
    """
    m = check_int(n_members, "n_members", minimum=1, maximum=20)
    y = sp.Symbol("y", real=True)
    f = sp.symbols(f"f1:{m + 1}", real=True)
    f_bar = sp.Add(*f) / m
    lhs = (f_bar - y) ** 2
    average_error = sp.Add(*[(fi - y) ** 2 for fi in f]) / m
    ambiguity = sp.Add(*[(fi - f_bar) ** 2 for fi in f]) / m
    return {"y": y, "f": f, "f_bar": f_bar, "lhs": lhs, "average_error": average_error,
            "ambiguity": ambiguity, "difference": sp.expand(lhs - (average_error - ambiguity))}


def kmeans_derivation(n_points=4, n_clusters=2):
    """The seed article's k-means objective against the correct one, for scalar points.

    Parameters
    ----------
    n_points : int, default=4
        Number of points ``N`` (``1..12``); scalar coordinates suffice because the objective
        separates over coordinates.
    n_clusters : int, default=2
        Number of centres ``K`` (``1..6``).

    Returns
    -------
    dict
        ``x`` (point symbols), ``mu`` (centre symbols), ``r`` (``N x K`` matrix of indicator
        symbols ``r_ij``), ``J_seed`` ``= sum_i sum_j (x_i - mu_j)^2`` (the seed's
        objective), ``J`` ``= sum_i sum_j r_ij (x_i - mu_j)^2``, ``grad_seed`` and ``grad``
        (lists of ``dJ/dmu_j``), ``claimed_grad`` ``= -2 sum_i r_ij (x_i - mu_j)``,
        ``grad_difference`` (list of zeros), ``seed_grad_as_printed``
        ``= 2 sum_i (x_i - mu_j)`` (the seed's formula), ``solution_seed`` and ``solution``
        (dicts ``mu_j -> value`` solving ``grad = 0``), ``claimed_update``
        ``= sum_i r_ij x_i / sum_i r_ij`` and ``update_difference`` (list of zeros).

    Notes
    -----
    Minimising the seed's ``J_seed`` gives every centre the same value, the global mean: the
    sum runs over all points for every centre, so nothing tells the centres apart.

    Examples
    --------
    >>> from recbook.symbolic import kmeans_derivation
    >>> d = kmeans_derivation(3, 2)
    >>> d["grad_difference"], d["update_difference"]
    ([0, 0], [0, 0])
    >>> d["solution_seed"]
    {mu1: x1/3 + x2/3 + x3/3, mu2: x1/3 + x2/3 + x3/3}
    """
    n = check_int(n_points, "n_points", minimum=1, maximum=12)
    k = check_int(n_clusters, "n_clusters", minimum=1, maximum=6)
    x = sp.symbols(f"x1:{n + 1}", real=True)
    mu = sp.symbols(f"mu1:{k + 1}", real=True)
    r = sp.Matrix(n, k, lambda i, j: sp.Symbol(f"r{i + 1}{j + 1}", nonnegative=True))
    J_seed = sp.Add(*[(x[i] - mu[j]) ** 2 for i in range(n) for j in range(k)])
    J = sp.Add(*[r[i, j] * (x[i] - mu[j]) ** 2 for i in range(n) for j in range(k)])
    grad_seed = [sp.expand(sp.diff(J_seed, m)) for m in mu]
    grad = [sp.expand(sp.diff(J, m)) for m in mu]
    claimed_grad = [-2 * sp.Add(*[r[i, j] * (x[i] - mu[j]) for i in range(n)]) for j in range(k)]
    seed_printed = [2 * sp.Add(*[(x[i] - mu[j]) for i in range(n)]) for j in range(k)]
    solution_seed = sp.solve(grad_seed, mu, dict=True)[0]
    solution = sp.solve(grad, mu, dict=True)[0]
    claimed_update = [sp.Add(*[r[i, j] * x[i] for i in range(n)]) / sp.Add(*[r[i, j] for i in range(n)])
                      for j in range(k)]
    return {
        "x": x, "mu": mu, "r": r, "J_seed": J_seed, "J": J,
        "grad_seed": grad_seed, "grad": grad, "claimed_grad": claimed_grad,
        "grad_difference": [sp.expand(g - c) for g, c in zip(grad, claimed_grad)],
        "seed_grad_as_printed": seed_printed,
        "solution_seed": solution_seed, "solution": solution, "claimed_update": claimed_update,
        "update_difference": [sp.simplify(solution[m] - c) for m, c in zip(mu, claimed_update)],
    }
