"""The real-data loader: recbook.data.load_online_shoppers.

Tests that need the verified CSV look for it in ``$RECBOOK_DATA`` or in ``../shared/data``
beside the project and are skipped, saying why, when it is absent. The download path is
exercised with local ``file://`` archives: no network is used.
"""

import hashlib
import io
import os
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import recbook.data as data
from recbook.data import (ONLINE_SHOPPERS_FILE, ONLINE_SHOPPERS_SHA256, load_online_shoppers)

ROOT = Path(__file__).resolve().parents[1]


def _find_shared_copy():
    candidates = []
    if os.environ.get("RECBOOK_DATA"):
        candidates.append(Path(os.environ["RECBOOK_DATA"]))
    candidates += [ROOT.parent / "shared" / "data", Path("/work/shared/data")]
    for folder in candidates:
        if (folder / ONLINE_SHOPPERS_FILE).is_file():
            return folder / ONLINE_SHOPPERS_FILE
    return None


SHARED = _find_shared_copy()
needs_csv = pytest.mark.skipif(
    SHARED is None, reason=f"needs the verified {ONLINE_SHOPPERS_FILE} in $RECBOOK_DATA or ../shared/data")


@pytest.fixture(scope="module")
def payload():
    return SHARED.read_bytes()


def _zip_bytes(csv_bytes, member=f"data/{ONLINE_SHOPPERS_FILE}"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, csv_bytes)
        archive.writestr("README.txt", b"not the data")
    return buffer.getvalue()


def _serve(monkeypatch, tmp_path, content):
    """Point the loader's URL at a local file holding ``content``; return that file."""
    source = tmp_path / "server" / "online_shoppers.zip"
    source.parent.mkdir()
    source.write_bytes(content)
    monkeypatch.setattr(data, "ONLINE_SHOPPERS_URL", source.as_uri())
    return source


# --- the verified copy ---------------------------------------------------------------------

@needs_csv
def test_reads_the_shared_copy_with_its_documented_shape_and_types():
    frame = load_online_shoppers(SHARED.parent, download=False)
    assert frame.shape == (12_330, 18)
    assert int(frame["Revenue"].sum()) == 1_908
    assert frame["Revenue"].mean() == pytest.approx(0.1547, abs=5e-5)
    assert frame["VisitorType"].value_counts().to_dict() == {
        "Returning_Visitor": 10_551, "New_Visitor": 1_694, "Other": 85}
    assert int(frame.duplicated().sum()) == 125
    assert frame["Revenue"].dtype == bool and frame["Weekend"].dtype == bool
    assert frame["Month"].cat.ordered and list(frame["Month"].cat.categories)[:3] == ["Jan", "Feb", "Mar"]
    for column in ("Administrative", "ProductRelated", "TrafficType"):
        assert frame[column].dtype == np.int64
    for column in ("PageValues", "BounceRates", "ProductRelated_Duration"):
        assert frame[column].dtype == np.float64
    assert frame.attrs["sha256"] == ONLINE_SHOPPERS_SHA256
    assert frame.attrs["sha256_matches_reference"] is True
    assert frame.attrs["source"] == "file"


@needs_csv
def test_loading_leaves_the_file_unchanged_and_is_repeatable(payload):
    first = load_online_shoppers(SHARED.parent, download=False)
    second = load_online_shoppers(SHARED.parent, download=False)
    pd.testing.assert_frame_equal(first, second)
    assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == hashlib.sha256(payload).hexdigest()


@needs_csv
def test_default_folder_comes_from_RECBOOK_DATA(monkeypatch):
    monkeypatch.setenv("RECBOOK_DATA", str(SHARED.parent))
    assert load_online_shoppers(download=False).attrs["path"] == str(SHARED)


@needs_csv
def test_other_line_endings_are_accepted_by_content_but_flagged_by_hash(tmp_path, payload):
    (tmp_path / ONLINE_SHOPPERS_FILE).write_bytes(payload.replace(b"\r\n", b"\n"))
    frame = load_online_shoppers(tmp_path, download=False)
    assert frame.attrs["sha256_matches_reference"] is False
    pd.testing.assert_frame_equal(frame, load_online_shoppers(SHARED.parent, download=False))


# --- truncated or corrupted files are rejected -----------------------------------------------

