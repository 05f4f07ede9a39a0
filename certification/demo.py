"""Demo content of the certification app: the Peer Support Foundations final assessment.

`seed_quiz()` reads certification/demo_content/quiz.<lang>.yaml (FORMAT.md there), validates every
file (and that the translations match the English source: ids, types, domains, points, options
and answer keys), then creates or updates the QuizPage under the course in each language that has
a file, as a translation of the English one (same translation_key), and publishes a page only
when its content differs from its file. Idempotent. Runs after the courses seed (hook order 30).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page

from courses.api import COMPETENCY_DOMAIN_SLUGS

from .blocks import MULTIPLE_RESPONSE, SCENARIO, SINGLE_CHOICE, TRUE_FALSE
from .models import QuizPage

QUIZ_DIR = Path(__file__).resolve().parent / "demo_content"
COURSE_SLUG = "peer-support-foundations"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "de", "id")
CHOICE_TYPES = (SINGLE_CHOICE, MULTIPLE_RESPONSE, TRUE_FALSE)
DEFAULT_SETTINGS = {
    "attempts_allowed": 3,
    "attempt_window_days": None,
    "cooldown_hours": 24,
    "time_limit_minutes": 45,
    "draw_per_domain": True,
    "shuffle_questions": True,
    "shuffle_options": True,
    "review_policy": "questions",
    "multiple_response_scoring": "partial",
}


class QuizContentError(ImproperlyConfigured):
    """The quiz files do not follow FORMAT.md; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            "The demo quiz files have problems:\n" + "\n".join(f"- {p}" for p in problems[:40])
        )


def _check_options(where: str, question: dict, problems: list[str]) -> None:
    kind = question.get("type")
    options = question.get("options")
    if not isinstance(options, list) or not options:
        problems.append(f"{where}: 'options' must be a non-empty list.")
        return
    ids = []
    for index, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            problems.append(f"{where}, option {index}: must be a mapping.")
            continue
        for key in ("id", "text"):
            if not isinstance(option.get(key), str) or not option.get(key):
                problems.append(f"{where}, option {index}: '{key}' must be a non-empty string.")
        if not isinstance(option.get("correct", False), bool):
            problems.append(f"{where}, option {index}: 'correct' must be true or false.")
        ids.append(str(option.get("id")))
    correct = sum(1 for option in options if isinstance(option, dict) and option.get("correct"))
    if len(set(ids)) != len(ids):
        problems.append(f"{where}: option ids repeat.")
    if kind == SINGLE_CHOICE and not (3 <= len(options) <= 5 and correct == 1):
        problems.append(f"{where}: single_choice needs 3-5 options, exactly one correct.")
    if kind == MULTIPLE_RESPONSE and not (4 <= len(options) <= 6 and correct >= 2):
        problems.append(f"{where}: multiple_response needs 4-6 options, at least two correct.")
    if kind == TRUE_FALSE and (sorted(ids) != ["false", "true"] or correct != 1):
        problems.append(f"{where}: true_false needs options 'true' and 'false', one correct.")


def _check_question(where: str, question: Any, problems: list[str], *, sub: bool) -> None:
    if not isinstance(question, dict):
        problems.append(f"{where}: must be a mapping.")
        return
    kind = question.get("type")
    allowed = CHOICE_TYPES if sub else (*CHOICE_TYPES, SCENARIO)
    if kind not in allowed:
        problems.append(f"{where}: 'type' must be one of {', '.join(allowed)}, not {kind!r}.")
        return
    if not isinstance(question.get("id"), str) or not question.get("id"):
        problems.append(f"{where}: 'id' must be a non-empty string.")
    if not sub and question.get("domain") not in COMPETENCY_DOMAIN_SLUGS:
        problems.append(
            f"{where}: 'domain' must be one of {', '.join(COMPETENCY_DOMAIN_SLUGS)}, "
            f"not {question.get('domain')!r}."
        )
    if kind == SCENARIO:
        if not isinstance(question.get("vignette"), str) or not question.get("vignette"):
            problems.append(f"{where}: a scenario needs a 'vignette'.")
        subs = question.get("questions")
        if not isinstance(subs, list) or not 1 <= len(subs) <= 5:
            problems.append(f"{where}: a scenario needs 'questions', a list of 1-5 questions.")
            return
        for index, child in enumerate(subs, start=1):
            _check_question(f"{where}, sub-question {index}", child, problems, sub=True)
        return
    points = question.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= 100:
        problems.append(f"{where}: 'points' must be a whole number from 1 to 100.")
    if not isinstance(question.get("prompt"), str) or not question.get("prompt"):
        problems.append(f"{where}: 'prompt' must be a non-empty string.")
    _check_options(where, question, problems)


