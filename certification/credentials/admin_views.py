"""The credential admin's own views: a credential's detail (fields, audit trail, actions), the
action forms (suspend, reinstate, revoke, renew), the manual award, and a programme's badge
preview. Every action is a POST that calls a service of `certification.credentials.services`;
only holders of `certification.change_credential` may act."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import Credential, CredentialTransition, Programme
from . import admin_forms, services

CHANGE_CREDENTIAL = "certification.change_credential"
INDEX_URL = "certification_credentials:index"
INSPECT_URL = "certification_credentials:inspect"


def require_credential_admin(user) -> None:
    if not user.has_perm(CHANGE_CREDENTIAL):
        raise PermissionDenied


def credential_actions(credential: Credential, user) -> list[dict]:
    """The actions open to `user` for `credential` in its current state, for the detail view."""
    if not user.has_perm(CHANGE_CREDENTIAL):
        return []
    status = credential.status
    actions = []
    if status == Credential.Status.ACTIVE:
        actions.append(("suspend", _("Suspend"), "button-secondary"))
    if status == Credential.Status.SUSPENDED:
        actions.append(("reinstate", _("Reinstate"), "button-secondary"))
    if services.renewal_open(credential):
        actions.append(("renew", _("Renew"), "button-secondary"))
    if status in (Credential.Status.ACTIVE, Credential.Status.SUSPENDED, Credential.Status.EXPIRED):
        actions.append(("revoke", _("Revoke"), "no"))
    return [
        {
            "name": name,
            "label": label,
            "classname": classname,
            "url": reverse(f"certification_credentials:{name}", args=[credential.pk]),
        }
        for name, label, classname in actions
    ]


class CredentialIndexView(IndexView):
    """The credential list: an "Award manually" button for those who may, and a search that
    also finds a credential by its public id."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(CHANGE_CREDENTIAL):
            buttons.append(
                HeaderButton(
                    _("Award manually"),
                    url=reverse("certification_credentials:award"),
                    icon_name="plus",
                )
            )
        return buttons

    def search_queryset(self, queryset):
        if self.is_searching:
            try:
                public_id = uuid.UUID(self.search_query.strip())
            except ValueError:
                pass
            else:
                return queryset.filter(public_id=public_id)
        return super().search_queryset(queryset)


class CredentialInspectView(InspectView):
    """All of a credential's fields, its audit trail and the actions open to the user."""

    template_name = "certification/admin/credentials/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Credential.objects.select_related("holder", "programme", "renews", "signing_key"),
            pk=self.pk,
        )

    def get_page_subtitle(self):
        return f"{self.object.programme} — {self.object.holder.email}"

    def get_holder_display_value(self):
        holder = self.object.holder
        return f"{holder.email} ({holder.display_name})" if holder.display_name else holder.email

    def get_hours_display_value(self):
        hours = self.object.hours or {}
        return ", ".join(f"{domain}: {value}" for domain, value in sorted(hours.items())) or "-"

    def get_renews_display_value(self):
        renews = self.object.renews
        return str(renews.public_id) if renews else "-"

    def get_suspended_until_display_value(self):
        return self.object.suspended_until or "-"

    def get_is_public_display_value(self):
        return _("Yes") if self.object.is_public else _("No")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transitions"] = audit_trail(self.object)
        context["actions"] = credential_actions(self.object, self.request.user)
        try:
            context["public_url"] = reverse(
                "credentials_public:page", args=[str(self.object.public_id)]
            )
        except NoReverseMatch:
            context["public_url"] = ""
        return context


def audit_trail(credential: Credential) -> list[CredentialTransition]:
    """The credential's transitions, oldest first, with their statuses and reason as labels."""
    statuses = dict(Credential.Status.choices)
    reasons = dict(Credential.RevocationReason.choices)
    rows = list(CredentialTransition.objects.filter(credential=credential).select_related("actor"))
    for row in rows:
        row.from_label = statuses.get(row.from_status, row.from_status)
        row.to_label = statuses.get(row.to_status, row.to_status)
        row.reason_label = (
            reasons.get(row.reason_code, row.reason_code)
            if row.action == CredentialTransition.Action.REVOKED
            else row.reason_code
        )
    return rows


class CredentialActionView(WagtailAdminTemplateMixin, FormView):
    """Base of the action forms: GET shows the form, POST validates it and calls the service."""

    template_name = "certification/admin/credentials/action_form.html"
    header_icon = "tick-inverse"
    action_title = ""
    intro = ""
    submit_label = gettext_lazy("Confirm")
    submit_classname = "button"
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        require_credential_admin(request.user)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def credential(self) -> Credential:
        return get_object_or_404(
            Credential.objects.select_related("holder", "programme"), pk=self.kwargs["pk"]
        )

    @property
    def detail_url(self) -> str:
        return reverse(INSPECT_URL, args=[self.credential.pk])

    def get_page_title(self):
        return str(self.action_title)

    def get_page_subtitle(self):
        return f"{self.credential.programme} — {self.credential.holder.email}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL), "label": capfirst(Credential._meta.verbose_name_plural)},
            {"url": self.detail_url, "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            credential=self.credential,
            intro=self.intro,
            submit_label=self.submit_label,
            submit_classname=self.submit_classname,
            action_url=self.request.path,
            cancel_url=self.detail_url,
        )
        return context

    def perform(self, form) -> Credential:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except services.CredentialTransitionError as error:
            messages.error(self.request, str(error))
            return redirect(self.detail_url)
        messages.success(self.request, str(self.success_message))
        return redirect(self.detail_url)


