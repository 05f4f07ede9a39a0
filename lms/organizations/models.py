"""Partner organisations (NGOs, clinics, schools, crisis lines) and their memberships.

A member chooses what their organisation may see; the consent flags are checked on every read that
shows a member's progress or credentials to the organisation.
"""

import uuid

from django.conf import settings
from django.db import models
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
