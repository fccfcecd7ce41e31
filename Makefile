# Two commands do all set-up: `make lab` and `make test` (see README.md).
# Both create .venv if needed and install the locked dependencies once; the install is
# redone only when requirements-lock.txt or pyproject.toml change.

# Another Python: make test PYTHON=python3.13 VENV=.venv-3.13 (a separate environment per
# version; README.md says which versions are tested).
PYTHON ?= $(shell command -v python3.11 || command -v python3 || command -v python)
VENV ?= .venv
ifeq ($(OS),Windows_NT)
VENV_BIN := $(VENV)/Scripts
else
VENV_BIN := $(VENV)/bin
endif
VPY := $(VENV_BIN)/python
STAMP := $(VENV)/.installed

# Quiet TensorFlow's C++ start-up logging in the kernels we start.
export TF_CPP_MIN_LOG_LEVEL := 2
# The committed outputs are TensorFlow's; `KERAS_BACKEND=jax make lab` runs the course on JAX.
KERAS_BACKEND ?= tensorflow
export KERAS_BACKEND

.PHONY: figures lab test test-jax test-torch test-portable unit install lint notebooks errors-index html site-check bench clean help

help:
	@echo "make lab    set up (first time only) and open JupyterLab at the course root, on notebook 00"
	@echo "make test   set up (first time only), then unit tests + every notebook under nbval"
	@echo "make unit   the package's unit tests only, for the edit-test loop (ARGS=--lf ...)"
	@echo "make test-jax  the same on the JAX backend, against the committed (TensorFlow) outputs"
	@echo "make test-torch  optional: PyTorch in its own .venv-torch, the same suite on KERAS_BACKEND=torch"
	@echo "make test-portable  every notebook under strict nbval with the numerics changed on purpose"
	@echo "make lint   ruff over the package, tests and notebooks"
	@echo "make notebooks  re-execute notebooks in place (for maintainers, before committing)"
	@echo "make errors-index  regenerate docs/errors.md from the executed error atlas (04b)"
	@echo "make minutes  recompute the reading minutes and rewrite the course tables (README, 00, instructor guide)"
	@echo "make html   render the executed notebooks as a static site in build/site/"
	@echo "make site-check  build the site, check every page's links and figures, screenshot one in Chromium"
	@echo "make figures  render README's, benchmarks/README.md's and the instructor guide's tables of measured figures from benchmarks/figures.csv"
	@echo "make bench  print the benchmark figures (see benchmarks/README.md; about an hour)"
	@echo "make clean  remove .venv (or VENV=...)"

install: $(STAMP)

# First refuse a Python outside pyproject.toml's requires-python, with the versions to use,
# instead of failing minutes later inside pip (scripts/check_python.py).
$(VPY):
	@test -n "$(PYTHON)" || { echo "make: no python3 found; install a Python that requires-python in pyproject.toml allows (README.md, Python versions), or pass PYTHON=..." >&2; exit 1; }
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(VPY) requirements-lock.txt pyproject.toml
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-lock.txt
	$(VPY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(VPY) -m ipykernel install --sys-prefix --name python3 \
		--display-name "Python 3 (CNN-LSTM course)" > /dev/null
	@touch $(STAMP)

# LAB_ARGS passes options through, e.g. make lab LAB_ARGS="--no-browser --port 8899"
# JupyterLab serves the course's root (so a lesson's links to solutions/, docs/, benchmarks/
# and evidence/ open in Lab) and opens notebook 00. As root (a container, many cloud
# machines) Jupyter refuses to start unless told --allow-root; make passes it and says so.
LAB_ARGS ?=
LAB_OPEN ?= notebooks/00_start_here.ipynb
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
lab: $(STAMP)
	@$(if $(LAB_ROOT),echo "make lab: running as root (a container?): passing --allow-root to JupyterLab")
	$(VPY) -m jupyter lab --ServerApp.root_dir=. $(LAB_ROOT) $(LAB_ARGS) $(LAB_OPEN)

# Two pytest workers (pytest-xdist) share the files out; --dist loadfile keeps each notebook
# whole, its cells in order in one worker's kernel: on 2 cores it beats one process (rows C of
# benchmarks/figures.csv). WORKERS=0: one process, as pytest alone.
WORKERS ?= 2
PARALLEL = $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile)

# --durations: every run ends with its 20 slowest checks, so the log says where the time goes.
DURATIONS ?= --durations=20
test: $(STAMP)
	KERAS_BACKEND=tensorflow $(VPY) -m pytest $(PARALLEL) $(DURATIONS)

# conftest.py lists what is TensorFlow's own (skipped, or run without comparing the output).
test-jax: $(STAMP)
	KERAS_BACKEND=jax $(VPY) -m pytest $(PARALLEL) $(DURATIONS)

