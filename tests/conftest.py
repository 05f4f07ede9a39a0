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
    if config.getoption("--integration"):
        return
    skip = pytest.mark.skip(reason="integration suite: run with --integration")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def user_factory(db):
    from allauth.account.models import EmailAddress

    from lms.accounts.models import User

    def make(email="trainee@example.org", password="correct horse battery", verified=True, **kw):
        user = User.objects.create_user(email=email, password=password, **kw)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make
