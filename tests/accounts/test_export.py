"""The data export: everything the platform holds about the user, and nothing about anyone else."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from lms.accounts import services
from lms.organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    return (
        Organization.objects.create(name="Rumah Sebaya", slug="rumah-sebaya"),
        Organization.objects.create(name="Krisendienst Nord", slug="krisendienst-nord"),
    )


def test_export_is_a_json_download_of_account_addresses_and_memberships(
    logged_in, trainee, organizations, user_factory
):
    rumah, krisendienst = organizations
    consented = timezone.now()
    Membership.objects.create(
        organization=rumah,
        user=trainee,
        role=Membership.Role.SUPERVISOR,
        shares_progress=True,
        consent_updated_at=consented,
    )
    EmailAddress.objects.create(user=trainee, email="ayu@work.example", verified=False)
    someone_else = user_factory(email="someone.else@example.org", display_name="Other Person")
    Membership.objects.create(organization=krisendienst, user=someone_else)

    response = logged_in.get("/en/accounts/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["id"] == str(trainee.public_id)
    assert data["account"]["email"] == "trainee@example.org"
    assert data["account"]["display_name"] == "Ayu"
    assert data["account"]["preferred_language"] == "en"
    assert data["account"]["last_login"] is not None
    assert sorted(data["account"]["email_addresses"], key=lambda a: a["email"]) == [
        {"email": "ayu@work.example", "verified": False, "primary": False},
        {"email": "trainee@example.org", "verified": True, "primary": True},
    ]
    assert data["memberships"] == [
        {
            "organization": {"id": str(rumah.public_id), "name": "Rumah Sebaya"},
            "role": "supervisor",
            "status": "active",
            "shares_progress": True,
            "shares_credentials": False,
            "consent_updated_at": consented.isoformat(),
            "joined_at": Membership.objects.get(user=trainee).joined_at.isoformat(),
        }
    ]
    body = response.content.decode()
    for foreign in ["someone.else@example.org", "Other Person", "Krisendienst Nord"]:
        assert foreign not in body


def test_export_of_a_new_user_has_every_section(user_factory):
    user = user_factory(email="fresh@example.org")

    data = services.user_export(user=user)

    assert set(data) >= {"exported_at", "account", "memberships"}
    assert data["memberships"] == []
    json.dumps(data)  # JSON-ready as it is


def test_export_is_get_only(logged_in):
    assert logged_in.post("/en/accounts/export/").status_code == 405
