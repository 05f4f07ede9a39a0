"""What a programme asks of a trainee, and how far they are: the checklist a trainee sees and
the test issuance applies.

Everything here reads; nothing writes. A programme's requirements come from its source-language
row (`programme_source`); the labels are in the active language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.db.models import Sum
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from courses import api as courses

from ..models import Credential, EthicsAttestation, EthicsCode, PracticumEntry, Programme
from ..selectors import passed_quiz_keys

ZERO = Decimal(0)


@dataclass(frozen=True)
class Requirement:
    """One line of a programme's checklist. `kind`: course, assessment, domain_hours, practicum,
    ethics, renewal_hours, renewal_ethics_hours, reattestation. `done`/`needed` are set for the
    hour requirements (Decimal) and None otherwise."""

    key: str
    kind: str
    label: str
    met: bool
    done: Decimal | None = None
    needed: Decimal | None = None
    url: str = ""

    @property
    def percent(self) -> int:
        if self.needed in (None, ZERO):
            return 100 if self.met else 0
        return min(100, int((self.done or ZERO) * 100 / self.needed))


@dataclass(frozen=True)
class Checklist:
    programme: Programme
    requirements: tuple[Requirement, ...] = field(default_factory=tuple)

    @property
    def met(self) -> bool:
        return all(requirement.met for requirement in self.requirements)

    @property
    def done_count(self) -> int:
        return sum(requirement.met for requirement in self.requirements)


def programme_source(programme: Programme) -> Programme:
    """The programme's row in the default locale, where its requirements are kept (the row
    itself when it has no source-language sibling)."""
    default = Locale.get_default()
    if programme.locale_id == default.pk:
        return programme
    return (
        Programme.objects.filter(translation_key=programme.translation_key, locale=default).first()
        or programme
    )


def source_programmes(*, active_only: bool = True) -> list[Programme]:
    """Every programme in the default locale, with its requirements prefetched."""
    rows = Programme.objects.filter(locale=Locale.get_default())
    if active_only:
        rows = rows.filter(is_active=True)
    return list(
        rows.prefetch_related(
            "required_courses__course", "required_assessments__quiz", "required_domain_hours"
        )
    )


def programmes_for_course(*, course_key: UUID) -> list[Programme]:
    """Active source programmes that require the course."""
    return [
        programme
        for programme in source_programmes()
        if any(row.course.translation_key == course_key for row in programme.required_courses.all())
    ]


def approved_practicum_hours(*, user_id: int, since: datetime | None = None) -> Decimal:
    rows = PracticumEntry.objects.filter(user_id=user_id, status=PracticumEntry.Status.APPROVED)
    if since is not None:
        rows = rows.filter(decided_at__gte=since)
    return rows.aggregate(total=Sum("hours"))["total"] or ZERO


def attestation_signed(*, user_id: int, code: EthicsCode, since: datetime | None = None) -> bool:
    """Whether the user signed this version of the code (since `since`, for renewals)."""
    rows = EthicsAttestation.objects.filter(
        user_id=user_id, code_key=code.translation_key, version=code.version
    )
    if since is not None:
        rows = rows.filter(signed_at__gte=since)
    return rows.exists()


def _localized_titles(pages: Iterable[Page]) -> dict[int, str]:
    """Titles of `pages` in the active language where translated."""
    pages = list(pages)
    if not pages:
        return {}
    locale = Locale.get_active()
    translated = dict(
        Page.objects.filter(
            translation_key__in=[page.translation_key for page in pages], locale=locale
        ).values_list("translation_key", "title")
    )
    return {page.pk: translated.get(page.translation_key, page.title) for page in pages}


def checklist(
    *, user_id: int, programme: Programme, hours: dict[str, Decimal] | None = None
) -> Checklist:
    """How far the user is towards earning `programme` (its source row is used). `hours` (the
    ledger by domain slug) may be passed in by a caller that already has it."""
    programme = programme_source(programme)
    hours = hours if hours is not None else courses.hours_by_domain_slug(user_id=user_id)
    names = courses.domain_names()
    requirements: list[Requirement] = []

    course_rows = list(programme.required_courses.all())
    titles = _localized_titles(row.course for row in course_rows)
    completed = courses.completed_course_keys(user_id=user_id)
    for row in course_rows:
        requirements.append(
            Requirement(
                key=f"course:{row.course.translation_key}",
                kind="course",
                label=_("Complete the course “%(title)s”") % {"title": titles[row.course.pk]},
                met=row.course.translation_key in completed,
                url=row.course.localized.url or "",
            )
        )

    quiz_rows = list(programme.required_assessments.all())
    quiz_titles = _localized_titles(row.quiz for row in quiz_rows)
    passed = passed_quiz_keys(
        user_id=user_id, quiz_keys=[row.quiz.translation_key for row in quiz_rows]
    )
    for row in quiz_rows:
        requirements.append(
            Requirement(
                key=f"assessment:{row.quiz.translation_key}",
                kind="assessment",
                label=_("Pass the assessment “%(title)s”") % {"title": quiz_titles[row.quiz.pk]},
                met=row.quiz.translation_key in passed,
                url=row.quiz.localized.url or "",
            )
        )

    for row in programme.required_domain_hours.all():
        done = hours.get(row.domain, ZERO)
        requirements.append(
            Requirement(
                key=f"hours:{row.domain}",
                kind="domain_hours",
                label=_("%(hours)s training hours in “%(domain)s”")
                % {"hours": _hours(row.hours), "domain": names.get(row.domain, row.domain)},
                met=done >= row.hours,
                done=done,
                needed=row.hours,
            )
        )

    if programme.practicum_hours > ZERO:
        done = approved_practicum_hours(user_id=user_id)
        requirements.append(
            Requirement(
                key="practicum",
                kind="practicum",
                label=_("%(hours)s hours of supervised practice, approved by a supervisor")
                % {"hours": _hours(programme.practicum_hours)},
                met=done >= programme.practicum_hours,
                done=done,
                needed=programme.practicum_hours,
            )
        )

    if programme.ethics_code_id is not None:
        code = programme.ethics_code
        requirements.append(
            Requirement(
                key=f"ethics:{code.translation_key}:{code.version}",
                kind="ethics",
                label=_("Sign the code of ethics (version %(version)s)")
                % {"version": code.version},
                met=attestation_signed(user_id=user_id, code=code),
            )
        )
    return Checklist(programme=programme, requirements=tuple(requirements))


def renewal_checklist(*, credential: Credential) -> Checklist:
    """What renewing `credential` takes: continuing-education hours (with the ethics minimum)
    earned since it became valid, and the code of ethics signed again if the programme asks."""
    programme = programme_source(credential.programme)
    since = credential.valid_from
    hours = courses.hours_by_domain_slug(user_id=credential.holder_id, since=since)
    total = sum(hours.values(), ZERO)
    names = courses.domain_names()
    requirements = [
        Requirement(
            key="renewal:hours",
            kind="renewal_hours",
            label=_("%(hours)s hours of continuing education since your credential was issued")
            % {"hours": _hours(programme.renewal_hours)},
            met=total >= programme.renewal_hours,
            done=total,
            needed=programme.renewal_hours,
        )
    ]
    if programme.renewal_ethics_hours > ZERO:
        done = hours.get(programme.renewal_ethics_domain, ZERO)
        requirements.append(
            Requirement(
                key="renewal:ethics_hours",
                kind="renewal_ethics_hours",
                label=_("of which %(hours)s hours in “%(domain)s”")
                % {
                    "hours": _hours(programme.renewal_ethics_hours),
                    "domain": names.get(
                        programme.renewal_ethics_domain, programme.renewal_ethics_domain
                    ),
                },
                met=done >= programme.renewal_ethics_hours,
                done=done,
                needed=programme.renewal_ethics_hours,
            )
        )
    if programme.renewal_reattestation and programme.ethics_code_id is not None:
        code = programme.ethics_code
        requirements.append(
            Requirement(
                key=f"renewal:ethics:{code.translation_key}:{code.version}",
                kind="reattestation",
                label=_("Sign the code of ethics again (version %(version)s)")
                % {"version": code.version},
                met=attestation_signed(user_id=credential.holder_id, code=code, since=since),
            )
        )
    return Checklist(programme=programme, requirements=tuple(requirements))


def _hours(value: Decimal) -> str:
    """12.00 → "12", 1.50 → "1.5"."""
    return f"{value.normalize():f}"
