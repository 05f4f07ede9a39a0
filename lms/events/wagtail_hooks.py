from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [
        path("events/outbox/", admin_views.outbox, name="events_outbox"),
        path("events/runs/<int:run_id>/retry/", admin_views.retry, name="events_retry"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_outbox_menu_item():
    return SuperuserMenuItem(
        _("Event outbox"), reverse("events_outbox"), icon_name="history", order=900
    )
