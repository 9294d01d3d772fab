import doctest

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

import recbook.calibration as calibration
from recbook.calibration import calibration_summary, expected_calibration_error, reliability_table


def _sample(seed, n=2000):
    rng = np.random.default_rng(seed)
    p = rng.beta(0.5, 3.0, size=n)
    y = (rng.random(n) < p).astype(int)
    return y, p


def test_doctests_pass():
    result = doctest.testmod(calibration)
    assert result.attempted >= 3 and result.failed == 0


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
def test_reliability_points_equal_sklearn_calibration_curve(strategy, n_bins):
    y, p = _sample(n_bins)
    table = reliability_table(y, p, n_bins=n_bins, strategy=strategy)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    filled = table[table["count"] > 0]
    np.testing.assert_allclose(filled["observed_rate"], prob_true)
    np.testing.assert_allclose(filled["mean_predicted"], prob_pred)
    assert table["count"].sum() == len(y)


def test_ece_equals_weighted_gap_from_sklearn_curve():
    y, p = _sample(3)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
    counts = reliability_table(y, p)["count"].to_numpy()
    weights = counts[counts > 0] / counts.sum()
    assert expected_calibration_error(y, p) == pytest.approx(np.sum(weights * np.abs(prob_true - prob_pred)))


def test_equal_width_bins_and_edge_convention():
    table = reliability_table([0, 1, 0, 1], [0.0, 0.1, 0.10000001, 1.0], n_bins=10)
    assert table["lower"].round(10).tolist() == [round(0.1 * b, 10) for b in range(10)]
    assert table["count"].tolist() == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]  # 0.1 closes bin 0
    assert np.isnan(table.loc[5, "observed_rate"])


@given(seed=st.integers(0, 10_000))
def test_perfectly_calibrated_constant_forecast_has_zero_ece(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(200) < 0.3).astype(int)
    y[:2] = [0, 1]
    p = np.full(y.size, y.mean())
    assert expected_calibration_error(y, p) == pytest.approx(0.0, abs=1e-12)


@given(p=arrays(float, st.integers(1, 60), elements=st.floats(0, 1)), seed=st.integers(0, 100),
       n_bins=st.integers(1, 20))
def test_ece_is_between_0_and_1_and_bounded_by_the_mean_absolute_error(p, seed, n_bins):
    y = (np.random.default_rng(seed).random(p.size) < 0.5).astype(int)
    ece = expected_calibration_error(y, p, n_bins=n_bins)
    assert 0.0 <= ece <= 1.0
    assert ece <= np.mean(np.abs(y - p)) + 1e-12   # triangle inequality inside each bin


def test_summary_matches_sklearn_metrics():
    y, p = _sample(4)
    s = calibration_summary(y, p)
    assert s["brier"] == pytest.approx(brier_score_loss(y, p))
    assert s["log_loss"] == pytest.approx(log_loss(y, p))
    assert s["ece"] == pytest.approx(expected_calibration_error(y, p))
    assert s["observed_rate"] == pytest.approx(y.mean())


def test_inputs_are_not_mutated():
    y, p = _sample(5)
    y0, p0 = y.copy(), p.copy()
    reliability_table(y, p)
    expected_calibration_error(y, p)
    calibration_summary(y, p)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(p, p0)


@pytest.mark.parametrize("func", [reliability_table, expected_calibration_error])
def test_bad_input_raises_clear_errors(func):
    with pytest.raises(ValueError, match=r"y_prob must contain probabilities in \[0, 1\]"):
        func([0, 1], [0.5, 1.5])
    with pytest.raises(ValueError, match="y_prob must not contain NaN"):
        func([0, 1], [0.5, np.nan])
    with pytest.raises(ValueError, match="y_true must contain only the labels 0 and 1"):
        func([0, 2], [0.5, 0.5])
    with pytest.raises(ValueError, match="y_true and y_prob must have the same length"):
        func([0, 1, 1], [0.5, 0.5])
    with pytest.raises(ValueError, match="n_bins must be >= 1"):
        func([0, 1], [0.5, 0.5], n_bins=0)
    with pytest.raises(ValueError, match="strategy must be 'uniform' or 'quantile'"):
        func([0, 1], [0.5, 0.5], strategy="equal")


def test_plot_reliability_draws_the_filled_bins_and_the_diagonal():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from recbook.plotting import plot_reliability

    y, p = _sample(6)
    table = reliability_table(y, p, n_bins=10)
    fig, ax = plt.subplots()
    assert plot_reliability(ax, table, label="model") is ax
    line, diagonal = ax.get_lines()
    filled = table[table["count"] > 0]
    np.testing.assert_allclose(line.get_xdata(), filled["mean_predicted"])
    np.testing.assert_allclose(line.get_ydata(), filled["observed_rate"])
    np.testing.assert_allclose(diagonal.get_xdata(), [0, 1])
    plt.close(fig)
