"""Every change to a credential: issuing (by the rules or by an administrator), suspending,
reinstating, revoking, expiring, reminding, renewing, and the holder's display choices.

Each is one transaction that writes the change, a `CredentialTransition` audit row and the
domain event together. Issuance is idempotent: a holder has at most one current (active or
suspended) credential per programme (a unique constraint), so duplicate and out-of-order events
issue once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import api as courses
from lms.events import api as events

from ..events import (
    CredentialExpired,
    CredentialExpiring,
    CredentialIssued,
    CredentialReinstated,
    CredentialRenewed,
    CredentialRevoked,
    CredentialSuspended,
    CredentialVisibilityChanged,
)
from ..models import Credential, CredentialReminder, CredentialTransition, Programme, StatusList
from . import documents, rules, status

logger = logging.getLogger(__name__)

Status = Credential.Status
Action = CredentialTransition.Action
CURRENT = (Status.ACTIVE, Status.SUSPENDED)


class CredentialTransitionError(Exception):
    """The change is not allowed in the credential's state; the message is for people."""


class RequirementsNotMet(CredentialTransitionError):
    pass


class RenewalNotDue(CredentialTransitionError):
    pass


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _facts(credential: Credential) -> dict:
    return {
        "credential_id": credential.public_id,
        "holder_id": credential.holder.public_id,
        "programme_id": credential.programme_key,
    }


def _transition(
    credential: Credential,
    *,
    action: str,
    from_status: str,
    actor=None,
    reason_code: str = "",
    note: str = "",
    event_id=None,
) -> CredentialTransition:
    return CredentialTransition.objects.create(
        credential=credential,
        action=action,
        from_status=from_status,
        to_status=credential.status,
        actor=actor,
        reason_code=reason_code,
        note=note,
        event_id=event_id,
    )


def _locked(credential: Credential) -> Credential:
    return (
        Credential.objects.select_for_update(of=("self",))
        .select_related("holder", "programme")
        .get(pk=credential.pk)
    )


# Issuance ------------------------------------------------------------------------------------


def _valid_until(programme: Programme, valid_from: datetime) -> datetime | None:
    if not programme.validity_months:
        return None
    return valid_from + relativedelta(months=programme.validity_months)


def _create(
    *,
    holder,
    programme: Programme,
    origin: str,
    valid_from: datetime,
    renews: Credential | None = None,
) -> Credential:
    """A new signed credential row (inside the caller's transaction)."""
    group, index = status.allocate_index()
    credential = Credential(
        holder=holder,
        programme=programme,
        programme_key=programme.translation_key,
        origin=origin,
        issued_at=timezone.now(),
        valid_from=valid_from,
        valid_until=_valid_until(programme, valid_from),
        # Never the e-mail address: the name is public. The holder can change it.
        display_name=(holder.display_name or _("Credential holder"))[:200],
        language_code=holder.preferred_language or "en",
        hours={
            slug: str(hours)
            for slug, hours in courses.hours_by_domain_slug(user_id=holder.pk).items()
        },
        practicum_hours=rules.approved_practicum_hours(user_id=holder.pk),
        renews=renews,
        status_list_group=group,
        status_list_index=index,
    )
    credential.save()
    documents.sign(credential)
    credential.save(update_fields=["document", "jwt", "signing_key"])
    return credential


def _issue(*, holder, programme: Programme, origin: str, actor=None, note: str = "") -> Credential:
    programme = rules.programme_source(programme)
    try:
        with transaction.atomic():
            credential = _create(
                holder=holder, programme=programme, origin=origin, valid_from=timezone.now()
            )
            event = events.record(
                CredentialIssued(
                    **_facts(credential),
                    origin=origin,
                    valid_from=_iso(credential.valid_from),
                    valid_until=_iso(credential.valid_until),
                )
            )
            _transition(
                credential,
                action=Action.AWARDED if origin == Credential.Origin.AWARDED else Action.ISSUED,
                from_status="",
                actor=actor,
                note=note,
                event_id=event.event_id,
            )
    except IntegrityError:
        # Someone else issued it first (a duplicate event, a double click): theirs stands.
        existing = Credential.objects.filter(
            holder=holder, programme_key=programme.translation_key, status__in=CURRENT
        ).first()
        if existing is None:
            raise
        return existing
    return credential


