"""Binder configuration: files, their contents, and a Docker-free render with repo2docker."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
THREAD_VARIABLES = ("PYTHONHASHSEED=0", "OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1", "MKL_NUM_THREADS=1")


def test_binder_environment_is_the_top_level_file():
    binder_env = BINDER / "environment.yml"
    assert binder_env.exists()
    assert binder_env.read_bytes() == (ROOT / "environment.yml").read_bytes()


def test_postbuild_is_strict_and_installs_recbook_without_deps():
    text = (BINDER / "postBuild").read_text()
    assert os.access(BINDER / "postBuild", os.X_OK)
    assert "set -euo pipefail" in text
    assert "pip install --no-deps -e ." in text
    assert "import recbook" in text


def test_start_sets_the_reproducibility_variables_and_execs():
    text = (BINDER / "start").read_text()
    assert os.access(BINDER / "start", os.X_OK)
    for assignment in THREAD_VARIABLES:
        assert f"export {assignment}" in text
    assert text.rstrip().splitlines()[-1] == 'exec "$@"'
    assert "MPLBACKEND" not in text


def test_makefile_sets_the_same_variables_and_never_mplbackend():
    text = (ROOT / "Makefile").read_text()
    for assignment in THREAD_VARIABLES:
        name, value = assignment.split("=")
        assert f"export {name} := {value}" in text
    assert "MPLBACKEND" not in text


def test_readme_binder_badge_opens_the_index_in_lab():
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/badge_logo.svg" in readme
    assert "?urlpath=lab/tree/notebooks/00_index.ipynb" in readme


@pytest.mark.slow
def test_repo2docker_renders_conda_env_postbuild_and_start(tmp_path):
    repo2docker = Path(sys.executable).parent / "jupyter-repo2docker"
    if not repo2docker.exists():
        repo2docker = shutil.which("jupyter-repo2docker")
    assert repo2docker, "jupyter-repo2docker is part of the test extra"
    # render a copy holding only what Binder reads, so the result does not depend on build/ or .venv/
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "build", ".git", "__pycache__",
                                                              ".pytest_cache", ".hypothesis"),
                    symlinks=True)
    result = subprocess.run([str(repo2docker), "--no-build", "--debug", str(copy)],
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Building conda environment for python=3.11" in output
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "binder/environment.yml"' in output
    assert "RUN ./binder/postBuild" in output
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in output
