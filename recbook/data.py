"""Synthetic e-commerce data: the kit's embedded default data set.

:func:`make_impression_log` simulates what a shop's search and recommendation logs look like:
users, items in K product categories whose popularity has a long (Zipf-like) tail, and a
funnel impression -> click -> add-to-cart -> purchase in which every stage is much rarer than
the one before. Because the data are simulated, the *true* probabilities of each stage are
known and stored next to the sampled outcomes, so notebooks can measure how far a model's
predictions are from the truth -- something no real log allows.

:func:`imbalance_summary` measures the imbalance of a log: counts per funnel stage, shares,
imbalance ratios and the concentration (Gini) of item popularity.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from recbook._validation import check_float, check_int, check_random_state
from recbook.metrics import gini

__all__ = [
    "CATEGORY_NAMES",
    "ImpressionLog",
    "make_impression_log",
    "imbalance_summary",
    "write_synthetic_data",
]

#: Category names used when ``n_categories <= 10``, most plentiful first. Electronics are
#: plentiful and books scarce, as in the seed article's case study.
CATEGORY_NAMES = (
    "electronics", "clothing", "home", "beauty", "sports",
    "toys", "grocery", "garden", "automotive", "books",
)

_SEGMENTS = ("browser", "regular", "bargain_hunter", "big_spender")
# Segment shares are unequal on purpose: customer segments are themselves imbalanced, which
# the k-means notebook uses to show the "uniform effect" of k-means on unequal clusters.
_SEGMENT_SHARES = np.array([0.55, 0.25, 0.15, 0.05])
_SEGMENT_ACTIVITY = np.array([1.0, 2.0, 1.5, 3.0])          # relative impressions per user
_SEGMENT_PRICE_SENSITIVITY = np.array([0.8, 0.5, 1.6, 0.1])  # how much price deters a cart
_SEGMENT_BUY_PROPENSITY = np.array([-0.6, 0.3, 0.0, 0.9])   # shifts the cart/purchase logits


@dataclass(frozen=True)
class ImpressionLog:
    """A simulated impression log and the users and items behind it.

    Attributes
    ----------
    users : pandas.DataFrame
        One row per user: ``user_id``, ``segment`` (categorical, the true segment),
        ``activity`` (relative impression rate), ``price_sensitivity``,
        ``buy_propensity``, and observable per-user aggregates computed from the log
        (``n_impressions``, ``n_clicks``, ``n_purchases``, ``mean_price_clicked``).
    items : pandas.DataFrame
        One row per item: ``item_id``, ``category`` (categorical), ``price``, ``quality``,
        ``popularity`` (exposure weight, sums to 1).
    impressions : pandas.DataFrame
        One row per impression, sorted by ``day`` then ``impression_id``: ``impression_id``,
        ``user_id``, ``item_id``, ``category``, ``day`` (0-based), ``position`` (1-based
        rank on the page), ``price``, the true probabilities ``p_click`` = P(click),
        ``p_cart`` = P(cart | click), ``p_purchase`` = P(purchase | cart), and the sampled
        outcomes ``clicked``, ``carted``, ``purchased`` (booleans; purchased implies carted
        implies clicked).
    params : dict
        The arguments the log was generated with.
    """

    users: pd.DataFrame
    items: pd.DataFrame
    impressions: pd.DataFrame
    params: dict = field(default_factory=dict)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # numerically stable, exact in float64


def _intercept_for_rate(logits, target, weights=None):
    """Find ``b`` such that the (weighted) mean of sigmoid(logits + b) equals ``target``.

    The mean is monotone in ``b``, so bisection converges; 100 halvings of a width-60
    bracket reach float64 resolution, deterministically.
    """
    low, high = -30.0, 30.0
    for _ in range(100):
        mid = 0.5 * (low + high)
        rate = np.average(_sigmoid(logits + mid), weights=weights)
        if rate < target:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


def make_impression_log(
    n_users=2000,
    n_items=500,
    n_categories=10,
    n_impressions=60_000,
    *,
    n_days=28,
    popularity_exponent=1.1,
    category_decay=0.75,
    click_rate=0.05,
    cart_rate=0.30,
    purchase_rate=0.40,
    n_factors=4,
    random_state=0,
):
    """Simulate an e-commerce impression log with a long tail and a conversion funnel.

    Parameters
    ----------
    n_users : int, default=2000
        Number of users (>= 1).
    n_items : int, default=500
        Number of items (>= ``n_categories``).
    n_categories : int, default=10
        Number of product categories K (>= 2). With K <= 10 the categories are named
        (:data:`CATEGORY_NAMES`), otherwise ``category_01`` ... .
    n_impressions : int, default=60000
        Number of impressions (items shown to users), >= 1.
    n_days : int, default=28
        Length of the log in days (>= 1); impressions are spread uniformly over days, which
        allows temporal train/test splits.
    popularity_exponent : float, default=1.1
        Zipf exponent ``s`` of item exposure: inside its category, the item of popularity
        rank ``r`` is shown with weight ``r**(-s)``. 0 gives exposure proportional to the
        category's share of items; larger values a heavier head.
    category_decay : float, default=0.75
        Category ``k`` (0-based) receives a share of items proportional to
        ``category_decay**k``, so the first category (electronics) is the largest and the
        last (books) the smallest; categories receive impressions in the same proportions.
        Must lie in (0, 1].
    click_rate : float, default=0.05
        Mean P(click | impression), in (0, 1).
    cart_rate : float, default=0.30
        Mean P(add-to-cart | click), in (0, 1).
    purchase_rate : float, default=0.40
        Mean P(purchase | add-to-cart), in (0, 1).
    n_factors : int, default=4
        Dimension of the latent taste vectors of users and items (>= 1).
    random_state : int, numpy.random.Generator or None, default=0
        Seed; the same seed gives the same log, bit for bit.

    Returns
    -------
    ImpressionLog
        ``users``, ``items`` and ``impressions`` data frames (see :class:`ImpressionLog`).

    Raises
    ------
    TypeError
        If a count is not an integer or a rate is not a real number.
    ValueError
        If a count is out of range, a rate is outside (0, 1), or ``n_items < n_categories``.

    Notes
    -----
    The generative model, for user ``u`` and item ``i`` shown at position ``pos``:

    * ``logit P(click) = a + t_u . v_i + q_i - 0.5 log(pos)`` (taste match, item quality,
      position bias);
    * ``logit P(cart | click) = b + g_u + 0.5 q_i - s_u log(price_i / median price)``
      (buying propensity ``g_u`` and price sensitivity ``s_u`` depend on the user segment);
    * ``logit P(purchase | cart) = c + 0.5 g_u + 0.3 q_i``.

    The intercepts ``a, b, c`` are solved by bisection so that the mean rates equal
    ``click_rate``, ``cart_rate`` (weighted by P(click)) and ``purchase_rate`` (weighted by
    P(click) P(cart | click)). Exposure follows popularity (not relevance), which is how
    real logs come to over-represent the head of the catalogue.

    References
    ----------
    Anderson, C. (2006). *The Long Tail*. Hyperion. -- Zipf-like item popularity.
    Ma, X. et al. (2018). Entire Space Multi-Task Model. SIGIR 2018. -- the
    impression -> click -> conversion funnel and its sample-selection bias.

    Examples
    --------
    >>> from recbook.data import make_impression_log
    >>> log = make_impression_log(n_users=200, n_items=50, n_impressions=5000, random_state=1)
    >>> log.impressions.shape
    (5000, 13)
    >>> bool((log.impressions.purchased <= log.impressions.carted).all())
    True
    """
    n_users = check_int(n_users, "n_users", minimum=1)
    n_categories = check_int(n_categories, "n_categories", minimum=2)
    n_items = check_int(n_items, "n_items", minimum=1)
    if n_items < n_categories:
        raise ValueError(f"n_items must be >= n_categories ({n_categories}), got {n_items}")
    n_impressions = check_int(n_impressions, "n_impressions", minimum=1)
    n_days = check_int(n_days, "n_days", minimum=1)
    n_factors = check_int(n_factors, "n_factors", minimum=1)
    popularity_exponent = check_float(popularity_exponent, "popularity_exponent", low=0.0)
    category_decay = check_float(category_decay, "category_decay", low=0.0, high=1.0,
                                 low_open=True)
    rates = {}
    for name, value in (("click_rate", click_rate), ("cart_rate", cart_rate),
                        ("purchase_rate", purchase_rate)):
        rates[name] = check_float(value, name, low=0.0, high=1.0, low_open=True, high_open=True)
    params = dict(n_users=n_users, n_items=n_items, n_categories=n_categories,
                  n_impressions=n_impressions, n_days=n_days,
                  popularity_exponent=popularity_exponent, category_decay=category_decay,
                  n_factors=n_factors, **rates)
    rng = check_random_state(random_state)

    if n_categories <= len(CATEGORY_NAMES):
        names = list(CATEGORY_NAMES[:n_categories])
    else:
        names = [f"category_{k + 1:02d}" for k in range(n_categories)]

    # --- items: categories of unequal size, prices by category, Zipf exposure -------------
    shares = category_decay ** np.arange(n_categories)
    shares /= shares.sum()
    # every category gets at least one item; the rest are split by largest remainder
    extra = shares * (n_items - n_categories)
    counts = 1 + np.floor(extra).astype(int)
    remainder = n_items - counts.sum()
    counts[np.argsort(-(extra - np.floor(extra)), kind="stable")[:remainder]] += 1
    item_category = np.repeat(np.arange(n_categories), counts)
    category_price = np.exp(rng.normal(3.5, 0.8, size=n_categories))
    price = np.round(category_price[item_category] * np.exp(rng.normal(0.0, 0.5, size=n_items)), 2)
    price = np.maximum(price, 0.99)
    quality = rng.normal(0.0, 0.5, size=n_items)
    item_factors = rng.normal(0.0, 1.0, size=(n_items, n_factors)) / np.sqrt(n_factors)
    # Exposure: a category receives impressions in proportion to its share of the catalogue,
    # and inside a category items follow a Zipf law over a random popularity order. (A single
    # global Zipf ranking would let one lucky item decide which category dominates the log.)
    popularity = np.empty(n_items)
    for k in range(n_categories):
        members = np.flatnonzero(item_category == k)
        rank = rng.permutation(members.size) + 1
        weight = rank.astype(float) ** (-popularity_exponent)
        popularity[members] = shares[k] * weight / weight.sum()
    popularity /= popularity.sum()

    # --- users: unequal segments with different activity and price behaviour --------------
    segment = rng.choice(len(_SEGMENTS), size=n_users, p=_SEGMENT_SHARES)
    activity = _SEGMENT_ACTIVITY[segment] * np.exp(rng.normal(0.0, 0.5, size=n_users))
    price_sensitivity = _SEGMENT_PRICE_SENSITIVITY[segment] * np.exp(rng.normal(0.0, 0.2, size=n_users))
    buy_propensity = _SEGMENT_BUY_PROPENSITY[segment] + rng.normal(0.0, 0.3, size=n_users)
    user_factors = rng.normal(0.0, 1.0, size=(n_users, n_factors)) * 1.2

    # --- impressions -------------------------------------------------------------------------
    user = rng.choice(n_users, size=n_impressions, p=activity / activity.sum())
    item = rng.choice(n_items, size=n_impressions, p=popularity)
    day = rng.integers(0, n_days, size=n_impressions)
    position = rng.integers(1, 21, size=n_impressions)

    click_logit = (np.einsum("ij,ij->i", user_factors[user], item_factors[item])
                   + quality[item] - 0.5 * np.log(position))
    a = _intercept_for_rate(click_logit, rates["click_rate"])
    p_click = _sigmoid(click_logit + a)

    log_rel_price = np.log(price[item] / np.median(price))
    cart_logit = buy_propensity[user] + 0.5 * quality[item] - price_sensitivity[user] * log_rel_price
    b = _intercept_for_rate(cart_logit, rates["cart_rate"], weights=p_click)
    p_cart = _sigmoid(cart_logit + b)

    purchase_logit = 0.5 * buy_propensity[user] + 0.3 * quality[item]
    c = _intercept_for_rate(purchase_logit, rates["purchase_rate"], weights=p_click * p_cart)
    p_purchase = _sigmoid(purchase_logit + c)

    # one uniform draw per stage; a later stage can only happen after the earlier one
    draws = rng.random((n_impressions, 3))
    clicked = draws[:, 0] < p_click
    carted = clicked & (draws[:, 1] < p_cart)
    purchased = carted & (draws[:, 2] < p_purchase)

    category_dtype = pd.CategoricalDtype(names, ordered=False)
    order = np.lexsort((np.arange(n_impressions), day))
    impressions = pd.DataFrame({
        "impression_id": np.arange(n_impressions, dtype=np.int64),
        "user_id": user.astype(np.int64),
        "item_id": item.astype(np.int64),
        "category": pd.Categorical.from_codes(item_category[item], dtype=category_dtype),
        "day": day.astype(np.int64),
        "position": position.astype(np.int64),
        "price": price[item],
        "p_click": p_click,
        "p_cart": p_cart,
        "p_purchase": p_purchase,
        "clicked": clicked,
        "carted": carted,
        "purchased": purchased,
    }).iloc[order].reset_index(drop=True)
    impressions["impression_id"] = np.arange(n_impressions, dtype=np.int64)

    items = pd.DataFrame({
        "item_id": np.arange(n_items, dtype=np.int64),
        "category": pd.Categorical.from_codes(item_category, dtype=category_dtype),
        "price": price,
        "quality": quality,
        "popularity": popularity,
    })

    per_user = impressions.groupby("user_id").agg(
        n_impressions=("impression_id", "size"),
        n_clicks=("clicked", "sum"),
        n_purchases=("purchased", "sum"),
    )
    clicked_prices = impressions.loc[impressions["clicked"]].groupby("user_id")["price"].mean()
    users = pd.DataFrame({
        "user_id": np.arange(n_users, dtype=np.int64),
        "segment": pd.Categorical.from_codes(segment, dtype=pd.CategoricalDtype(list(_SEGMENTS))),
        "activity": activity,
        "price_sensitivity": price_sensitivity,
        "buy_propensity": buy_propensity,
    })
    users = users.join(per_user, on="user_id")
    for column in ("n_impressions", "n_clicks", "n_purchases"):
        users[column] = users[column].fillna(0).astype(np.int64)
    users["mean_price_clicked"] = users["user_id"].map(clicked_prices).astype(float)
    return ImpressionLog(users=users, items=items, impressions=impressions, params=params)


def imbalance_summary(log):
    """Measure the class imbalance of an impression log, stage by stage.

    Parameters
    ----------
    log : ImpressionLog or pandas.DataFrame
        A log from :func:`make_impression_log`, or its ``impressions`` frame (needs the
        boolean columns ``clicked``, ``carted``, ``purchased`` and ``item_id``).

    Returns
    -------
    pandas.DataFrame
        One row per stage (``impression``, ``click``, ``cart``, ``purchase``) with
        ``count``, ``share_of_impressions``, ``rate_from_previous`` (conversion from the
        stage before) and ``imbalance_ratio`` -- negatives per positive when the stage is
        the target of a binary classifier over all impressions (``inf`` when it never
        happens). ``attrs["item_gini"]`` holds the Gini coefficient of item impressions and
        ``attrs["top_20pct_share"]`` the share of impressions going to the top 20% of items.

    Raises
    ------
    TypeError
        If ``log`` is neither an :class:`ImpressionLog` nor a DataFrame.
    ValueError
        If a required column is missing or the log is empty.
    """
    frame = log.impressions if isinstance(log, ImpressionLog) else log
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"log must be an ImpressionLog or a pandas DataFrame, got {type(log).__name__}")
    required = ["item_id", "clicked", "carted", "purchased"]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"log is missing the column(s) {missing}")
    if len(frame) == 0:
        raise ValueError("log must not be empty")
    n = len(frame)
    counts = [n] + [int(frame[c].sum()) for c in ("clicked", "carted", "purchased")]
    previous = [n] + counts[:-1]
    summary = pd.DataFrame({
        "stage": ["impression", "click", "cart", "purchase"],
        "count": counts,
        "share_of_impressions": [c / n for c in counts],
        "rate_from_previous": [c / p if p else np.nan for c, p in zip(counts, previous)],
        "imbalance_ratio": [(n - c) / c if c else np.inf for c in counts],
    }).set_index("stage")
    exposure = frame["item_id"].value_counts().to_numpy()
    summary.attrs["item_gini"] = gini(exposure)
    top = max(1, int(np.ceil(0.2 * exposure.size)))
    summary.attrs["top_20pct_share"] = float(np.sort(exposure)[::-1][:top].sum() / exposure.sum())
    return summary


#: The data files ``python -m recbook make-data`` writes, with the generator's arguments.
SYNTHETIC_FILES = {
    "synthetic_users.csv": "users",
    "synthetic_items.csv": "items",
    "synthetic_impressions.csv": "impressions",
}
SYNTHETIC_ARGS = dict(n_users=1000, n_items=300, n_categories=10, n_impressions=20_000,
                      random_state=2024)


def write_synthetic_data(out_dir):
    """Write the kit's small synthetic data files and a provenance README into ``out_dir``.

    Floats are written with a fixed 6-decimal format and ``\\n`` line endings, so the files
    are byte-identical on every platform for the same package version.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        Folder to write into (created if missing).

    Returns
    -------
    dict
        File name -> sha256 hex digest of the bytes written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    log = make_impression_log(**SYNTHETIC_ARGS)
    digests = {}
    for file_name, attribute in SYNTHETIC_FILES.items():
        text = getattr(log, attribute).to_csv(index=False, float_format="%.6f", lineterminator="\n")
        payload = text.encode("utf-8")
        (out / file_name).write_bytes(payload)
        digests[file_name] = hashlib.sha256(payload).hexdigest()
    (out / "README.md").write_text(_provenance(digests), encoding="utf-8")
    return digests


