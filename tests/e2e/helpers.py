"""What the journeys share: the server handle, the test mailbox, logging in, the accessibility
check and the screenshots."""

from __future__ import annotations

import email
import email.policy
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DEMO_PASSWORD = "sebaya-demo-2026"
LANGUAGES = ("en", "de", "id")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-features=Translate,MediaRouter",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


class Mailbox:
    """The server's file-based e-mail backend's directory: one file per connection, messages
    separated by a line of 79 dashes."""

    SEPARATOR = "\n" + "-" * 79 + "\n"

    def __init__(self, path: Path):
        self.path = path

    def messages(self) -> list[email.message.EmailMessage]:
        found = []
        for file in sorted(self.path.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            for chunk in file.read_text(encoding="utf-8").split(self.SEPARATOR):
                if chunk.strip():
                    found.append(email.message_from_string(chunk, policy=email.policy.default))
        return found

    def wait_for(
        self, *, to: str, containing: str = "", timeout: float = 15.0
    ) -> email.message.EmailMessage:
        """The latest message to `to` whose text contains `containing`."""
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(self.messages()):
                if to.lower() in str(message["To"]).lower() and containing in text_of(message):
                    return message
            if time.monotonic() > deadline:
                subjects = [(str(m["To"]), str(m["Subject"])) for m in self.messages()]
                raise AssertionError(f"No e-mail to {to} containing {containing!r}: {subjects}")
            time.sleep(0.2)


def text_of(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else ""


def links_in(message: email.message.EmailMessage, pattern: str = r"https?://\S+") -> list[str]:
    return [link.rstrip(".,)>") for link in re.findall(pattern, text_of(message))]


@dataclass
class Server:
    url: str
    facts: dict[str, Any]
    mailbox: Mailbox
    data: Path


# Actions ----------------------------------------------------------------------------------------


def login(page: Page, email_address: str, *, password: str = DEMO_PASSWORD, lang: str = "en"):
    page.goto(f"/{lang}/accounts/login/")
    page.locator("input[name=login]").fill(email_address)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def submit(page: Page, action_contains: str) -> None:
    """Press the submit button of the form posting to a URL containing `action_contains` (the
    forms' actions do not change with the language, their labels do), and wait for the answer."""
    navigate(page, page.locator(f'form[action*="{action_contains}"] button[type=submit]').first)


def navigate(page: Page, locator: Locator) -> None:
    """Click something that loads a new page, and wait until it has."""
    with page.expect_navigation():
        locator.click()


# Accessibility ----------------------------------------------------------------------------------

_axe = None
BLOCKING = ("serious", "critical")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict[str, Any]], where: str) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {node['target']}  {node.get('failureSummary', '')[:300]!r}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations, where or page.url)


# Screenshots ------------------------------------------------------------------------------------


def screenshots(page: Page, name: str) -> None:
    """The page at phone and at desktop width: test-artifacts/screenshots/<name>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
