"""Verification of credentials for partners (the partner API): by id, many ids at once, and a
credential someone presents (JSON-LD with its proof, or VC-JWT).

By id, the answer is read from the database (the state every surface shows, decision 0003): the
credential's status, dates and programme, one query. The holder's name is part of the answer
only when the credential's verification page is public, or when the holder is an active member
of the asking organisation and shares their credentials with it; otherwise `holder` is null.
The id itself is not a secret the API keeps: a partner holding it got it from the holder.

A presented credential is checked the way an outside verifier would, without the network:
`proof` (the Data Integrity proof, or the JWS of a VC-JWT), `issuer` (this service's did:web and
one of its keys), `schema` (the 1EdTech OB 3.0 JSON Schema), `status` (our own Bitstring Status
Lists, read from the database: revocation and suspension) and `validity` (validFrom/validUntil).
A credential of another issuer fails `issuer` (nothing is fetched). Each check reports what it
found; none raises for bad input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

import jwt as pyjwt
from django.db import connection
from django.utils import timezone

from lms.organizations import api as organizations

from .. import openbadges as ob
from ..models import Credential, StatusList
from ..openbadges import vcjwt
from ..openbadges.errors import InvalidJWT
from . import signing

# Verification by id ------------------------------------------------------------------------

CREDENTIAL_FIELDS = (
    "pk",
    "public_id",
    "status",
    "holder_id",
    "display_name",
    "is_public",
    "issued_at",
    "valid_from",
    "valid_until",
    "suspended_until",
    "programme_key",
    "programme__name",
    "programme__slug",
)

STATUS_NOT_FOUND = "not_found"


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def credential_status(row: dict, now: datetime) -> str:
    """active, expired, suspended, revoked or replaced: the stored status, except that an active
    credential past its validity is expired before the daily task marks it."""
    status = row["status"]
    until = row["valid_until"]
    if status == Credential.Status.ACTIVE and until is not None and until <= now:
        return str(Credential.Status.EXPIRED)
    return str(status)


def _result(row: dict, *, now: datetime, show_holder: bool, site: str) -> dict:
    status = credential_status(row, now)
    started = row["valid_from"] <= now
    valid = status == Credential.Status.ACTIVE and started
    if status == Credential.Status.ACTIVE:
        status_detail = "Active: not revoked, suspended or replaced."
    elif status == Credential.Status.SUSPENDED and row["suspended_until"]:
        status_detail = f"Suspended until {row['suspended_until'].isoformat()}."
    elif status == Credential.Status.REPLACED:
        status_detail = "Replaced by a renewal; the holder has a newer credential."
    else:
        status_detail = f"The credential is {status}."
    if not started:
        validity_detail = f"Not valid before {row['valid_from'].isoformat()}."
    elif row["valid_until"] is not None and row["valid_until"] <= now:
        validity_detail = f"Expired on {row['valid_until'].isoformat()}."
    elif row["valid_until"] is not None:
        validity_detail = f"Valid until {row['valid_until'].isoformat()}."
    else:
        validity_detail = "Valid without an end date."
    validity_passed = started and (row["valid_until"] is None or row["valid_until"] > now)
    public_id = str(row["public_id"])
    return {
        "id": public_id,
        "status": status,
        "valid": valid,
        "holder": {"name": row["display_name"]} if show_holder else None,
        "programme": {
            "id": str(row["programme_key"]),
            "name": row["programme__name"],
            "slug": row["programme__slug"],
        },
        "issued_at": _iso(row["issued_at"]),
        "valid_from": _iso(row["valid_from"]),
        "valid_until": _iso(row["valid_until"]),
        "suspended_until": _iso(row["suspended_until"]),
        "verification_url": f"{site}/credentials/{public_id}/",
        "checks": [
            {
                "check": "status",
                "passed": status in (Credential.Status.ACTIVE, Credential.Status.EXPIRED),
                "detail": status_detail,
            },
            {"check": "validity", "passed": validity_passed, "detail": validity_detail},
        ],
    }


_RAW_COLUMNS = [
    field
    for field in CREDENTIAL_FIELDS
    if field not in ("pk", "programme__name", "programme__slug")
]


def _raw_sql(count: int) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"c.{quote(Credential._meta.get_field(name).column)}" for name in _RAW_COLUMNS
    )
    programme = Credential._meta.get_field("programme").related_model
    return (
        f"SELECT c.id, {columns}, p.name AS programme__name, p.slug AS programme__slug "  # noqa: S608 - names from the models; values are parameters
        f"FROM {quote(Credential._meta.db_table)} c "
        f"INNER JOIN {quote(programme._meta.db_table)} p ON p.id = c.programme_id "
        f"WHERE c.public_id IN ({', '.join(['%s'] * count)})"
    )


def _rows_by_public_id(public_ids: set[UUID]) -> dict[UUID, dict]:
    """The credentials' columns by public id: one raw query (the hot path: the ORM would
    compile the same SQL on every request; RawQuerySet still converts the values)."""
    if not public_ids:
        return {}
    prepare = Credential._meta.get_field("public_id").get_db_prep_value
    params = [prepare(public_id, connection) for public_id in public_ids]
    rows = {}
    for credential in Credential.objects.raw(_raw_sql(len(params)), params):
        row = {name: getattr(credential, name) for name in _RAW_COLUMNS}
        row["pk"] = credential.pk
        row["programme__name"] = credential.programme__name
        row["programme__slug"] = credential.programme__slug
        rows[row["public_id"]] = row
    return rows


@dataclass(frozen=True)
class Verified:
    """The answers, in the order asked, and the primary keys of the credentials found (one per
    answer found, repeats kept: each is a verification to log)."""

    results: list[dict]
    credential_pks: list[int] = field(default_factory=list)


def verify_ids(*, ids: Sequence[UUID], organization_id: int | None) -> Verified:
    """The verification result of each id (unknown ones: status "not_found"). One query, plus
    one when a credential found is not public (the organisation's consent list)."""
    rows = _rows_by_public_id(set(ids))
    private_holders = {row["holder_id"] for row in rows.values() if not row["is_public"]}
    sharing: frozenset[int] = frozenset()
    if private_holders and organization_id is not None:
        sharing = organizations.member_ids_sharing_credentials(organization_id) & private_holders
    now = timezone.now()
    site = signing.site_url()
    results, pks = [], []
    for public_id in ids:
        row = rows.get(public_id)
        if row is None:
            results.append({"id": str(public_id), "status": STATUS_NOT_FOUND, "valid": False})
            continue
        show = row["is_public"] or row["holder_id"] in sharing
        results.append(_result(row, now=now, show_holder=show, site=site))
        pks.append(row["pk"])
    return Verified(results=results, credential_pks=pks)


def credentials_of_holders(holder_ids: set[int]) -> dict[int, list[dict]]:
    """Each holder's credentials (replaced ones left out), newest first, as a partner sees them
    in the roster: id, status, validity, programme, dates and the verification page. One
    query. The caller checks that each holder shares their credentials."""
    if not holder_ids:
        return {}
    rows = (
        Credential.objects.filter(holder_id__in=holder_ids)
        .exclude(status=Credential.Status.REPLACED)
        .order_by("-issued_at", "-pk")
        .values(*CREDENTIAL_FIELDS)
    )
    now = timezone.now()
    site = signing.site_url()
    result: dict[int, list[dict]] = {}
    for row in rows:
        full = _result(row, now=now, show_holder=False, site=site)
        result.setdefault(row["holder_id"], []).append(
            {
                key: full[key]
                for key in (
                    "id",
                    "status",
                    "valid",
                    "programme",
                    "issued_at",
                    "valid_from",
                    "valid_until",
                    "verification_url",
                )
            }
        )
    return result


# Verification of a presented credential -----------------------------------------------------


class PresentedMalformed(ValueError):
    """What was presented is not a credential at all (the API answers 400)."""


@dataclass(frozen=True)
class Check:
    check: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class PresentedReport:
    valid: bool
    checks: list[Check]
    credential_id: UUID | None  # ours, when the document names one of our credentials
    credential_pk: int | None
    proof_passed: bool


_CREDENTIAL_URL = re.compile(r"/credentials/([0-9a-fA-F-]{36})/$")
_STATUS_URL = re.compile(r"/status/(revocation|suspension)-(\d{1,9})$")


def _issuer_id(credential: dict) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _methods(credential: dict) -> list[str]:
    proofs = credential.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs] if proofs else []
    return [
        proof["verificationMethod"]
        for proof in proofs
        if isinstance(proof, dict) and isinstance(proof.get("verificationMethod"), str)
    ]


