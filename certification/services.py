"""Every write of the certification app's assessments: starting an attempt, saving answers,
submitting (and grading, exactly once), submitting attempts whose time is up, and regrading
submitted attempts after a question was corrected."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.events import api as events

from .blocks import MULTIPLE_RESPONSE, TRUE_FALSE, question_units
from .events import AttemptFailed, AttemptPassed, AttemptRegraded, AttemptSubmitted
from .grading import grade
from .models import Accommodation, Attempt, QuizPage

# Answers that arrive this long after the deadline still count: the request left the browser in
# time. Later ones are refused, and the attempt is graded with what was saved before.
DEADLINE_GRACE = timedelta(seconds=15)

_random = random.SystemRandom()


class AssessmentError(Exception):
    """Base of the refusals below; `str()` is not shown to trainees (views translate)."""


class AttemptNotFound(AssessmentError):
    """No such attempt for this trainee (it is another's, or does not exist)."""


class QuizUnavailable(AssessmentError):
    """The quiz is not live, or has no questions."""


class AttemptLimitReached(AssessmentError):
    def __init__(self, *, next_start_at: datetime | None):
        super().__init__("attempt limit reached")
        self.next_start_at = next_start_at


class CooldownActive(AssessmentError):
    def __init__(self, *, next_start_at: datetime):
        super().__init__("cooldown")
        self.next_start_at = next_start_at


class AttemptClosed(AssessmentError):
    """The attempt was submitted already (by the trainee, another tab or the deadline)."""

    def __init__(self, attempt: Attempt):
        super().__init__("attempt closed")
        self.attempt = attempt


class InvalidAnswers(AssessmentError):
    """Answers that name questions or options outside the attempt's draw, or several options
    for a one-answer question."""


@transaction.atomic
def accommodation_set(
    *, user, quiz: QuizPage, extra_minutes: int = 0, extra_attempts: int = 0, granted_by=None
) -> Accommodation:
    """Give `user` extra time per attempt and extra attempts at `quiz` (every language version),
    replacing an earlier accommodation. Applies to attempts started from now on."""
    source = quiz.get_translations(inclusive=True).order_by("pk").first()
    Accommodation.objects.filter(user=user, quiz__translation_key=quiz.translation_key).exclude(
        quiz=source
    ).delete()
    accommodation, _ = Accommodation.objects.update_or_create(
        user=user,
        quiz=source,
        defaults={
            "extra_minutes": extra_minutes,
            "extra_attempts": extra_attempts,
            "granted_by": granted_by,
        },
    )
    return accommodation


# Drawing ------------------------------------------------------------------------------------


def _draw(quiz: QuizPage) -> list[dict[str, Any]]:
    units = question_units(quiz.questions)
    size = quiz.draw_size()
    if size < len(units):
        if quiz.draw_per_domain:
            by_domain: dict[str, list[int]] = defaultdict(list)
            for index, unit in enumerate(units):
                by_domain[unit["domain"]].append(index)
            pools = list(by_domain.values())
            for pool in pools:
                _random.shuffle(pool)
            _random.shuffle(pools)
            chosen: list[int] = []
            while len(chosen) < size:
                for pool in pools:
                    if pool and len(chosen) < size:
                        chosen.append(pool.pop())
        else:
            chosen = _random.sample(range(len(units)), size)
        if not quiz.shuffle_questions:
            chosen.sort()
        units = [units[index] for index in chosen]
    elif quiz.shuffle_questions:
        _random.shuffle(units)
    if quiz.shuffle_options:
        for unit in units:
            for item in unit["items"]:
                if item["type"] != TRUE_FALSE:
                    _random.shuffle(item["options"])
    return units


def _rules(quiz: QuizPage) -> dict[str, Any]:
    return {
        "pass_mark_percent": quiz.pass_mark_percent,
        "review_policy": quiz.review_policy,
        "multiple_response_scoring": quiz.multiple_response_scoring,
        "time_limit_minutes": quiz.time_limit_minutes,
    }


# Limits -------------------------------------------------------------------------------------


def accommodation_for(*, user_id: int, quiz: QuizPage) -> tuple[int, int]:
    """(extra minutes, extra attempts) granted to the trainee for the quiz in any language."""
    row = (
        Accommodation.objects.filter(user_id=user_id, quiz__translation_key=quiz.translation_key)
        .values_list("extra_minutes", "extra_attempts")
        .first()
    )
    return row or (0, 0)


def _attempts_allowed(*, user_id: int, quiz: QuizPage) -> int:
    """0 for any number."""
    if not quiz.attempts_allowed:
        return 0
    return quiz.attempts_allowed + accommodation_for(user_id=user_id, quiz=quiz)[1]


def next_start_at(*, user_id: int, quiz: QuizPage, now: datetime) -> datetime | None:
    """When the trainee may start their next attempt: `now` or earlier when they may now, None
    when never again (the attempt limit without a window). Ignores an attempt in progress."""
    attempts = Attempt.objects.filter(user_id=user_id, quiz_key=quiz.translation_key)
    earliest = now
    allowed = _attempts_allowed(user_id=user_id, quiz=quiz)
    if allowed:
        window_start = (
            now - timedelta(days=quiz.attempt_window_days) if quiz.attempt_window_days else None
        )
        counted = attempts if window_start is None else attempts.filter(started_at__gt=window_start)
        starts = sorted(counted.values_list("started_at", flat=True))
        if len(starts) >= allowed:
            if window_start is None:
                return None
            # The oldest counted attempt leaves the window first.
            oldest = starts[len(starts) - allowed]
            earliest = max(earliest, oldest + timedelta(days=quiz.attempt_window_days))
    if quiz.cooldown_hours:
        last = (
            attempts.filter(status=Attempt.Status.SUBMITTED)
            .order_by("-submitted_at")
            .values_list("submitted_at", flat=True)
            .first()
        )
        if last is not None:
            earliest = max(earliest, last + timedelta(hours=quiz.cooldown_hours))
    return earliest


# Writes -------------------------------------------------------------------------------------


def attempt_start(*, user, quiz: QuizPage, now: datetime | None = None) -> Attempt:
    """Start `user`'s attempt at the live `quiz`, or return their attempt in progress.

    Freezes the drawn questions (answer keys included), the rules and the page revision into the
    attempt. An attempt in progress whose time is up is submitted first. Raises QuizUnavailable,
    AttemptLimitReached, CooldownActive.
    """
    now = now or timezone.now()
    if not quiz.live or not len(quiz.questions):
        raise QuizUnavailable("The quiz is not live or has no questions.")
    open_attempt = Attempt.objects.filter(
        user=user, quiz_key=quiz.translation_key, status=Attempt.Status.IN_PROGRESS
    ).first()
    if open_attempt is not None:
        if not attempt_overdue(open_attempt, now):
            return open_attempt
        attempt_submit_if_open(
            attempt_id=open_attempt.public_id, submitted_by=Attempt.SubmittedBy.DEADLINE
        )
    earliest = next_start_at(user_id=user.pk, quiz=quiz, now=now)
    if earliest is None:
        raise AttemptLimitReached(next_start_at=None)
    if earliest > now:
        if _limit_only(user_id=user.pk, quiz=quiz, now=now):
            raise AttemptLimitReached(next_start_at=earliest)
        raise CooldownActive(next_start_at=earliest)
    parent = quiz.get_parent()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user,
                quiz_key=quiz.translation_key,
                course_key=parent.translation_key,
                page=quiz,
                revision_id=quiz.live_revision_id,
                language_code=quiz.locale.language_code,
                started_at=now,
                deadline=(
                    now
                    + timedelta(
                        minutes=quiz.time_limit_minutes
                        + accommodation_for(user_id=user.pk, quiz=quiz)[0]
                    )
                    if quiz.time_limit_minutes
                    else None
                ),
                questions=_draw(quiz),
                rules=_rules(quiz),
            )
    except IntegrityError:
        # Another request (a second tab) started one at the same moment: resume that one.
        return Attempt.objects.get(
            user=user, quiz_key=quiz.translation_key, status=Attempt.Status.IN_PROGRESS
        )


