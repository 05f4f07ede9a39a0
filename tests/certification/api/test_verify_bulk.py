"""POST /api/v1/credentials/verify-bulk: up to 1,000 ids at once, in a fixed number of queries."""

import json
import uuid

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from certification.credentials import services
from certification.models import Credential, VerificationLog

from ...rest.fixtures import assert_problem

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/verify-bulk"


def _more_credentials(programme, user_factory, count: int) -> list[Credential]:
    credentials = []
    for number in range(count):
        holder = user_factory(email=f"bulk{number}@example.org", display_name=f"Bulk {number}")
        with transaction.atomic():
            credentials.append(services._issue(holder=holder, programme=programme, origin="earned"))
    return credentials


def test_answers_in_order_with_repeats_and_unknown_ids(api, credential):
    unknown = uuid.uuid4()
    ids = [str(credential.public_id), str(unknown), str(credential.public_id)]
    response = api.post(URL, {"ids": ids}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["id"] for result in results] == ids
    assert results[1] == {"id": str(unknown), "status": "not_found", "valid": False}
    assert results[0] == results[2]
    assert results[0]["status"] == "active" and results[0]["valid"] is True
    single = api.get(f"/api/v1/credentials/{credential.public_id}").json()
    assert results[0] == single  # the same shape as the single verification
    assert VerificationLog.objects.filter(channel="api_bulk").count() == 2


def test_the_query_count_does_not_grow_with_the_ids(api, credential, programme, user_factory):
    others = _more_credentials(programme, user_factory, 5)
    api.post(URL, {"ids": [str(credential.public_id)]}, format="json")  # last use recorded
    with CaptureQueriesContext(connection) as one:
        api.post(URL, {"ids": [str(credential.public_id)]}, format="json")
    ids = [str(c.public_id) for c in [credential, *others]] * 100 + [str(uuid.uuid4())] * 300
    with CaptureQueriesContext(connection) as many:
        response = api.post(URL, {"ids": ids}, format="json")
    assert len(response.json()["results"]) == 900
    # The key, the credentials, one bulk INSERT of the log rows (SQLite splits a long INSERT
    # into batches of at most 999 parameters; PostgreSQL sends one).
    assert len(one) == 3
    reads = [q["sql"] for q in many.captured_queries if not q["sql"].startswith("INSERT")]
    inserts = [q["sql"] for q in many.captured_queries if q["sql"].startswith("INSERT")]
    assert len(reads) == 2
    assert all("certification_verificationlog" in sql for sql in inserts)
    if connection.vendor == "postgresql":
        assert len(inserts) == 1
    assert VerificationLog.objects.filter(channel="api_bulk").count() == 2 + 600


def test_private_credentials_cost_one_more_query(api, credential):
    Credential.objects.filter(pk=credential.pk).update(is_public=False)
    api.post(URL, {"ids": [str(credential.public_id)]}, format="json")
    with CaptureQueriesContext(connection) as queries:
        results = api.post(URL, {"ids": [str(credential.public_id)]}, format="json").json()
    assert results["results"][0]["holder"] is None
    assert len(queries) == 4


def test_one_thousand_ids_fit(api, credential):
    ids = [str(credential.public_id)] * 1000
    body = json.dumps({"ids": ids}, indent=2)  # even pretty-printed
    response = api.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1000


def test_more_than_one_thousand_ids_are_refused(api, credential):
    ids = [str(credential.public_id)] * 1001
    body = assert_problem(api.post(URL, {"ids": ids}, format="json"), 400, "invalid-request")
    assert "ids" in body["errors"]
    assert not VerificationLog.objects.exists()


def test_an_oversized_body_is_413(api):
    body = json.dumps({"ids": [str(uuid.uuid4())] * 1000, "padding": "x" * 40_000})
    response = api.generic("POST", URL, body, content_type="application/json")
    assert_problem(response, 413, "payload-too-large")


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"ids": []},
        {"ids": "not a list"},
        {"ids": ["not-a-uuid"]},
        {"ids": [None]},
        {"ids": [1, 2]},
        [],
    ],
)
def test_bad_input_is_a_400_problem(api, payload):
    response = api.post(URL, payload, format="json")
    assert_problem(response, 400, "invalid-request")


def test_bulk_has_its_own_rate_limit(api, credential):
    with override_settings(SEBAYA_API_BULK_RATE="1/min", SEBAYA_API_RATE="100/min"):
        assert api.post(URL, {"ids": [str(credential.public_id)]}, format="json").status_code == 200
        response = api.post(URL, {"ids": [str(credential.public_id)]}, format="json")
        assert_problem(response, 429, "rate-limited")
        assert int(response["Retry-After"]) >= 1
        assert api.get(f"/api/v1/credentials/{credential.public_id}").status_code == 200


def test_a_key_without_the_scope_is_refused(make_key, make_api_client):
    client = make_api_client(make_key(scopes=["webhooks:manage"])[1])
    response = client.post(URL, {"ids": [str(uuid.uuid4())]}, format="json")
    assert_problem(response, 403, "insufficient-scope")
