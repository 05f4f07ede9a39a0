"""Every account page renders in English, German and Indonesian, in the site's layout, with the
structure WCAG 2.2 AA needs (checked without a browser: see conftest.assert_accessible_structure)."""

import pytest

from .conftest import PASSWORD, assert_accessible_structure, link_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "id"]

ANONYMOUS_PAGES = [
    "accounts/login/",
    "accounts/signup/",
    "accounts/confirm-email/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/password/reset/key/done/",
    "accounts/confirm-email/no-such-key/",
]

SIGNED_IN_PAGES = [
    "accounts/profile/",
    "accounts/email/",
    "accounts/password/change/",
    "accounts/logout/",
    "accounts/reauthenticate/",
]

# Words each page's heading has in German and Indonesian: proves the page is translated, not only
# that the <html lang> attribute says so.
TRANSLATED_WORD = {
    "de": {"accounts/login/": "Anmelden", "accounts/profile/": "Mein Konto"},
    "id": {"accounts/login/": "Masuk", "accounts/profile/": "Akun saya"},
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_account_pages_render_in_each_language(client, path, language):
    response = client.get(f"/{language}/{path}")

    assert response.status_code == 200
    assert_accessible_structure(response, language)
    word = TRANSLATED_WORD.get(language, {}).get(path)
    if word:
        assert word in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_account_pages_render_in_each_language(logged_in, path, language):
    response = logged_in.get(f"/{language}/{path}")

    assert response.status_code == 200
    assert_accessible_structure(response, language)
    assert b'aria-label="' in response.content  # the account navigation is named
    word = TRANSLATED_WORD.get(language, {}).get(path)
    if word:
        assert word in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_delete_page_renders_in_each_language(logged_in, language):
    logged_in.post("/en/accounts/reauthenticate/", {"password": PASSWORD})

    response = logged_in.get(f"/{language}/accounts/delete/")

    assert response.status_code == 200
    assert_accessible_structure(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_email_confirmation_and_password_reset_forms_render_in_each_language(
    client, user_factory, mailoutbox, language
):
    user_factory(email="unverified@example.org", verified=False, preferred_language=language)
    user_factory(email="reset@example.org", preferred_language=language)
    client.post(
        f"/{language}/accounts/login/", {"login": "unverified@example.org", "password": PASSWORD}
    )
    client.post(f"/{language}/accounts/password/reset/", {"email": "reset@example.org"})
    confirm_path = link_in(mailoutbox[0], r"/\w\w/accounts/confirm-email/[^/\s]+/")
    reset_path = link_in(mailoutbox[1], r"/\w\w/accounts/password/reset/key/[^/\s]+/")

    for response in [client.get(confirm_path), client.get(reset_path, follow=True)]:
        assert response.status_code == 200
        assert_accessible_structure(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_accessible_in_each_language(client, language):
    response = client.post(f"/{language}/accounts/signup/", {"email": "not an address"})

    assert response.status_code == 200
    assert_accessible_structure(response, language)
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert {"en": "Error:", "de": "Fehler:", "id": "Kesalahan:"}[language] in html


def test_mails_are_sent_in_the_recipients_language(client, mailoutbox):
    client.post(
        "/en/accounts/signup/",
        {
            "email": "neu@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": "de",
        },
    )

    assert "E-Mail" in mailoutbox[0].subject  # allauth's German subject
