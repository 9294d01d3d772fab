"""pytest hooks for strict nbval on the notebooks.

A notebook whose metadata says ``"recbook": {"requires_data": "online_shoppers"}`` is skipped,
with the reason, when the real data set is not available (``RECBOOK_DATA`` unset or without
the CSV), so that a clone without the data and without network still passes ``make test``.
"""

import json

import pytest

from recbook._notebooks import notebook_skip_reason


def _metadata_reason(path):
    import nbformat

    with open(path, encoding="utf-8") as handle:
        nb = nbformat.reads(handle.read(), as_version=4)
    return notebook_skip_reason(nb)


def pytest_collection_modifyitems(config, items):
    reasons = {}
    for item in items:
        path = str(item.path)
        if not path.endswith(".ipynb"):
            continue
        if path not in reasons:
            try:
                reasons[path] = _metadata_reason(path)
            except (OSError, json.JSONDecodeError):
                reasons[path] = None
        if reasons[path]:
            item.add_marker(pytest.mark.skip(reason=reasons[path]))
