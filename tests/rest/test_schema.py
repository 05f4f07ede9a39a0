"""The OpenAPI schema at /api/schema/ is valid and describes what the API answers (a
schemathesis run over every operation), and /api/docs/ works offline."""

import json
import re
import socket

import httpx
import pytest
import schemathesis
from django.core.management import call_command
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_without_warnings():
    # drf-spectacular's own validation (openapi-spec-validator); warnings fail it too.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_the_schema_names_every_partner_operation(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["info"]["title"] == "Sebaya Partner API"
    paths = set(schema["paths"])
    assert {
        "/api/v1/credentials/{credential_id}",
        "/api/v1/credentials/verify",
        "/api/v1/credentials/verify-bulk",
        "/api/v1/members",
        "/api/v1/members/{member_id}",
        "/api/v1/members/{member_id}/enrolments",
        "/api/v1/invitations",
    } <= paths
    assert all(path.startswith("/api/v1/") for path in paths)  # not Wagtail's admin API
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    verify = schema["paths"]["/api/v1/credentials/verify"]["post"]
    assert "Scope: `credentials:verify`" in verify["description"]
    assert "application/problem+json" in verify["responses"]["400"]["content"]


def test_the_docs_page_uses_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    assert "swagger-ui" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", html)
    assert external == []
    assert not re.search(r"https?://", html)


# Property-based: every operation, generated inputs, checked against the schema --------------


def wsgi_app(environ, start_response):
    """Django's test handler as a WSGI app: requests run in the test's database transaction."""
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]


def _load_schema():
    """The schema /api/schema/ serves, generated without a request (at collection time)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = wsgi_app
    return loaded


@pytest.fixture
def no_network(monkeypatch):
    """Webhook endpoints the fuzzer creates must never be called, nor their hosts resolved."""

    def refuse(*args, **kwargs):
        raise socket.gaierror("no network in tests")

    def refuse_http(self, request):
        raise httpx.ConnectError("no network in tests", request=request)

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse_http)


@pytest.fixture
def full_key(make_key, settings):
    settings.SEBAYA_API_RATE = "100000/min"
    settings.SEBAYA_API_BULK_RATE = "100000/min"
    return make_key()[1]


# (schemathesis.pytest.from_fixture does not work with pytest 9: it reads a removed attribute.)
schema = _load_schema()


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_as_its_schema_says(case, db, full_key, no_network):
    case.call_and_validate(
        app=wsgi_app,
        headers={"Authorization": f"Bearer {full_key}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
