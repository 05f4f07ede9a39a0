"""A minimal PDF reader for the tests, enough for what fpdf2 writes (no extra dependency).

fpdf2 embeds TrueType fonts as Type0/Identity-H fonts, so text in a content stream is a sequence
of two-byte glyph codes, not characters; each font's /ToUnicode CMap maps the codes back to
Unicode (it is also what viewers and screen readers use to copy and read text). So this reader:
1. finds every object through the cross-reference table (offsets, so binary font data can never
   be mistaken for PDF syntax) and inflates FlateDecode streams with zlib;
2. builds, for each font resource name (/F1, /F2 …), the code → text map from its ToUnicode CMap;
3. tokenises the page content streams and decodes the strings shown by Tj/TJ/'/" with the font
   selected by the last Tf.
Passing here means a PDF viewer's text extraction, search and screen readers get the same text.
"""

from __future__ import annotations

import re
import zlib

_OBJ_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")
_REF = re.compile(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+0\s+R")
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)"  # literal string (fpdf2 escapes parentheses)
    rb"|<[0-9A-Fa-f\s]*>"  # hex string
    rb"|/[^\s/<>\[\]()]+"  # name
    rb"|\[|\]"
    rb"|[^\s\[\]()<>/]+",  # number or operator
    re.S,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """{object number: (dictionary text, inflated stream or None)} via the xref table."""
    start = int(re.search(rb"startxref\s+(\d+)", pdf[-1024:]).group(1))
    assert pdf[start : start + 4] == b"xref", "no classic xref table"
    lines = pdf[start:].split(b"trailer")[0].split(b"\n")[1:]
    result: dict[int, tuple[bytes, bytes | None]] = {}
    index = 0
    for line in lines:
        parts = line.split()
        if len(parts) == 2:  # subsection header: first object number, count
            index = int(parts[0])
        elif len(parts) == 3:
            offset, _generation, kind = parts
            if kind == b"n":
                result[index] = _object_at(pdf, int(offset))
            index += 1
    return result


def _object_at(pdf: bytes, offset: int) -> tuple[bytes, bytes | None]:
    header = _OBJ_HEADER.match(pdf, offset)
    assert header, f"no object at {offset}"
    body_start = header.end()
    end = pdf.index(b"endobj", body_start)
    stream_at = pdf.find(b"stream", body_start, end)
    if stream_at == -1:
        return pdf[body_start:end], None
    dictionary = pdf[body_start:stream_at]
    length = int(re.search(rb"/Length\s+(\d+)", dictionary).group(1))
    data_start = stream_at + len(b"stream")
    data_start += 2 if pdf[data_start : data_start + 2] == b"\r\n" else 1
    data = pdf[data_start : data_start + length]
    if b"/FlateDecode" in dictionary:
        data = zlib.decompress(data)
    return dictionary, data


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        char = literal[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        nxt = literal[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            i += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _string_bytes(token: bytes) -> bytes:
    if token.startswith(b"("):
        return _unescape(token[1:-1])
    return bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())


def _cmap(data: bytes) -> dict[int, str]:
    """Code → text from a ToUnicode CMap's bfchar and bfrange sections."""
    mapping: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, text in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section
        ):
            first = int(text, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def extract_text(pdf: bytes) -> str:
    """The text shown on all pages, one line per text-showing operation."""
    objs = objects(pdf)
    cmaps: dict[bytes, dict[int, str]] = {}
    contents: list[bytes] = []
    for dictionary, _stream in objs.values():
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", dictionary, re.S)
        if font_dict:
            for name, number in _REF.findall(font_dict.group(1)):
                font = objs[int(number)][0]
                to_unicode = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", font)
                if to_unicode:
                    cmaps[name] = _cmap(objs[int(to_unicode.group(1))][1])
        if re.search(rb"/Type\s*/Page\b", dictionary):
            for number in re.findall(rb"/Contents\s+(\d+)\s+0\s+R", dictionary):
                contents.append(objs[int(number)][1])
    lines: list[str] = []
    for content in contents:
        font: dict[int, str] = {}
        operands: list[bytes] = []
        for token in _TOKEN.findall(content):
            if token == b"Tf":
                font = cmaps.get(operands[-2][1:], {})
            elif token in (b"Tj", b"'", b'"'):
                lines.append(_decode(_string_bytes(operands[-1]), font))
            elif token == b"TJ":
                shown = [t for t in operands[operands.index(b"[") :] if t[:1] in (b"(", b"<")]
                lines.append("".join(_decode(_string_bytes(t), font) for t in shown))
            if token[:1].isalpha() or token in (b"'", b'"'):
                operands = []
            else:
                operands.append(token)
    return "\n".join(lines)


def _decode(codes: bytes, font: dict[int, str]) -> str:
    return "".join(
        font.get(int.from_bytes(codes[i : i + 2], "big"), "\ufffd") for i in range(0, len(codes), 2)
    )


def info(pdf: bytes, key: str) -> str | None:
    """A document information entry (/Title, /Author …) as text: fpdf2 writes Latin-1 text as a
    literal string and anything else as UTF-16BE hex with a byte order mark."""
    trailer = pdf[pdf.rindex(b"trailer") :]
    number = int(re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer).group(1))
    dictionary = objects(pdf)[number][0]
    match = re.search(
        rb"/" + key.encode() + rb"\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", dictionary
    )
    if not match:
        return None
    raw = _string_bytes(match.group(1))
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")
