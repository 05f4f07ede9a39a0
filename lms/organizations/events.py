"""Events the organizations app records."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from lms.events.api import DomainEvent


@dataclass(frozen=True, kw_only=True)
class OrganizationCreated(DomainEvent):
    type: ClassVar[str] = "organizations.organization.created.v1"
    organization_id: UUID
    kind: str