def _provenance(digests):
    args = ", ".join(f"{k}={v!r}" for k, v in SYNTHETIC_ARGS.items())
    lines = [
        "# data/",
        "",
        "Small synthetic files generated by `python -m recbook make-data` (do not edit by hand;",
        "`tests/test_data.py` regenerates them and checks they are byte-identical).",
        "",
        f"Generator: `recbook.data.make_impression_log({args})`.",
        "Floats are written with 6 decimals; line endings are `\\n`.",
        "",
        "| file | rows of | sha256 |",
        "| --- | --- | --- |",
    ]
    for file_name, attribute in SYNTHETIC_FILES.items():
        lines.append(f"| `{file_name}` | {attribute} | `{digests[file_name]}` |")
    lines += [
        "",
        "The real data set used by the kit, the UCI *Online Shoppers Purchasing Intention* data",
        "(CC BY 4.0), is **not** stored here: `recbook.data.load_online_shoppers()` reads it from",
        "the folder named by the environment variable `RECBOOK_DATA` (or downloads it).",
        "",
    ]
    return "\n".join(lines)


# --- real data: the UCI Online Shoppers Purchasing Intention data set --------------------------

__all__ += ["ONLINE_SHOPPERS_FILE", "ONLINE_SHOPPERS_URL", "ONLINE_SHOPPERS_SHA256",
            "load_online_shoppers"]

