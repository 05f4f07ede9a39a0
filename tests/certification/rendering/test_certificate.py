"""The PDF certificate.

Text is checked by reading the PDF the way a viewer does (see `pdftext`): fpdf2 writes glyph
codes of the embedded font subset, so finding a name there proves it is real, selectable text
that maps back to the right characters through the ToUnicode map (what copying, searching and
screen readers use), not just that some bytes appear in the file.
"""

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from certification.rendering.artwork import default_artwork
from certification.rendering.certificate import (
    CertificateData,
    format_hours,
    render_certificate,
)

from .pdftext import extract_text, info

URL = "https://sebaya.example/credentials/123e4567-e89b-12d3-a456-426614174000/"
CREDENTIAL_ID = "123e4567-e89b-12d3-a456-426614174000"


@pytest.fixture(scope="module")
def artwork() -> bytes:
    return default_artwork(title="Peer Support Foundations")


@pytest.fixture
def data(artwork) -> CertificateData:
    return CertificateData(
        holder_name="Łukasz Müller-Ñúñez Đặng",
        programme_name="Peer Support Foundations",
        issuer_name="Sebaya Training Collective",
        issued_on=date(2026, 1, 5),
        valid_until=date(2028, 1, 5),
        hours=[
            ("Ethics and boundaries", Decimal("12.50")),
            ("Crisis and safety", Decimal("8")),
        ],
        total_hours=Decimal("20.5"),
        practicum_hours=Decimal("40.0"),
        verification_url=URL,
        credential_id=CREDENTIAL_ID,
        language_code="en",
        status_label="",
        artwork_png=artwork,
    )


def render(data: CertificateData, **changes) -> tuple[bytes, str]:
    pdf = render_certificate(dataclasses.replace(data, **changes))
    return pdf, extract_text(pdf)


def test_english_certificate_has_the_holder_programme_and_verification(data):
    pdf, text = render(data)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    lines = text.splitlines()
    for expected in [
        "Certificate",
        "This certifies that",
        "Łukasz Müller-Ñúñez Đặng",
        "has completed the requirements of",
        "Peer Support Foundations",
        "Training hours",
        "Ethics and boundaries",
        "12.5 h",
        "8 h",
        "Total",
        "20.5 h",
        "Supervised practicum hours",
        "40 h",
        "Issued by",
        "Sebaya Training Collective",
        "Issued",
        "Jan. 5, 2026",
        "Valid until",
        "Jan. 5, 2028",
        "Credential ID",
        CREDENTIAL_ID,
        "Verify this certificate",
        URL,
    ]:
        assert expected in lines, expected
    assert re.search(rb"/Count 1\b", pdf)  # one page


def test_metadata_and_accessibility(data):
    pdf, _text = render(data)
    assert info(pdf, "Title") == ("Certificate: Peer Support Foundations, Łukasz Müller-Ñúñez Đặng")
    assert info(pdf, "Author") == "Sebaya Training Collective"
    assert info(pdf, "Subject") == "Peer Support Foundations"
    assert b"/Lang (en)" in pdf
    assert b"/DisplayDocTitle true" in pdf
    assert b"/StructTreeRoot" in pdf
    assert b"/MarkInfo <</Marked true>>" in pdf
    assert pdf.count(b"/S /Figure") == 2  # the badge and the QR code
    assert b"/Alt (QR code linking to the verification page)" in pdf
    assert b"/Alt (Badge of Peer Support Foundations)" in pdf
    assert b"/Outlines" in pdf
    assert b"/ToUnicode" in pdf
    assert b"/FontFile2" in pdf  # the font is embedded
    assert f"/URI ({URL})".encode() in pdf  # the QR code and the URL are links


def test_status_is_printed_prominently(data):
    _pdf, text = render(data, status_label="Revoked")
    assert text.splitlines().count("Revoked") == 2  # a banner and a watermark
    _pdf, active = render(data)
    assert "Revoked" not in active


def test_optional_parts_can_be_left_out(data):
    pdf, text = render(data, valid_until=None, practicum_hours=None, artwork_png=None)
    assert "Valid until" not in text
    assert "Supervised practicum hours" not in text
    assert pdf.count(b"/S /Figure") == 1


def test_many_domains_and_long_names_still_fit_one_page(data):
    hours = [
        (f"Competency domain number {index} with a long name", Decimal(1)) for index in range(40)
    ]
    long_name = "Maria Magdalena Theresia von und zu Hohenzollern-Sigmaringen-Württemberg Ölçü"
    pdf, text = render(data, hours=hours, holder_name=long_name, programme_name=long_name * 2)
    assert re.search(rb"/Count 1\b", pdf)
    assert long_name in text.splitlines()


def test_rendering_is_deterministic(data):
    assert render_certificate(data) == render_certificate(data)


def test_german_certificate_uses_german_strings_dates_and_numbers(data):
    pdf, text = render(data, language_code="de")
    assert b"/Lang (de)" in pdf
    lines = text.splitlines()
    with translation.override("de"):
        expected = [gettext("This certifies that"), gettext("Verify this certificate")]
    assert all(line in lines for line in expected)
    assert "5. Januar 2026" in lines
    assert any(line.startswith("12,5") for line in lines)
    assert "Łukasz Müller-Ñúñez Đặng" in lines


def test_indonesian_certificate_renders(data):
    pdf, text = render(data, language_code="id")
    assert b"/Lang (id)" in pdf
    assert "5 Jan. 2026" in text.splitlines()  # Django's Indonesian DATE_FORMAT, "j N Y"


def test_format_hours():
    assert format_hours(Decimal("10.00")) == "10 h"
    assert format_hours(Decimal("12.50")) == "12.5 h"
    assert format_hours(Decimal("100")) == "100 h"
    assert format_hours(Decimal("0.25")) == "0.25 h"
