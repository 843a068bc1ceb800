# Shortlist: build, preview, test and publish the site.
# Every target sets up its own .venv from the pinned requirements first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
INPUTDIR ?= content
OUTPUTDIR ?= output
# make publish and make github build here, never into $(OUTPUTDIR)/, which make devserver serves.
PUBLISHDIR ?= publish-output
GITHUB_REMOTE ?= origin
GITHUB_PAGES_BRANCH ?= gh-pages
PELICANOPTS ?=

# The stamps are named after the requirements' contents, so editing a pin
# reinstalls, and nothing is reinstalled when only a file's date changes.
BUILD_STAMP := $(VENV)/.build-$(shell cat requirements.txt | sha256sum | cut -c1-16)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)

.DEFAULT_GOAL := help

.PHONY: help init venv html devserver publish github post import-blogger analytics report test lint bench bench-same clean

help:
	@echo "make init        make the site yours: name, author, address; clears the sample posts out of content/"
	@echo "                 (asks, or takes NAME= AUTHOR= SITEURL= TAGLINE= EMAIL=)"
	@echo "make devserver   build the site and serve it on http://$(HOST):$(PORT), rebuilding on every edit"
	@echo "                 (DRAFTS=yes also shows drafts under /drafts/)"
	@echo "make html        build the site into $(OUTPUTDIR)/ with development settings"
	@echo "make publish     build for the web into $(PUBLISHDIR)/ with publishconf.py; fails on any problem"
	@echo "make check       build as make publish does (into a temporary folder), then check every link and picture"
	@echo "make github      publish, then push $(PUBLISHDIR)/ to the $(GITHUB_PAGES_BRANCH) branch of $(GITHUB_REMOTE)"
	@echo "make post KIND=reflection|advice|job TITLE=\"...\"   start a new post"
	@echo "make import-blogger FILE=<export> [KIND=reflection|advice] [IMAGES=yes|no] [FORCE=yes]"
	@echo "                 move a Blogger blog in: posts, pages, comments, pictures; old addresses keep working"
	@echo "make analytics   fetch the new pageviews from GoatCounter into $(INPUTDIR)/analytics/ for Popular posts"
	@echo "                 (needs GOATCOUNTER_SITE and GOATCOUNTER_TOKEN; KEEP_GOING=yes exits 0 when it fails)"
	@echo "make report      views per listing and post, Apply clicks and top referrers, from $(INPUTDIR)/analytics/,"
	@echo "                 into reports/ (listings.csv, posts.csv, index.html): private, never published"
	@echo "make test        run every test (installs what the tests need first)"
	@echo "make bench       time the kit against plain Pelican at 1,000 and 5,000 posts (N=\"1000 5000\", RUNS=3, LABELS=3 a post,"
	@echo "                 BENCH_OUT=bench-results.json): cold and warm make publish, edit-to-preview, each target met or not;"
	@echo "                 about half an hour on 2 CPUs (N=1000 alone: a few minutes)"
	@echo "make clean       remove $(OUTPUTDIR)/ and caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BUILD_STAMP): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.build-*
	touch $@

$(DEV_STAMP): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.dev-* $(VENV)/.build-*
	touch $@ $(BUILD_STAMP)

venv: $(BUILD_STAMP)

