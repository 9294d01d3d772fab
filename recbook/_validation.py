"""Argument checks shared by recbook's public functions.

Each helper raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong
value) with a message that names the parameter and what was expected, so that a learner sees
at once which argument to fix. Helpers never modify their input; array helpers return a new
array or a read-only view of a copy.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__: list[str] = []


def check_int(value, name, *, minimum=None, maximum=None):
    """Return ``value`` as ``int`` after checking it is an integer in ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_float(value, name, *, low=None, high=None, low_open=False, high_open=False):
    """Return ``value`` as ``float`` after checking it is a finite real in the given interval."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    interval = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError(f"{name} must be in {interval}, got {value}")
    if high is not None and (value > high or (high_open and value == high)):
        raise ValueError(f"{name} must be in {interval}, got {value}")
    return value


def check_array(values, name, *, ndim=None, dtype=float, allow_empty=False, finite=True):
    """Return a new numpy array built from ``values`` after checking shape and finiteness."""
    if values is None:
        raise TypeError(f"{name} must be array-like, got None")
    try:
        array = np.array(values, dtype=dtype, copy=True)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of {np.dtype(dtype).name}, got {exc}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if not allow_empty and array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if finite and array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    return array


def check_binary_labels(y, name="y_true", *, require_both=False):
    """Return ``y`` as an int array of 0/1 labels; optionally require both classes present."""
    array = check_array(y, name, ndim=1, dtype=float)
    if not np.all(np.isin(array, (0.0, 1.0))):
        found = sorted(set(np.unique(array).tolist()) - {0.0, 1.0})[:5]
        raise ValueError(f"{name} must contain only the labels 0 and 1, found {found}")
    if require_both and np.unique(array).size < 2:
        raise ValueError(f"{name} must contain both classes 0 and 1, got only {int(array[0])}")
    return array.astype(np.int64)


def check_probabilities(p, name="y_prob", *, ndim=1):
    """Return ``p`` as a float array after checking every value lies in [0, 1]."""
    array = check_array(p, name, ndim=ndim, dtype=float)
    if np.any((array < 0.0) | (array > 1.0)):
        raise ValueError(f"{name} must contain probabilities in [0, 1], got values in "
                         f"[{array.min():.4g}, {array.max():.4g}]")
    return array


def check_same_length(a, b, name_a, name_b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same first dimension."""
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}")


def check_random_state(seed, name="random_state"):
    """Return a ``numpy.random.Generator`` from ``None``, an int or a Generator."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be None, an int or a numpy Generator, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed}")
    return np.random.default_rng(int(seed))
