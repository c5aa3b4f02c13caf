# The two commands: `make run` (embedded demo) and `make test` (every test, real services).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# The venv is (re)installed when a lock changes: every package, transitive ones included, pinned with hashes.
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

# Services used by `make test`; override from the environment to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/policezalo
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

MINIAPP_STAMP := miniapp/node_modules/.installed-$(shell [ -f miniapp/package-lock.json ] && md5sum < miniapp/package-lock.json | cut -c1-12)

.PHONY: help install miniapp run test test-fast test-pgbouncer test-python test-miniapp test-deploy lock check-services lint bench bench-tools bench-http bench-sync bench-notify bench-inbox bench-usage bench-miniapp bench-soak

help:
	@echo "make run   - cài đặt, tạo dữ liệu mẫu và chạy tại http://localhost:$(PORT) (SQLite, Zalo giả lập)"
	@echo "make test  - chạy toàn bộ kiểm thử (PostgreSQL + Redis thật, trình duyệt Chromium headless)"
	@echo "make test-fast - kiểm thử nhanh, song song, bỏ các tầng chậm (fuzz lược đồ API, worker Celery thật, trình duyệt)"
	@echo "make lint  - ruff, mypy và lint của Mini App"

$(STAMP): requirements.lock requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

$(MINIAPP_STAMP): miniapp/package-lock.json
	cd miniapp && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Builds the Mini App into miniapp/www (served by Django at /app/). Skipped if there is no Mini App yet.
miniapp:
	@if [ -f miniapp/package.json ]; then $(MAKE) --no-print-directory $(MINIAPP_STAMP) && cd miniapp && npm run build --silent; fi

run: install miniapp
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	@echo ""
	@echo "  API:           http://localhost:$(PORT)/api/v1/units/"
	@echo "  Tài liệu API:  http://localhost:$(PORT)/api/docs/"
	@echo "  Quản trị:      http://localhost:$(PORT)/admin/   (tài khoản demo ở trên)"
	@echo "  Mini App:      http://localhost:$(PORT)/app/"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

check-services: install
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) manage.py check_services

# Tasks run eagerly in tests unless a test starts a real worker (the `celery_worker_process` fixture).
# Two pytest runs: everything but the `serial` tests (the browser) in parallel, one pytest-xdist worker per core, each
# with its own test database (test_<name>_gw0, …) and Redis database (TEST_REDIS_URL's number + worker index:
# tests/worker_services.py); then the `serial` tests alone. PYTEST_WORKERS=0 runs the first part in one process.
# xdist's default `--dist load` hands each worker tests in collection order, which keeps pytest-django's order (tests
# in a rolled-back transaction before those that flush the database and with it the rows migrations seeded);
# `--dist loadfile` would break it (a flushed worker then fails permission checks in later files).
PYTEST_WORKERS ?= auto
PYTEST_ENV = DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CELERY_TASK_ALWAYS_EAGER=true
test-python: install miniapp check-services
	$(PYTEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not serial" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PYTEST_ENV) $(PY) -m pytest -m serial $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The lookup, report, rating and sign-in API tests again, through a real PgBouncer in transaction mode (Debian's
# pgbouncer, started by tests/pgbouncer/conftest.py on a free port). Part of test-python too.
test-pgbouncer: install check-services
	$(PYTEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) -m pgbouncer $(PYTEST_ARGS)

# The quick loop: no slow tiers (schema fuzzing, real Celery workers, the browser), in parallel, no Mini App build.
test-fast: install check-services
	$(PYTEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not slow and not serial" $(PYTEST_ARGS)

test-miniapp: miniapp
	@if [ -f miniapp/package.json ]; then cd miniapp && npm test --silent; fi

test: lint test-python test-miniapp

# Every package pinned with hashes: requirements.lock (what the image installs) from requirements.txt, and
# requirements-dev.lock (what `make install` installs) from requirements-dev.txt, held to requirements.lock's versions
# so the tests run what the image runs. No index URL is written: pip installs from the machine's configured indexes.
# tests/test_deployment.py fails when a requirements file changed without `make lock`.
PIP_COMPILE := var/piptools/bin/pip-compile --quiet --generate-hashes --no-header --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock:
	@test -x var/piptools/bin/pip-compile || (python3 -m venv var/piptools && var/piptools/bin/pip install -q pip-tools==7.7.0)
	$(PIP_COMPILE) -o requirements.lock requirements.txt
	@printf -- '-r ../requirements-dev.txt\n-c ../requirements.lock\n' > var/requirements-dev.in
	$(PIP_COMPILE) -o requirements-dev.lock var/requirements-dev.in

# The real docker-compose.yml in containers, with the operator guide's routines drilled (deploy/drill.py): install,
# HTTPS, admin login, a report with a photo, sync folder, encrypted backup, wipe, restore, upgrade and rollback.
# Needs a Docker engine (started if installed); builds local stand-ins for the public images. Called by .ci/run.
test-deploy: install
	$(PY) deploy/drill.py $(DRILL_ARGS)

# Benchmarks (not part of `make test`): one table of ratios measured in the same run (bench/README.md).
#   make bench                                    everything, about 18 minutes on a 2-core machine
#   make bench BENCH_ARGS="--quick"               try the harness in about 6 minutes
#   make bench BENCH_ARGS="--skip soak,miniapp"   only some parts
bench: install miniapp bench-tools
	$(PY) bench/all.py $(BENCH_ARGS)

bench-tools:
	@command -v wrk >/dev/null && [ -x /usr/bin/chromium ] || \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk chromium >/dev/null)

bench-http: install bench-tools
	$(PY) bench/run.py $(BENCH_ARGS)

bench-inbox: install
	$(PY) bench/inbox.py $(BENCH_ARGS)

bench-usage: install
	$(PY) bench/usage_record.py $(BENCH_ARGS)

bench-sync: install
	$(PY) bench/sync.py $(SYNC_BENCH_ARGS)

bench-notify: install
	$(PY) bench/notify.py $(NOTIFY_BENCH_ARGS)

bench-miniapp: install miniapp bench-tools
	$(PY) bench/miniapp.py $(MINIAPP_BENCH_ARGS)

bench-soak: install
	$(PY) bench/soak.py $(SOAK_BENCH_ARGS)

# ruff (lint and format), mypy over backend/ (mypy.ini: django-stubs, djangorestframework-stubs), and the Mini App's
# `npm run lint` when package.json has that script.
lint: install
	$(VENV)/bin/ruff check backend tests bench deploy
	$(VENV)/bin/ruff format --check backend tests bench deploy
	$(VENV)/bin/mypy
	@if [ -f miniapp/package.json ] && node -e 'process.exit(require("./miniapp/package.json").scripts?.lint ? 0 : 1)'; then \
		$(MAKE) --no-print-directory $(MINIAPP_STAMP) && cd miniapp && npm run lint --silent; \
	else echo "miniapp: no lint script in package.json, skipped"; fi
