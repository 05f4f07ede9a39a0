"""The quiz page sits only under a course; a course holds modules and quizzes; question blocks
refuse inconsistent answer keys."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError
from wagtail.test.utils import WagtailPageTestCase

from certification.blocks import QuestionStreamBlock
from certification.demo import questions_stream
from certification.models import QuizPage
from cms.models import HomePage, StandardPage
from courses.models import CourseIndexPage, CoursePage, ModulePage

from .conftest import QUESTIONS


class QuizPageTypeTests(WagtailPageTestCase):
    def test_a_quiz_sits_only_under_a_course(self):
        self.assertAllowedParentPageTypes(QuizPage, {CoursePage})
        self.assertAllowedSubpageTypes(QuizPage, set())
        self.assertCanNotCreateAt(HomePage, QuizPage)
        self.assertCanNotCreateAt(CourseIndexPage, QuizPage)
        self.assertCanNotCreateAt(StandardPage, QuizPage)
        self.assertCanNotCreateAt(ModulePage, QuizPage)

    def test_a_course_holds_modules_and_quizzes_only(self):
        # CoursePage leaves its children to their parent_page_types: only the two page types
        # that name it can be created under it (the abstract-like base Page is not creatable).
        self.assertEqual(set(CoursePage.creatable_subpage_models()), {ModulePage, QuizPage})
        self.assertCanCreateAt(CoursePage, QuizPage)
        self.assertCanNotCreateAt(CoursePage, StandardPage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)


def _clean(questions):
    block = QuestionStreamBlock()
    return block.clean(block.to_python(questions_stream(questions)))


def test_the_test_questions_are_valid():
    assert len(_clean(QUESTIONS)) == 4


def test_single_choice_needs_exactly_one_right_option():
    question = {
        **QUESTIONS[0],
        "options": [{**o, "correct": True} for o in QUESTIONS[0]["options"]],
    }
    with pytest.raises(ValidationError):
        _clean([question])


def test_multiple_response_needs_a_right_option():
    question = {
        **QUESTIONS[1],
        "options": [{**o, "correct": False} for o in QUESTIONS[1]["options"]],
    }
    with pytest.raises(ValidationError):
        _clean([question])


def test_true_false_needs_true_and_false_options():
    options = [{**QUESTIONS[2]["options"][0], "id": "yes"}, QUESTIONS[2]["options"][1]]
    with pytest.raises(ValidationError):
        _clean([{**QUESTIONS[2], "options": options}])


def test_question_ids_are_unique_in_the_quiz():
    with pytest.raises(StreamBlockValidationError):
        _clean([QUESTIONS[0], {**QUESTIONS[2], "id": "q1"}])
