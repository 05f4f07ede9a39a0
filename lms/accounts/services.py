"""Writes for accounts: registration, preferences, export and erasure. One transaction each."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from lms.events import api as events

from .events import UserDeleted, UserPreferencesChanged, UserRegistered
from .models import User

# Apps add their part of a user's data export with
#   @hooks.register(USER_EXPORT_HOOK)
#   def export_my_data(user) -> tuple[str, Any]: ...
# and erase what they hold when `accounts.user.deleted.v1` arrives (or on cascade).
USER_EXPORT_HOOK = "sebaya_user_data_export"


@transaction.atomic
def user_registered(*, user: User) -> None:
    """Record that `user` signed up (called once the user row exists)."""
    events.record(
        UserRegistered(user_id=user.public_id, preferred_language=user.preferred_language)
    )


@transaction.atomic
def user_update_preferences(*, user: User, display_name: str, preferred_language: str) -> User:
    """Change the user's display name and language. Records
    accounts.user.preferences_changed.v1 when something changed."""
    if (user.display_name, user.preferred_language) == (display_name, preferred_language):
        return user
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    events.record(
        UserPreferencesChanged(user_id=user.public_id, preferred_language=preferred_language)
    )
    return user


def user_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, as JSON-ready data (GDPR art. 15 and 20)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": str(user.public_id),
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.all()
            ],
        },
    }
    for export_section in hooks.get_hooks(USER_EXPORT_HOOK):
        key, value = export_section(user)
        data[key] = value
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase the account and everything attached to it. Records accounts.user.deleted.v1 so
    other apps erase what they hold by the user's id."""
    events.record(UserDeleted(user_id=user.public_id))
    user.delete()


@transaction.atomic
def user_change_email_by_admin(*, user: User, old_email: str) -> None:
    """An administrator changed `user.email` (already saved) from `old_email`.

    The old address stops working for log-in and password reset (allauth looks addresses up in
    its EmailAddress table too); the new one becomes the primary address, unverified unless the
    user had already verified it, so allauth asks for verification at the next log-in.
    """
    addresses = EmailAddress.objects.filter(user=user)
    addresses.filter(email__iexact=old_email).delete()
    address = addresses.filter(email__iexact=user.email).first()
    if address is None:
        address = EmailAddress.objects.create(
            user=user, email=user.email, verified=False, primary=False
        )
    address.set_as_primary(conditional=False)
