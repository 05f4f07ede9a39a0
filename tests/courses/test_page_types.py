"""Course page types can be created only where they belong, and in the admin."""

from decimal import Decimal

from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cms.models import HomePage, StandardPage
from courses.models import (
    CompetencyDomain,
    CourseIndexPage,
    CoursePage,
    ModulePage,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_a_course_sits_under_the_home_page_or_the_course_index(self):
        self.assertAllowedParentPageTypes(CoursePage, {HomePage, CourseIndexPage})
        self.assertCanCreateAt(HomePage, CoursePage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(Page, CoursePage)
        self.assertCanNotCreateAt(StandardPage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)

    def test_a_course_holds_only_page_types_that_name_it_as_parent(self):
        # No subpage_types on CoursePage: its modules (and certification's quiz, tested there)
        # restrict their own parent to a course; nothing else can be created under one.
        creatable = set(CoursePage.creatable_subpage_models())
        assert ModulePage in creatable
        assert all(model.parent_page_types == ["courses.CoursePage"] for model in creatable)
        self.assertCanNotCreateAt(CoursePage, StandardPage)
        self.assertCanNotCreateAt(CoursePage, CourseIndexPage)
        self.assertCanNotCreateAt(CoursePage, HomePage)

    def test_a_module_sits_only_under_a_course_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanNotCreateAt(HomePage, ModulePage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)

    def test_the_course_index_sits_under_the_home_page_and_lists_courses(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})


class CreateInAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.login()  # a superuser
        root = Page.get_first_root_node()
        self.home = root.add_child(instance=HomePage(title="Home", slug="courses-test-home"))
        Site.objects.filter(is_default_site=True).update(root_page=self.home)
        self.domain = CompetencyDomain.objects.create(
            slug="test-domain", name="Test domain", locale=Locale.get_default()
        )

    def course(self) -> CoursePage:
        return self.home.add_child(
            instance=CoursePage(title="Course", slug="course", summary="S", estimated_minutes=60)
        )

    def module_data(self, hours: list[tuple[int, str]]) -> dict:
        return nested_form_data(
            {
                "title": "Boundaries",
                "slug": "boundaries",
                "summary": "Holding the line kindly.",
                "estimated_minutes": 20,
                "content_note": "",
                "learning_outcomes": streamfield([("outcome", "Hold a boundary kindly.")]),
                "body": streamfield(
                    [
                        ("text", rich_text("<h2>Why</h2><p>Because.</p>")),
                        (
                            "pitfall",
                            {
                                "title": "Rescuing",
                                "looks_like": rich_text("<p>You phone for them.</p>"),
                                "why_it_harms": rich_text("<p>It takes their voice.</p>"),
                                "instead": rich_text("<p>Ask what they want.</p>"),
                            },
                        ),
                    ]
                ),
                "competency_hours": inline_formset(
                    [{"domain": domain, "hours": value} for domain, value in hours]
                ),
            }
        )

    def test_an_editor_creates_a_course_and_a_module_with_hours(self):
        self.assertCanCreate(
            self.home,
            CoursePage,
            nested_form_data(
                {
                    "title": "Foundations",
                    "slug": "foundations",
                    "summary": "The basics.",
                    "audience": "Everyone.",
                    "estimated_minutes": 120,
                    "learning_outcomes": streamfield([("outcome", "Explain peer support.")]),
                    "intro": rich_text("<p>Welcome.</p>"),
                    "prerequisites": inline_formset([]),
                }
            ),
        )
        course = CoursePage.objects.child_of(self.home).get(slug="foundations")
        self.assertCanCreate(course, ModulePage, self.module_data([(self.domain.pk, "1.5")]))
        module = ModulePage.objects.child_of(course).get(slug="boundaries")
        assert [block.block_type for block in module.body] == ["text", "pitfall"]
        assert [(row.domain, row.hours) for row in module.competency_hours.all()] == [
            (self.domain, Decimal("1.5"))
        ]
        self.assertPageIsRenderable(course)
        self.assertPageIsRenderable(module)

    def post_module(self, course: CoursePage, data: dict):
        """Post the admin's "add module" form; return the form it shows again (None if saved)."""
        url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
        response = self.client.post(url, {**data, "action-publish": "action-publish"})
        return response.context["form"] if response.status_code == 200 else None

    def test_the_admin_refuses_hours_out_of_range(self):
        course = self.course()
        for hours in ("0", "-1", "100.01"):
            with self.subTest(hours=hours):
                form = self.post_module(course, self.module_data([(self.domain.pk, hours)]))
                assert form is not None
                errors = form.formsets["competency_hours"].errors
                assert "hours" in errors[0], errors
        assert not ModulePage.objects.child_of(course).exists()

    def test_the_admin_accepts_hours_up_to_100(self):
        course = self.course()
        for slug, hours in (("a", "0.01"), ("b", "100")):
            data = self.module_data([(self.domain.pk, hours)])
            data["slug"] = slug
            assert self.post_module(course, data) is None
        modules = ModulePage.objects.child_of(course)
        assert sorted(modules.values_list("competency_hours__hours", flat=True)) == [
            Decimal("0.01"),
            Decimal("100"),
        ]

    def test_the_admin_refuses_the_same_domain_twice(self):
        course = self.course()
        form = self.post_module(
            course, self.module_data([(self.domain.pk, "1"), (self.domain.pk, "2")])
        )
        assert form is not None
        assert "listed twice" in str(form.non_field_errors())
        assert not ModulePage.objects.child_of(course).exists()

    def test_the_module_editor_shows_material_change_in_the_settings_with_help(self):
        course = self.course()
        self.assertCanCreate(course, ModulePage, self.module_data([(self.domain.pk, "100")]))
        module = ModulePage.objects.child_of(course).get(slug="boundaries")
        response = self.client.get(f"/admin/pages/{module.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="material_change"' in html
        assert "changes the substance of the module" in html

    def test_a_new_module_previews_before_it_is_saved(self):
        course = self.course()
        url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["courses", "modulepage", course.pk]
        )
        data = self.module_data([(self.domain.pk, "2")])
        data["content_note"] = "This module talks about crisis."
        response = self.client.post(url, data)
        assert response.json()["is_valid"] is True
        response = self.client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index("This module talks about crisis.") < html.index('class="module-body"')
        assert "Test domain" in html
        assert not ModulePage.objects.child_of(course).exists()

    def test_the_course_index_lists_its_courses(self):
        index = self.home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
        index.add_child(
            instance=CoursePage(
                title="Foundations", slug="foundations", summary="The basics.", estimated_minutes=90
            )
        )
        self.assertPageIsRenderable(index)
        response = self.client.get(index.url)
        assert b"Foundations" in response.content
        assert b"The basics." in response.content

    def test_competency_domains_are_listed_in_the_snippets_admin(self):
        response = self.client.get(reverse("wagtailsnippets_courses_competencydomain:list"))
        assert response.status_code == 200
        assert b"Test domain" in response.content
