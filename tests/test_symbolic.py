"""Every derivation is checked symbolically (difference == 0) and numerically."""

import numpy as np
import pytest
import sympy as sp

from recbook import symbolic
from recbook.ensemble import variance_of_mean as numeric_variance_of_mean
from recbook.losses import focal_loss_grad, sigmoid, weighted_bce_grad

RNG = np.random.default_rng(0)


def test_bce_logit_gradient_symbolic_and_numeric():
    d = symbolic.bce_logit_gradient()
    assert d["difference"] == 0 and d["second_difference"] == 0
    grad = sp.lambdify((d["y"], d["z"], d["w"]), d["gradient"], "numpy")
    loss = sp.lambdify((d["y"], d["z"], d["w"]), d["loss"], "numpy")
    y, z, w = RNG.integers(0, 2, 20), RNG.uniform(-5, 5, 20), RNG.uniform(0.1, 4, 20)
    h = 1e-6
    numeric = (loss(y, z + h, w) - loss(y, z - h, w)) / (2 * h)
    assert np.allclose(grad(y, z, w), numeric, atol=1e-7)
    assert np.allclose(grad(y, z, w), weighted_bce_grad(y, z, w, reduction="sum"))


def test_wrong_gradient_would_be_caught():
    d = symbolic.bce_logit_gradient()
    assert sp.simplify(d["gradient"] - d["w"] * (d["y"] - symbolic.sigmoid(d["z"]))) != 0


@pytest.mark.parametrize("n_features", [1, 2, 3])
def test_logistic_regression_gradient_and_psd_hessian(n_features):
    d = symbolic.logistic_regression_derivatives(n_features)
    assert d["gradient_difference"].is_zero_matrix and d["hessian_difference"].is_zero_matrix
    args = (*d["x"], *d["beta"], d["y"], d["w"])
    hess = sp.lambdify(args, d["hessian"], "numpy")
    for _ in range(10):
        x, b = RNG.normal(size=n_features), RNG.normal(size=n_features)
        H = np.array(hess(*x, *b, RNG.integers(0, 2), RNG.uniform(0.1, 5)), dtype=float)
        assert np.linalg.eigvalsh(H).min() >= -1e-12
    eig = d["hessian_eigenvalues"]
    assert sum(eig.values()) == n_features


def test_optimal_constant_prediction_and_logit_shift():
    d = symbolic.optimal_constant_prediction()
    assert d["difference"] == 0
    assert sp.simplify(d["logit_shift"] - sp.log(d["w1"] / d["w0"])) == 0
    risk = sp.lambdify((d["p"], d["pi"], d["w0"], d["w1"]), d["risk"], "numpy")
    star = sp.lambdify((d["pi"], d["w0"], d["w1"]), d["p_star"], "numpy")
    grid = np.linspace(1e-4, 1 - 1e-4, 200_001)
    for pi, w0, w1 in [(0.05, 1.0, 1.0), (0.05, 0.5, 10.0), (0.3, 2.0, 1.0)]:
        assert grid[np.argmin(risk(grid, pi, w0, w1))] == pytest.approx(star(pi, w0, w1), abs=1e-4)
    # balanced weights put the optimum at 1/2 whatever the prevalence
    pi = 0.02
    assert star(pi, 1 / (2 * (1 - pi)), 1 / (2 * pi)) == pytest.approx(0.5)


def test_effective_number():
    d = symbolic.effective_number()
    assert d["difference"] == 0 and d["limit_beta_0"] == 1 and d["limit_beta_1"] == d["n"]
    closed = sp.lambdify((d["beta"], d["n"]), d["closed_form"])
    assert closed(0.9, 10) == pytest.approx(sum(0.9 ** k for k in range(10)))


def test_focal_loss_gradient_matches_numpy():
    d = symbolic.focal_loss_gradient()
    assert d["difference"] == 0
    grad = sp.lambdify((d["z"], d["gamma"]), d["gradient"], "numpy")
    z = RNG.uniform(-6, 6, 30)
    for gamma in (0.0, 0.5, 2.0, 3.5):
        assert np.allclose(grad(z, gamma), focal_loss_grad(np.ones(30), z, gamma, reduction="sum"))
        # y = 0 by symmetry: dFL/dz(y=0, z) = -dFL/dz(y=1, -z)
        assert np.allclose(-grad(-z, gamma), focal_loss_grad(np.zeros(30), z, gamma, reduction="sum"))


def test_ensemble_mean_derivative_is_mean_of_derivatives():
    d = symbolic.ensemble_mean_derivative(3)
    theta = d["theta"]
    concrete = {f.func: sp.Lambda(theta, c * theta ** 2) for f, c in zip(d["members"], (1, 2, 3))}
    value = d["derivative"].subs(concrete).doit()
    assert sp.simplify(value - 4 * theta) == 0


@pytest.mark.parametrize("m", [None, 1, 2, 5])
def test_variance_of_mean(m):
    d = symbolic.variance_of_mean(m)
    assert d["difference"] == 0
    f = sp.lambdify((d["sigma"], d["rho"]), d["variance"].subs(d["M"], 7 if m is None else m))
    mm = 7 if m is None else m
    assert f(1.3, 0.4) == pytest.approx(numeric_variance_of_mean(1.3 ** 2, 0.4, mm))
    if m is None:
        assert sp.simplify(d["limit"] - d["rho"] * d["sigma"] ** 2) == 0


@pytest.mark.parametrize("m", [1, 2, 5])
def test_ambiguity_decomposition(m):
    d = symbolic.ambiguity_decomposition(m)
    assert d["difference"] == 0
    f = sp.lambdify((d["y"], *d["f"]), d["lhs"] - d["average_error"] + d["ambiguity"])
    assert abs(f(*RNG.random(m + 1))) < 1e-12


def test_kmeans_derivation():
    d = symbolic.kmeans_derivation(4, 2)
    assert all(e == 0 for e in d["grad_difference"]) and all(e == 0 for e in d["update_difference"])
    mean = sum(d["x"]) / 4
    assert all(sp.simplify(v - mean) == 0 for v in d["solution_seed"].values())
    # the seed's printed gradient has the wrong sign
    assert sp.expand(d["grad_seed"][0] + d["seed_grad_as_printed"][0]) == 0
    # numerically: the update with r_ij is the mean of the assigned points
    xs = np.array([0.0, 1.0, 5.0, 7.0])
    values = {**dict(zip(d["x"], xs))}
    r = np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
    values.update({d["r"][i, j]: int(r[i, j]) for i in range(4) for j in range(2)})
    mus = [float(d["solution"][m].subs(values)) for m in d["mu"]]
    assert mus == [0.5, 6.0]


@pytest.mark.parametrize("call, exc, message", [
    (lambda: symbolic.logistic_regression_derivatives(0), ValueError, "n_features must be >= 1"),
    (lambda: symbolic.variance_of_mean(0), ValueError, "n_members must be >= 1"),
    (lambda: symbolic.ambiguity_decomposition(2.0), TypeError, "n_members must be an integer"),
    (lambda: symbolic.kmeans_derivation(0, 2), ValueError, "n_points must be >= 1"),
    (lambda: symbolic.kmeans_derivation(3, 9), ValueError, "n_clusters must be <= 6"),
    (lambda: symbolic.ensemble_mean_derivative(-1), ValueError, "n_members must be >= 1"),
])
def test_bad_input_names_the_parameter(call, exc, message):
    with pytest.raises(exc, match=message):
        call()
