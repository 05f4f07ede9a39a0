"""Reads for course and module pages: modules in order, hours by competency domain, neighbours."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import Sum
from wagtail.models import Page

from .models import CompetencyDomain, CoursePage, ModuleCompetencyHours, ModulePage


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


def _domain_hours(*, totals: dict[UUID, Decimal], locale_id: int) -> list[DomainHours]:
    """Name each domain (by translation key) in `locale_id`, else in the locale it was first
    created in (the source language)."""
    if not totals:
        return []
    chosen: dict[UUID, CompetencyDomain] = {}
    for domain in CompetencyDomain.objects.filter(translation_key__in=totals.keys()).order_by("pk"):
        current = chosen.get(domain.translation_key)
        if current is None or (domain.locale_id == locale_id != current.locale_id):
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
