"""Organisations' admin hooks, and their part of a user's data export (lms.accounts)."""

from typing import Any

from wagtail import hooks

from lms.accounts.api import USER_EXPORT_HOOK

from .models import Membership


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
