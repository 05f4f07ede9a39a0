"""Rendering of credentials as files: pure functions over plain data, no models.

- `baking`: Open Badges baking of PNG (an `iTXt` chunk inserted into the bytes) and SVG images.
- `artwork`: each programme's badge artwork, prepared once (validated, fitted, stripped) or drawn.
- `certificate`: the PDF certificate in the holder's language, with a QR code.
- `qr`: QR codes (PNG and SVG) for the public verification page.
- `typography`: the shipped open-licence font (Noto Sans) used by all of the above.

Errors derive from `errors.RenderingError`.
"""
