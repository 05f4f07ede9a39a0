"""The issuer's `did:web` identifier and DID document, and key lookup in such a document.

`did:web:<host>` resolves to https://<host>/.well-known/did.json; a port's colon is
percent-encoded ("localhost:8000" -> "did:web:localhost%3A8000"). Each signing key is a
`Multikey` verification method controlled by the DID and listed under `assertionMethod` (and
`authentication`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .errors import InvalidKey
from .jsonld import DID_V1, MULTIKEY_V1
from .keys import public_key_from_multibase

# A DNS name or IPv4 address, with an optional port.
_HOST = re.compile(r"^(?P<name>[a-z0-9](?:[a-z0-9.\-]*[a-z0-9])?)(?::(?P<port>\d{1,5}))?$")
_FRAGMENT = re.compile(r"^[A-Za-z0-9._\-]+$")


def did_web(host: str) -> str:
    """The did:web identifier of a site from its host ("example.org", "localhost:8000")."""
    match = _HOST.match(host.strip().lower()) if isinstance(host, str) else None
    if match is None:
        raise ValueError(f"not a host name (with optional port): {host!r}")
    did = "did:web:" + match["name"]
    if match["port"]:
        did += "%3A" + match["port"]
    return did


def did_document(*, did: str, keys: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The DID document of `did` listing `keys`, each (fragment, publicKeyMultibase), as Multikey
    verification methods usable for assertions (signing credentials) and authentication."""
    methods = []
    for fragment, multibase in keys:
        if not _FRAGMENT.match(fragment):
            raise ValueError(f"not a usable fragment: {fragment!r}")
        public_key_from_multibase(multibase)  # refuse to publish something that is not a key
        methods.append(
            {
                "id": f"{did}#{fragment}",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": multibase,
            }
        )
    ids = [method["id"] for method in methods]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": list(ids),
    }


def _absolute(document_id: str, value: str) -> str:
    return document_id + value if value.startswith("#") else value


def resolve_key_from_document(
    document: dict[str, Any],
    verification_method_id: str,
    *,
    relationship: str = "assertionMethod",
) -> Ed25519PublicKey | None:
    """The Ed25519 key of `verification_method_id` when `document` lists it under
    `relationship` as a Multikey controlled by the document's subject; otherwise None."""
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        return None
    subject = document["id"]
    methods: dict[str, dict[str, Any]] = {}
    for method in document.get("verificationMethod") or []:
        if isinstance(method, dict) and isinstance(method.get("id"), str):
            methods[_absolute(subject, method["id"])] = method
    allowed = False
    for entry in document.get(relationship) or []:
        if isinstance(entry, str) and _absolute(subject, entry) == verification_method_id:
            allowed = True
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            entry_id = _absolute(subject, entry["id"])
            methods.setdefault(entry_id, entry)
            allowed = allowed or entry_id == verification_method_id
    method = methods.get(verification_method_id)
    if not allowed or method is None:
        return None
    if method.get("type") != "Multikey" or method.get("controller") != subject:
        return None
    try:
        return public_key_from_multibase(method.get("publicKeyMultibase"))
    except InvalidKey:
        return None
