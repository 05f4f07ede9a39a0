#!/usr/bin/env bash
# Set up everything and run Sebaya with demo content on the embedded default (SQLite, Celery eager,
# e-mail to the console) at http://127.0.0.1:8000. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=lms.settings.dev
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
echo "Sebaya is starting at http://127.0.0.1:8000 (Ctrl+C stops it)."
exec .venv/bin/python manage.py runserver "${SEBAYA_ADDR:-127.0.0.1:8000}"
