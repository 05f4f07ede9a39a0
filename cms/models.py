"""The site's frame: home and standard pages, site settings with the crisis lines per locale, and
the translatable navigation and footer.

Personal data: none. (CrisisLine rows are public services' numbers, not people.)
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from .blocks import INLINE_FEATURES, PageStreamBlock


class FeaturedPageBlock(blocks.StructBlock):
    """A link to a page worth starting with (a course, the crisis resources)."""

    page = blocks.PageChooserBlock(label=_("Page"))
    summary = blocks.TextBlock(
        label=_("Summary"),
        required=False,
        help_text=_("Defaults to the page's search description."),
    )

    class Meta:
        icon = "link"
        label = _("Featured page")
        template = "cms/blocks/featured_page.html"


class HomePage(Page):
    """The root of one language's site: an introduction and links to where to start."""

    intro = RichTextField(blank=True, features=INLINE_FEATURES, verbose_name=_("introduction"))
    featured_heading = models.CharField(
        _("featured heading"), max_length=200, blank=True, help_text=_('E.g. "Start here".')
    )
    featured = StreamField(
        [("featured_page", FeaturedPageBlock())],
        blank=True,
        verbose_name=_("featured pages"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("featured_heading"), FieldPanel("featured")], heading=_("Featured pages")
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """About, privacy, crisis resources: a page of text and a few plain blocks."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown under the title.")
    )
    body = StreamField(PageStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """Who runs the site and the crisis lines each language shows."""

    organisation_name = models.CharField(_("organisation name"), max_length=200, default="Sebaya")
    support_email = models.EmailField(_("support e-mail"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("support_email")],
            heading=_("Organisation"),
        ),
        HelpPanel(
            content=_(
                "<p><strong>Crisis lines are safety information.</strong> The seeded numbers are "
                "well-known public numbers, but an operator must confirm every number for the "
                "region they serve before the site goes live, and tick "
                "“Operator confirmed for this region”.</p>"
            ),
            heading=_("Crisis lines: confirm before going live"),
        ),
        InlinePanel("crisis_lines", heading=_("Crisis lines"), label=_("Crisis line")),
    ]

    class Meta:
        verbose_name = _("site settings")


_NOT_DIALLED = re.compile(r"[^0-9+]")


class CrisisLine(Orderable):
    """One crisis or emergency line, shown to readers of one language."""

    site_settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="crisis_lines")
    language_code = models.CharField(
        _("language"), max_length=8, choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    name = models.CharField(_("name"), max_length=200)
    number = models.CharField(_("number"), max_length=40, help_text=_("As people dial it."))
    description = models.TextField(_("description"), blank=True)
    hours = models.CharField(
        pgettext_lazy("when a crisis line answers", "hours"), max_length=200, blank=True
    )
    url = models.URLField(_("URL"), blank=True)
    operator_confirmed = models.BooleanField(
        _("operator confirmed for this region"),
        default=False,
        help_text=_("Tick only after checking that this number works for the region you serve."),
    )

    panels = [
        FieldPanel("language_code"),
        FieldPanel("name"),
        FieldPanel("number"),
        FieldPanel("description"),
        FieldPanel("hours"),
        FieldPanel("url"),
        FieldPanel("operator_confirmed"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("crisis line")
        verbose_name_plural = _("crisis lines")

    def __str__(self):
        return f"{self.name} ({self.number})"

    @property
    def dial(self) -> str:
        """The number for a tel: link (digits and a leading +)."""
        return _NOT_DIALLED.sub("", self.number)


class Navigation(TranslatableMixin, ClusterableModel):
    """The header menu, footer links and footer text of one language (a snippet per locale,
    translated with wagtail-localize)."""

    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])

    panels = [
        InlinePanel("main_links", heading=_("Main menu"), label=_("Link")),
        InlinePanel("footer_links", heading=_("Footer links"), label=_("Link")),
        FieldPanel("footer_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("navigation")
        verbose_name_plural = _("navigation")

    def __str__(self):
        return str(_("Navigation ({language})")).format(language=self.locale.get_display_name())


class NavigationLinkBase(TranslatableMixin, Orderable):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("URL"), blank=True, help_text=_("Only when the link is not a page."))
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Defaults to the page title.")
    )

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("label")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.label or (self.page.title if self.page else self.url)

    def clean(self):
        super().clean()
        if not self.page_id and not self.url:
            raise ValidationError(_("Choose a page or give a URL."))


class NavigationLink(NavigationLinkBase):
    navigation = ParentalKey(Navigation, on_delete=models.CASCADE, related_name="main_links")

    class Meta(NavigationLinkBase.Meta):
        verbose_name = _("main menu link")


class FooterLink(NavigationLinkBase):
    navigation = ParentalKey(Navigation, on_delete=models.CASCADE, related_name="footer_links")

    class Meta(NavigationLinkBase.Meta):
        verbose_name = _("footer link")
