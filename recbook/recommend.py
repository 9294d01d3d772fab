"""Simple recommenders for implicit feedback, and negative sampling (data-and-methods layer).

Every recommender follows one small API: ``fit(X)`` on a user x item interaction matrix
(rows users, columns items, non-zero = the user interacted), then ``score(users)`` for the
full score matrix and ``recommend(users, k)`` for the top-``k`` item ids per user. Items a
user has already interacted with are excluded by default, ties are broken by the smaller item
id, and the same data give the same lists on every run.

* :class:`MostPopular` -- the non-personalised baseline: the items with most interactions.
* :class:`ItemCooccurrence` -- item-to-item collaborative filtering with cosine similarity of
  item columns ("people who bought this also bought").
* :class:`TruncatedSVDRecommender` -- a low-rank factorisation of the implicit matrix with
  :class:`sklearn.decomposition.TruncatedSVD` (PureSVD).
* :class:`SampledSoftmaxMF` -- a teaching implementation of matrix factorisation trained with
  a sampled softmax, to show how uniform vs popularity-proportional negative sampling and the
  log-Q correction change what is recommended.

Helpers: :func:`interaction_matrix` builds the sparse matrix from (user, item) pairs, and
:func:`negative_sampling_distribution` / :func:`sample_negatives` draw negatives.
"""

from __future__ import annotations

import numbers

import numpy as np
import scipy.sparse as sp

from recbook._validation import check_array, check_float, check_int, check_random_state

__all__ = [
    "interaction_matrix",
    "MostPopular",
    "ItemCooccurrence",
    "TruncatedSVDRecommender",
    "negative_sampling_distribution",
    "sample_negatives",
    "SampledSoftmaxMF",
]


def interaction_matrix(user_ids, item_ids, n_users=None, n_items=None, *, binary=True):
    """Build a sparse user x item matrix from interaction pairs.

    Parameters
    ----------
    user_ids, item_ids : array-like of int, shape (n,)
        One entry per interaction (e.g. a click): non-negative integer ids.
    n_users, n_items : int or None, default=None
        Matrix shape; ``None`` means ``max(id) + 1``. Must exceed every id.
    binary : bool, default=True
        If true, repeated pairs count once (entries are 1); otherwise entries are counts.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (n_users, n_items), dtype float64

    Raises
    ------
    TypeError
        If the ids are not integers.
    ValueError
        If the ids are negative, of different lengths, empty, or not below the shape.

    Examples
    --------
    >>> from recbook.recommend import interaction_matrix
    >>> interaction_matrix([0, 0, 1, 0], [2, 2, 0, 1], n_items=4).toarray()
    array([[0., 1., 1., 0.],
           [1., 0., 0., 0.]])
    """
    users = _check_ids(user_ids, "user_ids")
    items = _check_ids(item_ids, "item_ids")
    if users.size != items.size:
        raise ValueError(f"user_ids and item_ids must have the same length, got {users.size} "
                         f"and {items.size}")
    n_users = int(users.max()) + 1 if n_users is None else check_int(n_users, "n_users", minimum=1)
    n_items = int(items.max()) + 1 if n_items is None else check_int(n_items, "n_items", minimum=1)
    if users.max() >= n_users:
        raise ValueError(f"n_users must exceed every user id, got n_users={n_users} and id {users.max()}")
    if items.max() >= n_items:
        raise ValueError(f"n_items must exceed every item id, got n_items={n_items} and id {items.max()}")
    if not isinstance(binary, bool):
        raise TypeError(f"binary must be True or False, got {binary!r}")
    matrix = sp.csr_matrix((np.ones(users.size), (users, items)), shape=(n_users, n_items))
    matrix.sum_duplicates()
    if binary:
        matrix.data[:] = 1.0
    return matrix


def _check_ids(values, name):
    array = check_array(values, name, ndim=1, dtype=float)
    if not np.all(array == np.round(array)):
        raise TypeError(f"{name} must contain integer ids")
    if np.any(array < 0):
        raise ValueError(f"{name} must be non-negative, got {array.min():.0f}")
    return array.astype(np.int64)


