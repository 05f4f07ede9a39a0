"""The event spine's public interface.

from lms.events import api as events

@transaction.atomic
def organization_create(...):
    ...
    events.record(OrganizationCreated(organization_id=org.public_id))

@events.handler("organizations.organization.created.v1")
def greet_new_organization(event: events.ReceivedEvent) -> None: ...
"""

from __future__ import annotations

from collections.abc import Callable

from .registry import DomainEvent, ReceivedEvent, register_handler
from .services import EventPayloadInvalid, OutsideTransactionError, TransientError, record

__all__ = [
    "DomainEvent",
    "EventPayloadInvalid",
    "OutsideTransactionError",
    "ReceivedEvent",
    "TransientError",
    "handler",
    "record",
]


def handler(
    event_type: str,
    *,
    name: str | None = None,
    retry_on: tuple[type[BaseException], ...] = (),
) -> Callable[[Callable[[ReceivedEvent], None]], Callable[[ReceivedEvent], None]]:
    """Subscribe the decorated function to `event_type`.

    The function runs in a transaction together with the processed-event record, once per event
    (at least once delivered, effectively once applied for database effects). It raises
    `TransientError` (or one of `retry_on`, or a connection or timeout error) to be retried with
    backoff; any other exception fails the run loudly for an operator to look at.
    """

    def decorate(func: Callable[[ReceivedEvent], None]) -> Callable[[ReceivedEvent], None]:
        register_handler(event_type, func, name=name, retry_on=retry_on)
        return func

    return decorate
