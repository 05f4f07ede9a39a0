"""Every seeded course and module page renders in every language: the right `lang`, no English
interface strings on German and Indonesian pages, images with alt text, the locale's crisis lines
where the module has a crisis-resources block, the content note before the body, and a module page
within its performance budget."""

import ast
import gzip
import re
from functools import cache
from pathlib import Path

import polib
import pytest
import yaml
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation.template import templatize
from wagtail import hooks

from cms.api import crisis_lines_for
from courses.curriculum import CURRICULUM_DIR

from .conftest import COURSE_SLUG, LANGUAGES, module_files, module_slugs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

TEMPLATES = sorted((Path(settings.BASE_DIR) / "courses" / "templates" / "courses").rglob("*.html"))
PAGE_BUDGET_BYTES = 100 * 1024
# Seeded crisis numbers each locale must show (CONTENT.md, "Safety rules for every page").
LOCAL_NUMBERS = {"de": ["112", "0800 111 0 111", "0800 111 0 222"], "id": ["112", "119"]}
GETTEXT_CALL = re.compile(
    r"(?P<function>n?gettext)\((?P<singular>u'(?:[^'\\]|\\.)*')"
    r"(?:, (?P<plural>u'(?:[^'\\]|\\.)*'), count)?\)"
)


def url(language: str, module_slug: str | None = None) -> str:
    return f"/{language}/{COURSE_SLUG}/" + (f"{module_slug}/" if module_slug else "")


PAGES = [(language, None) for language in LANGUAGES] + [
    (language, slug) for language in LANGUAGES for slug in module_slugs()
]


@cache
def interface_messages() -> list[tuple[str, str | None]]:
    """(msgid, plural msgid) of every {% translate %} and {% blocktranslate %} of the course
    templates, extracted the way makemessages does."""
    messages = set()
    for path in TEMPLATES:
        for match in GETTEXT_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
            plural = match["plural"]
            messages.add(
                (ast.literal_eval(match["singular"]), ast.literal_eval(plural) if plural else None)
            )
    return sorted(messages, key=str)


@cache
def module_content(slug: str) -> dict:
    (path,) = CURRICULUM_DIR.glob(f"*-{slug}.en.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def get(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def test_the_templates_have_interface_strings_to_check():
    msgids = {msgid for msgid, _ in interface_messages()}
    assert {"Content note", "Previous module", "Next module", "Modules"} <= msgids
    assert "About %(minutes)s minute" in msgids


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_interface_string_has_a_translation_in_the_catalogue(language):
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po")
    )
    entries = {
        (entry.msgid, entry.msgid_plural or None): entry
        for entry in catalogue
        if not entry.obsolete and not entry.msgctxt
    }
    missing = []
    for msgid, plural in interface_messages():
        entry = entries.get((msgid, plural))
        translated = (
            entry is not None
            and "fuzzy" not in entry.flags
            and (all(entry.msgstr_plural.values()) if plural else entry.msgstr)
        )
        if not translated:
            missing.append(msgid)
            continue
        with translation.override(language):  # compiled, too
            if plural is None:
                assert translation.gettext(msgid) == entry.msgstr
            else:
                assert translation.ngettext(msgid, plural, 1) == entry.msgstr_plural[0]
    assert not missing, f"untranslated in locale/{language}: {missing}"


@pytest.mark.parametrize(("language", "module_slug"), PAGES)
def test_every_page_renders_accessibly_in_its_language(client, language, module_slug):
    page = get(client, url(language, module_slug))

    # (a) the document's language is the page's locale
    assert page.html["lang"] == language
    for article in page.find_all("article"):
        assert article.get("lang", language) == language

    # (b) no English interface string is left on a German or Indonesian page
    if language != "en":
        with translation.override(language):
            untranslated = {
                msgid
                for msgid, plural in interface_messages()
                if "%(" not in msgid and translation.gettext(msgid) != msgid
            }
        shown = {text.strip() for text in page.find_all(string=True)} | {
            value
            for tag in page.find_all(True)
            for value in tag.attrs.values()
            if isinstance(value, str)
        }
        assert not untranslated & shown

    # (c) every image has alternative text
    for image in page.find_all("img"):
        assert image.get("alt", "").strip(), image

    assert page.find("h1").get_text(strip=True)
    if module_slug is not None:
        breadcrumb = page.find("nav", class_="breadcrumb")
        assert breadcrumb.find("a", attrs={"aria-current": "page"})["href"] == url(
            language, module_slug
        )
        assert breadcrumb.find("a", href=url(language))


