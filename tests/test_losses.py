import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.utils.class_weight import compute_class_weight

from recbook.losses import (
    WEIGHT_SCHEMES,
    TeachingLogisticRegression,
    class_weights,
    focal_loss,
    focal_loss_grad,
    sample_weights,
    sigmoid,
    weighted_bce,
    weighted_bce_grad,
)

labels = st.lists(st.integers(0, 3), min_size=2, max_size=60).filter(lambda ys: len(set(ys)) >= 2)
binary = st.lists(st.integers(0, 1), min_size=1, max_size=20)


def _logits_like(ys, seed):
    return np.random.default_rng(seed).uniform(-6, 6, size=len(ys))


def _finite_difference(f, z, h=1e-6):
    grad = np.empty_like(z)
    for i in range(z.size):
        up, down = z.copy(), z.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


# --- class weights ----------------------------------------------------------------------

@given(labels, st.sampled_from(WEIGHT_SCHEMES), st.floats(0.0, 0.9999))
def test_class_weights_are_positive_finite_and_cover_every_class(ys, scheme, beta):
    weights = class_weights(ys, scheme, beta=beta)
    assert sorted(weights) == sorted(set(ys))
    values = np.array(list(weights.values()))
    assert np.all(np.isfinite(values)) and np.all(values > 0)


@given(labels)
def test_balanced_equals_sklearn_and_gives_each_class_equal_total_weight(ys):
    ys = np.array(ys)
    weights = class_weights(ys, "balanced")
    classes = np.unique(ys)
    expected = compute_class_weight("balanced", classes=classes, y=ys)
    assert np.allclose([weights[c] for c in classes.tolist()], expected)
    totals = [weights[c] * np.sum(ys == c) for c in classes.tolist()]
    assert np.allclose(totals, len(ys) / len(classes))


@given(labels)
def test_rarer_classes_never_get_smaller_weights(ys):
    counts = {c: ys.count(c) for c in set(ys)}
    for scheme in ("inverse", "balanced", "inverse_sqrt", "effective"):
        w = class_weights(ys, scheme, beta=0.99)
        for a in counts:
            for b in counts:
                if counts[a] < counts[b]:
                    assert w[a] >= w[b] - 1e-12


def test_class_weight_known_values():
    ys = [0] * 90 + [1] * 10
    assert class_weights(ys, "inverse") == pytest.approx({0: 1 / 90, 1: 1 / 10})
    assert class_weights(ys, "balanced") == pytest.approx({0: 100 / 180, 1: 100 / 20})
    assert class_weights(ys, "inverse_sqrt") == pytest.approx({0: np.sqrt(100 / 180), 1: np.sqrt(5.0)})
    assert class_weights(ys, "none") == {0: 1.0, 1: 1.0}
    eff = class_weights(ys, "effective", beta=0.9)
    raw = {c: (1 - 0.9) / (1 - 0.9 ** n) for c, n in ((0, 90), (1, 10))}
    total = sum(raw.values())
    assert eff == pytest.approx({c: 2 * v / total for c, v in raw.items()})


def test_effective_weights_interpolate_between_equal_and_inverse_frequency():
    ys = [0] * 900 + [1] * 100
    assert class_weights(ys, "effective", beta=0.0) == pytest.approx({0: 1.0, 1: 1.0})
    near_one = class_weights(ys, "effective", beta=1 - 1e-9)
    assert near_one[1] / near_one[0] == pytest.approx(9.0, rel=1e-3)


def test_class_weights_accept_string_labels():
    assert class_weights(["a", "a", "b"], "inverse") == pytest.approx({"a": 0.5, "b": 1.0})


@pytest.mark.parametrize("kwargs, exc, message", [
    (dict(y=[]), ValueError, "y must not be empty"),
    (dict(y=[1, 1, 1]), ValueError, "y must contain at least two classes"),
    (dict(y=[0.0, np.nan, 1.0]), ValueError, "y must not contain NaN"),
    (dict(y=[[0, 1]]), ValueError, "y must be 1-dimensional"),
    (dict(y=[0, 1], scheme="bogus"), ValueError, "scheme must be one of"),
    (dict(y=[0, 1], scheme="effective", beta=1.0), ValueError, "beta must be in"),
    (dict(y=[0, 1], beta="x"), TypeError, "beta must be a real number"),
    (dict(y=None), TypeError, "y must be array-like"),
])
def test_class_weights_reject_bad_input(kwargs, exc, message):
    with pytest.raises(exc, match=message):
        class_weights(**kwargs)


def test_sample_weights_map_classes_and_reject_missing_classes():
    assert sample_weights([1, 0, 1], {0: 0.5, 1: 3.0}).tolist() == [3.0, 0.5, 3.0]
    with pytest.raises(ValueError, match="weights has no entry"):
        sample_weights([0, 2], {0: 1.0})
    with pytest.raises(TypeError, match="weights must be a dict"):
        sample_weights([0, 1], [1.0, 2.0])


# --- weighted cross-entropy ---------------------------------------------------------------

