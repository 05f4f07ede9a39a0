"""Wagtail's user admin, adapted to our User: one display name instead of first and last names
(many of our users, for example in Indonesia, have a single name)."""

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import services
from .models import User

_FIELDS = {"email", "display_name", "preferred_language", "is_superuser", "groups"}


class _SebayaUserFormMixin:
    """Addresses are stored in lower case (as UserManager and allauth do) and unique whatever
    their case: the database's unique constraint alone would let Ayu@x and ayu@x coexist."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class SebayaUserCreationForm(_SebayaUserFormMixin, UserCreationForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    class Meta(UserCreationForm.Meta):
        fields = _FIELDS


class SebayaUserEditForm(_SebayaUserFormMixin, UserEditForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    class Meta(UserEditForm.Meta):
        fields = _FIELDS | {"is_active"}

    def save(self, commit: bool = True):
        old_email = User.objects.filter(pk=self.instance.pk).values_list("email", flat=True).get()
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit and user.email != old_email:
                services.user_change_email_by_admin(user=user, old_email=old_email)
        return user


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False):
        return SebayaUserEditForm if for_update else SebayaUserCreationForm
