"""Reads for organisations: memberships, consent, cohorts, invitations and the roster.

Every read that shows a member's progress or credentials to an organisation goes through the
consent flags here: the roster asks a hook column only about the members who consented to the
column's scope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from .hooks import SCOPE_CREDENTIALS, SCOPE_PROGRESS, RosterColumn, roster_columns
from .models import ApiKey, Cohort, CohortMembership, Invitation, Membership, Organization

_CONSENT_FIELD = {SCOPE_PROGRESS: "shares_progress", SCOPE_CREDENTIALS: "shares_credentials"}


def active_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(status=Membership.Status.ACTIVE)


def memberships_for_user(*, user) -> QuerySet[Membership]:
    """`user`'s active memberships of active organisations, by organisation name."""
    return (
        active_memberships()
        .filter(user=user, organization__is_active=True)
        .select_related("organization")
        .order_by(Lower("organization__name"), "organization__pk")
    )


def member_ids_sharing(*, organization_id: int, scope: str) -> frozenset[int]:
    """Ids of the users who are active members of the organisation and consent to `scope`."""
    return frozenset(
        active_memberships()
        .filter(organization_id=organization_id, **{_CONSENT_FIELD[scope]: True})
        .values_list("user_id", flat=True)
    )


def organization_ids_with_consent(*, user_id: int, scope: str) -> frozenset[int]:
    """Ids of the organisations `user_id` is an active member of and consents to `scope` for."""
    return frozenset(
        active_memberships()
        .filter(user_id=user_id, organization__is_active=True, **{_CONSENT_FIELD[scope]: True})
        .values_list("organization_id", flat=True)
    )


def cohort_member_ids(*, cohort_id: int) -> frozenset[int]:
    """Ids of the users in the cohort (active members of its organisation only)."""
    return frozenset(
        CohortMembership.objects.filter(
            cohort_id=cohort_id, membership__status=Membership.Status.ACTIVE
        ).values_list("membership__user_id", flat=True)
    )


def coordinator_organizations(*, user) -> QuerySet[Organization]:
    """The active organisations `user` coordinates."""
    return Organization.objects.filter(
        is_active=True,
        memberships__user=user,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.COORDINATOR,
    ).order_by(Lower("name"), "pk")


def roster_memberships(*, organization: Organization) -> QuerySet[Membership]:
    """The organisation's active members with their users, by name (or e-mail without one)."""
    sort_name = Lower(Coalesce(NullIf("user__display_name", Value("")), "user__email"))
    return (
        active_memberships()
        .filter(organization=organization)
        .select_related("user")
        .order_by(sort_name, "user__email", "pk")
    )


def cohorts_for_organization(*, organization: Organization) -> QuerySet[Cohort]:
    """The organisation's cohorts with `member_count` (active members)."""
    return Cohort.objects.filter(organization=organization).annotate(
        member_count=Count(
            "cohort_memberships",
            filter=Q(cohort_memberships__membership__status=Membership.Status.ACTIVE),
        )
    )


def cohort_memberships(*, cohort: Cohort) -> QuerySet[Membership]:
    """The active members in `cohort`, ordered like the roster."""
    return roster_memberships(organization=cohort.organization).filter(
        cohort_memberships__cohort=cohort
    )


def invitations_for_organization(*, organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organization=organization).select_related("invited_by")


def pending_invitation_count(*, organization: Organization) -> int:
    return Invitation.objects.filter(
        organization=organization,
        status=Invitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    ).count()


@dataclass(frozen=True)
class RosterCell:
    """One hook column's cell: `shared` is False when the member did not consent to the
    column's scope (then there is no `text`)."""

    shared: bool
    text: str = ""


@dataclass(frozen=True)
class RosterRow:
    membership: Membership
    cohorts: list[str]
    cells: list[RosterCell]


@dataclass(frozen=True)
class Roster:
    columns: list[RosterColumn]
    rows: list[RosterRow]


def _consents(membership: Membership, scope: str) -> bool:
    return bool(getattr(membership, _CONSENT_FIELD[scope]))


