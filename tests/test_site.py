"""The static site: one page per notebook, working links, figures, math, Mermaid, no errors."""

from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from recbook._navigation import COURSE
from recbook._site import build_site, error_outputs
from recbook.cli import main


class _Page(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.scripts, self.mime_types = [], set(), [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag == "script":
            self.scripts.append(attrs.get("src", ""))
        if "data-mime-type" in attrs:
            self.mime_types.append(attrs["data-mime-type"])


@pytest.fixture(scope="module")
def site(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("site")
    # an empty build folder: the pages come from the committed, executed notebooks
    build_site(build=out / "no-build", out=out / "site", notebooks=root / "notebooks")
    return out / "site"


@pytest.fixture(scope="module")
def names(root):
    return sorted(p.name for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_notebook_has_a_page_linked_from_the_index(site, names):
    index = _Page((site / "index.html").read_text(encoding="utf-8"))
    for name in names:
        page = name.replace(".ipynb", ".html")
        assert (site / page).is_file(), f"no page for {name}"
        assert page in index.links, f"the index does not link {page}"
    text = (site / "index.html").read_text(encoding="utf-8")
    for name in COURSE:
        if name not in names:
            assert "not in this copy yet" in text


def test_every_link_and_anchor_resolves(site):
    pages = sorted(site.glob("*.html"))
    parsed = {p.name: _Page(p.read_text(encoding="utf-8")) for p in pages}
    checked = 0
    for name, page in parsed.items():
        for link in page.links:
            url = urlparse(link)
            if url.scheme in {"http", "https", "mailto", "data"}:
                continue
            target = url.path or name
            assert (site / target).is_file(), f"{name} links to missing {link}"
            assert not target.endswith(".ipynb"), f"{name} still links to a notebook: {link}"
            if url.fragment:
                # browsers match the raw fragment first, then its percent-decoded form
                assert {url.fragment, unquote(url.fragment)} & parsed[target].ids, f"{name}: no anchor for {link}"
            checked += 1
    assert checked > 10


def test_no_page_contains_an_error_output(site, names):
    for name in names:
        text = (site / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        page = _Page(text)
        assert "application/vnd.jupyter.stderr" not in page.mime_types, f"{name} shows stderr/error output"
        assert "Traceback (most recent call last)" not in text and "jp-OutputArea-error" not in text


def test_figures_math_and_mermaid_are_rendered(site):
    index = (site / "00_index.html").read_text(encoding="utf-8")
    assert '<div class="jp-Mermaid"><pre class="mermaid">' in index
    assert "graph TD" in index and "mermaid" in "".join(_Page(index).scripts + [index])
    assert "mermaid.esm.min.mjs" in index, "the Mermaid script is missing"
    first = (site / "01_ecommerce_imbalance.html").read_text(encoding="utf-8")
    assert first.count("data:image/png;base64,") >= 2, "the figures of notebook 01 are missing"
    for page in site.glob("[0-9][0-9]_*.html"):
        assert "MathJax" in page.read_text(encoding="utf-8"), f"{page.name} does not load MathJax"
    assert "Notebook 1 of 11" in first and 'href="00_index.html"' in first


def _write(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nbformat.write(nb, path)


def test_math_survives_and_the_build_copy_wins(tmp_path):
    src, build = tmp_path / "notebooks", tmp_path / "build"
    (build / "notebooks").mkdir(parents=True)
    src.mkdir()
    math_cell = nbformat.v4.new_markdown_cell(r"# 01 · T" "\n\n" r"$$p^* = \frac{w_1 \pi}{w_1 \pi + w_0 (1-\pi)}$$")
    stale = nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", text="stale\n")])
    fresh = nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", text="fresh\n")])
    _write(src / "01_ecommerce_imbalance.ipynb", math_cell, stale)
    _write(build / "notebooks" / "01_ecommerce_imbalance.ipynb", math_cell, fresh)
    _write(src / "00_index.ipynb", nbformat.v4.new_markdown_cell("# Index\n[one](01_ecommerce_imbalance.ipynb#T)"))
    assert main(["site", "--build", str(build), "--folder", str(src)]) == 0
    page = (build / "site" / "01_ecommerce_imbalance.html").read_text(encoding="utf-8")
    assert "fresh" in page and "stale" not in page
    assert r"\frac{w_1 \pi}{w_1 \pi + w_0 (1-\pi)}" in page
    assert 'href="01_ecommerce_imbalance.html#T"' in (build / "site" / "00_index.html").read_text(encoding="utf-8")


def test_a_notebook_with_an_error_output_stops_the_build(tmp_path):
    bad = nbformat.v4.new_code_cell("1/0", outputs=[nbformat.v4.new_output(
        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])])
    _write(tmp_path / "01_bad.ipynb", nbformat.v4.new_markdown_cell("# Bad"), bad)
    nb = nbformat.read(tmp_path / "01_bad.ipynb", as_version=4)
    assert error_outputs(nb) == [(1, "ZeroDivisionError: division by zero")]
    with pytest.raises(ValueError, match="01_bad.ipynb cell 1: ZeroDivisionError"):
        build_site(build=tmp_path / "b", out=tmp_path / "s", notebooks=tmp_path)
    assert not (tmp_path / "s").exists()


def test_no_notebooks_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no notebooks"):
        build_site(build=tmp_path, notebooks=tmp_path)
