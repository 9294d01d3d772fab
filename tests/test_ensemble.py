import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook.ensemble import ambiguity_decomposition, ensemble_mean, mean_pairwise_correlation, variance_of_mean

shapes = st.tuples(st.integers(0, 10_000), st.integers(1, 8), st.integers(1, 30))


@given(shapes)
def test_ambiguity_decomposition_is_an_identity(shape):
    seed, m, n = shape
    rng = np.random.default_rng(seed)
    preds, y = rng.random((m, n)), rng.integers(0, 2, size=n)
    parts = ambiguity_decomposition(preds, y)
    assert parts["ensemble_error"] == pytest.approx(parts["average_member_error"] - parts["ambiguity"], abs=1e-12)
    assert parts["ambiguity"] >= 0
    assert parts["ensemble_error"] <= parts["average_member_error"] + 1e-12


@given(shapes)
def test_ensemble_mean_is_the_average_and_weights_reduce_to_it(shape):
    seed, m, n = shape
    preds = np.random.default_rng(seed).random((m, n))
    assert np.allclose(ensemble_mean(preds), preds.sum(axis=0) / m)
    assert np.allclose(ensemble_mean(preds, weights=np.full(m, 3.0)), ensemble_mean(preds))
    one_hot = np.zeros(m)
    one_hot[0] = 1.0
    assert np.allclose(ensemble_mean(preds, weights=one_hot), preds[0])


@given(st.floats(0.0, 10.0), st.floats(0.0, 1.0), st.integers(1, 100))
def test_variance_of_mean_formula_properties(sigma2, rho, m):
    v = variance_of_mean(sigma2, rho, m)
    assert rho * sigma2 - 1e-12 <= v <= sigma2 + 1e-12
    assert variance_of_mean(sigma2, rho, 1) == pytest.approx(sigma2)
    assert variance_of_mean(sigma2, 0.0, m) == pytest.approx(sigma2 / m)


@given(st.integers(0, 10_000), st.integers(2, 6), st.floats(0.0, 0.9))
def test_variance_of_mean_matches_simulation_and_estimates(seed, m, rho):
    rng = np.random.default_rng(seed)
    cov = np.full((m, m), rho) + (1 - rho) * np.eye(m)        # sigma^2 = 1
    draws = rng.multivariate_normal(np.zeros(m), cov, size=(4000, 3))  # (repeats, samples, m)
    preds = draws.transpose(0, 2, 1)                            # (repeats, members, samples)
    sigma2, rho_hat = mean_pairwise_correlation(preds)
    empirical = preds.mean(axis=1).var(axis=0, ddof=1)
    # exact identity with the averaged estimates
    for i in range(3):
        assert empirical[i] == pytest.approx(variance_of_mean(sigma2[i], rho_hat[i], m), rel=1e-9)
    # and close to the population values
    assert np.allclose(empirical, variance_of_mean(1.0, rho, m), rtol=0.15)


def test_mean_pairwise_correlation_of_identical_and_independent_members():
    rng = np.random.default_rng(0)
    shared = rng.normal(size=(500, 1, 4))
    s2, rho = mean_pairwise_correlation(np.repeat(shared, 3, axis=1))
    assert np.allclose(rho, 1.0)
    s2, rho = mean_pairwise_correlation(rng.normal(size=(5000, 4, 3)))
    assert np.all(np.abs(rho) < 0.05) and np.allclose(s2, 1.0, atol=0.05)


@pytest.mark.parametrize("call, exc, message", [
    (lambda: ensemble_mean([]), ValueError, "predictions must be 2-dimensional"),
    (lambda: ensemble_mean(np.empty((0, 3))), ValueError, "predictions must not be empty"),
    (lambda: ensemble_mean([[0.1, np.nan]]), ValueError, "predictions must not contain NaN"),
    (lambda: ensemble_mean([[0.1], [0.2]], weights=[1.0]), ValueError, "weights must have one entry per member"),
    (lambda: ensemble_mean([[0.1], [0.2]], weights=[0.0, 0.0]), ValueError, "weights must be non-negative"),
    (lambda: variance_of_mean(-1.0, 0.5, 3), ValueError, "sigma2 must be in"),
    (lambda: variance_of_mean(1.0, -0.6, 3), ValueError, "rho must be in"),
    (lambda: variance_of_mean(1.0, 0.5, 0), ValueError, "n_members must be >= 1"),
    (lambda: variance_of_mean(1.0, np.nan, 2), ValueError, "rho must be finite"),
    (lambda: mean_pairwise_correlation(np.zeros((1, 3, 2))), ValueError, "n_repeats >= 2"),
    (lambda: ambiguity_decomposition([[0.1, 0.2]], [0, 1, 1]), ValueError, "must have the same length"),
    (lambda: ambiguity_decomposition([[0.1, 0.2]], [0, np.nan]), ValueError, "y_true must not contain NaN"),
])
def test_bad_input_names_the_parameter(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_inputs_are_not_mutated():
    preds = np.array([[0.2, 0.9], [0.6, 0.5]])
    y = np.array([0.0, 1.0])
    weights = np.array([1.0, 2.0])
    before = [a.copy() for a in (preds, y, weights)]
    ensemble_mean(preds, weights)
    ambiguity_decomposition(preds, y)
    mean_pairwise_correlation(np.stack([preds, preds + 1.0]))
    for a, b in zip(before, (preds, y, weights)):
        assert np.array_equal(a, b)
