# Two entry points on a fresh machine: `make test` and `make notebooks`.
.PHONY: setup test notebooks bench fixtures image serve

# SST-2 is never committed: it is read from ../shared/data/sst2 beside this checkout or, for a
# fresh clone made elsewhere (as CI makes one), beside the repository it was cloned from.
# TORCHLAB_SST2_DIR set by the caller wins.
ORIGIN := $(shell git config --get remote.origin.url 2>/dev/null)
export TORCHLAB_SST2_DIR ?= $(abspath $(patsubst %/train.tsv,%,$(firstword $(wildcard ../shared/data/sst2/train.tsv $(ORIGIN)/../shared/data/sst2/train.tsv))))

setup: node_modules/.setup-done
node_modules/.setup-done: package-lock.json scripts/setup.sh
	bash scripts/setup.sh
	touch $@

test: setup
	npm test

notebooks: setup
	npm run notebooks

bench: setup
	npm run bench

# The course image (docker/Dockerfile): FROM the Debian 12 base docker/base/build.sh makes, or from
# BASE=... (e.g. quay.io/jupyter/base-notebook:latest) where a registry is reachable.
image: setup
	npm run image -- $(if $(BASE),--base $(BASE))

# The lectures in this machine's Jupyter (JupyterLab if installed, else the classic Notebook).
serve: setup
	npm run serve -- $(if $(PORT),--port $(PORT))

fixtures:
	/usr/bin/python3 test/oracle/generate.py
