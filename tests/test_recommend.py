import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics.pairwise import cosine_similarity

from recbook.recommend import (ItemCooccurrence, MostPopular, SampledSoftmaxMF,
                               TruncatedSVDRecommender, _sampled_softmax_step, interaction_matrix,
                               negative_sampling_distribution, sample_negatives)

MODELS = [
    lambda: MostPopular(),
    lambda: ItemCooccurrence(),
    lambda: ItemCooccurrence(shrinkage=5.0),
    lambda: TruncatedSVDRecommender(n_components=5, random_state=0),
    lambda: SampledSoftmaxMF(n_factors=8, n_negatives=5, n_epochs=3, random_state=0),
    lambda: SampledSoftmaxMF(n_factors=8, n_negatives=5, n_epochs=3, sampling="popularity",
                             logq_correction=True, random_state=0),
]
IDS = ["popular", "cooc", "cooc-shrink", "svd", "mf-uniform", "mf-pop-logq"]


@pytest.fixture(scope="module")
def X():
    rng = np.random.default_rng(0)
    popularity = 1.0 / np.arange(1, 41)
    dense = (rng.random((60, 40)) < 0.3 * popularity / popularity.mean() * 0.4).astype(float)
    dense[np.arange(60), rng.integers(0, 40, 60)] = 1.0      # every user has an interaction
    return sp.csr_matrix(dense)


def test_interaction_matrix_binary_and_counts():
    users, items = [0, 0, 1, 2, 0], [1, 1, 2, 0, 3]
    binary = interaction_matrix(users, items, n_users=4, n_items=5).toarray()
    counts = interaction_matrix(users, items, n_users=4, n_items=5, binary=False).toarray()
    assert binary.shape == (4, 5) and binary[0, 1] == 1.0 and counts[0, 1] == 2.0
    assert counts.sum() == 5 and binary.sum() == 4


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(user_ids=[0, 1], item_ids=[0]), ValueError, "same length"),
    (dict(user_ids=[0, -1], item_ids=[0, 1]), ValueError, "user_ids must be non-negative"),
    (dict(user_ids=[0, 1.5], item_ids=[0, 1]), TypeError, "user_ids must contain integer ids"),
    (dict(user_ids=[0, 3], item_ids=[0, 1], n_users=2), ValueError, "n_users must exceed every user id"),
    (dict(user_ids=[0, 1], item_ids=[0, 9], n_items=5), ValueError, "n_items must exceed every item id"),
    (dict(user_ids=[], item_ids=[]), ValueError, "user_ids must not be empty"),
    (dict(user_ids=[0], item_ids=[0], binary="no"), TypeError, "binary must be True or False"),
])
def test_interaction_matrix_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        interaction_matrix(**kwargs)


@pytest.mark.parametrize("make", MODELS, ids=IDS)
def test_shapes_no_duplicates_seen_items_excluded_and_deterministic(make, X):
    model = make().fit(X)
    recs, scores = model.recommend(k=7, return_scores=True)
    assert recs.shape == scores.shape == (60, 7) and recs.dtype == np.int64
    assert all(np.unique(row).size == 7 for row in recs)
    assert np.all(np.diff(scores, axis=1) <= 0)              # best first
    dense = X.toarray()
    assert not np.any(dense[np.arange(60)[:, None], recs] > 0)   # nothing already seen
    assert np.all(np.isfinite(model.score()))
    again = make().fit(X).recommend(k=7)
    np.testing.assert_array_equal(recs, again)
    some = model.recommend([3, 1], k=7)
    np.testing.assert_array_equal(some, recs[[3, 1]])


@pytest.mark.parametrize("make", MODELS, ids=IDS)
def test_fit_does_not_mutate_input(make, X):
    copy = X.copy()
    dense = X.toarray()
    dense_copy = dense.copy()
    make().fit(X)
    make().fit(dense)
    assert (X != copy).nnz == 0
    np.testing.assert_array_equal(dense, dense_copy)


def test_seen_items_rank_last_but_keep_finite_scores(X):
    model = MostPopular().fit(X)
    scores = model.score([0])
    seen = X[0].indices
    unseen = np.setdiff1d(np.arange(40), seen)
    assert scores[0, seen].max() < scores[0, unseen].min()
    raw = model.score([0], exclude_seen=False)
    np.testing.assert_array_equal(raw[0, unseen], scores[0, unseen])