def _limit_only(*, user_id: int, quiz: QuizPage, now: datetime) -> bool:
    """True when the attempt limit (not the cooldown) is what keeps the trainee waiting."""
    allowed = _attempts_allowed(user_id=user_id, quiz=quiz)
    if not allowed or not quiz.attempt_window_days:
        return False
    window_start = now - timedelta(days=quiz.attempt_window_days)
    return (
        Attempt.objects.filter(
            user_id=user_id, quiz_key=quiz.translation_key, started_at__gt=window_start
        ).count()
        >= allowed
    )


def attempt_overdue(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + DEADLINE_GRACE


def _validated(attempt: Attempt, answers: dict[str, list[str]]) -> dict[str, list[str]]:
    items = {item["id"]: item for unit in attempt.questions for item in unit["items"]}
    clean: dict[str, list[str]] = {}
    for item_id, chosen in answers.items():
        item = items.get(item_id)
        if item is None:
            raise InvalidAnswers(f"{item_id!r} is not a question of this attempt.")
        option_ids = {option["id"] for option in item["options"]}
        chosen = list(dict.fromkeys(chosen))
        if not set(chosen) <= option_ids:
            raise InvalidAnswers(f"Unknown option for {item_id!r}.")
        if item["type"] != MULTIPLE_RESPONSE and len(chosen) > 1:
            raise InvalidAnswers(f"{item_id!r} takes one answer.")
        clean[item_id] = chosen
    return clean


def _locked(*, attempt_id: UUID, user=None) -> Attempt:
    # Lock the attempt only (not the user row select_related joins in).
    rows = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(public_id=attempt_id)
    )
    if user is not None:
        rows = rows.filter(user=user)
    attempt = rows.first()
    if attempt is None:
        raise AttemptNotFound(str(attempt_id))
    return attempt


