"""POST /api/v1/credentials/verify: a credential someone presents, as JSON-LD or VC-JWT, checked
offline: proof, issuer, schema, status (our lists, from the database) and validity."""

import copy
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from certification.credentials import services, verification
from certification.models import VerificationLog

from ...rest.fixtures import assert_problem

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/verify"
SAMPLES = Path("/work/shared/standards/ob3-samples")
if not SAMPLES.exists():  # the repository's own copy, when the shared folder is not mounted
    SAMPLES = Path(__file__).resolve().parents[2] / "certification" / "openbadges" / "samples"


def checks(body) -> dict[str, bool]:
    return {check["check"]: check["passed"] for check in body["checks"]}


def test_a_genuine_credential_passes_every_check(api, credential):
    response = api.post(URL, {"credential": credential.document}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert checks(body) == {
        "proof": True,
        "issuer": True,
        "schema": True,
        "status": True,
        "validity": True,
    }, body
    assert body["valid"] is True
    assert body["credential_id"] == str(credential.public_id)
    assert VerificationLog.objects.get().channel == "api_presented"


def test_the_jwt_form_passes(api, credential):
    body = api.post(URL, {"jwt": credential.jwt}, format="json").json()
    assert body["valid"] is True, body
    assert body["credential_id"] == str(credential.public_id)


def test_a_changed_byte_fails_the_proof(api, credential):
    document = copy.deepcopy(credential.document)
    document["name"] = document["name"][:-1] + ("X" if document["name"][-1] != "X" else "Y")
    body = api.post(URL, {"credential": document}, format="json").json()
    assert body["valid"] is False
    assert checks(body)["proof"] is False
    assert checks(body)["issuer"] is True
    assert not VerificationLog.objects.exists()  # a forgery is not logged as a verification


def test_a_changed_jwt_fails_the_proof(api, credential):
    header, payload, signature = credential.jwt.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    body = api.post(URL, {"jwt": f"{header}.{payload}.{flipped}"}, format="json").json()
    assert body["valid"] is False
    assert checks(body)["proof"] is False


def test_a_revoked_credential_fails_the_status_check(api, credential):
    with transaction.atomic():
        services.credential_revoke(
            credential=credential, actor=None, reason_code="issued_in_error", note="test"
        )
    for payload in ({"credential": credential.document}, {"jwt": credential.jwt}):
        body = api.post(URL, payload, format="json").json()
        assert body["valid"] is False
        assert checks(body) == {
            "proof": True,
            "issuer": True,
            "schema": True,
            "status": False,
            "validity": True,
        }
        status = next(c for c in body["checks"] if c["check"] == "status")
        assert "revoked" in status["detail"]


def test_a_suspended_credential_fails_the_status_check(api, credential):
    with transaction.atomic():
        services.credential_suspend(
            credential=credential, actor=None, until=None, reason_code="other", note="x"
        )
    body = api.post(URL, {"credential": credential.document}, format="json").json()
    status = next(c for c in body["checks"] if c["check"] == "status")
    assert status["passed"] is False and "suspended" in status["detail"]


def test_validity_is_checked_against_the_clock(credential):
    later = timezone.now() + timedelta(days=365 * 30)
    report = verification.verify_presented(document=credential.document, now=later)
    assert {c.check: c.passed for c in report.checks}["validity"] is False
    earlier = credential.valid_from - timedelta(days=1)
    report = verification.verify_presented(document=credential.document, now=earlier)
    assert {c.check: c.passed for c in report.checks}["validity"] is False


@pytest.mark.parametrize(
    "name",
    sorted(path.name for path in SAMPLES.glob("*.json")) if SAMPLES.exists() else [],
)
def test_the_1edtech_samples_fail_cleanly(api, name):
    document = json.loads((SAMPLES / name).read_text())
    response = api.post(URL, {"credential": document}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is False
    assert checks(body)["issuer"] is False
    issuer = next(c for c in body["checks"] if c["check"] == "issuer")
    assert "not by this service" in issuer["detail"] or "names no issuer" in issuer["detail"]
    assert body["credential_id"] is None


def test_the_1edtech_jwt_sample_fails_cleanly(api):
    token = (SAMPLES / "simple.jwt").read_text().strip()
    response = api.post(URL, {"jwt": token}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is False
    assert checks(body)["proof"] is False and checks(body)["issuer"] is False


def test_a_foreign_status_list_is_not_fetched(api, credential):
    document = copy.deepcopy(credential.document)
    document["credentialStatus"]["statusListCredential"] = "https://elsewhere.example/status/1"
    body = api.post(URL, {"credential": document}, format="json").json()
    status = next(c for c in body["checks"] if c["check"] == "status")
    assert status["passed"] is False and "not one of this service's" in status["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"credential": None},
        {"credential": "a string"},
        {"credential": [1, 2]},
        {"credential": {"no": "context"}},
        {"jwt": ""},
        {"jwt": "not.a.jwt"},
        {"jwt": "abc"},
        {"jwt": 12},
        {"credential": {"@context": []}, "jwt": "x.y.z"},
    ],
)
def test_malformed_input_is_a_400_problem(api, payload):
    assert_problem(api.post(URL, payload, format="json"), 400, "invalid-request")


@pytest.mark.parametrize(
    "document",
    [
        {"@context": "https://not-shipped.example/context.json", "proof": {"type": "x"}},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": [1, "two"]},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "issuer": {"id": 5}},
        {"@context": [None], "credentialStatus": [{"statusListCredential": None}]},
        {"@context": 7, "validFrom": "yesterday", "validUntil": 5},
    ],
)
def test_odd_credentials_get_a_report_not_an_error(api, document):
    response = api.post(URL, {"credential": document}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["valid"] is False


def test_deeply_nested_json_is_a_400_not_a_crash(api):
    body = '{"credential": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.generic("POST", URL, body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response["Content-Type"].startswith("application/problem+json")
