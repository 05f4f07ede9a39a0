"""Fixtures for the webhook tests: organisations, members with their consent, endpoints, a
receiver on 127.0.0.1, and domain events recorded the way the services record them."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from certification.events import (
    CredentialIssued,
    CredentialReinstated,
    CredentialRevoked,
    CredentialSuspended,
)
from lms.events import api as events
from lms.events.webhooks import services
from lms.organizations.models import Membership, Organization

from .receiver import Receiver


@pytest.fixture
def organization(db):
    return Organization.objects.create(name="Harbour Peers", slug="harbour-peers")


@pytest.fixture
def other_organization(db):
    return Organization.objects.create(name="Lighthouse Line", slug="lighthouse-line")


def join(user, organization, *, credentials=True, progress=True, role="member") -> Membership:
    return Membership.objects.create(
        organization=organization,
        user=user,
        role=role,
        shares_credentials=credentials,
        shares_progress=progress,
    )


@pytest.fixture
def holder(user_factory, organization):
    user = user_factory(email="holder@example.org", display_name="Hana Holder")
    join(user, organization)
    return user


@pytest.fixture
def coordinator(user_factory, organization):
    user = user_factory(email="coord@example.org", display_name="Cora Coordinator")
    join(user, organization, role="coordinator", credentials=False, progress=False)
    return user


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def make_endpoint(organization, url, *, event_types=None, receiver=None):
    created = services.endpoint_create(
        organization_id=organization.pk, url=url, event_types=event_types or []
    )
    if receiver is not None:
        receiver.secrets.append(created.secret)
    return created


def record(event) -> None:
    with transaction.atomic():
        events.record(event)


class Credential:
    """A stand-in credential that records its lifecycle events (the payloads the certification
    services record), so the tests need no programme."""

    def __init__(self, holder, credential_id=None):
        self.id = credential_id or uuid.uuid4()
        self.holder = holder
        self.facts = {
            "credential_id": self.id,
            "holder_id": holder.public_id,
            "programme_id": uuid.UUID("00000000-0000-4000-8000-000000000001"),
        }

    def issue(self):
        now = timezone.now().isoformat()
        record(CredentialIssued(**self.facts, origin="earned", valid_from=now, valid_until=None))

    def suspend(self):
        record(CredentialSuspended(**self.facts, until=None, reason_code="ethics_investigation"))

    def reinstate(self):
        record(CredentialReinstated(**self.facts))

    def revoke(self):
        record(CredentialRevoked(**self.facts, reason_code="ethics_violation"))


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit(): ...` runs the whole chain (relay, handlers, deliveries) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
