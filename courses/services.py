"""Writes of learning: enrolment and withdrawal, module and course completion, the hours ledger,
content change notices. One transaction each; every view, hook, handler and script calls these.

Courses and modules are named by translation key (`course_key`, `module_key`): enrolment and
progress belong to the course, not to one language version of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from lms.events import api as events

from .events import CourseCompleted, EnrolmentCreated, EnrolmentWithdrawn, ModuleCompleted
from .hooks import course_completion_requirements
from .models import (
    CompetencyDomain,
    ContentChangeNotice,
    CoursePage,
    Enrolment,
    HoursLedgerEntry,
    ModuleCompletion,
    ModulePage,
)
from .selectors import course_is_live, course_outlines, missing_prerequisites

CENT = Decimal("0.01")


class LearningError(Exception):
    """Base of the refusals below: the message is for the trainee (or coordinator)."""


class CourseNotFound(LearningError):
    """No live course has this translation key."""


class PrerequisitesMissing(LearningError):
    """The trainee has not completed every prerequisite course. `courses`: the missing ones
    (CoursePage, in the active language where translated)."""

    def __init__(self, courses: list[CoursePage]):
        self.courses = courses
        super().__init__(", ".join(course.title for course in courses))


class NotEnrolled(LearningError):
    """The trainee is not (or no longer) enrolled in the course."""


class CourseAlreadyCompleted(LearningError):
    """A completed course cannot be withdrawn from."""


class ModuleNotAvailable(LearningError):
    """The module is not live, or not in a course."""


class NoticeNotFound(LearningError):
    """No such notice of this trainee."""


class EnrolmentOutcome(StrEnum):
    CREATED = "created"
    REACTIVATED = "reactivated"
    ALREADY_ENROLLED = "already_enrolled"


@dataclass(frozen=True)
class EnrolmentResult:
    enrolment: Enrolment
    outcome: EnrolmentOutcome


def _hours_payload(totals: dict[str, Decimal]) -> list[dict[str, str]]:
    return [
        {"domain": slug, "hours": str(Decimal(hours).quantize(CENT))}
        for slug, hours in sorted(totals.items())
    ]


@transaction.atomic
def enrolment_create(
    *,
    user,
    course_key: UUID,
    enrolled_by=None,
    organization_id: int | None = None,
) -> EnrolmentResult:
    """Enrol `user` in the course `course_key` (every language version of it).

    By the trainee (`enrolled_by` None or the trainee) or by someone else for an organisation
    (`enrolled_by` the coordinator, `organization_id` the organisation's primary key). A trainee
    who withdrew is enrolled again in the same enrolment, with their progress (and then the
    course is completed if it now is). Already enrolled: nothing changes (ALREADY_ENROLLED).

    Records courses.enrolment.created.v1 (CREATED, REACTIVATED). Raises CourseNotFound, and
    PrerequisitesMissing when a live prerequisite course is not completed (whoever enrols).
    """
    if not course_is_live(course_key=course_key):
        raise CourseNotFound(str(course_key))
    enrolment = (
        Enrolment.objects.select_for_update().filter(user=user, course_key=course_key).first()
    )
    if enrolment is not None and enrolment.is_active:
        return EnrolmentResult(enrolment, EnrolmentOutcome.ALREADY_ENROLLED)
    missing = missing_prerequisites(user_id=user.pk, course_key=course_key)
    if missing:
        raise PrerequisitesMissing(missing)
    if enrolled_by is not None and enrolled_by.pk == user.pk:
        enrolled_by = None
    now = timezone.now()
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    user=user,
                    course_key=course_key,
                    enrolled_at=now,
                    enrolled_by=enrolled_by,
                    organization_id=organization_id,
                )
        except IntegrityError:  # enrolled at the same moment by another request
            enrolment = Enrolment.objects.get(user=user, course_key=course_key)
            return EnrolmentResult(enrolment, EnrolmentOutcome.ALREADY_ENROLLED)
        outcome = EnrolmentOutcome.CREATED
    else:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.enrolled_at = now
        enrolment.withdrawn_at = None
        enrolment.enrolled_by = enrolled_by
        enrolment.organization_id = organization_id
        enrolment.save(
            update_fields=["status", "enrolled_at", "withdrawn_at", "enrolled_by", "organization"]
        )
        outcome = EnrolmentOutcome.REACTIVATED
    events.record(
        EnrolmentCreated(
            enrolment_id=enrolment.public_id,
            user_id=user.public_id,
            course_id=course_key,
            enrolled_by_id=enrolled_by.public_id if enrolled_by is not None else None,
            organization_id=enrolment.organization.public_id if organization_id else None,
            reactivated=outcome == EnrolmentOutcome.REACTIVATED,
        )
    )
    if outcome == EnrolmentOutcome.REACTIVATED:
        _course_completion_evaluate(enrolment=enrolment)
    return EnrolmentResult(enrolment, outcome)


@transaction.atomic
def enrolment_withdraw(*, user, course_key: UUID) -> Enrolment:
    """Withdraw `user` from the course. Their module completions and hours are kept, for when
    they enrol again. Records courses.enrolment.withdrawn.v1.

    Raises NotEnrolled (not enrolled, or withdrawn already) and CourseAlreadyCompleted.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course_key=course_key, status=Enrolment.Status.ACTIVE)
        .first()
    )
    if enrolment is None:
        raise NotEnrolled(str(course_key))
    if enrolment.completed_at is not None:
        raise CourseAlreadyCompleted(str(course_key))
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at"])
    events.record(
        EnrolmentWithdrawn(
            enrolment_id=enrolment.public_id, user_id=user.public_id, course_id=course_key
        )
    )
    return enrolment


