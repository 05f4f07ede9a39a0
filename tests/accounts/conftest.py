"""Fixtures for the accounts tests: a clean rate-limit cache, logged-in clients, HTML helpers."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def trainee(user_factory):
    return user_factory(email="trainee@example.org", password=PASSWORD, display_name="Ayu")


@pytest.fixture
def logged_in(client, trainee):
    """A client logged in through allauth's login form, as a person would."""
    response = client.post("/en/accounts/login/", {"login": trainee.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def link_in(mail, path_pattern: str) -> str:
    """The path of the first link in `mail` matching `path_pattern` (a regex on the path)."""
    match = re.search(rf"https?://[^/\s]+(?P<path>{path_pattern})", mail.body)
    assert match, f"no link matching {path_pattern!r} in:\n{mail.body}"
    return match.group("path")


class PageStructure(HTMLParser):
    """What the accessibility checks need from a page: its language, headings, form controls,
    labels and ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.headings: list[int] = []
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.ids: list[str] = []
        self.landmarks: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        elif tag in {"main", "header", "footer", "nav"}:
            self.landmarks.add(tag)
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.controls.append(attributes)


def page_structure(response) -> PageStructure:
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


def assert_accessible_structure(response, language: str) -> None:
    """The checks a test can make of WCAG 2.2 AA without a browser: <html lang>, one h1, headings
    in order, landmarks, every control labelled, help and errors linked, ids unique."""
    page = page_structure(response)
    assert page.html_lang == language
    assert page.headings.count(1) == 1, page.headings
    assert page.headings[0] == 1, page.headings
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"heading level skipped: {page.headings}"
    assert {"main", "header", "footer", "nav"} <= page.landmarks
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    for control in page.controls:
        label = control.get("id") in page.label_targets or control.get("aria-label")
        assert label, f"unlabelled control: {control}"
        for described_by in (control.get("aria-describedby") or "").split():
            assert described_by in page.ids, f"aria-describedby points nowhere: {control}"
