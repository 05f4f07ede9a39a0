"""W3C Bitstring Status List v1.0: the compressed bitstring, the `BitstringStatusListEntry` a
credential carries, and the (unsigned) `BitstringStatusListCredential` that publishes the list.

The bitstring is GZIP-compressed, then multibase-encoded as base64url without padding ('u'
prefix). Index 0 is the left-most (most significant) bit of the first byte. A list holds at least
131,072 entries (16 KiB), so that one credential's status hides among many.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from datetime import datetime
from typing import Any

from .errors import StatusListError
from .proofs import format_datetime

MIN_LENGTH = 131072  # entries (bits)
MIN_BYTES = MIN_LENGTH // 8
# A decoded list larger than this is refused (a compressed bomb, not a status list).
MAX_BYTES = 16 * 1024 * 1024
PURPOSES = ("revocation", "suspension", "refresh")
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"


def new_list(length: int = MIN_LENGTH) -> bytearray:
    """An all-zero bitstring of `length` entries (a multiple of 8, at least MIN_LENGTH)."""
    if length < MIN_LENGTH or length % 8:
        raise StatusListError(f"a status list has a multiple of 8 entries, at least {MIN_LENGTH}")
    return bytearray(length // 8)


def encode_list(bits: bytes | bytearray) -> str:
    """The `encodedList` value: 'u' + base64url-no-padding(gzip(bits))."""
    if len(bits) < MIN_BYTES:
        raise StatusListError(f"a status list has at least {MIN_LENGTH} entries")
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_list(encoded: str) -> bytearray:
    """The bitstring of an `encodedList`; raises `StatusListError` for a wrong multibase prefix,
    bad base64url or gzip, or a list shorter than MIN_LENGTH entries."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList must be multibase base64url ('u' prefix)")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise StatusListError(f"encodedList is not base64url: {error}") from error
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
    try:
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except zlib.error as error:
        raise StatusListError(f"encodedList is not gzip: {error}") from error
    if len(bits) > MAX_BYTES or inflater.unconsumed_tail:
        raise StatusListError("the status list is too large")
    if not inflater.eof:
        raise StatusListError("encodedList is truncated")
    if len(bits) < MIN_BYTES:
        raise StatusListError(
            f"a status list has at least {MIN_LENGTH} entries, got {len(bits) * 8}"
        )
    return bytearray(bits)


def _position(bits: bytes | bytearray, index: int) -> tuple[int, int]:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(bits) * 8:
        raise StatusListError(f"status list index out of range: {index!r}")
    return index // 8, 7 - index % 8


def get_bit(bits: bytes | bytearray, index: int) -> bool:
    """The status at `index` (index 0 is the left-most bit of the first byte)."""
    byte, shift = _position(bits, index)
    return bool(bits[byte] >> shift & 1)


def set_bit(bits: bytearray, index: int, value: bool) -> None:
    """Set the status at `index` in place."""
    byte, shift = _position(bits, index)
    if value:
        bits[byte] |= 1 << shift
    else:
        bits[byte] &= ~(1 << shift) & 0xFF


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise StatusListError(f"unsupported statusPurpose {purpose!r}; one of {PURPOSES}")


def status_entry(*, list_url: str, index: int, purpose: str) -> dict[str, Any]:
    """The `credentialStatus` entry pointing at `index` of the list published at `list_url`."""
    _check_purpose(purpose)
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise StatusListError(f"status list index out of range: {index!r}")
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    *,
    list_url: str,
    issuer: dict[str, Any] | str,
    purpose: str,
    encoded_list: str,
    valid_from: datetime,
) -> dict[str, Any]:
    """The unsigned `BitstringStatusListCredential` (VC 2.0) published at `list_url`; the caller
    adds the proof. Its only context is VC 2.0, so an `issuer` object may use only the terms that
    context defines (`id`, `name`, `description`); the issuer's id string is the usual value."""
    _check_purpose(purpose)
    decode_list(encoded_list)  # refuse to publish a malformed list
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list,
        },
    }
