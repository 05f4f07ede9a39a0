"""The vendored JSON-LD contexts and schema: checksums, offline loading, no network ever."""

import hashlib
import json
import socket
from pathlib import Path

import pytest
from pyld import jsonld as pyld_jsonld

from certification.openbadges import (
    ContextNotAvailable,
    OpenBadgesError,
    add_proof,
    canonicalize,
    document_loader,
    verify_proof,
)
from certification.openbadges import jsonld as obld
from certification.openbadges.schema import SCHEMA_PATH

REQUIRED = {
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
}


def test_manifest_checksums_match_the_files():
    entries = obld.manifest()["contexts"]
    assert {entry["url"] for entry in entries} == REQUIRED
    for entry in entries:
        data = (obld.CONTEXTS_DIR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert entry["npm_package"] and entry["version"]
        assert "@context" in json.loads(data)


def test_every_file_in_contexts_is_listed():
    listed = {entry["file"] for entry in obld.manifest()["contexts"]} | {"manifest.json"}
    assert {path.name for path in obld.CONTEXTS_DIR.iterdir()} == listed


def test_shipped_schema_is_the_standards_copy():
    readme = (SCHEMA_PATH.parent / "README.md").read_text()
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    assert digest in readme
    standards = Path("/work/shared/standards/ob_v3p0_achievementcredential_schema.json")
    if standards.exists():
        assert standards.read_bytes() == SCHEMA_PATH.read_bytes()


def test_v2_context_defines_the_bitstring_status_list_terms():
    context = document_loader("https://www.w3.org/ns/credentials/v2")["document"]["@context"]
    for term in (
        "BitstringStatusListCredential",
        "BitstringStatusList",
        "BitstringStatusListEntry",
    ):
        assert term in context


def test_loader_serves_copies_of_vendored_contexts():
    first = document_loader("https://www.w3.org/ns/did/v1")
    assert first["documentUrl"] == "https://www.w3.org/ns/did/v1"
    first["document"]["@context"]["poisoned"] = "https://evil.example/"
    assert "poisoned" not in document_loader("https://www.w3.org/ns/did/v1")["document"]["@context"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.w3.org/2018/credentials/v1",
        "https://example.org/context.json",
        "http://www.w3.org/ns/credentials/v2",
    ],
)
def test_loader_refuses_anything_else(url):
    with pytest.raises(ContextNotAvailable) as caught:
        document_loader(url)
    assert caught.value.url == url
    assert isinstance(caught.value, OpenBadgesError)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or use pyld's own loader fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(pyld_jsonld, "_default_document_loader", refuse)
    obld._resolved_contexts.clear()  # force the contexts to be loaded again, under the guard
    yield
    obld._resolved_contexts.clear()


def test_signing_and_verifying_never_touch_the_network(
    no_network, credential, private_key, verification_method, resolver, issuer_document
):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    assert verify_proof(signed, resolve_public_key=resolver).valid
    canonicalize(issuer_document)
    unknown = {**credential, "@context": [*credential["@context"], "https://example.org/ctx"]}
    with pytest.raises(ContextNotAvailable):
        canonicalize(unknown)
    unknown["proof"] = signed["proof"]
    assert verify_proof(unknown, resolve_public_key=resolver).reason == "unknown_context"
