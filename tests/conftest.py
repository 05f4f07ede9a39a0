"""Shared fixtures. The integration suite (tests/integration) runs only with --integration, the
browser journeys (tests/e2e) only with --e2e."""

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--integration",
        action="store_true",
        default=False,
        help="Run the integration suite against real PostgreSQL, Redis and a Celery worker.",
    )
    parser.addoption(
        "--e2e",
        action="store_true",
        default=False,
        help="Run the browser journeys (tests/e2e) in Chromium against a server they start.",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: a browser journey (run with --e2e)")


def pytest_collection_modifyitems(config, items):
    """The fast suite, the integration suite and the browser journeys are three runs of the test
    command: each deselects the others' tests (deselected, not skipped: nothing is hidden)."""
    wanted = (
        "e2e"
        if config.getoption("--e2e")
        else "integration"
        if config.getoption("--integration")
        else "fast"
    )
    selected, deselected = [], []
    for item in items:
        kind = next((k for k in ("e2e", "integration") if k in item.keywords), "fast")
        (selected if kind == wanted else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture
def user_factory(db):
    from allauth.account.models import EmailAddress

    from lms.accounts.models import User

    def make(email="trainee@example.org", password="correct horse battery", verified=True, **kw):
        user = User.objects.create_user(email=email, password=password, **kw)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """Logging in and requesting /<lang>/ pages activate a language in the test's thread; put
    the default back so no test depends on the one before it."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
