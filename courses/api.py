"""The courses app's interface for the apps above it (certification): plain, frozen data.

    from courses import api as courses

Ids: `user_id` is the user's primary key; a course or module is named by its translation key
(`course_key`, `module_key`: a UUID, the same in every language), which is also the `course_id`
and `module_id` of the events.

Hooks (register in your app's wagtail_hooks.py; courses/hooks.py documents each contract):
    COURSE_PAGE_PANELS_HOOK = "sebaya_course_page_panels": add a panel to every course page.
    COURSE_COMPLETION_REQUIREMENTS_HOOK = "sebaya_course_completion_requirements": add a
        requirement (a CompletionRequirement: label, met or not) that a course needs, besides
        its modules, before it counts as completed.
    DASHBOARD_PANELS_HOOK = "sebaya_dashboard_panels": add a panel to the learner dashboard.
Reads:
    course_competency_hours(course=...) -> list[DomainHours]: a course's hours per competency
        domain, the sum over its live modules, named in the course's locale.
    hours_by_domain(user_id=..., language_code=None, since=None) -> list[DomainHours]: a user's
        hours ledger per domain (earned since `since`), named in the language asked for.
    hours_by_domain_slug(user_id=..., since=None) -> dict[str, Decimal]: the same, by slug.
    domain_names(language_code=None) -> dict[str, str]: every competency domain's name in the
        language asked for (the active one by default), by slug.
    completed_course_keys(user_id=...) -> frozenset[UUID]
    course_progress_by_user(user_ids=..., language_code=None)
        -> dict[int, list[CourseProgressInfo]]: each user's live courses with modules done and
        total, in a fixed number of queries (rosters, the partner API).
    enrolment_state(user_id=..., course_key=...) -> EnrolmentState | None
Writes:
    enrolment_create(user=..., course_key=..., enrolled_by=None, organization_id=None)
        -> EnrolmentResult; raises CourseNotFound, PrerequisitesMissing.
    course_completion_evaluate(user_id=..., course_key=...) -> bool: call when one of your
        completion requirements became met; records courses.course.completed.v1 if the course
        is complete now.
Events (schemas in courses/event_schemas/): courses.enrolment.created.v1,
courses.enrolment.withdrawn.v1, courses.module.completed.v1, courses.course.completed.v1.
Competency domain slugs (stable; how certification rules name a domain):
    COMPETENCY_DOMAIN_SLUGS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.db.models import Sum

from . import selectors, services
from .curriculum import COMPETENCY_DOMAINS
from .hooks import (
    COURSE_COMPLETION_REQUIREMENTS_HOOK,
    COURSE_PAGE_PANELS_HOOK,
    DASHBOARD_PANELS_HOOK,
    CompletionRequirement,
)
from .models import CompetencyDomain, Enrolment, HoursLedgerEntry
from .selectors import DomainHours, course_competency_hours
from .services import CourseNotFound, PrerequisitesMissing, course_completion_evaluate

COMPETENCY_DOMAIN_SLUGS = tuple(COMPETENCY_DOMAINS)

__all__ = [
    "COMPETENCY_DOMAIN_SLUGS",
    "COURSE_COMPLETION_REQUIREMENTS_HOOK",
    "COURSE_PAGE_PANELS_HOOK",
    "DASHBOARD_PANELS_HOOK",
    "CompletionRequirement",
    "CourseNotFound",
    "CourseProgressInfo",
    "DomainHours",
    "EnrolmentResult",
    "EnrolmentState",
    "PrerequisitesMissing",
    "completed_course_keys",
    "course_competency_hours",
    "course_completion_evaluate",
    "course_progress_by_user",
    "domain_names",
    "enrolment_create",
    "enrolment_state",
    "hours_by_domain",
    "hours_by_domain_slug",
]


@dataclass(frozen=True)
class EnrolmentState:
    """A user's enrolment in a course. `status`: "active" or "withdrawn"; `completed_at` is set
    once the course is completed (and stays, whatever happens to the enrolment later)."""

    public_id: UUID
    course_key: UUID
    status: str
    enrolled_at: datetime
    withdrawn_at: datetime | None
    completed_at: datetime | None
    organization_id: int | None

    @classmethod
    def of(cls, enrolment: Enrolment) -> EnrolmentState:
        return cls(
            public_id=enrolment.public_id,
            course_key=enrolment.course_key,
            status=enrolment.status,
            enrolled_at=enrolment.enrolled_at,
            withdrawn_at=enrolment.withdrawn_at,
            completed_at=enrolment.completed_at,
            organization_id=enrolment.organization_id,
        )


@dataclass(frozen=True)
class EnrolmentResult:
    """`outcome`: "created", "reactivated" (enrolled again after withdrawing) or
    "already_enrolled" (nothing changed)."""

    enrolment: EnrolmentState
    outcome: str


def enrolment_state(*, user_id: int, course_key: UUID) -> EnrolmentState | None:
    enrolment = Enrolment.objects.filter(user_id=user_id, course_key=course_key).first()
    return EnrolmentState.of(enrolment) if enrolment is not None else None


def completed_course_keys(*, user_id: int) -> frozenset[UUID]:
    """Translation keys of every course the user completed."""
    return selectors.completed_course_keys(user_id=user_id)


def hours_by_domain(
    *, user_id: int, language_code: str | None = None, since: datetime | None = None
) -> list[DomainHours]:
    """The user's ledger hours per competency domain, in the domains' order."""
    return selectors.hours_by_domain(user_id=user_id, language_code=language_code, since=since)


def hours_by_domain_slug(*, user_id: int, since: datetime | None = None) -> dict[str, Decimal]:
    """The user's ledger hours per competency domain slug (domains without hours left out)."""
    rows = HoursLedgerEntry.objects.filter(user_id=user_id)
    if since is not None:
        rows = rows.filter(earned_at__gte=since)
    totals = {
        row["domain_key"]: row["total"]
        for row in rows.values("domain_key").annotate(total=Sum("hours")).order_by()
    }
    slugs = dict(
        CompetencyDomain.objects.filter(translation_key__in=totals).values_list(
            "translation_key", "slug"
        )
    )
    return {slugs[key]: total for key, total in totals.items() if key in slugs}


