"""Reads for course and module pages (modules in order, hours by competency domain, neighbours)
and for learning (a trainee's courses, progress, prerequisites, hours ledger and notices).

Learning reads work on translation keys: a course's modules are the live modules under any live
language version of it, each shown in the reader's language where it has one (then the site's
default language, then the oldest version). Every read here makes a fixed number of queries,
whatever the number of courses or trainees it is asked about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from uuid import UUID

from django.conf import settings
from django.db.models import F, Sum
from django.db.models.functions import Substr
from django.utils import translation
from wagtail.models import Page

from .hooks import CompletionRequirement, course_completion_requirements
from .models import (
    CompetencyDomain,
    ContentChangeNotice,
    CoursePage,
    CoursePrerequisite,
    Enrolment,
    HoursLedgerEntry,
    ModuleCompetencyHours,
    ModuleCompletion,
    ModulePage,
)


@dataclass(frozen=True)
class DomainHours:
    """Hours towards one competency domain, named in the locale asked for."""

    slug: str
    name: str
    hours: Decimal


@dataclass(frozen=True)
class ModulePosition:
    """Where a module sits in its course: "module `number` of `total`" and its neighbours."""

    course: CoursePage | None
    number: int
    total: int
    previous: ModulePage | None
    next: ModulePage | None


def display_hours(hours: Decimal) -> Decimal:
    """`hours` without trailing zeros (0.50 -> 0.5, 2.00 -> 2), never in exponent form."""
    if hours == hours.to_integral_value():
        return hours.quantize(Decimal(1))
    return hours.normalize()


def _live_modules(*, course: Page):
    return ModulePage.objects.child_of(course).live().defer("body").order_by("path")


def course_modules(*, course: Page) -> list[ModulePage]:
    """The course's live modules in their order (the page tree's order)."""
    return list(_live_modules(course=course))


def courses_under(*, parent: Page) -> list[CoursePage]:
    """The live courses directly under `parent`, in tree order."""
    return list(CoursePage.objects.child_of(parent).live().order_by("path"))


def _domain_hours(
    *, totals: dict[UUID, Decimal], locale_id: int | None = None, language_code: str = ""
) -> list[DomainHours]:
    """Name each domain (by translation key) in `locale_id` (or the locale of `language_code`),
    else in the locale it was first created in (the source language)."""
    if not totals:
        return []

    def wanted(domain: CompetencyDomain) -> bool:
        if locale_id is not None:
            return domain.locale_id == locale_id
        return domain.locale.language_code == language_code

    chosen: dict[UUID, CompetencyDomain] = {}
    domains = CompetencyDomain.objects.filter(translation_key__in=totals.keys()).select_related(
        "locale"
    )
    for domain in domains.order_by("pk"):
        current = chosen.get(domain.translation_key)
        if current is None or (wanted(domain) and not wanted(current)):
            chosen[domain.translation_key] = domain
    ordered = sorted(chosen.values(), key=lambda domain: (domain.sort_order, domain.slug))
    return [
        DomainHours(
            slug=domain.slug,
            name=domain.name,
            hours=display_hours(totals[domain.translation_key]),
        )
        for domain in ordered
    ]


def _totals(rows) -> dict[UUID, Decimal]:
    totals: dict[UUID, Decimal] = defaultdict(Decimal)
    for row in rows.values("domain__translation_key").annotate(total=Sum("hours")):
        totals[row["domain__translation_key"]] += row["total"]
    return dict(totals)


def course_competency_hours(*, course: CoursePage) -> list[DomainHours]:
    """Hours per competency domain of a course: the sum over its live modules."""
    rows = ModuleCompetencyHours.objects.filter(
        page__in=ModulePage.objects.child_of(course).live().values("pk")
    )
    return _domain_hours(totals=_totals(rows), locale_id=course.locale_id)


def module_competency_hours(*, module: ModulePage) -> list[DomainHours]:
    """Hours per competency domain of one module (as published, or as in a preview)."""
    totals: dict[UUID, Decimal] = defaultdict(Decimal)
    # Through the relation, not a query, so that previews show the hours being edited.
    for row in module.competency_hours.select_related("domain"):
        totals[row.domain.translation_key] += row.hours
    return _domain_hours(totals=dict(totals), locale_id=module.locale_id)


def hours_total(hours: list[DomainHours]) -> Decimal | None:
    """The sum of `hours`, or None when there are none."""
    if not hours:
        return None
    return display_hours(sum((row.hours for row in hours), Decimal(0)))


def module_position(*, module: ModulePage, parent: Page | None = None) -> ModulePosition:
    """The module's course, its number among the course's live modules, and its neighbours.

    `parent` saves a query when the caller has the module's parent page already."""
    parent = parent or module.get_parent()
    course = CoursePage.objects.filter(pk=parent.pk).first() if parent is not None else None
    if course is None:
        return ModulePosition(course=None, number=1, total=1, previous=None, next=None)
    siblings = course_modules(course=course)
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == module.pk), None)
    if index is None:  # a draft being previewed, not live yet
        return ModulePosition(
            course=course, number=len(siblings) + 1, total=len(siblings), previous=None, next=None
        )
    return ModulePosition(
        course=course,
        number=index + 1,
        total=len(siblings),
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def course_prerequisites(*, course: CoursePage) -> list[CoursePage]:
    """The course's prerequisites that are live, each in the course's locale where translated."""
    chosen = [row.prerequisite for row in course.prerequisites.all()]
    keys = [prerequisite.translation_key for prerequisite in chosen]
    translated = {
        page.translation_key: page
        for page in CoursePage.objects.live().filter(
            translation_key__in=keys, locale_id=course.locale_id
        )
    }
    result = []
    for prerequisite in chosen:
        page = translated.get(prerequisite.translation_key, prerequisite)
        if page.live:
            result.append(page)
    return result


# Learning ------------------------------------------------------------------------------------


def reader_language(language_code: str | None = None) -> str:
    """`language_code`, else the active language, as one of the site's languages."""
    code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


def _preference(language_code: str):
    """Sort key of language versions: the reader's language, the site's default, the oldest."""

    def key(page: Page) -> tuple[bool, bool, int]:
        code = page.locale.language_code
        return (code != language_code, code != settings.LANGUAGE_CODE, page.pk)

    return key


def _children_of(model, parents: Iterable[Page]):
    """`model` pages whose parent is one of `parents`, in one query however many parents."""
    paths = [parent.path for parent in parents]
    if not paths:
        return model.objects.none()
    return model.objects.annotate(
        parent_path=Substr("path", 1, (F("depth") - 1) * Page.steplen)
    ).filter(parent_path__in=paths)


@dataclass(frozen=True)
class OutlineModule:
    """One module of a course, in the language version the reader gets."""

    key: UUID
    page: ModulePage

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def minutes(self) -> int:
        return self.page.estimated_minutes


@dataclass(frozen=True)
class CourseOutline:
    """A course (by translation key) and its modules in order, in the reader's language where
    there is a version in it."""

    key: UUID
    page: CoursePage
    modules: tuple[OutlineModule, ...]

    @cached_property
    def module_keys(self) -> frozenset[UUID]:
        return frozenset(module.key for module in self.modules)


def course_outlines(
    *, course_keys: Iterable[UUID], language_code: str | None = None
) -> dict[UUID, CourseOutline]:
    """The outline of each live course among `course_keys` (two queries for any number).

    A course's modules are the live modules under any of its live language versions, so a
    module not translated yet is still part of the course (shown in another language). Their
    order is the preferred version's, with modules only other versions have put after the
    module they follow there.
    """
    keys = set(course_keys)
    if not keys:
        return {}
    prefer = _preference(reader_language(language_code))
    courses = list(
        CoursePage.objects.live().filter(translation_key__in=keys).select_related("locale")
    )
    modules = (
        _children_of(ModulePage, courses)
        .live()
        .defer("body")
        .select_related("locale")
        .order_by("path")
    )
    modules_under: dict[str, list[ModulePage]] = defaultdict(list)
    for module in modules:
        modules_under[module.parent_path].append(module)
    versions: dict[UUID, list[CoursePage]] = defaultdict(list)
    for course in courses:
        versions[course.translation_key].append(course)

    outlines = {}
    for key, pages in versions.items():
        pages.sort(key=prefer)
        order: list[UUID] = []
        chosen: dict[UUID, ModulePage] = {}
        for page in pages:
            previous = None
            for module in modules_under.get(page.path, ()):
                module_key = module.translation_key
                current = chosen.get(module_key)
                if current is None or prefer(module) < prefer(current):
                    chosen[module_key] = module
                if module_key not in order:
                    position = order.index(previous) + 1 if previous is not None else 0
                    order.insert(position, module_key)
                previous = module_key
        outlines[key] = CourseOutline(
            key=key,
            page=pages[0],
            modules=tuple(
                OutlineModule(key=module_key, page=chosen[module_key]) for module_key in order
            ),
        )
    return outlines


@dataclass(frozen=True)
class ModuleState:
    module: OutlineModule
    completed: bool


@dataclass(frozen=True)
class CourseProgress:
    """A trainee's progress in one course: its outline, their enrolment (None when they never
    enrolled), which of its modules they completed, and its extra completion requirements."""

    outline: CourseOutline
    enrolment: Enrolment | None
    completed_keys: frozenset[UUID]
    requirements: tuple[CompletionRequirement, ...] = ()

    @property
    def key(self) -> UUID:
        return self.outline.key

    @property
    def page(self) -> CoursePage:
        return self.outline.page

    @property
    def total(self) -> int:
        return len(self.outline.modules)

    @property
    def done(self) -> int:
        return len(self.completed_keys)

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0

    @property
    def minutes_left(self) -> int:
        return sum(
            module.minutes
            for module in self.outline.modules
            if module.key not in self.completed_keys
        )

    @property
    def next_module(self) -> OutlineModule | None:
        """The first module not completed yet: where "Resume" goes."""
        return next(
            (module for module in self.outline.modules if module.key not in self.completed_keys),
            None,
        )

    @property
    def modules(self) -> list[ModuleState]:
        return [
            ModuleState(module=module, completed=module.key in self.completed_keys)
            for module in self.outline.modules
        ]

    @property
    def modules_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def unmet_requirements(self) -> list[CompletionRequirement]:
        return [requirement for requirement in self.requirements if not requirement.met]

    @property
    def is_enrolled(self) -> bool:
        return self.enrolment is not None and self.enrolment.is_active

    @property
    def is_completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.completed_at is not None

    @property
    def is_complete_now(self) -> bool:
        """Every module completed and every extra requirement met (whether recorded or not)."""
        return self.modules_complete and not self.unmet_requirements


def _progress(
    *, user_id: int, enrolments: dict[UUID, Enrolment | None], language_code: str | None
) -> list[CourseProgress]:
    outlines = course_outlines(course_keys=enrolments.keys(), language_code=language_code)
    module_keys = {key for outline in outlines.values() for key in outline.module_keys}
    completed = (
        set(
            ModuleCompletion.objects.filter(
                user_id=user_id, module_key__in=module_keys
            ).values_list("module_key", flat=True)
        )
        if module_keys
        else set()
    )
    requirements = course_completion_requirements(user_id=user_id, course_keys=outlines.keys())
    return [
        CourseProgress(
            outline=outlines[key],
            enrolment=enrolment,
            completed_keys=frozenset(completed & outlines[key].module_keys),
            requirements=requirements.get(key, ()),
        )
        for key, enrolment in enrolments.items()
        if key in outlines  # a course taken offline is left out
    ]


def learner_courses(*, user, language_code: str | None = None) -> list[CourseProgress]:
    """Every live course `user` ever enrolled in (active, completed or withdrawn), by enrolment
    date, with their progress. A fixed number of queries, however many courses."""
    enrolments = {
        enrolment.course_key: enrolment
        for enrolment in Enrolment.objects.filter(user=user).order_by("enrolled_at", "pk")
    }
    return _progress(user_id=user.pk, enrolments=enrolments, language_code=language_code)


def course_progress(
    *, user, course_key: UUID, language_code: str | None = None
) -> CourseProgress | None:
    """`user`'s progress in one course (enrolled or not), None when the course is not live."""
    enrolment = Enrolment.objects.filter(user=user, course_key=course_key).first()
    progress = _progress(
        user_id=user.pk, enrolments={course_key: enrolment}, language_code=language_code
    )
    return progress[0] if progress else None


def completed_course_keys(*, user_id: int) -> frozenset[UUID]:
    """Translation keys of the courses the user completed (whether still enrolled or not)."""
    return frozenset(
        Enrolment.objects.filter(user_id=user_id, completed_at__isnull=False).values_list(
            "course_key", flat=True
        )
    )


def _pick_versions(pages: Iterable[Page], language_code: str | None) -> dict[UUID, Page]:
    """One language version per translation key, the reader's where there is one."""
    prefer = _preference(reader_language(language_code))
    chosen: dict[UUID, Page] = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or prefer(page) < prefer(current):
            chosen[page.translation_key] = page
    return chosen


def course_prerequisite_keys(*, course_key: UUID) -> frozenset[UUID]:
    """The courses to complete before `course_key`: the prerequisites of any of its live
    language versions, by translation key."""
    keys = set(
        CoursePrerequisite.objects.filter(
            course__translation_key=course_key, course__live=True
        ).values_list("prerequisite__translation_key", flat=True)
    )
    keys.discard(course_key)
    return frozenset(keys)


def missing_prerequisites(
    *, user_id: int, course_key: UUID, language_code: str | None = None
) -> list[CoursePage]:
    """The live prerequisite courses of `course_key` that the user has not completed, in the
    reader's language, by title. A prerequisite that is no longer live does not count."""
    keys = course_prerequisite_keys(course_key=course_key)
    if not keys:
        return []
    missing = keys - completed_course_keys(user_id=user_id)
    if not missing:
        return []
    pages = CoursePage.objects.live().filter(translation_key__in=missing).select_related("locale")
    chosen = _pick_versions(pages, language_code)
    return sorted(chosen.values(), key=lambda page: page.title.casefold())


def course_is_live(*, course_key: UUID) -> bool:
    return CoursePage.objects.live().filter(translation_key=course_key).exists()


def hours_by_domain(
    *, user_id: int, language_code: str | None = None, since: datetime | None = None
) -> list[DomainHours]:
    """The user's hours ledger summed per competency domain (earned since `since`, when given),
    each domain named in the reader's language, in the domains' order."""
    rows = HoursLedgerEntry.objects.filter(user_id=user_id)
    if since is not None:
        rows = rows.filter(earned_at__gte=since)
    totals = {
        row["domain_key"]: row["total"]
        for row in rows.values("domain_key").annotate(total=Sum("hours")).order_by()
    }
    return _domain_hours(totals=totals, language_code=reader_language(language_code))


def domain_hours_named(
    *, totals: dict[UUID, Decimal], language_code: str | None = None
) -> list[DomainHours]:
    """`totals` (hours by domain translation key) named in the reader's language."""
    return _domain_hours(totals=totals, language_code=reader_language(language_code))


@dataclass(frozen=True)
class ModuleNotice:
    """A module the trainee completed was substantially revised since. `id`: the latest
    undismissed notice (dismissing it dismisses every notice of the module)."""

    id: int
    module: ModulePage
    created_at: datetime


def module_notices(*, user, language_code: str | None = None) -> list[ModuleNotice]:
    """One notice per module with undismissed content change notices, newest first, for the
    modules that are still live (in the reader's language where translated)."""
    latest: dict[UUID, ContentChangeNotice] = {}
    for notice in ContentChangeNotice.objects.filter(user=user, dismissed_at__isnull=True).order_by(
        "-created_at", "-pk"
    ):
        latest.setdefault(notice.module_key, notice)
    if not latest:
        return []
    pages = (
        ModulePage.objects.live()
        .filter(translation_key__in=latest.keys())
        .defer("body")
        .select_related("locale")
    )
    chosen = _pick_versions(pages, language_code)
    return [
        ModuleNotice(id=notice.pk, module=chosen[key], created_at=notice.created_at)
        for key, notice in latest.items()
        if key in chosen
    ]


def available_courses(*, user, language_code: str | None = None) -> list[CoursePage]:
    """Live courses in the reader's language that `user` never enrolled in, in tree order."""
    return list(
        CoursePage.objects.live()
        .filter(locale__language_code=reader_language(language_code))
        .exclude(translation_key__in=Enrolment.objects.filter(user=user).values("course_key"))
        .order_by("path")
    )


@dataclass(frozen=True)
class ModuleLearning:
    """What a module page shows a trainee about their progress in it."""

    course_key: UUID | None
    enrolled: bool
    completion: ModuleCompletion | None
    has_notice: bool


def module_learning(*, user, module: ModulePage, course: CoursePage | None) -> ModuleLearning:
    """`user`'s enrolment in the module's course, their completion of it, and whether it was
    revised since they completed it."""
    if course is None or not user.is_authenticated:
        return ModuleLearning(
            course_key=course.translation_key if course else None,
            enrolled=False,
            completion=None,
            has_notice=False,
        )
    enrolled = Enrolment.objects.filter(
        user=user, course_key=course.translation_key, status=Enrolment.Status.ACTIVE
    ).exists()
    completion = ModuleCompletion.objects.filter(
        user=user, module_key=module.translation_key
    ).first()
    has_notice = (
        completion is not None
        and ContentChangeNotice.objects.filter(
            user=user, module_key=module.translation_key, dismissed_at__isnull=True
        ).exists()
    )
    return ModuleLearning(
        course_key=course.translation_key,
        enrolled=enrolled,
        completion=completion,
        has_notice=has_notice,
    )


def progress_by_user(
    *, user_ids: Iterable[int], language_code: str | None = None
) -> dict[int, list[CourseProgress]]:
    """Each user's live courses (as `learner_courses`), for many users in a fixed number of
    queries: for rosters. Extra completion requirements are not asked for."""
    enrolments: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in Enrolment.objects.filter(user_id__in=list(user_ids)).order_by(
        "enrolled_at", "pk"
    ):
        enrolments[enrolment.user_id].append(enrolment)
    if not enrolments:
        return {}
    outlines = course_outlines(
        course_keys={e.course_key for rows in enrolments.values() for e in rows},
        language_code=language_code,
    )
    module_keys = {key for outline in outlines.values() for key in outline.module_keys}
    completed: dict[int, set[UUID]] = defaultdict(set)
    if module_keys:
        for user_id, module_key in ModuleCompletion.objects.filter(
            user_id__in=list(enrolments), module_key__in=module_keys
        ).values_list("user_id", "module_key"):
            completed[user_id].add(module_key)
    return {
        user_id: [
            CourseProgress(
                outline=outlines[enrolment.course_key],
                enrolment=enrolment,
                completed_keys=frozenset(
                    completed[user_id] & outlines[enrolment.course_key].module_keys
                ),
            )
            for enrolment in rows
            if enrolment.course_key in outlines
        ]
        for user_id, rows in enrolments.items()
    }
