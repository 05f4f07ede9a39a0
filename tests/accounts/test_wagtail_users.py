"""Wagtail's user admin, adapted to one display name instead of first and last names."""

import pytest
from allauth.account.models import EmailAddress

from lms.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, user_factory):
    admin = user_factory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_user_list_shows_display_names(admin_client, user_factory):
    user_factory(email="editor@example.org", display_name="Dewi")

    response = admin_client.get("/admin/users/")

    assert response.status_code == 200
    assert "Dewi" in response.content.decode()


def test_create_form_has_display_name_and_no_first_or_last_name(admin_client):
    response = admin_client.get("/admin/users/new/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="display_name"' in html
    assert 'name="preferred_language"' in html
    assert 'name="first_name"' not in html
    assert 'name="last_name"' not in html


def test_admin_creates_a_user(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "Editor@Example.org",
            "display_name": "Dewi",
            "preferred_language": "id",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email="editor@example.org")  # stored in lower case
    assert (user.display_name, user.preferred_language, user.is_active) == ("Dewi", "id", True)
    assert user.check_password("a long enough passphrase")


def test_admin_edits_a_user_and_keeps_them_active(admin_client, user_factory):
    user = user_factory(email="editor@example.org", display_name="Dewi")

    page = admin_client.get(f"/admin/users/edit/{user.pk}/")
    assert page.status_code == 200
    assert 'name="is_active"' in page.content.decode()

    response = admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "email": "editor@example.org",
            "display_name": "Dewi Sartika",
            "preferred_language": "de",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language, user.is_active) == (
        "Dewi Sartika",
        "de",
        True,
    )
    assert user.check_password("correct horse battery")  # blank password fields change nothing


def test_admin_can_deactivate_a_user(admin_client, user_factory):
    user = user_factory(email="editor@example.org")

    admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {"email": user.email, "display_name": "", "preferred_language": "en"},
    )

    user.refresh_from_db()
    assert not user.is_active


def test_an_address_differing_only_in_case_is_taken(admin_client, user_factory):
    user_factory(email="editor@example.org")

    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "EDITOR@example.org",
            "display_name": "",
            "preferred_language": "en",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.count() == 2  # the admin and the first editor


def test_changing_an_address_in_the_admin_retires_the_old_one(admin_client, user_factory):
    from django.test import Client

    user = user_factory(email="old@example.org")

    admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "email": "new@example.org",
            "display_name": "",
            "preferred_language": "en",
            "is_active": "on",
        },
    )

    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary")) == [
        ("new@example.org", True)
    ]
    browser = Client()
    old = browser.post(
        "/en/accounts/login/", {"login": "old@example.org", "password": "correct horse battery"}
    )
    assert old.status_code == 200  # refused
    new = browser.post(
        "/en/accounts/login/", {"login": "new@example.org", "password": "correct horse battery"}
    )
    assert new["Location"] == "/en/accounts/confirm-email/"  # asked to verify the new address
