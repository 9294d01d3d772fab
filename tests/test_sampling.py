import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn import over_sampling as imb_over
from imblearn import under_sampling as imb_under
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.preprocessing import StandardScaler

import recbook.sampling as sampling
from recbook.sampling import (SMOTE, NearMiss, RandomOverSampler, RandomUnderSampler,
                              correct_downsampled_proba, negative_downsample)

# imbalanced-learn's NearMiss-3 warns when its short list is smaller than the requested count
pytestmark = pytest.mark.filterwarnings("ignore:The number of the samples to be selected:UserWarning")

OVER = [(RandomOverSampler, imb_over.RandomOverSampler, {}),
        (SMOTE, imb_over.SMOTE, {"k_neighbors": 3})]
UNDER = [(RandomUnderSampler, imb_under.RandomUnderSampler, {}),
         (NearMiss, imb_under.NearMiss, {"version": 1}),
         (NearMiss, imb_under.NearMiss, {"version": 2}),
         (NearMiss, imb_under.NearMiss, {"version": 3})]


def _data(seed, n=200, n_features=3, minority=0.15, n_classes=2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_features))
    if n_classes == 2:
        y = (rng.random(n) < minority).astype(int)
        y[:6] = 1
        y[6:12] = 0
    else:
        y = rng.choice(n_classes, size=n, p=np.linspace(1, 3, n_classes) / np.linspace(1, 3, n_classes).sum())
        y[: 6 * n_classes] = np.repeat(np.arange(n_classes), 6)
    X[y == 1] += 1.0
    return X, y


def _counts(y):
    labels, counts = np.unique(y, return_counts=True)
    return dict(zip(labels.tolist(), counts.tolist()))


def test_doctests_pass():
    result = doctest.testmod(sampling, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 6 and result.failed == 0


# ---- counts agree with imbalanced-learn ------------------------------------------------------
@pytest.mark.parametrize("ours, theirs, kwargs", OVER)
@pytest.mark.parametrize("strategy", ["auto", "minority", "not minority", "not majority", "all",
                                      0.5, 0.8, 1.0])
def test_over_sampler_counts_equal_imblearn(ours, theirs, kwargs, strategy):
    X, y = _data(1)
    ours_y = ours(sampling_strategy=strategy, random_state=0, **kwargs).fit_resample(X, y)[1]
    theirs_y = theirs(sampling_strategy=strategy, random_state=0, **kwargs).fit_resample(X, y)[1]
    assert _counts(ours_y) == _counts(theirs_y)


@pytest.mark.parametrize("ours, theirs, kwargs", UNDER)
@pytest.mark.parametrize("strategy", ["auto", "majority", "not minority", "not majority", "all",
                                      0.5, 0.8, 1.0])
def test_under_sampler_counts_equal_imblearn(ours, theirs, kwargs, strategy):
    X, y = _data(2)
    extra = {} if ours is NearMiss else {"random_state": 0}
    ours_y = ours(sampling_strategy=strategy, **extra, **kwargs).fit_resample(X, y)[1]
    theirs_y = theirs(sampling_strategy=strategy, **extra, **kwargs).fit_resample(X, y)[1]
    assert _counts(ours_y) == _counts(theirs_y)


@given(seed=st.integers(0, 10_000), n_classes=st.integers(2, 4),
       strategy=st.sampled_from(["auto", "not minority", "not majority", "all"]))
def test_counts_equal_imblearn_multiclass_property(seed, n_classes, strategy):
    X, y = _data(seed, n=120, n_classes=n_classes)
    for ours, theirs in ((RandomOverSampler, imb_over.RandomOverSampler),
                         (RandomUnderSampler, imb_under.RandomUnderSampler)):
        a = ours(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)[1]
        b = theirs(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)[1]
        assert _counts(a) == _counts(b)


@given(seed=st.integers(0, 10_000), extra=st.integers(0, 40))
def test_dict_strategy_counts_equal_imblearn(seed, extra):
    X, y = _data(seed)
    c = _counts(y)
    over = {1: c[0] + extra}
    under = {0: max(c[1] - extra % max(c[1], 1), 0)}
    assert _counts(SMOTE(sampling_strategy=over, k_neighbors=2, random_state=0).fit_resample(X, y)[1]) == \
        _counts(imb_over.SMOTE(sampling_strategy=over, k_neighbors=2, random_state=0).fit_resample(X, y)[1])
    assert _counts(RandomUnderSampler(sampling_strategy=under, random_state=0).fit_resample(X, y)[1]) == \
        _counts(imb_under.RandomUnderSampler(sampling_strategy=under, random_state=0).fit_resample(X, y)[1])


# ---- SMOTE geometry --------------------------------------------------------------------------
def _on_segment_to_a_neighbour(x_new, X_min, k):
    """True when x_new = x_i + t (x_j - x_i), t in [0, 1], x_j one of x_i's k nearest (ties ok)."""
    d = np.linalg.norm(X_min[:, None, :] - X_min[None, :, :], axis=2)
    np.fill_diagonal(d, np.inf)
    kth = np.sort(d, axis=1)[:, k - 1]
    for i in range(X_min.shape[0]):
        for j in np.flatnonzero(d[i] <= kth[i] + 1e-12):
            seg = X_min[j] - X_min[i]
            t = float(np.dot(x_new - X_min[i], seg) / np.dot(seg, seg)) if np.dot(seg, seg) > 0 else 0.0
            if -1e-9 <= t <= 1 + 1e-9 and np.allclose(X_min[i] + t * seg, x_new, atol=1e-9):
                return True
    return False


@given(seed=st.integers(0, 10_000), k=st.integers(1, 5), n_features=st.integers(1, 4))
def test_every_smote_point_lies_on_a_segment_to_one_of_k_nearest_minority_neighbours(seed, k, n_features):
    X, y = _data(seed, n=80, n_features=n_features, minority=0.15)
    X_min = X[y == 1]
    X_res, y_res = SMOTE(k_neighbors=k, random_state=seed).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)  # originals first, unchanged
    new = X_res[len(X):]
    assert np.all(y_res[len(X):] == 1)
    for x_new in new:
        assert _on_segment_to_a_neighbour(x_new, X_min, k)


