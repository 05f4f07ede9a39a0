"""Exceptions of the rendering package."""

from __future__ import annotations

from typing import Any


class RenderingError(Exception):
    """Base of every error raised by `certification.rendering`."""


class BadPNG(RenderingError, ValueError):
    """The bytes are not a well-formed PNG datastream (signature, chunk layout or CRC)."""


class BadSVG(RenderingError, ValueError):
    """The bytes are not a well-formed SVG document that may be baked."""


class ArtworkError(RenderingError):
    """An uploaded artwork file was refused; `message` is translated and safe to show the user.

    `template`, `code` and `params` match Django's `ValidationError`, so a form can re-raise it
    as `ValidationError(error.template, code=error.code, params=error.params)`.
    """

    def __init__(self, template: Any, *, code: str, params: dict[str, Any] | None = None) -> None:
        self.template = template
        self.code = code
        self.params = params or {}
        super().__init__(code)

    @property
    def message(self) -> str:
        """The message in the active language, with its parameters filled in."""
        text = str(self.template)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message