#: File name of the CSV inside UCI's archive, and the name the loader looks for.
ONLINE_SHOPPERS_FILE = "online_shoppers_intention.csv"
#: The official UCI archive (data set 468).
ONLINE_SHOPPERS_URL = ("https://archive.ics.uci.edu/static/public/468/"
                       "online+shoppers+purchasing+intention+dataset.zip")
#: sha256 of the verified copy of the CSV (CRLF line endings, 1,072,063 bytes).
ONLINE_SHOPPERS_SHA256 = "b3055ee355f59134d851d32641183cb4a8b45def7124d2f50442a042f358e0d9"

_OS_INT = ("Administrative", "Informational", "ProductRelated",
           "OperatingSystems", "Browser", "Region", "TrafficType")
_OS_FLOAT = ("Administrative_Duration", "Informational_Duration", "ProductRelated_Duration",
             "BounceRates", "ExitRates", "PageValues", "SpecialDay")
_OS_COLUMNS = (
    "Administrative", "Administrative_Duration", "Informational", "Informational_Duration",
    "ProductRelated", "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues",
    "SpecialDay", "Month", "OperatingSystems", "Browser", "Region", "TrafficType",
    "VisitorType", "Weekend", "Revenue",
)
_OS_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_OS_VISITORS = ("New_Visitor", "Other", "Returning_Visitor")
_OS_N_ROWS = 12_330
_OS_N_PURCHASES = 1_908
# sha256 of the *parsed, typed* table re-serialised with ``_online_shoppers_digest``: it does
# not depend on line endings, quoting or number formatting of the file, only on its values.
_OS_CONTENT_SHA256 = "170b9d87aa8a31e288aa8f1850ebb539cb56755a0fe16220165ad97da2aa6d3b"
_OS_MAX_BYTES = 20_000_000  # the CSV is ~1 MB; refuse absurd archive members (zip bombs)