def roster_rows(
    *,
    organization: Organization,
    memberships: Sequence[Membership],
    columns: Sequence[RosterColumn] | None = None,
) -> Roster:
    """The roster of `memberships` (of `organization`): each member's cohorts and the hook
    columns' cells. One query for the cohorts and one call per column, however many members;
    each column is asked only about the members who consent to its scope, and only their
    answers are kept."""
    columns = list(roster_columns() if columns is None else columns)
    memberships = list(memberships)
    cohorts_by_membership: dict[int, list[str]] = defaultdict(list)
    for membership_id, name in (
        CohortMembership.objects.filter(membership__in=[m.pk for m in memberships])
        .order_by(Lower("cohort__name"), "cohort__pk")
        .values_list("membership_id", F("cohort__name"))
    ):
        cohorts_by_membership[membership_id].append(name)
    values_by_column = []
    for column in columns:
        consenting = frozenset(m.user_id for m in memberships if _consents(m, column.scope))
        values = (
            column.values(organization_id=organization.pk, user_ids=consenting)
            if consenting
            else {}
        )
        values_by_column.append((consenting, values))
    rows = []
    for membership in memberships:
        cells = []
        for consenting, values in values_by_column:
            if membership.user_id in consenting:
                cells.append(RosterCell(shared=True, text=str(values.get(membership.user_id, ""))))
            else:
                cells.append(RosterCell(shared=False))
        rows.append(RosterRow(membership, cohorts_by_membership[membership.pk], cells))
    return Roster(columns=columns, rows=rows)


def roster_in_chunks(*, organization: Organization, chunk_size: int = 500) -> Iterator[Roster]:
    """The whole roster, `chunk_size` members at a time (for the CSV export: memory and query
    count stay bounded whatever the organisation's size)."""
    columns = roster_columns()
    memberships = roster_memberships(organization=organization)
    # The ids first, then each chunk's rows: no cursor is held open between chunks.
    ids = list(memberships.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk_ids = ids[start : start + chunk_size]
        chunk = list(memberships.filter(pk__in=chunk_ids))
        yield roster_rows(organization=organization, memberships=chunk, columns=columns)


# Supervision ----------------------------------------------------------------------------------
# Who decides on a member's supervised practice: the organisation's active supervisors; in an
# organisation without one, its active coordinators (small teams often have no supervisor role).


def supervisor_ids(*, organization_id: int) -> frozenset[int]:
    """Ids of the users who supervise in the organisation (its active supervisors, or its active
    coordinators when it has no supervisor). Empty for an inactive organisation."""
    rows = active_memberships().filter(
        organization_id=organization_id, organization__is_active=True
    )
    if rows.filter(role=Membership.Role.SUPERVISOR).exists():
        rows = rows.filter(role=Membership.Role.SUPERVISOR)
    else:
        rows = rows.filter(role=Membership.Role.COORDINATOR)
    return frozenset(rows.values_list("user_id", flat=True))


def organizations_supervised_by(*, user) -> QuerySet[Organization]:
    """The active organisations in which `user` supervises, by name."""
    has_supervisor = Exists(
        active_memberships().filter(organization=OuterRef("pk"), role=Membership.Role.SUPERVISOR)
    )
    return (
        Organization.objects.filter(is_active=True)
        .annotate(has_supervisor=has_supervisor)
        .filter(
            Q(memberships__role=Membership.Role.SUPERVISOR)
            | Q(memberships__role=Membership.Role.COORDINATOR, has_supervisor=False),
            memberships__user=user,
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by(Lower("name"), "pk")
    )


def organizations_with_supervisor_for(*, user) -> QuerySet[Organization]:
    """The active organisations `user` is an active member of where someone other than `user`
    supervises, by name."""
    others = active_memberships().filter(organization=OuterRef("pk")).exclude(user=user)
    has_supervisor = Exists(
        active_memberships().filter(organization=OuterRef("pk"), role=Membership.Role.SUPERVISOR)
    )
    return (
        Organization.objects.filter(
            is_active=True,
            memberships__user=user,
            memberships__status=Membership.Status.ACTIVE,
        )
        .annotate(
            has_supervisor=has_supervisor,
            other_supervisor=Exists(others.filter(role=Membership.Role.SUPERVISOR)),
            other_coordinator=Exists(others.filter(role=Membership.Role.COORDINATOR)),
        )
        .filter(Q(other_supervisor=True) | Q(has_supervisor=False, other_coordinator=True))
        .order_by(Lower("name"), "pk")
    )


def member_ids(*, organization_id: int) -> frozenset[int]:
    """Ids of the organisation's active members (any role)."""
    return frozenset(
        active_memberships()
        .filter(organization_id=organization_id)
        .values_list("user_id", flat=True)
    )


def api_keys_for_organization(*, organization: Organization) -> QuerySet[ApiKey]:
    """The organisation's API keys, newest first, usable ones before revoked ones."""
    return (
        ApiKey.objects.filter(organization=organization)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )
