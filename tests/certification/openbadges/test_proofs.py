"""eddsa-rdfc-2022 Data Integrity proofs: the W3C test vectors, round trips, tampering, and the
1EdTech sample credentials."""

import copy
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from certification.openbadges import (
    ProofCheck,
    UndefinedTerm,
    add_proof,
    generate_private_key,
    public_key_from_multibase,
    verify_proof,
)
from certification.openbadges.keys import private_key_from_multibase

from .conftest import CREATED, EXAMPLES_V2

SAMPLES = Path("/work/shared/standards/ob3-samples")

# W3C Data Integrity EdDSA Cryptosuites v1.0, test vectors for eddsa-rdfc-2022
# (TestVectors/keyPair.json and TestVectors/eddsa-rdfc-2022/ in w3c/vc-di-eddsa).
SPEC_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
SPEC_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SPEC_UNSIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_V2],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
SPEC_CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
SPEC_VECTORS = [
    (
        f"https://vc.example/issuers/5678#{SPEC_PUBLIC}",
        "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9",
    ),
    (  # the same vector as published earlier, with a did:key verification method
        f"did:key:{SPEC_PUBLIC}#{SPEC_PUBLIC}",
        "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme",
    ),
]


@pytest.mark.parametrize(("method", "proof_value"), SPEC_VECTORS)
def test_reproduces_the_spec_test_vector(examples_context, method, proof_value):
    signed = add_proof(
        SPEC_UNSIGNED,
        private_key=private_key_from_multibase(SPEC_SECRET),
        verification_method=method,
        created=SPEC_CREATED,
    )
    assert signed["proof"] == [
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": method,
            "proofPurpose": "assertionMethod",
            "proofValue": proof_value,
        }
    ]
    spec_key = public_key_from_multibase(SPEC_PUBLIC)
    assert verify_proof(signed, resolve_public_key=lambda _: spec_key).valid


def test_without_the_examples_context_the_vector_is_unknown_context():
    method, proof_value = SPEC_VECTORS[0]
    signed = {
        **SPEC_UNSIGNED,
        "proof": [
            {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "created": "2023-02-24T23:36:38Z",
                "verificationMethod": method,
                "proofPurpose": "assertionMethod",
                "proofValue": proof_value,
            }
        ],
    }
    spec_key = public_key_from_multibase(SPEC_PUBLIC)
    check = verify_proof(signed, resolve_public_key=lambda _: spec_key)
    assert (check.valid, check.reason) == (False, "unknown_context")


def test_round_trip(credential, private_key, verification_method, resolver):
    signed = add_proof(
        credential,
        private_key=private_key,
        verification_method=verification_method,
        created=CREATED,
    )
    assert "proof" not in credential  # the input is not modified
    (proof,) = signed["proof"]
    assert proof["created"] == "2025-03-01T12:00:00Z"
    assert proof["proofValue"].startswith("z")
    check = verify_proof(signed, resolve_public_key=resolver)
    assert check == ProofCheck(True, "ok", verification_method)
    # JSON round trip (what the app stores and serves) changes nothing.
    assert verify_proof(json.loads(json.dumps(signed)), resolve_public_key=resolver).valid


def test_created_defaults_to_now_and_must_be_aware(credential, private_key, verification_method):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    created = datetime.fromisoformat(signed["proof"][0]["created"])
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    with pytest.raises(ValueError):
        add_proof(
            credential,
            private_key=private_key,
            verification_method=verification_method,
            created=datetime(2025, 1, 1),  # noqa: DTZ001
        )


