"""Who may see and change what of an organisation. Every view goes through these helpers.

The rule: no one sees anything of an organisation they are not an active member of, and its
members, invitations, cohorts and roster are for its coordinators only. A person who is not an
active member gets Http404 (nothing tells them the organisation, cohort or invitation exists); a
member who is not a coordinator gets PermissionDenied (403). Objects are always looked up
*within* the organisation the helper checked, so another organisation's cohort, invitation or
member answers 404 even to a coordinator.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import ApiKey, Cohort, Invitation, Membership


def access_organization_as_member(user, slug: str) -> Membership:
    """`user`'s active membership of the active organisation `slug` (any role), or Http404."""
    if user is None or not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organization")
        .filter(
            user=user,
            organization__slug=slug,
            organization__is_active=True,
            status=Membership.Status.ACTIVE,
        )
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_organization_as_coordinator(user, slug: str) -> Membership:
    """`user`'s coordinator membership of `slug`: Http404 for a non-member, PermissionDenied
    for a member in another role."""
    membership = access_organization_as_member(user, slug)
    if membership.role != Membership.Role.COORDINATOR:
        raise PermissionDenied
    return membership


def access_member_as_coordinator(user, slug: str, member_id: UUID) -> Membership:
    """The active membership of the user with public id `member_id` in `slug`, for a coordinator
    of `slug` (see access_organization_as_coordinator); Http404 if there is none."""
    coordinator = access_organization_as_coordinator(user, slug)
    membership = (
        Membership.objects.select_related("organization", "user")
        .filter(
            organization=coordinator.organization,
            user__public_id=member_id,
            status=Membership.Status.ACTIVE,
        )
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_cohort_as_coordinator(user, slug: str, cohort_id: UUID) -> Cohort:
    """The cohort with public id `cohort_id` of `slug`, for a coordinator of `slug`."""
    coordinator = access_organization_as_coordinator(user, slug)
    cohort = (
        Cohort.objects.select_related("organization")
        .filter(organization=coordinator.organization, public_id=cohort_id)
        .first()
    )
    if cohort is None:
        raise Http404
    return cohort


def access_invitation_as_coordinator(user, slug: str, invitation_id: UUID) -> Invitation:
    """The invitation with public id `invitation_id` of `slug`, for a coordinator of `slug`."""
    coordinator = access_organization_as_coordinator(user, slug)
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(organization=coordinator.organization, public_id=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def access_api_key_as_coordinator(user, slug: str, api_key_id: UUID) -> ApiKey:
    """The API key with public id `api_key_id` of `slug`, for a coordinator of `slug`."""
    coordinator = access_organization_as_coordinator(user, slug)
    api_key = (
        ApiKey.objects.select_related("organization")
        .filter(organization=coordinator.organization, public_id=api_key_id)
        .first()
    )
    if api_key is None:
        raise Http404
    return api_key
