"""Forms of the organisation pages. They validate input; the services decide."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiKey, Cohort, Membership

MAX_INVITATIONS_AT_ONCE = 50
_SEPARATORS = re.compile(r"[\s,;]+")


class ConsentForm(forms.Form):
    """What a member lets their organisation see. Both off unless the member turns them on."""

    shares_progress = forms.BooleanField(
        label=_("My progress in courses"),
        required=False,
        help_text=_("Which courses and modules you have started and completed."),
    )
    shares_credentials = forms.BooleanField(
        label=_("My credentials"),
        required=False,
        help_text=_("Which certificates you hold, and whether they are valid."),
    )

    @classmethod
    def for_membership(cls, membership: Membership, data=None) -> ConsentForm:
        return cls(
            data,
            prefix=membership.organization.slug,
            initial={
                "shares_progress": membership.shares_progress,
                "shares_credentials": membership.shares_credentials,
            },
        )


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter at least one e-mail address.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_("Coordinators can see and manage all members of the organisation."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[str] = []
        self.fields["emails"].help_text = _(
            "One address per line, or separated by commas. Up to %(count)s at once."
        ) % {"count": MAX_INVITATIONS_AT_ONCE}

    def clean_emails(self) -> list[str]:
        """The addresses, lower case, each once (in the order given); `self.duplicates` lists
        those given more than once. Refuses the whole list when one address is not valid."""
        given = [part.strip().lower() for part in _SEPARATORS.split(self.cleaned_data["emails"])]
        given = [email for email in given if email]
        invalid = []
        for email in given:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(
                ngettext(
                    "This is not a valid e-mail address: %(emails)s",
                    "These are not valid e-mail addresses: %(emails)s",
                    len(invalid),
                )
                % {"emails": ", ".join(invalid)}
            )
        unique = list(dict.fromkeys(given))
        if not unique:
            raise ValidationError(_("Enter at least one e-mail address."))
        if len(unique) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("You can invite up to %(max)s people at once; you entered %(count)s.")
                % {"max": MAX_INVITATIONS_AT_ONCE, "count": len(unique)}
            )
        self.duplicates = [email for email in unique if given.count(email) > 1]
        return unique


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class CohortForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the cohort"),
        max_length=Cohort._meta.get_field("name").max_length,
        help_text=_("For example the intake or team, such as “Volunteers spring 2026”."),
        error_messages={"required": _("Enter a name for the cohort.")},
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter a name for the cohort."))
        return name


class CohortMembersForm(forms.Form):
    """Choose members of the organisation to add to a cohort."""

    members = forms.MultipleChoiceField(
        label=_("Members to add"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member to add.")},
    )

    def __init__(self, *args, candidates: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(m.user.public_id): m for m in candidates}
        self.fields["members"].choices = [
            (str(m.user.public_id), member_label(m)) for m in candidates
        ]

    def clean_members(self) -> list[Membership]:
        return [self.candidates[member_id] for member_id in self.cleaned_data["members"]]


def member_label(membership: Membership) -> str:
    user = membership.user
    return f"{user.display_name} ({user.email})" if user.display_name else user.email


class ApiKeyForm(forms.Form):
    """A new API key: a name to recognise it by, what it may do, and until when."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, such as “Volunteer portal” or “HR system”."),
        error_messages={"required": _("Enter a name for the key.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=ApiKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Give a key only what the system using it needs."),
        error_messages={"required": _("Choose at least one permission.")},
    )
    expires_on = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The key stops working at the end of this day (UTC). Leave empty for a key that "
            "works until it is revoked."
        ),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter a name for the key."))
        return name

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on is not None and expires_on < timezone.now().date():
            raise ValidationError(_("Choose today or a later date."))
        return expires_on

    def expires_at(self):
        """The end of the chosen day in UTC, or None."""
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on is None:
            return None
        return datetime.combine(expires_on + timedelta(days=1), time.min, tzinfo=UTC)
