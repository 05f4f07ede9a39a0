"""Item analysis over submitted attempts: difficulty, discrimination, option counts, flags; and
its admin page for the quiz's editors."""

import copy
import csv
import io

import pytest
from django.urls import reverse

from certification import services
from certification.admin_views import csv_cell
from certification.selectors import domain_pass_rates, item_analysis

from .conftest import ALL_RIGHT, QUESTIONS, make_quiz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def analysed_quiz(user_factory):
    """12 attempts: 6 strong (all right but q3 for half of them) and 6 weak (only q3 right)."""
    quiz = make_quiz()
    for number in range(12):
        user = user_factory(email=f"analysed-{number}@example.org")
        attempt = services.attempt_start(user=user, quiz=quiz)
        if number < 6:
            answers = {**ALL_RIGHT, "q3": ["true"] if number % 2 else ["false"]}
        else:
            answers = {"q1": ["a"], "q2": ["c"], "q3": ["false"]}
        services.attempt_submit(user=user, attempt_id=attempt.public_id, answers=answers)
    return quiz


def test_difficulty_discrimination_and_choices(analysed_quiz):
    stats = {item.item_id: item for item in item_analysis(quiz_key=analysed_quiz.translation_key)}
    assert set(stats) == {"q1", "q2", "q3", "q4a", "q4b"}
    q1 = stats["q1"]
    assert q1.attempts == 12
    assert q1.difficulty == 0.5
    assert q1.discrimination == 1.0  # the strong all chose it, the weak none
    assert {option_id: count for option_id, _, _, count in q1.choices} == {
        "a": 6,
        "b": 6,
        "c": 0,
    }
    q3 = stats["q3"]
    assert q3.difficulty == 0.75
    assert q3.discrimination is not None and q3.discrimination < 0.1
    assert q3.flagged  # right as often among the weak as among the strong
    assert not q1.flagged


def test_admin_page_for_editors_only(client, analysed_quiz, user_factory):
    url = reverse("certification_item_analysis", args=[analysed_quiz.pk])
    trainee = user_factory(email="not.an.editor@example.org")
    client.force_login(trainee)
    assert client.get(url).status_code in (302, 403)
    admin = user_factory(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "q4b" in response.content.decode()
    listing = client.get(reverse("wagtailadmin_explore", args=[analysed_quiz.get_parent().pk]))
    assert url in listing.content.decode()


def test_domain_pass_rates_count_attempts_reaching_the_pass_mark(analysed_quiz):
    rates = {
        row.domain: row
        for row in domain_pass_rates(
            quiz_key=analysed_quiz.translation_key,
            pass_mark_percent=analysed_quiz.pass_mark_percent,
        )
    }
    assert set(rates) == {"ethics-boundaries", "crisis-safety", "peer-role", "communication"}
    assert (rates["ethics-boundaries"].attempts, rates["ethics-boundaries"].reached) == (12, 6)
    assert rates["ethics-boundaries"].rate == 0.5
    # q3 (peer role): right for all 6 weak attempts and half of the strong ones.
    assert (rates["peer-role"].reached, rates["peer-role"].rate) == (9, 0.75)


def test_admin_page_shows_domain_pass_rates(client, analysed_quiz, user_factory):
    admin = user_factory(email="rates.admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("certification_item_analysis", args=[analysed_quiz.pk]))
    html = page.content.decode()
    assert "domain-pass-rates" in html
    assert "75 %" in html  # peer-role
    assert reverse("certification_item_analysis_csv", args=[analysed_quiz.pk]) in html


def test_csv_export_is_utf8_with_bom_and_formula_safe(client, user_factory):
    questions = copy.deepcopy(QUESTIONS)
    questions[0]["prompt"] = '<p>=HYPERLINK("http://evil.example")</p>'
    quiz = make_quiz(slug="csv-quiz", questions=questions)
    user = user_factory(email="csv.taker@example.org")
    attempt = services.attempt_start(user=user, quiz=quiz)
    services.attempt_submit(user=user, attempt_id=attempt.public_id, answers=ALL_RIGHT)
    url = reverse("certification_item_analysis_csv", args=[quiz.pk])

    client.force_login(user_factory(email="csv.trainee@example.org"))
    assert client.get(url).status_code in (302, 403)

    admin = user_factory(email="csv.admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Question"
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {"q1", "q2", "q3", "q4a", "q4b"}
    assert by_id["q1"][1] == '\'=HYPERLINK("http://evil.example")'
    assert by_id["q1"][3] == "1"
    assert "b ✓: 1" in by_id["q1"][7]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (None, ""),
        (0.5, "0.5"),
    ],
)
def test_csv_cells_never_start_a_formula(value, cell):
    assert csv_cell(value) == cell