def _default_data_home():
    import os

    folder = os.environ.get("RECBOOK_DATA")
    if folder:
        return Path(folder).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(cache).expanduser() / "recbook"


def _online_shoppers_digest(frame):
    """sha256 of a typed Online Shoppers frame written in one canonical text form."""
    text = frame.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse_online_shoppers(payload, source):
    """Parse and validate the CSV bytes; return the typed frame or raise ValueError."""
    import io

    hint = (f"{source} is not a valid copy of {ONLINE_SHOPPERS_FILE} (truncated or corrupted?): "
            "delete it and download the official archive again")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{hint}; it is not UTF-8 text ({exc})") from None
    # the file has no quoted fields: every line must have exactly 18 comma-separated fields
    for number, line in enumerate(text.splitlines(), start=1):
        if line and line.count(",") != len(_OS_COLUMNS) - 1:
            raise ValueError(f"{hint}; line {number} has {line.count(',') + 1} fields, "
                             f"expected {len(_OS_COLUMNS)}")
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ValueError(f"{hint}; the CSV parser said: {exc}") from None
    columns = [str(c).strip() for c in raw.columns]
    if tuple(columns) != _OS_COLUMNS:
        raise ValueError(f"{hint}; expected the {len(_OS_COLUMNS)} columns {list(_OS_COLUMNS)}, "
                         f"found {len(columns)}: {columns[:20]}")
    if len(raw) != _OS_N_ROWS:
        raise ValueError(f"{hint}; expected {_OS_N_ROWS:,} rows, found {len(raw):,}")
    raw = raw.apply(lambda s: s.str.strip())
    frame = {}
    for column in _OS_COLUMNS:
        values = raw[column]
        if column in _OS_INT or column in _OS_FLOAT:
            numbers_ = pd.to_numeric(values, errors="coerce")
            bad = values[numbers_.isna()]
            if len(bad):
                raise ValueError(f"{hint}; column {column!r} has non-numeric value "
                                 f"{bad.iloc[0]!r} in data row {bad.index[0] + 1}")
            if column in _OS_INT:
                if not np.all(numbers_ == np.round(numbers_)):
                    raise ValueError(f"{hint}; column {column!r} must hold integers")
                numbers_ = numbers_.astype(np.int64)
            else:
                numbers_ = numbers_.astype(np.float64)
            if (numbers_ < 0).any():
                raise ValueError(f"{hint}; column {column!r} has negative values")
            frame[column] = numbers_.to_numpy()
        elif column in ("Weekend", "Revenue"):
            upper = values.str.upper()
            if not upper.isin(["TRUE", "FALSE"]).all():
                bad = values[~upper.isin(["TRUE", "FALSE"])].iloc[0]
                raise ValueError(f"{hint}; column {column!r} must be TRUE/FALSE, found {bad!r}")
            frame[column] = (upper == "TRUE").to_numpy()
        else:
            allowed = _OS_MONTHS if column == "Month" else _OS_VISITORS
            unknown = sorted(set(values.unique()) - set(allowed))
            if unknown:
                raise ValueError(f"{hint}; column {column!r} has unknown labels {unknown[:5]}")
            frame[column] = pd.Categorical(values.to_numpy(), categories=list(allowed),
                                           ordered=column == "Month")
    frame = pd.DataFrame(frame)
    for column in ("BounceRates", "ExitRates", "SpecialDay"):
        if (frame[column] > 1).any():
            raise ValueError(f"{hint}; column {column!r} must lie in [0, 1]")
    n_purchases = int(frame["Revenue"].sum())
    if n_purchases != _OS_N_PURCHASES:
        raise ValueError(f"{hint}; expected {_OS_N_PURCHASES:,} sessions with Revenue=TRUE, "
                         f"found {n_purchases:,}")
    digest = _online_shoppers_digest(frame)
    if digest != _OS_CONTENT_SHA256:
        raise ValueError(f"{hint}; its values differ from the verified copy (content sha256 "
                         f"{digest[:12]}..., expected {_OS_CONTENT_SHA256[:12]}...)")
    return frame


