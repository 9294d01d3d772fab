"""Plotting helpers with one consistent style for every notebook (workflow layer).

Functions draw on a given matplotlib ``Axes`` and return it; they never call ``plt.show()``
(the notebook does, so that each plot cell ends with it and its text output is stable).
"""

from __future__ import annotations

import numpy as np

from recbook.metrics import gini, lorenz_curve

__all__ = ["KIT_COLORS", "set_style", "plot_funnel", "plot_lorenz", "plot_intervals",
           "plot_resampled", "plot_reliability"]

#: Colours used across the kit: majority (grey-blue), minority (orange), accent, neutral.
KIT_COLORS = {"majority": "#4C72B0", "minority": "#DD8452", "accent": "#55A868",
              "neutral": "#8C8C8C", "bad": "#C44E52"}


def set_style():
    """Apply the kit's matplotlib style (sizes, grid, fonts) to the current session."""
    import matplotlib as mpl

    mpl.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 80,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.labelsize": 10,
        "legend.frameon": False,
        "savefig.dpi": 80,
        "svg.hashsalt": "recbook",
    })


def plot_funnel(ax, summary):
    """Bar chart (log scale) of the counts in :func:`recbook.data.imbalance_summary`."""
    counts = summary["count"].to_numpy()
    stages = list(summary.index)
    colors = [KIT_COLORS["majority"]] + [KIT_COLORS["minority"]] * (len(stages) - 1)
    bars = ax.bar(stages, counts, color=colors)
    ax.set_yscale("log")
    ax.set_ylabel("events (log scale)")
    for bar, share in zip(bars, summary["share_of_impressions"].to_numpy()):
        ax.annotate(f"{share:.2%}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=9)
    return ax


def plot_lorenz(ax, values, label=None, color=None):
    """Lorenz curve of ``values`` with the equality diagonal; the label shows the Gini."""
    population, amount = lorenz_curve(values)
    text = f"{label + ', ' if label else ''}Gini = {gini(values):.3f}"
    ax.plot(population, amount, label=text, color=color or KIT_COLORS["majority"])
    ax.plot([0, 1], [0, 1], linestyle="--", color=KIT_COLORS["neutral"], label="perfect equality")
    ax.set_xlabel("share of items (least to most shown)")
    ax.set_ylabel("share of impressions")
    ax.set_aspect("equal")
    ax.legend(loc="upper left")
    return ax


def plot_intervals(ax, summary, metric, *, color=None, label_width=44):
    """Dot-and-whisker plot of one metric's mean and interval for every row of a summary.

    Parameters
    ----------
    ax : matplotlib Axes
    summary : pandas.DataFrame
        From :func:`recbook.experiments.summarize` (columns ``method``, ``learner``,
        ``metric``, ``mean``, ``ci_low``, ``ci_high``).
    metric : str
        Which metric to draw.
    color : str or None
        Marker colour (default: the kit's minority colour).
    label_width : int, default=44
        Row labels ``"method / learner"`` are cut to this many characters.

    Returns
    -------
    matplotlib Axes
    """
    rows = summary[summary["metric"] == metric]
    if rows.empty:
        raise ValueError(f"metric {metric!r} is not in summary")
    labels = [f"{m} / {lrn}"[:label_width] for m, lrn in zip(rows["method"], rows["learner"])]
    position = np.arange(len(rows))[::-1]
    mean = rows["mean"].to_numpy()
    low = np.clip(rows["ci_low"].to_numpy(), 0.0, 1.0)
    high = np.clip(rows["ci_high"].to_numpy(), 0.0, 1.0)
    ax.errorbar(mean, position, xerr=[mean - low, high - mean], fmt="o",
                color=color or KIT_COLORS["minority"], ecolor=KIT_COLORS["neutral"], capsize=3)
    ax.set_yticks(position)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel(f"{metric} (mean, 95 % interval)")
    ax.set_xlim(-0.02, 1.02)
    return ax


def plot_resampled(ax, X, y, model=None, *, X_original=None, limits=None, n_grid=70,
                   minority_label=1):
    """Scatter a (resampled) 2-D data set and shade the region a fitted model calls minority.

    Parameters
    ----------
    ax : matplotlib Axes
    X : array-like of shape (n, >= 2)
        Points; the first two columns are drawn.
    y : array-like of shape (n,)
        Labels; ``minority_label`` is drawn orange, the rest blue.
    model : fitted classifier with ``predict_proba`` on the first two columns, optional
        Its region ``P(minority) >= 0.5`` is shaded and its boundary drawn (black line).
    X_original : array-like, optional
        The data before resampling; rows of ``X`` not found in it are drawn as crosses in
        their class colour (synthetic points).
    limits : (xmin, xmax, ymin, ymax), optional
        Axis limits (also the extent of the decision grid); defaults to the data range.
    n_grid : int, default=70
        Grid points per axis for the decision region (coarse on purpose: fast and enough).
    minority_label : default=1
    """
    X = np.asarray(X, dtype=float)[:, :2]
    y = np.asarray(y)
    if limits is None:
        pad = 0.5
        limits = (X[:, 0].min() - pad, X[:, 0].max() + pad, X[:, 1].min() - pad, X[:, 1].max() + pad)
    if model is not None:
        gx, gy = np.meshgrid(np.linspace(limits[0], limits[1], n_grid),
                             np.linspace(limits[2], limits[3], n_grid))
        proba = model.predict_proba(np.c_[gx.ravel(), gy.ravel()])[:, 1].reshape(gx.shape)
        ax.contourf(gx, gy, proba >= 0.5, levels=[-0.5, 0.5, 1.5],
                    colors=["#E8EEF7", "#FBE9DD"])
        ax.contour(gx, gy, proba, levels=[0.5], colors="black", linewidths=1.2)
    synthetic = np.zeros(len(X), dtype=bool)
    if X_original is not None:
        original = np.ascontiguousarray(np.asarray(X_original, dtype=float)[:, :2])
        row = np.dtype((np.void, original.dtype.itemsize * 2))
        synthetic = ~np.isin(np.ascontiguousarray(X).view(row).ravel(), original.view(row).ravel())
    is_min = y == minority_label
    ax.scatter(*X[~is_min & ~synthetic].T, s=6, color=KIT_COLORS["majority"], alpha=0.6,
               label="majority")
    for mask, key in ((synthetic & ~is_min, "majority"), (synthetic & is_min, "minority")):
        if mask.any():
            ax.scatter(*X[mask].T, s=12, marker="x", linewidths=0.7, alpha=0.8,
                       color=KIT_COLORS[key], label=f"synthetic {key}")
    ax.scatter(*X[is_min & ~synthetic].T, s=10, color=KIT_COLORS["minority"],
               edgecolors="#7A3B12", linewidths=0.3, label="minority")
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_reliability(ax, table, label=None, color=None, *, marker="o"):
    """Reliability diagram from :func:`recbook.calibration.reliability_table`.

    Plots ``observed_rate`` against ``mean_predicted`` for the non-empty bins, with the
    diagonal of perfect calibration; the label is printed as given (put the ECE in it).
    """
    filled = table[table["count"] > 0]
    ax.plot(filled["mean_predicted"], filled["observed_rate"], marker=marker, label=label,
            color=color or KIT_COLORS["majority"])
    ax.plot([0, 1], [0, 1], linestyle="--", color=KIT_COLORS["neutral"], linewidth=1)
    ax.set_xlabel("mean predicted probability (bin)")
    ax.set_ylabel("observed rate (bin)")
    return ax
