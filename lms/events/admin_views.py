"""The outbox in the Wagtail admin: lag, failed handler runs, and a retry button (superusers)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .models import HandlerRun


def _require_superuser(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@require_http_methods(["GET"])
def outbox(request):
    _require_superuser(request)
    return TemplateResponse(
        request,
        "events/outbox.html",
        {
            "page_title": _("Event outbox"),
            "header_icon": "history",
            "status": selectors.outbox_status(),
            "failed_runs": selectors.failed_runs(limit=100),
        },
    )


@require_POST
def retry(request, run_id: int):
    _require_superuser(request)
    try:
        run = services.handler_run_retry(run_id=run_id)
    except HandlerRun.DoesNotExist:
        messages.error(request, _("That handler run no longer exists."))
    except services.RunNotRetryable:
        messages.info(request, _("That handler run has already succeeded."))
    else:
        messages.success(
            request,
            _("Handler run %(id)s was sent again (now %(status)s).")
            % {"id": run.pk, "status": run.get_status_display()},
        )
    return redirect("events_outbox")
