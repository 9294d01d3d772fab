"""The kit's best-practice benchmark grid: every remedy x learner x imbalance ratio, stored.

Notebook 11 asks which remedy for class imbalance actually helps, and answers with numbers
that take far longer to compute than a notebook may run. This module computes them once,
with :mod:`recbook.experiments`, and writes them to a small CSV that the notebook loads:

* **remedies**: :func:`recbook.experiments.default_methods` -- none, class weights,
  threshold tuning, random over-sampling, random under-sampling, SMOTE, NearMiss,
  SMOTETomek, BalancedRandomForest, EasyEnsemble (the last two are their own learners);
* **learners**: :func:`recbook.experiments.default_learners` -- logistic regression
  (with a scaler), random forest, histogram gradient boosting;
* **data** (:func:`grid_datasets`): three synthetic tasks from
  :func:`recbook.experiments.make_imbalanced_datasets` at the imbalance ratios 1:5, 1:20
  and 1:100 (same size, same number of features, so only the ratio changes), plus the real
  UCI Online Shoppers sessions (:func:`recbook.data.load_online_shoppers`, purchase vs no
  purchase, about 1:5.5) when the file is available;
* **protocol**: repeated stratified K-fold, the metrics of
  :func:`recbook.metrics.imbalanced_report` summarised by
  :func:`recbook.experiments.summarize` (mean, standard deviation and the corrected
  resampled t 95 % interval of Nadeau & Bengio, 2003).

One grid **cell** is one (dataset, method, learner) triple. :func:`run_grid_cell` computes a
cell on its own, with seeds that depend only on the cell (never on which other cells run),
so a test or a notebook can recompute any cell and compare it with the stored CSV.

``python -m recbook grid`` runs :func:`write_grid`: the CSV (byte-reproducible: fixed
seeds, fixed formatting, fixed row order), its provenance in Markdown beside it, and the
wall time of every cell in a separate file (wall times change from run to run, so they are
kept out of the reproducible CSV).

References
----------
Nadeau, C. & Bengio, Y. (2003). Inference for the generalization error. Machine Learning
52(3), 239-281. doi:10.1023/A:1024068626366
Elor, Y. & Averbuch-Elor, H. (2022). To SMOTE, or not to SMOTE? arXiv:2201.08528.
van den Goorbergh, R., van Smeden, M., Timmerman, D. & Van Calster, B. (2022). The harm of
class imbalance corrections for risk prediction models: illustration and simulation using
logistic regression. Journal of the American Medical Informatics Association 29(9),
1525-1534. doi:10.1093/jamia/ocac093
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np
import pandas as pd

from recbook._validation import check_int
from recbook.experiments import (
    OWN,
    default_learners,
    default_methods,
    make_imbalanced_datasets,
    run_cv,
    summarize,
)

__all__ = [
    "GRID_RATIOS",
    "GRID_METRICS",
    "GRID_SETTINGS",
    "REAL_DATASET",
    "online_shoppers_xy",
    "grid_datasets",
    "grid_cells",
    "run_grid_cell",
    "run_grid",
    "format_grid_csv",
    "write_grid",
]

#: Imbalance ratios (majority : minority = r : 1) of the synthetic tasks.
GRID_RATIOS = (5, 20, 100)
#: Metrics stored per cell (names of :func:`recbook.metrics.imbalanced_report`, plus the
#: decision threshold used).
GRID_METRICS = ("pr_auc", "f1", "balanced_accuracy", "brier", "roc_auc", "recall",
                "precision", "threshold")
#: The settings the committed CSV was computed with (see the provenance file for why).
GRID_SETTINGS = dict(n_samples=4000, n_features=10, class_sep=1.0, n_splits=5, n_repeats=2,
                     random_state=0)
#: Name of the real-data task in the grid.
REAL_DATASET = "online_shoppers"

_FLOAT_FORMAT = "{:.6f}"
_CSV_COLUMNS = ["dataset", "method", "learner", "metric", "mean", "std", "ci_low", "ci_high",
                "n_folds"]


def _synthetic_name(ratio):
    return f"synthetic 1:{ratio:g}"


def _dataset_order():
    """Canonical dataset order; a dataset's position fixes its seed."""
    return [_synthetic_name(r) for r in GRID_RATIOS] + [REAL_DATASET]


