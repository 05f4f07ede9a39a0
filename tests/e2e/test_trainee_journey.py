"""A trainee, from signing up to a credential anyone can verify.

Signs up in Indonesian and verifies the e-mail address from the test mailbox; joins Harapan Peer
Network from the coordinator's invitation (consenting to share credentials: practicum hours need
an organisation with a supervisor); reads a module in Indonesian, switches to German and keeps
the progress; completes the course; fails the final assessment once and reads the feedback,
then passes it; signs the code of ethics; logs practicum hours that the demo supervisor approves;
receives the credential, downloads the certificate (PDF) and the badge (PNG), and opens the public
verification page, which says it is valid.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from . import quiz
from .helpers import links_in, login, navigate, screenshots, submit

pytestmark = pytest.mark.e2e

COURSE = "peer-support-foundations"
PROGRAMME = "certified-peer-supporter-foundations"
ORGANISATION = "harapan-peer-network"
PASSWORD = "a long trainee passphrase 2026"


def sign_up(page: Page, server, *, email: str, name: str) -> None:
    page.goto("/id/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=display_name]").fill(name)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("select[name=preferred_language]").select_option("id")
    page.locator('main form[action*="/signup/"] button[type=submit]').click()
    expect(page).to_have_url(re.compile(r"/id/accounts/confirm-email/$"))

    message = server.mailbox.wait_for(to=email, containing="/accounts/confirm-email/")
    (link,) = links_in(message, r"https?://\S+/accounts/confirm-email/\S+")
    page.goto(link)
    page.locator('main form[action*="/confirm-email/"] button[type=submit]').click()
    expect(page).not_to_have_url(re.compile(r"/confirm-email/"))


def join_organisation(page: Page, coordinator: Page, server, *, email: str) -> None:
    coordinator.goto(f"/en/organisations/{ORGANISATION}/invitations/new/")
    coordinator.locator("textarea[name=emails]").fill(email)
    coordinator.locator("select[name=role]").select_option("member")
    submit(coordinator, "/invitations/new/")
    message = server.mailbox.wait_for(to=email, containing="/organisations/invitations/")
    (link,) = links_in(message, r"https?://\S+/organisations/invitations/\S+")
    page.goto(link)
    page.locator("input[name=shares_progress]").check()
    page.locator("input[name=shares_credentials]").check()
    navigate(page, page.locator("main form button[type=submit]"))
    page.goto("/id/organisations/")
    expect(page.locator("main")).to_contain_text("Harapan Peer Network")


def progress(page: Page) -> tuple[int, int]:
    bar = page.locator("#enrolment progress")
    return int(bar.get_attribute("value")), int(bar.get_attribute("max"))


def complete_module(page: Page) -> None:
    submit(page, "/complete/")
    expect(page.locator("#module-progress .badge--ok")).to_be_visible()


def take_attempt(page: Page, lang: str, *, right: bool) -> list[tuple[str, str]]:
    page.goto(f"/{lang}/{quiz.QUIZ_PATH}/")
    submit(page, "/start/")
    expect(page).to_have_url(re.compile(rf"/{lang}/assessments/attempts/[0-9a-f-]+/$"))
    ticked = quiz.answer_all(page, right=right)
    navigate(page, page.locator('button[name="submit"]'))
    expect(page.locator(".score")).to_be_visible()
    return ticked


def test_trainee_journey(new_context, server):
    email = f"putri.{uuid.uuid4().hex[:8]}@e2e.example"
    name = "Putri Rahayu"
    page = new_context(locale="id-ID").new_page()
    coordinator = new_context().new_page()
    login(coordinator, "coordinator@sebaya.example")

    # Signs up and verifies the address from the mailbox; logged in after confirming.
    sign_up(page, server, email=email, name=name)
    join_organisation(page, coordinator, server, email=email)

    # Reads the first module in Indonesian.
    page.goto(f"/id/{COURSE}/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    submit(page, "/enrol/")
    page.goto(f"/id/{COURSE}/")
    assert progress(page)[0] == 0
    page.locator("#enrolment a.button").click()
    expect(page).to_have_url(re.compile(rf"/id/{COURSE}/[\w-]+/$"))
    complete_module(page)

    # Switches to German: the course page in German keeps the progress.
    page.goto(f"/id/{COURSE}/")
    done, total = progress(page)
    assert done == 1
    page.locator('nav.language-switcher a[hreflang="de"]').click()
    expect(page).to_have_url(re.compile(rf"/de/{COURSE}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert progress(page) == (1, total)

    # Completes every other module in German (the "resume" button leads to the next one).
    for expected in range(2, total + 1):
        page.locator("#enrolment a.button").click()
        expect(page).to_have_url(re.compile(rf"/de/{COURSE}/[\w-]+/$"))
        complete_module(page)
        page.goto(f"/de/{COURSE}/")
        assert progress(page) == (expected, total)
    screenshots(page, "journey-course-modules-done")

    # Fails the final assessment once and reads the feedback on the answers given.
    ticked = take_attempt(page, "de", right=False)
    expect(page.locator(".status--failed")).to_be_visible()
    feedback = quiz.items("de")[ticked[0][0]]["feedback"][ticked[0][1]]
    expect(page.locator("main")).to_contain_text(feedback.strip()[:60])
    screenshots(page, "journey-quiz-failed")

    # Passes it at the second attempt; the course is complete.
    take_attempt(page, "de", right=True)
    expect(page.locator(".status--passed")).to_be_visible()
    screenshots(page, "journey-quiz-passed")
    page.goto(f"/de/{COURSE}/")
    expect(page.locator("#enrolment .badge--ok")).to_be_visible()

    # Signs the code of ethics.
    page.goto(f"/de/programmes/{PROGRAMME}/ethics/")
    page.locator("input[name=agree]").check()
    page.locator("input[name=typed_name]").fill(name)
    submit(page, "/ethics/")
    page.goto(f"/de/programmes/{PROGRAMME}/ethics/")
    expect(page.locator('form[action*="/ethics/"]')).to_have_count(0)

    # Logs supervised practice; the supervisor approves it.
    page.goto("/de/programmes/practicum/")
    page.locator("input[name=hours]").fill("10")
    page.locator("select[name=domain]").select_option("peer-role")
    page.locator("textarea[name=description]").fill(
        "Co-facilitated the weekly peer support group with my supervisor."
    )
    submit(page, "/programmes/practicum/")
    supervisor = new_context().new_page()
    login(supervisor, "supervisor@sebaya.example")
    supervisor.goto("/en/programmes/practicum/review/")
    entry = supervisor.locator("li.card", has_text=name)
    expect(entry).to_have_count(1)
    navigate(supervisor, entry.locator('button[name="decision"][value="approve"]'))
    expect(supervisor.locator("li.card", has_text=name)).to_have_count(0)

    # Every requirement met: the credential was issued.
    page.goto(f"/de/programmes/{PROGRAMME}/")
    screenshots(page, "journey-checklist-complete")
    page.goto("/de/credentials/")
    page.locator('main a[href*="/de/credentials/"]').first.click()
    expect(page).to_have_url(re.compile(r"/de/credentials/[0-9a-f-]+/$"))
    screenshots(page, "journey-credential")
    server.mailbox.wait_for(to=email, containing="/credentials/")

    # Downloads the certificate and the badge.
    pdf_link = page.locator('a[type="application/pdf"]').first
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body().startswith(b"%PDF")
    with page.expect_download() as download_info:
        page.locator('a[type="image/png"][download]').first.click()
    badge = download_info.value.path().read_bytes()
    assert badge.startswith(b"\x89PNG") and b"openbadgecredential" in badge

    # Opens the public verification page: valid.
    page.locator(
        'main a[href^="/credentials/"], main a[href*="://"][href*="/credentials/"]'
    ).first.click()
    expect(page).to_have_url(re.compile(r"/credentials/[0-9a-f-]+/(\?.*)?$"))
    expect(page.locator(".credential-state--valid")).to_be_visible()
    expect(page.locator(".credential-holder")).to_contain_text(name)
    screenshots(page, "journey-verification-valid")
