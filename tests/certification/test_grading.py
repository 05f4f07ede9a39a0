"""Scoring rules: exact answers for one-answer questions, all-or-nothing or partial credit (never
below zero) for multiple response, percentages and per-domain scores as Decimals."""

from decimal import Decimal

import pytest

from certification.blocks import question_units
from certification.grading import grade, item_score
from certification.models import QuizPage

from .conftest import ALL_RIGHT, QUESTIONS

MR = {
    "id": "m",
    "type": "multiple_response",
    "points": 3,
    "options": [
        {"id": "a", "correct": True},
        {"id": "b", "correct": True},
        {"id": "c", "correct": True},
        {"id": "d", "correct": False},
        {"id": "e", "correct": False},
    ],
}


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["a", "b", "c"], "3.00"),
        (["a", "b"], "2.00"),
        (["a", "b", "d"], "1.00"),
        (["a", "d"], "0.00"),
        (["a", "d", "e"], "0.00"),  # would be -1: never below zero
        (["d", "e"], "0.00"),
        ([], "0.00"),
        (["a", "b", "c", "d", "e"], "1.00"),
    ],
)
def test_partial_credit_subtracts_wrong_choices_but_never_below_zero(chosen, expected):
    assert item_score(MR, chosen, multiple_response_scoring="partial") == Decimal(expected)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [(["a", "b", "c"], "3.00"), (["a", "b"], "0.00"), (["a", "b", "c", "d"], "0.00")],
)
def test_all_or_nothing_needs_exactly_the_right_set(chosen, expected):
    assert item_score(MR, chosen, multiple_response_scoring="all_or_nothing") == Decimal(expected)


def test_single_choice_scores_only_the_right_option():
    item = {
        "id": "s",
        "type": "single_choice",
        "points": 2,
        "options": [{"id": "a", "correct": True}, {"id": "b", "correct": False}],
    }
    assert item_score(item, ["a"], multiple_response_scoring="partial") == Decimal("2.00")
    assert item_score(item, ["b"], multiple_response_scoring="partial") == Decimal("0.00")
    assert item_score(item, [], multiple_response_scoring="partial") == Decimal("0.00")


def _units():
    from certification.demo import questions_stream

    block = QuizPage._meta.get_field("questions").stream_block
    return question_units(block.to_python(questions_stream(QUESTIONS)))


RULES = {"pass_mark_percent": 70, "multiple_response_scoring": "partial"}


def test_full_marks_pass_with_domains():
    result = grade(units=_units(), answers=ALL_RIGHT, rules=RULES)
    assert (result.points, result.max_points, result.percent) == (
        Decimal("6.00"),
        Decimal("6.00"),
        Decimal("100.00"),
    )
    assert result.passed
    assert result.domains["communication"] == {
        "points": "2.00",
        "max_points": "2.00",
        "percent": "100.00",
    }


def test_score_below_the_pass_mark_fails_and_is_rounded_to_cents():
    answers = {**ALL_RIGHT, "q2": ["a"], "q3": ["true"]}  # 1 + 1 + 0 + 2 = 4 of 6
    result = grade(units=_units(), answers=answers, rules=RULES)
    assert result.percent == Decimal("66.67")
    assert not result.passed
    assert result.items["q2"] == "1.00"
    assert result.domains["crisis-safety"]["percent"] == "50.00"


def test_pass_mark_is_inclusive():
    answers = {**ALL_RIGHT, "q3": ["true"]}  # 5 of 6 = 83.33
    assert grade(units=_units(), answers=answers, rules={**RULES, "pass_mark_percent": 83}).passed
    assert not grade(
        units=_units(), answers=answers, rules={**RULES, "pass_mark_percent": 84}
    ).passed
