"""The account page, data export and account deletion. Sign-up, login, e-mail verification and
password reset are django-allauth's views."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import DeleteAccountForm, PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm.for_user(request.user, data)
    if request.method == "POST" and form.is_valid():
        user = services.user_update_preferences(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        with translation.override(user.preferred_language):
            messages.success(request, _("Your account settings were saved."))
        return redirect(translate_url(reverse("accounts:profile"), user.preferred_language))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def export(request):
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="sebaya-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", {"form": form}, status=400)
        services.user_delete(user=request.user)
        # After the erasure: the session is flushed, the message travels in the cookie storage.
        logout(request)
        messages.success(request, _("Your account and your data were deleted."))
        return redirect(reverse("wagtail_serve", args=[""]))
    return render(request, "accounts/delete.html", {"form": form})
