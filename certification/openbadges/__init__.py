"""Open Badges 3.0 building blocks: pure functions, no models, no network.

- `jsonld`: offline JSON-LD. `document_loader` serves only the vendored contexts (`contexts/`,
  with `manifest.json` recording each one's npm package, version and sha256); `canonicalize`
  gives RDFC-1.0 N-Quads and rejects undefined terms.
- `keys`: Ed25519 keys, PEM storage, the Multikey ("z6Mk…") encoding of public keys.
- `proofs`: `eddsa-rdfc-2022` Data Integrity proofs: `add_proof`, and `verify_proof`, which
  answers a `ProofCheck` and never raises for bad input.
- `vcjwt`: the VC-JWT form (VC-JOSE-COSE, `typ` vc+jwt) of the same credential.
- `status_list`: W3C Bitstring Status List: the encoded list, entries, the list credential.
- `did`: the issuer's `did:web` and its DID document; key lookup in a DID document.
- `schema`: validation against the 1EdTech OB 3.0 JSON Schema (`schemas/`).
- `errors`: `OpenBadgesError` and its subclasses.
"""

from . import vcjwt
from .did import did_document, did_web, resolve_key_from_document
from .errors import (
    CanonicalizationError,
    ContextNotAvailable,
    InvalidJWT,
    InvalidKey,
    OpenBadgesError,
    StatusListError,
    UndefinedTerm,
)
from .jsonld import canonicalize, document_loader
from .keys import (
    generate_private_key,
    key_fingerprint,
    private_key_from_pem,
    private_key_to_pem,
    public_key_from_multibase,
    public_key_multibase,
)
from .proofs import ProofCheck, add_proof, verify_proof
from .schema import validate_ob3
from .status_list import (
    MIN_LENGTH,
    decode_list,
    encode_list,
    get_bit,
    new_list,
    set_bit,
    status_entry,
    status_list_credential,
)

__all__ = [
    "MIN_LENGTH",
    "CanonicalizationError",
    "ContextNotAvailable",
    "InvalidJWT",
    "InvalidKey",
    "OpenBadgesError",
    "ProofCheck",
    "StatusListError",
    "UndefinedTerm",
    "add_proof",
    "canonicalize",
    "decode_list",
    "did_document",
    "did_web",
    "document_loader",
    "encode_list",
    "generate_private_key",
    "get_bit",
    "key_fingerprint",
    "new_list",
    "private_key_from_pem",
    "private_key_to_pem",
    "public_key_from_multibase",
    "public_key_multibase",
    "resolve_key_from_document",
    "set_bit",
    "status_entry",
    "status_list_credential",
    "validate_ob3",
    "vcjwt",
    "verify_proof",
]
