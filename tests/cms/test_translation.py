"""The translation workflow (wagtail-localize): a training page's blocks go out as a PO file and
come back translated; navigation links fall back to the source page with the right `lang`."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from cms.models import Navigation, NavigationLink, StandardPage
from lms.events.models import Event


@pytest.fixture
def source_page(site_frame):
    page = StandardPage(
        title="Listening well",
        slug="listening-well",
        intro="How to listen.",
        body=[
            ("text", "<h2>Open questions</h2><p>Ask what, how and when.</p>"),
            ("callout", {"tone": "tip", "title": "Pause", "text": "<p>Silence is fine.</p>"}),
            ("key_points", {"title": "Key points", "points": ["Listen first."]}),
        ],
    )
    site_frame["en"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_page_round_trips_through_a_po_file(
    source_page, user_factory, django_capture_on_commit_callbacks
):
    admin = user_factory(email="translator@example.org", is_superuser=True)
    german = Locale.objects.get(language_code="de")
    TranslationCreator(admin, [german]).create_translations(source_page)
    translation = Translation.objects.get(
        source__object_id=source_page.translation_key, target_locale=german
    )

    po = translation.export_po()
    sources = {entry.msgid for entry in po}
    assert {"Listening well", "How to listen.", "Silence is fine.", "Listen first."} <= sources
    assert "Open questions" in sources

    german_text = {
        "Listening well": "Gut zuhören",
        "How to listen.": "Wie Zuhören gelingt.",
        "Open questions": "Offene Fragen",
        "Ask what, how and when.": "Frag nach dem Was, Wie und Wann.",
        "Pause": "Pause",
        "Silence is fine.": "Stille ist in Ordnung.",
        "Key points": "Das Wichtigste",
        "Listen first.": "Zuerst zuhören.",
    }
    for entry in po:
        entry.msgstr = german_text.get(entry.msgid, entry.msgid)
    translation.import_po(po)
    # wagtail-localize publishes in an on_commit callback; the page_published receiver opens
    # its own transaction for the event (see test_workflow for a run without any).
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=admin, publish=True)

    page = source_page.get_translation(german).specific
    assert page.title == "Gut zuhören"
    assert page.live
    assert Event.objects.filter(
        type="cms.page.published.v1", payload__page_id=page.pk, payload__locale="de"
    ).exists()
    rendered = str(page.body)
    assert "Offene Fragen" in rendered and "Stille ist in Ordnung." in rendered


def test_an_editor_may_submit_a_page_for_translation(client, source_page, editor):
    client.force_login(editor)
    url = reverse("wagtail_localize:submit_page_translation", args=[source_page.pk])
    assert client.get(url).status_code == 200


def test_a_menu_link_without_a_translation_keeps_its_own_language(client, source_page):
    navigation = Navigation.objects.get(locale__language_code="de")
    NavigationLink.objects.create(navigation=navigation, page=source_page, sort_order=99)
    html = client.get("/de/").content.decode()
    assert '<a href="/en/listening-well/" lang="en" hreflang="en">Listening well</a>' in html
