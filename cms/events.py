"""Events the cms app records."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from lms.events.api import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PagePublished(DomainEvent):
    """A page revision went live (first publication or an update).

    `material_change` is the page's own flag (course and module pages let editors say that a
    change affects what trainees learned); pages without one report False.
    """

    type: ClassVar[str] = "cms.page.published.v1"
    page_id: int
    page_type: str
    locale: str
    revision_id: int
    translation_key: UUID
    material_change: bool
    published_by_id: UUID | None
