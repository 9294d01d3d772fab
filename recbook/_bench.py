"""The kit's own performance benchmark (``make bench`` / ``python -m recbook bench``).

It measures, in one run on the current machine:

* every notebook's execution time and kernel peak memory (via ``python -m recbook run``),
  checked against the budgets: each notebook <= 40 s and <= 1 GB, the whole kit <= 5 min, and
  Binder's 2 GB memory ceiling;
* recbook's teaching implementations against the library each one teaches, side by side, as
  time ratios with equal results checked: ``ndcg_at_k`` vs ``sklearn.metrics.ndcg_score``,
  ``recbook.sampling.SMOTE`` vs imbalanced-learn's, ``recbook.cluster.KMeans`` vs scikit-learn's
  Lloyd with the same initial centres;
* the wall time of ``make test`` and ``make run`` (set-up excluded when ``.venv`` exists).

Results go to ``build/bench/bench.csv`` and ``build/bench/bench.md``; with
``--update-readme`` the Markdown table also replaces the block between the
``<!-- bench:start -->`` and ``<!-- bench:end -->`` markers in README.md.
Timings are best-of-``repeats`` wall-clock seconds (``time.perf_counter``).
"""

from __future__ import annotations

import csv
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

NOTEBOOK_SECONDS = 40.0
NOTEBOOK_MB = 1024.0
KIT_SECONDS = 300.0
BINDER_MB = 2048.0
GRID_SECONDS = 600.0


def _best_of(func, repeats):
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_ndcg(repeats=3, seed=0):
    from sklearn.metrics import ndcg_score

    from recbook.metrics import ndcg_at_k

    rng = np.random.default_rng(seed)
    y_true = (rng.random((20_000, 100)) < 0.05).astype(float)
    y_true[np.arange(20_000), rng.integers(0, 100, 20_000)] = 1.0  # every user has a relevant item
    y_score = rng.random((20_000, 100))  # continuous: tie-free with probability 1
    ours, a = _best_of(lambda: ndcg_at_k(y_true, y_score, k=10), repeats)
    theirs, b = _best_of(lambda: ndcg_score(y_true, y_score, k=10), repeats)
    return dict(name="ndcg_at_k vs sklearn ndcg_score (20k x 100, k=10)", ours_s=ours, library_s=theirs,
                ratio=ours / theirs, goal=0.5, equal=bool(np.isclose(a, b, rtol=0, atol=1e-12)))


def bench_smote(repeats=3, seed=0):
    from imblearn.over_sampling import SMOTE as LibrarySMOTE

    from recbook.sampling import SMOTE

    rng = np.random.default_rng(seed)
    n, d = 50_000, 20
    y = (rng.random(n) < 0.05).astype(int)
    X = rng.normal(size=(n, d)) + y[:, None] * 0.5
    ours, (Xa, ya) = _best_of(lambda: SMOTE(k_neighbors=5, random_state=seed).fit_resample(X, y), repeats)
    theirs, (Xb, yb) = _best_of(lambda: LibrarySMOTE(k_neighbors=5, random_state=seed).fit_resample(X, y),
                                repeats)
    equal = Xa.shape == Xb.shape and np.array_equal(np.bincount(ya), np.bincount(yb))
    return dict(name="SMOTE vs imbalanced-learn (50k x 20, 5% minority)", ours_s=ours, library_s=theirs,
                ratio=ours / theirs, goal=2.0, equal=bool(equal))


def bench_kmeans(repeats=3, seed=0):
    from sklearn.cluster import KMeans as LibraryKMeans
    from sklearn.cluster import kmeans_plusplus

    from recbook.cluster import KMeans

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(100_000, 20)) + rng.integers(0, 8, 100_000)[:, None]
    init, _ = kmeans_plusplus(X, n_clusters=8, random_state=seed)
    ours, a = _best_of(lambda: KMeans(n_clusters=8, init=init, max_iter=300).fit(X), repeats)
    theirs, b = _best_of(lambda: LibraryKMeans(n_clusters=8, init=init, n_init=1, max_iter=300,
                                               algorithm="lloyd").fit(X), repeats)
    equal = np.array_equal(a.labels_, b.labels_) and np.isclose(a.inertia_, b.inertia_, rtol=1e-9)
    return dict(name="KMeans vs sklearn lloyd, same init (100k x 20, k=8)", ours_s=ours, library_s=theirs,
                ratio=ours / theirs, goal=3.0, equal=bool(equal))


#: The goal (time ratio ours / library) of every implementation benchmark.
_GOALS = {"bench_ndcg": 0.5, "bench_smote": 2.0, "bench_kmeans": 3.0}


def _timed(command, cwd):
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, completed


def _machine():
    try:
        with open("/proc/meminfo") as handle:
            mem_kb = int(handle.readline().split()[1])
        memory = f"{mem_kb / 1024 ** 2:.0f} GiB"
    except OSError:
        memory = "unknown memory"
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {memory}, "
            f"Python {platform.python_version()}")