# The kit's plugins and settings compiled to bytecode, as pip compiles what it installs
# (Pelican's own modules): Python writes these itself on a first import, except where
# PYTHONDONTWRITEBYTECODE is set (some CI runners and sandboxes), where every build
# compiled some 80 plugin modules again, 0.15-0.3 s of its start-up. Redone only when a
# plugin or settings file is newer than the last time. The stamp is kept beside the
# compiled files (this folder's, not the venv's: another copy of the kit may share it).
COMPILED_STAMP := plugins/__pycache__/compiled.stamp
$(COMPILED_STAMP): $(wildcard plugins/*/*.py) pelicanconf.py publishconf.py | $(BUILD_STAMP)
	$(BIN)/python -m compileall -q plugins pelicanconf.py publishconf.py
	mkdir -p $(@D)
	touch $@

# make html and make publish keep what they read in $(CACHEDIR)/ (one folder each) and
# read again only the files changed since (plugins/shortlist_warm_cache says what else
# throws the cache away); the pages are the same as a build from an empty cache. Passed
# in the environment, not with -e: a second -e in PELICANOPTS would replace the first.
CACHEDIR ?= .shortlist-cache

html: $(BUILD_STAMP) $(COMPILED_STAMP)
	SHORTLIST_CACHE_PATH="$(CACHEDIR)/html" $(BIN)/pelican $(INPUTDIR) -o $(OUTPUTDIR) -s pelicanconf.py $(PELICANOPTS)

# Pelican's --autoreload --listen, made for a fast edit-to-preview loop: the edited
# page first, then the rest (plugins/shortlist_tools/devserver.py says how).
devserver: $(BUILD_STAMP) $(COMPILED_STAMP)
	PYTHONPATH=plugins SHORTLIST_DRAFTS=$(DRAFTS) SHORTLIST_DEV_URL=http://$(HOST):$(PORT) \
		$(BIN)/python -m shortlist_tools.devserver $(INPUTDIR) -o $(OUTPUTDIR) -s pelicanconf.py \
		--bind $(HOST) --port $(PORT)

publish: $(BUILD_STAMP) $(COMPILED_STAMP)
	SHORTLIST_CACHE_PATH="$(CACHEDIR)/publish" $(BIN)/pelican $(INPUTDIR) -o $(PUBLISHDIR) -s publishconf.py $(PELICANOPTS)

# Everything make publish checks, plus every link and picture on every page, each
# problem named with the file to fix; built in a temporary folder, never $(OUTPUTDIR)/.
.PHONY: check
check: $(BUILD_STAMP) $(COMPILED_STAMP)
	PYTHONPATH=plugins $(BIN)/python plugins/shortlist_tools/check.py $(INPUTDIR) -s publishconf.py

# ghp-import commits $(PUBLISHDIR)/ onto the pages branch with git plumbing: the
# current branch and the working tree are left alone. The remote's branch, when it
# has one (ls-remote exits 2 when it has none: the first publish), is fetched first,
# so its history is kept when this clone has never published. The commit names the
# last commit that touched $(INPUTDIR)/, and says so when the site holds uncommitted changes.
github: publish
	@found=0; git ls-remote --exit-code --heads $(GITHUB_REMOTE) $(GITHUB_PAGES_BRANCH) >/dev/null || found=$$?; \
	if [ $$found -eq 0 ]; then \
		git fetch --quiet $(GITHUB_REMOTE) +$(GITHUB_PAGES_BRANCH):$(GITHUB_PAGES_BRANCH) || exit 1; \
	elif [ $$found -eq 2 ]; then \
		echo "$(GITHUB_REMOTE) has no $(GITHUB_PAGES_BRANCH) branch yet: this first publish starts it."; \
	else \
		echo "Cannot reach $(GITHUB_REMOTE) (git ls-remote failed above): nothing was published." >&2; exit 1; \
	fi; \
	content=$$(git log -1 --format=%h -- $(INPUTDIR) 2>/dev/null); \
	message="Publish site from $(patsubst %/,%,$(INPUTDIR))/ at $${content:-no commit yet}"; \
	if [ -n "$$(git status --porcelain -- $(INPUTDIR) 2>/dev/null)" ]; then \
		message="$$message plus uncommitted changes"; \
	fi; \
	message="$$message (project at $$(git rev-parse --short HEAD 2>/dev/null || echo 'no commit'))"; \
	echo "$$message"; \
	$(BIN)/ghp-import --no-jekyll --push --remote $(GITHUB_REMOTE) --branch $(GITHUB_PAGES_BRANCH) \
		--message "$$message" $(PUBLISHDIR)

init: $(BUILD_STAMP)
	@$(BIN)/python plugins/shortlist_tools/init.py --name "$(NAME)" --author "$(AUTHOR)" \
		--siteurl "$(SITEURL)" --tagline "$(TAGLINE)" --email "$(EMAIL)"

post: $(BUILD_STAMP)
	$(BIN)/python plugins/shortlist_tools/new_post.py --kind "$(KIND)" --title "$(TITLE)"

# Moving from Blogger: posts, pages, comments and pictures into $(INPUTDIR)/ (README
# "Moving from Blogger"). Safe to run again: hand edits are kept unless FORCE=yes.
import-blogger: $(BUILD_STAMP)
	@if [ -z "$(FILE)" ]; then \
		echo "Say which export: make import-blogger FILE=<blog-MM-DD-YYYY.xml or Takeout's feed.atom> [KIND=reflection|advice] [IMAGES=yes|no] [FORCE=yes]"; \
		exit 2; fi
	PYTHONPATH=plugins $(BIN)/python -m blogger_import "$(FILE)" --content $(INPUTDIR) -s pelicanconf.py \
		--kind "$(or $(KIND),reflection)" --images "$(or $(IMAGES),yes)" --force "$(or $(FORCE),no)"

# "Popular posts" kept current from GoatCounter's API: only the pageviews since the
# last fetch are asked for (plugins/shortlist_tools/analytics_fetch.py says how). A
# failed fetch exits 1, or 0 with KEEP_GOING=yes (the Pages workflow), leaving the
# pageviews fetched before as they were.
analytics: $(BUILD_STAMP)
	@PYTHONPATH=plugins $(BIN)/python plugins/shortlist_tools/analytics_fetch.py --content $(INPUTDIR) \
		-s pelicanconf.py $(if $(filter yes,$(KEEP_GOING)),--keep-going)

# A private report for the site's owner: views per listing and post from the exports
# in $(INPUTDIR)/analytics/, counted back from the build date, into reports/ (git-ignored,
# never under $(OUTPUTDIR)/ or $(PUBLISHDIR)/). Reads the site as make publish would
# (plugins/shortlist_tools/report.py says how).
report: $(BUILD_STAMP)
	@PYTHONPATH=plugins $(BIN)/python plugins/shortlist_tools/report.py --content $(INPUTDIR) -s publishconf.py --out reports

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(DEV_STAMP)
	bash .ci/system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests $(PYTEST_ARGS)

# The benchmark: not a test. Generates N posts (N="1000 5000": each size in turn),
# builds them with the kit (make publish cold and warm too) and with plain Pelican side
# by side, times edit-to-preview, writes BENCH_OUT as JSON.
N ?= 1000 5000
RUNS ?= 3
LABELS ?= 3
BENCH_OUT ?= bench-results.json
bench: $(DEV_STAMP) $(COMPILED_STAMP)
	$(BIN)/python bench/run.py --posts $(N) --runs $(RUNS) --labels $(LABELS) --out $(BENCH_OUT)

# Proof that a change to the build changed no page: same corpus, working tree vs REF.
REF ?= HEAD
bench-same: $(DEV_STAMP) $(COMPILED_STAMP)
	$(BIN)/python bench/same_output.py --ref $(REF) --posts $(if $(filter 1000,$(firstword $(N))),300,$(firstword $(N)))

clean:
	rm -rf $(OUTPUTDIR) $(PUBLISHDIR) __pycache__ .pytest_cache .ruff_cache .shortlist-cache $(CACHEDIR)
