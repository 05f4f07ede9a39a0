"""What the courses app does when things happen elsewhere."""

from __future__ import annotations

from uuid import UUID

from django.utils.dateparse import parse_datetime

from lms.events import api as events

from .services import notices_record_for_material_change

MODULE_PAGE_TYPE = "courses.modulepage"


@events.handler("cms.page.published.v1")
def notify_trainees_of_material_module_change(event: events.ReceivedEvent) -> None:
    """A module was published with `material_change`: tell the trainees who completed it before
    (in any language) that it changed. Idempotent (one notice per trainee and revision)."""
    if event.page_type != MODULE_PAGE_TYPE or not event.material_change:
        return
    notices_record_for_material_change(
        module_key=UUID(event.translation_key),
        revision_id=event.revision_id,
        published_at=parse_datetime(event.occurred_at),
    )
