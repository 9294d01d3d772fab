import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook.metrics import gini, lorenz_curve

amounts = st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=50).filter(
    lambda xs: sum(xs) > 0)


def test_gini_known_values():
    assert gini([5, 5, 5]) == pytest.approx(0.0)
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)


def _gini_mean_difference(x):
    # reference definition: mean absolute difference over all pairs / (2 * mean)
    x = np.asarray(x, dtype=float)
    return np.abs(x[:, None] - x[None, :]).mean() / (2 * x.mean())


@given(amounts)
def test_gini_matches_mean_difference_definition_and_lorenz_area(values):
    g = gini(values)
    assert 0.0 <= g < 1.0
    assert g == pytest.approx(_gini_mean_difference(values), abs=1e-9)
    population, share = lorenz_curve(values)
    assert g == pytest.approx(1 - 2 * np.trapezoid(share, population), abs=1e-9)


@given(amounts, st.floats(min_value=0.01, max_value=100))
def test_gini_is_scale_and_order_invariant(values, scale):
    assert gini(np.array(values) * scale) == pytest.approx(gini(values), abs=1e-9)
    assert gini(values[::-1]) == pytest.approx(gini(values), abs=1e-12)


def test_gini_does_not_mutate_input():
    values = np.array([3.0, 1.0, 2.0])
    gini(values)
    lorenz_curve(values)
    assert values.tolist() == [3.0, 1.0, 2.0]


@pytest.mark.parametrize("func", [gini, lorenz_curve])
@pytest.mark.parametrize("bad, message", [
    ([], "values must not be empty"),
    ([1.0, -1.0], "values must be non-negative"),
    ([0.0, 0.0], "values must not sum to zero"),
    ([1.0, np.nan], "values must not contain NaN"),
    ([[1.0]], "values must be 1-dimensional"),
])
def test_gini_and_lorenz_reject_bad_input(func, bad, message):
    with pytest.raises(ValueError, match=message):
        func(bad)


# ---------------------------------------------------------------------------------------
# imbalanced_report: every row equals the library function it wraps
# ---------------------------------------------------------------------------------------
from hypothesis.extra.numpy import arrays  # noqa: E402
from imblearn.metrics import geometric_mean_score, specificity_score  # noqa: E402
from sklearn import metrics as skm  # noqa: E402

from recbook.metrics import (  # noqa: E402
    REPORT_METRICS,
    catalog_coverage,
    expected_calibration_error,
    exposure_gini,
    hit_rate_at_k,
    imbalanced_report,
    long_tail_share,
    map_at_k,
    mrr,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    top_k_indices,
)


@st.composite
def labels_and_scores(draw, min_size=2, max_size=60):
    n = draw(st.integers(min_size, max_size))
    y = draw(arrays(np.int64, n, elements=st.integers(0, 1)))
    y[0], y[1] = 0, 1  # both classes present
    p = draw(arrays(np.float64, n, elements=st.floats(0, 1, allow_nan=False)))
    return y, p


def _library_values(y, p, threshold):
    pred = (p >= threshold).astype(int)
    tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "tn": tn, "fp": fp, "fn": fn, "tp": tp,
        "accuracy": skm.accuracy_score(y, pred),
        "precision": skm.precision_score(y, pred, zero_division=0),
        "recall": skm.recall_score(y, pred, zero_division=0),
        "specificity": specificity_score(y, pred),
        "f1": skm.f1_score(y, pred, zero_division=0),
        "f2": skm.fbeta_score(y, pred, beta=2, zero_division=0),
        "balanced_accuracy": skm.balanced_accuracy_score(y, pred),
        "g_mean": geometric_mean_score(y, pred),
        "mcc": skm.matthews_corrcoef(y, pred),
        "roc_auc": skm.roc_auc_score(y, p),
        "pr_auc": skm.average_precision_score(y, p),
        "log_loss": skm.log_loss(y, p, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, p),
    }


@given(labels_and_scores(), st.floats(0, 1))
def test_imbalanced_report_equals_sklearn_and_imblearn(data, threshold):
    y, p = data
    report = imbalanced_report(y, p, threshold=threshold)
    assert list(report.columns) == ["metric", "value", "computed_by"]
    assert report["metric"].tolist() == list(REPORT_METRICS)
    values = dict(zip(report["metric"], report["value"]))
    for name, expected in _library_values(y, p, threshold).items():
        assert values[name] == pytest.approx(float(expected), abs=1e-12), name


