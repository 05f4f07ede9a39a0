"""API keys: created by coordinators with scopes and an optional expiry, shown once, stored
hashed, revocable; the pages are for the organisation's coordinators only."""

import hashlib
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from lms.organizations import services
from lms.organizations.models import ApiKey

from .conftest import events_of

pytestmark = pytest.mark.django_db


def url(name, slug, *args):
    from django.urls import reverse

    return reverse(f"organizations:{name}", args=[slug, *args])


def create_key(organization, **kwargs):
    kwargs.setdefault("name", "HR system")
    kwargs.setdefault("scopes", ["credentials:verify"])
    kwargs.setdefault("created_by", None)
    with transaction.atomic():
        return services.api_key_create(organization=organization, **kwargs)


# The service


def test_a_key_is_returned_once_and_stored_only_as_its_hash(harapan):
    created = create_key(harapan.organization, created_by=harapan.coordinator)
    key = created.key
    assert key.startswith(f"sbk_{created.api_key.prefix}_")
    assert len(key.split("_", 2)[2]) >= 32
    row = ApiKey.objects.get(pk=created.api_key.pk)
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    secret = key.split("_", 2)[2]
    stored = [str(value) for value in ApiKey.objects.filter(pk=row.pk).values().get().values()]
    assert not any(secret in value for value in stored)


def test_creating_and_revoking_record_events_without_the_secret(harapan):
    created = create_key(
        harapan.organization,
        scopes=["roster:read", "credentials:verify"],
        created_by=harapan.coordinator,
    )
    [payload] = events_of("organizations.api_key.created.v1")
    assert payload["scopes"] == ["credentials:verify", "roster:read"]
    assert payload["prefix"] == created.api_key.prefix
    assert created.key not in str(payload)
    with transaction.atomic():
        services.api_key_revoke(api_key=created.api_key, revoked_by=harapan.coordinator)
        services.api_key_revoke(api_key=created.api_key, revoked_by=harapan.coordinator)
    [revoked] = events_of("organizations.api_key.revoked.v1")
    assert revoked["api_key_id"] == str(created.api_key.public_id)
    assert revoked["revoked_by_id"] == str(harapan.coordinator.public_id)


@pytest.mark.parametrize("scopes", [[], ["admin"], ["credentials:verify", "everything"]])
def test_a_key_needs_known_scopes(harapan, scopes):
    with pytest.raises(services.ApiKeyScopeInvalid):
        create_key(harapan.organization, scopes=scopes)


def test_a_key_cannot_expire_in_the_past(harapan):
    with pytest.raises(services.ApiKeyExpiryInPast):
        create_key(harapan.organization, expires_at=timezone.now() - timedelta(minutes=1))


def test_parse_accepts_only_well_formed_keys(harapan):
    key = create_key(harapan.organization).key
    assert services.api_key_parse(key)[0] == key[4:12]
    for bad in ["", "sbk_", key.upper(), "xyz" + key, key[:20], key + "\n", "sbk_abc_" + "x" * 43]:
        assert services.api_key_parse(bad) is None


# The pages


def test_coordinator_creates_a_key_and_sees_it_once(harapan, as_user):
    client = as_user(harapan.coordinator)
    response = client.post(
        url("api-key-create", "harapan"),
        {
            "name": "Volunteer portal",
            "scopes": ["credentials:verify", "roster:read"],
            "expires_on": (timezone.now() + timedelta(days=30)).date().isoformat(),
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    api_key = ApiKey.objects.get()
    key = response.context["key"]
    assert key in response.content.decode()
    assert api_key.scopes == ["credentials:verify", "roster:read"]
    assert api_key.created_by == harapan.coordinator
    assert api_key.expires_at > timezone.now() + timedelta(days=30)
    listing = client.get(url("api-keys", "harapan"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Volunteer portal" in page and f"sbk_{api_key.prefix}" in page
    assert key not in page


def test_the_create_form_explains_its_errors(harapan, as_user):
    client = as_user(harapan.coordinator)
    response = client.post(
        url("api-key-create", "harapan"),
        {"name": " ", "scopes": ["root"], "expires_on": "2000-01-01"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "scopes", "expires_on"}
    assert not ApiKey.objects.exists()


def test_coordinator_revokes_a_key_after_confirming(harapan, as_user):
    api_key = create_key(harapan.organization).api_key
    client = as_user(harapan.coordinator)
    confirm = client.get(url("api-key-revoke", "harapan", api_key.public_id))
    assert confirm.status_code == 200
    api_key.refresh_from_db()
    assert api_key.revoked_at is None  # a GET changes nothing
    response = client.post(url("api-key-revoke", "harapan", api_key.public_id))
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None and api_key.revoked_by == harapan.coordinator


def test_the_dashboard_links_to_the_keys(harapan, as_user):
    page = as_user(harapan.coordinator).get(url("dashboard", "harapan")).content.decode()
    assert url("api-keys", "harapan") in page


@pytest.mark.parametrize("who, status", [("member", 403), ("stranger", 404), ("other", 404)])
def test_only_the_organisations_coordinators_see_its_keys(
    harapan, nord, as_user, user_factory, who, status
):
    api_key = create_key(harapan.organization).api_key
    user = {
        "member": harapan.member.user,
        "stranger": user_factory(email="stranger@example.org"),
        "other": nord.coordinator,
    }[who]
    client = as_user(user)
    assert client.get(url("api-keys", "harapan")).status_code == status
    for name, args in [("api-key-create", []), ("api-key-revoke", [api_key.public_id])]:
        assert client.get(url(name, "harapan", *args)).status_code == status
        data = {"name": "x", "scopes": ["credentials:verify"]}
        assert client.post(url(name, "harapan", *args), data).status_code == status
    api_key.refresh_from_db()
    assert api_key.revoked_at is None
    assert ApiKey.objects.count() == 1


def test_a_coordinator_cannot_revoke_another_organisations_key_through_their_own(
    harapan, nord, as_user
):
    foreign = create_key(nord.organization).api_key
    client = as_user(harapan.coordinator)
    assert client.post(url("api-key-revoke", "harapan", foreign.public_id)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_anonymous_visitors_are_sent_to_log_in(harapan, client):
    response = client.get(url("api-keys", "harapan"))
    assert response.status_code == 302 and "login" in response["Location"]
