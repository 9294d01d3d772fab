"""Execute the kit's notebooks reproducibly and measure them (used by ``make run/notebooks``).

Each notebook is executed headless with nbclient in its own folder. A probe cell appended to
a copy reads the kernel's peak resident memory (``getrusage``) and is removed before saving.
Volatile metadata -- per-cell execution timestamps and the exact Python patch version -- is
stripped, so that re-executing an unchanged notebook leaves ``git diff`` empty.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

_PROBE = (
    "import resource as _r\n"
    "print('RECBOOK_PEAK_KB', max(_r.getrusage(_r.RUSAGE_SELF).ru_maxrss,"
    " _r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss))"
)
_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
REAL_DATA_FILE = "online_shoppers_intention.csv"
NBVAL_SKIP_TAG = "nbval-skip"


@dataclass
class RunResult:
    notebook: str
    status: str
    seconds: float
    peak_mb: float
    detail: str = ""


def real_data_available():
    """Return True when the UCI Online Shoppers CSV is in the folder ``$RECBOOK_DATA``."""
    folder = os.environ.get("RECBOOK_DATA")
    return bool(folder) and (Path(folder) / REAL_DATA_FILE).is_file()


def notebook_skip_reason(nb):
    """Why a notebook cannot run here (e.g. its real data is missing), or None."""
    needs = nb.metadata.get("recbook", {}).get("requires_data")
    if needs == "online_shoppers" and not real_data_available():
        return (f"needs {REAL_DATA_FILE} in the folder named by RECBOOK_DATA "
                "(see notebooks/10_real_data_online_shoppers.ipynb)")
    return None


def strip_volatile_metadata(nb):
    """Remove what changes on every run or machine; keep every output."""
    nb.metadata["kernelspec"] = dict(_KERNELSPEC)
    language_info = nb.metadata.get("language_info")
    if language_info is not None:
        language_info.pop("version", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    return nb


def execute_notebook(path, out_path, *, timeout=600, html_path=None):
    """Execute ``path`` and write the executed notebook to ``out_path``; return a RunResult."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    reason = notebook_skip_reason(nb)
    if reason:
        return RunResult(path.name, "skipped", 0.0, 0.0, reason)
    nb.cells.append(nbformat.v4.new_code_cell(_PROBE))
    # Cells tagged nbval-skip (e.g. exercise placeholders "answer = ...  # your code here")
    # are skipped here as under nbval, so stored outputs and execution counts agree with it.
    # coalesce_streams: one stdout output per cell however the kernel chunked it (a busy
    # machine splits prints); nbval merges streams the same way, so outputs stay byte-stable.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", coalesce_streams=True,
                            skip_cells_with_tag=NBVAL_SKIP_TAG,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    start = time.perf_counter()
    status, detail = "ok", ""
    try:
        client.execute()
    except CellExecutionError as exc:
        status, detail = "FAILED", str(exc).strip().splitlines()[-1][:200]
    seconds = time.perf_counter() - start
    probe = nb.cells.pop()
    peak_mb = 0.0
    for output in probe.get("outputs", []):
        match = re.search(r"RECBOOK_PEAK_KB (\d+)", output.get("text", ""))
        if match:
            peak_mb = int(match.group(1)) / 1024.0
    strip_volatile_metadata(nb)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_path)
    if html_path is not None:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(nb)
        Path(html_path).write_text(body, encoding="utf-8")
    return RunResult(path.name, status, seconds, peak_mb, detail)


def find_notebooks(folder="notebooks", names=None):
    folder = Path(folder)
    paths = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if names:
        wanted = set(names)
        paths = [p for p in paths if p.name in wanted or p.stem in wanted or str(p) in wanted]
    return paths


def format_table(results):
    """Return the run table as Markdown text."""
    lines = ["| notebook | status | seconds | kernel peak MB |", "| --- | --- | ---: | ---: |"]
    for r in results:
        status = r.status if not r.detail else f"{r.status}: {r.detail}"
        lines.append(f"| {r.notebook} | {status} | {r.seconds:.1f} | {r.peak_mb:.0f} |")
    total = sum(r.seconds for r in results)
    lines.append(f"| **total** | {sum(r.status == 'ok' for r in results)}/{len(results)} ok "
                 f"| {total:.1f} | {max((r.peak_mb for r in results), default=0):.0f} (max) |")
    return "\n".join(lines)


def run_notebooks(*, folder="notebooks", out_dir="build", inplace=False, names=None,
                  timeout=600, html=True, echo=print):
    """Execute notebooks, writing into ``out_dir`` (or in place); return the RunResults."""
    results = []
    for path in find_notebooks(folder, names):
        if inplace:
            out_path, html_path = path, None
        else:
            out_path = Path(out_dir) / "notebooks" / path.name
            html_path = out_path.with_suffix(".html") if html else None
        echo(f"executing {path} ...", flush=True)
        result = execute_notebook(path, out_path, timeout=timeout, html_path=html_path)
        echo(f"  {result.status} in {result.seconds:.1f} s, kernel peak {result.peak_mb:.0f} MB"
             + (f" ({result.detail})" if result.detail else ""), flush=True)
        results.append(result)
    return results
