# make site      set up the environment, validate the data, build site/
# make test      set up (Python packages and Debian's chromium), run every test
# make validate  data checks only; non-zero exit on bad data
# make serve     preview site/ on http://127.0.0.1:8000/
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)

.PHONY: site test validate serve browser clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# SITE_ENGINE=zensical builds with Zensical, Material for MkDocs' successor.
site: $(STAMP)
	$(PY) build_site.py build --out site $(if $(SITE_URL),--site-url "$(SITE_URL)") $(if $(SITE_ENGINE),--engine "$(SITE_ENGINE)")

validate: $(STAMP)
	$(PY) build_site.py validate

serve: site
	$(PY) build_site.py serve --out site

# Browser tests drive Debian's Chromium (no browser download is possible);
# set CHROMIUM=/path/to/chrome to use another Chromium-based browser.
browser:
	@[ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# On every core (pytest-xdist); each kind of site is still built once (tests/conftest.py).
test: $(STAMP) browser
	$(PY) -m pytest -n auto

clean:
	rm -rf site build .pytest_cache
