"""lms.rest on its own, through the probe views (tests/rest/probe.py): API-key authentication,
scopes, problem details, body limits, rate limits and cursor pagination."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.organizations import services
from lms.organizations.models import ApiKey

from .fixtures import PROBLEM, assert_problem

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rest.urls")]


# Authentication


def test_a_valid_key_authenticates_as_its_organisation(api, api_organization):
    response = api.get("/api/probe/scoped")
    assert response.status_code == 200
    assert response.json()["organization"] == api_organization.pk
    client = response.wsgi_request.user
    assert client.organization == api_organization  # loaded on first use


def test_no_key_is_refused_with_a_bearer_challenge(make_api_client):
    response = make_api_client(None).get("/api/probe/scoped")
    assert_problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sbk_abcdefgh_" + "x" * 43,  # well formed, unknown
        "Bearer not-a-key",
        "Bearer sbk_short_x",
        "Bearer two tokens",
        "Bearer",
        "Bearer sbk_abcdefgh_ÿÿÿ",
    ],
)
def test_an_unknown_or_malformed_key_is_refused(make_api_client, header):
    client = make_api_client(None)
    client.credentials(HTTP_AUTHORIZATION=header)
    assert_problem(client.get("/api/probe/scoped"), 401, "unauthenticated")


def test_a_key_with_a_changed_secret_is_refused(make_key, make_api_client):
    _api_key, key = make_key()
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert_problem(make_api_client(tampered).get("/api/probe/scoped"), 401, "unauthenticated")


def test_a_revoked_key_stops_working_at_once(make_key, make_api_client):
    api_key, key = make_key()
    client = make_api_client(key)
    assert client.get("/api/probe/scoped").status_code == 200
    services.api_key_revoke(api_key=api_key, revoked_by=None)
    body = assert_problem(client.get("/api/probe/scoped"), 401, "unauthenticated")
    assert "revoked" in body["detail"]


def test_an_expired_key_is_refused(make_key, make_api_client):
    api_key, key = make_key(expires_at=timezone.now() + timedelta(days=1))
    client = make_api_client(key)
    assert client.get("/api/probe/scoped").status_code == 200
    ApiKey.objects.filter(pk=api_key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    body = assert_problem(client.get("/api/probe/scoped"), 401, "unauthenticated")
    assert "expired" in body["detail"]


def test_a_key_of_an_inactive_organisation_is_refused(api, api_organization):
    api_organization.is_active = False
    api_organization.save()
    assert_problem(api.get("/api/probe/scoped"), 401, "unauthenticated")


def test_last_use_is_recorded_at_most_once_a_minute(make_key, make_api_client):
    api_key, key = make_key()
    client = make_api_client(key)
    assert api_key.last_used_at is None
    client.get("/api/probe/scoped")
    api_key.refresh_from_db()
    first = api_key.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/probe/scoped")
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)
    api_key.refresh_from_db()
    assert api_key.last_used_at == first
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/probe/scoped")
    api_key.refresh_from_db()
    assert api_key.last_used_at > first - timedelta(minutes=1)


def test_authentication_costs_one_query(api):
    api.get("/api/probe/scoped")  # records the last use
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/probe/scoped").status_code == 200
    assert len(queries) == 1


# Scopes


def test_a_key_without_the_scope_is_refused_naming_it(make_key, make_api_client):
    _api_key, key = make_key(scopes=["roster:read"])
    client = make_api_client(key)
    assert client.get("/api/probe/scoped").status_code == 200
    body = assert_problem(
        client.post("/api/probe/scoped", {"name": "a", "count": 1}, format="json"),
        403,
        "insufficient-scope",
    )
    assert body["scope"] == "roster:write"
    assert "roster:write" in body["detail"]


def test_a_view_that_declares_no_scope_is_closed(api):
    assert_problem(api.get("/api/probe/unscoped"), 403, "forbidden")


# Problem details of every kind of error


def test_validation_errors_list_the_fields(api):
    response = api.post("/api/probe/scoped", {"name": "x" * 11}, format="json")
    body = assert_problem(response, 400, "invalid-request")
    assert set(body["errors"]) == {"name", "count"}
    assert all(isinstance(message, str) for message in body["errors"]["count"])


@pytest.mark.parametrize("payload", [b"{not json", b'{"name": NaN, "count": 1}', b"\xff\xfe"])
def test_malformed_json_is_a_clear_400(api, payload):
    response = api.generic("POST", "/api/probe/scoped", payload, content_type="application/json")
    assert_problem(response, 400, "invalid-request")


def test_a_body_that_is_not_an_object_is_a_400(api):
    response = api.post("/api/probe/scoped", [1, 2], format="json")
    assert_problem(response, 400, "invalid-request")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_that_is_not_json_is_415(api, content_type):
    response = api.generic("POST", "/api/probe/scoped", b"name=a", content_type=content_type)
    assert_problem(response, 415, "unsupported-media-type")


def test_a_body_over_the_views_limit_is_413(api):
    response = api.post("/api/probe/small", {"text": "x" * 200}, format="json")
    body = assert_problem(response, 413, "payload-too-large")
    assert "100" in body["detail"]
    assert api.post("/api/probe/small", {"text": "x"}, format="json").status_code == 200


def test_a_body_over_the_default_limit_is_413(api, settings):
    settings.SEBAYA_API_MAX_BODY_BYTES = 1000
    response = api.post("/api/probe/scoped", {"name": "x" * 2000, "count": 1}, format="json")
    assert_problem(response, 413, "payload-too-large")


def test_the_limit_never_exceeds_data_upload_max_memory_size(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50
    response = api.post("/api/probe/small", {"text": "x" * 80}, format="json")
    assert_problem(response, 413, "payload-too-large")


def test_an_unexpected_error_is_a_500_problem_without_details(api, caplog):
    response = api.get("/api/probe/broken")
    body = assert_problem(response, 500, "server-error")
    assert "boom" not in response.content.decode()
    assert "RuntimeError" not in body["detail"]
    assert "boom" in caplog.text  # logged for the operators


def test_a_raised_problem_keeps_its_type(api):
    assert_problem(api.get("/api/probe/conflict"), 409, "conflict")


def test_an_unknown_api_path_is_a_404_problem_not_a_redirect(api):
    for path in ["/api/nothing", "/api/v1/nothing/", "/api/v1/credentials/not-a-route/x"]:
        assert_problem(api.get(path), 404, "not-found")


def test_a_wrong_method_is_a_405_problem(api):
    response = api.delete("/api/probe/scoped")
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("accept", ["text/html", "application/problem+json", "image/png"])
def test_the_api_answers_json_whatever_accept_says(api, accept):
    response = api.get("/api/probe/scoped", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_problem(api.get("/api/nothing", HTTP_ACCEPT=accept), 404, "not-found")


# Rate limits


@override_settings(SEBAYA_API_RATE="3/min")
def test_a_key_over_its_rate_gets_429_with_retry_after(make_key, make_api_client):
    client = make_api_client(make_key()[1])
    for _ in range(3):
        assert client.get("/api/probe/scoped").status_code == 200
    response = client.get("/api/probe/scoped")
    assert_problem(response, 429, "rate-limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another key of the same organisation has its own budget.
    assert make_api_client(make_key()[1]).get("/api/probe/scoped").status_code == 200


@override_settings(SEBAYA_API_RATE="100/min", SEBAYA_API_BULK_RATE="1/min")
def test_the_bulk_bucket_is_separate(make_key, make_api_client):
    client = make_api_client(make_key()[1])
    assert client.get("/api/probe/bulk").status_code == 200
    assert_problem(client.get("/api/probe/bulk"), 429, "rate-limited")
    assert client.get("/api/probe/scoped").status_code == 200


# Cursor pagination


def test_cursor_pages_walk_the_whole_list(api, make_key):
    for _ in range(4):
        make_key()  # 5 keys with the one `api` uses
    seen, url = [], "/api/probe/keys"
    while url:
        body = api.get(url).json()
        assert len(body["results"]) <= 2
        seen += body["results"]
        url = body["next"]
    assert len(seen) == 5 == len(set(seen))


def test_an_altered_cursor_is_a_400(api, make_key):
    make_key()
    make_key()
    next_url = api.get("/api/probe/keys").json()["next"]
    assert api.get(next_url).status_code == 200
    cursor = next_url.split("cursor=")[1]
    assert_problem(api.get(f"/api/probe/keys?cursor={cursor}x"), 400, "invalid-request")


@pytest.mark.parametrize("query", ["cursor=garbage", "cursor=cD0yMDI2", "cursor=%00"])
def test_a_bad_cursor_is_a_400(api, query):
    body = assert_problem(api.get(f"/api/probe/keys?{query}"), 400, "invalid-request")
    assert "cursor" in body["errors"]


@pytest.mark.parametrize("limit", ["0", "6", "-1", "abc", "1.5"])
def test_a_limit_out_of_range_is_a_400(api, limit):
    body = assert_problem(api.get(f"/api/probe/keys?limit={limit}"), 400, "invalid-request")
    assert "limit" in body["errors"]


def test_a_limit_in_range_is_used(api, make_key):
    make_key()
    make_key()
    assert len(api.get("/api/probe/keys?limit=3").json()["results"]) == 3


# Problem type pages


def test_every_problem_type_has_a_page(api, client):
    from lms.rest.problems import PROBLEM_TYPES

    index = client.get("/api/problems/")
    assert index.status_code == 200
    for slug in PROBLEM_TYPES:
        assert f'id="{slug}"' in index.content.decode()
        page = client.get(f"/api/problems/{slug}")
        assert page.status_code == 200
        assert PROBLEM_TYPES[slug].title in page.content.decode()
        as_json = client.get(f"/api/problems/{slug}", HTTP_ACCEPT="application/json").json()
        assert as_json["type"].endswith(f"/api/problems/{slug}")
    assert_problem(client.get("/api/problems/no-such-type"), 404, "not-found")


def test_problem_types_are_absolute_uris_on_the_site(api, settings):
    settings.SITE_URL = "https://sebaya.example"
    body = api.get("/api/nothing").json()
    assert body["type"] == "https://sebaya.example/api/problems/not-found"
    assert PROBLEM  # the content type constant is what the API answers