@given(labels_and_scores(), st.floats(0, 1))
def test_imbalanced_report_formulas_hold(data, threshold):
    y, p = data
    v = dict(zip(*imbalanced_report(y, p, threshold)[["metric", "value"]].to_numpy().T))
    assert v["tn"] + v["fp"] + v["fn"] + v["tp"] == len(y)
    assert v["balanced_accuracy"] == pytest.approx((v["recall"] + v["specificity"]) / 2)
    assert v["g_mean"] == pytest.approx(np.sqrt(v["recall"] * v["specificity"]))
    if v["precision"] + v["recall"] > 0:  # F1 is the harmonic mean of precision and recall
        assert v["f1"] == pytest.approx(2 * v["precision"] * v["recall"] / (v["precision"] + v["recall"]))
    assert v["brier"] == pytest.approx(np.mean((p - y) ** 2))


def test_imbalanced_report_known_example():
    report = imbalanced_report([0, 0, 0, 1, 1], [0.1, 0.4, 0.6, 0.7, 0.3]).set_index("metric")["value"]
    assert report[["tn", "fp", "fn", "tp"]].tolist() == [2.0, 1.0, 1.0, 1.0]
    assert report["specificity"] == pytest.approx(2 / 3)
    assert report["f2"] == pytest.approx(5 * 0.25 / (4 * 0.5 + 0.5))


def test_imbalanced_report_does_not_mutate_input():
    y = np.array([0, 1, 0, 1])
    p = np.array([0.2, 0.8, 0.6, 0.4])
    imbalanced_report(y, p)
    expected_calibration_error(y, p)
    assert y.tolist() == [0, 1, 0, 1] and p.tolist() == [0.2, 0.8, 0.6, 0.4]


@pytest.mark.parametrize("y, p, kwargs, error, message", [
    ([0, 1, 1], [0.1, 0.2], {}, ValueError, "y_true and y_score must have the same shape"),
    ([0, 2, 1], [0.1, 0.2, 0.3], {}, ValueError, "y_true must contain only the labels 0 and 1"),
    ([1, 1, 1], [0.1, 0.2, 0.3], {}, ValueError, "y_true must contain both classes"),
    ([0, 1, 1], [0.1, np.nan, 0.3], {}, ValueError, "y_score must not contain NaN"),
    ([0, 1, 1], [0.1, 1.2, 0.3], {}, ValueError, "y_score must contain probabilities"),
    ([0, 1, 1], [0.1, 0.2, 0.3], {"threshold": 1.5}, ValueError, "threshold must be in"),
    ([0, 1, 1], [0.1, 0.2, 0.3], {"threshold": "high"}, TypeError, "threshold must be a real"),
    (None, [0.1], {}, TypeError, "y_true must be array-like"),
])
def test_imbalanced_report_rejects_bad_input(y, p, kwargs, error, message):
    with pytest.raises(error, match=message):
        imbalanced_report(y, p, **kwargs)


@given(labels_and_scores(), st.integers(1, 20))
def test_ece_equals_reference_loop_and_sklearn_calibration_curve(data, n_bins):
    from sklearn.calibration import calibration_curve

    y, p = data
    edges = np.linspace(0, 1, n_bins + 1)
    members = [(p > lo if b else p >= lo) & (p <= hi) for b, (lo, hi) in enumerate(zip(edges[:-1], edges[1:]))]
    expected = sum(m.sum() / len(y) * abs(y[m].mean() - p[m].mean()) for m in members if m.any())
    ece = expected_calibration_error(y, p, n_bins=n_bins)
    assert ece == pytest.approx(expected, abs=1e-12)
    frac_pos, mean_pred = calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
    counts = np.array([m.sum() for m in members if m.any()])
    assert ece == pytest.approx(np.sum(counts / len(y) * np.abs(frac_pos - mean_pred)), abs=1e-9)


def test_ece_rejects_bad_n_bins():
    with pytest.raises(ValueError, match="n_bins must be >= 1"):
        expected_calibration_error([0, 1], [0.2, 0.8], n_bins=0)


# ---------------------------------------------------------------------------------------
# ranking metrics: equal to straightforward loops over users, and NDCG to scikit-learn
# ---------------------------------------------------------------------------------------

def _ranking(scores):
    return sorted(range(len(scores)), key=lambda j: (-scores[j], j))  # ties: lower column first


