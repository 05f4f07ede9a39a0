"""Fixtures for the organisations tests: two organisations, each with a coordinator and members,
a cohort and a pending invitation, so every test can also try the other organisation's data."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from lms.accounts.models import User
from lms.events.models import Event
from lms.organizations import services
from lms.organizations.models import Cohort, Invitation, Membership, Organization


@pytest.fixture
def make_organization(db):
    def make(name: str, slug: str) -> Organization:
        with transaction.atomic():
            return services.organization_create(name=name, slug=slug)

    return make


@pytest.fixture
def make_member(user_factory):
    def make(
        organization: Organization,
        email: str,
        *,
        role: str = Membership.Role.MEMBER,
        shares_progress: bool = False,
        shares_credentials: bool = False,
        display_name: str = "",
        language: str = "en",
    ) -> Membership:
        user = User.objects.filter(email=email).first() or user_factory(
            email=email, display_name=display_name, preferred_language=language
        )
        return Membership.objects.create(
            organization=organization,
            user=user,
            role=role,
            shares_progress=shares_progress,
            shares_credentials=shares_credentials,
        )

    return make


@dataclass
class World:
    organization: Organization
    coordinator: User
    member: Membership  # a supporter who shares nothing
    cohort: Cohort
    invitation: Invitation


def _world(make_organization, make_member, name, slug, prefix) -> World:
    organization = make_organization(name, slug)
    coordinator = make_member(
        organization,
        f"{prefix}.coordinator@example.org",
        role=Membership.Role.COORDINATOR,
        display_name=f"{name} Coordinator",
    ).user
    member = make_member(
        organization, f"{prefix}.member@example.org", display_name=f"{name} Member"
    )
    with transaction.atomic():
        cohort = services.cohort_create(organization=organization, name=f"{name} cohort")
        services.cohort_member_add(cohort=cohort, membership=member)
        invitation = services.invitation_create(
            organization=organization, email=f"{prefix}.invitee@example.org", invited_by=coordinator
        ).invitation
    return World(organization, coordinator, member, cohort, invitation)


@pytest.fixture
def harapan(make_organization, make_member) -> World:
    return _world(make_organization, make_member, "Harapan Peer Network", "harapan", "harapan")


@pytest.fixture
def nord(make_organization, make_member) -> World:
    return _world(make_organization, make_member, "Krisendienst Nord", "nord", "nord")


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def events_of(event_type: str) -> list[dict]:
    return [event.payload for event in Event.objects.filter(type=event_type).order_by("id")]
