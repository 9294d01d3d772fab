"""k-means clustering by Lloyd's algorithm, written to be read (and fast enough to use).

:class:`KMeans` is the kit's teaching implementation of the objective that the seed article
gets wrong: ``J = sum_i sum_j r_ij ||x_i - mu_j||^2`` with assignment indicators ``r_ij``.
Distances are computed for all points at once through one matrix product (BLAS), centres
are updated with one sparse matrix product, and the objective is recorded after every
iteration. With the same initial centres it returns the same labels and inertia as
``sklearn.cluster.KMeans(algorithm="lloyd", n_init=1)`` -- the tests check this.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from recbook._validation import check_array, check_float, check_int, check_random_state

__all__ = ["KMeans", "kmeans_objective", "kmeans_plusplus"]


def _squared_distances_to_nearest(X, centers, x_sq=None):
    """Labels of the nearest centre and the squared distance to it, for all rows at once."""
    c_sq = np.einsum("ij,ij->i", centers, centers)
    # ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2; the ||x||^2 term does not change the argmin.
    # One BLAS matrix product gives the (n_clusters, n_samples) table of the other two terms.
    scores = (-2.0 * centers) @ X.T
    scores += c_sq[:, None]
    best = scores.min(axis=0)
    # first index attaining the minimum (as numpy.argmin), with a loop over the k clusters:
    # faster than argmin along the short axis
    labels = np.empty(X.shape[0], dtype=np.int64)
    for j in range(centers.shape[0] - 1, -1, -1):
        labels[scores[j] == best] = j
    if x_sq is None:
        x_sq = np.einsum("ij,ij->i", X, X)
    nearest = np.maximum(best + x_sq, 0.0)
    return labels, nearest


def _inertia(X, centers, labels):
    diff = X - centers[labels]
    return float(np.einsum("ij,ij->", diff, diff))


def kmeans_objective(X, centers, labels=None):
    """The k-means objective ``J = sum_i sum_j r_ij ||x_i - mu_j||^2``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    centers : array-like of shape (n_clusters, n_features)
    labels : array-like of int of shape (n_samples,), optional
        The assignment (``r_ij = 1`` iff ``labels[i] == j``). Default: each point's nearest
        centre, which minimises ``J`` for fixed centres.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If shapes disagree, an array is empty or contains NaN, or a label is not in
        ``[0, n_clusters)``.

    Examples
    --------
    >>> from recbook.cluster import kmeans_objective
    >>> kmeans_objective([[0.0], [2.0], [10.0]], [[1.0], [10.0]])
    2.0
    """
    X = check_array(X, "X", ndim=2, dtype=float)
    centers = check_array(centers, "centers", ndim=2, dtype=float)
    if centers.shape[1] != X.shape[1]:
        raise ValueError(f"centers must have {X.shape[1]} columns like X, got {centers.shape[1]}")
    if labels is None:
        labels, _ = _squared_distances_to_nearest(X, centers)
    else:
        labels = check_array(labels, "labels", ndim=1, dtype=np.int64)
        if labels.shape[0] != X.shape[0]:
            raise ValueError(f"labels must have length {X.shape[0]}, got {labels.shape[0]}")
        if labels.min() < 0 or labels.max() >= centers.shape[0]:
            raise ValueError(f"labels must lie in [0, {centers.shape[0]}), got "
                             f"[{labels.min()}, {labels.max()}]")
    return _inertia(X, centers, labels)


def kmeans_plusplus(X, n_clusters, *, random_state=None, n_local_trials=None):
    """Initial centres by greedy k-means++ (Arthur & Vassilvitskii, 2007).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
        Number of centres, ``1 <= n_clusters <= n_samples``.
    random_state : int, numpy.random.Generator or None
    n_local_trials : int, optional
        Candidates tried per step (the greedy variant keeps the one that lowers the
        objective most); default ``2 + int(log(n_clusters))`` as in scikit-learn.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
        Rows of ``X``.
    indices : ndarray of shape (n_clusters,)
        Their row indices.

    Notes
    -----
    The first centre is a uniformly random point; each next one is drawn with probability
    proportional to ``D(x)^2``, the squared distance to the nearest centre chosen so far.

    References
    ----------
    Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding.
    *Proceedings of SODA 2007*, 1027-1035.

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.cluster import kmeans_plusplus
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [10.0, 10.0], [10.1, 10.0]])
    >>> centers, idx = kmeans_plusplus(X, 2, random_state=0)
    >>> sorted(int(i) // 2 for i in idx)  # one centre in each blob
    [0, 1]
    """
    X = check_array(X, "X", ndim=2, dtype=float)
    n_clusters = check_int(n_clusters, "n_clusters", minimum=1)
    if n_clusters > X.shape[0]:
        raise ValueError(f"n_clusters must be <= n_samples ({X.shape[0]}), got {n_clusters}")
    rng = check_random_state(random_state)
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    n_local_trials = check_int(n_local_trials, "n_local_trials", minimum=1)
    n = X.shape[0]
    x_sq = np.einsum("ij,ij->i", X, X)
    indices = np.empty(n_clusters, dtype=np.int64)
    indices[0] = rng.integers(n)
    closest = np.maximum(x_sq - 2 * X @ X[indices[0]] + x_sq[indices[0]], 0.0)
    for c in range(1, n_clusters):
        total = closest.sum()
        if total <= 0:                       # fewer distinct points than clusters
            candidates = rng.integers(n, size=n_local_trials)
        else:
            candidates = np.searchsorted(np.cumsum(closest), rng.random(n_local_trials) * total)
            candidates = np.minimum(candidates, n - 1)
        # squared distances of every point to every candidate, one matrix product
        d_cand = np.maximum(x_sq[None, :] - 2 * X[candidates] @ X.T + x_sq[candidates, None], 0.0)
        d_cand = np.minimum(d_cand, closest[None, :])
        best = int(np.argmin(d_cand.sum(axis=1)))
        indices[c] = candidates[best]
        closest = d_cand[best]
    return X[indices].copy(), indices


class KMeans(ClusterMixin, BaseEstimator):
    """k-means by Lloyd's algorithm (a teaching implementation, checked against scikit-learn).

    Parameters
    ----------
    n_clusters : int, default=8
        Number of clusters ``k`` (``1 <= k <= n_samples``).
    init : "k-means++" or array-like of shape (n_clusters, n_features), default="k-means++"
        Initial centres: greedy k-means++ (:func:`kmeans_plusplus`) or given explicitly.
    max_iter : int, default=300
        Maximum Lloyd iterations.
    tol : float, default=1e-4
        Relative tolerance, as in scikit-learn: stop when the squared movement of the centres,
        ``sum_j ||mu_j(new) - mu_j(old)||^2``, is at most ``tol`` times the mean per-feature
        variance of ``X``. The run also stops when no label changes.
    random_state : int, numpy.random.Generator or None, default=None
        Seed for k-means++.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
    inertia_ : float
        ``J`` at the end: sum of squared distances of points to their assigned centre.
    objective_history_ : ndarray
        ``J`` after each assignment step, then the final ``J`` (equal to ``inertia_``).
        Lloyd's algorithm never increases it.
    n_iter_ : int
        Iterations run.

    Notes
    -----
    Lloyd's algorithm alternates two exact minimisations of
    ``J = sum_i sum_j r_ij ||x_i - mu_j||^2``:

    1. assignment -- for fixed centres, ``r_ij = 1`` for the nearest centre;
    2. update -- for fixed assignments, ``dJ/dmu_j = -2 sum_i r_ij (x_i - mu_j) = 0`` gives
       ``mu_j = sum_i r_ij x_i / sum_i r_ij``, the mean of cluster j.

    Neither step can increase ``J``, so the objective is non-increasing and the algorithm
    stops after finitely many steps (at a local minimum). An empty cluster is re-seeded with
    the point farthest from its centre, as scikit-learn does. Like scikit-learn, the data are
    centred before the iterations for numerical accuracy.

    References
    ----------
    Lloyd, S. P. (1982). Least squares quantization in PCM. *IEEE Transactions on Information
    Theory* 28(2), 129-137. doi:10.1109/TIT.1982.1056489
    Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding.
    *Proceedings of SODA 2007*, 1027-1035.

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.cluster import KMeans
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
    >>> km = KMeans(2, init=X[[0, 2]]).fit(X)
    >>> km.labels_.tolist(), km.inertia_
    ([0, 0, 1, 1], 1.0)
    >>> km.cluster_centers_.tolist()
    [[0.0, 0.5], [10.0, 0.5]]
    """

    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4, random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def _initial_centers(self, X, k):
        if isinstance(self.init, str):
            if self.init != "k-means++":
                raise ValueError(f"init must be 'k-means++' or an array of centres, got {self.init!r}")
            return kmeans_plusplus(X, k, random_state=self.random_state)[0]
        centers = check_array(self.init, "init", ndim=2, dtype=float)
        if centers.shape != (k, X.shape[1]):
            raise ValueError(f"init must have shape (n_clusters, n_features) = {(k, X.shape[1])}, "
                             f"got {centers.shape}")
        return centers

    def fit(self, X, y=None):
        """Run Lloyd's algorithm on ``X``; returns ``self``.

        Raises
        ------
        ValueError
            If ``X`` is empty, not 2-D or contains NaN; if ``n_clusters > n_samples``; if
            ``init`` has the wrong shape; or if ``max_iter``/``tol`` are out of range.
        """
        X = check_array(X, "X", ndim=2, dtype=float)
        k = check_int(self.n_clusters, "n_clusters", minimum=1)
        if k > X.shape[0]:
            raise ValueError(f"n_clusters must be <= n_samples ({X.shape[0]}), got {k}")
        max_iter = check_int(self.max_iter, "max_iter", minimum=1)
        tol = check_float(self.tol, "tol", low=0.0)
        n = X.shape[0]
        tol_scaled = float(np.mean(np.var(X, axis=0)) * tol) if tol > 0 else 0.0
        centers = self._initial_centers(X, k)
        x_mean = X.mean(axis=0)
        Xc = X - x_mean                           # centred copy (X itself is already a copy)
        centers = centers - x_mean
        x_sq = np.einsum("ij,ij->i", Xc, Xc)
        labels_old = np.full(n, -1, dtype=np.int64)
        history = []
        strict = False
        for iteration in range(max_iter):
            labels, nearest = _squared_distances_to_nearest(Xc, centers, x_sq)
            history.append(float(nearest.sum()))
            new_centers = self._update(Xc, labels, centers, k)
            shift = float(np.sum((new_centers - centers) ** 2))
            centers = new_centers
            if np.array_equal(labels, labels_old):
                strict = True
                break
            if shift <= tol_scaled:
                break
            labels_old = labels
        if not strict:
            labels, _ = _squared_distances_to_nearest(Xc, centers, x_sq)
        self.inertia_ = _inertia(Xc, centers, labels)
        history.append(self.inertia_)
        self.objective_history_ = np.array(history)
        self.labels_ = labels
        self.cluster_centers_ = centers + x_mean
        self.n_iter_ = iteration + 1
        self.n_features_in_ = X.shape[1]
        return self

    @staticmethod
    def _update(X, labels, old_centers, k):
        """Cluster means via one matrix product with the indicators r_ij; empty clusters re-seeded with far points."""
        onehot = (np.arange(k)[:, None] == labels[None, :]).astype(X.dtype)
        sums = onehot @ X                         # (k, n) @ (n, d): cluster sums by BLAS
        counts = np.bincount(labels, minlength=k).astype(float)
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            # squared distance of each point to its own (old) centre; the farthest points
            # become the new centres of the empty clusters
            own = np.einsum("ij,ij->i", X - old_centers[labels], X - old_centers[labels])
            if own.max() > 0:
                far = np.argsort(-own, kind="stable")[: empty.size]
                for cluster, point in zip(empty, far):
                    sums[labels[point]] -= X[point]
                    counts[labels[point]] -= 1
                    sums[cluster] = X[point]
                    counts[cluster] = 1
        new_centers = old_centers.copy()
        filled = counts > 0
        new_centers[filled] = sums[filled] / counts[filled, None]
        return new_centers

    def predict(self, X):
        """Index of the nearest centre for each row of ``X``."""
        if not hasattr(self, "cluster_centers_"):
            raise ValueError("this KMeans is not fitted yet; call fit(X) first")
        X = check_array(X, "X", ndim=2, dtype=float)
        if X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError(f"X must have {self.cluster_centers_.shape[1]} columns, got {X.shape[1]}")
        return _squared_distances_to_nearest(X, self.cluster_centers_)[0]

    def fit_predict(self, X, y=None):
        """Fit and return ``labels_``."""
        return self.fit(X).labels_

    def transform(self, X):
        """Euclidean distance of each row to each centre, shape ``(n_samples, n_clusters)``."""
        if not hasattr(self, "cluster_centers_"):
            raise ValueError("this KMeans is not fitted yet; call fit(X) first")
        X = check_array(X, "X", ndim=2, dtype=float)
        c = self.cluster_centers_
        d2 = (np.einsum("ij,ij->i", X, X)[:, None] - 2 * X @ c.T + np.einsum("ij,ij->i", c, c)[None, :])
        return np.sqrt(np.maximum(d2, 0.0))
