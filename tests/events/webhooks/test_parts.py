"""The small parts: secrets at rest, Retry-After, the retry schedule."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from cryptography.fernet import InvalidToken
from django.test import override_settings

from lms.events.webhooks import crypto, http, services


def test_a_secret_is_whsec_and_32_random_bytes_stored_encrypted():
    secret = crypto.generate_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    token = crypto.encrypt(secret)
    assert secret not in token
    assert crypto.decrypt(token) == secret


def test_secrets_still_decrypt_after_the_secret_key_is_rotated():
    with override_settings(SECRET_KEY="old-key-" + "x" * 40):
        token = crypto.encrypt("whsec_abc")
    with (
        override_settings(SECRET_KEY="new-key-" + "y" * 40, SECRET_KEY_FALLBACKS=[]),
        pytest.raises(InvalidToken),
    ):
        crypto.decrypt(token)
    with override_settings(
        SECRET_KEY="new-key-" + "y" * 40, SECRET_KEY_FALLBACKS=["old-key-" + "x" * 40]
    ):
        assert crypto.decrypt(token) == "whsec_abc"


def test_retry_after_in_seconds_or_as_an_http_date():
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert http.parse_retry_after("120", now=now) == 120
    assert (
        http.parse_retry_after(format_datetime(now + timedelta(minutes=5), usegmt=True), now=now)
        == 300
    )
    assert (
        http.parse_retry_after(format_datetime(now - timedelta(minutes=5), usegmt=True), now=now)
        == 0
    )
    assert http.parse_retry_after("soon", now=now) is None
    assert http.parse_retry_after(None, now=now) is None


@override_settings(
    SEBAYA_WEBHOOKS_RETRY_SCHEDULE=[10, 100], SEBAYA_WEBHOOKS_RETRY_AFTER_MAX_SECONDS=3600
)
def test_the_retry_schedule_is_jittered_capped_by_retry_after_and_ends():
    delays = [services.retry_delay(1) for _ in range(200)]
    assert min(delays) >= 5 and max(delays) <= 10 and len(set(delays)) > 100
    assert 50 <= services.retry_delay(2) <= 100
    assert services.retry_delay(3) is None  # three attempts: give up
    assert services.retry_delay(1, retry_after=600) == 600
    assert services.retry_delay(1, retry_after=86400) == 3600


def test_the_default_schedule_spans_about_three_days():
    from django.conf import settings

    schedule = settings.SEBAYA_WEBHOOKS_RETRY_SCHEDULE
    total_hours = sum(schedule) / 3600
    assert len(schedule) + 1 == 11
    assert 2 * 24 <= total_hours * 0.75 <= 3 * 24 <= total_hours  # jitter: half to all of it