def _ref_precision(rel, score, k):
    out = []
    for r, s in zip(rel, score):
        top = _ranking(s)[:k]
        out.append(sum(r[j] for j in top) / len(top))
    return np.mean(out)


def _ref_recall(rel, score, k):
    out = []
    for r, s in zip(rel, score):
        top = _ranking(s)[:k]
        out.append(sum(r[j] for j in top) / sum(r) if sum(r) else 0.0)
    return np.mean(out)


def _ref_hit(rel, score, k):
    return np.mean([float(any(r[j] for j in _ranking(s)[:k])) for r, s in zip(rel, score)])


def _ref_mrr(rel, score):
    out = []
    for r, s in zip(rel, score):
        ranks = [i + 1 for i, j in enumerate(_ranking(s)) if r[j]]
        out.append(1.0 / ranks[0] if ranks else 0.0)
    return np.mean(out)


def _ref_ap(rel, score, k):
    out = []
    for r, s in zip(rel, score):
        hits, total = 0, 0.0
        top = _ranking(s)[:k]
        for i, j in enumerate(top, start=1):
            if r[j]:
                hits += 1
                total += hits / i
        denominator = min(len(top), sum(r))
        out.append(total / denominator if denominator else 0.0)
    return np.mean(out)


def _ref_ndcg(rel, score, k):
    out = []
    for r, s in zip(rel, score):
        top = _ranking(s)[:k]
        dcg = sum(r[j] / np.log2(i + 2) for i, j in enumerate(top))
        ideal = sorted(r, reverse=True)[:k]
        idcg = sum(g / np.log2(i + 2) for i, g in enumerate(ideal))
        out.append(dcg / idcg if idcg > 0 else 0.0)
    return np.mean(out)


@st.composite
def ranking_data(draw, graded=False, tie_free=False):
    n_users = draw(st.integers(1, 8))
    n_cand = draw(st.integers(1, 12))
    grade = st.integers(0, 3) if graded else st.integers(0, 1)
    rel = draw(arrays(np.float64, (n_users, n_cand), elements=grade))
    if tie_free:
        # distinct scores per row: a random permutation of distinct values
        perm = draw(st.permutations(list(range(n_cand * n_users))))
        score = np.array(perm, dtype=float).reshape(n_users, n_cand)
    else:
        score = draw(arrays(np.float64, (n_users, n_cand), elements=st.integers(0, 4).map(float)))
    k = draw(st.integers(1, 15))  # may exceed n_candidates
    return rel, score, k


@given(ranking_data())
def test_binary_ranking_metrics_equal_reference_loops(data):
    rel, score, k = data
    assert precision_at_k(rel, score, k) == pytest.approx(_ref_precision(rel, score, k), abs=1e-12)
    assert recall_at_k(rel, score, k) == pytest.approx(_ref_recall(rel, score, k), abs=1e-12)
    assert hit_rate_at_k(rel, score, k) == pytest.approx(_ref_hit(rel, score, k), abs=1e-12)
    assert mrr(rel, score) == pytest.approx(_ref_mrr(rel, score), abs=1e-12)
    assert map_at_k(rel, score, k) == pytest.approx(_ref_ap(rel, score, k), abs=1e-12)
    assert ndcg_at_k(rel, score, k) == pytest.approx(_ref_ndcg(rel, score, k), abs=1e-12)


@given(ranking_data(graded=True))
def test_graded_ndcg_equals_reference_loop(data):
    rel, score, k = data
    assert ndcg_at_k(rel, score, k) == pytest.approx(_ref_ndcg(rel, score, k), abs=1e-12)


@given(ranking_data(graded=True, tie_free=True))
def test_ndcg_equals_sklearn_on_tie_free_scores(data):
    rel, score, k = data
    if rel.shape[1] < 2:
        return  # scikit-learn needs at least two candidates
    expected = skm.ndcg_score(rel, score, k=k)
    assert ndcg_at_k(rel, score, k) == pytest.approx(expected, abs=1e-12)


def test_ndcg_equals_sklearn_on_a_large_tie_free_matrix():
    rng = np.random.default_rng(0)
    rel = (rng.random((2000, 100)) < 0.05).astype(float)
    score = rng.random((2000, 100))
    assert ndcg_at_k(rel, score, k=10) == pytest.approx(skm.ndcg_score(rel, score, k=10), abs=1e-12)


