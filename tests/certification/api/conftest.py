"""Fixtures for the partner API endpoints: API keys and clients (tests/rest/fixtures.py) and an
issued credential (tests/certification/credentials/conftest.py)."""

from tests.certification.credentials.conftest import (  # noqa: F401
    credential,
    domains,
    holder,
    locales,
    programme,
    stranger,
)
from tests.rest.fixtures import *  # noqa: F403
