"""The PDF certificate: A4 landscape, in the holder's language, with a QR code to the public
verification page, made with fpdf2.

Accessibility (what fpdf2 offers): the text is real text in the embedded Noto Sans subset with a
ToUnicode map (selectable, searchable, read aloud); the document language is set (`/Lang`), the
title is shown by viewers instead of the file name, the images carry alternative text (fpdf2 puts
them in a structure tree, `/StructTreeRoot` with `/Figure` elements), and the document outline
has the certificate's heading. fpdf2 does not tag text runs, so this is not a fully tagged PDF/UA
file; the reading order is the drawing order, which follows the visual order top to bottom.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.prefs import ViewerPreferences

from .qr import qr_alt_text, qr_png
from .typography import FONT_FAMILY, font_path

PRODUCER = "Sebaya"

# fontTools logs every step of subsetting the embedded font at INFO: noise in the application's
# logs unless the project's logging settings chose a level for it.
_subset_logger = logging.getLogger("fontTools.subset")
if _subset_logger.level == logging.NOTSET:
    _subset_logger.setLevel(logging.WARNING)

_PAGE_WIDTH, _PAGE_HEIGHT = 297.0, 210.0  # A4 landscape, mm
_MARGIN = 20.0
_PRIMARY = (31, 95, 139)
_TEXT = (17, 24, 39)
_MUTED = (75, 85, 99)
_ALERT = (176, 0, 32)
_RULE = (209, 213, 219)


@dataclass(frozen=True, slots=True)
class CertificateData:
    """Everything printed on a certificate, as plain data (no models)."""

    holder_name: str
    programme_name: str
    issuer_name: str
    issued_on: date
    valid_until: date | None
    hours: Sequence[tuple[str, Decimal]]  # (competency domain label, hours), in display order
    total_hours: Decimal
    practicum_hours: Decimal | None
    verification_url: str
    credential_id: str
    language_code: str
    status_label: str = ""  # "" while active, else e.g. "Revoked" (translated), shown prominently
    artwork_png: bytes | None = None


def render_certificate(data: CertificateData) -> bytes:
    """Render `data` as a one-page PDF in `data.language_code` and return its bytes.

    Every fixed string is translated with gettext under that language, and dates and numbers use
    its formats. The output is deterministic for the same data (the creation date is the issue
    date), so it can be cached and compared.
    """
    with translation.override(data.language_code):
        return bytes(_CertificateRenderer(data).render())


def format_hours(value: Decimal) -> str:
    """`value` hours in the active language, e.g. "12.5 h" or "12,5 Std." (no trailing zeros)."""
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    # Translators: a number of hours of training, abbreviated as usual (e.g. "12,5 Std.").
    return _("%(hours)s h") % {"hours": formats.number_format(plain, use_l10n=True)}


def format_date(value: date) -> str:
    """`value` in the active language's long date format (e.g. "5. Januar 2026")."""
    return formats.date_format(value, "DATE_FORMAT", use_l10n=True)


# OpenType layout tables: fpdf2 uses them only for text shaping (not enabled here: Latin needs
# none) and drops them from the embedded subset, but fontTools' subsetter decompiles them first,
# which was two thirds of a render (about 180 of 270 ms). So they are removed before subsetting.
_UNUSED_LAYOUT_TABLES = ("GDEF", "GPOS", "GSUB")


def _drop_layout_tables(pdf: FPDF) -> None:
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        for tag in _UNUSED_LAYOUT_TABLES:
            if ttfont is not None and tag in ttfont:
                del ttfont[tag]


