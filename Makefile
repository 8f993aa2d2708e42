# Two entry points on a fresh machine: `make test` and `make notebooks`.
.PHONY: setup test notebooks bench fixtures

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

fixtures:
	/usr/bin/python3 test/oracle/generate.py
