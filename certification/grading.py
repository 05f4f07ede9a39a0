"""Grading: pure functions from a frozen draw and the answers to points, per item and domain.

Points are Decimals with two decimal places; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .blocks import MULTIPLE_RESPONSE

CENT = Decimal("0.01")
PARTIAL = "partial"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def item_score(
    item: dict[str, Any], chosen: list[str], *, multiple_response_scoring: str
) -> Decimal:
    """The points `chosen` earns on `item`.

    Single choice and true/false: all points for the correct option alone. Multiple response,
    all or nothing: all points for exactly the correct set. Partial credit: each correct option
    chosen earns points/number-correct, each wrong one chosen takes as much away; never below
    zero."""
    points = Decimal(item["points"])
    correct = {option["id"] for option in item["options"] if option["correct"]}
    selected = set(chosen)
    if item["type"] == MULTIPLE_RESPONSE and multiple_response_scoring == PARTIAL:
        if not correct:
            return Decimal(0)
        net = len(selected & correct) - len(selected - correct)
        return _cents(max(Decimal(0), points * net / len(correct)))
    return _cents(points) if selected == correct else Decimal("0.00")


@dataclass(frozen=True)
class Grade:
    points: Decimal
    max_points: Decimal
    percent: Decimal
    passed: bool
    domains: dict[str, dict[str, str]]
    items: dict[str, str]


def grade(
    *, units: list[dict[str, Any]], answers: dict[str, list[str]], rules: dict[str, Any]
) -> Grade:
    """Grade a frozen draw (`Attempt.questions`) against `answers` under the frozen `rules`."""
    total = maximum = Decimal(0)
    domains: dict[str, list[Decimal]] = {}
    items: dict[str, str] = {}
    for unit in units:
        earned_max = domains.setdefault(unit["domain"], [Decimal(0), Decimal(0)])
        for item in unit["items"]:
            score = item_score(
                item,
                answers.get(item["id"], []),
                multiple_response_scoring=rules["multiple_response_scoring"],
            )
            items[item["id"]] = str(score)
            total += score
            maximum += item["points"]
            earned_max[0] += score
            earned_max[1] += item["points"]
    percent = _cents(total * 100 / maximum) if maximum else Decimal("0.00")
    return Grade(
        points=_cents(total),
        max_points=_cents(maximum),
        percent=percent,
        passed=percent >= Decimal(rules["pass_mark_percent"]),
        domains={
            slug: {
                "points": str(_cents(earned)),
                "max_points": str(_cents(top)),
                "percent": str(_cents(earned * 100 / top) if top else Decimal("0.00")),
            }
            for slug, (earned, top) in domains.items()
        },
        items=items,
    )
