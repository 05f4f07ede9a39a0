"""Reads of the site frame: crisis lines, navigation and footer, site search."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import expand_db_html

from .models import CrisisLine, Navigation, SiteSettings

CHROME_CACHE_SECONDS = 300
_CHROME_VERSION_KEY = "cms:chrome:version"


@dataclass(frozen=True)
class CrisisLineData:
    name: str
    number: str
    dial: str
    description: str
    hours: str
    url: str
    operator_confirmed: bool


@dataclass(frozen=True)
class CrisisLines:
    language_code: str
    lines: tuple[CrisisLineData, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    lang: str = ""  # set when the target is in another language than the reader's


@dataclass(frozen=True)
class SiteChrome:
    """What every page shows around its content, for one site and language."""

    organisation_name: str
    support_email: str
    main_links: tuple[Link, ...]
    footer_links: tuple[Link, ...]
    footer_text: str
    crisis_lines: tuple[CrisisLineData, ...]


def _default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def _site_for(request) -> Site | None:
    site = Site.find_for_request(request) if request is not None else None
    return site or _default_site()


def _language_code(language_code: str | None) -> str:
    code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    # "de-at" readers see the "de" lines.
    return translation.get_supported_language_variant(code)


def crisis_lines_for(*, language_code: str | None = None, site: Site | None = None) -> CrisisLines:
    """The crisis lines configured for `language_code` (default: the active language) on `site`
    (default: the default site), in the editors' order."""
    code = _language_code(language_code)
    site = site or _default_site()
    if site is None:
        return CrisisLines(language_code=code, lines=())
    site_settings = SiteSettings.for_site(site)
    rows = CrisisLine.objects.filter(site_settings=site_settings, language_code=code).order_by(
        "sort_order", "pk"
    )
    return CrisisLines(
        language_code=code,
        lines=tuple(
            CrisisLineData(
                name=row.name,
                number=row.number,
                dial=row.dial,
                description=row.description,
                hours=row.hours,
                url=row.url,
                operator_confirmed=row.operator_confirmed,
            )
            for row in rows
        ),
    )


def crisis_lines_for_context(context) -> CrisisLines:
    """The crisis lines for a block rendered in `context`: the page's locale when there is a page,
    otherwise the active language."""
    page = context.get("page")
    locale = getattr(page, "locale", None)
    language_code = locale.language_code if locale is not None else None
    return crisis_lines_for(language_code=language_code, site=_site_for(context.get("request")))


def crisis_lines_unconfirmed_count() -> int:
    """How many crisis lines no operator has confirmed for their region yet (admin warning)."""
    return CrisisLine.objects.filter(operator_confirmed=False).count()


def _links(rows, request, language_code: str) -> tuple[Link, ...]:
    links = []
    for row in rows:
        if row.page_id:
            page = row.page.localized  # the reader's translation when there is one
            if not page.live:
                continue
            url = page.get_url(request)
            if url is None:
                continue
            page_language = page.locale.language_code
            links.append(
                Link(
                    label=row.label or page.title,
                    url=url,
                    lang="" if page_language == language_code else page_language,
                )
            )
        elif row.url:
            links.append(Link(label=row.label or row.url, url=row.url))
    return tuple(links)


def site_chrome_invalidate() -> None:
    """Forget every cached SiteChrome (called when navigation, settings or pages change)."""
    try:
        cache.incr(_CHROME_VERSION_KEY)
    except ValueError:
        cache.set(_CHROME_VERSION_KEY, 1, None)


def site_chrome_for(*, request=None, language_code: str | None = None) -> SiteChrome:
    """Navigation, footer and crisis lines of the reader's site and language, cached briefly."""
    code = _language_code(language_code)
    site = _site_for(request)
    version = cache.get(_CHROME_VERSION_KEY, 0)
    key = f"cms:chrome:{version}:{site.pk if site else 0}:{code}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = _site_chrome_build(request=request, site=site, language_code=code)
        cache.set(key, chrome, CHROME_CACHE_SECONDS)
    return chrome


def _site_chrome_build(*, request, site: Site | None, language_code: str) -> SiteChrome:
    locale = Locale.objects.filter(language_code=language_code).first()
    navigation = None
    if locale is not None:
        navigation = Navigation.objects.filter(locale=locale).first()
    if navigation is None:
        navigation = Navigation.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    site_settings = SiteSettings.for_site(site) if site is not None else None
    with translation.override(language_code):
        main_links = (
            _links(navigation.main_links.select_related("page"), request, language_code)
            if navigation
            else ()
        )
        footer_links = (
            _links(navigation.footer_links.select_related("page"), request, language_code)
            if navigation
            else ()
        )
        main_links = (*main_links, Link(label=gettext("Search"), url=reverse("cms:search")))
    return SiteChrome(
        organisation_name=site_settings.organisation_name if site_settings else "Sebaya",
        support_email=site_settings.support_email if site_settings else "",
        main_links=main_links,
        footer_links=footer_links,
        footer_text=mark_safe(expand_db_html(navigation.footer_text)) if navigation else "",  # noqa: S308 - editor rich text, sanitised by Wagtail
        crisis_lines=crisis_lines_for(language_code=language_code, site=site).lines,
    )


def search_pages(*, query: str, language_code: str | None = None):
    """Live, public pages in the reader's locale matching `query`, best first."""
    code = _language_code(language_code)
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        return Page.objects.none()
    return (
        Page.objects.live()
        .public()
        .filter(locale=locale)
        .exclude(depth=1)
        .specific()
        .search(query, operator="and")
    )
