import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook.metrics import long_tail_share
from recbook.rerank import category_quota_rerank, head_tail_split, xquad_rerank


def _candidates(seed, n_users=30, n_candidates=25, n_items=60):
    rng = np.random.default_rng(seed)
    items = np.array([rng.choice(n_items, size=n_candidates, replace=False) for _ in range(n_users)])
    scores = rng.normal(size=(n_users, n_candidates))
    return items, scores


@given(seed=st.integers(0, 10_000), quota=st.integers(1, 4), k=st.integers(1, 10))
def test_quota_lists_are_valid_and_respect_the_quota(seed, quota, k):
    items, scores = _candidates(seed)
    categories = np.random.default_rng(seed + 1).integers(0, 8, size=60)
    try:
        result = category_quota_rerank(items, scores, categories, k=k, max_per_category=quota)
    except ValueError as exc:                     # only when the quota cannot fill k slots
        assert "is too small" in str(exc)
        return
    assert result.shape == (30, k)
    for row, candidates in zip(result, items):
        assert np.unique(row).size == k
        assert set(row.tolist()) <= set(candidates.tolist())
        assert np.bincount(categories[row]).max() <= quota


@given(seed=st.integers(0, 10_000))
def test_quota_list_is_the_best_scored_list_obeying_the_quota(seed):
    rng = np.random.default_rng(seed)
    items = np.arange(7)[None, :]
    scores = rng.normal(size=(1, 7))
    categories = rng.integers(0, 3, size=7)
    k, quota = 3, {1: 3, 2: 2, 3: 1}[np.unique(categories).size]
    result = category_quota_rerank(items, scores, categories, k=k, max_per_category=quota)
    best = max(sum(scores[0, list(c)]) for c in itertools.combinations(range(7), k)
               if np.bincount(categories[list(c)]).max() <= quota)
    assert scores[0, result[0]].sum() == pytest.approx(best)
    assert np.all(np.diff(scores[0, result[0]]) <= 0)


def test_large_quota_is_plain_top_k_and_input_is_not_mutated():
    items, scores = _candidates(0)
    categories = np.zeros(60, dtype=int)
    items_before, scores_before = items.copy(), scores.copy()
    result = category_quota_rerank(items, scores, categories, k=5, max_per_category=5)
    expected = np.take_along_axis(items, np.argsort(-scores, axis=1, kind="stable")[:, :5], axis=1)
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(items, items_before)
    np.testing.assert_array_equal(scores, scores_before)
    again = category_quota_rerank(items, scores, categories, k=5, max_per_category=5)
    np.testing.assert_array_equal(result, again)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(max_per_category=1), ValueError, r"max_per_category=1 is too small: the candidates of row 0 can fill only 2 of k=3"),
    (dict(max_per_category=0), ValueError, "max_per_category must be >= 1"),
    (dict(k=9), ValueError, r"k must be <= the number of candidates \(4\), got 9"),
    (dict(items=[[0, 1, 1, 3]]), ValueError, "must not repeat an item within a row"),
    (dict(items=[[0, 1, 2, 9]]), ValueError, r"items must be item ids in \[0, 4\]"),
    (dict(items=[[0, 1, 2.5, 3]]), TypeError, "items must contain integer item ids"),
    (dict(scores=[[1.0, 2.0, 3.0]]), ValueError, "items and scores must have the same shape"),
    (dict(scores=[[1.0, np.nan, 3.0, 0.0]]), ValueError, "scores must not contain NaN"),
    (dict(item_categories=[0.5, 1, 0, 1, 0]), TypeError, "item_categories must contain integer codes"),
])
def test_quota_bad_input(kwargs, error, message):
    arguments = dict(items=[[0, 1, 2, 3]], scores=[[4.0, 3.0, 2.0, 1.0]],
                     item_categories=[0, 0, 0, 1, 0], k=3, max_per_category=2)
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        category_quota_rerank(**arguments)


def test_head_tail_split_matches_long_tail_share():
    rng = np.random.default_rng(1)
    counts = rng.poisson(3, size=50).astype(float)
    tail = head_tail_split(counts, 0.2)
    assert (~tail).sum() == 10
    recs = rng.integers(0, 50, size=(20, 5))
    assert long_tail_share(recs, counts, 0.2) == pytest.approx(tail[recs].mean())
    with pytest.raises(ValueError, match="head_fraction must be in"):
        head_tail_split(counts, 1.0)


@given(seed=st.integers(0, 10_000), lam=st.floats(0.0, 1.0), variant=st.sampled_from(["binary", "smooth"]))
def test_xquad_lists_are_valid(seed, lam, variant):
    items, scores = _candidates(seed)
    is_tail = np.random.default_rng(seed + 2).random(60) < 0.7
    result = xquad_rerank(items, scores, is_tail, k=8, lam=lam, variant=variant)
    assert result.shape == (30, 8) and result.dtype == np.int64
    for row, candidates in zip(result, items):
        assert np.unique(row).size == 8
        assert set(row.tolist()) <= set(candidates.tolist())


def test_xquad_lam_zero_is_the_original_ranking_and_more_lam_more_tail():
    items, scores = _candidates(4)
    is_tail = np.zeros(60, dtype=bool)
    is_tail[30:] = True
    plain = xquad_rerank(items, scores, is_tail, k=8, lam=0.0)
    expected = np.take_along_axis(items, np.argsort(-scores, axis=1, kind="stable")[:, :8], axis=1)
    np.testing.assert_array_equal(plain, expected)
    preference = np.full(30, 0.9)
    shares = [is_tail[xquad_rerank(items, scores, is_tail, k=8, lam=lam, variant="smooth",
                                   tail_preference=preference)].mean()
              for lam in (0.0, 0.3, 0.6, 0.9)]
    assert shares == sorted(shares) and shares[-1] > shares[0]


def test_xquad_binary_with_full_weight_covers_both_groups_first():
    items, scores = _candidates(5)
    is_tail = np.zeros(60, dtype=bool)
    is_tail[::3] = True
    has_both = np.array([is_tail[row].any() and (~is_tail[row]).any() for row in items])
    result = xquad_rerank(items, scores, is_tail, k=4, lam=1.0)
    first_two = is_tail[result[:, :2]]
    assert np.all(first_two[has_both].sum(axis=1) == 1)


def test_xquad_is_deterministic_and_does_not_mutate():
    items, scores = _candidates(6)
    is_tail = np.arange(60) % 2 == 0
    before = (items.copy(), scores.copy(), is_tail.copy())
    a = xquad_rerank(items, scores, is_tail, k=6, lam=0.4)
    b = xquad_rerank(items, scores, is_tail, k=6, lam=0.4)
    np.testing.assert_array_equal(a, b)
    for now, then in zip((items, scores, is_tail), before):
        np.testing.assert_array_equal(now, then)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lam=1.5), ValueError, r"lam must be in \[0.0, 1.0\]"),
    (dict(variant="fuzzy"), ValueError, "variant must be 'binary' or 'smooth'"),
    (dict(tail_preference=[0.5, 0.5]), ValueError, "tail_preference must have one entry per row"),
    (dict(tail_preference=[1.5]), ValueError, r"tail_preference must lie in \[0, 1\]"),
    (dict(is_tail=[0, 2, 1, 0, 1]), ValueError, "is_tail must contain only True/False"),
    (dict(k=0), ValueError, "k must be >= 1"),
])
def test_xquad_bad_input(kwargs, error, message):
    arguments = dict(items=[[0, 1, 2, 3]], scores=[[4.0, 3.0, 2.0, 1.0]],
                     is_tail=[False, False, True, True, True], k=3)
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        xquad_rerank(**arguments)
