"""Celery entry points of the certification app."""

from celery import shared_task

from .services import attempts_submit_overdue


@shared_task(name="certification.tasks.submit_overdue_attempts", ignore_result=True)
def submit_overdue_attempts() -> int:
    """Beat, every minute: grade attempts whose time limit has passed, with their saved answers."""
    return attempts_submit_overdue()


@shared_task(name="certification.tasks.credentials_daily", ignore_result=True)
def credentials_daily() -> dict:
    """Beat, daily: end suspensions that reached their date, send due expiry reminders, expire
    what ended."""
    from .credentials.services import credentials_daily as run

    result = run()
    return {"reminded": result.reminded, "expired": result.expired, "reinstated": result.reinstated}
