"""Webhook URLs may only point at public addresses over https (SSRF protection), both when an
endpoint is registered and when each request is sent."""

from __future__ import annotations

import socket

import pytest
from django.test import override_settings

from lms.events.models import WebhookDelivery
from lms.events.webhooks import http, services, ssrf

from .conftest import Credential, make_endpoint

PRODUCTION = override_settings(
    SEBAYA_WEBHOOKS_ALLOW_PRIVATE=False, SEBAYA_WEBHOOKS_ALLOW_HTTP=False
)


def resolving_to(monkeypatch, address: str) -> None:
    """Make every host name resolve to `address` (the DNS is the edge mocked here)."""
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        if host.replace(".", "").isdigit() or ":" in host:
            return real(host, port, *args, **kwargs)
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@PRODUCTION
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1/hooks", "loopback"),
        ("https://10.1.2.3/hooks", "private"),
        ("https://192.168.0.10/", "private"),
        ("https://169.254.169.254/latest/meta-data/", "private"),
        ("https://[::1]/hooks", "loopback"),
        ("https://[::ffff:127.0.0.1]/hooks", "IPv4-mapped"),
        ("https://[fe80::1]/hooks", "private"),
        ("https://0.0.0.0/hooks", "private"),
        ("https://224.0.0.1/hooks", "multicast"),
        ("https://100.64.0.1/hooks", "non-public"),
        ("https://240.0.0.1/hooks", "(private|reserved) address"),
        ("http://93.184.215.14/hooks", "https://"),
        ("https://user:pass@93.184.215.14/hooks", "user name or password"),
        ("ftp://93.184.215.14/hooks", "https://"),
        ("https:///hooks", "no host"),
    ],
)
def test_unsafe_urls_are_refused(url, reason):
    with pytest.raises(ssrf.UnsafeUrl, match=reason):
        ssrf.check_url(url)


@PRODUCTION
def test_a_host_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    resolving_to(monkeypatch, "10.0.0.7")
    with pytest.raises(ssrf.UnsafeUrl, match=r"partner\.example resolves to a private address"):
        ssrf.check_url("https://partner.example/hooks")


@PRODUCTION
def test_a_public_host_is_connected_to_at_the_address_that_was_checked(monkeypatch):
    resolving_to(monkeypatch, "93.184.215.14")
    target = ssrf.check_url("https://partner.example:8443/hooks?x=1")
    assert target.connect_url == "https://93.184.215.14:8443/hooks?x=1"
    assert target.host_header == "partner.example:8443"
    assert ssrf.check_url("https://partner.example/").host_header == "partner.example"


@PRODUCTION
def test_an_ipv4_mapped_address_is_refused_even_where_private_addresses_are_allowed():
    with (
        override_settings(SEBAYA_WEBHOOKS_ALLOW_PRIVATE=True),
        pytest.raises(ssrf.UnsafeUrl, match="IPv4-mapped"),
    ):
        ssrf.check_url("https://[::ffff:10.0.0.1]/")


@PRODUCTION
@pytest.mark.django_db
def test_an_endpoint_cannot_be_registered_for_an_unsafe_url(organization):
    with pytest.raises(services.InvalidEndpoint, match="loopback"):
        services.endpoint_create(organization_id=organization.pk, url="https://127.0.0.1/")
    with pytest.raises(services.InvalidEndpoint, match="Unknown event type"):
        services.endpoint_create(
            organization_id=organization.pk,
            url="https://93.184.215.14/",
            event_types=["credential.stolen"],
        )


@pytest.mark.django_db
def test_a_host_that_resolves_to_a_private_address_by_the_time_of_sending_is_not_contacted(
    holder, organization, receiver, monkeypatch, on_commit
):
    # Registered while it resolved to (allowed) loopback; at send time, the rules are production's.
    resolving_to(monkeypatch, "127.0.0.1")
    make_endpoint(organization, f"http://partner.example:{receiver.port}/hooks", receiver=receiver)
    with PRODUCTION, override_settings(SEBAYA_WEBHOOKS_ALLOW_HTTP=True), on_commit():
        Credential(holder).issue()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING  # retried: DNS may change back
    assert delivery.last_error.startswith("Refused: The URL's host partner.example resolves to")


def test_the_request_goes_to_the_checked_address_with_the_host_name_in_the_host_header(
    receiver, monkeypatch
):
    resolving_to(monkeypatch, "127.0.0.1")
    response = http.post(
        url=f"http://partner.example:{receiver.port}/hooks",
        msg_id="msg_1",
        body="{}",
        secrets=["whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )
    assert response.status_code == 200
    assert receiver.requests[0].headers["host"] == f"partner.example:{receiver.port}"
