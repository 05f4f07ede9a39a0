"""Regrading submitted attempts after an editor corrected a question: the new answer key flips
results (with events), unchanged attempts record nothing, a second regrade is a no-op, the
trainee sees a notice, and only administrators may regrade."""

import copy

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from certification import services
from certification.blocks import question_units
from certification.demo import questions_stream
from certification.models import Attempt, QuizPage
from lms.events.registry import validator_for

from .conftest import ALL_RIGHT, QUESTIONS, attempt_events, make_quiz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

# q1's key says "b"; the trainee chose "a" and q4b wrong: 4 of 6 points (66.67 %), a fail.
FAILING = {**ALL_RIGHT, "q1": ["a"], "q4b": ["true"]}
# q1 unanswered correctly either way ("c"): 5 of 6 before and after the correction.
UNCHANGED = {**ALL_RIGHT, "q1": ["c"]}


def submitted(quiz, user, answers) -> Attempt:
    attempt = services.attempt_start(user=user, quiz=quiz)
    return services.attempt_submit(user=user, attempt_id=attempt.public_id, answers=answers)


def correct_q1_to_a(quiz: QuizPage) -> None:
    """An editor publishes a revision in which q1's right answer is "a"."""
    questions = copy.deepcopy(QUESTIONS)
    for option in questions[0]["options"]:
        option["correct"] = option["id"] == "a"
    page = QuizPage.objects.get(pk=quiz.pk)
    page.questions = questions_stream(questions)
    page.save_revision().publish()


@pytest.fixture
def admin(user_factory):
    return user_factory(email="regrade.admin@example.org", is_superuser=True, is_staff=True)


def test_corrected_key_flips_a_fail_to_a_pass_with_both_events(trainee, admin):
    quiz = make_quiz(slug="regrade-flip")
    attempt = submitted(quiz, trainee, FAILING)
    assert (str(attempt.score_percent), attempt.passed) == ("66.67", False)
    correct_q1_to_a(quiz)
    before = len(attempt_events())

    assert services.attempts_regrade(quiz=quiz, regraded_by=admin) == 1

    attempt.refresh_from_db()
    assert str(attempt.score_percent) == "83.33"
    assert attempt.passed is True
    assert str(attempt.previous_score_percent) == "66.67"
    assert attempt.previous_passed is False
    assert attempt.regraded_by == admin and attempt.regraded_at is not None
    assert attempt.item_scores["q1"] == "1.00"
    recorded = attempt_events(attempt)[-2:]
    assert len(attempt_events()) == before + 2
    assert [event.type for event in recorded] == [
        "certification.attempt.regraded.v1",
        "certification.attempt.passed.v1",
    ]
    assert recorded[0].payload == {
        "attempt_id": str(attempt.public_id),
        "holder_id": str(trainee.public_id),
        "quiz_id": str(quiz.translation_key),
        "course_id": str(attempt.course_key),
        "previous_score_percent": "66.67",
        "score_percent": "83.33",
        "previous_passed": False,
        "passed": True,
    }
    assert recorded[1].payload["score_percent"] == "83.33"
    # The review now shows the corrected key.
    q1 = next(unit for unit in attempt.questions if unit["id"] == "q1")["items"][0]
    assert {option["id"] for option in q1["options"] if option["correct"]} == {"a"}


def test_pass_turned_into_fail_records_only_the_regraded_event(trainee, admin):
    quiz = make_quiz(slug="regrade-unpass")
    attempt = submitted(quiz, trainee, {**ALL_RIGHT, "q4b": ["true"]})  # 5/6, passed
    correct_q1_to_a(quiz)
    services.attempts_regrade(quiz=quiz, regraded_by=admin)
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert [event.type for event in attempt_events(attempt)][-1] == (
        "certification.attempt.regraded.v1"
    )
    assert [event.type for event in attempt_events(attempt)].count(
        "certification.attempt.passed.v1"
    ) == 1  # the original one only


