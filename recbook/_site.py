"""Static HTML site of the executed course (``python -m recbook site``, for ``make site``).

The pages are made with nbconvert's HTML exporter and its ``lab`` template, which renders
figures (embedded as data URIs, so the site is self-contained), loads MathJax for the math and
turns Markdown ```` ```mermaid ```` blocks into ``<pre class="mermaid">`` elements drawn by
Mermaid in the reader's browser (both scripts come from a CDN when the page is opened; no
network is needed to build the site).

Sources: the executed copies in ``<build>/notebooks`` written by ``make run``; a notebook
missing there (e.g. skipped for lack of its data) is taken from ``notebooks/`` with its stored
outputs. Links between notebooks (``NN_x.ipynb``) become links between pages (``NN_x.html``).
The site gets an ``index.html`` listing the whole planned course (from the navigation table,
with measured run times when ``<build>/run_table.csv`` exists) and ``workshop.html`` made from
``notebooks/README.md``. A notebook with an error or stderr output stops the build.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

_NOTEBOOK_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')
_SITE_CSS = """
body.recbook-index { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; line-height: 1.5; color: #222; }
.recbook-index table { border-collapse: collapse; width: 100%; }
.recbook-index th, .recbook-index td { border-bottom: 1px solid #ddd; padding: .35rem .5rem;
  text-align: left; vertical-align: top; }
.recbook-index .absent { color: #888; }
nav.recbook-site-nav { font-family: system-ui, sans-serif; padding: .5rem 1rem;
  border-bottom: 1px solid #ddd; background: #f7f7f7; }
"""


def error_outputs(nb):
    """Return ``(cell index, description)`` for every error or stderr output of ``nb``."""
    found = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((i, f"{output.get('ename')}: {output.get('evalue')}"))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append((i, "stderr: " + "".join(output.get("text", ""))[:120]))
    return found


def _title(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return fallback


def _rewrite_links(body, pages):
    def repl(match):
        name, anchor = match.group(1), match.group(2) or ""
        if f"{name}.ipynb" in pages:
            return f'href="{name}.html{anchor}"'
        return match.group(0)
    return _NOTEBOOK_LINK.sub(repl, body)


def _site_nav(title):
    style = ("font-family: system-ui, sans-serif; font-size: 14px; padding: 8px 16px; "
             "border-bottom: 1px solid #ddd; background: #f7f7f7")
    return (f'<nav class="recbook-site-nav" style="{style}"><a href="index.html">recbook · all notebooks</a> · '
            f'<a href="workshop.html">workshop guide</a> · {html.escape(title)}</nav>')


def _measured(build):
    table = Path(build) / "run_table.csv"
    if not table.is_file():
        return {}
    with open(table, encoding="utf-8") as handle:
        return {row["notebook"]: row for row in csv.DictReader(handle)}


def _page(title, body):
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{_SITE_CSS}</style>\n</head>\n"
            f"<body class=\"recbook-index\">\n{body}\n</body>\n</html>\n")


def _index_page(pages, titles, measured):
    from recbook._navigation import COURSE

    rows = []
    for name, entry in COURSE.items():
        label = f"{name[:2]} · {entry.title}"
        if name in pages:
            cell = f'<a href="{name[:-6]}.html">{html.escape(titles[name])}</a>'
        else:
            cell = f'<span class="absent">{html.escape(label)} (not in this copy yet)</span>'
        run = measured.get(name)
        timing = (f"{float(run['seconds']):.1f} s, {float(run['peak_mb']):.0f} MB"
                  if run and run.get("status") == "ok" else html.escape(entry.run_time))
        prereq = ", ".join(p[:2] for p in entry.prerequisites) or "—"
        rows.append(f"<tr><td>{name[:2]}</td><td>{cell}</td><td>{prereq}</td>"
                    f"<td>{timing}</td><td>{entry.study_minutes} min</td></tr>")
    body = (
        "<h1>recbook · Class imbalance in e-commerce search and recommendation</h1>\n"
        "<p>The executed notebooks of the course, rendered to HTML: every output on these pages "
        "was produced by running the notebook. Start with the index notebook; the "
        '<a href="workshop.html">workshop guide</a> has a 3-hour and a 1-day schedule.</p>\n'
        "<table>\n<thead><tr><th>#</th><th>notebook</th><th>builds on</th>"
        "<th>run time</th><th>study time</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows) + "\n</tbody>\n</table>\n")
    return _page("recbook · all notebooks", body)


def _workshop_page(readme, pages):
    from nbconvert.filters.markdown import markdown2html

    text = Path(readme).read_text(encoding="utf-8") if Path(readme).is_file() else (
        "# Workshop guide\n\nnotebooks/README.md was not found.")
    body = _rewrite_links(markdown2html(text), pages)
    return _page("recbook · workshop guide", '<p><a href="index.html">← all notebooks</a></p>\n' + body)


def build_site(build="build", out=None, notebooks="notebooks"):
    """Render the executed notebooks into a static HTML site and return its index page path.

    Parameters
    ----------
    build : str or Path, default="build"
        The folder ``make run`` writes; executed notebooks are read from ``<build>/notebooks``.
    out : str or Path, optional
        Where to write the site (default ``<build>/site``).
    notebooks : str or Path, default="notebooks"
        The source notebooks, used for any notebook not executed into ``<build>/notebooks``,
        and the folder holding the workshop guide ``README.md``.

    Returns
    -------
    Path
        ``<out>/index.html``.

    Raises
    ------
    ValueError
        If no notebook is found, or a notebook has an error or stderr output.
    """
    import nbformat
    from nbconvert import HTMLExporter

    build, notebooks = Path(build), Path(notebooks)
    out = Path(out) if out is not None else build / "site"
    sources = {p.name: p for p in notebooks.glob("[0-9][0-9]_*.ipynb")}
    sources.update({p.name: p for p in (build / "notebooks").glob("[0-9][0-9]_*.ipynb")})
    if not sources:
        raise ValueError(f"no notebooks NN_*.ipynb found in {build / 'notebooks'} or {notebooks}")
    loaded = {name: nbformat.read(path, as_version=4) for name, path in sorted(sources.items())}
    problems = [f"{name} cell {i}: {what}" for name, nb in loaded.items()
                for i, what in error_outputs(nb)]
    if problems:
        raise ValueError("notebooks with error output cannot go on the site:\n" + "\n".join(problems))
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    titles = {}
    for name, nb in loaded.items():
        titles[name] = _title(nb, name)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": titles[name]}})
        body = _rewrite_links(body, loaded)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _site_nav(titles[name]), body, count=1)
        (out / f"{name[:-6]}.html").write_text(body, encoding="utf-8")
    (out / "workshop.html").write_text(_workshop_page(notebooks / "README.md", loaded),
                                       encoding="utf-8")
    index = out / "index.html"
    index.write_text(_index_page(loaded, titles, _measured(build)), encoding="utf-8")
    return index
