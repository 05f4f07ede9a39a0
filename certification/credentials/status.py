"""Bitstring Status Lists: where each credential's status bits live, and the signed list
credentials published at /status/<purpose>-<group>.

Every credential gets one random index in a group; the group has two lists (revocation and
suspension) and the credential's bit is at the same index in both. A group is filled to half
its length at most, so an index says little about who else is in the list. A list is re-signed
in the same transaction that flips one of its bits.
"""

from __future__ import annotations

import contextlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import openbadges as ob
from ..models import Credential, StatusList
from ..models.credentials import STATUS_LIST_LENGTH
from .signing import current_signer, issuer_did, site_url

FILL_LIMIT = STATUS_LIST_LENGTH // 2
PURPOSES = (StatusList.Purpose.REVOCATION, StatusList.Purpose.SUSPENSION)


def list_url(*, group: int, purpose: str) -> str:
    return f"{site_url()}/status/{purpose}-{group}"


def entry(*, group: int, index: int, purpose: str) -> dict:
    """The credential's `credentialStatus` entry in the list of `purpose`."""
    return ob.status_entry(
        list_url=list_url(group=group, purpose=purpose), index=index, purpose=purpose
    )


def _sign(status_list: StatusList) -> None:
    signer = current_signer()
    document = ob.status_list_credential(
        list_url=list_url(group=status_list.group, purpose=status_list.purpose),
        issuer=issuer_did(),
        purpose=status_list.purpose,
        encoded_list=ob.encode_list(bytes(status_list.bits)),
        valid_from=status_list.updated_at,
    )
    status_list.document = ob.add_proof(
        document, private_key=signer.private_key, verification_method=signer.verification_method
    )


def _new_group(group: int) -> None:
    """Create group `group`'s two lists; raises IntegrityError when another process did."""
    with transaction.atomic():
        for purpose in PURPOSES:
            status_list = StatusList(
                group=group, purpose=purpose, bits=bytes(ob.new_list(STATUS_LIST_LENGTH))
            )
            _sign(status_list)
            status_list.save()


def _head() -> StatusList | None:
    return (
        StatusList.objects.select_for_update()
        .filter(purpose=StatusList.Purpose.REVOCATION)
        .order_by("-group")
        .first()
    )


def allocate_index() -> tuple[int, int]:
    """A free (group, index) for a new credential. Call inside the issuing transaction: the
    group's revocation list row stays locked until it commits, so issuers take turns here."""
    head = _head()
    while head is None or head.allocated >= FILL_LIMIT:
        with contextlib.suppress(IntegrityError):  # another issuer opened it first: use theirs
            _new_group((head.group if head else 0) + 1)
        head = _head()
    while True:
        index = secrets.randbelow(head.length)
        if not Credential.objects.filter(
            status_list_group=head.group, status_list_index=index
        ).exists():
            break
    StatusList.objects.filter(group=head.group).update(allocated=head.allocated + 1)
    return head.group, index


def set_bit(*, credential: Credential, purpose: str, value: bool) -> None:
    """Set the credential's bit in its list of `purpose` and re-sign that list (in the caller's
    transaction)."""
    if credential.status_list_group is None:
        return
    with transaction.atomic():
        status_list = StatusList.objects.select_for_update().get(
            group=credential.status_list_group, purpose=purpose
        )
        bits = bytearray(status_list.bits)
        if ob.get_bit(bits, credential.status_list_index) == value:
            return
        ob.set_bit(bits, credential.status_list_index, value)
        status_list.bits = bytes(bits)
        status_list.updated_at = timezone.now()
        _sign(status_list)
        status_list.save(update_fields=["bits", "updated_at", "document"])


def list_document(slug: str) -> dict | None:
    """The signed list credential for /status/<slug>, or None for an unknown slug."""
    purpose, _, group = slug.partition("-")
    if purpose not in PURPOSES or not group.isdigit() or len(group) > 9:
        return None
    document = (
        StatusList.objects.filter(group=int(group), purpose=purpose)
        .values_list("document", flat=True)
        .first()
    )
    return document


def bit_of(*, credential: Credential, purpose: str) -> bool:
    """Whether the credential's bit is set in its published list of `purpose` (tests, checks)."""
    if credential.status_list_group is None:
        return False
    bits = (
        StatusList.objects.filter(group=credential.status_list_group, purpose=purpose)
        .values_list("bits", flat=True)
        .get()
    )
    return ob.get_bit(bytes(bits), credential.status_list_index)
