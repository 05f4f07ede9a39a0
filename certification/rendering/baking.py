"""Open Badges baking: the credential embedded in the badge image itself.

PNG (Open Badges 2.0 Baking and Open Badges 3.0 §5.3): one uncompressed `iTXt` chunk whose
keyword is `openbadges` (OB 2.0: the assertion JSON, its signed form or the hosted assertion's
URL) or `openbadgecredential` (OB 3.0: the credential JSON or its compact JWS), with empty
language tag and translated keyword. The chunk is inserted straight into the PNG bytes right after
`IHDR` (so before any `IDAT`, where a reader that stops at the first match finds it early),
without decoding the image: microseconds instead of the tens of milliseconds a re-encode costs.
An existing text chunk with the same keyword is replaced, so the keyword appears only once.

SVG: `xmlns:openbadges` on the `<svg>` element and, as its first child,
- OB 2.0 (namespace `http://openbadges.org`): `<openbadges:assertion verify="…">`, where `verify`
  is the hosted assertion's URL or the signed assertion; the assertion JSON, if given, is the
  element's body in a CDATA section;
- OB 3.0 (namespace `https://purl.imsglobal.org/ob/v3p0`): `<openbadges:credential>`; a VC-JWT
  goes in its `verify` attribute (empty body), a credential with an embedded proof goes in its
  body as JSON in a CDATA section (no `verify`).
One image carries one of the two: the specifications bind the same `openbadges` prefix on `<svg>`
to different namespaces.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from ._xml import UnsafeXML, parse_svg_root, serialize
from .errors import BadPNG, BadSVG

OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"

OB2_SVG_NAMESPACE = "http://openbadges.org"
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_PREFIX = "openbadges"
_OB2_SVG_TAG = f"{{{OB2_SVG_NAMESPACE}}}assertion"
_OB3_SVG_TAG = f"{{{OB3_SVG_NAMESPACE}}}credential"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT_CHUNK_TYPES = frozenset({b"tEXt", b"zTXt", b"iTXt"})
_MAX_CHUNK_LENGTH = 2**31 - 1  # PNG: a chunk's length is at most 2^31 - 1
# A compressed iTXt is not what the specifications allow, but a reader tolerates it within reason.
_MAX_DECOMPRESSED_TEXT = 16 * 1024 * 1024
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")


@dataclass(slots=True)
class _Chunk:
    type: bytes
    start: int  # offset of the chunk's length field
    end: int  # offset just past its CRC
    data_start: int

    def data(self, png: bytes) -> bytes:
        return png[self.data_start : self.end - 4]


def _chunks(png: bytes, *, check_crc: bool) -> Iterator[_Chunk]:
    """Every chunk of `png`, checking the signature and the datastream's layout: IHDR first and
    13 bytes long, IEND last and nothing after it, lengths in range, types of four ASCII letters,
    and (with `check_crc`) every CRC. Raises `BadPNG`."""
    if not isinstance(png, bytes | bytearray):
        raise TypeError("png must be bytes")
    if not png.startswith(PNG_SIGNATURE):
        raise BadPNG("not a PNG: wrong signature")
    offset, size, first = len(PNG_SIGNATURE), len(png), True
    while True:
        if offset + 12 > size:
            raise BadPNG("truncated PNG: missing IEND chunk")
        length, chunk_type = struct.unpack_from(">I4s", png, offset)
        if length > _MAX_CHUNK_LENGTH:
            raise BadPNG(f"chunk at {offset} is too long")
        if not (chunk_type.isascii() and chunk_type.isalpha()):
            raise BadPNG(f"invalid chunk type {chunk_type!r} at {offset}")
        data_start = offset + 8
        end = data_start + length + 4
        if end > size:
            raise BadPNG(f"truncated {chunk_type.decode()} chunk at {offset}")
        if check_crc:
            (crc,) = struct.unpack_from(">I", png, end - 4)
            if zlib.crc32(png[offset + 4 : end - 4]) != crc:
                raise BadPNG(f"CRC mismatch in {chunk_type.decode()} chunk at {offset}")
        if first and (chunk_type != b"IHDR" or length != 13):
            raise BadPNG("the first chunk is not a valid IHDR")
        first = False
        yield _Chunk(chunk_type, offset, end, data_start)
        if chunk_type == b"IEND":
            if end != size:
                raise BadPNG("data after the IEND chunk")
            return
        offset = end


def _text_keyword(data: bytes) -> bytes:
    """The keyword of a tEXt, zTXt or iTXt chunk's data (all three start with `keyword\\0`)."""
    return data.split(b"\0", 1)[0]


