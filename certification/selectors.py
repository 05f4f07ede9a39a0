"""Reads of the certification app's assessments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from .models import Attempt, QuizPage
from .services import AttemptNotFound, attempt_overdue, next_start_at


@dataclass(frozen=True)
class QuizState:
    """What a trainee can do on a quiz page now."""

    open_attempt: Attempt | None
    attempts: list[Attempt]
    can_start: bool
    next_start_at: datetime | None
    passed: bool


def quiz_state_for(*, user, quiz: QuizPage) -> QuizState:
    now = timezone.now()
    attempts = list(Attempt.objects.filter(user=user, quiz_key=quiz.translation_key))
    open_attempt = next(
        (attempt for attempt in attempts if attempt.is_open and not attempt_overdue(attempt, now)),
        None,
    )
    earliest = next_start_at(user_id=user.pk, quiz=quiz, now=now)
    return QuizState(
        open_attempt=open_attempt,
        attempts=[attempt for attempt in attempts if not attempt.is_open],
        can_start=open_attempt is None and earliest is not None and earliest <= now,
        next_start_at=earliest if earliest is not None and earliest > now else None,
        passed=any(attempt.passed for attempt in attempts),
    )


def attempt_of(*, user, attempt_id: UUID) -> Attempt:
    """`user`'s attempt (access check: another trainee's attempt is not found)."""
    attempt = Attempt.objects.filter(public_id=attempt_id, user=user).first()
    if attempt is None:
        raise AttemptNotFound(str(attempt_id))
    return attempt


def questions_for_taking(attempt: Attempt) -> list[dict[str, Any]]:
    """The attempt's questions without answer keys: no correct flags, feedback or explanations,
    with the trainee's saved answers."""
    return [
        {
            "id": unit["id"],
            "type": unit["type"],
            "vignette": unit["vignette"],
            "items": [
                {
                    "id": item["id"],
                    "type": item["type"],
                    "points": item["points"],
                    "prompt": item["prompt"],
                    "multiple": item["type"] == "multiple_response",
                    "options": [
                        {
                            "id": option["id"],
                            "text": option["text"],
                            "chosen": option["id"] in attempt.answers.get(item["id"], []),
                        }
                        for option in item["options"]
                    ],
                }
                for item in unit["items"]
            ],
        }
        for unit in attempt.questions
    ]


def quizzes_by_course(
    *, course_keys: Iterable[UUID], language_code: str | None = None
) -> dict[UUID, dict[UUID, QuizPage]]:
    """The live quizzes of each course, by course and quiz translation key: each quiz in
    `language_code` where translated, else in another language. Two queries."""
    keys = frozenset(course_keys)
    if not keys:
        return {}
    courses = list(
        Page.objects.filter(translation_key__in=keys).values_list(
            "path", "depth", "translation_key"
        )
    )
    if not courses:
        return {}
    quizzes = (
        QuizPage.objects.live()
        .filter(
            reduce(or_, (Q(path__startswith=path, depth=depth + 1) for path, depth, _ in courses))
        )
        .select_related("locale")
        .order_by("path")
    )
    result: dict[UUID, dict[UUID, QuizPage]] = {}
    for quiz in quizzes:
        course_key = next(key for path, _, key in courses if quiz.path.startswith(path))
        by_key = result.setdefault(course_key, {})
        if quiz.translation_key not in by_key or quiz.locale.language_code == language_code:
            by_key[quiz.translation_key] = quiz
    return result


