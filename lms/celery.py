"""The Celery application, wired as the Celery documentation shows for Django."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("sebaya")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
@signals.task_postrun.connect
def _recycle_database_connections(task=None, **kwargs) -> None:
    """Keep persistent database connections in workers (CONN_MAX_AGE, CONN_HEALTH_CHECKS) the way
    Django does around a request. Celery's own fixup would close them after every task unless
    CELERY_DB_REUSE_MAX is set; it is, and this drops the unusable or expired ones."""
    if task is not None and getattr(task.request, "is_eager", False):
        return  # inside the caller's transaction: never touch its connection
    from django.db import close_old_connections

    close_old_connections()
