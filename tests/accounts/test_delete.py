"""Account deletion: reauthentication, the confirmation box, erasure and its event."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY

from lms.accounts.models import User
from lms.events.models import Event
from lms.organizations.models import Membership, Organization

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(trainee):
    organization = Organization.objects.create(name="Rumah Sebaya", slug="rumah-sebaya")
    return Membership.objects.create(organization=organization, user=trainee)


@pytest.fixture
def reauthenticated(logged_in):
    response = logged_in.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return logged_in


def test_deletion_asks_for_the_password_even_right_after_login(logged_in, trainee):
    client = logged_in

    response = client.get("/en/accounts/delete/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/?next=")
    reauthenticated = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert reauthenticated.redirect_chain[-1][0] == "/en/accounts/delete/"
    assert b'name="confirm"' in reauthenticated.content


def test_a_wrong_password_does_not_unlock_deletion(logged_in, trainee):
    response = logged_in.post("/en/accounts/reauthenticate/", {"password": "not the password"})

    assert response.status_code == 200
    assert logged_in.get("/en/accounts/delete/").status_code == 302
    assert User.objects.filter(pk=trainee.pk).exists()


def test_a_delete_post_without_reauthentication_deletes_nothing(logged_in, trainee):
    response = logged_in.post("/en/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    assert User.objects.filter(pk=trainee.pk).exists()


def test_deletion_needs_the_confirmation_box(reauthenticated, trainee):
    response = reauthenticated.post("/en/accounts/delete/", {})

    assert response.status_code == 400
    assert User.objects.filter(pk=trainee.pk).exists()
    html = response.content.decode()
    assert 'id="id_confirm_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Event.objects.filter(type="accounts.user.deleted.v1").exists()


def test_deletion_erases_user_addresses_and_memberships_and_records_event(
    reauthenticated, trainee, membership, user_factory, django_capture_on_commit_callbacks
):
    someone_else = user_factory(email="someone.else@example.org")
    Membership.objects.create(organization=membership.organization, user=someone_else)
    public_id = trainee.public_id

    with django_capture_on_commit_callbacks(execute=True):
        response = reauthenticated.post("/en/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert not User.objects.filter(pk=trainee.pk).exists()
    assert not EmailAddress.objects.filter(email=trainee.email).exists()
    assert not Membership.objects.filter(user_id=trainee.pk).exists()
    assert Membership.objects.filter(user=someone_else).exists()
    assert SESSION_KEY not in reauthenticated.session
    event = Event.objects.get(type="accounts.user.deleted.v1")
    assert event.payload == {"user_id": str(public_id)}


def test_a_deleted_account_cannot_log_in(reauthenticated, trainee, client):
    reauthenticated.post("/en/accounts/delete/", {"confirm": "on"})

    response = client.post("/en/accounts/login/", {"login": trainee.email, "password": PASSWORD})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
