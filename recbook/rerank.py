"""Rule-based re-ranking of recommendation lists (data-and-methods layer).

A recommender returns, per user, a longer list of candidates with scores; a re-ranker picks
the final ``k`` items from them under a rule. Both re-rankers here are greedy, vectorised over
users, deterministic (ties go to the better-scored, then the earlier candidate) and never
return an item twice.

* :func:`category_quota_rerank` -- at most ``max_per_category`` items of any one category
  (a diversity rule of the kind shops write by hand).
* :func:`xquad_rerank` -- a long-tail boost: xQuAD diversification over the two groups
  "head" and "tail" of the catalogue (Abdollahpouri, Burke & Mobasher, 2019).

Candidates are given as two arrays of shape ``(n_users, n_candidates)``: item ids (best
first or in any order) and their scores, e.g. from ``recommend(..., return_scores=True)`` of
a :mod:`recbook.recommend` model.
"""

from __future__ import annotations

import numpy as np

from recbook._validation import check_array, check_float, check_int

__all__ = ["category_quota_rerank", "xquad_rerank", "head_tail_split"]


def _check_candidates(items, scores, n_items, k):
    items_f = check_array(items, "items", ndim=2, dtype=float)
    if not np.all(items_f == np.round(items_f)):
        raise TypeError("items must contain integer item ids")
    items_i = items_f.astype(np.int64)
    if items_i.min() < 0 or items_i.max() >= n_items:
        raise ValueError(f"items must be item ids in [0, {n_items - 1}], got values in "
                         f"[{items_i.min()}, {items_i.max()}]")
    scores = check_array(scores, "scores", ndim=2, dtype=float)
    if scores.shape != items_i.shape:
        raise ValueError(f"items and scores must have the same shape, got {items_i.shape} and {scores.shape}")
    ordered = np.sort(items_i, axis=1)
    if np.any(ordered[:, 1:] == ordered[:, :-1]):
        row = int(np.flatnonzero(np.any(ordered[:, 1:] == ordered[:, :-1], axis=1))[0])
        raise ValueError(f"items must not repeat an item within a row (row {row} does)")
    k = check_int(k, "k", minimum=1)
    if k > items_i.shape[1]:
        raise ValueError(f"k must be <= the number of candidates ({items_i.shape[1]}), got {k}")
    # candidates sorted by score (descending), ties by original position
    order = np.argsort(-scores, axis=1, kind="stable")
    return (np.take_along_axis(items_i, order, axis=1), np.take_along_axis(scores, order, axis=1), k)


def _check_labels(values, name):
    array = check_array(values, name, ndim=1, dtype=None, finite=False)
    if array.dtype.kind not in "iub":
        if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
            array = array.astype(np.int64)
        else:
            raise TypeError(f"{name} must contain integer codes, got dtype {array.dtype}")
    return array.astype(np.int64)


