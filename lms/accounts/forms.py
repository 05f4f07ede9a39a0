"""Forms for sign-up and the account page."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra sign-up fields, added by django-allauth to its own form (ACCOUNT_FORMS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        required=False,
        help_text=_("The name shown on your certificates. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language() or settings.LANGUAGE_CODE

    def signup(self, request, user):
        # AccountAdapter.save_user has stored both fields with the new user.
        pass


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "name"})}
