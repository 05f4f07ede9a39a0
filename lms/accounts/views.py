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
from .forms import PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
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
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(
                request, _("Tick the box to confirm that you want to delete your account.")
            )
            return render(request, "accounts/delete.html", status=400)
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and your data were deleted."))
        return redirect("/")
    return render(request, "accounts/delete.html")
