"""Certification programmes and what a trainee does towards one besides courses and quizzes:
supervised practicum hours and signed ethics attestations.

A programme is translatable (one row per locale sharing `translation_key`, as Wagtail snippets
are). Its requirements are read from the programme in the site's default locale, the *source*;
translations carry the name, description and criteria in their language. Credentials, practicum
entries and attestations name a programme or code by translation key, so they count in every
language.
"""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin

from courses import api as courses

# Paths under /<lang>/programmes/ that are not programmes.
RESERVED_SLUGS = frozenset({"practicum"})

CODE_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


def domain_choices() -> list[tuple[str, str]]:
    return [(slug, slug) for slug in courses.COMPETENCY_DOMAIN_SLUGS]


def validate_reminder_days(value: str) -> None:
    """ "90, 30, 7": whole days before expiry, each between 1 and 365, no repeats."""
    try:
        days = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError:
        raise ValidationError(
            _("Enter whole numbers of days separated by commas, e.g. “90, 30, 7”.")
        ) from None
    if any(day < 1 or day > 365 for day in days):
        raise ValidationError(_("Each reminder must be between 1 and 365 days before expiry."))
    if len(set(days)) != len(days):
        raise ValidationError(_("Each reminder day may appear only once."))


class EthicsCode(TranslatableMixin, models.Model):
    """A code of ethics trainees sign. A new version is a new row: signatures name the version
    they agreed to, and a programme asks for the version it names."""

    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(
        _("version"),
        max_length=20,
        help_text=_(
            "E.g. “2026.1”. Publish a changed text as a new version, never edit a signed one."
        ),
    )
    text = RichTextField(_("text"), features=CODE_FEATURES)
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("version")]),
        FieldPanel("effective_from"),
        FieldPanel("text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("code of ethics")
        verbose_name_plural = _("codes of ethics")
        ordering = ["-effective_from", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


class Programme(TranslatableMixin, ClusterableModel):
    """A certification programme: what it takes to earn the credential, how long it stays valid
    and what renewing it takes."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Part of the badge's public address; the same in every language."),
    )
    description = models.TextField(_("description"), max_length=2000)
    criteria = models.TextField(
        _("criteria"),
        max_length=4000,
        help_text=_("What a holder did to earn it, in plain words (shown in the badge)."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired programmes issue no new credentials.")
    )

    practicum_hours = models.DecimalField(
        _("supervised practicum hours"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    ethics_code = models.ForeignKey(
        EthicsCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code of ethics to sign"),
    )

    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        default=24,
        validators=[MaxValueValidator(120)],
        help_text=_("0: the credential never expires."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=90,
        validators=[MaxValueValidator(730)],
        help_text=_("After expiry, the holder may still renew instead of starting over."),
    )
    reminder_days = models.CharField(
        _("reminders (days before expiry)"),
        max_length=60,
        default="90, 30, 7",
        blank=True,
        validators=[validate_reminder_days],
    )
    renewal_hours = models.DecimalField(
        _("continuing education hours to renew"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(Decimal(0))],
    )
    renewal_ethics_hours = models.DecimalField(
        _("of which ethics hours"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(3),
        validators=[MinValueValidator(Decimal(0))],
    )
    renewal_ethics_domain = models.CharField(
        _("ethics hours are hours in"),
        max_length=60,
        default="ethics-boundaries",
        choices=domain_choices,
    )
    renewal_reattestation = models.BooleanField(
        _("renewal needs the code of ethics signed again"), default=True
    )

    artwork = models.FileField(
        _("badge artwork"),
        upload_to="programme-artwork/",
        blank=True,
        help_text=_(
            "PNG (at least 256 by 256 pixels, square is best) or SVG. Leave empty for a generated badge."
        ),
    )
    badge_png = models.BinaryField(editable=False, default=b"")
    badge_svg = models.TextField(editable=False, blank=True, default="")
    color = models.CharField(
        _("badge colour"),
        max_length=7,
        default="#1f5f8b",
        help_text=_("Used for the generated badge, e.g. #1f5f8b."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldPanel("criteria"),
                FieldPanel("is_active"),
            ],
            heading=_("Programme"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("required_courses", label=_("Courses to complete")),
                InlinePanel("required_assessments", label=_("Assessments to pass")),
                InlinePanel("required_domain_hours", label=_("Training hours per domain")),
                FieldPanel("practicum_hours"),
                FieldPanel("ethics_code"),
            ],
            heading=_("Requirements"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("validity_months"), FieldPanel("grace_days")]),
                FieldPanel("reminder_days"),
                FieldRowPanel([FieldPanel("renewal_hours"), FieldPanel("renewal_ethics_hours")]),
                FieldPanel("renewal_ethics_domain"),
                FieldPanel("renewal_reattestation"),
            ],
            heading=_("Validity and renewal"),
        ),
        MultiFieldPanel(
            [FieldPanel("artwork"), FieldPanel("color")],
            heading=_("Badge"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certification programme")
        verbose_name_plural = _("certification programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="certification_programme_unique_slug_per_locale"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another.")})
        if self.renewal_ethics_hours > self.renewal_hours:
            raise ValidationError(
                {
                    "renewal_ethics_hours": _(
                        "The ethics hours are part of the continuing education hours and cannot "
                        "exceed them."
                    )
                }
            )
        if not (len(self.color) == 7 and self.color.startswith("#")):
            raise ValidationError({"color": _("Enter a colour as #rrggbb.")})
        try:
            int(self.color[1:], 16)
        except ValueError:
            raise ValidationError({"color": _("Enter a colour as #rrggbb.")}) from None

    @property
    def first_reminder_days(self) -> int:
        """Days before expiry of the first reminder: from then on a credential is expiring and
        its renewal open (90 when the programme sends no reminders)."""
        return max(self.reminder_day_list, default=90)

    @property
    def reminder_day_list(self) -> list[int]:
        """Reminder days, largest first."""
        return sorted(
            {int(part) for part in self.reminder_days.replace(" ", "").split(",") if part},
            reverse=True,
        )


class ProgrammeCourse(Orderable):
    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="required_courses")
    course = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )

    panels = [PageChooserPanel("course", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")


class ProgrammeAssessment(Orderable):
    programme = ParentalKey(
        Programme, on_delete=models.CASCADE, related_name="required_assessments"
    )
    quiz = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessment"),
    )

    panels = [PageChooserPanel("quiz", page_type="certification.QuizPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("required assessment")
        verbose_name_plural = _("required assessments")


class ProgrammeDomainHours(Orderable):
    programme = ParentalKey(
        Programme, on_delete=models.CASCADE, related_name="required_domain_hours"
    )
    domain = models.CharField(_("competency domain"), max_length=60, choices=domain_choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )

    panels = [FieldRowPanel([FieldPanel("domain"), FieldPanel("hours")])]

    class Meta(Orderable.Meta):
        verbose_name = _("hours in a domain")
        verbose_name_plural = _("hours per domain")


class PracticumEntry(models.Model):
    """Supervised practice a trainee logged, for a supervisor of their organisation to approve.

    Personal data: the trainee (by id) and their own description of the work, which must not name
    or describe the people supported (the form says so and refuses obvious identifiers).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practicum_entries"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(12))],
    )
    domain = models.CharField(_("competency domain"), max_length=60, choices=domain_choices)
    description = models.TextField(_("what you did"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("supervisor's note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("practicum entry")
        verbose_name_plural = _("practicum entries")
        ordering = ["-date", "-submitted_at"]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["organization", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=Decimal("0.25"), hours__lte=Decimal(12)),
                name="certification_practicum_hours_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.hours} h ({self.status})"


class EthicsAttestation(models.Model):
    """A trainee's signature of a version of a code of ethics: who, which version, in which
    language, the digest of the exact text they saw, and the name they typed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ethics_attestations"
    )
    code_key = models.UUIDField(_("code of ethics"))
    version = models.CharField(_("version"), max_length=20)
    language_code = models.CharField(_("language"), max_length=12)
    text_sha256 = models.CharField(_("text digest"), max_length=64)
    typed_name = models.CharField(_("signed as"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("ethics attestation")
        verbose_name_plural = _("ethics attestations")
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["user", "code_key", "version"])]

    def __str__(self) -> str:
        return f"{self.user} signed {self.code_key} {self.version}"
