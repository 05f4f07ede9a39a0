"""Site search: published pages of the reader's locale, a validated query, pagination."""

import pytest

from cms.models import StandardPage


@pytest.fixture
def many_pages(site_frame):
    for number in range(12):
        page = StandardPage(title=f"Listening note {number}", slug=f"listening-{number}")
        site_frame["en"].add_child(instance=page)
        page.save_revision().publish()


def _result_links(html):
    start = html.find('<ol class="search-results"')
    return html[start : html.find("</ol>", start)] if start >= 0 else ""


def test_search_finds_pages_of_the_readers_locale_only(client, site_frame):
    english = _result_links(client.get("/en/search/", {"q": "Sebaya"}).content.decode())
    german = _result_links(client.get("/de/search/", {"q": "Sebaya"}).content.decode())
    assert "/en/about/" in english and "/de/" not in english and "/id/" not in english
    assert "/de/ueber-sebaya/" in german and "/en/" not in german


def test_search_leaves_out_unpublished_pages(client, site_frame):
    page = StandardPage(title="Unfinished draft about listening", slug="draft", live=False)
    site_frame["en"].add_child(instance=page)
    html = client.get("/en/search/", {"q": "Unfinished"}).content.decode()
    assert "Unfinished draft" not in _result_links(html)


@pytest.mark.parametrize(
    "query",
    ["", "   ", "\x00", "bad\x07query", "x" * 5000, "'; DROP TABLE pages; --", "%%%", "<script>"],
    ids=["empty", "blank", "nul", "control", "too-long", "sql", "percent", "html"],
)
def test_a_bad_query_gives_a_clean_page(client, site_frame, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Search</h1>" in html
    assert "<script>" not in html


def test_a_too_long_query_says_why(client, site_frame):
    html = client.get("/en/search/", {"q": "x" * 500}).content.decode()
    assert 'aria-invalid="true"' in html


def test_search_paginates_and_forgives_a_bad_page_number(client, many_pages):
    first = client.get("/en/search/", {"q": "Listening note"}).content.decode()
    assert first.count("<li>\n            <h3>") == 10
    assert 'rel="next"' in first
    second = client.get("/en/search/", {"q": "Listening note", "page": "2"}).content.decode()
    assert second.count("<li>\n            <h3>") == 2
    for bad in ("0", "999", "abc", "-1"):
        assert client.get("/en/search/", {"q": "Listening note", "page": bad}).status_code == 200


def test_search_is_get_only(client, site_frame):
    assert client.post("/en/search/", {"q": "x"}).status_code == 405