def _shape(question: dict) -> Any:
    """What must be the same in every language: ids, types, domains, points, answer keys."""
    if question.get("type") == SCENARIO:
        return (
            question.get("id"),
            SCENARIO,
            question.get("domain"),
            tuple(_shape(child) for child in question.get("questions") or []),
        )
    return (
        question.get("id"),
        question.get("type"),
        question.get("domain"),
        question.get("points"),
        tuple(
            (option.get("id"), bool(option.get("correct")))
            for option in question.get("options") or []
            if isinstance(option, dict)
        ),
    )


def load_quiz(directory: Path = QUIZ_DIR) -> dict[str, dict]:
    """The quiz files present in `directory`, by language, validated. Raises QuizContentError."""
    problems: list[str] = []
    quizzes: dict[str, dict] = {}
    for language in LANGUAGES:
        path = directory / f"quiz.{language}.yaml"
        if not path.exists():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append(f"{path.name}: not valid YAML: {error}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path.name}: must be a mapping.")
            continue
        for key in ("slug", "title"):
            if not isinstance(data.get(key), str) or not data.get(key):
                problems.append(f"{path.name}: '{key}' must be a non-empty string.")
        for key in ("pass_mark_percent", "questions_per_attempt"):
            value = data.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(f"{path.name}: '{key}' must be a whole number.")
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"{path.name}: 'questions' must be a non-empty list.")
            continue
        seen: set[str] = set()
        for index, question in enumerate(questions, start=1):
            where = f"{path.name}, question {index}"
            _check_question(where, question, problems, sub=False)
            if isinstance(question, dict):
                ids = [question.get("id")] + [
                    child.get("id")
                    for child in question.get("questions") or []
                    if isinstance(child, dict)
                ]
                for question_id in ids:
                    if question_id in seen:
                        problems.append(f"{where}: the id {question_id!r} is used twice.")
                    seen.add(question_id)
        quizzes[language] = data
    source = quizzes.get(SOURCE_LANGUAGE)
    if quizzes and source is None:
        problems.append(f"quiz.{SOURCE_LANGUAGE}.yaml, the source, is missing.")
    if source is not None and not problems:
        source_shape = [_shape(question) for question in source["questions"]]
        for language, data in quizzes.items():
            if data.get("slug") != source.get("slug"):
                problems.append(f"quiz.{language}.yaml: 'slug' differs from the English file.")
            shape = [_shape(question) for question in data["questions"]]
            for index, (mine, theirs) in enumerate(zip(shape, source_shape, strict=False), start=1):
                if mine != theirs:
                    problems.append(
                        f"quiz.{language}.yaml, question {index}: ids, types, domain, points or "
                        "answer keys differ from the English file."
                    )
            if len(shape) != len(source_shape):
                problems.append(
                    f"quiz.{language}.yaml: {len(shape)} questions, the English file has "
                    f"{len(source_shape)}."
                )
    if problems:
        raise QuizContentError(problems)
    return quizzes


def _block_id(*parts: str) -> str:
    return str(uuid.UUID(hashlib.sha256("/".join(parts).encode()).hexdigest()[:32]))


