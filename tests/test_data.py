import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recbook.data import (CATEGORY_NAMES, SYNTHETIC_FILES, ImpressionLog, imbalance_summary,
                          make_impression_log, write_synthetic_data)
from recbook.metrics import gini

SMALL = dict(n_users=300, n_items=80, n_impressions=8000)


@pytest.fixture(scope="module")
def log():
    return make_impression_log(random_state=7)


def test_same_seed_same_log_different_seed_different_log():
    a = make_impression_log(**SMALL, random_state=3)
    b = make_impression_log(**SMALL, random_state=3)
    c = make_impression_log(**SMALL, random_state=4)
    for name in ("users", "items", "impressions"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert not a.impressions["item_id"].equals(c.impressions["item_id"])


def test_funnel_is_nested_and_rates_match_targets(log):
    imp = log.impressions
    assert (imp["carted"] <= imp["clicked"]).all()
    assert (imp["purchased"] <= imp["carted"]).all()
    # the intercepts are solved so that the *true* mean rates equal the targets exactly
    assert imp["p_click"].mean() == pytest.approx(0.05, rel=1e-6)
    assert np.average(imp["p_cart"], weights=imp["p_click"]) == pytest.approx(0.30, rel=1e-6)
    weights = imp["p_click"] * imp["p_cart"]
    assert np.average(imp["p_purchase"], weights=weights) == pytest.approx(0.40, rel=1e-6)
    # and the sampled counts agree with them within sampling error (about 5 standard errors)
    n = len(imp)
    assert abs(imp["clicked"].mean() - 0.05) < 5 * np.sqrt(0.05 * 0.95 / n)
    assert 0.0 < imp["purchased"].mean() < imp["carted"].mean() < imp["clicked"].mean()


def test_columns_and_dtypes(log):
    imp = log.impressions
    assert list(imp.columns) == ["impression_id", "user_id", "item_id", "category", "day", "position",
                                 "price", "p_click", "p_cart", "p_purchase", "clicked", "carted",
                                 "purchased"]
    assert isinstance(imp["category"].dtype, pd.CategoricalDtype)
    assert list(imp["category"].cat.categories) == list(CATEGORY_NAMES)
    for column in ("clicked", "carted", "purchased"):
        assert imp[column].dtype == bool
    for column in ("impression_id", "user_id", "item_id", "day", "position"):
        assert imp[column].dtype == np.int64
    assert imp["day"].is_monotonic_increasing
    assert imp["position"].between(1, 20).all()
    assert (imp["price"] > 0).all()
    assert log.items["popularity"].sum() == pytest.approx(1.0)
    assert set(log.users.columns) >= {"user_id", "segment", "n_impressions", "n_clicks", "n_purchases"}
    assert log.users["n_impressions"].sum() == len(imp)


def test_categories_are_imbalanced_electronics_first_books_last(log):
    items_per_category = log.items["category"].value_counts()
    assert items_per_category.idxmax() == "electronics"
    assert items_per_category.idxmin() == "books"
    shown = log.impressions["category"].value_counts()
    assert shown.idxmax() == "electronics" and shown.idxmin() == "books"


def test_long_tail_follows_popularity_exponent():
    flat = make_impression_log(**SMALL, popularity_exponent=0.0, random_state=1)
    steep = make_impression_log(**SMALL, popularity_exponent=1.5, random_state=1)
    assert imbalance_summary(steep).attrs["item_gini"] > imbalance_summary(flat).attrs["item_gini"] + 0.2


def test_many_categories_get_generic_names():
    log = make_impression_log(n_users=50, n_items=30, n_categories=12, n_impressions=500, random_state=0)
    assert list(log.items["category"].cat.categories)[:2] == ["category_01", "category_02"]
    assert log.items["category"].nunique() == 12


def test_imbalance_summary_values(log):
    summary = imbalance_summary(log)
    imp = log.impressions
    assert summary.loc["purchase", "count"] == imp["purchased"].sum()
    assert summary.loc["click", "imbalance_ratio"] == pytest.approx(
        (len(imp) - imp["clicked"].sum()) / imp["clicked"].sum())
    assert summary.loc["cart", "rate_from_previous"] == pytest.approx(imp["carted"].sum() / imp["clicked"].sum())
    assert summary.attrs["item_gini"] == pytest.approx(gini(imp["item_id"].value_counts().to_numpy()))
    assert 0.2 <= summary.attrs["top_20pct_share"] <= 1.0


def test_imbalance_summary_accepts_frame_and_does_not_mutate_it(log):
    frame = log.impressions.copy()
    before = frame.copy()
    pd.testing.assert_frame_equal(imbalance_summary(frame), imbalance_summary(log))
    pd.testing.assert_frame_equal(frame, before)


def test_imbalance_summary_bad_input():
    with pytest.raises(TypeError, match="log must be an ImpressionLog or a pandas DataFrame"):
        imbalance_summary([1, 2])
    with pytest.raises(ValueError, match=r"log is missing the column\(s\) \['purchased'\]"):
        imbalance_summary(pd.DataFrame({"item_id": [1], "clicked": [True], "carted": [False]}))
    with pytest.raises(ValueError, match="log must not be empty"):
        imbalance_summary(pd.DataFrame(columns=["item_id", "clicked", "carted", "purchased"]))


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(n_users=0), ValueError, "n_users must be >= 1, got 0"),
    (dict(n_users=2.5), TypeError, "n_users must be an integer"),
    (dict(n_categories=1), ValueError, "n_categories must be >= 2, got 1"),
    (dict(n_items=5, n_categories=10), ValueError, r"n_items must be >= n_categories \(10\), got 5"),
    (dict(n_impressions=-3), ValueError, "n_impressions must be >= 1, got -3"),
    (dict(click_rate=0.0), ValueError, r"click_rate must be in \(0.0, 1.0\)"),
    (dict(cart_rate=1.2), ValueError, r"cart_rate must be in \(0.0, 1.0\)"),
    (dict(purchase_rate="high"), TypeError, "purchase_rate must be a real number"),
    (dict(popularity_exponent=-1.0), ValueError, "popularity_exponent must be in"),
    (dict(category_decay=0.0), ValueError, "category_decay must be in"),
    (dict(random_state=-1), ValueError, "random_state must be a non-negative integer"),
])
def test_bad_arguments_raise_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_impression_log(**kwargs)


