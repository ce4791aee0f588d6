# The two commands: `make serve` and `make test`. Each sets up what it needs on a fresh machine.
VENV    := .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# A service's own config (overlay): make build CONFIG=examples/service-overlay/mkdocs.yml
CONFIG  ?= mkdocs.yml
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build check lint test test-fast bench audit scorm clean

serve: $(VENV)/.site  ## build and serve on http://127.0.0.1:8000, rebuilding on every change
	$(MKDOCS) serve -f $(CONFIG) --dev-addr 127.0.0.1:8000

build: $(VENV)/.site  ## strict build into site/, replaced only when the build succeeds
	$(PY) -m scripts.build_site --config $(CONFIG) --site-dir site

check: $(VENV)/.site  ## the content checks alone, in about a second (of CONFIG, e.g. an overlay)
	$(PY) -m hooks check --config $(CONFIG)

lint: $(VENV)/.test  ## ruff, configured in pyproject.toml
	$(VENV)/bin/ruff check hooks tests scripts

test: lint node_modules/.installed /usr/bin/chromium  ## lint, then every test, browser tests included
	$(PY) -m pytest

test-fast: $(VENV)/.test  ## the checks and unit tests, without a browser or a site build, for the edit loop
	$(PY) -m pytest -m "not browser and not build" -q

bench: $(VENV)/.site  ## build times and page weight
	$(PY) -m scripts.bench

scorm: $(VENV)/.site  ## SCORM 1.2 package for a learning management system: dist/<course>-scorm12.zip
	$(PY) -m scripts.scorm_package

audit: $(VENV)/.test scripts/audit-tools/node_modules/.installed /usr/bin/chromium  ## page weight and Lighthouse scores
	$(PY) -m scripts.audit

$(VENV)/.site: requirements.txt
	dpkg -s libcairo2 fonts-dejavu-core >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libcairo2 fonts-dejavu-core; }  # CairoSVG draws the slides' diagrams with them
	[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.site requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json  # axe-core and scorm-again: test tools only
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

scripts/audit-tools/node_modules/.installed: scripts/audit-tools/package.json scripts/audit-tools/package-lock.json  # Lighthouse, for make audit only
	npm ci --prefix scripts/audit-tools --no-audit --no-fund --loglevel=error
	touch $@

/usr/bin/chromium:  # Debian's Chromium for the browser tests (never a downloaded browser build)
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

clean:
	rm -rf site dist .pytest_cache