@dataclass(frozen=True)
class ModuleCompletionResult:
    completion: ModuleCompletion
    # False when the trainee had completed this revision already: nothing was recorded.
    recorded: bool
    first_completion: bool
    hours_credited: dict[str, Decimal] = field(default_factory=dict)
    course_completed: bool = False


def _course_of(module: ModulePage) -> CoursePage | None:
    parent_path = module.path[: -module.steplen]
    return CoursePage.objects.filter(path=parent_path).first()


def _hours_credit(
    *, user, module: ModulePage, course_key: UUID, revision_id: int, now: datetime
) -> dict[str, Decimal]:
    """Add the module's hours to the user's ledger, one row per domain ever: domains already
    credited for this module keep their first credit. Returns what was added, by domain slug."""
    rows = list(module.competency_hours.select_related("domain"))
    if not rows:
        return {}
    already = set(
        HoursLedgerEntry.objects.filter(user=user, module_key=module.translation_key).values_list(
            "domain_key", flat=True
        )
    )
    credited: dict[str, Decimal] = {}
    new_rows = []
    for row in rows:
        domain_key = row.domain.translation_key
        if domain_key in already:
            continue
        already.add(domain_key)
        new_rows.append(
            HoursLedgerEntry(
                user=user,
                module_key=module.translation_key,
                course_key=course_key,
                domain_key=domain_key,
                hours=row.hours,
                revision_id=revision_id,
                earned_at=now,
            )
        )
        credited[row.domain.slug] = row.hours
    # The unique constraint is the last word if another transaction credited them meanwhile.
    HoursLedgerEntry.objects.bulk_create(new_rows, ignore_conflicts=True)
    return credited


@transaction.atomic
def module_complete(*, user, module: ModulePage) -> ModuleCompletionResult:
    """Record that `user` completed `module` (the live language version they read) at its live
    revision, add its hours to their ledger, dismiss their notices that the module changed, and
    complete the course when this was the last thing missing.

    Completing a module again at a later revision (after a notice that it changed) moves the
    completion to that revision; its hours are not counted again. Completing the same revision
    again records nothing. Knowledge checks are ungraded: they never hold completion back.

    Records courses.module.completed.v1 (and courses.course.completed.v1 after it, once). Raises
    ModuleNotAvailable (not live, not in a course) and NotEnrolled (no active enrolment).
    """
    module = ModulePage.objects.filter(pk=module.pk, live=True).first()
    course = _course_of(module) if module is not None else None
    if module is None or course is None or module.live_revision_id is None:
        raise ModuleNotAvailable()
    course_key = course.translation_key
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course_key=course_key, status=Enrolment.Status.ACTIVE)
        .first()
    )
    if enrolment is None:
        raise NotEnrolled(str(course_key))
    now = timezone.now()
    revision_id = module.live_revision_id
    completion = ModuleCompletion.objects.filter(
        user=user, module_key=module.translation_key
    ).first()
    first_completion = completion is None
    if completion is None:
        completion = ModuleCompletion.objects.create(
            user=user,
            module_key=module.translation_key,
            course_key=course_key,
            page_id=module.pk,
            revision_id=revision_id,
            completed_at=now,
        )
    elif (completion.page_id, completion.revision_id) == (module.pk, revision_id):
        return ModuleCompletionResult(completion, recorded=False, first_completion=False)
    else:
        completion.page_id = module.pk
        completion.revision_id = revision_id
        completion.course_key = course_key
        completion.completed_at = now
        completion.save(update_fields=["page_id", "revision_id", "course_key", "completed_at"])
    credited = _hours_credit(
        user=user, module=module, course_key=course_key, revision_id=revision_id, now=now
    )
    ContentChangeNotice.objects.filter(
        user=user, module_key=module.translation_key, dismissed_at__isnull=True
    ).update(dismissed_at=now)
    events.record(
        ModuleCompleted(
            user_id=user.public_id,
            course_id=course_key,
            module_id=module.translation_key,
            page_id=module.pk,
            revision_id=revision_id,
            locale=module.locale.language_code,
            first_completion=first_completion,
            hours=_hours_payload(credited),
        )
    )
    course_completed = _course_completion_evaluate(enrolment=enrolment)
    return ModuleCompletionResult(
        completion,
        recorded=True,
        first_completion=first_completion,
        hours_credited=credited,
        course_completed=course_completed,
    )


