"""What a webhook URL may point at (server-side request forgery protection).

A partner chooses the URL, and our servers POST to it: without these checks a partner could make
them reach the cloud metadata service, the database or anything else on the private network.

- only `https` (and `http` where SEBAYA_WEBHOOKS_ALLOW_HTTP allows it, for tests and local
  development), no credentials in the URL, a host name or a public IP address;
- every address the host resolves to must be public: private, loopback, link-local, multicast,
  reserved, unspecified, shared (CGNAT), IPv4-mapped, 6to4 and Teredo addresses are refused
  unless SEBAYA_WEBHOOKS_ALLOW_PRIVATE allows them (tests, which listen on 127.0.0.1);
- the request then connects to the address that was checked (see http.py), so a DNS answer that
  changes between the check and the connection (DNS rebinding) cannot redirect it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrl(ValueError):
    """The URL may not be used for webhooks; the message says why, for the partner."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`address`) and what to call the host (`host`)."""

    scheme: str
    host: str  # the host name as written (IDNA-encoded), without brackets
    port: int
    address: IPAddress | None  # None until resolved
    path: str  # path and query, never empty

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def connect_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        if self.address is None:
            raise UnsafeUrl("The URL's host has not been resolved.")
        literal = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return f"{self.scheme}://{literal}:{self.port}{self.path}"


def _allow_private() -> bool:
    return bool(getattr(settings, "SEBAYA_WEBHOOKS_ALLOW_PRIVATE", False))


def _allowed_schemes() -> set[str]:
    allow_http = getattr(settings, "SEBAYA_WEBHOOKS_ALLOW_HTTP", False)
    return {"https", "http"} if allow_http else {"https"}


def refusal_for_address(address: IPAddress) -> str | None:
    """Why `address` may not be connected to, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if address.sixtofour is not None or address.teredo is not None:
            return "a tunnelled (6to4 or Teredo) IPv6 address"
    if _allow_private():
        return None
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_private", "a private address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_unspecified", "an unspecified address"),
    )
    for attribute, label in checks:
        if getattr(address, attribute):
            return label
    if not address.is_global:  # e.g. 100.64.0.0/10, shared address space
        return "a non-public address"
    return None


def parse(url: str) -> Target:
    """Check the URL's form (not where it points). Raises UnsafeUrl."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl(f"The URL is not valid: {exc}.") from None
    scheme = parts.scheme.lower()
    if scheme not in _allowed_schemes():
        raise UnsafeUrl("The URL must start with https://.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("The URL may not contain a user name or password.")
    host = parts.hostname
    if not host:
        raise UnsafeUrl("The URL has no host.")
    if parts.fragment:
        raise UnsafeUrl("The URL may not contain a fragment (#…).")
    try:
        host = host.encode("idna").decode("ascii") if not _is_ip(host) else host
    except UnicodeError:
        raise UnsafeUrl("The URL's host name is not valid.") from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=scheme,
        host=host,
        port=port or (443 if scheme == "https" else 80),
        address=None,
        path=path,
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve(target: Target) -> Target:
    """Resolve the host; every address it resolves to must be allowed. Returns the target with
    the first address to connect to. Raises UnsafeUrl."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"The URL's host {target.host} cannot be resolved ({exc}).") from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canonname, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        reason = refusal_for_address(address)
        if reason is not None:
            raise UnsafeUrl(f"The URL's host {target.host} resolves to {reason} ({address}).")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeUrl(f"The URL's host {target.host} has no address.")
    return Target(
        scheme=target.scheme,
        host=target.host,
        port=target.port,
        address=addresses[0],
        path=target.path,
    )


def check_url(url: str) -> Target:
    """`parse` and `resolve`: the URL is safe to send to now. Raises UnsafeUrl."""
    return resolve(parse(url))
