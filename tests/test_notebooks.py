"""House style of every notebook (the stored outputs themselves are checked by nbval)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell):
    return "".join(cell["source"])


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_index_and_the_first_notebook_exist():
    assert {"00_index.ipynb", "01_ecommerce_imbalance.ipynb"} <= set(IDS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_title_then_settings_cell(path):
    nb = _load(path)
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert _source(nb["cells"][0]).startswith("# "), "first cell must be a '# Title' markdown cell"
    settings = _source(_code_cells(nb)[0])
    assert settings.startswith("# Settings"), "the first code cell is the settings cell"
    assert "warnings.filterwarnings" in settings
    if path.name != "00_index.ipynb":
        assert re.search(r"^SEED = \d+", settings, re.M), "content notebooks define SEED in settings"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_code_cell_is_stored_executed_in_order_without_errors_or_stderr(path):
    nb = _load(path)
    expected = 1
    for cell in _code_cells(nb):
        source = _source(cell)
        tags = set(cell["metadata"].get("tags", []))
        if "NBVAL_SKIP" in source or "nbval-skip" in tags:
            continue
        assert cell["execution_count"] == expected, f"cell {source[:60]!r} not executed in order"
        expected += 1
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"stored error in {source[:60]!r}"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (
                f"stderr (a warning?) in {source[:60]!r}: {''.join(output['text'])[:200]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_plot_cells_end_with_plt_show(path):
    for cell in _code_cells(_load(path)):
        source = _source(cell)
        if re.search(r"plt\.(subplots|figure)\(", source):
            assert source.rstrip().endswith("plt.show()"), f"plot cell must end with plt.show(): {source[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_volatile_metadata_is_stored(path):
    nb = _load(path)
    assert "version" not in nb["metadata"].get("language_info", {})
    for cell in nb["cells"]:
        assert "execution" not in cell["metadata"]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name != "00_index.ipynb"],
                         ids=[i for i in IDS if i != "00_index.ipynb"])
def test_content_notebooks_have_summary_exercises_and_references(path):
    text = "\n".join(_source(c) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    for heading in ("## Summary", "## Exercises", "## References"):
        assert heading in text, f"missing section {heading!r}"
    numbered = re.findall(r"^## (\d+)\. ", text, re.M)
    assert numbered and numbered == [str(i) for i in range(1, len(numbered) + 1)], (
        f"sections must be numbered 1, 2, ...: {numbered}")


def test_index_draws_the_remedy_architecture_in_mermaid_and_has_a_glossary():
    text = "\n".join(_source(c) for c in _load(ROOT / "notebooks" / "00_index.ipynb")["cells"])
    assert "```mermaid" in text
    assert "数据不平衡" in text and "上采样" in text and "下采样" in text
