"""What other apps may use of accounts.

USER_EXPORT_HOOK: register `fn(user) -> (section_name, json_ready_data)` with Wagtail's hooks to add
your app's part to a user's data export (see services.user_export). Erase what you hold about a
user when `accounts.user.deleted.v1` arrives (or by cascade from the user row).
"""

from .services import USER_EXPORT_HOOK

__all__ = ["USER_EXPORT_HOOK"]
