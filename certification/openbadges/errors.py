"""The exceptions of the Open Badges package: one base class, one subclass per kind of failure."""

from __future__ import annotations


class OpenBadgesError(Exception):
    """Base class of every error this package raises on purpose."""


class ContextNotAvailable(OpenBadgesError):
    """A JSON-LD document names a context the project does not ship (nothing is fetched)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"JSON-LD context not available offline: {url}")
        self.url = url


class CanonicalizationError(OpenBadgesError):
    """The document is not JSON-LD that canonicalises without losing data."""


class UndefinedTerm(CanonicalizationError):
    """A property or type is not defined by the document's contexts (it would be silently dropped,
    and so left unsigned)."""

    def __init__(self, term: str, *, kind: str = "property") -> None:
        super().__init__(f"undefined JSON-LD {kind}: {term!r}")
        self.term = term
        self.kind = kind


class InvalidKey(OpenBadgesError):
    """A key cannot be decoded, or is not an Ed25519 key."""


class InvalidJWT(OpenBadgesError):
    """A VC-JWT failed verification; `reason` is a stable machine code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class StatusListError(OpenBadgesError):
    """A Bitstring Status List value is malformed, too short or out of range."""
