"""Command line: ``python -m recbook <command>`` (also installed as ``recbook``).

Commands
--------
make-data   write the small synthetic data files in ``data/`` (byte-reproducible)
run         execute notebooks headless into ``build/`` (or in place) and print a table of
            status, seconds and kernel peak memory
bench       the kit's benchmark: notebook budgets, teaching implementations vs libraries,
            ``make run`` / ``make test`` wall times
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
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


# ---- issue 8: navigation cells and the static site (added at the end to keep merges easy)

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


_build_parser_before_issue8 = build_parser


def build_parser():  # noqa: F811 -- extends the parser above with the commands nav and site
    parser = _build_parser_before_issue8()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))

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
    return parser
