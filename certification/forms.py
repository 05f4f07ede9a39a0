"""Forms of the certification app's own pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lms.organizations import api as organizations

from .models import QuizPage

MAX_EXTRA_MINUTES = 240
MAX_EXTRA_ATTEMPTS = 5


def live_quizzes(*, language_code: str | None) -> dict[str, QuizPage]:
    """Every live quiz, once per translation key (str): in `language_code` where translated."""
    by_key: dict[str, QuizPage] = {}
    for quiz in QuizPage.objects.live().select_related("locale").order_by("title", "pk"):
        key = str(quiz.translation_key)
        if key not in by_key or quiz.locale.language_code == language_code:
            by_key[key] = quiz
    return by_key


class CoordinatorAccommodationForm(forms.Form):
    """A coordinator's accommodation for one member of their organisation at one quiz."""

    email = forms.EmailField(
        label=_("Member's email address"),
        help_text=_("The address the member signs in with."),
    )
    quiz = forms.ChoiceField(label=_("Assessment"))
    extra_minutes = forms.IntegerField(
        label=_("Extra time per attempt (minutes)"),
        min_value=0,
        max_value=MAX_EXTRA_MINUTES,
        initial=0,
        error_messages={
            "min_value": _("Extra time cannot be negative."),
            "max_value": _("Extra time can be at most %(limit_value)s minutes."),
        },
    )
    extra_attempts = forms.IntegerField(
        label=_("Extra attempts"),
        min_value=0,
        max_value=MAX_EXTRA_ATTEMPTS,
        initial=0,
        error_messages={
            "min_value": _("Extra attempts cannot be negative."),
            "max_value": _("At most %(limit_value)s extra attempts can be given."),
        },
    )

    def __init__(self, *args, organization: organizations.OrganizationInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.quizzes = live_quizzes(language_code=get_language())
        self.fields["quiz"].choices = [
            (key, quiz.title)
            for key, quiz in sorted(self.quizzes.items(), key=lambda pair: pair[1].title)
        ]

    def clean_email(self):
        email = self.cleaned_data["email"]
        member = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        # Someone outside the organisation gets the same answer as no one: coordinators learn
        # nothing about who else has an account.
        if member is None or not any(
            membership.organization.id == self.organization.id
            for membership in organizations.memberships_for_user(member)
        ):
            raise forms.ValidationError(
                _("No member of %(organization)s has this email address."),
                params={"organization": self.organization.name},
                code="not_a_member",
            )
        self.cleaned_data["member"] = member
        return email

    def clean_quiz(self):
        key = self.cleaned_data["quiz"]
        if key not in self.quizzes:
            raise forms.ValidationError(_("Choose an assessment from the list."), code="invalid")
        return self.quizzes[key]