def _download_online_shoppers(target, url):
    """Download UCI's zip, read the CSV out of it (never extracting or executing anything),
    validate it and move it atomically to ``target``; return the CSV bytes."""
    import os
    import tempfile
    import urllib.request
    import zipfile

    from tqdm.auto import tqdm

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, part = tempfile.mkstemp(prefix=".online_shoppers-", suffix=".zip.part",
                                    dir=target.parent)
    csv_part = None
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=60) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                      desc=f"downloading {ONLINE_SHOPPERS_FILE}") as bar:
                read = 0
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    read += len(chunk)
                    if read > _OS_MAX_BYTES:
                        raise ValueError(f"the download from {url} is larger than expected "
                                         f"({_OS_MAX_BYTES:,} bytes); refusing it")
                    out.write(chunk)
                    bar.update(len(chunk))
        try:
            with zipfile.ZipFile(part) as archive:
                members = [m for m in archive.infolist()
                           if Path(m.filename).name == ONLINE_SHOPPERS_FILE and not m.is_dir()]
                if len(members) != 1:
                    raise ValueError(f"the archive from {url} does not contain exactly one "
                                     f"{ONLINE_SHOPPERS_FILE}")
                if members[0].file_size > _OS_MAX_BYTES:
                    raise ValueError(f"{ONLINE_SHOPPERS_FILE} in the archive from {url} is "
                                     "larger than expected; refusing it")
                payload = archive.read(members[0])
        except zipfile.BadZipFile as exc:
            raise ValueError(f"the download from {url} is not a valid zip archive: {exc}") from None
        _parse_online_shoppers(payload, f"the {ONLINE_SHOPPERS_FILE} downloaded from {url}")
        handle, csv_part = tempfile.mkstemp(prefix=".online_shoppers-", suffix=".csv.part",
                                            dir=target.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(csv_part, target)
        csv_part = None
        return payload
    finally:
        for leftover in (part, csv_part):
            if leftover is not None and os.path.exists(leftover):
                os.remove(leftover)


def load_online_shoppers(data_home=None, download=True):
    """Load the UCI *Online Shoppers Purchasing Intention* data set (real sessions).

    12,330 sessions of an online shop over one year, 17 features and the label ``Revenue``
    (the session ended in a purchase: 1,908 sessions, 15.5 %). The loader looks for the
    file ``online_shoppers_intention.csv`` (the name inside UCI's archive) in ``data_home``;
    if it is missing and ``download`` is true it downloads UCI's official zip archive
    (with a progress bar), reads the CSV out of it and stores it there. Whatever it reads is
    validated before it is returned; nothing downloaded is ever executed or unpickled.

    Parameters
    ----------
    data_home : str, pathlib.Path or None, default=None
        Folder holding (or to receive) the CSV. ``None`` means the environment variable
        ``RECBOOK_DATA`` if set, else ``$XDG_CACHE_HOME/recbook`` (default
        ``~/.cache/recbook``).
    download : bool, default=True
        Whether to download the archive when the file is missing.

    Returns
    -------
    pandas.DataFrame
        12,330 rows and 18 typed columns: page counts (``Administrative``, ``Informational``,
        ``ProductRelated``) and the integer codes ``OperatingSystems``, ``Browser``,
        ``Region``, ``TrafficType`` as int64; durations (seconds), ``BounceRates``,
        ``ExitRates``, ``PageValues`` and ``SpecialDay`` as float64; ``Month`` an ordered
        categorical (``Jan`` ... ``Dec``, June spelled ``June`` as in the file);
        ``VisitorType`` categorical; ``Weekend`` and ``Revenue`` bool. ``attrs`` records
        ``path``, ``sha256`` (of the file's bytes), ``sha256_matches_reference`` (whether
        they equal the verified copy's, :data:`ONLINE_SHOPPERS_SHA256`; a copy with other
        line endings has the same values but other bytes) and ``source``.

    Raises
    ------
    TypeError
        If ``data_home`` is not a path or ``download`` not a bool.
    FileNotFoundError
        If the file is missing and cannot be downloaded (``download=False`` or no network);
        the message says where to put the file.
    ValueError
        If the file (or the download) is not the expected table: wrong header, not 18
        columns, not 12,330 rows, not 1,908 purchases, unparsable or out-of-range values, or
        values that differ from the verified copy.

    Notes
    -----
    Validation does not rely on the file's bytes alone (UCI's archive may use other line
    endings than the verified copy): the parsed, typed table is re-serialised in one
    canonical form and its sha256 must equal the verified copy's. A download goes to a
    temporary file in ``data_home`` and is moved into place only after validation, so an
    interrupted or invalid download leaves no partial file behind.

    References
    ----------
    Sakar, C. O., Polat, S. O., Katircioglu, M. & Kastro, Y. (2019). Real-time prediction of
    online shoppers' purchasing intention using multilayer perceptron and LSTM recurrent
    neural networks. *Neural Computing and Applications* 31, 6893-6908.
    doi:10.1007/s00521-018-3523-0. Data: UCI Machine Learning Repository, data set 468,
    licence CC BY 4.0.

    Examples
    --------
    >>> from recbook.data import load_online_shoppers
    >>> shoppers = load_online_shoppers()          # doctest: +SKIP
    >>> shoppers.shape, int(shoppers["Revenue"].sum())  # doctest: +SKIP
    ((12330, 18), 1908)
    """
    import os

    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {type(download).__name__} {download!r}")
    if data_home is None:
        folder = _default_data_home()
    elif isinstance(data_home, (str, os.PathLike)):
        folder = Path(data_home).expanduser()
    else:
        raise TypeError(f"data_home must be a str, a pathlib.Path or None, "
                        f"got {type(data_home).__name__}")
    path = folder / ONLINE_SHOPPERS_FILE
    where = (f"Download {ONLINE_SHOPPERS_URL}, unzip it and put {ONLINE_SHOPPERS_FILE} in "
             f"{folder} (or set the environment variable RECBOOK_DATA to the folder that "
             "holds it).")
    if path.is_file():
        payload = path.read_bytes()
        source = "file"
    elif not download:
        raise FileNotFoundError(f"{ONLINE_SHOPPERS_FILE} not found in {folder} and download=False. "
                                + where)
    else:
        import urllib.error

        try:
            payload = _download_online_shoppers(path, ONLINE_SHOPPERS_URL)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FileNotFoundError(f"{ONLINE_SHOPPERS_FILE} not found in {folder} and the "
                                    f"download failed ({reason}). " + where) from None
        source = "download"
    frame = _parse_online_shoppers(payload, str(path))
    sha256 = hashlib.sha256(payload).hexdigest()
    frame.attrs.update(path=str(path), sha256=sha256,
                       sha256_matches_reference=sha256 == ONLINE_SHOPPERS_SHA256, source=source)
    return frame

