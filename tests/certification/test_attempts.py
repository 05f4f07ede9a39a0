"""Taking a quiz through the services: the frozen draw, saving, limits and cooldown, the
server-side deadline, exactly-once grading and its events, and completing the course on a pass."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certification import services
from certification.models import Attempt
from certification.tasks import submit_overdue_attempts
from lms.events.models import Event
from lms.events.registry import validator_for

from .conftest import ALL_RIGHT, attempt_events, make_quiz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def test_start_freezes_the_draw_the_rules_and_the_revision(trainee):
    quiz = make_quiz(time_limit_minutes=30)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    assert attempt.revision_id == quiz.live_revision_id
    assert attempt.quiz_key == quiz.translation_key
    assert attempt.course_key == quiz.get_parent().translation_key
    assert [unit["id"] for unit in attempt.questions] == ["q1", "q2", "q3", "q4"]
    assert attempt.rules["pass_mark_percent"] == 70
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)

    # Editing the quiz afterwards changes nothing in the attempt.
    quiz.pass_mark_percent = 90
    quiz.save_revision().publish()
    attempt.refresh_from_db()
    assert attempt.rules["pass_mark_percent"] == 70


def test_starting_again_resumes_the_attempt_in_progress(trainee):
    quiz = make_quiz()
    first = services.attempt_start(user=trainee, quiz=quiz)
    assert services.attempt_start(user=trainee, quiz=quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_draw_takes_the_number_asked_for_evenly_per_domain(trainee):
    quiz = make_quiz(questions_per_attempt=2, draw_per_domain=True, shuffle_questions=True)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    domains = [unit["domain"] for unit in attempt.questions]
    assert len(domains) == 2
    assert len(set(domains)) == 2


def test_saving_keeps_earlier_answers_and_an_empty_list_clears(trainee):
    quiz = make_quiz()
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers={"q1": ["a"]})
    services.attempt_answers_save(
        user=trainee, attempt_id=attempt.public_id, answers={"q2": ["a", "b"], "q1": ["b"]}
    )
    services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers={"q3": []})
    attempt.refresh_from_db()
    assert attempt.answers == {"q1": ["b"], "q2": ["a", "b"], "q3": []}


@pytest.mark.parametrize(
    "answers",
    [
        {"q1": ["z"]},  # unknown option
        {"q1": ["false"]},  # an option of another question
        {"nope": ["a"]},  # unknown question
        {"q1": ["a", "b"]},  # two answers to a single-choice question
        {"q3": ["true", "false"]},
    ],
)
def test_tampered_answers_are_refused_and_nothing_is_saved(trainee, answers):
    quiz = make_quiz()
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers={"q2": ["c"]})
    with pytest.raises(services.InvalidAnswers):
        services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers=answers)
    with pytest.raises(services.InvalidAnswers):
        services.attempt_submit(user=trainee, attempt_id=attempt.public_id, answers=answers)
    attempt.refresh_from_db()
    assert attempt.answers == {"q2": ["c"]}
    assert attempt.is_open


def test_another_trainees_attempt_is_not_found(trainee, other_trainee):
    attempt = services.attempt_start(user=trainee, quiz=make_quiz())
    with pytest.raises(services.AttemptNotFound):
        services.attempt_answers_save(user=other_trainee, attempt_id=attempt.public_id, answers={})
    with pytest.raises(services.AttemptNotFound):
        services.attempt_submit(user=other_trainee, attempt_id=attempt.public_id)


def test_submitting_twice_grades_once_with_one_set_of_events(trainee):
    attempt = services.attempt_start(user=trainee, quiz=make_quiz())
    graded = services.attempt_submit(user=trainee, attempt_id=attempt.public_id, answers=ALL_RIGHT)
    with pytest.raises(services.AttemptClosed):
        services.attempt_submit(user=trainee, attempt_id=attempt.public_id, answers={"q1": ["a"]})
    with pytest.raises(services.AttemptClosed):
        services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers={})
    attempt.refresh_from_db()
    assert attempt.submitted_at == graded.submitted_at
    assert attempt.answers == ALL_RIGHT
    assert [event.type for event in attempt_events(attempt)] == [
        "certification.attempt.submitted.v1",
        "certification.attempt.passed.v1",
    ]


def test_a_stale_copy_cannot_grade_again(trainee):
    """The conditional update on status closes the race even where the row lock is a no-op
    (SQLite): grading from a copy read before the first submission changes nothing."""
    attempt = services.attempt_start(user=trainee, quiz=make_quiz())
    services.attempt_submit(user=trainee, attempt_id=attempt.public_id, answers=ALL_RIGHT)
    closed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        score_percent=0
    )
    assert closed == 0
    assert len(attempt_events(attempt)) == 2


def test_events_carry_ids_and_facts_and_match_their_schemas(trainee):
    quiz = make_quiz()
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.attempt_submit(
        user=trainee, attempt_id=attempt.public_id, answers={**ALL_RIGHT, "q3": ["true"]}
    )
    submitted, passed = attempt_events(attempt)
    expected = {
        "attempt_id": str(attempt.public_id),
        "holder_id": str(trainee.public_id),
        "quiz_id": str(quiz.translation_key),
        "course_id": str(quiz.get_parent().translation_key),
        "score_percent": "83.33",
        "passed": True,
    }
    assert submitted.payload == {**expected, "submitted_by": "trainee"}
    assert passed.type == "certification.attempt.passed.v1"
    assert passed.payload == expected
    for event in (submitted, passed):
        validator_for(event.type).validate(event.payload)
    assert trainee.email not in str(submitted.payload)


def test_a_failed_attempt_records_failed(trainee):
    attempt = services.attempt_start(user=trainee, quiz=make_quiz())
    services.attempt_submit(user=trainee, attempt_id=attempt.public_id, answers={"q1": ["b"]})
    assert [event.type for event in attempt_events(attempt)][
        -1
    ] == "certification.attempt.failed.v1"
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert attempt.score_percent is not None


def test_the_periodic_task_submits_expired_attempts_with_their_saved_answers(trainee):
    quiz = make_quiz(time_limit_minutes=10)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers=ALL_RIGHT)
    fresh = services.attempt_start(user=trainee, quiz=make_quiz(slug="other-quiz"))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - services.DEADLINE_GRACE - timedelta(seconds=1)
    )
    assert submit_overdue_attempts.delay().get() == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_by == Attempt.SubmittedBy.DEADLINE
    assert attempt.passed is True
    fresh.refresh_from_db()
    assert fresh.is_open  # no deadline, untouched
    assert services.attempts_submit_overdue() == 0  # nothing left; no second grading
    assert len(attempt_events(attempt)) == 2
    assert attempt_events(attempt)[0].payload["submitted_by"] == "deadline"


def test_answers_after_the_deadline_are_refused_and_the_saved_ones_graded(trainee):
    quiz = make_quiz(time_limit_minutes=10)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.attempt_answers_save(user=trainee, attempt_id=attempt.public_id, answers={"q1": ["b"]})
    late = timezone.now() + timedelta(minutes=11)
    with pytest.raises(services.AttemptClosed):
        services.attempt_answers_save(
            user=trainee, attempt_id=attempt.public_id, answers=ALL_RIGHT, now=late
        )
    attempt.refresh_from_db()
    assert attempt.answers == {"q1": ["b"]}
    assert attempt.submitted_by == Attempt.SubmittedBy.DEADLINE
    assert attempt.passed is False


def test_a_late_submit_grades_only_what_was_saved(trainee):
    attempt = services.attempt_start(user=trainee, quiz=make_quiz(time_limit_minutes=5))
    late = timezone.now() + timedelta(minutes=6)
    graded = services.attempt_submit(
        user=trainee, attempt_id=attempt.public_id, answers=ALL_RIGHT, now=late
    )
    assert graded.answers == {}
    assert graded.submitted_by == Attempt.SubmittedBy.DEADLINE
    assert graded.score_percent == 0


def _take(user, quiz, *, answers=ALL_RIGHT, now=None):
    attempt = services.attempt_start(user=user, quiz=quiz, now=now)
    return services.attempt_submit(
        user=user, attempt_id=attempt.public_id, answers=answers, now=now
    )


def test_attempts_allowed_without_a_window_is_a_lifetime_limit(trainee):
    quiz = make_quiz(attempts_allowed=2)
    _take(trainee, quiz, answers={})
    _take(trainee, quiz, answers={})
    with pytest.raises(services.AttemptLimitReached) as refusal:
        services.attempt_start(user=trainee, quiz=quiz)
    assert refusal.value.next_start_at is None


def test_attempt_window_frees_an_attempt_when_the_oldest_leaves_it(trainee):
    quiz = make_quiz(attempts_allowed=2, attempt_window_days=7)
    start = timezone.now() - timedelta(days=3)
    _take(trainee, quiz, answers={}, now=start)
    _take(trainee, quiz, answers={}, now=start + timedelta(hours=1))
    with pytest.raises(services.AttemptLimitReached) as refusal:
        services.attempt_start(user=trainee, quiz=quiz)
    assert refusal.value.next_start_at == start + timedelta(days=7)
    later = start + timedelta(days=7, minutes=1)
    assert services.attempt_start(user=trainee, quiz=quiz, now=later).is_open


def test_cooldown_after_an_attempt(trainee):
    quiz = make_quiz(cooldown_hours=24)
    graded = _take(trainee, quiz, answers={})
    with pytest.raises(services.CooldownActive) as refusal:
        services.attempt_start(user=trainee, quiz=quiz)
    assert refusal.value.next_start_at == graded.submitted_at + timedelta(hours=24)
    later = graded.submitted_at + timedelta(hours=24, seconds=1)
    assert services.attempt_start(user=trainee, quiz=quiz, now=later).is_open


def test_limits_count_per_trainee(trainee, other_trainee):
    quiz = make_quiz(attempts_allowed=1)
    _take(trainee, quiz)
    assert services.attempt_start(user=other_trainee, quiz=quiz).is_open


def test_a_course_with_a_quiz_completes_only_after_a_pass(
    trainee, django_capture_on_commit_callbacks
):
    from courses import api as courses
    from courses.models import ModulePage
    from courses.services import module_complete

    quiz = make_quiz()
    course = quiz.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        courses.enrolment_create(user=trainee, course_key=course.translation_key)
        for module in ModulePage.objects.child_of(course):
            module_complete(user=trainee, module=module)
    assert course.translation_key not in courses.completed_course_keys(user_id=trainee.pk)

    with django_capture_on_commit_callbacks(execute=True):
        _take(trainee, quiz, answers={})  # failed
    assert course.translation_key not in courses.completed_course_keys(user_id=trainee.pk)

    with django_capture_on_commit_callbacks(execute=True):
        _take(trainee, quiz)
    assert course.translation_key in courses.completed_course_keys(user_id=trainee.pk)
    assert (
        Event.objects.filter(
            type="courses.course.completed.v1", payload__course_id=str(course.translation_key)
        ).count()
        == 1
    )


def test_completion_requirement_names_the_quiz(trainee):
    from courses.hooks import course_completion_requirements

    quiz = make_quiz()
    course_key = quiz.get_parent().translation_key
    (requirement,) = course_completion_requirements(user_id=trainee.pk, course_keys=[course_key])[
        course_key
    ]
    assert not requirement.met
    assert requirement.url == quiz.url
    _take(trainee, quiz)
    (requirement,) = course_completion_requirements(user_id=trainee.pk, course_keys=[course_key])[
        course_key
    ]
    assert requirement.met


def test_the_requirement_hook_makes_a_fixed_number_of_queries(
    trainee, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.hooks import course_completion_requirements

    one = [make_quiz(slug="solo").get_parent().translation_key]
    with CaptureQueriesContext(connection) as queries:
        course_completion_requirements(user_id=trainee.pk, course_keys=one)
    many = [make_quiz(slug=f"many-{n}").get_parent().translation_key for n in range(4)]
    with django_assert_max_num_queries(len(queries)):
        result = course_completion_requirements(user_id=trainee.pk, course_keys=one + many)
    assert all(len(requirements) == 1 for requirements in result.values())


def test_an_accommodation_adds_time_and_attempts_in_every_language(trainee, other_trainee):
    quiz = make_quiz(attempts_allowed=1, time_limit_minutes=20)
    services.accommodation_set(user=trainee, quiz=quiz, extra_minutes=10, extra_attempts=1)
    first = services.attempt_start(user=trainee, quiz=quiz)
    assert first.deadline == first.started_at + timedelta(minutes=30)
    services.attempt_submit(user=trainee, attempt_id=first.public_id)
    second = services.attempt_start(user=trainee, quiz=quiz)  # the extra attempt
    services.attempt_submit(user=trainee, attempt_id=second.public_id)
    with pytest.raises(services.AttemptLimitReached):
        services.attempt_start(user=trainee, quiz=quiz)
    # Others keep the quiz's own rules.
    theirs = services.attempt_start(user=other_trainee, quiz=quiz)
    assert theirs.deadline == theirs.started_at + timedelta(minutes=20)
    # Set again: replaced, not added.
    services.accommodation_set(user=trainee, quiz=quiz, extra_attempts=2)
    assert services.accommodation_for(user_id=trainee.pk, quiz=quiz) == (0, 2)


def test_the_data_export_holds_attempts_and_accommodations(client, trainee):
    from django.urls import reverse

    quiz = make_quiz()
    services.accommodation_set(user=trainee, quiz=quiz, extra_minutes=5)
    _take(trainee, quiz)
    client.force_login(trainee)
    exported = client.get(reverse("accounts:export")).json()["assessments"]
    (attempt,) = exported["attempts"]
    assert attempt["quiz_id"] == str(quiz.translation_key)
    assert attempt["answers"] == ALL_RIGHT
    assert attempt["score_percent"] == "100.00" and attempt["passed"] is True
    assert exported["accommodations"][0]["extra_minutes"] == 5