@given(ranking_data())
def test_top_k_indices_equal_a_stable_sort(data):
    _, score, k = data
    expected = np.argsort(-score, axis=1, kind="stable")[:, :k]
    assert np.array_equal(top_k_indices(score, k), expected)


def test_edge_case_k_larger_than_candidates_is_clipped():
    rel = np.array([[1, 0, 1]])
    score = np.array([[0.3, 0.2, 0.1]])
    assert precision_at_k(rel, score, k=50) == pytest.approx(2 / 3)
    assert recall_at_k(rel, score, k=50) == 1.0
    assert ndcg_at_k(rel, score, k=50) == pytest.approx(ndcg_at_k(rel, score, k=3))
    assert top_k_indices(score, k=50).shape == (1, 3)


def test_edge_case_users_without_relevant_items_score_zero_and_stay_in_the_mean():
    rel = np.array([[1, 0, 0], [0, 0, 0]])
    score = np.array([[0.9, 0.5, 0.1], [0.9, 0.5, 0.1]])
    for metric in (precision_at_k, recall_at_k, hit_rate_at_k, map_at_k, ndcg_at_k):
        single = metric(rel[:1], score[:1], 1)
        assert metric(rel, score, 1) == pytest.approx(single / 2), metric.__name__
    assert mrr(rel, score) == pytest.approx(0.5)
    assert ndcg_at_k(rel, score, 3) == pytest.approx(skm.ndcg_score(rel, score, k=3))


def test_edge_case_all_equal_scores_rank_in_column_order_and_differ_from_sklearn_tie_average():
    rel = np.array([[0, 0, 1, 1]])
    constant = np.zeros((1, 4))
    in_column_order = np.array([[4.0, 3.0, 2.0, 1.0]])
    for metric in (precision_at_k, recall_at_k, hit_rate_at_k, map_at_k, ndcg_at_k):
        assert metric(rel, constant, 2) == metric(rel, in_column_order, 2), metric.__name__
    assert precision_at_k(rel, constant, 2) == 0.0
    # scikit-learn averages over the orders of tied items instead: the expected NDCG of a random order
    assert skm.ndcg_score(rel, constant, k=2) > ndcg_at_k(rel, constant, 2)


def test_perfect_ranking_scores_one():
    rel = np.array([[1, 1, 0, 0, 1], [0, 1, 0, 0, 0]])
    score = rel + np.linspace(0, 0.1, 5)
    for metric in (recall_at_k, hit_rate_at_k, map_at_k, ndcg_at_k):
        assert metric(rel, score, 5) == pytest.approx(1.0), metric.__name__
    assert mrr(rel, score) == 1.0


def test_ranking_metrics_do_not_mutate_input():
    rel = np.array([[1.0, 0.0, 1.0]])
    score = np.array([[0.2, 0.9, 0.2]])
    for metric in (precision_at_k, recall_at_k, hit_rate_at_k, map_at_k, ndcg_at_k):
        metric(rel, score, 2)
    mrr(rel, score)
    top_k_indices(score, 2)
    assert rel.tolist() == [[1.0, 0.0, 1.0]] and score.tolist() == [[0.2, 0.9, 0.2]]


RANKING = [precision_at_k, recall_at_k, hit_rate_at_k, map_at_k, ndcg_at_k]


@pytest.mark.parametrize("metric", RANKING)
@pytest.mark.parametrize("rel, score, k, error, message", [
    ([[1, 0]], [[0.1, 0.2, 0.3]], 1, ValueError, "y_true and y_score must have the same shape"),
    ([1, 0], [0.1, 0.2], 1, ValueError, "y_true must be 2-dimensional"),
    ([[1, 0]], [[0.1, np.nan]], 1, ValueError, "y_score must not contain NaN"),
    ([[1, 0]], [[0.1, 0.2]], 0, ValueError, "k must be a positive integer, got 0"),
    ([[1, 0]], [[0.1, 0.2]], -3, ValueError, "k must be a positive integer"),
    ([[1, 0]], [[0.1, 0.2]], 1.5, TypeError, "k must be a positive integer"),
])
def test_ranking_metrics_reject_bad_input(metric, rel, score, k, error, message):
    with pytest.raises(error, match=message):
        metric(rel, score, k)


@pytest.mark.parametrize("metric", [precision_at_k, recall_at_k, hit_rate_at_k, map_at_k])
def test_binary_ranking_metrics_reject_non_binary_labels(metric):
    with pytest.raises(ValueError, match="y_true must contain only the labels 0 and 1"):
        metric([[2, 0]], [[0.1, 0.2]], 1)