def current_credential(*, holder_id: int, programme: Programme) -> Credential | None:
    return Credential.objects.filter(
        holder_id=holder_id,
        programme_key=rules.programme_source(programme).translation_key,
        status__in=CURRENT,
    ).first()


def credential_award(*, holder, programme: Programme, actor, reason: str) -> Credential:
    """An administrator awards the credential without the rules (e.g. recognised prior
    certification). Refused when the holder already holds a current one."""
    if not reason.strip():
        raise CredentialTransitionError(_("Say why the credential is awarded."))
    if current_credential(holder_id=holder.pk, programme=programme) is not None:
        raise CredentialTransitionError(_("This person already holds this credential."))
    return _issue(
        holder=holder,
        programme=programme,
        origin=Credential.Origin.AWARDED,
        actor=actor,
        note=reason.strip(),
    )


@dataclass(frozen=True)
class Evaluation:
    issued: tuple[Credential, ...]
    renewed: tuple[Credential, ...]


def credentials_evaluate(*, user_id: int) -> Evaluation:
    """Issue every programme credential whose requirements the user now meets, and renew every
    credential of theirs whose renewal is due and met. Safe to call any number of times, from
    any event, in any order: it reads the current state, never the event."""
    holder = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if holder is None:
        return Evaluation(issued=(), renewed=())
    held = {
        row.programme_key: row
        for row in Credential.objects.filter(holder_id=user_id)
        .exclude(status=Status.REPLACED)
        .order_by("issued_at")
    }
    hours = courses.hours_by_domain_slug(user_id=user_id)
    issued, renewed = [], []
    for programme in rules.source_programmes():
        credential = held.get(programme.translation_key)
        if credential is not None and renewal_open(credential):
            if rules.renewal_checklist(credential=credential).met:
                renewed.append(credential_renew(credential=credential))
        elif (credential is None or credential.status == Status.EXPIRED) and rules.checklist(
            user_id=user_id, programme=programme, hours=hours
        ).met:
            # Never held, or expired past the grace period: the full requirements again. A
            # revoked credential is not re-earned automatically.
            issued.append(
                _issue(holder=holder, programme=programme, origin=Credential.Origin.EARNED)
            )
    return Evaluation(issued=tuple(issued), renewed=tuple(renewed))


# Lifecycle -----------------------------------------------------------------------------------


def credential_suspend(
    *, credential: Credential, actor, until: date | None, reason_code: str, note: str
) -> Credential:
    """Suspend an active credential (e.g. during an ethics investigation), until a date or until
    reinstated."""
    if not note.strip():
        raise CredentialTransitionError(_("Write a note saying why."))
    if until is not None and until <= timezone.localdate():
        raise CredentialTransitionError(_("The end of the suspension must be in the future."))
    with transaction.atomic():
        credential = _locked(credential)
        if credential.status != Status.ACTIVE:
            raise CredentialTransitionError(_("Only a valid credential can be suspended."))
        previous = credential.status
        credential.status = Status.SUSPENDED
        credential.suspended_until = until
        credential.save(update_fields=["status", "suspended_until"])
        status.set_bit(credential=credential, purpose=StatusList.Purpose.SUSPENSION, value=True)
        event = events.record(
            CredentialSuspended(
                **_facts(credential),
                until=until.isoformat() if until else None,
                reason_code=reason_code or "unspecified",
            )
        )
        _transition(
            credential,
            action=Action.SUSPENDED,
            from_status=previous,
            actor=actor,
            reason_code=reason_code,
            note=note.strip(),
            event_id=event.event_id,
        )
    return credential


