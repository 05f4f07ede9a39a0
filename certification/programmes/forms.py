"""Forms of the programme pages: logging practicum hours, a supervisor's decision, signing a
code of ethics. The checks are the services' own (services.validate_*), so the form and the
service refuse the same things with the same words."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import api as courses
from lms.organizations import api as organizations

from . import services


class PracticumLogForm(forms.Form):
    organization = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        help_text=_("A supervisor of this organisation will approve the hours."),
    )
    date = forms.DateField(
        label=_("Date"),
        help_text=_("The day of the practice: today or up to a year ago."),
        validators=[services.validate_practicum_date],
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=services.MIN_HOURS,
        max_value=services.MAX_HOURS,
        decimal_places=2,
        help_text=_("In quarter hours, between 0.25 and 12 (e.g. 1.5)."),
        validators=[services.validate_practicum_hours],
        error_messages={
            "min_value": _("Enter between 0.25 and 12 hours for one day."),
            "max_value": _("Enter between 0.25 and 12 hours for one day."),
            "max_decimal_places": _("Enter hours in quarter hours, e.g. 1.25 or 2.5."),
        },
    )
    domain = forms.ChoiceField(label=_("Competency domain"))
    description = forms.CharField(
        label=_("What you did"),
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "At most 1000 characters. Describe your own work (e.g. “one-to-one peer support "
            "session, listening and planning next steps”). Do not write names, contact details "
            "or anything else that could identify the people you supported."
        ),
        validators=[services.validate_practicum_description],
        error_messages={
            "max_length": _("Describe what you did in at most %(limit_value)s characters.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations.organizations_with_supervisor_for(user)
        self.fields["organization"].choices = [
            (organization.id, organization.name) for organization in self.organizations
        ]
        if len(self.organizations) == 1:
            self.fields["organization"].initial = self.organizations[0].id
        names = courses.domain_names()
        self.fields["domain"].choices = [
            (slug, names.get(slug, slug)) for slug in courses.COMPETENCY_DOMAIN_SLUGS
        ]
        today = timezone.localdate()
        self.fields["date"].widget = forms.DateInput(
            attrs={
                "type": "date",
                "max": today.isoformat(),
                "min": (today - timedelta(days=services.OLDEST_DAYS)).isoformat(),
            },
            format="%Y-%m-%d",
        )
        self.fields["date"].initial = today
        self.fields["hours"].widget.attrs.update(
            {"step": str(services.HOURS_STEP), "inputmode": "decimal"}
        )
        self.fields["hours"].initial = Decimal(1)


class PracticumDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Do not approve"))]
    )
    note = forms.CharField(
        label=_("Note to the trainee (optional)"),
        required=False,
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttestationForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read and agree to follow this code"),
        error_messages={"required": _("Tick the box to agree to follow the code.")},
    )
    typed_name = forms.CharField(
        label=_("Type your full name as your signature"),
        max_length=services.TYPED_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Type your full name to sign.")},
    )