def test_smote_neighbours_equal_sklearn_nearest_neighbors():
    from sklearn.neighbors import NearestNeighbors

    X, y = _data(5, n=400, n_features=4)
    sm = SMOTE(k_neighbors=4, random_state=0)
    sm.fit_resample(X, y)
    X_min = X[y == 1]
    theirs = NearestNeighbors(n_neighbors=5).fit(X_min).kneighbors(X_min, return_distance=False)[:, 1:]
    np.testing.assert_array_equal(np.sort(sm.neighbors_[1], axis=1), np.sort(theirs, axis=1))


def test_smote_same_seed_same_output_and_class_means_close_to_imblearn():
    X, y = _data(3, n=2000)
    a = SMOTE(random_state=1).fit_resample(X, y)[0]
    b = SMOTE(random_state=1).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    c = imb_over.SMOTE(random_state=1).fit_resample(X, y)[0]
    # different random streams, same distribution: synthetic means agree closely
    n = len(X)
    np.testing.assert_allclose(a[n:].mean(axis=0), c[n:].mean(axis=0), atol=0.05)


# ---- NearMiss selects the same rows as imbalanced-learn ---------------------------------------
@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("seed", range(6))
def test_nearmiss_selects_the_same_rows_as_imblearn(version, seed):
    X, y = _data(seed, n=150 + 30 * seed, n_features=2 + seed % 3)
    ours = NearMiss(version=version, n_neighbors=3)
    theirs = imb_under.NearMiss(version=version, n_neighbors=3)
    X_a, y_a = ours.fit_resample(X, y)
    X_b, y_b = theirs.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)
    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(y_a, y_b)


@given(seed=st.integers(0, 10_000), version=st.sampled_from([1, 2, 3]), k=st.integers(1, 4),
       n_classes=st.integers(2, 3))
def test_nearmiss_agrees_with_imblearn_property(seed, version, k, n_classes):
    X, y = _data(seed, n=90, n_classes=n_classes)
    ours = NearMiss(version=version, n_neighbors=k).fit(X, y)
    ours.fit_resample(X, y)
    theirs = imb_under.NearMiss(version=version, n_neighbors=k)
    theirs.fit_resample(X, y)
    assert sorted(ours.sample_indices_.tolist()) == sorted(theirs.sample_indices_.tolist())


def test_nearmiss1_keeps_the_majority_rows_closest_to_the_minority():
    X, y = _data(11, n=300)
    nm = NearMiss(version=1, n_neighbors=3)
    nm.fit_resample(X, y)
    majority = np.flatnonzero(y == 0)
    kept = np.isin(majority, nm.sample_indices_)
    d = np.linalg.norm(X[majority][:, None] - X[y == 1][None], axis=2)
    score = np.sort(d, axis=1)[:, :3].sum(axis=1)
    assert score[kept].max() <= score[~kept].min()