def online_shoppers_xy(frame):
    """Turn the Online Shoppers table into a numeric feature matrix and purchase labels.

    ``Revenue`` becomes the label (1 = the session ended in a purchase, the minority
    class). ``Month`` and ``VisitorType`` are one-hot encoded (a column per category that
    occurs), ``Weekend`` becomes 0/1, and every other column (page counts, durations,
    rates, and the integer codes of operating system, browser, region and traffic type)
    is kept as a number.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`recbook.data.load_online_shoppers` (not modified).

    Returns
    -------
    X : pandas.DataFrame
        float64 features, one row per session.
    y : numpy.ndarray
        int64 labels in {0, 1}.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If a column of the Online Shoppers table is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from recbook.grid import online_shoppers_xy
    >>> frame = pd.DataFrame({"Month": pd.Categorical(["Feb", "Mar"]), "VisitorType":
    ...     pd.Categorical(["New_Visitor", "New_Visitor"]), "Weekend": [True, False],
    ...     "PageValues": [0.0, 12.5], "Revenue": [False, True]})
    >>> X, y = online_shoppers_xy(frame)
    >>> list(X.columns), y.tolist()
    (['PageValues', 'Weekend', 'Month_Feb', 'Month_Mar', 'VisitorType_New_Visitor'], [0, 1])
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    missing = sorted({"Month", "VisitorType", "Weekend", "Revenue"} - set(frame.columns))
    if missing:
        raise ValueError(f"frame is missing the Online Shoppers columns {missing}")
    y = frame["Revenue"].astype(bool).to_numpy().astype(np.int64)
    numeric = frame.drop(columns=["Month", "VisitorType", "Weekend", "Revenue"]).astype(np.float64)
    parts = [numeric, frame[["Weekend"]].astype(np.float64)]
    for column in ("Month", "VisitorType"):
        values = frame[column].astype(str)
        declared = (list(frame[column].cat.categories) if isinstance(frame[column].dtype, pd.CategoricalDtype)
                    else sorted(values.unique()))
        present = [str(c) for c in declared if (values == str(c)).any()]
        parts.append(pd.DataFrame({f"{column}_{c}": (values == str(c)).astype(np.float64)
                                   for c in present}, index=frame.index))
    X = pd.concat(parts, axis=1)
    return X.reset_index(drop=True), y


def grid_datasets(*, n_samples=GRID_SETTINGS["n_samples"], n_features=GRID_SETTINGS["n_features"],
                  class_sep=GRID_SETTINGS["class_sep"], random_state=GRID_SETTINGS["random_state"],
                  real="auto", data_home=None):
    """The grid's datasets: synthetic tasks at 1:5, 1:20, 1:100 and the real Online Shoppers.

    Parameters
    ----------
    n_samples, n_features, class_sep, random_state
        Passed to :func:`recbook.experiments.make_imbalanced_datasets` (one call, ratios
        :data:`GRID_RATIOS`).
    real : {"auto", True, False}, default="auto"
        Include the Online Shoppers task: ``"auto"`` when the file is found (never
        downloading), ``True`` always (raising if it is missing), ``False`` never.
    data_home : str, pathlib.Path or None
        Passed to :func:`recbook.data.load_online_shoppers` (None: ``RECBOOK_DATA``).

    Returns
    -------
    dict
        ``{name: (X, y)}`` in the canonical order ``synthetic 1:5``, ``synthetic 1:20``,
        ``synthetic 1:100``, ``online_shoppers``; ``X`` a float64 array, ``y`` int64.

    Raises
    ------
    ValueError
        If ``real`` is not one of the allowed values.
    FileNotFoundError
        If ``real=True`` and the Online Shoppers file is not available.

    Examples
    --------
    >>> from recbook.grid import grid_datasets
    >>> data = grid_datasets(n_samples=1000, real=False)
    >>> {name: int(y.sum()) for name, (X, y) in data.items()}
    {'synthetic 1:5': 167, 'synthetic 1:20': 48, 'synthetic 1:100': 10}
    """
    if real not in ("auto", True, False):
        raise ValueError(f"real must be 'auto', True or False, got {real!r}")
    synthetic = make_imbalanced_datasets(GRID_RATIOS, n_samples=n_samples, n_features=n_features,
                                         class_sep=class_sep, random_state=random_state)
    out = {_synthetic_name(r): synthetic[f"1:{r:g}"] for r in GRID_RATIOS}
    if real is False:
        return out
    from recbook.data import load_online_shoppers

    try:
        frame = load_online_shoppers(data_home, download=False)
    except FileNotFoundError:
        if real is True:
            raise
        return out
    X, y = online_shoppers_xy(frame)
    out[REAL_DATASET] = (X.to_numpy(dtype=np.float64), y)
    return out


def grid_cells(datasets):
    """Every (dataset, method, learner) cell of the grid, in the CSV's row order.

    Parameters
    ----------
    datasets : dict or iterable of str
        Dataset names (e.g. the output of :func:`grid_datasets`), in any order; the cells
        follow the canonical dataset order.

    Returns
    -------
    list of tuple
        ``(dataset, method, learner)``; methods that are their own learner appear once per
        dataset with learner ``"own"``.

    Raises
    ------
    ValueError
        If a dataset name is not one of the grid's.

    Examples
    --------
    >>> from recbook.grid import grid_cells
    >>> cells = grid_cells(["synthetic 1:5"])
    >>> len(cells), cells[0], cells[-1]
    (26, ('synthetic 1:5', 'none', 'logistic_regression'), ('synthetic 1:5', 'easy_ensemble', 'own'))
    """
    names = list(datasets)
    unknown = sorted(set(names) - set(_dataset_order()))
    if unknown:
        raise ValueError(f"datasets has unknown names {unknown}; the grid's are {_dataset_order()}")
    learners = list(default_learners())
    cells = []
    for dataset in [d for d in _dataset_order() if d in names]:
        for method_name, method in default_methods().items():
            for learner in (learners if method.uses_learner else [OWN]):
                cells.append((dataset, method_name, learner))
    return cells


def run_grid_cell(datasets, dataset, method, learner, *, n_splits=GRID_SETTINGS["n_splits"],
                  n_repeats=GRID_SETTINGS["n_repeats"], random_state=GRID_SETTINGS["random_state"],
                  n_jobs=1):
    """Compute one cell of the grid with :func:`recbook.experiments.run_cv` and ``summarize``.

    The cell's seed is ``random_state`` plus the dataset's position in the canonical order
    (0, 1, 2 for the synthetic ratios, 3 for Online Shoppers): the splits and every
    estimator's ``random_state`` depend only on the cell, so any cell can be recomputed
    alone and must equal its row in the stored CSV.

    Parameters
    ----------
    datasets : dict of str -> (X, y)
        As returned by :func:`grid_datasets`.
    dataset, method, learner : str
        The cell: a key of ``datasets``, of :func:`recbook.experiments.default_methods` and
        of :func:`recbook.experiments.default_learners` (``"own"`` for BalancedRandomForest
        and EasyEnsemble).
    n_splits, n_repeats, random_state, n_jobs
        As :func:`recbook.experiments.run_cv`.

    Returns
    -------
    summary : pandas.DataFrame
        :func:`recbook.experiments.summarize` rows of the cell, metrics :data:`GRID_METRICS`.
    seconds : float
        Wall-clock seconds the cell took (volatile: never stored in the CSV).

    Raises
    ------
    ValueError
        If the cell does not exist.

    Examples
    --------
    >>> from recbook.grid import grid_datasets, run_grid_cell
    >>> data = grid_datasets(n_samples=600, real=False)
    >>> summary, seconds = run_grid_cell(data, "synthetic 1:5", "none", "logistic_regression",
    ...                                  n_repeats=1)
    >>> int(summary.set_index("metric").loc["pr_auc", "n_folds"])
    5
    """
    if not isinstance(datasets, dict) or dataset not in datasets:
        raise ValueError(f"dataset must be a key of datasets, got {dataset!r}")
    if dataset not in _dataset_order():
        raise ValueError(f"dataset must be one of the grid's {_dataset_order()}, got {dataset!r}")
    methods = default_methods()
    learners = default_learners()
    if method not in methods:
        raise ValueError(f"method must be one of {list(methods)}, got {method!r}")
    valid = list(learners) if methods[method].uses_learner else [OWN]
    if learner not in valid:
        raise ValueError(f"learner for method {method!r} must be one of {valid}, got {learner!r}")
    random_state = check_int(random_state, "random_state", minimum=0)
    seed = random_state + _dataset_order().index(dataset)
    chosen = {learner: learners[learner]} if learner != OWN else {"unused": learners["logistic_regression"]}
    start = time.perf_counter()
    folds = run_cv({dataset: datasets[dataset]}, {method: methods[method]}, chosen,
                   n_splits=n_splits, n_repeats=n_repeats, metrics=list(GRID_METRICS),
                   random_state=seed, n_jobs=n_jobs)
    seconds = time.perf_counter() - start
    return summarize(folds), seconds


def run_grid(datasets, *, cells=None, n_splits=GRID_SETTINGS["n_splits"],
             n_repeats=GRID_SETTINGS["n_repeats"], random_state=GRID_SETTINGS["random_state"],
             n_jobs=1, echo=None):
    """Compute many cells (default: all of :func:`grid_cells`) and their wall times.

    Parameters
    ----------
    datasets : dict of str -> (X, y)
        As returned by :func:`grid_datasets`.
    cells : list of (dataset, method, learner) or None
        The cells to compute (None: every cell of ``datasets``).
    n_splits, n_repeats, random_state, n_jobs
        As :func:`run_grid_cell`.
    echo : callable or None
        Called with one progress line per cell (e.g. ``print``); None is silent.

    Returns
    -------
    summary : pandas.DataFrame
        The cells' summaries stacked, in the order of ``cells``.
    timings : pandas.DataFrame
        ``dataset, method, learner, n_fits, seconds`` per cell.
    """
    if cells is None:
        cells = grid_cells(datasets)
    parts, timing_rows = [], []
    for i, (dataset, method, learner) in enumerate(cells, start=1):
        summary, seconds = run_grid_cell(datasets, dataset, method, learner, n_splits=n_splits,
                                         n_repeats=n_repeats, random_state=random_state,
                                         n_jobs=n_jobs)
        parts.append(summary)
        timing_rows.append(dict(dataset=dataset, method=method, learner=learner,
                                n_fits=n_splits * n_repeats, seconds=seconds))
        if echo is not None:
            echo(f"[{i:3d}/{len(cells)}] {dataset:16s} {method:22s} {learner:22s} {seconds:7.2f} s")
    return (pd.concat(parts, ignore_index=True),
            pd.DataFrame(timing_rows, columns=["dataset", "method", "learner", "n_fits", "seconds"]))


def format_grid_csv(summary):
    """The grid summary as CSV text with fixed formatting (6 decimals, ``\\n`` line ends).

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`run_grid` / :func:`run_grid_cell` (summarize's columns).

    Returns
    -------
    str
        Header ``dataset,method,learner,metric,mean,std,ci_low,ci_high,n_folds`` and one
        line per row; NaN is written as ``nan``.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from recbook.grid import format_grid_csv
    >>> row = pd.DataFrame({"dataset": ["d"], "method": ["m"], "learner": ["l"], "metric": ["f1"],
    ...                     "mean": [0.5], "std": [0.1], "ci_low": [0.4], "ci_high": [0.6], "n_folds": [10]})
    >>> print(format_grid_csv(row), end="")
    dataset,method,learner,metric,mean,std,ci_low,ci_high,n_folds
    d,m,l,f1,0.500000,0.100000,0.400000,0.600000,10
    """
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(f"summary must be a pandas DataFrame, got {type(summary).__name__}")
    missing = sorted(set(_CSV_COLUMNS) - set(summary.columns))
    if missing:
        raise ValueError(f"summary is missing the columns {missing}")
    lines = [",".join(_CSV_COLUMNS)]
    for row in summary[_CSV_COLUMNS].itertuples(index=False):
        numbers_ = [_FLOAT_FORMAT.format(float(v)) if np.isfinite(v) else "nan"
                    for v in (row.mean, row.std, row.ci_low, row.ci_high)]
        lines.append(",".join([row.dataset, row.method, row.learner, row.metric, *numbers_,
                               str(int(row.n_folds))]))
    return "\n".join(lines) + "\n"


def _array_digest(X, y):
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(X, dtype=np.float64).tobytes())
    digest.update(np.ascontiguousarray(y, dtype=np.int64).tobytes())
    return digest.hexdigest()


def _provenance(datasets, csv_name, csv_text, timings_name, settings):
    import imblearn
    import sklearn

    from recbook import __version__

    methods = default_methods()
    learners = default_learners()
    lines = [
        f"# Provenance of `{csv_name}`",
        "",
        "Written by `python -m recbook grid` (`recbook.grid.write_grid`) together with the CSV;",
        "do not edit by hand. Re-running the command with the same library versions reproduces",
        "the CSV byte for byte (fixed seeds, fixed formatting, fixed row order). Wall times vary",
        f"from run to run, so they are stored apart, in `{timings_name}`, and are not checked.",
        "",
        "## What one row is",
        "",
        "One (dataset, method, learner, metric): the mean over the cross-validation folds, the",
        "sample standard deviation, the corrected resampled t 95 % interval",
        "`mean +- t_{J-1,0.975} sqrt((1/J + n_test/n_train) s^2)` (Nadeau & Bengio, 2003) over the",
        "`J = n_folds` fold scores, and `J`. Numbers have 6 decimals.",
        "Metrics (from `recbook.metrics.imbalanced_report`, class 1 = minority): "
        + ", ".join(f"`{m}`" for m in GRID_METRICS) + ". Label metrics (F1, balanced accuracy,",
        "recall, precision) use the threshold 0.5, or the threshold chosen by inner CV for",
        "`threshold_tuning`; `threshold` records which.",
        "",
        "## Protocol",
        "",
        f"* `recbook.experiments.run_cv`, repeated stratified K-fold with K = {settings['n_splits']} and "
        f"{settings['n_repeats']} repetitions",
        "  (samplers, scalers and threshold tuning fitted on the training folds only).",
        f"* Seeds: a cell on dataset number d (0-based, in the order below) uses `random_state = "
        f"{settings['random_state']} + d`",
        "  for its splits and for every estimator (`recbook.grid.run_grid_cell`), so any cell can be",
        "  recomputed alone; `tests/test_grid.py` recomputes some and compares them with the CSV.",
        "* BLAS/OpenMP single-threaded (the Makefile's settings); folds may run in parallel",
        "  (`--n-jobs`), which does not change any result.",
        "",
        "## Data",
        "",
        "| # | dataset | source | samples | features | minority | ratio | sha256 of (X, y) |",
        "| ---: | --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for number, name in enumerate(_dataset_order()):
        if name not in datasets:
            lines.append(f"| {number} | {name} | not available in this run (see below) | | | | | |")
            continue
        X, y = datasets[name]
        n_min = int(np.sum(y))
        source = ("`recbook.experiments.make_imbalanced_datasets` "
                  f"(n_samples={settings['n_samples']}, n_features={settings['n_features']}, "
                  f"class_sep={settings['class_sep']:g}, random_state={settings['random_state']})"
                  if name != REAL_DATASET else
                  "UCI Online Shoppers (`recbook.data.load_online_shoppers`, `recbook.grid.online_shoppers_xy`)")
        lines.append(f"| {number} | {name} | {source} | {len(y)} | {np.shape(X)[1]} | {n_min} | "
                     f"1:{(len(y) - n_min) / n_min:.1f} | `{_array_digest(X, y)[:16]}` |")
    lines += [
        "",
        "The synthetic tasks are `sklearn.datasets.make_classification` problems of the same size,",
        "number of features and class separation that differ in their imbalance ratio (and in the",
        "seed of their generator, `random_state + d`). The real task is the purchase",
        "label of the UCI Online Shoppers Purchasing Intention sessions (Sakar et al., 2019, CC BY",
        "4.0), read from `RECBOOK_DATA`; without that file the command writes the synthetic rows only",
        "(and the CSV then differs from the committed one).",
        "",
        "### Why these sizes",
        "",
        f"{settings['n_samples']} samples per synthetic task leave "
        f"{int(round(settings['n_samples'] / (1 + GRID_RATIOS[-1])))} minority samples at 1:{GRID_RATIOS[-1]} "
        f"(about {int(round(settings['n_samples'] / (1 + GRID_RATIOS[-1]) / settings['n_splits']))} per test fold):",
        "fewer would make PR-AUC and F1 at that ratio mostly noise, more would multiply the run time.",
        f"{settings['n_splits']} folds x {settings['n_repeats']} repetitions give "
        f"{settings['n_splits'] * settings['n_repeats']} fold scores per cell "
        f"({settings['n_splits'] * settings['n_repeats'] - 1} degrees of freedom",
        "for the t interval) at twice the cost of a single K-fold. The real data are used whole.",
        "With these sizes the grid needs about 16 CPU-minutes (about 8 minutes of wall time on two",
        "idle cores with `--n-jobs 2`); the random forests, gradient boosting inside threshold tuning",
        "and the over-samplers on the real data dominate (see the timings file).",
        "",
        "## Methods and learners",
        "",
        "| method | what it does |",
        "| --- | --- |",
    ]
    lines += [f"| `{name}` | {m.description}{'' if m.uses_learner else ' (its own learner)'} |"
              for name, m in methods.items()]
    lines += ["", "| learner | estimator |", "| --- | --- |"]
    lines += [f"| `{name}` | `{' '.join(repr(est).split())}` |" for name, est in learners.items()]
    lines += [
        "",
        "## Versions and checksum",
        "",
        f"recbook {__version__}, numpy {np.__version__}, pandas {pd.__version__}, scikit-learn "
        f"{sklearn.__version__}, imbalanced-learn {imblearn.__version__}.",
        "",
        f"sha256 of `{csv_name}`: `{hashlib.sha256(csv_text.encode('utf-8')).hexdigest()}`",
        "",
    ]
    return "\n".join(lines)


def write_grid(out="data/best_practices_grid.csv", timings="data/best_practices_grid_timings.csv",
               *, real="auto", data_home=None, n_jobs=1, echo=None, settings=None):
    """Compute the whole grid and write the CSV, its provenance (``.md``) and the timings.

    Parameters
    ----------
    out : str or pathlib.Path, default="data/best_practices_grid.csv"
        The reproducible CSV; the provenance goes to the same path with suffix ``.md``.
    timings : str or pathlib.Path, default="data/best_practices_grid_timings.csv"
        Wall seconds per cell (volatile; last row ``TOTAL``).
    real, data_home
        As :func:`grid_datasets`.
    n_jobs : int, default=1
        Folds fitted in parallel (results do not depend on it).
    echo : callable or None
        Progress lines (e.g. ``print``).
    settings : dict or None
        Overrides of :data:`GRID_SETTINGS` (for quick trials; the committed CSV uses the
        defaults).

    Returns
    -------
    summary : pandas.DataFrame
    timings : pandas.DataFrame
    """
    settings = {**GRID_SETTINGS, **(settings or {})}
    unknown = sorted(set(settings) - set(GRID_SETTINGS))
    if unknown:
        raise ValueError(f"settings has unknown keys {unknown}; allowed: {sorted(GRID_SETTINGS)}")
    n_jobs = check_int(n_jobs, "n_jobs")
    out, timings_path = Path(out), Path(timings)
    datasets = grid_datasets(n_samples=settings["n_samples"], n_features=settings["n_features"],
                             class_sep=settings["class_sep"], random_state=settings["random_state"],
                             real=real, data_home=data_home)
    start = time.perf_counter()
    summary, timing = run_grid(datasets, n_splits=settings["n_splits"],
                               n_repeats=settings["n_repeats"],
                               random_state=settings["random_state"], n_jobs=n_jobs, echo=echo)
    total = time.perf_counter() - start
    text = format_grid_csv(summary)
    out.parent.mkdir(parents=True, exist_ok=True)
    timings_path.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    out.with_suffix(".md").write_text(
        _provenance(datasets, out.name, text, timings_path.name, settings),
        encoding="utf-8", newline="\n")
    lines = ["dataset,method,learner,n_fits,seconds"]
    lines += [f"{r.dataset},{r.method},{r.learner},{r.n_fits},{r.seconds:.2f}"
              for r in timing.itertuples(index=False)]
    lines.append(f"TOTAL,,,{int(timing['n_fits'].sum())},{total:.2f}")
    timings_path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return summary, timing


# ----------------------------------------------------------------------------------------
# reading the grid: comparisons with a baseline, verdicts, ranks
# ----------------------------------------------------------------------------------------

#: Metrics for which a lower value is better.
LOWER_IS_BETTER = ("brier", "log_loss")
__all__ += ["LOWER_IS_BETTER", "load_grid", "compare_with_baseline", "verdict", "rank_cells"]

_OUTCOMES = ("better", "worse", "no clear difference")


def load_grid(path):
    """Read a grid CSV written by :func:`write_grid` and check its columns.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV (e.g. ``data/best_practices_grid.csv``).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`format_grid_csv`, numbers as float (``n_folds`` int).

    Raises
    ------
    ValueError
        If a column is missing.
    """
    frame = pd.read_csv(path)
    missing = sorted(set(_CSV_COLUMNS) - set(frame.columns))
    if missing:
        raise ValueError(f"{path} is not a grid CSV: missing the columns {missing}")
    return frame


def _check_grid(grid):
    if not isinstance(grid, pd.DataFrame):
        raise TypeError(f"grid must be a pandas DataFrame, got {type(grid).__name__}")
    missing = sorted(set(_CSV_COLUMNS) - set(grid.columns))
    if missing:
        raise ValueError(f"grid is missing the columns {missing}")


def compare_with_baseline(grid, metric, method, baseline="none", *, baseline_learner=None):
    """Compare one method with a baseline, cell by cell, on one metric.

    A method is called **better** (or **worse**) than the baseline in a (dataset, learner)
    when their 95 % intervals do not overlap and the method's mean is on the good (bad)
    side; otherwise there is **no clear difference**. Non-overlap of two intervals is a
    conservative test (it misses some real differences, it rarely invents one).

    Parameters
    ----------
    grid : pandas.DataFrame
        From :func:`load_grid`.
    metric : str
        A metric of the grid; for :data:`LOWER_IS_BETTER` metrics lower is better.
    method, baseline : str
        Method names of the grid.
    baseline_learner : str or None, default=None
        None compares each learner with the same learner under the baseline; a learner
        name compares every learner of ``method`` with that learner under the baseline
        (e.g. BalancedRandomForest, learner ``"own"``, with ``"random_forest"``).

    Returns
    -------
    pandas.DataFrame
        One row per (dataset, learner) of ``method``: ``dataset, learner, mean, baseline,
        difference`` (method minus baseline), ``outcome`` (one of "better", "worse",
        "no clear difference").

    Raises
    ------
    ValueError
        If the metric or a method is not in the grid, or no baseline cell matches.

    Examples
    --------
    >>> import pandas as pd
    >>> from recbook.grid import compare_with_baseline
    >>> grid = pd.DataFrame({"dataset": "d", "method": ["none", "smote"], "learner": "lr",
    ...     "metric": "brier", "mean": [0.05, 0.09], "std": 0.01, "ci_low": [0.04, 0.08],
    ...     "ci_high": [0.06, 0.10], "n_folds": 10})
    >>> compare_with_baseline(grid, "brier", "smote")["outcome"].tolist()
    ['worse']
    """
    _check_grid(grid)
    for name, value in (("metric", metric), ("method", method), ("baseline", baseline)):
        column = "metric" if name == "metric" else "method"
        if value not in set(grid[column]):
            raise ValueError(f"{name} {value!r} is not in the grid (it has {sorted(set(grid[column]))})")
    rows = grid[grid["metric"] == metric]
    ours = rows[rows["method"] == method]
    base = rows[rows["method"] == baseline].set_index(["dataset", "learner"])
    sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
    out = []
    for r in ours.itertuples(index=False):
        key = (r.dataset, baseline_learner or r.learner)
        if key not in base.index:
            raise ValueError(f"no baseline cell {baseline!r} for dataset {key[0]!r}, learner {key[1]!r}")
        b = base.loc[key]
        above, below = r.ci_low > b["ci_high"], r.ci_high < b["ci_low"]
        if (above and sign > 0) or (below and sign < 0):
            outcome = "better"
        elif above or below:
            outcome = "worse"
        else:
            outcome = "no clear difference"
        out.append(dict(dataset=r.dataset, learner=r.learner, mean=r.mean, baseline=float(b["mean"]),
                        difference=r.mean - float(b["mean"]), outcome=outcome))
    return pd.DataFrame(out, columns=["dataset", "learner", "mean", "baseline", "difference", "outcome"])


def verdict(outcomes, expected):
    """Turn cell outcomes into a verdict on a claim that predicts ``expected`` everywhere.

    Parameters
    ----------
    outcomes : sequence of str
        Outcomes from :func:`compare_with_baseline` (``"better"``, ``"worse"``,
        ``"no clear difference"``).
    expected : {"better", "worse", "no clear difference", "not better", "not worse"}
        What the claim predicts.

    Returns
    -------
    str
        For ``expected`` "better"/"worse", with ``k`` cells as predicted, ``a`` against and
        ``n`` in all: ``"confirmed"`` if ``k >= n/2`` and ``a = 0``; ``"contradicted"`` if
        ``a >= n/2`` and ``k = 0``; ``"not shown"`` if ``k = a = 0``; ``"partly
        confirmed"`` if ``0 < k < n/2`` and ``a = 0``; ``"partly contradicted"`` if
        ``0 < a < n/2`` and ``k = 0``; ``"mixed"`` if both ``k`` and ``a`` are positive.
        For "not better" ("not worse"), with ``a`` cells better (worse): ``"confirmed"`` if
        ``a = 0``, ``"contradicted"`` if ``a >= n/2``, else ``"partly contradicted"``.
        For "no clear difference": ``"confirmed"`` if at least half the cells show none,
        else ``"contradicted"``.

    Raises
    ------
    ValueError
        If an outcome or ``expected`` is unknown, or ``outcomes`` is empty.

    Examples
    --------
    >>> from recbook.grid import verdict
    >>> verdict(["better", "better", "no clear difference"], "better")
    'confirmed'
    >>> verdict(["better", "worse"], "better")
    'mixed'
    >>> verdict(["worse", "no clear difference", "no clear difference"], "better")
    'partly contradicted'
    """
    outcomes = list(outcomes)
    if expected not in _OUTCOMES + ("not better", "not worse"):
        raise ValueError(f"expected must be one of {_OUTCOMES + ('not better', 'not worse')}, "
                         f"got {expected!r}")
    unknown = sorted(set(outcomes) - set(_OUTCOMES))
    if unknown or not outcomes:
        raise ValueError(f"outcomes must be a non-empty list of {_OUTCOMES}, got unknown {unknown}")
    n = len(outcomes)
    if expected in ("not better", "not worse"):
        against = outcomes.count(expected.split()[1])
        return "confirmed" if against == 0 else "contradicted" if against >= n / 2 else "partly contradicted"
    k = outcomes.count(expected)
    if expected == "no clear difference":
        return "confirmed" if k >= n / 2 else "contradicted"
    against = outcomes.count("worse" if expected == "better" else "better")
    if k >= n / 2 and against == 0:
        return "confirmed"
    if against >= n / 2 and k == 0:
        return "contradicted"
    if k == 0 and against == 0:
        return "not shown"
    if against == 0:
        return "partly confirmed"
    if k == 0:
        return "partly contradicted"
    return "mixed"


def rank_cells(grid, metrics=("pr_auc", "f1", "balanced_accuracy", "brier")):
    """Rank every (method, learner) within each dataset and average the ranks.

    Parameters
    ----------
    grid : pandas.DataFrame
        From :func:`load_grid`.
    metrics : sequence of str
        Metrics to rank by (rank 1 = best; lower is better for :data:`LOWER_IS_BETTER`;
        ties share the mean rank).

    Returns
    -------
    pandas.DataFrame
        Index ``(method, learner)``; one column of mean rank over datasets per metric and
        ``mean_rank`` (their mean), sorted by ``mean_rank`` then by name.

    Examples
    --------
    >>> import pandas as pd
    >>> from recbook.grid import rank_cells
    >>> grid = pd.DataFrame({"dataset": "d", "method": ["a", "b"], "learner": "lr",
    ...     "metric": "f1", "mean": [0.2, 0.4], "std": 0.0, "ci_low": 0.0, "ci_high": 1.0, "n_folds": 2})
    >>> rank_cells(grid, metrics=["f1"])["mean_rank"].tolist()
    [1.0, 2.0]
    """
    _check_grid(grid)
    if isinstance(metrics, str):
        raise TypeError("metrics must be a sequence of metric names, not a string")
    metrics = list(metrics)
    missing = [m for m in metrics if m not in set(grid["metric"])]
    if missing or not metrics:
        raise ValueError(f"metrics {missing} are not in the grid")
    columns = {}
    for metric in metrics:
        rows = grid[grid["metric"] == metric]
        wide = rows.pivot_table(index=["method", "learner"], columns="dataset", values="mean")
        ranks = wide.rank(ascending=metric in LOWER_IS_BETTER, method="average")
        columns[metric] = ranks.mean(axis=1)
    table = pd.DataFrame(columns)
    table["mean_rank"] = table[metrics].mean(axis=1)
    return table.reset_index().sort_values(["mean_rank", "method", "learner"]).set_index(["method", "learner"])
