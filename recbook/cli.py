"""Command line: ``python -m recbook <command>`` (also installed as ``recbook``).

Commands
--------
make-data   write the small synthetic data files in ``data/`` (byte-reproducible)
run         execute notebooks headless into ``build/`` (or in place) and print a table of
            status, seconds and kernel peak memory
case-study  the seed article's case study, corrected: print the Part B table, write figures
nav         write the navigation header/footer cells of every notebook
site        build the static HTML site from the executed notebooks
bench       the kit's benchmark: notebook budgets, teaching implementations vs libraries,
            ``make run`` / ``make test`` wall times
grid        the best-practice grid (remedies x learners x imbalance ratios) behind notebook 11:
            writes data/best_practices_grid.csv (byte-reproducible), its provenance .md and
            the wall time per cell
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_make_data(args):
    from recbook.data import write_synthetic_data

    digests = write_synthetic_data(args.out)
    for name, digest in digests.items():
        print(f"{Path(args.out) / name}  sha256 {digest}")
    return 0


def _cmd_run(args):
    from recbook._notebooks import format_table, run_notebooks

    results = run_notebooks(folder=args.folder, out_dir=args.out, inplace=args.inplace,
                            names=args.notebooks, timeout=args.timeout, html=not args.inplace)
    if not results:
        print(f"no notebooks matched in {args.folder}", file=sys.stderr)
        return 2
    table = format_table(results)
    print()
    print(table)
    if not args.inplace:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "run_table.md").write_text(table + "\n", encoding="utf-8")
        with open(out / "run_table.csv", "w", encoding="utf-8") as handle:
            handle.write("notebook,status,seconds,peak_mb\n")
            for r in results:
                handle.write(f"{r.notebook},{r.status},{r.seconds:.2f},{r.peak_mb:.1f}\n")
    return 1 if any(r.status == "FAILED" for r in results) else 0


def _cmd_bench(args):
    from recbook._bench import run_bench, update_readme

    rows, markdown = run_bench(".", args.out, make=not args.no_make, notebooks=not args.no_notebooks,
                               repeats=args.repeats)
    print()
    print(markdown)
    if args.update_readme:
        update_readme(markdown)
    return 1 if any(r["verdict"] == "FAILED" for r in rows) else 0


def _cmd_case_study(args):
    import time

    import matplotlib

    matplotlib.use("Agg")  # files only; no display needed
    import matplotlib.pyplot as plt
    import pandas as pd

    from recbook.case_study import part_b_table, run_part_b
    from recbook.data import make_case_study_data
    from recbook.experiments import summarize
    from recbook.plotting import KIT_COLORS, plot_intervals, set_style

    if args.n_samples < 500:
        print("recbook case-study: --n-samples must be >= 500 (SMOTE needs enough books per "
              f"training fold), got {args.n_samples}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    data = make_case_study_data(n_samples=args.n_samples, random_state=args.seed)
    folds = run_part_b(data=data, n_splits=args.n_splits, n_repeats=args.n_repeats,
                       random_state=args.seed, n_jobs=args.n_jobs, progress=args.progress)
    summary = summarize(folds)
    table = part_b_table(folds)
    n_books = int(data["label"].sum())
    print(f"Case study, Part B: N = {len(data)} samples, K = {data['category'].cat.categories.size} "
          f"categories; task: books (label 1, n = {n_books}) vs the rest (n = {len(data) - n_books}); "
          f"{args.n_repeats} x {args.n_splits}-fold stratified CV, seed {args.seed}")
    print("Cells: mean [95 % corrected-t interval] over folds; class 1 = books.")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    summary.to_csv(out / "case_study_summary.csv", index=False, float_format="%.6f",
                   lineterminator="\n")
    set_style()
    figures = []
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), sharey=True)
    for ax, metric in zip(axes.ravel(), ["precision", "recall", "pr_auc", "balanced_accuracy"]):
        plot_intervals(ax, summary, metric)
        ax.set_title(metric)
    fig.suptitle("Part B: remedies for the books-vs-rest task (repeated stratified CV)")
    fig.tight_layout()
    figures.append(out / "case_study_intervals.png")
    fig.savefig(figures[-1])
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    counts = data["category"].value_counts().reindex(data["category"].cat.categories)
    colors = [KIT_COLORS["minority"] if name == "books" else KIT_COLORS["majority"]
              for name in counts.index]
    ax.bar(counts.index.astype(str), counts.to_numpy(), color=colors)
    ax.set_ylabel("samples")
    ax.set_title("Samples per category (books = label 1)")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    figures.append(out / "case_study_categories.png")
    fig.savefig(figures[-1])
    plt.close(fig)
    for path in figures + [out / "case_study_summary.csv"]:
        print(f"wrote {path}")
    print(f"done in {time.perf_counter() - start:.1f} s wall")
    return 0


def _cmd_nav(args):
    from recbook._navigation import write_navigation

    changed = write_navigation(args.folder, check=args.check)
    verb = "would change" if args.check else "updated"
    for name in changed:
        print(f"{verb}: {Path(args.folder) / name}")
    if not changed:
        print(f"navigation cells of every notebook in {args.folder} are up to date")
    return 1 if (args.check and changed) else 0


def _cmd_site(args):
    from recbook._site import build_site

    index = build_site(build=args.build, out=args.out, notebooks=args.folder)
    print(f"site written: {index}")
    return 0


def _cmd_grid(args):
    import time

    from recbook.grid import write_grid

    start = time.perf_counter()
    real = {"auto": "auto", "yes": True, "no": False}[args.real]
    summary, timings = write_grid(args.out, args.timings, real=real, data_home=args.data_home,
                                  n_jobs=args.n_jobs, echo=lambda line: print(line, flush=True))
    cells = len(timings)
    datasets = sorted(set(timings["dataset"]))
    print(f"\nwrote {args.out} ({len(summary)} rows, {cells} cells on {len(datasets)} datasets: "
          f"{', '.join(datasets)}), {Path(args.out).with_suffix('.md')} and {args.timings}")
    print(f"grid wall time: {time.perf_counter() - start:.1f} s with n_jobs={args.n_jobs}")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="recbook", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("make-data", help="write the synthetic data files")
    p.add_argument("--out", default="data", help="output folder (default: data)")
    p.set_defaults(func=_cmd_make_data)

    p = sub.add_parser("run", help="execute notebooks and report time and memory")
    p.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    p.add_argument("--folder", default="notebooks")
    p.add_argument("--out", default="build", help="folder for executed copies and HTML")
    p.add_argument("--inplace", action="store_true", help="overwrite the notebooks' stored outputs")
    p.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("bench", help="benchmark the kit (writes build/bench/)")
    p.add_argument("--out", default="build/bench")
    p.add_argument("--repeats", type=int, default=3, help="best-of repeats per implementation timing")
    p.add_argument("--no-make", action="store_true", help="skip timing make run / make test")
    p.add_argument("--no-notebooks", action="store_true", help="skip executing the notebooks")
    p.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("case-study", help="re-run the seed article's case study, corrected "
                       "(prints the Part B table, writes PNG figures)")
    p.add_argument("--seed", type=int, default=42, help="seed of the data and the CV (default: 42)")
    p.add_argument("--n-samples", type=int, default=1000, help="samples N (default: 1000, >= 500)")
    p.add_argument("--out", default="case_study", help="folder for the figures (default: case_study)")
    p.add_argument("--n-splits", type=int, default=5, help="CV folds (default: 5)")
    p.add_argument("--n-repeats", type=int, default=2, help="CV repetitions (default: 2)")
    p.add_argument("--n-jobs", type=int, default=1, help="parallel fits (default: 1)")
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    p.set_defaults(func=_cmd_case_study)

    p = sub.add_parser("nav", help="write the navigation header/footer cells into every notebook")
    p.add_argument("--folder", default="notebooks")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a notebook's navigation cells are out of date")
    p.set_defaults(func=_cmd_nav)

    p = sub.add_parser("site", help="build the static HTML site from the executed notebooks")
    p.add_argument("--build", default="build",
                   help="folder of `make run` (its notebooks/ subfolder holds the executed copies)")
    p.add_argument("--out", default=None, help="output folder (default: <build>/site)")
    p.add_argument("--folder", default="notebooks",
                   help="the notebooks used when <build>/notebooks holds none")
    p.set_defaults(func=_cmd_site)

    p = sub.add_parser("grid", help="compute the best-practice grid of notebook 11 (writes data/)")
    p.add_argument("--out", default="data/best_practices_grid.csv",
                   help="the reproducible CSV (provenance goes beside it as .md)")
    p.add_argument("--timings", default="data/best_practices_grid_timings.csv",
                   help="wall seconds per cell (volatile, not part of the reproducible CSV)")
    p.add_argument("--real", choices=["auto", "yes", "no"], default="auto",
                   help="include the Online Shoppers data from RECBOOK_DATA (auto: when present)")
    p.add_argument("--data-home", default=None, help="folder with online_shoppers_intention.csv")
    p.add_argument("--n-jobs", type=int, default=2, help="folds fitted in parallel (default 2)")
    p.set_defaults(func=_cmd_grid)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)