# PyTorch, Keras 3's third backend: optional, not in .ci/run, in its own environment (.venv-torch:
# the lock plus PyTorch), against the committed (TensorFlow) outputs, with conftest.py's exceptions
# as for JAX. TORCH_SPEC is the PyTorch to install; PyPI's default Linux wheel brings the CUDA
# libraries (gigabytes), so point pip at PyTorch's CPU-only index with TORCH_PIP_ARGS (README.md,
# "PyTorch"). TORCH_TESTS picks what runs, e.g. TORCH_TESTS="tests notebooks/03_cnn_lstm.ipynb".
VENV_TORCH ?= .venv-torch
TORCH_PY := $(VENV_TORCH)/$(notdir $(VENV_BIN))/python
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
TORCH_TESTS ?=
$(VENV_TORCH)/.installed: requirements-lock.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no python3 found (README.md, Python versions)" >&2; exit 1; }
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV_TORCH)
	$(TORCH_PY) -m pip install --quiet --upgrade pip
	$(TORCH_PY) -m pip install --quiet -r requirements-lock.txt "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(TORCH_PY) -m pip install --quiet --no-deps -e .
	@touch $@

test-torch: $(VENV_TORCH)/.installed
	KERAS_BACKEND=torch $(TORCH_PY) -m pytest $(PARALLEL) $(DURATIONS) $(TORCH_TESTS)

# The same notebooks, the arithmetic changed on purpose: one thread everywhere (OpenMP, TensorFlow's
# intra- and inter-op pools, XLA's CPU runtime) and oneDNN off, so sums run in another order and
# round differently, as on another CPU. Strict nbval must still pass: a compared output or an
# asserted conclusion that this flips depends on the machine (README.md, "How the tests work").
PERTURBED := OMP_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 \
	TF_ENABLE_ONEDNN_OPTS=0 XLA_FLAGS=--xla_cpu_multi_thread_eigen=false
PORTABLE ?= notebooks solutions
test-portable: $(STAMP)
	$(PERTURBED) KERAS_BACKEND=tensorflow $(VPY) -c "import tensorflow as tf, os; \
		print('perturbed numerics: oneDNN', os.environ['TF_ENABLE_ONEDNN_OPTS'], \
		'| intra-op threads', os.environ['TF_NUM_INTRAOP_THREADS'], '| TensorFlow', tf.__version__)"
	$(PERTURBED) KERAS_BACKEND=tensorflow $(VPY) -m pytest $(PARALLEL) $(DURATIONS) $(PORTABLE)

# The edit-test loop: the unit tests only (no notebooks under nbval, no test marked slow: those
# train models or run doctests that do). ARGS passes options on, e.g. make unit ARGS=--lf.
unit: $(STAMP)
	$(VPY) -m pytest -o addopts= -m "not slow" tests $(ARGS)

# actionlint checks the GitHub workflow; its wheels cover every platform but Intel Macs, which
# say so instead of skipping in silence.
INTEL_MAC = $(VPY) -c "import platform, sys; sys.exit(sys.platform != 'darwin' or platform.machine() == 'arm64')"
lint: $(STAMP)
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .
	@if $(INTEL_MAC); then echo "make lint: no actionlint wheel for Intel Macs; .github/workflows is checked in CI"; \
	else $(VENV_BIN)/actionlint -no-color .github/workflows/*.yml && echo "actionlint: .github/workflows ok"; fi

# Re-execute notebooks in place; NB=notebooks/03_cnn_lstm.ipynb for just one.
notebooks: $(STAMP)
	KERAS_BACKEND=tensorflow $(VPY) scripts/execute_notebooks.py $(NB)

# The index of the error atlas, docs/errors.md, from the executed notebook 04b (nothing is run).
errors-index: $(STAMP)
	$(VPY) scripts/error_index.py

# Reading minutes of every notebook, by the course's rule, into the course tables of README.md,
# notebook 00 and docs/instructor.md (Markdown only, nothing is executed; the standard library
# only, so no install). `$(PYTHON) scripts/reading_minutes.py --check` fails on drift.
.PHONY: minutes
minutes:
	$(PYTHON) scripts/reading_minutes.py

# A static site of the committed (executed) notebooks and docs/, in course order:
# build/site/index.html (emptied first, so no page of a renamed notebook stays behind).
# Fails, listing them, if a page has a relative link that does not resolve inside build/site.
html: $(STAMP)
	rm -rf build/site
	$(VPY) scripts/build_site.py --out build/site

# Reads every page (a dead relative link or a page without its figures fails it), then opens one
# in Chromium from the system (Debian/Ubuntu: sudo apt-get install -y chromium).
# Not part of `make test`. Writes the screenshot to build/site-check.png.
site-check: html
	$(VPY) scripts/site_check.py --no-build --site build/site --screenshot build/site-check.png

# Print the benchmark figures; BENCH="windows" (or timedistributed, backends, course, course_task, fit, streaming) for just some.
BENCH ?= timedistributed backends windows course course_task fit streaming
bench: $(STAMP)
	@for b in $(BENCH); do $(VPY) benchmarks/bench_$$b.py || exit 1; echo; done

# The tables of measured figures, rendered from the one file that holds them.
figures: $(STAMP)
	$(VPY) benchmarks/figures.py

clean:
	rm -rf $(VENV)
