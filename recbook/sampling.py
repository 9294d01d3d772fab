"""Resampling for imbalanced data: teaching implementations of the classic samplers.

The four samplers below are **teaching implementations**: short, vectorised numpy code that
makes each method's rule visible. They follow imbalanced-learn's contract -- a
``fit_resample(X, y)`` method, a ``sampling_strategy`` argument with the same meaning and the
same resulting class counts, ``random_state`` -- so they drop into an
:class:`imblearn.pipeline.Pipeline` and are tested against imbalanced-learn
(``tests/test_sampling.py``). For real work use imbalanced-learn itself.

* :class:`RandomOverSampler` -- duplicate minority rows drawn with replacement;
* :class:`SMOTE` -- interpolate between a minority row and one of its k nearest minority
  neighbours, ``x_new = x_i + lambda (x_nn - x_i)`` with ``lambda ~ U(0, 1)``;
* :class:`RandomUnderSampler` -- keep a random subset of the majority rows;
* :class:`NearMiss` -- keep the majority rows chosen by a distance rule (versions 1, 2, 3);
* :func:`negative_downsample` and :func:`correct_downsampled_proba` -- the negative
  down-sampling used to train click-through-rate models, and the prior correction that maps
  the down-sampled model's probabilities back to the original base rate.

Every sampler leaves its inputs unchanged and returns new arrays; a pandas ``DataFrame`` /
``Series`` input gives a ``DataFrame`` / ``Series`` output with the same columns and name (the
index is reset), so that feature names survive inside a pipeline.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import BaseEstimator

from recbook._validation import (check_array, check_binary_labels, check_float, check_int,
                                 check_probabilities, check_random_state, check_same_length)

__all__ = [
    "RandomOverSampler",
    "RandomUnderSampler",
    "SMOTE",
    "NearMiss",
    "negative_downsample",
    "correct_downsampled_proba",
]

_OVER_STRINGS = ("auto", "minority", "not minority", "not majority", "all")
_UNDER_STRINGS = ("auto", "majority", "not minority", "not majority", "all")
_SMALL_K = 16  # up to this many neighbours, _kneighbors selects by repeated argmin


# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------
def _check_X_y(X, y):
    """Validate ``X`` (2-D, finite floats) and ``y`` (1-D, >= 2 classes); return copies."""
    X_arr = check_array(X, "X", ndim=2, dtype=float)
    if y is None:
        raise TypeError("y must be array-like, got None")
    y_arr = np.array(y, copy=True)
    if y_arr.ndim != 1:
        raise ValueError(f"y must be 1-dimensional, got shape {y_arr.shape}")
    if y_arr.dtype.kind == "f" and not np.all(np.isfinite(y_arr)):
        raise ValueError("y must not contain NaN or infinite values")
    check_same_length(X_arr, y_arr, "X", "y")
    classes = np.unique(y_arr)
    if classes.size < 2:
        raise ValueError(f"y must contain at least two classes, got only {classes.tolist()}")
    return X_arr, y_arr


def _wrap(X_in, y_in, X_out, y_out):
    """Give pandas outputs for pandas inputs (same columns / name, fresh index)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return X_out, y_out
    if isinstance(X_in, pd.DataFrame):
        X_out = pd.DataFrame(X_out, columns=X_in.columns)
    if isinstance(y_in, pd.Series):
        y_out = pd.Series(y_out, name=y_in.name)
    return X_out, y_out


