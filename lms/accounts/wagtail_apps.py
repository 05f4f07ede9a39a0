"""Wagtail's users app, pointed at our user viewset (see wagtail_users.py)."""

from wagtail.users.apps import WagtailUsersAppConfig


class SebayaUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "lms.accounts.wagtail_users.UserViewSet"
