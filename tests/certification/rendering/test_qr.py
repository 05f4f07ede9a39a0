"""QR codes: the PNG carries the right symbol, the SVG is accessible and scalable."""

import io

import pytest
import segno
from django.utils import translation
from django.utils.translation import gettext
from lxml import etree
from PIL import Image

from certification.rendering.qr import qr_png, qr_svg

URL = "https://sebaya.example/credentials/123e4567-e89b-12d3-a456-426614174000/"


def test_qr_png_encodes_the_url():
    scale, border = 4, 4
    image = Image.open(io.BytesIO(qr_png(URL, scale=scale, border=border))).convert("L")
    matrix = segno.make(URL, error="m", micro=False, boost_error=False).matrix
    size = len(matrix)
    assert image.size == ((size + 2 * border) * scale,) * 2
    for row in range(size):
        for column in range(size):
            x = (border + column) * scale + scale // 2
            y = (border + row) * scale + scale // 2
            assert (image.getpixel((x, y)) < 128) == bool(matrix[row][column])


def test_qr_svg_is_scalable_and_has_a_title():
    root = etree.fromstring(qr_svg(URL).encode())
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{namespace}svg"
    assert root.get("viewBox")
    assert root.get("width") is None
    assert root.find(f"{namespace}title").text == "QR code linking to the verification page"
    assert root.find(f"{namespace}path") is not None


def test_qr_svg_title_is_translated_and_escaped():
    with translation.override("de"):
        root = etree.fromstring(qr_svg(URL).encode())
        expected = gettext("QR code linking to the verification page")
    assert root.find("{http://www.w3.org/2000/svg}title").text == expected
    custom = etree.fromstring(qr_svg(URL, title="<b>&</b>").encode())
    assert custom.find("{http://www.w3.org/2000/svg}title").text == "<b>&</b>"


def test_empty_url_is_refused():
    with pytest.raises(ValueError):
        qr_png("")