def test_unchanged_attempts_record_nothing_and_second_regrade_is_a_no_op(
    trainee, other_trainee, admin
):
    quiz = make_quiz(slug="regrade-idempotent")
    flipped = submitted(quiz, trainee, FAILING)
    unchanged = submitted(quiz, other_trainee, UNCHANGED)
    correct_q1_to_a(quiz)

    assert services.attempts_regrade(quiz=quiz, regraded_by=admin) == 1
    unchanged.refresh_from_db()
    assert unchanged.regraded_at is None and str(unchanged.score_percent) == "83.33"
    assert [event.type for event in attempt_events(unchanged)] == [
        "certification.attempt.submitted.v1",
        "certification.attempt.passed.v1",
    ]

    events_before = len(attempt_events())
    flipped.refresh_from_db()
    assert services.attempts_regrade(quiz=quiz, regraded_by=admin) == 0
    assert len(attempt_events()) == events_before
    regraded_at = flipped.regraded_at
    flipped.refresh_from_db()
    assert flipped.regraded_at == regraded_at


def test_questions_removed_from_the_quiz_keep_their_grading(trainee, admin):
    quiz = make_quiz(slug="regrade-removed")
    attempt = submitted(quiz, trainee, FAILING)
    page = QuizPage.objects.get(pk=quiz.pk)
    questions = copy.deepcopy(QUESTIONS)
    questions[0]["id"] = "q1-new"  # q1 replaced by a new question
    for option in questions[0]["options"]:
        option["correct"] = option["id"] == "a"
    page.questions = questions_stream(questions)
    page.save_revision().publish()
    assert "q1" not in {unit["id"] for unit in question_units(page.questions)}

    assert services.attempts_regrade(quiz=quiz, regraded_by=admin) == 0
    attempt.refresh_from_db()
    assert attempt.item_scores["q1"] == "0.00" and attempt.regraded_at is None


def test_result_page_shows_the_regrade_notice(client, trainee, admin):
    quiz = make_quiz(slug="regrade-notice")
    attempt = submitted(quiz, trainee, FAILING)
    correct_q1_to_a(quiz)
    services.attempts_regrade(quiz=quiz, regraded_by=admin)
    client.force_login(trainee)
    html = client.get(
        reverse("certification:attempt-detail", args=[attempt.public_id])
    ).content.decode()
    assert "after a question was corrected: before 66.67%, now 83.33%" in html


def test_only_superusers_can_regrade(client, trainee, admin, user_factory):
    quiz = make_quiz(slug="regrade-permission")
    attempt = submitted(quiz, trainee, FAILING)
    correct_q1_to_a(quiz)
    url = reverse("certification_regrade", args=[quiz.pk])

    editor = user_factory(email="regrade.editor@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    analysis = client.get(reverse("certification_item_analysis", args=[quiz.pk]))
    assert analysis.status_code == 200
    assert url not in analysis.content.decode()
    attempt.refresh_from_db()
    assert attempt.regraded_at is None

    client.force_login(admin)
    assert (
        url in client.get(reverse("certification_item_analysis", args=[quiz.pk])).content.decode()
    )
    confirm = client.get(url)
    assert confirm.status_code == 200 and "csrfmiddlewaretoken" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("certification_item_analysis", args=[quiz.pk])
    attempt.refresh_from_db()
    assert attempt.passed is True and attempt.regraded_by == admin


def test_a_regrade_to_a_pass_completes_the_course(
    trainee, admin, django_capture_on_commit_callbacks
):
    from courses import api as courses
    from courses.models import ModulePage
    from courses.services import module_complete

    quiz = make_quiz(slug="regrade-completes")
    course = quiz.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        courses.enrolment_create(user=trainee, course_key=course.translation_key)
        for module in ModulePage.objects.child_of(course):
            module_complete(user=trainee, module=module)
        attempt = submitted(quiz, trainee, FAILING)
    assert course.translation_key not in courses.completed_course_keys(user_id=trainee.pk)

    correct_q1_to_a(quiz)
    with django_capture_on_commit_callbacks(execute=True):
        services.attempts_regrade(quiz=quiz, regraded_by=admin)
    assert course.translation_key in courses.completed_course_keys(user_id=trainee.pk)
    for event in attempt_events(attempt):
        validator_for(event.type).validate(event.payload)
