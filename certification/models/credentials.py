"""Credentials, their audit trail, the status lists that publish their state, and the public
half of the signing keys.

A credential's `status` is the stored state of its lifecycle (active, suspended, revoked,
expired, replaced); "expiring" is not stored: an active credential is expiring once its first
reminder is due (see `Credential.is_expiring`). Every transition goes through
`certification.credentials.services`, which writes a `CredentialTransition` and records the
domain event in the same transaction.

Private signing keys are never stored here: production reads them from configuration
(`SEBAYA_SIGNING_KEY`); a `SigningKey` row keeps the public key so that credentials signed with
a retired key still verify through the DID document.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STATUS_LIST_LENGTH = 131_072  # Bitstring Status List's minimum, for herd privacy


class Credential(models.Model):
    """A programme's credential held by a person; `public_id` is its public, stable identifier
    (/credentials/<public_id>/)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")
        REPLACED = "replaced", _("Replaced by a renewal")

    class Origin(models.TextChoices):
        EARNED = "earned", _("Requirements met")
        AWARDED = "awarded", _("Awarded by an administrator")
        RENEWED = "renewed", _("Renewal")

    class RevocationReason(models.TextChoices):
        ETHICS_VIOLATION = "ethics_violation", _("Violation of the code of ethics")
        ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
        FRAUD = "fraud", _("Fraud or misrepresentation")
        HOLDER_REQUEST = "holder_request", _("At the holder's request")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="credentials",
        verbose_name=_("holder"),
    )
    programme = models.ForeignKey(
        "certification.Programme",
        on_delete=models.PROTECT,
        related_name="credentials",
        verbose_name=_("programme"),
        help_text=_("The programme in its source language."),
    )
    programme_key = models.UUIDField(_("programme"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.EARNED
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    renews = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )

    # What the holder chose to show.
    display_name = models.CharField(_("name shown"), max_length=200)
    is_public = models.BooleanField(
        _("public verification page"),
        default=True,
        help_text=_("Anyone with the link can see that this credential is valid."),
    )
    language_code = models.CharField(_("language"), max_length=12, default="en")

    # What it was issued for, frozen at issuance (the certificate and the badge show it).
    hours = models.JSONField(_("training hours by domain"), default=dict)
    practicum_hours = models.DecimalField(
        _("practicum hours"), max_digits=7, decimal_places=2, default=0
    )

    # The signed documents, made once at issuance (a state change never re-signs: the status
    # list says whether it still holds).
    document = models.JSONField(_("signed credential"), default=dict, editable=False)
    jwt = models.TextField(_("VC-JWT"), blank=True, editable=False)
    signing_key = models.ForeignKey(
        "certification.SigningKey",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
    )
    status_list_group = models.PositiveIntegerField(null=True, editable=False)
    status_list_index = models.PositiveIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-issued_at"]
        constraints = [
            # One current credential per holder and programme: issuance is idempotent.
            models.UniqueConstraint(
                fields=["holder", "programme_key"],
                condition=models.Q(status__in=["active", "suspended"]),
                name="certification_credential_one_current",
            ),
            models.UniqueConstraint(
                fields=["status_list_group", "status_list_index"],
                name="certification_credential_unique_status_index",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["holder", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.display_name} ({self.status})"

    def is_expiring(self, *, now=None) -> bool:
        """Active and its programme's first reminder is due (Programme.first_reminder_days)."""
        if self.status != self.Status.ACTIVE or self.valid_until is None:
            return False
        now = now or timezone.now()
        return now >= self.valid_until - timedelta(days=self.programme.first_reminder_days)

    def state(self, *, now=None) -> str:
        """What people are told: "valid", "expiring", "expired" (also an active credential past
        its validity that the daily task has not marked yet), "suspended", "revoked" or
        "replaced"."""
        now = now or timezone.now()
        if self.status != self.Status.ACTIVE:
            return str(self.status)
        if self.valid_until is not None and self.valid_until <= now:
            return "expired"
        return "expiring" if self.is_expiring(now=now) else "valid"

    @property
    def is_valid(self) -> bool:
        """Holds today: active and not past its validity."""
        return self.status == self.Status.ACTIVE and (
            self.valid_until is None or self.valid_until > timezone.now()
        )


class CredentialTransition(models.Model):
    """The audit trail: who did what to a credential, when and why. Never edited or deleted
    (except with the holder's account)."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        AWARDED = "awarded", _("Awarded")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        REVOKED = "revoked", _("Revoked")
        EXPIRING = "expiring", _("Expiry reminder sent")
        EXPIRED = "expired", _("Expired")
        RENEWED = "renewed", _("Renewed")
        REPLACED = "replaced", _("Replaced by a renewal")
        DISPLAY_CHANGED = "display_changed", _("Holder changed what is shown")

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the system did it (rules, the daily expiry task)."),
    )
    reason_code = models.CharField(_("reason"), max_length=30, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    event_id = models.UUIDField(_("event"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential transition")
        verbose_name_plural = _("credential transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.credential_id} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class CredentialReminder(models.Model):
    """An expiry reminder sent (one per credential and reminder day: reminders are idempotent)."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "days_before"], name="certification_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} reminded {self.days_before} days before expiry"


class StatusList(models.Model):
    """One Bitstring Status List: the bits for a group of credentials and one purpose
    (revocation or suspension). Every credential has one index in its group, the same in both
    lists; the index is random within the list, so the list says nothing about issue order."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("Revocation")
        SUSPENSION = "suspension", _("Suspension")

    group = models.PositiveIntegerField()
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    length = models.PositiveIntegerField(default=STATUS_LIST_LENGTH)
    bits = models.BinaryField(editable=False)
    allocated = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    # The signed BitstringStatusListCredential for the current bits, remade when they change.
    document = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "purpose"], name="certification_statuslist_unique_group_purpose"
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def slug(self) -> str:
        """The list's public id: /status/<slug>."""
        return f"{self.purpose}-{self.group}"


class SigningKey(models.Model):
    """The public half of an issuer signing key, listed in the DID document for as long as
    credentials signed with it exist. `retired_at` is set when configuration moves to a new key:
    a retired key signs nothing new but still verifies."""

    public_key_multibase = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.fragment

    @property
    def fragment(self) -> str:
        """The verification method's fragment in the DID document (#z6Mk…)."""
        return self.public_key_multibase


class VerificationLog(models.Model):
    """One verification of a credential: by a partner through the API, or a visit to its public
    page by someone other than its holder. The holder sees who verified their credential.

    Personal data: links the holder's credential to the verifying organisation (never to a
    person; public page visits are anonymous). Erased with the credential.
    """

    class Channel(models.TextChoices):
        API = "api", _("Partner API (by id)")
        API_BULK = "api_bulk", _("Partner API (bulk)")
        API_PRESENTED = "api_presented", _("Partner API (presented credential)")
        PUBLIC_PAGE = "public_page", _("Public verification page")

    credential = models.ForeignKey(
        Credential, on_delete=models.CASCADE, related_name="verifications"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    # The public prefix of the API key used (sbk_<prefix>…), for the organisation's own audit.
    api_key_prefix = models.CharField(_("API key"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["credential", "-at"])]

    def __str__(self) -> str:
        return f"{self.credential_id} verified via {self.channel} at {self.at:%Y-%m-%d %H:%M}"
