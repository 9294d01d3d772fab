"""Experiment harness: remedies x learners x datasets under repeated stratified CV.

The question every notebook of the kit eventually asks is "does remedy R help learner L on
data D, and by how much, with what uncertainty?". This module answers it the same way
everywhere, without leakage and reproducibly, and returns a tidy table.

Vocabulary
----------
dataset
    A pair ``(X, y)``: features (numpy array or pandas DataFrame, one row per sample) and
    binary labels in {0, 1}, class 1 the minority. Passed as a dict ``{name: (X, y)}``;
    :func:`make_imbalanced_datasets` builds a family of them at chosen imbalance ratios.
learner
    An unfitted scikit-learn classifier with ``predict_proba`` (or a Pipeline ending in
    one, e.g. scaler + logistic regression). Passed as a dict ``{name: estimator}``;
    :func:`default_learners` gives logistic regression, random forest and histogram
    gradient boosting.
method (remedy)
    A :class:`Method`: a recipe that turns a learner into the estimator actually fitted.
    The factories cover the standard remedies:

    ===============================  =====================================================
    ``no_remedy()``                  the learner as it is
    ``class_weighting("balanced")``  per-class loss weights ``w_c = N / (C N_c)``
    ``resampling(sampler)``          an imbalanced-learn sampler *inside* the pipeline, so
                                     it only ever sees training folds
    ``threshold_tuning(...)``        the learner wrapped in ``TunedThresholdClassifierCV``
                                     (the threshold is chosen by inner CV on the training
                                     fold only)
    ``averaged_ensemble(M)``         ``M`` copies on bootstrap samples, probabilities
                                     averaged: ``p = (1/M) sum_m p_m``
    ``own_estimator(estimator)``     a remedy that *is* a learner (BalancedRandomForest,
                                     EasyEnsemble); run once per dataset, learner "own"
    ===============================  =====================================================

    :func:`default_methods` returns the kit's benchmark set: none, class weights, threshold
    tuning, random over- and under-sampling, SMOTE, NearMiss, SMOTETomek,
    BalancedRandomForest and EasyEnsemble.

How one cell of the grid is measured
------------------------------------
For every dataset, one ``RepeatedStratifiedKFold(n_splits, n_repeats)`` split, seeded by
``random_state``, is shared by all methods and learners (paired comparisons). In each split
the method builds a fresh estimator from a clone of the learner, every ``random_state``
parameter inside it is set to a seed derived from ``(random_state, split index)``, it is
fitted on the training fold only and scores the test fold with
:func:`recbook.metrics.imbalanced_report` (at ``threshold``, or at the tuned threshold
``best_threshold_`` when the estimator has one; the threshold used is recorded as the metric
``"threshold"``). Scalers and samplers live inside the estimator, so nothing is learned from
the test fold.

Functions
---------
:func:`run_cv`
    the per-fold table (one row per dataset, method, learner, split and metric);
:func:`summarize`
    mean, standard deviation and a 95 % interval per metric;
:func:`run_experiment`
    both in one call; :func:`format_summary` pivots a summary to ``"mean [low, high]"``
    strings for display.

The result is deterministic for a given ``random_state`` (also with ``n_jobs > 1``: every
task's seed is fixed before it is dispatched). ``progress=True`` shows a tqdm bar on stderr
(leave it off in notebooks, whose stored outputs must not change).

Intervals
---------
The folds of repeated cross-validation share training data, so their scores are correlated
and the naive ``s / sqrt(J)`` standard error is too small. The default interval is the
corrected resampled t interval of Nadeau & Bengio (2003), as recommended for repeated
k-fold by Bouckaert & Frank (2004)::

    mean +- t_{J-1, 0.975} * sqrt((1/J + n_test/n_train) * s^2)

over the ``J = n_splits * n_repeats`` fold scores with sample variance ``s^2``.
``interval="t"`` gives the naive ``mean +- t * s / sqrt(J)`` for comparison.

Examples
--------
>>> from sklearn.linear_model import LogisticRegression
>>> from recbook.experiments import (class_weighting, make_imbalanced_datasets, no_remedy,
...                                  run_experiment)
>>> datasets = make_imbalanced_datasets([9], n_samples=300, random_state=0)
>>> summary = run_experiment(datasets, {"none": no_remedy(), "weights": class_weighting()},
...                          {"lr": LogisticRegression()}, n_splits=3, n_repeats=2,
...                          metrics=["recall"], random_state=0)
>>> summary[["method", "metric", "mean"]].round(3).to_string(index=False)
' method metric  mean\\n   none recall 0.207\\nweights recall 0.669'

References
----------
Nadeau, C. & Bengio, Y. (2003). Inference for the generalization error. Machine Learning
52(3), 239-281. doi:10.1023/A:1024068626366
Bouckaert, R. R. & Frank, E. (2004). Evaluating the replicability of significance tests for
comparing learning algorithms. PAKDD 2004, LNCS 3056, 3-12.
Lemaitre, G., Nogueira, F. & Aridas, C. K. (2017). Imbalanced-learn: a Python toolbox to
tackle the curse of imbalanced datasets in machine learning. JMLR 18(17), 1-5.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recbook._validation import check_float, check_int
from recbook.metrics import REPORT_METRICS, imbalanced_report

__all__ = [
    "Method",
    "no_remedy",
    "class_weighting",
    "resampling",
    "threshold_tuning",
    "averaged_ensemble",
    "own_estimator",
    "default_learners",
    "default_methods",
    "make_imbalanced_datasets",
    "run_cv",
    "summarize",
    "run_experiment",
    "format_summary",
]

#: Learner label used for methods that bring their own estimator.
OWN = "own"


@dataclass(frozen=True)
class Method:
    """A remedy: a recipe turning an unfitted learner into the estimator that is fitted.

    Parameters
    ----------
    build : callable
        ``build(learner) -> estimator``; receives a fresh clone of the learner and returns
        an unfitted estimator with ``fit`` and ``predict_proba``.
    uses_learner : bool, default=True
        False for a remedy that is its own learner (it is then run once per dataset, with
        learner name ``"own"``).
    learners : tuple of str or None, default=None
        Restrict the method to these learner names (None: every learner).
    description : str, default=""
        One line for tables and docs.
    """

    build: object
    uses_learner: bool = True
    learners: tuple | None = None
    description: str = field(default="", compare=False)

    def __post_init__(self):
        if not callable(self.build):
            raise TypeError(f"build must be callable, got {type(self.build).__name__}")


def _final_step(estimator):
    """The estimator at the end of a (possibly nested) Pipeline, and its parameter prefix."""
    prefix = ""
    while hasattr(estimator, "steps"):
        name, estimator = estimator.steps[-1]
        prefix += f"{name}__"
    return estimator, prefix


def no_remedy():
    """The learner as it is: the baseline every remedy is compared with.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from recbook.experiments import no_remedy
    >>> no_remedy().build(LogisticRegression())
    LogisticRegression()
    """
    return Method(lambda learner: learner, description="the learner as it is")


def class_weighting(class_weight="balanced"):
    """Weight the loss per class (set ``class_weight`` on the learner's final estimator).

    Parameters
    ----------
    class_weight : "balanced" or dict, default="balanced"
        ``"balanced"`` gives class ``c`` the weight ``w_c = N / (C N_c)`` (``N`` samples,
        ``C`` classes, ``N_c`` samples of class ``c``), computed on each training fold;
        a dict ``{0: w0, 1: w1}`` fixes the weights.

    Returns
    -------
    Method

    Raises
    ------
    ValueError
        When built on a learner without a ``class_weight`` parameter.

    References
    ----------
    King, G. & Zeng, L. (2001). Logistic regression in rare events data. Political Analysis
    9(2), 137-163. (the ``N / (C N_c)`` weighting scikit-learn calls "balanced")

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from recbook.experiments import class_weighting
    >>> class_weighting().build(LogisticRegression())
    LogisticRegression(class_weight='balanced')
    """
    if not (class_weight == "balanced" or isinstance(class_weight, dict)):
        raise ValueError(f"class_weight must be 'balanced' or a dict, got {class_weight!r}")

    def build(learner):
        final, prefix = _final_step(learner)
        if "class_weight" not in final.get_params(deep=False):
            raise ValueError(f"learner {type(final).__name__} has no class_weight parameter; "
                             "use resampling() or threshold_tuning() for it instead")
        return learner.set_params(**{prefix + "class_weight": class_weight})

    return Method(build, description=f"class_weight={class_weight!r}")


def resampling(sampler):
    """Resample the training fold with an imbalanced-learn sampler before the final estimator.

    The sampler is inserted just before the learner's final step (after any scaler, so that
    distance-based samplers such as SMOTE and NearMiss see scaled features), inside an
    ``imblearn.pipeline.Pipeline``: it runs on training data during ``fit`` only, never on
    the test fold.

    Parameters
    ----------
    sampler : imbalanced-learn sampler
        Any object with ``fit_resample(X, y)`` (cloned for every fit).

    Returns
    -------
    Method

    Examples
    --------
    >>> from imblearn.over_sampling import SMOTE
    >>> from sklearn.linear_model import LogisticRegression
    >>> from recbook.experiments import resampling
    >>> resampling(SMOTE()).build(LogisticRegression())
    Pipeline(steps=[('sampler', SMOTE()), ('model', LogisticRegression())])
    """
    from sklearn.base import clone

    if not hasattr(sampler, "fit_resample"):
        raise TypeError(f"sampler must have a fit_resample method, got {type(sampler).__name__}")

    def build(learner):
        from imblearn.pipeline import Pipeline

        if hasattr(learner, "steps"):
            steps = list(learner.steps)
            return Pipeline(steps[:-1] + [("sampler", clone(sampler)), steps[-1]])
        return Pipeline([("sampler", clone(sampler)), ("model", learner)])

    return Method(build, description=f"resampling with {type(sampler).__name__}")


def threshold_tuning(scoring="balanced_accuracy", cv=3, base=None):
    """Keep the model, move its decision threshold (chosen by inner CV on the training fold).

    Parameters
    ----------
    scoring : str, default="balanced_accuracy"
        The scikit-learn scorer the threshold maximises (e.g. ``"f1"``).
    cv : int, default=3
        Inner stratified folds used by ``sklearn.model_selection.TunedThresholdClassifierCV``.
    base : Method or None, default=None
        Another remedy to tune the threshold of (e.g. ``class_weighting()``); None tunes the
        plain learner.

    Returns
    -------
    Method

    References
    ----------
    Elor, Y. & Averbuch-Elor, H. (2022). To SMOTE, or not to SMOTE? arXiv:2201.08528.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from recbook.experiments import threshold_tuning
    >>> type(threshold_tuning().build(LogisticRegression())).__name__
    'TunedThresholdClassifierCV'
    """
    cv = check_int(cv, "cv", minimum=2)
    if base is not None and not isinstance(base, Method):
        raise TypeError(f"base must be a Method or None, got {type(base).__name__}")

    def build(learner):
        from sklearn.model_selection import TunedThresholdClassifierCV

        inner = learner if base is None else base.build(learner)
        return TunedThresholdClassifierCV(inner, scoring=scoring, cv=cv)

    return Method(build, uses_learner=True if base is None else base.uses_learner,
                  description=f"threshold tuned for {scoring}")


def averaged_ensemble(n_members=5, base=None):
    """Average the probabilities of ``n_members`` copies fitted on bootstrap samples.

    ``p(x) = (1/M) sum_m p_m(x)`` -- the ensemble of the seed article's case study (M = 5),
    built with ``sklearn.ensemble.BaggingClassifier``, whose ``predict_proba`` is exactly
    this mean.

    Parameters
    ----------
    n_members : int, default=5
        Number of members M (>= 1).
    base : Method or None, default=None
        Remedy applied to every member (e.g. ``class_weighting()``); None: plain learners.

    Returns
    -------
    Method

    References
    ----------
    Breiman, L. (1996). Bagging predictors. Machine Learning 24(2), 123-140.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from recbook.experiments import averaged_ensemble, class_weighting
    >>> averaged_ensemble(5, base=class_weighting()).build(LogisticRegression()).n_estimators
    5
    """
    n_members = check_int(n_members, "n_members", minimum=1)
    if base is not None and not isinstance(base, Method):
        raise TypeError(f"base must be a Method or None, got {type(base).__name__}")

    def build(learner):
        from sklearn.ensemble import BaggingClassifier

        member = learner if base is None else base.build(learner)
        return BaggingClassifier(member, n_estimators=n_members)

    return Method(build, description=f"mean of {n_members} bootstrap members")


def own_estimator(estimator):
    """A remedy that is a complete learner (e.g. BalancedRandomForest, EasyEnsemble).

    It ignores the learners: the harness runs it once per dataset, with learner name
    ``"own"``.

    Parameters
    ----------
    estimator : classifier
        Unfitted, with ``fit`` and ``predict_proba``; cloned for every fit.

    Returns
    -------
    Method

    Examples
    --------
    >>> from imblearn.ensemble import EasyEnsembleClassifier
    >>> from recbook.experiments import own_estimator
    >>> own_estimator(EasyEnsembleClassifier()).uses_learner
    False
    """
    from sklearn.base import clone

    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict_proba")):
        raise TypeError(f"estimator must have fit and predict_proba, got {type(estimator).__name__}")
    return Method(lambda learner: clone(estimator), uses_learner=False,
                  description=type(estimator).__name__)


def default_learners():
    """The kit's three benchmark learners, unfitted and single-threaded.

    Returns
    -------
    dict
        ``"logistic_regression"``: standard scaler + ``LogisticRegression(max_iter=1000)``;
        ``"random_forest"``: ``RandomForestClassifier(n_estimators=100, n_jobs=1)``;
        ``"hist_gradient_boosting"``: ``HistGradientBoostingClassifier()``.

    Examples
    --------
    >>> from recbook.experiments import default_learners
    >>> sorted(default_learners())
    ['hist_gradient_boosting', 'logistic_regression', 'random_forest']
    """
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "logistic_regression": Pipeline([("scale", StandardScaler()),
                                         ("model", LogisticRegression(max_iter=1000))]),
        "random_forest": RandomForestClassifier(n_estimators=100, n_jobs=1),
        "hist_gradient_boosting": HistGradientBoostingClassifier(),
    }


def default_methods():
    """The kit's benchmark set of remedies for class imbalance.

    Returns
    -------
    dict
        ``none``, ``class_weights``, ``threshold_tuning``, ``random_oversampling``,
        ``random_undersampling``, ``smote``, ``nearmiss``, ``smote_tomek`` (learner-based) and
        ``balanced_random_forest``, ``easy_ensemble`` (their own learners).

    References
    ----------
    Chawla, N. V., Bowyer, K. W., Hall, L. O. & Kegelmeyer, W. P. (2002). SMOTE: synthetic
    minority over-sampling technique. JAIR 16, 321-357.
    Mani, I. & Zhang, I. (2003). kNN approach to unbalanced data distributions: a case study
    involving information extraction. ICML 2003 Workshop on Learning from Imbalanced Datasets.
    Batista, G. E., Prati, R. C. & Monard, M. C. (2004). A study of the behavior of several
    methods for balancing machine learning training data. SIGKDD Explorations 6(1), 20-29.
    Chen, C., Liaw, A. & Breiman, L. (2004). Using random forest to learn imbalanced data.
    Technical report 666, Department of Statistics, UC Berkeley.
    Liu, X.-Y., Wu, J. & Zhou, Z.-H. (2009). Exploratory undersampling for class-imbalance
    learning. IEEE Trans. SMC, Part B 39(2), 539-550.

    Examples
    --------
    >>> from recbook.experiments import default_methods
    >>> list(default_methods())[:4]
    ['none', 'class_weights', 'threshold_tuning', 'random_oversampling']
    """
    from imblearn.combine import SMOTETomek
    from imblearn.ensemble import BalancedRandomForestClassifier, EasyEnsembleClassifier
    from imblearn.over_sampling import SMOTE, RandomOverSampler
    from imblearn.under_sampling import NearMiss, RandomUnderSampler

    return {
        "none": no_remedy(),
        "class_weights": class_weighting("balanced"),
        "threshold_tuning": threshold_tuning("balanced_accuracy"),
        "random_oversampling": resampling(RandomOverSampler()),
        "random_undersampling": resampling(RandomUnderSampler()),
        "smote": resampling(SMOTE()),
        "nearmiss": resampling(NearMiss()),
        "smote_tomek": resampling(SMOTETomek()),
        "balanced_random_forest": own_estimator(BalancedRandomForestClassifier(
            n_estimators=100, sampling_strategy="all", replacement=True, bootstrap=False,
            n_jobs=1)),
        "easy_ensemble": own_estimator(EasyEnsembleClassifier(n_estimators=10, n_jobs=1)),
    }


def make_imbalanced_datasets(ratios, n_samples=2000, n_features=10, class_sep=1.0,
                             random_state=0):
    """Synthetic binary datasets at given imbalance ratios (majority : minority = r : 1).

    Parameters
    ----------
    ratios : sequence of float
        Imbalance ratios ``r >= 1``; the minority share is ``1 / (1 + r)`` up to rounding
        (``make_classification`` rounds the class sizes per cluster).
    n_samples : int, default=2000
        Samples per dataset (>= 20).
    n_features : int, default=10
        Features (>= 2): half (at least 2) informative, a quarter redundant, the rest noise.
    class_sep : float, default=1.0
        ``sklearn.datasets.make_classification``'s class separation (> 0).
    random_state : int, default=0
        Seed; dataset ``i`` uses ``random_state + i``.

    Returns
    -------
    dict
        ``{"1:r": (X, y)}`` with ``X`` a float array and ``y`` an int array in {0, 1}.

    Raises
    ------
    ValueError
        If a ratio is below 1 or gives fewer than 2 minority samples.

    Examples
    --------
    >>> from recbook.experiments import make_imbalanced_datasets
    >>> data = make_imbalanced_datasets([1, 9], n_samples=1000)
    >>> {name: int(y.sum()) for name, (X, y) in data.items()}
    {'1:1': 500, '1:9': 99}
    """
    from sklearn.datasets import make_classification

    n_samples = check_int(n_samples, "n_samples", minimum=20)
    n_features = check_int(n_features, "n_features", minimum=2)
    class_sep = check_float(class_sep, "class_sep", low=0.0, low_open=True)
    random_state = check_int(random_state, "random_state", minimum=0)
    if isinstance(ratios, (str, bytes)) or not hasattr(ratios, "__iter__"):
        raise TypeError(f"ratios must be a sequence of numbers, got {type(ratios).__name__}")
    out = {}
    for i, ratio in enumerate(ratios):
        ratio = check_float(ratio, "ratios", low=1.0)
        n_minority = int(round(n_samples / (1.0 + ratio)))
        if n_minority < 2:
            raise ValueError(f"ratios: 1:{ratio:g} leaves {n_minority} minority samples of "
                             f"{n_samples}; use a smaller ratio or more samples")
        n_informative = min(n_features, max(2, n_features // 2))
        n_redundant = min(n_features - n_informative, n_features // 4)
        X, y = make_classification(
            n_samples=n_samples, n_features=n_features, n_informative=n_informative,
            n_redundant=n_redundant, weights=[1.0 - n_minority / n_samples], flip_y=0.0,
            class_sep=class_sep, random_state=random_state + i)
        out[f"1:{ratio:g}"] = (X, y.astype(np.int64))
    return out


# ----------------------------------------------------------------------------------------
# running
# ----------------------------------------------------------------------------------------

def _check_named(mapping, name, kind):
    if not isinstance(mapping, dict) or not mapping:
        raise TypeError(f"{name} must be a non-empty dict {{name: {kind}}}, got {type(mapping).__name__}")
    for key in mapping:
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be strings, got {key!r}")
    return mapping


def _check_dataset(name, value):
    if not (isinstance(value, tuple) and len(value) == 2):
        raise TypeError(f"datasets[{name!r}] must be a tuple (X, y)")
    X, y = value
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"datasets[{name!r}]: y must be 1-dimensional, got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"datasets[{name!r}]: X and y must have the same length, got {len(X)} and {len(y)}")
    if not np.all(np.isin(y, (0, 1))):
        raise ValueError(f"datasets[{name!r}]: y must contain only the labels 0 and 1")
    if np.unique(y).size < 2:
        raise ValueError(f"datasets[{name!r}]: y must contain both classes 0 and 1")
    return X, y.astype(np.int64)


def _rows(X, index):
    return X.iloc[index] if hasattr(X, "iloc") else np.asarray(X)[index]


def _seed_everything(estimator, seed):
    """Set every ``random_state`` parameter (at any depth) to ``seed``."""
    params = estimator.get_params(deep=True)
    updates = {key: seed for key in params
               if key == "random_state" or key.endswith("__random_state")}
    return estimator.set_params(**updates) if updates else estimator


def _fit_and_score(task):
    from sklearn.base import clone

    (dataset, method_name, learner_name, repeat, fold, X, y, train, test, method, learner,
     seed, threshold, metrics) = task
    estimator = method.build(clone(learner) if learner is not None else None)
    estimator = _seed_everything(estimator, seed)
    estimator.fit(_rows(X, train), y[train])
    classes = list(getattr(estimator, "classes_", [0, 1]))
    score = estimator.predict_proba(_rows(X, test))[:, classes.index(1)]
    used = float(getattr(estimator, "best_threshold_", threshold))
    report = imbalanced_report(y[test], np.clip(score, 0.0, 1.0), threshold=min(max(used, 0.0), 1.0))
    values = dict(zip(report["metric"], report["value"]))
    values["threshold"] = used
    return [
        {"dataset": dataset, "method": method_name, "learner": learner_name, "repeat": repeat,
         "fold": fold, "n_train": len(train), "n_test": len(test), "metric": name,
         "value": float(values[name])}
        for name in metrics
    ]


def run_cv(datasets, methods, learners, *, n_splits=5, n_repeats=3, threshold=0.5,
           metrics=None, random_state=0, n_jobs=1, progress=False):
    """Fit every method x learner on every dataset under repeated stratified CV.

    Parameters
    ----------
    datasets : dict of str -> (X, y)
        Features (array or DataFrame) and binary labels in {0, 1} (1 = minority).
    methods : dict of str -> Method
        The remedies (see the module docstring and :func:`default_methods`).
    learners : dict of str -> estimator
        Unfitted classifiers with ``predict_proba`` (see :func:`default_learners`).
    n_splits : int, default=5
        Folds per repetition (>= 2).
    n_repeats : int, default=3
        Repetitions with different fold assignments (>= 1).
    threshold : float, default=0.5
        Decision threshold for the label-based metrics (overridden per fit by an estimator's
        ``best_threshold_``).
    metrics : list of str or None, default=None
        Names from ``recbook.metrics.REPORT_METRICS`` plus ``"threshold"``; None keeps all.
    random_state : int, default=0
        Seed of the splits and of every estimator (>= 0).
    n_jobs : int, default=1
        Parallel fits with joblib (-1: all cores). Results do not depend on it.
    progress : bool, default=False
        Show a tqdm progress bar on stderr (keep False in notebooks).

    Returns
    -------
    pandas.DataFrame
        One row per dataset, method, learner, split and metric, with columns ``dataset``,
        ``method``, ``learner``, ``repeat``, ``fold``, ``n_train``, ``n_test``, ``metric``,
        ``value``; rows in grid order (datasets, then methods, then learners, then splits).

    Raises
    ------
    TypeError, ValueError
        On malformed inputs (naming the argument), e.g. an unknown metric, a dataset whose
        ``y`` is not binary, or a minority class smaller than ``n_splits``.
    """
    from sklearn.model_selection import RepeatedStratifiedKFold

    _check_named(datasets, "datasets", "(X, y)")
    _check_named(methods, "methods", "Method")
    _check_named(learners, "learners", "estimator")
    for name, method in methods.items():
        if not isinstance(method, Method):
            raise TypeError(f"methods[{name!r}] must be a recbook.experiments.Method, "
                            f"got {type(method).__name__}")
        for learner_name in method.learners or ():
            if learner_name not in learners:
                raise ValueError(f"methods[{name!r}] is restricted to unknown learner {learner_name!r}")
    for name, learner in learners.items():
        if not hasattr(learner, "fit"):
            raise TypeError(f"learners[{name!r}] must be an estimator with fit, got {type(learner).__name__}")
    n_splits = check_int(n_splits, "n_splits", minimum=2)
    n_repeats = check_int(n_repeats, "n_repeats", minimum=1)
    threshold = check_float(threshold, "threshold", low=0.0, high=1.0)
    random_state = check_int(random_state, "random_state", minimum=0)
    n_jobs = check_int(n_jobs, "n_jobs")
    known = list(REPORT_METRICS) + ["threshold"]
    if metrics is None:
        metrics = known
    else:
        if isinstance(metrics, str) or not hasattr(metrics, "__iter__"):
            raise TypeError("metrics must be a list of metric names or None")
        metrics = list(metrics)
        unknown = sorted(set(metrics) - set(known))
        if unknown or not metrics:
            raise ValueError(f"metrics must be a non-empty list of names from {known}, got unknown {unknown}")

    tasks = []
    for d_index, (dataset, value) in enumerate(datasets.items()):
        X, y = _check_dataset(dataset, value)
        if np.bincount(y).min() < n_splits:
            raise ValueError(f"datasets[{dataset!r}]: the minority class has {np.bincount(y).min()} "
                             f"samples, fewer than n_splits={n_splits}")
        splitter = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats,
                                           random_state=random_state + d_index)
        splits = list(splitter.split(np.zeros(len(y)), y))
        seeds = np.random.SeedSequence([random_state, d_index]).generate_state(len(splits))
        for method_name, method in methods.items():
            if method.uses_learner:
                pairs = [(n, l) for n, l in learners.items()
                         if method.learners is None or n in method.learners]
            else:
                pairs = [(OWN, None)]
            for learner_name, learner in pairs:
                for s, (train, test) in enumerate(splits):
                    tasks.append((dataset, method_name, learner_name, s // n_splits,
                                  s % n_splits, X, y, train, test, method, learner,
                                  int(seeds[s] % (2**31 - 1)), threshold, metrics))

    if n_jobs == 1:
        iterator = map(_fit_and_score, tasks)
    else:
        from joblib import Parallel, delayed

        iterator = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(_fit_and_score)(task) for task in tasks)
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, total=len(tasks), desc="recbook cv", unit="fit")
    rows = [row for result in iterator for row in result]
    return pd.DataFrame(rows, columns=["dataset", "method", "learner", "repeat", "fold",
                                       "n_train", "n_test", "metric", "value"])


def summarize(folds, confidence=0.95, interval="corrected_t"):
    """Mean, spread and confidence interval of every metric over the CV folds.

    Parameters
    ----------
    folds : pandas.DataFrame
        The output of :func:`run_cv`.
    confidence : float, default=0.95
        Coverage of the interval, in (0, 1).
    interval : {"corrected_t", "t"}, default="corrected_t"
        ``"corrected_t"``: Nadeau & Bengio's corrected resampled t interval (see the module
        docstring); ``"t"``: the naive t interval, which ignores that folds overlap.

    Returns
    -------
    pandas.DataFrame
        One row per dataset, method, learner and metric (in the order they first appear),
        with columns ``dataset``, ``method``, ``learner``, ``metric``, ``mean``, ``std``
        (sample standard deviation over folds), ``ci_low``, ``ci_high``, ``n_folds``. The
        interval is not clipped to the metric's range. With one fold, ``std`` and the
        interval are NaN.

    Raises
    ------
    ValueError
        If ``folds`` lacks a column of :func:`run_cv`'s output, or an argument is out of range.

    Examples
    --------
    >>> import pandas as pd
    >>> from recbook.experiments import summarize
    >>> folds = pd.DataFrame({"dataset": "d", "method": "m", "learner": "l", "repeat": 0,
    ...                       "fold": [0, 1, 2, 3], "n_train": 30, "n_test": 10,
    ...                       "metric": "recall", "value": [0.5, 0.7, 0.6, 0.6]})
    >>> summarize(folds, interval="t")[["mean", "ci_low", "ci_high"]].round(4).values.tolist()
    [[0.6, 0.4701, 0.7299]]
    """
    from scipy import stats

    needed = {"dataset", "method", "learner", "metric", "value", "n_train", "n_test"}
    if not isinstance(folds, pd.DataFrame):
        raise TypeError(f"folds must be a pandas DataFrame from run_cv, got {type(folds).__name__}")
    missing = sorted(needed - set(folds.columns))
    if missing:
        raise ValueError(f"folds is missing the columns {missing} (pass run_cv's output)")
    confidence = check_float(confidence, "confidence", low=0.0, high=1.0, low_open=True, high_open=True)
    if interval not in ("corrected_t", "t"):
        raise ValueError(f"interval must be 'corrected_t' or 't', got {interval!r}")
    keys = ["dataset", "method", "learner", "metric"]
    rows = []
    for key, group in folds.groupby(keys, sort=False):
        values = group["value"].to_numpy(dtype=float)
        n = values.size
        mean = float(values.mean())
        if n < 2:
            std = low = high = float("nan")
        else:
            std = float(values.std(ddof=1))
            ratio = float(np.mean(group["n_test"] / group["n_train"]))
            factor = (1.0 / n + ratio) if interval == "corrected_t" else 1.0 / n
            half = float(stats.t.ppf(0.5 + confidence / 2, df=n - 1)) * np.sqrt(factor) * std
            low, high = mean - half, mean + half
        rows.append(dict(zip(keys, key), mean=mean, std=std, ci_low=low, ci_high=high, n_folds=n))
    return pd.DataFrame(rows, columns=keys + ["mean", "std", "ci_low", "ci_high", "n_folds"])


def run_experiment(datasets, methods, learners, *, n_splits=5, n_repeats=3, threshold=0.5,
                   metrics=None, random_state=0, n_jobs=1, progress=False, confidence=0.95,
                   interval="corrected_t"):
    """:func:`run_cv` then :func:`summarize`: the tidy summary table in one call.

    Parameters
    ----------
    datasets, methods, learners, n_splits, n_repeats, threshold, metrics, random_state, n_jobs, progress
        As :func:`run_cv`.
    confidence, interval
        As :func:`summarize`.

    Returns
    -------
    pandas.DataFrame
        As :func:`summarize`: ``dataset, method, learner, metric, mean, std, ci_low,
        ci_high, n_folds``.
    """
    folds = run_cv(datasets, methods, learners, n_splits=n_splits, n_repeats=n_repeats,
                   threshold=threshold, metrics=metrics, random_state=random_state,
                   n_jobs=n_jobs, progress=progress)
    return summarize(folds, confidence=confidence, interval=interval)


def format_summary(summary, metrics=None, digits=3):
    """Pivot a summary to one row per (dataset, method, learner), cells ``"mean [low, high]"``.

    Parameters
    ----------
    summary : pandas.DataFrame
        The output of :func:`summarize` / :func:`run_experiment`.
    metrics : list of str or None, default=None
        Columns to show, in this order (None: all, in order of appearance).
    digits : int, default=3
        Decimals (>= 0).

    Returns
    -------
    pandas.DataFrame
        Index ``(dataset, method, learner)`` in order of appearance, one string column per
        metric.

    Examples
    --------
    >>> import pandas as pd
    >>> from recbook.experiments import format_summary
    >>> s = pd.DataFrame({"dataset": ["d"], "method": ["m"], "learner": ["l"], "metric": ["recall"],
    ...                   "mean": [0.6], "std": [0.1], "ci_low": [0.47], "ci_high": [0.73], "n_folds": [4]})
    >>> format_summary(s).iloc[0, 0]
    '0.600 [0.470, 0.730]'
    """
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(f"summary must be a pandas DataFrame, got {type(summary).__name__}")
    missing = sorted({"dataset", "method", "learner", "metric", "mean", "ci_low", "ci_high"}
                     - set(summary.columns))
    if missing:
        raise ValueError(f"summary is missing the columns {missing} (pass summarize's output)")
    digits = check_int(digits, "digits", minimum=0)
    available = list(dict.fromkeys(summary["metric"]))
    if metrics is None:
        metrics = available
    else:
        unknown = [m for m in metrics if m not in available]
        if unknown:
            raise ValueError(f"metrics {unknown} are not in summary (it has {available})")
    keys = ["dataset", "method", "learner"]
    cells = summary.assign(cell=[
        f"{m:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"
        if isinstance(lo, numbers.Real) and np.isfinite(lo) else f"{m:.{digits}f}"
        for m, lo, hi in zip(summary["mean"], summary["ci_low"], summary["ci_high"])])
    order = list(dict.fromkeys(map(tuple, summary[keys].to_numpy().tolist())))
    table = cells.pivot_table(index=keys, columns="metric", values="cell", aggfunc="first", sort=False)
    table = table.reindex(pd.MultiIndex.from_tuples(order, names=keys))[list(metrics)]
    table.columns.name = None
    return table
