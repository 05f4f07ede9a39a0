"""Assessments: quiz pages (authored in Wagtail, one per course, under its CoursePage) and the
attempts trainees make at them.

An attempt freezes what it asks when it starts (`questions`: the drawn questions with their
answer keys, and the page revision they came from), so editing the quiz never changes an attempt
in progress or a result. Attempts are keyed by the quiz's and the course's translation keys: a
trainee's attempts count in every language.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import QuestionStreamBlock

INTRO_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class ReviewPolicy(models.TextChoices):
    SCORE = "score", _("Score and pass or fail only")
    DOMAINS = "domains", _("Score per competency domain")
    QUESTIONS = "questions", _("Feedback on every question")


class MultipleResponseScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit, wrong choices subtract (never below zero)")


class QuizPage(Page):
    """A course's assessment: a pool of questions and the rules for drawing, timing and grading."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "For difficult topics (suicide, self-harm, abuse): what the questions talk about, "
            "shown before a trainee starts."
        ),
    )
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("0 asks every question in the pool. A scenario counts as one question."),
    )
    draw_per_domain = models.BooleanField(
        _("draw evenly per competency domain"),
        default=False,
        help_text=_("Share the questions of an attempt out evenly between the domains."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 allows any number of attempts.")
    )
    attempt_window_days = models.PositiveSmallIntegerField(
        _("attempt window (days)"),
        null=True,
        blank=True,
        help_text=_(
            "The allowed attempts count within this many days (a rolling window). Empty: ever."
        ),
    )
    cooldown_hours = models.PositiveSmallIntegerField(
        _("cooldown (hours)"), default=0, help_text=_("Time between one attempt and the next.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no time limit."),
    )
    review_policy = models.CharField(
        _("after submitting, show"),
        max_length=16,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.QUESTIONS,
    )
    multiple_response_scoring = models.CharField(
        _("multiple-response scoring"),
        max_length=16,
        choices=MultipleResponseScoring.choices,
        default=MultipleResponseScoring.PARTIAL,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("content_note"),
        FieldPanel("questions"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark_percent"), FieldPanel("review_policy")]),
                FieldRowPanel([FieldPanel("questions_per_attempt"), FieldPanel("draw_per_domain")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
                FieldRowPanel(
                    [
                        FieldPanel("attempts_allowed"),
                        FieldPanel("attempt_window_days"),
                        FieldPanel("cooldown_hours"),
                    ]
                ),
                FieldPanel("time_limit_minutes"),
                FieldPanel("multiple_response_scoring"),
            ],
            heading=_("Assessment rules"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    template = "certification/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import quiz_state_for

        context = super().get_context(request, *args, **kwargs)
        context["question_count"] = self.draw_size()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(request, "is_preview", 0):
            context["state"] = quiz_state_for(user=user, quiz=self)
        return context

    def draw_size(self) -> int:
        pool = len(self.questions)
        if not self.questions_per_attempt:
            return pool
        return min(pool, self.questions_per_attempt)


class Attempt(models.Model):
    """A trainee's attempt at a quiz.

    Personal data: ties `user` to a quiz, their answers and their result. `questions` is the
    frozen draw, answer keys included (never shown before submission); `answers` maps each
    question (item) id to the option ids chosen. Graded exactly once: `status` goes from
    in_progress to submitted in one conditional update. A regrade after a question was corrected
    may change the result later; `previous_*`, `regraded_at` and `regraded_by` then keep what it
    was and who regraded it.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class SubmittedBy(models.TextChoices):
        TRAINEE = "trainee", _("Trainee")
        DEADLINE = "deadline", _("Time limit")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("trainee"),
    )
    quiz_key = models.UUIDField(_("quiz"), help_text=_("The quiz page's translation key."))
    course_key = models.UUIDField(_("course"), help_text=_("The course's translation key."))
    page = models.ForeignKey(
        QuizPage,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("quiz page"),
    )
    revision_id = models.PositiveIntegerField(_("revision"), null=True)
    language_code = models.CharField(_("language"), max_length=12)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.CharField(
        _("submitted by"), max_length=16, choices=SubmittedBy.choices, blank=True
    )
    questions = models.JSONField(_("questions"), default=list)
    rules = models.JSONField(_("rules"), default=dict)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score_points = models.DecimalField(
        _("points"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True)
    domain_scores = models.JSONField(_("scores per domain"), default=dict, blank=True)
    item_scores = models.JSONField(_("scores per question"), default=dict, blank=True)
    # Set when a regrade (after a question was corrected) changed the result.
    regraded_at = models.DateTimeField(_("regraded at"), null=True, blank=True)
    regraded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regraded by"),
    )
    previous_score_percent = models.DecimalField(
        _("score before regrading (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    previous_passed = models.BooleanField(_("passed before regrading"), null=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "quiz_key"], name="certif_attempt_user_quiz"),
            models.Index(fields=["status", "deadline"], name="certif_attempt_status_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz_key"],
                condition=models.Q(status="in_progress"),
                name="certification_attempt_one_open_per_user_quiz",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.quiz_key} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class Accommodation(models.Model):
    """An adjustment of a quiz's rules for one trainee, in every language of the quiz: extra time
    per attempt and extra attempts (e.g. for a trainee who reads in a second language).

    Personal data: ties `user` to an adjustment. Records no reason: nothing about a trainee's
    health is collected (DESIGN.md, privacy).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_accommodations",
        verbose_name=_("trainee"),
    )
    quiz = models.ForeignKey(
        QuizPage,
        on_delete=models.CASCADE,
        related_name="accommodations",
        verbose_name=_("quiz"),
        help_text=_("Applies to every language version of the quiz."),
    )
    extra_minutes = models.PositiveSmallIntegerField(
        _("extra time (minutes)"),
        default=0,
        help_text=_("Added to the time limit of each attempt."),
    )
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    panels = [
        FieldPanel("user"),
        FieldPanel("quiz"),
        FieldRowPanel([FieldPanel("extra_minutes"), FieldPanel("extra_attempts")]),
    ]

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"], name="certification_accommodation_unique_user_quiz"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: +{self.extra_minutes} min, +{self.extra_attempts} attempts"