@needs_csv
@pytest.mark.parametrize("damage, message", [
    (lambda b: b[: len(b) // 2], r"line \d+ has \d+ fields, expected 18"),       # cut mid-line
    (lambda b: b[: b.rindex(b"\r\n", 0, len(b) - 2) + 2], "expected 12,330 rows"),  # last row lost
    (lambda b: b.replace(b"Revenue", b"Revenu", 1), "expected the 18 columns"),
    (lambda b: b.replace(b",Returning_Visitor,", b",Returning_Visitor,x,", 1), "line 2 has 19 fields, expected 18"),
    (lambda b: b.replace(b"\r\n0,0,0,0,1,0,0.2,0.2,0,0,Feb", b"\r\n0,0,0,0,1,0,0.2,0.2,0,zero,Feb", 1),
     "column 'SpecialDay' has non-numeric value 'zero'"),
    (lambda b: b.replace(b"FALSE\r\n", b"TRUE\r\n", 1), "expected 1,908 sessions with Revenue=TRUE"),
    (lambda b: b.replace(b",64,", b",65,", 1), "values differ from the verified copy"),
    (lambda b: b.replace(b",Feb,", b",Febr,", 1), "unknown labels \\['Febr'\\]"),
    (lambda b: b"\x00\xff" * 1000, "it is not UTF-8 text"),
    (lambda b: b.replace(b"\r\n", b"\r\n,,,", 1), "line 2 has 21 fields"),
])
def test_truncated_or_corrupted_files_are_rejected(tmp_path, payload, damage, message):
    damaged = damage(payload)
    assert damaged != payload
    (tmp_path / ONLINE_SHOPPERS_FILE).write_bytes(damaged)
    with pytest.raises(ValueError, match=message) as info:
        load_online_shoppers(tmp_path, download=False)
    assert "truncated or corrupted" in str(info.value)
    assert "download the official archive again" in str(info.value)


# --- offline: a clear error, nothing left behind ---------------------------------------------

def test_offline_without_the_file_says_where_to_put_it(tmp_path):
    folder = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError) as info:
        load_online_shoppers(folder, download=False)
    text = str(info.value)
    assert str(folder) in text and ONLINE_SHOPPERS_FILE in text and "RECBOOK_DATA" in text
    assert "download=False" in text and "archive.ics.uci.edu" in text
    assert not folder.exists()


def test_failed_download_leaves_no_partial_file(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "ONLINE_SHOPPERS_URL", (tmp_path / "missing.zip").as_uri())
    folder = tmp_path / "home"
    with pytest.raises(FileNotFoundError, match="the download failed") as info:
        load_online_shoppers(folder)
    assert str(folder) in str(info.value) and "RECBOOK_DATA" in str(info.value)
    assert list(folder.iterdir()) == []


def test_download_that_is_not_a_zip_is_rejected_and_removed(tmp_path, monkeypatch):
    _serve(monkeypatch, tmp_path, b"<html>Service unavailable</html>")
    folder = tmp_path / "home"
    with pytest.raises(ValueError, match="not a valid zip archive"):
        load_online_shoppers(folder)
    assert list(folder.iterdir()) == []


def test_zip_without_the_csv_is_rejected(tmp_path, monkeypatch):
    _serve(monkeypatch, tmp_path, _zip_bytes(b"a,b\n1,2\n", member="other.csv"))
    folder = tmp_path / "home"
    with pytest.raises(ValueError, match=f"does not contain exactly one {ONLINE_SHOPPERS_FILE}"):
        load_online_shoppers(folder)
    assert list(folder.iterdir()) == []


@needs_csv
def test_download_of_a_truncated_csv_is_rejected_and_removed(tmp_path, monkeypatch, payload):
    _serve(monkeypatch, tmp_path, _zip_bytes(payload[:200_000]))
    folder = tmp_path / "home"
    with pytest.raises(ValueError, match=r"has \d+ fields|expected 12,330 rows"):
        load_online_shoppers(folder)
    assert list(folder.iterdir()) == []


# --- a successful (local, fake) download ----------------------------------------------------

@needs_csv
def test_download_reads_the_csv_out_of_the_zip_and_stores_it_atomically(tmp_path, monkeypatch,
                                                                         payload, capsys):
    lf = payload.replace(b"\r\n", b"\n")        # UCI's bytes may differ in line endings
    _serve(monkeypatch, tmp_path, _zip_bytes(lf))
    folder = tmp_path / "home"
    frame = load_online_shoppers(folder)
    assert frame.attrs["source"] == "download"
    assert frame.shape == (12_330, 18) and int(frame["Revenue"].sum()) == 1_908
    assert sorted(p.name for p in folder.iterdir()) == [ONLINE_SHOPPERS_FILE]
    assert (folder / ONLINE_SHOPPERS_FILE).read_bytes() == lf
    assert "downloading" in capsys.readouterr().err          # the progress bar
    # the second call reads the stored file and does not download again
    monkeypatch.setattr(data, "ONLINE_SHOPPERS_URL", (tmp_path / "gone.zip").as_uri())
    again = load_online_shoppers(folder)
    assert again.attrs["source"] == "file"
    pd.testing.assert_frame_equal(frame, again)


@needs_csv
def test_default_cache_folder_without_RECBOOK_DATA(tmp_path, monkeypatch, payload):
    monkeypatch.delenv("RECBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _serve(monkeypatch, tmp_path, _zip_bytes(payload))
    frame = load_online_shoppers()
    assert frame.attrs["path"] == str(tmp_path / "cache" / "recbook" / ONLINE_SHOPPERS_FILE)
    assert frame.attrs["sha256_matches_reference"] is True


# --- bad arguments -----------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, message", [
    (dict(data_home=3), TypeError, "data_home must be a str, a pathlib.Path or None, got int"),
    (dict(data_home=["a"]), TypeError, "data_home must be a str"),
    (dict(download="yes"), TypeError, "download must be True or False, got str 'yes'"),
    (dict(download=1), TypeError, "download must be True or False"),
])
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        load_online_shoppers(**kwargs)
