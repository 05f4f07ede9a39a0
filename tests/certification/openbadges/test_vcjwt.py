"""The VC-JWT form (VC-JOSE-COSE): header, claims, round trip, tampering."""

import base64
import json
from datetime import UTC, datetime

import jwt
import pytest

from certification.openbadges import InvalidJWT, add_proof, generate_private_key, vcjwt


def _part(token: str, index: int) -> dict:
    segment = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _with_part(token: str, index: int, value: dict) -> str:
    parts = token.split(".")
    parts[index] = base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return ".".join(parts)


def test_header_and_claims(credential, private_key, verification_method, issuer_did):
    token = vcjwt.encode(credential, private_key=private_key, kid=verification_method)
    assert _part(token, 0) == {
        "alg": "EdDSA",
        "typ": "vc+jwt",
        "cty": "vc",
        "kid": verification_method,
    }
    payload = _part(token, 1)
    assert payload["iss"] == issuer_did
    assert payload["jti"] == credential["id"]
    assert payload["nbf"] == int(datetime(2025, 3, 1, 12, tzinfo=UTC).timestamp())
    assert payload["exp"] == int(datetime(2027, 3, 1, 12, tzinfo=UTC).timestamp())
    assert "sub" not in payload  # the subject is identified by a hashed email, not an id
    assert "vc" not in payload
    assert payload["credentialSubject"] == credential["credentialSubject"]


def test_round_trip_drops_the_embedded_proof(
    credential, private_key, verification_method, resolver
):
    signed = add_proof(credential, private_key=private_key, verification_method=verification_method)
    token = vcjwt.encode(signed, private_key=private_key, kid=verification_method)
    assert vcjwt.decode(token, resolve_public_key=resolver) == credential


def test_subject_id_becomes_sub(credential, private_key, verification_method, resolver):
    credential["credentialSubject"]["id"] = "did:example:learner-42"
    token = vcjwt.encode(credential, private_key=private_key, kid=verification_method)
    assert _part(token, 1)["sub"] == "did:example:learner-42"
    assert vcjwt.decode(token, resolve_public_key=resolver) == credential


def test_expired_credential_still_decodes(credential, private_key, verification_method, resolver):
    credential["validUntil"] = "2001-01-01T00:00:00Z"
    token = vcjwt.encode(credential, private_key=private_key, kid=verification_method)
    assert vcjwt.decode(token, resolve_public_key=resolver)["validUntil"] == "2001-01-01T00:00:00Z"


def _reason(token, resolver):
    with pytest.raises(InvalidJWT) as caught:
        vcjwt.decode(token, resolve_public_key=resolver)
    return caught.value.reason


def test_tampered_payload(credential, private_key, verification_method, resolver):
    token = vcjwt.encode(credential, private_key=private_key, kid=verification_method)
    payload = _part(token, 1)
    payload["credentialSubject"]["achievement"]["name"] = "Certified Peer Supervisor"
    assert _reason(_with_part(token, 1, payload), resolver) == "bad_signature"


def test_tampered_signature(credential, private_key, verification_method, resolver):
    token = vcjwt.encode(credential, private_key=private_key, kid=verification_method)
    head, body, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[0] ^= 1
    forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert _reason(f"{head}.{body}.{forged}", resolver) == "bad_signature"


def test_wrong_key_and_unknown_kid(credential, private_key, verification_method, resolver):
    other = generate_private_key()
    token = vcjwt.encode(credential, private_key=other, kid=verification_method)
    assert _reason(token, resolver) == "bad_signature"
    token = vcjwt.encode(credential, private_key=private_key, kid="did:web:elsewhere#key-1")
    assert _reason(token, resolver) == "unknown_verification_method"


def test_other_algorithms_and_types_are_refused(
    credential, private_key, verification_method, resolver
):
    hs = jwt.encode(
        credential, "secret" * 8, algorithm="HS256", headers={"kid": verification_method}
    )
    assert _reason(hs, resolver) == "unsupported_algorithm"
    token = vcjwt.encode(credential, private_key=private_key, kid=verification_method)
    header = {**_part(token, 0), "alg": "none"}
    assert _reason(_with_part(token, 0, header), resolver) == "unsupported_algorithm"
    plain = jwt.encode(
        credential, private_key, algorithm="EdDSA", headers={"kid": verification_method}
    )
    assert _reason(plain, resolver) == "wrong_type"


def test_claims_must_agree_with_the_credential(
    credential, private_key, verification_method, resolver
):
    payload = {**credential, "iss": "did:web:someone-else", "jti": credential["id"]}
    token = jwt.encode(
        payload,
        private_key,
        algorithm="EdDSA",
        headers={"typ": "vc+jwt", "cty": "vc", "kid": verification_method},
    )
    assert _reason(token, resolver) == "claims_mismatch"


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", None, "eyJhbGciOiJFZERTQSJ9.e30"])
def test_garbage(token, resolver):
    assert _reason(token, resolver) in {"malformed", "unsupported_algorithm", "wrong_type"}