def _target_counts(y, sampling_strategy, kind):
    """Translate ``sampling_strategy`` into ``{class: n}``, as imbalanced-learn does.

    For over-sampling ``n`` is the number of rows to *add* to the class; for under-sampling
    it is the number of rows of the class to *keep*. Classes are visited in sorted order and
    ties for "majority"/"minority" go to the smallest label, as in imbalanced-learn.
    """
    classes, counts = np.unique(y, return_counts=True)
    stats = dict(zip(classes.tolist(), counts.tolist()))
    n_max, n_min = counts.max(), counts.min()
    majority = classes[np.argmax(counts)].item()
    minority = classes[np.argmin(counts)].item()
    over = kind == "over"
    if isinstance(sampling_strategy, str):
        allowed = _OVER_STRINGS if over else _UNDER_STRINGS
        if sampling_strategy not in allowed:
            raise ValueError(f"sampling_strategy must be one of {list(allowed)}, a float or a "
                             f"dict, got {sampling_strategy!r}")
        strategy = sampling_strategy
        if strategy == "auto":
            strategy = "not majority" if over else "not minority"
        targeted = {
            "minority": [c for c in stats if c == minority],
            "majority": [c for c in stats if c == majority],
            "not minority": [c for c in stats if c != minority],
            "not majority": [c for c in stats if c != majority],
            "all": list(stats),
        }[strategy]
        if over:
            return {c: int(n_max - stats[c]) for c in sorted(targeted)}
        return {c: int(n_min) for c in sorted(targeted)}
    if isinstance(sampling_strategy, dict):
        result = {}
        for c, n in sampling_strategy.items():
            key = c.item() if isinstance(c, np.generic) else c
            if key not in stats:
                raise ValueError(f"sampling_strategy names the class {c!r}, which is not in y")
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
                raise ValueError(f"sampling_strategy must map classes to non-negative integers, "
                                 f"got {n!r} for class {c!r}")
            if over and n < stats[key]:
                raise ValueError(f"sampling_strategy asks for {n} rows of class {c!r}, fewer "
                                 f"than the {stats[key]} it has; an over-sampler cannot remove rows")
            if not over and n > stats[key]:
                raise ValueError(f"sampling_strategy asks for {n} rows of class {c!r}, more "
                                 f"than the {stats[key]} it has; an under-sampler cannot add rows")
            result[key] = int(n - stats[key]) if over else int(n)
        return dict(sorted(result.items()))
    if isinstance(sampling_strategy, numbers.Real) and not isinstance(sampling_strategy, bool):
        ratio = check_float(sampling_strategy, "sampling_strategy", low=0.0, high=1.0,
                            low_open=True)
        if classes.size != 2:
            raise ValueError("sampling_strategy can be a float only for two classes; "
                             "use a dict for more")
        if over:
            result = {c: int(n_max * ratio - stats[c]) for c in stats if c != majority}
            if any(n <= 0 for n in result.values()):
                raise ValueError(f"sampling_strategy={ratio} asks for fewer minority rows than "
                                 "there are; increase it")
        else:
            result = {c: int(n_min / ratio) for c in stats if c != minority}
            if any(n > stats[c] for c, n in result.items()):
                raise ValueError(f"sampling_strategy={ratio} asks for more majority rows than "
                                 "there are; increase it")
        return dict(sorted(result.items()))
    raise TypeError(f"sampling_strategy must be a str, a float or a dict, "
                    f"got {type(sampling_strategy).__name__}")


def _kneighbors(query, reference, k, *, exclude_self=False, chunk_rows=1024):
    """Distances and indices of the ``k`` nearest rows of ``reference`` for each query row.

    Brute force on squared Euclidean distances ``|q|^2 - 2 q.r + |r|^2``, in chunks of query
    rows so that memory stays ``O(chunk_rows * n_reference)``. ``|q|^2`` is the same for a
    whole row, so it is left out of the ranking and added back to the k winners only. The k
    smallest are found by k passes of ``argmin`` (small k) or by ``argpartition`` and a sort;
    either way they come ordered by distance and, for ties, by index. With ``exclude_self`` the query set *is* the reference set and each row's own
    index is excluded.
    """
    n_query = query.shape[0]
    ref_sq = np.einsum("ij,ij->i", reference, reference)
    distances = np.empty((n_query, k))
    indices = np.empty((n_query, k), dtype=np.intp)
    for start in range(0, n_query, chunk_rows):
        stop = min(start + chunk_rows, n_query)
        q = query[start:stop]
        score = q @ reference.T
        score *= -2.0
        score += ref_sq
        if exclude_self:
            score[np.arange(stop - start), np.arange(start, stop)] = np.inf
        if k <= _SMALL_K:
            # k passes of argmin: already sorted, ties to the lower index, and faster than a
            # partition when k is small
            rows = np.arange(stop - start)
            part = np.empty((stop - start, k), dtype=np.intp)
            part_d = np.empty((stop - start, k))
            for j in range(k):
                nearest = score.argmin(axis=1)
                part[:, j] = nearest
                part_d[:, j] = score[rows, nearest]
                score[rows, nearest] = np.inf
        else:
            if k < score.shape[1]:
                part = np.argpartition(score, k - 1, axis=1)[:, :k]
            else:
                part = np.broadcast_to(np.arange(score.shape[1]), score.shape).copy()
            part_d = np.take_along_axis(score, part, axis=1)
            order = np.lexsort((part, part_d), axis=1)  # by distance, then by index
            part = np.take_along_axis(part, order, axis=1)
            part_d = np.take_along_axis(part_d, order, axis=1)
        part_d += np.einsum("ij,ij->i", q, q)[:, None]
        np.maximum(part_d, 0.0, out=part_d)
        indices[start:stop] = part
        distances[start:stop] = np.sqrt(part_d)
    return distances, indices


