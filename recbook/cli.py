"""Command line: ``python -m recbook <command>`` (also installed as ``recbook``).

Commands
--------
make-data   write the small synthetic data files in ``data/`` (byte-reproducible)
run         execute notebooks headless into ``build/`` (or in place) and print a table of
            status, seconds and kernel peak memory
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
    _add_grid_parser(sub)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


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


def _add_grid_parser(sub):
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
