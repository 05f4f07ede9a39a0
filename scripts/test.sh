#!/usr/bin/env bash
# Run every check and the whole test suite: lint, format, layers, migrations, the fast suite
# (SQLite, Celery eager), the integration suite (real PostgreSQL, Redis, Celery worker) and the
# browser journeys (tests/e2e: Debian's Chromium against a server the suite starts).
# Integration services are found through the environment (see tests/integration/harness.py);
# with CI=true a missing service (or browser) fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }

step "ruff (lint)";          ruff check .
step "ruff (format)";        ruff format --check .
step "import-linter";        lint-imports
step "migrations";           DJANGO_SETTINGS_MODULE=lms.settings.test python manage.py makemigrations --check --dry-run
step "fast suite";           pytest -q -p no:cacheprovider "$@"
step "integration suite";    pytest -q -p no:cacheprovider --integration --ds=lms.settings.integration
step "browser (Chromium)";   bash scripts/install-browser.sh || [ "${CI:-}" != "true" ]
step "browser journeys";     pytest -q -p no:cacheprovider --e2e tests/e2e
