"""Fixtures for the credential admin tests: an administrator, an editor of the demo "Editors"
group, a programme and a credential awarded through the service."""

import pytest
from django.contrib.auth.models import Group

from certification.credentials import services

from ..credential_fixtures import make_programme


@pytest.fixture
def admin(user_factory):
    return user_factory(email="cert.admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def editor(user_factory):
    user = user_factory(email="cert.editor@example.org", display_name="Eda", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(user_factory):
    user = user_factory(email="cert.reviewer@example.org", display_name="Rin", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    return user


@pytest.fixture
def programme(db):
    return make_programme(
        slug="admin-programme", ethics=False, practicum_hours="0", domain_hours=()
    )


@pytest.fixture
def holder(user_factory):
    return user_factory(email="holder@example.org", display_name="Hana Holder")


@pytest.fixture
def credential(holder, programme, admin):
    return services.credential_award(
        holder=holder, programme=programme, actor=admin, reason="Certified elsewhere."
    )
