"""The quiz over HTTP: no answer key before submission, one form with Save and Submit that works
without JavaScript, clean refusals of tampered or late input, and results by review policy."""

import uuid
from html import unescape

import pytest
from django.urls import reverse

from certification.models import Attempt

from .conftest import ALL_RIGHT, EXPLANATIONS, FEEDBACK, attempt_events, make_quiz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def _start(client, quiz):
    response = client.post(reverse("certification:attempt-start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(page=quiz)


def _form(answers: dict, *, shown=None) -> dict:
    data = {"shown": list(shown if shown is not None else answers)}
    for item_id, chosen in answers.items():
        data[f"answer-{item_id}"] = chosen
    return data


def _answer_url(attempt):
    return reverse("certification:attempt-answer", args=[attempt.public_id])


def _detail_url(attempt):
    return reverse("certification:attempt-detail", args=[attempt.public_id])


def _assert_no_answer_key(html: str):
    for text in [*FEEDBACK, *EXPLANATIONS]:
        assert text not in html
    assert "correct" not in html.lower()


def test_no_answer_key_in_any_response_before_submission(client, trainee):
    quiz = make_quiz(time_limit_minutes=30)
    client.force_login(trainee)
    page = client.get(quiz.url)
    assert page.status_code == 200
    _assert_no_answer_key(page.content.decode())
    assert "This quiz mentions suicide." in page.content.decode()  # the content note, first
    attempt = _start(client, quiz)
    taking = client.get(_detail_url(attempt))
    html = taking.content.decode()
    assert taking.status_code == 200
    assert 'name="answer-q1"' in html and 'name="submit"' in html and 'name="save"' in html
    assert taking["Cache-Control"] == "private, no-store"
    _assert_no_answer_key(html)
    saved = client.post(_answer_url(attempt), _form({"q1": ["b"]}), follow=True)
    _assert_no_answer_key(saved.content.decode())
    assert 'value="b" checked' in saved.content.decode()
    _assert_no_answer_key(client.get(quiz.url).content.decode())


def test_anonymous_visitors_see_the_quiz_but_cannot_start(client):
    quiz = make_quiz()
    page = client.get(quiz.url)
    _assert_no_answer_key(page.content.decode())
    response = client.post(reverse("certification:attempt-start", args=[quiz.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Attempt.objects.exists()


def test_save_then_submit_grades_and_shows_feedback(client, trainee):
    quiz = make_quiz()
    client.force_login(trainee)
    attempt = _start(client, quiz)
    client.post(_answer_url(attempt), _form({"q1": ["b"], "q2": ["a", "b"]}))
    # The second page of answers leaves the first ones alone; nothing shown is nothing changed.
    response = client.post(
        _answer_url(attempt),
        {**_form({"q3": ["false"], "q4a": ["a"], "q4b": ["false"]}), "submit": "1"},
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == ALL_RIGHT
    assert attempt.passed is True
    result = client.get(_detail_url(attempt)).content.decode()
    assert "100.00 %" in result
    for text in [*FEEDBACK, *EXPLANATIONS]:
        assert text in result


@pytest.mark.parametrize(
    ("policy", "domains", "feedback"),
    [("score", False, False), ("domains", True, False), ("questions", True, True)],
)
def test_results_follow_the_review_policy(client, trainee, policy, domains, feedback):
    quiz = make_quiz(review_policy=policy)
    client.force_login(trainee)
    attempt = _start(client, quiz)
    client.post(_answer_url(attempt), {**_form(ALL_RIGHT), "submit": "1"})
    html = client.get(_detail_url(attempt)).content.decode()
    assert "100.00 %" in html
    assert ("domains-title" in html) is domains
    assert ("FB-q1-b decline" in html) is feedback
    assert ("EXPL-q1" in html) is feedback


@pytest.mark.parametrize(
    "data",
    [
        _form({"q1": ["z"]}),  # unknown option id
        _form({"q1": ["true"]}),  # another question's option id
        _form({"q99": ["a"]}),  # unknown question id
        _form({"q1": ["a", "b"]}),  # two answers to one single-choice question
        {"answer-q1": ["b"]},  # an answer the form did not show
        {"shown": ["q1"], "answer-q2": ["a"]},
    ],
)
def test_tampered_forms_are_refused_with_400(client, trainee, data):
    quiz = make_quiz()
    client.force_login(trainee)
    attempt = _start(client, quiz)
    for extra in ({}, {"submit": "1"}):
        response = client.post(_answer_url(attempt), {**data, **extra})
        assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.answers == {}
    assert attempt.is_open


def test_option_ids_of_another_attempt_are_refused(client, trainee):
    other = make_quiz(
        slug="other-quiz",
        questions=[
            {
                "id": "x1",
                "type": "single_choice",
                "domain": "advocacy",
                "points": 1,
                "prompt": "<p>?</p>",
                "options": [
                    {"id": "k", "text": "K", "correct": True, "feedback": ""},
                    {"id": "l", "text": "L", "correct": False, "feedback": ""},
                    {"id": "m", "text": "M", "correct": False, "feedback": ""},
                ],
            }
        ],
    )
    client.force_login(trainee)
    _start(client, other)
    attempt = _start(client, make_quiz())
    assert client.post(_answer_url(attempt), _form({"x1": ["k"]})).status_code == 400
    assert client.post(_answer_url(attempt), _form({"q1": ["k"]})).status_code == 400


def test_another_trainees_attempt_is_404(client, trainee, other_trainee):
    quiz = make_quiz()
    client.force_login(trainee)
    attempt = _start(client, quiz)
    client.force_login(other_trainee)
    assert client.get(_detail_url(attempt)).status_code == 404
    assert client.post(_answer_url(attempt), {**_form(ALL_RIGHT), "submit": "1"}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open
    unknown = reverse("certification:attempt-detail", args=[uuid.uuid4()])
    assert client.get(unknown).status_code == 404


def test_answers_after_submission_are_refused_and_grading_happens_once(client, trainee):
    quiz = make_quiz()
    client.force_login(trainee)
    attempt = _start(client, quiz)
    first = client.post(_answer_url(attempt), {**_form(ALL_RIGHT), "submit": "1"})
    second = client.post(_answer_url(attempt), {**_form({"q1": ["a"]}), "submit": "1"})
    save = client.post(_answer_url(attempt), _form({"q1": ["a"]}))
    assert first.status_code == 302
    assert second.status_code == 400 and save.status_code == 400
    assert "submitted already" in second.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == ALL_RIGHT
    assert len(attempt_events(attempt)) == 2


def test_starting_a_quiz_that_is_not_live_is_404(client, trainee):
    quiz = make_quiz()
    quiz.unpublish()
    client.force_login(trainee)
    assert client.post(reverse("certification:attempt-start", args=[quiz.pk])).status_code == 404
    assert client.get(reverse("certification:attempt-start", args=[quiz.pk])).status_code == 405


def test_a_refused_start_explains_why(client, trainee):
    quiz = make_quiz(attempts_allowed=1)
    client.force_login(trainee)
    attempt = _start(client, quiz)
    client.post(_answer_url(attempt), {**_form(ALL_RIGHT), "submit": "1"})
    response = client.post(reverse("certification:attempt-start", args=[quiz.pk]), follow=True)
    assert "You have used all your attempts" in response.content.decode()
    assert Attempt.objects.filter(page=quiz).count() == 1


@pytest.mark.parametrize("language", ["en", "de", "id"])
def test_the_demo_quiz_shows_no_answer_key_before_submission(client, trainee, language):
    from certification.demo import load_quiz
    from certification.models import QuizPage

    quizzes = load_quiz()
    if language not in quizzes:
        pytest.skip(f"no quiz.{language}.yaml yet")
    quiz = QuizPage.objects.get(slug=quizzes["en"]["slug"], locale__language_code=language)
    client.force_login(trainee)
    attempt = _start(client, quiz)
    pages = (
        client.get(quiz.url).content.decode() + client.get(_detail_url(attempt)).content.decode()
    )
    html = unescape(pages)  # feedback with quotes would otherwise hide behind entities
    assert html.count('name="shown"') == sum(len(unit["items"]) for unit in attempt.questions)
    assert len(attempt.questions) == 20
    for unit in attempt.questions:
        for item in unit["items"]:
            for option in item["options"]:
                if option["feedback"]:
                    assert option["feedback"] not in html
            assert 'value="' + item["options"][0]["id"] + '"' in html
    assert "correct" not in pages  # no flag or class names


def test_autosave_saves_as_the_trainee_goes_and_answers_with_json(client, trainee):
    quiz = make_quiz()
    client.force_login(trainee)
    attempt = _start(client, quiz)
    html = client.get(_detail_url(attempt)).content.decode()
    assert "certification/autosave.js" in html and "data-autosave" in html
    assert 'role="status"' in html  # where the script announces "saved"
    response = client.post(
        _answer_url(attempt), _form({"q1": ["b"]}), headers={"X-Sebaya-Autosave": "1"}
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True
    attempt.refresh_from_db()
    assert attempt.answers == {"q1": ["b"]}
    assert attempt.status == Attempt.Status.IN_PROGRESS
    # A tampered autosave is refused like the form, and changes nothing.
    tampered = client.post(
        _answer_url(attempt),
        {"shown": ["q1"], "answer-q9": ["a"]},
        headers={"X-Sebaya-Autosave": "1"},
    )
    assert tampered.status_code == 400
    attempt.refresh_from_db()
    assert attempt.answers == {"q1": ["b"]}
