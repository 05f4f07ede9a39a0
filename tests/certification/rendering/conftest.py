"""Images the rendering tests start from, made with Pillow."""

import io

import pytest
from PIL import Image


def png_bytes(image: Image.Image, **save_options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **save_options)
    return buffer.getvalue()


@pytest.fixture
def small_png() -> bytes:
    """A 64x48 RGBA PNG with a gradient (so its pixels can be compared after baking)."""
    image = Image.new("RGBA", (64, 48))
    image.putdata([(x * 4, y * 5, 128, 255) for y in range(48) for x in range(64)])
    return png_bytes(image)
