"""axe-core on every page type in English, German and Indonesian: no serious or critical
violation. Each test visits its pages in one language and reports every violation it found at
the end; the key pages are also screenshotted at phone and desktop width (English)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import LANGUAGES, axe_violations, describe, login, navigate, screenshots, submit

pytestmark = pytest.mark.e2e

COURSE = "peer-support-foundations"
MODULE = f"{COURSE}/common-pitfalls"
QUIZ = f"{COURSE}/foundations-exam"
ORGANISATION = "harapan-peer-network"
PROGRAMME = "certified-peer-supporter-foundations"
SEARCH = {"en": "boundaries", "de": "Grenzen", "id": "batasan"}


class Scan:
    """Visits pages, runs axe on each and keeps what it found for one assertion at the end."""

    def __init__(self, page: Page, lang: str):
        self.page = page
        self.lang = lang
        self.problems: list[str] = []

    def visit(self, path: str, name: str = "", *, shoot: bool = False, ready: str = "") -> None:
        response = self.page.goto(path)
        assert response is not None
        if response.status != 200:
            self.problems.append(f"{path}: HTTP {response.status}")
            return
        if ready:
            self.page.wait_for_selector(ready)
        self.check(path)
        if shoot and name and self.lang == "en":
            screenshots(self.page, name)

    def check(self, where: str) -> None:
        violations = axe_violations(self.page)
        if violations:
            self.problems.append(describe(violations, where))

    def done(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages(page, server, lang):
    scan = Scan(page, lang)
    credentials = server.facts["credentials"]
    scan.visit(f"/{lang}/", "home", shoot=True)
    scan.visit(f"/{lang}/{COURSE}/", "course", shoot=True)
    scan.visit(f"/{lang}/{MODULE}/", "module", shoot=True)
    scan.visit(f"/{lang}/{QUIZ}/")
    scan.visit(f"/{lang}/search/?q={SEARCH[lang]}", "search", shoot=True)
    scan.visit(f"/{lang}/accounts/login/", "login", shoot=True)
    scan.visit(f"/{lang}/accounts/signup/", "signup")
    scan.visit(f"/{lang}/accounts/password/reset/")
    for state in ("active", "expired", "suspended", "revoked"):
        scan.visit(
            f"/credentials/{credentials[state]['id']}/?lang={lang}",
            f"verification-{state}",
            shoot=state in ("active", "revoked"),
        )
    scan.done()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_learner_pages(new_context, server, lang):
    trainee = new_context().new_page()
    login(trainee, "trainee@sebaya.example", lang=lang)
    scan = Scan(trainee, lang)
    scan.visit(f"/{lang}/learn/", "dashboard", shoot=True)
    scan.visit(f"/{lang}/{COURSE}/")
    scan.visit(f"/{lang}/{MODULE}/")
    scan.visit(f"/{lang}/programmes/")
    scan.visit(f"/{lang}/programmes/{PROGRAMME}/", "programme-checklist", shoot=True)
    scan.visit(f"/{lang}/programmes/{PROGRAMME}/ethics/")
    scan.visit(f"/{lang}/programmes/practicum/", "practicum", shoot=True)
    scan.visit(f"/{lang}/organisations/")
    scan.visit(f"/{lang}/accounts/profile/")
    scan.visit(f"/{lang}/credentials/")

    # Someone who has not signed the code yet sees the form; sent empty, it shows its errors.
    newcomer = new_context().new_page()
    login(newcomer, "a11y@e2e.example", lang=lang)
    scan.page = newcomer
    scan.visit(f"/{lang}/programmes/{PROGRAMME}/ethics/", "ethics", shoot=True)
    submit(newcomer, "/ethics/")
    scan.check(f"/{lang}/programmes/{PROGRAMME}/ethics/ (sent with mistakes)")

    holder = new_context().new_page()
    login(holder, server.facts["credentials"]["active"]["holder"], lang=lang)
    scan.page = holder
    scan.visit(f"/{lang}/credentials/")
    navigate(holder, holder.locator('main a[href*="/credentials/"]').first)
    expect(holder).to_have_url(re.compile(rf"/{lang}/credentials/[0-9a-f-]+/$"))
    scan.check(f"{holder.url} (holder's credential page)")
    if lang == "en":
        screenshots(holder, "holder-credential")

    supervisor = new_context().new_page()
    login(supervisor, "supervisor@sebaya.example", lang=lang)
    scan.page = supervisor
    scan.visit(f"/{lang}/programmes/practicum/review/", "practicum-review", shoot=True)
    scan.done()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organisation_pages(page, server, lang):
    login(page, "coordinator@sebaya.example", lang=lang)
    scan = Scan(page, lang)
    base = f"/{lang}/organisations/{ORGANISATION}/"
    scan.visit(base, "organisation-roster", shoot=True)
    member = page.locator(f'main a[href*="{base}members/"]').first
    if member.count():
        navigate(page, member)
        scan.check(f"{page.url} (member)")
    scan.visit(f"{base}invitations/")
    scan.visit(f"{base}invitations/new/", "organisation-invite", shoot=True)
    scan.visit(f"{base}cohorts/new/")
    scan.visit(f"/{lang}/assessments/organisations/{ORGANISATION}/accommodations/")
    scan.visit(f"{base}api-keys/")
    scan.done()


def test_quiz_pages(page, server):
    """The assessment in each language before an attempt, during it and after it."""
    login(page, "a11y@e2e.example")
    scan = Scan(page, "en")
    for lang in LANGUAGES:
        scan.visit(f"/{lang}/{QUIZ}/", f"quiz-{lang}", shoot=lang == "en")
    page.goto(f"/en/{QUIZ}/")
    submit(page, "/start/")
    expect(page).to_have_url(re.compile(r"/assessments/attempts/[0-9a-f-]+/$"))
    attempt = page.url.split("/en/", 1)[1]
    page.locator(".question input[type=radio]").first.check()
    for lang in LANGUAGES:
        scan.visit(f"/{lang}/{attempt}")
    screenshots(page, "quiz-attempt")
    navigate(page, page.locator('button[name="submit"]'))
    for lang in LANGUAGES:
        scan.visit(f"/{lang}/{attempt}")
    screenshots(page, "quiz-result")
    scan.visit(f"/id/{QUIZ}/")
    scan.done()


def test_api_docs(page):
    """The partner API's documentation (Swagger UI, language-neutral)."""
    scan = Scan(page, "en")
    scan.visit("/api/docs/", "api-docs", shoot=True, ready=".swagger-ui .info")
    scan.done()
