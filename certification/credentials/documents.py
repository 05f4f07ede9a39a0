"""The signed Open Badges 3.0 credential of a `Credential`, in its two forms: JSON-LD with an
`eddsa-rdfc-2022` proof, and VC-JWT. Both are made once, at issuance, and stored: a later state
change never re-signs a credential; the status list says whether it still holds.

The holder is identified by a salted SHA-256 of their e-mail address (an OB 3.0
`IdentityObject`), so the public document does not disclose the address but the holder can prove
it is theirs.
"""

from __future__ import annotations

import hashlib
import secrets

from .. import openbadges as ob
from ..models import Credential, Programme
from ..models.credentials import StatusList
from ..openbadges.proofs import format_datetime
from . import status
from .signing import current_signer, issuer_profile, site_url

OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    # Defines 1EdTechJsonSchemaValidator2019, the type of `credentialSchema`.
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]
OB3_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


def credential_url(credential: Credential) -> str:
    """The public verification page, which is also the credential's id."""
    return f"{site_url()}/credentials/{credential.public_id}/"


def achievement_id(programme: Programme) -> str:
    """The achievement is the programme's OB 2.0 badge class, a resolvable description."""
    return f"{site_url()}/ob2/badges/{programme.slug}.json"


def achievement(programme: Programme) -> dict:
    return {
        "id": achievement_id(programme),
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": programme.name,
        "description": programme.description,
        "criteria": {"narrative": programme.criteria},
        "image": {
            "id": f"{site_url()}/ob2/badges/{programme.slug}.png",
            "type": "Image",
            "caption": programme.name,
        },
        "creator": issuer_profile(),
        "inLanguage": programme.locale.language_code,
    }


def _identity(email: str) -> dict:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def unsigned_document(credential: Credential) -> dict:
    programme = credential.programme
    document = {
        "@context": list(OB3_CONTEXTS),
        "id": credential_url(credential),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": programme.name,
        "description": programme.description,
        "issuer": issuer_profile(),
        "validFrom": format_datetime(credential.valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_identity(credential.holder.email)],
            "achievement": achievement(programme),
        },
        "credentialSchema": [dict(OB3_SCHEMA)],
    }
    if credential.valid_until is not None:
        document["validUntil"] = format_datetime(credential.valid_until)
    if credential.status_list_group is not None:
        # OB 3.0 allows one status entry: the revocation list, which every verifier checks.
        # Suspension flips the bit at the same index of the group's suspension list.
        document["credentialStatus"] = status.entry(
            group=credential.status_list_group,
            index=credential.status_list_index,
            purpose=StatusList.Purpose.REVOCATION,
        )
    return document


def sign(credential: Credential) -> None:
    """Make and store the signed JSON-LD and VC-JWT forms (the caller saves)."""
    signer = current_signer()
    document = unsigned_document(credential)
    credential.document = ob.add_proof(
        document,
        private_key=signer.private_key,
        verification_method=signer.verification_method,
        created=credential.issued_at,
    )
    credential.jwt = ob.vcjwt.encode(
        document, private_key=signer.private_key, kid=signer.verification_method
    )
    credential.signing_key = signer.key
