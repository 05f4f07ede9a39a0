"""Ed25519 keys: generation, PEM storage of the private key, and the Multikey encoding of the
public key ('z' + base58btc(0xed 0x01 + 32 key bytes), i.e. "z6Mk…").

Private keys are serialised unencrypted (PKCS#8 PEM): whoever stores them protects them.
"""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import InvalidKey

# Multicodec "ed25519-pub" (0xed) as an unsigned varint.
ED25519_PUB_HEADER = b"\xed\x01"
# Multicodec "ed25519-priv" (0x1300) as an unsigned varint: used by published test vectors.
ED25519_PRIV_HEADER = b"\x80\x26"
KEY_LENGTH = 32


def generate_private_key() -> Ed25519PrivateKey:
    """A new random Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def private_key_from_pem(data: bytes | str) -> Ed25519PrivateKey:
    """Load an unencrypted PKCS#8 PEM Ed25519 private key; raises `InvalidKey`."""
    raw = data.encode("ascii") if isinstance(data, str) else data
    try:
        key = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError) as error:
        raise InvalidKey(f"not an unencrypted PEM private key: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidKey(f"not an Ed25519 private key: {type(key).__name__}")
    return key


def private_key_to_pem(key: Ed25519PrivateKey) -> bytes:
    """The key as unencrypted PKCS#8 PEM."""
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def _raw_public(public_key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    if isinstance(public_key, Ed25519PrivateKey):
        public_key = public_key.public_key()
    if not isinstance(public_key, Ed25519PublicKey):
        raise InvalidKey(f"not an Ed25519 public key: {type(public_key).__name__}")
    return public_key.public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )


def public_key_multibase(public_key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The Multikey `publicKeyMultibase` of an Ed25519 public key (a private key is accepted and
    its public half encoded)."""
    return "z" + base58.b58encode(ED25519_PUB_HEADER + _raw_public(public_key)).decode("ascii")


def _decode_multibase(value: str, header: bytes) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise InvalidKey("expected a base58btc multibase value ('z' prefix)")
    try:
        decoded = base58.b58decode(value[1:])
    except ValueError as error:
        raise InvalidKey(f"not base58btc: {error}") from error
    if decoded[: len(header)] != header:
        raise InvalidKey("wrong multicodec header for an Ed25519 key")
    raw = decoded[len(header) :]
    if len(raw) != KEY_LENGTH:
        raise InvalidKey(f"an Ed25519 key is {KEY_LENGTH} bytes, got {len(raw)}")
    return raw


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Decode a Multikey `publicKeyMultibase` ("z6Mk…"); raises `InvalidKey` for another
    multibase, another key type or a wrong length."""
    raw = _decode_multibase(value, ED25519_PUB_HEADER)
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as error:
        raise InvalidKey(str(error)) from error


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """Decode a Multikey `secretKeyMultibase` ("z3u2…", multicodec ed25519-priv), the form the
    W3C test vectors publish; raises `InvalidKey`."""
    return Ed25519PrivateKey.from_private_bytes(_decode_multibase(value, ED25519_PRIV_HEADER))


def key_fingerprint(public_key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """A stable identifier of a public key: its Multikey multibase string."""
    return public_key_multibase(public_key)
