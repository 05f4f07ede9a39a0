"""Wagtail's user admin, adapted to our User: one display name instead of first and last names
(many of our users, for example in Indonesia, have a single name)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

_FIELDS = {"email", "display_name", "preferred_language", "is_superuser", "groups"}


class SebayaUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    class Meta(UserCreationForm.Meta):
        fields = _FIELDS


class SebayaUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    class Meta(UserEditForm.Meta):
        fields = _FIELDS | {"is_active"}


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False):
        return SebayaUserEditForm if for_update else SebayaUserCreationForm
