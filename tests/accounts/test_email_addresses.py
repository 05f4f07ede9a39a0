"""Managing e-mail addresses through allauth's page, in our templates."""

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db


def test_adding_an_address_sends_a_confirmation(logged_in, trainee, mailoutbox):
    response = logged_in.post(
        "/en/accounts/email/", {"action_add": "", "email": "ayu@work.example"}
    )

    assert response.status_code == 302
    address = EmailAddress.objects.get(email="ayu@work.example")
    assert (address.user, address.verified, address.primary) == (trainee, False, False)
    assert [mail.to for mail in mailoutbox] == [["ayu@work.example"]]


def test_the_address_list_is_a_labelled_group_of_radio_buttons(logged_in):
    response = logged_in.get("/en/accounts/email/")

    html = response.content.decode()
    assert "<legend>Your e-mail addresses</legend>" in html
    assert '<input type="radio" id="email_radio_0" name="email" value="trainee@example.org"' in html
    assert '<label for="email_radio_0">' in html


def test_removing_a_secondary_address(logged_in, trainee):
    EmailAddress.objects.create(user=trainee, email="old@example.org", verified=True)

    response = logged_in.post(
        "/en/accounts/email/", {"action_remove": "", "email": "old@example.org"}
    )

    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="old@example.org").exists()
