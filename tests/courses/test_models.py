"""Hours per competency domain are validated and summed; prerequisites show in the page's locale."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Locale

from courses.models import (
    CompetencyDomain,
    CoursePage,
    CoursePrerequisite,
    ModuleCompetencyHours,
    ModulePage,
    validate_domain_hours,
)
from courses.selectors import course_competency_hours, module_competency_hours

from .conftest import COURSE_SLUG

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def course(language: str = "en") -> CoursePage:
    return CoursePage.objects.get(locale__language_code=language, slug=COURSE_SLUG)


@pytest.mark.parametrize("hours", ["0.01", "0.5", "1", "100"])
def test_hours_more_than_zero_up_to_100_are_valid(hours):
    validate_domain_hours(Decimal(hours))


@pytest.mark.parametrize("hours", ["0", "-0.5", "100.01", "1000"])
def test_hours_outside_the_range_are_refused(hours):
    with pytest.raises(ValidationError):
        validate_domain_hours(Decimal(hours))


def test_a_row_of_hours_is_validated_as_a_model():
    module = ModulePage.objects.filter(locale__language_code="en").first()
    domain = CompetencyDomain.objects.get(slug="wellbeing", locale__language_code="en")
    with pytest.raises(ValidationError) as raised:
        ModuleCompetencyHours(page=module, domain=domain, hours=Decimal("0")).full_clean()
    assert "hours" in raised.value.message_dict
    with pytest.raises(ValidationError):
        ModuleCompetencyHours(page=module, domain=domain, hours=Decimal("100.001")).full_clean()


@pytest.mark.parametrize("hours", ["0", "-1", "101"])
def test_the_database_refuses_hours_out_of_range(hours):
    module = ModulePage.objects.filter(locale__language_code="en").first()
    domain = CompetencyDomain.objects.get(slug="wellbeing", locale__language_code="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModuleCompetencyHours.objects.create(page=module, domain=domain, hours=Decimal(hours))


def test_a_courses_hours_are_the_sum_of_its_live_modules_hours():
    english = course("en")
    modules = list(ModulePage.objects.child_of(english))
    expected: dict[str, Decimal] = {}
    for module in modules:
        for row in module.competency_hours.all():
            expected[row.domain.slug] = expected.get(row.domain.slug, Decimal(0)) + row.hours
    hours = course_competency_hours(course=english)
    assert {row.slug: row.hours for row in hours} == expected
    assert [row.slug for row in hours] == [
        slug
        for slug in (
            "peer-role",
            "ethics-boundaries",
            "communication",
            "crisis-safety",
            "advocacy",
            "wellbeing",
        )
        if slug in expected
    ]

    crisis_module = next(module for module in modules if module.slug == "crisis-and-referral")
    crisis_module.unpublish()
    after = {row.slug: row.hours for row in course_competency_hours(course=english)}
    for row in crisis_module.competency_hours.all():
        assert after.get(row.domain.slug, Decimal(0)) == expected[row.domain.slug] - row.hours


def test_domain_names_follow_the_pages_locale():
    indonesian = course("id")
    names = {row.slug: row.name for row in course_competency_hours(course=indonesian)}
    assert names["crisis-safety"] == "Respons krisis dan keselamatan"
    module = ModulePage.objects.get(locale__language_code="de", slug="crisis-and-referral")
    assert [row.name for row in module_competency_hours(module=module)] == [
        "Krisenreaktion und Sicherheit"
    ]


def test_a_course_cannot_be_its_own_prerequisite():
    english = course("en")
    german = course("de")
    for prerequisite in (english, german):
        with pytest.raises(ValidationError):
            CoursePrerequisite(course=english, prerequisite=prerequisite).full_clean()


def test_prerequisites_link_to_the_course_in_the_pages_language(client):
    foundations = course("en")
    home = foundations.get_parent()
    advanced = CoursePage(
        title="Advanced peer support",
        slug="advanced",
        summary="Next steps.",
        estimated_minutes=60,
        locale=Locale.objects.get(language_code="en"),
    )
    advanced.prerequisites = [CoursePrerequisite(prerequisite=foundations)]
    home.add_child(instance=advanced)
    advanced.save_revision().publish()
    german = advanced.copy_for_translation(Locale.objects.get(language_code="de"))
    german.title = "Fortgeschrittene Peer-Unterstützung"
    german.save_revision().publish()

    english_page = client.get("/en/advanced/").content.decode()
    assert f'href="/en/{COURSE_SLUG}/"' in english_page
    german_page = client.get("/de/advanced/").content.decode()
    assert f'<a href="/de/{COURSE_SLUG}/">{course("de").title}</a>' in german_page


def material_change_box(client, module: ModulePage):
    from bs4 import BeautifulSoup

    response = client.get(f"/admin/pages/{module.pk}/edit/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(
        "input", attrs={"name": "material_change"}
    )


def test_material_change_is_reported_when_published_and_starts_unticked_for_the_next_change(client):
    from lms.accounts.models import User
    from lms.events.models import Event

    client.force_login(User.objects.get(email="admin@sebaya.example"))
    module = ModulePage.objects.get(locale__language_code="en", slug="crisis-and-referral")
    assert not material_change_box(client, module).has_attr("checked")

    changed = module.get_latest_revision_as_object()
    changed.material_change = True
    changed.save_revision()  # a draft: the box stays as the editor left it
    assert material_change_box(client, module).has_attr("checked")

    module.refresh_from_db()
    module.get_latest_revision().publish()
    event = Event.objects.filter(type="cms.page.published.v1").order_by("-pk").first()
    assert event.payload["page_id"] == module.pk
    assert event.payload["material_change"] is True

    module.refresh_from_db()
    assert module.material_change  # the published revision says so ...
    assert not material_change_box(client, module).has_attr(
        "checked"
    )  # ... a new change starts over


def test_a_new_translation_does_not_inherit_material_change():
    module = ModulePage.objects.get(locale__language_code="en", slug="boundaries")
    module.material_change = True
    copy = module.copy(
        to=module.get_parent(), update_attrs={"slug": "boundaries-copy"}, keep_live=False
    )
    assert copy.material_change is False
