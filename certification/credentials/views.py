"""/<lang>/credentials/…: the holder's own credentials: the list, and one credential's page to
choose the name it shows and whether its verification page is public, to share it, and to see
what happened to it. Only the holder sees these pages; anyone else gets 404. Writes go through
`services.credential_display_set`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..models import Credential, CredentialTransition
from ..programmes import selectors as programme_selectors
from . import public_views, services
from .forms import CredentialDisplayForm
from .verification_log import verifications_for_holder

# What the holder's audit trail shows: when and what, never who (an administrator) or the
# internal note. Expiry reminders are e-mails, not changes; they are left out.
HOLDER_ACTIONS = [action for action in CredentialTransition.Action.values if action != "expiring"]


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _own_credential(request, public_id) -> Credential:
    credential = (
        Credential.objects.select_related("programme", "programme__locale", "renewed_by", "renews")
        .filter(public_id=public_id, holder=request.user)
        .first()
    )
    if credential is None:
        raise Http404
    return credential


@login_required
@require_GET
def credential_list(request):
    """The holder's credentials, newest first, each with its state and links."""
    rows = list(
        Credential.objects.filter(holder=request.user)
        .select_related("programme")
        .order_by("-issued_at", "-pk")
    )
    names = programme_selectors.localized_programmes(
        {row.programme_id: row.programme for row in rows}.values()
    )
    items = [
        {
            "credential": row,
            "programme": names.get(row.programme.translation_key, row.programme),
            "state": public_views.credential_state(row),
            "public_url": f"/credentials/{row.public_id}/",
        }
        for row in rows
    ]
    context = {"items": items, "verifications": verifications_for_holder(request.user)}
    return _private(render(request, "certification/credentials/list.html", context))


def _history(credential: Credential) -> list[dict]:
    reasons = dict(Credential.RevocationReason.choices)
    return [
        {
            "at": transition.at,
            "label": CredentialTransition.Action(transition.action).label,
            "reason": reasons.get(transition.reason_code, "")
            if transition.action == CredentialTransition.Action.REVOKED
            else "",
        }
        for transition in credential.transitions.filter(action__in=HOLDER_ACTIONS).order_by(
            "-at", "-pk"
        )
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def credential_detail(request, public_id):
    """The holder's page for one credential; POST saves the display form."""
    credential = _own_credential(request, public_id)
    if request.method == "POST":
        form = CredentialDisplayForm(request.POST)
        if form.is_valid():
            try:
                services.credential_display_set(
                    credential=credential,
                    holder=request.user,
                    display_name=form.cleaned_data["display_name"],
                    is_public=form.cleaned_data["is_public"],
                )
            except Credential.DoesNotExist:
                raise Http404 from None
            except services.CredentialTransitionError as refusal:
                form.add_error("display_name", str(refusal))
            else:
                messages.success(request, _("Saved. Your verification page shows the change."))
                return redirect("credentials:detail", public_id=credential.public_id)
        status = 400
    else:
        form = CredentialDisplayForm(
            initial={"display_name": credential.display_name, "is_public": credential.is_public}
        )
        status = 200
    language = translation.get_language()
    context = public_views.credential_context(credential, language_code=language) | {
        "form": form,
        "history": _history(credential),
        "public_url": f"/credentials/{credential.public_id}/",
    }
    return _private(
        render(request, "certification/credentials/detail.html", context, status=status)
    )
