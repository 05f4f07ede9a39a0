"""The credential's files and the machine endpoints: content types, CORS, caching, privacy, the
baked badges round-tripping, Open Badges 2.0 hosted verification (410 for revoked), status lists
and the DID document."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client
from django.utils import timezone

from certification import openbadges as ob
from certification.credentials import ob2, services, signing, status
from certification.models import Credential, StatusList
from certification.rendering import baking

from .conftest import HOLDER_EMAIL

pytestmark = pytest.mark.django_db


def base(credential) -> str:
    return f"/credentials/{credential.public_id}/"


def assert_cors(response):
    assert response["Access-Control-Allow-Origin"] == "*"


# OB 3.0 ----------------------------------------------------------------------------------------


def test_credential_json_is_the_signed_document(client, credential):
    response = client.get(base(credential) + "credential.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert_cors(response)
    assert "max-age" in response["Cache-Control"] and "public" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document == credential.document
    assert ob.verify_proof(document, resolve_public_key=signing.public_key_for).valid


def test_credential_json_answers_not_modified_to_a_matching_etag(client, credential):
    first = client.get(base(credential) + "credential.json")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(base(credential) + "credential.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert_cors(again)


def test_credential_jwt_decodes_to_the_same_credential(client, credential):
    response = client.get(base(credential) + "credential.jwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert_cors(response)
    decoded = ob.vcjwt.decode(response.content.decode(), resolve_public_key=signing.public_key_for)
    assert decoded["id"] == credential.document["id"]


def test_the_ob3_baked_badge_carries_the_verifiable_credential(client, credential):
    response = client.get(base(credential) + "badge.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Disposition"].endswith('.png"')
    baked = baking.read_baked_png(response.content, keyword=baking.OB3_KEYWORD)
    document = json.loads(baked)
    assert document["id"] == f"http://127.0.0.1:8000/credentials/{credential.public_id}/"
    assert ob.verify_proof(document, resolve_public_key=signing.public_key_for).valid


@pytest.mark.parametrize(
    ("query", "language"), [("", "de"), ("?lang=en", "en"), ("?lang=id", "id")]
)
def test_the_certificate_is_a_pdf_in_the_holders_or_the_asked_language(
    client, credential, query, language
):
    response = client.get(base(credential) + "certificate.pdf" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'inline; filename="certificate-peer-support-test-{language}.pdf"'
    )
    assert response["Content-Language"] == language
    assert "no-cache" in response["Cache-Control"]


def test_a_revoked_credentials_documents_are_still_served(client, credential, admin_user):
    services.credential_revoke(
        credential=credential, actor=admin_user, reason_code="ethics_violation", note="x"
    )
    for name in ("credential.json", "credential.jwt", "badge.png", "certificate.pdf"):
        assert client.get(base(credential) + name).status_code == 200, name
    # …and the status list the JSON points to says it is revoked.
    assert status.bit_of(credential=credential, purpose=StatusList.Purpose.REVOCATION)


@pytest.mark.parametrize(
    "name", ["credential.json", "credential.jwt", "badge.png", "certificate.pdf"]
)
def test_a_private_credentials_files_are_for_the_holder_only(
    client, credential, holder, stranger, name
):
    services.credential_display_set(
        credential=credential, holder=holder, display_name="Hana", is_public=False
    )
    url = base(credential) + name
    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(holder)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "suffix", ["credential.json", "credential.jwt", "badge.png", "certificate.pdf"]
)
def test_unknown_credentials_files_are_not_found(client, db, suffix):
    assert (
        client.get(f"/credentials/0b7c9a3e-1111-4222-8333-444455556666/{suffix}").status_code == 404
    )
    assert client.get(f"/credentials/nope/{suffix}").status_code == 404


# Open Badges 2.0 -------------------------------------------------------------------------------


def test_ob2_issuer(client, db):
    response = client.get("/ob2/issuer.json")
    assert response.status_code == 200
    assert response["Content-Type"] == ob2.CONTENT_TYPE
    assert_cors(response)
    document = json.loads(response.content)
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert document["type"] == "Issuer"
    assert document["id"] == "http://127.0.0.1:8000/ob2/issuer.json"
    assert document["name"] and document["url"]


def test_ob2_badge_class_and_its_image(client, programme):
    response = client.get("/ob2/badges/peer-support-test.json")
    assert response.status_code == 200
    assert_cors(response)
    document = json.loads(response.content)
    assert document["type"] == "BadgeClass"
    assert document["id"] == "http://127.0.0.1:8000/ob2/badges/peer-support-test.json"
    assert document["image"] == "http://127.0.0.1:8000/ob2/badges/peer-support-test.png"
    assert document["issuer"] == "http://127.0.0.1:8000/ob2/issuer.json"
    assert document["name"] == "Programme peer-support-test"  # the source language
    assert document["criteria"]["narrative"].startswith("Complete the course")
    image = client.get("/ob2/badges/peer-support-test.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert baking.read_baked_png(image.content, keyword=baking.OB2_KEYWORD) is None


@pytest.mark.parametrize("path", ["/ob2/badges/unknown.json", "/ob2/badges/unknown.png"])
def test_unknown_badge_classes_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_ob2_assertion_is_hosted_and_stable(client, credential):
    url = f"/ob2/assertions/{credential.public_id}.json"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == ob2.CONTENT_TYPE
    assert_cors(response)
    document = json.loads(response.content)
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert document["type"] == "Assertion"
    assert document["id"] == f"http://127.0.0.1:8000{url}"
    assert document["verification"] == {"type": "hosted"}
    assert document["badge"] == "http://127.0.0.1:8000/ob2/badges/peer-support-test.json"
    assert document["issuedOn"].endswith("Z") and document["expires"].endswith("Z")
    recipient = document["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    assert (
        recipient["identity"]
        == "sha256$" + hashlib.sha256((HOLDER_EMAIL + recipient["salt"]).encode()).hexdigest()
    )
    # The same document every time (the salt is derived, not random).
    assert json.loads(client.get(url).content) == document


def test_the_ob2_baked_badge_carries_the_assertion(client, credential):
    response = client.get(f"/ob2/assertions/{credential.public_id}/badge.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    baked = json.loads(baking.read_baked_png(response.content, keyword=baking.OB2_KEYWORD))
    hosted = json.loads(client.get(f"/ob2/assertions/{credential.public_id}.json").content)
    assert baked == hosted
    assert baking.read_baked_png(response.content, keyword=baking.OB3_KEYWORD) is None


def test_a_revoked_ob2_assertion_is_gone(client, credential, admin_user):
    services.credential_revoke(
        credential=credential, actor=admin_user, reason_code="ethics_violation", note="x"
    )
    url = f"/ob2/assertions/{credential.public_id}.json"
    response = client.get(url)
    assert response.status_code == 410
    assert_cors(response)
    document = json.loads(response.content)
    assert document == {
        "@context": "https://w3id.org/openbadges/v2",
        "id": f"http://127.0.0.1:8000{url}",
        "type": "Assertion",
        "revoked": True,
        "revocationReason": "Violation of the code of ethics",
    }
    assert client.get(f"/ob2/assertions/{credential.public_id}/badge.png").status_code == 410


def test_a_suspended_ob2_assertion_is_gone_until_reinstated(client, credential, admin_user):
    services.credential_suspend(
        credential=credential, actor=admin_user, until=None, reason_code="investigation", note="x"
    )
    url = f"/ob2/assertions/{credential.public_id}.json"
    response = client.get(url)
    assert response.status_code == 410
    assert json.loads(response.content)["revoked"] is True
    services.credential_reinstate(credential=credential, actor=admin_user, note="cleared")
    assert client.get(url).status_code == 200


def test_an_expired_ob2_assertion_is_served_with_its_expiry(client, credential):
    Credential.objects.filter(pk=credential.pk).update(valid_until=timezone.now())
    response = client.get(f"/ob2/assertions/{credential.public_id}.json")
    assert response.status_code == 200
    assert "expires" in json.loads(response.content)


def test_a_private_ob2_assertion_is_not_found(client, credential, holder):
    services.credential_display_set(
        credential=credential, holder=holder, display_name="Hana", is_public=False
    )
    assert client.get(f"/ob2/assertions/{credential.public_id}.json").status_code == 404
    assert client.get(f"/ob2/assertions/{credential.public_id}/badge.png").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/ob2/assertions/0b7c9a3e-1111-4222-8333-444455556666.json",
        "/ob2/assertions/nope.json",
        "/ob2/assertions/nope/badge.png",
    ],
)
def test_unknown_ob2_assertions_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


# Status lists and the DID document -------------------------------------------------------------


def test_status_list_is_the_signed_list_credential(client, credential, settings):
    slug = f"revocation-{credential.status_list_group}"
    response = client.get(f"/status/{slug}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert_cors(response)
    assert f"max-age={settings.SEBAYA_STATUS_MAX_AGE}" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document == status.list_document(slug)
    assert "BitstringStatusListCredential" in document["type"]
    assert ob.verify_proof(document, resolve_public_key=signing.public_key_for).valid


def test_status_list_shows_a_revocation_at_once(client, credential, admin_user):
    slug = f"revocation-{credential.status_list_group}"
    before = json.loads(client.get(f"/status/{slug}").content)
    services.credential_revoke(
        credential=credential, actor=admin_user, reason_code="fraud", note="x"
    )
    after = json.loads(client.get(f"/status/{slug}").content)
    encoded = after["credentialSubject"]["encodedList"]
    assert encoded != before["credentialSubject"]["encodedList"]
    assert ob.get_bit(ob.decode_list(encoded), credential.status_list_index)


@pytest.mark.parametrize("slug", ["revocation-999", "nope", "suspension-", "revocation-1x"])
def test_unknown_status_lists_are_not_found_without_a_redirect(client, credential, slug):
    assert client.get(f"/status/{slug}").status_code == 404


def test_did_document(client, credential):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert_cors(response)
    document = json.loads(response.content)
    assert document["id"] == signing.issuer_did()
    method = credential.document["proof"][0]["verificationMethod"]
    assert ob.resolve_key_from_document(document, method) is not None


def test_machine_endpoints_refuse_writes(db):
    client = Client()
    for url in ("/ob2/issuer.json", "/.well-known/did.json"):
        assert client.post(url).status_code == 405