class SuspendView(CredentialActionView):
    form_class = admin_forms.SuspendForm
    action_title = gettext_lazy("Suspend credential")
    intro = gettext_lazy(
        "While suspended, the verification page and the status list say the credential does not "
        "hold. It can be reinstated."
    )
    submit_label = gettext_lazy("Suspend")
    success_message = gettext_lazy("The credential is suspended.")

    def perform(self, form):
        return services.credential_suspend(
            credential=self.credential,
            actor=self.request.user,
            until=form.cleaned_data["until"],
            reason_code=form.cleaned_data["reason_code"],
            note=form.cleaned_data["note"],
        )


class ReinstateView(CredentialActionView):
    form_class = admin_forms.ReinstateForm
    action_title = gettext_lazy("Reinstate credential")
    intro = gettext_lazy("The credential holds again, until the end of its validity.")
    submit_label = gettext_lazy("Reinstate")
    success_message = gettext_lazy("The credential is reinstated.")

    def perform(self, form):
        return services.credential_reinstate(
            credential=self.credential, actor=self.request.user, note=form.cleaned_data["note"]
        )


class RevokeView(CredentialActionView):
    """Two steps: the reason and note, then a page that says revoking is permanent."""

    form_class = admin_forms.RevokeForm
    action_title = gettext_lazy("Revoke credential")
    intro = gettext_lazy(
        "Revoking is permanent: the credential can never be reinstated, and every copy of it "
        "(wallets, badges, certificates) verifies as revoked."
    )
    submit_label = gettext_lazy("Continue")
    submit_classname = "button no"
    success_message = gettext_lazy("The credential is revoked.")

    def form_valid(self, form):
        if not form.cleaned_data["confirmed"]:
            return TemplateResponse(
                self.request,
                "certification/admin/credentials/revoke_confirm.html",
                self.get_context_data(
                    form=form,
                    reason_label=dict(Credential.RevocationReason.choices)[
                        form.cleaned_data["reason_code"]
                    ],
                ),
            )
        return super().form_valid(form)

    def perform(self, form):
        return services.credential_revoke(
            credential=self.credential,
            actor=self.request.user,
            reason_code=form.cleaned_data["reason_code"],
            note=form.cleaned_data["note"],
        )


class RenewView(CredentialActionView):
    form_class = admin_forms.RenewForm
    action_title = gettext_lazy("Renew credential")
    intro = gettext_lazy(
        "Renewing issues a new credential, valid for the programme's full period, which replaces "
        "this one. The holder must meet the renewal requirements."
    )
    submit_label = gettext_lazy("Renew")
    success_message = gettext_lazy("The credential is renewed.")

    def perform(self, form):
        renewed = services.credential_renew(credential=self.credential, actor=self.request.user)
        self.renewed = renewed
        return renewed

    def form_valid(self, form):
        response = super().form_valid(form)
        renewed = getattr(self, "renewed", None)
        if renewed is not None and renewed.pk != self.credential.pk:
            return redirect(reverse(INSPECT_URL, args=[renewed.pk]))
        return response


class AwardView(WagtailAdminTemplateMixin, FormView):
    """Issue a credential without the programme's rules, with the reason on record."""

    form_class = admin_forms.AwardForm
    template_name = "certification/admin/credentials/action_form.html"
    page_title = gettext_lazy("Award a credential")
    header_icon = "tick-inverse"

    def dispatch(self, request, *args, **kwargs):
        require_credential_admin(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL), "label": capfirst(Credential._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            intro=_(
                "Award a programme's credential to an account without checking the programme's "
                "requirements, e.g. for training done elsewhere. The reason is kept in the "
                "credential's audit trail."
            ),
            submit_label=_("Award"),
            submit_classname="button",
            action_url=self.request.path,
            cancel_url=reverse(INDEX_URL),
        )
        return context

    def form_valid(self, form):
        try:
            credential = services.credential_award(
                holder=form.holder,
                programme=form.cleaned_data["programme"],
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.CredentialTransitionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(programme)s awarded to %(email)s.")
            % {"programme": credential.programme, "email": form.holder.email},
        )
        return redirect(reverse(INSPECT_URL, args=[credential.pk]))


def programme_badge(request, pk: int):
    """The programme's prepared badge PNG, for the preview in its editor."""
    policy = ModelPermissionPolicy(Programme)
    if not policy.user_has_any_permission(request.user, ["add", "change", "view"]):
        raise PermissionDenied
    programme = get_object_or_404(Programme.objects.only("pk", "badge_png"), pk=pk)
    data = bytes(programme.badge_png or b"")
    if not data:
        raise Http404
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
