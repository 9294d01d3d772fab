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
    # np.trapezoid is numpy >= 2.0; np.trapz is the same rule under the supported numpy 1.26
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    assert g == pytest.approx(1 - 2 * trapezoid(share, population), abs=1e-9)


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
