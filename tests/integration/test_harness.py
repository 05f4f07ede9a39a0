"""The harness itself: pointing this process's Celery app at a broker really moves the relay."""

import pytest
import redis

from lms.events.models import Event
from lms.organizations.services import organization_create

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_relay_publishes_to_the_broker_the_test_chose(throwaway_redis, relay_broker):
    relay_broker(throwaway_redis.url())
    organization_create(name="Where does it go")  # no worker: the message stays queued
    assert Event.objects.get().published_at is not None
    assert redis.Redis.from_url(throwaway_redis.url()).llen("celery") == 1
