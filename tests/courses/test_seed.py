"""`seed_demo` builds the course in every language, idempotently, in one transaction."""

import shutil

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page, PageLogEntry, Revision, Workflow, WorkflowPage

from cms.api import CLINICAL_REVIEW_WORKFLOW
from courses.curriculum import COMPETENCY_DOMAINS, CURRICULUM_DIR, CurriculumError
from courses.demo import seed_courses
from courses.models import (
    CompetencyDomain,
    CoursePage,
    ModuleCompetencyHours,
    ModulePage,
)

from .conftest import COURSE_SLUG, LANGUAGES, module_files, module_slugs, seed_all

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def curriculum_copy(tmp_path):
    directory = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM_DIR, directory)
    return directory


def snapshot() -> dict:
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "path", "live", "latest_revision")
        ),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "hours": list(ModuleCompetencyHours.objects.order_by("pk").values_list("pk", "hours")),
        "domains": list(CompetencyDomain.objects.order_by("pk").values_list("pk", "name")),
        "workflow pages": WorkflowPage.objects.count(),
    }


def test_seeding_again_changes_nothing():
    before = snapshot()
    seed_all()
    assert snapshot() == before


def test_the_course_and_every_module_exist_in_every_language_sharing_translation_keys():
    english = CoursePage.objects.get(locale__language_code="en", slug=COURSE_SLUG)
    courses = {
        course.locale.language_code: course
        for course in CoursePage.objects.filter(translation_key=english.translation_key)
    }
    assert set(courses) == set(LANGUAGES)
    assert all(course.live and not course.has_unpublished_changes for course in courses.values())
    for language, course in courses.items():
        assert course.url == f"/{language}/{COURSE_SLUG}/"
        assert course.get_parent().specific.locale.language_code == language
    english_modules = list(ModulePage.objects.child_of(english).order_by("path"))
    assert [module.slug for module in english_modules] == module_slugs()
    for language, course in courses.items():
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
        assert [module.translation_key for module in modules] == [
            module.translation_key for module in english_modules
        ], language
        assert all(module.locale.language_code == language for module in modules)


def test_translations_are_filled_from_their_own_files():
    path = module_files("de")[0]
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    module = ModulePage.objects.get(locale__language_code="de", slug=content["slug"])
    assert module.title == content["title"]
    assert [outcome.value for outcome in module.learning_outcomes] == content["learning_outcomes"]
    assert [block.block_type for block in module.body] == [item["type"] for item in content["body"]]
    hours = {row.domain.slug: row.hours for row in module.competency_hours.all()}
    assert {slug: str(value) for slug, value in hours.items()} == content["competency_hours"]
    assert {row.domain.locale.language_code for row in module.competency_hours.all()} == {"de"}


def test_competency_domains_exist_in_every_language():
    for slug in COMPETENCY_DOMAINS:
        domains = CompetencyDomain.objects.filter(slug=slug)
        assert {domain.locale.language_code for domain in domains} == set(LANGUAGES)
        assert len({domain.translation_key for domain in domains}) == 1
    german = CompetencyDomain.objects.get(slug="ethics-boundaries", locale__language_code="de")
    assert german.name == "Ethik und Grenzen"


def test_the_course_is_under_clinical_review_in_every_language():
    workflow = Workflow.objects.get(name=CLINICAL_REVIEW_WORKFLOW)
    for course in CoursePage.objects.filter(slug=COURSE_SLUG):
        assert course.get_workflow() == workflow
        for module in ModulePage.objects.child_of(course):
            assert module.get_workflow() == workflow


def test_editing_a_file_publishes_a_new_revision_of_that_page_only(curriculum_copy):
    name = module_files("id")[1].name
    path = curriculum_copy / name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["title"] = content["title"] + " (edisi baru)"
    content["body"][0]["value"] = "<h2>Baru</h2><p>Teks yang diperbarui.</p>"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    module = ModulePage.objects.get(locale__language_code="id", slug=content["slug"])
    revisions_before = Revision.objects.count()
    others_before = {
        page.pk: page.latest_revision_id for page in Page.objects.exclude(pk=module.pk)
    }

    seed_courses(directory=curriculum_copy)

    module.refresh_from_db()
    assert module.title == content["title"]
    assert module.body[0].value.source == "<h2>Baru</h2><p>Teks yang diperbarui.</p>"
    assert module.live and not module.has_unpublished_changes
    assert Revision.objects.count() == revisions_before + 1
    assert {
        page.pk: page.latest_revision_id for page in Page.objects.exclude(pk=module.pk)
    } == others_before


def test_a_broken_file_changes_nothing(curriculum_copy):
    good = curriculum_copy / module_files("en")[0].name
    content = yaml.safe_load(good.read_text(encoding="utf-8"))
    content["title"] = "A new title that must not be published"
    good.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    broken = curriculum_copy / module_files("de")[-1].name
    broken.write_text(broken.read_text(encoding="utf-8").replace("type: text", "type: txet", 1))
    before = snapshot()

    with pytest.raises(CurriculumError) as raised:
        seed_courses(directory=curriculum_copy)

    assert broken.name in str(raised.value)
    assert "unknown type 'txet'" in str(raised.value)
    assert snapshot() == before


def test_a_failure_after_pages_were_written_rolls_them_all_back(curriculum_copy):
    """A new module is written, then attaching the workflow fails: nothing of it stays."""
    for language in LANGUAGES:
        source = curriculum_copy / module_files(language)[-1].name
        content = yaml.safe_load(source.read_text(encoding="utf-8"))
        content.update(slug="one-more-module", order=content["order"] + 1)
        target = curriculum_copy / f"{content['order']:02d}-one-more-module.{language}.yaml"
        target.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW).update(name="Renamed")
    before = snapshot()

    with pytest.raises(ImproperlyConfigured, match="Clinical review"):
        seed_courses(directory=curriculum_copy)

    assert not ModulePage.objects.filter(slug="one-more-module").exists()
    assert snapshot() == before
