"""The question blocks of a quiz (QuizPage.questions).

Every question has a stable `question_id` (the same in every language: answers, results and item
analysis are keyed by it), a competency domain slug, points, options (each with its own stable
`option_id`, a `correct` flag and feedback) and an explanation. A scenario is a vignette with
sub-questions of the three other types; it is drawn as a whole and each sub-question is graded
on its own. `question_units()` turns a stream into the plain data an attempt freezes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.api import COMPETENCY_DOMAIN_SLUGS

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]

SINGLE_CHOICE = "single_choice"
MULTIPLE_RESPONSE = "multiple_response"
TRUE_FALSE = "true_false"
SCENARIO = "scenario"


class OptionBlock(blocks.StructBlock):
    option_id = blocks.RegexBlock(
        regex=r"^[a-z0-9_-]{1,20}$",
        label=_("Option id"),
        help_text=_("Stable, unique within the question, e.g. “a”; the same in every language."),
    )
    text = blocks.CharBlock(label=_("Text"), max_length=1000)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"), required=False, help_text=_("Why this option is right or wrong.")
    )


def _domain_choices():
    return [(slug, slug) for slug in COMPETENCY_DOMAIN_SLUGS]


def _common_fields(*, with_domain: bool) -> list[tuple[str, blocks.Block]]:
    fields: list[tuple[str, blocks.Block]] = [
        (
            "question_id",
            blocks.RegexBlock(
                regex=r"^[a-zA-Z0-9_-]{1,40}$",
                label=_("Question id"),
                help_text=_(
                    "Stable and unique in the quiz, e.g. “q01”; the same in every language."
                ),
            ),
        )
    ]
    if with_domain:
        fields.append(
            ("domain", blocks.ChoiceBlock(choices=_domain_choices, label=_("Competency domain")))
        )
    return fields


class ChoiceQuestionBlock(blocks.StructBlock):
    """A question answered by choosing options. `kind` says how many may be correct."""

    def __init__(self, *, kind: str, with_domain: bool = True, **kwargs):
        self.kind = kind
        fields = [
            *_common_fields(with_domain=with_domain),
            ("points", blocks.IntegerBlock(label=_("Points"), min_value=1, max_value=100)),
            ("prompt", blocks.RichTextBlock(label=_("Question"), features=TEXT_FEATURES)),
            ("options", blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2)),
            (
                "explanation",
                blocks.RichTextBlock(
                    label=_("Explanation"), required=False, features=TEXT_FEATURES
                ),
            ),
        ]
        super().__init__(fields, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        options = value["options"]
        ids = [option["option_id"] for option in options]
        correct = sum(1 for option in options if option["correct"])
        errors = []
        if len(set(ids)) != len(ids):
            errors.append(_("Option ids must be unique within the question."))
        if self.kind in (SINGLE_CHOICE, TRUE_FALSE) and correct != 1:
            errors.append(_("Mark exactly one option as correct."))
        if self.kind == MULTIPLE_RESPONSE and correct < 1:
            errors.append(_("Mark at least one option as correct."))
        if self.kind == TRUE_FALSE and sorted(ids) != ["false", "true"]:
            errors.append(_("A true/false question has two options, “true” and “false”."))
        if errors:
            raise StructBlockValidationError(block_errors={"options": ValidationError(errors)})
        return value


def _choice(kind: str, label, *, with_domain: bool = True) -> ChoiceQuestionBlock:
    return ChoiceQuestionBlock(kind=kind, with_domain=with_domain, label=label)


class ScenarioBlock(blocks.StructBlock):
    def __init__(self, **kwargs):
        fields = [
            *_common_fields(with_domain=True),
            ("vignette", blocks.RichTextBlock(label=_("Vignette"), features=TEXT_FEATURES)),
            ("questions", _sub_questions()),
        ]
        super().__init__(fields, **kwargs)


def _sub_questions() -> blocks.StreamBlock:
    return blocks.StreamBlock(
        [
            (SINGLE_CHOICE, _choice(SINGLE_CHOICE, _("Single choice"), with_domain=False)),
            (
                MULTIPLE_RESPONSE,
                _choice(MULTIPLE_RESPONSE, _("Multiple response"), with_domain=False),
            ),
            (TRUE_FALSE, _choice(TRUE_FALSE, _("True or false"), with_domain=False)),
        ],
        label=_("Sub-questions"),
        min_num=1,
        max_num=5,
    )


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = _choice(SINGLE_CHOICE, _("Single choice"))
    multiple_response = _choice(MULTIPLE_RESPONSE, _("Multiple response"))
    true_false = _choice(TRUE_FALSE, _("True or false"))
    scenario = ScenarioBlock(label=_("Scenario"))

    def clean(self, value):
        value = super().clean(value)
        seen: set[str] = set()
        duplicates: set[str] = set()
        for unit in question_units(value):
            ids = {unit["id"], *(item["id"] for item in unit["items"])}
            duplicates |= ids & seen
            seen |= ids
        if duplicates:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ValidationError(
                    _("Question ids must be unique in the quiz: %(ids)s."),
                    params={"ids": ", ".join(sorted(duplicates))},
                )
            )
        return value


def _source(rich_text) -> str:
    return str(getattr(rich_text, "source", rich_text) or "")


def _item(block_type: str, value, *, item_id: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": block_type,
        "points": int(value["points"]),
        "prompt": _source(value["prompt"]),
        "explanation": _source(value["explanation"]),
        "options": [
            {
                "id": option["option_id"],
                "text": option["text"],
                "correct": bool(option["correct"]),
                "feedback": option["feedback"] or "",
            }
            for option in value["options"]
        ],
    }


def question_units(stream) -> list[dict[str, Any]]:
    """The questions of a stream as plain data: a list of units (a question, or a scenario with
    its sub-questions), each `{"id", "type", "domain", "vignette", "items": [...]}`; an item is
    `{"id", "type", "points", "prompt", "explanation", "options": [{"id", "text", "correct",
    "feedback"}]}`. Rich text is kept as its stored source."""
    units = []
    for block in stream:
        value = block.value
        if block.block_type == SCENARIO:
            items = [
                _item(child.block_type, child.value, item_id=child.value["question_id"])
                for child in value["questions"]
            ]
            units.append(
                {
                    "id": value["question_id"],
                    "type": SCENARIO,
                    "domain": value["domain"],
                    "vignette": _source(value["vignette"]),
                    "items": items,
                }
            )
        else:
            units.append(
                {
                    "id": value["question_id"],
                    "type": block.block_type,
                    "domain": value["domain"],
                    "vignette": "",
                    "items": [_item(block.block_type, value, item_id=value["question_id"])],
                }
            )
    return units
