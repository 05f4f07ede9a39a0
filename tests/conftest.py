"""Shared fixtures. The integration suite (tests/integration) runs only with --integration."""

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--integration",
        action="store_true",
        default=False,
        help="Run the integration suite against real PostgreSQL, Redis and a Celery worker.",
    )


def pytest_collection_modifyitems(config, items):
    """The fast suite and the integration suite are two runs of the test command: each deselects
    the other's tests (deselected, not skipped: nothing is hidden)."""
    integration = config.getoption("--integration")
    selected, deselected = [], []
    for item in items:
        (selected if ("integration" in item.keywords) == integration else deselected).append(item)
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
