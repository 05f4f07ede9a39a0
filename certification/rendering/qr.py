"""QR codes for the verification URL, in the certificate and on the public verification page."""

from __future__ import annotations

import io

import segno
from django.utils.translation import gettext

# Medium error correction: survives a smudged print or a sticker corner, and keeps a typical
# verification URL (about 70 characters) at a version readable by any phone camera.
_ERROR_CORRECTION = "m"


def _qr(url: str) -> segno.QRCode:
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    return segno.make(url, error=_ERROR_CORRECTION, micro=False, boost_error=False)


def qr_png(url: str, *, scale: int = 8, border: int = 4) -> bytes:
    """A black-on-white PNG QR code for `url`, `scale` pixels per module, with the standard quiet
    zone of `border` modules."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_svg(url: str, *, title: str | None = None, border: int = 4) -> str:
    """A scalable SVG QR code for `url` (no XML declaration, no fixed size: it fills its box),
    with a `<title>` for assistive technology; the default title is the translated
    "QR code linking to the verification page" in the active language."""
    buffer = io.BytesIO()
    _qr(url).save(
        buffer,
        kind="svg",
        border=border,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        title=title if title is not None else qr_alt_text(),
        svgclass="qr-code",
        lineclass=None,
        encoding="utf-8",
    )
    return buffer.getvalue().decode("utf-8")


def qr_alt_text() -> str:
    """The QR code's text alternative in the active language."""
    return gettext("QR code linking to the verification page")