def _encode_keyword(keyword: str) -> bytes:
    try:
        encoded = keyword.encode("latin-1")
    except UnicodeEncodeError:
        encoded = b""
    if not 1 <= len(encoded) <= 79 or b"\0" in encoded or keyword != keyword.strip():
        raise ValueError(f"invalid PNG text keyword: {keyword!r}")
    return encoded


def _make_chunk(chunk_type: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + chunk_type
        + data
        + struct.pack(">I", zlib.crc32(chunk_type + data))
    )


def bake_png(png: bytes, *, keyword: str, text: str) -> bytes:
    """Return `png` with one uncompressed `iTXt` chunk (`keyword`, UTF-8 `text`) right after IHDR.

    Any existing `tEXt`/`zTXt`/`iTXt` chunk with the same keyword is dropped. The image data are
    not decoded and other chunks are copied as they are; the layout of the input is checked, but
    not the CRCs of the copied chunks (that would cost more than the whole insertion: the input is
    artwork this package prepared; `read_baked_png` checks every CRC).

    Use `OB2_KEYWORD` with the OB 2.0 assertion JSON (or its URL) and `OB3_KEYWORD` with the signed
    OB 3.0 credential JSON (or its compact JWT). Raises `BadPNG` for a malformed PNG and
    `ValueError` for an invalid keyword.
    """
    encoded_keyword = _encode_keyword(keyword)
    chunk = _make_chunk(b"iTXt", encoded_keyword + b"\0\0\0\0\0" + text.encode("utf-8"))
    view = memoryview(png)  # slices of a view are not copies: the join below copies once
    parts: list[bytes | memoryview] = []
    copied_from = 0
    for found in _chunks(png, check_crc=False):
        if found.type == b"IHDR":
            parts += [view[: found.end], chunk]
            copied_from = found.end
        elif found.type in _TEXT_CHUNK_TYPES and _text_keyword(found.data(png)) == encoded_keyword:
            parts.append(view[copied_from : found.start])
            copied_from = found.end
    parts.append(view[copied_from:])
    return b"".join(parts)


def read_baked_png(png: bytes, *, keyword: str) -> str | None:
    """The text of the first `iTXt` chunk with `keyword` in `png`, or None if there is none.

    The whole datastream is checked first (signature, layout and every CRC), so a damaged file is
    reported as such rather than read in part. Raises `BadPNG`.
    """
    encoded_keyword = _encode_keyword(keyword)
    found_text: str | None = None
    for found in _chunks(png, check_crc=True):
        if found_text is None and found.type == b"iTXt":
            data = found.data(png)
            if _text_keyword(data) == encoded_keyword:
                found_text = _itxt_text(data, len(encoded_keyword))
    return found_text


def _itxt_text(data: bytes, keyword_length: int) -> str:
    """The text of an iTXt chunk's data: keyword NUL, compression flag and method, language tag
    NUL, translated keyword NUL, text (UTF-8, zlib-compressed when the flag is 1)."""
    header_end = keyword_length + 3
    if len(data) < header_end:
        raise BadPNG("truncated iTXt chunk")
    compressed, method = data[keyword_length + 1], data[keyword_length + 2]
    rest = data[header_end:]
    parts = rest.split(b"\0", 2)
    if len(parts) != 3:
        raise BadPNG("malformed iTXt chunk")
    raw = parts[2]
    if compressed:
        if compressed != 1 or method != 0:
            raise BadPNG("unknown iTXt compression")
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(raw, _MAX_DECOMPRESSED_TEXT)
        except zlib.error as exc:
            raise BadPNG("corrupt compressed iTXt text") from exc
        if inflater.unconsumed_tail:
            raise BadPNG("compressed iTXt text is too large")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadPNG("iTXt text is not UTF-8") from exc


