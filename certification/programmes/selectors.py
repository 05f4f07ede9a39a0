"""Reads for the programme pages, the practicum pages and the panels certification adds to other
apps' pages: programmes and codes of ethics in the reader's language, a trainee's credentials
and practicum log, the entries a supervisor decides on, and the renewal window."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from courses import api as courses
from lms.organizations import api as organizations

from ..credentials import rules
from ..models import Credential, EthicsAttestation, EthicsCode, PracticumEntry, Programme

ZERO = Decimal(0)


def format_hours(value: Decimal) -> str:
    """12.00 → "12", 1.50 → "1.5" (digits as they are: templates localise numbers)."""
    return f"{value.normalize():f}"


# Programmes and codes in the reader's language -----------------------------------------------


def localized_programmes(programmes: Iterable[Programme]) -> dict[UUID, Programme]:
    """Each programme's row in the active locale by translation key, falling back to the row
    given (one query)."""
    programmes = list(programmes)
    if not programmes:
        return {}
    by_key = {programme.translation_key: programme for programme in programmes}
    locale = Locale.get_active()
    for row in Programme.objects.filter(translation_key__in=list(by_key), locale=locale):
        by_key[row.translation_key] = row
    return by_key


def programme_by_slug(*, slug: str) -> tuple[Programme, Programme]:
    """(the programme in the active language, its source row) for an active programme's slug;
    Http404 for an unknown or retired one."""
    source = (
        Programme.objects.filter(slug=slug, locale=Locale.get_default(), is_active=True)
        .prefetch_related(
            "required_courses__course", "required_assessments__quiz", "required_domain_hours"
        )
        .select_related("ethics_code")
        .first()
    )
    if source is None:
        raise Http404
    shown = localized_programmes([source])[source.translation_key]
    return shown, source


def localized_code(code: EthicsCode) -> EthicsCode:
    """The same version of the code in the active language, falling back to `code` (a
    translation of another version is never shown in its place)."""
    row = EthicsCode.objects.filter(
        translation_key=code.translation_key, locale=Locale.get_active(), version=code.version
    ).first()
    return row or code


# Credentials --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialLine:
    """A credential as its holder or an organisation sees it in a list."""

    credential: Credential
    programme: Programme  # in the reader's language
    state: str  # "valid", "expiring", "expired", "suspended", "revoked"

    @property
    def valid_until_date(self):
        until = self.credential.valid_until
        return timezone.localdate(until) if until is not None else None


def credential_lines(*, holder_ids: Iterable[int]) -> dict[int, list[CredentialLine]]:
    """The credentials of each holder (replaced ones left out), newest first, with programme
    names in the active language. Two queries, however many holders and credentials."""
    rows = list(
        Credential.objects.filter(holder_id__in=list(holder_ids))
        .exclude(status=Credential.Status.REPLACED)
        .select_related("programme")
        .order_by("holder_id", "-issued_at", "pk")
    )
    names = localized_programmes({row.programme_id: row.programme for row in rows}.values())
    now = timezone.now()
    lines: dict[int, list[CredentialLine]] = {}
    for row in rows:
        lines.setdefault(row.holder_id, []).append(
            CredentialLine(
                credential=row,
                programme=names.get(row.programme.translation_key, row.programme),
                state=row.state(now=now),
            )
        )
    return lines


def current_credential(*, user_id: int, programme: Programme) -> Credential | None:
    """The user's latest credential of the (source) programme that is not replaced or revoked
    (active, suspended or expired), or None."""
    return (
        Credential.objects.filter(holder_id=user_id, programme_key=programme.translation_key)
        .exclude(status__in=[Credential.Status.REPLACED])
        .select_related("programme")
        .order_by("-valid_from", "-pk")
        .first()
    )


# Practicum ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticumTotals:
    approved: Decimal
    pending: Decimal


def practicum_entries(*, user) -> list[PracticumEntry]:
    return list(PracticumEntry.objects.filter(user=user).select_related("organization"))


def practicum_totals(*, user_id: int) -> PracticumTotals:
    totals = PracticumEntry.objects.filter(user_id=user_id).aggregate(
        approved=Sum("hours", filter=Q(status=PracticumEntry.Status.APPROVED)),
        pending=Sum("hours", filter=Q(status=PracticumEntry.Status.PENDING)),
    )
    return PracticumTotals(approved=totals["approved"] or ZERO, pending=totals["pending"] or ZERO)


def approved_hours_by_user(*, user_ids: Iterable[int]) -> dict[int, Decimal]:
    """Approved practicum hours of each user (one query; users without any left out)."""
    return dict(
        PracticumEntry.objects.filter(
            user_id__in=list(user_ids), status=PracticumEntry.Status.APPROVED
        )
        .values("user_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("user_id", "total")
    )


def entry_of(*, user, entry_id: UUID) -> PracticumEntry:
    """`user`'s own entry (Http404 for another's)."""
    entry = PracticumEntry.objects.filter(public_id=entry_id, user=user).first()
    if entry is None:
        raise Http404
    return entry


@dataclass(frozen=True)
class ReviewGroup:
    organization: organizations.OrganizationInfo
    entries: list[PracticumEntry]


def entries_to_review(*, supervisor) -> list[ReviewGroup] | None:
    """The pending entries `supervisor` decides on, by organisation: of the organisations they
    supervise, from people who are still active members, not their own. None when they
    supervise nowhere."""
    supervised = organizations.organizations_supervised_by(supervisor)
    if not supervised:
        return None
    groups = []
    for organization in supervised:
        entries = list(
            PracticumEntry.objects.filter(
                organization_id=organization.id,
                status=PracticumEntry.Status.PENDING,
                user_id__in=organizations.member_ids(organization.id),
            )
            .exclude(user=supervisor)
            .select_related("user")
            .order_by("date", "submitted_at")
        )
        groups.append(ReviewGroup(organization=organization, entries=entries))
    return groups


def entry_to_review(*, supervisor, entry_id: UUID) -> PracticumEntry:
    """An entry of an organisation `supervisor` supervises (Http404 for any other)."""
    supervised = [
        organization.id for organization in organizations.organizations_supervised_by(supervisor)
    ]
    entry = PracticumEntry.objects.filter(
        public_id=entry_id, organization_id__in=supervised
    ).first()
    if entry is None:
        raise Http404
    return entry


# Dashboard ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursLine:
    name: str
    done: Decimal
    needed: Decimal

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def percent(self) -> int:
        return min(100, int(self.done * 100 / self.needed)) if self.needed else 100


@dataclass(frozen=True)
class ProgrammeProgress:
    programme: Programme  # in the reader's language
    hours: list[HoursLine]


def started_programmes(*, user, hours: list[courses.DomainHours]) -> list[ProgrammeProgress]:
    """The active programmes the trainee has started (hours in a domain the programme counts,
    practicum logged, a required course completed, its code signed or a credential of it), each
    with the trainee's hours against what it needs. A fixed number of queries."""
    programmes = rules.source_programmes()
    if not programmes:
        return []
    hours_by_slug = {row.slug: row.hours for row in hours if row.hours}
    names = courses.domain_names()
    practicum = practicum_totals(user_id=user.pk)
    completed = courses.completed_course_keys(user_id=user.pk)
    credential_keys = set(
        Credential.objects.filter(holder=user).values_list("programme_key", flat=True)
    )
    signed_codes = set(
        EthicsAttestation.objects.filter(user=user).values_list("code_key", flat=True)
    )
    codes = dict(
        EthicsCode.objects.filter(
            pk__in=[p.ethics_code_id for p in programmes if p.ethics_code_id]
        ).values_list("pk", "translation_key")
    )
    localized = localized_programmes(programmes)
    result = []
    for programme in programmes:
        domain_rows = list(programme.required_domain_hours.all())
        started = (
            programme.translation_key in credential_keys
            or any(hours_by_slug.get(row.domain) for row in domain_rows)
            or (programme.practicum_hours and (practicum.approved or practicum.pending))
            or any(
                row.course.translation_key in completed for row in programme.required_courses.all()
            )
            or codes.get(programme.ethics_code_id) in signed_codes
        )
        if not started:
            continue
        lines = [
            HoursLine(
                name=names.get(row.domain, row.domain),
                done=hours_by_slug.get(row.domain, ZERO),
                needed=row.hours,
            )
            for row in domain_rows
        ]
        if programme.practicum_hours:
            lines.append(
                HoursLine(
                    name=_("Supervised practice, approved"),
                    done=practicum.approved,
                    needed=programme.practicum_hours,
                )
            )
        result.append(
            ProgrammeProgress(programme=localized[programme.translation_key], hours=lines)
        )
    return result
