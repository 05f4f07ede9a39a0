"""Events the certification app records. Payloads carry public ids (the holder's `public_id`,
the quiz's and course's translation keys) and facts; scores are decimal strings. Each type's JSON
Schema is in event_schemas/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from lms.events.api import DomainEvent


@dataclass(frozen=True, kw_only=True)
class _AttemptGraded(DomainEvent):
    attempt_id: UUID
    holder_id: UUID
    quiz_id: UUID
    course_id: UUID
    score_percent: str
    passed: bool


@dataclass(frozen=True, kw_only=True)
class AttemptSubmitted(_AttemptGraded):
    """An attempt was submitted and graded (by the trainee or, at its deadline, by the server)."""

    type: ClassVar[str] = "certification.attempt.submitted.v1"
    submitted_by: str


@dataclass(frozen=True, kw_only=True)
class AttemptPassed(_AttemptGraded):
    type: ClassVar[str] = "certification.attempt.passed.v1"


@dataclass(frozen=True, kw_only=True)
class AttemptFailed(_AttemptGraded):
    type: ClassVar[str] = "certification.attempt.failed.v1"


@dataclass(frozen=True, kw_only=True)
class AttemptRegraded(DomainEvent):
    """A regrade after a question was corrected changed an attempt's score or pass/fail."""

    type: ClassVar[str] = "certification.attempt.regraded.v1"
    attempt_id: UUID
    holder_id: UUID
    quiz_id: UUID
    course_id: UUID
    previous_score_percent: str
    score_percent: str
    previous_passed: bool
    passed: bool


# Practicum and ethics ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _PracticumEvent(DomainEvent):
    entry_id: UUID
    holder_id: UUID
    organization_id: UUID
    date: str
    hours: str
    domain: str


@dataclass(frozen=True, kw_only=True)
class PracticumLogged(_PracticumEvent):
    type: ClassVar[str] = "certification.practicum.logged.v1"


@dataclass(frozen=True, kw_only=True)
class PracticumApproved(_PracticumEvent):
    type: ClassVar[str] = "certification.practicum.approved.v1"
    supervisor_id: UUID


@dataclass(frozen=True, kw_only=True)
class PracticumRejected(_PracticumEvent):
    type: ClassVar[str] = "certification.practicum.rejected.v1"
    supervisor_id: UUID


@dataclass(frozen=True, kw_only=True)
class PracticumWithdrawn(_PracticumEvent):
    type: ClassVar[str] = "certification.practicum.withdrawn.v1"


@dataclass(frozen=True, kw_only=True)
class AttestationSigned(DomainEvent):
    type: ClassVar[str] = "certification.attestation.signed.v1"
    attestation_id: UUID
    holder_id: UUID
    code_id: UUID
    version: str
    language: str


# Credentials ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _CredentialEvent(DomainEvent):
    credential_id: UUID
    holder_id: UUID
    programme_id: UUID


@dataclass(frozen=True, kw_only=True)
class CredentialIssued(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.issued.v1"
    origin: str
    valid_from: str
    valid_until: str | None


@dataclass(frozen=True, kw_only=True)
class CredentialSuspended(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.suspended.v1"
    until: str | None
    reason_code: str


@dataclass(frozen=True, kw_only=True)
class CredentialReinstated(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.reinstated.v1"


@dataclass(frozen=True, kw_only=True)
class CredentialRevoked(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.revoked.v1"
    reason_code: str


@dataclass(frozen=True, kw_only=True)
class CredentialExpiring(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.expiring.v1"
    valid_until: str
    days_before: int


@dataclass(frozen=True, kw_only=True)
class CredentialExpired(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.expired.v1"
    valid_until: str


@dataclass(frozen=True, kw_only=True)
class CredentialRenewed(_CredentialEvent):
    """`credential_id` is the new credential; `previous_credential_id` the one it replaces."""

    type: ClassVar[str] = "certification.credential.renewed.v1"
    previous_credential_id: UUID
    valid_from: str
    valid_until: str | None


@dataclass(frozen=True, kw_only=True)
class CredentialVisibilityChanged(_CredentialEvent):
    type: ClassVar[str] = "certification.credential.visibility_changed.v1"
    is_public: bool
