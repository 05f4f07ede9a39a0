"""The shipped font: files match the manifest, carry their licence, cover the letters the
project's languages (and holders' names) need, and load in Pillow and fpdf2."""

import hashlib
import json

import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF

from certification.rendering.typography import (
    BOLD_FONT,
    FONT_DIR,
    MANIFEST,
    REGULAR_FONT,
    pil_font,
)

LETTERS = {
    "German": "ÄÖÜäöüßẞ\u201e\u201c\u201a\u2018",
    "Indonesian": "ÉéÈè",  # Indonesian uses the basic Latin alphabet; loanword accents
    "Latin Extended-A": "".join(chr(code) for code in range(0x0100, 0x0180)),
    "Vietnamese and other names": "ĐđẶặỄễƠơƯư",
    "punctuation": "\u2013\u2014…•·€",
}


def manifest() -> dict:
    return json.loads(MANIFEST.read_text())


def test_manifest_checksums_match_the_files():
    files = manifest()["files"]
    assert {entry["file"] for entry in files} == {
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "OFL.txt",
    }
    for entry in files:
        digest = hashlib.sha256((FONT_DIR / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["file"]


def test_licence_is_shipped_and_the_fonts_are_small_enough():
    licence = (FONT_DIR / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert manifest()["license"] == "OFL-1.1"
    total = sum(path.stat().st_size for path in FONT_DIR.iterdir())
    assert total < 2 * 1024 * 1024


@pytest.mark.parametrize("path", [REGULAR_FONT, BOLD_FONT])
@pytest.mark.parametrize("script", LETTERS)
def test_fonts_cover_the_letters(path, script):
    cmap = TTFont(path, lazy=True).getBestCmap()
    missing = [letter for letter in LETTERS[script] if ord(letter) not in cmap]
    assert not missing


@pytest.mark.parametrize("bold", [False, True])
def test_fonts_load_in_pillow_and_fpdf2(bold):
    assert pil_font(size=24, bold=bold).getlength("Straße") > 0
    pdf = FPDF()
    pdf.add_font("NotoSans", "B" if bold else "", BOLD_FONT if bold else REGULAR_FONT)
    pdf.set_font("NotoSans", "B" if bold else "", 12)
    assert pdf.get_string_width("Straße") > 0
