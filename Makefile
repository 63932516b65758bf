# Two entry points for people (see README): `make demo` and `make test`.
# Everything they need is installed here, into .venv/, from the pinned lockfile.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kronik build examples/corpus --db kronik.db

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

# Regenerate the lockfile after changing dependencies (needs uv: `pip install uv`).
lock:
	uv pip compile pyproject.toml scripts/build-requirements.in --extra dev --python-version 3.11 \
		--generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) kronik.db kronik.db-wal kronik.db-shm