# ---- random samplers -------------------------------------------------------------------------
@given(seed=st.integers(0, 10_000))
def test_random_samplers_only_copy_or_drop_real_rows(seed):
    X, y = _data(seed)
    ros = RandomOverSampler(random_state=seed)
    X_o, y_o = ros.fit_resample(X, y)
    np.testing.assert_array_equal(X_o, X[ros.sample_indices_])
    np.testing.assert_array_equal(y_o, y[ros.sample_indices_])
    rus = RandomUnderSampler(random_state=seed)
    X_u, y_u = rus.fit_resample(X, y)
    assert len(np.unique(rus.sample_indices_)) == len(rus.sample_indices_)
    np.testing.assert_array_equal(X_u, X[rus.sample_indices_])
    assert np.all(np.isin(np.flatnonzero(y == 1), rus.sample_indices_))


# ---- pipelines -------------------------------------------------------------------------------
@pytest.mark.parametrize("sampler", [RandomOverSampler(random_state=0), SMOTE(random_state=0),
                                     RandomUnderSampler(random_state=0), NearMiss(version=2)])
def test_samplers_work_in_an_imblearn_pipeline_under_cross_val_score(sampler):
    X, y = _data(4, n=600)
    pipe = Pipeline([("scale", StandardScaler()), ("sample", sampler),
                     ("model", LogisticRegression())])
    scores = cross_val_score(pipe, X, y, cv=StratifiedKFold(4, shuffle=True, random_state=0),
                             scoring="roc_auc")
    assert scores.shape == (4,) and np.all(scores > 0.6)


def test_dataframe_in_dataframe_out_and_feature_names_kept():
    X, y = _data(6)
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    series = pd.Series(y, name="bought")
    X_res, y_res = SMOTE(random_state=0).fit_resample(frame, series)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == ["a", "b", "c"]
    assert isinstance(y_res, pd.Series) and y_res.name == "bought"
    X_d, y_d = negative_downsample(frame, series, 0.5, random_state=0)
    assert list(X_d.columns) == ["a", "b", "c"] and y_d.name == "bought"


# ---- inputs unchanged ------------------------------------------------------------------------
@pytest.mark.parametrize("sampler", [RandomOverSampler(random_state=0), SMOTE(random_state=0),
                                     RandomUnderSampler(random_state=0), NearMiss(version=3)])
def test_samplers_do_not_mutate_inputs(sampler):
    X, y = _data(8)
    X_before, y_before = X.copy(), y.copy()
    X_res, _ = sampler.fit_resample(X, y)
    X_res[:] = 0.0
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_downsampling_functions_do_not_mutate_inputs():
    X, y = _data(9)
    p = np.linspace(0, 1, 11)
    X_b, y_b, p_b = X.copy(), y.copy(), p.copy()
    negative_downsample(X, y, 0.3, random_state=0)
    correct_downsampled_proba(p, 0.3)
    np.testing.assert_array_equal(X, X_b)
    np.testing.assert_array_equal(y, y_b)
    np.testing.assert_array_equal(p, p_b)


# ---- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize("sampler", [RandomOverSampler(), SMOTE(), RandomUnderSampler(), NearMiss()])
def test_one_class_raises(sampler):
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match="y must contain at least two classes"):
        sampler.fit_resample(X, np.ones(10, dtype=int))


@pytest.mark.parametrize("sampler", [RandomOverSampler(), SMOTE(), RandomUnderSampler(), NearMiss()])
def test_nan_in_X_raises(sampler):
    X, y = _data(0, n=50)
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="X must not contain NaN"):
        sampler.fit_resample(X, y)


def test_bad_sampler_parameters_raise_clear_errors():
    X, y = _data(0, n=60)
    n_min = int((y == 1).sum())
    with pytest.raises(ValueError, match=r"k_neighbors must be smaller than the number of rows"):
        SMOTE(k_neighbors=n_min).fit_resample(X, y)
    with pytest.raises(ValueError, match="k_neighbors must be >= 1"):
        SMOTE(k_neighbors=0).fit_resample(X, y)
    with pytest.raises(TypeError, match="k_neighbors must be an integer"):
        SMOTE(k_neighbors=2.5).fit_resample(X, y)
    with pytest.raises(ValueError, match="version must be 1, 2 or 3"):
        NearMiss(version=4).fit_resample(X, y)
    with pytest.raises(ValueError, match="n_neighbors must be <= the minority class size"):
        NearMiss(n_neighbors=n_min + 1).fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy must be one of"):
        RandomOverSampler(sampling_strategy="majority").fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy must be one of"):
        RandomUnderSampler(sampling_strategy="minority").fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy=0.01 asks for fewer minority rows"):
        SMOTE(sampling_strategy=0.01).fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy names the class 7"):
        RandomOverSampler(sampling_strategy={7: 100}).fit_resample(X, y)
    with pytest.raises(ValueError, match="an under-sampler cannot add rows"):
        RandomUnderSampler(sampling_strategy={1: 10_000}).fit_resample(X, y)
    with pytest.raises(TypeError, match="sampling_strategy must be a str, a float or a dict"):
        RandomOverSampler(sampling_strategy=[1]).fit_resample(X, y)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        SMOTE().fit_resample(X, y[:-1])
    with pytest.raises(ValueError, match="X must be 2-dimensional"):
        SMOTE().fit_resample(X[:, 0], y)


@pytest.mark.parametrize("keep_rate", [0.0, -0.1, 1.5, float("nan")])
def test_keep_rate_outside_0_1_raises(keep_rate):
    X, y = _data(0, n=40)
    with pytest.raises(ValueError, match="keep_rate must be"):
        negative_downsample(X, y, keep_rate)
    with pytest.raises(ValueError, match="keep_rate must be"):
        correct_downsampled_proba([0.2, 0.5], keep_rate)


def test_downsampling_bad_labels_and_probabilities_raise():
    X, y = _data(0, n=40)
    with pytest.raises(ValueError, match="y must contain both classes"):
        negative_downsample(X, np.zeros(40), 0.5)
    with pytest.raises(ValueError, match="y must contain only the labels 0 and 1"):
        negative_downsample(X, np.where(y == 1, 2, 0), 0.5)
    with pytest.raises(ValueError, match=r"p must contain probabilities in \[0, 1\]"):
        correct_downsampled_proba([0.2, 1.2], 0.5)
    with pytest.raises(ValueError, match="p must not contain NaN"):
        correct_downsampled_proba([0.2, np.nan], 0.5)


# ---- negative down-sampling and the prior correction -----------------------------------------
def test_negative_downsample_keeps_all_positives_and_about_w_of_negatives():
    rng = np.random.default_rng(0)
    y = (rng.random(200_000) < 0.02).astype(int)
    X = rng.normal(size=(y.size, 1))
    X_s, y_s = negative_downsample(X, y, 0.1, random_state=1)
    assert y_s.sum() == y.sum()
    kept_negatives = (y_s == 0).sum() / (y == 0).sum()
    assert abs(kept_negatives - 0.1) < 4 * np.sqrt(0.1 * 0.9 / (y == 0).sum())


@given(p=st.floats(0.0, 1.0), w=st.floats(0.01, 1.0))
def test_correction_inverts_the_downsampling_odds_shift(p, w):
    p_sample = p / (p + w * (1 - p))        # probability after keeping negatives with rate w
    assert correct_downsampled_proba(p_sample, w) == pytest.approx(p, abs=1e-9)
    assert correct_downsampled_proba(p, 1.0) == pytest.approx(p)


def test_prior_correction_recovers_true_probabilities_on_simulated_data():
    rng = np.random.default_rng(42)
    n = 400_000
    x = rng.normal(size=(n, 1))
    true_p = 1 / (1 + np.exp(-(-4.0 + 1.2 * x[:, 0])))
    y = (rng.random(n) < true_p).astype(int)
    w = 0.05
    X_s, y_s = negative_downsample(x, y, w, random_state=0)
    model = LogisticRegression(C=1e6).fit(X_s, y_s)
    p_sample = model.predict_proba(x)[:, 1]
    q = correct_downsampled_proba(p_sample, w)
    assert np.mean(np.abs(p_sample - true_p)) > 0.05          # uncorrected: far off
    assert np.mean(np.abs(q - true_p)) < 0.002                # corrected: close to the truth
    assert abs(q.mean() - y.mean()) < 0.002


def test_plot_resampled_marks_synthetic_points_and_shades_the_model_region():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from recbook.plotting import plot_resampled

    X, y = _data(12, n=120, n_features=2)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    model = LogisticRegression().fit(X_res, y_res)
    fig, ax = plt.subplots()
    assert plot_resampled(ax, X_res, y_res, model, X_original=X, limits=(-3, 3, -3, 3), n_grid=20) is ax
    labels = [c.get_label() for c in ax.collections if not c.get_label().startswith("_")]
    assert labels == ["majority", "synthetic minority", "minority"]
    synthetic = next(c for c in ax.collections if c.get_label() == "synthetic minority")
    assert len(synthetic.get_offsets()) == len(X_res) - len(X)
    assert ax.get_xlim() == (-3, 3)
    plt.close(fig)