# --- SVG ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BakedSVG:
    """What `read_baked_svg` found: the Open Badges version (2 or 3), the `verify` attribute
    (a URL, a signed assertion or a JWT) and the body (JSON) of the baked element."""

    version: Literal[2, 3]
    verify: str | None
    body: str | None


def _is_json(text: str) -> bool:
    return text.lstrip().startswith("{")


def _cdata(json_text: str) -> etree.CDATA:
    # "]]>" cannot end a CDATA section early: in JSON it can only occur inside a string, where
    # "\u003e" is the same character, so the JSON (and anything signed over its data) is unchanged.
    return etree.CDATA(json_text.replace("]]>", "]]\\u003e"))


def bake_svg(
    svg: bytes,
    *,
    ob3_credential_json_or_jwt: str | None = None,
    ob2_assertion_url: str | None = None,
    ob2_assertion_json: str | None = None,
) -> bytes:
    """Return `svg` baked with an OB 3.0 credential or an OB 2.0 assertion (see module doc).

    Give either `ob3_credential_json_or_jwt` (JSON with an embedded proof, or a compact JWS), or
    `ob2_assertion_url` (the hosted assertion's URL or a signed assertion, for `verify`) with
    optionally `ob2_assertion_json` (the assertion, as the body). Any element baked before (of
    either version) is replaced. The SVG is parsed safely (no DTD, entities or network); comments
    and the rest of the document are kept. Raises `BadSVG` for an unusable SVG and `ValueError`
    for a wrong combination of arguments or a credential that is neither JSON nor a JWT.
    """
    if (ob3_credential_json_or_jwt is None) == (ob2_assertion_url is None):
        raise ValueError("give either ob3_credential_json_or_jwt or ob2_assertion_url")
    if ob2_assertion_json is not None and ob2_assertion_url is None:
        raise ValueError("ob2_assertion_json needs ob2_assertion_url (the verify attribute)")
    try:
        root = parse_svg_root(svg)
    except UnsafeXML as exc:
        raise BadSVG(str(exc)) from exc

    if ob3_credential_json_or_jwt is not None:
        namespace, tag = OB3_SVG_NAMESPACE, _OB3_SVG_TAG
        credential = ob3_credential_json_or_jwt.strip()
        if _is_json(credential):
            verify, body = None, credential
        elif _COMPACT_JWS.match(credential):
            verify, body = credential, None
        else:
            raise ValueError("the OB 3.0 credential is neither JSON nor a compact JWS")
    else:
        namespace, tag = OB2_SVG_NAMESPACE, _OB2_SVG_TAG
        verify, body = ob2_assertion_url, ob2_assertion_json

    for old in list(root.iterchildren(_OB2_SVG_TAG, _OB3_SVG_TAG)):
        _remove_keeping_tail(old)
    # The prefix goes on <svg>, as the specifications show; lxml fixes an element's namespace
    # map at creation, so the root is recreated with the children moved over.
    nsmap = {prefix: uri for prefix, uri in root.nsmap.items() if prefix != SVG_PREFIX}
    nsmap[SVG_PREFIX] = namespace
    baked_root = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=nsmap)
    baked_root.text = root.text
    element = etree.SubElement(baked_root, tag)
    if verify is not None:
        element.set("verify", verify)
    if body is not None:
        element.text = _cdata(body)
    element.tail = root.text or "\n"
    baked_root.extend(list(root))
    return serialize(baked_root)


def _remove_keeping_tail(element: etree._Element) -> None:
    """Remove `element`, keeping the text that followed it (lxml stores it on the element)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def read_baked_svg(svg: bytes) -> BakedSVG | None:
    """The first baked Open Badges element (OB 3.0 credential or OB 2.0 assertion) of `svg`, or
    None. Raises `BadSVG` for an unusable SVG."""
    try:
        root = parse_svg_root(svg)
    except UnsafeXML as exc:
        raise BadSVG(str(exc)) from exc
    for element in root.iter(_OB3_SVG_TAG, _OB2_SVG_TAG):
        body = (element.text or "").strip() or None
        version: Literal[2, 3] = 3 if element.tag == _OB3_SVG_TAG else 2
        return BakedSVG(version=version, verify=element.get("verify"), body=body)
    return None