def _choice_value(question: dict, *, with_domain: bool) -> dict[str, Any]:
    value = {
        "question_id": question["id"],
        "points": question["points"],
        "prompt": question["prompt"],
        "options": [
            {
                "type": "item",
                "id": _block_id("option", question["id"], option["id"]),
                "value": {
                    "option_id": option["id"],
                    "text": option["text"],
                    "correct": bool(option.get("correct")),
                    "feedback": option.get("feedback") or "",
                },
            }
            for option in question["options"]
        ],
        "explanation": question.get("explanation") or "",
    }
    if with_domain:
        value["domain"] = question["domain"]
    return value


def questions_stream(questions: list[dict]) -> list[dict[str, Any]]:
    """The raw StreamField data of a file's questions (block ids stable per question id)."""
    stream = []
    for question in questions:
        if question["type"] == SCENARIO:
            value = {
                "question_id": question["id"],
                "domain": question["domain"],
                "vignette": question["vignette"],
                "questions": [
                    {
                        "type": child["type"],
                        "id": _block_id("question", child["id"]),
                        "value": _choice_value(child, with_domain=False),
                    }
                    for child in question["questions"]
                ],
            }
        else:
            value = _choice_value(question, with_domain=True)
        stream.append(
            {"type": question["type"], "id": _block_id("question", question["id"]), "value": value}
        )
    return stream


def _values(data: dict) -> dict[str, Any]:
    settings = {key: data.get(key, default) for key, default in DEFAULT_SETTINGS.items()}
    return {
        "title": data["title"],
        "intro": data.get("intro") or "",
        "content_note": data.get("content_note") or "",
        "pass_mark_percent": data["pass_mark_percent"],
        "questions_per_attempt": data["questions_per_attempt"],
        "questions": questions_stream(data["questions"]),
        **settings,
    }


def _prepared(page: Page, name: str, value: Any) -> Any:
    field = page._meta.get_field(name)
    if not isinstance(value, StreamValue):
        value = field.to_python(value)
    return field.get_prep_value(value)


def _apply(page: QuizPage, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if _prepared(page, name, getattr(page, name)) != _prepared(page, name, value):
            setattr(page, name, page._meta.get_field(name).to_python(value))
            changed = True
    return changed


def _publish_changes(page: QuizPage, values: dict[str, Any]) -> bool:
    page = QuizPage.objects.get(pk=page.pk)
    current = page.get_latest_revision_as_object() if page.latest_revision_id else page
    if _apply(current, values) or not page.live or page.has_unpublished_changes:
        current.save_revision().publish()
        return True
    return False


@transaction.atomic
def seed_quiz(*, stdout=None, directory: Path = QUIZ_DIR) -> list:
    """Create or update the demo quiz from `directory`; see the module docstring."""
    quizzes = load_quiz(directory)
    if not quizzes:
        if stdout is not None:
            stdout.write("Quiz: no quiz files in certification/demo_content yet; nothing seeded.")
        return []
    course = Page.objects.filter(slug=COURSE_SLUG, locale__language_code=SOURCE_LANGUAGE).first()
    if course is None:
        raise ImproperlyConfigured(
            "The demo quiz needs the demo course: the courses seed makes it."
        )
    source = quizzes[SOURCE_LANGUAGE]
    published = []
    quiz = QuizPage.objects.child_of(course).filter(slug=source["slug"]).first()
    if quiz is None:
        quiz = QuizPage(slug=source["slug"], locale=course.locale)
        _apply(quiz, _values(source))
        Page.objects.get(pk=course.pk).add_child(instance=quiz)
        quiz.save_revision().publish()
        published.append(SOURCE_LANGUAGE)
    elif _publish_changes(quiz, _values(source)):
        published.append(SOURCE_LANGUAGE)
    for language, data in quizzes.items():
        if language == SOURCE_LANGUAGE:
            continue
        locale = Locale.objects.get(language_code=language)
        translated = quiz.get_translation_or_none(locale)
        if translated is None:
            translated = QuizPage.objects.get(pk=quiz.pk).copy_for_translation(locale)
        if _publish_changes(translated, _values(data)):
            published.append(language)
    if stdout is not None:
        stdout.write(
            f"Quiz: {source['title']!r} in {', '.join(quizzes)}, "
            f"{len(source['questions'])} questions; published: {', '.join(published) or 'none'}."
        )
    return []
