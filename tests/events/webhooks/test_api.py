"""The partner API for webhooks and the event feed: scoped to the caller's organisation, every
error a problem."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from lms.events.models import WebhookDelivery, WebhookEndpoint
from lms.events.webhooks import services as webhooks
from lms.organizations.models import Membership
from tests.rest.fixtures import *  # noqa: F403
from tests.rest.fixtures import assert_problem

from .conftest import Credential, join, make_endpoint

pytestmark = pytest.mark.django_db

ENDPOINTS = "/api/v1/webhooks/endpoints"


@pytest.fixture
def member(user_factory, api_organization):
    user = user_factory(email="member@example.org")
    join(user, api_organization)
    return user


@pytest.fixture
def outsider_endpoint(make_api_organization, receiver):
    other = make_api_organization("elsewhere")
    return make_endpoint(other, receiver.url(), receiver=receiver).endpoint


def test_registering_an_endpoint_answers_its_secret_once(api, receiver, member, on_commit):
    response = api.post(
        ENDPOINTS,
        {"url": receiver.url(), "event_types": ["credential.revoked"], "description": "CRM"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert body["status"] == "active"
    assert body["event_types"] == ["credential.revoked"]
    endpoint = WebhookEndpoint.objects.get(public_id=body["id"])
    assert body["secret"] not in endpoint.secret_encrypted  # encrypted at rest
    assert endpoint.created_with_key

    detail = api.get(f"{ENDPOINTS}/{body['id']}").json()
    assert "secret" not in detail
    listed = api.get(ENDPOINTS).json()
    assert [e["id"] for e in listed["results"]] == [body["id"]]

    receiver.secrets.append(body["secret"])
    with on_commit():
        credential = Credential(member)
        credential.issue()  # not subscribed
        credential.revoke()
    assert [r.payload["type"] for r in receiver.requests] == ["credential.revoked"]
    assert receiver.requests[0].verified


@override_settings(SEBAYA_WEBHOOKS_ALLOW_PRIVATE=False, SEBAYA_WEBHOOKS_ALLOW_HTTP=False)
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "https://169.254.169.254/latest"}, "url"),
        ({"url": "http://93.184.215.14/"}, "url"),
        ({"url": "https://93.184.215.14/", "event_types": ["credential.stolen"]}, "event_types"),
        ({}, "url"),
    ],
)
def test_an_unsafe_url_or_unknown_type_is_refused(api, payload, field):
    body = assert_problem(api.post(ENDPOINTS, payload, format="json"), 400, "invalid-request")
    assert field in body["errors"]
    assert not WebhookEndpoint.objects.exists()


def test_a_key_without_the_webhooks_scope_is_refused(make_key, make_api_client):
    _key, secret = make_key(scopes=["roster:read", "credentials:verify"])
    client = make_api_client(secret)
    for response in (client.get(ENDPOINTS), client.get("/api/v1/events")):
        body = assert_problem(response, 403, "insufficient-scope")
        assert body["scope"] == "webhooks:manage"


def test_another_organisations_endpoints_and_deliveries_are_not_found(
    api, outsider_endpoint, user_factory, on_commit
):
    outsider = user_factory(email="outsider@example.org")
    join(outsider, outsider_endpoint.organization)
    with on_commit():
        Credential(outsider).issue()
    delivery = WebhookDelivery.objects.get()
    url = f"{ENDPOINTS}/{outsider_endpoint.public_id}"
    for response in (
        api.get(url),
        api.patch(url, {"description": "mine now"}, format="json"),
        api.delete(url),
        api.post(f"{url}/rotate-secret"),
        api.post(f"{url}/enable"),
        api.get(f"{url}/deliveries"),
        api.post(f"/api/v1/webhooks/deliveries/{delivery.public_id}/redeliver"),
    ):
        assert_problem(response, 404, "not-found")
    assert api.get(ENDPOINTS).json()["results"] == []
    assert api.get("/api/v1/events").json()["results"] == []
    outsider_endpoint.refresh_from_db()
    assert outsider_endpoint.description == ""


def test_update_rotate_enable_and_delete(api, api_organization, receiver):
    endpoint = make_endpoint(api_organization, receiver.url()).endpoint
    url = f"{ENDPOINTS}/{endpoint.public_id}"

    updated = api.patch(url, {"event_types": ["member.joined"]}, format="json").json()
    assert updated["event_types"] == ["member.joined"]
    assert updated["url"] == receiver.url()

    rotated = api.post(f"{url}/rotate-secret")
    assert rotated.status_code == 200
    expires = rotated.json()["previous_secret_expires_at"]
    assert expires is not None
    endpoint.refresh_from_db()
    assert len(webhooks.endpoint_secrets(endpoint)) == 2
    assert webhooks.endpoint_secrets(endpoint)[0] == rotated.json()["secret"]
    assert endpoint.previous_secret_expires_at - timezone.now() > timedelta(hours=23)

    WebhookEndpoint.objects.update(status="disabled", disabled_reason="gone")
    enabled = api.post(f"{url}/enable").json()
    assert (enabled["status"], enabled["disabled_reason"]) == ("active", "")

    assert api.delete(url).status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_deliveries_list_with_attempts_and_redelivery(
    api, api_organization, member, receiver, on_commit, django_assert_max_num_queries
):
    endpoint = make_endpoint(api_organization, receiver.url(), receiver=receiver).endpoint
    receiver.respond(503, body=b"down for maintenance")
    with on_commit():
        for _ in range(3):
            Credential(member).issue()
    url = f"{ENDPOINTS}/{endpoint.public_id}/deliveries"
    with django_assert_max_num_queries(6):
        page = api.get(url).json()
    assert len(page["results"]) == 3
    first = page["results"][-1]  # newest first
    assert first["status"] == "pending"
    assert first["event_type"] == "credential.issued"
    assert first["next_attempt_at"] is not None
    assert first["attempt_log"] == [
        {
            "at": first["attempt_log"][0]["at"],
            "duration_ms": first["attempt_log"][0]["duration_ms"],
            "status_code": 503,
            "error": "",
            "response_excerpt": "down for maintenance",
        }
    ]

    WebhookDelivery.objects.update(status="failed", next_attempt_at=None)
    receiver.respond(200)
    with on_commit():
        response = api.post(f"/api/v1/webhooks/deliveries/{first['id']}/redeliver")
    assert response.status_code == 202
    assert WebhookDelivery.objects.get(public_id=first["id"]).status == "succeeded"
    assert receiver.requests[-1].webhook_id == first["event_id"]

    WebhookEndpoint.objects.update(status="disabled", disabled_reason="failing")
    body = assert_problem(
        api.post(f"/api/v1/webhooks/deliveries/{first['id']}/redeliver"), 409, "conflict"
    )
    assert "disabled" in body["detail"]


def test_the_event_feed_pages_oldest_first_with_a_cursor(
    api, api_organization, member, user_factory, on_commit
):
    credentials = [Credential(member) for _ in range(3)]
    with on_commit():
        for credential in credentials:
            credential.issue()
        credentials[0].revoke()
        credentials[1].suspend()

    first = api.get("/api/v1/events", {"limit": 2}).json()
    assert [e["type"] for e in first["results"]] == ["credential.issued", "credential.issued"]
    assert first["has_more"] is True
    assert first["results"][0]["data"]["credential_id"] == str(credentials[0].id)
    assert first["results"][0]["timestamp"].endswith("Z")
    second = api.get(first["next"]).json()
    third = api.get("/api/v1/events", {"limit": 2, "after": second["next_cursor"]}).json()
    assert [e["type"] for e in second["results"] + third["results"]] == [
        "credential.issued",
        "credential.revoked",
        "credential.suspended",
    ]
    assert third["has_more"] is False
    # Caught up: the same cursor again, until something happens.
    caught_up = api.get("/api/v1/events", {"after": third["next_cursor"]}).json()
    assert (caught_up["results"], caught_up["next_cursor"]) == ([], third["next_cursor"])
    with on_commit():
        credentials[2].revoke()
    newer = api.get(caught_up["next"]).json()
    assert [e["type"] for e in newer["results"]] == ["credential.revoked"]

    only = api.get("/api/v1/events?type=credential.revoked,credential.suspended").json()
    assert [e["type"] for e in only["results"]] == [
        "credential.revoked",
        "credential.suspended",
        "credential.revoked",
    ]
    ids = {e["id"] for e in only["results"]}
    assert len(ids) == 3


def test_the_feed_leaves_out_what_a_member_stopped_sharing(
    api, api_organization, member, on_commit
):
    from lms.organizations import services as organization_services

    with on_commit():
        Credential(member).issue()
    assert len(api.get("/api/v1/events").json()["results"]) == 1
    with on_commit():
        organization_services.membership_consent_update(
            member=member,
            organization=api_organization,
            shares_progress=False,
            shares_credentials=False,
        )
    assert [e["type"] for e in api.get("/api/v1/events").json()["results"]] == [
        "member.consent_changed"
    ]
    assert Membership.objects.filter(user=member, shares_credentials=False).exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [("after=abc", "after"), ("limit=0", "limit"), ("limit=500", "limit"), ("type=x.y", "type")],
)
def test_invalid_feed_parameters_are_problems(api, query, field):
    body = assert_problem(api.get(f"/api/v1/events?{query}"), 400, "invalid-request")
    assert field in body["errors"]


def test_the_event_types_are_listed(api):
    types = [t["type"] for t in api.get("/api/v1/webhooks/event-types").json()]
    assert (
        "credential.revoked" in types and "course.completed" in types and "member.joined" in types
    )
