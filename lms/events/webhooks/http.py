"""One webhook request: signed (Standard Webhooks), sent to the address the SSRF checks passed.

The URL's host is resolved and checked just before the request (ssrf.py); the request connects
to that address, with the host name in the Host header and as the TLS server name (SNI, and the
name the certificate is checked against). Redirects are not followed (a redirect could point
anywhere), the timeouts are short, and at most 1 KB of the answer is read and kept.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from django.conf import settings
from standardwebhooks import Webhook

from . import ssrf

EXCERPT_BYTES = 1024


@dataclass(frozen=True)
class Response:
    """What came of one request: a status code, or an error (refused, timed out, …)."""

    status_code: int | None
    error: str
    excerpt: str
    duration_ms: int
    retry_after_seconds: float | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature_header(*, secrets: list[str], msg_id: str, timestamp: datetime, body: str) -> str:
    """`v1,<signature>` for each secret, space-separated (two during a secret rotation)."""
    return " ".join(
        Webhook(secret).sign(msg_id=msg_id, timestamp=timestamp, data=body) for secret in secrets
    )


def user_agent() -> str:
    return f"Sebaya-Webhooks/1.0 (+{settings.SITE_URL})"


def timeout() -> httpx.Timeout:
    return httpx.Timeout(
        connect=settings.SEBAYA_WEBHOOKS_CONNECT_TIMEOUT,
        read=settings.SEBAYA_WEBHOOKS_READ_TIMEOUT,
        write=settings.SEBAYA_WEBHOOKS_READ_TIMEOUT,
        pool=settings.SEBAYA_WEBHOOKS_CONNECT_TIMEOUT,
    )


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


def _read_excerpt(response: httpx.Response) -> str:
    received = b""
    for chunk in response.iter_raw(EXCERPT_BYTES):
        received += chunk
        if len(received) >= EXCERPT_BYTES:
            break
    return received[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def post(*, url: str, msg_id: str, body: str, secrets: list[str]) -> Response:
    """POST `body` to `url`, signed with each of `secrets`. Never raises: a refusal, a timeout or
    a connection error is a Response with `error` set."""
    began = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - began) * 1000)

    try:
        target = ssrf.check_url(url)
    except ssrf.UnsafeUrl as exc:
        return Response(None, f"Refused: {exc}", "", elapsed())
    now = datetime.now(tz=UTC)
    headers = {
        "host": target.host_header,
        "content-type": "application/json",
        "accept-encoding": "identity",  # the excerpt is read raw: no decompression bombs
        "user-agent": user_agent(),
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature_header(
            secrets=secrets, msg_id=msg_id, timestamp=now, body=body
        ),
    }
    extensions = {}
    if target.scheme == "https" and target.address is not None:
        extensions["sni_hostname"] = target.host
    try:
        with (
            httpx.Client(
                transport=httpx.HTTPTransport(retries=0),
                follow_redirects=False,
                trust_env=False,  # never through a proxy from the environment
                timeout=timeout(),
            ) as client,
            client.stream(
                "POST",
                target.connect_url,
                content=body.encode(),
                headers=headers,
                extensions=extensions,
            ) as response,
        ):
            excerpt = _read_excerpt(response)
            error = ""
            if response.is_redirect:
                location = response.headers.get("location", "")[:200]
                error = f"Redirects are not followed ({response.status_code} to {location})."
            retry_after = parse_retry_after(response.headers.get("retry-after"), now=now)
            return Response(response.status_code, error, excerpt, elapsed(), retry_after)
    except httpx.TimeoutException as exc:
        return Response(None, f"Timed out ({type(exc).__name__}).", "", elapsed())
    except httpx.HTTPError as exc:
        return Response(None, f"{type(exc).__name__}: {exc}"[:500], "", elapsed())