def attempt_answers_save(
    *, user, attempt_id: UUID, answers: dict[str, list[str]], now: datetime | None = None
) -> Attempt:
    """Save answers to some questions of `user`'s attempt in progress; the others keep theirs.

    An empty list clears a question's answer. Raises AttemptNotFound, InvalidAnswers (nothing
    saved), AttemptClosed (submitted already; or its time is up, and then it is submitted now
    with the answers saved before).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt_id=attempt_id, user=user)
        if not attempt.is_open:
            raise AttemptClosed(attempt)
        overdue = attempt_overdue(attempt, now)
        if not overdue:
            attempt.answers = {**attempt.answers, **_validated(attempt, answers)}
            attempt.save(update_fields=["answers"])
            return attempt
    attempt_submit_if_open(
        attempt_id=attempt_id, submitted_by=Attempt.SubmittedBy.DEADLINE, now=now
    )
    raise AttemptClosed(Attempt.objects.get(public_id=attempt_id))


@transaction.atomic
def attempt_submit(
    *,
    attempt_id: UUID,
    user=None,
    answers: dict[str, list[str]] | None = None,
    submitted_by: str = Attempt.SubmittedBy.TRAINEE,
    now: datetime | None = None,
) -> Attempt:
    """Save `answers` (if any), then grade and close the attempt: exactly once.

    The row is locked and closed by a conditional update on `status`, so two submissions (two
    tabs, a tab and the deadline task) grade once; the later raises AttemptClosed and records
    nothing. Answers arriving after the deadline are ignored (the saved ones are graded, and
    `submitted_by` is "deadline"). Records certification.attempt.submitted.v1 and
    certification.attempt.passed.v1 or .failed.v1. Raises AttemptNotFound, AttemptClosed,
    InvalidAnswers.
    """
    now = now or timezone.now()
    attempt = _locked(attempt_id=attempt_id, user=user)
    if not attempt.is_open:
        raise AttemptClosed(attempt)
    if attempt_overdue(attempt, now):
        submitted_by = Attempt.SubmittedBy.DEADLINE
    elif answers:
        attempt.answers = {**attempt.answers, **_validated(attempt, answers)}
    result = grade(units=attempt.questions, answers=attempt.answers, rules=attempt.rules)
    values = {
        "status": Attempt.Status.SUBMITTED,
        "submitted_at": now,
        "submitted_by": submitted_by,
        "answers": attempt.answers,
        "score_points": result.points,
        "max_points": result.max_points,
        "score_percent": result.percent,
        "passed": result.passed,
        "domain_scores": result.domains,
        "item_scores": result.items,
    }
    closed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        **values
    )
    if closed != 1:
        raise AttemptClosed(Attempt.objects.get(pk=attempt.pk))
    for name, value in values.items():
        setattr(attempt, name, value)
    facts = {
        "attempt_id": attempt.public_id,
        "holder_id": attempt.user.public_id,
        "quiz_id": attempt.quiz_key,
        "course_id": attempt.course_key,
        "score_percent": str(result.percent),
        "passed": result.passed,
    }
    events.record(AttemptSubmitted(**facts, submitted_by=str(submitted_by)))
    events.record(AttemptPassed(**facts) if result.passed else AttemptFailed(**facts))
    return attempt


def attempt_submit_if_open(
    *, attempt_id: UUID, submitted_by: str, now: datetime | None = None
) -> bool:
    """Submit unless someone else did first; True when this call graded it."""
    try:
        attempt_submit(attempt_id=attempt_id, submitted_by=submitted_by, now=now)
    except AttemptClosed:
        return False
    return True


def attempts_submit_overdue(*, now: datetime | None = None) -> int:
    """Submit every attempt in progress whose time is up, with the answers saved before it;
    each in its own transaction. Returns how many this call graded."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS, deadline__lt=now - DEADLINE_GRACE
    ).values_list("public_id", flat=True)
    return sum(
        attempt_submit_if_open(
            attempt_id=attempt_id, submitted_by=Attempt.SubmittedBy.DEADLINE, now=now
        )
        for attempt_id in list(overdue)
    )


