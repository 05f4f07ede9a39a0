#!/usr/bin/env bash
# Run every check and the whole test suite: lint, format, layers, migrations, the fast suite
# (SQLite, Celery eager) and the integration suite (real PostgreSQL, Redis, Celery worker).
# Integration services are found through the environment (see tests/integration/harness.py);
# with CI=true a missing service fails the run instead of skipping.
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