@given(click=st.floats(0.01, 0.5), cart=st.floats(0.05, 0.9), purchase=st.floats(0.05, 0.9),
       seed=st.integers(0, 2**31))
def test_true_rates_hit_any_target(click, cart, purchase, seed):
    log = make_impression_log(n_users=40, n_items=20, n_impressions=400, click_rate=click,
                              cart_rate=cart, purchase_rate=purchase, random_state=seed)
    imp = log.impressions
    assert imp["p_click"].mean() == pytest.approx(click, rel=1e-6)
    assert np.average(imp["p_cart"], weights=imp["p_click"]) == pytest.approx(cart, rel=1e-6)
    assert ((imp["purchased"] <= imp["carted"]) & (imp["carted"] <= imp["clicked"])).all()


def test_a_generator_can_be_passed_and_is_advanced():
    rng = np.random.default_rng(5)
    first = make_impression_log(**SMALL, random_state=rng)
    second = make_impression_log(**SMALL, random_state=rng)
    again = make_impression_log(**SMALL, random_state=np.random.default_rng(5))
    pd.testing.assert_frame_equal(first.impressions, again.impressions)
    assert not first.impressions["item_id"].equals(second.impressions["item_id"])


def test_data_folder_is_reproduced_byte_for_byte(root, tmp_path):
    digests = write_synthetic_data(tmp_path)
    for file_name in SYNTHETIC_FILES:
        committed = (root / "data" / file_name).read_bytes()
        assert hashlib.sha256(committed).hexdigest() == digests[file_name], file_name
        assert (tmp_path / file_name).read_bytes() == committed
    assert (tmp_path / "README.md").read_text() == (root / "data" / "README.md").read_text()
