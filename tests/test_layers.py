"""The package's layers: a lower layer never imports a higher one (see recbook/__init__.py)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "recbook"
LAYERS = {
    0: {"_validation", "losses", "calibration", "metrics", "cluster", "ensemble", "symbolic"},
    1: {"data", "sampling", "recommend", "rerank"},
    2: {"experiments", "grid", "case_study", "plotting", "exercises", "solutions", "cli", "__main__",
        "_notebooks", "_navigation", "_site", "_bench"},
}
LAYER_OF = {name: level for level, names in LAYERS.items() for name in names}


def _recbook_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("recbook"):
            parts = node.module.split(".")
            if len(parts) > 1:
                yield parts[1]
            else:
                yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("recbook."):
                    yield alias.name.split(".")[1]


MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_module_has_a_layer():
    missing = sorted(p.stem for p in MODULES if p.stem not in LAYER_OF)
    assert not missing, f"add these modules to a layer in tests/test_layers.py: {missing}"


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_no_module_imports_a_higher_layer(path):
    own = LAYER_OF[path.stem]
    higher = sorted({name for name in _recbook_imports(path) if LAYER_OF.get(name, -1) > own})
    assert not higher, f"recbook.{path.stem} (layer {own}) imports higher-layer modules {higher}"
