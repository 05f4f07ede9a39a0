"""Badge artwork: uploaded PNGs validated and fitted, uploaded SVGs validated and cleaned, and the
default design drawn."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from lxml import etree
from PIL import Image, PngImagePlugin

from certification.rendering.artwork import (
    MAX_PNG_BYTES,
    MAX_SVG_BYTES,
    contrast_ratio,
    default_artwork,
    initials,
    prepare_png_artwork,
    validate_svg_artwork,
)
from certification.rendering.baking import OB2_KEYWORD, OB3_KEYWORD, bake_png, read_baked_png
from certification.rendering.errors import ArtworkError

from .conftest import png_bytes


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refused(data: bytes, function=prepare_png_artwork) -> ArtworkError:
    with pytest.raises(ArtworkError) as caught:
        function(data)
    return caught.value


# --- PNG ---------------------------------------------------------------------------------------


def test_png_is_fitted_into_a_transparent_512_square():
    result = opened(prepare_png_artwork(png_bytes(Image.new("RGB", (1000, 500), "#c0392b"))))
    assert (result.format, result.mode, result.size) == ("PNG", "RGBA", (512, 512))
    assert result.getpixel((0, 0))[3] == 0  # padding above and below
    assert result.getpixel((256, 256)) == (192, 57, 43, 255)
    assert result.getpixel((256, 127))[3] == 0
    assert result.getpixel((256, 130))[3] == 255  # 1000x500 scales to 512x256, rows 128 to 383


def test_small_png_is_scaled_up_and_palette_transparency_kept():
    image = Image.new("P", (32, 32), 0)
    image.putpalette([255, 255, 255, 0, 128, 0])
    image.paste(1, (8, 8, 24, 24))
    result = opened(prepare_png_artwork(png_bytes(image, transparency=0)))
    assert result.size == (512, 512)
    assert result.getpixel((10, 10))[3] == 0
    assert result.getpixel((256, 256)) == (0, 128, 0, 255)


def test_png_metadata_and_earlier_badge_data_are_stripped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone")
    info.add_itxt("Description", "text", zip=True)
    source = png_bytes(Image.new("RGBA", (64, 64), "navy"), pnginfo=info, dpi=(300, 300))
    source = bake_png(source, keyword=OB3_KEYWORD, text="an old credential")
    source = bake_png(source, keyword=OB2_KEYWORD, text="https://old.example/a.json")
    result = prepare_png_artwork(source)
    assert read_baked_png(result, keyword=OB3_KEYWORD) is None
    assert read_baked_png(result, keyword=OB2_KEYWORD) is None
    image = opened(result)
    assert image.text == {}
    assert "dpi" not in image.info
    for chunk_type in (b"tEXt", b"zTXt", b"iTXt", b"pHYs", b"eXIf", b"iCCP"):
        assert chunk_type not in result


def test_16_bit_greyscale_png_is_accepted():
    image = Image.new("I;16", (40, 40), 40000)
    result = opened(prepare_png_artwork(png_bytes(image)))
    assert result.mode == "RGBA"
    assert result.getpixel((256, 256))[:3] == (156, 156, 156)


def test_too_large_file_is_refused_before_decoding():
    error = refused(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_PNG_BYTES)
    assert error.code == "too_large"
    assert "5.0" in error.message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"not an image at all", id="garbage"),
        pytest.param(b"", id="empty"),
        pytest.param("jpeg", id="jpeg"),
        pytest.param("gif", id="gif"),
    ],
)
def test_other_files_are_refused_as_not_png(data):
    if isinstance(data, str):
        buffer = io.BytesIO()
        Image.new("RGB", (16, 16)).save(buffer, format=data)
        data = buffer.getvalue()
    assert refused(data).code == "not_png"


def test_too_many_pixels_is_refused():
    error = refused(png_bytes(Image.new("L", (4097, 8))))
    assert error.code == "too_many_pixels"
    assert "4096 by 4096" in error.message


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(100_000, 100_000), (20_000, 20_000), (5000, 100)])
def test_decompression_bombs_are_refused_from_the_header(size):
    assert refused(png_claiming_size(*size)).code == "too_many_pixels"


def test_animated_png_is_refused():
    frames = [Image.new("RGBA", (16, 16), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:], duration=100)
    assert refused(buffer.getvalue()).code == "animated"


def test_damaged_png_is_refused():
    image = Image.frombytes("RGB", (128, 128), bytes(range(256)) * 192)
    data = png_bytes(image)
    cut = data[: data.index(b"IDAT") + 200]
    assert refused(cut).code in {"damaged", "not_png"}


def test_error_messages_are_translatable_and_fit_django_validation_errors():
    error = refused(png_bytes(Image.new("L", (5000, 8))))
    with translation.override("de"):
        german = error.message
    with translation.override("en"):
        english = error.message
    assert "4096" in german and "4096" in english
    validation = ValidationError(error.template, code=error.code, params=error.params)
    assert validation.messages == [english]


# --- SVG ---------------------------------------------------------------------------------------

SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 100 100">'
)


def svg(body: str, head: str = SVG_HEAD) -> bytes:
    return f"{head}{body}</svg>".encode()


def test_clean_svg_is_returned_with_its_drawing():
    source = svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>'
        '<circle cx="50" cy="50" r="40" fill="url(#g)" style="stroke: url(#g)"/>'
        '<use href="#g"/><use xlink:href="#g"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="10" height="10"/>'
        "<style>circle { fill: url('#g') }</style>"
    )
    root = etree.fromstring(validate_svg_artwork(source))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}circle")) == 1
    assert len(root.findall(".//{http://www.w3.org/2000/svg}use")) == 2


def test_svg_cleaning_drops_comments_metadata_and_earlier_badge_data():
    source = (
        b'<?xml version="1.0"?><?xml-stylesheet href="x.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" inkscape:version="1.3">'
        b'<openbadges:credential verify="a.b.c"/>'
        b"<!-- a comment --><inkscape:thing/>"
        b'<rect width="5" height="5" inkscape:label="box"/></svg>'
    )
    cleaned = validate_svg_artwork(source)
    for gone in (b"inkscape", b"openbadges", b"comment", b"xml-stylesheet"):
        assert gone not in cleaned
    assert b"<rect" in cleaned


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<script>alert(1)</script>", "script"),
        ('<g><script xlink:href="#x"/></g>', "script"),
        ('<circle r="1" onload="alert(1)"/>', "event_handler"),
        ('<circle r="1" ONCLICK="alert(1)"/>', "event_handler"),
        ("<foreignObject><div/></foreignObject>", "foreign_object"),
        ('<a href="javascript:alert(1)"><circle r="1"/></a>', "script"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "script"),
        ('<image href="https://evil.example/x.png"/>', "external_reference"),
        ('<image xlink:href="//evil.example/x.png"/>', "external_reference"),
        ('<use href="other.svg#a"/>', "external_reference"),
        ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "external_reference"),
        ('<rect style="fill: url(https://evil.example/p.svg#x)"/>', "external_reference"),
        ('<rect fill="url(http://evil.example/#x)"/>', "external_reference"),
        ("<style>@import url(https://evil.example/a.css);</style>", "external_reference"),
        ("<style>rect { background: url('https://evil.example/') }</style>", "external_reference"),
    ],
)
def test_unsafe_svg_is_refused(body, code):
    assert refused(svg(body), validate_svg_artwork).code == code


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><circle>", id="malformed"),
        pytest.param(b"<svg><circle r='1'/></svg>", id="no-namespace"),
        pytest.param(b"<html xmlns='http://www.w3.org/1999/xhtml'/>", id="not-svg-root"),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            id="entities",
        ),
        pytest.param(
            b'<!DOCTYPE svg SYSTEM "http://evil.example/x.dtd">'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            id="external-dtd",
        ),
    ],
)
def test_non_svg_and_dtd_are_refused(source):
    assert refused(source, validate_svg_artwork).code == "not_svg"


def test_svg_over_one_megabyte_is_refused():
    padding = "<!--" + "x" * MAX_SVG_BYTES + "-->"
    assert refused(svg(padding), validate_svg_artwork).code == "too_large"


# --- default design ----------------------------------------------------------------------------


def test_default_artwork_is_a_512_rgba_png_with_transparent_corners():
    image = opened(default_artwork(title="Peer Support Foundations", subtitle="Level 1"))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (512, 512))
    assert image.getpixel((2, 2))[3] == 0
    assert image.getpixel((256, 40)) == (31, 95, 139, 255)  # the rosette in the default colour
    colours = {pixel[:3] for pixel in image.get_flattened_data() if pixel[3] == 255}
    assert (255, 255, 255) in colours  # the ring and the text


@pytest.mark.parametrize(
    ("color", "ink"),
    [("#1f5f8b", (255, 255, 255)), ("#f2c14e", (17, 24, 39)), ("white", (17, 24, 39))],
)
def test_default_artwork_text_contrasts_with_the_colour(color, ink):
    image = opened(default_artwork(title="Ab", color=color))
    letters = image.crop((156, 120, 356, 230))  # where the initials are drawn
    opaque = [pixel[:3] for pixel in letters.get_flattened_data() if pixel[3] == 255]
    assert ink in opaque
    fill = Image.new("RGB", (1, 1), color).getpixel((0, 0))
    assert contrast_ratio(ink, fill) >= 4.5


@pytest.mark.parametrize(
    "title",
    [
        "Grundlagen der Peer-Beratung für Straße und Ärztekammer",
        "Pelatihan Pendamping Sebaya untuk Pencegahan Krisis dan Keselamatan Komunitas Lanjutan",
        "Ethik",
        "x" * 300,
        "",
    ],
)
def test_default_artwork_draws_any_title(title):
    image = opened(default_artwork(title=title, subtitle="Tingkat Lanjut · Sebaya"))
    assert image.size == (512, 512)


def test_default_artwork_refuses_an_invalid_colour():
    with pytest.raises(ValueError):
        default_artwork(title="X", color="not-a-colour")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Peer Support Foundations", "PSF"),
        ("Grundlagen der Peer-Beratung", "GPB"),
        ("Pendamping sebaya dasar", "PSD"),
        ("Ethik", "ET"),
        ("  ", "?"),
        ("Level 2 Supervisor", "L2S"),
    ],
)
def test_initials(title, expected):
    assert initials(title) == expected


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
