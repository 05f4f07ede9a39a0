"""Password reset by e-mailed link, through HTTP."""

import pytest
from django.contrib.auth import SESSION_KEY

from lms.accounts.models import User

from .conftest import link_in

pytestmark = pytest.mark.django_db

RESET_PATH = r"/(?:en|de|id)/accounts/password/reset/key/[^/\s]+/"
NEW_PASSWORD = "a brand new passphrase"


def test_password_reset_mails_a_link_that_sets_a_new_password(client, trainee, mailoutbox):
    response = client.post("/en/accounts/password/reset/", {"email": trainee.email})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [trainee.email]
    reset_path = link_in(mailoutbox[0], RESET_PATH)

    # allauth moves the key from the URL into the session, then shows the form.
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    form_path = form_page.redirect_chain[-1][0]
    assert b'autocomplete="new-password"' in form_page.content

    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password(NEW_PASSWORD)
    assert SESSION_KEY not in client.session
    login = client.post("/en/accounts/login/", {"login": trainee.email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.session[SESSION_KEY] == str(trainee.pk)


def test_password_reset_mail_is_in_the_users_language(client, user_factory, mailoutbox):
    user = user_factory(email="rina@example.org", preferred_language="id")

    client.post("/en/accounts/password/reset/", {"email": user.email})

    assert link_in(mailoutbox[0], RESET_PATH).startswith("/id/")
    assert "Anda" in mailoutbox[0].body  # allauth's Indonesian text


def test_a_used_reset_link_no_longer_works(client, trainee, mailoutbox):
    client.post("/en/accounts/password/reset/", {"email": trainee.email})
    reset_path = link_in(mailoutbox[0], RESET_PATH)
    form_path = client.get(reset_path, follow=True).redirect_chain[-1][0]
    client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(reset_path, follow=True)

    assert b'name="password1"' not in again.content
    assert User.objects.get(pk=trainee.pk).check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_looks_the_same(client, mailoutbox):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert [mail.to for mail in mailoutbox] == [["nobody@example.org"]]  # "no account here"
