"""PNG and SVG baking: the chunk/element is where and how the Open Badges specifications say,
other tools (Pillow) read it back, replacing works, and malformed input is refused."""

import io
import json
import struct
import time
import zlib

import pytest
from lxml import etree
from PIL import Image, PngImagePlugin

from certification.rendering.artwork import default_artwork
from certification.rendering.baking import (
    OB2_KEYWORD,
    OB2_SVG_NAMESPACE,
    OB3_KEYWORD,
    OB3_SVG_NAMESPACE,
    PNG_SIGNATURE,
    bake_png,
    bake_svg,
    read_baked_png,
    read_baked_svg,
)
from certification.rendering.errors import BadPNG, BadSVG

from .conftest import png_bytes

CREDENTIAL = json.dumps(
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {"name": "Dewi Lestari Müller ẞ"},
    }
)
JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViOmV4YW1wbGUub3JnIn0.c2lnbmF0dXJl"


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, read independently of the code under test."""
    result, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        length, kind = struct.unpack_from(">I4s", png, offset)
        result.append((kind, png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return result


# --- PNG ---------------------------------------------------------------------------------------


def test_baked_png_has_an_uncompressed_itxt_chunk_right_after_ihdr(small_png):
    baked = bake_png(small_png, keyword=OB3_KEYWORD, text=CREDENTIAL)
    kinds = [kind for kind, _data in chunks(baked)]
    assert kinds[:2] == [b"IHDR", b"iTXt"]
    assert kinds.index(b"iTXt") < kinds.index(b"IDAT")
    data = chunks(baked)[1][1]
    keyword, rest = data.split(b"\0", 1)
    assert keyword == b"openbadgecredential"
    assert rest[:2] == b"\0\0"  # compression flag 0, compression method 0
    assert rest[2:4] == b"\0\0"  # empty language tag and translated keyword
    assert rest[4:].decode("utf-8") == CREDENTIAL


def test_other_tools_read_the_baked_png(small_png):
    baked = bake_png(small_png, keyword=OB3_KEYWORD, text=CREDENTIAL)
    Image.open(io.BytesIO(baked)).verify()  # checks every chunk's CRC
    with Image.open(io.BytesIO(baked)) as image, Image.open(io.BytesIO(small_png)) as original:
        image.load()
        assert image.text[OB3_KEYWORD] == CREDENTIAL
        assert image.info[OB3_KEYWORD] == CREDENTIAL
        assert image.tobytes() == original.tobytes()  # the pixels are untouched


def test_read_baked_png_round_trips_both_keywords(small_png):
    url = "https://sebaya.example/ob2/assertions/5f0c.json"
    baked = bake_png(small_png, keyword=OB2_KEYWORD, text=url)
    baked = bake_png(baked, keyword=OB3_KEYWORD, text=JWT)
    assert read_baked_png(baked, keyword=OB2_KEYWORD) == url
    assert read_baked_png(baked, keyword=OB3_KEYWORD) == JWT
    assert read_baked_png(small_png, keyword=OB3_KEYWORD) is None


def test_baking_again_replaces_the_chunk(small_png):
    once = bake_png(small_png, keyword=OB3_KEYWORD, text="first")
    twice = bake_png(once, keyword=OB3_KEYWORD, text="second")
    itxt = [data for kind, data in chunks(twice) if kind == b"iTXt"]
    assert len(itxt) == 1
    assert read_baked_png(twice, keyword=OB3_KEYWORD) == "second"
    assert len(twice) == len(once) + 1


def test_legacy_text_chunks_with_the_keyword_are_dropped_and_others_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text(OB2_KEYWORD, "https://old.example/assertion")  # the pre-2.0 tEXt form
    info.add_itxt(OB2_KEYWORD, "older", zip=True)
    info.add_text("Comment", "kept")
    png = png_bytes(Image.new("RGB", (8, 8), "white"), pnginfo=info)
    baked = bake_png(png, keyword=OB2_KEYWORD, text="new")
    with Image.open(io.BytesIO(baked)) as image:
        assert image.text == {"Comment": "kept", OB2_KEYWORD: "new"}
    keywords = [data.split(b"\0")[0] for kind, data in chunks(baked) if kind in (b"tEXt", b"iTXt")]
    assert keywords.count(b"openbadges") == 1


def test_read_baked_png_reads_a_compressed_itxt_written_by_pillow():
    info = PngImagePlugin.PngInfo()
    info.add_itxt(OB3_KEYWORD, CREDENTIAL * 20, zip=True)
    png = png_bytes(Image.new("RGB", (8, 8)), pnginfo=info)
    assert read_baked_png(png, keyword=OB3_KEYWORD) == CREDENTIAL * 20


def corrupt(png: bytes, chunk_type: bytes) -> bytes:
    """`png` with one data byte of the first `chunk_type` chunk flipped (so its CRC is wrong)."""
    at = png.index(chunk_type) + 4
    return png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda png: b"GIF89a" + png[6:], id="signature"),
        pytest.param(lambda png: png[: len(png) // 2], id="truncated"),
        pytest.param(lambda png: corrupt(png, b"IDAT"), id="crc"),
        pytest.param(lambda png: png + b"trailing", id="after-iend"),
        pytest.param(lambda png: png[:8] + png[33:], id="no-ihdr"),
        pytest.param(lambda png: png[:-12], id="no-iend"),
    ],
)
def test_read_baked_png_refuses_malformed_png(small_png, damage):
    baked = bake_png(small_png, keyword=OB3_KEYWORD, text=JWT)
    with pytest.raises(BadPNG):
        read_baked_png(damage(baked), keyword=OB3_KEYWORD)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda png: b"\x89PNX" + png[4:], id="signature"),
        pytest.param(lambda png: png[:40], id="truncated"),
        pytest.param(lambda png: png[:8] + png[33:], id="no-ihdr"),
    ],
)
def test_bake_png_refuses_malformed_png(small_png, damage):
    with pytest.raises(BadPNG):
        bake_png(damage(small_png), keyword=OB3_KEYWORD, text=JWT)


@pytest.mark.parametrize("keyword", ["", "x" * 80, "bad\0key", " openbadges", "ключ"])
def test_invalid_keywords_are_refused(small_png, keyword):
    with pytest.raises(ValueError, match="keyword"):
        bake_png(small_png, keyword=keyword, text="x")


def test_baked_chunk_crc_is_correct(small_png):
    baked = bake_png(small_png, keyword=OB3_KEYWORD, text=CREDENTIAL)
    offset = len(PNG_SIGNATURE) + 25
    length, kind = struct.unpack_from(">I4s", baked, offset)
    (crc,) = struct.unpack_from(">I", baked, offset + 8 + length)
    assert kind == b"iTXt"
    assert crc == zlib.crc32(baked[offset + 4 : offset + 8 + length])


def test_baking_a_512px_badge_takes_microseconds():
    """DESIGN: chunk insertion is microseconds where a Pillow re-encode is tens of milliseconds.
    The bound is loose (a shared CI machine); the measured figure is in the report."""
    artwork = default_artwork(title="Peer Support Foundations")
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        bake_png(artwork, keyword=OB3_KEYWORD, text=CREDENTIAL)
    assert (time.perf_counter() - start) / runs < 0.002


# --- SVG ---------------------------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">\n'
    b"  <!-- artwork -->\n"
    b'  <circle cx="256" cy="256" r="200" fill="#1f5f8b"/>\n'
    b'  <text x="256" y="270">PSF</text>\n'
    b"</svg>\n"
)


def parse(svg: bytes) -> etree._Element:
    return etree.fromstring(svg)


def test_bake_svg_with_a_jwt_puts_it_in_the_verify_attribute():
    baked = bake_svg(SVG, ob3_credential_json_or_jwt=JWT)
    root = parse(baked)
    assert root.nsmap["openbadges"] == OB3_SVG_NAMESPACE == "https://purl.imsglobal.org/ob/v3p0"
    first = root[0]
    assert first.tag == f"{{{OB3_SVG_NAMESPACE}}}credential"
    assert first.get("verify") == JWT
    assert not (first.text or "").strip()
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked.split(b">")[1]
    found = read_baked_svg(baked)
    assert (found.version, found.verify, found.body) == (3, JWT, None)


def test_bake_svg_with_credential_json_puts_it_in_cdata():
    tricky = json.dumps({"name": "a]]>b", "proof": [{"type": "DataIntegrityProof"}]})
    baked = bake_svg(SVG, ob3_credential_json_or_jwt=tricky)
    assert b"<![CDATA[" in baked
    element = parse(baked)[0]
    assert element.get("verify") is None
    assert json.loads(element.text) == json.loads(tricky)
    found = read_baked_svg(baked)
    assert found.version == 3
    assert json.loads(found.body) == json.loads(tricky)


def test_bake_svg_ob2_hosted_assertion():
    url = "https://sebaya.example/ob2/assertions/5f0c.json"
    assertion = json.dumps({"id": url, "type": "Assertion", "verification": {"type": "hosted"}})
    baked = bake_svg(SVG, ob2_assertion_url=url, ob2_assertion_json=assertion)
    root = parse(baked)
    assert root.nsmap["openbadges"] == OB2_SVG_NAMESPACE == "http://openbadges.org"
    assert root[0].tag == f"{{{OB2_SVG_NAMESPACE}}}assertion"
    assert root[0].get("verify") == url
    found = read_baked_svg(baked)
    assert (found.version, found.verify, json.loads(found.body)) == (2, url, json.loads(assertion))
    url_only = parse(bake_svg(SVG, ob2_assertion_url=url))[0]
    assert url_only.get("verify") == url
    assert url_only.text is None


def test_bake_svg_keeps_the_image_and_replaces_earlier_baking():
    ob2 = bake_svg(SVG, ob2_assertion_url="https://sebaya.example/a.json")
    ob3 = bake_svg(ob2, ob3_credential_json_or_jwt=JWT)
    root = parse(ob3)
    assert root.nsmap["openbadges"] == OB3_SVG_NAMESPACE
    baked = root.findall(f"{{{OB2_SVG_NAMESPACE}}}assertion") + root.findall(
        f"{{{OB3_SVG_NAMESPACE}}}credential"
    )
    assert len(baked) == 1
    assert root.get("viewBox") == "0 0 512 512"
    svg = "{http://www.w3.org/2000/svg}"
    assert [el.tag for el in root if isinstance(el.tag, str)][1:] == [f"{svg}circle", f"{svg}text"]
    assert b"<!-- artwork -->" in ob3
    assert read_baked_svg(SVG) is None


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"ob3_credential_json_or_jwt": JWT, "ob2_assertion_url": "https://x.example/a"},
        {"ob2_assertion_json": "{}"},
        {"ob3_credential_json_or_jwt": "not a credential"},
    ],
)
def test_bake_svg_refuses_wrong_arguments(arguments):
    with pytest.raises(ValueError):
        bake_svg(SVG, **arguments)


@pytest.mark.parametrize(
    "svg",
    [
        b"<svg",
        b'<html xmlns="http://www.w3.org/1999/xhtml"/>',
        b"<svg/>",  # no SVG namespace
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    ],
)
def test_bake_svg_refuses_unusable_svg(svg):
    with pytest.raises(BadSVG):
        bake_svg(svg, ob3_credential_json_or_jwt=JWT)
    with pytest.raises(BadSVG):
        read_baked_svg(svg)
