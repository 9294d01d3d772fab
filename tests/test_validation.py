import numpy as np
import pytest

from recbook import _validation as v


def test_check_int_accepts_numpy_integers_and_rejects_bools_and_floats():
    assert v.check_int(np.int64(3), "n") == 3
    with pytest.raises(TypeError, match="n must be an integer"):
        v.check_int(True, "n")
    with pytest.raises(TypeError, match="n must be an integer"):
        v.check_int(2.0, "n")
    with pytest.raises(ValueError, match="n must be >= 2, got 1"):
        v.check_int(1, "n", minimum=2)
    with pytest.raises(ValueError, match="n must be <= 5, got 6"):
        v.check_int(6, "n", maximum=5)


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_check_float_open_interval_rejects_endpoints(value):
    with pytest.raises(ValueError, match=r"rate must be in \(0.0, 1.0\)"):
        v.check_float(value, "rate", low=0.0, high=1.0, low_open=True, high_open=True)


def test_check_float_rejects_nan_and_strings():
    with pytest.raises(ValueError, match="rate must be finite"):
        v.check_float(float("nan"), "rate")
    with pytest.raises(TypeError, match="rate must be a real number"):
        v.check_float("0.5", "rate")


def test_check_array_copies_and_validates():
    data = [1.0, 2.0]
    out = v.check_array(data, "x", ndim=1)
    out[0] = 99.0
    assert data == [1.0, 2.0]
    with pytest.raises(ValueError, match="x must not contain NaN"):
        v.check_array([1.0, np.nan], "x")
    with pytest.raises(ValueError, match="x must be 2-dimensional"):
        v.check_array([1.0], "x", ndim=2)
    with pytest.raises(ValueError, match="x must not be empty"):
        v.check_array([], "x")
    with pytest.raises(TypeError, match="x must be array-like"):
        v.check_array(None, "x")


def test_check_binary_labels():
    assert v.check_binary_labels([0, 1, 1]).tolist() == [0, 1, 1]
    with pytest.raises(ValueError, match=r"y_true must contain only the labels 0 and 1, found \[2.0\]"):
        v.check_binary_labels([0, 2])
    with pytest.raises(ValueError, match="y_true must contain both classes"):
        v.check_binary_labels([1, 1], require_both=True)


def test_check_probabilities_and_lengths():
    with pytest.raises(ValueError, match=r"p must contain probabilities in \[0, 1\]"):
        v.check_probabilities([0.2, 1.5], "p")
    with pytest.raises(ValueError, match="a and b must have the same length, got 1 and 2"):
        v.check_same_length([1], [1, 2], "a", "b")


def test_check_random_state():
    assert v.check_random_state(3).random() == np.random.default_rng(3).random()
    rng = np.random.default_rng(0)
    assert isinstance(v.check_random_state(rng), np.random.Generator)
    with pytest.raises(ValueError, match="random_state must be a non-negative integer"):
        v.check_random_state(-1)
    with pytest.raises(TypeError, match="random_state must be None, an int or a numpy Generator"):
        v.check_random_state("seed")
