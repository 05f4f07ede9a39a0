"""W3C Bitstring Status List: encoding, the bit order, entries and the list credential."""

import base64
import gzip
from datetime import UTC, datetime

import pytest

from certification.openbadges import (
    MIN_LENGTH,
    StatusListError,
    add_proof,
    canonicalize,
    decode_list,
    encode_list,
    get_bit,
    new_list,
    set_bit,
    status_entry,
    status_list_credential,
    verify_proof,
)

from .conftest import STATUS_URL


def test_new_list_is_16_kib_of_zeros():
    bits = new_list()
    assert len(bits) * 8 == MIN_LENGTH == 131072
    assert not any(bits)
    with pytest.raises(StatusListError):
        new_list(MIN_LENGTH - 8)
    with pytest.raises(StatusListError):
        new_list(MIN_LENGTH + 1)


def test_encoding_is_multibase_base64url_of_gzip():
    bits = new_list()
    encoded = encode_list(bits)
    assert encoded.startswith("u")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    body = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert raw == bytes(bits)
    assert encode_list(bits) == encoded  # deterministic (no timestamp in the gzip header)


def test_round_trip_with_bits_set():
    bits = new_list()
    for index in (0, 7, 8, 94567, MIN_LENGTH - 1):
        set_bit(bits, index, True)
    decoded = decode_list(encode_list(bits))
    assert decoded == bits
    assert [i for i in range(MIN_LENGTH) if get_bit(decoded, i)] == [0, 7, 8, 94567, MIN_LENGTH - 1]


def test_spec_bit_order():
    # Index 0 is the left-most bit of the first byte.
    bits = new_list()
    set_bit(bits, 0, True)
    assert bits[0] == 0b1000_0000
    set_bit(bits, 7, True)
    assert bits[0] == 0b1000_0001
    set_bit(bits, 9, True)
    assert bits[1] == 0b0100_0000
    set_bit(bits, 0, False)
    assert bits[0] == 0b0000_0001
    assert get_bit(bits, 7) and get_bit(bits, 9)
    assert not get_bit(bits, 0) and not get_bit(bits, 8)


def test_flipping_back_and_forth():
    bits = new_list()
    for _ in range(3):
        set_bit(bits, 12345, True)
        assert get_bit(decode_list(encode_list(bits)), 12345)
        set_bit(bits, 12345, False)
        assert not get_bit(decode_list(encode_list(bits)), 12345)


@pytest.mark.parametrize("index", [-1, MIN_LENGTH, 1.5, True, "3"])
def test_index_out_of_range(index):
    bits = new_list()
    with pytest.raises(StatusListError):
        get_bit(bits, index)
    with pytest.raises(StatusListError):
        set_bit(bits, index, True)


def _multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "encoded",
    [
        "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",  # no prefix
        "z" + "1" * 20,  # another multibase
        "u!!!!",  # not base64url
        _multibase(b"not gzip at all"),
        _multibase(gzip.compress(bytes(1024))),  # too short
        _multibase(gzip.compress(bytes(MIN_LENGTH // 8))[:-10]),  # truncated
        _multibase(gzip.compress(bytes(32 * 1024 * 1024))),  # a compressed bomb
        None,
    ],
)
def test_decode_refuses(encoded):
    with pytest.raises(StatusListError):
        decode_list(encoded)


def test_encode_refuses_a_short_list():
    with pytest.raises(StatusListError):
        encode_list(bytes(100))


def test_entry():
    assert status_entry(list_url=STATUS_URL, index=94567, purpose="revocation") == {
        "id": f"{STATUS_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": STATUS_URL,
    }
    with pytest.raises(StatusListError):
        status_entry(list_url=STATUS_URL, index=-1, purpose="revocation")
    with pytest.raises(StatusListError):
        status_entry(list_url=STATUS_URL, index=1, purpose="celebration")


def test_list_credential_signs_and_verifies(private_key, verification_method, resolver, issuer_did):
    bits = new_list()
    set_bit(bits, 94567, True)
    unsigned = status_list_credential(
        list_url=STATUS_URL,
        issuer=issuer_did,
        purpose="revocation",
        encoded_list=encode_list(bits),
        valid_from=datetime(2025, 3, 1, tzinfo=UTC),
    )
    assert unsigned["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert unsigned["credentialSubject"]["id"] == f"{STATUS_URL}#list"
    assert unsigned["credentialSubject"]["type"] == "BitstringStatusList"
    assert unsigned["validFrom"] == "2025-03-01T00:00:00Z"
    assert "BitstringStatusList>" in canonicalize(unsigned)
    signed = add_proof(unsigned, private_key=private_key, verification_method=verification_method)
    assert verify_proof(signed, resolve_public_key=resolver).valid
    assert get_bit(decode_list(signed["credentialSubject"]["encodedList"]), 94567)
    named = status_list_credential(
        list_url=STATUS_URL,
        issuer={"id": issuer_did, "name": "Sebaya Training"},
        purpose="suspension",
        encoded_list=encode_list(bits),
        valid_from=datetime(2025, 3, 1, tzinfo=UTC),
    )
    canonicalize(named)


def test_list_credential_refuses_a_bad_list(issuer_did):
    with pytest.raises(StatusListError):
        status_list_credential(
            list_url=STATUS_URL,
            issuer=issuer_did,
            purpose="revocation",
            encoded_list="uAAAA",
            valid_from=datetime(2025, 3, 1, tzinfo=UTC),
        )
