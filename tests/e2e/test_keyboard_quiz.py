"""An assessment completed with the keyboard alone: Tab, Space and Enter, no mouse, from the
quiz page to the result. Every control that takes focus on the way shows a visible focus
indicator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import login
from .quiz import QUIZ_PATH

pytestmark = pytest.mark.e2e

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  const fieldset = el.closest("fieldset.question");
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
    value: el.value || "", href: el.getAttribute("href") || "",
    action: el.form ? el.form.getAttribute("action") : "",
    item: fieldset ? fieldset.id : "", visible,
    answered: fieldset ? !!fieldset.querySelector("input:checked") : false,
  };
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED) or {}


def tab_to(page: Page, wanted, *, limit: int = 400, on_the_way=None) -> dict:
    """Press Tab until `wanted(focused)`; `on_the_way(focused)` sees every stop before."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        if wanted(current):
            return current
        if on_the_way:
            on_the_way(current)
    raise AssertionError(f"Tab never reached the control (last focus: {focused(page)})")


def test_keyboard_only_quiz(page, server):
    login(page, "keyboard@e2e.example")
    page.goto(f"/en/{QUIZ_PATH}/")

    # The skip link first, then the start button.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#main", skip
    page.keyboard.press("Enter")
    start = tab_to(page, lambda f: f["tag"] == "button" and "/start/" in f["action"])
    assert start["visible"], "the start button shows no focus indicator"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/assessments/attempts/[0-9a-f-]+/$"))

    # Each question: Tab reaches it, Space chooses the option that has focus.
    def answer(current: dict) -> None:
        if current["item"] and current["type"] in ("radio", "checkbox"):
            assert current["visible"], f"no focus indicator on {current}"
            if not current["answered"]:
                page.keyboard.press("Space")

    submit_button = tab_to(
        page, lambda f: f["tag"] == "button" and f["name"] == "submit", on_the_way=answer
    )
    assert submit_button["visible"], "the submit button shows no focus indicator"
    unanswered = page.locator("fieldset.question:not(:has(input:checked))")
    expect(unanswered).to_have_count(0)
    page.keyboard.press("Enter")

    # The result.
    expect(page.locator(".score")).to_be_visible()
    expect(page.locator(".status")).to_be_visible()