@pytest.mark.parametrize(("language", "module_slug"), [page for page in PAGES if page[1]])
def test_crisis_resources_show_the_locales_crisis_lines(client, language, module_slug):
    content = module_content(module_slug)
    blocks = sum(1 for item in content["body"] if item["type"] == "crisis_resources")
    page = get(client, url(language, module_slug))
    sections = page.select(".module-body .block-crisis")
    assert len(sections) == blocks
    expected = [line.number for line in crisis_lines_for(language_code=language).lines]
    assert expected, f"no crisis lines are seeded for {language}"
    for section in sections:
        shown = [
            link.get_text(strip=True) for link in section.select(".crisis-lines a[href^='tel:']")
        ]
        assert shown == expected
        for number in LOCAL_NUMBERS.get(language, []):
            assert number in shown


@pytest.mark.parametrize(("language", "module_slug"), [page for page in PAGES if page[1]])
def test_the_content_note_comes_before_the_body(client, language, module_slug):
    page = get(client, url(language, module_slug))
    note = page.find(class_="content-note")
    if not module_content(module_slug)["content_note"]:
        assert note is None
        return
    body = page.find(class_="module-body")
    assert note is not None and note.find("h2")
    elements = page.find_all(True)
    assert elements.index(note) < elements.index(body)
    assert not body.find(class_="content-note")


def test_the_crisis_module_has_its_content_note_first(client):
    (path,) = CURRICULUM_DIR.glob("*-crisis-and-referral.en.yaml")
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert content["content_note"]
    html = client.get(url("en", content["slug"])).content.decode()
    assert html.index('class="content-note"') < html.index('class="module-body"')
    assert html.index("This module talks about suicide") < html.index('class="module-body"')


def test_the_course_page_lists_modules_in_order_with_minutes_and_hours(client):
    page = get(client, url("de"))
    items = page.select(".module-list__item")
    titles = [item.find("a").get_text(strip=True) for item in items]
    expected_titles, minutes = [], []
    for path in module_files("de"):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected_titles.append(content["title"])
        minutes.append(content["estimated_minutes"])
    assert titles == expected_titles
    assert [item.select_one(".meta").get_text(strip=True) for item in items] == [
        f"{value} Minuten" for value in minutes
    ]
    rows = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page.select(".hours-table tbody tr")
    }
    assert rows["Ethik und Grenzen"] == "0,6"  # 0.5 (module 2) + 0.1 (module 3), German decimals


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_module_previews_in_the_admin(language):
    from courses.models import ModulePage

    module = ModulePage.objects.get(locale__language_code=language, slug="crisis-and-referral")
    draft = module.get_latest_revision_as_object()
    draft.title = "Draft title"
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft title" in html
    assert 'class="block-crisis' in html


def test_the_module_page_links_its_neighbours(client):
    slugs = module_slugs()
    page = get(client, url("id", slugs[1]))
    assert page.find("a", rel="prev")["href"] == url("id", slugs[0])
    assert page.find("a", rel="next")["href"] == url("id", slugs[2])
    first = get(client, url("id", slugs[0]))
    assert first.find("a", rel="prev") is None
    last = get(client, url("id", slugs[-1]))
    assert last.find("a", rel="next") is None


def test_higher_apps_add_panels_to_the_course_page(client):
    from django.utils.html import format_html

    def programmes_panel(*, page, request):
        return format_html("<h2>Counts towards</h2><p>{}</p>", page.title)

    def nothing(*, page, request):
        return None

    with (
        hooks.register_temporarily("sebaya_course_page_panels", programmes_panel),
        hooks.register_temporarily("sebaya_course_page_panels", nothing),
    ):
        page = get(client, url("en"))
    panels = page.select(".course-panel")
    assert len(panels) == 1
    assert panels[0].p.get_text() == page.h1.get_text()


def test_a_module_page_renders_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    client.get(url("en", module_slugs()[0]))  # warm the site and chrome caches
    with django_assert_max_num_queries(20):
        assert client.get(url("en", module_slugs()[3])).status_code == 200


@pytest.mark.parametrize("module_slug", module_slugs())
def test_a_module_page_is_within_its_performance_budget(client, module_slug):
    """The page's HTML plus the CSS and JavaScript it references, gzip-compressed, < 100 KB."""
    response = client.get(url("en", module_slug))
    page = BeautifulSoup(response.content, "html.parser")
    assets = [link["href"] for link in page.find_all("link", rel="stylesheet")] + [
        script["src"] for script in page.find_all("script", src=True)
    ]
    total = len(gzip.compress(response.content))
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), asset
        path = finders.find(asset.removeprefix(settings.STATIC_URL).split("?")[0])
        assert path, f"{asset} not found"
        total += len(gzip.compress(Path(path).read_bytes()))
    assert total < PAGE_BUDGET_BYTES, f"{module_slug}: {total} bytes"
