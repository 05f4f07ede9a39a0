"""Each programme's badge artwork, prepared once: an uploaded PNG validated and fitted, an uploaded
SVG validated and cleaned, or a default design drawn. Baking (see `baking`) then only inserts a
chunk into the prepared bytes.

Errors are `ArtworkError`s whose message is translated and meant for the person uploading.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import warnings

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from lxml import etree
from PIL import Image, ImageColor, ImageDraw, ImageOps

from ._xml import SVG_NAMESPACE, XLINK_NAMESPACE, UnsafeXML, parse_svg_root, serialize
from .errors import ArtworkError
from .typography import pil_font

ARTWORK_SIZE = 512
MAX_PNG_BYTES = 5 * 1024 * 1024
MAX_PNG_DIMENSION = 4096
MAX_SVG_BYTES = 1024 * 1024
DEFAULT_COLOR = "#1f5f8b"

# Data URLs that an SVG may embed: raster images only (an embedded SVG could carry its own script).
_ALLOWED_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_JAVASCRIPT = re.compile(r"^\s*(javascript|vbscript):", re.IGNORECASE)
_HREF_ATTRIBUTES = frozenset({"href", f"{{{XLINK_NAMESPACE}}}href"})
# Attributes in these namespaces are kept; elements and attributes of other namespaces (editor
# metadata such as Inkscape's, RDF, earlier baked Open Badges data) are dropped.
_KEPT_ATTRIBUTE_NAMESPACES = frozenset({XLINK_NAMESPACE, "http://www.w3.org/XML/1998/namespace"})


def _too_large(limit: int) -> ArtworkError:
    return ArtworkError(
        _("The file is too large: it may be at most %(limit)s."),
        code="too_large",
        params={"limit": filesizeformat(limit)},
    )


# --- PNG ---------------------------------------------------------------------------------------


def prepare_png_artwork(data: bytes) -> bytes:
    """Validate an uploaded PNG and return it as the programme's artwork.

    Refused (with `ArtworkError`): more than 5 MB, not a PNG, more than 4096 pixels wide or high
    (checked from the header before any pixel is decoded, so decompression bombs never expand),
    animated (APNG), or damaged. The image is converted to RGBA, scaled to fit a 512x512 square
    (centred on transparent padding), and saved as an optimised PNG with no metadata at all
    (no text chunks, so no earlier Open Badges data; no EXIF or ICC profile).
    """
    if len(data) > MAX_PNG_BYTES:
        raise _too_large(MAX_PNG_BYTES)
    too_many_pixels = ArtworkError(
        _("The image may be at most %(limit)s by %(limit)s pixels."),
        code="too_many_pixels",
        params={"limit": MAX_PNG_DIMENSION},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except (OSError, SyntaxError, ValueError) as exc:  # UnidentifiedImageError is an OSError
        raise ArtworkError(_("The file is not a valid PNG image."), code="not_png") from exc
    with image:
        if max(image.size) > MAX_PNG_DIMENSION:
            raise too_many_pixels
        if getattr(image, "is_animated", False):
            raise ArtworkError(
                _("Animated images cannot be used as badge artwork."), code="animated"
            )
        try:
            image.load()
            rgba = _to_rgba(image)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ArtworkError(
                _("The image could not be read: the file may be damaged."), code="damaged"
            ) from exc
    fitted = ImageOps.contain(rgba, (ARTWORK_SIZE, ARTWORK_SIZE), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (ARTWORK_SIZE, ARTWORK_SIZE), (0, 0, 0, 0))
    canvas.paste(fitted, ((ARTWORK_SIZE - fitted.width) // 2, (ARTWORK_SIZE - fitted.height) // 2))
    return _save_png(canvas)


def _to_rgba(image: Image.Image) -> Image.Image:
    """`image` in RGBA, honouring palette transparency; 16-bit and float greys go through L."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.point(lambda value: value * (1 / 256)).convert("L")
    return image.convert("RGBA")