# Regrading ----------------------------------------------------------------------------------


def _answer_keys(quiz: QuizPage) -> dict[int, dict[str, frozenset[str]]]:
    """For each language version of `quiz` (by page id), the correct option ids of each question
    (item) id in its published revision."""
    keys: dict[int, dict[str, frozenset[str]]] = {}
    for page in QuizPage.objects.filter(translation_key=quiz.translation_key).select_related(
        "live_revision"
    ):
        if page.live_revision is None:
            continue
        published = page.live_revision.as_object()
        keys[page.pk] = {
            item["id"]: frozenset(option["id"] for option in item["options"] if option["correct"])
            for unit in question_units(published.questions)
            for item in unit["items"]
        }
    return keys


def _rekeyed(units: list[dict[str, Any]], key: dict[str, frozenset[str]]) -> list[dict[str, Any]]:
    """The frozen draw with each option's `correct` flag taken from `key`. A question missing
    from `key` (removed from the quiz), or whose right options are no longer among those the
    attempt showed, keeps its frozen answer key."""
    rekeyed = []
    for unit in units:
        items = []
        for item in unit["items"]:
            correct = key.get(item["id"])
            shown = {option["id"] for option in item["options"]}
            if correct is None or not correct or not correct <= shown:
                items.append(item)
                continue
            items.append(
                {
                    **item,
                    "options": [
                        {**option, "correct": option["id"] in correct} for option in item["options"]
                    ],
                }
            )
        rekeyed.append({**unit, "items": items})
    return rekeyed


def _attempt_regrade(
    *, attempt_id: int, key: dict[str, frozenset[str]], regraded_by, now: datetime
) -> bool:
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=attempt_id, status=Attempt.Status.SUBMITTED)
            .first()
        )
        if attempt is None:
            return False
        units = _rekeyed(attempt.questions, key)
        result = grade(units=units, answers=attempt.answers, rules=attempt.rules)
        if result.percent == attempt.score_percent and result.passed == attempt.passed:
            return False
        previous_percent, previous_passed = attempt.score_percent, bool(attempt.passed)
        attempt.questions = units
        attempt.score_points = result.points
        attempt.max_points = result.max_points
        attempt.score_percent = result.percent
        attempt.passed = result.passed
        attempt.domain_scores = result.domains
        attempt.item_scores = result.items
        attempt.previous_score_percent = previous_percent
        attempt.previous_passed = previous_passed
        attempt.regraded_at = now
        attempt.regraded_by = regraded_by
        attempt.save(
            update_fields=[
                "questions",
                "score_points",
                "max_points",
                "score_percent",
                "passed",
                "domain_scores",
                "item_scores",
                "previous_score_percent",
                "previous_passed",
                "regraded_at",
                "regraded_by",
            ]
        )
        facts = {
            "attempt_id": attempt.public_id,
            "holder_id": attempt.user.public_id,
            "quiz_id": attempt.quiz_key,
            "course_id": attempt.course_key,
        }
        events.record(
            AttemptRegraded(
                **facts,
                previous_score_percent=str(previous_percent),
                score_percent=str(result.percent),
                previous_passed=previous_passed,
                passed=result.passed,
            )
        )
        if result.passed and not previous_passed:
            events.record(AttemptPassed(**facts, score_percent=str(result.percent), passed=True))
        return True


def attempts_regrade(*, quiz: QuizPage, regraded_by, now: datetime | None = None) -> int:
    """Regrade every submitted attempt at `quiz` (every language version) against the answer key
    of the published revision of the version it was taken in, for the same question ids; each
    attempt in its own transaction, locked. Returns how many results changed.

    Only the `correct` flags change (points, texts and the questions drawn stay frozen); a
    question removed from the quiz keeps its old grading. When the score or pass/fail changes,
    the previous result is kept on the attempt and certification.attempt.regraded.v1 is
    recorded, with certification.attempt.passed.v1 when a fail became a pass (a pass that became
    a fail records the regraded event only). Idempotent: regrading again without a new
    correction changes and records nothing.
    """
    now = now or timezone.now()
    keys = _answer_keys(quiz)
    attempts = Attempt.objects.filter(
        quiz_key=quiz.translation_key, status=Attempt.Status.SUBMITTED, page_id__in=list(keys)
    ).values_list("pk", "page_id")
    return sum(
        _attempt_regrade(attempt_id=pk, key=keys[page_id], regraded_by=regraded_by, now=now)
        for pk, page_id in list(attempts)
    )
