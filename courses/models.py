"""Course and module pages, the competency domains their hours count towards, prerequisites, and
the learning records: enrolments, module completions, the hours ledger and content change notices.

A course is a `CoursePage` (under the home page or a `CourseIndexPage`) whose children are its
`ModulePage`s, in tree order (and the page types of higher apps that allow a CoursePage as their
parent, such as certification's quiz). A module's body is a StreamField of the cms block library. Hours per
competency domain live on the modules; a course's hours are the sum of its live modules' hours
(`courses.selectors.course_competency_hours`).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from cms.blocks import TrainingStreamBlock

from .forms import ModulePageForm

HOURS_MAX = Decimal(100)
INTRO_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


def validate_domain_hours(value: Decimal) -> None:
    """Hours towards one competency domain: more than 0, at most 100."""
    if value is None:
        return
    if value <= 0 or value > HOURS_MAX:
        raise ValidationError(
            _("Enter hours greater than 0 and at most %(max)s."),
            code="hours_out_of_range",
            params={"max": HOURS_MAX},
        )


def outcomes_field(**kwargs) -> StreamField:
    """Learning outcomes: a short list of sentences, each one thing a trainee can do afterwards."""
    return StreamField(
        [
            (
                "outcome",
                blocks.CharBlock(
                    label=_("Learning outcome"),
                    max_length=500,
                    help_text=_("One thing a trainee can do afterwards, e.g. “Explain …”."),
                ),
            )
        ],
        blank=True,
        verbose_name=_("learning outcomes"),
        **kwargs,
    )


class CompetencyDomain(TranslatableMixin, models.Model):
    """An area of competence that training hours count towards (e.g. "Ethics and boundaries").

    Translatable: one row per locale, sharing `translation_key`; the `slug` is the same in every
    locale and is how curriculum files and certification rules name a domain.
    """

    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(
        _("sort order"), default=0, help_text=_("Domains are listed in this order.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("competency domain")
        verbose_name_plural = _("competency domains")
        ordering = ["sort_order", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="courses_competencydomain_unique_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CourseIndexPage(Page):
    """The "Courses" page: lists the live courses under it, in tree order."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import courses_under

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = courses_under(parent=self)
        return context


