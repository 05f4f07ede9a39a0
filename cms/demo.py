"""Demo site frame: the home page in every language, as the site's root."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

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
def seed_site(*, stdout=None) -> list:
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
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
    for code, locale in locales.items():
        if code == "en" or home.has_translation(locale):
            continue
        translation = home.copy_for_translation(locale)
        translation.title = HOME_TITLE[code]
        translation.intro = HOME_INTRO[code]
        translation.save_revision().publish()
    return []