def run_bench(root=".", out="build/bench", *, make=True, notebooks=True, repeats=3, echo=print):
    """Run the whole benchmark; return ``(rows, markdown)``."""
    root = Path(root).resolve()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    lines = [f"Machine: {_machine()}; one BLAS thread; {time.strftime('%Y-%m-%d')}.", ""]

    lines += ["| teaching implementation vs library | ours s | library s | ratio | goal | equal results | verdict |",
              "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for bench in (bench_ndcg, bench_smote, bench_kmeans):
        echo(f"benchmarking {bench.__name__} ...", flush=True)
        try:
            r = bench(repeats=repeats)
        except ImportError as exc:  # a module not written yet is reported, not hidden
            r = dict(name=bench.__name__, ours_s=np.nan, library_s=np.nan, ratio=np.nan,
                     goal=_GOALS[bench.__name__], equal=False, error=str(exc))
        if "error" in r:
            verdict = "MISSED (not run)"
            equal = f"not run: {r['error']}"
        else:
            verdict = "met" if r["equal"] and r["ratio"] <= r["goal"] else "MISSED"
            equal = "yes" if r["equal"] else "NO"
        rows.append(dict(kind="implementation", name=r["name"], seconds=r["ours_s"], value=r["ratio"],
                         budget=r["goal"], verdict=verdict))
        lines.append(f"| {r['name']} | {r['ours_s']:.3f} | {r['library_s']:.3f} | {r['ratio']:.2f} "
                     f"| <= {r['goal']:g} | {equal} | {verdict} |")

    if notebooks:
        command = ["make", "run"] if make else [sys.executable, "-m", "recbook", "run", "--out", "build"]
        echo(f"executing every notebook ({' '.join(command)}) ...", flush=True)
        run_table = root / "build" / "run_table.csv"
        run_table.unlink(missing_ok=True)  # never report a stale table from an earlier run
        run_s, completed = _timed(command, root)
        if not run_table.exists():
            raise RuntimeError(f"{' '.join(command)} wrote no {run_table} (exit {completed.returncode}): "
                               f"{completed.stderr.strip()[-500:]}")
        with open(run_table, encoding="utf-8") as handle:
            table = list(csv.DictReader(handle))
        lines += ["", "| notebook | status | seconds (<= 40) | kernel peak MB (<= 1024) | verdict |",
                  "| --- | --- | ---: | ---: | --- |"]
        for t in table:
            seconds, mb = float(t["seconds"]), float(t["peak_mb"])
            ok = t["status"] in ("ok", "skipped") and seconds <= NOTEBOOK_SECONDS and mb <= NOTEBOOK_MB
            verdict = "met" if ok else "MISSED"
            rows.append(dict(kind="notebook", name=t["notebook"], seconds=seconds, value=mb,
                             budget=NOTEBOOK_SECONDS, verdict=verdict))
            lines.append(f"| {t['notebook']} | {t['status']} | {seconds:.1f} | {mb:.0f} | {verdict} |")
        total = sum(float(t["seconds"]) for t in table)
        peak = max(float(t["peak_mb"]) for t in table)
        kit_verdict = "met" if total <= KIT_SECONDS else "MISSED"
        binder_verdict = "met" if peak <= BINDER_MB else "MISSED"
        rows.append(dict(kind="kit", name="all notebooks", seconds=total, value=peak, budget=KIT_SECONDS,
                         verdict=kit_verdict))
        lines.append(f"| **all notebooks** | exit {completed.returncode} | {total:.1f} (<= 300) "
                     f"| {peak:.0f} (Binder <= 2048) | {kit_verdict} / {binder_verdict} |")

    if make:
        lines += ["", "| command | wall seconds |", "| --- | ---: |"]
        timings = [("make run", run_s, completed.returncode)] if notebooks else []
        echo("timing make test ...", flush=True)
        test_s, tested = _timed(["make", "test"], root)
        timings.append(("make test", test_s, tested.returncode))
        for name, seconds, code in timings:
            rows.append(dict(kind="make", name=name, seconds=seconds, value=code, budget=np.nan,
                             verdict="ok" if code == 0 else "FAILED"))
            lines.append(f"| `{name}` (exit {code}) | {seconds:.1f} |")

    grid_timings = root / "data" / "best_practices_grid_timings.csv"
    if grid_timings.exists():  # the grid takes minutes: report its recorded time, do not re-run it
        with open(grid_timings, encoding="utf-8") as handle:
            recorded = [r for r in csv.DictReader(handle) if r["dataset"] == "TOTAL"]
        if recorded:
            seconds = float(recorded[0]["seconds"])
            verdict = "met" if seconds <= GRID_SECONDS else "MISSED"
            rows.append(dict(kind="grid", name="python -m recbook grid", seconds=seconds,
                             value=np.nan, budget=GRID_SECONDS, verdict=verdict))
            lines += ["", "| best-practice grid (recorded in data/best_practices_grid_timings.csv) "
                      "| wall seconds | budget | verdict |", "| --- | ---: | ---: | --- |",
                      f"| `python -m recbook grid` | {seconds:.0f} | <= {GRID_SECONDS:.0f} | {verdict} |"]

    markdown = "\n".join(lines)
    with open(out / "bench.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["kind", "name", "seconds", "value", "budget", "verdict"])
        writer.writeheader()
        writer.writerows(rows)
    (out / "bench.md").write_text(markdown + "\n", encoding="utf-8")
    return rows, markdown


def update_readme(markdown, readme="README.md"):
    """Replace the benchmark block of README.md with ``markdown``."""
    path = Path(readme)
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in text or end not in text:
        raise ValueError(f"{readme} has no {start} ... {end} block")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{markdown}\n{end}{tail}", encoding="utf-8")
