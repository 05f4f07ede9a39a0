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