def credential_reinstate(*, credential: Credential, actor, note: str = "") -> Credential:
    """End a suspension (an administrator, or the daily task on its end date). A credential
    whose validity ended meanwhile becomes expired instead."""
    with transaction.atomic():
        credential = _locked(credential)
        if credential.status != Status.SUSPENDED:
            raise CredentialTransitionError(_("Only a suspended credential can be reinstated."))
        previous = credential.status
        credential.status = Status.ACTIVE
        credential.suspended_until = None
        credential.save(update_fields=["status", "suspended_until"])
        status.set_bit(credential=credential, purpose=StatusList.Purpose.SUSPENSION, value=False)
        event = events.record(CredentialReinstated(**_facts(credential)))
        _transition(
            credential,
            action=Action.REINSTATED,
            from_status=previous,
            actor=actor,
            note=note.strip(),
            event_id=event.event_id,
        )
    if credential.valid_until is not None and credential.valid_until <= timezone.now():
        return credential_expire(credential=credential)
    return credential


def credential_revoke(*, credential: Credential, actor, reason_code: str, note: str) -> Credential:
    """Revoke for good (an active, suspended or expired credential)."""
    if reason_code not in Credential.RevocationReason.values:
        raise CredentialTransitionError(_("Choose a reason for the revocation."))
    if not note.strip():
        raise CredentialTransitionError(_("Write a note saying why."))
    with transaction.atomic():
        credential = _locked(credential)
        if credential.status in (Status.REVOKED, Status.REPLACED):
            raise CredentialTransitionError(_("This credential can no longer be revoked."))
        previous = credential.status
        credential.status = Status.REVOKED
        credential.revocation_reason = reason_code
        credential.suspended_until = None
        credential.save(update_fields=["status", "revocation_reason", "suspended_until"])
        status.set_bit(credential=credential, purpose=StatusList.Purpose.REVOCATION, value=True)
        event = events.record(CredentialRevoked(**_facts(credential), reason_code=reason_code))
        _transition(
            credential,
            action=Action.REVOKED,
            from_status=previous,
            actor=actor,
            reason_code=reason_code,
            note=note.strip(),
            event_id=event.event_id,
        )
    return credential


def credential_expire(*, credential: Credential, now: datetime | None = None) -> Credential:
    """The end of the validity (the daily task). Only an active credential past its validity."""
    now = now or timezone.now()
    with transaction.atomic():
        credential = _locked(credential)
        if (
            credential.status != Status.ACTIVE
            or credential.valid_until is None
            or credential.valid_until > now
        ):
            return credential
        previous = credential.status
        credential.status = Status.EXPIRED
        credential.save(update_fields=["status"])
        event = events.record(
            CredentialExpired(**_facts(credential), valid_until=_iso(credential.valid_until))
        )
        _transition(
            credential, action=Action.EXPIRED, from_status=previous, event_id=event.event_id
        )
    return credential


def renewal_open(credential: Credential, *, now: datetime | None = None) -> bool:
    """Renewal is open from the programme's first reminder before expiry until the end of its
    grace period after expiry."""
    if credential.valid_until is None or credential.status not in (Status.ACTIVE, Status.EXPIRED):
        return False
    now = now or timezone.now()
    programme = credential.programme
    opens = credential.valid_until - timedelta(days=programme.first_reminder_days)
    closes = credential.valid_until + timedelta(days=programme.grace_days)
    return opens <= now <= closes


def credential_renew(*, credential: Credential, actor=None) -> Credential:
    """Issue the next credential of the cycle (valid from the old one's end, or from now if it
    already ended), signed anew, and mark the old one replaced."""
    with transaction.atomic():
        credential = _locked(credential)
        if not renewal_open(credential):
            raise RenewalNotDue(_("This credential cannot be renewed now."))
        if not rules.renewal_checklist(credential=credential).met:
            raise RequirementsNotMet(_("The renewal requirements are not met yet."))
        previous = credential.status
        credential.status = Status.REPLACED
        credential.save(update_fields=["status"])
        _transition(credential, action=Action.REPLACED, from_status=previous, actor=actor)
        now = timezone.now()
        valid_from = max(credential.valid_until, now) if previous == Status.ACTIVE else now
        new = _create(
            holder=credential.holder,
            programme=credential.programme,
            origin=Credential.Origin.RENEWED,
            valid_from=valid_from,
            renews=credential,
        )
        new.display_name = credential.display_name
        new.is_public = credential.is_public
        new.save(update_fields=["display_name", "is_public"])
        event = events.record(
            CredentialRenewed(
                **_facts(new),
                previous_credential_id=credential.public_id,
                valid_from=_iso(new.valid_from),
                valid_until=_iso(new.valid_until),
            )
        )
        _transition(
            new, action=Action.RENEWED, from_status="", actor=actor, event_id=event.event_id
        )
    return new


def credential_remind(*, credential: Credential, days_before: int) -> bool:
    """Record the expiring event for this reminder day once and e-mail the holder after commit.
    Returns whether a reminder was sent now."""
    with transaction.atomic():
        credential = _locked(credential)
        if credential.status != Status.ACTIVE or credential.valid_until is None:
            return False
        try:
            with transaction.atomic():
                CredentialReminder.objects.create(credential=credential, days_before=days_before)
        except IntegrityError:
            return False
        event = events.record(
            CredentialExpiring(
                **_facts(credential),
                valid_until=_iso(credential.valid_until),
                days_before=days_before,
            )
        )
        _transition(
            credential,
            action=Action.EXPIRING,
            from_status=credential.status,
            reason_code=f"{days_before}d",
            event_id=event.event_id,
        )
    return True


@dataclass(frozen=True)
class DailyResult:
    reminded: int
    expired: int
    reinstated: int


def credentials_daily(*, now: datetime | None = None) -> DailyResult:
    """The daily task: reinstate suspensions whose end date came, send the reminders that are
    due, expire what ended. Each credential is its own transaction; reruns change nothing."""
    now = now or timezone.now()
    reinstated = 0
    for credential in Credential.objects.filter(
        status=Status.SUSPENDED, suspended_until__lte=now.date()
    ).select_related("holder", "programme"):
        try:
            credential_reinstate(
                credential=credential, actor=None, note=_("The suspension reached its end date.")
            )
            reinstated += 1
        except CredentialTransitionError:
            pass
    reminded = 0
    horizon = now + timedelta(days=365)
    candidates = Credential.objects.filter(
        status=Status.ACTIVE, valid_until__gt=now, valid_until__lte=horizon
    ).select_related("programme", "holder")
    for credential in candidates:
        due = [
            days
            for days in credential.programme.reminder_day_list
            if credential.valid_until - timedelta(days=days) <= now
        ]
        if due and credential_remind(credential=credential, days_before=min(due)):
            reminded += 1
    expired = 0
    for credential in Credential.objects.filter(status=Status.ACTIVE, valid_until__lte=now):
        if credential_expire(credential=credential, now=now).status == Status.EXPIRED:
            expired += 1
    return DailyResult(reminded=reminded, expired=expired, reinstated=reinstated)


# The holder's choices ------------------------------------------------------------------------


def credential_display_set(
    *, credential: Credential, holder, display_name: str, is_public: bool
) -> Credential:
    """The holder chooses the name their verification page shows and whether it is public."""
    display_name = " ".join(display_name.split())
    if not display_name:
        raise CredentialTransitionError(_("Enter the name to show."))
    if len(display_name) > 200:
        raise CredentialTransitionError(_("The name can have at most 200 characters."))
    with transaction.atomic():
        credential = _locked(credential)
        if credential.holder_id != holder.pk:
            raise Credential.DoesNotExist
        if credential.display_name == display_name and credential.is_public == is_public:
            return credential
        visibility_changed = credential.is_public != is_public
        credential.display_name = display_name
        credential.is_public = is_public
        credential.save(update_fields=["display_name", "is_public"])
        event_id = None
        if visibility_changed:
            event_id = events.record(
                CredentialVisibilityChanged(**_facts(credential), is_public=is_public)
            ).event_id
        _transition(
            credential,
            action=Action.DISPLAY_CHANGED,
            from_status=credential.status,
            actor=holder,
            event_id=event_id,
        )
    return credential
