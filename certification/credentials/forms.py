"""The holder's form for what their verification page shows. The service
(`services.credential_display_set`) makes the same checks and has the last word; its refusals
are shown in this form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DISPLAY_NAME_MAX_LENGTH = 200


class CredentialDisplayForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name shown"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_(
            "The name your verification page, badge and certificate show. Your e-mail address "
            "is never shown."
        ),
        error_messages={
            "required": _("Enter the name to show."),
            "max_length": _("The name can have at most 200 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    is_public = forms.BooleanField(
        label=_("Public verification page"),
        required=False,
        help_text=_(
            "Anyone with the link can see that this credential is valid. When it is off, the page "
            "and the credential's files are only visible to you."
        ),
    )
