"""/readyz against the real database and a real Redis broker."""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_readyz_is_ready_with_the_real_database_and_broker(client, redis_broker, relay_broker):
    relay_broker(redis_broker)
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["broker"]["ok"] is True
    assert "mode" not in checks["broker"]  # a real connection, not the eager shortcut


def test_readyz_names_the_broker_while_it_is_down(client, throwaway_redis, relay_broker):
    relay_broker(throwaway_redis.url())
    assert client.get("/readyz").status_code == 200

    throwaway_redis.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["outbox"]["ok"] is True  # the broker, and only the broker, is the cause

    throwaway_redis.start()
    assert client.get("/readyz").status_code == 200
