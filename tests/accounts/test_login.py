"""Log in, its rate limits, and log out, through HTTP."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def configured_limit(action: str, scope: str) -> int:
    """How many attempts ACCOUNT_RATE_LIMITS allows for `action` per `scope` ("ip" or "key")."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _period, rate_scope = rate.strip().split("/")
        if rate_scope == scope:
            return int(amount)
    raise AssertionError(f"no {scope} rate for {action}")


def log_in(client, email, password, prefix="en"):
    return client.post(f"/{prefix}/accounts/login/", {"login": email, "password": password})


def test_login_logs_in_and_goes_to_the_account_page_in_the_users_language(client, user_factory):
    user = user_factory(preferred_language="de")

    response = log_in(client, user.email, PASSWORD, prefix="en")

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/profile/"
    assert client.session[SESSION_KEY] == str(user.pk)


def test_wrong_password_is_refused_with_an_announced_error(client, trainee):
    response = log_in(client, trainee.email, "not the password")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert re.search(rb'class="error-summary" role="alert"', response.content)


def test_failed_logins_for_an_account_are_rate_limited(client, trainee):
    allowed = configured_limit("login_failed", "key")
    for _attempt in range(allowed):
        response = log_in(client, trainee.email, "not the password")
        assert b"Too many failed login attempts" not in response.content

    # Now even the right password is refused until the window has passed.
    response = log_in(client, trainee.email, PASSWORD)

    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert SESSION_KEY not in client.session


def test_failed_logins_are_limited_per_address_not_for_everyone(client, trainee, user_factory):
    other = user_factory(email="other@example.org")
    for _attempt in range(configured_limit("login_failed", "key")):
        log_in(client, trainee.email, "not the password")

    response = log_in(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other.pk)


def test_too_many_login_requests_from_one_address_get_429(client, trainee):
    for _attempt in range(configured_limit("login", "ip")):
        client.post("/en/accounts/login/", {"login": "", "password": ""})

    response = log_in(client, trainee.email, PASSWORD, prefix="de")

    assert response.status_code == 429
    assert b'<html lang="de">' in response.content
    assert SESSION_KEY not in client.session


def test_logout_by_get_only_asks(logged_in, trainee):
    response = logged_in.get("/en/accounts/logout/")

    assert response.status_code == 200
    assert b'<form method="post" action="/en/accounts/logout/"' in response.content
    assert logged_in.session[SESSION_KEY] == str(trainee.pk)


def test_logout_by_post_logs_out(logged_in):
    response = logged_in.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert SESSION_KEY not in logged_in.session


def test_account_pages_need_login(client):
    for path in ["/en/accounts/profile/", "/en/accounts/export/", "/en/accounts/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")
