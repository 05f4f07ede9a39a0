"""What other apps may use of organisations: plain, frozen data, consent-aware selectors, access
checks, and two hooks.

    from lms.organizations import api as organizations

Ids: `organization_id`, `cohort_id` and `user_id` arguments and results are primary keys (ints)
for use inside the platform; the `public_id` UUIDs are for URLs, events and partners. Only active
memberships of active organisations count anywhere in this module.

Selectors
    memberships_for_user(user) -> list[MembershipInfo]
    coordinator_organizations(user) -> list[OrganizationInfo]
    member_ids_sharing_progress(organization_id) -> frozenset[int]      (user ids)
    member_ids_sharing_credentials(organization_id) -> frozenset[int]   (user ids)
    organization_ids_with_consent(user_id, scope) -> frozenset[int]     (e.g. to notify partners)
    cohort_member_ids(cohort_id) -> frozenset[int]                      (user ids)
    member_ids(organization_id) -> frozenset[int]                       (user ids, any role)
    organization_by_public_id(public_id) -> OrganizationInfo | None      (active only)
    organizations_by_id(organization_ids) -> dict[int, OrganizationInfo] (active only)
    coordinator_contacts(organization_id) -> list[ContactInfo]           (e-mail, language)

Supervision (who decides on a member's supervised practice: the organisation's active
supervisors; in an organisation without one, its active coordinators)
    supervisor_ids(organization_id) -> frozenset[int]                   (user ids)
    organizations_supervised_by(user) -> list[OrganizationInfo]
    organizations_with_supervisor_for(user) -> list[OrganizationInfo]   (someone else supervises)

The partner API (certification.rest_api) reads the roster as plain rows and invites:
    member_rows(organization_id) -> QuerySet of dicts (MEMBER_ROW_FIELDS), by joining date
    member_row(organization_id, user_public_id) -> dict | None
    api_invitation_create(organization_id, email, role) -> InvitationInfo
        raises AlreadyMember, AlreadyInvited, ValueError (a role an API key may not invite)

Access checks (for a higher app's own views, e.g. "enrol this cohort in a course")
    access_organization_as_coordinator(user, slug) -> OrganizationInfo
    access_cohort_as_coordinator(user, slug, cohort_public_id) -> CohortInfo
Both raise Http404 when `user` is not an active member of the organisation (or the cohort is not
the organisation's), PermissionDenied when they are a member but not a coordinator.

Hook ``sebaya_roster_columns`` (ROSTER_COLUMNS_HOOK)
    Adds columns to an organisation's roster: the members table of the dashboard, the member
    page and the CSV export. Register, in your app's ``wagtail_hooks.py``, a function without
    arguments that returns one RosterColumn or a list of them::

        from wagtail import hooks
        from lms.organizations import api as organizations

        def completed_courses(*, organization_id: int, user_ids: frozenset[int]) -> dict[int, str]:
            return {user_id: ", ".join(titles) for user_id, titles in ...}

        @hooks.register(organizations.ROSTER_COLUMNS_HOOK)
        def roster_columns():
            return organizations.RosterColumn(
                key="courses.completed",
                label=_("Courses completed"),
                scope=organizations.SCOPE_PROGRESS,
                values=completed_courses,
            )

    `scope` is SCOPE_PROGRESS or SCOPE_CREDENTIALS. The roster calls `values` once per page
    (and once per chunk of 500 members for the CSV) with *only* the ids of the members who
    consented to that scope, and it ignores any id in the answer it did not ask about: a member
    who did not consent sees "Not shared" in the column, and an empty cell in the CSV. Return
    plain text (it is escaped on the page and made formula-safe in the CSV); a member missing
    from the answer gets an empty cell. Make one query for all the ids, not one per member:
    the roster's query count must not grow with the organisation.

Hook ``sebaya_cohort_actions`` (COHORT_ACTIONS_HOOK)
    Adds an action to a cohort's page (seen by the organisation's coordinators only), such as
    "Enrol this cohort in a course". Register a function called with keyword arguments
    ``cohort`` (a CohortInfo) and ``request``, returning HTML (a SafeString, e.g. from
    ``render_to_string``; a plain str is escaped) or None::

        @hooks.register(organizations.COHORT_ACTIONS_HOOK)
        def enrol_cohort_action(*, cohort, request):
            return render_to_string(
                "courses/cohort_enrol_action.html", {"cohort": cohort}, request=request
            )

    Each action appears in a ``<section class="cohort-action">`` after the cohort's members, in
    hook order; it brings its own ``<h2>``, translates its strings, and posts (with
    ``{% csrf_token %}``) to the higher app's own view, which checks
    ``access_cohort_as_coordinator(request.user, cohort.organization.slug, cohort.public_id)``
    and then reads ``cohort_member_ids(cohort.id)``.

Events: organizations.member.joined.v1, .consent_changed.v1, .left.v1, .role_changed.v1,
organizations.invitation.created.v1, .resent.v1, .revoked.v1, .accepted.v1,
organizations.cohort.created.v1, .renamed.v1, .deleted.v1, .member_added.v1, .member_removed.v1
(schemas in event_schemas/). A handler that keeps per-organisation copies of progress or
credentials must drop them when consent_changed.v1 turns the matching flag off or left.v1
arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import F, QuerySet

from . import access, selectors, services
from .hooks import (
    COHORT_ACTIONS_HOOK,
    ROSTER_COLUMNS_HOOK,
    SCOPE_CREDENTIALS,
    SCOPE_PROGRESS,
    SCOPES,
    RosterColumn,
)
from .models import Cohort, Invitation, Membership, Organization
from .services import AlreadyInvited, AlreadyMember

__all__ = [
    "API_INVITATION_ROLES",
    "COHORT_ACTIONS_HOOK",
    "MEMBER_ROW_FIELDS",
    "ROSTER_COLUMNS_HOOK",
    "SCOPES",
    "SCOPE_CREDENTIALS",
    "SCOPE_PROGRESS",
    "AlreadyInvited",
    "AlreadyMember",
    "CohortInfo",
    "ContactInfo",
    "InvitationInfo",
    "MembershipInfo",
    "OrganizationInfo",
    "RosterColumn",
    "access_cohort_as_coordinator",
    "access_organization_as_coordinator",
    "api_invitation_create",
    "cohort_member_ids",
    "coordinator_contacts",
    "coordinator_organizations",
    "member_ids",
    "member_ids_sharing_credentials",
    "member_ids_sharing_progress",
    "member_row",
    "member_rows",
    "memberships_for_user",
    "organization_by_public_id",
    "organization_ids_with_consent",
    "organizations_by_id",
    "organizations_supervised_by",
    "organizations_with_supervisor_for",
    "supervisor_ids",
]


@dataclass(frozen=True)
class OrganizationInfo:
    id: int
    public_id: UUID
    slug: str
    name: str
    kind: str

    @classmethod
    def of(cls, organization: Organization) -> OrganizationInfo:
        return cls(
            id=organization.pk,
            public_id=organization.public_id,
            slug=organization.slug,
            name=organization.name,
            kind=organization.kind,
        )


@dataclass(frozen=True)
class MembershipInfo:
    organization: OrganizationInfo
    user_id: int
    role: str
    shares_progress: bool
    shares_credentials: bool
    joined_at: datetime

    @classmethod
    def of(cls, membership: Membership) -> MembershipInfo:
        return cls(
            organization=OrganizationInfo.of(membership.organization),
            user_id=membership.user_id,
            role=membership.role,
            shares_progress=membership.shares_progress,
            shares_credentials=membership.shares_credentials,
            joined_at=membership.joined_at,
        )


@dataclass(frozen=True)
class CohortInfo:
    id: int
    public_id: UUID
    name: str
    organization: OrganizationInfo

    @classmethod
    def of(cls, cohort: Cohort) -> CohortInfo:
        return cls(
            id=cohort.pk,
            public_id=cohort.public_id,
            name=cohort.name,
            organization=OrganizationInfo.of(cohort.organization),
        )


def memberships_for_user(user) -> list[MembershipInfo]:
    """`user`'s active memberships, by organisation name."""
    return [MembershipInfo.of(m) for m in selectors.memberships_for_user(user=user)]


