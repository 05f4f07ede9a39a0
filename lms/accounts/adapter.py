"""django-allauth adapter: records registration as an event and honours the user's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.urls import translate_url

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        data = getattr(form, "cleaned_data", {})
        user.display_name = data.get("display_name", "") or ""
        user.preferred_language = data.get("preferred_language") or user.preferred_language
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                services.user_registered(user=user)
        return user

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", None)
        return translate_url(url, language) if language else url
