# Two commands matter: `make run` and `make test`. Both work on a fresh clone with only python3.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
BUNDLE := build/content.db

.PHONY: run test lint bench bench-counts shots phone-shots catalogs clean lock wheel package package-test

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

$(BUNDLE): $(STAMP) $(wildcard data/content/*.yaml) $(wildcard data/rules/*.yaml)
	$(VENV)/bin/kiosk content build data/content -o $(BUNDLE)

run: $(STAMP) $(BUNDLE)
	$(VENV)/bin/nssf-kiosk --windowed --bundle $(BUNDLE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk ui tests bench packaging/lib/share-unchanged-files

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

# 500 kiosks x 30 days through the real recorder and uploader, to a folder and to SeaweedFS,
# then the report (about 12 minutes): bench/results-counts.md
bench-counts: $(STAMP)
	$(PY) bench/bench_counts.py

# Every screen at every kiosk size and text size into build/shots; the README's few into docs/shots.
README_SHOTS := attract-km-1280x800-normal home-km-1280x800-normal benefit-km-1280x800-normal \
	checklist-en-1280x800-normal interview-km-1280x800-normal decision-en-1280x800-normal \
	search-km-1280x800-normal print-km-1280x800-normal staff-open-km-1280x800-normal \
	staff-pin-en-1280x800-normal staff-printer-km-1280x800-normal benefit-staff-km-1280x800-normal \
	home-km-1080x1920-normal checklist-km-1080x1920-normal decision-km-1080x1920-large \
	home-km-1920x1080-normal start-km-800x480-normal guide-km-1280x800-normal \
	monthly-en-1280x800-normal home-employer-km-1280x800-normal
shots: $(STAMP) $(BUNDLE)
	rm -rf build/shots
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/nssf-kiosk --shots build/shots --bundle $(BUNDLE)
	rm -f docs/shots/*.png
	for name in $(README_SHOTS); do cp build/shots/$$name.png docs/shots/; done

# The README's phone pictures (docs/phone, 390x844), taken by the phone site's browser tests
phone-shots: $(STAMP)
	PHONE_SHOTS=docs/phone QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/e2e/test_phone_site.py \
		-k "wrap_at_words or service_worker"

# Interface strings: extract from the code, merge into km/en catalogs, compile; and the CLDR
# number and date data taken from babel (kiosk/locale/formats.json).
# the functions whose first argument is an interface string (FactError: its second); the
# catalog test extracts with the same (tests/core/test_catalogs.py KEYWORDS)
CATALOG_KEYWORDS := -k tr -k N_ -k Msg -k KioskError -k SyncError -k PrintError -k UnsafePath \
	-k SyncTimedOut -k FactError:2
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg $(CATALOG_KEYWORDS) -o kiosk/locale/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i kiosk/locale/messages.pot -d kiosk/locale --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d kiosk/locale --statistics
	$(PY) -m kiosk.locale_formats  # babel's CLDR symbols and month names the kiosk formats with

clean:
	rm -rf build .pytest_cache

# The runtime lock (hashes, every Python the package supports): run after changing
# `dependencies` in pyproject.toml, and commit packaging/requirements.lock.
lock: $(STAMP)
	$(PY) -m pip install -q "uv>=0.9,<1"
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
		--no-header --annotation-style line -q -o packaging/requirements.lock

wheel: $(STAMP)
	$(PY) -m pip wheel -q --no-deps -w build/wheel .

# The Debian package (build/deb/nssf-kiosk_VERSION_amd64.deb) and its test on a fresh Debian 12
# root (root needed; about 6 minutes and 4.7 GB of disk, run by .ci/run): see packaging/package-test.sh.
package: $(STAMP)
	packaging/build-deb.sh build/deb

package-test: $(STAMP)
	packaging/package-test.sh
