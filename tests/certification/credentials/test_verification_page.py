"""The human verification page /credentials/<uuid>/: its states in words right after each
service call, its languages, privacy (private pages, no e-mail address) and caching."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from certification.credentials import services
from certification.models import Credential

from .conftest import HOLDER_EMAIL

pytestmark = pytest.mark.django_db


def page_url(credential) -> str:
    return f"/credentials/{credential.public_id}/"


def get_page(client, credential, **headers):
    return client.get(page_url(credential), **headers)


def text(response) -> str:
    return response.content.decode()


def test_a_valid_credential_shows_what_it_is_and_who_holds_it(client, credential):
    response = get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = text(response)
    assert '<html lang="en">' in body
    assert "credential-state--valid" in body
    assert "This credential is valid until" in body
    assert "Hana Holder" in body
    assert "Programme peer-support-test" in body
    assert "Certifies test peers." in body  # description
    assert "Complete the course, pass the quiz" in body  # criteria
    assert "Ethics and boundaries" in body and "1.5" in body and "3.25" in body
    assert "did:web:" in body
    assert (
        f'<link rel="alternate" type="application/vc+ld+json" href="{page_url(credential)}credential.json">'
        in body
    )
    assert 'property="og:title"' in body and 'property="og:image"' in body
    assert "<svg" in body and "<title>" in body  # the QR code, with its text alternative
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in body
    assert "certId=" + str(credential.public_id) in body
    assert "manage this credential" not in body.lower()  # a visitor is not the holder


def test_the_page_is_never_cached_as_fresh_and_varies_by_language(client, credential):
    response = get_page(client, credential)
    assert "no-cache" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("headers", "query", "lang", "words"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "", "en", "Share and download"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "", "de", "Peer-Begleitung (Test)"),
        ({"HTTP_ACCEPT_LANGUAGE": "id"}, "", "id", "Programme peer-support-test"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "?lang=de", "de", "Ethik und Grenzen"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "?lang=id", "id", "Programme peer-support-test"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "?lang=xx", "de", "Peer-Begleitung (Test)"),
    ],
)
def test_the_page_speaks_the_visitors_language(client, credential, headers, query, lang, words):
    response = client.get(page_url(credential) + query, **headers)
    assert response.status_code == 200
    body = text(response)
    assert f'<html lang="{lang}">' in body
    assert response["Content-Language"] == lang
    assert words in body


def test_the_language_switch_stays_on_this_page(client, credential):
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    for code in ("de", "id"):
        assert f'href="{page_url(credential)}?lang={code}" hreflang="{code}"' in body


def test_an_untranslated_programme_is_marked_with_its_own_language(client, credential):
    body = text(client.get(page_url(credential) + "?lang=id"))
    assert '<span lang="en">Programme peer-support-test</span>' in body


def test_revoked_shows_at_once(client, credential, admin_user):
    assert "credential-state--valid" in text(get_page(client, credential))
    services.credential_revoke(
        credential=credential,
        actor=admin_user,
        reason_code="ethics_violation",
        note="internal-note-7731",
    )
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "credential-state--revoked" in body
    assert "Revoked" in body
    assert "It is no longer valid." in body
    assert "linkedin.com" not in body  # nobody adds a revoked credential to a profile
    assert "internal-note-7731" not in body
    assert "registrar@example.org" not in body


def test_suspended_shows_at_once_with_its_end_date(client, credential, admin_user):
    until = timezone.localdate() + timedelta(days=30)
    services.credential_suspend(
        credential=credential, actor=admin_user, until=until, reason_code="investigation", note="x"
    )
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "credential-state--suspended" in body
    assert "Suspended" in body
    assert "This credential is suspended until" in body


def test_suspended_without_an_end_date(client, credential, admin_user):
    services.credential_suspend(
        credential=credential, actor=admin_user, until=None, reason_code="investigation", note="x"
    )
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "This credential is suspended. It is not valid while suspended." in body


def test_past_its_validity_it_shows_expired_even_before_the_daily_task(client, credential):
    Credential.objects.filter(pk=credential.pk).update(
        valid_until=timezone.now() - timedelta(days=1)
    )
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "credential-state--expired" in body
    assert "This credential expired on" in body


def test_expired_by_the_service(client, credential):
    Credential.objects.filter(pk=credential.pk).update(
        valid_until=timezone.now() - timedelta(minutes=1)
    )
    services.credential_expire(credential=credential)
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "credential-state--expired" in body


def test_a_replaced_credential_links_to_its_renewal(client, credential, holder, programme):
    renewal = services._issue(holder=holder, programme=programme, origin="renewed")
    Credential.objects.filter(pk=credential.pk).update(status=Credential.Status.REPLACED)
    Credential.objects.filter(pk=renewal.pk).update(renews=credential)
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "credential-state--replaced" in body
    assert "Replaced by a renewal" in body
    assert f'href="/credentials/{renewal.public_id}/"' in body


def test_a_private_page_is_not_found_for_anyone_but_the_holder(
    client, credential, holder, stranger
):
    services.credential_display_set(
        credential=credential, holder=holder, display_name="Hana H.", is_public=False
    )
    assert get_page(client, credential).status_code == 404
    client.force_login(stranger)
    assert get_page(client, credential).status_code == 404
    client.force_login(holder)
    response = get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Only you can see this page." in text(response)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_holder_sees_a_link_to_manage_it(client, credential, holder):
    client.force_login(holder)
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert f'href="/en/credentials/{credential.public_id}/"' in body


@pytest.mark.parametrize(
    "path",
    [
        "/credentials/not-a-uuid/",
        "/credentials/0b7c9a3e-1111-4222-8333-444455556666/",
        "/credentials/0b7c9a3e-1111-4222-8333-44445555666/",
    ],
)
def test_unknown_and_malformed_ids_are_not_found_without_a_redirect(client, db, path):
    response = client.get(path)
    assert response.status_code == 404


def test_the_holders_email_address_appears_nowhere_public(client, credential, stranger):
    client.force_login(stranger)
    base = page_url(credential)
    for url in (
        base,
        base + "?lang=de",
        base + "credential.json",
        base + "credential.jwt",
        f"/ob2/assertions/{credential.public_id}.json",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert HOLDER_EMAIL not in response.content.decode(), url
        assert "holder.private-address" not in response.content.decode(), url


def test_only_get_and_head(client, credential):
    assert Client().head(page_url(credential)).status_code == 200
    assert client.post(page_url(credential)).status_code == 405


def test_the_page_makes_a_fixed_number_of_queries(
    client, credential, django_assert_max_num_queries
):
    # Four for the credential (itself, its programme's translation, the domain names), the rest
    # for the site's header and footer (uncached here: these tests seed no site settings), and
    # the verification log's INSERT.
    get_page(client, credential)
    with django_assert_max_num_queries(12):
        assert get_page(client, credential).status_code == 200


def test_the_copy_button_waits_for_the_script_and_the_link_is_text(client, credential):
    body = text(get_page(client, credential, HTTP_ACCEPT_LANGUAGE="en"))
    assert "data-copy-button hidden" in body
    assert f'value="http://127.0.0.1:8000/credentials/{credential.public_id}/"' in body