@given(binary, st.integers(0, 10_000))
def test_weighted_bce_matches_sklearn_log_loss(ys, seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.01, 0.99, size=len(ys))
    w = rng.uniform(0.1, 5.0, size=len(ys))
    ours = weighted_bce(ys, p, sample_weight=w, reduction="sum") / w.sum()
    assert ours == pytest.approx(log_loss(ys, p, sample_weight=w, labels=[0, 1]), rel=1e-9)
    assert weighted_bce(ys, p, w) == pytest.approx(weighted_bce(ys, p, w, reduction="sum") / len(ys))


@given(binary, st.integers(0, 10_000), st.sampled_from(["mean", "sum"]))
def test_weighted_bce_grad_equals_finite_differences(ys, seed, reduction):
    ys = np.array(ys)
    z = _logits_like(ys, seed)
    w = np.random.default_rng(seed + 1).uniform(0.1, 5.0, size=ys.size)
    numeric = _finite_difference(lambda zz: weighted_bce(ys, sigmoid(zz), w, reduction=reduction), z)
    analytic = weighted_bce_grad(ys, z, w, reduction=reduction)
    assert np.allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_constant_weight_only_rescales_loss_and_gradient():
    ys = np.array([0, 0, 0, 1])
    z = np.array([-1.0, 0.3, 2.0, -0.5])
    c = 1 / 7
    assert weighted_bce(ys, sigmoid(z), np.full(4, c)) == pytest.approx(c * weighted_bce(ys, sigmoid(z)))
    assert np.allclose(weighted_bce_grad(ys, z, np.full(4, c)), c * weighted_bce_grad(ys, z))


# --- focal loss --------------------------------------------------------------------------

@given(binary, st.integers(0, 10_000), st.floats(0.0, 5.0),
       st.one_of(st.none(), st.floats(0.05, 0.95)))
def test_focal_loss_grad_equals_finite_differences(ys, seed, gamma, alpha):
    ys = np.array(ys)
    z = _logits_like(ys, seed)
    numeric = _finite_difference(lambda zz: focal_loss(ys, sigmoid(zz), gamma, alpha, reduction="sum"), z)
    analytic = focal_loss_grad(ys, z, gamma, alpha, reduction="sum")
    assert np.allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@given(binary, st.integers(0, 10_000))
def test_focal_loss_with_gamma_zero_is_cross_entropy(ys, seed):
    z = _logits_like(ys, seed)
    assert focal_loss(ys, sigmoid(z), gamma=0.0) == pytest.approx(weighted_bce(ys, sigmoid(z)), rel=1e-10)
    assert np.allclose(focal_loss_grad(ys, z, gamma=0.0), weighted_bce_grad(ys, z))


def test_focal_loss_alpha_weights_the_classes():
    ys, p = [1, 0], [0.7, 0.4]
    both = focal_loss(ys, p, gamma=1.0, reduction="sum")
    pos = focal_loss([1], [0.7], gamma=1.0, reduction="sum")
    neg = focal_loss([0], [0.4], gamma=1.0, reduction="sum")
    assert both == pytest.approx(pos + neg)
    assert focal_loss(ys, p, gamma=1.0, alpha=0.25, reduction="sum") == pytest.approx(0.25 * pos + 0.75 * neg)


def test_focal_loss_down_weights_easy_examples_more_than_hard_ones():
    easy = focal_loss([1], [0.95], gamma=2.0) / weighted_bce([1], [0.95])
    hard = focal_loss([1], [0.30], gamma=2.0) / weighted_bce([1], [0.30])
    assert easy < hard


# --- bad input and no mutation for the loss functions ---------------------------------------

LOSS_CALLS = [
    lambda y, v, **kw: weighted_bce(y, v, **kw),
    lambda y, v, **kw: focal_loss(y, v, **kw),
]
GRAD_CALLS = [
    lambda y, v, **kw: weighted_bce_grad(y, v, **kw),
    lambda y, v, **kw: focal_loss_grad(y, v, **kw),
]


@pytest.mark.parametrize("func", LOSS_CALLS)
@pytest.mark.parametrize("y, p, message", [
    ([], [], "y_true must not be empty"),
    ([0, 1], [0.5, 1.5], r"p must contain probabilities in \[0, 1\]"),
    ([0, 1], [0.5, -0.1], r"p must contain probabilities in \[0, 1\]"),
    ([0, 1], [0.5, np.nan], "p must not contain NaN"),
    ([0, 2], [0.5, 0.5], "y_true must contain only the labels 0 and 1"),
    ([0, 1, 1], [0.5, 0.5], "y_true and p must have the same length"),
])
def test_losses_reject_bad_input(func, y, p, message):
    with pytest.raises(ValueError, match=message):
        func(y, p)


@pytest.mark.parametrize("func", GRAD_CALLS)
@pytest.mark.parametrize("y, z, message", [
    ([], [], "y_true must not be empty"),
    ([0, 1], [0.5, np.inf], "logits must not contain NaN"),
    ([0, 1], [0.5], "y_true and logits must have the same length"),
    ([0, np.nan], [0.5, 0.1], "y_true must not contain NaN"),
])
def test_gradients_reject_bad_input(func, y, z, message):
    with pytest.raises(ValueError, match=message):
        func(y, z)


