"""`seed_demo`'s quiz: validated files, a QuizPage under the demo course in each language with a
file (translations of the English one), idempotent."""

import copy

import pytest
import yaml
from wagtail.models import Revision

from certification.demo import QUIZ_DIR, QuizContentError, load_quiz, seed_quiz
from certification.models import QuizPage

from .conftest import QUESTIONS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

COURSE_SLUG = "peer-support-foundations"


def _quiz_file(**changes):
    data = {
        "slug": "test-exam",
        "title": "Test exam",
        "intro": "<p>Intro</p>",
        "content_note": "Mentions suicide.",
        "pass_mark_percent": 70,
        "questions_per_attempt": 3,
        "questions": copy.deepcopy(QUESTIONS),
    }
    data.update(changes)
    return data


def _write(directory, language, data):
    (directory / f"quiz.{language}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))


@pytest.fixture
def quiz_dir(tmp_path):
    _write(tmp_path, "en", _quiz_file())
    german = _quiz_file(title="Testprüfung")
    german["questions"][0]["prompt"] = "<p>Eine Person möchte Geld leihen.</p>"
    _write(tmp_path, "de", german)
    return tmp_path


def test_the_shipped_quiz_files_are_valid():
    quizzes = load_quiz(QUIZ_DIR)
    assert "en" in quizzes
    for data in quizzes.values():
        assert data["pass_mark_percent"] == 70
        assert data["questions_per_attempt"] == 20


def test_seeded_site_has_the_quiz_under_the_course_in_each_language_with_a_file():
    quizzes = load_quiz(QUIZ_DIR)
    pages = QuizPage.objects.filter(slug=quizzes["en"]["slug"]).live()
    assert {page.locale.language_code for page in pages} == set(quizzes)
    assert len({page.translation_key for page in pages}) == 1
    for page in pages:
        assert page.get_parent().slug == COURSE_SLUG
        assert page.pass_mark_percent == 70 and page.draw_size() == 20


def test_seeding_creates_translations_and_is_idempotent(quiz_dir):
    seed_quiz(directory=quiz_dir)
    pages = {page.locale.language_code: page for page in QuizPage.objects.filter(slug="test-exam")}
    assert set(pages) == {"en", "de"}
    assert pages["de"].translation_key == pages["en"].translation_key
    assert pages["de"].title == "Testprüfung"
    assert pages["de"].get_parent().locale.language_code == "de"
    assert len(pages["en"].questions) == 4 and pages["en"].draw_size() == 3
    revisions = Revision.objects.count()
    seed_quiz(directory=quiz_dir)
    assert Revision.objects.count() == revisions

    changed = _quiz_file(pass_mark_percent=80)
    _write(quiz_dir, "en", changed)
    seed_quiz(directory=quiz_dir)
    assert (
        QuizPage.objects.get(slug="test-exam", locale__language_code="en").pass_mark_percent == 80
    )
    assert Revision.objects.count() == revisions + 1


def test_a_missing_translation_is_skipped(tmp_path):
    _write(tmp_path, "en", _quiz_file())
    seed_quiz(directory=tmp_path)
    assert [p.locale.language_code for p in QuizPage.objects.filter(slug="test-exam")] == ["en"]


def test_no_files_seeds_nothing(tmp_path):
    seed_quiz(directory=tmp_path)
    assert not QuizPage.objects.filter(slug="test-exam").exists()


def test_invalid_files_are_refused_with_every_problem(tmp_path):
    data = _quiz_file()
    data["questions"][0]["domain"] = "astrology"
    data["questions"][0]["options"][0]["correct"] = True  # two right answers
    data["questions"][2]["id"] = "q1"
    _write(tmp_path, "en", data)
    with pytest.raises(QuizContentError) as error:
        seed_quiz(directory=tmp_path)
    message = str(error.value)
    assert "question 1: 'domain' must be one of" in message
    assert "exactly one correct" in message
    assert "'q1' is used twice" in message
    assert not QuizPage.objects.filter(slug="test-exam").exists()


def test_a_translation_with_other_answer_keys_is_refused(tmp_path):
    _write(tmp_path, "en", _quiz_file())
    german = _quiz_file()
    german["questions"][0]["options"][0]["correct"] = True
    german["questions"][0]["options"][1]["correct"] = False
    _write(tmp_path, "de", german)
    with pytest.raises(QuizContentError, match=r"quiz.de.yaml, question 1: .*differ"):
        load_quiz(tmp_path)
