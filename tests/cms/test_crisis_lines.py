"""The crisis-resources block shows the crisis lines of the page's locale, from the site settings."""

import pytest
from django.utils import translation
from wagtail.models import Site

from cms.blocks import CrisisResourcesBlock
from cms.models import CrisisLine, SiteSettings, StandardPage
from cms.selectors import crisis_lines_for


def _crisis_page(language_code):
    slug = {"en": "crisis-resources", "de": "krisenhilfe", "id": "bantuan-krisis"}[language_code]
    return StandardPage.objects.get(locale__language_code=language_code, slug=slug)


def test_german_page_shows_telefonseelsorge_and_not_indonesian_lines(client, site_frame):
    html = client.get(_crisis_page("de").url).content.decode()
    assert "TelefonSeelsorge" in html
    assert 'href="tel:08001110111"' in html and "0800 111 0 222" in html
    assert "119" not in html


def test_indonesian_page_shows_119_and_not_german_lines(client, site_frame):
    html = client.get(_crisis_page("id").url).content.decode()
    assert 'href="tel:119"' in html and "ekstensi 8" in html
    assert 'href="tel:112"' in html
    assert "TelefonSeelsorge" not in html


def test_english_page_shows_112_and_points_to_local_services(client, site_frame):
    html = client.get(_crisis_page("en").url).content.decode()
    assert 'href="tel:112"' in html
    assert "find your local emergency number" in html
    assert "TelefonSeelsorge" not in html and 'href="tel:119"' not in html


def test_the_block_follows_the_page_locale_not_the_interface_language(site_frame):
    german_page = _crisis_page("de")
    block = CrisisResourcesBlock()
    with translation.override("id"):
        html = block.render(block.to_python({"intro": ""}), context={"page": german_page})
    assert "TelefonSeelsorge" in html and "119" not in html


def test_lines_are_seeded_unconfirmed_for_an_operator_to_check(site_frame):
    assert CrisisLine.objects.count() == 6
    assert not CrisisLine.objects.filter(operator_confirmed=True).exists()


def test_a_language_without_lines_still_points_to_the_emergency_number(site_frame):
    CrisisLine.objects.filter(language_code="id").delete()
    block = CrisisResourcesBlock()
    html = block.render(block.to_python({"intro": ""}), context={"page": _crisis_page("id")})
    assert "<ul" not in html
    assert "emergency" in html.lower() or "darurat" in html.lower()


def test_an_operator_edit_changes_what_readers_see(client, site_frame):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    line = settings.crisis_lines.get(language_code="de", number="0800 111 0 222")
    line.hours = "Mo-Fr 8-20 Uhr"
    line.save()
    assert "Mo-Fr 8-20 Uhr" in client.get(_crisis_page("de").url).content.decode()


@pytest.mark.parametrize("code", ["de-at", "de"])
def test_regional_variants_read_their_languages_lines(site_frame, code):
    lines = crisis_lines_for(language_code=code)
    assert lines.language_code == "de"
    assert {line.name for line in lines.lines} == {"Notruf 112", "TelefonSeelsorge"}
