# Two commands for a planner or a developer: `make run` and `make test` (see README.md).
VENV ?= .venv
PORT ?= 8501
PY := $(VENV)/bin/python

.PHONY: run test lint typecheck unit data bench
run:
	@scripts/setup.sh runtime
	@echo "Gilan site-selection tool: open http://localhost:$(PORT) in your browser (Ctrl+C stops it)"
	@$(PY) -m ui.serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test:
	@scripts/setup.sh dev
	$(MAKE) --no-print-directory lint typecheck unit

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy spatial layers

unit:
	$(PY) -m pytest -q

# Benchmarks: our targets, then against GRASS GIS 8.2 (installed from apt-packages-bench.txt); run by hand.
bench:
	@scripts/setup.sh bench
	$(PY) bench/bench_targets.py
	$(PY) bench/bench_vs_grass.py --resolutions 100 30
	$(PY) bench/bench_ui.py

# Rebuild data/gilan from its public sources (needs the Debian packages in apt-packages-build.txt).
data:
	@scripts/setup.sh build
	$(PY) -m layers.build_gilan