def test_bad_weights_gamma_alpha_and_reduction_are_named():
    with pytest.raises(ValueError, match="sample_weight must be non-negative"):
        weighted_bce([0, 1], [0.2, 0.8], sample_weight=[1.0, -1.0])
    with pytest.raises(ValueError, match="sample_weight must have length 2"):
        weighted_bce_grad([0, 1], [0.2, 0.8], sample_weight=[1.0])
    with pytest.raises(ValueError, match="gamma must be in"):
        focal_loss([0, 1], [0.2, 0.8], gamma=-1.0)
    with pytest.raises(ValueError, match="alpha must be in"):
        focal_loss_grad([0, 1], [0.2, 0.8], alpha=1.5)
    with pytest.raises(ValueError, match="reduction must be one of"):
        weighted_bce([0, 1], [0.2, 0.8], reduction="max")


def test_loss_functions_do_not_mutate_inputs():
    y = np.array([0, 1, 1, 0])
    p = np.array([0.0, 1.0, 0.3, 0.6])            # includes values that get clipped
    z = np.array([-3.0, 2.0, 0.1, 40.0])
    w = np.array([1.0, 2.0, 3.0, 4.0])
    copies = [a.copy() for a in (y, p, z, w)]
    weighted_bce(y, p, w)
    weighted_bce_grad(y, z, w)
    focal_loss(y, p, 2.0, 0.25)
    focal_loss_grad(y, z, 2.0, 0.25)
    class_weights(y, "effective")
    TeachingLogisticRegression().fit(np.column_stack([z, p]), y, sample_weight=w)
    for before, after in zip(copies, (y, p, z, w)):
        assert np.array_equal(before, after)


def test_losses_are_finite_at_the_edges_and_gradients_stable_for_large_logits():
    assert np.isfinite(weighted_bce([1, 0], [0.0, 1.0]))
    grad = focal_loss_grad([1, 0], [-500.0, 500.0], gamma=2.0, reduction="sum")
    assert np.all(np.isfinite(grad))
    assert np.allclose(grad, [-1.0, 1.0])   # far on the wrong side: the focal weight is ~1


# --- the teaching logistic regression ----------------------------------------------------------

def _data(seed=0, n=400, d=3, rate=0.15):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    logits = X @ rng.normal(size=d) + np.log(rate / (1 - rate))
    y = (rng.random(n) < sigmoid(logits)).astype(int)
    return X, y


@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 1.0, 1: 7.0}])
@pytest.mark.parametrize("C", [0.1, 1.0, np.inf])
def test_teaching_logistic_regression_matches_sklearn(class_weight, C):
    X, y = _data()
    ours = TeachingLogisticRegression(C=C, class_weight=class_weight).fit(X, y)
    ref = LogisticRegression(C=C, class_weight=class_weight, solver="newton-cholesky",
                             tol=1e-12, max_iter=500).fit(X, y)
    assert np.allclose(ours.coef_, ref.coef_, atol=1e-6)
    assert np.allclose(ours.intercept_, ref.intercept_, atol=1e-6)
    assert np.allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    assert np.array_equal(ours.predict(X), ref.predict(X))


@given(st.integers(0, 1000), st.integers(1, 4))
def test_integer_weights_equal_replicated_rows(seed, k):
    X, y = _data(seed, n=120)
    counts = np.where(y == 1, k, 1)
    weighted = TeachingLogisticRegression(C=np.inf).fit(X, y, sample_weight=counts)
    replicated = TeachingLogisticRegression(C=np.inf).fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    assert np.allclose(weighted.coef_, replicated.coef_, atol=1e-8)
    assert np.allclose(weighted.intercept_, replicated.intercept_, atol=1e-8)


def test_constant_weights_do_not_change_the_unpenalised_fit():
    X, y = _data(3)
    plain = TeachingLogisticRegression(C=np.inf).fit(X, y)
    scaled = TeachingLogisticRegression(C=np.inf).fit(X, y, sample_weight=np.full(len(y), 1 / 37))
    assert np.allclose(plain.coef_, scaled.coef_, atol=1e-8)


def test_teaching_logistic_regression_rejects_bad_input():
    X, y = _data()
    with pytest.raises(ValueError, match="y must contain both classes"):
        TeachingLogisticRegression().fit(X, np.zeros(len(y)))
    with pytest.raises(ValueError, match="X must not contain NaN"):
        TeachingLogisticRegression().fit(np.full_like(X, np.nan), y)
    with pytest.raises(ValueError, match="X must not be empty"):
        TeachingLogisticRegression().fit(np.empty((0, 3)), [])
    with pytest.raises(ValueError, match="X and y must have the same length"):
        TeachingLogisticRegression().fit(X[:-1], y)
    with pytest.raises(ValueError, match="C must be a positive real number"):
        TeachingLogisticRegression(C=0).fit(X, y)
    with pytest.raises(ValueError, match="class_weight must be None"):
        TeachingLogisticRegression(class_weight="auto").fit(X, y)
    model = TeachingLogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="X must have 3 columns"):
        model.predict(X[:, :2])
