"""The learner dashboard at /<lang>/learn/: courses with progress and time left, what to do
next, hours by domain, notices, panels of higher apps; accessible, translated, and with a query
count that does not grow with the number of courses."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from wagtail import hooks

from courses import services
from courses.hooks import DASHBOARD_PANELS_HOOK
from courses.models import ContentChangeNotice, ModulePage
from courses.selectors import hours_by_domain

from .conftest import make_course, seeded_course, seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

DASHBOARD = "/en/learn/"


def get(client, path: str = DASHBOARD) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def start(user, course, *, complete: int = 1) -> None:
    services.enrolment_create(user=user, course_key=course.translation_key)
    for module in list(ModulePage.objects.child_of(course).live().order_by("path"))[:complete]:
        services.module_complete(user=user, module=module)


def test_the_dashboard_needs_a_login(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_dashboard_is_under_every_language_and_translated(client, trainee):
    client.force_login(trainee)
    for language in ("en", "de", "id"):
        page = get(client, f"/{language}/learn/")
        assert page.html["lang"] == language
        with translation.override(language):
            assert page.find("h1").get_text(strip=True) == translation.gettext("My learning")
    with translation.override("de"):
        assert translation.gettext("My learning") != "My learning"


def test_a_new_trainee_sees_the_courses_they_can_take(client, trainee):
    client.force_login(trainee)

    page = get(client)

    available = page.find(id="available-title").find_parent("section")
    assert available.find("a", href=seeded_course().url)
    assert "You are not enrolled in any course yet." in page.get_text()


def test_my_courses_show_progress_time_left_and_resume(client, trainee):
    start(trainee, seeded_course(), complete=2)
    client.force_login(trainee)
    modules = seeded_modules()
    minutes_left = sum(module.estimated_minutes for module in modules[2:])

    page = get(client)

    item = page.find(id="courses-title").find_parent("section").find(class_="course-progress")
    progress = item.find("progress")
    assert (progress["max"], progress["value"]) == ("7", "2")
    label = page.find(id=progress["aria-labelledby"])
    assert label.get_text(" ", strip=True) == (
        f"2 of 7 modules complete · about {minutes_left} minutes left"
    )
    assert progress.get_text(strip=True) == "29%"  # the fallback text
    assert item.find("a", href=modules[2].url)
    next_section = page.find(id="next-title").find_parent("section")
    assert next_section.find("a", href=modules[2].url).get_text(strip=True) == (
        f"Resume {seeded_course().title}"
    )
    assert not page.find(id="available-title")


def test_hours_by_domain_come_from_the_ledger(client, trainee):
    start(trainee, seeded_course(), complete=3)
    client.force_login(trainee)

    page = get(client)

    table = page.find(id="hours-title").find_parent("section").find("table")
    rows = {
        row.find("th").get_text(strip=True): row.find("td").get_text(strip=True)
        for row in table.select("tbody tr")
    }
    assert rows == {row.name: str(row.hours) for row in hours_by_domain(user_id=trainee.pk)}
    assert rows


def test_completed_and_withdrawn_courses_are_listed(client, trainee):
    start(trainee, seeded_course(), complete=7)
    other = make_course("other-course")
    start(trainee, other, complete=1)
    services.enrolment_withdraw(user=trainee, course_key=other.translation_key)
    client.force_login(trainee)

    page = get(client)

    courses = page.find(id="courses-title").find_parent("section")
    assert courses.find(class_="badge--ok").get_text(strip=True) == "Completed"
    withdrawn = courses.find("h3", string="Courses you withdrew from").find_next("ul")
    assert withdrawn.find("a", href=other.url)


def test_the_dashboard_is_accessible_without_javascript(client, trainee):
    start(trainee, seeded_course(), complete=1)
    ContentChangeNotice.objects.create(
        user=trainee, module_key=seeded_modules()[0].translation_key, revision_id=1
    )
    client.force_login(trainee)

    page = get(client)

    assert page.find("main", id="main")
    assert not page.find("script")
    levels = [int(heading.name[1]) for heading in page.find("main").find_all(["h1", "h2", "h3"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    for section in page.find("main").find_all("section"):
        labelled_by = section.get("aria-labelledby")
        assert labelled_by and page.find(id=labelled_by), section
    for button in page.find("main").find_all("button"):
        assert button.find_parent("form")["method"] == "post"


def test_panels_of_higher_apps_appear_after_the_dashboards_sections(client, trainee):
    seen = {}

    def credentials_panel(*, user, request, hours):
        seen["user"], seen["hours"] = user, hours
        return format_html(
            '<section aria-labelledby="p"><h2 id="p">{}</h2></section>', "My credentials"
        )

    start(trainee, seeded_course(), complete=1)
    client.force_login(trainee)
    with hooks.register_temporarily(DASHBOARD_PANELS_HOOK, credentials_panel):
        page = get(client)

    panel = page.find(class_="dashboard-panel")
    assert panel.find("h2").get_text() == "My credentials"
    assert seen["user"] == trainee and seen["hours"] == hours_by_domain(user_id=trainee.pk)


def dashboard_queries(client) -> int:
    client.get(DASHBOARD)  # warm the caches (site root paths, navigation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_number_of_courses(
    client, trainee, django_assert_max_num_queries
):
    courses = [make_course(f"load-{number}", modules=3) for number in range(5)]
    start(trainee, courses[0], complete=1)
    module = ModulePage.objects.child_of(courses[0]).first()
    ContentChangeNotice.objects.create(
        user=trainee, module_key=module.translation_key, revision_id=1
    )
    client.force_login(trainee)
    with_one_course = dashboard_queries(client)

    for course in courses[1:]:
        start(trainee, course, complete=2)
        module = ModulePage.objects.child_of(course).first()
        ContentChangeNotice.objects.create(
            user=trainee, module_key=module.translation_key, revision_id=1
        )
    start(trainee, seeded_course(), complete=3)

    page = get(client)
    assert len(page.select(".course-progress")) == 6
    assert len(page.find(id="notices-title").find_parent("section").select("li")) == 5
    with django_assert_max_num_queries(with_one_course):
        client.get(DASHBOARD)
    assert with_one_course <= 20


def test_the_account_page_and_the_course_page_link_to_the_dashboard(client, trainee):
    client.force_login(trainee)

    account = get(client, reverse("accounts:profile"))
    course = get(client, seeded_course().url)

    assert account.find("a", href=DASHBOARD)
    assert course.find(id="enrolment").find("a", href=DASHBOARD)


def test_the_data_export_holds_the_learning_records(client, trainee):
    start(trainee, seeded_course(), complete=1)
    client.force_login(trainee)

    learning = client.get(reverse("accounts:export")).json()["learning"]

    (enrolment,) = learning["enrolments"]
    assert enrolment["course_id"] == str(seeded_course().translation_key)
    assert enrolment["status"] == "active"
    (completion,) = learning["module_completions"]
    assert completion["module_id"] == str(seeded_modules()[0].translation_key)
    assert len(learning["hours"]) == seeded_modules()[0].competency_hours.count()
    assert learning["content_change_notices"] == []


@pytest.mark.parametrize("language", ["de", "id"])
def test_a_trainees_pages_show_no_english_interface_strings(client, trainee, language):
    from .test_rendering import interface_messages

    start(trainee, seeded_course(), complete=2)
    ContentChangeNotice.objects.create(
        user=trainee, module_key=seeded_modules()[0].translation_key, revision_id=1
    )
    client.force_login(trainee)
    with translation.override(language):
        english = {
            msgid
            for msgid, _plural in interface_messages()
            if "%(" not in msgid and translation.gettext(msgid) != msgid
        }
    paths = [
        f"/{language}/learn/",
        seeded_course(language).url,
        *(module.url for module in seeded_modules(language)[1:4]),
    ]
    for path in paths:
        page = get(client, path)
        shown = {text.strip() for text in page.find_all(string=True)}
        assert page.html["lang"] == language
        assert not english & shown, path
