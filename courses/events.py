"""Events the courses app records. Payloads carry public ids (users' `public_id`, courses' and
modules' translation keys) and facts, never names or e-mail addresses; hours are decimal strings.
Each type's JSON Schema is in event_schemas/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from lms.events.api import DomainEvent


@dataclass(frozen=True, kw_only=True)
class EnrolmentCreated(DomainEvent):
    """A trainee was enrolled in a course, or enrolled again after withdrawing (`reactivated`)."""

    type: ClassVar[str] = "courses.enrolment.created.v1"
    enrolment_id: UUID
    user_id: UUID
    course_id: UUID
    enrolled_by_id: UUID | None
    organization_id: UUID | None
    reactivated: bool


@dataclass(frozen=True, kw_only=True)
class EnrolmentWithdrawn(DomainEvent):
    type: ClassVar[str] = "courses.enrolment.withdrawn.v1"
    enrolment_id: UUID
    user_id: UUID
    course_id: UUID


@dataclass(frozen=True, kw_only=True)
class ModuleCompleted(DomainEvent):
    """A trainee completed a module at `revision_id` of its `page_id` (the language version they
    read). `hours` lists what this completion added to their hours ledger: empty when they had
    completed the module before (`first_completion` false) and it credits nothing new."""

    type: ClassVar[str] = "courses.module.completed.v1"
    user_id: UUID
    course_id: UUID
    module_id: UUID
    page_id: int
    revision_id: int
    locale: str
    first_completion: bool
    hours: list[dict[str, str]]


@dataclass(frozen=True, kw_only=True)
class CourseCompleted(DomainEvent):
    """A trainee completed a course: every module, and every requirement registered through
    `sebaya_course_completion_requirements`. `hours`: their ledger's hours for the course's
    modules, per competency domain."""

    type: ClassVar[str] = "courses.course.completed.v1"
    enrolment_id: UUID
    user_id: UUID
    course_id: UUID
    hours: list[dict[str, str]]
