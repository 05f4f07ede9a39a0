"""Two submissions of one attempt at the same moment (two tabs; a tab and the deadline task), on
PostgreSQL where the row lock is real: one grades, the other is refused, one set of events.

Integration suite only (SQLite serialises writers, so the race cannot happen there; the fast
suite tests the conditional update that backs the lock):

    pytest --integration --ds=lms.settings.integration tests/certification/test_race.py
"""

import threading

import pytest
from django.db import connection
from wagtail.models import Locale, Page

from certification import services
from certification.models import Attempt
from lms.events.models import Event

from .conftest import ALL_RIGHT, QUESTIONS

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _quiz():
    from certification.demo import questions_stream
    from certification.models import QuizPage
    from courses.models import CoursePage

    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    course = root.add_child(
        instance=CoursePage(
            title="Race course", slug="race-course", summary="S", estimated_minutes=1, locale=locale
        )
    )
    course.save_revision().publish()
    quiz = QuizPage(
        title="Race quiz",
        slug="race-quiz",
        locale=locale,
        questions=questions_stream(QUESTIONS),
        attempts_allowed=0,
    )
    Page.objects.get(pk=course.pk).add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


@pytest.mark.parametrize("second_by", ["trainee", "deadline"])
def test_two_simultaneous_submissions_grade_once(user_factory, second_by):
    trainee = user_factory(email="racer@example.org")
    attempt = services.attempt_start(user=trainee, quiz=_quiz())
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(by: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.attempt_submit(
                attempt_id=attempt.public_id,
                answers=ALL_RIGHT if by == "trainee" else None,
                submitted_by=by,
            )
            outcomes.append("graded")
        except services.AttemptClosed:
            outcomes.append("closed")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=("trainee",)),
        threading.Thread(target=submit, args=(second_by,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["closed", "graded"]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    events = Event.objects.filter(payload__attempt_id=str(attempt.public_id))
    assert sorted(events.values_list("type", flat=True)) == [
        f"certification.attempt.{'passed' if attempt.passed else 'failed'}.v1",
        "certification.attempt.submitted.v1",
    ]
