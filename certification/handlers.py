"""What the certification app does when things happen."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth import get_user_model

from courses import api as courses
from lms.events import api as events


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
