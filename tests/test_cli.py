import subprocess
import sys

import nbformat
import pytest

from recbook._notebooks import execute_notebook, format_table, strip_volatile_metadata
from recbook.cli import main


def _notebook(path, *sources, metadata=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T")] + [nbformat.v4.new_code_cell(s) for s in sources]
    if metadata:
        nb.metadata.update(metadata)
    nbformat.write(nb, path)
    return path


def test_make_data_writes_files(tmp_path, capsys):
    assert main(["make-data", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "synthetic_impressions.csv").stat().st_size > 0
    assert "sha256" in capsys.readouterr().out


def test_run_executes_into_build_and_reports_a_table(tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "01_ok.ipynb", "x = 1 + 1\nprint(x)")
    out = tmp_path / "build"
    assert main(["run", "--folder", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| 01_ok.ipynb | ok |" in printed
    executed = nbformat.read(out / "notebooks" / "01_ok.ipynb", as_version=4)
    assert executed.cells[1].outputs[0]["text"] == "2\n"
    assert len(executed.cells) == 2, "the memory probe cell must be removed"
    assert (out / "notebooks" / "01_ok.html").exists()
    assert (out / "run_table.csv").read_text().startswith("notebook,status,seconds,peak_mb\n01_ok.ipynb,ok,")


def test_run_fails_with_nonzero_exit_when_a_notebook_fails(tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "01_bad.ipynb", "raise RuntimeError('boom')")
    assert main(["run", "--folder", str(folder), "--out", str(tmp_path / "b")]) == 1
    assert "FAILED" in capsys.readouterr().out


def test_notebook_needing_real_data_is_skipped_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.delenv("RECBOOK_DATA", raising=False)
    path = _notebook(tmp_path / "10_x.ipynb", "print(1)", metadata={"recbook": {"requires_data": "online_shoppers"}})
    result = execute_notebook(path, tmp_path / "out.ipynb")
    assert result.status == "skipped"
    assert "RECBOOK_DATA" in result.detail


def test_peak_memory_is_measured(tmp_path):
    path = _notebook(tmp_path / "01_mem.ipynb", "import numpy as np\na = np.ones(50_000_000)\na.sum()")
    result = execute_notebook(path, tmp_path / "o.ipynb")
    assert result.status == "ok"
    assert result.peak_mb > 380  # the kernel held a 400 MB array


def test_strip_volatile_metadata_keeps_outputs():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nb.cells = [cell]
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    strip_volatile_metadata(nb)
    assert "execution" not in nb.cells[0].metadata
    assert nb.metadata["language_info"] == {"name": "python"}
    assert nb.cells[0].outputs[0]["text"] == "1\n"


def test_format_table_totals():
    from recbook._notebooks import RunResult
    text = format_table([RunResult("a.ipynb", "ok", 1.0, 100.0), RunResult("b.ipynb", "ok", 2.5, 300.0)])
    assert "| **total** | 2/2 ok | 3.5 | 300 (max) |" in text


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "recbook", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "make-data" in result.stdout and "run" in result.stdout


def test_unknown_command_exits_with_usage():
    with pytest.raises(SystemExit) as info:
        main(["nope"])
    assert info.value.code == 2


def test_split_prints_are_stored_as_one_stream_output(tmp_path):
    # a busy machine makes the kernel send one print in several chunks; the runner must store
    # them as one output (as nbval compares them), or re-executing would change the file
    path = _notebook(tmp_path / "01_s.ipynb",
                     "import sys, time\nfor i in range(3):\n    print(i, end='')\n    sys.stdout.flush()\n    time.sleep(0.2)\nprint()")
    result = execute_notebook(path, tmp_path / "o.ipynb")
    outputs = nbformat.read(tmp_path / "o.ipynb", as_version=4).cells[1].outputs
    assert result.status == "ok"
    assert [(o["output_type"], o["text"]) for o in outputs] == [("stream", "012\n")]


def test_case_study_prints_the_part_b_table_and_writes_png_figures(tmp_path, capsys):
    out = tmp_path / "figures"
    code = main(["case-study", "--seed", "3", "--n-samples", "600", "--out", str(out),
                 "--n-splits", "3", "--n-repeats", "1"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "books (label 1" in printed and "balanced_accuracy" in printed and "pr_auc" in printed
    for method in ("none", "class_weight_N/(C*Nc)", "smote", "ensemble_M5", "threshold_tuned"):
        assert method in printed
    for name in ("case_study_intervals.png", "case_study_categories.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = (out / "case_study_summary.csv").read_text().splitlines()
    assert summary[0] == "dataset,method,learner,metric,mean,std,ci_low,ci_high,n_folds"


def test_case_study_is_deterministic_for_a_seed(tmp_path, capsys):
    args = ["case-study", "--seed", "5", "--n-samples", "600", "--n-splits", "3", "--n-repeats", "1"]
    main(args + ["--out", str(tmp_path / "a")])
    main(args + ["--out", str(tmp_path / "b")])
    assert (tmp_path / "a" / "case_study_summary.csv").read_text() == (tmp_path / "b" / "case_study_summary.csv").read_text()


def test_case_study_rejects_too_few_samples(tmp_path, capsys):
    assert main(["case-study", "--n-samples", "100", "--out", str(tmp_path)]) == 2
    assert "--n-samples must be >= 500" in capsys.readouterr().err


def test_case_study_is_reachable_through_python_m_and_the_console_script():
    import shutil
    from pathlib import Path

    result = subprocess.run([sys.executable, "-m", "recbook", "case-study", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "--n-samples" in result.stdout and "--out" in result.stdout
    script = shutil.which("recbook", path=str(Path(sys.executable).parent))
    assert script is not None, "the recbook console script is installed next to the interpreter"
    result = subprocess.run([script, "case-study", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--seed" in result.stdout
