"""Reference solutions of the notebooks' exercises (used by :mod:`recbook.exercises`).

Each function answers one exercise from the data the notebook already has in memory. The
check functions in :mod:`recbook.exercises` compare a learner's answer with these, and
``tests/test_exercises.py`` confirms that every solution passes its own check. Peeking is
allowed -- ``recbook.exercises.solution_source("01.1")`` prints the one for exercise 01.1 --
but try first.
"""

from __future__ import annotations

import math

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
    import numpy as np  # local: keeps this module's imports as they were

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
    import numpy as np

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
