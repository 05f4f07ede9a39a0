"""Navigation, footer and crisis lines appear on every page, cms or not, in the reader's language."""

from cms.models import Navigation


def test_navigation_and_footer_on_a_cms_page(client, site_frame):
    html = client.get("/de/").content.decode()
    assert '<a href="/de/ueber-sebaya/">Über Sebaya</a>' in html
    assert 'href="/de/search/"' in html
    assert 'href="/de/datenschutz/"' in html
    assert "kein Krisendienst" in html
    assert 'href="tel:08001110111"' in html
    assert "support@sebaya.example" in html


def test_navigation_and_footer_on_a_page_outside_the_cms(client, site_frame):
    html = client.get("/id/accounts/login/").content.decode()
    assert 'href="/id/tentang-sebaya/"' in html
    assert 'href="/id/privasi/"' in html
    assert 'href="tel:119"' in html


def test_the_current_page_is_marked_in_the_menu(client, site_frame):
    html = client.get("/en/about/").content.decode()
    assert '<a href="/en/about/" aria-current="page">' in html


def test_an_edited_menu_shows_at_once(client, site_frame):
    client.get("/en/")  # fills the cache
    navigation = Navigation.objects.get(locale__language_code="en")
    navigation.footer_text = "<p>Edited footer.</p>"
    navigation.save()
    assert "Edited footer." in client.get("/en/").content.decode()


def test_a_page_in_the_menu_that_goes_offline_leaves_it(client, site_frame):
    about = site_frame["en"].get_children().get(slug="about")
    client.get("/en/")
    about.unpublish()
    html = client.get("/en/").content.decode()
    assert 'href="/en/about/"' not in html


def test_pages_declare_their_language(client, site_frame):
    for code in ("en", "de", "id"):
        assert f'<html lang="{code}">' in client.get(f"/{code}/").content.decode()