class _BaseSampler(BaseEstimator):
    """Shared ``fit_resample`` / ``fit`` logic; subclasses implement ``_resample``."""

    _kind = "over"

    def fit(self, X, y):
        """Check the inputs and compute ``sampling_strategy_``; return ``self``."""
        X_arr, y_arr = _check_X_y(X, y)
        self._check_params(X_arr, y_arr)
        self.sampling_strategy_ = _target_counts(y_arr, self.sampling_strategy, self._kind)
        return self

    def fit_resample(self, X, y):
        """Resample ``(X, y)``; return new arrays (the inputs are not modified).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Numeric features without NaN.
        y : array-like of shape (n_samples,)
            Class labels, at least two classes.

        Returns
        -------
        X_resampled : ndarray or DataFrame of shape (n_new, n_features)
        y_resampled : ndarray or Series of shape (n_new,)
        """
        X_arr, y_arr = _check_X_y(X, y)
        self._check_params(X_arr, y_arr)
        self.sampling_strategy_ = _target_counts(y_arr, self.sampling_strategy, self._kind)
        X_res, y_res = self._resample(X_arr, y_arr)
        return _wrap(X, y, X_res, y_res)

    def _check_params(self, X, y):
        """Validate estimator parameters against the data (overridden where needed)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags


# --------------------------------------------------------------------------------------------
# over-sampling
# --------------------------------------------------------------------------------------------
class RandomOverSampler(_BaseSampler):
    """Random over-sampling: duplicate rows of the smaller classes (teaching implementation).

    For each targeted class, ``n`` rows are drawn uniformly **with replacement** from the
    class and appended after the original data, where ``n`` comes from
    ``sampling_strategy`` exactly as in imbalanced-learn.

    Parameters
    ----------
    sampling_strategy : str, float or dict, default="auto"
        One of "auto", "minority", "not minority", "not majority", "all"; a float; or a dict.
        "auto" = "not majority": grow every class to the majority's size. A float ``r``
        (two classes only) asks for ``n_minority = int(r * n_majority)``. A dict maps a class
        to its desired number of rows.
    random_state : int, numpy.random.Generator or None, default=None
        Seed of the draws.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows added.
    sample_indices_ : ndarray
        Row of the input behind each output row.

    See Also
    --------
    imblearn.over_sampling.RandomOverSampler : the library version (with shrinkage).

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.sampling import RandomOverSampler
    >>> X = np.arange(12.0).reshape(6, 2); y = np.array([0, 0, 0, 0, 1, 1])
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [4, 4]
    """

    _kind = "over"

    def __init__(self, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _resample(self, X, y):
        rng = check_random_state(self.random_state)
        parts = [np.arange(y.size)]
        for label, n_new in self.sampling_strategy_.items():
            if n_new:
                parts.append(rng.choice(np.flatnonzero(y == label), size=n_new, replace=True))
        self.sample_indices_ = np.concatenate(parts)
        return X[self.sample_indices_], y[self.sample_indices_]


class SMOTE(_BaseSampler):
    """SMOTE: synthetic minority rows on segments between near neighbours (teaching implementation).

    For each targeted class with ``n`` rows to add: find the ``k_neighbors`` nearest
    neighbours of every row of the class *within the class*; draw ``n`` (row, neighbour)
    pairs uniformly and a step ``lambda ~ U(0, 1)`` for each; return
    ``x_new = x_i + lambda (x_nn - x_i)`` appended after the original data.

    Parameters
    ----------
    k_neighbors : int, default=5
        Number of nearest same-class neighbours to interpolate towards; must be smaller than
        the size of every class that is over-sampled.
    sampling_strategy : str, float or dict, default="auto"
        As in :class:`RandomOverSampler`.
    random_state : int, numpy.random.Generator or None, default=None
        Seed of the draws.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of synthetic rows added.
    neighbors_ : dict
        Class -> ``(n_class, k_neighbors)`` array of neighbour positions inside the class.

    Raises
    ------
    ValueError
        If ``k_neighbors`` >= the size of a class to over-sample, ``X`` has NaN, or ``y`` has
        a single class.

    See Also
    --------
    imblearn.over_sampling.SMOTE : the library version.

    Notes
    -----
    ``x_new = x_i + lambda (x_nn - x_i)``, ``lambda ~ U(0, 1)``, ``x_nn`` one of the
    ``k`` nearest same-class neighbours of ``x_i`` (Euclidean distance). Every synthetic
    point therefore lies on a segment between two real minority points, inside the convex
    hull of the minority class -- including where the majority class lives, if it does.

    References
    ----------
    Chawla, N. V., Bowyer, K. W., Hall, L. O. & Kegelmeyer, W. P. (2002). SMOTE: Synthetic
    Minority Over-sampling Technique. Journal of Artificial Intelligence Research 16,
    321-357. doi:10.1613/jair.953

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.sampling import SMOTE
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(30, 2)); y = np.r_[np.zeros(24, int), np.ones(6, int)]
    >>> X_res, y_res = SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist(), X_res.shape
    ([24, 24], (48, 2))
    """

    _kind = "over"

    def __init__(self, k_neighbors=5, sampling_strategy="auto", random_state=None):
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _check_params(self, X, y):
        k = check_int(self.k_neighbors, "k_neighbors", minimum=1)
        targets = _target_counts(y, self.sampling_strategy, self._kind)
        for label, n_new in targets.items():
            size = int(np.sum(y == label))
            if n_new and k >= size:
                raise ValueError(f"k_neighbors must be smaller than the number of rows of the "
                                 f"class being over-sampled ({label!r} has {size}), got {k}")

    def _resample(self, X, y):
        rng = check_random_state(self.random_state)
        k = int(self.k_neighbors)
        X_parts, y_parts = [X], [y]
        self.neighbors_ = {}
        for label, n_new in self.sampling_strategy_.items():
            if not n_new:
                continue
            X_class = X[y == label]
            _, nn = _kneighbors(X_class, X_class, k, exclude_self=True)
            self.neighbors_[label] = nn
            rows = rng.integers(0, X_class.shape[0], size=n_new)
            cols = rng.integers(0, k, size=n_new)
            steps = rng.random(n_new)[:, None]
            base = X_class[rows]
            X_parts.append(base + steps * (X_class[nn[rows, cols]] - base))
            y_parts.append(np.full(n_new, label, dtype=y.dtype))
        return np.vstack(X_parts), np.concatenate(y_parts)


# --------------------------------------------------------------------------------------------
# under-sampling
# --------------------------------------------------------------------------------------------
class RandomUnderSampler(_BaseSampler):
    """Random under-sampling: keep a random subset of the larger classes (teaching implementation).

    For each targeted class, ``n`` rows are drawn uniformly without replacement and kept;
    untargeted classes are kept whole. Output rows are grouped by class in sorted label
    order, as in imbalanced-learn.

    Parameters
    ----------
    sampling_strategy : str, float or dict, default="auto"
        One of "auto", "majority", "not minority", "not majority", "all"; a float; or a dict.
        "auto" = "not minority": shrink every class to the minority's size. A float ``r``
        (two classes only) keeps ``int(n_minority / r)`` majority rows. A dict maps a class to
        the number of rows to keep.
    random_state : int, numpy.random.Generator or None, default=None
        Seed of the draws.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows kept.
    sample_indices_ : ndarray
        Indices of the kept rows in the input.

    See Also
    --------
    imblearn.under_sampling.RandomUnderSampler : the library version.

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.sampling import RandomUnderSampler
    >>> X = np.arange(12.0).reshape(6, 2); y = np.array([0, 0, 0, 0, 1, 1])
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [2, 2]
    """

    _kind = "under"

    def __init__(self, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _resample(self, X, y):
        rng = check_random_state(self.random_state)
        keep = []
        for label in np.unique(y):
            members = np.flatnonzero(y == label)
            label_key = label.item()
            if label_key in self.sampling_strategy_:
                members = rng.choice(members, size=self.sampling_strategy_[label_key], replace=False)
            keep.append(members)
        self.sample_indices_ = np.concatenate(keep)
        return X[self.sample_indices_], y[self.sample_indices_]


class NearMiss(_BaseSampler):
    """NearMiss: keep the majority rows chosen by their distance to the minority (teaching implementation).

    With ``d_k(x)`` the summed distance from a majority row ``x`` to a set of ``k =
    n_neighbors`` minority rows, each version **keeps** the ``n`` majority rows with

    * version 1: the smallest ``d_k`` to their ``k`` *nearest* minority rows;
    * version 2: the smallest ``d_k`` to their ``k`` *farthest* minority rows;
    * version 3: first, the ``n_neighbors_ver3`` nearest majority rows of every minority
      row are short-listed; of those, the ones with the *largest* ``d_k`` to their ``k``
      nearest minority rows are kept. The short list can be smaller than the requested
      count; then the whole short list is kept and the class ends up smaller than asked
      (imbalanced-learn warns about it).

    Ties are broken by position in the class, and the output is grouped by class in sorted
    label order, so the selected rows (and their order) are those of imbalanced-learn.

    Parameters
    ----------
    version : {1, 2, 3}, default=1
        Which NearMiss rule.
    n_neighbors : int, default=3
        ``k``, the number of minority rows in ``d_k``.
    n_neighbors_ver3 : int, default=3
        Short-list size of version 3.
    sampling_strategy : str, float or dict, default="auto"
        As in :class:`RandomUnderSampler`.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of rows kept.
    sample_indices_ : ndarray
        Indices of the kept rows in the input.

    Raises
    ------
    ValueError
        If ``version`` is not 1, 2 or 3, or ``n_neighbors`` exceeds the minority size.

    See Also
    --------
    imblearn.under_sampling.NearMiss : the library version.

    Notes
    -----
    NearMiss-1 and -2 keep majority rows *close* to the minority: the boundary region is kept,
    the majority's interior is dropped. It does not delete the majority rows nearest the
    minority -- that would be closer to the idea of Tomek links / ENN cleaning.

    References
    ----------
    Mani, I. & Zhang, I. (2003). kNN approach to unbalanced data distributions: a case study
    involving information extraction. Proceedings of the ICML 2003 Workshop on Learning from
    Imbalanced Datasets.

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.sampling import NearMiss
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [10.0], [2.5], [3.5]])
    >>> y = np.array([0, 0, 0, 0, 0, 1, 1])
    >>> NearMiss(version=1, n_neighbors=1).fit_resample(X, y)[0].ravel().tolist()
    [2.0, 3.0, 2.5, 3.5]
    """

    _kind = "under"

    def __init__(self, version=1, n_neighbors=3, n_neighbors_ver3=3, sampling_strategy="auto"):
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.sampling_strategy = sampling_strategy

    def _check_params(self, X, y):
        version = check_int(self.version, "version")
        if version not in (1, 2, 3):
            raise ValueError(f"version must be 1, 2 or 3, got {version}")
        k = check_int(self.n_neighbors, "n_neighbors", minimum=1)
        check_int(self.n_neighbors_ver3, "n_neighbors_ver3", minimum=1)
        n_minority = int(np.unique(y, return_counts=True)[1].min())
        if k > n_minority:
            raise ValueError(f"n_neighbors must be <= the minority class size ({n_minority}), "
                             f"got {k}")

    def _resample(self, X, y):
        classes, counts = np.unique(y, return_counts=True)
        minority = classes[np.argmin(counts)]
        X_min = X[y == minority]
        k = int(self.n_neighbors)
        keep = []
        for label in classes:
            members = np.flatnonzero(y == label)
            label_key = label.item()
            if label_key not in self.sampling_strategy_:
                keep.append(members)
                continue
            n_keep = self.sampling_strategy_[label_key]
            X_class = X[members]
            if self.version == 1:
                dist, _ = _kneighbors(X_class, X_min, k)
                chosen = np.argsort(dist.sum(axis=1), kind="stable")[:n_keep]
            elif self.version == 2:
                dist, _ = _kneighbors(X_class, X_min, X_min.shape[0])
                chosen = np.argsort(dist[:, -k:].sum(axis=1), kind="stable")[:n_keep]
            else:
                k3 = min(int(self.n_neighbors_ver3), X_class.shape[0])
                _, short = _kneighbors(X_min, X_class, k3)
                short_list = np.unique(short)
                dist, _ = _kneighbors(X_class[short_list], X_min, k)
                score = dist.sum(axis=1)
                order = np.argsort(-score, kind="stable")  # farthest first, ties keep order
                chosen = short_list[order[:n_keep]]
            keep.append(members[chosen])
        self.sample_indices_ = np.concatenate(keep)
        return X[self.sample_indices_], y[self.sample_indices_]


# --------------------------------------------------------------------------------------------
# negative down-sampling and the prior correction
# --------------------------------------------------------------------------------------------
def negative_downsample(X, y, keep_rate, random_state=None):
    """Keep every positive row and each negative row with probability ``keep_rate``.

    This is the negative down-sampling used to train click-through-rate models on huge logs:
    positives (clicks, purchases) are rare and all kept; each negative is kept independently
    with probability ``w = keep_rate``. The model trained on the sample over-estimates
    probabilities (its base rate is higher); :func:`correct_downsampled_proba` undoes that.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Features (no NaN). A DataFrame gives a DataFrame.
    y : array-like of shape (n_samples,)
        Binary labels 0/1, both present.
    keep_rate : float in (0, 1]
        ``w``, the probability of keeping a negative row.
    random_state : int, numpy.random.Generator or None, default=None
        Seed of the Bernoulli draws.

    Returns
    -------
    X_sample, y_sample : ndarray (or DataFrame / Series)
        The kept rows, in their original order.

    Raises
    ------
    ValueError
        If ``keep_rate`` is not in (0, 1], ``X`` has NaN, or ``y`` is not binary with both classes.

    See Also
    --------
    correct_downsampled_proba : the prior correction for the sample's predictions.

    References
    ----------
    He, X. et al. (2014). Practical lessons from predicting clicks on ads at Facebook.
    Proceedings of ADKDD'14. doi:10.1145/2648584.2648589

    Examples
    --------
    >>> import numpy as np
    >>> from recbook.sampling import negative_downsample
    >>> y = np.r_[np.zeros(1000, int), np.ones(10, int)]
    >>> X = np.arange(y.size, dtype=float)[:, None]
    >>> X_s, y_s = negative_downsample(X, y, keep_rate=0.1, random_state=0)
    >>> int(y_s.sum()), bool(80 < (y_s == 0).sum() < 120)
    (10, True)
    """
    X_arr = check_array(X, "X", ndim=2, dtype=float)
    y_arr = check_binary_labels(y, "y", require_both=True)
    check_same_length(X_arr, y_arr, "X", "y")
    w = check_float(keep_rate, "keep_rate", low=0.0, high=1.0, low_open=True)
    rng = check_random_state(random_state)
    keep = (y_arr == 1) | (rng.random(y_arr.size) < w)
    index = np.flatnonzero(keep)
    return _wrap(X, y, X_arr[index], np.asarray(y)[index].copy())


def correct_downsampled_proba(p, keep_rate):
    """Map probabilities of a model trained on negative-down-sampled data back to the full data.

    Parameters
    ----------
    p : array-like of probabilities in [0, 1]
        Predicted P(y = 1 | x) of the model trained on the down-sampled data.
    keep_rate : float in (0, 1]
        ``w``, the probability with which negatives were kept.

    Returns
    -------
    ndarray
        ``q = p / (p + (1 - p) / w)``, the probability on the original data.

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1] or has NaN, or ``keep_rate`` is not in (0, 1].

    Notes
    -----
    Keeping negatives with probability ``w`` multiplies the odds of a positive by ``1 / w``:
    ``p / (1 - p) = (q / (1 - q)) / w``. Solving for ``q`` gives
    ``q = p / (p + (1 - p) / w)``, equivalently ``q = w p / (1 - (1 - w) p)``. It is Bayes'
    rule with the changed class prior, and exact when the down-sampling depends on the label
    only.

    References
    ----------
    He, X. et al. (2014). Practical lessons from predicting clicks on ads at Facebook.
    Proceedings of ADKDD'14. doi:10.1145/2648584.2648589
    Dal Pozzolo, A., Caelen, O., Johnson, R. A. & Bontempi, G. (2015). Calibrating
    probability with undersampling for unbalanced classification. IEEE Symposium Series on
    Computational Intelligence, 159-166. doi:10.1109/SSCI.2015.33

    Examples
    --------
    >>> from recbook.sampling import correct_downsampled_proba
    >>> correct_downsampled_proba([0.5, 0.1, 1.0], keep_rate=0.1).round(4).tolist()
    [0.0909, 0.011, 1.0]
    """
    p_arr = check_probabilities(p, "p", ndim=None)
    w = check_float(keep_rate, "keep_rate", low=0.0, high=1.0, low_open=True)
    return p_arr / (p_arr + (1.0 - p_arr) / w)