def category_quota_rerank(items, scores, item_categories, k=10, *, max_per_category=2):
    """Keep the best-scored candidates, at most ``max_per_category`` per category.

    Parameters
    ----------
    items : array-like of int, shape (n_users, n_candidates)
        Candidate item ids per user (no repeats within a row).
    scores : array-like of float, shape (n_users, n_candidates)
        Their scores (higher is better).
    item_categories : array-like of int, shape (n_items,)
        Category code of every item of the catalogue.
    k : int, default=10
        Length of the final lists (<= n_candidates).
    max_per_category : int, default=2
        Quota: no category may fill more than this many of the ``k`` slots.

    Returns
    -------
    ndarray of int64, shape (n_users, k)
        The re-ranked lists, best first.

    Raises
    ------
    TypeError, ValueError
        On malformed input, or if some user's candidates cannot fill ``k`` slots under the
        quota (then the message names that row).

    Notes
    -----
    Greedy: walk down each user's candidates in order of score and take an item unless its
    category has already used its quota. Among lists that respect the quota, the greedy list
    maximises the sum of scores at every prefix length, so no better-scored rule-abiding list
    exists. ``max_per_category >= k`` returns the plain top-``k``.

    Examples
    --------
    >>> from recbook.rerank import category_quota_rerank
    >>> categories = [0, 0, 0, 1, 2]
    >>> category_quota_rerank([[0, 1, 2, 3, 4]], [[5.0, 4.0, 3.0, 2.0, 1.0]], categories,
    ...                       k=3, max_per_category=1)
    array([[0, 3, 4]])
    """
    categories = _check_labels(item_categories, "item_categories")
    items, scores, k = _check_candidates(items, scores, categories.size, k)
    max_per_category = check_int(max_per_category, "max_per_category", minimum=1)
    codes, cat = np.unique(categories[items], return_inverse=True)
    cat = cat.reshape(items.shape)
    n_users = items.shape[0]
    # feasibility: sum over categories of min(available, quota) must reach k in every row
    available = np.zeros((n_users, codes.size), dtype=np.int64)
    np.add.at(available, (np.repeat(np.arange(n_users), items.shape[1]), cat.ravel()), 1)
    fillable = np.minimum(available, max_per_category).sum(axis=1)
    if np.any(fillable < k):
        row = int(np.flatnonzero(fillable < k)[0])
        raise ValueError(f"max_per_category={max_per_category} is too small: the candidates of "
                         f"row {row} can fill only {fillable[row]} of k={k} slots")
    # rank of each candidate within its category in that row (0 = best-scored of its category)
    rank_in_category = np.zeros_like(cat)
    counts = np.zeros((n_users, codes.size), dtype=np.int64)
    rows = np.arange(n_users)
    for j in range(items.shape[1]):
        rank_in_category[:, j] = counts[rows, cat[:, j]]
        counts[rows, cat[:, j]] += 1
    allowed = rank_in_category < max_per_category
    # the first k allowed candidates, in score order
    position = np.where(allowed, np.arange(items.shape[1]), items.shape[1] + np.arange(items.shape[1]))
    chosen = np.sort(position, axis=1)[:, :k]
    return np.take_along_axis(items, chosen, axis=1)


def head_tail_split(item_counts, head_fraction=0.2):
    """Boolean mask of the *tail*: all but the most popular ``head_fraction`` of items.

    Parameters
    ----------
    item_counts : array-like of shape (n_items,)
        Interactions per item (non-negative).
    head_fraction : float, default=0.2
        Share of items, by descending popularity, in the head (0 < head_fraction < 1). Ties
        at the boundary go to the head by smaller item id.

    Returns
    -------
    ndarray of bool, shape (n_items,)
        True for tail items.

    Examples
    --------
    >>> from recbook.rerank import head_tail_split
    >>> head_tail_split([50, 3, 20, 1, 0], head_fraction=0.4)
    array([False,  True, False,  True,  True])
    """
    counts = check_array(item_counts, "item_counts", ndim=1, dtype=float)
    if np.any(counts < 0):
        raise ValueError("item_counts must be non-negative")
    head_fraction = check_float(head_fraction, "head_fraction", low=0.0, high=1.0,
                                low_open=True, high_open=True)
    n_head = max(1, int(np.ceil(head_fraction * counts.size)))
    head = np.argsort(-counts, kind="stable")[:n_head]
    tail = np.ones(counts.size, dtype=bool)
    tail[head] = False
    return tail


