# Lentera: `make run` serves the app, `make test` checks everything. Needs only python3.11 and make.
UV := .tools/bin/uv
RUN := $(UV) run --frozen
DB ?= data/lentera.duckdb

.PHONY: run test lint typecheck pytest bench browser env clean

env: .venv/.synced

$(UV):
	python3.11 -m venv .tools || python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

.venv/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }
	@command -v chromium >/dev/null 2>&1 || { echo "chromium is required for the browser tests"; exit 1; }

lint: env
	$(RUN) ruff format --check .
	$(RUN) ruff check .

typecheck: env
	$(RUN) mypy .

pytest: env browser
	$(RUN) pytest

test: lint typecheck pytest

run: env
	$(RUN) lentera init --db $(DB) --demo-if-empty
	$(RUN) streamlit run app.py --server.address 127.0.0.1 --server.port 8501 -- --db $(DB)

bench: env
	$(RUN) python bench/transitions.py
	$(RUN) --group bench python bench/polling.py
	$(RUN) python bench/polling_pages.py
	$(RUN) python bench/open_answers.py
	$(RUN) --group bench python bench/compliance.py
	$(RUN) python bench/pages.py
	$(RUN) python bench/flowchart.py
	$(RUN) python bench/admin_page.py
	$(RUN) python bench/dip.py

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache
