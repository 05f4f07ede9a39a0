"""Demo site frame, idempotently: the home page in every language as the site's root, site settings
with the crisis lines, the About, Privacy and Crisis resources pages, navigation and footer, and
the demo editor and clinical reviewer. Existing content is never overwritten."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from lms.core.demo import DEMO_PASSWORD, demo_user

from . import demo_content as content
from .models import FooterLink, HomePage, Navigation, NavigationLink, SiteSettings, StandardPage
from .services import clinical_review_attach

HOME_INTRO = {
    "en": "<p>Sebaya trains and certifies peer supporters: people who use their own lived "
    "experience to support others, on an equal footing.</p>",
    "de": "<p>Sebaya schult und zertifiziert Peer-Begleiter:innen: Menschen, die ihre eigene "
    "Erfahrung nutzen, um andere auf Augenhöhe zu unterstützen.</p>",
    "id": "<p>Sebaya melatih dan menyertifikasi pendukung sebaya: orang yang memakai pengalaman "
    "hidupnya sendiri untuk mendukung orang lain secara setara.</p>",
}
HOME_TITLE = {
    "en": "Peer support, done well",
    "de": "Peer-Unterstützung, gut gemacht",
    "id": "Dukungan sebaya yang baik",
}


@transaction.atomic
def seed_site(*, stdout=None) -> list[tuple[str, str, str]]:
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
    homes = _seed_home(locales)
    site = Site.objects.get(is_default_site=True)
    _seed_settings(site)
    pages: dict[str, dict[str, StandardPage]] = {}
    for key, spec in content.PAGES.items():
        pages[key] = _seed_page(spec, homes, locales, earlier=pages)
    for code, home in homes.items():
        _seed_featured(home, code, pages)
    _seed_navigation(locales, pages)
    clinical_review_attach(homes["en"])
    return _seed_accounts()


def _seed_home(locales) -> dict[str, HomePage]:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales["en"]).first()
    if home is None:
        # Wagtail's first migration leaves a "Welcome to your new Wagtail site!" page as the
        # default site's root; the demo home page takes its place (and its slug).
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = HomePage(
            title=HOME_TITLE["en"], slug="home", intro=HOME_INTRO["en"], locale=locales["en"]
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": "Sebaya",
            },
        )
    homes = {"en": home}
    for code, locale in locales.items():
        if code == "en":
            continue
        translation = home.get_translation_or_none(locale)
        if translation is None:
            translation = home.copy_for_translation(locale)
            translation.title = HOME_TITLE[code]
            translation.intro = HOME_INTRO[code]
            translation.save_revision().publish()
        homes[code] = translation.specific
    return homes


def _seed_settings(site: Site) -> None:
    site_settings = SiteSettings.for_site(site)
    if not site_settings.support_email:
        site_settings.support_email = content.SUPPORT_EMAIL
    seeded = set(site_settings.crisis_lines.values_list("language_code", flat=True))
    for code, lines in content.CRISIS_LINES.items():
        if code in seeded:
            continue  # an operator's lines for this language are theirs
        for line in lines:
            site_settings.crisis_lines.add(
                site_settings.crisis_lines.model(
                    language_code=code, operator_confirmed=False, **line
                )
            )
    site_settings.save()


def _rich(text: str, crisis_link: str) -> str:
    return text.replace("{crisis}", crisis_link)


def _crisis_link(pages, code: str) -> str:
    crisis = pages.get("crisis", {}).get(code)  # the crisis page is seeded first
    if crisis is None:
        return ""
    return f'<a linktype="page" id="{crisis.pk}">{crisis.title}</a>'


def _body(spec: dict, crisis_link: str) -> list:
    body = []
    for block_type, value in spec["body"]:
        if isinstance(value, str):
            value = _rich(value, crisis_link)
        elif block_type == "callout":
            value = {**value, "text": _rich(value["text"], crisis_link)}
        body.append((block_type, value))
    return body


def _seed_page(spec: dict, homes, locales, *, earlier) -> dict[str, StandardPage]:
    """One standard page in every language (English first, then its translations); `earlier`
    holds the pages seeded before it, which its text may link to."""
    pages: dict[str, StandardPage] = {}
    source_spec = spec["en"]
    source = StandardPage.objects.child_of(homes["en"]).filter(slug=source_spec["slug"]).first()
    created: dict[str, bool] = {}
    if source is None:
        source = StandardPage(
            title=source_spec["title"], slug=source_spec["slug"], locale=locales["en"]
        )
        HomePage.objects.get(pk=homes["en"].pk).add_child(instance=source)
        created["en"] = True
    pages["en"] = source
    for code, locale in locales.items():
        if code == "en":
            continue
        translation = source.get_translation_or_none(locale)
        if translation is None:
            translation = source.copy_for_translation(locale)
            created[code] = True
        pages[code] = translation.specific
    for code, page in pages.items():
        if not created.get(code):
            continue
        page_spec = spec[code]
        page.title = page_spec["title"]
        page.slug = page_spec["slug"]
        page.intro = page_spec["intro"]
        page.search_description = page_spec["search_description"]
        crisis_link = _crisis_link(earlier, code)
        page.body = _body(page_spec, crisis_link)
        page.save_revision().publish()
        page.refresh_from_db()
    return pages


def _seed_featured(home: HomePage, code: str, pages) -> None:
    # Re-read: pages were added below it since it was loaded, and publishing a stale copy would
    # write back its old child count (treebeard's numchild) and break the tree.
    home = HomePage.objects.get(pk=home.pk)
    if home.featured:
        return
    home.featured_heading = content.HOME_FEATURED_HEADING[code]
    home.featured = [
        ("featured_page", {"page": pages[key][code], "summary": summaries[code]})
        for key, summaries in content.HOME_FEATURED
    ]
    home.save_revision().publish()


def _seed_navigation(locales, pages) -> None:
    source = Navigation.objects.filter(locale=locales["en"]).first()
    for code, locale in locales.items():
        navigation = Navigation.objects.filter(locale=locale).first()
        if navigation is not None:
            continue
        navigation = Navigation(locale=locale, footer_text=content.FOOTER_TEXT[code])
        if source is not None:
            navigation.translation_key = source.translation_key
        navigation.main_links = [
            NavigationLink(page=pages[key][code], locale=locale) for key in content.MAIN_MENU
        ]
        navigation.footer_links = [
            FooterLink(page=pages[key][code], locale=locale) for key in content.FOOTER_MENU
        ]
        navigation.save()
        if source is None:
            source = navigation


def _seed_accounts() -> list[tuple[str, str, str]]:
    editor = demo_user(email="editor@sebaya.example", display_name="Emil Editor")
    reviewer = demo_user(
        email="reviewer@sebaya.example", display_name="Dr. Rina Wibowo", language="id"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    return [
        ("Editor (Wagtail admin)", editor.email, DEMO_PASSWORD),
        ("Clinical reviewer (Wagtail admin)", reviewer.email, DEMO_PASSWORD),
    ]
