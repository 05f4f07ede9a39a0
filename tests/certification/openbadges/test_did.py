"""did:web identifiers and DID documents."""

import pytest

from certification.openbadges import (
    InvalidKey,
    canonicalize,
    did_document,
    did_web,
    generate_private_key,
    public_key_multibase,
    resolve_key_from_document,
)


@pytest.mark.parametrize(
    ("host", "did"),
    [
        ("example.org", "did:web:example.org"),
        ("Example.ORG", "did:web:example.org"),
        ("localhost:8000", "did:web:localhost%3A8000"),
        ("lms.example:8443", "did:web:lms.example%3A8443"),
        ("127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
    ],
)
def test_did_web(host, did):
    assert did_web(host) == did


@pytest.mark.parametrize(
    "host",
    ["", "https://example.org", "example.org/path", "exa mple.org", "example.org:", "-x.org"],
)
def test_did_web_refuses_non_hosts(host):
    with pytest.raises(ValueError):
        did_web(host)


def test_document_shape(issuer_did, issuer_document, private_key):
    multibase = public_key_multibase(private_key)
    assert issuer_document == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer_did,
        "verificationMethod": [
            {
                "id": f"{issuer_did}#key-1",
                "type": "Multikey",
                "controller": issuer_did,
                "publicKeyMultibase": multibase,
            }
        ],
        "assertionMethod": [f"{issuer_did}#key-1"],
        "authentication": [f"{issuer_did}#key-1"],
    }


def test_document_is_valid_json_ld(issuer_document):
    nquads = canonicalize(issuer_document)
    assert "<https://w3id.org/security#Multikey>" in nquads
    assert "<https://w3id.org/security#assertionMethod>" in nquads


def test_resolve_keys(issuer_did, issuer_document, private_key):
    key = resolve_key_from_document(issuer_document, f"{issuer_did}#key-1")
    assert public_key_multibase(key) == public_key_multibase(private_key)
    assert resolve_key_from_document(issuer_document, f"{issuer_did}#key-2") is None
    assert resolve_key_from_document(issuer_document, "did:web:other.example#key-1") is None
    assert resolve_key_from_document({}, f"{issuer_did}#key-1") is None


def test_rotation_keeps_old_keys_resolvable(issuer_did):
    old, new = generate_private_key(), generate_private_key()
    document = did_document(
        did=issuer_did,
        keys=[("key-1", public_key_multibase(old)), ("key-2", public_key_multibase(new))],
    )
    assert resolve_key_from_document(document, f"{issuer_did}#key-1") is not None
    assert resolve_key_from_document(document, f"{issuer_did}#key-2") is not None


def test_key_must_be_listed_for_the_relationship(issuer_did, issuer_document):
    document = {**issuer_document, "assertionMethod": []}
    assert resolve_key_from_document(document, f"{issuer_did}#key-1") is None
    assert (
        resolve_key_from_document(document, f"{issuer_did}#key-1", relationship="authentication")
        is not None
    )


def test_key_controlled_by_someone_else_is_refused(issuer_did, issuer_document):
    method = {**issuer_document["verificationMethod"][0], "controller": "did:web:evil.example"}
    document = {**issuer_document, "verificationMethod": [method]}
    assert resolve_key_from_document(document, f"{issuer_did}#key-1") is None


def test_relative_and_embedded_methods(issuer_did, issuer_document):
    method = {**issuer_document["verificationMethod"][0], "id": "#key-1"}
    embedded = {"id": issuer_did, "assertionMethod": [method]}
    assert resolve_key_from_document(embedded, f"{issuer_did}#key-1") is not None


def test_bad_keys_are_not_published(issuer_did):
    with pytest.raises(InvalidKey):
        did_document(did=issuer_did, keys=[("key-1", "z6MkNotAKey")])
    with pytest.raises(ValueError):
        did_document(
            did=issuer_did, keys=[("key 1#", public_key_multibase(generate_private_key()))]
        )
