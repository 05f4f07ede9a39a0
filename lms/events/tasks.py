"""Celery entry points of the event spine. Each takes ids and calls a service."""

from celery import shared_task

from . import services
from .webhooks import services as webhooks


@shared_task(bind=True, name="lms.events.tasks.run_handler", max_retries=None, acks_late=True)
def run_handler(self, event_id: str, handler_name: str) -> str:
    outcome = services.handler_run_execute(event_id=event_id, handler_name=handler_name)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="lms.events.tasks.sweep", ignore_result=True)
def sweep() -> dict:
    result = services.sweep()
    return {"published": result.published, "redispatched": result.redispatched}


@shared_task(name="lms.events.tasks.purge", ignore_result=True)
def purge() -> int:
    return services.purge()


@shared_task(name="lms.events.tasks.deliver_webhook", ignore_result=True, acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a webhook delivery (does nothing unless it is due)."""
    return webhooks.delivery_attempt(delivery_id=delivery_id).status


@shared_task(name="lms.events.tasks.webhooks_due", ignore_result=True)
def webhooks_due() -> int:
    """Beat: send due webhook deliveries (retries, and any whose task message was lost)."""
    return webhooks.deliveries_dispatch_due()
