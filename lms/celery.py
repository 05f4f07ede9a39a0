"""The Celery application, wired as the Celery documentation shows for Django."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("sebaya")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