def test_most_popular_counts_users_and_breaks_ties_by_item_id():
    X = np.array([[1, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    model = MostPopular().fit(X)
    np.testing.assert_array_equal(model.item_counts_, [1, 0, 2, 1])
    np.testing.assert_array_equal(model.recommend(k=4, exclude_seen=False)[0], [2, 0, 3, 1])


def test_cooccurrence_similarity_is_sklearn_cosine(X):
    model = ItemCooccurrence().fit(X)
    expected = cosine_similarity((X > 0).astype(float).T.toarray())
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(model.similarity_, expected, atol=1e-12)
    shrunk = ItemCooccurrence(shrinkage=10.0).fit(X).similarity_
    assert np.all(shrunk <= model.similarity_ + 1e-12)


def test_svd_scores_are_the_rank_r_reconstruction(X):
    model = TruncatedSVDRecommender(n_components=6, random_state=0).fit(X)
    svd = TruncatedSVD(n_components=6, algorithm="randomized", n_iter=7, random_state=0).fit(X)
    reconstruction = svd.transform(X) @ svd.components_
    np.testing.assert_allclose(model.score(exclude_seen=False), reconstruction, atol=1e-10)


def test_not_fitted_and_bad_arguments(X):
    with pytest.raises(RuntimeError, match="not fitted yet"):
        MostPopular().recommend()
    model = MostPopular().fit(X)
    with pytest.raises(ValueError, match="k must be <= n_items_ = 40, got 41"):
        model.recommend(k=41)
    with pytest.raises(ValueError, match="k must be >= 1, got 0"):
        model.recommend(k=0)
    with pytest.raises(ValueError, match="users must be < n_users_ = 60"):
        model.recommend([60])
    with pytest.raises(TypeError, match="exclude_seen must be True or False"):
        model.score(exclude_seen=1)
    with pytest.raises(ValueError, match="X must be non-negative"):
        MostPopular().fit(-X.toarray())
    with pytest.raises(ValueError, match="X must contain at least one interaction"):
        MostPopular().fit(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="X must be 2-dimensional"):
        MostPopular().fit(np.ones(4))
    with pytest.raises(ValueError, match="X must not contain NaN"):
        MostPopular().fit(np.array([[1.0, np.nan]]))
    with pytest.raises(ValueError, match=r"n_components must be < n_items \(40\), got 40"):
        TruncatedSVDRecommender(n_components=40).fit(X)
    with pytest.raises(ValueError, match="shrinkage must be in"):
        ItemCooccurrence(shrinkage=-1.0).fit(X)
    with pytest.raises(ValueError, match="sampling must be 'uniform' or 'popularity'"):
        SampledSoftmaxMF(sampling="hard").fit(X)
    with pytest.raises(TypeError, match="logq_correction must be True or False"):
        SampledSoftmaxMF(logq_correction="yes").fit(X)
    with pytest.raises(ValueError, match="learning_rate must be in"):
        SampledSoftmaxMF(learning_rate=0.0).fit(X)


# --- negative sampling ---------------------------------------------------------------------

def test_negative_sampling_distributions():
    counts = np.array([9.0, 4.0, 0.0, 1.0])
    np.testing.assert_allclose(negative_sampling_distribution(counts), 0.25)
    q = negative_sampling_distribution(counts, "popularity")
    np.testing.assert_allclose(q, (counts + 1) / (counts + 1).sum())
    q75 = negative_sampling_distribution(counts, "popularity", alpha=0.75)
    assert q75[0] < q[0] and q75[2] > q[2] and q75.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(negative_sampling_distribution(counts, "popularity", alpha=0), 0.25)


@given(seed=st.integers(0, 1000))
def test_sample_negatives_follow_q(seed):
    q = np.array([0.5, 0.3, 0.2, 0.0])
    draws = sample_negatives(q, 4000, random_state=seed)
    frequencies = np.bincount(draws, minlength=4) / draws.size
    assert frequencies[3] == 0.0
    assert np.all(np.abs(frequencies - q) < 5 * np.sqrt(q * (1 - q) / draws.size) + 1e-12)


def test_sample_negatives_bad_input_and_no_mutation():
    q = np.array([0.5, 0.5])
    before = q.copy()
    assert sample_negatives(q, (2, 3), random_state=1).shape == (2, 3)
    np.testing.assert_array_equal(q, before)
    with pytest.raises(ValueError, match="q must be non-negative and sum to 1"):
        sample_negatives([0.5, 0.6], 3)
    with pytest.raises(TypeError, match="size must be an int or a tuple"):
        sample_negatives(q, 2.5)
    with pytest.raises(ValueError, match="strategy must be 'uniform' or 'popularity'"):
        negative_sampling_distribution([1, 2], "hard")
    with pytest.raises(ValueError, match="item_counts must be non-negative"):
        negative_sampling_distribution([1, -2])


def _batch_loss(P, Q, users, positives, negatives, log_q, l2):
    return _sampled_softmax_step(P, Q, users, positives, negatives, log_q, l2)[0]


@pytest.mark.parametrize("with_logq", [False, True])
def test_sampled_softmax_gradient_matches_finite_differences(with_logq):
    rng = np.random.default_rng(3)
    P, Q = rng.normal(size=(5, 3)), rng.normal(size=(7, 3))
    users, positives = np.array([0, 2, 2, 4]), np.array([1, 3, 5, 1])
    negatives = np.array([0, 3, 6, 6])                  # includes an accidental hit (3) and a repeat
    log_q = np.log(rng.dirichlet(np.ones(7))) if with_logq else None
    loss, grad_pu, grad_Q = _sampled_softmax_step(P, Q, users, positives, negatives, log_q, 0.1)
    grad_P = np.zeros_like(P)
    np.add.at(grad_P, users, grad_pu)
    eps = 1e-6
    for matrix, grad in ((P, grad_P), (Q, grad_Q)):
        numeric = np.zeros_like(matrix)
        for index in np.ndindex(matrix.shape):
            old = matrix[index]
            matrix[index] = old + eps
            up = _batch_loss(P, Q, users, positives, negatives, log_q, 0.1)
            matrix[index] = old - eps
            down = _batch_loss(P, Q, users, positives, negatives, log_q, 0.1)
            matrix[index] = old
            numeric[index] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grad, numeric, atol=1e-6)


def test_full_softmax_limit_equals_categorical_cross_entropy():
    # with every item as a "negative" and the accidental hit masked, the sampled softmax is the
    # full softmax: compare with an explicit log-softmax
    rng = np.random.default_rng(0)
    P, Q = rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    users, positives = np.array([0, 1, 2]), np.array([2, 0, 3])
    loss = _sampled_softmax_step(P, Q, users, positives, np.arange(4), None, 0.0)[0]
    logits = P[users] @ Q.T
    log_softmax = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    assert loss == pytest.approx(-log_softmax[np.arange(3), positives].mean())


def test_logq_correction_is_a_no_op_under_uniform_sampling(X):
    plain = SampledSoftmaxMF(n_factors=8, n_epochs=3, random_state=1).fit(X)
    corrected = SampledSoftmaxMF(n_factors=8, n_epochs=3, logq_correction=True, random_state=1).fit(X)
    np.testing.assert_allclose(plain.score(), corrected.score(), atol=1e-10)


def test_popularity_negatives_without_correction_push_towards_the_tail(X):
    counts = np.asarray((X > 0).sum(axis=0)).ravel()
    head = np.argsort(-counts, kind="stable")[:8]

    def head_share(model):
        recs = model.fit(X).recommend(k=5)
        return np.isin(recs, head).mean()

    kwargs = dict(n_factors=8, n_negatives=10, n_epochs=15, random_state=0)
    biased = head_share(SampledSoftmaxMF(sampling="popularity", **kwargs))
    corrected = head_share(SampledSoftmaxMF(sampling="popularity", logq_correction=True, **kwargs))
    assert biased < corrected


def test_training_loss_decreases(X):
    model = SampledSoftmaxMF(n_factors=8, n_epochs=20, random_state=0).fit(X)
    assert model.loss_curve_[-1] < model.loss_curve_[0]
