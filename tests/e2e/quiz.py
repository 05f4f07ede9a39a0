"""The demo exam's answer key (certification/demo_content/quiz.<lang>.yaml), to answer an attempt
right or wrong on purpose."""

from __future__ import annotations

from functools import cache

import yaml
from playwright.sync_api import Page

from .helpers import ROOT

QUIZ_PATH = "peer-support-foundations/foundations-exam"


@cache
def items(lang: str = "en") -> dict[str, dict]:
    """Every answerable item by id: {"type", "correct": [...], "wrong": [...], "feedback": {}}."""
    data = yaml.safe_load(
        (ROOT / "certification" / "demo_content" / f"quiz.{lang}.yaml").read_text(encoding="utf-8")
    )
    found = {}
    for question in data["questions"]:
        for item in question.get("questions") or [question]:
            options = item["options"]
            found[item["id"]] = {
                "type": item["type"],
                "correct": [o["id"] for o in options if o.get("correct")],
                "wrong": [o["id"] for o in options if not o.get("correct")],
                "feedback": {o["id"]: o.get("feedback", "") for o in options},
            }
    return found


def shown_items(page: Page) -> list[str]:
    """The ids of the items of the attempt on the page, in order."""
    ids = page.locator("fieldset.question").evaluate_all("els => els.map(e => e.id)")
    return [value.removeprefix("question-") for value in ids]


def choices(item_id: str, *, right: bool) -> list[str]:
    item = items()[item_id]
    return item["correct"] if right else item["wrong"][:1]


def answer_all(page: Page, *, right: bool) -> list[tuple[str, str]]:
    """Tick every item's right answers (or one wrong answer); returns (item, option) ticked."""
    ticked = []
    for item_id in shown_items(page):
        for option in choices(item_id, right=right):
            page.locator(f'input[name="answer-{item_id}"][value="{option}"]').check()
            ticked.append((item_id, option))
    return ticked
