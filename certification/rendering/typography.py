"""The shipped font: Noto Sans (SIL Open Font License 1.1), regular and bold.

Noto Sans covers Latin with Latin Extended-A, -B and Additional (so German, Indonesian and any
other Latin-script name), Greek and Cyrillic. The files come from a registry package recorded in
`fonts/manifest.json` with their SHA-256, and `fonts/OFL.txt` is their licence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "NotoSans"
REGULAR_FONT = FONT_DIR / "NotoSans-Regular.ttf"
BOLD_FONT = FONT_DIR / "NotoSans-Bold.ttf"
MANIFEST = FONT_DIR / "manifest.json"


def font_path(*, bold: bool = False) -> Path:
    """The path of the regular or bold face."""
    return BOLD_FONT if bold else REGULAR_FONT


@lru_cache(maxsize=64)
def pil_font(*, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A Pillow font of the shipped face at `size` pixels (cached: loading parses the file)."""
    return ImageFont.truetype(str(font_path(bold=bold)), size=size)