def _check_interactions(X, name="X"):
    """Return a float64 CSR copy of a non-negative 2-D matrix (sparse or dense)."""
    if sp.issparse(X):
        matrix = sp.csr_matrix(X, dtype=np.float64, copy=True)
        if matrix.ndim != 2:
            raise ValueError(f"{name} must be 2-dimensional")
        if matrix.shape[0] == 0 or matrix.shape[1] == 0:
            raise ValueError(f"{name} must not be empty, got shape {matrix.shape}")
        data = matrix.data
    else:
        dense = check_array(X, name, ndim=2, dtype=float)
        matrix = sp.csr_matrix(dense)
        data = dense.ravel()
    if not np.all(np.isfinite(data)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    if np.any(data < 0):
        raise ValueError(f"{name} must be non-negative (interaction counts or weights)")
    if matrix.nnz == 0:
        raise ValueError(f"{name} must contain at least one interaction")
    matrix.eliminate_zeros()
    return matrix


class _BaseRecommender:
    """fit / score / recommend plumbing shared by the recommenders."""

    def fit(self, X):
        """Learn from the user x item interaction matrix ``X`` (sparse or dense, >= 0)."""
        self._check_params()
        self.X_ = _check_interactions(X)
        self.n_users_, self.n_items_ = self.X_.shape
        self._fit(self.X_)
        return self

    def _check_params(self):
        pass

    def _check_fitted(self):
        if not hasattr(self, "X_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X) first")

    def _users(self, users):
        self._check_fitted()
        if users is None:
            return np.arange(self.n_users_)
        array = _check_ids(np.atleast_1d(users), "users")
        if array.max() >= self.n_users_:
            raise ValueError(f"users must be < n_users_ = {self.n_users_}, got {array.max()}")
        return array

    def score(self, users=None, *, exclude_seen=True):
        """Scores of every item for ``users`` (default: all users), shape (n, n_items).

        With ``exclude_seen`` the items each user interacted with in the training matrix get
        a score 1 below the lowest score of that user's other items, so that they rank last
        while every score stays finite (as :mod:`recbook.metrics` requires).
        """
        users = self._users(users)
        scores = np.asarray(self._score(users), dtype=np.float64).copy()
        if not isinstance(exclude_seen, bool):
            raise TypeError(f"exclude_seen must be True or False, got {exclude_seen!r}")
        if exclude_seen:
            seen = self.X_[users]
            rows = np.repeat(np.arange(users.size), np.diff(seen.indptr))
            mask = np.zeros(scores.shape, dtype=bool)
            mask[rows, seen.indices] = True
            unseen_min = np.where(mask, np.inf, scores).min(axis=1, keepdims=True)
            floor = np.where(np.isfinite(unseen_min), unseen_min, scores.min(axis=1, keepdims=True))
            scores = np.where(mask, floor - 1.0, scores)
        return scores

    def recommend(self, users=None, k=10, *, exclude_seen=True, return_scores=False):
        """Top-``k`` item ids per user, best first (ties: smaller item id first).

        Parameters
        ----------
        users : array-like of int or None, default=None
            User ids (rows of the training matrix); ``None`` means every user.
        k : int, default=10
            List length, ``1 <= k <= n_items_``.
        exclude_seen : bool, default=True
            Rank the items a user interacted with in training last. (They still fill the
            list if fewer than ``k`` other items exist.)
        return_scores : bool, default=False
            Also return the scores of the listed items.

        Returns
        -------
        items : ndarray of int64, shape (n_users, k)
        scores : ndarray of float64, shape (n_users, k)
            Only if ``return_scores``.
        """
        k = check_int(k, "k", minimum=1)
        self._check_fitted()
        if k > self.n_items_:
            raise ValueError(f"k must be <= n_items_ = {self.n_items_}, got {k}")
        scores = self.score(users, exclude_seen=exclude_seen)
        items = _top_k(scores, k)
        if return_scores:
            return items, np.take_along_axis(scores, items, axis=1)
        return items


def _top_k(scores, k):
    """Indices of the ``k`` largest entries of each row, best first; ties -> smaller index."""
    # a stable sort of -scores keeps the smaller index first among equal scores
    return np.argsort(-scores, axis=1, kind="stable")[:, :k].astype(np.int64)


class MostPopular(_BaseRecommender):
    """Recommend the items with the most interactions, the same list for everyone.

    The score of item ``i`` is its number of interacting users, ``sum_u X[u, i]``. It is the
    baseline every personalised model must beat on accuracy, and the worst on coverage.

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.recommend import MostPopular
    >>> X = np.array([[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 1, 0]])
    >>> MostPopular().fit(X).recommend(k=2)
    array([[2, 3],
           [1, 3],
           [1, 3]])
    """

    def _fit(self, X):
        self.item_counts_ = np.asarray((X > 0).sum(axis=0), dtype=np.float64).ravel()

    def _score(self, users):
        return np.broadcast_to(self.item_counts_, (users.size, self.n_items_))


class ItemCooccurrence(_BaseRecommender):
    """Item-to-item collaborative filtering with cosine similarity.

    Parameters
    ----------
    shrinkage : float, default=0.0
        Added to the denominator of the cosine (>= 0); damps similarities between items with
        few interactions.

    Notes
    -----
    With the binary matrix ``B = [X > 0]``, the co-occurrence ``C = B^T B`` counts users who
    interacted with both items; the similarity is
    ``S_ij = C_ij / (sqrt(C_ii C_jj) + shrinkage)`` with ``S_ii = 0``, and the score of item
    ``j`` for user ``u`` is ``sum_i B_ui S_ij``.

    References
    ----------
    Sarwar, B., Karypis, G., Konstan, J. & Riedl, J. (2001). Item-based collaborative filtering
    recommendation algorithms. WWW 2001, 285-295. doi:10.1145/371920.372071
    Linden, G., Smith, B. & York, J. (2003). Amazon.com recommendations: item-to-item
    collaborative filtering. IEEE Internet Computing 7(1), 76-80. doi:10.1109/MIC.2003.1167344

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.recommend import ItemCooccurrence
    >>> X = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [1, 0, 0, 0]])
    >>> ItemCooccurrence().fit(X).recommend(k=1).ravel()
    array([2, 3, 1, 1])
    """

    def __init__(self, shrinkage=0.0):
        self.shrinkage = shrinkage

    def _check_params(self):
        self.shrinkage = check_float(self.shrinkage, "shrinkage", low=0.0)

    def _fit(self, X):
        binary = (X > 0).astype(np.float64)
        co = (binary.T @ binary).toarray()
        norms = np.sqrt(np.diag(co))
        denominator = np.outer(norms, norms) + self.shrinkage
        with np.errstate(divide="ignore", invalid="ignore"):
            similarity = np.where(denominator > 0, co / denominator, 0.0)
        np.fill_diagonal(similarity, 0.0)
        self.similarity_ = similarity
        self._binary = binary.tocsr()

    def _score(self, users):
        return np.asarray(self._binary[users] @ self.similarity_)


class TruncatedSVDRecommender(_BaseRecommender):
    """Low-rank factorisation of the implicit matrix with scikit-learn's TruncatedSVD.

    Parameters
    ----------
    n_components : int, default=32
        Rank of the factorisation (``1 <= n_components < n_items``).
    random_state : int, default=0
        Seed of the randomised SVD solver.

    Notes
    -----
    ``X ~ U_r Sigma_r V_r^T``; the score matrix is the rank-``r`` reconstruction
    ``X V_r V_r^T`` (PureSVD): missing entries are treated as zeros, which is what makes the
    method simple and, on implicit data, surprisingly strong.

    References
    ----------
    Cremonesi, P., Koren, Y. & Turrin, R. (2010). Performance of recommender algorithms on
    top-N recommendation tasks. RecSys 2010, 39-46. doi:10.1145/1864708.1864721

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.recommend import TruncatedSVDRecommender
    >>> X = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [0, 0, 1, 0]])
    >>> TruncatedSVDRecommender(n_components=2).fit(X).recommend(k=1).ravel()
    array([2, 3, 0, 3])
    """

    def __init__(self, n_components=32, random_state=0):
        self.n_components = n_components
        self.random_state = random_state

    def _check_params(self):
        self.n_components = check_int(self.n_components, "n_components", minimum=1)
        self.random_state = check_int(self.random_state, "random_state", minimum=0)

    def _fit(self, X):
        from sklearn.decomposition import TruncatedSVD

        if self.n_components >= X.shape[1]:
            raise ValueError(f"n_components must be < n_items ({X.shape[1]}), got {self.n_components}")
        self.svd_ = TruncatedSVD(n_components=self.n_components, algorithm="randomized",
                                 n_iter=7, random_state=self.random_state).fit(X)

    def _score(self, users):
        components = self.svd_.components_
        return np.asarray(self.X_[users] @ components.T) @ components


# --- negative sampling ----------------------------------------------------------------------

def negative_sampling_distribution(item_counts, strategy="uniform", *, alpha=1.0):
    """Probability ``q_i`` of drawing item ``i`` as a negative.

    Parameters
    ----------
    item_counts : array-like of shape (n_items,)
        Non-negative interaction counts per item.
    strategy : {"uniform", "popularity"}, default="uniform"
        ``"uniform"``: ``q_i = 1 / n_items``. ``"popularity"``: ``q_i`` proportional to
        ``(count_i + 1) ** alpha`` (add-one so that every item can be drawn) -- what in-batch
        negatives amount to, since an item appears in a batch as often as it is interacted with.
    alpha : float, default=1.0
        Exponent of the popularity strategy, in [0, 2] (word2vec uses 0.75).

    Returns
    -------
    ndarray of shape (n_items,)
        Positive probabilities summing to 1.

    Raises
    ------
    ValueError
        If the counts are negative or empty, or ``strategy`` is unknown.

    Examples
    --------
    >>> from recbook.recommend import negative_sampling_distribution
    >>> negative_sampling_distribution([3, 1, 0], "popularity").round(4)
    array([0.5714, 0.2857, 0.1429])
    """
    counts = check_array(item_counts, "item_counts", ndim=1, dtype=float)
    if np.any(counts < 0):
        raise ValueError("item_counts must be non-negative")
    alpha = check_float(alpha, "alpha", low=0.0, high=2.0)
    if strategy == "uniform":
        q = np.full(counts.size, 1.0 / counts.size)
    elif strategy == "popularity":
        weight = (counts + 1.0) ** alpha
        q = weight / weight.sum()
    else:
        raise ValueError(f"strategy must be 'uniform' or 'popularity', got {strategy!r}")
    return q


def sample_negatives(q, size, *, random_state=0):
    """Draw item ids with probabilities ``q`` (with replacement).

    Parameters
    ----------
    q : array-like of shape (n_items,)
        Sampling probabilities (non-negative, summing to 1), e.g. from
        :func:`negative_sampling_distribution`.
    size : int or tuple of int
        Output shape.
    random_state : int, numpy.random.Generator or None, default=0

    Returns
    -------
    ndarray of int64 of shape ``size``

    Examples
    --------
    >>> from recbook.recommend import sample_negatives
    >>> sample_negatives([0.0, 0.5, 0.5], 6, random_state=0)
    array([2, 1, 1, 1, 2, 2])
    """
    q = _check_distribution(q, "q")
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        size = (check_int(size, "size", minimum=1),)
    elif isinstance(size, tuple):
        size = tuple(check_int(s, "size", minimum=1) for s in size)
    else:
        raise TypeError(f"size must be an int or a tuple of ints, got {type(size).__name__}")
    rng = check_random_state(random_state)
    return rng.choice(q.size, size=size, p=q).astype(np.int64)


def _check_distribution(q, name):
    q = check_array(q, name, ndim=1, dtype=float)
    if np.any(q < 0) or not np.isclose(q.sum(), 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"{name} must be non-negative and sum to 1, got sum {q.sum():.6g}")
    return q


def _sampled_softmax_step(P, Q, users, positives, negatives, log_q, l2):
    """Loss and gradients of the sampled softmax for one batch (shared negatives).

    Candidates of row ``b`` are ``[positives[b], negatives...]``; logit ``z = p_u . q_i``,
    minus ``log q_i`` when ``log_q`` is given (the log-Q correction); a negative equal to the
    row's positive ("accidental hit") is masked out. Returns ``(loss, grad_P_rows, grad_Q)``
    where the loss is the batch mean of ``-log softmax(z)_0`` plus ``l2/2 (||p||^2 + ||q||^2)``
    over the rows involved.
    """
    candidates = np.concatenate([positives[:, None],
                                 np.broadcast_to(negatives, (positives.size, negatives.size))], axis=1)
    pu = P[users]                                # (b, f)
    qc = Q[candidates]                           # (b, 1 + m, f)
    logits = np.einsum("bf,bcf->bc", pu, qc)
    if log_q is not None:
        logits = logits - log_q[candidates]
    mask = np.zeros_like(logits, dtype=bool)
    mask[:, 1:] = candidates[:, 1:] == positives[:, None]
    logits = np.where(mask, -np.inf, logits)
    shift = logits.max(axis=1, keepdims=True)
    exp = np.exp(logits - shift)
    prob = exp / exp.sum(axis=1, keepdims=True)
    n = positives.size
    loss = float(np.mean(-np.log(prob[:, 0])))
    loss += 0.5 * l2 * (np.sum(pu ** 2) + np.sum(Q[candidates[:, 0]] ** 2)) / n
    delta = prob.copy()
    delta[:, 0] -= 1.0                           # d loss_b / d logit_bc
    delta /= n
    grad_pu = np.einsum("bc,bcf->bf", delta, qc) + l2 * pu / n
    grad_Q = np.zeros_like(Q)
    np.add.at(grad_Q, candidates.ravel(), (delta[:, :, None] * pu[:, None, :]).reshape(-1, Q.shape[1]))
    np.add.at(grad_Q, positives, l2 * Q[positives] / n)
    return loss, grad_pu, grad_Q


class SampledSoftmaxMF(_BaseRecommender):
    """Matrix factorisation trained with a sampled softmax (teaching implementation).

    Each training interaction ``(u, i)`` is contrasted with ``n_negatives`` items drawn from
    ``q`` (shared across a mini-batch); user and item vectors are learned by Adagrad.

    Parameters
    ----------
    n_factors : int, default=32
    n_negatives : int, default=20
    sampling : {"uniform", "popularity"}, default="uniform"
        The negative distribution ``q`` (see :func:`negative_sampling_distribution`).
    logq_correction : bool, default=False
        Subtract ``log q_i`` from every candidate's logit during training (Yi et al., 2019).
    alpha : float, default=1.0
        Exponent of the popularity distribution.
    n_epochs : int, default=10
    batch_size : int, default=256
    learning_rate : float, default=0.1
    l2 : float, default=1e-3
    random_state : int, default=0

    Notes
    -----
    The full softmax ``P(i | u) = exp(z_ui) / sum_j exp(z_uj)`` is too costly for a large
    catalogue, so the denominator is estimated from a sample of negatives drawn from ``q``.
    That estimate is biased unless every sampled logit is corrected to ``z_uj - log q_j``:
    a sampled item stands for ``1 / q_j`` items. Without the correction, popularity-
    proportional sampling punishes popular items (they are drawn as negatives far more often)
    and the learned scores are shifted by ``-log q``, towards the tail; with uniform sampling
    ``log q`` is a constant and the correction changes nothing. Scoring at recommendation
    time uses the plain ``z_ui``.

    References
    ----------
    Yi, X., Yang, J., Hong, L., Cheng, D. Z., Heldt, L., Kumthekar, A., Zhao, Z., Wei, L. &
    Chi, E. (2019). Sampling-bias-corrected neural modeling for large corpus item
    recommendations. RecSys 2019. doi:10.1145/3298689.3346996
    Bengio, Y. & Senecal, J.-S. (2008). Adaptive importance sampling to accelerate training
    of a neural probabilistic language model. IEEE Transactions on Neural Networks 19(4).

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.recommend import SampledSoftmaxMF
    >>> X = np.kron(np.eye(2), np.ones((3, 3)))   # two blocks of users sharing items
    >>> X[0, 1] = X[3, 4] = 0
    >>> model = SampledSoftmaxMF(n_factors=4, n_negatives=3, n_epochs=200, random_state=0).fit(X)
    >>> model.recommend([0, 3], k=1).ravel()
    array([1, 4])
    """

    def __init__(self, n_factors=32, n_negatives=20, sampling="uniform", logq_correction=False,
                 alpha=1.0, n_epochs=10, batch_size=256, learning_rate=0.1, l2=1e-3,
                 random_state=0):
        self.n_factors = n_factors
        self.n_negatives = n_negatives
        self.sampling = sampling
        self.logq_correction = logq_correction
        self.alpha = alpha
        self.n_epochs = n_epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.l2 = l2
        self.random_state = random_state

    def _check_params(self):
        self.n_factors = check_int(self.n_factors, "n_factors", minimum=1)
        self.n_negatives = check_int(self.n_negatives, "n_negatives", minimum=1)
        if self.sampling not in ("uniform", "popularity"):
            raise ValueError(f"sampling must be 'uniform' or 'popularity', got {self.sampling!r}")
        if not isinstance(self.logq_correction, bool):
            raise TypeError(f"logq_correction must be True or False, got {self.logq_correction!r}")
        self.alpha = check_float(self.alpha, "alpha", low=0.0, high=2.0)
        self.n_epochs = check_int(self.n_epochs, "n_epochs", minimum=1)
        self.batch_size = check_int(self.batch_size, "batch_size", minimum=1)
        self.learning_rate = check_float(self.learning_rate, "learning_rate", low=0.0, low_open=True)
        self.l2 = check_float(self.l2, "l2", low=0.0)
        self.random_state = check_int(self.random_state, "random_state", minimum=0)

    def _fit(self, X):
        rng = np.random.default_rng(self.random_state)
        coo = X.tocoo()
        users, items = coo.row.astype(np.int64), coo.col.astype(np.int64)
        order = np.lexsort((items, users))
        users, items = users[order], items[order]
        counts = np.asarray((X > 0).sum(axis=0)).ravel()
        self.q_ = negative_sampling_distribution(counts, self.sampling, alpha=self.alpha)
        log_q = np.log(self.q_) if self.logq_correction else None
        scale = 0.1 / np.sqrt(self.n_factors)
        P = rng.normal(0.0, scale, size=(self.n_users_, self.n_factors))
        Q = rng.normal(0.0, scale, size=(self.n_items_, self.n_factors))
        acc_P = np.full_like(P, 1e-8)
        acc_Q = np.full_like(Q, 1e-8)
        self.loss_curve_ = []
        for _ in range(self.n_epochs):
            permutation = rng.permutation(users.size)
            total = 0.0
            for start in range(0, users.size, self.batch_size):
                batch = permutation[start:start + self.batch_size]
                negatives = rng.choice(self.n_items_, size=self.n_negatives, p=self.q_)
                loss, grad_pu, grad_Q = _sampled_softmax_step(P, Q, users[batch], items[batch],
                                                              negatives, log_q, self.l2)
                grad_P = np.zeros_like(P)
                np.add.at(grad_P, users[batch], grad_pu)
                acc_P += grad_P ** 2
                acc_Q += grad_Q ** 2
                P -= self.learning_rate * grad_P / np.sqrt(acc_P)
                Q -= self.learning_rate * grad_Q / np.sqrt(acc_Q)
                total += loss * batch.size
            self.loss_curve_.append(total / users.size)
        self.user_factors_, self.item_factors_ = P, Q

    def _score(self, users):
        return self.user_factors_[users] @ self.item_factors_.T
