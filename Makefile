# The two commands a newcomer needs: `make serve` (preview) and `make test` (all checks).
# Both create the virtual environment from the hash-locked requirements on first use.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RUN := PYTHONPATH=src NO_MKDOCS_2_WARNING=1 $(if $(SITE_URL),SITE_URL=$(SITE_URL)) $(BIN)/python -m explainer
STAMP := $(VENV)/.installed
# Bytecode of src/, compiled once after each change: where PYTHONDONTWRITEBYTECODE is set, Python
# would otherwise compile every module at every run (here `make pages` took 0.27 s, now 0.25 s).
BYTECODE := $(VENV)/.bytecode

.PHONY: serve test build pages check links uncovered stale suggest add-seed bench lock clean

$(STAMP): requirements/build.txt requirements/test.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/build.txt -r requirements/test.txt
	@touch $(STAMP)

$(BYTECODE): $(STAMP) $(wildcard src/explainer/*.py src/explainer/*/*.py)
	@$(BIN)/python -m compileall -q src
	@touch $(BYTECODE)

serve: $(BYTECODE)  ## preview at http://127.0.0.1:8000; edits to content/ and seeds/ reload the page
	PYTHONPATH=src NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

test: $(STAMP)  ## type checks, unit and fixture tests, the strict site build, determinism
	$(BIN)/python -m mypy
	PYTHONPATH=src $(BIN)/python -m pytest

# A page's links are published once it is built (drafts never are), so the build records them:
# after adding a page, `make build` then `make test` pass with no other step.
build: $(BYTECODE)  ## generate docs/, build site/ with mkdocs build --strict, add its new links to published-links.txt
	$(RUN) links

pages: $(BYTECODE)  ## generate docs/ only
	$(RUN) pages

links: $(BYTECODE)  ## build, then add the site's new URLs and anchors to published-links.txt
	$(RUN) links

uncovered: $(BYTECODE)  ## list checkable statements of the seeds and of the pages' prose that nothing checks
	$(RUN) uncovered

stale: $(BYTECODE)  ## list every claim and fact due for re-checking, oldest first
	$(RUN) stale

check: $(BYTECODE)  ## validate every input; write nothing
	$(RUN) check

suggest:  ## make suggest SEED=<seed id>: proposed corrections as YAML on standard output (applies nothing)
	@test -n "$(SEED)" || { echo 'usage: make suggest SEED=<seed id from seeds/manifest.yml>' >&2; exit 2; }
	@$(MAKE) --no-print-directory $(BYTECODE) >&2  # setting up .venv prints; standard output is the YAML only
	@$(RUN) suggest "$(SEED)"

add-seed: $(BYTECODE)  ## make add-seed SEED=path KIND=kind TITLE="..." [ID=] [DATE=] [URL=] [SPEAKERS="A, B"]
	@test -n "$(SEED)" -a -n "$(KIND)" -a -n "$(TITLE)" || { echo 'usage: make add-seed SEED=path KIND=chat|article|transcript|caption-page TITLE="..." [ID=seed-id] [DATE=YYYY-MM-DD] [URL=...] [SPEAKERS="A, B"]'; exit 2; }
	$(RUN) add-seed "$(SEED)" --kind "$(KIND)" --title "$(TITLE)" --id "$(ID)" --date "$(DATE)" --url "$(URL)" --speakers "$(SPEAKERS)"

bench: $(BYTECODE)  ## measure build times, edit-to-reload and the audit figures; writes BENCHMARKS.md
	PYTHONPATH=src $(BIN)/python bench/bench.py

lock:  ## recompile the hash-locked requirements from requirements/*.in
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet pip-tools==7.6.2
	cd requirements && ../.lockenv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o build.txt build.in
	cd requirements && ../.lockenv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o test.txt test.in
	rm -rf .lockenv

clean:  ## remove the virtual environment and the built site
	rm -rf $(VENV) site .site-* .pytest_cache .mypy_cache .bench-cache src/explainer/__pycache__ src/explainer/*/__pycache__