def coordinator_organizations(user) -> list[OrganizationInfo]:
    """The organisations `user` is an active coordinator of, by name."""
    return [OrganizationInfo.of(o) for o in selectors.coordinator_organizations(user=user)]


def member_ids_sharing_progress(organization_id: int) -> frozenset[int]:
    """User ids of the organisation's members who let it see their course progress."""
    return selectors.member_ids_sharing(organization_id=organization_id, scope=SCOPE_PROGRESS)


def member_ids_sharing_credentials(organization_id: int) -> frozenset[int]:
    """User ids of the organisation's members who let it see their credentials."""
    return selectors.member_ids_sharing(organization_id=organization_id, scope=SCOPE_CREDENTIALS)


def organization_ids_with_consent(user_id: int, scope: str) -> frozenset[int]:
    """Ids of the organisations the user lets see `scope` (SCOPE_PROGRESS, SCOPE_CREDENTIALS)."""
    return selectors.organization_ids_with_consent(user_id=user_id, scope=scope)


def cohort_member_ids(cohort_id: int) -> frozenset[int]:
    """User ids of the cohort's members (active members of its organisation)."""
    return selectors.cohort_member_ids(cohort_id=cohort_id)


def access_organization_as_coordinator(user, slug: str) -> OrganizationInfo:
    """The organisation `slug`, if `user` coordinates it (Http404 / PermissionDenied)."""
    return OrganizationInfo.of(access.access_organization_as_coordinator(user, slug).organization)


def access_cohort_as_coordinator(user, slug: str, cohort_public_id: UUID) -> CohortInfo:
    """The cohort, if it belongs to `slug` and `user` coordinates `slug` (Http404 /
    PermissionDenied)."""
    return CohortInfo.of(access.access_cohort_as_coordinator(user, slug, cohort_public_id))


