"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C Data Integrity EdDSA
Cryptosuites v1.0): RDFC-1.0 canonicalisation, SHA-256, Ed25519.

hashData = SHA-256(canonical proof configuration) || SHA-256(canonical unsecured document); the
proof configuration is the proof without `proofValue`, with the document's `@context`. The
signature is carried as `proofValue`, multibase base58btc ("z…").

`verify_proof` never raises for bad input: it answers a `ProofCheck` whose `reason` is a stable
code ("ok", "no_proof", "unsupported_cryptosuite", "wrong_proof_purpose",
"unknown_verification_method", "bad_signature", "undefined_term", "unknown_context",
"malformed").
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import CanonicalizationError, ContextNotAvailable, UndefinedTerm
from .jsonld import canonicalize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
SIGNATURE_LENGTH = 64

OK = "ok"
NO_PROOF = "no_proof"
UNSUPPORTED_CRYPTOSUITE = "unsupported_cryptosuite"
WRONG_PROOF_PURPOSE = "wrong_proof_purpose"
UNKNOWN_VERIFICATION_METHOD = "unknown_verification_method"
BAD_SIGNATURE = "bad_signature"
UNDEFINED_TERM = "undefined_term"
UNKNOWN_CONTEXT = "unknown_context"
MALFORMED = "malformed"

# XML Schema dateTime (the spec requires `created` to be one).
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class ProofCheck:
    valid: bool
    reason: str
    verification_method: str | None = None
    detail: str = ""


def format_datetime(value: datetime) -> str:
    """An aware datetime as an XML Schema dateTime in UTC, to the second ("2024-05-01T12:00:00Z")."""
    if value.tzinfo is None:
        raise ValueError("a timezone-aware datetime is required")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """SHA-256(canonical proof configuration) || SHA-256(canonical document)."""
    config_hash = hashlib.sha256(canonicalize(proof_config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest()
    return config_hash + document_hash


def add_proof(
    credential: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of `credential` with an `eddsa-rdfc-2022` DataIntegrityProof appended to its `proof`
    array (existing proofs are kept, forming a proof set; the new one signs the document without
    any of them). Raises `UndefinedTerm` / `ContextNotAvailable` / `CanonicalizationError` when
    the credential is not JSON-LD that canonicalises cleanly."""
    if "@context" not in credential:
        raise CanonicalizationError("the credential has no @context")
    unsecured = copy.deepcopy(credential)
    existing = unsecured.pop("proof", None)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created or datetime.now(UTC)),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    proof_config = {**options, "@context": unsecured["@context"]}
    signature = private_key.sign(_hash_data(unsecured, proof_config))
    proof = {**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    if existing is None:
        proofs = []
    elif isinstance(existing, list):
        proofs = existing
    else:
        proofs = [existing]
    return {**unsecured, "proof": [*proofs, proof]}


def _check_one(
    unsecured: dict[str, Any],
    proof: dict[str, Any],
    *,
    resolve_public_key: Callable[[str], Ed25519PublicKey | None],
    proof_purpose: str,
) -> ProofCheck:
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return ProofCheck(False, MALFORMED, None, "verificationMethod missing")
    if proof.get("proofPurpose") != proof_purpose:
        return ProofCheck(False, WRONG_PROOF_PURPOSE, method, str(proof.get("proofPurpose")))
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and _DATETIME.match(created)):
        return ProofCheck(False, MALFORMED, method, "created is not a dateTime")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return ProofCheck(False, MALFORMED, method, "proofValue is not base58btc multibase")
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        return ProofCheck(False, MALFORMED, method, "proofValue is not base58btc")
    if len(signature) != SIGNATURE_LENGTH:
        return ProofCheck(False, MALFORMED, method, "proofValue is not a 64-byte signature")

    options = {key: val for key, val in proof.items() if key != "proofValue"}
    document = dict(unsecured)
    if "@context" in options:
        # The proof's contexts must be a prefix of the document's; they then replace them.
        proof_context = options["@context"]
        proof_context = proof_context if isinstance(proof_context, list) else [proof_context]
        doc_context = document.get("@context")
        doc_context = doc_context if isinstance(doc_context, list) else [doc_context]
        if doc_context[: len(proof_context)] != proof_context:
            return ProofCheck(False, MALFORMED, method, "proof @context does not match")
        document["@context"] = options["@context"]
    proof_config = {**options, "@context": document.get("@context")}
    try:
        hash_data = _hash_data(document, proof_config)
    except UndefinedTerm as error:
        return ProofCheck(False, UNDEFINED_TERM, method, str(error))
    except ContextNotAvailable as error:
        return ProofCheck(False, UNKNOWN_CONTEXT, method, str(error))
    except CanonicalizationError as error:
        return ProofCheck(False, MALFORMED, method, str(error))

    try:
        public_key = resolve_public_key(method)
    except Exception as error:  # a resolver failure is an unknown key, not a crash
        return ProofCheck(False, UNKNOWN_VERIFICATION_METHOD, method, repr(error))
    if not isinstance(public_key, Ed25519PublicKey):
        return ProofCheck(False, UNKNOWN_VERIFICATION_METHOD, method)
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        return ProofCheck(False, BAD_SIGNATURE, method)
    return ProofCheck(True, OK, method)


def verify_proof(
    credential: dict[str, Any],
    *,
    resolve_public_key: Callable[[str], Ed25519PublicKey | None],
    proof_purpose: str = "assertionMethod",
) -> ProofCheck:
    """Verify the `eddsa-rdfc-2022` proofs of `credential`.

    Proofs of other types or cryptosuites are ignored when at least one supported proof is
    present; every supported proof must verify. `resolve_public_key` maps a verification method
    id to the Ed25519 key it names, or None when it is not a key of the expected controller.
    Never raises for bad input."""
    try:
        if not isinstance(credential, dict) or not isinstance(
            credential.get("@context"), list | str
        ):
            return ProofCheck(False, MALFORMED, None, "not a JSON-LD credential")
        raw = credential.get("proof")
        if raw is None or raw == []:
            return ProofCheck(False, NO_PROOF)
        proofs = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(proof, dict) for proof in proofs):
            return ProofCheck(False, MALFORMED, None, "proof is not an object")
        supported = [
            proof
            for proof in proofs
            if proof.get("type") == PROOF_TYPE and proof.get("cryptosuite") == CRYPTOSUITE
        ]
        if not supported:
            first = proofs[0]
            method = first.get("verificationMethod")
            return ProofCheck(
                False,
                UNSUPPORTED_CRYPTOSUITE,
                method if isinstance(method, str) else None,
                f"{first.get('type')} / {first.get('cryptosuite')}",
            )
        unsecured = {key: val for key, val in credential.items() if key != "proof"}
        result = ProofCheck(False, NO_PROOF)
        for proof in supported:
            result = _check_one(
                unsecured,
                proof,
                resolve_public_key=resolve_public_key,
                proof_purpose=proof_purpose,
            )
            if not result.valid:
                return result
        return ProofCheck(True, OK, supported[0]["verificationMethod"])
    except Exception as error:  # never raise for bad input
        return ProofCheck(False, MALFORMED, None, repr(error))