class CoursePage(Page):
    """A course: its promise (summary, outcomes, audience, time) and its modules, as children."""

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences, shown in course lists.")
    )
    audience = models.TextField(_("who it is for"), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("How long the whole course takes to read and do, in minutes."),
    )
    learning_outcomes = outcomes_field()
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("estimated_minutes"),
        FieldPanel("learning_outcomes"),
        FieldPanel("intro"),
        InlinePanel(
            "prerequisites",
            label=_("Prerequisites"),
            help_text=_("Courses a trainee should complete before this one."),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["cms.HomePage", "courses.CourseIndexPage"]
    # No subpage_types: a course's children are the page types that name it as their only parent
    # (its modules, and certification's quiz), so courses need not know the apps above it.
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from .hooks import course_page_panels
        from .selectors import (
            course_competency_hours,
            course_modules,
            course_prerequisites,
            hours_total,
        )

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = course_modules(course=self)
        context["competency_hours"] = course_competency_hours(course=self)
        context["total_hours"] = hours_total(context["competency_hours"])
        context["prerequisites"] = course_prerequisites(course=self)
        context["course_panels"] = course_page_panels(page=self, request=request)
        context["learning"] = self._learning(request)
        return context

    def _learning(self, request) -> dict | None:
        """The reader's enrolment and progress, for a logged-in reader of the live page."""
        from .selectors import completed_course_keys, course_progress

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(request, "is_preview", False):
            return None
        return {
            "progress": course_progress(
                user=user, course_key=self.translation_key, language_code=self.locale.language_code
            ),
            "completed_courses": completed_course_keys(user_id=user.pk),
        }


class CoursePrerequisite(Orderable):
    """A course that should be completed before `course` (the prerequisite's own locale may differ
    from the course's: pages show the prerequisite's translation in the page's locale)."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="prerequisites")
    prerequisite = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("prerequisite course"),
    )

    panels = [PageChooserPanel("prerequisite", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")

    def clean(self):
        super().clean()
        course = getattr(self, "course", None)
        prerequisite = getattr(self, "prerequisite", None)
        if course is None or prerequisite is None:
            return
        same_page = course.pk is not None and course.pk == prerequisite.pk
        if same_page or course.translation_key == prerequisite.translation_key:
            raise ValidationError({"prerequisite": _("A course cannot be its own prerequisite.")})


class ModulePage(Page):
    """A module of a course: outcomes, an optional content note, and a body of training blocks."""

    summary = models.TextField(
        _("summary"), help_text=_("One sentence, shown in the course's list of modules.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("How long the module takes to read and do, in minutes."),
    )
    learning_outcomes = outcomes_field()
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "For difficult topics (suicide, self-harm, abuse, trauma): what the module talks "
            "about, shown in a marked box before the body. Leave empty otherwise."
        ),
    )
    body = StreamField(TrainingStreamBlock(), verbose_name=_("body"))
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "Tick this when this revision changes the substance of the module: what a trainee "
            "learns or is asked to do, advice, or safety information. Leave it unticked for "
            "wording, spelling or layout. Reviewers see it, and trainees who completed the module "
            "before may be asked to look at it again. It starts unticked for each new change."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("learning_outcomes"),
        FieldPanel("content_note"),
        FieldPanel("body"),
        InlinePanel(
            "competency_hours",
            label=_("Hours per competency domain"),
            help_text=_("The hours this module counts towards each competency domain."),
        ),
    ]
    settings_panels = [
        MultiFieldPanel([FieldPanel("material_change")], heading=_("Review")),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["material_change"]
    base_form_class = ModulePageForm
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")

    def get_context(self, request, *args, **kwargs):
        from .selectors import (
            hours_total,
            module_competency_hours,
            module_learning,
            module_position,
        )

        context = super().get_context(request, *args, **kwargs)
        # Ancestors below the root: the home page first, then the course.
        breadcrumbs = list(self.get_ancestors().filter(depth__gt=1))
        context["breadcrumbs"] = breadcrumbs
        context["position"] = module_position(
            module=self, parent=breadcrumbs[-1] if breadcrumbs else None
        )
        context["competency_hours"] = module_competency_hours(module=self)
        context["total_hours"] = hours_total(context["competency_hours"])
        context["has_knowledge_checks"] = any(
            block.block_type == "knowledge_check" for block in self.body
        )
        user = getattr(request, "user", None)
        if user is not None and not getattr(request, "is_preview", False) and self.live:
            context["learning"] = module_learning(
                user=user, module=self, course=context["position"].course
            )
        return context


class ModuleCompetencyHours(Orderable):
    """The hours a module counts towards one competency domain."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="competency_hours")
    domain = models.ForeignKey(
        CompetencyDomain,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competency domain"),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_domain_hours],
        help_text=_("More than 0 and at most 100, e.g. 0.5."),
    )

    panels = [FieldPanel("domain"), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("hours per competency domain")
        verbose_name_plural = _("hours per competency domain")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=HOURS_MAX),
                name="courses_modulecompetencyhours_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.hours}"


# Learning: enrolment, progress, hours and notices. Everything is keyed by translation keys
# (`course_key` is the CoursePage's, `module_key` the ModulePage's), never by one language
# version's page id: a trainee who switches language keeps their enrolment and progress.


class Enrolment(models.Model):
    """A trainee's enrolment in a course (every language version of it).

    Personal data: ties `user` to a course, who enrolled them and when. One row per user and
    course: withdrawing sets `status` to withdrawn and enrolling again makes the same row active
    (progress is kept in ModuleCompletion, which withdrawal does not touch).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("trainee"),
    )
    course_key = models.UUIDField(_("course"), help_text=_("The course's translation key."))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by organisation"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"], name="courses_enrolment_unique_user_course"
            )
        ]
        indexes = [models.Index(fields=["course_key", "status"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_key} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class ModuleCompletion(models.Model):
    """A trainee completed a module (in any language version), at a given page revision.

    Personal data: ties `user` to a module and when they completed it. One row per user and
    module: completing it again (e.g. after a revision) moves `revision_id` and `completed_at`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
        verbose_name=_("trainee"),
    )
    module_key = models.UUIDField(_("module"), help_text=_("The module's translation key."))
    course_key = models.UUIDField(_("course"), help_text=_("The course's translation key."))
    page_id = models.PositiveIntegerField(
        _("page"), help_text=_("The language version the trainee completed.")
    )
    revision_id = models.PositiveIntegerField(
        _("revision"), help_text=_("The published revision the trainee completed.")
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module_key"], name="courses_modulecompletion_unique_user_module"
            )
        ]
        indexes = [models.Index(fields=["module_key"])]

    def __str__(self) -> str:
        return f"{self.user_id} completed {self.module_key}"


class HoursLedgerEntry(models.Model):
    """Training hours a trainee earned towards one competency domain by completing a module.

    Personal data: ties `user` to hours earned and when. One row per (user, module, domain), so
    completing a module again never counts its hours twice; the first credit stands.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hours_ledger",
        verbose_name=_("trainee"),
    )
    module_key = models.UUIDField(_("module"))
    course_key = models.UUIDField(_("course"))
    domain_key = models.UUIDField(
        _("competency domain"), help_text=_("The competency domain's translation key.")
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    revision_id = models.PositiveIntegerField(_("revision"))
    earned_at = models.DateTimeField(_("earned at"), default=timezone.now)

    class Meta:
        verbose_name = _("hours ledger entry")
        verbose_name_plural = _("hours ledger entries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module_key", "domain_key"],
                name="courses_hoursledgerentry_unique_user_module_domain",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0), name="courses_hoursledgerentry_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.hours} h ({self.domain_key})"


class ContentChangeNotice(models.Model):
    """A module the trainee completed was substantially revised since (a published revision with
    `material_change`). Their completion stands; the dashboard asks them to look again.

    Personal data: ties `user` to a module they completed. One row per user, module and revision
    (recording it again changes nothing); dismissing or completing the module again sets
    `dismissed_at`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="content_change_notices",
        verbose_name=_("trainee"),
    )
    module_key = models.UUIDField(_("module"))
    revision_id = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("content change notice")
        verbose_name_plural = _("content change notices")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module_key", "revision_id"],
                name="courses_contentchangenotice_unique_user_module_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.module_key} changed at revision {self.revision_id}"
