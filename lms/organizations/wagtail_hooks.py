"""Organisations' admin hooks, and their part of a user's data export (lms.accounts)."""

from typing import Any

from django.db.models import Q
from wagtail import hooks

from lms.accounts.api import USER_EXPORT_HOOK

from .models import CohortMembership, Invitation, Membership


@hooks.register(USER_EXPORT_HOOK)
def export_memberships(user) -> tuple[str, list[dict[str, Any]]]:
    """The user's memberships of organisations, with their role and consent choices."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("joined_at", "pk")
    )
    return (
        "memberships",
        [
            {
                "organization": {
                    "id": str(membership.organization.public_id),
                    "name": membership.organization.name,
                },
                "role": membership.role,
                "status": membership.status,
                "shares_progress": membership.shares_progress,
                "shares_credentials": membership.shares_credentials,
                "consent_updated_at": (
                    membership.consent_updated_at.isoformat()
                    if membership.consent_updated_at
                    else None
                ),
                "joined_at": membership.joined_at.isoformat(),
            }
            for membership in memberships
        ],
    )


@hooks.register(USER_EXPORT_HOOK)
def export_cohorts(user) -> tuple[str, list[dict[str, Any]]]:
    """The cohorts the user is in, in each organisation."""
    placements = (
        CohortMembership.objects.filter(membership__user=user)
        .select_related("cohort__organization")
        .order_by("added_at", "pk")
    )
    return (
        "cohorts",
        [
            {
                "organization": {
                    "id": str(placement.cohort.organization.public_id),
                    "name": placement.cohort.organization.name,
                },
                "cohort": {"id": str(placement.cohort.public_id), "name": placement.cohort.name},
                "added_at": placement.added_at.isoformat(),
            }
            for placement in placements
        ],
    )


@hooks.register(USER_EXPORT_HOOK)
def export_invitations(user) -> tuple[str, list[dict[str, Any]]]:
    """Invitations sent to any of the user's confirmed addresses (or accepted by them)."""
    addresses = {
        address.lower()
        for address in user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
    }
    invitations = (
        Invitation.objects.filter(Q(email__in=addresses) | Q(accepted_by=user))
        .select_related("organization")
        .order_by("created_at", "pk")
    )
    return (
        "invitations",
        [
            {
                "organization": {
                    "id": str(invitation.organization.public_id),
                    "name": invitation.organization.name,
                },
                "email": invitation.email,
                "role": invitation.role,
                "status": invitation.state,
                "created_at": invitation.created_at.isoformat(),
                "expires_at": invitation.expires_at.isoformat(),
                "accepted_at": invitation.accepted_at.isoformat()
                if invitation.accepted_at
                else None,
            }
            for invitation in invitations
        ],
    )
