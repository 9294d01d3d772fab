"""One pinned set of versions: pyproject's ranges, the pip lock and environment.yml agree."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def _requirements(group=None):
    project = _pyproject()
    specs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {canonicalize_name(Requirement(s).name): Requirement(s) for s in specs}


def _pins(lines):
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert match, f"not an exact pin: {line!r}"
        pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


def _lock():
    return _pins((ROOT / "requirements" / "lock.txt").read_text().splitlines())


def _environment(path=ROOT / "environment.yml"):
    env = yaml.safe_load(Path(path).read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    return env, conda, _pins(pip_section)


RUNTIME = _requirements()
LAB = _requirements("lab")
TEST = _requirements("test")


@pytest.mark.parametrize("name", sorted(RUNTIME | LAB | TEST))
def test_every_direct_dependency_is_locked_inside_its_range(name):
    lock = _lock()
    assert name in lock, f"{name} is declared in pyproject.toml but missing from requirements/lock.txt"
    requirement = (RUNTIME | LAB | TEST)[name]
    assert requirement.specifier.contains(lock[name], prereleases=True), (
        f"lock pins {name}=={lock[name]} outside pyproject's range {requirement.specifier}")


@pytest.mark.parametrize("name", sorted(RUNTIME | LAB))
def test_environment_yml_pins_runtime_and_lab_dependencies_as_the_lock_does(name):
    _, _, pins = _environment()
    assert name in pins, f"{name} is a runtime/lab dependency but missing from environment.yml"
    assert pins[name] == _lock()[name], f"environment.yml pins {name}=={pins[name]}, lock {_lock()[name]}"


def test_environment_yml_has_nothing_pyproject_does_not_declare():
    _, _, pins = _environment()
    extra = set(pins) - set(RUNTIME | LAB | TEST)
    assert not extra, f"environment.yml pins packages pyproject.toml does not declare: {sorted(extra)}"


def test_environment_yml_pins_python_311():
    env, conda, _ = _environment()
    assert env["name"] == "recbook"
    assert "python=3.11" in conda, "Binder falls back to Python 3.10 unless python is pinned"


def test_lock_does_not_pin_the_project_itself():
    assert "recbook" not in _lock()


def test_requires_python():
    assert _pyproject()["requires-python"] == ">=3.11"
