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
