"""Events the organizations app records. Payloads carry public ids and facts, never e-mail
addresses, names or cohort names. Each type's JSON Schema is in event_schemas/."""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from lms.events.api import DomainEvent


@dataclass(frozen=True, kw_only=True)
class OrganizationCreated(DomainEvent):
    type: ClassVar[str] = "organizations.organization.created.v1"
    organization_id: UUID
    kind: str


@dataclass(frozen=True, kw_only=True)
class InvitationCreated(DomainEvent):
    type: ClassVar[str] = "organizations.invitation.created.v1"
    organization_id: UUID
    invitation_id: UUID
    role: str
    invited_by_id: UUID | None
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class InvitationResent(DomainEvent):
    type: ClassVar[str] = "organizations.invitation.resent.v1"
    organization_id: UUID
    invitation_id: UUID
    resent_by_id: UUID | None
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class InvitationRevoked(DomainEvent):
    type: ClassVar[str] = "organizations.invitation.revoked.v1"
    organization_id: UUID
    invitation_id: UUID
    revoked_by_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class InvitationAccepted(DomainEvent):
    type: ClassVar[str] = "organizations.invitation.accepted.v1"
    organization_id: UUID
    invitation_id: UUID
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class MemberJoined(DomainEvent):
    type: ClassVar[str] = "organizations.member.joined.v1"
    organization_id: UUID
    user_id: UUID
    role: str
    shares_progress: bool
    shares_credentials: bool


@dataclass(frozen=True, kw_only=True)
class MemberConsentChanged(DomainEvent):
    type: ClassVar[str] = "organizations.member.consent_changed.v1"
    organization_id: UUID
    user_id: UUID
    shares_progress: bool
    shares_credentials: bool


@dataclass(frozen=True, kw_only=True)
class MemberLeft(DomainEvent):
    type: ClassVar[str] = "organizations.member.left.v1"
    organization_id: UUID
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class MemberRoleChanged(DomainEvent):
    type: ClassVar[str] = "organizations.member.role_changed.v1"
    organization_id: UUID
    user_id: UUID
    role: str
    previous_role: str
    changed_by_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class CohortCreated(DomainEvent):
    type: ClassVar[str] = "organizations.cohort.created.v1"
    organization_id: UUID
    cohort_id: UUID


@dataclass(frozen=True, kw_only=True)
class CohortRenamed(DomainEvent):
    type: ClassVar[str] = "organizations.cohort.renamed.v1"
    organization_id: UUID
    cohort_id: UUID


@dataclass(frozen=True, kw_only=True)
class CohortDeleted(DomainEvent):
    type: ClassVar[str] = "organizations.cohort.deleted.v1"
    organization_id: UUID
    cohort_id: UUID
    member_ids: list[UUID]


@dataclass(frozen=True, kw_only=True)
class CohortMemberAdded(DomainEvent):
    type: ClassVar[str] = "organizations.cohort.member_added.v1"
    organization_id: UUID
    cohort_id: UUID
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class CohortMemberRemoved(DomainEvent):
    type: ClassVar[str] = "organizations.cohort.member_removed.v1"
    organization_id: UUID
    cohort_id: UUID
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class ApiKeyCreated(DomainEvent):
    type: ClassVar[str] = "organizations.api_key.created.v1"
    organization_id: UUID
    api_key_id: UUID
    prefix: str
    scopes: list[str]
    expires_at: datetime | None
    created_by_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class ApiKeyRevoked(DomainEvent):
    type: ClassVar[str] = "organizations.api_key.revoked.v1"
    organization_id: UUID
    api_key_id: UUID
    prefix: str
    revoked_by_id: UUID | None