def passed_quiz_keys(*, user_id: int, quiz_keys: Iterable[UUID]) -> frozenset[UUID]:
    return frozenset(
        Attempt.objects.filter(user_id=user_id, quiz_key__in=list(quiz_keys), passed=True)
        .values_list("quiz_key", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class DomainResult:
    slug: str
    name: str
    points: str
    max_points: str
    percent: str


def domain_results(attempt: Attempt) -> list[DomainResult]:
    """The attempt's score per competency domain, named in the attempt's language."""
    from django.apps import apps

    # courses.api offers domain names only with hours; the names are its CompetencyDomain rows.
    domain_model = apps.get_model("courses", "CompetencyDomain")
    names = dict(
        domain_model.objects.filter(
            slug__in=list(attempt.domain_scores), locale__language_code=attempt.language_code
        ).values_list("slug", "name")
    )
    return [
        DomainResult(
            slug=slug,
            name=names.get(slug, slug),
            points=score["points"],
            max_points=score["max_points"],
            percent=score["percent"],
        )
        for slug, score in sorted(attempt.domain_scores.items())
    ]


def questions_for_review(attempt: Attempt) -> list[dict[str, Any]]:
    """A submitted attempt's questions with the answer keys, the trainee's choices and scores."""
    if attempt.is_open:
        raise ValueError("Answer keys are shown only after submission.")
    units = []
    for unit in attempt.questions:
        items = []
        for item in unit["items"]:
            chosen = set(attempt.answers.get(item["id"], []))
            items.append(
                {
                    **item,
                    "score": attempt.item_scores.get(item["id"], "0.00"),
                    "options": [
                        {**option, "chosen": option["id"] in chosen} for option in item["options"]
                    ],
                }
            )
        units.append({**unit, "items": items})
    return units


@dataclass(frozen=True)
class ItemStats:
    """How one question (item) performed over the submitted attempts that drew it.

    `difficulty`: mean share of its points earned (0-1; high is easy). `discrimination`: that
    mean in the best 27 % of attempts (by score) minus in the weakest 27 %; None with too few
    attempts. `choices`: how often each option was chosen. `flagged`: worth a reviewer's look
    (very hard, very easy, or not separating strong from weak attempts), from 10 attempts on.
    """

    item_id: str
    prompt: str
    domain: str
    attempts: int
    difficulty: float | None
    discrimination: float | None
    choices: list[tuple[str, str, bool, int]]  # option id, text, right answer, times chosen
    flagged: bool


FLAG_MIN_ATTEMPTS = 10


def item_analysis(*, quiz_key: UUID) -> list[ItemStats]:
    """Item statistics of every question drawn in a submitted attempt at the quiz (any
    language), in question id order. One query, streamed."""
    rows = (
        Attempt.objects.filter(quiz_key=quiz_key, status=Attempt.Status.SUBMITTED)
        .order_by("score_percent", "pk")
        .values_list("questions", "answers", "item_scores")
    )
    attempts = list(rows.iterator(chunk_size=500))
    group = max(1, round(len(attempts) * 0.27)) if len(attempts) >= 2 else 0
    items: dict[str, dict[str, Any]] = {}
    for rank, (units, answers, scores) in enumerate(attempts):
        band = "low" if rank < group else "high" if rank >= len(attempts) - group else ""
        for unit in units:
            for item in unit["items"]:
                stats = items.setdefault(
                    item["id"],
                    {
                        "item": item,
                        "domain": unit["domain"],
                        "fractions": [],
                        "low": [],
                        "high": [],
                        "chosen": {},
                    },
                )
                fraction = float(scores.get(item["id"], 0)) / item["points"]
                stats["fractions"].append(fraction)
                if band:
                    stats[band].append(fraction)
                for option_id in answers.get(item["id"], []):
                    stats["chosen"][option_id] = stats["chosen"].get(option_id, 0) + 1
    result = []
    for item_id in sorted(items):
        stats = items[item_id]
        fractions = stats["fractions"]
        difficulty = sum(fractions) / len(fractions)
        discrimination = (
            sum(stats["high"]) / len(stats["high"]) - sum(stats["low"]) / len(stats["low"])
            if stats["high"] and stats["low"]
            else None
        )
        flagged = len(fractions) >= FLAG_MIN_ATTEMPTS and (
            difficulty < 0.2
            or difficulty > 0.95
            or (discrimination is not None and discrimination < 0.1)
        )
        item = stats["item"]
        result.append(
            ItemStats(
                item_id=item_id,
                prompt=item["prompt"],
                domain=stats["domain"],
                attempts=len(fractions),
                difficulty=round(difficulty, 3),
                discrimination=None if discrimination is None else round(discrimination, 3),
                choices=[
                    (o["id"], o["text"], o["correct"], stats["chosen"].get(o["id"], 0))
                    for o in item["options"]
                ],
                flagged=flagged,
            )
        )
    return result


@dataclass(frozen=True)
class DomainPassRate:
    """How many graded attempts reached the pass mark in one competency domain."""

    domain: str
    attempts: int
    reached: int
    rate: float  # reached / attempts, 0-1


def domain_pass_rates(*, quiz_key: UUID, pass_mark_percent: int) -> list[DomainPassRate]:
    """Per competency domain, the share of graded attempts at the quiz (any language) whose
    score in that domain reached `pass_mark_percent`, in domain order. One query, streamed."""
    rows = Attempt.objects.filter(quiz_key=quiz_key, status=Attempt.Status.SUBMITTED).values_list(
        "domain_scores", flat=True
    )
    mark = Decimal(pass_mark_percent)
    counts: dict[str, list[int]] = {}
    for scores in rows.iterator(chunk_size=500):
        for slug, score in scores.items():
            attempts_reached = counts.setdefault(slug, [0, 0])
            attempts_reached[0] += 1
            attempts_reached[1] += Decimal(score["percent"]) >= mark
    return [
        DomainPassRate(
            domain=slug,
            attempts=attempts,
            reached=reached,
            rate=round(reached / attempts, 3),
        )
        for slug, (attempts, reached) in sorted(counts.items())
    ]
