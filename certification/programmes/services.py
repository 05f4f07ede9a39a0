"""Every write a trainee or supervisor makes towards a programme besides courses and quizzes:
logging, withdrawing and deciding on supervised practicum hours, and signing a code of ethics.

Who decides on practicum hours: the supervisors of the organisation the hours were logged with
(its active supervisors; in an organisation without one, its active coordinators — see
`lms.organizations.api.supervisor_ids`), never the trainee themselves, and only while the
trainee is still an active member. A trainee logs hours only with an organisation they are an
active member of where someone else supervises.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import api as courses
from lms.events import api as events
from lms.organizations import api as organizations

from ..events import (
    AttestationSigned,
    PracticumApproved,
    PracticumLogged,
    PracticumRejected,
    PracticumWithdrawn,
)
from ..models import Credential, EthicsAttestation, EthicsCode, PracticumEntry

MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal(12)
HOURS_STEP = Decimal("0.25")
OLDEST_DAYS = 365
DESCRIPTION_MAX = 1000
TYPED_NAME_MAX = 200

_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}", re.IGNORECASE)
# A run of digits with the separators phone numbers are written with; dates are told apart below.
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s\-./()]{5,}\d")
_DATE = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$")


class PracticumError(Exception):
    """Base of the refusals below; views say what happened in the trainee's language."""


class EntryNotFound(PracticumError):
    """Not an entry the user may act on (another's, another organisation's, or none)."""


class NotASupervisor(PracticumError):
    """The user does not supervise in the entry's organisation."""


class OwnEntry(PracticumError):
    """A supervisor cannot decide on their own hours."""


class AlreadyDecided(PracticumError):
    """The entry is no longer waiting (approved, rejected or withdrawn already)."""

    def __init__(self, entry: PracticumEntry):
        super().__init__(f"practicum entry {entry.public_id} is {entry.status}")
        self.entry = entry


class AlreadySigned(Exception):
    """The user signed this version of the code already, and no renewal asks for it again."""

    def __init__(self, attestation: EthicsAttestation):
        super().__init__(f"attestation {attestation.public_id} exists")
        self.attestation = attestation


# Validation (the form uses the same checks field by field) -----------------------------------


def contains_contact_details(text: str) -> bool:
    """Whether `text` holds something that looks like an e-mail address or a phone number."""
    if _EMAIL.search(text):
        return True
    for match in _DIGIT_RUN.finditer(text):
        candidate = match.group().strip()
        if _DATE.match(candidate):
            continue
        digits = sum(char.isdigit() for char in candidate)
        if digits >= 8 or (candidate.startswith("+") and digits >= 7):
            return True
    return False


def validate_practicum_date(value: Date, *, today: Date | None = None) -> None:
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if value < today - timedelta(days=OLDEST_DAYS):
        raise ValidationError(
            _("Hours can be logged up to a year after the practice, not later."), code="too_old"
        )


def validate_practicum_hours(value: Decimal) -> None:
    try:
        hours = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Enter a number of hours."), code="invalid") from None
    if hours < MIN_HOURS or hours > MAX_HOURS:
        raise ValidationError(
            _("Enter between 0.25 and 12 hours for one day."), code="out_of_range"
        )
    if hours % HOURS_STEP:
        raise ValidationError(
            _("Enter hours in quarter hours, e.g. 1.25 or 2.5."), code="not_quarter"
        )


def validate_practicum_description(value: str) -> None:
    if len(value) > DESCRIPTION_MAX:
        raise ValidationError(
            _("Describe what you did in at most %(limit)s characters."),
            params={"limit": DESCRIPTION_MAX},
            code="too_long",
        )
    if contains_contact_details(value):
        raise ValidationError(
            _(
                "Remove the e-mail address or phone number. Do not write anything that could "
                "identify the people you supported."
            ),
            code="contact_details",
        )


def validate_domain(value: str) -> None:
    if value not in courses.COMPETENCY_DOMAIN_SLUGS:
        raise ValidationError(_("Choose a competency domain from the list."), code="domain")


# Practicum ---------------------------------------------------------------------------------


def _facts(entry: PracticumEntry) -> dict:
    return {
        "entry_id": entry.public_id,
        "holder_id": entry.user.public_id,
        "organization_id": entry.organization.public_id,
        "date": entry.date.isoformat(),
        "hours": f"{entry.hours:.2f}",
        "domain": entry.domain,
    }


@transaction.atomic
def practicum_log(
    *,
    user,
    organization_id: int,
    date: Date,
    hours: Decimal,
    domain: str,
    description: str,
) -> PracticumEntry:
    """Log `hours` of supervised practice on `date`, for a supervisor of the organisation to
    decide on. Records certification.practicum.logged.v1.

    Raises ValidationError (a dict by field) when the organisation is not one of the user's with
    someone else supervising, the date is in the future or more than a year ago, the hours are
    not quarter hours between 0.25 and 12, the domain is unknown, or the description is too long
    or holds an e-mail address or phone number.
    """
    description = description.strip()
    errors: dict[str, list] = {}
    checks = [
        ("date", validate_practicum_date, date),
        ("hours", validate_practicum_hours, hours),
        ("domain", validate_domain, domain),
        ("description", validate_practicum_description, description),
    ]
    for field, check, value in checks:
        try:
            check(value)
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.error_list)
    if not description:
        errors.setdefault("description", []).append(
            ValidationError(_("Describe what you did."), code="required")
        )
    if organization_id not in {
        organization.id for organization in organizations.organizations_with_supervisor_for(user)
    }:
        errors.setdefault("organization", []).append(
            ValidationError(
                _("Choose one of your organisations that has a supervisor."),
                code="organization",
            )
        )
    if errors:
        raise ValidationError(errors)
    entry = PracticumEntry.objects.create(
        user=user,
        organization_id=organization_id,
        date=date,
        hours=Decimal(hours).quantize(Decimal("0.01")),
        domain=domain,
        description=description,
    )
    entry = PracticumEntry.objects.select_related("user", "organization").get(pk=entry.pk)
    events.record(PracticumLogged(**_facts(entry)))
    return entry