def _string_paths(value, path=()):
    """Every (path, string) leaf of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def _set(document, path, value):
    for part in path[:-1]:
        document = document[part]
    document[path[-1]] = value


def _flip_one_byte(text: str) -> str:
    # Change one character to another of the same kind, so that the value stays well-formed (an
    # IRI stays an IRI, a date a date) and only its meaning changes: the last digit if there is
    # one, otherwise the last letter.
    for position in range(len(text) - 1, -1, -1):
        if text[position].isdigit():
            return text[:position] + str((int(text[position]) + 1) % 10) + text[position + 1 :]
    last = text[-1]
    return text[:-1] + ("b" if last != "b" else "c")


def test_changing_any_value_breaks_the_signature(
    credential, private_key, verification_method, resolver
):
    signed = add_proof(
        credential,
        private_key=private_key,
        verification_method=verification_method,
        created=CREATED,
    )
    paths = [
        (path, value)
        for path, value in _string_paths(signed)
        if path[0] != "@context" and path[-1] != "proofValue"
    ]
    assert len(paths) > 20
    reasons = {}
    for path, value in paths:
        tampered = copy.deepcopy(signed)
        _set(tampered, path, _flip_one_byte(value))
        check = verify_proof(tampered, resolve_public_key=resolver)
        assert not check.valid, path
        reasons[path] = check.reason
    # Type and term names become undefined terms; every other change is a bad signature, except
    # the proof's own purpose / method, which are checked before the signature.
    assert reasons[("credentialSubject", "achievement", "name")] == "bad_signature"
    assert reasons[("issuer", "name")] == "bad_signature"
    assert reasons[("validFrom",)] == "bad_signature"
    assert reasons[("credentialStatus", "statusListIndex")] == "bad_signature"
    assert reasons[("proof", 0, "created")] == "bad_signature"
    assert reasons[("type", 1)] == "undefined_term"
    assert reasons[("proof", 0, "proofPurpose")] == "wrong_proof_purpose"
    assert reasons[("proof", 0, "verificationMethod")] == "unknown_verification_method"
    assert set(reasons.values()) <= {
        "bad_signature",
        "undefined_term",
        "wrong_proof_purpose",
        "unknown_verification_method",
        "unsupported_cryptosuite",
    }


def test_changed_signature_bytes(credential, private_key, verification_method, resolver):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    value = signed["proof"][0]["proofValue"]
    signed["proof"][0]["proofValue"] = value[:10] + ("2" if value[10] != "2" else "3") + value[11:]
    assert verify_proof(signed, resolve_public_key=resolver).reason in {
        "bad_signature",
        "malformed",
    }


def test_added_property_is_an_undefined_term(
    credential, private_key, verification_method, resolver
):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    signed["favouriteColour"] = "teal"
    check = verify_proof(signed, resolve_public_key=resolver)
    assert (check.valid, check.reason) == (False, "undefined_term")
    assert "favouriteColour" in check.detail


def test_signing_refuses_undefined_terms(credential, private_key, verification_method):
    credential["favouriteColour"] = "teal"
    with pytest.raises(UndefinedTerm):
        add_proof(credential, private_key=private_key, verification_method=verification_method)


def test_other_key_or_unknown_method(credential, private_key, verification_method):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    other = generate_private_key().public_key()
    assert verify_proof(signed, resolve_public_key=lambda _: other).reason == "bad_signature"
    check = verify_proof(signed, resolve_public_key=lambda _: None)
    assert (check.reason, check.verification_method) == (
        "unknown_verification_method",
        verification_method,
    )

    def broken(_):
        raise RuntimeError("resolver down")

    assert verify_proof(signed, resolve_public_key=broken).reason == "unknown_verification_method"


def test_proof_purpose_must_match(credential, private_key, verification_method, resolver):
    signed = add_proof(
        credential,
        private_key=private_key,
        verification_method=verification_method,
        proof_purpose="authentication",
    )
    assert verify_proof(signed, resolve_public_key=resolver).reason == "wrong_proof_purpose"


def test_proof_set(credential, private_key, verification_method, resolver):
    once = add_proof(credential, private_key=private_key, verification_method=verification_method)
    twice = add_proof(once, private_key=private_key, verification_method=verification_method)
    assert len(twice["proof"]) == 2
    assert verify_proof(twice, resolve_public_key=resolver).valid
    twice["proof"][1]["proofValue"] = once["proof"][0]["proofValue"][:-1] + "1"
    assert not verify_proof(twice, resolve_public_key=resolver).valid


def test_single_proof_object_is_accepted(credential, private_key, verification_method, resolver):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    signed["proof"] = signed["proof"][0]
    assert verify_proof(signed, resolve_public_key=resolver).valid


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (None, "malformed"),
        ([], "malformed"),
        ("a string", "malformed"),
        ({}, "malformed"),
        ({"@context": ["https://www.w3.org/ns/credentials/v2"]}, "no_proof"),
        ({"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": []}, "no_proof"),
        ({"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": "x"}, "malformed"),
        ({"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": [1]}, "malformed"),
        (
            {"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": [{"type": "X"}]},
            "unsupported_cryptosuite",
        ),
    ],
)
def test_malformed_input_never_raises(document, reason):
    check = verify_proof(document, resolve_public_key=lambda _: None)
    assert (check.valid, check.reason) == (False, reason)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"proofValue": "not-multibase"}, "malformed"),
        ({"proofValue": "z" + "1" * 10}, "malformed"),
        ({"proofValue": "z0OIl"}, "malformed"),
        ({"proofValue": 7}, "malformed"),
        ({"created": "yesterday"}, "malformed"),
        ({"verificationMethod": None}, "malformed"),
        ({"@context": ["https://www.w3.org/ns/did/v1"]}, "malformed"),
        ({"favouriteColour": "teal"}, "undefined_term"),
    ],
)
def test_malformed_proofs(credential, private_key, verification_method, resolver, change, reason):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    signed["proof"][0].update(change)
    check = verify_proof(signed, resolve_public_key=resolver)
    assert (check.valid, check.reason) == (False, reason)


def _key_in_method(method: str):
    """The 1EdTech samples name their key in the method id ("…#z6Mk…" or did:key)."""
    encoded = method.split("#")[-1].removeprefix("did:key:")
    return public_key_from_multibase(encoded) if encoded.startswith("z6Mk") else None


@pytest.mark.parametrize(
    ("sample", "valid", "reason"),
    [
        ("simple.json", True, "ok"),
        ("complete.json", True, "ok"),  # with the 1EdTech extensions context
        ("simple-did-key-method.json", True, "ok"),
        ("simple-multiple-proofs.json", True, "ok"),  # an unknown proof type besides
        ("simple-err-proof-value.json", False, "bad_signature"),
        ("simple-err-type.json", False, "undefined_term"),
        ("simple-noproof.json", False, "no_proof"),
        ("simple-eddsa-2022.json", False, "unsupported_cryptosuite"),  # legacy suite, VC 1.1
        ("credential-status-revoked.json", False, "unsupported_cryptosuite"),
    ],
)
def test_1edtech_samples(sample, valid, reason):
    path = SAMPLES / sample
    if not path.exists():
        pytest.skip("the 1EdTech samples are not available here")
    check = verify_proof(json.loads(path.read_text()), resolve_public_key=_key_in_method)
    assert (check.valid, check.reason) == (valid, reason)


def test_signing_speed(credential, private_key, verification_method, resolver):
    """50 signatures; the time per credential is printed (run with -s to see it)."""
    add_proof(credential, private_key=private_key, verification_method=verification_method)
    start = time.perf_counter()
    for number in range(50):
        credential["id"] = f"urn:uuid:00000000-0000-4000-8000-{number:012d}"
        signed = add_proof(
            credential, private_key=private_key, verification_method=verification_method
        )
    sign_ms = (time.perf_counter() - start) * 1000 / 50
    start = time.perf_counter()
    for _ in range(50):
        assert verify_proof(signed, resolve_public_key=resolver).valid
    verify_ms = (time.perf_counter() - start) * 1000 / 50
    print(f"\nadd_proof: {sign_ms:.1f} ms per credential, verify_proof: {verify_ms:.1f} ms")
    assert sign_ms < 1000
