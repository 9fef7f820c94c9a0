# make             list these targets (also: make help)
# make site        set up .venv, validate the data, build site/ (QUIET=1: errors only)
# make site SITE_URL=... REPOSITORY_URL=...   as CI builds: full addresses, error reports to the repository's issues
# make test        set up (Python packages and Debian's chromium), run every test
# make validate    data checks only; exit 1 on bad data (VERBOSE=1 lists known discrepancies)
# make serve       build, preview site/ on http://127.0.0.1:8000/, rebuild when data, config or templates change
# make browser     install Debian's chromium for the browser tests, if missing
# make clean       remove site/, build caches and pytest's cache
PYTHON ?= python3
# Python keeps each module compiled beside it (__pycache__/, ignored by git). A build
# starts several Python processes and the tests dozens: where the environment asks
# Python not to keep them (PYTHONDONTWRITEBYTECODE), each compiled the project again.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)

.PHONY: help site test validate serve browser clean
.DEFAULT_GOAL := help

# The list is the comment at the top of this file.
help:
	@sed -n 's/^# make/make/p' $(firstword $(MAKEFILE_LIST))

# The version check runs with the system's Python before the venv exists:
# an old Python gets one line saying which version is needed.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys, build_site; sys.exit(build_site.check_python())'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# SITE_ENGINE=zensical builds with Zensical, Material for MkDocs' successor.
site: $(STAMP)
	$(PY) build_site.py build --out site $(if $(QUIET),--quiet) $(if $(VERBOSE),--verbose) $(if $(SITE_URL),--site-url "$(SITE_URL)") $(if $(REPOSITORY_URL),--repository-url "$(REPOSITORY_URL)") $(if $(SITE_ENGINE),--engine "$(SITE_ENGINE)")

validate: $(STAMP)
	$(PY) build_site.py validate $(if $(VERBOSE),--verbose)

serve: site
	$(PY) build_site.py serve --out site --watch

# Browser tests drive Debian's Chromium (no browser download is possible);
# set CHROMIUM=/path/to/chrome to use another Chromium-based browser.
browser:
	@[ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# On every core (pytest-xdist); each kind of site, and the browser's sweep of all pages,
# is still made once per run and shared by the workers (tests/conftest.py).
test: $(STAMP) browser
	$(PY) -m pytest -n auto

clean:
	rm -rf site build .pytest_cache
