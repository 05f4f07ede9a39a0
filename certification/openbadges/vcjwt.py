"""The VC-JWT form of a credential, per W3C "Securing Verifiable Credentials using JOSE and
COSE" (VC Data Model 2.0): a JWS whose payload is the credential itself.

Header: `alg` EdDSA, `typ` "vc+jwt", `cty` "vc", `kid` the verification method id. Payload: the
credential JSON without `proof`, plus the registered claims the spec recommends keeping consistent
with it: `iss` = issuer id, `jti` = credential id, `sub` = the subject's id when there is one,
`nbf` / `exp` from `validFrom` / `validUntil`. The `vc` / `vp` claims of VC 1.1 JWTs are not used
(the spec forbids them). `decode` strips the registered claims again and returns the credential.

`decode` checks the signature and that the claims agree with the credential; the validity period
is left to the caller, as for embedded proofs (an expired credential still has a good signature).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import InvalidJWT

ALGORITHM = "EdDSA"
TYP = "vc+jwt"
CTY = "vc"
MEDIA_TYPE = "application/vc+jwt"
REGISTERED_CLAIMS = ("iss", "jti", "sub", "nbf", "exp", "iat")


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _subject_id(credential: dict[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if isinstance(subject, dict) and isinstance(subject.get("id"), str):
        return subject["id"]
    return None


def _numeric_date(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return int(moment.timestamp())


def _claims(credential: dict[str, Any]) -> dict[str, Any]:
    claims = {
        "iss": _issuer_id(credential),
        "jti": credential.get("id") if isinstance(credential.get("id"), str) else None,
        "sub": _subject_id(credential),
        "nbf": _numeric_date(credential.get("validFrom")),
        "exp": _numeric_date(credential.get("validUntil")),
    }
    return {name: value for name, value in claims.items() if value is not None}


def encode(credential: dict[str, Any], *, private_key: Ed25519PrivateKey, kid: str) -> str:
    """Sign `credential` (its `proof`, if any, left out) as a compact VC-JWT."""
    body = {key: value for key, value in credential.items() if key != "proof"}
    clashes = [name for name in (*REGISTERED_CLAIMS, "vc", "vp") if name in body]
    if clashes:
        raise ValueError(f"the credential has properties that are JWT claim names: {clashes}")
    payload = {**body, **_claims(body)}
    return jwt.encode(
        payload,
        private_key,
        algorithm=ALGORITHM,
        headers={"typ": TYP, "cty": CTY, "kid": kid},
    )


def decode(
    token: str, *, resolve_public_key: Callable[[str], Ed25519PublicKey | None]
) -> dict[str, Any]:
    """Verify a VC-JWT and return the credential it carries. Raises `InvalidJWT(reason)` with
    reason "malformed", "wrong_type", "unsupported_algorithm", "unknown_verification_method",
    "bad_signature" or "claims_mismatch"."""
    if not isinstance(token, str):
        raise InvalidJWT("malformed", "the token is not a string")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise InvalidJWT("malformed", str(error)) from error
    if header.get("alg") != ALGORITHM:
        raise InvalidJWT("unsupported_algorithm", str(header.get("alg")))
    if header.get("typ") not in (TYP, MEDIA_TYPE):
        raise InvalidJWT("wrong_type", str(header.get("typ")))
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidJWT("unknown_verification_method", "no kid")
    try:
        public_key = resolve_public_key(kid)
    except Exception as error:  # a resolver failure is an unknown key, not a crash
        raise InvalidJWT("unknown_verification_method", repr(error)) from error
    if not isinstance(public_key, Ed25519PublicKey):
        raise InvalidJWT("unknown_verification_method", kid)
    try:
        payload = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
                "verify_iss": False,
                "require": [],
            },
        )
    except jwt.InvalidSignatureError as error:
        raise InvalidJWT("bad_signature", str(error)) from error
    except jwt.InvalidAlgorithmError as error:
        raise InvalidJWT("unsupported_algorithm", str(error)) from error
    except jwt.InvalidTokenError as error:
        raise InvalidJWT("malformed", str(error)) from error
    if not isinstance(payload, dict) or "vc" in payload or "vp" in payload:
        raise InvalidJWT("malformed", "the payload is not a VC 2.0 credential")
    credential = {key: value for key, value in payload.items() if key not in REGISTERED_CLAIMS}
    expected = _claims(credential)
    for name in ("iss", "jti", "sub", "nbf", "exp"):
        if name in payload and payload[name] != expected.get(name):
            raise InvalidJWT("claims_mismatch", f"{name} does not match the credential")
    return credential
