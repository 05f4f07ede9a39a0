"""Demo data of an organisation: a cohort with the demo members and a pending invitation.
Idempotent: running it again changes nothing (a new invitation is sent only once the last one
expired)."""

import contextlib

from django.db import transaction

from lms.accounts.models import User

from . import services
from .models import Cohort, Membership, Organization

DEMO_COHORT = "Jakarta volunteers 2026"
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
