import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.cluster import KMeans as SklearnKMeans

from recbook.cluster import KMeans, kmeans_objective, kmeans_plusplus


def _blobs(seed, n=300, d=2, k=4, spread=1.0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=5.0, size=(k, d))
    return centres[rng.integers(k, size=n)] + rng.normal(scale=spread, size=(n, d))


cases = st.tuples(st.integers(0, 10_000), st.integers(20, 200), st.integers(1, 5), st.integers(1, 6))


@given(cases)
def test_equal_to_sklearn_lloyd_with_the_same_initial_centres(case):
    seed, n, d, k = case
    X = _blobs(seed, n=n, d=d, k=3, spread=2.0)
    init, _ = kmeans_plusplus(X, k, random_state=seed)
    ours = KMeans(k, init=init).fit(X)
    ref = SklearnKMeans(k, init=init, n_init=1, algorithm="lloyd").fit(X)
    assert np.array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9, abs=1e-9)
    assert np.allclose(ours.cluster_centers_, ref.cluster_centers_, atol=1e-9)
    assert ours.n_iter_ == ref.n_iter_


@given(cases)
def test_objective_never_increases_and_ends_at_the_inertia(case):
    seed, n, d, k = case
    X = _blobs(seed, n=n, d=d, spread=3.0)
    model = KMeans(k, random_state=seed, tol=0.0).fit(X)
    history = model.objective_history_
    assert np.all(np.diff(history) <= 1e-9 * history[0] + 1e-12)
    assert history[-1] == pytest.approx(model.inertia_)
    assert model.inertia_ == pytest.approx(kmeans_objective(X, model.cluster_centers_, model.labels_))


@given(st.integers(0, 10_000))
def test_fixed_point_centres_are_cluster_means_and_labels_nearest(seed):
    X = _blobs(seed, n=150, d=3)
    model = KMeans(3, random_state=seed, tol=0.0).fit(X)
    for j in range(3):
        members = X[model.labels_ == j]
        assert np.allclose(model.cluster_centers_[j], members.mean(axis=0))
    distances = ((X[:, None, :] - model.cluster_centers_[None]) ** 2).sum(-1)
    assert np.array_equal(model.labels_, distances.argmin(axis=1))
    assert np.array_equal(model.predict(X), model.labels_)
    assert np.allclose(model.transform(X) ** 2, distances)


def test_empty_cluster_is_reseeded_like_sklearn():
    X = np.array([[0.0], [0.1], [0.2], [10.0], [10.1], [30.0]])
    init = np.array([[0.1], [10.0], [100.0]])       # the third centre attracts no point
    ours = KMeans(3, init=init).fit(X)
    ref = SklearnKMeans(3, init=init, n_init=1, algorithm="lloyd").fit(X)
    assert np.array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ == pytest.approx(ref.inertia_)
    assert np.bincount(ours.labels_, minlength=3).min() >= 1


def test_kmeans_plusplus_returns_distinct_rows_spread_over_blobs():
    X = _blobs(1, n=400, d=2, k=4, spread=0.1)
    centers, idx = kmeans_plusplus(X, 4, random_state=0)
    assert np.array_equal(centers, X[idx]) and len(set(idx.tolist())) == 4
    labels = KMeans(4, init=centers).fit(X).labels_
    assert np.bincount(labels).min() > 50


def test_same_seed_same_result_and_sklearn_style_params():
    X = _blobs(2)
    a = KMeans(4, random_state=7).fit(X)
    b = KMeans(4, random_state=7).fit(X)
    assert np.array_equal(a.labels_, b.labels_)
    assert KMeans(3).get_params()["n_clusters"] == 3


def test_known_example():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
    model = KMeans(2, init=X[[0, 2]]).fit(X)
    assert model.labels_.tolist() == [0, 0, 1, 1]
    assert model.inertia_ == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs, X, exc, message", [
    (dict(n_clusters=3), np.empty((0, 2)), ValueError, "X must not be empty"),
    (dict(n_clusters=5), np.ones((4, 2)), ValueError, "n_clusters must be <= n_samples"),
    (dict(n_clusters=0), np.ones((4, 2)), ValueError, "n_clusters must be >= 1"),
    (dict(n_clusters=2.5), np.ones((4, 2)), TypeError, "n_clusters must be an integer"),
    (dict(n_clusters=2), np.array([[0.0, np.nan], [1.0, 1.0]]), ValueError, "X must not contain NaN"),
    (dict(n_clusters=2), np.ones(4), ValueError, "X must be 2-dimensional"),
    (dict(n_clusters=2, init="random"), np.ones((4, 2)), ValueError, "init must be 'k-means\\+\\+'"),
    (dict(n_clusters=2, init=np.ones((3, 2))), np.ones((4, 2)), ValueError, "init must have shape"),
    (dict(n_clusters=2, max_iter=0), np.ones((4, 2)), ValueError, "max_iter must be >= 1"),
    (dict(n_clusters=2, tol=-1.0), np.ones((4, 2)), ValueError, "tol must be in"),
])
def test_kmeans_rejects_bad_input(kwargs, X, exc, message):
    with pytest.raises(exc, match=message):
        KMeans(**kwargs).fit(X)


def test_other_functions_reject_bad_input():
    with pytest.raises(ValueError, match="n_clusters must be <= n_samples"):
        kmeans_plusplus(np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="labels must lie in"):
        kmeans_objective(np.ones((2, 2)), np.ones((1, 2)), [0, 1])
    with pytest.raises(ValueError, match="centers must have 2 columns"):
        kmeans_objective(np.ones((2, 2)), np.ones((1, 3)))
    with pytest.raises(ValueError, match="not fitted"):
        KMeans(2).predict(np.ones((2, 2)))


def test_inputs_are_not_mutated():
    X = _blobs(5)
    init = X[:3].copy()
    X_before, init_before = X.copy(), init.copy()
    model = KMeans(3, init=init).fit(X)
    model.predict(X)
    kmeans_plusplus(X, 3, random_state=0)
    kmeans_objective(X, init)
    assert np.array_equal(X, X_before) and np.array_equal(init, init_before)