def _course_completion_evaluate(*, enrolment: Enrolment) -> bool:
    """Complete the (locked, active) enrolment's course when every module is completed and
    every extra requirement is met. True when it completed the course just now."""
    if not enrolment.is_active or enrolment.completed_at is not None:
        return False
    outline = course_outlines(course_keys=[enrolment.course_key]).get(enrolment.course_key)
    if outline is None or not outline.modules:
        return False
    completed = set(
        ModuleCompletion.objects.filter(
            user_id=enrolment.user_id, module_key__in=outline.module_keys
        ).values_list("module_key", flat=True)
    )
    if completed != outline.module_keys:
        return False
    requirements = course_completion_requirements(
        user_id=enrolment.user_id, course_keys=[enrolment.course_key]
    ).get(enrolment.course_key, ())
    if not all(requirement.met for requirement in requirements):
        return False
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    slugs = dict(
        CompetencyDomain.objects.filter(
            translation_key__in=HoursLedgerEntry.objects.filter(
                user_id=enrolment.user_id, module_key__in=outline.module_keys
            ).values("domain_key")
        ).values_list("translation_key", "slug")
    )
    totals: dict[str, Decimal] = {}
    for row in (
        HoursLedgerEntry.objects.filter(
            user_id=enrolment.user_id, module_key__in=outline.module_keys
        )
        .values("domain_key")
        .annotate(total=Sum("hours"))
        .order_by()
    ):
        slug = slugs.get(row["domain_key"])
        if slug is not None:
            totals[slug] = totals.get(slug, Decimal(0)) + row["total"]
    events.record(
        CourseCompleted(
            enrolment_id=enrolment.public_id,
            user_id=enrolment.user.public_id,
            course_id=enrolment.course_key,
            hours=_hours_payload(totals),
        )
    )
    return True


@transaction.atomic
def course_completion_evaluate(*, user_id: int, course_key: UUID) -> bool:
    """Complete the user's course if every module is completed and every requirement
    registered through `sebaya_course_completion_requirements` is met (call it when one of
    yours becomes met). Idempotent: True only when it completed the course just now, and
    records courses.course.completed.v1 then. Does nothing without an active enrolment."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user_id=user_id, course_key=course_key, status=Enrolment.Status.ACTIVE)
        .first()
    )
    if enrolment is None:
        return False
    return _course_completion_evaluate(enrolment=enrolment)


@transaction.atomic
def notices_record_for_material_change(
    *, module_key: UUID, revision_id: int, published_at: datetime
) -> int:
    """A module was substantially revised (revision `revision_id` published at `published_at`):
    note it for every trainee who completed the module (in any language) before then. Their
    completions stand. Idempotent: one notice per trainee, module and revision. Returns how
    many trainees the change concerns."""
    user_ids = list(
        ModuleCompletion.objects.filter(
            module_key=module_key, completed_at__lt=published_at
        ).values_list("user_id", flat=True)
    )
    ContentChangeNotice.objects.bulk_create(
        [
            ContentChangeNotice(user_id=user_id, module_key=module_key, revision_id=revision_id)
            for user_id in user_ids
        ],
        ignore_conflicts=True,
    )
    return len(user_ids)


@transaction.atomic
def notice_dismiss(*, user, notice_id: int) -> int:
    """Dismiss the user's notice and every other undismissed notice of the same module.
    Returns how many were dismissed. Raises NoticeNotFound (not theirs, or no such notice)."""
    notice = ContentChangeNotice.objects.filter(pk=notice_id, user=user).first()
    if notice is None:
        raise NoticeNotFound(str(notice_id))
    return ContentChangeNotice.objects.filter(
        user=user, module_key=notice.module_key, dismissed_at__isnull=True
    ).update(dismissed_at=timezone.now())


@dataclass(frozen=True)
class GroupEnrolmentReport:
    """Who of a group was enrolled, who was enrolled already, and who was refused for missing
    prerequisites (users, by name)."""

    enrolled: list = field(default_factory=list)
    already_enrolled: list = field(default_factory=list)
    missing_prerequisites: list = field(default_factory=list)


@transaction.atomic
def enrolments_create_for_group(
    *, user_ids: frozenset[int], course_key: UUID, enrolled_by, organization_id: int
) -> GroupEnrolmentReport:
    """Enrol each of `user_ids` in the course for an organisation (`enrolment_create` for each,
    so each records its own event). The caller checked that `enrolled_by` may enrol them (e.g.
    coordinates the cohort's organisation). Raises CourseNotFound."""
    if not course_is_live(course_key=course_key):
        raise CourseNotFound(str(course_key))
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("display_name", "email")
    report = GroupEnrolmentReport()
    for user in users:
        try:
            result = enrolment_create(
                user=user,
                course_key=course_key,
                enrolled_by=enrolled_by,
                organization_id=organization_id,
            )
        except PrerequisitesMissing:
            report.missing_prerequisites.append(user)
            continue
        if result.outcome == EnrolmentOutcome.ALREADY_ENROLLED:
            report.already_enrolled.append(user)
        else:
            report.enrolled.append(user)
    return report
