"""GET /api/v1/credentials/{id}: the state of one credential, from the database, for partners."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.credentials import services
from certification.models import Credential, VerificationLog
from lms.organizations import services as organization_services
from lms.organizations.models import Membership

from ...rest.fixtures import assert_problem

pytestmark = pytest.mark.django_db


def url(credential_id) -> str:
    return f"/api/v1/credentials/{credential_id}"


def test_a_valid_credential(api, credential, programme, api_organization):
    response = api.get(url(credential.public_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["id"] == str(credential.public_id)
    assert body["status"] == "active"
    assert body["valid"] is True
    assert body["holder"] == {"name": "Hana Holder"}
    assert body["programme"] == {
        "id": str(programme.translation_key),
        "name": programme.name,
        "slug": programme.slug,
    }
    assert body["verification_url"].endswith(f"/credentials/{credential.public_id}/")
    assert body["issued_at"] and body["valid_from"]
    assert {check["check"]: check["passed"] for check in body["checks"]} == {
        "status": True,
        "validity": True,
    }
    [log] = VerificationLog.objects.all()
    assert log.credential == credential
    assert log.channel == "api"
    assert log.organization == api_organization
    assert log.api_key_prefix == response.wsgi_request.auth.prefix


def test_the_hot_path_is_three_queries(api, credential):
    api.get(url(credential.public_id))  # records the key's last use
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url(credential.public_id)).status_code == 200
    # The key, the credential, the log row.
    assert len(queries) == 3, [q["sql"] for q in queries.captured_queries]


def test_a_revoked_credential_shows_at_once(api, credential):
    with transaction.atomic():
        services.credential_revoke(
            credential=credential, actor=None, reason_code="issued_in_error", note="test"
        )
    body = api.get(url(credential.public_id)).json()
    assert body["status"] == "revoked"
    assert body["valid"] is False
    assert {check["check"]: check["passed"] for check in body["checks"]}["status"] is False


def test_a_suspended_credential(api, credential):
    until = timezone.localdate() + timedelta(days=30)
    with transaction.atomic():
        services.credential_suspend(
            credential=credential, actor=None, until=until, reason_code="other", note="x"
        )
    body = api.get(url(credential.public_id)).json()
    assert body["status"] == "suspended"
    assert body["valid"] is False
    assert body["suspended_until"] == until.isoformat()


def test_an_active_credential_past_its_validity_is_expired(api, credential):
    Credential.objects.filter(pk=credential.pk).update(
        valid_until=timezone.now() - timedelta(days=1)
    )
    body = api.get(url(credential.public_id)).json()
    assert body["status"] == "expired"
    assert body["valid"] is False


def test_an_unknown_id_is_a_404_problem(api):
    assert_problem(api.get(url(uuid.uuid4())), 404, "not-found")
    assert not VerificationLog.objects.exists()


@pytest.mark.parametrize("bad", ["not-a-uuid", "123", "%20", "0" * 40])
def test_a_malformed_id_is_a_400_problem(api, bad):
    body = assert_problem(api.get(url(bad)), 400, "invalid-request")
    assert "credential_id" in body["errors"]


def test_a_key_without_the_scope_is_refused(make_key, make_api_client, credential):
    client = make_api_client(make_key(scopes=["roster:read"])[1])
    body = assert_problem(client.get(url(credential.public_id)), 403, "insufficient-scope")
    assert body["scope"] == "credentials:verify"


def test_without_a_key_is_refused(make_api_client, credential):
    assert_problem(make_api_client(None).get(url(credential.public_id)), 401, "unauthenticated")


# The holder's name: public page, or a member sharing their credentials with the organisation


def _private(credential):
    Credential.objects.filter(pk=credential.pk).update(is_public=False)


def test_a_private_credential_verifies_without_the_holders_name(api, credential):
    _private(credential)
    body = api.get(url(credential.public_id)).json()
    assert body["status"] == "active" and body["valid"] is True
    assert body["holder"] is None
    assert "Hana" not in str(body)


def test_a_member_sharing_credentials_is_named_to_their_organisation(
    api, credential, holder, api_organization, make_api_organization, make_key, make_api_client
):
    _private(credential)
    Membership.objects.create(organization=api_organization, user=holder, shares_credentials=True)
    assert api.get(url(credential.public_id)).json()["holder"] == {"name": "Hana Holder"}
    # Another organisation the holder also shares with does not make it visible to this one,
    # and this one's visibility ends when the holder withdraws consent.
    other = make_api_organization("api-other")
    other_client = make_api_client(make_key(organization=other)[1])
    assert other_client.get(url(credential.public_id)).json()["holder"] is None
    with transaction.atomic():
        organization_services.membership_consent_update(
            member=holder,
            organization=api_organization,
            shares_progress=False,
            shares_credentials=False,
        )
    assert api.get(url(credential.public_id)).json()["holder"] is None
