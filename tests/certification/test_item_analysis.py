"""Item analysis over submitted attempts: difficulty, discrimination, option counts, flags; and
its admin page for the quiz's editors."""

import pytest
from django.urls import reverse

from certification import services
from certification.selectors import item_analysis

from .conftest import ALL_RIGHT, make_quiz

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
