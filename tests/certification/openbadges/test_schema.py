"""The shape the app issues passes the 1EdTech OB 3.0 JSON Schema and canonicalisation both."""

import json
from pathlib import Path

import pytest

from certification.openbadges import (
    add_proof,
    canonicalize,
    validate_ob3,
    vcjwt,
    verify_proof,
)

SAMPLES = Path("/work/shared/standards/ob3-samples")


def test_full_credential_passes_schema_and_canonicalization(
    credential, private_key, verification_method, resolver
):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    assert validate_ob3(signed) == []
    assert canonicalize({k: v for k, v in signed.items() if k != "proof"})
    assert verify_proof(signed, resolve_public_key=resolver).valid
    token = vcjwt.encode(signed, private_key=private_key, kid=verification_method)
    assert validate_ob3(vcjwt.decode(token, resolve_public_key=resolver)) == []


def test_proof_must_be_an_array(credential, private_key, verification_method):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    signed["proof"] = signed["proof"][0]
    assert any(error.startswith("proof:") for error in validate_ob3(signed))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda c: c.pop("validFrom"), "(root)"),
        (lambda c: c.__setitem__("type", ["VerifiableCredential"]), "type"),
        (lambda c: c.__setitem__("@context", ["https://www.w3.org/ns/credentials/v2"]), "@context"),
        (lambda c: c["credentialSubject"].pop("achievement"), "credentialSubject"),
        (
            lambda c: c["credentialSubject"]["achievement"].pop("criteria"),
            "credentialSubject/achievement",
        ),
        (lambda c: c.__setitem__("validFrom", "1 March 2025"), "validFrom"),
        (lambda c: c.__setitem__("validFrom", "2025-13-01T00:00:00Z"), "validFrom"),
        (lambda c: c["issuer"].pop("id"), "issuer"),
    ],
)
def test_schema_errors(credential, change, where):
    change(credential)
    errors = validate_ob3(credential)
    assert errors
    assert any(error.startswith(f"{where}:") for error in errors), errors


@pytest.mark.parametrize("sample", ["simple.json", "complete.json"])
def test_1edtech_samples_validate(sample):
    path = SAMPLES / sample
    if not path.exists():
        pytest.skip("the 1EdTech samples are not available here")
    assert validate_ob3(json.loads(path.read_text())) == []