def member_ids(organization_id: int) -> frozenset[int]:
    """User ids of the organisation's active members, whatever their role."""
    return selectors.member_ids(organization_id=organization_id)


def supervisor_ids(organization_id: int) -> frozenset[int]:
    """User ids of those who supervise in the organisation: its active supervisors, or its
    active coordinators when it has no supervisor (none for an inactive organisation)."""
    return selectors.supervisor_ids(organization_id=organization_id)


def organizations_supervised_by(user) -> list[OrganizationInfo]:
    """The organisations in which `user` supervises (see supervisor_ids), by name."""
    return [OrganizationInfo.of(o) for o in selectors.organizations_supervised_by(user=user)]


def organizations_with_supervisor_for(user) -> list[OrganizationInfo]:
    """The organisations `user` is an active member of where someone other than `user`
    supervises (see supervisor_ids), by name."""
    return [OrganizationInfo.of(o) for o in selectors.organizations_with_supervisor_for(user=user)]


# Added for lms.events.webhooks: resolve an event's organisation, and tell its coordinators.


@dataclass(frozen=True)
class ContactInfo:
    """Where to write to someone about their organisation (personal data: an e-mail address)."""

    email: str
    language: str


def organization_by_public_id(public_id) -> OrganizationInfo | None:
    """The organisation with this public id (None if there is none or it is inactive)."""
    organization = Organization.objects.filter(public_id=public_id, is_active=True).first()
    return OrganizationInfo.of(organization) if organization is not None else None


def coordinator_contacts(organization_id: int) -> list[ContactInfo]:
    """E-mail address and language of the organisation's active coordinators, for notices about
    the organisation's own set-up (e.g. a webhook endpoint that was disabled)."""
    rows = (
        Membership.objects.filter(
            organization_id=organization_id,
            status=Membership.Status.ACTIVE,
            role=Membership.Role.COORDINATOR,
        )
        .order_by("user__email")
        .values_list("user__email", "user__preferred_language")
    )
    return [ContactInfo(email=email, language=language or "") for email, language in rows]


def organizations_by_id(organization_ids) -> dict[int, OrganizationInfo]:
    """The active organisations among `organization_ids`, by id (one query)."""
    rows = Organization.objects.filter(pk__in=list(organization_ids), is_active=True)
    return {row.pk: OrganizationInfo.of(row) for row in rows}


# The partner API -------------------------------------------------------------------------------

MEMBER_ROW_FIELDS = (
    "user_id",
    "user_public_id",
    "name",
    "email",
    "role",
    "joined_at",
    "shares_progress",
    "shares_credentials",
)


def member_rows(organization_id: int) -> QuerySet:
    """The organisation's active members as plain dicts (MEMBER_ROW_FIELDS, plus `pk`, the
    membership's), ordered by joining date: what the coordinators' roster shows. A lazy
    QuerySet, so a paginator can slice it; the consent flags are read with every page, so a
    member's change of mind applies to the next request."""
    return (
        selectors.active_memberships()
        .filter(organization_id=organization_id, organization__is_active=True)
        .order_by("joined_at", "pk")
        .values(
            "pk",
            "user_id",
            "role",
            "joined_at",
            "shares_progress",
            "shares_credentials",
            user_public_id=F("user__public_id"),
            name=F("user__display_name"),
            email=F("user__email"),
        )
    )


def member_row(organization_id: int, user_public_id: UUID) -> dict | None:
    """One active member of the organisation (as member_rows), or None: another organisation's
    member, a former member and an unknown id look the same."""
    return member_rows(organization_id).filter(user__public_id=user_public_id).first()


# An API key may invite members and supervisors; only a coordinator, in the organisation's
# pages, may invite another coordinator (who could then create keys with every scope).
API_INVITATION_ROLES = (Membership.Role.MEMBER, Membership.Role.SUPERVISOR)


@dataclass(frozen=True)
class InvitationInfo:
    public_id: UUID
    email: str
    role: str
    status: str
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, invitation: Invitation) -> InvitationInfo:
        return cls(
            public_id=invitation.public_id,
            email=invitation.email,
            role=invitation.role,
            status=invitation.state,
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )


def api_invitation_create(*, organization_id: int, email: str, role: str) -> InvitationInfo:
    """Invite `email` to the organisation with `role` (member or supervisor) on behalf of the
    organisation, through its API key: the invitation is sent as a coordinator's would be
    (organizations.invitation.created.v1, with no inviting user). Raises AlreadyMember,
    AlreadyInvited, and ValueError for another role."""
    if role not in API_INVITATION_ROLES:
        raise ValueError(role)
    organization = Organization.objects.get(pk=organization_id, is_active=True)
    with transaction.atomic():
        created = services.invitation_create(
            organization=organization, email=email, invited_by=None, role=role
        )
    return InvitationInfo.of(created.invitation)