def _locked(entry: PracticumEntry) -> PracticumEntry:
    """The entry's row, locked until the transaction ends: of two requests deciding (or
    withdrawing) at once, the second sees the first one's outcome."""
    return (
        PracticumEntry.objects.select_for_update(of=("self",))
        .select_related("user", "organization")
        .get(pk=entry.pk)
    )


@transaction.atomic
def practicum_withdraw(*, entry: PracticumEntry, user) -> PracticumEntry:
    """The trainee withdraws their own pending entry. Records
    certification.practicum.withdrawn.v1. Raises EntryNotFound (not theirs), AlreadyDecided."""
    entry = _locked(entry)
    if entry.user_id != user.pk:
        raise EntryNotFound(str(entry.public_id))
    if entry.status != PracticumEntry.Status.PENDING:
        raise AlreadyDecided(entry)
    entry.status = PracticumEntry.Status.WITHDRAWN
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_at"])
    events.record(PracticumWithdrawn(**_facts(entry)))
    return entry


@transaction.atomic
def practicum_decide(
    *, entry: PracticumEntry, supervisor, approve: bool, note: str = ""
) -> PracticumEntry:
    """A supervisor of the entry's organisation approves or rejects a pending entry, once.
    Records certification.practicum.approved.v1 (approved hours count towards programmes from
    then) or certification.practicum.rejected.v1.

    Raises NotASupervisor (the user does not supervise in the entry's organisation),
    EntryNotFound (the trainee is no longer an active member), OwnEntry, AlreadyDecided (also
    when another supervisor decided a moment earlier: the row is locked).
    """
    entry = _locked(entry)
    if supervisor.pk not in organizations.supervisor_ids(entry.organization_id):
        raise NotASupervisor(str(entry.public_id))
    if entry.user_id == supervisor.pk:
        raise OwnEntry(str(entry.public_id))
    if entry.user_id not in organizations.member_ids(entry.organization_id):
        raise EntryNotFound(str(entry.public_id))
    if entry.status != PracticumEntry.Status.PENDING:
        raise AlreadyDecided(entry)
    entry.status = PracticumEntry.Status.APPROVED if approve else PracticumEntry.Status.REJECTED
    entry.decided_by = supervisor
    entry.decided_at = timezone.now()
    entry.decision_note = note.strip()[:DESCRIPTION_MAX]
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    event = PracticumApproved if approve else PracticumRejected
    events.record(event(**_facts(entry), supervisor_id=supervisor.public_id))
    return entry


# Ethics -------------------------------------------------------------------------------------


def renewal_since(*, user_id: int, code: EthicsCode) -> Credential | None:
    """The user's latest credential (current or expired) of a programme that asks for this
    code: signing again after it became valid is a renewal's re-attestation."""
    return (
        Credential.objects.filter(
            holder_id=user_id,
            programme__ethics_code__translation_key=code.translation_key,
            status__in=[
                Credential.Status.ACTIVE,
                Credential.Status.SUSPENDED,
                Credential.Status.EXPIRED,
            ],
        )
        .order_by("-valid_from")
        .first()
    )


def attestation_current(*, user_id: int, code: EthicsCode) -> EthicsAttestation | None:
    """The user's signature of this version of the code that still counts: the latest one, if
    it was made after their latest credential of a programme asking for the code became valid
    (or they hold none). None when they have not signed, or a renewal asks them to sign again."""
    latest = (
        EthicsAttestation.objects.filter(
            user_id=user_id, code_key=code.translation_key, version=code.version
        )
        .order_by("-signed_at")
        .first()
    )
    if latest is None:
        return None
    credential = renewal_since(user_id=user_id, code=code)
    if credential is not None and latest.signed_at < credential.valid_from:
        return None
    return latest


@transaction.atomic
def attestation_sign(
    *, user, code: EthicsCode, language_code: str, typed_name: str
) -> EthicsAttestation:
    """`user` signs the version of the code of ethics they were shown (`code`, the row in the
    language displayed): the attestation keeps the version, the language, the SHA-256 digest of
    that exact text and the name they typed. Records certification.attestation.signed.v1.

    Signing a version again counts only for a renewal (when the last signature predates the
    user's latest credential of a programme asking for the code): otherwise raises
    AlreadySigned and changes nothing. Raises ValidationError when `typed_name` is empty or
    too long.
    """
    typed_name = " ".join(typed_name.split())
    if not typed_name:
        raise ValidationError({"typed_name": [_("Type your full name to sign.")]})
    if len(typed_name) > TYPED_NAME_MAX:
        raise ValidationError({"typed_name": [_("Your name can be at most 200 characters long.")]})
    # Serialise the user's signatures: a double submit signs once.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    current = attestation_current(user_id=user.pk, code=code)
    if current is not None:
        raise AlreadySigned(current)
    attestation = EthicsAttestation.objects.create(
        user=user,
        code_key=code.translation_key,
        version=code.version,
        language_code=language_code,
        text_sha256=code.text_sha256,
        typed_name=typed_name,
    )
    events.record(
        AttestationSigned(
            attestation_id=attestation.public_id,
            holder_id=user.public_id,
            code_id=code.translation_key,
            version=code.version,
            language=language_code,
        )
    )
    return attestation
