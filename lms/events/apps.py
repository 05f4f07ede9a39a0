from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "lms.events"
    label = "events"
    verbose_name = _("Domain events")

    def ready(self) -> None:
        # Every process (web, worker, beat) knows every handler: each app's handlers.py registers
        # its subscribers when imported, and each app's events.py its event types.
        autodiscover_modules("events", "handlers")