def xquad_rerank(items, scores, is_tail, k=10, *, lam=0.5, tail_preference=None,
                 variant="binary"):
    """Long-tail boost by xQuAD re-ranking over the head and tail groups of items.

    Parameters
    ----------
    items, scores : array-like, shape (n_users, n_candidates)
        Candidates and their scores, as in :func:`category_quota_rerank`.
    is_tail : array-like of bool, shape (n_items,)
        True for long-tail items (see :func:`head_tail_split`).
    k : int, default=10
        Length of the final lists.
    lam : float, default=0.5
        Weight of the tail/head coverage term, in [0, 1]; 0 keeps the original ranking.
    tail_preference : array-like of shape (n_users,) or None, default=None
        ``P(tail | u)``, e.g. the share of tail items in each user's history (personalised);
        ``None`` means 0.5 for everyone. ``P(head | u) = 1 - P(tail | u)``.
    variant : {"binary", "smooth"}, default="binary"
        How a group counts as covered by the items already chosen, ``S``: ``"binary"``
        -- covered as soon as ``S`` holds one of its items; ``"smooth"`` -- in proportion
        to the share of ``S`` it holds.

    Returns
    -------
    ndarray of int64, shape (n_users, k)

    Notes
    -----
    Greedy, one slot at a time, the next item is the candidate ``i`` not yet in ``S`` that
    maximises

    ``(1 - lam) P(i | u) + lam * sum_{c in {head, tail}} P(c | u) 1[i in c] cover(c, S)``

    where ``P(i | u)`` is the score min-max scaled to [0, 1] within the user's candidates and
    ``cover(c, S)`` is ``prod_{j in S} (1 - 1[j in c])`` (binary: 1 until the group is
    represented, then 0) or ``1 - |S cap c| / |S|`` (smooth; 1 when ``S`` is empty). Ties go
    to the higher original score, then the earlier candidate.

    References
    ----------
    Santos, R. L. T., Macdonald, C. & Ounis, I. (2010). Exploiting query reformulations for
    web search result diversification. WWW 2010. doi:10.1145/1772690.1772780
    Abdollahpouri, H., Burke, R. & Mobasher, B. (2019). Managing popularity bias in
    recommender systems with personalized re-ranking. Proceedings of the 32nd International
    FLAIRS Conference (FLAIRS-32).

    Examples
    --------
    >>> from recbook.rerank import xquad_rerank
    >>> is_tail = [False, False, False, True, True]
    >>> items, scores = [[0, 1, 2, 3, 4]], [[1.0, 0.9, 0.8, 0.3, 0.2]]
    >>> xquad_rerank(items, scores, is_tail, k=3, lam=0.0)
    array([[0, 1, 2]])
    >>> xquad_rerank(items, scores, is_tail, k=3, lam=0.7)
    array([[0, 3, 1]])
    """
    tail = check_array(is_tail, "is_tail", ndim=1, dtype=None, finite=False)
    if tail.dtype != bool:
        if not np.all(np.isin(tail, (0, 1))):
            raise ValueError("is_tail must contain only True/False (or 1/0)")
        tail = tail.astype(bool)
    items, scores, k = _check_candidates(items, scores, tail.size, k)
    lam = check_float(lam, "lam", low=0.0, high=1.0)
    if variant not in ("binary", "smooth"):
        raise ValueError(f"variant must be 'binary' or 'smooth', got {variant!r}")
    n_users, n_candidates = items.shape
    if tail_preference is None:
        p_tail = np.full(n_users, 0.5)
    else:
        p_tail = check_array(tail_preference, "tail_preference", ndim=1, dtype=float)
        if p_tail.size != n_users:
            raise ValueError(f"tail_preference must have one entry per row of items ({n_users}), "
                             f"got {p_tail.size}")
        if np.any((p_tail < 0) | (p_tail > 1)):
            raise ValueError("tail_preference must lie in [0, 1]")
    low = scores.min(axis=1, keepdims=True)
    span = scores.max(axis=1, keepdims=True) - low
    relevance = np.where(span > 0, (scores - low) / np.where(span > 0, span, 1.0), 1.0)
    in_tail = tail[items]                                   # (n_users, n_candidates)
    group_pref = np.where(in_tail, p_tail[:, None], 1.0 - p_tail[:, None])
    taken = np.zeros((n_users, n_candidates), dtype=bool)
    n_tail = np.zeros(n_users)
    result = np.empty((n_users, k), dtype=np.int64)
    rows = np.arange(n_users)
    for slot in range(k):
        n_head = slot - n_tail
        if variant == "binary":
            cover_tail = (n_tail == 0).astype(float)
            cover_head = (n_head == 0).astype(float)
        elif slot == 0:
            cover_tail = cover_head = np.ones(n_users)
        else:
            cover_tail, cover_head = 1.0 - n_tail / slot, 1.0 - n_head / slot
        cover = np.where(in_tail, cover_tail[:, None], cover_head[:, None])
        objective = (1.0 - lam) * relevance + lam * group_pref * cover
        objective = np.where(taken, -np.inf, objective)
        # candidates are in score order, so argmax's first-index rule breaks ties by score
        pick = np.argmax(objective, axis=1)
        taken[rows, pick] = True
        n_tail += in_tail[rows, pick]
        result[:, slot] = items[rows, pick]
    return result