def _check_issuer(credential: dict, methods: list[str]) -> Check:
    ours = signing.issuer_did()
    issuer = _issuer_id(credential)
    if issuer is None:
        return Check("issuer", False, "The credential names no issuer.")
    if issuer != ours:
        return Check(
            "issuer",
            False,
            f"Issued by {issuer[:200]}, not by this service ({ours}). Only credentials this "
            "service issued can be verified here; nothing is fetched from the network.",
        )
    if not methods:
        return Check("issuer", False, "No verification method names the key that signed it.")
    for method in methods:
        if not method.startswith(ours + "#"):
            return Check(
                "issuer", False, f"The key {method[:200]} is not controlled by the issuer {ours}."
            )
        if signing.public_key_for(method) is None:
            return Check("issuer", False, f"The key {method[:200]} is not one of {ours}'s keys.")
    return Check("issuer", True, f"Issued by this service ({ours}) with one of its keys.")


def _check_schema(credential: dict) -> Check:
    errors = ob.validate_ob3(credential)
    if errors:
        shown = "; ".join(error[:200] for error in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        return Check("schema", False, f"Not a valid Open Badges 3.0 credential: {shown}{more}.")
    return Check("schema", True, "Valid against the 1EdTech Open Badges 3.0 JSON Schema.")


def _check_status(credential: dict) -> Check:
    entries = credential.get("credentialStatus")
    if entries is None:
        return Check("status", True, "The credential has no status entry: nothing to check.")
    entries = entries if isinstance(entries, list) else [entries]
    site = signing.site_url()
    found: dict[str, tuple[int, int]] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            return Check("status", False, "A status entry is not an object.")
        url = entry.get("statusListCredential")
        match = _STATUS_URL.search(url) if isinstance(url, str) else None
        if match is None or not url.startswith(site + "/status/"):
            return Check(
                "status",
                False,
                f"The status list {str(url)[:200]} is not one of this service's; it was not "
                "checked (nothing is fetched from the network).",
            )
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            return Check("status", False, "The status entry's index is not a number.")
        found[match.group(1)] = (int(match.group(2)), index)
    if StatusList.Purpose.REVOCATION not in found:
        return Check("status", False, "The credential has no revocation status entry.")
    group, index = found[StatusList.Purpose.REVOCATION]
    lists = dict(StatusList.objects.filter(group=group).values_list("purpose", "bits"))
    if StatusList.Purpose.REVOCATION not in lists:
        return Check("status", False, f"There is no status list revocation-{group}.")
    for purpose in (StatusList.Purpose.REVOCATION, StatusList.Purpose.SUSPENSION):
        bits = lists.get(purpose)
        if bits is None:
            continue
        bits = bytes(bits)
        if not 0 <= index < len(bits) * 8:
            return Check("status", False, f"The status index {index} is out of range.")
        if ob.get_bit(bits, index):
            word = "revoked" if purpose == StatusList.Purpose.REVOCATION else "suspended"
            return Check(
                "status",
                False,
                f"The credential is {word} (status list {purpose}-{group}, index {index}).",
            )
    return Check(
        "status",
        True,
        f"Neither revoked nor suspended (status lists revocation-{group} and suspension-{group}, "
        f"index {index}).",
    )


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _check_validity(credential: dict, now: datetime) -> Check:
    valid_from = _moment(credential.get("validFrom"))
    if valid_from is None:
        return Check("validity", False, "validFrom is missing or not a date-time with a zone.")
    if now < valid_from:
        return Check("validity", False, f"Not valid before {valid_from.isoformat()}.")
    if "validUntil" in credential:
        valid_until = _moment(credential.get("validUntil"))
        if valid_until is None:
            return Check("validity", False, "validUntil is not a date-time with a zone.")
        if valid_until <= now:
            return Check("validity", False, f"Expired on {valid_until.isoformat()}.")
        return Check("validity", True, f"Valid until {valid_until.isoformat()}.")
    return Check("validity", True, f"Valid since {valid_from.isoformat()}, without an end date.")


def _guarded(name: str, run) -> Check:
    try:
        return run()
    except Exception as error:  # a check reports bad input, it never fails the request
        return Check(
            name,
            False,
            f"Could not be checked: the credential is malformed ({type(error).__name__}).",
        )


def _own_credential(credential: dict) -> tuple[UUID | None, int | None]:
    document_id = credential.get("id")
    if not isinstance(document_id, str) or not document_id.startswith(signing.site_url() + "/"):
        return None, None
    match = _CREDENTIAL_URL.search(document_id)
    if match is None:
        return None, None
    try:
        public_id = UUID(match.group(1))
    except ValueError:
        return None, None
    pk = Credential.objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    return (public_id, pk) if pk is not None else (None, None)


def _unverified_jwt(token: str) -> tuple[dict, dict]:
    """The JWT's header and credential, signature unchecked; PresentedMalformed when it is not
    a JWT carrying a JSON object."""
    try:
        header = pyjwt.get_unverified_header(token)
        payload = pyjwt.decode(token, options={"verify_signature": False})
    except Exception as error:
        raise PresentedMalformed(f"The JWT cannot be decoded: {error}") from None
    if not isinstance(payload, dict):
        raise PresentedMalformed("The JWT's payload is not a JSON object.")
    credential = {
        key: value for key, value in payload.items() if key not in vcjwt.REGISTERED_CLAIMS
    }
    return header, credential


def verify_presented(
    *, document: dict | None = None, token: str | None = None, now: datetime | None = None
) -> PresentedReport:
    """Check a presented credential: JSON-LD `document` (with its proof) or VC-JWT `token`.
    Raises PresentedMalformed when it is not a credential at all."""
    now = now or timezone.now()
    if token is not None:
        header, credential = _unverified_jwt(token)
        kid = header.get("kid")
        methods = [kid] if isinstance(kid, str) and kid else []
        try:
            vcjwt.decode(token, resolve_public_key=signing.public_key_for)
            proof = Check("proof", True, "The JWS signature (EdDSA) is valid.")
        except InvalidJWT as error:
            proof = Check("proof", False, f"The JWS does not verify: {error.reason}.")
        except Exception as error:
            proof = Check("proof", False, f"The JWS does not verify ({type(error).__name__}).")
    else:
        if not isinstance(document, dict) or "@context" not in document:
            raise PresentedMalformed("`credential` is not a JSON-LD credential (no @context).")
        credential = document
        methods = _methods(credential)
        result = ob.verify_proof(credential, resolve_public_key=signing.public_key_for)
        if result.valid:
            proof = Check("proof", True, "The Data Integrity proof (eddsa-rdfc-2022) is valid.")
        else:
            detail = f": {result.detail[:200]}" if result.detail else ""
            proof = Check("proof", False, f"The proof does not verify ({result.reason}){detail}.")
    checks = [
        proof,
        _guarded("issuer", lambda: _check_issuer(credential, methods)),
        _guarded("schema", lambda: _check_schema(credential)),
        _guarded("status", lambda: _check_status(credential)),
        _guarded("validity", lambda: _check_validity(credential, now)),
    ]
    credential_id, credential_pk = _own_credential(credential)
    return PresentedReport(
        valid=all(check.passed for check in checks),
        checks=checks,
        credential_id=credential_id,
        credential_pk=credential_pk,
        proof_passed=proof.passed,
    )