def _save_png(image: Image.Image) -> bytes:
    """`image` as optimised PNG bytes, with nothing but the image (a fresh image has no info)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- SVG ---------------------------------------------------------------------------------------


def validate_svg_artwork(data: bytes) -> bytes:
    """Validate an uploaded SVG and return it cleaned, as the programme's artwork.

    Parsed safely (no DTD, no entity expansion, no network). Refused (with `ArtworkError`): more
    than 1 MB, not well-formed, a DTD, a root other than `<svg>`, `<script>`, `<foreignObject>`,
    event handler attributes (`on…`), `javascript:` URLs, animations that change links, and any
    reference outside the file (`href`, CSS `url(…)` and `@import` other than `#fragment` or a
    `data:image/png|jpeg|gif|webp` URL). Cleaning drops comments, processing instructions, and
    elements and attributes of other namespaces (editor metadata, earlier Open Badges data).
    """
    if len(data) > MAX_SVG_BYTES:
        raise _too_large(MAX_SVG_BYTES)
    try:
        root = parse_svg_root(data)
    except UnsafeXML as exc:
        raise ArtworkError(_("The file is not a valid SVG image."), code="not_svg") from exc
    _clean_svg(root)
    for element in root.iter():
        _check_svg_element(element)
    return serialize(root)


def _namespace(name: str) -> str | None:
    return etree.QName(name).namespace


def _clean_svg(root: etree._Element) -> None:
    """Drop comments, processing instructions, and foreign-namespace elements and attributes."""
    for node in list(root.iter()):
        if node is root:
            continue
        if not isinstance(node.tag, str) or _namespace(node.tag) != SVG_NAMESPACE:
            _drop(node)
    for element in root.iter():
        for name in list(element.attrib):
            namespace = _namespace(name)
            if namespace is not None and namespace not in _KEPT_ATTRIBUTE_NAMESPACES:
                del element.attrib[name]
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NAMESPACE, "xlink": XLINK_NAMESPACE})


def _drop(node: etree._Element) -> None:
    """Remove `node` (and its subtree) but keep the text after it."""
    parent = node.getparent()
    if parent is None:  # already removed with an ancestor
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _is_local_reference(url: str) -> bool:
    url = url.strip()
    return url.startswith("#") or bool(_ALLOWED_DATA_URL.match(url))


def _check_svg_element(element: etree._Element) -> None:
    local_name = etree.QName(element).localname
    if local_name == "script":
        raise ArtworkError(_("SVG files with scripts are not accepted."), code="script")
    if local_name == "foreignObject":
        raise ArtworkError(
            _("SVG files with embedded HTML (foreignObject) are not accepted."),
            code="foreign_object",
        )
    if local_name in ("animate", "set") and element.get("attributeName", "").endswith("href"):
        raise ArtworkError(_("SVG files with scripts are not accepted."), code="script")
    if local_name == "style" and not _css_is_local(element.text or ""):
        raise _external_reference()
    for name, value in element.attrib.items():
        attribute = etree.QName(name).localname
        if attribute.lower().startswith("on"):
            raise ArtworkError(
                _("SVG files with event handler attributes (such as onclick) are not accepted."),
                code="event_handler",
            )
        if _JAVASCRIPT.match(value):
            raise ArtworkError(_("SVG files with scripts are not accepted."), code="script")
        if name in _HREF_ATTRIBUTES and not _is_local_reference(value):
            raise _external_reference()
        if "url(" in value.lower() and not _css_is_local(value):
            raise _external_reference()


def _css_is_local(css: str) -> bool:
    """Whether CSS text references nothing outside the file (no @import, only local url())."""
    if "@import" in css.lower():
        return False
    return all(_is_local_reference(match.group(2)) for match in _CSS_URL.finditer(css))


def _external_reference() -> ArtworkError:
    return ArtworkError(
        _(
            "SVG files may not load anything from elsewhere: embed images in the file instead "
            "of linking to them."
        ),
        code="external_reference",
    )


# --- default design ----------------------------------------------------------------------------

_SUPERSAMPLE = 2  # drawn at twice the size and scaled down: smooth edges
_WHITE = (255, 255, 255)
_INK = (17, 24, 39)


def _relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    light, dark = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def initials(title: str, *, limit: int = 3) -> str:
    """Up to `limit` initials of `title`: of its capitalised words when it has two or more
    (so "Grundlagen der Peer-Beratung" gives "GP"), else of its words; a one-word title gives
    its first two letters."""
    words = [word for word in re.split(r"[\s\-\u2013\u2014/]+", title) if word[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    capitalised = [word for word in words if word[0].isupper() or word[0].isdigit()]
    chosen = capitalised if len(capitalised) >= 2 else words
    return "".join(word[0] for word in chosen[:limit]).upper()


def _fit_size(text: str, *, width: float, largest: int, smallest: int, bold: bool) -> int:
    """The largest font size in [smallest, largest] at which `text` is at most `width` wide."""
    size = largest
    while size > smallest and pil_font(size=size, bold=bold).getlength(text) > width:
        size -= 2
    return size


def _wrap(text: str, *, width: float, size: int, bold: bool, max_lines: int) -> list[str] | None:
    """`text` in at most `max_lines` lines no wider than `width`, or None if it does not fit."""
    font = pil_font(size=size, bold=bold)
    average = font.getlength("abcdefghijklmnopqrstuvwxyz") / 26
    for columns in range(max(int(width / average) + 4, 4), 3, -1):
        lines = textwrap.wrap(text, width=columns, break_long_words=True)
        if all(font.getlength(line) <= width for line in lines):
            return lines if len(lines) <= max_lines else None
    return None


def _fit_lines(text: str, *, width: float, largest: int, smallest: int) -> tuple[list[str], int]:
    """`text` wrapped in up to three lines at the largest size that fits (ellipsised at the
    smallest size if even that does not fit)."""
    if not text:
        return [], largest
    for size in range(largest, smallest - 1, -2):
        lines = _wrap(text, width=width, size=size, bold=True, max_lines=3)
        if lines:
            return lines, size
    font = pil_font(size=smallest, bold=True)
    lines = textwrap.wrap(text, width=max(int(width / (smallest * 0.55)), 4))[:3]
    while lines and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return lines, smallest


def default_artwork(*, title: str, subtitle: str = "", color: str = DEFAULT_COLOR) -> bytes:
    """Draw a default badge for a programme: a 512x512 RGBA PNG with transparent corners.

    A rosette in `color` with a white ring, the title's initials large, the title wrapped in up
    to three lines below, and `subtitle` (e.g. the level or issuer) small at the bottom. The text
    is white or near-black, whichever contrasts more with `color` (at least 4.5:1 for any colour
    but a few mid-greys, where neither reaches it and the larger wins). `color` is any CSS colour
    Pillow understands (`#rgb`, `#rrggbb`, a name); an invalid one raises `ValueError`.
    """
    fill = ImageColor.getrgb(color)[:3]
    ink = max((_WHITE, _INK), key=lambda candidate: contrast_ratio(candidate, fill))
    scale = _SUPERSAMPLE
    size = ARTWORK_SIZE * scale
    centre = size / 2
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def circle(radius: float, colour: tuple[int, ...], cx: float = centre, cy: float = centre):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)

    # The rosette: scallops around a disc, then a white ring inside.
    scallops, ring = 24, 214 * scale
    for index in range(scallops):
        angle = 2 * math.pi * index / scallops
        circle(34 * scale, fill, centre + ring * math.cos(angle), centre + ring * math.sin(angle))
    circle(218 * scale, fill)
    circle(196 * scale, _WHITE)
    circle(186 * scale, fill)

    def text(y: float, line: str, font_size: int, bold: bool = True) -> None:
        font = pil_font(size=font_size * scale, bold=bold)
        draw.text((centre, y * scale), line, font=font, fill=ink, anchor="mm")

    letters = initials(title)
    letters_size = _fit_size(letters, width=250, largest=128, smallest=48, bold=True)
    text(176, letters, letters_size)
    draw.line(
        (centre - 70 * scale, 250 * scale, centre + 70 * scale, 250 * scale),
        fill=ink,
        width=3 * scale,
    )
    lines, title_size = _fit_lines(title.strip(), width=290, largest=34, smallest=18)
    line_height = title_size * 1.25
    top = 290 + (3 - len(lines)) * line_height / 2
    for index, line in enumerate(lines):
        text(top + index * line_height, line, title_size)
    if subtitle.strip():
        sub_size = _fit_size(subtitle.strip(), width=200, largest=20, smallest=12, bold=False)
        text(398, subtitle.strip(), sub_size, bold=False)
    return _save_png(image.resize((ARTWORK_SIZE, ARTWORK_SIZE), Image.Resampling.LANCZOS))
