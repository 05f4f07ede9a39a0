"""Ed25519 keys: PEM, Multikey encoding and its validation."""

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from certification.openbadges import (
    InvalidKey,
    generate_private_key,
    key_fingerprint,
    private_key_from_pem,
    private_key_to_pem,
    public_key_from_multibase,
    public_key_multibase,
)
from certification.openbadges.keys import private_key_from_multibase

SPEC_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
SPEC_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def test_pem_round_trip():
    key = generate_private_key()
    pem = private_key_to_pem(key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    again = private_key_from_pem(pem.decode())
    assert public_key_multibase(again) == public_key_multibase(key)


def test_pem_of_another_key_type_is_refused():
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(InvalidKey):
        private_key_from_pem(other)
    with pytest.raises(InvalidKey):
        private_key_from_pem(b"not a key")


def test_multikey_round_trip():
    key = generate_private_key()
    encoded = public_key_multibase(key.public_key())
    assert encoded.startswith("z6Mk")
    assert key_fingerprint(key.public_key()) == encoded
    decoded = public_key_from_multibase(encoded)
    assert public_key_multibase(decoded) == encoded


def test_spec_key_pair():
    # The key pair of the W3C vc-di-eddsa test vectors.
    assert public_key_multibase(private_key_from_multibase(SPEC_SECRET)) == SPEC_PUBLIC


@pytest.mark.parametrize(
    "value",
    [
        SPEC_PUBLIC[1:],  # no multibase prefix
        "u" + SPEC_PUBLIC[1:],  # another multibase
        "z" + base58.b58encode(b"\x12\x00" + bytes(32)).decode(),  # another multicodec
        "z" + base58.b58encode(b"\xed\x01" + bytes(31)).decode(),  # too short
        "z" + base58.b58encode(b"\xed\x01" + bytes(33)).decode(),  # too long
        "z0OIl",  # not base58
        SPEC_SECRET,  # a secret key is not a public key
        None,
    ],
)
def test_bad_multikeys_are_refused(value):
    with pytest.raises(InvalidKey):
        public_key_from_multibase(value)
