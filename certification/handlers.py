"""What the certification app does when things happen."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth import get_user_model

from courses import api as courses
from lms.events import api as events

from .credentials import notifications
from .credentials import services as credential_services


@events.handler("certification.attempt.passed.v1")
def complete_course_on_attempt_passed(event: events.ReceivedEvent) -> None:
    """A passed quiz may be the last thing a course needed. Idempotent (the course completes
    once)."""
    user_id = (
        get_user_model()
        .objects.filter(public_id=event.holder_id)
        .values_list("pk", flat=True)
        .first()
    )
    if user_id is None:
        return  # the holder erased their account since
    courses.course_completion_evaluate(user_id=user_id, course_key=UUID(event.course_id))


def _user_id(holder_public_id: str) -> int | None:
    return (
        get_user_model()
        .objects.filter(public_id=holder_public_id)
        .values_list("pk", flat=True)
        .first()
    )


def _evaluate_credentials(event: events.ReceivedEvent) -> None:
    """Something a programme counts may have changed: issue or renew what is now met. Reads the
    current state, so duplicates and any order of events give one credential."""
    user_id = _user_id(event.holder_id)
    if user_id is not None:
        credential_services.credentials_evaluate(user_id=user_id)


for _type in (
    "certification.attempt.passed.v1",
    "certification.practicum.approved.v1",
    "certification.attestation.signed.v1",
):
    events.handler(_type, name=f"certification.credentials_evaluate.{_type}")(_evaluate_credentials)


@events.handler("courses.course.completed.v1")
def evaluate_credentials_on_course_completed(event: events.ReceivedEvent) -> None:
    user_id = _user_id(event.user_id)
    if user_id is not None:
        credential_services.credentials_evaluate(user_id=user_id)


@events.handler("courses.module.completed.v1")
def evaluate_credentials_on_module_completed(event: events.ReceivedEvent) -> None:
    """Hours by domain (and continuing education for renewals) grow with each module."""
    user_id = _user_id(event.user_id)
    if user_id is not None:
        credential_services.credentials_evaluate(user_id=user_id)


@events.handler("certification.credential.issued.v1")
def email_holder_on_issue(event: events.ReceivedEvent) -> None:
    notifications.credential_issued(credential_id=UUID(event.credential_id))


@events.handler("certification.credential.renewed.v1")
def email_holder_on_renewal(event: events.ReceivedEvent) -> None:
    notifications.credential_issued(credential_id=UUID(event.credential_id))


@events.handler("certification.credential.expiring.v1")
def email_holder_on_expiring(event: events.ReceivedEvent) -> None:
    notifications.credential_expiring(
        credential_id=UUID(event.credential_id), days_before=event.days_before
    )
