"""Fixtures for the certification tests: the seeded site (as in tests/courses, seeded once for the
package inside a transaction rolled back at the end), a course with a quiz, and trainees."""

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.courses.conftest import make_course, seed_all

# Feedback texts are unique so a test can look for them in any HTML.
QUESTIONS = [
    {
        "id": "q1",
        "type": "single_choice",
        "domain": "ethics-boundaries",
        "points": 1,
        "prompt": "<p>A peer asks to borrow money. What do you do?</p>",
        "options": [
            {"id": "a", "text": "Lend it", "correct": False, "feedback": "FB-q1-a lending"},
            {"id": "b", "text": "Decline kindly", "correct": True, "feedback": "FB-q1-b decline"},
            {"id": "c", "text": "Ignore them", "correct": False, "feedback": "FB-q1-c ignore"},
        ],
        "explanation": "<p>EXPL-q1 boundaries about money.</p>",
    },
    {
        "id": "q2",
        "type": "multiple_response",
        "domain": "crisis-safety",
        "points": 2,
        "prompt": "<p>Which are warning signs?</p>",
        "options": [
            {"id": "a", "text": "Giving things away", "correct": True, "feedback": "FB-q2-a"},
            {"id": "b", "text": "Talking about no way out", "correct": True, "feedback": "FB-q2-b"},
            {"id": "c", "text": "Planning a holiday", "correct": False, "feedback": "FB-q2-c"},
            {"id": "d", "text": "Eating lunch", "correct": False, "feedback": "FB-q2-d"},
        ],
        "explanation": "<p>EXPL-q2 warning signs.</p>",
    },
    {
        "id": "q3",
        "type": "true_false",
        "domain": "peer-role",
        "points": 1,
        "prompt": "<p>A peer supporter diagnoses.</p>",
        "options": [
            {"id": "true", "text": "True", "correct": False, "feedback": "FB-q3-true"},
            {"id": "false", "text": "False", "correct": True, "feedback": "FB-q3-false"},
        ],
        "explanation": "<p>EXPL-q3 no diagnosis.</p>",
    },
    {
        "id": "q4",
        "type": "scenario",
        "domain": "communication",
        "vignette": "<p>Sam calls you late at night, upset.</p>",
        "questions": [
            {
                "id": "q4a",
                "type": "single_choice",
                "points": 1,
                "prompt": "<p>First step?</p>",
                "options": [
                    {"id": "a", "text": "Listen", "correct": True, "feedback": "FB-q4a-a"},
                    {"id": "b", "text": "Hang up", "correct": False, "feedback": "FB-q4a-b"},
                    {"id": "c", "text": "Lecture", "correct": False, "feedback": "FB-q4a-c"},
                ],
                "explanation": "<p>EXPL-q4a listen.</p>",
            },
            {
                "id": "q4b",
                "type": "true_false",
                "points": 1,
                "prompt": "<p>You should promise secrecy.</p>",
                "options": [
                    {"id": "true", "text": "True", "correct": False, "feedback": "FB-q4b-true"},
                    {"id": "false", "text": "False", "correct": True, "feedback": "FB-q4b-false"},
                ],
                "explanation": "<p>EXPL-q4b limits of confidentiality.</p>",
            },
        ],
    },
]

# The answers that earn full marks (6 points), and the feedback texts of every option.
ALL_RIGHT = {"q1": ["b"], "q2": ["a", "b"], "q3": ["false"], "q4a": ["a"], "q4b": ["false"]}
FEEDBACK = [
    option["feedback"]
    for question in QUESTIONS
    for item in (question.get("questions") or [question])
    for option in item["options"]
]
EXPLANATIONS = ["EXPL-q1", "EXPL-q2", "EXPL-q3", "EXPL-q4a", "EXPL-q4b"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            # Everything, the demo quiz included, but not the demo credential holders (their
            # attempts, practicum and credentials would be in every count; their own tests in
            # test_credentials_demo.py seed them).
            seed_all(apps=None, skip=("seed_demo_credentials",))
            yield
            transaction.set_rollback(True)
        cache.clear()


def make_quiz(course=None, *, slug="final-quiz", questions=QUESTIONS, **settings):
    """A live quiz under `course` (a new test course by default), all questions per attempt."""
    from certification.demo import questions_stream
    from certification.models import QuizPage
    from courses.models import CoursePage

    if course is None:
        course = make_course(f"{slug}-course", modules=1)
    values = {
        "title": "Final quiz",
        "slug": slug,
        "content_note": "This quiz mentions suicide.",
        "pass_mark_percent": 70,
        "questions_per_attempt": 0,
        "attempts_allowed": 0,
        "cooldown_hours": 0,
        "shuffle_questions": False,
        "shuffle_options": False,
        **settings,
    }
    quiz = QuizPage(questions=questions_stream(questions), **values)
    CoursePage.objects.get(pk=course.pk).add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


@pytest.fixture
def trainee(user_factory):
    return user_factory(email="quiz.taker@example.org", display_name="Quinn Taker")


@pytest.fixture
def other_trainee(user_factory):
    return user_factory(email="other.taker@example.org", display_name="Otto Other")


def attempt_events(attempt=None) -> list:
    from lms.events.models import Event

    rows = Event.objects.filter(type__startswith="certification.attempt.").order_by("pk")
    if attempt is not None:
        rows = rows.filter(payload__attempt_id=str(attempt.public_id))
    return list(rows)
