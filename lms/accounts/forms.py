"""Forms for sign-up, the account page and account deletion."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from .models import User


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name, so a reader finds theirs whatever the page's language."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """A select whose options carry their language (WCAG 3.1.2, language of parts)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class SignupForm(AllauthSignupForm):
    """django-allauth's sign-up form (ACCOUNT_FORMS["signup"]) with our two extra fields.

    AccountAdapter.save_user stores them with the new user and records the registration.
    """

    field_order = ["email", "display_name", "password1", "password2", "preferred_language"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        required=False,
        help_text=_("The name shown on your certificates. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        widget=LanguageSelect(attrs={"autocomplete": "language"}),
        help_text=_("The language of the site and of the e-mails we send you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language() or settings.LANGUAGE_CODE


class PreferencesForm(forms.Form):
    """The account page's settings. A plain form, not a ModelForm: validating a ModelForm writes
    the input into the instance, and the service would then see nothing to change."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text=_("The name shown to others, for example on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        widget=LanguageSelect(attrs={"autocomplete": "language"}),
        help_text=_("The language of the site and of the e-mails we send you."),
    )

    @classmethod
    def for_user(cls, user: User, data=None) -> "PreferencesForm":
        return cls(
            data,
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
            },
        )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and data will be deleted."),
        error_messages={
            "required": _("Tick the box to confirm that you want to delete your account.")
        },
    )
