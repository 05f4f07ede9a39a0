"""Open Badges 2.0 hosted verification, for backpacks and displayers that only speak 2.0: the
issuer profile, each programme's BadgeClass, each credential's hosted Assertion and the badge
image baked with it (DESIGN.md, "Public URLs").

Hosted verification knows only "revoked": a verifier fetches the assertion's `id` and treats a
410 Gone whose body says `"revoked": true` as revoked. A suspended credential answers the same
way (it must not verify while suspended), with "Suspended" as the reason, and answers 200 again
once reinstated. An expired credential is still served: its `expires` says so, and verifiers
check it themselves.

The recipient is the holder's e-mail address, hashed (`sha256$…` of the lowercased address and
a salt) so the assertion never discloses it. The salt is derived from the credential's id with
the site's SECRET_KEY (an HMAC), so the assertion is the same document every time it is fetched.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from ..models import Credential, Programme
from ..openbadges.proofs import format_datetime
from ..rendering import baking
from .presentation import programme_badge_png
from .signing import site_url

CONTEXT = "https://w3id.org/openbadges/v2"
CONTENT_TYPE = "application/ld+json"
_SALT_PURPOSE = "certification.credentials.ob2.recipient-salt"

# What answers 410 Gone with "revoked": true.
GONE_STATUSES = (Credential.Status.REVOKED, Credential.Status.SUSPENDED)


def issuer_url() -> str:
    return f"{site_url()}/ob2/issuer.json"


def badge_class_url(slug: str) -> str:
    return f"{site_url()}/ob2/badges/{slug}.json"


def badge_image_url(slug: str) -> str:
    return f"{site_url()}/ob2/badges/{slug}.png"


def assertion_url(credential: Credential) -> str:
    return f"{site_url()}/ob2/assertions/{credential.public_id}.json"


def assertion_image_url(credential: Credential) -> str:
    return f"{site_url()}/ob2/assertions/{credential.public_id}/badge.png"


def issuer() -> dict:
    """The issuer's Profile. Hosted verification needs no public key."""
    document = {
        "@context": CONTEXT,
        "id": issuer_url(),
        "type": "Issuer",
        "name": settings.SEBAYA_ISSUER_NAME,
        "url": site_url() + "/",
    }
    if settings.SEBAYA_ISSUER_EMAIL:
        document["email"] = settings.SEBAYA_ISSUER_EMAIL
    return document


def _criteria_url(slug: str) -> str | None:
    """The programme's public page in the site's default language, when that page exists."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return site_url() + reverse("programmes:detail", args=[slug])
    except NoReverseMatch:
        return None


def badge_class(programme: Programme) -> dict:
    """The programme's BadgeClass (from its source-language row)."""
    criteria = {"narrative": programme.criteria}
    url = _criteria_url(programme.slug)
    if url:
        criteria["id"] = url
    return {
        "@context": CONTEXT,
        "id": badge_class_url(programme.slug),
        "type": "BadgeClass",
        "name": programme.name,
        "description": programme.description,
        "image": badge_image_url(programme.slug),
        "criteria": criteria,
        "issuer": issuer_url(),
    }


def recipient_salt(credential: Credential) -> str:
    """A salt that is stable per credential and that nobody without SECRET_KEY can compute."""
    return salted_hmac(_SALT_PURPOSE, str(credential.public_id)).hexdigest()[:32]


def recipient(credential: Credential) -> dict:
    salt = recipient_salt(credential)
    email = credential.holder.email.strip().lower()
    digest = hashlib.sha256((email + salt).encode()).hexdigest()
    return {"type": "email", "hashed": True, "salt": salt, "identity": f"sha256${digest}"}


def assertion(credential: Credential) -> dict:
    """The hosted Assertion of a credential that is not revoked or suspended."""
    document = {
        "@context": CONTEXT,
        "id": assertion_url(credential),
        "type": "Assertion",
        "recipient": recipient(credential),
        "badge": badge_class_url(credential.programme.slug),
        "verification": {"type": "hosted"},
        "issuedOn": format_datetime(credential.issued_at),
        "image": assertion_image_url(credential),
    }
    if credential.valid_until is not None:
        document["expires"] = format_datetime(credential.valid_until)
    return document


def is_gone(credential: Credential) -> bool:
    return credential.status in GONE_STATUSES


def gone(credential: Credential) -> dict:
    """What a revoked (or suspended) assertion's URL answers, with 410 Gone."""
    if credential.status == Credential.Status.SUSPENDED:
        reason = "Suspended"
    else:
        with translation.override(settings.LANGUAGE_CODE):
            reason = str(
                Credential.RevocationReason(credential.revocation_reason).label
                if credential.revocation_reason in Credential.RevocationReason.values
                else Credential.Status.REVOKED.label
            )
    return {
        "@context": CONTEXT,
        "id": assertion_url(credential),
        "type": "Assertion",
        "revoked": True,
        "revocationReason": reason,
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def baked_png(credential: Credential) -> bytes:
    """The programme's badge with the assertion's JSON in its `openbadges` iTXt chunk (OB 2.0
    Baking: the text is the hosted assertion's JSON; its `id` leads back here)."""
    return baking.bake_png(
        programme_badge_png(credential.programme),
        keyword=baking.OB2_KEYWORD,
        text=dumps(assertion(credential)),
    )
