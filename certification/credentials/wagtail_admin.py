"""The Wagtail admin for programmes, codes of ethics, credentials and practicum entries: one
"Certification" menu. Programmes and codes are translatable snippets (wagtail-localize translates
them); credentials and practicum entries are read-only listings, and a credential changes only
through the action views of `admin_views`, which call the services."""

from __future__ import annotations

import hashlib

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Credential, EthicsCode, PracticumEntry, Programme
from . import admin_forms, admin_views


class BadgePreviewPanel(Panel):
    """The programme's prepared badge, as the credentials will show it."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            programme = self.instance
            if not programme.pk or not programme.badge_png:
                return format_html(
                    "<p>{}</p>", _("The badge is prepared when the programme is saved.")
                )
            url = reverse("certification_programme_badge", args=[programme.pk])
            # A changing query string, so the browser shows a new badge after a save.
            version = hashlib.sha256(bytes(programme.badge_png)).hexdigest()[:12]
            return format_html(
                '<img src="{}?v={}" width="192" height="192" alt="{}">',
                url,
                version,
                _("Badge of %(name)s") % {"name": programme.name},
            )


def _credential_count(programme) -> int:
    return programme.credential_count


def _validity(programme) -> str:
    if not programme.validity_months:
        return str(_("Never expires"))
    return ngettext("%(count)d month", "%(count)d months", programme.validity_months) % {
        "count": programme.validity_months
    }


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "trophy"
    menu_label = _("Programmes")
    list_display = [
        "name",
        "locale",
        "is_active",
        Column("validity", label=_("Validity"), accessor=_validity, sort_key="validity_months"),
        Column(
            "credential_count",
            label=_("Credentials"),
            accessor=_credential_count,
            sort_key="credential_count",
        ),
    ]
    search_fields = ["name", "slug"]
    edit_handler = ObjectList(
        [*Programme.panels, BadgePreviewPanel(heading=_("Badge preview"))],
        base_form_class=admin_forms.ProgrammeAdminForm,
    )

    def get_queryset(self, request):
        # Credentials name the programme's source row; every translation shares its key.
        credentials = (
            Credential.objects.filter(programme_key=OuterRef("translation_key"))
            .order_by()
            .values("programme_key")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Programme.objects.annotate(
            credential_count=Coalesce(Subquery(credentials, output_field=IntegerField()), 0)
        ).select_related("locale")


class EthicsCodeViewSet(SnippetViewSet):
    model = EthicsCode
    icon = "doc-full"
    menu_label = _("Codes of ethics")
    list_display = ["title", "version", "locale", "effective_from"]
    search_fields = ["title", "version"]
    edit_handler = ObjectList(EthicsCode.panels, base_form_class=admin_forms.EthicsCodeAdminForm)


class ReadOnlyModelViewSet(ModelViewSet):
    """A listing with an inspect view and nothing that writes through a generic form."""

    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_admin_menu = False
    form_fields = []  # never used: there is no add or edit view

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_queryset(self):
        return self.model._default_manager.all()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=self.get_queryset(), **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"),
        ]


class CredentialFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Credential.Status.choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=lambda request: admin_forms.source_programmes_queryset(),
    )

    class Meta:
        model = Credential
        fields = ["status", "programme"]


class CredentialViewSet(ReadOnlyModelViewSet):
    model = Credential
    name = "certification_credentials"
    url_prefix = "certification/credentials"
    icon = "tick-inverse"
    menu_label = _("Credentials")
    index_view_class = admin_views.CredentialIndexView
    inspect_view_class = admin_views.CredentialInspectView
    filterset_class = CredentialFilterSet
    list_display = [
        "holder__email",
        "display_name",
        "programme",
        "status",
        "issued_at",
        "valid_until",
    ]
    search_fields = ["holder__email", "display_name"]
    search_backend_name = None
    inspect_view_fields_exclude = ["document", "jwt", "programme_key"]

    def get_queryset(self):
        return Credential.objects.select_related("holder", "programme")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("award/", admin_views.AwardView.as_view(), name="award"),
            path("<int:pk>/suspend/", admin_views.SuspendView.as_view(), name="suspend"),
            path("<int:pk>/reinstate/", admin_views.ReinstateView.as_view(), name="reinstate"),
            path("<int:pk>/revoke/", admin_views.RevokeView.as_view(), name="revoke"),
            path("<int:pk>/renew/", admin_views.RenewView.as_view(), name="renew"),
        ]


class PracticumEntryViewSet(ReadOnlyModelViewSet):
    model = PracticumEntry
    name = "certification_practicum"
    url_prefix = "certification/practicum"
    icon = "time"
    menu_label = _("Practicum entries")
    list_display = [
        "user__email",
        "organization",
        "date",
        "hours",
        "domain",
        "status",
        "decided_by",
    ]
    list_filter = ["status", "organization"]
    search_fields = ["user__email"]
    search_backend_name = None

    def get_queryset(self):
        return PracticumEntry.objects.select_related("user", "organization", "decided_by")


class CertificationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "trophy"
    menu_order = 250
    items = (ProgrammeViewSet, EthicsCodeViewSet, CredentialViewSet, PracticumEntryViewSet)


register_snippet(CertificationViewSetGroup)


@hooks.register("register_admin_urls")
def register_programme_badge_url():
    return [
        path(
            "certification/programmes/<int:pk>/badge.png",
            admin_views.programme_badge,
            name="certification_programme_badge",
        )
    ]