def test_mrr_and_ndcg_reject_bad_labels():
    with pytest.raises(ValueError, match="y_true must contain only the labels 0 and 1"):
        mrr([[0.5, 1]], [[0.1, 0.2]])
    with pytest.raises(ValueError, match="y_true must contain non-negative"):
        ndcg_at_k([[-1, 1]], [[0.1, 0.2]])
    with pytest.raises(ValueError, match="y_score must not contain NaN"):
        mrr([[0, 1]], [[np.nan, 0.2]])


# ---------------------------------------------------------------------------------------
# list-level metrics
# ---------------------------------------------------------------------------------------

recommendation_lists = st.integers(1, 30).flatmap(lambda n_items: st.tuples(
    st.just(n_items),
    arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=st.integers(0, n_items - 1)),
))


@given(recommendation_lists)
def test_catalog_coverage_and_exposure_gini_equal_reference(data):
    n_items, recs = data
    assert catalog_coverage(recs, n_items) == pytest.approx(len(set(recs.ravel().tolist())) / n_items)
    counts = [int((recs == i).sum()) for i in range(n_items)]
    assert exposure_gini(recs, n_items) == pytest.approx(gini(counts))


@given(recommendation_lists, st.floats(0.01, 0.99), st.randoms(use_true_random=False))
def test_long_tail_share_equals_reference(data, head_fraction, rnd):
    n_items, recs = data
    popularity = [rnd.randint(0, 5) for _ in range(n_items)]
    n_head = int(np.ceil(head_fraction * n_items))
    head = set(sorted(range(n_items), key=lambda i: (-popularity[i], i))[:n_head])
    expected = np.mean([item not in head for item in recs.ravel().tolist()])
    assert long_tail_share(recs, popularity, head_fraction) == pytest.approx(expected)


def test_popularity_ranker_has_zero_long_tail_share_and_low_coverage():
    popularity = np.arange(100, 0, -1)           # item 0 most popular
    recs = np.tile(np.arange(10), (50, 1))       # everyone gets the top 10
    assert long_tail_share(recs, popularity, head_fraction=0.1) == 0.0
    assert catalog_coverage(recs, 100) == pytest.approx(0.1)
    assert exposure_gini(recs, 100) == pytest.approx(0.9)


def test_list_metrics_do_not_mutate_input():
    recs = np.array([[0, 1], [2, 1]])
    popularity = np.array([3.0, 2.0, 1.0])
    catalog_coverage(recs, 3)
    long_tail_share(recs, popularity)
    exposure_gini(recs, 3)
    assert recs.tolist() == [[0, 1], [2, 1]] and popularity.tolist() == [3.0, 2.0, 1.0]


@pytest.mark.parametrize("call, error, message", [
    (lambda: catalog_coverage([[0, 5]], 5), ValueError, r"recommendations must contain item ids in \[0, n_items\)"),
    (lambda: catalog_coverage([[0, -1]], 5), ValueError, "recommendations must contain item ids"),
    (lambda: catalog_coverage([[0, 1.5]], 5), ValueError, "recommendations must contain integer item ids"),
    (lambda: catalog_coverage([0, 1], 5), ValueError, "recommendations must be 2-dimensional"),
    (lambda: catalog_coverage([[0, 1]], 0), ValueError, "n_items must be >= 1"),
    (lambda: catalog_coverage([[0, 1]], 2.0), TypeError, "n_items must be an integer"),
    (lambda: long_tail_share([[0, 3]], [1, 2, 3]), ValueError, r"item ids in \[0, len\(item_popularity\)\)"),
    (lambda: long_tail_share([[0, 1]], [1, -2, 3]), ValueError, "item_popularity must be non-negative"),
    (lambda: long_tail_share([[0, 1]], [1, 2, 3], head_fraction=1.0), ValueError, "head_fraction must be in"),
    (lambda: long_tail_share([[0, 1]], [1, np.nan, 3]), ValueError, "item_popularity must not contain NaN"),
    (lambda: exposure_gini([[0, 9]], 3), ValueError, "recommendations must contain item ids"),
    (lambda: top_k_indices([[0.1, 0.2]], 0), ValueError, "k must be a positive integer"),
])
def test_list_metrics_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_docstring_examples_are_real_output():
    import doctest

    import recbook.metrics

    result = doctest.testmod(recbook.metrics, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 15 and result.failed == 0
