"""Who verified a credential: every verification through the partner API, and visits to the
public verification page by anyone but the holder, are logged; the holder sees the log.

    log_verifications(credentials=[...], channel="api", organization=org, api_key=key)
    verifications_for_holder(user, limit=20) -> list[HolderVerification]

Logging is one INSERT however many credentials (bulk_create; a single row, the hot path of the
partner API, as a plain parameterised INSERT). A partner is named to the holder by its
organisation's name; a page visit is anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import connection
from django.utils import timezone

from ..models import Credential, VerificationLog

Channel = VerificationLog.Channel


def log_verifications(
    *,
    credentials: Iterable[Credential | int],
    channel: str,
    organization=None,
    api_key=None,
) -> int:
    """Record one verification per credential (instances or primary keys; repeats count). Returns
    how many were recorded."""
    now = timezone.now()
    organization_id = getattr(organization, "pk", organization)
    prefix = getattr(api_key, "prefix", "") or ""
    rows = [
        VerificationLog(
            credential_id=getattr(credential, "pk", credential),
            at=now,
            channel=Channel(channel),
            organization_id=organization_id,
            api_key_prefix=prefix,
        )
        for credential in credentials
    ]
    if len(rows) == 1:
        _insert_one(rows[0])
    elif rows:
        VerificationLog.objects.bulk_create(rows)
    return len(rows)


def _insert_one(row: VerificationLog) -> None:
    quote = connection.ops.quote_name
    columns = ["credential_id", "at", "channel", "organization_id", "api_key_prefix"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(VerificationLog._meta.db_table)} "  # noqa: S608 - names from the models; values are parameters
            f"({', '.join(quote(column) for column in columns)}) VALUES (%s, %s, %s, %s, %s)",
            [
                row.credential_id,
                VerificationLog._meta.get_field("at").get_db_prep_value(row.at, connection),
                row.channel,
                row.organization_id,
                row.api_key_prefix,
            ],
        )


@dataclass(frozen=True)
class HolderVerification:
    at: datetime
    channel: str
    channel_label: str
    organization_name: str  # "" for an anonymous visit to the public page
    credential_id: UUID
    programme_name: str


def verifications_for_holder(user, limit: int = 20) -> list[HolderVerification]:
    """The latest verifications of `user`'s credentials, newest first (one query)."""
    rows = (
        VerificationLog.objects.filter(credential__holder=user)
        .order_by("-at", "-pk")
        .values(
            "at",
            "channel",
            "organization__name",
            "credential__public_id",
            "credential__programme__name",
        )[:limit]
    )
    labels = dict(Channel.choices)
    return [
        HolderVerification(
            at=row["at"],
            channel=row["channel"],
            channel_label=str(labels.get(row["channel"], row["channel"])),
            organization_name=row["organization__name"] or "",
            credential_id=row["credential__public_id"],
            programme_name=row["credential__programme__name"],
        )
        for row in rows
    ]
