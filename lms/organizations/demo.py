"""Demo data of an organisation: a cohort with the demo members and a pending invitation.
Idempotent: running it again changes nothing (a new invitation is sent only once the last one
expired)."""

import contextlib

from django.db import transaction

from lms.accounts.models import User

from . import services
from .models import ApiKey, Cohort, Membership, Organization

DEMO_COHORT = "Jakarta volunteers 2026"
# Published in README and docs/partner-quickstart.md, like the demo passwords: never in production
# (seed_demo refuses to run with DEBUG off).
DEMO_API_KEY = "sbk_demo2026_SebayaDemoKey-NotSecret-ForTheQuickStartOnly"
DEMO_INVITEE = "new.supporter@sebaya.example"


@transaction.atomic
def seed_organization_demo(*, organization: Organization, coordinator: User) -> None:
    cohort = Cohort.objects.filter(organization=organization, name__iexact=DEMO_COHORT).first()
    if cohort is None:
        cohort = services.cohort_create(organization=organization, name=DEMO_COHORT)
    supporters = Membership.objects.filter(
        organization=organization,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.MEMBER,
    ).select_related("organization", "user")
    services.cohort_members_add(cohort=cohort, memberships=supporters)
    with contextlib.suppress(services.AlreadyInvited, services.AlreadyMember):
        services.invitation_create(
            organization=organization, email=DEMO_INVITEE, invited_by=coordinator
        )


def seed_demo_api_key(*, organization: Organization, coordinator: User) -> str:
    """The organisation's demo API key with every scope (a fixed, published value, so the
    quick start works at once); created once, put back if it was revoked or deleted."""
    prefix = DEMO_API_KEY.split("_")[1]
    ApiKey.objects.update_or_create(
        prefix=prefix,
        defaults={
            "organization": organization,
            "name": "Demo key (all scopes)",
            "key_hash": services.api_key_digest(DEMO_API_KEY),
            "scopes": sorted(ApiKey.Scope.values),
            "created_by": coordinator,
            "expires_at": None,
            "revoked_at": None,
            "revoked_by": None,
        },
    )
    return DEMO_API_KEY
