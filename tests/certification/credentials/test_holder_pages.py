"""The holder's pages under /<lang>/credentials/: the list, and one credential's management page
(the display form through the service, share actions, the audit trail). Only the holder."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from certification.credentials import services
from certification.models import Credential, CredentialTransition

pytestmark = pytest.mark.django_db


def detail_url(credential, lang="en") -> str:
    return f"/{lang}/credentials/{credential.public_id}/"


def test_the_list_needs_a_login(client, credential):
    response = client.get("/en/credentials/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_the_list_shows_the_holders_credentials_newest_first(client, credential, holder, stranger):
    client.force_login(holder)
    response = client.get("/en/credentials/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Programme peer-support-test" in body
    assert detail_url(credential) in body
    assert f'href="/credentials/{credential.public_id}/"' in body
    assert "Valid" in body
    assert "no-store" in response["Cache-Control"]
    client.force_login(stranger)
    assert detail_url(credential) not in client.get("/en/credentials/").content.decode()


def test_the_list_is_translated(client, credential, holder):
    client.force_login(holder)
    body = client.get("/de/credentials/").content.decode()
    assert '<html lang="de">' in body
    assert "Peer-Begleitung (Test)" in body


def test_the_detail_page_shows_form_share_history_and_checklist_link(
    client, credential, holder, admin_user
):
    services.credential_suspend(
        credential=credential,
        actor=admin_user,
        until=None,
        reason_code="investigation",
        note="internal-note-5521",
    )
    client.force_login(holder)
    response = client.get(detail_url(credential))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert 'name="display_name"' in body and 'value="Hana Holder"' in body
    assert 'name="is_public"' in body and "checked" in body
    assert "credential-state--suspended" in body
    assert "Issued" in body and "Suspended" in body  # the history
    assert "internal-note-5521" not in body  # no internal notes
    assert "registrar@example.org" not in body  # no administrator identities
    assert f"/credentials/{credential.public_id}/credential.json" in body
    assert 'href="/en/programmes/peer-support-test/"' in body


def test_others_get_not_found(client, credential, stranger):
    client.force_login(stranger)
    assert client.get(detail_url(credential)).status_code == 404
    response = client.post(
        detail_url(credential), {"display_name": "Taken over", "is_public": "on"}
    )
    assert response.status_code == 404
    credential.refresh_from_db()
    assert credential.display_name == "Hana Holder"


def test_the_holder_changes_the_name_and_the_public_page_shows_it(client, credential, holder):
    client.force_login(holder)
    response = client.post(
        detail_url(credential), {"display_name": "  Dr.  Hana   Holder ", "is_public": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(credential)
    credential.refresh_from_db()
    assert credential.display_name == "Dr. Hana Holder"
    assert credential.transitions.filter(
        action=CredentialTransition.Action.DISPLAY_CHANGED
    ).exists()
    public = Client().get(f"/credentials/{credential.public_id}/")
    assert "Dr. Hana Holder" in public.content.decode()


def test_the_holder_makes_the_page_private(client, credential, holder):
    client.force_login(holder)
    client.post(detail_url(credential), {"display_name": "Hana Holder"})  # unchecked box
    credential.refresh_from_db()
    assert credential.is_public is False
    assert Client().get(f"/credentials/{credential.public_id}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Enter the name to show."),
        ("   ", "Enter the name to show."),
        ("x" * 201, "The name can have at most 200 characters."),
    ],
)
def test_malformed_names_are_form_errors(client, credential, holder, name, error):
    client.force_login(holder)
    response = client.post(detail_url(credential), {"display_name": name, "is_public": "on"})
    assert response.status_code == 400
    body = response.content.decode()
    assert error in body
    assert 'class="error-summary"' in body
    credential.refresh_from_db()
    assert credential.display_name == "Hana Holder"


def test_csrf_is_enforced(credential, holder):
    client = Client(enforce_csrf_checks=True)
    client.force_login(holder)
    response = client.post(detail_url(credential), {"display_name": "Forged", "is_public": "on"})
    assert response.status_code == 403
    credential.refresh_from_db()
    assert credential.display_name == "Hana Holder"


def test_the_detail_page_speaks_every_language(client, credential, holder):
    client.force_login(holder)
    for lang in ("en", "de", "id"):
        response = client.get(detail_url(credential, lang))
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()


def test_malformed_ids_on_the_holders_pages_are_not_found(client, holder):
    client.force_login(holder)
    assert client.get("/en/credentials/0b7c9a3e-1111-4222-8333-444455556666/").status_code == 404


def test_a_revoked_credential_shows_its_reason_to_the_holder(
    client, credential, holder, admin_user
):
    services.credential_revoke(
        credential=credential, actor=admin_user, reason_code="ethics_violation", note="x"
    )
    client.force_login(holder)
    body = client.get(detail_url(credential)).content.decode()
    assert "credential-state--revoked" in body
    assert "Violation of the code of ethics" in body
    assert Credential.objects.get(pk=credential.pk).status == "revoked"


def test_the_holder_sees_who_verified_their_credentials(client, holder, credential, stranger):
    from certification.credentials.verification_log import log_verifications
    from lms.organizations.models import Organization

    crisis_line = Organization.objects.create(name="Lifeline Crisis Line", slug="lifeline")
    log_verifications(credentials=[credential], channel="api", organization=crisis_line)
    client.force_login(holder)
    page = client.get(reverse("credentials:list")).content.decode()
    assert "Lifeline Crisis Line" in page
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert "Lifeline Crisis Line" in dashboard
    client.force_login(stranger)
    assert "Lifeline Crisis Line" not in client.get(reverse("credentials:list")).content.decode()
