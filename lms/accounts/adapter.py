"""django-allauth adapter: records registration as an event and honours the user's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.urls import translate_url
from django.utils import translation

from . import services

# The links in allauth's e-mails; each is sent under the recipient's language prefix.
_MAIL_URL_KEYS = ("activate_url", "password_reset_url", "signup_url")


def _user_language(user) -> str | None:
    language = getattr(user, "preferred_language", None)
    return language if language in dict(settings.LANGUAGES) else None


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
        language = _user_language(request.user)
        return translate_url(url, language) if language else url

    def send_mail(self, template_prefix, email, context):
        """Write the mail in the recipient's language when we know them (a password reset for an
        unknown address is written in the language of the page it was asked from)."""
        language = _user_language(context.get("user")) or translation.get_language()
        context = dict(context)
        for key in _MAIL_URL_KEYS:
            if context.get(key):
                context[key] = translate_url(context[key], language)
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
