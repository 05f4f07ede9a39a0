from tests.rest.fixtures import *  # noqa: F403
