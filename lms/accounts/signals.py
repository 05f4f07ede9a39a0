"""Framework seams: allauth's signals."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def activate_preferred_language(sender, request, user, **kwargs):
    """Switch to the user's language as they log in."""
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language
