"""Fixtures for the Open Badges library tests: keys, a DID document, and a full OB 3.0 credential
of the shape the app issues. Nothing here needs the database."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from certification.openbadges import (
    did_document,
    did_web,
    generate_private_key,
    public_key_multibase,
    resolve_key_from_document,
    status_entry,
)
from certification.openbadges import jsonld as obld

SITE = "lms.example:8443"
STATUS_URL = "https://lms.example:8443/status/revocation-1"
CREATED = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.fixture(scope="session")
def private_key():
    return generate_private_key()


@pytest.fixture(scope="session")
def issuer_did():
    return did_web(SITE)


@pytest.fixture(scope="session")
def verification_method(issuer_did):
    return f"{issuer_did}#key-1"


@pytest.fixture(scope="session")
def issuer_document(issuer_did, private_key):
    return did_document(did=issuer_did, keys=[("key-1", public_key_multibase(private_key))])


@pytest.fixture(scope="session")
def resolver(issuer_document):
    """What the app's resolver does: look the method up in the issuer's DID document."""
    return lambda method: resolve_key_from_document(issuer_document, method)


def build_credential(issuer_did: str) -> dict:
    """An unsigned OpenBadgeCredential as the app will produce it."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        ],
        "id": "https://lms.example:8443/credentials/6f1c2a9e-3b7d-4e55-9a10-2f4b8c7d1e00/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Certified Peer Supporter",
        "issuer": {
            "id": issuer_did,
            "type": ["Profile"],
            "name": "Sebaya Training",
            "url": "https://lms.example:8443/",
        },
        "validFrom": "2025-03-01T12:00:00Z",
        "validUntil": "2027-03-01T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$7d8c1fa0e0b6f7d5a1f0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "Ws3kQ9",
                }
            ],
            "achievement": {
                "id": "https://lms.example:8443/programmes/peer-support/",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": "Certified Peer Supporter",
                "description": "Peer support practice, ethics and crisis response.",
                "criteria": {"narrative": "Complete the courses, pass the exam, log 40 hours."},
            },
        },
        "credentialStatus": status_entry(list_url=STATUS_URL, index=94567, purpose="revocation"),
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/"
                "ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    }


@pytest.fixture
def credential(issuer_did):
    return copy.deepcopy(build_credential(issuer_did))


@pytest.fixture
def examples_context(monkeypatch):
    """Serve the VC examples context (used by the W3C test vectors) for one test only."""
    monkeypatch.setitem(
        obld._contexts(),
        EXAMPLES_V2,
        {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}},
    )
    yield
    obld._resolved_contexts.clear()