class _CertificateRenderer:
    """Draws one certificate; one instance per render (fpdf2 documents are stateful)."""

    def __init__(self, data: CertificateData) -> None:
        self.data = data
        pdf = FPDF(orientation="landscape", unit="mm", format="A4")
        pdf.set_auto_page_break(auto=False)
        pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        for style, bold in (("", False), ("B", True)):
            pdf.add_font(FONT_FAMILY, style, font_path(bold=bold))
        _drop_layout_tables(pdf)
        self.pdf = pdf

    # -- helpers -------------------------------------------------------------------------------

    def font(self, size: float, *, bold: bool = False, color: tuple[int, int, int] = _TEXT) -> None:
        self.pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def fitted_size(self, text: str, *, width: float, largest: float, smallest: float) -> float:
        """The largest bold size (pt) in [smallest, largest] at which `text` fits in `width`."""
        size = largest
        self.font(size, bold=True)
        while size > smallest and self.pdf.get_string_width(text) > width:
            size -= 1
            self.font(size, bold=True)
        return size

    def centred(self, text: str, *, height: float) -> None:
        """`text` centred between the margins, wrapping if it must."""
        self.pdf.set_x(_MARGIN)
        self.pdf.multi_cell(
            self.pdf.epw, height, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    # -- sections ------------------------------------------------------------------------------

    def render(self) -> bytearray:
        data, pdf = self.data, self.pdf
        heading = _("Certificate")
        pdf.set_title(f"{heading}: {data.programme_name}, {data.holder_name}")
        pdf.set_author(data.issuer_name)
        pdf.set_subject(data.programme_name)
        pdf.set_keywords([heading, data.programme_name, data.credential_id])
        pdf.set_creator(PRODUCER)
        pdf.set_producer(PRODUCER)
        pdf.set_lang(data.language_code)
        pdf.set_creation_date(datetime.combine(data.issued_on, time(), tzinfo=UTC))
        pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
        pdf.add_page()

        self.frame()
        if data.status_label:
            self.watermark(data.status_label)
        self.header(heading)
        self.statement()
        top = max(pdf.get_y() + 6, 128.0)
        pdf.set_draw_color(*_RULE)
        pdf.set_line_width(0.3)
        pdf.line(_MARGIN + 10, top - 4, _PAGE_WIDTH - _MARGIN - 10, top - 4)
        self.hours_table(x=_MARGIN + 4, y=top, width=118, bottom=188)
        self.details(x=152, y=top, width=80)
        self.verification(x=242, y=top, size=36)
        return pdf.output()

    def frame(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*_PRIMARY)
        pdf.set_line_width(1.2)
        pdf.rect(8, 8, _PAGE_WIDTH - 16, _PAGE_HEIGHT - 16)
        pdf.set_line_width(0.3)
        pdf.rect(11, 11, _PAGE_WIDTH - 22, _PAGE_HEIGHT - 22)

    def watermark(self, label: str) -> None:
        """The status (e.g. "Revoked") written large and faint across the page."""
        pdf = self.pdf
        size = self.fitted_size(label, width=200, largest=110, smallest=40)
        self.font(size, bold=True, color=_ALERT)
        width = pdf.get_string_width(label)
        with pdf.local_context(fill_opacity=0.12), pdf.rotation(20, _PAGE_WIDTH / 2, 110):
            pdf.text(_PAGE_WIDTH / 2 - width / 2, 110 + size * 0.35 / 2.83, label)

    def header(self, heading: str) -> None:
        data, pdf = self.data, self.pdf
        y = 16.0 if data.artwork_png else 34.0  # without the badge, the text block moves down
        if data.artwork_png:
            side = 30.0
            pdf.image(
                io.BytesIO(data.artwork_png),
                x=(_PAGE_WIDTH - side) / 2,
                y=y,
                w=side,
                h=side,
                alt_text=_("Badge of %(programme)s") % {"programme": data.programme_name},
            )
            y += side + 2
        pdf.set_y(y)
        pdf.start_section(heading, level=0)
        self.font(30, bold=True, color=_PRIMARY)
        self.centred(heading, height=13)
        if data.status_label:
            self.status_banner(data.status_label)

    def status_banner(self, label: str) -> None:
        pdf = self.pdf
        self.font(16, bold=True, color=_ALERT)
        width = pdf.get_string_width(label) + 12
        y = pdf.get_y() + 1
        pdf.set_draw_color(*_ALERT)
        pdf.set_line_width(0.8)
        pdf.set_xy((_PAGE_WIDTH - width) / 2, y)
        pdf.cell(width, 9, label, border=1, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    def statement(self) -> None:
        data, pdf = self.data, self.pdf
        pdf.ln(2)
        self.font(13, color=_MUTED)
        self.centred(_("This certifies that"), height=7)
        size = self.fitted_size(data.holder_name, width=pdf.epw - 20, largest=28, smallest=14)
        self.font(size, bold=True)
        self.centred(data.holder_name, height=size * 0.45)
        pdf.ln(1)
        self.font(13, color=_MUTED)
        self.centred(_("has completed the requirements of"), height=7)
        size = self.fitted_size(data.programme_name, width=pdf.epw - 20, largest=20, smallest=13)
        self.font(size, bold=True, color=_PRIMARY)
        self.centred(data.programme_name, height=size * 0.45)

    def hours_table(self, *, x: float, y: float, width: float, bottom: float) -> None:
        data, pdf = self.data, self.pdf
        self.font(11, bold=True, color=_PRIMARY)
        pdf.set_xy(x, y)
        pdf.cell(width, 6, _("Training hours"), new_x=XPos.LEFT, new_y=YPos.NEXT)
        # (label, hours, bold, with a rule above)
        rows: list[tuple[str, str, bool, bool]] = [
            (label, format_hours(hours), False, False) for label, hours in data.hours
        ]
        # Translators: the sum of the training hours in all competency domains.
        rows.append((_("Total"), format_hours(data.total_hours), True, True))
        if data.practicum_hours is not None:
            practicum = format_hours(data.practicum_hours)
            rows.append((_("Supervised practicum hours"), practicum, True, False))
        available = bottom - pdf.get_y()
        row_height = max(min(5.2, available / len(rows)), 3.4)
        font_size = row_height * 1.8
        value_width = 26.0
        for label, value, bold, rule_above in rows:
            if pdf.get_y() + row_height > bottom + 0.01:
                break  # more domains than fit: the verification page lists them all
            if rule_above:
                pdf.set_draw_color(*_RULE)
                pdf.line(x, pdf.get_y() + 0.3, x + width, pdf.get_y() + 0.3)
            self.font(font_size, bold=bold)
            pdf.set_x(x)
            label_text = self.truncated(label, width - value_width - 2)
            pdf.cell(width - value_width, row_height, label_text)
            pdf.cell(value_width, row_height, value, align=Align.R, new_x=XPos.LEFT)
            pdf.set_xy(x, pdf.get_y() + row_height)

    def truncated(self, text: str, width: float) -> str:
        """`text` shortened with an ellipsis to fit `width` in the current font."""
        if self.pdf.get_string_width(text) <= width:
            return text
        while text and self.pdf.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def details(self, *, x: float, y: float, width: float) -> None:
        data, pdf = self.data, self.pdf
        # (label, value, emphasised)
        items = [
            (_("Issued by"), data.issuer_name, True),
            # Translators: a label above the date on which the certificate was issued.
            (_("Issued"), format_date(data.issued_on), True),
        ]
        if data.valid_until is not None:
            items.append((_("Valid until"), format_date(data.valid_until), True))
        items.append((_("Credential ID"), data.credential_id, False))
        pdf.set_y(y)
        for label, value, emphasised in items:
            self.font(8.5, color=_MUTED)
            pdf.set_x(x)
            pdf.multi_cell(width, 4.2, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.font(11 if emphasised else 9, bold=emphasised)
            pdf.set_x(x)
            pdf.multi_cell(width, 5.2, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.6)

    def verification(self, *, x: float, y: float, size: float) -> None:
        data, pdf = self.data, self.pdf
        self.font(9, bold=True, color=_PRIMARY)
        pdf.set_xy(x - 4, y)
        pdf.multi_cell(size + 8, 4.2, _("Verify this certificate"), align=Align.C)
        pdf.image(
            io.BytesIO(qr_png(data.verification_url, scale=8, border=2)),
            x=x,
            y=pdf.get_y() + 1,
            w=size,
            h=size,
            alt_text=qr_alt_text(),
            link=data.verification_url,
        )
        self.font(8.5, color=_MUTED)
        pdf.set_xy(_MARGIN, 191)
        pdf.cell(
            pdf.epw,
            5,
            data.verification_url,
            align=Align.C,
            link=data.verification_url,
        )
