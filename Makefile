# recbook -- two commands: `make run` (set up + execute every notebook) and `make test`.
# Works on a fresh machine with Python 3.11+ and make: the venv is created from the lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.recbook-installed

# Reproducibility: the stored outputs were produced with exactly these settings.
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export VECLIB_MAXIMUM_THREADS := 1
export NUMEXPR_NUM_THREADS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The real-data notebook reads the UCI CSV from RECBOOK_DATA; point it at the shared copy
# when it exists beside the project (a clone without it skips that notebook, saying why).
SHARED_DATA := $(abspath ../shared/data)
ifeq ($(origin RECBOOK_DATA), undefined)
ifneq ($(wildcard $(SHARED_DATA)/online_shoppers_intention.csv),)
export RECBOOK_DATA := $(SHARED_DATA)
endif
endif

# NB="02_x.ipynb 03_y.ipynb" limits run/notebooks/test-notebooks to some notebooks
NB ?=
NBVAL_FLAGS := --nbval --nbval-current-env --nbval-sanitize-with=tests/nbval_sanitize.cfg

.PHONY: help setup run test test-unit test-notebooks notebooks lab data lock bench grid site nav clean

help:
	@echo "make run        set up .venv, execute every notebook into build/, print time/memory table"
	@echo "make test       set up .venv, run unit + consistency tests and strict nbval on every notebook"
	@echo "make notebooks  re-execute every notebook in place (refresh stored outputs)"
	@echo "make lab        open JupyterLab at notebooks/00_index.ipynb"
	@echo "make data       regenerate data/ (python -m recbook make-data)"
	@echo "make site       build the static HTML site build/site/ from the executed notebooks (make run first)"
	@echo "make nav        regenerate every notebook's navigation header and footer"
	@echo "make grid       recompute data/best_practices_grid.csv (notebook 11's benchmark grid, ~10 min)"
	@echo "make bench      benchmark: notebook time/memory budgets, implementations vs libraries, make wall times"
	@echo "make lock       re-pin requirements/lock.txt from the current .venv"

$(STAMP): pyproject.toml requirements/lock.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "recbook needs Python >= 3.11, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements/lock.txt -e ".[lab,test]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/python -m recbook run --out build $(NB)

# docstring Examples are tests too (--doctest-modules on the package)
test: setup
	$(BIN)/python -m pytest tests recbook notebooks --doctest-modules $(NBVAL_FLAGS)

test-unit: setup
	$(BIN)/python -m pytest tests recbook --doctest-modules

test-notebooks: setup
	$(BIN)/python -m pytest $(if $(NB),$(addprefix notebooks/,$(NB)),notebooks) $(NBVAL_FLAGS)

notebooks: setup
	$(BIN)/python -m recbook run --inplace $(NB)

lab: setup
	$(BIN)/jupyter lab notebooks/00_index.ipynb

data: setup
	$(BIN)/python -m recbook make-data --out data

site: setup
	$(BIN)/python -m recbook site --build build --out build/site

nav: setup
	$(BIN)/python -m recbook nav

grid: setup
	$(BIN)/python -m recbook grid

bench: setup
	$(BIN)/python -m recbook bench --update-readme

lock: setup
	{ sed -n '1,2p' requirements/lock.txt; $(BIN)/python -m pip freeze --exclude-editable \
	  | grep -v -i -E '^(recbook|pip|setuptools|wheel)=='; } > requirements/lock.new
	mv requirements/lock.new requirements/lock.txt

clean:
	rm -rf build .pytest_cache
