"""Reference solutions of the notebooks' exercises (used by :mod:`recbook.exercises`).

Each function answers one exercise from the data the notebook already has in memory. The
check functions in :mod:`recbook.exercises` compare a learner's answer with these, and
``tests/test_exercises.py`` confirms that every solution passes its own check. Peeking is
allowed -- ``recbook.exercises.solution_source("01.1")`` prints the one for exercise 01.1 --
but try first.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = [
    "top_item_share",
    "cart_imbalance_ratio_among_clicks",
    "segment_purchase_share",
]


def top_item_share(log, share=0.10):
    """Share of all impressions that go to the ``share`` most-shown items of the catalogue.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
        The shop log (``log.items`` is the catalogue, ``log.impressions`` the exposures).
    share : float, default=0.10
        Fraction of the catalogue that counts as the head; the number of head items is
        ``ceil(share * n_items)``, items never shown included in ``n_items``.

    Returns
    -------
    float
        A fraction in [0, 1].

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{top_item_share(log):.3f}")
    0.400
    """
    exposure = (log.impressions["item_id"].value_counts()
                .reindex(log.items["item_id"], fill_value=0))
    n_top = math.ceil(share * len(exposure))
    ranked = exposure.sort_values(ascending=False).to_numpy()
    return float(ranked[:n_top].sum() / ranked.sum())


def cart_imbalance_ratio_among_clicks(log):
    """Imbalance ratio of an add-to-cart classifier trained on clicked impressions only.

    The ratio is negatives per positive: ``(clicks - carts) / carts``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{cart_imbalance_ratio_among_clicks(log):.3f}")
    2.675
    """
    clicked = log.impressions.loc[log.impressions["clicked"]]
    carts = int(clicked["carted"].sum())
    return (len(clicked) - carts) / carts


def segment_purchase_share(log):
    """Each customer segment's share of all purchases, as a Series indexed by segment.

    Segments without purchases appear with share 0; the shares sum to 1.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    pandas.Series
        Indexed by segment name (str), values in [0, 1].

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(segment_purchase_share(log).round(3).to_string())
    segment
    browser           0.273
    regular           0.364
    bargain_hunter    0.182
    big_spender       0.182
    """
    segment_of = log.users.set_index("user_id")["segment"].astype(str)
    buyers = log.impressions.loc[log.impressions["purchased"], "user_id"]
    counts = buyers.map(segment_of).value_counts()
    segments = [str(s) for s in log.users["segment"].cat.categories]
    counts = counts.reindex(segments, fill_value=0)
    return pd.Series(counts.to_numpy() / counts.sum(), index=pd.Index(segments, name="segment"),
                     name="purchase_share")


# --- notebooks 02-04 ---


__all__ += [
    "balanced_click_weight",
    "weighted_constant_prediction",
    "balanced_intercept_shift",
    "vote_share_variance",
    "out_of_bag_probability",
    "easy_ensemble_subsets",
    "standardised_user_traits",
    "segment_centres",
    "segment_objective",
]

#: Class weights (non-click, click) of exercise 02.2.
CONSTANT_PREDICTION_WEIGHTS = (1.0, 10.0)
#: Pairwise correlation and number of members of exercise 03.1.
VOTE_CORRELATION, VOTE_MEMBERS = 0.3, 20


def _click_counts(log):
    clicked = log.impressions["clicked"].to_numpy(dtype=bool)
    n_click = int(clicked.sum())
    return clicked.size - n_click, n_click


def balanced_click_weight(log):
    """scikit-learn's ``balanced`` weight of the click class: ``N / (C N_click)`` with ``C = 2``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{balanced_click_weight(log):.3f}")
    10.204
    """
    n_no, n_click = _click_counts(log)
    return (n_no + n_click) / (2 * n_click)


def weighted_constant_prediction(log, w0=CONSTANT_PREDICTION_WEIGHTS[0],
                                 w1=CONSTANT_PREDICTION_WEIGHTS[1]):
    """The constant P(click) that minimises the weighted cross-entropy over the log.

    ``p* = w1 pi / (w1 pi + w0 (1 - pi))`` with ``pi`` the click rate (notebook 02, section 3).

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    w0, w1 : float, default=1.0, 10.0
        Weights of the non-click and the click class.

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{weighted_constant_prediction(log):.3f}")
    0.340
    """
    n_no, n_click = _click_counts(log)
    pi = n_click / (n_no + n_click)
    return w1 * pi / (w1 * pi + w0 * (1.0 - pi))


def balanced_intercept_shift(log):
    """How far ``balanced`` class weights move the logit of the best constant prediction.

    The shift is ``log(w1 / w0) = log(N_no_click / N_click)`` (natural logarithm).

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{balanced_intercept_shift(log):.3f}")
    2.966
    """
    n_no, n_click = _click_counts(log)
    return math.log(n_no / n_click)


def vote_share_variance(log, rho=VOTE_CORRELATION, n_members=VOTE_MEMBERS):
    """Variance of the share of ``n_members`` correlated 0/1 voters that vote "click".

    Each member votes "click" with probability ``pi`` (the log's click rate), so its variance is
    ``sigma^2 = pi (1 - pi)``; with pairwise correlation ``rho`` the mean of ``M`` members has
    variance ``rho sigma^2 + (1 - rho) sigma^2 / M``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    rho : float, default=0.3
    n_members : int, default=20

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{vote_share_variance(log):.5f}")
    0.01561
    """
    n_no, n_click = _click_counts(log)
    pi = n_click / (n_no + n_click)
    sigma2 = pi * (1.0 - pi)
    return rho * sigma2 + (1.0 - rho) * sigma2 / n_members


def out_of_bag_probability(log):
    """Probability that one impression is left out of a bootstrap sample of all impressions.

    A bootstrap sample draws ``n`` rows with replacement from ``n``; a given row is missed by
    every draw with probability ``(1 - 1/n)^n`` (close to, but not equal to, ``1/e``).

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(f"{out_of_bag_probability(log):.5f}")
    0.36782
    """
    n = len(log.impressions)
    return (1.0 - 1.0 / n) ** n


def easy_ensemble_subsets(log):
    """Fewest balanced subsets (all clicks + as many non-clicks) that can use every non-click.

    Each subset of an EasyEnsemble-style ensemble holds all ``N_click`` clicks and
    ``N_click`` non-clicks drawn without overlap, so ``ceil(N_no_click / N_click)`` subsets are
    needed for every non-click to appear in one.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    int

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> easy_ensemble_subsets(log)
    20
    """
    n_no, n_click = _click_counts(log)
    return math.ceil(n_no / n_click)


def standardised_user_traits(log):
    """The users' traits of notebook 04, section 4, each standardised to mean 0 and std 1.

    Columns ``log_activity``, ``price_sensitivity``, ``buy_propensity``; the standard
    deviation is pandas' default (``ddof=1``), as in the notebook.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    pandas.DataFrame
        Indexed by ``user_id``.

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> print(standardised_user_traits(log).std().round(6).to_string())
    log_activity         1.0
    price_sensitivity    1.0
    buy_propensity       1.0
    """
    users = log.users
    traits = pd.DataFrame({"log_activity": np.log(users["activity"].to_numpy(dtype=float)),
                           "price_sensitivity": users["price_sensitivity"].to_numpy(dtype=float),
                           "buy_propensity": users["buy_propensity"].to_numpy(dtype=float)},
                          index=pd.Index(users["user_id"].to_numpy(), name="user_id"))
    return (traits - traits.mean()) / traits.std()


def segment_centres(log):
    """The k-means centre update for the assignment "each user to their true segment".

    ``mu_j = sum_i r_ij x_i / sum_i r_ij``: the mean standardised traits of each segment.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    pandas.DataFrame
        One row per segment (in the order of the segment categories), one column per trait.

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> segment_centres(log).shape
    (4, 3)
    """
    Z = standardised_user_traits(log)
    segment = pd.Categorical(log.users["segment"].to_numpy())
    segments = [str(s) for s in log.users["segment"].cat.categories]
    centres = Z.groupby(np.asarray(segment.astype(str)), sort=False).mean().reindex(segments)
    centres.index = pd.Index(segments, name="segment")
    return centres


def segment_objective(log):
    """The k-means objective ``J = sum_i sum_j r_ij ||x_i - mu_j||^2`` of the true segments.

    ``r_ij = 1`` when user ``i`` belongs to segment ``j``; ``mu_j`` are
    :func:`segment_centres`; ``x_i`` the :func:`standardised_user_traits`.

    Parameters
    ----------
    log : recbook.data.ImpressionLog

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=100, n_impressions=3000, random_state=0)
    >>> segment_objective(log) < 3 * (200 - 1)      # below the total sum of squares
    True
    """
    Z = standardised_user_traits(log)
    centres = segment_centres(log)
    own = centres.loc[log.users["segment"].astype(str).to_numpy()].to_numpy()
    return float(((Z.to_numpy() - own) ** 2).sum())


# --- notebooks 09-10 ---
# (numpy is imported here, not at the top, so that this block merges as one piece)

__all__ += [
    "catalog_coverage_of_lists",
    "long_tail_share_of_lists",
    "recall_at_k_of_lists",
    "deduplicated_imbalance_ratio",
    "page_value_share_of_purchases",
]


def catalog_coverage_of_lists(recommendations, n_items):
    """Share of the catalogue that appears in at least one recommendation list.

    Parameters
    ----------
    recommendations : ndarray of int, shape (n_users, k)
        Item ids recommended to each user.
    n_items : int
        Catalogue size, items never recommended included.

    Returns
    -------
    float
        ``|union of the lists| / n_items``, in (0, 1].

    Examples
    --------
    >>> print(catalog_coverage_of_lists(np.array([[0, 1], [1, 2]]), 10))
    0.3
    """
    return float(np.unique(np.asarray(recommendations)).size / n_items)


def long_tail_share_of_lists(recommendations, item_popularity, head_fraction):
    """Share of all recommended slots that hold an item outside the popular head.

    The head is the ``ceil(head_fraction * n_items)`` most popular items of the catalogue;
    ties at its boundary go to the smaller item id (a stable sort), as in
    :func:`recbook.rerank.head_tail_split`.

    Parameters
    ----------
    recommendations : ndarray of int, shape (n_users, k)
    item_popularity : ndarray of shape (n_items,)
        E.g. the training users of each item.
    head_fraction : float
        Share of the catalogue in the head, in (0, 1).

    Returns
    -------
    float
        Mean over all ``n_users * k`` slots of ``1[item is in the tail]``.

    Examples
    --------
    >>> print(long_tail_share_of_lists(np.array([[0, 1], [0, 4]]), np.array([50, 30, 10, 5, 1]), 0.2))
    0.5
    """
    popularity = np.asarray(item_popularity, dtype=float)
    n_head = math.ceil(head_fraction * popularity.size)
    is_tail = np.ones(popularity.size, dtype=bool)
    is_tail[np.argsort(-popularity, kind="stable")[:n_head]] = False
    return float(is_tail[np.asarray(recommendations)].mean())


def recall_at_k_of_lists(y_true, recommendations):
    """Mean over users of the share of their relevant items that their list contains.

    ``recall@k = mean_u |list(u) & rel(u)| / |rel(u)|``, with ``k`` the length of the lists;
    a user without relevant items scores 0.

    Parameters
    ----------
    y_true : ndarray of shape (n_users, n_items)
        1 where the item is relevant to the user (e.g. clicked in the test period).
    recommendations : ndarray of int, shape (n_users, k)
        Each user's top-k list (row ``u`` belongs to row ``u`` of ``y_true``).

    Returns
    -------
    float

    Examples
    --------
    >>> y_true = np.array([[1, 0, 1, 0], [0, 1, 0, 0]])
    >>> print(recall_at_k_of_lists(y_true, np.array([[0, 1], [2, 3]])))
    0.25
    """
    relevant = np.asarray(y_true, dtype=float)
    hits = np.take_along_axis(relevant, np.asarray(recommendations), axis=1).sum(axis=1)
    n_relevant = relevant.sum(axis=1)
    per_user = np.divide(hits, n_relevant, out=np.zeros_like(hits), where=n_relevant > 0)
    return float(per_user.mean())


def deduplicated_imbalance_ratio(shoppers):
    """Sessions without a purchase per purchasing session, after dropping exact duplicate rows.

    Parameters
    ----------
    shoppers : pandas.DataFrame
        The Online Shoppers sessions (``Revenue`` is True for a purchase).

    Returns
    -------
    float
        ``(n - purchases) / purchases`` over the rows left by ``drop_duplicates()``.

    Examples
    --------
    >>> sessions = pd.DataFrame({"PageValues": [0.0, 0.0, 0.0, 5.0, 0.0],
    ...                          "Revenue": [False, False, False, True, True]})
    >>> print(deduplicated_imbalance_ratio(sessions))
    0.5
    """
    unique = shoppers.drop_duplicates()
    purchases = int(unique["Revenue"].sum())
    return (len(unique) - purchases) / purchases


def page_value_share_of_purchases(shoppers):
    """Share of the purchasing sessions whose ``PageValues`` is positive.

    This is P(PageValues > 0 | purchase), not P(purchase | PageValues > 0).

    Parameters
    ----------
    shoppers : pandas.DataFrame
        The Online Shoppers sessions (``Revenue`` is True for a purchase).

    Returns
    -------
    float
        A fraction in [0, 1].

    Examples
    --------
    >>> sessions = pd.DataFrame({"PageValues": [0.0, 12.5, 3.0, 0.0],
    ...                          "Revenue": [True, True, True, False]})
    >>> print(f"{page_value_share_of_purchases(sessions):.4f}")
    0.6667
    """
    purchases = shoppers.loc[shoppers["Revenue"].astype(bool), "PageValues"]
    return float((purchases > 0).mean())


# --- notebooks 05-06 ---

__all__ += [
    "OVERSAMPLING_STRATEGY",
    "SMOTE_COLUMNS",
    "SMOTE_LAMBDA",
    "UNDERSAMPLING_STRATEGY",
    "VOUCHER_COST",
    "MARGIN",
    "DOWNSAMPLING_KEEP_RATE",
    "BALANCED_PREDICTION",
    "oversampled_class_counts",
    "smote_point",
    "undersampling_keep_rate",
    "voucher_threshold",
    "downsampled_click_rate",
    "corrected_balanced_prediction",
]

OVERSAMPLING_STRATEGY = 0.5      # exercise 05.1: RandomOverSampler(sampling_strategy=0.5)
SMOTE_COLUMNS = ("log_price", "user_price_sensitivity")   # exercise 05.2: the two columns
SMOTE_LAMBDA = 0.3               # exercise 05.2: the interpolation factor lambda
UNDERSAMPLING_STRATEGY = 0.25    # exercise 05.3: RandomUnderSampler(sampling_strategy=0.25)
VOUCHER_COST = 2.0               # exercise 06.1: c_FP, the cost of a voucher sent in vain
MARGIN = 0.3                     # exercise 06.1: c_FN = MARGIN * mean price of a purchase
DOWNSAMPLING_KEEP_RATE = 0.1     # exercise 06.2: keep-rate w of the negatives
BALANCED_PREDICTION = 0.5        # exercise 06.3: a balanced model's prediction to correct


def _purchases_among_clicks(log):
    """(n_negative, n_positive) of the purchase task among clicked impressions."""
    clicked = log.impressions.loc[log.impressions["clicked"]]
    n_pos = int(clicked["purchased"].sum())
    return len(clicked) - n_pos, n_pos


def _smote_table(log):
    """Clicked impressions in SMOTE_COLUMNS (as notebook 05 builds them) and purchase labels."""

    clicked = log.impressions.loc[log.impressions["clicked"]]
    sensitivity = log.users.set_index("user_id")["price_sensitivity"]
    X = np.c_[np.log(clicked["price"].to_numpy(dtype=float)),
              clicked["user_id"].map(sensitivity).to_numpy(dtype=float)]
    return X, clicked["purchased"].to_numpy(dtype=bool)


def oversampled_class_counts(log, sampling_strategy=OVERSAMPLING_STRATEGY):
    """Class counts of the purchase task among clicks after random over-sampling.

    A float ``sampling_strategy`` ``r`` asks for the ratio ``n_minority / n_majority = r``
    after resampling: the majority keeps its ``n_0`` rows, the minority grows to
    ``n_1 + int(r n_0 - n_1)`` rows (imbalanced-learn's rule), which is ``floor(r n_0)``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    sampling_strategy : float, default=OVERSAMPLING_STRATEGY

    Returns
    -------
    dict
        ``{0: n_no_purchase, 1: n_purchase}`` after over-sampling.

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7)
    >>> oversampled_class_counts(log)
    {0: 863, 1: 431}
    """
    n_neg, n_pos = _purchases_among_clicks(log)
    return {0: n_neg, 1: n_pos + int(sampling_strategy * n_neg - n_pos)}


def smote_point(log, lam=SMOTE_LAMBDA):
    """The SMOTE point between the first purchase among the clicks and its nearest purchase.

    In the columns ``SMOTE_COLUMNS`` (unscaled), ``x_i`` is the first purchased click in the
    log's order and ``x_nn`` the nearest *other* purchased click (Euclidean distance); the new
    point is ``x_new = x_i + lam (x_nn - x_i)`` (Chawla et al., 2002).

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    lam : float, default=SMOTE_LAMBDA

    Returns
    -------
    numpy.ndarray of shape (2,)

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7)
    >>> smote_point(log).round(4)
    array([3.2878, 0.5167])
    """

    X, bought = _smote_table(log)
    minority = X[bought]
    x_i = minority[0]
    distance = np.linalg.norm(minority[1:] - x_i, axis=1)
    x_nn = minority[1:][np.argmin(distance)]
    return x_i + lam * (x_nn - x_i)


def undersampling_keep_rate(log, sampling_strategy=UNDERSAMPLING_STRATEGY):
    """Share of the non-purchases (among clicks) that random under-sampling keeps.

    A float ``sampling_strategy`` ``r`` keeps every minority row and ``int(n_1 / r)`` majority
    rows, so the keep-rate of the majority is ``int(n_1 / r) / n_0``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    sampling_strategy : float, default=UNDERSAMPLING_STRATEGY

    Returns
    -------
    float
        A fraction in (0, 1].

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7)
    >>> print(f"{undersampling_keep_rate(log):.4f}")
    0.5098
    """
    n_neg, n_pos = _purchases_among_clicks(log)
    return int(n_pos / sampling_strategy) / n_neg


def voucher_threshold(log, voucher_cost=VOUCHER_COST, margin=MARGIN):
    """Cost-based threshold for sending a voucher: ``c_FP / (c_FP + c_FN)`` (Elkan, 2001).

    A voucher sent to a non-buyer wastes ``c_FP = voucher_cost``; a buyer missed loses the
    margin on an average purchase, ``c_FN = margin * mean price of the purchased impressions``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    voucher_cost : float, default=VOUCHER_COST
    margin : float, default=MARGIN

    Returns
    -------
    float
        A probability in (0, 1).

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7)
    >>> print(f"{voucher_threshold(log):.4f}")
    0.1830
    """
    imp = log.impressions
    c_fn = margin * float(imp.loc[imp["purchased"], "price"].mean())
    return voucher_cost / (voucher_cost + c_fn)


def downsampled_click_rate(log, keep_rate=DOWNSAMPLING_KEEP_RATE):
    """Expected click rate of the log after negative down-sampling with keep-rate ``w``.

    Every click is kept and each non-click with probability ``w``, so in expectation
    ``pi_w = n_click / (n_click + w n_no_click)``.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    keep_rate : float, default=DOWNSAMPLING_KEEP_RATE

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7)
    >>> print(f"{downsampled_click_rate(log):.4f}")
    0.3384
    """
    n_click = int(log.impressions["clicked"].sum())
    n_no = len(log.impressions) - n_click
    return n_click / (n_click + keep_rate * n_no)


def corrected_balanced_prediction(log, p=BALANCED_PREDICTION):
    """Prior-corrected probability of a prediction ``p`` made after balanced under-sampling.

    Balanced random under-sampling of the click task keeps the share ``w = n_click /
    n_no_click`` of the non-clicks; the prior correction is ``q = p / (p + (1 - p) / w)``
    (Dal Pozzolo et al., 2015). For ``p = 0.5`` it gives ``w / (1 + w)``, the click rate.

    Parameters
    ----------
    log : recbook.data.ImpressionLog
    p : float, default=BALANCED_PREDICTION

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=500, n_items=300, n_impressions=20_000, random_state=7)
    >>> print(f"{corrected_balanced_prediction(log):.4f}")
    0.0486
    """
    n_click = int(log.impressions["clicked"].sum())
    w = n_click / (len(log.impressions) - n_click)
    return p / (p + (1 - p) / w)


# --- notebooks 07-08 ---


__all__ += [
    "category_balanced_weights",
    "majority_guess_accuracy",
    "smote_synthetic_books",
    "f1_from_decisions",
    "mcc_from_decisions",
    "random_pr_auc",
    "ndcg_by_hand",
]


def category_balanced_weights(data):
    """scikit-learn's ``"balanced"`` weight of each category: ``N / (C * N_c)``.

    The weights a ten-class model (one class per product category) would give each category
    with ``class_weight="balanced"``; they sum to ``C`` when each is multiplied by its share.

    Parameters
    ----------
    data : pandas.DataFrame
        The case-study frame of :func:`recbook.data.make_case_study_data` (``category``
        column, categorical).

    Returns
    -------
    pandas.Series
        Indexed by category name (str), in the order of the categories.

    Examples
    --------
    >>> from recbook.data import make_case_study_data
    >>> data = make_case_study_data(n_samples=1000, random_state=0)
    >>> print(category_balanced_weights(data).round(3).to_string())
    category
    electronics    0.380
    clothing       0.505
    home           0.676
    beauty         0.893
    sports         1.190
    toys           1.587
    grocery        2.083
    garden         2.778
    automotive     3.704
    books          4.762
    """
    categories = [str(c) for c in data["category"].cat.categories]
    counts = data["category"].astype(str).value_counts().reindex(categories, fill_value=0)
    weights = len(data) / (len(categories) * counts.to_numpy())
    return pd.Series(weights, index=pd.Index(categories, name="category"), name="weight")


def majority_guess_accuracy(data):
    """Accuracy of the model that always answers "not books" (label 0), over the whole data.

    It equals ``1 - prevalence``: every label-0 sample is right, every book wrong.

    Parameters
    ----------
    data : pandas.DataFrame
        The case-study frame (``label`` column, 0/1).

    Returns
    -------
    float

    Examples
    --------
    >>> from recbook.data import make_case_study_data
    >>> data = make_case_study_data(n_samples=1000, random_state=0)
    >>> print(f"{majority_guess_accuracy(data):.3f}")
    0.979
    """
    return float((data["label"].to_numpy() == 0).mean())


def smote_synthetic_books(data, random_state=42):
    """Number of synthetic books SMOTE creates on the published (unstratified) training split.

    The article splits with ``train_test_split(test_size=0.2, random_state=42)`` and then
    over-samples the training part with SMOTE's default strategy, which adds minority samples
    until both classes are equally frequent: ``N_0,train - N_1,train`` new books.

    Parameters
    ----------
    data : pandas.DataFrame
        The case-study frame (``label`` column, 0/1).
    random_state : int, default=42
        The split's seed (the article's).

    Returns
    -------
    int

    Examples
    --------
    >>> from recbook.data import make_case_study_data
    >>> data = make_case_study_data(n_samples=1000, random_state=0)
    >>> smote_synthetic_books(data)
    768
    """
    from sklearn.model_selection import train_test_split

    y = data["label"].to_numpy()
    y_train, _ = train_test_split(y, test_size=0.2, random_state=random_state)
    return int((y_train == 0).sum() - (y_train == 1).sum())


def f1_from_decisions(y_true, y_pred):
    """F1 of the positive class, the harmonic mean of precision and recall: ``2PR / (P + R)``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        True labels and decisions.

    Returns
    -------
    float
        0 when precision and recall are both 0 (as scikit-learn's ``f1_score``).

    Examples
    --------
    >>> f1_from_decisions([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    0.6666666666666666
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(((y_pred == 1) & (y_true == 1)).sum())
    fp = int(((y_pred == 1) & (y_true == 0)).sum())
    fn = int(((y_pred == 0) & (y_true == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def mcc_from_decisions(y_true, y_pred):
    """Matthews correlation coefficient from the four confusion counts.

    ``MCC = (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN))``, 0 when a factor
    of the denominator is 0 (as scikit-learn's ``matthews_corrcoef``).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1

    Returns
    -------
    float
        In [-1, 1].

    Examples
    --------
    >>> print(f"{mcc_from_decisions([0, 0, 0, 1, 1], [0, 0, 1, 1, 0]):.4f}")
    0.1667
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(((y_pred == 1) & (y_true == 1)).sum())
    fp = int(((y_pred == 1) & (y_true == 0)).sum())
    fn = int(((y_pred == 0) & (y_true == 1)).sum())
    tn = int(((y_pred == 0) & (y_true == 0)).sum())
    denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    return (tp * tn - fp * fn) / math.sqrt(denominator) if denominator else 0.0


def random_pr_auc(ratio):
    """Expected PR-AUC (average precision) of a classifier that scores at random.

    Its precision at every threshold is, on average, the prevalence, so the area is the
    prevalence ``1 / (1 + ratio)`` for ``ratio`` negatives per positive (Saito & Rehmsmeier,
    2015).

    Parameters
    ----------
    ratio : float
        Negatives per positive (> 0).

    Returns
    -------
    float

    Examples
    --------
    >>> random_pr_auc(99)
    0.01
    """
    return 1.0 / (1.0 + ratio)


def ndcg_by_hand(gains, k):
    """NDCG@k of one ranked list, with the relevance grades as gains.

    ``DCG@k = sum_{i=1..k} g_i / log2(i + 1)`` over the list in its ranked order, divided by
    the DCG@k of the ideal order (all grades sorted in decreasing order) -- the definition of
    Järvelin & Kekäläinen (2002) with linear gains, as in ``sklearn.metrics.ndcg_score``.

    Parameters
    ----------
    gains : array-like of float
        Relevance grades of the items in the order they are shown (rank 1 first).
    k : int
        List length.

    Returns
    -------
    float
        In [0, 1]; 0 when no item is relevant.

    Examples
    --------
    >>> print(f"{ndcg_by_hand([0, 2, 0, 1], k=3):.4f}")
    0.4796
    """
    gains = np.asarray(gains, dtype=float)
    discounts = 1.0 / np.log2(np.arange(2, gains.size + 2))
    top = min(k, gains.size)
    dcg = float(gains[:top] @ discounts[:top])
    ideal = float(np.sort(gains)[::-1][:top] @ discounts[:top])
    return dcg / ideal if ideal > 0 else 0.0


# --- notebook 11 ---
# The questions of notebook 11's exercises, asked of its grid DataFrame (one row per data set,
# remedy, learner and metric, as loaded by recbook.grid.load_grid). The notebook's exercise text
# states these constants, and a test keeps the two in step.

__all__ += [
    "best_pr_auc_remedy",
    "threshold_minus_smote_f1",
    "clear_difference_outcome",
]

BEST_REMEDY_LEARNER = "logistic_regression"
BEST_REMEDY_DATASET = "synthetic 1:100"
TUNING_LEARNER = "hist_gradient_boosting"
TUNING_DATASET = "synthetic 1:100"
CLEAR_METHOD, CLEAR_BASELINE = "threshold_tuning", "smote"   # exercise 3 judges exercise 2's gap
CLEAR_LEARNER = TUNING_LEARNER
CLEAR_METRIC = "f1"
CLEAR_DATASET = TUNING_DATASET
GRID_LOWER_IS_BETTER = ("brier", "log_loss")   # as recbook.grid.LOWER_IS_BETTER


def _grid_cell(grid, dataset, method, learner, metric):
    """The single row of ``grid`` for one (dataset, method, learner, metric)."""
    rows = grid[(grid["dataset"] == dataset) & (grid["method"] == method)
                & (grid["learner"] == learner) & (grid["metric"] == metric)]
    if len(rows) != 1:
        raise ValueError(f"grid has {len(rows)} rows for ({dataset!r}, {method!r}, {learner!r}, "
                         f"{metric!r}); expected exactly one")
    return rows.iloc[0]


def best_pr_auc_remedy(grid, learner=BEST_REMEDY_LEARNER, dataset=BEST_REMEDY_DATASET):
    """The remedy with the highest mean PR-AUC for one learner on one data set.

    Only the rows of that learner and data set compete (the two ensembles, whose learner is
    ``"own"``, are other learners); the mean over the cross-validation folds decides.

    Parameters
    ----------
    grid : pandas.DataFrame
        The grid of notebook 11 (columns ``dataset, method, learner, metric, mean, ...``).
    learner, dataset : str
        Which learner and which data set.

    Returns
    -------
    str
        A value of the ``method`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.DataFrame({"dataset": "d", "method": ["none", "smote", "class_weights"],
    ...     "learner": "logistic_regression", "metric": "pr_auc", "mean": [0.50, 0.48, 0.52],
    ...     "std": 0.01, "ci_low": 0.4, "ci_high": 0.6, "n_folds": 10})
    >>> best_pr_auc_remedy(grid, dataset="d")
    'class_weights'
    """
    rows = grid[(grid["dataset"] == dataset) & (grid["learner"] == learner)
                & (grid["metric"] == "pr_auc")]
    if rows.empty:
        raise ValueError(f"grid has no PR-AUC rows for learner {learner!r} on {dataset!r}")
    return str(rows.loc[rows["mean"].idxmax(), "method"])


def threshold_minus_smote_f1(grid, learner=TUNING_LEARNER, dataset=TUNING_DATASET):
    """Mean minority F1 of threshold tuning minus that of SMOTE, for one learner and data set.

    Positive when tuning the threshold of the unchanged model beats SMOTE at the threshold
    0.5. Both remedies are scored on the same cross-validation folds, so this difference of
    means is also the mean of the per-fold paired differences.

    Parameters
    ----------
    grid : pandas.DataFrame
        The grid of notebook 11.
    learner, dataset : str
        Which learner and which data set.

    Returns
    -------
    float
        In [-1, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.DataFrame({"dataset": "d", "method": ["smote", "threshold_tuning"],
    ...     "learner": "lr", "metric": "f1", "mean": [0.40, 0.45], "std": 0.01,
    ...     "ci_low": 0.3, "ci_high": 0.5, "n_folds": 10})
    >>> print(f"{threshold_minus_smote_f1(grid, learner='lr', dataset='d'):.2f}")
    0.05
    """
    tuned = _grid_cell(grid, dataset, "threshold_tuning", learner, "f1")["mean"]
    smote = _grid_cell(grid, dataset, "smote", learner, "f1")["mean"]
    return float(tuned - smote)


def clear_difference_outcome(grid, method=CLEAR_METHOD, baseline=CLEAR_BASELINE,
                             learner=CLEAR_LEARNER, metric=CLEAR_METRIC, dataset=CLEAR_DATASET):
    """Is ``method`` better, worse, or not clearly different from ``baseline``? (notebook 11's rule)

    The rule of ``recbook.grid.compare_with_baseline``: when the two 95 % intervals
    ``[ci_low, ci_high]`` do not overlap, the method is "better" if its mean is on the good
    side (higher, or lower for a lower-is-better metric such as the Brier score) and "worse"
    otherwise; when they overlap, there is "no clear difference".

    Parameters
    ----------
    grid : pandas.DataFrame
        The grid of notebook 11.
    method, baseline, learner, metric, dataset : str
        The comparison.

    Returns
    -------
    {"better", "worse", "no clear difference"}

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.DataFrame({"dataset": "d", "method": ["none", "smote"], "learner": "lr",
    ...     "metric": "brier", "mean": [0.05, 0.09], "std": 0.01, "ci_low": [0.04, 0.08],
    ...     "ci_high": [0.06, 0.10], "n_folds": 10})
    >>> clear_difference_outcome(grid, "smote", "none", learner="lr", metric="brier", dataset="d")
    'worse'
    """
    ours = _grid_cell(grid, dataset, method, learner, metric)
    base = _grid_cell(grid, dataset, baseline, learner, metric)
    above, below = ours["ci_low"] > base["ci_high"], ours["ci_high"] < base["ci_low"]
    if not (above or below):
        return "no clear difference"
    good = below if metric in GRID_LOWER_IS_BETTER else above
    return "better" if good else "worse"
