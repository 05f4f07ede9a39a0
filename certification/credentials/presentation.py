"""What a credential looks like to people and to badge tools: the baked badge image and the PDF
certificate, both in the holder's language, both made from the stored, signed credential.

The programme's artwork is prepared once (`programme_badge_png`); baking inserts a PNG chunk
into those bytes (microseconds), so images are made on request, never stored.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils import translation

from courses import api as courses

from ..models import Credential, Programme
from ..rendering import artwork, baking
from ..rendering.certificate import CertificateData, render_certificate
from .documents import credential_url


def programme_badge_png(programme: Programme) -> bytes:
    """The programme's prepared artwork, or its generated default."""
    if programme.badge_png:
        return bytes(programme.badge_png)
    return artwork.default_artwork(title=programme.name, color=programme.color)


def baked_badge_png(credential: Credential) -> bytes:
    """The badge with the signed OB 3.0 credential in its `openbadgecredential` iTXt chunk."""
    return baking.bake_png(
        programme_badge_png(credential.programme),
        keyword=baking.OB3_KEYWORD,
        text=json.dumps(credential.document, ensure_ascii=False, separators=(",", ":")),
    )


def localized_programme(programme: Programme, language_code: str) -> Programme:
    """The programme's row in `language_code` where translated, else the given row."""
    return (
        Programme.objects.filter(
            translation_key=programme.translation_key, locale__language_code=language_code
        ).first()
        or programme
    )


def status_label(credential: Credential) -> str:
    """ "" for a valid credential, else its state (in the active language)."""
    if credential.is_valid:
        return ""
    if credential.status == Credential.Status.ACTIVE:  # past its validity, not yet marked
        return str(Credential.Status.EXPIRED.label)
    return str(Credential.Status(credential.status).label)


def certificate_pdf(credential: Credential, *, language_code: str | None = None) -> bytes:
    """The PDF certificate in `language_code` (default: the holder's language)."""
    language = language_code or credential.language_code or "en"
    with translation.override(language):
        programme = localized_programme(credential.programme, language)
        names = courses.domain_names(language_code=language)
        hours = [
            (name, Decimal(credential.hours[slug]))
            for slug, name in names.items()  # in the domains' order
            if Decimal(credential.hours.get(slug, 0)) > 0
        ]
        return render_certificate(
            CertificateData(
                holder_name=credential.display_name,
                programme_name=programme.name,
                issuer_name=credential.document.get("issuer", {}).get("name", ""),
                issued_on=credential.valid_from.date(),
                valid_until=credential.valid_until.date() if credential.valid_until else None,
                hours=hours,
                total_hours=sum((value for _, value in hours), Decimal(0)),
                practicum_hours=credential.practicum_hours or None,
                verification_url=credential_url(credential),
                credential_id=str(credential.public_id),
                language_code=language,
                status_label=status_label(credential),
                artwork_png=programme_badge_png(credential.programme),
            )
        )