def domain_names(*, language_code: str | None = None) -> dict[str, str]:
    """Every competency domain's name by slug, in `language_code` (default: the active
    language) where translated, else in its source language. One query."""
    return {
        row.slug: row.name
        for row in selectors.domain_hours_named(
            totals=dict.fromkeys(
                CompetencyDomain.objects.values_list("translation_key", flat=True), Decimal(0)
            ),
            language_code=language_code,
        )
    }


def enrolment_create(
    *, user, course_key: UUID, enrolled_by=None, organization_id: int | None = None
) -> EnrolmentResult:
    """Enrol `user` in the course (see courses.services.enrolment_create)."""
    result = services.enrolment_create(
        user=user,
        course_key=course_key,
        enrolled_by=enrolled_by,
        organization_id=organization_id,
    )
    return EnrolmentResult(
        enrolment=EnrolmentState.of(result.enrolment), outcome=str(result.outcome)
    )


@dataclass(frozen=True)
class CourseProgressInfo:
    """A user's progress in one course they enrolled in. `status`: "active" or "withdrawn";
    `title` in the language asked for where translated."""

    course_key: UUID
    title: str
    status: str
    enrolled_at: datetime
    completed_at: datetime | None
    modules_done: int
    modules_total: int


def course_progress_by_user(
    *, user_ids, language_code: str | None = None
) -> dict[int, list[CourseProgressInfo]]:
    """Each user's live courses, by enrolment date (users without any left out). A fixed
    number of queries, however many users."""
    return {
        user_id: [
            CourseProgressInfo(
                course_key=progress.key,
                title=progress.page.title,
                status=progress.enrolment.status,
                enrolled_at=progress.enrolment.enrolled_at,
                completed_at=progress.enrolment.completed_at,
                modules_done=progress.done,
                modules_total=progress.total,
            )
            for progress in rows
        ]
        for user_id, rows in selectors.progress_by_user(
            user_ids=user_ids, language_code=language_code
        ).items()
    }
