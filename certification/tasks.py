"""Celery entry points of the certification app."""

from celery import shared_task

from .services import attempts_submit_overdue


@shared_task(name="certification.tasks.submit_overdue_attempts", ignore_result=True)
def submit_overdue_attempts() -> int:
    """Beat, every minute: grade attempts whose time limit has passed, with their saved answers."""
    return attempts_submit_overdue()
