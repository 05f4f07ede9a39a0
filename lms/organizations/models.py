"""Partner organisations (NGOs, clinics, schools, crisis lines), their memberships, the
invitations that create memberships, and cohorts (groups of members).

A member chooses what their organisation may see; the consent flags are checked on every read that
shows a member's progress or credentials to the organisation.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A partner organisation. Holds no personal data."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        CLINIC = "clinic", _("Clinic or health service")
        SCHOOL = "school", _("School or university")
        CRISIS_LINE = "crisis_line", _("Crisis line")
        EMPLOYER = "employer", _("Employer or public service")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1"))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's membership of an organisation, with their role and consent.

    Personal data: links a user to an organisation; the consent flags are the member's own choices.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Supporter")
        SUPERVISOR = "supervisor", _("Supervisor")
        COORDINATOR = "coordinator", _("Coordinator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    shares_progress = models.BooleanField(
        _("shares progress"),
        default=False,
        help_text=_("The member lets the organisation see their course progress."),
    )
    shares_credentials = models.BooleanField(
        _("shares credentials"),
        default=False,
        help_text=_("The member lets the organisation see their credentials."),
    )
    consent_updated_at = models.DateTimeField(_("consent updated at"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="organizations_membership_unique"
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == self.Role.COORDINATOR


INVITATION_VALID_FOR = timedelta(days=14)


def invitation_default_expiry():
    return timezone.now() + INVITATION_VALID_FOR


class Invitation(models.Model):
    """An invitation to join an organisation, sent by e-mail with a single-use link.

    Personal data: the invitee's e-mail address. The link's token is never stored, only its
    SHA-256 digest, so a copy of the database cannot be used to accept invitations.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    # Not stored: a pending invitation past its expiry date is shown as expired.
    EXPIRED = "expired"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_default_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "email"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="accepted", accepted_at__isnull=False)
                | (~models.Q(status="accepted") & models.Q(accepted_at__isnull=True)),
                name="organizations_invitation_accepted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.state})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def state(self) -> str:
        """The status as a person sees it: a pending invitation past its date is expired."""
        if self.status == self.Status.PENDING and self.is_expired:
            return self.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        if self.state == self.EXPIRED:
            return str(_("Expired"))
        return self.get_status_display()


class Cohort(models.Model):
    """A group of an organisation's members (a training intake, a team). Holds no personal data;
    its members are linked through CohortMembership."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="organizations_cohort_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"


class CohortMembership(models.Model):
    """A member's place in a cohort of the same organisation (the services check that).

    Personal data: links a member to a cohort.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="cohort_memberships")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "membership"], name="organizations_cohortmembership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} in {self.cohort.name}"


class ApiKey(models.Model):
    """An organisation's key to the partner API (/api/v1/), with the scopes it grants.

    The key (`sbk_<prefix>_<secret>`) is shown once, when it is created; only its SHA-256 and
    its public prefix are stored, so a copy of the database cannot call the API. Holds no
    personal data beyond who created and revoked it.
    """

    class Scope(models.TextChoices):
        CREDENTIALS_VERIFY = "credentials:verify", _("Verify credentials")
        ROSTER_READ = "roster:read", _("Read the member list, with what members share")
        ROSTER_WRITE = "roster:write", _("Invite members and enrol them in courses")
        WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhooks and read the event feed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    # The 8 characters after "sbk_": shown in lists and logs so a key can be recognised.
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (sbk_{self.prefix}…, {self.organization})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def get_scope_labels(self) -> list[str]:
        labels = dict(self.Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
