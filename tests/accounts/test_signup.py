"""Sign-up, e-mail verification and the registration event, through HTTP."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY

from lms.accounts.models import User
from lms.events.models import Event

from .conftest import PASSWORD, link_in

pytestmark = pytest.mark.django_db

CONFIRM_PATH = r"/(?:en|de|id)/accounts/confirm-email/[^/\s]+/"


def sign_up(client, *, language_prefix="en", **data):
    form = {
        "email": "new.trainee@example.org",
        "display_name": "Budi",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "id",
    } | data
    return client.post(f"/{language_prefix}/accounts/signup/", form)


def test_signup_creates_an_unverified_user_and_mails_a_verification_link(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = User.objects.get(email="new.trainee@example.org")
    assert user.display_name == "Budi"
    assert user.preferred_language == "id"
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, False, True)
    assert SESSION_KEY not in client.session  # not logged in before verifying
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["new.trainee@example.org"]
    assert mail.subject.startswith("[Sebaya] ")
    # Written in the language the trainee chose, linking to the pages in that language.
    assert link_in(mail, CONFIRM_PATH).startswith("/id/accounts/confirm-email/")


def test_signup_records_registered_event_with_chosen_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, preferred_language="de")

    user = User.objects.get(email="new.trainee@example.org")
    event = Event.objects.get(type="accounts.user.registered.v1")
    assert event.payload == {"user_id": str(user.public_id), "preferred_language": "de"}
    assert event.published_at is not None  # the relay ran after commit


def test_signup_form_defaults_to_the_page_language(client):
    response = client.get("/de/accounts/signup/")

    assert response.context["form"]["preferred_language"].value() == "de"


def test_signup_with_mismatched_passwords_shows_linked_errors_and_creates_nothing(client):
    response = sign_up(client, password2="something else entirely")

    assert response.status_code == 200
    assert not User.objects.exists()
    assert not Event.objects.exists()
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_password2_error"' in html
    assert 'aria-describedby="id_password2_error"' in html
    assert "<title>Error:" in html


def test_signup_with_a_taken_address_does_not_reveal_it(client, user_factory, mailoutbox):
    user_factory(email="taken@example.org")

    response = sign_up(client, email="taken@example.org")

    # Enumeration prevention: the same answer as a new sign-up, and a mail to the owner instead.
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert [mail.to for mail in mailoutbox] == [["taken@example.org"]]
    assert not Event.objects.filter(type="accounts.user.registered.v1").exists()


def test_following_the_link_shows_a_confirm_page_then_verifies_and_logs_in(client, mailoutbox):
    sign_up(client, preferred_language="en")
    confirm_path = link_in(mailoutbox[0], CONFIRM_PATH)

    page = client.get(confirm_path)

    assert page.status_code == 200
    assert b'method="post"' in page.content
    user = User.objects.get(email="new.trainee@example.org")
    assert not EmailAddress.objects.get(user=user).verified  # a GET changes nothing

    response = client.post(confirm_path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session[SESSION_KEY] == str(user.pk)


def test_confirming_in_another_browser_verifies_without_logging_in(client, mailoutbox):
    from django.test import Client

    sign_up(client)
    confirm_path = link_in(mailoutbox[0], CONFIRM_PATH)
    other_browser = Client()

    other_browser.post(confirm_path)

    assert EmailAddress.objects.get(email="new.trainee@example.org").verified
    assert SESSION_KEY not in other_browser.session


def test_an_invalid_confirmation_key_says_so(client):
    response = client.get("/en/accounts/confirm-email/not-a-key/")

    assert response.status_code == 200
    assert b"expired or is invalid" in response.content


def test_unverified_user_cannot_log_in(client, user_factory, mailoutbox):
    user_factory(email="unverified@example.org", verified=False)

    response = client.post(
        "/en/accounts/login/", {"login": "unverified@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert SESSION_KEY not in client.session
    assert len(mailoutbox) == 1  # a fresh verification mail
    assert mailoutbox[0].to == ["unverified@example.org"]
