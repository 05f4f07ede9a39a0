"""Fixtures for API tests (imported by tests/rest and tests/certification/api conftests): an
organisation with a coordinator, API keys with chosen scopes, and a client that sends a key."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from rest_framework.test import APIClient

from lms.organizations import services
from lms.organizations.models import ApiKey, Membership, Organization

ALL_SCOPES = tuple(ApiKey.Scope.values)
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_api_organization(db, user_factory):
    def make(slug: str = "api-partner", name: str | None = None) -> Organization:
        with transaction.atomic():
            organization = services.organization_create(name=name or slug.title(), slug=slug)
        coordinator = user_factory(
            email=f"{slug}.coordinator@example.org", display_name=f"{slug} coordinator"
        )
        Membership.objects.create(
            organization=organization, user=coordinator, role=Membership.Role.COORDINATOR
        )
        return organization

    return make


@pytest.fixture
def api_organization(make_api_organization) -> Organization:
    return make_api_organization("api-partner", "Teman Peer Partners")


@pytest.fixture
def make_key(api_organization):
    def make(
        organization: Organization | None = None, scopes=ALL_SCOPES, expires_at=None
    ) -> tuple[ApiKey, str]:
        with transaction.atomic():
            created = services.api_key_create(
                organization=organization or api_organization,
                name="Test key",
                scopes=scopes,
                created_by=None,
                expires_at=expires_at,
            )
        return created.api_key, created.key

    return make


@pytest.fixture
def make_api_client():
    def make(key: str | None) -> APIClient:
        client = APIClient()
        if key is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make


@pytest.fixture
def api(make_key, make_api_client) -> APIClient:
    """A client authenticated with a key of api_organization that has every scope."""
    _api_key, key = make_key()
    return make_api_client(key)


def assert_problem(response, status: int, slug: str) -> dict:
    """The response is an RFC 9457 problem of type `slug` with `status`; returns its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    body = response.json()
    assert body["type"].endswith(f"/api/problems/{slug}"), body
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body
